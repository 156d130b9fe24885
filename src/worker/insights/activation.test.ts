/**
 * The worker's Grad-CAM batch on the real MobileNet V1 0.75 with a fitted softmax head. Decoding needs a
 * browser (createImageBitmap), so covers here are synthetic pixels; everything after decode is the worker path.
 * Timing (opt-in): BENCH=1 BENCH_BACKEND=wasm npx vitest run src/worker/insights/activation.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { explainBatch } from './activation';
import { loadBackboneFrom, type Backbone } from '../../lib/features/backbone';
import { backboneSpec } from '../../lib/features/backbones';
import { fitFinalModel, softmaxCoverFixedL2 } from '../../lib/models';
import { gaussianBlobs, inputFrom, range } from '../../lib/models/testing/synthetic';
import { folderIOHandler, hasShared, sharedPath } from '../../testing/shared';

const ID = 'mobilenet_v1_0.75_224';
let backbone: Backbone;

beforeAll(async () => {
  const name = process.env.BENCH_BACKEND ?? 'cpu';
  if (name === 'wasm') setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend(name);
  backbone = await loadBackboneFrom(backboneSpec(ID), folderIOHandler(sharedPath('models', ID)));
});

/** n covers of smooth gradients with a bright block that moves with the cover index. */
function covers(n: number): Float32Array {
  const s = 224;
  const out = new Float32Array(n * s * s * 3);
  for (let c = 0; c < n; c++)
    for (let y = 0; y < s; y++)
      for (let x = 0; x < s; x++) {
        const o = ((c * s + y) * s + x) * 3;
        const block = Math.abs(x - 40 - ((c * 37) % 140)) < 30 && Math.abs(y - 60 - ((c * 53) % 100)) < 30;
        out[o] = block ? 250 : (x * 255) / s;
        out[o + 1] = block ? 20 : (y * 255) / s;
        out[o + 2] = (c * 41) % 255;
      }
  return out;
}

async function keptModel(n: number) {
  const { X, y } = gaussianBlobs({ n, d: 768, k: 3, seed: 2, separation: 3 });
  const input = inputFrom({ cover: X });
  const model = await fitFinalModel(input, y, ['a', 'b', 'c'], { blueprintId: 'softmax-cover', featureGroups: ['cover'] }, { registry: [softmaxCoverFixedL2(0.05)], rows: range(n) });
  return { input, model };
}

describe.runIf(hasShared('models', ID))('explainBatch (worker Grad-CAM path)', () => {
  it('returns normalised 7×7 maps and the model probabilities, freeing every tensor', async () => {
    const { input, model } = await keptModel(60);
    const before = tf.memory().numTensors;
    const maps = await explainBatch(backbone, model, input, [{ index: 3, classIndex: 0 }, { index: 7, classIndex: 2 }], covers(2));
    expect(tf.memory().numTensors).toBe(before);
    expect(maps.map((m) => [m.index, m.classIndex, m.gridH, m.gridW, m.map.length])).toEqual([[3, 0, 7, 7, 49], [7, 2, 7, 7, 49]]);
    for (const m of maps) {
      expect(m.map.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(m.probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    }
    expect(maps[0].probabilities).toEqual(Array.from(model.predictProba(input, Int32Array.from([3]))));
    model.dispose();
  });

  it.runIf(process.env.BENCH)('times 300 covers', async () => {
    const { input, model } = await keptModel(300);
    const batch = 8;
    const pixels = covers(batch);
    await explainBatch(backbone, model, input, [{ index: 0, classIndex: 0 }], pixels); // warm-up
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    for (let s = 0; s < 300; s += batch) {
      const items = Array.from({ length: Math.min(batch, 300 - s) }, (_, i) => ({ index: s + i, classIndex: (s + i) % 3 }));
      await explainBatch(backbone, model, input, items, pixels);
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`Grad-CAM, 300 covers, ${ID}, tfjs ${tf.getBackend()}: ${seconds.toFixed(1)} s (${((seconds / 300) * 1000).toFixed(0)} ms/cover, decode excluded)`);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  }, 600_000);
});
