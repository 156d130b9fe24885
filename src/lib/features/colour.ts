/**
 * Weight-free colour and composition features of a cover: a baseline model input in its own right,
 * and the fallback when no CNN weights are available. Pure TypeScript on an RGBA pixel buffer
 * (ImageData layout), no DOM: it runs in the featurization worker and in Node tests.
 *
 * Every value is scale-free, so covers of any size and from any collection are comparable:
 * histograms and pixel classes are fractions of the image, statistics are on channels scaled to 0..1,
 * the palette is sampled on a fixed grid in normalized coordinates. The two edge features are the
 * exception by nature (a sharp outline covers a fraction of pixels ∝ 1/side); the pipeline always
 * feeds one fixed size (112×112, a 2×2 average of the 224² square: decode.ts coverColourFeatures), so
 * they are comparable across a collection all the same.
 *
 * Alpha is ignored: covers are opaque, and ImageData of a decoded JPEG always has alpha 255.
 *
 * Layout (58 floats, see COLOUR_FEATURE_NAMES for the exact order and names):
 *  - 12 hue bins, 30° wide and centred on red, orange, yellow, …, weighted by saturation·value
 *    (= chroma, max−min) so greys do not vote and dark pixels vote little; sum 1, or all 0 when the
 *    image has no chroma at all (pure greys).
 *  - 5 saturation bins and 5 value bins (HSV), fractions of pixels, each sum 1.
 *  - mean/std of saturation and value, mean luma, RMS contrast (std of luma), Hasler–Süsstrunk
 *    colourfulness, mean chroma (how much weight the hue histogram carries).
 *  - fractions of near-black, near-white and grey pixels (mutually exclusive; the rest is chromatic).
 *  - edge density and mean gradient magnitude (Sobel on luma).
 *  - composition: centre − border luma, left–right and top–bottom mirror symmetry.
 *  - a 5-colour palette: k-means in CIELAB on a fixed 32×32 sample grid, sorted by weight, each
 *    colour as (L*, a*, b* each divided by 100, weight).
 */

import { mulberry32 } from '../models/rng';

const HUE_BINS = 12;
const HUE_BIN_DEGREES = 360 / HUE_BINS;
const HUE_BIN_COLOURS = [
  'red', 'orange', 'yellow', 'chartreuse', 'green', 'spring green',
  'cyan', 'azure', 'blue', 'violet', 'magenta', 'rose',
];
const SATURATION_BINS = 5;
const VALUE_BINS = 5;
/** HSV value bin of a max-channel byte: floor(5·v), with v = 1 in the top bin. */
const VALUE_BIN_OF_BYTE = Uint8Array.from({ length: 256 }, (_, v) =>
  Math.min(VALUE_BINS - 1, Math.floor((v * VALUE_BINS) / 255)),
);

/** Value (max channel, 0..1) at or below which a pixel counts as near-black, whatever its hue. */
const NEAR_BLACK_MAX_VALUE = 0.12;
/** Chroma (max−min, 0..1) at or below which a not-black pixel is achromatic: near-white or grey. */
const ACHROMATIC_MAX_CHROMA = 0.1;
/** Value at or above which an achromatic pixel is near-white rather than grey. */
const NEAR_WHITE_MIN_VALUE = 0.9;

/**
 * Sobel magnitude is divided by 4, so a sharp luma step of height d gives magnitude d on the two
 * pixels either side of it; a pixel is an edge pixel when that exceeds 0.1 (a clearly visible step,
 * well above JPEG noise and above smooth gradients, whose magnitude is ≈ 2 × luma change per pixel).
 */
const SOBEL_NORMALIZER = 4;
const EDGE_MIN_MAGNITUDE = 0.1;

const PALETTE_SIZE = 5;
/** The palette is fitted on a GRID×GRID sample at fixed normalized positions (size-independent). */
const PALETTE_SAMPLE_GRID = 32;
const KMEANS_MAX_ITERATIONS = 20;
const KMEANS_SEED = 0x5eed_c01;

