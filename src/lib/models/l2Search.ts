/**
 * Chooses the L2 strength of softmax regression by an inner, seeded, stratified K-fold CV on the rows it is
 * given — inside the leaderboard those are the outer fold's training rows only, so the outer CV score stays
 * honest. The caller then refits on all of them at the chosen strength.
 *
 * The grid is in scikit-learn's C (C = 1 / (l2 · Σw), Σw = n for balanced class weights), log-spaced from strong
 * to weak regularisation; each fit uses l2 = 1 / (C · Σw of its own rows), as GridSearchCV over
 * LogisticRegression(C) would. Along the grid every inner fold warm-starts from its solution at the previous
 * (stronger) value, and the path stops once `patience` values in a row score below the best, or once one scores
 * clearly below it (by more than a binomial standard error): weak regularisation is where L-BFGS needs the most
 * iterations, and it is rarely worth reaching when it loses. The choice is the best inner mean balanced
 * accuracy; ties go to the stronger regularisation.
 *
 * Inner class weights are rescaled per inner fold (`innerClassWeights`); with fewer rows than columns the
 * caller can hand in row-space coordinates (`denseSearchDesign`), on which every inner fit is the same.
 *
 * The feature transform (standardization, TF-IDF) is fitted once on all the given rows and shared by the inner
 * folds, so an inner validation row has helped set means and idf; that touches training rows only.
 */
import { denseDesign, type Design } from './design';
import { rowSpaceCoordinates } from './rowSpace';
import { fitSoftmax, type SoftmaxModel } from './softmaxRegression';
import type { LbfgsOptions } from './lbfgs';
import { assignFolds, foldSplit } from './cv';
import { balancedAccuracy } from './metrics';
import { throwIfAborted, yieldToEventLoop } from './abort';

/** log-spaced C from 1e-4 to 1: 10^(-4 + 0.8·i), i = 0..5. */
export const DEFAULT_C_GRID: readonly number[] = Array.from({ length: 6 }, (_, i) => 10 ** (-4 + 0.8 * i));

/**
 * L-BFGS tolerance of the inner fits: they only rank C values by the argmax of each validation row. On the real
 * V2 cover + colour features (5 outer folds each), 1e-3 against 1e-4 cut the inner iterations by 21 % (discogs-5genre,
 * the same C on 5 of 5 folds) and 49 % (spotify-6genre, the same C on 3 of 5 folds, the other two one grid step
 * stronger), with outer balanced accuracy 0.369 vs 0.369 and 0.520 vs 0.517. Still ~10× stricter than
 * scikit-learn's default tol in these units.
 */
export const INNER_GTOL = 1e-3;

/** C used when there are too few rows for an inner CV (the middle of the default grid). */
export const FALLBACK_C = 1e-2;

export interface L2SearchOptions {
  /** C values, strongest regularisation (smallest C) first. Default DEFAULT_C_GRID. */
  cGrid?: readonly number[];
  /** Inner folds (default 3). */
  innerFolds?: number;
  /** Consecutive grid values scoring below the best before the path stops (default 2). */
  patience?: number;
  seed: number;
  /** Per-class weights (default all 1), the same as the final fit uses. */
  classWeights?: Float64Array;
  /** A group per design row: inner folds keep groups whole (stratified group K-fold). */
  groups?: string[];
  /** L-BFGS options of the inner fits. */
  lbfgs?: LbfgsOptions;
  /** A C already chosen by cross-validation (FitOptions.tunedC): returned as the choice, with no search. */
  tunedC?: number;
  signal?: AbortSignal;
}

export interface L2PathPoint {
  C: number;
  /** Inner mean balanced accuracy. */
  score: number;
  /** Sum of the inner fits' L-BFGS iterations. */
  iterations: number;
}

export interface L2Choice {
  /** The chosen C, and the l2 of the refit on all rows: 1 / (C · Σw). */
  C: number;
  l2: number;
  /** Inner mean balanced accuracy of the chosen C (NaN without an inner CV). */
  innerScore: number;
  /** Grid values tried, in order (the path may stop before the end of the grid). */
  path: L2PathPoint[];
  /** 0 when there was no inner CV: too few rows (FALLBACK_C), or C came from the leaderboard's CV (`fromCv`). */
  innerFolds: number;
  fromCv?: boolean;
}

