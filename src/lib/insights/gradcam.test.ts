import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { channelWeights, gradCamBatch, upsampleBilinear, weightedMap } from './gradcam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 2×2×3 feature map, positions row-major, channels last. */
const A = [1, 0, 2, /**/ 0, 3, 1, /**/ 2, 1, 0, /**/ 0, 0, 4];
const MEAN = [0.5, 1, 1];
const SCALE = [2, 0.5, 1];
const W = [
  [1, -1, 0.5],
  [-2, 1, 0],
];
const B = [0.1, -0.2];

/** The standardised linear head: ((e − mean) / scale)·Wᵀ + b. */
const linearHead = (e: tf.Tensor2D) => e.sub(MEAN).div(SCALE).matMul(tf.tensor2d(W), false, true).add(B) as tf.Tensor2D;

describe('pure Grad-CAM math', () => {
  it('averages gradients over positions per channel', () => {
    const grad = [1, 2, 0, /**/ 3, -2, 0, /**/ 0, 0, 8, /**/ 0, 4, 0];
    expect(Array.from(channelWeights(grad, 2, 2, 3))).toEqual([1, 1, 2]);
  });

  it('weights channels, applies ReLU and normalises by the maximum', () => {
    // Scores at positions: 0.375, −1.375, −0.25, 0.5 → ReLU → / 0.5.
    expect(Array.from(weightedMap(A, [0.125, -0.5, 0.125], 2, 2, 3))).toEqual([0.75, 0, 0, 1]);
  });

  it('gives an all-zero map (no NaN) when no position has positive evidence', () => {
    expect(Array.from(weightedMap(A, [-1, -1, -1], 2, 2, 3))).toEqual([0, 0, 0, 0]);
    expect(Array.from(weightedMap(new Float32Array(12), [1, 1, 1], 2, 2, 3))).toEqual([0, 0, 0, 0]);
  });

  it('upsamples with half-pixel centres, clamped at the edges', () => {
    const up = upsampleBilinear([0, 1, 2, 3], 2, 2, 4, 4);
    // Output (0, 0) samples source (−¼, −¼) → clamped to pixel (0, 0); (1, 1) samples (¼, ¼).
    expect(up[0]).toBeCloseTo(0, 6);
    expect(up[1 * 4 + 1]).toBeCloseTo(0.75 * 0.25 * 1 + 0.25 * 0.75 * 2 + 0.25 * 0.25 * 3, 6);
    expect(up[15]).toBeCloseTo(3, 6);
  });

  it('matches tf.image.resizeBilinear with halfPixelCenters', () => {
    const map = Float32Array.from({ length: 49 }, (_, i) => Math.sin(i * 1.7) + 1);
    const want = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(map, [1, 7, 7, 1]), [30, 45], false, true).dataSync());
    const got = upsampleBilinear(map, 7, 7, 30, 45);
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
  });
});

describe('gradCamBatch (tf.grad through GAP and the head)', () => {
  it('equals the hand-computed map of a linear head with known weights, mean and scale', async () => {
    const fm = tf.tensor4d([...A, ...A], [2, 2, 2, 3]);
    const before = tf.memory().numTensors;
    // Class 0: α_j = W₀ⱼ / (scale_j · 4) = [0.125, −0.5, 0.125]; class 1: α = [−0.25, 0.5, 0].
    const { maps, h, w } = await gradCamBatch(fm, linearHead, Int32Array.from([0, 1]));
    expect([h, w]).toEqual([2, 2]);
    Array.from(maps[0]).forEach((v, i) => expect(v).toBeCloseTo([0.75, 0, 0, 1][i], 5));
    Array.from(maps[1]).forEach((v, i) => expect(v).toBeCloseTo([0, 1, 0, 0][i], 5));
    expect(tf.memory().numTensors).toBe(before);
    fm.dispose();
  });

  it('peaks in the corner where the evidence for the class sits (non-linear head)', async () => {
    // Channel 0 fires only in the bottom-right 2×2 corner of a 7×7 map, channel 1 everywhere a little.
    const h = 7, w = 7, c = 2;
    const data = new Float32Array(h * w * c);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        data[(y * w + x) * c] = y >= 5 && x >= 5 ? 3 : 0;
        data[(y * w + x) * c + 1] = 0.2;
      }
    const fm = tf.tensor4d(data, [1, h, w, c]);
    const head = (e: tf.Tensor2D) => tf.tidy(() => tf.concat([tf.tanh(e.matMul(tf.tensor2d([[2], [-1]]))), tf.zeros([e.shape[0], 1])], 1) as tf.Tensor2D);
    const before = tf.memory().numTensors;
    const { maps } = await gradCamBatch(fm, head, Int32Array.from([0]));
    const m = maps[0];
    expect(m[6 * w + 6]).toBe(1);
    expect(m[0]).toBe(0);
    expect(Math.max(...m.subarray(0, 5 * w))).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    fm.dispose();
  });
});
