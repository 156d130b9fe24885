/**
 * A 2-D UMAP layout of embedding rows with umap-js: rows are L2-normalised (so distances follow the cosine
 * similarity "covers like this" uses), optionally reduced by PCA (much faster neighbour search at 768-d),
 * then laid out epoch by epoch so progress and cancellation are seen. Pure: no worker or DOM.
 */
import { UMAP } from 'umap-js';
import { mulberry32 } from '../models/rng';
import { throwIfAborted, yieldToEventLoop } from '../models/abort';
import { fitPca, pcaTransform } from './pca';

export interface UmapProgress {
  phase: string;
  done: number;
  total: number;
  rate: number | null;
  etaSeconds: number | null;
}

export interface UmapOptions {
  seed: number;
  /** Default 15 (as TensorBoard's projector); lowered to n − 1 for small n. */
  nNeighbors?: number;
  /** Default 0.1. */
  minDist?: number;
  /** Reduce to this many dims by PCA first when the rows have more; 0 = never. Default 50. */
  pcaDims?: number;
  /** Only use PCA from this many rows on (default 3 000): below, it costs about what the neighbour search saves. */
  pcaMinRows?: number;
  /** Default: umap-js's own rule (500 epochs up to 2 500 rows … 200 above 7 500). */
  nEpochs?: number;
  signal?: AbortSignal;
  onProgress?: (p: UmapProgress) => void;
}

export interface UmapLayout {
  /** n × 2 row-major, in [0, 1]²: the longer side spans [0, 1], the shorter is centred (aspect kept). */
  coords: Float32Array;
  n: number;
  nNeighbors: number;
  minDist: number;
  epochs: number;
}

/** pcaFitRows: PCA is fitted on at most this many evenly spaced rows (then applied to all). */
export const UMAP_DEFAULTS = { nNeighbors: 15, minDist: 0.1, pcaDims: 50, pcaMinRows: 3000, pcaFitRows: 2500 } as const;

/** umap-js's default epoch count for n rows (stated here so progress knows the total up front). */
export function defaultEpochs(n: number): number {
  return n <= 2500 ? 500 : n <= 5000 ? 400 : n <= 7500 ? 300 : 200;
}

/** Scales n × 2 points into [0, 1]² with one scale for both axes; a single point (or all equal) lands at the centre. */
export function normaliseCoords(points: ArrayLike<number>, n: number): Float32Array {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, points[2 * i]); x1 = Math.max(x1, points[2 * i]);
    y0 = Math.min(y0, points[2 * i + 1]); y1 = Math.max(y1, points[2 * i + 1]);
  }
  const span = Math.max(x1 - x0, y1 - y0);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = span > 0 ? (points[2 * i] - x0 + (span - (x1 - x0)) / 2) / span : 0.5;
    out[2 * i + 1] = span > 0 ? (points[2 * i + 1] - y0 + (span - (y1 - y0)) / 2) / span : 0.5;
  }
  return out;
}

/** Unit-length copies of the rows (zero rows stay zero). */
export function l2NormaliseRows(data: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += data[i * d + c] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let c = 0; c < d; c++) out[i * d + c] = data[i * d + c] * inv;
  }
  return out;
}

/** Fewer than 3 rows: no neighbourhood to learn, so a fixed layout (one centred point, or two side by side). */
function trivialLayout(n: number, nNeighbors: number, minDist: number): UmapLayout {
  const coords = n === 1 ? Float32Array.of(0.5, 0.5) : n === 2 ? Float32Array.of(0, 0.5, 1, 0.5) : new Float32Array(0);
  return { coords, n, nNeighbors: Math.max(n - 1, 0), minDist, epochs: 0 };
}

function rowsOf(data: Float32Array, n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, (i + 1) * d)));
}

/** Lays the n × d rows out in 2-D. Same data, seed and options → identical coordinates. */
export async function umapLayout(data: Float32Array, n: number, d: number, opts: UmapOptions): Promise<UmapLayout> {
  const minDist = opts.minDist ?? UMAP_DEFAULTS.minDist;
  const wanted = opts.nNeighbors ?? UMAP_DEFAULTS.nNeighbors;
  if (n < 3) return trivialLayout(n, wanted, minDist);
  const nNeighbors = Math.max(2, Math.min(wanted, n - 1)); // umap-js throws unless n > nNeighbors
  const report = progressReporter(opts.onProgress);
  throwIfAborted(opts.signal);

  let x = l2NormaliseRows(data, n, d);
  let dims = d;
  const pcaDims = opts.pcaDims ?? UMAP_DEFAULTS.pcaDims;
  if (pcaDims > 0 && d > pcaDims && n >= (opts.pcaMinRows ?? UMAP_DEFAULTS.pcaMinRows)) {
    report('Reducing dimensions (PCA)', 0, 1, true);
    x = pcaTransform(fitPca(x, n, d, pcaDims, { maxRows: UMAP_DEFAULTS.pcaFitRows }), x, n);
    dims = pcaDims;
  }
  throwIfAborted(opts.signal);

  const epochs = opts.nEpochs ?? defaultEpochs(n);
  report('Finding neighbours', 0, 1, true); // one synchronous umap-js call: ~8 s for 10 000 rows, not cancellable inside
  await yieldToEventLoop(); // let the neighbour phase's progress out before the long synchronous call
  const umap = new UMAP({ nComponents: 2, nNeighbors, minDist, nEpochs: epochs, random: mulberry32(opts.seed) });
  umap.initializeFit(rowsOf(x, n, dims));
  throwIfAborted(opts.signal);

  // Our own epoch loop instead of fitAsync: fitAsync yields with setTimeout after every epoch, which browsers
  // clamp to ≥ 4 ms once nested, i.e. ≥ 2 s of idle time for 500 epochs. Yielding every ~40 ms costs nothing.
  const start = performance.now();
  let lastYield = start;
  for (let epoch = 0; epoch < epochs; ) {
    epoch = umap.step();
    if (performance.now() - lastYield > 40) {
      report('Laying out the map', epoch, epochs, false, (performance.now() - start) / 1000);
      await yieldToEventLoop();
      throwIfAborted(opts.signal);
      lastYield = performance.now();
    }
  }
  report('Laying out the map', epochs, epochs, true, (performance.now() - start) / 1000);
  const embedding = umap.getEmbedding();
  const flat = new Float64Array(2 * n);
  embedding.forEach((p, i) => { flat[2 * i] = p[0]; flat[2 * i + 1] = p[1]; });
  return { coords: normaliseCoords(flat, n), n, nNeighbors, minDist, epochs };
}

/** Throttles progress to ~10 per second (forced reports always pass) and adds rate and ETA. */
function progressReporter(onProgress?: (p: UmapProgress) => void) {
  let last = -Infinity;
  return (phase: string, done: number, total: number, force: boolean, elapsed = 0) => {
    const now = performance.now();
    if (!onProgress || (!force && now - last < 100)) return;
    last = now;
    const rate = elapsed > 0 && done > 0 ? done / elapsed : null;
    onProgress({ phase, done, total, rate, etaSeconds: rate ? (total - done) / rate : null });
  };
}
