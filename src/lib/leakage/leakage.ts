/**
 * Target-leakage guard. Cover datasets often carry the label in another field (file names like
 * `country__R-1001.jpg`, paths like `Album_Covers/Country/…`), or in a column that fixes it by construction
 * (every album of an artist got the artist's genre). For each column we measure
 *  - how often a row's value contains that row's own label as a whole token run, and
 *  - how well the column alone predicts the label: stratified K-fold CV of a naive Bayes model on the value
 *    (one categorical token when values repeat, else word tokens split at any non-alphanumeric and camelCase).
 * Unique ids score at chance: a value never seen in training carries no evidence, so the guess is the same for
 * every such row.
 */
import { assignFolds, foldSplit } from '../models/cv';
import { balancedAccuracy } from '../models/metrics';

export interface LeakageOptions {
  columns: Record<string, string[]>;
  /** Label of every row. */
  labels: string[];
  folds?: number;
  seed?: number;
  /** Flag when the column's CV balanced accuracy is at least this (default 0.95). */
  accuracyThreshold?: number;
  /** Flag when at least this fraction of values contain their own label (default 0.5). */
  labelRateThreshold?: number;
  /** What the label is called in messages (default 'label'), e.g. 'genre'. */
  targetName?: string;
}

export interface ColumnLeakage {
  column: string;
  /** Fraction of rows whose value contains the row's own label on token boundaries. */
  labelInValueRate: number;
  /** CV balanced accuracy of a model that sees only this column. */
  singleColumnBalancedAccuracy: number;
  /** 1/k for k classes. */
  chanceLevel: number;
  treatedAs: 'categorical' | 'text';
  distinctValues: number;
  flagged: boolean;
  /** What to do about a flagged column: drop it, or use it to group CV folds (e.g. artist). */
  suggestion: 'exclude' | 'use-as-group' | null;
  reason: string;
}

/** Lower-case segments: split at every run of non letters/digits and at camelCase humps ("HipHop" → hip, hop). */
export function segments(value: string): string[] {
  return value
    .normalize('NFKC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((s) => s.length > 0);
}

/** True when consecutive segments of `value` spell `label` ignoring case and separators ('hip hop' ≈ 'HipHop'). */
export function containsLabel(value: string, label: string): boolean {
  const target = segments(label).join('');
  if (target.length === 0) return false;
  const segs = segments(value);
  for (let i = 0; i < segs.length; i++) {
    let acc = '';
    for (let j = i; j < segs.length && acc.length < target.length; j++) {
      acc += segs[j];
      if (acc === target) return true;
    }
  }
  return false;
}

/** Multinomial naive Bayes with add-one smoothing and a uniform class prior (balanced accuracy is the goal). */
function naiveBayesCv(features: string[][], y: Int32Array, k: number, folds: number, seed: number): number {
  const foldOf = assignFolds({ y, nFolds: folds, seed });
  const pred = new Int32Array(y.length);
  for (let f = 0; f < folds; f++) {
    const { train, valid } = foldSplit(foldOf, f);
    const counts = new Map<string, Float64Array>();
    const totals = new Float64Array(k);
    for (const r of train) {
      for (const t of features[r]) {
        let c = counts.get(t);
        if (!c) counts.set(t, (c = new Float64Array(k)));
        c[y[r]]++;
        totals[y[r]]++;
      }
    }
    const vocab = counts.size;
    for (const r of valid) {
      const score = new Float64Array(k);
      for (const t of features[r]) {
        const c = counts.get(t);
        if (!c) continue;
        for (let j = 0; j < k; j++) score[j] += Math.log((c[j] + 1) / (totals[j] + vocab));
      }
      let best = 0;
      for (let j = 1; j < k; j++) if (score[j] > score[best]) best = j;
      pred[r] = best;
    }
  }
  return balancedAccuracy(y, pred, k);
}

/** Share of rows whose value's most common label (over all rows) is their own label. */
function labelPurity(values: string[], y: Int32Array, k: number): number {
  const byValue = new Map<string, Float64Array>();
  values.forEach((v, r) => {
    let c = byValue.get(v);
    if (!c) byValue.set(v, (c = new Float64Array(k)));
    c[y[r]]++;
  });
  let pure = 0;
  for (const c of byValue.values()) pure += Math.max(...c);
  return pure / values.length;
}

const fmt = (x: number) => x.toFixed(2);

export function checkLeakage(options: LeakageOptions): ColumnLeakage[] {
  const { columns, labels } = options;
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 0;
  const accThr = options.accuracyThreshold ?? 0.95;
  const rateThr = options.labelRateThreshold ?? 0.5;
  const target = options.targetName ?? 'label';
  const classNames = [...new Set(labels)].sort();
  const classOf = new Map(classNames.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (l) => classOf.get(l)!);
  const k = classNames.length;
  const n = labels.length;
  const chanceLevel = 1 / k;

  return Object.entries(columns).map(([column, raw]) => {
    const values = raw.map((v) => (v ?? '').trim());
    const distinctValues = new Set(values).size;
    // Values that repeat are categories; mostly-unique values (titles, paths, ids) are split into tokens.
    const treatedAs: ColumnLeakage['treatedAs'] = distinctValues <= n / 2 ? 'categorical' : 'text';
    const features = values.map((v) => (v === '' ? [] : treatedAs === 'categorical' ? [v] : segments(v)));
    const ba = k < 2 ? NaN : naiveBayesCv(features, y, k, folds, seed);
    let hits = 0;
    let example = '';
    values.forEach((v, r) => {
      if (containsLabel(v, labels[r])) {
        hits++;
        if (!example) example = v;
      }
    });
    const rate = n === 0 ? 0 : hits / n;

    const byRate = rate >= rateThr;
    const byAccuracy = ba >= accThr;
    const flagged = byRate || byAccuracy;
    const groupLike = !byRate && distinctValues < n && labelPurity(values, y, k) >= 0.95;
    const suggestion: ColumnLeakage['suggestion'] = !flagged ? null : groupLike ? 'use-as-group' : 'exclude';

    const parts: string[] = [];
    if (byRate) parts.push(`${column} contains the ${target} in ${Math.round(rate * 100)} % of rows (e.g. "${example}").`);
    if (byAccuracy) {
      parts.push(`${column} alone predicts ${target} with balanced accuracy ${fmt(ba)} (chance ${fmt(chanceLevel)}).`);
    }
    if (suggestion === 'use-as-group') {
      parts.push(
        `Rows with the same ${column} have the same ${target}: use ${column} as the group column (so CV never splits it) rather than as a feature.`,
      );
    } else if (suggestion === 'exclude') {
      parts.push(`Exclude ${column} from the features.`);
    }
    if (!flagged) {
      parts.push(
        `${column} alone: balanced accuracy ${fmt(ba)} (chance ${fmt(chanceLevel)}); ` +
          `${target} found in ${Math.round(rate * 100)} % of values.`,
      );
    }
    return {
      column,
      labelInValueRate: rate,
      singleColumnBalancedAccuracy: ba,
      chanceLevel,
      treatedAs,
      distinctValues,
      flagged,
      suggestion,
      reason: parts.join(' '),
    };
  });
}
