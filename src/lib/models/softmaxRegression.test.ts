import { describe, expect, it } from 'vitest';
import { fitSoftmax, predictSoftmax } from './softmaxRegression';
import { denseDesign, sparseDesign } from './design';
import { minimizeLbfgs } from './lbfgs';
import { argmaxRows, balancedAccuracy, perClassScores } from './metrics';
import { gaussianBlobs } from './testing/synthetic';
import { balancedClassWeights } from './cv';

function split(n: number, nTrain: number) {
  return { train: Int32Array.from({ length: nTrain }, (_, i) => i), test: Int32Array.from({ length: n - nTrain }, (_, i) => nTrain + i) };
}

function rowsOf(data: Float32Array, d: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(data.subarray(r * d, r * d + d), i * d));
  return out;
}

describe('L-BFGS', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const res = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0], x[1]];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIter: 500, gtol: 1e-8 },
    );
    expect(res.x[0]).toBeCloseTo(1, 4);
    expect(res.x[1]).toBeCloseTo(1, 4);
  });
});

describe('softmax regression', () => {
  it('separable blobs → balanced accuracy > 0.9 on new rows', () => {
    const { X, y } = gaussianBlobs({ n: 400, d: 50, k: 4, seed: 3, separation: 8 });
    const { train, test } = split(400, 300);
    const m = fitSoftmax(denseDesign(rowsOf(X.data, 50, train), 300, 50), y.subarray(0, 300), 4, { l2: 0.01 });
    const p = predictSoftmax(m, denseDesign(rowsOf(X.data, 50, test), 100, 50));
    expect(balancedAccuracy(y.subarray(300), argmaxRows(p, 4), 4)).toBeGreaterThan(0.9);
    for (let i = 0; i < 100; i++) expect(p[i * 4] + p[i * 4 + 1] + p[i * 4 + 2] + p[i * 4 + 3]).toBeCloseTo(1, 5);
  });

  it('is bit-identical across runs', () => {
    const { X, y } = gaussianBlobs({ n: 120, d: 30, k: 3, seed: 5, separation: 2 });
    const Xd = Float64Array.from(X.data);
    const a = fitSoftmax(denseDesign(Xd, 120, 30), y, 3, { l2: 0.05 });
    const b = fitSoftmax(denseDesign(Xd, 120, 30), y, 3, { l2: 0.05 });
    expect(Buffer.from(a.W.buffer).equals(Buffer.from(b.W.buffer))).toBe(true);
    expect(a.b).toEqual(b.b);
  });

  it('stops at a stationary point: weighted intercept gradients vanish', () => {
    // At the optimum of Σ w CE / Σ w + l2/2 ‖W‖², the intercept gradients vanish: Σ_i w_i (p_ic − y_ic) = 0.
    const { X, y } = gaussianBlobs({ n: 90, d: 8, k: 3, seed: 8, separation: 1 });
    const Xd = Float64Array.from(X.data);
    const w = Float64Array.from([1, 2, 0.5]);
    const m = fitSoftmax(denseDesign(Xd, 90, 8), y, 3, { l2: 0.1, classWeights: w, gtol: 1e-10 });
    const p = predictSoftmax(m, denseDesign(Xd, 90, 8));
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let i = 0; i < 90; i++) s += w[y[i]] * (p[i * 3 + c] - (y[i] === c ? 1 : 0));
      expect(Math.abs(s)).toBeLessThan(1e-3);
    }
  });

  it('dense and sparse designs give the same model', () => {
    const { X, y } = gaussianBlobs({ n: 60, d: 6, k: 2, seed: 9, separation: 2 });
    const Xd = Float64Array.from(X.data);
    const indptr = Int32Array.from({ length: 61 }, (_, r) => r * 6);
    const indices = Int32Array.from({ length: 360 }, (_, i) => i % 6);
    const sparse = sparseDesign({ rows: 60, cols: 6, indptr, indices, values: Xd });
    const a = fitSoftmax(denseDesign(Xd, 60, 6), y, 2, { l2: 0.1 });
    const b = fitSoftmax(sparse, y, 2, { l2: 0.1 });
    a.W.forEach((v, i) => expect(v).toBeCloseTo(b.W[i], 6));
  });

  it('class weighting raises minority recall on imbalanced data', () => {
    const { X, y } = gaussianBlobs({ n: 1000, d: 10, k: 2, seed: 12, separation: 1.5, proportions: [0.9, 0.1] });
    const { train, test } = split(1000, 700);
    const Xtr = denseDesign(rowsOf(X.data, 10, train), 700, 10);
    const Xte = denseDesign(rowsOf(X.data, 10, test), 300, 10);
    const ytr = y.subarray(0, 700);
    const yte = y.subarray(700);
    const recall = (weights?: Float64Array) => {
      const m = fitSoftmax(Xtr, ytr, 2, { l2: 0.01, classWeights: weights });
      return perClassScores(yte, argmaxRows(predictSoftmax(m, Xte), 2), ['major', 'minor'])[1].recall;
    };
    const unweighted = recall();
    const weighted = recall(balancedClassWeights(y, train, 2));
    expect(weighted).toBeGreaterThan(unweighted + 0.15);
  });
});
