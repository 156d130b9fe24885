import { describe, expect, it } from 'vitest';
import { nearestByCosine, rowNorms } from './similar';

/*
 * Rows (d = 2) and their cosine to the query q = (1, 0):
 *   0: (1, 0)   → 1
 *   1: (0, 2)   → 0
 *   2: (3, 4)   → 3/5 = 0.6
 *   3: (-1, 0)  → -1
 *   4: (6, 8)   → 0.6   (same direction as row 2: a tie, lower index first)
 *   5: (0, 0)   → 0     (zero vector: defined as 0)
 *   6: (1, 1)   → 1/√2 ≈ 0.7071
 */
const data = Float32Array.of(1, 0, 0, 2, 3, 4, -1, 0, 6, 8, 0, 0, 1, 1);
const n = 7, d = 2;

describe('rowNorms', () => {
  it('gives each row its length', () => {
    expect(Array.from(rowNorms(data, n, d))).toEqual([1, 2, 5, 1, 10, 0, Math.SQRT2]);
  });
});

describe('nearestByCosine', () => {
  it('ranks by the hand-computed cosines, ties by index', () => {
    const got = nearestByCosine(data, n, d, [1, 0], 7);
    expect(got.map((g) => g.index)).toEqual([0, 6, 2, 4, 1, 5, 3]);
    expect(got.map((g) => +g.similarity.toFixed(4))).toEqual([1, 0.7071, 0.6, 0.6, 0, 0, -1]);
  });

  it('leaves out excluded rows (the query cover itself) and keeps only k', () => {
    const got = nearestByCosine(data, n, d, data.subarray(0, 2), 3, { exclude: (i) => i === 0 });
    expect(got).toEqual([
      { index: 6, similarity: expect.closeTo(Math.SQRT1_2, 10) },
      { index: 2, similarity: expect.closeTo(0.6, 6) },
      { index: 4, similarity: expect.closeTo(0.6, 6) },
    ]);
  });

  it('is scale-invariant in the query and uses precomputed norms when given', () => {
    // q = (0, -3): cosines 0, -1, -0.8, 0, -0.8, 0, -0.7071 → best: rows 0, 3, 5 (all 0, by index)
    const got = nearestByCosine(data, n, d, [0, -3], 3, { norms: rowNorms(data, n, d) });
    expect(got.map((g) => g.index)).toEqual([0, 3, 5]);
    expect(got.every((g) => Math.abs(g.similarity) < 1e-12)).toBe(true);
  });

  it('returns nothing for k = 0 and all rows for k > n', () => {
    expect(nearestByCosine(data, n, d, [1, 0], 0)).toEqual([]);
    expect(nearestByCosine(data, n, d, [1, 0], 50)).toHaveLength(7);
  });
});
