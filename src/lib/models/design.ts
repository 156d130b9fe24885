/**
 * A design matrix seen only through the two products softmax regression needs, so the same optimiser
 * serves dense embeddings and sparse TF-IDF.
 */
import type { SparseMatrix } from '../text/sparse';
import { designGradientSimd, designScoresSimd, simdKernels } from './kernels/simdKernels';

export interface Design {
  rows: number;
  cols: number;
  /** out[r·k + c] = Σ_j X[r, j] · W[c·cols + j] */
  scores(W: Float64Array, k: number, out: Float64Array): void;
  /** G[c·cols + j] += Σ_r R[r·k + c] · X[r, j] */
  addGradient(R: Float64Array, k: number, G: Float64Array): void;
  /** The rows `idx` (indices into this design) as a new design with the same columns. */
  subset(idx: Int32Array): Design;
}

let designs = 0;

/**
 * Row-major dense matrix; X must not change afterwards. Where WebAssembly SIMD runs, both products run there on a
 * copy of X kept in the kernels' memory (kernels/simdKernels.ts), else in the plain loops below.
 */
export function denseDesign(X: Float64Array | Float32Array, rows: number, cols: number): Design {
  const simd = simdKernels();
  if (!simd) return denseDesignScalar(X, rows, cols);
  const placeable = { id: designs++, rows, cols, data: X };
  return {
    rows,
    cols,
    scores: (W, k, out) => designScoresSimd(simd, placeable, W, k, out),
    addGradient: (R, k, G) => designGradientSimd(simd, placeable, R, k, G),
    subset: (idx) => denseDesign(gatherRows(X, idx, cols), idx.length, cols),
  };
}

function gatherRows(X: Float64Array | Float32Array, idx: Int32Array, cols: number): Float64Array {
  const out = new Float64Array(idx.length * cols);
  for (let i = 0; i < idx.length; i++) out.set(X.subarray(idx[i] * cols, idx[i] * cols + cols), i * cols);
  return out;
}

/** denseDesign in plain TypeScript (where WebAssembly SIMD is missing, and as the reference in tests). */
export function denseDesignScalar(X: Float64Array | Float32Array, rows: number, cols: number): Design {
  return {
    rows,
    cols,
    scores(W, k, out) {
      // Two rows × two classes per inner loop: each load of X and W feeds two products.
      for (let r = 0; r < rows; r += 2) {
        const two = r + 1 < rows;
        const x0 = r * cols;
        const x1 = two ? x0 + cols : x0;
        for (let c = 0; c < k; c += 2) {
          const pair = c + 1 < k;
          const w0 = c * cols;
          const w1 = pair ? w0 + cols : w0;
          let s00 = 0;
          let s01 = 0;
          let s10 = 0;
          let s11 = 0;
          for (let j = 0; j < cols; j++) {
            const a = X[x0 + j];
            const b = X[x1 + j];
            const u = W[w0 + j];
            const v = W[w1 + j];
            s00 += a * u;
            s01 += a * v;
            s10 += b * u;
            s11 += b * v;
          }
          out[r * k + c] = s00;
          if (pair) out[r * k + c + 1] = s01;
          if (two) {
            out[(r + 1) * k + c] = s10;
            if (pair) out[(r + 1) * k + c + 1] = s11;
          }
        }
      }
    },
    addGradient(R, k, G) {
      // Four rows per pass over G: a quarter of the read-modify-writes of the naive loop.
      let r = 0;
      for (; r + 3 < rows; r += 4) {
        const x0 = r * cols;
        const x1 = x0 + cols;
        const x2 = x1 + cols;
        const x3 = x2 + cols;
        for (let c = 0; c < k; c++) {
          const a0 = R[r * k + c];
          const a1 = R[(r + 1) * k + c];
          const a2 = R[(r + 2) * k + c];
          const a3 = R[(r + 3) * k + c];
          const go = c * cols;
          for (let j = 0; j < cols; j++) {
            G[go + j] += a0 * X[x0 + j] + a1 * X[x1 + j] + a2 * X[x2 + j] + a3 * X[x3 + j];
          }
        }
      }
      for (; r < rows; r++) {
        const xo = r * cols;
        for (let c = 0; c < k; c++) {
          const rc = R[r * k + c];
          const go = c * cols;
          for (let j = 0; j < cols; j++) G[go + j] += rc * X[xo + j];
        }
      }
    },
    subset: (idx) => denseDesignScalar(gatherRows(X, idx, cols), idx.length, cols),
  };
}

export function sparseDesign(m: SparseMatrix): Design {
  const { rows, cols, indptr, indices, values } = m;
  return {
    rows,
    cols,
    scores(W, k, out) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < k; c++) {
          const wo = c * cols;
          let s = 0;
          for (let p = indptr[r]; p < indptr[r + 1]; p++) s += values[p] * W[wo + indices[p]];
          out[r * k + c] = s;
        }
      }
    },
    addGradient(R, k, G) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < k; c++) {
          const rc = R[r * k + c];
          if (rc === 0) continue;
          const go = c * cols;
          for (let p = indptr[r]; p < indptr[r + 1]; p++) G[go + indices[p]] += rc * values[p];
        }
      }
    },
    subset(idx) {
      let nnz = 0;
      for (const r of idx) nnz += indptr[r + 1] - indptr[r];
      const ip = new Int32Array(idx.length + 1);
      const ind = new Int32Array(nnz);
      const val = new Float64Array(nnz);
      let at = 0;
      for (let i = 0; i < idx.length; i++) {
        const r = idx[i];
        ind.set(indices.subarray(indptr[r], indptr[r + 1]), at);
        val.set(values.subarray(indptr[r], indptr[r + 1]), at);
        at += indptr[r + 1] - indptr[r];
        ip[i + 1] = at;
      }
      return sparseDesign({ rows: idx.length, cols, indptr: ip, indices: ind, values: val });
    },
  };
}
