import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { softmaxCoverFixedL2 } from './blueprints/softmaxCover';
import { snnCover } from './blueprints/snn';
import { colourSoftmax } from './blueprints/colourSoftmax';
import { fitFinalModel } from './leaderboard';
import { balancedClassWeights } from './cv';
import { gaussianBlobs, inputFrom, range } from './testing/synthetic';
import { fitDenseEncoder } from './encode';
import type { FittedModel, ModelInput } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { X: cover, y } = gaussianBlobs({ n: 120, d: 12, k: 3, seed: 3, separation: 4 });
const { X: colour } = gaussianBlobs({ n: 120, d: 4, k: 3, seed: 9, separation: 1 });
// Cover in the middle of the encoded columns: colour before it, a categorical after it.
const input: ModelInput = inputFrom({ colour, cover }, { categorical: { label: Array.from({ length: 120 }, (_, i) => ['a', 'b', 'c'][i % 3]) } });
const groups = ['colour', 'cover', 'cat:label'];
const train = range(100);
const idx = Int32Array.from([100, 105, 119]);
const coverRows = () => tf.tensor2d(Float32Array.from([...idx].flatMap((r) => Array.from(cover.data.subarray(r * 12, r * 12 + 12)))), [idx.length, 12]);
const opts = { nClasses: 3, classWeights: balancedClassWeights(y, train, 3), seed: 1, featureGroups: groups };

function expectSoftmaxMatchesProba(m: FittedModel | { coverScores?: FittedModel['coverScores']; predictProba(i: ModelInput, r: Int32Array): Float32Array }) {
  const before = tf.memory().numTensors;
  const x = coverRows();
  const p = tf.tidy(() => tf.softmax(m.coverScores!(input, idx)(x)).dataSync());
  const want = m.predictProba(input, idx);
  p.forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
  x.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

describe('coverScores (differentiable scores of the raw cover embedding)', () => {
  it('exposes the encoder offset and z-score map of a dense group', () => {
    const enc = fitDenseEncoder(input, groups, train, y);
    const aff = enc.denseAffine('cover')!;
    expect([aff.offset, aff.width]).toEqual([4, 12]);
    const row = enc.transform(input, Int32Array.from([7]));
    expect(row[4 + 2]).toBeCloseTo((cover.data[7 * 12 + 2] - aff.mean[2]) / aff.scale[2], 6);
    expect(enc.denseAffine('lyrics')).toBeNull();
  });

  it('softmax regression: softmax(scores) = predictProba, and the gradient is the constant slope of the log-odds', async () => {
    const m = await softmaxCoverFixedL2(0.01).fit(input, train, y, opts);
    expectSoftmaxMatchesProba(m);
    const first = idx.subarray(0, 1);
    const scores = m.coverScores!(input, first);
    const gradOf = (c: number) =>
      tf.tidy(() => tf.grad((x: tf.Tensor) => scores(x as tf.Tensor2D).slice([0, c], [1, 1]).sum())(coverRows().slice([0, 0], [1, 12])).dataSync());
    // The head is linear in the cover, so log(p1/p0) moves by exactly (∂s1 − ∂s0)/∂cover_j per unit step of cover_j.
    const odds = (inp: ModelInput) => {
      const p = m.predictProba(inp, first);
      return Math.log(p[1] / p[0]);
    };
    const shifted = Float32Array.from(cover.data);
    shifted[idx[0] * 12 + 5] += 1;
    const slope = odds({ ...input, dense: { ...input.dense, cover: { ...cover, data: shifted } } }) - odds(input);
    expect(Math.abs(slope)).toBeGreaterThan(1e-3);
    expect(gradOf(1)[5] - gradOf(0)[5]).toBeCloseTo(slope, 3);
    m.dispose();
  });

  it('SNN: softmax(scores) = predictProba (no dropout on the gradient path)', async () => {
    const m = await snnCover.fit(input, train, y, { ...opts, featureGroups: ['cover', 'colour'] });
    expectSoftmaxMatchesProba(m);
    m.dispose();
  });

  it('blend: log of the mean member probability, a member without the cover held fixed', async () => {
    const final = await fitFinalModel(input, y, ['a', 'b', 'c'], { key: 'blend', blueprintId: 'blender', name: 'Blend', featureGroups: groups, memberSpecs: [
      { blueprintId: 'softmax-cover', featureGroups: groups },
      { blueprintId: 'colour-softmax', featureGroups: ['colour'] },
    ] } as never, { rows: train, registry: [softmaxCoverFixedL2(0.01), colourSoftmax] });
    expect(final.coverScores).toBeDefined();
    expectSoftmaxMatchesProba(final);
    final.dispose();
    const colourOnly = await fitFinalModel(input, y, ['a', 'b', 'c'], { blueprintId: 'colour-softmax', featureGroups: ['colour'] }, { rows: train, registry: [colourSoftmax] });
    expect(colourOnly.coverScores).toBeUndefined();
  });
});