// ---------------------------------------------------------------------------------------------
// Names (the single source of the layout: colourFeatures writes values in exactly this order)
// ---------------------------------------------------------------------------------------------

function hueBinNames(): string[] {
  return HUE_BIN_COLOURS.map((colour, k) => {
    const from = (k * HUE_BIN_DEGREES - HUE_BIN_DEGREES / 2 + 360) % 360;
    const to = k * HUE_BIN_DEGREES + HUE_BIN_DEGREES / 2;
    return `hue bin ${k + 1} (${from}°–${to}°, ${colour})`;
  });
}

function rangeBinNames(label: string, bins: number): string[] {
  const edge = (k: number) => (k / bins).toFixed(1);
  return Array.from({ length: bins }, (_, k) => `${label} bin ${k + 1} (${edge(k)}–${edge(k + 1)})`);
}

function paletteNames(): string[] {
  const names: string[] = [];
  for (let c = 1; c <= PALETTE_SIZE; c++) {
    names.push(
      `palette ${c} lightness (L*/100)`,
      `palette ${c} green–red (a*/100)`,
      `palette ${c} blue–yellow (b*/100)`,
      `palette ${c} weight`,
    );
  }
  return names;
}

export const COLOUR_FEATURE_NAMES: readonly string[] = Object.freeze([
  ...hueBinNames(),
  ...rangeBinNames('saturation', SATURATION_BINS),
  ...rangeBinNames('value', VALUE_BINS),
  'mean saturation',
  'std saturation',
  'mean value (HSV brightness)',
  'std value',
  'mean luma (Rec. 601)',
  'RMS contrast (std of luma)',
  'colourfulness (Hasler–Süsstrunk)',
  'mean chroma (saturation·value)',
  'near-black fraction',
  'near-white fraction',
  'grey fraction',
  'edge density (Sobel |∇luma| > 0.1)',
  'mean gradient magnitude',
  'centre − border luma',
  'left–right symmetry',
  'top–bottom symmetry',
  ...paletteNames(),
]);

