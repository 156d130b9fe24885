/**
 * A folded softmax head (foldHead.ts) as a TF.js layers model: one Dense layer, raw features in, logits out,
 * saved through tf.io.withSaveHandler into model.json + one weights file (what tf.loadLayersModel reads).
 */
import * as tf from '@tensorflow/tfjs';
import type { FoldedHead } from './foldHead';

export const WEIGHTS_FILE = 'group1-shard1of1.bin';

export interface SavedLayersModel {
  /** model.json: topology + weights manifest pointing at WEIGHTS_FILE. */
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

/** The head as a tf.Sequential; the caller disposes it. */
export function denseModelOf(head: FoldedHead): tf.Sequential {
  const model = tf.sequential({ name: 'cover_genre_head' });
  model.add(tf.layers.dense({ name: 'logits', inputShape: [head.inputDim], units: head.units, activation: 'linear' }));
  const values = [tf.tensor2d(head.kernel, [head.inputDim, head.units]), tf.tensor1d(head.bias)];
  try {
    model.setWeights(values);
  } finally {
    tf.dispose(values);
  }
  return model;
}

export async function saveDenseModel(head: FoldedHead): Promise<SavedLayersModel> {
  const model = denseModelOf(head);
  let saved: SavedLayersModel | null = null;
  try {
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const data = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
        saved = {
          modelJson: {
            format: artifacts.format ?? 'layers-model',
            generatedBy: artifacts.generatedBy,
            convertedBy: 'Cover Genre Studio',
            modelTopology: artifacts.modelTopology,
            weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
          },
          weights: new Uint8Array(data),
        };
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.byteLength } };
      }),
    );
  } finally {
    model.dispose();
  }
  return saved!;
}

/** Reads a SavedLayersModel back (tests, and anyone checking an export) without a server. */
export function loadDenseModel(saved: SavedLayersModel): Promise<tf.LayersModel> {
  const json = saved.modelJson as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const weightData = saved.weights.slice().buffer as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData }));
}
