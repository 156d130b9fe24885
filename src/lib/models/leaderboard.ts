/**
 * The AutoML leaderboard: every (blueprint, feature list) pair that can run is scored by seeded stratified
 * K-fold CV (grouped when a group column is given), optionally checked on a stratified holdout that no CV fit
 * sees, and ranked by CV balanced accuracy. Then a blender is added from the out-of-fold predictions.
 *
 * CV metrics are means over folds (fold scores and their sd are kept); the confusion matrix and per-class
 * scores come from the pooled out-of-fold predictions.
 */
import type {
  Blueprint,
  FeatureGroupId,
  FeatureList,
  FittedModel,
  LinearHead,
  ModelInput,
  ModelSpec,
  PerClassScore,
  RegistryEntry,
  Scores,
  TermWeight,
} from './types';
import { REGISTRY, getBlueprint } from './registry';
import { defaultFeatureLists, presentGroups } from './featureLists';
import { assignFolds, foldSplit, stratifiedHoldout } from './cv';
import { inProcessRunner, runFitJobs, weightsFor, type FitContext, type FitJob, type FitOutcome, type FitRunner } from './fitJobs';
import { argmaxRows, confusionMatrix, mean, perClassScores, scoreAll, sd } from './metrics';
import { deriveSeed } from './rng';
import { throwIfAborted } from './abort';
import { averageProbabilities, nestedBlendOof, rankMembers } from './blueprints/blender';
import { tunedCOf } from './l2Search';
import { blendScores, COVER_GROUP, type CoverScores } from './coverScores';

export interface LeaderboardProgress {
  /** Display name, e.g. 'Regularized Softmax Regression · image only'. */
  model: string;
  blueprintId: string;
  featureListId: string;
  /** CV fold being fitted, or -1 for the fit that scores the holdout. */
  fold: number;
  /** Fits finished so far (of `total`). */
  done: number;
  total: number;
  elapsedSeconds: number;
  /** Remaining time from the mean time per finished fit; null before the first one. */
  etaSeconds: number | null;
}

/** How many feature lists the app's leaderboard gives its costly blueprints (the SNNs): the best two. */
export const AUTOPILOT_TOP_LISTS = 2;

export interface LeaderboardOptions {
  /** Default: `defaultFeatureLists(input)`. */
  featureLists?: FeatureList[];
  folds?: number;
  seed?: number;
  /** Fraction of rows held out until the end (0 or undefined = no holdout). */
  holdoutFraction?: number;
  /** A group per row (e.g. artist): CV folds and holdout keep each group whole. */
  groups?: string[];
  /** Registry ids to run (default: all, blender included). */
  blueprintIds?: string[];
  /** Class-weighted loss n/(k·n_c) (default true). */
  classWeighting?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: LeaderboardProgress) => void;
  /** Override the registry (tests). */
  registry?: readonly RegistryEntry[];
  /**
   * Run `costly` blueprints only on the feature lists whose best other model ranks in this top N (AUTOPILOT_TOP_LISTS
   * in the app). Undefined: every blueprint on every list.
   */
  topListsForCostly?: number;
  /**
   * Runners besides this thread's own (e.g. a pool of training workers, given the run's context once): fits
   * run on all of them at once, with the same results as the serial run (fitJobs.ts).
   */
  runners?: (ctx: FitContext, needs: { tensors: boolean }) => FitRunner[] | Promise<FitRunner[]>;
}

export interface CvScores extends Scores {
  /** Balanced accuracy of each fold. */
  foldScores: number[];
  /** Sample sd of the fold scores. */
  foldSd: number;
}

