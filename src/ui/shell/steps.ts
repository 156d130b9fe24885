/** The app's steps, in order; the URL hash (#/models) names the current one. Pure: no DOM. */
export const STEPS = [
  { id: 'data', label: 'Data' },
  { id: 'features', label: 'Features' },
  { id: 'models', label: 'Models' },
  { id: 'insights', label: 'Insights' },
  { id: 'predict', label: 'Predict' },
] as const;

export type StepId = (typeof STEPS)[number]['id'];

export function isStepId(s: string): s is StepId {
  return STEPS.some((step) => step.id === s);
}

/** '#/models' → 'models'; anything unknown → 'data' (the start). */
export function stepFromHash(hash: string): StepId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return isStepId(id) ? id : 'data';
}

export function hashOf(step: StepId): string {
  return `#/${step}`;
}
