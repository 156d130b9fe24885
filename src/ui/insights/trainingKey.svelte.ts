/** Which training run the insights show: cover indices, maps and cached results belong to one run. */
import { session } from '../session.svelte';

/** Bumped by the Models step after each training (trainingRun alone restarts at 0 when a new project opens). */
export const generation = $state({ id: 0 });

/** A new value means new covers: caches keyed by it never mix two runs. */
export function trainingKey(): string {
  return `${generation.id}:${session.trainingRun}`;
}
