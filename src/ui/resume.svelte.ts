/**
 * Resume after a reload (or a closed tab) in the middle of featurization or training. While such a task runs,
 * a small marker in localStorage names it and the saved project it belongs to; a task that ends in any way
 * clears it. A marker found at start-up means the page went away mid-task: the app offers to reopen that
 * project and run the step again. Features already computed are in the cache, so only the rest is computed;
 * the saved project itself is only ever replaced atomically (lib/store/projects.ts), so it is never half-written.
 */
import { projects } from './projects/projects.svelte';

export type ResumableKind = 'features' | 'training';

interface Marker {
  kind: ResumableKind;
  projectId: string;
  projectName: string;
  at: number;
}

const KEY = 'cgs.interruptedTask';

/** Which resumable step a progress phase belongs to (the phases featurization and training report). */
export function resumableKind(phase: string): ResumableKind | null {
  if (/^Computing (embeddings|colour)/.test(phase)) return 'features';
  if (/^Training /.test(phase)) return 'training';
  return null;
}

export function markRunning(phase: string): void {
  const kind = resumableKind(phase);
  const project = projects.current;
  if (!kind || !project) return;
  const marker: Marker = { kind, projectId: project.id, projectName: project.name, at: Date.now() };
  try {
    localStorage.setItem(KEY, JSON.stringify(marker));
  } catch {
    /* storage blocked: nothing to resume from anyway */
  }
}

export function markEnded(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* storage blocked */
  }
}

function readMarker(): Marker | null {
  try {
    const m = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Marker | null;
    return m && (m.kind === 'features' || m.kind === 'training') && typeof m.projectId === 'string' ? m : null;
  } catch {
    return null;
  }
}

/** The task a reload interrupted, read once at start-up (the marker is cleared once the user answered). */
export const interrupted = $state({ task: readMarker() });

export function dismissInterrupted(): void {
  interrupted.task = null;
  markEnded();
}
