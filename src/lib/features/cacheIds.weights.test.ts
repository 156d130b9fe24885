import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadBackboneFrom } from './backbone';
import { backboneSpec } from './backbones';
import { offlineKey } from './modelSource';
import { folderIOHandler, hasShared, sharedPath } from '../../testing/shared';

const ID = 'mobilenet_v1_0.75_224';

/** The model as a save writes it (what the IndexedDB copy holds), read back into memory. */
async function savedArtifacts(folder: string): Promise<tf.io.ModelArtifacts> {
  const model = await tf.loadLayersModel(folderIOHandler(folder));
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
  model.dispose();
  return saved!;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(!hasShared('models', ID))(`weights fingerprint of ${ID} (real weights)`, () => {
  it('is the same for the model folder and a saved copy, and differs when one weight differs', async () => {
    const spec = backboneSpec(ID);
    const baseline = tf.memory().numTensors;
    const fromFolder = await loadBackboneFrom(spec, folderIOHandler(sharedPath('models', ID)));
    const artifacts = await savedArtifacts(sharedPath('models', ID));
    const fromCopy = await loadBackboneFrom(spec, tf.io.fromMemory(artifacts));
    expect(fromCopy.weightsFingerprint).toBe(fromFolder.weightsFingerprint);
    expect(fromCopy.cacheId).toBe(fromFolder.cacheId);
    expect(fromFolder.cacheId.startsWith(`${ID}@`)).toBe(true);

    // Another "model folder" under the same network id: one float of the first weight changed.
    const weightData = (artifacts.weightData as ArrayBuffer).slice(0);
    new Float32Array(weightData, 0, 1)[0] += 0.5;
    const altered = await loadBackboneFrom(spec, tf.io.fromMemory({ ...artifacts, weightData }));
    expect(altered.weightsFingerprint).not.toBe(fromFolder.weightsFingerprint);
    expect(altered.cacheId).not.toBe(fromFolder.cacheId);
    // Its offline copy goes beside the original's, not over it.
    expect(offlineKey(spec, altered.weightsFingerprint)).not.toBe(offlineKey(spec, fromFolder.weightsFingerprint));

    [fromFolder, fromCopy, altered].forEach((b) => b.dispose());
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);
});
