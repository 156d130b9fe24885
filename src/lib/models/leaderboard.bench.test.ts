/**
 * Runtime benchmark (opt-in: BENCH=1 npx vitest run src/lib/models/leaderboard.bench.test.ts):
 * the default 5-fold leaderboard on 300 synthetic 768-d cover embeddings, 3 classes, tfjs CPU backend
 * (BENCH_BACKEND=wasm runs it on the WASM backend instead, closer to what the browser worker gets).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { runLeaderboard, type LeaderboardProgress } from './leaderboard';
import { gaussianBlobs, inputFrom } from './testing/synthetic';

beforeAll(async () => {
  const backend = process.env.BENCH_BACKEND ?? 'cpu';
  if (backend === 'wasm') setWasmPaths(`${process.cwd()}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`);
  await tf.setBackend(backend);
});

const classNames = ['country', 'hiphop', 'metal'];

describe.runIf(process.env.BENCH)('leaderboard on 300 × 768 × 3 synthetic cover embeddings', () => {
  it('ranks models, reports progress, frees every tensor — and prints its runtime', async () => {
    const { X, y } = gaussianBlobs({ n: 300, d: 768, k: 3, seed: 1, separation: 3 });
    const input = inputFrom({ cover: X });
    const events: LeaderboardProgress[] = [];
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const lb = await runLeaderboard(input, y, classNames, { seed: 7, onProgress: (p) => events.push(p) });
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `5-fold leaderboard, 300×768×3, tfjs ${tf.getBackend()} backend: ${seconds.toFixed(1)} s\n` +
        lb.entries
          .map((e) => `  ${e.name.padEnd(36)} ${e.featureListName.padEnd(16)} BA ${e.cv!.balancedAccuracy.toFixed(3)} ± ${e.cv!.foldSd.toFixed(3)}  ${e.trainSeconds.toFixed(1)} s`)
          .join('\n'),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(lb.entries.map((e) => e.blueprintId).sort()).toEqual(['blender', 'snn-cover', 'softmax-cover']);
    for (const e of lb.entries) {
      expect(e.cv!.foldScores).toHaveLength(5);
      expect(e.cv!.balancedAccuracy).toBeGreaterThan(0.6);
      expect(e.confusion.flat().reduce((a, b) => a + b)).toBe(300);
      expect(e.perClass).toHaveLength(3);
    }
    const scores = lb.entries.map((e) => e.cv!.balancedAccuracy);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(lb.chanceLevel).toBeCloseTo(1 / 3);
    // progress: one event per fit (2 models × 5 folds) plus a final one
    expect(events).toHaveLength(11);
    expect(events.at(-1)!.done).toBe(10);
    expect(events.at(-1)!.total).toBe(10);
    expect(events[0].etaSeconds).toBeNull();
  }, 600_000);
});

