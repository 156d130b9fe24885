import { describe, expect, it } from 'vitest';
import { chooseL2, DEFAULT_C_GRID, denseSearchDesign, describeChoice, FALLBACK_C, innerClassWeights, tunedCOf, type L2Choice } from './l2Search';
import { rowSpaceCoordinates } from './rowSpace';
import { denseDesign } from './design';
import { fitSoftmax } from './softmaxRegression';
import { applyStandardizer, fitStandardizer } from './standardize';
import { balancedClassWeights } from './cv';
import { Rng } from './rng';
import { gaussianBlobs, inputFrom, range } from './testing/synthetic';
import { softmaxCover, softmaxCoverFixedL2 } from './blueprints/softmaxCover';
import type { FeatureMatrix } from './types';

function standardized(X: ArrayLike<number>, n: number, d: number): Float64Array {
  const s = fitStandardizer(X, d, range(n));
  const out = new Float64Array(n * d);
  applyStandardizer(s, X, d, range(n), out, d, 0);
  return out;
}

/**
 * Where weak regularisation wins: every column is a large shared factor plus small noise, and the classes differ
 * only in columns 0 and 1. The mean difference (what strong L2 converges to) points along the shared factor's
 * noise; telling the classes apart needs column contrasts, i.e. large, finely balanced weights.
 */
function sharedFactor(n: number, d: number, seed: number): { X: FeatureMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const s = rng.normal() * 5;
    for (let j = 0; j < d; j++) data[i * d + j] = s + 0.3 * rng.normal() + (j === 0 ? y[i] : j === 1 ? Number(y[i] === 2) : 0);
  }
  return { X: { rows: n, cols: d, data }, y };
}

/** Where strong regularisation wins: few rows, many noisy isotropic dimensions. */
function noisyBlobs() {
  return gaussianBlobs({ n: 90, d: 200, k: 3, seed: 5, separation: 3 });
}

async function choose(X: FeatureMatrix, y: Int32Array, seed = 1): Promise<L2Choice> {
  const Xs = standardized(X.data, X.rows, X.cols);
  return chooseL2(denseSearchDesign(Xs, X.rows, X.cols), y, 3, { seed, classWeights: balancedClassWeights(y, range(X.rows), 3) });
}

const bestIndex = (c: L2Choice) => c.path.findIndex((p) => p.C === c.C);

