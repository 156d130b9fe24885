/**
 * The kept softmax regression exported as one TF.js Dense layer: standardisation folded in by hand-checked
 * arithmetic, and softmax(layer(raw features)) equal to FinalModel.predictProba on MobileNet-shaped inputs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fitFinalModel, softmaxCoverFixedL2 } from '..';
import { gaussianBlobs, inputFrom, range } from '../testing/synthetic';
import { Rng } from '../rng';
import { COLOUR_FEATURE_SIZE } from '../../features/colour';
import { foldStandardization, whyNotFoldable } from './foldHead';
import { loadDenseModel, saveDenseModel } from './tfjsModel';
import { modelCard, modelReadme, weightsFingerprintOf } from './modelCard';
import type { LinearHead } from '../types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('foldStandardization', () => {
  it('folds z-scores into the weights (hand-computed 2 classes × 2 features)', () => {
    const head: LinearHead = {
      groups: ['cover'],
      blocks: [{ offset: 0, width: 2, mean: Float64Array.of(1, -2), scale: Float64Array.of(2, 0.5) }],
      k: 2, d: 2,
      W: Float64Array.of(4, 1, -2, 3), // class 0: [4, 1], class 1: [-2, 3]
      b: Float64Array.of(0.5, -1),
    };
    const f = foldStandardization(head);
    // W' = W / σ: class 0 [2, 2], class 1 [-1, 6]; kernel is inputDim × units.
    expect(Array.from(f.kernel)).toEqual([2, -1, 2, 6]);
    // b' = b − Σ μ W/σ: 0.5 − (1·2 + −2·2) = 2.5; −1 − (1·−1 + −2·6) = 12
    expect(Array.from(f.bias)).toEqual([2.5, 12]);
    expect(f.groups).toEqual([{ id: 'cover', width: 2 }]);
  });

  it('refuses groups that are not dense (one-hot categories)', () => {
    const head: LinearHead = { groups: ['cover', 'cat:artist'], blocks: [{ offset: 0, width: 1, mean: Float64Array.of(0), scale: Float64Array.of(1) }, null], k: 2, d: 3, W: new Float64Array(6), b: new Float64Array(2) };
    expect(whyNotFoldable(head)).toMatch(/cat:artist/);
    expect(() => foldStandardization(head)).toThrow(/cannot be exported/);
  });
});

/** MobileNet-like embeddings (post-ReLU average pools: ≥ 0, skewed, some dims almost always 0) plus colour stats. */
function realShaped(n: number, seed: number) {
  const { X, y } = gaussianBlobs({ n, d: 768, k: 4, seed, separation: 3 });
  const rng = new Rng(seed + 1);
  const cover = new Float32Array(X.data.length);
  for (let i = 0; i < cover.length; i++) {
    const j = i % 768;
    cover[i] = j % 50 === 0 ? (rng.uniform() < 0.03 ? 0.01 : 0) : Math.max(0, 0.4 + 0.3 * X.data[i]) * (1 + (j % 7));
  }
  const colour = new Float32Array(n * COLOUR_FEATURE_SIZE);
  for (let i = 0; i < colour.length; i++) colour[i] = rng.uniform() * (1 + (i % 5)) + 0.05 * y[Math.floor(i / COLOUR_FEATURE_SIZE)];
  return { input: inputFrom({ cover: { rows: n, cols: 768, data: cover }, colour: { rows: n, cols: COLOUR_FEATURE_SIZE, data: colour } }), y };
}

