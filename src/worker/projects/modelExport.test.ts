/**
 * "Export model" on the worker's kept model: a softmax regression leaves as a loadable TF.js model whose softmax
 * matches the app's probabilities, with labels.json and a README; a blend leaves as its recipe, saying why.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { fitFinalModel, softmaxCoverFixedL2, type Leaderboard, type LeaderboardEntry } from '../../lib/models';
import { gaussianBlobs, inputFrom, range } from '../../lib/models/testing/synthetic';
import { training } from '../training';
import { state } from '../state';
import { exportModelZip, modelExportInfo, noteEmbeddingId } from './modelExport';

const classNames = ['jazz', 'metal', 'pop'];
const { X, y } = gaussianBlobs({ n: 60, d: 12, k: 3, seed: 4, separation: 3 });
const colour = gaussianBlobs({ n: 60, d: 5, k: 3, seed: 5, separation: 1 }).X;
const input = inputFrom({ cover: X, colour });
const board = { entries: [] as LeaderboardEntry[], foldOf: new Int32Array(60), nFolds: 3, grouped: false, classWeighting: true } as unknown as Leaderboard;

beforeAll(async () => {
  await tf.setBackend('cpu');
  state.backbone = null;
  noteEmbeddingId('mobilenet_v1_0.75_224@00112233445566778899/img1-224-r-1,1-fused');
});

describe('exportModelZip', () => {
  it('exports a softmax regression as a TF.js model that scores like the app', async () => {
    training.finalModel = await fitFinalModel(input, y, classNames, { blueprintId: 'softmax-cover', featureGroups: ['cover', 'colour'] }, { registry: [softmaxCoverFixedL2(0.05)], rows: range(60) });
    Object.assign(training, { leaderboard: board, finalModelKey: 'softmax-cover@all', seed: 7 });
    expect(modelExportInfo()).toEqual({ tfjs: true, reason: null, ownFeatures: ['colour'] });
    const baseline = tf.memory().numTensors;
    const out = await exportModelZip();
    const files = unzipSync(out.zip);
    expect(Object.keys(files).sort()).toEqual(['README.md', 'group1-shard1of1.bin', 'labels.json', 'model.json', 'recipe.json']);
    const labels = JSON.parse(strFromU8(files['labels.json']));
    expect(labels.classNames).toEqual(classNames);
    expect(labels.backbone).toMatchObject({ id: 'mobilenet_v1_0.75_224', weightsFingerprint: '00112233445566778899' });
    expect(labels.input.groups).toEqual([expect.objectContaining({ id: 'cover', width: 12 }), expect.objectContaining({ id: 'colour', width: 5 })]);
    const readme = strFromU8(files['README.md']);
    expect(readme).toContain('Not only the cover embedding');
    expect(readme).toContain('head.predict(tf.concat([embed(pixels(img)), colourFeatures /* [1, 5] */], 1))');

    const json = JSON.parse(strFromU8(files['model.json']));
    const head = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: files['group1-shard1of1.bin'].slice().buffer }));
    const raw = new Float32Array(60 * 17);
    for (let r = 0; r < 60; r++) {
      raw.set(X.data.subarray(r * 12, r * 12 + 12), r * 17);
      raw.set(colour.data.subarray(r * 5, r * 5 + 5), r * 17 + 12);
    }
    const got = tf.tidy(() => tf.softmax(head.predict(tf.tensor2d(raw, [60, 17])) as tf.Tensor2D).dataSync());
    head.dispose();
    const want = training.finalModel.predictProba(input);
    expect(Math.max(...Array.from(want, (p, i) => Math.abs(p - got[i])))).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(baseline);
    training.finalModel.dispose();
  });

  it('exports a blend as its recipe and says why it is not TF.js', async () => {
    const blend = { key: 'blend@a+b', blueprintId: 'blender', name: 'Average Blender', featureGroups: ['cover', 'colour'], memberSpecs: [{ blueprintId: 'softmax-cover', featureGroups: ['cover'] }, { blueprintId: 'colour-softmax', featureGroups: ['colour'] }] } as unknown as LeaderboardEntry;
    training.finalModel = await fitFinalModel(input, y, classNames, blend, { rows: range(60) });
    expect(modelExportInfo()).toEqual({ tfjs: false, reason: 'the kept model is a blend of several models', ownFeatures: ['colour'] });
    const out = await exportModelZip();
    const files = unzipSync(out.zip);
    expect(Object.keys(files).sort()).toEqual(['README.md', 'recipe.json']);
    const recipe = JSON.parse(strFromU8(files['recipe.json']));
    expect(recipe.model.members).toHaveLength(2);
    expect(recipe.featurizer).toMatchObject({ backboneId: 'mobilenet_v1_0.75_224', inputRange: [-1, 1], weightsFingerprint: '00112233445566778899' });
    expect(strFromU8(files['README.md'])).toContain('Not exported in TF.js format: the kept model is a blend');
    training.finalModel.dispose();
    training.finalModel = null;
  }, 60_000);
});