describe('L2 strength by inner CV', () => {
  it('picks strong regularisation for noisy wide data and weak for shared-factor data', async () => {
    const blobs = noisyBlobs();
    const shared = sharedFactor(150, 10, 9);
    const strong = await choose(blobs.X, blobs.y);
    const weak = await choose(shared.X, shared.y);
    expect(strong.C).toBeLessThanOrEqual(DEFAULT_C_GRID[2]);
    expect(weak.C).toBeGreaterThanOrEqual(DEFAULT_C_GRID[4]);
    expect(weak.innerScore).toBeGreaterThan(weak.path[0].score + 0.2);
    // l2 = 1 / (C · Σw), Σw = n with balanced weights
    expect(strong.l2).toBeCloseTo(1 / (strong.C * 90), 10);
    expect(weak.l2).toBeCloseTo(1 / (weak.C * 150), 10);
  });

  it('the blueprint chooses accordingly, exposes the choice in describe(), and refits at that strength', async () => {
    const fitOn = async (X: FeatureMatrix, y: Int32Array) => {
      const m = await softmaxCover.fit(inputFrom({ cover: X }), range(X.rows), y, {
        nClasses: 3,
        classWeights: balancedClassWeights(y, range(X.rows), 3),
        seed: 3,
        featureGroups: ['cover'],
      });
      return m.describe!();
    };
    const blobs = noisyBlobs();
    const shared = sharedFactor(150, 10, 9);
    const strong = await fitOn(blobs.X, blobs.y);
    const weak = await fitOn(shared.X, shared.y);
    expect(strong.l2Choice).toBe('inner CV');
    expect(weak.l2Choice).toBe('inner CV');
    expect(strong.l2 as number).toBeGreaterThan(100 * (weak.l2 as number));
    expect(strong.C as number).toBeLessThan(weak.C as number);
    expect(strong.l2Path).toMatch(/^0\.0001:0\.\d{3}( [\d.e-]+:[\d.]+)*$/);
    expect(typeof strong.innerBalancedAccuracy).toBe('number');
  });

  it('ties go to the stronger regularisation, and the path stops `patience` values after the best', async () => {
    const easy = gaussianBlobs({ n: 60, d: 20, k: 3, seed: 2, separation: 30 });
    const c = await choose(easy.X, easy.y);
    expect(c.path.every((p) => p.score === 1)).toBe(true);
    expect(c.C).toBe(DEFAULT_C_GRID[0]);
    expect(c.path).toHaveLength(3); // best + patience 2
    for (const data of [noisyBlobs(), sharedFactor(150, 10, 9)]) {
      const ch = await choose(data.X, data.y);
      expect(ch.path.length - 1 - bestIndex(ch)).toBeLessThanOrEqual(2);
      expect(Math.max(...ch.path.map((p) => p.score))).toBe(ch.innerScore);
      expect(ch.path.slice(0, bestIndex(ch)).every((p) => p.score < ch.innerScore)).toBe(true);
    }
  });

  it('is deterministic for a seed', async () => {
    const { X, y } = noisyBlobs();
    const a = await choose(X, y, 11);
    const b = await choose(X, y, 11);
    expect(b).toEqual(a);
  });

  it('uses the training rows only: changing the other rows changes neither the choice nor the model', async () => {
    const n = 150;
    const { X, y } = sharedFactor(n, 10, 9);
    const train = Int32Array.from({ length: 100 }, (_, i) => i);
    const altered = { ...X, data: X.data.slice() };
    const y2 = y.slice();
    const rng = new Rng(99);
    for (let r = 100; r < n; r++) {
      for (let j = 0; j < X.cols; j++) altered.data[r * X.cols + j] = 100 * rng.normal();
      y2[r] = (y[r] + 1) % 3;
    }
    const fit = async (m: FeatureMatrix, labels: Int32Array) => {
      const model = await softmaxCover.fit(inputFrom({ cover: m }), train, labels, {
        nClasses: 3,
        classWeights: balancedClassWeights(labels, train, 3),
        seed: 5,
        featureGroups: ['cover'],
      });
      // predict the same (original) rows with both models
      return { describe: model.describe!(), proba: model.predictProba(inputFrom({ cover: X }), range(n)) };
    };
    const a = await fit(X, y);
    const b = await fit(altered, y2);
    expect(b.describe).toEqual(a.describe);
    expect(b.proba).toEqual(a.proba);
  });

  it('with groups, inner folds keep groups whole (no reward for memorising a group)', async () => {
    // 24 groups, 8 per class; a group's rows sit around its own random centre and nothing else marks the class.
    const rng = new Rng(17);
    const d = 30;
    const perGroup = 6;
    const nGroups = 24;
    const n = nGroups * perGroup;
    const data = new Float32Array(n * d);
    const y = new Int32Array(n);
    const groups: string[] = [];
    for (let g = 0; g < nGroups; g++) {
      const centre = Array.from({ length: d }, () => 3 * rng.normal());
      for (let i = 0; i < perGroup; i++) {
        const r = g * perGroup + i;
        y[r] = g % 3;
        groups.push(`g${g}`);
        for (let j = 0; j < d; j++) data[r * d + j] = centre[j] + 0.5 * rng.normal();
      }
    }
    const X = standardized(data, n, d);
    const base = { seed: 1, classWeights: balancedClassWeights(y, range(n), 3) };
    const plain = await chooseL2(denseDesign(X, n, d), y, 3, base);
    const grouped = await chooseL2(denseDesign(X, n, d), y, 3, { ...base, groups });
    expect(plain.innerScore).toBeGreaterThan(0.9);
    expect(grouped.innerScore).toBeLessThan(0.6);
    const single = await chooseL2(denseDesign(X, n, d), y, 3, { ...base, groups: groups.map(() => 'one') });
    expect(single.innerFolds).toBe(0);
    expect(single.C).toBe(FALLBACK_C);
  });

  it('falls back to a middle C when there are too few rows for inner folds', async () => {
    const { X, y } = gaussianBlobs({ n: 5, d: 4, k: 2, seed: 1, separation: 3 });
    const c = await chooseL2(denseDesign(standardized(X.data, 5, 4), 5, 4), y, 2, { seed: 1 });
    expect(c.innerFolds).toBe(0);
    expect(c.C).toBe(FALLBACK_C);
    expect(c.l2).toBeCloseTo(1 / (FALLBACK_C * 5), 12);
  });

  it('inner class weights keep each class’s share of the weight and the inner rows’ total', () => {
    const y = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2]);
    const w = balancedClassWeights(y, range(y.length), 3);
    const yt = Int32Array.from([0, 0, 0, 1, 1, 2, 2, 2, 2]);
    const wi = innerClassWeights(y, yt, 3, w);
    const totals = [0, 0, 0];
    yt.forEach((c) => (totals[c] += wi[c]));
    expect(totals[0]).toBeCloseTo(totals[1], 12);
    expect(totals[1]).toBeCloseTo(totals[2], 12);
    const innerTotal = Array.from(yt).reduce((a, c) => a + w[c], 0);
    expect(totals[0] + totals[1] + totals[2]).toBeCloseTo(innerTotal, 12);
  });

  it('a fixed-l2 blueprint skips the search', async () => {
    const { X, y } = noisyBlobs();
    const m = await softmaxCoverFixedL2(0.01).fit(inputFrom({ cover: X }), range(90), y, {
      nClasses: 3,
      classWeights: balancedClassWeights(y, range(90), 3),
      seed: 1,
      featureGroups: ['cover'],
    });
    expect(m.describe!()).toMatchObject({ l2: 0.01, l2Choice: 'fixed' });
  });
});

