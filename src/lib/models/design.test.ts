import { describe, expect, it } from 'vitest';
import { denseDesign, denseDesignScalar } from './design';
import { Rng } from './rng';
import { simdKernels } from './kernels/simdKernels';

const rand = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.normal());

/** |got − want| within f64 rounding relative to the size of the sums. */
function expectClose(got: Float64Array, want: Float64Array, mass: number) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-12 * mass);
}

describe('dense design on WebAssembly SIMD', () => {
  it('runs here (as in every current browser)', () => expect(simdKernels()).not.toBeNull());

  it('gives the plain loops\u2019 scores and gradients for odd and even shapes, its subsets too, call after call', () => {
    const rng = new Rng(5);
    for (const [rows, cols, k] of [[1, 1, 1], [3, 5, 2], [7, 808, 12], [240, 240, 12], [9, 4, 5]]) {
      const X = rand(rng, rows * cols);
      const simd = denseDesign(X, rows, cols);
      const plain = denseDesignScalar(X, rows, cols);
      const mass = cols * rows * 10;
      for (let call = 0; call < 3; call++) {
        const W = rand(rng, k * cols);
        const R = rand(rng, rows * k);
        const got = new Float64Array(rows * k);
        const want = new Float64Array(rows * k);
        simd.scores(W, k, got);
        plain.scores(W, k, want);
        expectClose(got, want, mass);
        // Gradients add to what G holds.
        const G0 = rand(rng, k * cols);
        const g = G0.slice();
        const h = G0.slice();
        simd.addGradient(R, k, g);
        plain.addGradient(R, k, h);
        expectClose(g, h, mass);
      }
      const idx = Int32Array.from({ length: Math.ceil(rows / 2) }, (_, i) => (i * 2) % rows);
      const W = rand(rng, k * cols);
      const got = new Float64Array(idx.length * k);
      const want = new Float64Array(idx.length * k);
      simd.subset(idx).scores(W, k, got);
      plain.subset(idx).scores(W, k, want);
      expectClose(got, want, mass);
      // By hand: row 0 of X against class 0 of W.
      let s = 0;
      for (let j = 0; j < cols; j++) s += X[j] * W[j];
      expect(got[0]).toBeCloseTo(s, 9);
    }
  });

  it('keeps designs apart, and places one again after the kernels’ memory was recycled', () => {
    const rng = new Rng(9);
    // 20 small ones, then six of ~34 MB each (X and Xᵀ) that overflow the 64 MB / 4 × largest zone.
    const shapes = [...Array.from({ length: 20 }, () => [50, 33]), ...Array.from({ length: 6 }, () => [1000, 2100])];
    const designs = shapes.map(([rows, cols]) => {
      const X = rand(rng, rows * cols);
      return { rows, cols, simd: denseDesign(X, rows, cols), plain: denseDesignScalar(X, rows, cols) };
    });
    for (const order of [designs, [...designs].reverse()]) {
      for (const d of order) {
        const W = rand(rng, 2 * d.cols);
        const got = new Float64Array(d.rows * 2);
        const want = new Float64Array(d.rows * 2);
        d.simd.scores(W, 2, got);
        d.plain.scores(W, 2, want);
        expectClose(got, want, d.cols * 10);
      }
    }
  });
});
