/** Column standardization (z-scores) fitted on chosen rows only, like scikit-learn's StandardScaler. */

export interface Standardizer {
  mean: Float64Array;
  /** Population standard deviation; 1 for constant columns so they map to 0. */
  scale: Float64Array;
}

/** Fits on rows `rows` of the row-major matrix `data` with `cols` columns; NaNs are skipped. */
export function fitStandardizer(data: ArrayLike<number>, cols: number, rows: Int32Array): Standardizer {
  const mean = new Float64Array(cols);
  const m2 = new Float64Array(cols);
  const count = new Float64Array(cols);
  // Welford's update per column: stable for large offsets (e.g. years).
  for (const r of rows) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j];
      if (Number.isNaN(v)) continue;
      const c = ++count[j];
      const delta = v - mean[j];
      mean[j] += delta / c;
      m2[j] += delta * (v - mean[j]);
    }
  }
  const scale = new Float64Array(cols);
  for (let j = 0; j < cols; j++) {
    const sd = count[j] > 0 ? Math.sqrt(m2[j] / count[j]) : 0;
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/**
 * Writes z-scores of rows `rows` into `out` (row stride `outStride`, starting at column `outOffset`).
 * Missing values (NaN) become 0, the training mean; `clip` bounds |z|.
 */
export function applyStandardizer(
  s: Standardizer,
  data: ArrayLike<number>,
  cols: number,
  rows: Int32Array,
  out: Float64Array,
  outStride: number,
  outOffset: number,
  clip = Infinity,
): void {
  for (let i = 0; i < rows.length; i++) {
    const o = rows[i] * cols;
    const w = i * outStride + outOffset;
    for (let j = 0; j < cols; j++) {
      const v = data[o + j];
      let z = Number.isNaN(v) ? 0 : (v - s.mean[j]) / s.scale[j];
      if (z > clip) z = clip;
      else if (z < -clip) z = -clip;
      out[w + j] = z;
    }
  }
}
