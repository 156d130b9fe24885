/** Chi-squared scores of non-negative features against classes (as scikit-learn's chi2), for top-k selection. */
import type { SparseMatrix } from './sparse';

/** `y[r]` is the class of row r of X. */
export function chi2Scores(X: SparseMatrix, y: Int32Array, nClasses: number): Float64Array {
  const d = X.cols;
  const observed = new Float64Array(nClasses * d);
  const featureTotal = new Float64Array(d);
  const classCount = new Float64Array(nClasses);
  for (let r = 0; r < X.rows; r++) {
    const c = y[r];
    classCount[c]++;
    for (let p = X.indptr[r]; p < X.indptr[r + 1]; p++) {
      observed[c * d + X.indices[p]] += X.values[p];
      featureTotal[X.indices[p]] += X.values[p];
    }
  }
  const scores = new Float64Array(d);
  for (let c = 0; c < nClasses; c++) {
    const prior = classCount[c] / X.rows;
    if (prior === 0) continue;
    for (let j = 0; j < d; j++) {
      const e = prior * featureTotal[j];
      if (e > 0) {
        const diff = observed[c * d + j] - e;
        scores[j] += (diff * diff) / e;
      }
    }
  }
  return scores;
}

/** Column indices of the `k` highest scores (ties to the lower index), returned in ascending order. */
export function topK(scores: Float64Array, k: number): Int32Array {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  return Int32Array.from(order.slice(0, Math.min(k, order.length)).sort((a, b) => a - b));
}
