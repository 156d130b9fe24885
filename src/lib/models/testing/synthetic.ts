/** Seeded synthetic datasets for tests and benchmarks. */
import { Rng } from '../rng';
import type { FeatureMatrix, ModelInput } from '../types';

export interface GaussianOptions {
  n: number;
  d: number;
  k: number;
  seed: number;
  /** Distance scale of class means (larger = easier). */
  separation: number;
  /** Relative class sizes (default equal). */
  proportions?: number[];
}

/** Gaussian blobs: class c rows ~ N(mu_c, I), mu_c ~ N(0, separation²/d · I). */
export function gaussianBlobs(o: GaussianOptions): { X: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(o.seed);
  const props = o.proportions ?? new Array(o.k).fill(1);
  const total = props.reduce((a, b) => a + b, 0);
  const y = new Int32Array(o.n);
  let at = 0;
  for (let c = 0; c < o.k; c++) {
    const count = c === o.k - 1 ? o.n - at : Math.round((o.n * props[c]) / total);
    for (let i = 0; i < count; i++) y[at++] = c;
  }
  rng.shuffle(y);
  const mu = Array.from({ length: o.k }, () =>
    Float64Array.from({ length: o.d }, () => (rng.normal() * o.separation) / Math.sqrt(o.d)),
  );
  const data = new Float32Array(o.n * o.d);
  for (let i = 0; i < o.n; i++) for (let j = 0; j < o.d; j++) data[i * o.d + j] = mu[y[i]][j] + rng.normal();
  return { X: { rows: o.n, cols: o.d, data }, y };
}

export function inputFrom(dense: Record<string, FeatureMatrix>, extra: Partial<ModelInput> = {}): ModelInput {
  const n = Object.values(dense)[0]?.rows ?? extra.n ?? 0;
  return { n, dense, text: {}, categorical: {}, numeric: {}, ...extra };
}

export function range(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

export interface EmbeddingLikeOptions {
  n: number;
  d: number;
  k: number;
  seed: number;
  /** Latent factors shared by all columns (default 48): real CNN embeddings are strongly correlated. */
  latent?: number;
  /** Class signal relative to the latent noise (default 0.5: balanced accuracy far from 1, like real covers). */
  signal?: number;
}

/**
 * Rows that look like pooled CNN embeddings rather than isotropic blobs: non-negative (ReLU), correlated through a
 * few latent factors, with a weak class signal, so L-BFGS needs as many iterations as on real covers.
 */
export function embeddingLike(o: EmbeddingLikeOptions): { X: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(o.seed);
  const L = o.latent ?? 48;
  const signal = o.signal ?? 0.5;
  const y = new Int32Array(o.n);
  for (let i = 0; i < o.n; i++) y[i] = i % o.k;
  rng.shuffle(y);
  const A = Float64Array.from({ length: L * o.d }, () => rng.normal() / Math.sqrt(L));
  const bias = Float64Array.from({ length: o.d }, () => 0.3 * rng.normal());
  const mu = Array.from({ length: o.k }, () => Float64Array.from({ length: L }, () => rng.normal() * signal));
  const z = new Float64Array(L);
  const data = new Float32Array(o.n * o.d);
  for (let i = 0; i < o.n; i++) {
    for (let l = 0; l < L; l++) z[l] = mu[y[i]][l] + rng.normal();
    for (let j = 0; j < o.d; j++) {
      let s = bias[j] + 0.3 * rng.normal();
      for (let l = 0; l < L; l++) s += z[l] * A[l * o.d + j];
      data[i * o.d + j] = s > 0 ? s : 0;
    }
  }
  return { X: { rows: o.n, cols: o.d, data }, y };
}