export const COLOUR_FEATURE_SIZE: number = COLOUR_FEATURE_NAMES.length;

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/** rgba: width*height*4 bytes (RGBA, as ImageData.data). Returns COLOUR_FEATURE_SIZE floats. */
export function colourFeatures(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Float32Array {
  checkInput(rgba, width, height);
  const hsv = hsvStatistics(rgba, width * height);
  const tone = lumaStatistics(rgba, width * height);
  const edges = edgeStatistics(tone.luma, width, height);
  const layout = compositionStatistics(tone.luma, width, height);
  const palette = dominantPalette(rgba, width, height);

  const out = new Float32Array(COLOUR_FEATURE_SIZE);
  let o = 0;
  const put = (...values: ArrayLike<number>[]) => {
    for (const v of values) for (let i = 0; i < v.length; i++) out[o++] = v[i];
  };
  put(hsv.hueHistogram, hsv.saturationHistogram, hsv.valueHistogram);
  put([
    hsv.meanSaturation, hsv.stdSaturation, hsv.meanValue, hsv.stdValue,
    tone.meanLuma, tone.rmsContrast, tone.colourfulness, hsv.meanChroma,
    hsv.nearBlackFraction, hsv.nearWhiteFraction, hsv.greyFraction,
    edges.edgeDensity, edges.meanGradientMagnitude,
    layout.centreMinusBorderLuma, layout.leftRightSymmetry, layout.topBottomSymmetry,
  ]);
  for (const colour of palette) put([colour.L / 100, colour.a / 100, colour.b / 100, colour.weight]);
  if (o !== COLOUR_FEATURE_SIZE) throw new Error(`colourFeatures wrote ${o} values, expected ${COLOUR_FEATURE_SIZE}`);
  return out;
}

function checkInput(rgba: ArrayLike<number>, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`colourFeatures: image size must be positive integers, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) {
    const expected = width * height * 4;
    throw new RangeError(`colourFeatures: expected ${expected} RGBA bytes for ${width}×${height}, got ${rgba.length}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Per-pixel colour statistics
// ---------------------------------------------------------------------------------------------

/**
 * The per-pixel passes work on integer channels 0..255 where they can: integer sums are exact, so
 * the statistics do not depend on summation order. Two passes rather than one fat loop: each stays
 * small enough for the JIT to keep its accumulators in registers (measured ~2× faster).
 */
interface HsvStatistics {
  hueHistogram: Float64Array;
  saturationHistogram: Float64Array;
  valueHistogram: Float64Array;
  meanSaturation: number;
  stdSaturation: number;
  meanValue: number;
  stdValue: number;
  meanChroma: number;
  nearBlackFraction: number;
  nearWhiteFraction: number;
  greyFraction: number;
}

function hsvStatistics(rgba: Uint8ClampedArray | Uint8Array, pixelCount: number): HsvStatistics {
  const hue = new Float64Array(HUE_BINS);
  const satCounts = new Int32Array(SATURATION_BINS);
  const valCounts = new Int32Array(VALUE_BINS);
  const toneCounts = new Int32Array(4); // near-black, near-white, grey, chromatic
  let sumS = 0, sumS2 = 0, sumV = 0, sumV2 = 0, sumChroma = 0;

  for (let i = 0; i < pixelCount * 4; i += 4) {
    const r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    const chroma = max - min;
    const k = (max << 8) | chroma; // (max, chroma) decides saturation and tone: table look-ups, no division

    // s·v = chroma: greys do not vote for a hue, dark and washed-out pixels vote little.
    if (chroma > 0) hue[hueBin(r, g, b, max, chroma)] += chroma;
    satCounts[SATURATION_BIN_OF[k]]++;
    valCounts[VALUE_BIN_OF_BYTE[max]]++;
    toneCounts[TONE_OF[k]]++;

    const s = SATURATION_OF[k];
    sumS += s;
    sumS2 += s * s;
    sumV += max;
    sumV2 += max * max;
    sumChroma += chroma;
  }

  const n = pixelCount;
  normalizeToSum1(hue);
  return {
    hueHistogram: hue,
    saturationHistogram: fractions(satCounts, n),
    valueHistogram: fractions(valCounts, n),
    meanSaturation: sumS / n,
    stdSaturation: std(sumS, sumS2, n),
    meanValue: sumV / n / 255,
    stdValue: std(sumV, sumV2, n) / 255,
    meanChroma: sumChroma / n / 255,
    nearBlackFraction: toneCounts[0] / n,
    nearWhiteFraction: toneCounts[1] / n,
    greyFraction: toneCounts[2] / n,
  };
}

const NEAR_BLACK_MAX_BYTE = NEAR_BLACK_MAX_VALUE * 255;
const ACHROMATIC_MAX_BYTE = ACHROMATIC_MAX_CHROMA * 255;
const NEAR_WHITE_MIN_BYTE = NEAR_WHITE_MIN_VALUE * 255;

/** 0 near-black, 1 near-white, 2 grey, 3 chromatic; max and chroma are bytes. */
function toneOf(max: number, chroma: number): number {
  if (max <= NEAR_BLACK_MAX_BYTE) return 0;
  if (chroma > ACHROMATIC_MAX_BYTE) return 3;
  return max >= NEAR_WHITE_MIN_BYTE ? 1 : 2;
}

/** Per (max << 8 | chroma) byte pair: HSV saturation, its bin and the pixel's tone (entries with chroma > max unused). */
const SATURATION_OF = new Float64Array(1 << 16);
const SATURATION_BIN_OF = new Uint8Array(1 << 16);
const TONE_OF = new Uint8Array(1 << 16);
for (let max = 0; max < 256; max++) {
  for (let chroma = 0; chroma <= max; chroma++) {
    const k = (max << 8) | chroma;
    const s = max > 0 ? chroma / max : 0;
    SATURATION_OF[k] = s;
    SATURATION_BIN_OF[k] = Math.min(SATURATION_BINS - 1, (s * SATURATION_BINS) | 0);
    TONE_OF[k] = toneOf(max, chroma);
  }
}

interface LumaStatistics {
  /** Rec. 601 luma per pixel, 0..1, row-major: reused by the edge and composition passes. */
  luma: Float32Array;
  meanLuma: number;
  rmsContrast: number;
  colourfulness: number;
}

function lumaStatistics(rgba: Uint8ClampedArray | Uint8Array, pixelCount: number): LumaStatistics {
  const luma = new Float32Array(pixelCount);
  let sumRg = 0, sumRg2 = 0, sumYb = 0, sumYb2 = 0;
  for (let p = 0, i = 0; p < pixelCount; p++, i += 4) {
    const r = rgba[i], g = rgba[i + 1], b = rgba[i + 2];
    luma[p] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    // Hasler & Süsstrunk (2003) opponent channels rg = R − G, yb = (R + G)/2 − B; here 2·yb, integer.
    const rg = r - g, yb2 = r + g - 2 * b;
    sumRg += rg;
    sumRg2 += rg * rg;
    sumYb += yb2;
    sumYb2 += yb2 * yb2;
  }
  const n = pixelCount;
  const { mean: meanLuma, std: rmsContrast } = meanAndStd(luma);
  // Colourfulness on 0..1 RGB, i.e. the paper's metric (defined on 0..255) divided by 255.
  const stdRg = std(sumRg, sumRg2, n) / 255, stdYb = std(sumYb, sumYb2, n) / 510;
  const meanRg = sumRg / n / 255, meanYb = sumYb / n / 510;
  const colourfulness = Math.hypot(stdRg, stdYb) + 0.3 * Math.hypot(meanRg, meanYb);
  return { luma, meanLuma, rmsContrast, colourfulness };
}

/**
 * HSV hue bin, in exact integer arithmetic (no rounding at bin edges). Bins are centred on 0°, 30°, …
 * so pure red (0°) is not split between two bins. Within the 120°-wide neighbourhood of the largest
 * channel's primary, q = 4·(difference of the other two) / chroma is the hue offset in units of 15°
 * (q ∈ [−4, 4]); the bin edges at ±15° and ±45° are q = ±1 and ±3.
 */
function hueBin(r: number, g: number, b: number, max: number, chroma: number): number {
  let primaryBin: number, q: number; // q scaled by chroma, to compare without dividing
  if (max === r) {
    primaryBin = 0;
    q = 4 * (g - b);
  } else if (max === g) {
    primaryBin = 4;
    q = 4 * (b - r);
  } else {
    primaryBin = 8;
    q = 4 * (r - g);
  }
  const offset = q < -3 * chroma ? -2 : q < -chroma ? -1 : q < chroma ? 0 : q < 3 * chroma ? 1 : 2;
  return (primaryBin + offset + HUE_BINS) % HUE_BINS;
}

/** Population std from a sum and a sum of squares (clamped: rounding can make the variance −ε). */
function std(sum: number, sumOfSquares: number, n: number): number {
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sumOfSquares / n - mean * mean));
}

