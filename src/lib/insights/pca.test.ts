import { describe, expect, it } from 'vitest';
import { covariance, fitPca, jacobiEigen, pcaTransform } from './pca';
import { mulberry32 } from '../models/rng';

/*
 * Hand example: points (3,3), (−3,−3), (1,−1), (−1,1); mean 0.
 *   Σx² = Σy² = 20, Σxy = 9 + 9 − 1 − 1 = 16  →  covariance (n − 1 = 3) [[20/3, 16/3], [16/3, 20/3]]
 *   eigenvalues (20 ± 16)/3 = 12 and 4/3, eigenvectors (1, 1)/√2 and (1, −1)/√2
 *   scores of (3,3): 6/√2 = 4.2426 on PC1, 0 on PC2; of (1,−1): 0 on PC1, 2/√2 = 1.4142 on PC2
 */
const hand = Float32Array.of(3, 3, -3, -3, 1, -1, -1, 1);

describe('covariance', () => {
  it('matches the hand-computed covariance and means (with an offset added)', () => {
    const shifted = hand.map((v, i) => v + (i % 2 === 0 ? 10 : -5));
    const { mean, cov } = covariance(shifted, 4, 2);
    expect(Array.from(mean)).toEqual([10, -5]);
    expect(cov[0]).toBeCloseTo(20 / 3, 10);
    expect(cov[1]).toBeCloseTo(16 / 3, 10);
    expect(cov[2]).toBeCloseTo(16 / 3, 10);
    expect(cov[3]).toBeCloseTo(20 / 3, 10);
  });

  it('handles row counts that are not a multiple of the 4-row block', () => {
    // (1,2), (3,4), (5,0), (−1,2), (2,2): mean (2, 2); Σ dx² = 1+1+9+9+0 = 20 → 5; Σ dx·dy = 0+2+(−6)+0+0 = −4 → −1; Σ dy² = 0+4+4+0+0 = 8 → 2
    const { mean, cov } = covariance(Float32Array.of(1, 2, 3, 4, 5, 0, -1, 2, 2, 2), 5, 2);
    expect(Array.from(mean)).toEqual([2, 2]);
    expect(Array.from(cov).map((v) => +v.toFixed(10))).toEqual([5, -1, -1, 2]);
  });
});

describe('jacobiEigen', () => {
  it('decomposes [[2,1],[1,2]] into 3 and 1', () => {
    const { values, vectors } = jacobiEigen(Float64Array.of(2, 1, 1, 2), 2);
    const sorted = Array.from(values).sort((a, b) => b - a);
    expect(sorted[0]).toBeCloseTo(3, 12);
    expect(sorted[1]).toBeCloseTo(1, 12);
    const top = values[0] > values[1] ? 0 : 1;
    expect(Math.abs(vectors[top])).toBeCloseTo(Math.SQRT1_2, 12); // column `top` is ±(1,1)/√2
    expect(vectors[top] * vectors[2 + top]).toBeGreaterThan(0);
  });
});

describe('fitPca', () => {
  it('finds the hand-computed components, variances and scores', () => {
    const pca = fitPca(hand, 4, 2, 2);
    expect(pca.variances[0]).toBeCloseTo(12, 8);
    expect(pca.variances[1]).toBeCloseTo(4 / 3, 8);
    expect(pca.components[0]).toBeCloseTo(Math.SQRT1_2, 8);
    expect(pca.components[1]).toBeCloseTo(Math.SQRT1_2, 8);
    expect(pca.components[2]).toBeCloseTo(Math.SQRT1_2, 8); // sign fixed: first (largest) entry positive
    expect(pca.components[3]).toBeCloseTo(-Math.SQRT1_2, 8);
    const scores = pcaTransform(pca, hand, 4);
    expect(scores[0]).toBeCloseTo(6 / Math.SQRT2, 5);
    expect(scores[1]).toBeCloseTo(0, 5);
    expect(scores[4]).toBeCloseTo(0, 5);
    expect(scores[5]).toBeCloseTo(2 / Math.SQRT2, 5);
  });

  it('agrees with a full eigen-decomposition of the covariance on random 30-d data (top 3)', () => {
    const n = 200, d = 30, r = mulberry32(7);
    // Columns with decreasing spread so the top components are well separated.
    const data = new Float32Array(n * d).map((_, i) => (r() - 0.5) * (d - (i % d)));
    const pca = fitPca(data, n, d, 3);
    const { values, vectors } = jacobiEigen(covariance(data, n, d).cov, d);
    const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a]);
    for (let c = 0; c < 3; c++) {
      expect(pca.variances[c]).toBeCloseTo(values[order[c]], 4);
      let dot = 0;
      for (let j = 0; j < d; j++) dot += pca.components[c * d + j] * vectors[j * d + order[c]];
      expect(Math.abs(dot)).toBeGreaterThan(0.999);
    }
  });

  it('is deterministic', () => {
    const r = mulberry32(3);
    const data = new Float32Array(50 * 20).map(() => r());
    expect(fitPca(data, 50, 20, 5).components).toEqual(fitPca(data, 50, 20, 5).components);
  });
});
