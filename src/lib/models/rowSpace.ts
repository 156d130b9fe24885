/**
 * Row-space coordinates of a wide matrix, for fitting L2-penalised linear models faster when there are fewer
 * rows than columns.
 *
 * With an L2 penalty on W only, the optimum W of any fit on a subset S of the rows of X lies in the span of
 * those rows, hence in the row space of X. Writing W = Q·a with Q (d × r) an orthonormal basis of that space,
 * X_S·W = Z_S·a with Z = X·Q and ‖W‖ = ‖a‖: every such fit, and its scores on any row of X, is the same
 * problem on the n × r matrix Z. Any Z with Z·Zᵀ = X·Xᵀ serves (it differs from X·Q by a rotation, which the
 * penalty does not see), so Z comes from a pivoted Cholesky factorisation of the Gram matrix, without
 * forming Q. Directions with a pivot below 1e-10 of the largest diagonal entry are dropped (e.g. the one
 * that centering removes).
 */

import { denseDesign } from './design';

/**
 * Z (n × r, row-major) with Z·Zᵀ = X·Xᵀ for the row-major n × d matrix X; r ≤ min(n, d) is its numerical rank.
 * Cost ≈ n²·d + n³/6 multiply-adds.
 */
export function rowSpaceCoordinates(X: Float64Array, n: number, d: number): { Z: Float64Array; r: number; pivots: Int32Array } {
  // K = X·Xᵀ through the blocked product of denseDesign (scores with W = X).
  const K = new Float64Array(n * n);
  denseDesign(X, n, d).scores(X, n, K);
  const diag = new Float64Array(n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    diag[i] = K[i * n + i];
    if (diag[i] > maxDiag) maxDiag = diag[i];
  }
  const tol = 1e-10 * maxDiag;
  // L[i·n + j]: row i's coordinate on pivot step j. Pivot rows of steps < j are fixed.
  const L = new Float64Array(n * n);
  const used = new Uint8Array(n);
  const pivots: number[] = [];
  let r = 0;
  for (; r < Math.min(n, d); r++) {
    let p = -1;
    for (let i = 0; i < n; i++) if (!used[i] && (p < 0 || diag[i] > diag[p])) p = i;
    if (p < 0 || !(diag[p] > tol)) break;
    const lpp = Math.sqrt(diag[p]);
    used[p] = 1;
    pivots.push(p);
    L[p * n + r] = lpp;
    const po = p * n;
    for (let i = 0; i < n; i++) {
      if (used[i]) continue;
      const io = i * n;
      let s = K[io + p];
      for (let l = 0; l < r; l++) s -= L[io + l] * L[po + l];
      const v = s / lpp;
      L[io + r] = v;
      diag[i] -= v * v;
    }
  }
  const Z = new Float64Array(n * r);
  for (let i = 0; i < n; i++) Z.set(L.subarray(i * n, i * n + r), i * r);
  return { Z, r, pivots: Int32Array.from(pivots) };
}

/**
 * Weights on X's own d columns from weights A (k × r, row-major) on its row-space coordinates Z, so that
 * X·Wᵀ = Z·Aᵀ (and any new row gets the scores of its projection on the row space). The pivot rows P of Z form
 * a lower-triangular r × r block with Z_P = X_P·Q, so Qᵀ = Z_P⁻¹·X_P and W = (A·Z_P⁻¹)·X_P: a triangular solve
 * and a k × r × d product, never the d × r basis itself.
 */
export function liftFromRowSpace(A: Float64Array, k: number, space: { Z: Float64Array; r: number; pivots: Int32Array }, X: Float64Array, d: number): Float64Array {
  const { Z, r, pivots } = space;
  // D·Z_P = A, column by column from the last (Z_P[l, j] = Z[pivots[l], j], zero above the diagonal).
  const D = new Float64Array(k * r);
  for (let j = r - 1; j >= 0; j--) {
    const diag = Z[pivots[j] * r + j];
    for (let c = 0; c < k; c++) {
      let s = A[c * r + j];
      for (let l = j + 1; l < r; l++) s -= D[c * r + l] * Z[pivots[l] * r + j];
      D[c * r + j] = s / diag;
    }
  }
  const W = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let l = 0; l < r; l++) {
      const coef = D[c * r + l];
      const xo = pivots[l] * d;
      for (let j = 0; j < d; j++) W[c * d + j] += coef * X[xo + j];
    }
  }
  return W;
}
