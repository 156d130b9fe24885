/** "Covers like this": nearest rows of an embedding matrix by cosine similarity. Pure. */

export interface Neighbour {
  index: number;
  /** Cosine similarity in [-1, 1]; 0 when either vector is all zeros. */
  similarity: number;
}

/** Euclidean length of each row of an n × d matrix. */
export function rowNorms(data: Float32Array, n: number, d: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += data[i * d + c] ** 2;
    norms[i] = Math.sqrt(s);
  }
  return norms;
}

export interface NearestOptions {
  /** Rows never returned (e.g. the query's own row, rows outside the listed covers). */
  exclude?: (index: number) => boolean;
  /** Precomputed rowNorms(data), reused across queries. */
  norms?: Float64Array;
}

/**
 * The k rows most similar to `query` (length d) by cosine similarity, most similar first; equal
 * similarities keep the lower index first so the list is stable.
 */
export function nearestByCosine(data: Float32Array, n: number, d: number, query: ArrayLike<number>, k: number, opts: NearestOptions = {}): Neighbour[] {
  const norms = opts.norms ?? rowNorms(data, n, d);
  let qq = 0;
  for (let c = 0; c < d; c++) qq += query[c] ** 2;
  const qNorm = Math.sqrt(qq);
  const found: Neighbour[] = [];
  for (let i = 0; i < n; i++) {
    if (opts.exclude?.(i)) continue;
    let dot = 0;
    for (let c = 0; c < d; c++) dot += data[i * d + c] * query[c];
    const denom = norms[i] * qNorm;
    // Clamped: rounding can push |cos| of (near-)parallel vectors a hair past 1.
    found.push({ index: i, similarity: denom > 0 ? Math.max(-1, Math.min(1, dot / denom)) : 0 });
  }
  found.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  return found.slice(0, Math.max(0, k));
}
