/**
 * The weight-free colour & composition features, computed for every cover that lacks them, independently of
 * any network: so training never silently loses the colour group (a cover embedded before its colour vector
 * was cached), and the app runs end to end when no CNN weights can be reached at all.
 */
import { prepareBatch } from './decode';
import { COLOUR_FEATURE_SIZE } from './colour';
import { COLOUR_FEATURIZER_ID, type FeaturizeItem, type FeaturizeOutcome, type FeaturizeProgress } from './featurize';
import type { FeatureCache } from '../store/featureCache';

export interface ColourFillOptions {
  cache: FeatureCache;
  /** Vectors already in hand (e.g. computed in the same decode as the embeddings). */
  known?: Map<string, Float32Array>;
  batchSize?: number;
  /** Edge the cover is resized to before the statistics (the same 224 the network path uses). */
  size?: number;
  signal?: AbortSignal;
  onProgress?: (p: FeaturizeProgress) => void;
}

/** The same accounting as the embedding pass, for the colour vectors alone. */
export type ColourFillOutcome = Pick<FeaturizeOutcome, 'colour' | 'fromCache' | 'computed' | 'failed' | 'cancelled' | 'seconds'>;

export async function fillColourFeatures(items: readonly FeaturizeItem[], opts: ColourFillOptions): Promise<ColourFillOutcome> {
  const t0 = performance.now();
  const size = opts.size ?? 224;
  const batchSize = opts.batchSize ?? 16;
  const colour = new Map(opts.known ?? []);
  const unique = [...new Map(items.map((i) => [i.hash, i])).values()];
  const missing = unique.filter((i) => !colour.has(i.hash));
  const cached = await opts.cache.getMany(COLOUR_FEATURIZER_ID, missing.map((i) => i.hash));
  cached.forEach((v, h) => colour.set(h, v));
  const todo = missing.filter((i) => !colour.has(i.hash));
  const failed: ColourFillOutcome['failed'] = [];
  let computed = 0;
  let cancelled = false;
  const pixels = new Float32Array(batchSize * size * size * 3);
  const report = () => {
    const rate = computed / Math.max(1e-3, (performance.now() - t0) / 1000);
    const done = unique.length - todo.length + computed + failed.length;
    opts.onProgress?.({ done, total: unique.length, fromCache: cached.size, imagesPerSecond: rate, etaSeconds: rate > 0 ? (unique.length - done) / rate : null });
  };
  report();
  for (let k = 0; k < todo.length; k += batchSize) {
    if (opts.signal?.aborted) {
      cancelled = true;
      break;
    }
    const batch = todo.slice(k, k + batchSize);
    const prepared = await prepareBatch(batch.map((b) => b.blob), size, pixels);
    for (const e of prepared.errors) failed.push({ hash: batch[e.index].hash, error: e.error });
    const hashes = prepared.ok.map((j) => batch[j].hash);
    hashes.forEach((h, j) => colour.set(h, prepared.colour.slice(j * COLOUR_FEATURE_SIZE, (j + 1) * COLOUR_FEATURE_SIZE)));
    await opts.cache.putBatch(COLOUR_FEATURIZER_ID, hashes, prepared.colour, COLOUR_FEATURE_SIZE);
    computed += hashes.length;
    report();
  }
  return { colour, fromCache: cached.size, computed, failed, cancelled, seconds: (performance.now() - t0) / 1000 };
}
