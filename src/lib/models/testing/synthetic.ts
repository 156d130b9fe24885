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