/** Two-pass mean and population std of the stored values (exactly 0 for a constant image). */
function meanAndStd(values: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    squares += d * d;
  }
  return { mean, std: Math.sqrt(squares / values.length) };
}

function normalizeToSum1(histogram: Float64Array): void {
  let total = 0;
  for (let i = 0; i < histogram.length; i++) total += histogram[i];
  if (total > 0) scale(histogram, 1 / total);
}

function scale(values: Float64Array, factor: number): void {
  for (let i = 0; i < values.length; i++) values[i] *= factor;
}

function fractions(counts: Int32Array, total: number): Float64Array {
  return Float64Array.from(counts, (c) => c / total);
}

// ---------------------------------------------------------------------------------------------
// Edges (Sobel on luma)
// ---------------------------------------------------------------------------------------------

/**
 * Sobel on interior pixels only (x in 1..w−2, y in 1..h−2): padding would invent edges at the frame.
 * Both values are averages over interior pixels; images narrower than 3 pixels have no edges.
 * A straight sharp step of height ≥ 0.1 marks exactly the two pixel lines either side of it.
 */
function edgeStatistics(luma: Float32Array, width: number, height: number) {
  const interior = (width - 2) * (height - 2);
  if (interior <= 0) return { edgeDensity: 0, meanGradientMagnitude: 0 };
  let edgePixels = 0;
  let sumMagnitude = 0;
  for (let y = 1; y < height - 1; y++) {
    const up = (y - 1) * width, mid = y * width, down = (y + 1) * width;
    for (let x = 1; x < width - 1; x++) {
      const a00 = luma[up + x - 1], a01 = luma[up + x], a02 = luma[up + x + 1];
      const a10 = luma[mid + x - 1], a12 = luma[mid + x + 1];
      const a20 = luma[down + x - 1], a21 = luma[down + x], a22 = luma[down + x + 1];
      const gx = a02 + 2 * a12 + a22 - (a00 + 2 * a10 + a20);
      const gy = a20 + 2 * a21 + a22 - (a00 + 2 * a01 + a02);
      const magnitude = Math.sqrt(gx * gx + gy * gy) / SOBEL_NORMALIZER;
      sumMagnitude += magnitude;
      if (magnitude > EDGE_MIN_MAGNITUDE) edgePixels++;
    }
  }
  return { edgeDensity: edgePixels / interior, meanGradientMagnitude: sumMagnitude / interior };
}