export interface LeaderboardEntry {
  /** `${blueprintId}@${featureListId}` */
  key: string;
  blueprintId: string;
  name: string;
  featureListId: string;
  featureListName: string;
  /** Groups the model actually used. */
  featureGroups: FeatureGroupId[];
  cv: CvScores | null;
  holdout: Scores | null;
  /** n × k out-of-fold probabilities; NaN rows for rows outside CV (holdout). */
  oof: Float32Array;
  /** holdout rows × k probabilities of the model fitted on all CV rows (holdout only). */
  holdoutProba: Float32Array | null;
  /** Pooled OOF confusion counts [true][predicted]. */
  confusion: number[][];
  perClass: PerClassScore[];
  /** Time of all fits of this model (CV + holdout); for a blender, its own blending time (it fits nothing). */
  trainSeconds: number;
  /** Facts from each fold's fitted model (epochs, vocabulary size, …). */
  details: Record<string, number | string>[];
  /**
   * For a model whose folds chose their L2 strength by an inner CV: the median of those choices (tunedCOf). The
   * final refit on all rows fits at it instead of searching again, as nested CV fixes a final hyperparameter.
   */
  tunedC?: number;
  /** Blender only: member keys (the final blend) and the members used to score each fold. */
  members?: string[];
  memberSpecs?: ModelSpec[];
  membersPerFold?: string[][];
  /** Set when the blueprint failed; the entry then has no scores. */
  error?: string;
}

export interface Leaderboard {
  classNames: string[];
  /** Sorted: best CV balanced accuracy first, failed entries last. */
  entries: LeaderboardEntry[];
  /** CV fold of each row, -1 for holdout rows. */
  foldOf: Int32Array;
  holdoutIdx: Int32Array;
  nFolds: number;
  seed: number;
  grouped: boolean;
  classWeighting: boolean;
  featureLists: FeatureList[];
  /** Balanced accuracy of guessing: 1/k. */
  chanceLevel: number;
  seconds: number;
}

interface Task {
  blueprint: Blueprint;
  list: FeatureList;
  groups: FeatureGroupId[];
}

function rowsWhere(n: number, keep: (r: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let r = 0; r < n; r++) if (keep(r)) out.push(r);
  return Int32Array.from(out);
}

function take(p: Float32Array, rows: Int32Array, k: number): Float32Array {
  const out = new Float32Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) out.set(p.subarray(rows[i] * k, rows[i] * k + k), i * k);
  return out;
}

function pick<T>(arr: ArrayLike<T>, rows: Int32Array): T[] {
  return Array.from(rows, (r) => arr[r]);
}

function cvScores(oof: Float32Array, y: Int32Array, foldOf: Int32Array, nFolds: number, k: number): CvScores {
  const perFold: Scores[] = [];
  for (let f = 0; f < nFolds; f++) {
    const rows = rowsWhere(foldOf.length, (r) => foldOf[r] === f);
    if (rows.length > 0) perFold.push(scoreAll(pick(y, rows), take(oof, rows, k), k));
  }
  const foldScores = perFold.map((s) => s.balancedAccuracy);
  return {
    balancedAccuracy: mean(foldScores),
    accuracy: mean(perFold.map((s) => s.accuracy)),
    logLoss: mean(perFold.map((s) => s.logLoss)),
    macroF1: mean(perFold.map((s) => s.macroF1)),
    foldScores,
    foldSd: sd(foldScores),
  };
}

function pooled(oof: Float32Array, y: Int32Array, cvRows: Int32Array, classNames: string[]) {
  const k = classNames.length;
  const yt = pick(y, cvRows);
  const yp = argmaxRows(take(oof, cvRows, k), k);
  return { confusion: confusionMatrix(yt, yp, k), perClass: perClassScores(yt, yp, classNames) };
}

export { weightsFor };

/**
 * The list's name, saying so when the blueprint used only part of it (e.g. the softmax on 'cover + text' reads
 * the cover alone), so a row never claims features it did not use.
 */
export function listNameAsUsed(task: Pick<Task, 'list' | 'groups'>, input: ModelInput): string {
  const offered = presentGroups(input, task.list);
  if (task.groups.length >= offered.length) return task.list.name;
  const short = task.groups.map((g) => g.replace(/^(text|cat|num):/, ''));
  return `${task.list.name}, using only ${short.join(' + ')}`;
}

function emptyEntry(task: Task, n: number, k: number, input: ModelInput): LeaderboardEntry {
  return {
    key: `${task.blueprint.id}@${task.list.id}`,
    blueprintId: task.blueprint.id,
    name: task.blueprint.name,
    featureListId: task.list.id,
    featureListName: listNameAsUsed(task, input),
    featureGroups: task.groups,
    cv: null,
    holdout: null,
    oof: new Float32Array(n * k).fill(NaN),
    holdoutProba: null,
    confusion: [],
    perClass: [],
    trainSeconds: 0,
    details: [],
  };
}

