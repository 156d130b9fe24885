/** The worker side of "covers like this" and the embedding map, on a hand-made training run set into `training`. */
import { beforeEach, describe, expect, it } from 'vitest';
import { training } from '../training';
import { state } from '../state';
import { similarCovers } from './similar';
import { embeddingMap } from './embeddingMap';
import type { TaskProgress } from '../protocol';

const never = new AbortController().signal;

/*
 * Five covers (d = 2). Cosines to cover 0 = (1, 0): #1 (2, 1) → 2/√5 ≈ 0.8944, #2 (0, 1) → 0,
 * #3 (1, 1) → 1/√2 ≈ 0.7071, #4 (3, 0) → 1 but it is a holdout row (foldOf −1), so never listed.
 */
function setTraining(data: number[], foldOf: number[]) {
  const n = foldOf.length;
  const paths = Array.from({ length: n }, (_, i) => `covers/album-${i}.jpg`);
  Object.assign(training, {
    rows: paths.map((p, i) => ({ rowIndex: i, coverPath: p, imageHash: `h${i}`, target: i % 2 ? 'jazz' : 'rock', values: {} })),
    input: { n, dense: { cover: { rows: n, cols: data.length / n, data: Float32Array.from(data) } }, text: {}, categorical: {}, numeric: {} },
    labels: Int32Array.from({ length: n }, (_, i) => i % 2),
    classNames: ['rock', 'jazz'],
    leaderboard: { foldOf: Int32Array.from(foldOf), entries: [] },
  });
}

describe('similarCovers (worker)', () => {
  beforeEach(() => setTraining([1, 0, 2, 1, 0, 1, 1, 1, 3, 0], [0, 1, 2, 0, -1]));

  it('lists the nearest training covers of a training cover, without itself or holdout rows', () => {
    const got = similarCovers({ index: 0 }, 3);
    expect(got.map((c) => c.index)).toEqual([1, 3, 2]);
    expect(got[0]).toEqual({ index: 1, path: 'covers/album-1.jpg', title: 'album-1', actual: 'jazz', similarity: expect.closeTo(2 / Math.sqrt(5), 6) });
    expect(got[1].similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(got[2].similarity).toBeCloseTo(0, 6);
  });

  it('finds neighbours of a cover scored in Predict by its file path', () => {
    state.predictedCovers = new Map([['new/cover.png', { embedding: Float32Array.of(0, 5) }]]);
    // Cosines to (0, 1): #0 → 0, #1 → 1/√5 ≈ 0.4472, #2 → 1, #3 → 0.7071
    const got = similarCovers({ predictedFile: 'new/cover.png' }, 2);
    expect(got.map((c) => [c.index, +c.similarity.toFixed(4)])).toEqual([[2, 1], [3, 0.7071]]);
  });

  it('explains unknown queries instead of returning nonsense', () => {
    expect(() => similarCovers({ index: 9 }, 3)).toThrow(/No training cover #9/);
    expect(() => similarCovers({ predictedFile: 'never-scored.jpg' }, 3)).toThrow(/has not been scored/);
    state.predictedCovers = new Map([['other-net.jpg', { embedding: new Float32Array(3) }]]);
    expect(() => similarCovers({ predictedFile: 'other-net.jpg' }, 3)).toThrow(/different network/);
  });
});

describe('embeddingMap (worker)', () => {
  it('maps every cover, reports progress, and reuses the result for the same run, seed and parameters', async () => {
    const n = 40, d = 6;
    const data = Array.from({ length: n * d }, (_, i) => ((Math.floor(i / d) % 2 === 0) === (i % d < 3) ? 1 : 0.05) + ((i * 7919) % 13) / 100);
    setTraining(data, new Array(n).fill(0));
    const seen: TaskProgress[] = [];
    const first = await embeddingMap({ seed: 3 }, never, (p) => seen.push(p));
    expect(first).toMatchObject({ n, nNeighbors: 15, minDist: 0.1, epochs: 500 });
    expect(first.coords).toHaveLength(2 * n);
    expect(seen.at(-1)).toMatchObject({ phase: 'Laying out the map', done: 500, total: 500 });
    expect(await embeddingMap({ seed: 3, nNeighbors: 15, minDist: 0.1 }, never)).toBe(first);
    const other = await embeddingMap({ seed: 4 }, never);
    expect(other).not.toBe(first);
    setTraining(data, new Array(n).fill(0)); // a new training run: a new map, same coordinates for the same seed
    const rerun = await embeddingMap({ seed: 3 }, never);
    expect(rerun).not.toBe(first);
    expect(rerun.coords).toEqual(first.coords);
  });

  it('passes cancellation through as an AbortError', async () => {
    setTraining(Array.from({ length: 60 }, (_, i) => (i * 31) % 7), new Array(20).fill(0));
    const controller = new AbortController();
    controller.abort();
    await expect(embeddingMap({ seed: 1 }, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