function weightSum(y: Int32Array, rows: Int32Array | null, classWeights: Float64Array | undefined): number {
  let s = 0;
  const n = rows ? rows.length : y.length;
  for (let i = 0; i < n; i++) s += classWeights ? classWeights[y[rows ? rows[i] : i]] : 1;
  return s;
}

/**
 * Class weights for an inner training set `yt` that give each class the same share of the total weight as
 * `weights` give it on all rows `y`, with the same total as `weights` give the rows of `yt`. Stratified inner
 * folds cannot match the class counts exactly, and under strong regularisation, where the scores x·W are tiny,
 * even a small weighted imbalance would tilt the intercepts — and so every prediction — towards one class.
 */
export function innerClassWeights(y: Int32Array, yt: Int32Array, k: number, weights?: Float64Array): Float64Array {
  const all = new Float64Array(k);
  const inner = new Float64Array(k);
  for (let i = 0; i < y.length; i++) all[y[i]]++;
  for (let i = 0; i < yt.length; i++) inner[yt[i]]++;
  const w = (c: number) => (weights ? weights[c] : 1);
  let totalAll = 0;
  let totalInner = 0;
  for (let c = 0; c < k; c++) {
    totalAll += w(c) * all[c];
    totalInner += w(c) * inner[c];
  }
  const scale = totalAll > 0 ? totalInner / totalAll : 0;
  return Float64Array.from({ length: k }, (_, c) => (inner[c] > 0 ? (w(c) * all[c] * scale) / inner[c] : 0));
}

