/**
 * Permutation feature impact on out-of-fold predictions. For each CV fold the fold's model is refitted on the
 * fold's training rows, the validation rows are scored as they are (baseline), then one feature group at a time
 * is shuffled ACROSS that fold's validation rows only and the rows are scored again. Training rows are never
 * touched, and `input` is never modified: predictions run on copies of the validation rows.
 *
 * Score = mean over folds of balanced accuracy (the leaderboard's CV score). drop = baseline − permuted score,
 * per repeat; we report its mean and sample sd over repeats, and normalise by the largest mean drop.
 */
import type { FeatureGroupId, ModelInput } from '../models/types';
import { groupKind } from '../models/featureLists';
import { foldSplit } from '../models/cv';
import { argmaxRows, balancedAccuracy, mean, sd } from '../models/metrics';
import { deriveSeed, Rng } from '../models/rng';
import { throwIfAborted, yieldToEventLoop } from '../models/abort';

export interface FoldModel {
  /** idx.length × nClasses probabilities, row-major. */
  predict(input: ModelInput, idx: Int32Array): Float32Array;
  dispose(): void;
}

/** Same shape as the worker's TaskProgress. */
export interface PermutationProgress {
  phase: string;
  done: number;
  total: number;
  rate: number | null;
  etaSeconds: number | null;
}

export interface PermutationOptions {
  input: ModelInput;
  labels: Int32Array;
  /** CV fold per row, -1 for rows outside CV (never scored). */
  foldOf: Int32Array;
  nFolds: number;
  nClasses: number;
  groups: FeatureGroupId[];
  repeats: number;
  seed: number;
  /** The fold's model, fitted on `trainIdx` of the unmodified input. */
  fitFold(fold: number, trainIdx: Int32Array): Promise<FoldModel>;
  signal?: AbortSignal;
  onProgress?: (p: PermutationProgress) => void;
}

export interface GroupImpact {
  groupId: FeatureGroupId;
  /** baseline − permuted score, one per repeat. */
  drops: number[];
  drop: number;
  sd: number;
  /** drop / largest drop, negatives clamped to 0; 0 when no group matters. */
  normalized: number;
}

export interface PermutationResult {
  baseline: number;
  /** Balanced accuracy of each scored fold before permutation. */
  foldBaselines: number[];
  groups: GroupImpact[];
}

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function takeRows(m: { cols: number; data: Float32Array }, rows: ArrayLike<number>) {
  const out = new Float32Array(rows.length * m.cols);
  for (let i = 0; i < rows.length; i++) out.set(m.data.subarray(rows[i] * m.cols, (rows[i] + 1) * m.cols), i * m.cols);
  return { rows: rows.length, cols: m.cols, data: out };
}

function mapValues<T, U>(rec: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, f(v)]));
}

/** A new input holding rows `rows` of `input`, in that order (copies; `input` is left alone). */
export function subsetInput(input: ModelInput, rows: ArrayLike<number>): ModelInput {
  const pick = <T>(a: ArrayLike<T>) => Array.from(rows, (r) => a[r]);
  return {
    n: rows.length,
    dense: mapValues(input.dense, (m) => takeRows(m, rows)),
    text: mapValues(input.text, pick),
    categorical: mapValues(input.categorical, pick),
    numeric: mapValues(input.numeric, (v) => Float64Array.from(pick(v))),
  };
}

/** A shallow copy of `input` whose group `g` has row i replaced by row perm[i]; other groups are shared. */
export function permuteGroup(input: ModelInput, g: FeatureGroupId, perm: ArrayLike<number>): ModelInput {
  const kind = groupKind(g);
  const name = kind === 'dense' ? g : g.slice(g.indexOf(':') + 1);
  const out: ModelInput = { ...input, dense: { ...input.dense }, text: { ...input.text }, categorical: { ...input.categorical }, numeric: { ...input.numeric } };
  const pick = <T>(a: ArrayLike<T>) => Array.from(perm, (r) => a[r]);
  if (kind === 'dense' && input.dense[name]) out.dense[name] = takeRows(input.dense[name], perm);
  else if (kind === 'text' && input.text[name]) out.text[name] = pick(input.text[name]);
  else if (kind === 'cat' && input.categorical[name]) out.categorical[name] = pick(input.categorical[name]);
  else if (kind === 'num' && input.numeric[name]) out.numeric[name] = Float64Array.from(pick(input.numeric[name]));
  return out;
}

/** Calls `report` at most every `ms` milliseconds, and always for the last step. */
function throttled(total: number, report: ((p: PermutationProgress) => void) | undefined, ms = 100) {
  const t0 = performance.now();
  let last = -Infinity;
  return (done: number, phase: string) => {
    const now = performance.now();
    if (!report || (now - last < ms && done < total)) return;
    last = now;
    const elapsed = (now - t0) / 1000;
    const rate = elapsed > 0 ? done / elapsed : null;
    report({ phase, done, total, rate, etaSeconds: done > 0 ? (elapsed / done) * (total - done) : null });
  };
}

function summarise(groups: FeatureGroupId[], drops: number[][]): GroupImpact[] {
  const means = drops.map((d) => mean(d));
  const top = Math.max(0, ...means);
  return groups.map((groupId, g) => ({
    groupId,
    drops: drops[g],
    drop: means[g],
    sd: drops[g].length > 1 ? sd(drops[g]) : 0,
    normalized: top > 0 ? Math.max(0, means[g]) / top : 0,
  }));
}

export async function permutationImpact(o: PermutationOptions): Promise<PermutationResult> {
  const { input, labels, nClasses: k, groups, signal } = o;
  const repeats = Math.max(1, Math.floor(o.repeats));
  const total = o.nFolds * (1 + groups.length * repeats);
  const progress = throttled(total, o.onProgress);
  const foldBaselines: number[] = [];
  // permuted[g][r][j]: balanced accuracy of the j-th scored fold with group g permuted (repeat r).
  const permuted = groups.map(() => Array.from({ length: repeats }, () => [] as number[]));
  let done = 0;
  progress(0, 'fitting fold 1');
  for (let f = 0; f < o.nFolds; f++) {
    throwIfAborted(signal);
    const { train, valid } = foldSplit(o.foldOf, f);
    if (valid.length === 0) {
      done += 1 + groups.length * repeats;
      continue;
    }
    const model = await o.fitFold(f, train);
    try {
      const rows = subsetInput(input, valid);
      const idx = range(valid.length);
      const yValid = Int32Array.from(valid, (r) => labels[r]);
      const score = (inp: ModelInput) => balancedAccuracy(yValid, argmaxRows(model.predict(inp, idx), k), k);
      foldBaselines.push(score(rows));
      progress(++done, `fold ${f + 1}/${o.nFolds}: baseline`);
      for (let g = 0; g < groups.length; g++) {
        for (let r = 0; r < repeats; r++) {
          throwIfAborted(signal);
          const perm = new Rng(deriveSeed(o.seed, 'permute', groups[g], f, r)).shuffle(range(valid.length));
          permuted[g][r].push(score(permuteGroup(rows, groups[g], perm)));
          progress(++done, `fold ${f + 1}/${o.nFolds}: ${groups[g]}`);
          await yieldToEventLoop();
        }
      }
    } finally {
      model.dispose();
    }
  }
  const baseline = mean(foldBaselines);
  const drops = permuted.map((perRepeat) => perRepeat.map((folds) => baseline - mean(folds)));
  return { baseline, foldBaselines, groups: summarise(groups, drops) };
}
