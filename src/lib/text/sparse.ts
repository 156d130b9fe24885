/** Compressed sparse rows: row r's entries are indices/values[indptr[r] .. indptr[r+1]). */
export interface SparseMatrix {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** Keeps only the given columns (in the given order), renumbered 0..cols.length-1. */
export function selectColumns(m: SparseMatrix, cols: ArrayLike<number>): SparseMatrix {
  const map = new Int32Array(m.cols).fill(-1);
  for (let j = 0; j < cols.length; j++) map[cols[j]] = j;
  const indptr = new Int32Array(m.rows + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let r = 0; r < m.rows; r++) {
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) {
      const j = map[m.indices[p]];
      if (j >= 0) {
        idx.push(j);
        val.push(m.values[p]);
      }
    }
    indptr[r + 1] = idx.length;
  }
  return { rows: m.rows, cols: cols.length, indptr, indices: Int32Array.from(idx), values: Float64Array.from(val) };
}

/** Side-by-side concatenation of matrices with equal row counts. */
export function hstack(parts: SparseMatrix[]): SparseMatrix {
  const rows = parts[0]?.rows ?? 0;
  const nnz = parts.reduce((a, p) => a + p.indices.length, 0);
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    let offset = 0;
    for (const p of parts) {
      for (let q = p.indptr[r]; q < p.indptr[r + 1]; q++) {
        indices[at] = p.indices[q] + offset;
        values[at++] = p.values[q];
      }
      offset += p.cols;
    }
    indptr[r + 1] = at;
  }
  return { rows, cols: parts.reduce((a, p) => a + p.cols, 0), indptr, indices, values };
}
