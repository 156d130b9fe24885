import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { embedBatch, loadBackboneFrom } from './backbone';
import { backboneSpec } from './backbones';

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
});
