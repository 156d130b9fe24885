/**
 * Seeded, stratified splits: K-fold, group K-fold (groups kept whole) and a holdout.
 * Fold assignments are `Int32Array`s of length n with -1 for rows outside the split.
 */
import { Rng } from './rng';

export interface SplitInput {
  /** Class index of every row. */
  y: Int32Array;
  /** Rows to split (default: all). */
  rows?: Int32Array;
  seed: number;
  /** Rows with equal group never land on both sides of a split. */
  groups?: string[];
}

function allRows(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

function nClassesOf(y: Int32Array): number {
  let k = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > k) k = y[i] + 1;
  return k;
}

/**
 * Fold id per row. Without groups: each class is shuffled and dealt round-robin, continuing the deal
 * across classes, so per-class counts and fold sizes each differ by at most 1 between folds.
 * With groups: see `groupFolds`.
 */
export function assignFolds(input: SplitInput & { nFolds: number }): Int32Array {
  const { y, seed, nFolds, groups } = input;
  const rows = input.rows ?? allRows(y.length);
  if (nFolds < 2) throw new Error('nFolds must be at least 2');
  if (groups) return groupFolds(y, rows, groups, nFolds, seed);
  const rng = new Rng(seed);
  const foldOf = new Int32Array(y.length).fill(-1);
  const byClass: number[][] = Array.from({ length: nClassesOf(y) }, () => []);
  for (const r of rows) byClass[y[r]].push(r);
  let next = 0;
  for (const members of byClass) {
    rng.shuffle(members);
    for (const r of members) {
      foldOf[r] = next;
      next = (next + 1) % nFolds;
    }
  }
  return foldOf;
}

/**
 * Stratified group K-fold by a greedy fill: groups (shuffled, then largest first) go one by one to the fold
 * where they add the least squared deviation from each class's ideal per-fold count (class-normalised),
 * plus a fold-size term; ties go to the smaller, then lower-numbered fold.
 */
function groupFolds(y: Int32Array, rows: Int32Array, groups: string[], nFolds: number, seed: number): Int32Array {
  const k = nClassesOf(y);
  const members = new Map<string, number[]>();
  for (const r of rows) {
    const g = groups[r];
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(r);
  }
  const rng = new Rng(seed);
  const order = rng.shuffle([...members.keys()]);
  // Stable sort keeps the shuffled order among equal sizes.
  order.sort((a, b) => members.get(b)!.length - members.get(a)!.length);

  const classTotal = new Float64Array(k);
  for (const r of rows) classTotal[y[r]]++;
  const ideal = Array.from(classTotal, (t) => t / nFolds);
  const idealSize = rows.length / nFolds;
  const counts = Array.from({ length: nFolds }, () => new Float64Array(k));
  const sizes = new Float64Array(nFolds);
  const foldOf = new Int32Array(y.length).fill(-1);
  const gCounts = new Float64Array(k);

  for (const g of order) {
    const list = members.get(g)!;
    gCounts.fill(0);
    for (const r of list) gCounts[y[r]]++;
    let best = 0;
    let bestCost = Infinity;
    for (let f = 0; f < nFolds; f++) {
      let cost = 0;
      for (let c = 0; c < k; c++) {
        if (gCounts[c] === 0 || classTotal[c] === 0) continue;
        const before = counts[f][c] - ideal[c];
        const after = before + gCounts[c];
        cost += (after * after - before * before) / classTotal[c];
      }
      const sb = sizes[f] - idealSize;
      const sa = sb + list.length;
      cost += (sa * sa - sb * sb) / rows.length;
      const better =
        cost < bestCost - 1e-12 ||
        (Math.abs(cost - bestCost) <= 1e-12 && sizes[f] < sizes[best]);
      if (better) {
        best = f;
        bestCost = cost;
      }
    }
    for (const r of list) foldOf[r] = best;
    for (let c = 0; c < k; c++) counts[best][c] += gCounts[c];
    sizes[best] += list.length;
  }
  return foldOf;
}

/**
 * Stratified holdout: per class, round(n_c · fraction) shuffled rows. With groups, the holdout is one fold
 * of a stratified group K-fold with K = round(1/fraction), so its size only approximates the fraction.
 */
export function stratifiedHoldout(
  input: SplitInput & { fraction: number },
): { train: Int32Array; holdout: Int32Array } {
  const { y, fraction, seed, groups } = input;
  const rows = input.rows ?? allRows(y.length);
  if (!(fraction > 0 && fraction < 1)) throw new Error('fraction must be in (0, 1)');
  const inHoldout = new Uint8Array(y.length);
  if (groups) {
    const foldOf = groupFolds(y, rows, groups, Math.max(2, Math.round(1 / fraction)), seed);
    for (const r of rows) if (foldOf[r] === 0) inHoldout[r] = 1;
  } else {
    const rng = new Rng(seed);
    const byClass: number[][] = Array.from({ length: nClassesOf(y) }, () => []);
    for (const r of rows) byClass[y[r]].push(r);
    for (const list of byClass) {
      rng.shuffle(list);
      const take = Math.round(list.length * fraction);
      for (let i = 0; i < take; i++) inHoldout[list[i]] = 1;
    }
  }
  const train: number[] = [];
  const holdout: number[] = [];
  for (const r of rows) (inHoldout[r] ? holdout : train).push(r);
  return { train: Int32Array.from(train), holdout: Int32Array.from(holdout) };
}

/** Training and validation rows of fold `fold` (rows with fold id -1 are in neither). */
export function foldSplit(foldOf: Int32Array, fold: number): { train: Int32Array; valid: Int32Array } {
  const train: number[] = [];
  const valid: number[] = [];
  for (let i = 0; i < foldOf.length; i++) {
    if (foldOf[i] < 0) continue;
    (foldOf[i] === fold ? valid : train).push(i);
  }
  return { train: Int32Array.from(train), valid: Int32Array.from(valid) };
}

/** Balanced class weights n/(k·n_c) over `rows`; classes absent from `rows` get 0. */
export function balancedClassWeights(y: Int32Array, rows: Int32Array, nClasses: number): Float64Array {
  const counts = new Float64Array(nClasses);
  for (const r of rows) counts[y[r]]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c === 0 ? 0 : rows.length / (present * c)));
}
