import { centerSquare, downscaleFor, halveRgba, writeRgbIntoBatch } from './pixels';
import { decodeFailure, displaySize, sniffImage, type ImageHeader } from '../data/imageFormat';
import { colourFeatures, COLOUR_FEATURE_SIZE } from './colour';

/** Decoded, centre-cropped and resized cover pixels (RGBA, ImageData layout). */
export interface DecodedCover {
  rgba: Uint8ClampedArray;
  size: number;
  sourceWidth: number;
  sourceHeight: number;
}

let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

/** One CPU-backed canvas, `size` wide and `rows` covers tall, reused while it is large enough. */
function drawingContext(size: number, rows = 1): OffscreenCanvasRenderingContext2D {
  if (!canvas || canvas.width !== size || canvas.height < size * rows) {
    canvas = new OffscreenCanvas(size, size * rows);
    // willReadFrequently keeps the canvas on the CPU: getImageData is then a copy, not a GPU readback.
    context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('OffscreenCanvas 2D is not available in this browser.');
  }
  return context!;
}

/** Draws the centre square of `bitmap` at size×size, `slot` covers down the canvas. */
function drawCropped(ctx: OffscreenCanvasRenderingContext2D, bitmap: ImageBitmap, size: number, slot: number): void {
  const crop = centerSquare(bitmap.width, bitmap.height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.clearRect(0, slot * size, size, size);
  ctx.drawImage(bitmap, crop.x, crop.y, crop.width, crop.height, 0, slot * size, size, size);
}

/**
 * Decodes image bytes (createImageBitmap: the browser decodes on its own threads), centre-crops the
 * largest square and resizes it to size×size with high-quality smoothing. Throws when the bytes are
 * not a decodable image.
 */
export async function decodeCover(blob: Blob, size: number): Promise<DecodedCover> {
  const [cover] = await decodeBatch([blob], size);
  if ('error' in cover) throw new Error(cover.error);
  return cover;
}

/**
 * Decodes a batch: all files decode in parallel, then each is drawn into its own band of one tall
 * canvas and read back with a single getImageData, so a batch costs one pixel allocation, not one
 * per image. Each cover's `rgba` is a view into that batch buffer. A failed decode is an error value.
 */
export async function decodeBatch(blobs: readonly Blob[], size: number): Promise<(DecodedCover | { error: string })[]> {
  const settled = await Promise.allSettled(blobs.map((b) => openBitmap(b)));
  const ctx = drawingContext(size, blobs.length);
  const dims: { w: number; h: number }[] = [];
  settled.forEach((s, slot) => {
    if (s.status !== 'fulfilled') return;
    try {
      drawCropped(ctx, s.value.bitmap, size, slot);
      dims[slot] = { w: s.value.width, h: s.value.height };
    } finally {
      s.value.bitmap.close();
    }
  });
  const band = size * size * 4;
  const all = dims.length ? ctx.getImageData(0, 0, size, size * blobs.length).data : new Uint8ClampedArray(0);
  return settled.map((s, slot) => {
    if (s.status === 'rejected') return { error: String(s.reason?.message ?? s.reason) };
    return { rgba: all.subarray(slot * band, (slot + 1) * band), size, sourceWidth: dims[slot].w, sourceHeight: dims[slot].h };
  });
}

/** A batch ready for the network: pixels of the covers that decoded, in order, and their colour features. */
export interface PreparedBatch {
  /** Float RGB in 0..255, [ok.length, size, size, 3] in the first slots (the buffer may be longer). */
  pixels: Float32Array;
  /** Indices (into the requested blobs) of the covers that decoded, in slot order. */
  ok: number[];
  errors: { index: number; error: string }[];
  /** Weight-free colour features, ok.length × COLOUR_FEATURE_SIZE. */
  colour: Float32Array;
}

/**
 * Colour features of a decoded size×size cover, computed on its 2×2-averaged half-size copy: they describe
 * low-frequency properties (palette, tone, layout, coarse edges), and a quarter of the pixels makes them ~4×
 * cheaper, which matters because they run beside the network on the same cores.
 */
export function coverColourFeatures(rgba: Uint8ClampedArray, size: number): Float32Array {
  return colourFeatures(halveRgba(rgba, size), size >> 1, size >> 1);
}

/**
 * Everything the featurizer does to a batch before the network: decode, crop, resize, RGBA → float
 * RGB into `pixels` (allocated once per run by the caller, at least blobs.length slots), colour
 * features. Runs in the prep worker (see prep.worker.ts) or, where there is none, inline.
 */
export async function prepareBatch(blobs: readonly Blob[], size: number, pixels: Float32Array): Promise<PreparedBatch> {
  const px = size * size;
  if (pixels.length < blobs.length * px * 3) throw new RangeError(`pixel buffer holds ${pixels.length / (px * 3)} covers, batch has ${blobs.length}`);
  const decoded = await decodeBatch(blobs, size);
  const ok: number[] = [];
  const errors: { index: number; error: string }[] = [];
  decoded.forEach((d, i) => ('error' in d ? errors.push({ index: i, error: d.error }) : ok.push(i)));
  const colour = new Float32Array(ok.length * COLOUR_FEATURE_SIZE);
  ok.forEach((index, slot) => {
    const rgba = (decoded[index] as DecodedCover).rgba;
    writeRgbIntoBatch(rgba, pixels, slot, px);
    colour.set(coverColourFeatures(rgba, size), slot * COLOUR_FEATURE_SIZE);
  });
  return { pixels, ok, errors, colour };
}

/**
 * True when the browser can decode the bytes as an image, with its size as displayed; otherwise why not, phrased
 * to follow the file name ("is a PDF, not an image: export or save it as JPEG or PNG").
 */
export async function isDecodable(blob: Blob): Promise<{ ok: true; width: number; height: number } | { ok: false; error: string }> {
  try {
    const { bitmap, width, height } = await openBitmap(blob);
    bitmap.close();
    return { ok: true, width, height };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Header bytes read before decoding: enough to get past a JPEG's EXIF block to its size. */
const HEAD_BYTES = 64 * 1024;
/** Covers with more pixels are decoded straight to a smaller bitmap, one at a time (see downscaleFor). */
const MAX_FULL_DECODE_PIXELS = 4096 * 4096;
/** Short side of that smaller bitmap: twice the network input, so the final resize still smooths. */
const LARGE_DECODE_SHORT_SIDE = 448;

/** Large decodes run one after another: the browser may hold the full-size pixels while it scales. */
let largeDecodes: Promise<unknown> = Promise.resolve();

/**
 * Decodes with EXIF orientation applied. A file that is not an image, or fails to decode, throws an Error whose
 * message says what the file is instead (sniffImage / decodeFailure). A huge image (its header says so) is decoded
 * to a bitmap whose short side is LARGE_DECODE_SHORT_SIDE; width/height are the displayed size of the source.
 */
export async function openBitmap(blob: Blob): Promise<{ bitmap: ImageBitmap; width: number; height: number }> {
  const sniffed = sniffImage(new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer()), blob.size);
  if (sniffed.ok === false) throw new Error(sniffed.problem);
  const header: ImageHeader | null = sniffed.ok === true ? sniffed.header : null;
  const shown = header ? displaySize(header) : null;
  const resize = shown ? downscaleFor(shown.width, shown.height, MAX_FULL_DECODE_PIXELS, LARGE_DECODE_SHORT_SIDE) : null;
  const decode = () =>
    createImageBitmap(blob, resize ? { imageOrientation: 'from-image', resizeWidth: resize.width, resizeQuality: 'high' } : { imageOrientation: 'from-image' });
  let bitmap: ImageBitmap;
  try {
    if (resize) {
      const run = largeDecodes.then(decode, decode);
      largeDecodes = run.catch(() => undefined);
      bitmap = await run;
    } else bitmap = await decode();
  } catch {
    throw new Error(decodeFailure(header, new Uint8Array(await blob.slice(Math.max(0, blob.size - 32)).arrayBuffer())));
  }
  return { bitmap, width: shown?.width ?? bitmap.width, height: shown?.height ?? bitmap.height };
}

/** Messages between the featurizer and its prep worker (prep.worker.ts). */
export interface PrepRequest {
  id: number;
  blobs: Blob[];
  size: number;
  /** Transferred to the worker and back: the batch's float RGB pixels are written into it. */
  pixels: Float32Array;
}

export type PrepResponse = ({ id: number } & PreparedBatch) | { id: number; pixels: Float32Array; failure: string };
