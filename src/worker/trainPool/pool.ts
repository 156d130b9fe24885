/**
 * The training-worker pool, seen from the studio worker: one worker per spare core (the studio worker is the
 * first runner itself), at most MAX_POOL_WORKERS, started on first use and kept for the session. A worker takes
 * tfjs fits too when it could start the studio worker's backend (WASM on one thread; WebGL/CPU as they are). Each worker is
 * a FitRunner (lib/models/fitJobs.ts) spoken to through comlink, one AbortSignal per fit. A worker that fails
 * hands its fit back (the scheduler gives it to another runner) and is not used again.
 */
import * as Comlink from 'comlink';
import type { BackendName } from '../../lib/backend/backends';
import type { FitContext, FitRunner } from '../../lib/models/fitJobs';
import type { TrainPoolApi } from './trainPool.worker';

export const MAX_POOL_WORKERS = 3;
const START_TIMEOUT_MS = 15_000;

/** Pool workers for `cores` cores: one per core besides the studio worker's own, at most MAX_POOL_WORKERS. */
export function poolSize(cores: number | undefined): number {
  const c = Number.isFinite(cores) && cores! > 0 ? Math.floor(cores!) : 1;
  return Math.max(0, Math.min(MAX_POOL_WORKERS, c - 1));
}

interface PoolWorker {
  worker: Worker;
  api: Comlink.Remote<TrainPoolApi>;
  /** Rejects when the worker dies, so no call waits forever on it. */
  died: Promise<never>;
  dead: boolean;
}

function startWorker(index: number): PoolWorker {
  const worker = new Worker(new URL('./trainPool.worker.ts', import.meta.url), { type: 'module', name: `cgs-train-${index}` });
  const pw = { worker, api: Comlink.wrap<TrainPoolApi>(worker), dead: false } as PoolWorker;
  pw.died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      pw.dead = true;
      reject(new Error(`training worker failed: ${e.message}`));
    });
  });
  pw.died.catch(() => {});
  return pw;
}

let workers: PoolWorker[] | null = null;
let calls = 0;

function runnerOf(pw: PoolWorker, tensors: boolean): FitRunner {
  return {
    tensors,
    async run(job, signal) {
      if (pw.dead) throw new Error('training worker is gone');
      const taskId = `fit-${calls++}`;
      const onAbort = () => void pw.api.cancel(taskId);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await Promise.race([pw.api.fit(job, taskId), pw.died]);
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/**
 * Runners for one leaderboard run: each live pool worker, given the run's context first (and `tfjsBackend` to
 * start, when the run has tfjs fits). [] when there is no spare core or workers cannot start (the run is then
 * serial, with the same results).
 */
export async function poolRunners(
  ctx: FitContext,
  tfjsBackend: string | undefined,
  size = poolSize(globalThis.navigator?.hardwareConcurrency),
): Promise<FitRunner[]> {
  if (size === 0 || typeof Worker === 'undefined') return [];
  try {
    workers ??= Array.from({ length: size }, (_, i) => startWorker(i));
  } catch {
    return [];
  }
  const live = workers.filter((w) => !w.dead);
  // A worker that is not answering within START_TIMEOUT_MS (e.g. its script never loaded) is left out of this run.
  const timeout = () => new Promise<null>((resolve) => setTimeout(() => resolve(null), START_TIMEOUT_MS));
  const ours = tfjsBackend as BackendName | undefined;
  const ready = await Promise.all(
    live.map((w) => Promise.race([w.api.setContext(ctx, ours).then((b) => ({ w, b })), w.died, timeout()]).catch(() => null)),
  );
  // tfjs fits only where they run on the studio worker's own backend (same kernels, so the same numbers).
  return ready.filter((r): r is { w: PoolWorker; b: string | null } => r !== null).map(({ w, b }) => runnerOf(w, !!ours && b === ours));
}

/** Lets the workers drop the last run's data (the input can be tens of MB). */
export function releasePoolContext(): void {
  workers?.forEach((w) => void w.api.clearContext());
}

export function stopPool(): void {
  workers?.forEach((w) => w.worker.terminate());
  workers = null;
}