describe('exported TF.js model', () => {
  it('gives FinalModel.predictProba on raw inputs within 1e-5 and frees every tensor', async () => {
    const classNames = ['jazz', 'metal', 'pop', 'rock'];
    const train = realShaped(120, 3);
    const model = await fitFinalModel(train.input, train.y, classNames, { blueprintId: 'softmax-cover', featureGroups: ['cover', 'colour'] }, { registry: [softmaxCoverFixedL2(0.02)], rows: range(120) });
    const baseline = tf.memory().numTensors;
    const head = foldStandardization(model.linearHead!());
    expect(head.groups).toEqual([{ id: 'cover', width: 768 }, { id: 'colour', width: COLOUR_FEATURE_SIZE }]);
    const saved = await saveDenseModel(head);
    expect(tf.memory().numTensors).toBe(baseline);
    expect(saved.weights.byteLength).toBe((768 + COLOUR_FEATURE_SIZE + 1) * 4 * 4);

    // New albums, never seen in training.
    const fresh = realShaped(40, 9);
    const expected = model.predictProba(fresh.input);
    // model.json as a file holds it: through JSON text.
    const loaded = await loadDenseModel({ modelJson: JSON.parse(JSON.stringify(saved.modelJson)), weights: saved.weights });
    const raw = new Float32Array(40 * head.inputDim);
    for (let r = 0; r < 40; r++) {
      raw.set(fresh.input.dense.cover.data.subarray(r * 768, (r + 1) * 768), r * head.inputDim);
      raw.set(fresh.input.dense.colour.data.subarray(r * COLOUR_FEATURE_SIZE, (r + 1) * COLOUR_FEATURE_SIZE), r * head.inputDim + 768);
    }
    const got = tf.tidy(() => tf.softmax(loaded.predict(tf.tensor2d(raw, [40, head.inputDim])) as tf.Tensor2D).dataSync());
    loaded.dispose();
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
    expect(maxDiff).toBeLessThan(1e-5);
    // The check can fail: probabilities are not uniform, and an unfolded layer (raw W, b) disagrees.
    expect(Math.max(...expected)).toBeGreaterThan(0.6);
    const unfolded = tf.tidy(() => tf.softmax(tf.add(tf.matMul(tf.tensor2d(raw, [40, head.inputDim]), tf.tensor2d(Float32Array.from(model.linearHead!().W), [4, head.inputDim]), false, true), tf.tensor1d(Float32Array.from(model.linearHead!().b)))).dataSync());
    expect(Math.max(...Array.from(unfolded, (v, i) => Math.abs(v - expected[i])))).toBeGreaterThan(1e-2);
    expect(tf.memory().numTensors).toBe(baseline);
    model.dispose();
  }, 60_000);

  it('names the backbone, weights fingerprint, preprocessing and class order in labels.json', () => {
    const head = foldStandardization({ groups: ['cover'], blocks: [{ offset: 0, width: 768, mean: new Float64Array(768), scale: new Float64Array(768).fill(1) }], k: 2, d: 768, W: new Float64Array(1536), b: new Float64Array(2) });
    const facts: Parameters<typeof modelCard>[0] = {
      model: { key: 'softmax-cover@image-only', name: 'Regularized Softmax Regression', blueprintId: 'softmax-cover' },
      classNames: ['pop', 'rock'], head,
      backbone: { id: 'mobilenet_v1_0.75_224', format: 'layers', inputSize: 224, inputRange: [-1, 1], embeddingSize: 768, embeddingLayer: 'global_average_pooling2d_1', embeddingNode: null, embeddingCacheId: 'mobilenet_v1_0.75_224@0123456789abcdef/img1-224-r-1,1-fused', hubUrl: null },
      colourFeaturizerId: null, cv: null, trainingRows: 10, seed: 1,
    };
    const card = modelCard(facts);
    expect(card.backbone?.weightsFingerprint).toBe('0123456789abcdef');
    expect(card.classNames).toEqual(['pop', 'rock']);
    expect(card.preprocessing?.inputRange).toEqual([-1, 1]);
    expect(card.input).toMatchObject({ dims: 768, groups: [{ id: 'cover', width: 768 }] });
    const readme = modelReadme(card);
    expect(readme).toContain("getLayer('global_average_pooling2d_1')");
    expect(readme).toContain('.mul(0.00784313725490196).add(-1)'); // 2 / 255, then −1: [-1, 1]
    expect(readme).not.toContain('Not only the cover embedding');
    expect(weightsFingerprintOf('colour-v1/img1-224')).toBeNull();
    // A model that reads no embedding: no MobileNet in its snippet, no preprocessing claimed.
    const colourOnly = modelCard({ ...facts, backbone: null, colourFeaturizerId: 'colour-v1/img1-224' });
    expect(colourOnly.preprocessing).toBeNull();
    expect(modelReadme(colourOnly)).not.toContain('MOBILENET_URL');
    // Style statistics come from the network but are not its embedding: named, and fed as their own input.
    const styleHead = foldStandardization({ groups: ['style'], blocks: [{ offset: 0, width: 4, mean: new Float64Array(4), scale: new Float64Array(4).fill(1) }], k: 2, d: 4, W: new Float64Array(8), b: new Float64Array(2) });
    const style = modelCard({ ...facts, head: styleHead, backbone: { ...facts.backbone!, styleLayers: ['conv_pw_3_relu', 'conv_pw_13_relu'] } });
    expect(style.input.groups[0].source).toContain('mean and std of conv_pw_3_relu, conv_pw_13_relu');
    expect(modelReadme(style)).toContain('head.predict(tf.concat([styleFeatures /* [1, 4] */], 1))');
  });
});
