import { centerSquare } from './pixels';

/** Decoded, centre-cropped and resized cover pixels (RGBA, ImageData layout). */
export interface DecodedCover {
  rgba: Uint8ClampedArray;
  size: number;
  sourceWidth: number;
  sourceHeight: number;
}

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

function drawingContext(size: number): OffscreenCanvasRenderingContext2D {
  if (!canvas || canvas.width !== size) {
    canvas = new OffscreenCanvas(size, size);
    // willReadFrequently keeps the canvas on the CPU: getImageData is then a copy, not a GPU readback.
    context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('OffscreenCanvas 2D is not available in this browser.');
  }
  return context!;
}

/**
 * Decodes image bytes off the main thread (createImageBitmap), centre-crops the largest square and
 * resizes it to size×size with high-quality smoothing. Throws when the bytes are not a decodable image.
 */
export async function decodeCover(blob: Blob, size: number): Promise<DecodedCover> {
  const bitmap = await createImageBitmap(blob);
  try {
    return drawCropped(bitmap, size);
  } finally {
    bitmap.close();
  }
}

function drawCropped(bitmap: ImageBitmap, size: number): DecodedCover {
  const crop = centerSquare(bitmap.width, bitmap.height);
  const ctx = drawingContext(size);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.clearRect(0, 0, size, size);
  ctx.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, 0, size, size);
  const { data } = ctx.getImageData(0, 0, size, size);
  return { rgba: data, size, sourceWidth: bitmap.width, sourceHeight: bitmap.height };
}

/**
 * Decodes a batch: the browser decodes all files in parallel (createImageBitmap runs on its own
 * decoder threads), then each is drawn at size×size. A failed decode is returned as an error value.
 */
export async function decodeBatch(blobs: readonly Blob[], size: number): Promise<(DecodedCover | { error: string })[]> {
  const bitmaps = await Promise.allSettled(blobs.map((b) => createImageBitmap(b)));
  return bitmaps.map((settled) => {
    if (settled.status === 'rejected') return { error: String(settled.reason?.message ?? settled.reason) };
    const bitmap = settled.value;
    try {
      return drawCropped(bitmap, size);
    } finally {
      bitmap.close();
    }
  });
}

/** True when the browser can decode the bytes as an image. */
export async function isDecodable(blob: Blob): Promise<{ ok: true; width: number; height: number } | { ok: false; error: string }> {
  try {
    const bitmap = await createImageBitmap(blob);
    const result = { ok: true as const, width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return result;
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
