import { studio } from './studioClient';

let counter = 0;

/**
 * Runs one worker call under its own task id and ties it to `signal`: aborting the signal cancels exactly
 * this call in the worker (see worker/tasks.ts), never another one.
 */
export async function withTask<T>(call: (taskId: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const taskId = `task-${Date.now().toString(36)}-${counter++}`;
  const onAbort = () => void studio().cancel(taskId);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await call(taskId);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
