import { describe, expect, it } from 'vitest';
import { normaliseCoords, umapLayout, l2NormaliseRows, defaultEpochs } from './umap';
import { mulberry32 } from '../models/rng';

/** `clusters` tight Gaussian-ish blobs around random non-negative centres (like CNN embeddings); labels by row. */
function blobs(n: number, d: number, clusters: number, seed: number) {
  const r = mulberry32(seed);
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: d }, () => r() * 2));
  const data = new Float32Array(n * d);
  const labels = Array.from({ length: n }, (_, i) => i % clusters);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) data[i * d + c] = Math.max(0, centres[labels[i]][c] + (r() - 0.5) * 0.8);
  return { data, labels };
}

/** Share of points whose nearest other point in 2-D has the same label. */
function neighbourAgreement(coords: Float32Array, labels: number[]): number {
  const n = labels.length;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    let best = -1, bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dd = (coords[2 * i] - coords[2 * j]) ** 2 + (coords[2 * i + 1] - coords[2 * j + 1]) ** 2;
      if (dd < bestD) [best, bestD] = [j, dd];
    }
    if (labels[best] === labels[i]) agree++;
  }
  return agree / n;
}

describe('normaliseCoords', () => {
  it('maps the longer side to [0, 1] and centres the shorter one', () => {
    // x spans 2..6 (4), y spans 1..3 (2): scale 1/4, y offset (4 − 2)/2 = 1 → y' = (y − 1 + 1)/4
    expect(Array.from(normaliseCoords([2, 1, 6, 3, 4, 2], 3))).toEqual([0, 0.25, 1, 0.75, 0.5, 0.5]);
  });
  it('puts identical points at the centre', () => {
    expect(Array.from(normaliseCoords([5, 5, 5, 5], 2))).toEqual([0.5, 0.5, 0.5, 0.5]);
  });
});

describe('l2NormaliseRows', () => {
  it('scales rows to unit length and leaves a zero row alone', () => {
    expect(Array.from(l2NormaliseRows(Float32Array.of(3, 4, 0, 0), 2, 2))).toEqual([0.6, 0.8, 0, 0].map(Math.fround));
  });
});

describe('defaultEpochs', () => {
  it('follows umap-js: 500 up to 2 500 rows, then 400, 300, 200', () => {
    expect([2500, 2501, 5001, 7501].map(defaultEpochs)).toEqual([500, 400, 300, 200]);
  });
});

describe('umapLayout', () => {
  it('keeps well-separated clusters apart (2-D nearest-neighbour label agreement > 0.9)', async () => {
    const { data, labels } = blobs(240, 40, 4, 1);
    const layout = await umapLayout(data, 240, 40, { seed: 42 });
    expect(layout.coords.length).toBe(480);
    expect(neighbourAgreement(layout.coords, labels)).toBeGreaterThan(0.9);
    expect(Math.min(...layout.coords)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...layout.coords)).toBeCloseTo(1, 5);
    expect(layout).toMatchObject({ n: 240, nNeighbors: 15, minDist: 0.1, epochs: 500 });
  });

  it('keeps clusters apart through the PCA path (768-d → 50)', async () => {
    const { data, labels } = blobs(200, 768, 5, 2);
    const layout = await umapLayout(data, 200, 768, { seed: 1, nEpochs: 200, pcaMinRows: 100 });
    expect(neighbourAgreement(layout.coords, labels)).toBeGreaterThan(0.9);
  });

  it('gives identical coordinates for the same seed and different ones for another seed', async () => {
    const { data } = blobs(120, 16, 3, 3);
    const a = await umapLayout(data, 120, 16, { seed: 7, nEpochs: 100 });
    const b = await umapLayout(data, 120, 16, { seed: 7, nEpochs: 100 });
    const c = await umapLayout(data, 120, 16, { seed: 8, nEpochs: 100 });
    expect(b.coords).toEqual(a.coords);
    expect(c.coords).not.toEqual(a.coords);
  });

  it('lowers nNeighbors to n − 1 when there are too few points, and never throws for tiny n', async () => {
    const { data } = blobs(10, 8, 2, 4);
    const small = await umapLayout(data, 10, 8, { seed: 1, nNeighbors: 15 });
    expect(small.nNeighbors).toBe(9);
    expect(small.coords.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
    const three = await umapLayout(data, 3, 8, { seed: 1 });
    expect(three.nNeighbors).toBe(2);
    expect(three.coords.length).toBe(6);
    expect(Array.from((await umapLayout(data, 2, 8, { seed: 1 })).coords)).toEqual([0, 0.5, 1, 0.5]);
    expect(Array.from((await umapLayout(data, 1, 8, { seed: 1 })).coords)).toEqual([0.5, 0.5]);
    expect((await umapLayout(data, 0, 8, { seed: 1 })).coords.length).toBe(0);
  });

  it('reports epoch progress up to the total and stops with an AbortError when aborted', async () => {
    const { data } = blobs(300, 16, 3, 5);
    const seen: { phase: string; done: number; total: number }[] = [];
    await umapLayout(data, 300, 16, { seed: 1, onProgress: (p) => seen.push(p) });
    const layout = seen.filter((p) => p.phase === 'Laying out the map');
    expect(layout.at(-1)).toMatchObject({ done: 500, total: 500 });

    const controller = new AbortController();
    let lastDone = 0;
    const run = umapLayout(data, 300, 16, {
      seed: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'Laying out the map' && p.done > 0) { lastDone = p.done; controller.abort(); }
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(lastDone).toBeLessThan(500);
  });
});
