/**
 * Save → reload → restore on the worker's real training path: the leaderboard comes back unchanged and the
 * refitted kept model gives bit-identical probabilities (CPU backend here; see refit.test.ts for WASM).
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gaussianBlobs } from '../../lib/models/testing/synthetic';
import { FeatureCache } from '../../lib/store/featureCache';
import { decodeJson, encodeJson } from '../../lib/store/projectFormat';
import { COLOUR_FEATURIZER_ID, conceptsFeaturizerId } from '../../lib/features/featurize';
import { state } from '../state';
import { train, training } from '../training';
import { buildProjectDoc, clearTraining, denseCacheIds, restoreDataset, restoredImageHash, restoreFeatures, restoreTraining, type SavedProject } from './snapshot';
import { readCsv } from '../../lib/data/csv';
import type { FeaturizeSummary, TrainRequest } from '../protocol';
import type { ProjectUi } from './protocol';

const never = new AbortController().signal;
const genres = ['jazz', 'metal', 'pop'];
const request: TrainRequest = {
  featureLists: [{ id: 'image-only', name: 'image only', groups: ['cover'] }, { id: 'colour', name: 'colour', groups: ['colour'] }],
  folds: 3, seed: 11, holdout: true, grouped: false, leakageOverrides: [], fileNameAsFeature: false,
};
let featureCache: FeatureCache;

function vectors(d: number, seed: number, separation: number) {
  const { X, y } = gaussianBlobs({ n: 45, d, k: 3, seed, separation });
  return { y, rows: Array.from({ length: 45 }, (_, i) => X.data.slice(i * d, (i + 1) * d)) };
}

async function importSynthetic() {
  const cover = vectors(6, 1, 2.5);
  const colour = vectors(4, 2, 0.5);
  state.mapping = { cover: 'cover', target: 'genre', text: [], categorical: [], numeric: [], group: null, ignore: [] };
  state.csvPath = 'music/dataset.csv';
  state.table = { columns: ['cover', 'genre'], rows: [], delimiter: ',', warnings: [] };
  state.rows = cover.rows.map((_, i) => ({ rowIndex: i, coverPath: `covers/${i}.jpg`, imageHash: `h${i}`, target: genres[cover.y[i]], values: {} }));
  const hashes = state.rows.map((r) => r.imageHash);
  state.embeddings = new Map(hashes.map((h, i) => [h, cover.rows[i]]));
  state.colour = new Map(hashes.map((h, i) => [h, colour.rows[i]]));
  await featureCache.putBatch('net', hashes, Float32Array.from(cover.rows.flatMap((r) => [...r])), 6);
  await featureCache.putBatch(COLOUR_FEATURIZER_ID, hashes, Float32Array.from(colour.rows.flatMap((r) => [...r])), 4);
}

function uiWith(trainResult: ProjectUi['trainResult']): ProjectUi {
  return { opened: null, imported: null, backbone: null, features: { backboneId: 'net', colourOnly: false } as FeaturizeSummary, synthetic: false, trainResult, predictions: null };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  featureCache = await FeatureCache.open('snapshot-test');
  state.cache = Promise.resolve(featureCache);
});

describe('project snapshot of the worker state', () => {
  it('restores the same leaderboard and a kept model with identical predictions', async () => {
    await importSynthetic();
    const result = await train(request, never, () => {});
    const before = training.finalModel!.predictProba(training.input!);
    const board = training.leaderboard!;
    const keptKey = training.finalModelKey;
    // What IndexedDB / the zip hold: the document after a JSON round trip.
    const doc = decodeJson<SavedProject>(encodeJson(buildProjectDoc({ step: 'predict', ui: uiWith(result) }, 'p1', 1)));
    expect(doc.training?.rowIndices).toEqual(state.rows.map((_, i) => i));
    expect(doc.featureIds).toEqual(['net', COLOUR_FEATURIZER_ID, conceptsFeaturizerId('net')]);

    // A fresh page: nothing in memory but the feature cache.
    clearTraining();
    Object.assign(state, { rows: [], embeddings: new Map(), colour: new Map(), mapping: null, files: new Map() });
    const baseline = tf.memory().numTensors;

    const crops = new Map(doc.dataset.rows.map((r) => [r.imageHash, Uint8Array.of(1, 2, 3)]));
    expect(restoreDataset(doc, crops)).toEqual([]);
    expect(state.files.get('covers/7.jpg')?.type).toBe('image/jpeg');
    expect(await restoreFeatures(doc, featureCache)).toBe(0);
    await restoreTraining(doc.training!, never);

    expect(training.finalModelKey).toBe(keptKey);
    expect(training.leaderboard!.entries.map((e) => [e.key, e.cv?.balancedAccuracy])).toEqual(board.entries.map((e) => [e.key, e.cv?.balancedAccuracy]));
    expect(Array.from(training.leaderboard!.foldOf)).toEqual(Array.from(board.foldOf));
    const after = training.finalModel!.predictProba(training.input!);
    expect(Array.from(after)).toEqual(Array.from(before));
    training.finalModel!.dispose();
    training.finalModel = null;
    expect(tf.memory().numTensors).toBe(baseline);
  }, 60_000);

  it('never saves a previous dataset\'s leaderboard with newly imported rows', async () => {
    await importSynthetic();
    const result = await train(request, never, () => {});
    state.rows = state.rows.map((r) => ({ ...r })); // a new import: new row objects
    const doc = buildProjectDoc({ step: 'data', ui: uiWith(result) }, 'p2', 1);
    expect(doc.training).toBeNull();
    expect(doc.ui.trainResult).toBeNull();
  }, 60_000);

  it('keeps the CSV, so a reopened project can be checked and imported again with the original hashes', async () => {
    await importSynthetic();
    // Windows-1252 bytes (é = 0xE9): restored exactly as a dropped file is read, encoding detection included.
    const csv = Uint8Array.from([...new TextEncoder().encode('cover,genre,title\ncovers/0.jpg,jazz,caf'), 0xe9, 0x0a]);
    const doc = decodeJson<SavedProject>(encodeJson(buildProjectDoc({ step: 'data', ui: uiWith(null) }, 'p4', 1, 2, csv)));
    Object.assign(state, { table: null, files: new Map() });
    const crops = new Map(doc.dataset.rows.map((r) => [r.imageHash, Uint8Array.of(9, 9)]));
    restoreDataset(doc, crops);
    expect(state.table).toEqual(readCsv(csv));
    expect(state.table?.rows[0]).toMatchObject({ cover: 'covers/0.jpg', title: 'café' });
    expect(new Uint8Array(await state.files.get('music/dataset.csv')!.arrayBuffer())).toEqual(csv);
    // Every restored crop stands for its original image's hash; any other file has none.
    expect(state.rows.map((r) => restoredImageHash(state.files.get(r.coverPath)!))).toEqual(state.rows.map((r) => r.imageHash));
    expect(restoredImageHash(new File([Uint8Array.of(9, 9)], '0.jpg'))).toBeUndefined();
    // Saved before the CSV was kept: no table, as before (re-import needs the folder).
    restoreDataset({ ...doc, dataset: { ...doc.dataset, csv: undefined } }, crops);
    expect(state.table).toBeNull();
  });

  it('saves and restores every dense group under its own cache id (style too), keeping ids it cannot name now', async () => {
    await importSynthetic();
    const hashes = state.rows.map((r) => r.imageHash);
    const style = hashes.map((_, i) => Float32Array.of(i, -i, 0.5));
    await featureCache.putBatch('net:style-v1', hashes, Float32Array.from(style.flatMap((v) => [...v])), 3);
    state.dense.style = new Map(hashes.map((h, i) => [h, style[i]]));
    state.backbone = null; // an offline reopen: the network ids can only come from what was restored
    const ids = denseCacheIds({ cover: 'net', style: 'net:style-v1' });
    expect(ids).toEqual({ cover: 'net', style: 'net:style-v1', colour: COLOUR_FEATURIZER_ID });
    const doc = decodeJson<SavedProject>(encodeJson(buildProjectDoc({ step: 'models', ui: uiWith(null) }, 'p5', 1, 2, undefined, ids)));
    expect(doc.featureIds).toEqual(['net', COLOUR_FEATURIZER_ID, conceptsFeaturizerId('net'), 'net:style-v1']);
    state.dense = {};
    expect(await restoreFeatures(doc, featureCache)).toBe(0);
    expect(Object.keys(state.dense).sort()).toEqual(['colour', 'cover', 'style']);
    expect(Array.from(state.dense.style.get('h7')!)).toEqual([7, -7, 0.5]);
    // A group whose vectors are gone makes the project ask for features again.
    expect(await restoreFeatures({ ...doc, denseIds: { ...doc.denseIds, style: 'gone' } }, featureCache)).toBe(45);
  });

  it('reports covers whose features are no longer cached instead of training on fewer rows', async () => {
    await importSynthetic();
    const doc = buildProjectDoc({ step: 'features', ui: uiWith(null) }, 'p3', 1);
    const cleared = await FeatureCache.open('snapshot-empty');
    expect(await restoreFeatures(doc, cleared)).toBe(45);
  });
});
