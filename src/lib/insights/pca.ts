/**
 * Principal component analysis of a row-major matrix, in plain TS: the covariance is formed once (d × d), its
 * top components found by subspace iteration and a Rayleigh–Ritz step (Jacobi on the small projected matrix).
 * Used to shrink 768-d cover embeddings to ~50 dims before UMAP, which makes its neighbour search much faster.
 * Deterministic: the start block comes from a fixed seed and each component's sign is fixed.
 */
import { mulberry32 } from '../models/rng';

export interface Pca {
  /** Column means (d). */
  mean: Float64Array;
  /** k × d row-major unit components, by decreasing variance. */
  components: Float64Array;
  /** Variance along each component (k), decreasing. */
  variances: Float64Array;
  k: number;
  d: number;
}

/** Sample covariance (d × d, full) of the rows, and their column means. Four rows at a time to cut stores. */
export function covariance(data: Float32Array, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c] += data[i * d + c];
  for (let c = 0; c < d; c++) mean[c] /= Math.max(n, 1);
  const cov = new Float64Array(d * d);
  const block = new Float64Array(4 * d); // centred rows, zero-padded past n
  for (let i = 0; i < n; i += 4) {
    block.fill(0);
    for (let r = 0; r < 4 && i + r < n; r++) for (let c = 0; c < d; c++) block[r * d + c] = data[(i + r) * d + c] - mean[c];
    for (let a = 0; a < d; a++) {
      const x0 = block[a], x1 = block[d + a], x2 = block[2 * d + a], x3 = block[3 * d + a];
      const row = a * d;
      for (let b = a; b < d; b++) cov[row + b] += x0 * block[b] + x1 * block[d + b] + x2 * block[2 * d + b] + x3 * block[3 * d + b];
    }
  }
  const denom = Math.max(n - 1, 1);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b] / denom;
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { mean, cov };
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi). Returns values and column eigenvectors. */
export function jacobiEigen(m: Float64Array, size: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(size * size);
  for (let i = 0; i < size; i++) v[i * size + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) off += a[p * size + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * size + q] - a[p * size + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p], akq = a[k * size + q];
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k], aqk = a[q * size + k];
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k * size + p], vkq = v[k * size + q];
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = a[i * size + i];
  return { values, vectors: v };
}

/** Orthonormalises the l vectors of an l × d row-major block in place (modified Gram–Schmidt). */
function orthonormalise(q: Float64Array, d: number, l: number): void {
  for (let j = 0; j < l; j++) {
    const vj = q.subarray(j * d, (j + 1) * d);
    for (let p = 0; p < j; p++) {
      const vp = q.subarray(p * d, (p + 1) * d);
      const dot = dotProduct(vj, vp);
      for (let r = 0; r < d; r++) vj[r] -= dot * vp[r];
    }
    const norm = Math.sqrt(dotProduct(vj, vj)) || 1;
    for (let r = 0; r < d; r++) vj[r] /= norm;
  }
}

function dotProduct(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** out (l × d) = (cov · qᵀ)ᵀ for the l vectors of q (l × d); cov is symmetric. */
function multiply(cov: Float64Array, q: Float64Array, d: number, l: number, out: Float64Array): void {
  for (let r = 0; r < d; r++) {
    const row = cov.subarray(r * d, (r + 1) * d);
    for (let j = 0; j < l; j++) out[j * d + r] = dotProduct(row, q.subarray(j * d, (j + 1) * d));
  }
}

export interface PcaOptions {
  /** Rounds of subspace iteration (default 8); plenty for a UMAP pre-step, more for exact components. */
  iterations?: number;
  /** Fit on at most this many evenly spaced rows (default all): the covariance is O(rows · d²). */
  maxRows?: number;
}

/** Every ⌈n/m⌉-th row, m = maxRows: a deterministic, evenly spread sample. */
export function sampleRows(data: Float32Array, n: number, d: number, maxRows: number): { rows: Float32Array; n: number } {
  if (n <= maxRows) return { rows: data, n };
  const rows = new Float32Array(maxRows * d);
  for (let j = 0; j < maxRows; j++) {
    const i = Math.floor((j * n) / maxRows);
    rows.set(data.subarray(i * d, (i + 1) * d), j * d);
  }
  return { rows, n: maxRows };
}

/** The top k principal components of the rows (k ≤ d), by subspace iteration on k + 10 vectors. */
export function fitPca(data: Float32Array, n: number, d: number, k: number, opts: PcaOptions = {}): Pca {
  k = Math.max(1, Math.min(k, d));
  const iterations = opts.iterations ?? 8;
  const sample = sampleRows(data, n, d, opts.maxRows ?? n);
  const { mean, cov } = covariance(sample.rows, sample.n, d);
  const l = Math.min(d, k + 10); // oversampling speeds convergence of the k we keep
  const random = mulberry32(0x5eed);
  let q = new Float64Array(l * d).map(() => random() - 0.5);
  let next = new Float64Array(l * d);
  orthonormalise(q, d, l);
  for (let it = 0; it < iterations; it++) {
    multiply(cov, q, d, l, next);
    [q, next] = [next, q];
    orthonormalise(q, d, l);
  }
  // Rayleigh–Ritz: eigen-decompose Q C Qᵀ (l × l) and rotate the basis by its eigenvectors.
  multiply(cov, q, d, l, next);
  const h = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let j = 0; j <= i; j++) {
    const s = (dotProduct(q.subarray(i * d, (i + 1) * d), next.subarray(j * d, (j + 1) * d)) + dotProduct(q.subarray(j * d, (j + 1) * d), next.subarray(i * d, (i + 1) * d))) / 2;
    h[i * l + j] = h[j * l + i] = s;
  }
  const { values, vectors } = jacobiEigen(h, l);
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b).slice(0, k);
  const components = new Float64Array(k * d);
  const variances = new Float64Array(k);
  order.forEach((e, c) => {
    variances[c] = Math.max(values[e], 0);
    const comp = components.subarray(c * d, (c + 1) * d);
    for (let j = 0; j < l; j++) {
      const w = vectors[j * l + e];
      for (let r = 0; r < d; r++) comp[r] += w * q[j * d + r];
    }
    fixSign(comp);
  });
  return { mean, components, variances, k, d };
}

/** Makes the largest-magnitude entry positive, so the same data always gives the same signs. */
function fixSign(v: Float64Array): void {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[best]) + 1e-12) best = i;
  if (v[best] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
}

/** Projects rows (n × d) onto the components: n × k scores. */
export function pcaTransform(pca: Pca, data: Float32Array, n: number): Float32Array {
  const { d, k, mean, components } = pca;
  const out = new Float32Array(n * k);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < d; c++) centred[c] = data[i * d + c] - mean[c];
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += centred[c] * components[j * d + c];
      out[i * k + j] = s;
    }
  }
  return out;
}
