/**
 * What the style statistics cost on top of the final layer, in the same forward pass (issue 10's budget: ≤ 15 %
 * of final-layer-only throughput). Opt-in: BENCH=1 npx vitest run src/bench/styleCost.bench.test.ts
 * Node + tfjs-backend-wasm (the app's backend; threads as Node gives them), real weights, batch 16 of synthetic
 * pixels. The two variants alternate rep by rep so both see the same (shared, noisy) machine; medians compared.
 * Also times V2's only path (the layers model: its residual Adds are outside fuseLayers' chain compiler) and V1
 * unfused, for the fused-vs-layers question. Writes bench-results/style-cost.json.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadBackboneFrom, LayersBackbone, type ForwardOptions } from '../lib/features/backbone';
import { concatStyleStatistics } from '../lib/features/styleStats';
import { backboneSpec } from '../lib/features/backbones';
import { folderIOHandler, sharedPath } from '../testing/shared';

const BATCH = 16;
const REPS = Number(process.env.BENCH_REPS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timeForward(run: () => tf.Tensor[]): Promise<number> {
  const t = performance.now();
  const outs = run();
  await Promise.all(outs.map((o) => o.data()));
  tf.dispose(outs);
  return (performance.now() - t) / 1000;
}

const parts = (r: { embedding: tf.Tensor; style?: tf.Tensor }) => [r.embedding, ...(r.style ? [r.style] : [])];

describe.runIf(process.env.BENCH)('style statistics cost (same pass)', () => {
  it('final layer only vs final layer + style, per network', async () => {
    setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
    await tf.setBackend('wasm');
    const results: Record<string, unknown>[] = [];
    for (const id of (process.env.BENCH_NETWORKS ?? 'mobilenet_v1_0.75_224,mobilenet_v2_1.0_224').split(',')) {
      const backbone = (await loadBackboneFrom(backboneSpec(id), folderIOHandler(sharedPath('models', id)))) as LayersBackbone;
      const pixels = tf.randomUniform([BATCH, 224, 224, 3], 0, 255, 'float32', 1) as tf.Tensor4D;
      // The style levels' maps as the pass produces them (shapes only matter): the statistics alone are timed on them.
      const levels = tf.tidy(() => backbone.spec.styleLayers!.map((l) => {
        const shape = (backbone as unknown as { model: tf.LayersModel }).model.getLayer(l).outputShape as number[];
        return tf.randomUniform([BATCH, shape[1], shape[2], shape[3]], 0, 6, 'float32', 2) as tf.Tensor4D;
      }));
      const variants: [string, () => tf.Tensor[]][] = [
        ['statistics only', () => [concatStyleStatistics(levels)]],
        ['final', () => parts(backbone.forward(pixels, {}))],
        ['final+style', () => parts(backbone.forward(pixels, { style: true } as ForwardOptions))],
        ['layers final+style', () => parts(backbone.forwardUnfused(pixels, { style: true }))],
      ];
      for (const [, run] of variants) await timeForward(run); // warm-up: kernels, weights upload
      const seconds: Record<string, number[]> = Object.fromEntries(variants.map(([name]) => [name, []]));
      for (let r = 0; r < REPS; r++) for (const [name, run] of variants) seconds[name].push(await timeForward(run));
      const ips = Object.fromEntries(Object.entries(seconds).map(([name, s]) => [name, BATCH / median(s)]));
      const cost = ips.final / ips['final+style'] - 1;
      // The same budget measured by parts: the statistics' own time over the final-layer pass (less noisy on a busy machine).
      const statsShare = median(seconds['statistics only']) / median(seconds.final);
      results.push({ id, fused: backbone.cacheId.endsWith('-fused'), imagesPerSecond: ips, styleCost: cost, statisticsShare: statsShare, seconds });
      console.log(`${id} (${backbone.cacheId.endsWith('-fused') ? 'fused' : 'layers model'}): final ${ips.final.toFixed(1)} img/s, final+style ${ips['final+style'].toFixed(1)} img/s → style costs ${(100 * cost).toFixed(1)} % (statistics alone: ${(100 * statsShare).toFixed(1)} % of the final-layer pass); layers model final+style ${ips['layers final+style'].toFixed(1)} img/s`);
      tf.dispose([pixels, ...levels]);
      backbone.dispose();
      expect(statsShare).toBeLessThan(0.15);
    }
    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/style-cost.json', JSON.stringify({ date: new Date().toISOString(), batch: BATCH, reps: REPS, threads: 'node default', results }, null, 2));
  }, 1_800_000);
});
