import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { snnCover } from './blueprints/snn';
import { snnMultimodal } from './blueprints/snnMultimodal';
import { gaussianBlobs, inputFrom } from './testing/synthetic';
import { argmaxRows, balancedAccuracy } from './metrics';
import { balancedClassWeights } from './cv';
import { LYRICS } from './testing/lyrics';
import type { ModelInput } from './types';
import { fitSnn } from './snnNet';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rows = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);

describe('self-normalizing residual network', () => {
  const { X, y } = gaussianBlobs({ n: 400, d: 64, k: 3, seed: 21, separation: 7 });
  const input = inputFrom({ cover: X });
  const train = rows(0, 250);
  const test = rows(250, 400);
  const opts = { nClasses: 3, classWeights: balancedClassWeights(y, train, 3), seed: 4, featureGroups: ['cover'] };

  it('separable data → balanced accuracy > 0.9, tensors released after dispose', async () => {
    const before = tf.memory().numTensors;
    const m = await snnCover.fit(input, train, y, opts);
    const p = m.predictProba(input, test);
    m.dispose();
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(balancedAccuracy(Array.from(test, (r) => y[r]), argmaxRows(p, 3), 3)).toBeGreaterThan(0.9);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 5);
  });

  it('same seed → bit-identical predictions on the CPU backend; another seed differs', async () => {
    const run = async (seed: number) => {
      const m = await snnCover.fit(input, train, y, { ...opts, seed });
      const p = m.predictProba(input, test);
      m.dispose();
      return p;
    };
    const a = await run(4);
    const b = await run(4);
    const c = await run(5);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });

  it('honours an aborted signal and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(snnCover.fit(input, train, y, { ...opts, signal: ctrl.signal })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the trained net as tfjs ops (Grad-CAM)', () => {
  it('gives the logits whose softmax is predictProba, and holds no tensor', async () => {
    const { X, y } = gaussianBlobs({ n: 120, d: 20, k: 3, seed: 5, separation: 3 });
    const X64 = Float64Array.from(X.data);
    const before = tf.memory().numTensors;
    const net = await fitSnn(X64, 120, 20, y, 3, new Float64Array(3).fill(1), 1, undefined, { maxEpochs: 5 });
    expect(tf.memory().numTensors).toBe(before);
    const p = net.predictProba(X64, 120);
    const viaTf = tf.tidy(() => tf.softmax(net.logits(tf.tensor2d(X.data, [120, 20]))).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < p.length; i++) expect(viaTf[i]).toBeCloseTo(p[i], 5);
  });
});

describe('multimodal SNN', () => {
  it('uses cover + text and learns from the text when the cover is noise', async () => {
    const n = LYRICS.length * 4;
    const { X } = gaussianBlobs({ n, d: 16, k: 3, seed: 2, separation: 0 });
    const classNames = ['country', 'hiphop', 'metal'];
    const y = Int32Array.from({ length: n }, (_, i) => classNames.indexOf(LYRICS[i % LYRICS.length].genre));
    const input: ModelInput = inputFrom({ cover: X }, { text: { lyrics: Array.from({ length: n }, (_, i) => LYRICS[i % 30].lyrics) } });
    const list = { id: 'ct', name: 'cover + text', groups: ['cover', 'text:lyrics'] };
    expect(snnMultimodal.featureGroups(input, list)).toEqual(['cover', 'text:lyrics']);
    expect(snnMultimodal.requires(input, { id: 'i', name: 'image', groups: ['cover'] })).toBe(false);
    const before = tf.memory().numTensors;
    const train = rows(0, 90);
    const m = await snnMultimodal.fit(input, train, y, {
      nClasses: 3,
      classWeights: balancedClassWeights(y, train, 3),
      seed: 1,
      featureGroups: ['cover', 'text:lyrics'],
    });
    const test = rows(90, 120);
    const p = m.predictProba(input, test);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(balancedAccuracy(Array.from(test, (r) => y[r]), argmaxRows(p, 3), 3)).toBeGreaterThan(0.8);
  });
});
