import { callback } from './studioClient';
import { session } from './session.svelte';
import { markEnded, markRunning } from './resume.svelte';
import type { TaskProgress } from '../worker/protocol';

let current = 0;

/**
 * The progress callback of the one task the shell's progress bar shows. Comlink delivers progress on another
 * port than the call's result, so a last message can land after the call returned: once `endProgress()` ran (or
 * another task started), late messages are dropped, and the bar exists exactly while its task runs.
 */
export function startProgress(initial?: TaskProgress): (p: TaskProgress) => void {
  const id = ++current;
  if (initial) session.task = initial;
  return callback((p: TaskProgress) => {
    if (id !== current) return;
    if (session.task?.phase !== p.phase) markRunning(p.phase); // a reload from now on offers to resume
    session.task = p;
  });
}

export function endProgress(): void {
  current++;
  markEnded();
  session.task = null;
}