describe('row-space coordinates', () => {
  it('Z·Zᵀ = X·Xᵀ with rank n − 1 for centred wide data, and fits on Z match fits on X', () => {
    const n = 40;
    const d = 120;
    const { X: M, y } = gaussianBlobs({ n, d, k: 3, seed: 4, separation: 2 });
    const X = standardized(M.data, n, d);
    const { Z, r } = rowSpaceCoordinates(X, n, d);
    expect(r).toBe(n - 1);
    let err = 0;
    let scale = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let kx = 0;
        let kz = 0;
        for (let t = 0; t < d; t++) kx += X[i * d + t] * X[j * d + t];
        for (let t = 0; t < r; t++) kz += Z[i * r + t] * Z[j * r + t];
        err = Math.max(err, Math.abs(kx - kz));
        scale = Math.max(scale, Math.abs(kx));
      }
    }
    expect(err / scale).toBeLessThan(1e-10);
    // the same penalised fit, and the same scores on every row
    const opts = { l2: 0.05, gtol: 1e-10, classWeights: balancedClassWeights(y, range(n), 3) };
    const onX = fitSoftmax(denseDesign(X, n, d), y, 3, opts);
    const onZ = fitSoftmax(denseDesign(Z, n, r), y, 3, opts);
    expect(onZ.loss).toBeCloseTo(onX.loss, 8);
    const sx = new Float64Array(n * 3);
    const sz = new Float64Array(n * 3);
    denseDesign(X, n, d).scores(onX.W, 3, sx);
    denseDesign(Z, n, r).scores(onZ.W, 3, sz);
    for (let i = 0; i < n * 3; i++) expect(sz[i] + onZ.b[i % 3]).toBeCloseTo(sx[i] + onX.b[i % 3], 5);
  });

  it('the search on row-space coordinates makes the same choice as on X', async () => {
    const { X: M, y } = noisyBlobs();
    const X = standardized(M.data, 90, 200);
    // A tight tolerance: the stopping test (max |gradient|) is not rotation-invariant, the optimum is.
    const opts = { seed: 2, classWeights: balancedClassWeights(y, range(90), 3), patience: 10, lbfgs: { gtol: 1e-6 } };
    const full = await chooseL2(denseDesign(X, 90, 200), y, 3, opts);
    const reduced = await chooseL2(denseSearchDesign(X, 90, 200), y, 3, opts);
    expect(reduced.C).toBe(full.C);
    reduced.path.forEach((p, i) => expect(p.score).toBeCloseTo(full.path[i].score, 2));
  });
});

describe('a C already chosen by the CV', () => {
  it('is returned with l2 = 1 / (C · Σw) and no inner fit', async () => {
    const { X, y } = gaussianBlobs({ n: 60, d: 4, k: 2, seed: 1, separation: 2 });
    const w = Float64Array.of(2, 0.5);
    let sw = 0;
    for (const c of y) sw += w[c];
    const choice = await chooseL2(denseDesign(Float64Array.from(X.data), 60, 4), y, 2, { seed: 1, classWeights: w, tunedC: 0.04 });
    expect(choice).toMatchObject({ C: 0.04, path: [], innerFolds: 0, fromCv: true });
    expect(choice.l2).toBeCloseTo(1 / (0.04 * sw), 12);
    expect(describeChoice(choice)).toEqual({ l2Choice: 'CV folds', C: 0.04 });
  });

  it('tunedCOf: the median of the folds (the stronger middle one for an even count), none unless every fold searched', () => {
    const f = (C: number, l2Choice = 'inner CV') => ({ C, l2Choice });
    expect(tunedCOf([f(1), f(1e-4), f(0.01), f(0.1), f(0.01)])).toBe(0.01);
    expect(tunedCOf([f(0.1), f(0.001), f(1), f(0.01)])).toBe(0.01);
    expect(tunedCOf([f(0.1), f(0.01, 'too few rows')])).toBeUndefined();
    expect(tunedCOf([])).toBeUndefined();
  });
});