// ---------------------------------------------------------------------------------------------
// Composition
// ---------------------------------------------------------------------------------------------

/**
 * - centre − border luma: the centre is the middle half of each axis (a quarter of the area, by
 *   pixel centres), the border the rest; > 0 for a lit subject on a dark ground.
 * - symmetry: 1 − mean |luma(x, y) − luma(mirror)|, 1 = perfectly mirror-symmetric.
 */
function compositionStatistics(luma: Float32Array, width: number, height: number) {
  const inCentreX = centreMask(width);
  const inCentreY = centreMask(height);
  let centreSum = 0, centreCount = 0, borderSum = 0;
  let leftRightDiff = 0, topBottomDiff = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const mirrorRow = (height - 1 - y) * width;
    for (let x = 0; x < width; x++) {
      const v = luma[row + x];
      if (inCentreX[x] && inCentreY[y]) {
        centreSum += v;
        centreCount++;
      } else borderSum += v;
      leftRightDiff += Math.abs(v - luma[row + width - 1 - x]);
      topBottomDiff += Math.abs(v - luma[mirrorRow + x]);
    }
  }
  const n = width * height;
  const borderCount = n - centreCount;
  const centreMinusBorderLuma =
    centreCount > 0 && borderCount > 0 ? centreSum / centreCount - borderSum / borderCount : 0;
  return {
    centreMinusBorderLuma,
    leftRightSymmetry: 1 - leftRightDiff / n,
    topBottomSymmetry: 1 - topBottomDiff / n,
  };
}

/** Pixel i is central when its centre (i + ½)/size lies in [¼, ¾); integer test, no rounding. */
function centreMask(size: number): Uint8Array {
  const mask = new Uint8Array(size);
  for (let i = 0; i < size; i++) mask[i] = 4 * i + 2 >= size && 4 * i + 2 < 3 * size ? 1 : 0;
  return mask;
}

// ---------------------------------------------------------------------------------------------
// Dominant-colour palette (k-means in CIELAB)
// ---------------------------------------------------------------------------------------------

interface PaletteColour {
  L: number;
  a: number;
  b: number;
  /** Fraction of sampled pixels in this cluster. */
  weight: number;
}

/**
 * k-means (k = 5, k-means++ init from a fixed seed) on a 32×32 grid of samples (1024: plenty for five
 * clusters, and fast) at fixed normalized positions, so the same picture at any size gives the same
 * samples and the same palette. Squared Euclidean distance in Lab (CIE76). Sorted by weight
 * (ties: darker first). When the image has fewer than 5 distinct colours, the missing slots
 * repeat the last real colour with weight 0, so a slot's colour is always a colour of the image.
 */
