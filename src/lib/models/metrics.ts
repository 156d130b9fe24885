/**
 * Classification metrics shown to the user. Conventions follow scikit-learn:
 * - precision of a class that is never predicted is 0 (zero_division=0);
 * - a class absent from y_true has recall NaN and is left out of balanced accuracy
 *   (the mean recall over classes that occur in y_true);
 * - macro-F1 averages over classes that occur in y_true or in y_pred (sklearn's default label set);
 *   a class predicted but absent from y_true has F1 0.
 */
import type { PerClassScore, Scores } from './types';

/** counts[t][p]: rows of true class t predicted as p. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number[][] {
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length === 0) return NaN;
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

export function perClassScores(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  classNames: string[],
): PerClassScore[] {
  const k = classNames.length;
  const cm = confusionMatrix(yTrue, yPred, k);
  return classNames.map((className, c) => {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += cm[c][j];
      predicted += cm[j][c];
    }
    const tp = cm[c][c];
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? NaN : tp / support;
    const r = Number.isNaN(recall) ? 0 : recall;
    const f1 = precision + r === 0 ? 0 : (2 * precision * r) / (precision + r);
    return { className, precision, recall, f1, support };
  });
}

/** Mean per-class recall over classes present in y_true. */
export function balancedAccuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number {
  const cm = confusionMatrix(yTrue, yPred, nClasses);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < nClasses; c++) {
    let support = 0;
    for (let j = 0; j < nClasses; j++) support += cm[c][j];
    if (support === 0) continue;
    sum += cm[c][c] / support;
    present++;
  }
  return present === 0 ? NaN : sum / present;
}

export function macroF1(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, nClasses: number): number {
  const names = Array.from({ length: nClasses }, (_, c) => String(c));
  const per = perClassScores(yTrue, yPred, names);
  let sum = 0;
  let used = 0;
  for (let c = 0; c < nClasses; c++) {
    let predicted = 0;
    for (let i = 0; i < yPred.length; i++) if (yPred[i] === c) predicted++;
    if (per[c].support === 0 && predicted === 0) continue;
    sum += per[c].f1;
    used++;
  }
  return used === 0 ? NaN : sum / used;
}

/** Mean negative log probability of the true class; probabilities clipped to [eps, 1-eps]. */
export function logLoss(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number, eps = 1e-15): number {
  if (yTrue.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, proba[i * nClasses + yTrue[i]]));
    sum -= Math.log(p);
  }
  return sum / yTrue.length;
}

/** Index of the largest probability per row (first one on ties). */
export function argmaxRows(proba: ArrayLike<number>, nClasses: number): Int32Array {
  const n = Math.floor(proba.length / nClasses);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestP = proba[i * nClasses];
    for (let c = 1; c < nClasses; c++) {
      const p = proba[i * nClasses + c];
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}

export function scoreAll(yTrue: ArrayLike<number>, proba: ArrayLike<number>, nClasses: number): Scores {
  const yPred = argmaxRows(proba, nClasses);
  return {
    balancedAccuracy: balancedAccuracy(yTrue, yPred, nClasses),
    accuracy: accuracy(yTrue, yPred),
    logLoss: logLoss(yTrue, proba, nClasses),
    macroF1: macroF1(yTrue, yPred, nClasses),
  };
}

export function mean(xs: number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n-1), 0 for fewer than two values. */
export function sd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
}
