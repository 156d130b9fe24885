/**
 * Cover thumbnails for the Insights views: single centre-cropped JPEGs, and one sprite sheet of every training
 * cover for the embedding map. Decoding runs a few covers at a time so memory stays flat at 10 000 covers; a
 * cover that does not decode becomes a neutral grey square instead of failing the request.
 */
import { centerSquare } from '../../lib/features/pixels';
import { openBitmap } from '../../lib/features/decode';
import { atlasCell, atlasLayout, type AtlasLayout } from '../../lib/insights/atlas';
import { throwIfAborted } from '../../lib/models/abort';
import { state } from '../state';
import { training } from '../training';
import { requireTraining } from './overview';
import type { Thumbnail, ThumbnailAtlas, ThumbnailRequest } from '../insightsProtocol';
import type { TaskProgress } from '../protocol';

const GREY = '#808080';
const PARALLEL_DECODES = 4;

/** Caches for the current training run only (keyed by its rows array); a new run drops them. */
let run: object | null = null;
const blobs = new Map<string, Blob>();
const atlases = new Map<number, { canvas: OffscreenCanvas; columns: number; count: number }>();

function currentRun() {
  const { rows } = requireTraining();
  if (run !== training.rows) {
    run = training.rows;
    blobs.clear();
    atlases.clear();
  }
  return rows;
}

/** Draws the centre square of a cover file at `size`×`size` at (x, y); grey when the file is missing or does not decode. */
async function drawCover(ctx: OffscreenCanvasRenderingContext2D, file: File | undefined, x: number, y: number, size: number): Promise<void> {
  let bitmap: ImageBitmap | null = null;
  try {
    // openBitmap: EXIF orientation as in training, and a 12 000 px scan decoded small, one at a time.
    if (file) bitmap = (await openBitmap(file)).bitmap;
  } catch {
    bitmap = null;
  }
  if (!bitmap) {
    ctx.fillStyle = GREY;
    ctx.fillRect(x, y, size, size);
    return;
  }
  try {
    const crop = centerSquare(bitmap.width, bitmap.height);
    ctx.clearRect(x, y, size, size);
    ctx.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, x, y, size, size);
  } finally {
    bitmap.close();
  }
}

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('OffscreenCanvas 2D is not available in this browser.');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return ctx;
}

const coverFile = (rows: ReturnType<typeof currentRun>, index: number) => state.files.get(rows[index].coverPath);

export async function thumbnails(req: ThumbnailRequest, signal: AbortSignal): Promise<Thumbnail[]> {
  const rows = currentRun();
  const size = Math.max(1, Math.min(1024, Math.round(req.size)));
  const out: Thumbnail[] = [];
  for (const index of req.indices) {
    throwIfAborted(signal);
    if (!Number.isInteger(index) || index < 0 || index >= rows.length) throw new Error(`No training cover #${index}.`);
    const key = `${index}:${size}`;
    let blob = blobs.get(key);
    if (!blob) {
      const canvas = new OffscreenCanvas(size, size);
      await drawCover(context2d(canvas), coverFile(rows, index), 0, 0, size);
      blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
      blobs.set(key, blob);
    }
    out.push({ index, blob });
  }
  return out;
}

export async function thumbnailAtlas(cell: number, signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<ThumbnailAtlas> {
  const rows = currentRun();
  const layout = atlasLayout(rows.length, cell);
  let sheet = atlases.get(layout.cell);
  if (!sheet) {
    const canvas = await drawAtlas(rows, layout, signal, onProgress);
    sheet = { canvas, columns: layout.columns, count: rows.length };
    if (run === training.rows) {
      atlases.clear(); // one sheet at a time: 64 MB at most
      atlases.set(layout.cell, sheet);
    }
  }
  // A fresh bitmap per call: the caller transfers it, which would empty a cached one.
  const bitmap = await createImageBitmap(sheet.canvas);
  return { bitmap, cell: layout.cell, columns: sheet.columns, count: sheet.count };
}

async function drawAtlas(rows: ReturnType<typeof currentRun>, layout: AtlasLayout, signal: AbortSignal, onProgress?: (p: TaskProgress) => void): Promise<OffscreenCanvas> {
  const canvas = new OffscreenCanvas(layout.columns * layout.cell, layout.rows * layout.cell);
  const ctx = context2d(canvas);
  const total = rows.length;
  const t0 = performance.now();
  let lastReport = -Infinity;
  for (let start = 0; start < total; start += PARALLEL_DECODES) {
    throwIfAborted(signal);
    const batch = [];
    for (let i = start; i < Math.min(start + PARALLEL_DECODES, total); i++) {
      const { x, y } = atlasCell(layout, i);
      batch.push(drawCover(ctx, coverFile(rows, i), x, y, layout.cell));
    }
    await Promise.all(batch);
    const done = Math.min(start + PARALLEL_DECODES, total);
    const now = performance.now();
    if (onProgress && (now - lastReport > 100 || done === total)) {
      lastReport = now;
      const rate = done / Math.max((now - t0) / 1000, 1e-3);
      onProgress({ phase: 'Drawing cover thumbnails', done, total, rate, etaSeconds: (total - done) / rate });
    }
  }
  return canvas;
}