function dominantPalette(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): PaletteColour[] {
  const samples = sampleLab(rgba, width, height, PALETTE_SAMPLE_GRID);
  const clusters = kMeans(samples, PALETTE_SIZE, KMEANS_SEED);
  const found = clusters
    .filter((c) => c.weight > 0)
    .sort((p, q) => q.weight - p.weight || p.L - q.L || p.a - q.a || p.b - q.b);
  const last = found[found.length - 1];
  while (found.length < PALETTE_SIZE) found.push({ ...last, weight: 0 });
  return found;
}

/** Lab triples (flat) of grid×grid pixels at centres ((i + ½)/grid · size), integer arithmetic. */
function sampleLab(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, grid: number): Float64Array {
  const lab = new Float64Array(grid * grid * 3);
  const out = [0, 0, 0];
  let o = 0;
  for (let j = 0; j < grid; j++) {
    const y = Math.floor(((2 * j + 1) * height) / (2 * grid));
    for (let i = 0; i < grid; i++) {
      const x = Math.floor(((2 * i + 1) * width) / (2 * grid));
      const p = (y * width + x) * 4;
      srgbToLab(rgba[p], rgba[p + 1], rgba[p + 2], out);
      lab[o++] = out[0];
      lab[o++] = out[1];
      lab[o++] = out[2];
    }
  }
  return lab;
}

/** sRGB byte → linear light (IEC 61966-2-1). */
const SRGB_TO_LINEAR = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

// sRGB (D65) → XYZ. The white point is taken as the row sums, so greys get a* = b* = 0 exactly.
const M = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
];
const WHITE = M.map((row) => row[0] + row[1] + row[2]);
const LAB_EPSILON = (6 / 29) ** 3;

function labF(t: number): number {
  return t > LAB_EPSILON ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29;
}

/** CIELAB (D65) of an sRGB byte triple, written into out = [L*, a*, b*]. */
export function srgbToLab(r8: number, g8: number, b8: number, out: number[] = [0, 0, 0]): number[] {
  const r = SRGB_TO_LINEAR[r8], g = SRGB_TO_LINEAR[g8], b = SRGB_TO_LINEAR[b8];
  const fx = labF((M[0][0] * r + M[0][1] * g + M[0][2] * b) / WHITE[0]);
  const fy = labF((M[1][0] * r + M[1][1] * g + M[1][2] * b) / WHITE[1]);
  const fz = labF((M[2][0] * r + M[2][1] * g + M[2][2] * b) / WHITE[2]);
  out[0] = 116 * fy - 16;
  out[1] = 500 * (fx - fy);
  out[2] = 200 * (fy - fz);
  return out;
}

/** sRGB bytes (0..255, rounded and clamped) of a CIELAB (D65) colour: to draw palette swatches. */
export function labToSrgb(L: number, a: number, b: number): [number, number, number] {
  const fy = (L + 16) / 116;
  const xyz = [fy + a / 500, fy, fy - b / 200].map((f, i) => WHITE[i] * labFInverse(f));
  // Inverse of M (sRGB D65), to the same precision.
  const linear = [
    3.2404542 * xyz[0] - 1.5371385 * xyz[1] - 0.4985314 * xyz[2],
    -0.969266 * xyz[0] + 1.8760108 * xyz[1] + 0.041556 * xyz[2],
    0.0556434 * xyz[0] - 0.2040259 * xyz[1] + 1.0572252 * xyz[2],
  ];
  const encode = (c: number) => {
    const v = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.max(0, c) ** (1 / 2.4) - 0.055;
    return Math.min(255, Math.max(0, Math.round(v * 255)));
  };
  return [encode(linear[0]), encode(linear[1]), encode(linear[2])];
}

