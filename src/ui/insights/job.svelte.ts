/** One cancellable worker call with its own progress, for each long-running insight view. */
import { callback } from '../studioClient';
import { withTask } from '../tasks';
import { errorMessage } from '../format';
import type { TaskProgress } from '../../worker/protocol';

type Call<T> = (onProgress: (p: TaskProgress) => void, taskId: string) => Promise<T>;

export class Job {
  progress = $state<TaskProgress | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  cancelled = $state(false);
  #controller: AbortController | null = null;

  /** Runs `call` (cancelling any earlier run of this job); null when cancelled or failed (see `error`). */
  async run<T>(call: Call<T>): Promise<T | null> {
    this.cancel();
    const own = (this.#controller = new AbortController());
    Object.assign(this, { running: true, error: null, cancelled: false, progress: null });
    try {
      const onProgress = callback((p: TaskProgress) => { if (!own.signal.aborted) this.progress = p; });
      return await withTask((taskId) => call(onProgress, taskId), own.signal);
    } catch (err) {
      if (own.signal.aborted) this.cancelled = true;
      else this.error = errorMessage(err);
      return null;
    } finally {
      if (this.#controller === own) Object.assign(this, { running: false, progress: null });
    }
  }

  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
  }
}