/** (blueprint, feature list) pairs that can run, without repeating a blueprint on the same groups. */
export function planTasks(input: ModelInput, lists: FeatureList[], entries: readonly RegistryEntry[]): Task[] {
  const tasks: Task[] = [];
  for (const bp of entries) {
    if (bp.kind !== 'model') continue;
    const own: Task[] = [];
    for (const list of lists) {
      if (!bp.requires(input, list)) continue;
      const groups = bp.featureGroups(input, list);
      if (groups.length === 0 || own.some((t) => sameGroups(t.groups, groups))) continue;
      own.push({ blueprint: bp, list, groups });
    }
    tasks.push(...own.filter((t) => !dominated(t, own, input)));
  }
  return tasks;
}

function sameGroups(a: readonly FeatureGroupId[], b: readonly FeatureGroupId[]): boolean {
  return a.length === b.length && a.every((g) => b.includes(g));
}

/**
 * A task that uses only part of its list (the blueprint cannot read the rest, e.g. a cover model on 'cover +
 * text') while the same blueprint runs on a strict superset of those groups elsewhere: it would be the same model
 * with fewer features under a list name that promises more, so it is not run.
 */
function dominated(task: Task, own: readonly Task[], input: ModelInput): boolean {
  if (task.groups.length >= presentGroups(input, task.list).length) return false;
  return own.some((o) => o !== task && o.groups.length > task.groups.length && task.groups.every((g) => o.groups.includes(g)));
}

/** Every fit of every task, task by task, folds in order, then the holdout fit. */
function planJobs(tasks: Task[], foldOf: Int32Array, nFolds: number, cvRows: Int32Array, holdoutIdx: Int32Array, seed: number): FitJob[] {
  const jobs: FitJob[] = [];
  tasks.forEach((task, t) => {
    const key = `${task.blueprint.id}@${task.list.id}`;
    const base = { task: t, blueprintId: task.blueprint.id, featureGroups: task.groups, usesTensors: !task.blueprint.tensorFree };
    for (let f = 0; f < nFolds; f++) {
      const { train, valid } = foldSplit(foldOf, f);
      jobs.push({ ...base, index: jobs.length, fold: f, train, predict: valid, seed: deriveSeed(seed, key, f) });
    }
    if (holdoutIdx.length > 0) jobs.push({ ...base, index: jobs.length, fold: -1, train: cvRows, predict: holdoutIdx, seed: deriveSeed(seed, key, 'holdout') });
  });
  return jobs;
}

/** A task's entry from its fits' outcomes (folds in order, then the holdout); the first failed fit's error wins. */
function assembleEntry(
  task: Task,
  outcomes: FitOutcome[],
  ctx: FitContext,
  foldOf: Int32Array,
  nFolds: number,
  cvRows: Int32Array,
  holdoutIdx: Int32Array,
  classNames: string[],
): LeaderboardEntry {
  const { input, labels, nClasses: k } = ctx;
  const entry = emptyEntry(task, input.n, k, input);
  entry.trainSeconds = outcomes.reduce((a, o) => a + o.seconds, 0);
  const failed = outcomes.find((o) => o.error !== undefined);
  if (failed) {
    entry.error = failed.error;
    return entry;
  }
  for (let f = 0; f < nFolds; f++) {
    const { valid } = foldSplit(foldOf, f);
    const proba = outcomes[f].proba!;
    for (let i = 0; i < valid.length; i++) entry.oof.set(proba.subarray(i * k, i * k + k), valid[i] * k);
    entry.details.push(outcomes[f].details);
  }
  entry.tunedC = tunedCOf(entry.details);
  if (holdoutIdx.length > 0) {
    entry.holdoutProba = outcomes[nFolds].proba!;
    entry.holdout = scoreAll(pick(labels, holdoutIdx), entry.holdoutProba, k);
  }
  entry.cv = cvScores(entry.oof, labels, foldOf, nFolds, k);
  Object.assign(entry, pooled(entry.oof, labels, cvRows, classNames));
  return entry;
}

/**
 * The `top` of the `eligible` feature lists, ranked by their best scored entry (balanced accuracy, then log loss);
 * lists without a scored entry come last, in the order given, so a costly blueprint is never left without a list.
 */
