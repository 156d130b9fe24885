import { describe, expect, it } from 'vitest';
import { liftFromRowSpace, rowSpaceCoordinates } from './rowSpace';
import { denseDesign } from './design';
import { fitSoftmax, predictSoftmax } from './softmaxRegression';
import { gaussianBlobs } from './testing/synthetic';

describe('a softmax fit on row-space coordinates, lifted back to the columns', () => {
  it('is the fit on the wide matrix itself: same weights, same probabilities for new rows', () => {
    const n = 30;
    const d = 100;
    const { X: m, y } = gaussianBlobs({ n: n + 5, d, k: 3, seed: 12, separation: 2 });
    const X = Float64Array.from(m.data.subarray(0, n * d));
    const fresh = Float64Array.from(m.data.subarray(n * d));
    const yt = y.subarray(0, n);
    const opts = { l2: 0.05, gtol: 1e-10 };
    const full = fitSoftmax(denseDesign(X, n, d), yt, 3, opts);
    const space = rowSpaceCoordinates(X, n, d);
    expect(space.r).toBe(n);
    const small = fitSoftmax(denseDesign(space.Z, n, space.r), yt, 3, opts);
    const W = liftFromRowSpace(small.W, 3, space, X, d);
    let maxDiff = 0;
    for (let i = 0; i < W.length; i++) maxDiff = Math.max(maxDiff, Math.abs(W[i] - full.W[i]));
    expect(maxDiff).toBeLessThan(1e-6);
    const lifted = { ...small, d, W };
    const a = predictSoftmax(lifted, denseDesign(fresh, 5, d));
    const b = predictSoftmax(full, denseDesign(fresh, 5, d));
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
  });
});
