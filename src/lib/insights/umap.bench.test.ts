/**
 * Runtime benchmark (opt-in, part of `npm run bench:insights`): UMAP of 2 000 and 10 000 synthetic 768-d cover
 * embeddings (8 clusters), as the Insights step runs it, with the time of each phase. No timed assertions (the
 * cluster-separation checks live in umap.test.ts); here only that every point gets finite coordinates.
 */
import { describe, expect, it } from 'vitest';
import { gaussianBlobs } from '../models/testing/synthetic';
import { umapLayout } from './umap';

describe.runIf(process.env.BENCH)('UMAP at scale', () => {
  for (const n of [2000, 10000]) {
    it(`lays out ${n} × 768 points`, async () => {
      const { X } = gaussianBlobs({ n, d: 768, k: 8, seed: 1, separation: 3 });
      const phases: Record<string, number> = {};
      let last = performance.now();
      let phase = '';
      const t0 = performance.now();
      const layout = await umapLayout(X.data, n, 768, {
        seed: 42,
        onProgress: (p) => {
          if (p.phase !== phase) {
            const now = performance.now();
            if (phase) phases[phase] = (phases[phase] ?? 0) + (now - last) / 1000;
            phase = p.phase;
            last = now;
          }
        },
      });
      if (phase) phases[phase] = (phases[phase] ?? 0) + (performance.now() - last) / 1000;
      const seconds = (performance.now() - t0) / 1000;
      console.log(`UMAP ${n} × 768: ${seconds.toFixed(1)} s (${Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`);
      expect(layout.coords).toHaveLength(2 * n);
      expect(layout.coords.every(Number.isFinite)).toBe(true);
    }, 300_000);
  }
});
