/// <reference lib="webworker" />
/**
 * A training-pool worker: fits leaderboard jobs for the studio worker, on its own core. Plain-TypeScript fits
 * (softmax, colour, text) need nothing else; for tfjs fits (SNN) it starts the same backend as the studio worker
 * on one thread (the cores are the pool's). It keeps nothing between fits but the run's context.
 */
import * as Comlink from 'comlink';
import { fitJob, type FitContext, type FitJob, type FitOutcome } from '../../lib/models/fitJobs';
import { cancelTask, runTask } from '../tasks';
import { activateBackend, requestWasmThreads, type BackendName } from '../../lib/backend/backends';

let context: FitContext | null = null;
let backend: Promise<string | null> | null = null;

/** Starts `name` once (one WASM thread: each pool worker is one core); null when it cannot start here. */
function startBackend(name: BackendName): Promise<string | null> {
  backend ??= (async () => {
    if (name === 'wasm') requestWasmThreads(1);
    return (await activateBackend(name))?.name ?? null;
  })();
  return backend;
}

export const trainPoolApi = {
  /**
   * The run's shared data (input, labels, groups), once per leaderboard run. With `tfjsBackend`, also starts that
   * backend; returns the backend this worker runs tfjs fits on (null: tensor-free fits only).
   */
  async setContext(ctx: FitContext, tfjsBackend?: BackendName): Promise<string | null> {
    context = ctx;
    return tfjsBackend ? startBackend(tfjsBackend) : null;
  },
  /** One fit under its own AbortSignal (cancel it with `cancel(taskId)`). */
  fit(job: FitJob, taskId: string): Promise<FitOutcome> {
    return runTask(taskId, (signal) => {
      if (!context) throw new Error('training pool: no context set');
      return fitJob(context, job, undefined, signal);
    });
  },
  cancel(taskId: string): void {
    cancelTask(taskId);
  },
  clearContext(): void {
    context = null;
  },
};

export type TrainPoolApi = typeof trainPoolApi;

Comlink.expose(trainPoolApi);
