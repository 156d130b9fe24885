import { hashOf, stepFromHash, type StepId } from './steps';

/** The current step, kept in the URL hash so reload, links and browser back/forward all work. */
export const route = $state({ step: stepFromHash(location.hash) as StepId });

window.addEventListener('hashchange', () => {
  route.step = stepFromHash(location.hash);
});

/** Moves to a step as a new history entry (Back returns to the previous step). */
export function goTo(step: StepId): void {
  if (route.step === step && location.hash === hashOf(step)) return;
  location.hash = hashOf(step);
  route.step = step;
}
