/**
 * Per-call cancellation for the studio worker. Each long call runs under its own AbortController, keyed by a
 * task id the client chose (see ui/tasks.ts), so one task never aborts another. A cancel that arrives before
 * its task started is remembered, so the task starts already aborted.
 */
const running = new Map<string, AbortController>();
const cancelledEarly = new Set<string>();
let anonymous = 0;

export async function runTask<T>(taskId: string | undefined, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const id = taskId ?? `anonymous-${anonymous++}`;
  const controller = new AbortController();
  if (cancelledEarly.delete(id)) controller.abort();
  running.set(id, controller);
  try {
    return await body(controller.signal);
  } finally {
    running.delete(id);
  }
}

/** Aborts one task (by id), or every running task when no id is given. */
export function cancelTask(taskId?: string): void {
  if (taskId === undefined) {
    for (const c of running.values()) c.abort();
    return;
  }
  const c = running.get(taskId);
  if (c) c.abort();
  else cancelledEarly.add(taskId);
}

export function runningTasks(): number {
  return running.size;
}