function labFInverse(f: number): number {
  return f > 6 / 29 ? f ** 3 : 3 * (6 / 29) ** 2 * (f - 4 / 29);
}


/**
 * Lloyd's k-means on flat 3-D points. Returns up to k clusters (fewer when the points hold fewer
 * distinct values: k-means++ stops once every point coincides with a centre).
 */
function kMeans(points: Float64Array, k: number, seed: number): PaletteColour[] {
  const n = points.length / 3;
  const centres = kMeansPlusPlusInit(points, k, mulberry32(seed));
  const used = centres.length / 3;
  const assignment = new Int32Array(n).fill(-1);
  const counts = new Float64Array(used);
  for (let iteration = 0; iteration < KMEANS_MAX_ITERATIONS; iteration++) {
    const changed = assignToNearest(points, centres, assignment);
    updateCentres(points, assignment, centres, counts);
    if (!changed) break;
  }
  const clusters: PaletteColour[] = [];
  for (let c = 0; c < used; c++) {
    clusters.push({ L: centres[3 * c], a: centres[3 * c + 1], b: centres[3 * c + 2], weight: counts[c] / n });
  }
  return clusters;
}

function kMeansPlusPlusInit(points: Float64Array, k: number, random: () => number): Float64Array {
  const n = points.length / 3;
  const centres = new Float64Array(3 * k);
  let count = 0;
  const addCentre = (i: number) => {
    centres.set(points.subarray(3 * i, 3 * i + 3), 3 * count++);
  };
  addCentre(Math.min(n - 1, Math.floor(random() * n)));
  const nearest = new Float64Array(n).fill(Infinity); // squared distance to the nearest centre so far
  while (count < k) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = squaredDistance(points, i, centres, count - 1);
      if (d < nearest[i]) nearest[i] = d;
      total += nearest[i];
    }
    if (total === 0) break; // every point already sits on a centre
    let target = random() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      target -= nearest[i];
      if (target < 0 && nearest[i] > 0) {
        pick = i;
        break;
      }
    }
    addCentre(pick);
  }
  return centres.slice(0, 3 * count);
}

function squaredDistance(points: Float64Array, i: number, centres: Float64Array, c: number): number {
  const d0 = points[3 * i] - centres[3 * c];
  const d1 = points[3 * i + 1] - centres[3 * c + 1];
  const d2 = points[3 * i + 2] - centres[3 * c + 2];
  return d0 * d0 + d1 * d1 + d2 * d2;
}

/** Assigns each point to its nearest centre (lowest index on ties); true if any assignment changed. */
function assignToNearest(points: Float64Array, centres: Float64Array, assignment: Int32Array): boolean {
  const k = centres.length / 3;
  let changed = false;
  for (let i = 0, p = 0; i < assignment.length; i++, p += 3) {
    const x = points[p], y = points[p + 1], z = points[p + 2];
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0, q = 0; c < k; c++, q += 3) {
      const dx = x - centres[q], dy = y - centres[q + 1], dz = z - centres[q + 2];
      const d = dx * dx + dy * dy + dz * dz;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (assignment[i] !== best) {
      assignment[i] = best;
      changed = true;
    }
  }
  return changed;
}

/** Moves each centre to the mean of its points; an empty cluster keeps its centre (and weight 0). */
function updateCentres(
  points: Float64Array,
  assignment: Int32Array,
  centres: Float64Array,
  counts: Float64Array,
): void {
  const sums = new Float64Array(centres.length);
  counts.fill(0);
  for (let i = 0; i < assignment.length; i++) {
    const c = assignment[i];
    sums[3 * c] += points[3 * i];
    sums[3 * c + 1] += points[3 * i + 1];
    sums[3 * c + 2] += points[3 * i + 2];
    counts[c]++;
  }
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] === 0) continue;
    centres[3 * c] = sums[3 * c] / counts[c];
    centres[3 * c + 1] = sums[3 * c + 1] / counts[c];
    centres[3 * c + 2] = sums[3 * c + 2] / counts[c];
  }
}