function argmax(p: Float32Array | Float64Array, k: number): Int32Array {
  const out = new Int32Array(p.length / k);
  for (let i = 0; i < out.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Class predictions of a fitted model on a design (no softmax needed for the argmax). */
function predictClasses(m: SoftmaxModel, X: Design): Int32Array {
  const Z = new Float64Array(X.rows * m.k);
  X.scores(m.W, m.k, Z);
  for (let i = 0; i < X.rows; i++) for (let c = 0; c < m.k; c++) Z[i * m.k + c] += m.b[c];
  return argmax(Z, m.k);
}

/**
 * A drop in inner balanced accuracy that is not noise: one binomial standard error of the best score over all
 * n rows (each row is scored once across the inner folds); p(1 − p) is floored at 0.01 so that a perfect best
 * score still tolerates a small dip.
 */
function clearDrop(best: number, n: number): number {
  return Math.sqrt(Math.max(best * (1 - best), 0.01) / n);
}

/** Picks C by inner CV on the design rows (`y` has one class per design row). */
export async function chooseL2(X: Design, y: Int32Array, k: number, opts: L2SearchOptions): Promise<L2Choice> {
  const grid = opts.cGrid ?? DEFAULT_C_GRID;
  const nFolds = opts.innerFolds ?? 3;
  const patience = opts.patience ?? 2;
  const wAll = weightSum(y, null, opts.classWeights);
  if (opts.tunedC !== undefined && opts.tunedC > 0) return { C: opts.tunedC, l2: 1 / (opts.tunedC * wAll), innerScore: NaN, path: [], innerFolds: 0, fromCv: true };
  if (grid.length === 0) throw new Error('chooseL2: empty C grid');
  for (let i = 1; i < grid.length; i++) if (!(grid[i] > grid[i - 1])) throw new Error('chooseL2: the C grid must increase');

  // Too few rows for inner folds of at least 2 rows each: no search.
  if (grid.length === 1 || y.length < 2 * nFolds) {
    const C = grid.length === 1 ? grid[0] : FALLBACK_C;
    return { C, l2: 1 / (C * wAll), innerScore: NaN, path: [], innerFolds: 0 };
  }

  const foldOf = assignFolds({ y, nFolds, seed: opts.seed, groups: opts.groups });
  const splits = Array.from({ length: nFolds }, (_, f) => foldSplit(foldOf, f)).filter((s) => s.train.length > 0 && s.valid.length > 0);
  // With groups, fewer groups than folds leaves folds empty; with a single group there is nothing to compare.
  if (splits.length === 0) return { C: FALLBACK_C, l2: 1 / (FALLBACK_C * wAll), innerScore: NaN, path: [], innerFolds: 0 };
  const folds = splits.map(({ train, valid }) => {
    const yt = Int32Array.from(train, (r) => y[r]);
    const classWeights = innerClassWeights(y, yt, k, opts.classWeights);
    return {
      Xt: X.subset(train),
      yt,
      Xv: X.subset(valid),
      yv: Int32Array.from(valid, (r) => y[r]),
      classWeights,
      wSum: weightSum(yt, null, classWeights),
      warm: null as SoftmaxModel | null,
    };
  });

  const path: L2PathPoint[] = [];
  let lastYield = performance.now();
  let best = -1;
  let bestScore = -Infinity;
  for (let g = 0; g < grid.length; g++) {
    const C = grid[g];
    let sum = 0;
    let used = 0;
    let iterations = 0;
    for (const fold of folds) {
      throwIfAborted(opts.signal);
      const m = fitSoftmax(fold.Xt, fold.yt, k, {
        gtol: INNER_GTOL,
        ...opts.lbfgs,
        l2: 1 / (C * fold.wSum),
        classWeights: fold.classWeights,
        init: fold.warm ?? undefined,
      });
      fold.warm = m;
      iterations += m.iterations;
      const s = balancedAccuracy(fold.yv, predictClasses(m, fold.Xv), k);
      if (Number.isFinite(s)) {
        sum += s;
        used++;
      }
      if (performance.now() - lastYield > 50) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    const score = used > 0 ? sum / used : NaN;
    path.push({ C, score, iterations });
    // Strictly better only: on a tie the stronger (earlier) value stays.
    if (score > bestScore + 1e-12) {
      bestScore = score;
      best = g;
    } else if (g - best >= patience || bestScore - score > clearDrop(bestScore, y.length)) break;
  }
  if (best < 0) best = 0;
  const C = grid[best];
  return { C, l2: 1 / (C * wAll), innerScore: bestScore, path, innerFolds: folds.length };
}

/**
 * The design an inner CV on the dense n × d matrix X should run on: with fewer rows than ~0.6·d, X's row-space
 * coordinates (the same fits and scores, on at most n columns: see rowSpace.ts), else X itself.
 */
export function denseSearchDesign(X: Float64Array, n: number, d: number): Design {
  const space = wideRowSpace(X, n, d);
  return space ? denseDesign(space.Z, n, space.r) : denseDesign(X, n, d);
}

/** Row-space coordinates when X has fewer rows than ~0.6·d (where fitting on them pays), else null. */
export function wideRowSpace(X: Float64Array, n: number, d: number): ReturnType<typeof rowSpaceCoordinates> | null {
  return n >= 0.6 * d ? null : rowSpaceCoordinates(X, n, d);
}

/**
 * The C a final refit should use from the per-fold choices of a CV (each fold's `describeChoice` facts): the
 * median, the stronger of the two middle values for an even count, as nested CV picks a final hyperparameter.
 * Undefined unless every fold chose by an inner CV.
 */
export function tunedCOf(folds: readonly Record<string, number | string>[]): number | undefined {
  if (folds.length === 0 || !folds.every((f) => f.l2Choice === 'inner CV' && typeof f.C === 'number')) return undefined;
  const cs = folds.map((f) => f.C as number).sort((a, b) => a - b);
  return cs[Math.floor((cs.length - 1) / 2)];
}

/**
 * Facts about the choice for `describe()`: `l2Choice` ('inner CV' | 'fixed' | 'too few rows' | 'CV folds'), `C`,
 * `innerFolds`, `innerBalancedAccuracy`, `innerIterations` (of all inner fits) and `l2Path` ('C:score' for each grid value tried, e.g.
 * '0.0001:0.356 0.00063:0.357 0.004:0.337').
 */
export function describeChoice(choice: L2Choice | null): Record<string, number | string> {
  if (!choice) return { l2Choice: 'fixed' };
  if (choice.fromCv) return { l2Choice: 'CV folds', C: choice.C };
  if (choice.innerFolds === 0) return { l2Choice: 'too few rows', C: choice.C };
  return {
    l2Choice: 'inner CV',
    C: choice.C,
    innerFolds: choice.innerFolds,
    innerBalancedAccuracy: choice.innerScore,
    innerIterations: choice.path.reduce((a, p) => a + p.iterations, 0),
    l2Path: choice.path.map((p) => `${+p.C.toPrecision(2)}:${p.score.toFixed(3)}`).join(' '),
  };
}
