/** Cancellation helpers: the worker aborts through an AbortSignal, which is only seen if we yield now and then. */

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw signal.reason instanceof Error ? signal.reason : new DOMException('Training was cancelled', 'AbortError');
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** Lets queued messages (e.g. a cancel request posted to the worker) run before we continue. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
