import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync, existsSync } from 'node:fs';
import { embedBatch, loadBackboneFrom, type Backbone } from './backbone';
import { backboneSpec } from './backbones';
import { batchNet } from './featurize';
import { gradCamBatch } from '../insights/gradcam';

import { folderIOHandler, sharedPath } from '../../testing/shared';

/** A deterministic synthetic "cover": smooth colour gradients plus a block, values 0..255. */
function syntheticBatch(count: number): Float32Array {
  const size = 224;
  const out = new Float32Array(count * size * size * 3);
  for (let n = 0; n < count; n++)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const o = ((n * size + y) * size + x) * 3;
        const block = x > 60 + n * 20 && x < 140 && y > 50 && y < 170 ? 1 : 0;
        out[o] = (x * 255) / size;
        out[o + 1] = block ? 30 : (y * 255) / size;
        out[o + 2] = block ? 220 : ((n * 60) % 255);
      }
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['mobilenet_v1_0.75_224', 'mobilenet_v1_0.25_224_graph'])('backbone %s (real ImageNet weights)', (id) => {
  it('embeds a batch to the documented size, deterministically, without leaking tensors', async () => {
    const spec = backboneSpec(id);
    const backbone = await loadBackboneFrom(spec, folderIOHandler(sharedPath('models', id)));
    const baseline = tf.memory().numTensors;
    const pixels = syntheticBatch(3);

    const a = await embedBatch(backbone, pixels, 3, 224);
    const b = await embedBatch(backbone, pixels, 3, 224);
    expect(a.length).toBe(3 * spec.embeddingSize);
    expect(Array.from(a)).toEqual(Array.from(b));
    // Post-ReLU6 average pools: non-negative, bounded by 6, and not all zero.
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThanOrEqual(6);
    expect(a.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
    // Different images give different embeddings; one image embedded alone equals its slot in the batch.
    const first = a.subarray(0, spec.embeddingSize);
    const second = a.subarray(spec.embeddingSize, 2 * spec.embeddingSize);
    expect(Array.from(first)).not.toEqual(Array.from(second));
    const alone = await embedBatch(backbone, pixels.subarray(0, 224 * 224 * 3), 1, 224);
    alone.forEach((v, i) => expect(v).toBeCloseTo(first[i], 4));

    expect(tf.memory().numTensors).toBe(baseline);
    backbone.dispose();
  });

  it.runIf(id.endsWith('_graph'))("embeds each cover of a batch as the package's infer() embeds it alone", async () => {
    const backbone = await load(id);
    const net = (backbone as unknown as { net: { infer(x: tf.Tensor3D, embedding: boolean): tf.Tensor } }).net;
    const pixels = tf.tensor4d(syntheticBatch(2), [2, 224, 224, 3]);
    const batch = backbone.embed(pixels);
    for (let i = 0; i < 2; i++) {
      // One 224×224×3 image: infer() normalises it and skips its resize (a batch would be resized by it).
      const diff = tf.tidy(() => net.infer(pixels.slice([i], [1]).squeeze([0]) as tf.Tensor3D, true).reshape([-1]).sub(batch.slice([i], [1]).reshape([-1])).abs().max().dataSync()[0]);
      expect(diff).toBeLessThan(1e-4);
    }
    tf.dispose([pixels, batch]);
    backbone.dispose();
  });

  it('returns the embedding, the feature map it pools and ImageNet logits from one pass', async () => {
    const spec = backboneSpec(id);
    const backbone = await load(id);
    const baseline = tf.memory().numTensors;
    const pixels = tf.tensor4d(syntheticBatch(2), [2, 224, 224, 3]);
    const { embedding, featureMap, logits } = backbone.forward(pixels, { featureMap: true, logits: true });
    expect(featureMap!.shape).toEqual([2, 7, 7, spec.embeddingSize]);
    expect(logits!.shape).toEqual([2, 1000]);
    expect(backbone.classLabels!.length).toBe(1000);
    expect(backbone.classLabels![0]).toMatch(/^tench/);
    // The embedding is the global average pool of the feature map (what Grad-CAM differentiates through).
    const pooled = tf.tidy(() => tf.mean(featureMap!, [1, 2]).sub(embedding).abs().max().dataSync()[0]);
    expect(pooled).toBeLessThan(1e-4);
    const alone = backbone.embed(pixels);
    expect(tf.tidy(() => alone.sub(embedding).abs().max().dataSync()[0])).toBeLessThan(1e-4);
    // Top-5 indices as featurize() caches them, one row per cover.
    const { embedding: e2, top } = batchNet(backbone)(pixels);
    const topRows = top!.arraySync() as number[][];
    expect(topRows[0]).toHaveLength(5);
    const want = tf.tidy(() => tf.topk(logits!, 5).indices.arraySync() as number[][]);
    expect(topRows).toEqual(want);
    tf.dispose([pixels, embedding, featureMap!, logits!, alone, e2, top!]);
    expect(tf.memory().numTensors).toBe(baseline);
    backbone.dispose();
  });

  it('computes Grad-CAM maps over the real feature map without leaking tensors', async () => {
    const spec = backboneSpec(id);
    const backbone = await load(id);
    const baseline = tf.memory().numTensors;
    const pixels = tf.tensor4d(syntheticBatch(3), [3, 224, 224, 3]);
    const { embedding, featureMap } = backbone.forward(pixels, { featureMap: true });
    const w = tf.randomNormal([spec.embeddingSize, 4], 0, 1, 'float32', 5);
    const head = (e: tf.Tensor2D) => e.matMul(w) as tf.Tensor2D;
    const { maps, h } = await gradCamBatch(featureMap!, head, Int32Array.from([0, 1, 3]));
    expect(h).toBe(7);
    for (const m of maps) {
      expect(m.every((v) => v >= 0 && v <= 1 && Number.isFinite(v))).toBe(true);
      expect(Math.max(...m)).toBe(1); // a random head always finds some positive evidence
    }
    tf.dispose([pixels, embedding, featureMap!, w]);
    expect(tf.memory().numTensors).toBe(baseline);
    backbone.dispose();
  });
});

describe('layers backbone logits', () => {
  it('equal the full Keras model (conv_preds → softmax) applied to the same pixels', async () => {
    const id = 'mobilenet_v1_0.75_224';
    const backbone = await load(id);
    const full = await tf.loadLayersModel(folderIOHandler(sharedPath('models', id)));
    const pixels = tf.tensor4d(syntheticBatch(2), [2, 224, 224, 3]);
    const { embedding, logits } = backbone.forward(pixels, { logits: true });
    const diff = tf.tidy(() => {
      const want = (full.predict(pixels.div(127.5).sub(1)) as tf.Tensor).reshape([2, 1000]);
      return tf.softmax(logits!).sub(want).abs().max().dataSync()[0];
    });
    expect(diff).toBeLessThan(1e-4);
    tf.dispose([pixels, embedding, logits!]);
    full.dispose();
    backbone.dispose();
  });
});

async function load(id: string): Promise<Backbone> {
  const folder = sharedPath('models', id);
  const meta = `${folder}/metadata.json`;
  return loadBackboneFrom(backboneSpec(id), folderIOHandler(folder), existsSync(meta) ? new Blob([readFileSync(meta)]) : undefined);
}
