/** Colour scales and the activation-map overlay, pure so each pixel rule is testable. */
import { interpolateRdBu, interpolateTurbo, quantize, interpolateRainbow, rgb, scaleDiverging, schemeTableau10 } from 'd3';

export type OverlayMode = 'colour' | 'mask';
export type Rgb = [number, number, number];

/** Turbo as an RGB lookup (256 steps), so per-pixel colouring does not parse CSS strings. */
export const TURBO_LUT: Rgb[] = Array.from({ length: 256 }, (_, i) => {
  const c = rgb(interpolateTurbo(i / 255));
  return [c.r, c.g, c.b];
});

export const turboRgb = (t: number): Rgb => TURBO_LUT[Math.round(Math.min(1, Math.max(0, t)) * 255)];

/**
 * Shades `cover` (RGBA) by `heat` (one value in [0, 1] per pixel, same size).
 * colour: the colour map blended over the cover, more opaque where the heat is high (so cold regions stay readable);
 * mask: the cover in grey, dimmed where the heat is low (black-and-white luminance mask).
 */
export function shadeOverlay(cover: Uint8ClampedArray, heat: Float32Array, mode: OverlayMode, opacity: number, colourOf: (t: number) => Rgb = turboRgb): Uint8ClampedArray {
  const out = new Uint8ClampedArray(cover.length);
  for (let p = 0; p < heat.length; p++) {
    const o = p * 4;
    const h = Math.min(1, Math.max(0, heat[p]));
    if (mode === 'colour') {
      const a = opacity * (0.35 + 0.65 * h);
      const [r, g, b] = colourOf(h);
      out[o] = cover[o] * (1 - a) + r * a;
      out[o + 1] = cover[o + 1] * (1 - a) + g * a;
      out[o + 2] = cover[o + 2] * (1 - a) + b * a;
    } else {
      const lum = 0.299 * cover[o] + 0.587 * cover[o + 1] + 0.114 * cover[o + 2];
      const v = lum * (1 - opacity + opacity * h);
      out[o] = out[o + 1] = out[o + 2] = v;
    }
    out[o + 3] = 255;
  }
  return out;
}

/** One distinct colour per class: Tableau 10 up to ten classes, evenly spaced hues beyond. */
export function classColours(count: number): string[] {
  if (count <= schemeTableau10.length) return schemeTableau10.slice(0, count);
  return quantize((t) => interpolateRainbow(t * (1 - 1 / count)), count);
}

/** Word-cloud colour: blue (negative coefficient) → grey-white (0) → red (positive). */
export function coefficientColour(maxAbs: number): (c: number) => string {
  const m = maxAbs > 0 ? maxAbs : 1;
  return scaleDiverging<string>([-m, 0, m], (t) => interpolateRdBu(1 - t)).clamp(true);
}
