/** Renders the synthetic demo dataset (src/lib/demo) into files, in the studio worker, as a user's folder would be. */
import { demoCsv, demoTracks } from '../lib/demo/synthetic';
import { drawCover } from '../lib/demo/render';
import { deriveSeed } from '../lib/models/rng';
import type { SourceFile, TaskProgress } from './protocol';

const COVER_SIZE = 256;

export async function generateDemoFiles(perGenre: number, seed: number, signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<SourceFile[]> {
  const tracks = demoTracks(seed, perGenre);
  const canvas = new OffscreenCanvas(COVER_SIZE, COVER_SIZE);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw in a worker (no OffscreenCanvas 2D), so the synthetic demo cannot be generated.');
  const t0 = performance.now();
  const files: SourceFile[] = [{ path: 'dataset.csv', file: new File([demoCsv(tracks)], 'dataset.csv', { type: 'text/csv' }) }];
  for (let i = 0; i < tracks.length; i++) {
    if (signal.aborted) throw new DOMException('Demo generation cancelled.', 'AbortError');
    const t = tracks[i];
    drawCover(ctx, t.cover, COVER_SIZE, deriveSeed(seed, 'grain', t.file));
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    files.push({ path: `covers/${t.file}`, file: new File([blob], t.file, { type: 'image/png' }) });
    const done = i + 1;
    const rate = done / ((performance.now() - t0) / 1000);
    if (done % 10 === 0 || done === tracks.length) onProgress?.({ phase: 'Drawing synthetic demo covers', done, total: tracks.length, rate, etaSeconds: (tracks.length - done) / rate });
  }
  return files;
}
