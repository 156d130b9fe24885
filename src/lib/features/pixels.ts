/** Pure pixel helpers shared by the featurization pipeline; no DOM, so they are unit-tested in Node. */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The largest centred square of a w×h image: covers are square-ish, and a crop never distorts them. */
export function centerSquare(width: number, height: number): Rect {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), width: side, height: side };
}

/**
 * Copies RGBA pixels (ImageData layout) into slot `index` of an RGB float batch [N, size, size, 3],
 * values kept in 0..255. The batch buffer is allocated once per run and reused.
 */
export function writeRgbIntoBatch(rgba: Uint8ClampedArray | Uint8Array, batch: Float32Array, index: number, pixelCount: number): void {
  let o = index * pixelCount * 3;
  for (let p = 0, i = 0; p < pixelCount; p++, i += 4) {
    batch[o++] = rgba[i];
    batch[o++] = rgba[i + 1];
    batch[o++] = rgba[i + 2];
  }
}

/**
 * The decode size of a huge image: null when width × height is at most `maxPixels` (decode as is), else the
 * aspect-preserving size whose shorter side is `shortSide`. Only the width is passed to createImageBitmap, so the
 * browser keeps the aspect ratio itself.
 */
export function downscaleFor(width: number, height: number, maxPixels: number, shortSide: number): { width: number; height: number } | null {
  if (width * height <= maxPixels) return null;
  const scale = shortSide / Math.min(width, height);
  if (scale >= 1) return null;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * A half-size copy of a square RGBA image: each output pixel is the rounded mean of a 2×2 block (alpha too).
 * An odd last row or column is dropped. Exact integer arithmetic, so the copy does not depend on the engine.
 */
export function halveRgba(rgba: Uint8ClampedArray | Uint8Array, size: number): Uint8ClampedArray {
  const half = size >> 1;
  const out = new Uint8ClampedArray(half * half * 4);
  const row = size * 4;
  for (let y = 0, o = 0; y < half; y++) {
    let i = 2 * y * row;
    for (let x = 0; x < half; x++, i += 8) {
      for (let c = 0; c < 4; c++, o++) out[o] = (rgba[i + c] + rgba[i + 4 + c] + rgba[i + row + c] + rgba[i + row + 4 + c] + 2) >> 2;
    }
  }
  return out;
}
