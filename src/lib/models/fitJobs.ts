/**
 * The leaderboard's fits as independent jobs, and a scheduler that runs them on several runners at once (the
 * training worker itself plus a pool of training workers, see src/worker/trainPool/).
 *
 * A job's result depends only on its own inputs — rows, groups, class weights and the seed
 * deriveSeed(seed, entry key, fold) — never on which runner ran it or when, and the leaderboard assembles the
 * results in plan order. So any schedule gives the same leaderboard as the serial run, bit for bit (for tfjs
 * models: on the same backend; those stay on runners that say `tensors`, i.e. in the worker that keeps the model).
 */
import type { FeatureGroupId, FittedModel, ModelInput, RegistryEntry } from './types';
import { getBlueprint } from './registry';
import { balancedClassWeights } from './cv';
import { isAbortError, throwIfAborted, yieldToEventLoop } from './abort';

export interface FitJob {
  /** Position in the plan; results come back in this order whatever order they finish in. */
  index: number;
  /** Index of the (blueprint, feature list) task the job belongs to. */
  task: number;
  blueprintId: string;
  featureGroups: FeatureGroupId[];
  /** CV fold, or -1 for the fit on all CV rows that scores the holdout. */
  fold: number;
  train: Int32Array;
  predict: Int32Array;
  seed: number;
  /** False when the blueprint is plain TypeScript (`Blueprint.tensorFree`): any runner may take it. */
  usesTensors: boolean;
}

/** What every fit of one leaderboard run shares; a pool worker receives it once per run. */
export interface FitContext {
  input: ModelInput;
  labels: Int32Array;
  nClasses: number;
  classWeighting: boolean;
  groups?: string[];
}

export interface FitOutcome {
  /** predict.length × k probabilities; null when the fit failed. */
  proba: Float32Array | null;
  details: Record<string, number | string>;
  seconds: number;
  error?: string;
}

export interface FitRunner {
  /** Whether it may fit blueprints that hold tfjs tensors (only the thread whose backend keeps the models). */
  tensors: boolean;
  /** Rejects only on an abort or when the runner itself broke (then the job goes to another runner). */
  run(job: FitJob, signal?: AbortSignal): Promise<FitOutcome>;
}

/** Balanced class weights n/(k·n_c) over `rows`, or all ones. */
export function weightsFor(y: Int32Array, rows: Int32Array, k: number, weighted: boolean): Float64Array {
  return weighted ? balancedClassWeights(y, rows, k) : new Float64Array(k).fill(1);
}

/** Fits one job in this thread; a failing blueprint gives an outcome with `error`, an abort rejects. */
export async function fitJob(ctx: FitContext, job: FitJob, registry?: readonly RegistryEntry[], signal?: AbortSignal): Promise<FitOutcome> {
  const started = performance.now();
  let model: FittedModel | null = null;
  try {
    throwIfAborted(signal);
    model = await getBlueprint(job.blueprintId, registry).fit(ctx.input, job.train, ctx.labels, {
      nClasses: ctx.nClasses,
      classWeights: weightsFor(ctx.labels, job.train, ctx.nClasses, ctx.classWeighting),
      seed: job.seed,
      featureGroups: job.featureGroups,
      groups: ctx.groups,
      signal,
    });
    const proba = model.predictProba(ctx.input, job.predict);
    return { proba, details: model.describe?.() ?? {}, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    if (isAbortError(e)) throw e;
    return { proba: null, details: {}, seconds: (performance.now() - started) / 1000, error: e instanceof Error ? e.message : String(e) };
  } finally {
    model?.dispose();
  }
}

/** A runner in this thread (it may hold tensors): the serial leaderboard is this runner alone. */
export function inProcessRunner(ctx: FitContext, registry?: readonly RegistryEntry[]): FitRunner {
  return {
    tensors: true,
    async run(job, signal) {
      const out = await fitJob(ctx, job, registry, signal);
      await yieldToEventLoop();
      return out;
    },
  };
}

export interface RunJobsOptions {
  signal?: AbortSignal;
  onStart?: (job: FitJob) => void;
  onDone?: (job: FitJob, outcome: FitOutcome) => void;
}

/**
 * Next job for a runner: a tensor runner takes tensor jobs first (only it can), any runner takes tensor-free jobs
 * in plan order. Returns the position in `queue`, or -1.
 */
function nextFor(queue: FitJob[], runner: FitRunner): number {
  if (runner.tensors) {
    const t = queue.findIndex((j) => j.usesTensors);
    if (t >= 0) return t;
  }
  return queue.findIndex((j) => !j.usesTensors);
}

/**
 * Runs every job on the runners, each runner one job at a time. Outcomes are returned in job order. A runner
 * that breaks hands its job back and leaves; an abort stops every runner and rejects once all have stopped
 * (so nothing is still training, or holding tensors, when the caller sees the rejection).
 */
export async function runFitJobs(jobs: readonly FitJob[], runners: readonly FitRunner[], opts: RunJobsOptions = {}): Promise<FitOutcome[]> {
  if (!runners.some((r) => r.tensors) && jobs.some((j) => j.usesTensors)) throw new Error('runFitJobs: no runner can fit tfjs models');
  const queue = [...jobs];
  const outcomes: (FitOutcome | undefined)[] = new Array(jobs.length);
  let abort: unknown = null;
  const broken = new Set<FitRunner>();
  const loop = async (runner: FitRunner) => {
    for (;;) {
      if (abort || opts.signal?.aborted) return;
      const at = nextFor(queue, runner);
      if (at < 0) return;
      const [job] = queue.splice(at, 1);
      opts.onStart?.(job);
      try {
        const out = await runner.run(job, opts.signal);
        outcomes[job.index] = out;
        opts.onDone?.(job, out);
      } catch (e) {
        if (isAbortError(e)) {
          abort ??= e;
          return;
        }
        broken.add(runner);
        queue.unshift(job);
        return;
      }
    }
  };
  // Rounds: a job handed back by a broken runner goes to the runners still working, even ones that had finished.
  let alive = runners.filter((r) => !broken.has(r));
  while (queue.length > 0 && alive.length > 0 && !abort) {
    await Promise.all(alive.map(loop));
    alive = alive.filter((r) => !broken.has(r));
    if (!alive.some((r) => queue.some((j) => nextFor([j], r) >= 0))) break;
  }
  if (abort) throw abort;
  throwIfAborted(opts.signal);
  if (queue.length > 0) throw new Error(`runFitJobs: ${queue.length} fits found no working runner`);
  return outcomes as FitOutcome[];
}