export function bestListIds(entries: readonly LeaderboardEntry[], top: number, eligible: readonly string[]): Set<string> {
  const ranked: string[] = [];
  for (const e of [...entries].filter((x) => x.cv && !x.error).sort(compareEntries)) {
    if (eligible.includes(e.featureListId) && !ranked.includes(e.featureListId)) ranked.push(e.featureListId);
  }
  for (const id of eligible) if (!ranked.includes(id)) ranked.push(id);
  return new Set(ranked.slice(0, Math.max(1, top)));
}

function compareEntries(a: LeaderboardEntry, b: LeaderboardEntry): number {
  if (!a.cv || !b.cv) return (a.cv ? 0 : 1) - (b.cv ? 0 : 1);
  return b.cv.balancedAccuracy - a.cv.balancedAccuracy || a.cv.logLoss - b.cv.logLoss || (a.key < b.key ? -1 : 1);
}

export async function runLeaderboard(
  input: ModelInput,
  labels: Int32Array,
  classNames: string[],
  options: LeaderboardOptions = {},
): Promise<Leaderboard> {
  const t0 = performance.now();
  const n = input.n;
  const k = classNames.length;
  if (labels.length !== n) throw new Error(`labels has ${labels.length} rows, input has ${n}`);
  const nFolds = options.folds ?? 5;
  const seed = options.seed ?? 0;
  const weighted = options.classWeighting ?? true;
  const signal = options.signal;
  const registry = options.registry ?? REGISTRY;
  const wanted = options.blueprintIds ? new Set(options.blueprintIds) : null;
  const entriesToRun = registry.filter((b) => !wanted || wanted.has(b.id));
  const lists = options.featureLists ?? defaultFeatureLists(input);
  const groups = options.groups;

  // Holdout first, then folds on the remaining rows.
  let holdoutIdx: Int32Array = new Int32Array(0);
  let cvRows: Int32Array = rowsWhere(n, () => true);
  if (options.holdoutFraction && options.holdoutFraction > 0) {
    const split = stratifiedHoldout({ y: labels, fraction: options.holdoutFraction, seed: deriveSeed(seed, 'holdout'), groups });
    holdoutIdx = split.holdout;
    cvRows = split.train;
  }
  const foldOf = assignFolds({ y: labels, rows: cvRows, nFolds, seed: deriveSeed(seed, 'folds'), groups });

  // Two stages when costly blueprints are held back: the others everywhere, then the costly ones on the best lists.
  const staged = options.topListsForCostly !== undefined;
  const isCostly = (b: RegistryEntry) => staged && b.kind === 'model' && !!b.costly;
  const firstTasks = planTasks(input, lists, entriesToRun.filter((b) => !isCostly(b)));
  const costlyTasks = planTasks(input, lists, entriesToRun.filter(isCostly));
  const fitsPerTask = nFolds + (holdoutIdx.length > 0 ? 1 : 0);
  let total = (firstTasks.length + costlyTasks.length) * fitsPerTask; // an upper bound until the first stage ends
  let done = 0;
  const report = (task: Task | null, fold: number) => {
    if (!options.onProgress) return;
    const elapsed = (performance.now() - t0) / 1000;
    options.onProgress({
      model: task ? `${task.blueprint.name} · ${task.list.name}` : '',
      blueprintId: task?.blueprint.id ?? '',
      featureListId: task?.list.id ?? '',
      fold,
      done,
      total,
      elapsedSeconds: elapsed,
      etaSeconds: done > 0 ? (elapsed / done) * (total - done) : null,
    });
  };

  const ctx: FitContext = { input, labels, nClasses: k, classWeighting: weighted, groups };
  const tensors = [...firstTasks, ...costlyTasks].some((t) => !t.blueprint.tensorFree); // may the pool skip tfjs?
  const runners = [inProcessRunner(ctx, registry), ...((await options.runners?.(ctx, { tensors })) ?? [])];
  const runStage = async (tasks: Task[]) => {
    const jobs = planJobs(tasks, foldOf, nFolds, cvRows, holdoutIdx, seed);
    const outcomes = await runFitJobs(jobs, runners, {
      signal,
      onStart: (job) => report(tasks[job.task], job.fold),
      onDone: () => done++,
    });
    return tasks.map((task, t) => assembleEntry(task, jobs.filter((j) => j.task === t).map((j) => outcomes[j.index]), ctx, foldOf, nFolds, cvRows, holdoutIdx, classNames));
  };
  const entries = await runStage(firstTasks);
  if (costlyTasks.length > 0) {
    // Per costly blueprint, its best lists among those it can run on (the overall best may be text only).
    const kept = costlyTasks.filter((t) => {
      const eligible = costlyTasks.filter((c) => c.blueprint.id === t.blueprint.id).map((c) => c.list.id);
      return bestListIds(entries, options.topListsForCostly!, eligible).has(t.list.id);
    });
    total -= (costlyTasks.length - kept.length) * fitsPerTask;
    entries.push(...(await runStage(kept)));
  }

  for (const b of entriesToRun) {
    if (b.kind !== 'blender') continue;
    const blendStarted = performance.now();
    const pool = entries.filter((e) => e.cv && !e.members);
    if (pool.length < 2) continue;
    const size = Math.min(b.size, pool.length);
    const oofs = pool.map((e) => e.oof);
    const nested = nestedBlendOof(oofs, labels, foldOf, nFolds, k, size);
    const finalMembers = rankMembers(oofs, labels, cvRows, k).slice(0, size).map((m) => pool[m]);
    const entry: LeaderboardEntry = {
      key: `${b.id}@${finalMembers.map((m) => m.key).join('+')}`,
      blueprintId: b.id,
      name: b.name,
      featureListId: 'blend',
      featureListName: `top ${size} models`,
      featureGroups: [...new Set(finalMembers.flatMap((m) => m.featureGroups))],
      cv: cvScores(nested.oof, labels, foldOf, nFolds, k),
      holdout: null,
      oof: nested.oof,
      holdoutProba: null,
      ...pooled(nested.oof, labels, cvRows, classNames),
      // Its own time only: it reuses the members' out-of-fold predictions and fits nothing.
      trainSeconds: (performance.now() - blendStarted) / 1000,
      details: [],
      members: finalMembers.map((m) => m.key),
      memberSpecs: finalMembers.map(specOf),
      membersPerFold: nested.membersPerFold.map((ms) => ms.map((m) => pool[m].key)),
    };
    if (holdoutIdx.length > 0) {
      entry.holdoutProba = averageProbabilities(finalMembers.map((m) => m.holdoutProba!));
      entry.holdout = scoreAll(pick(labels, holdoutIdx), entry.holdoutProba, k);
    }
    entries.push(entry);
  }

  report(null, -1);
  entries.sort(compareEntries);
  return {
    classNames,
    entries,
    foldOf,
    holdoutIdx,
    nFolds,
    seed,
    grouped: !!groups,
    classWeighting: weighted,
    featureLists: lists,
    chanceLevel: 1 / k,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** A model refitted for predicting new albums. */
export interface FinalModel {
  /** Blueprint id ('blender' for a blend). */
  blueprintId: string;
  name: string;
  featureGroups: FeatureGroupId[];
  classNames: string[];
  /** For a blend: the member recipes. */
  members: ModelSpec[];
  /** Probabilities for rows `idx` (default all) of `input`: rows × k, row-major. */
  predictProba(input: ModelInput, idx?: Int32Array): Float32Array;
  /** Text models (and blends containing one): per-class term coefficients. */
  termWeights?(): TermWeight[];
  /**
   * Class scores of rows `idx` as a differentiable function of their raw cover embeddings (see
   * FittedModel.coverScores); for a blend, the log of the averaged probabilities. Absent when a member that
   * uses the cover cannot provide it, or no member uses the cover.
   */
  coverScores?(input: ModelInput, idx: Int32Array): CoverScores;
  describe(): Record<string, number | string>[];
  /** A single softmax regression's standardisation and weights (FittedModel.linearHead); absent for a blend. */
  linearHead?(): LinearHead;
  dispose(): void;
}

export interface FinalFitOptions {
  seed?: number;
  classWeighting?: boolean;
  /** Rows to fit on (default: all rows of `input`). */
  rows?: Int32Array;
  /** A group per row of `input` when the leaderboard was grouped (`Leaderboard.grouped`): inner CVs keep groups whole. */
  groups?: string[];
  signal?: AbortSignal;
  /** The registry the entry came from (default: REGISTRY). */
  registry?: readonly RegistryEntry[];
}

/**
 * Refits a leaderboard entry (or a bare recipe) on all training rows. A blender entry refits each member and
 * averages them.
 */
export async function fitFinalModel(
  input: ModelInput,
  labels: Int32Array,
  classNames: string[],
  choice: LeaderboardEntry | ModelSpec,
  opts: FinalFitOptions = {},
): Promise<FinalModel> {
  const k = classNames.length;
  const seed = opts.seed ?? 0;
  const rows = opts.rows ?? rowsWhere(input.n, () => true);
  const classWeights = weightsFor(labels, rows, k, opts.classWeighting ?? true);
  const entry = 'key' in choice ? choice : null;
  const specs: ModelSpec[] = entry?.memberSpecs ?? [specOf(choice)];
  const registry = opts.registry ?? REGISTRY;
  const blueprintOf = (id: string) => getBlueprint(id, registry);

  const fitted = await fitEach(specs, (spec) => {
    throwIfAborted(opts.signal);
    return blueprintOf(spec.blueprintId).fit(input, rows, labels, {
      nClasses: k,
      classWeights,
      seed: deriveSeed(seed, spec.blueprintId, spec.featureGroups.join('|'), 'final'),
      featureGroups: spec.featureGroups,
      groups: opts.groups,
      tunedC: spec.tunedC,
      signal: opts.signal,
    });
  });
  const isBlend = specs.length > 1 || !!entry?.memberSpecs;
  const textModels = fitted.filter((m) => m.termWeights);
  return {
    blueprintId: isBlend ? (entry?.blueprintId ?? 'blender') : specs[0].blueprintId,
    name: entry?.name ?? blueprintOf(specs[0].blueprintId).name,
    featureGroups: [...new Set(specs.flatMap((s) => s.featureGroups))],
    classNames,
    members: isBlend ? specs : [],
    predictProba: (inp, idx) => predictAveraged(fitted, inp, idx ?? rowsWhere(inp.n, () => true)),
    termWeights: textModels.length > 0 ? () => textModels.flatMap((m) => m.termWeights!()) : undefined,
    coverScores: finalCoverScores(fitted, specs, isBlend, k),
    describe: () => fitted.map((m) => m.describe?.() ?? {}),
    linearHead: !isBlend ? fitted[0].linearHead : undefined,
    dispose() {
      fitted.forEach((m) => m.dispose());
    },
  };
}

/** The recipe of a model: blueprint, groups and the L2 strength its CV chose. */
function specOf(m: ModelSpec): ModelSpec {
  return m.tunedC === undefined ? { blueprintId: m.blueprintId, featureGroups: m.featureGroups } : { blueprintId: m.blueprintId, featureGroups: m.featureGroups, tunedC: m.tunedC };
}

/** Fits each recipe in turn; if one fails, the ones already fitted are disposed before the error goes on. */
export async function fitEach<T>(specs: readonly T[], fitOne: (spec: T) => Promise<FittedModel>): Promise<FittedModel[]> {
  const fitted: FittedModel[] = [];
  try {
    for (const spec of specs) fitted.push(await fitOne(spec));
  } catch (e) {
    fitted.forEach((m) => m.dispose());
    throw e;
  }
  return fitted;
}

/** One model's probabilities, or the average of a blend's members (as the blender scores). */
export function predictAveraged(fitted: readonly FittedModel[], input: ModelInput, idx: Int32Array): Float32Array {
  return fitted.length === 1 ? fitted[0].predictProba(input, idx) : averageProbabilities(fitted.map((m) => m.predictProba(input, idx)));
}

/** FinalModel.coverScores: a single model's own, or a blend of members (members without the cover held fixed). */
function finalCoverScores(fitted: FittedModel[], specs: ModelSpec[], isBlend: boolean, k: number): FinalModel['coverScores'] {
  const usesCover = specs.map((s) => s.featureGroups.includes(COVER_GROUP));
  if (!usesCover.some(Boolean) || fitted.some((m, i) => usesCover[i] && !m.coverScores)) return undefined;
  if (!isBlend) return (inp, idx) => fitted[0].coverScores!(inp, idx);
  return (inp, idx) => blendScores(fitted.map((m, i) => (usesCover[i] ? m.coverScores!(inp, idx) : m.predictProba(inp, idx))), idx.length, k);
}
