/**
 * After the studio worker died (see studioClient.ts) a fresh one starts with nothing loaded, so the panels'
 * results no longer match what the worker holds. The UI forgets them and offers to reopen the saved project
 * (which re-sends dataset, features and model to the new worker) or to start over with a new import.
 */
import { session, resetAfterOpen } from '../session.svelte';
import { projects, openProject } from '../projects/projects.svelte';
import { goTo } from './route.svelte';

export const crash = $state({ message: null as string | null, restarts: 0 });

export function noteWorkerCrash(message: string): void {
  crash.message = message;
  crash.restarts++;
  session.task = null;
  resetAfterOpen();
  session.opened = null;
  session.mapping = null;
  session.backbone = null;
}

/** The saved project to reopen after a crash, if the session had been saved. */
export function reopenable() {
  return projects.current;
}

export async function reopenAfterCrash(): Promise<void> {
  const header = projects.current;
  crash.message = null;
  if (header) await openProject(header);
}

export function startOverAfterCrash(): void {
  crash.message = null;
  goTo('data');
}
