import { embedBatch, type Backbone } from './backbone';
import { decodeBatch, type DecodedCover } from './decode';
import { writeRgbIntoBatch } from './pixels';
import { colourFeatures, COLOUR_FEATURE_SIZE } from './colour';
import type { FeatureCache } from '../store/featureCache';

/** Cache id of the weight-free colour features; bump the version when colour.ts changes. */
export const COLOUR_FEATURIZER_ID = 'colour-v1';

export interface FeaturizeItem {
  hash: string;
  blob: Blob;
}

export interface FeaturizeProgress {
  done: number;
  total: number;
  fromCache: number;
  imagesPerSecond: number;
  etaSeconds: number | null;
}

export interface FeaturizeOutcome {
  /** hash → embedding, for every item that has one now (cached or computed). */
  embeddings: Map<string, Float32Array>;
  colour: Map<string, Float32Array>;
  fromCache: number;
  computed: number;
  failed: { hash: string; error: string }[];
  cancelled: boolean;
  seconds: number;
  /** Images per second over the computed part only (decode → embedding → cache). */
  imagesPerSecond: number;
}

export interface FeaturizeOptions {
  backbone: Backbone;
  cache: FeatureCache;
  batchSize: number;
  signal?: AbortSignal;
  onProgress?: (p: FeaturizeProgress) => void;
  /** Called with each computed batch (one transferable buffer per batch). */
  onBatch?: (hashes: string[], embeddings: Float32Array, dims: number) => void;
}

/**
 * Embeds every item not already in the cache. Decoding of batch k+1 is started before batch k is
 * run through the network, so the browser's image decoders work while the backbone does. Cancel
 * takes effect between batches; everything finished so far is already cached.
 */
export async function featurize(items: readonly FeaturizeItem[], opts: FeaturizeOptions): Promise<FeaturizeOutcome> {
  const { backbone, cache, batchSize, signal } = opts;
  const dims = backbone.spec.embeddingSize;
  const size = backbone.spec.inputSize;
  const t0 = performance.now();
  const unique = dedupeByHash(items);
  const hashes = unique.map((i) => i.hash);

  const [embeddings, colour] = await Promise.all([
    cache.getMany(backbone.spec.id, hashes),
    cache.getMany(COLOUR_FEATURIZER_ID, hashes),
  ]);
  const fromCache = embeddings.size;
  const todo = unique.filter((i) => !embeddings.has(i.hash));
  const total = unique.length;
  const failed: { hash: string; error: string }[] = [];
  let computed = 0;
  const report = (start: number) => {
    const seconds = (performance.now() - start) / 1000;
    const rate = computed > 0 ? computed / seconds : 0;
    const remaining = todo.length - computed - failed.length;
    opts.onProgress?.({
      done: fromCache + computed + failed.length,
      total,
      fromCache,
      imagesPerSecond: rate,
      etaSeconds: rate > 0 ? remaining / rate : null,
    });
  };
  report(t0);

  const computeStart = performance.now();
  // Two pixel buffers in turn: one may still be read by the backend while the next is filled.
  const buffers = [new Float32Array(batchSize * size * size * 3), new Float32Array(batchSize * size * size * 3)];
  const batches: FeaturizeItem[][] = [];
  for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));

  let cancelled = false;
  let nextDecode = batches.length ? decodeBatch(batches[0].map((b) => b.blob), size) : null;
  for (let k = 0; k < batches.length; k++) {
    const decoded = await nextDecode!;
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    nextDecode = k + 1 < batches.length ? decodeBatch(batches[k + 1].map((b) => b.blob), size) : null;

    const okItems: FeaturizeItem[] = [];
    const okCovers: DecodedCover[] = [];
    decoded.forEach((d, j) => {
      if ('error' in d) failed.push({ hash: batches[k][j].hash, error: d.error });
      else {
        okItems.push(batches[k][j]);
        okCovers.push(d);
      }
    });
    if (okItems.length === 0) continue;

    const buffer = buffers[k % 2];
    okCovers.forEach((c, j) => writeRgbIntoBatch(c.rgba, buffer, j, size * size));
    const vectors = await embedBatch(backbone, buffer, okItems.length, size);
    const colourVectors = new Float32Array(okItems.length * COLOUR_FEATURE_SIZE);
    okCovers.forEach((c, j) => colourVectors.set(colourFeatures(c.rgba, size, size), j * COLOUR_FEATURE_SIZE));

    const batchHashes = okItems.map((i) => i.hash);
    await Promise.all([
      cache.putBatch(backbone.spec.id, batchHashes, vectors, dims),
      cache.putBatch(COLOUR_FEATURIZER_ID, batchHashes, colourVectors, COLOUR_FEATURE_SIZE),
    ]);
    batchHashes.forEach((h, j) => {
      embeddings.set(h, vectors.subarray(j * dims, (j + 1) * dims));
      colour.set(h, colourVectors.subarray(j * COLOUR_FEATURE_SIZE, (j + 1) * COLOUR_FEATURE_SIZE));
    });
    computed += okItems.length;
    opts.onBatch?.(batchHashes, vectors, dims);
    report(computeStart);
  }
  if (nextDecode) await nextDecode.catch(() => undefined); // let a prefetched batch settle after cancel

  const computeSeconds = (performance.now() - computeStart) / 1000;
  return {
    embeddings,
    colour,
    fromCache,
    computed,
    failed,
    cancelled,
    seconds: (performance.now() - t0) / 1000,
    imagesPerSecond: computed > 0 ? computed / computeSeconds : 0,
  };
}

function dedupeByHash(items: readonly FeaturizeItem[]): FeaturizeItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.hash) ? false : (seen.add(i.hash), true)));
}
