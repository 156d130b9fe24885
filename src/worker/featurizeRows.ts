/**
 * Step 2 in the studio worker: image features for every usable row. With a network: every network featurizer
 * of the registry (final-layer embedding, style statistics: one forward pass, cached per featurizer, network and
 * image) plus the colour features from the same decode. Without one (`colourOnly`, or no weights
 * reachable): the weight-free colour features alone, so the app still runs end to end.
 */
import * as tf from '@tensorflow/tfjs';
import { featurize, type FeaturizeItem } from '../lib/features/featurize';
import type { Backbone } from '../lib/features/backbone';
import { fillColourFeatures } from '../lib/features/colourFill';
import { colourFeaturizer } from '../lib/features/featurizers/colour';
import { state, cache } from './state';
import type { FeaturizerSummary, FeaturizeSummary, TaskProgress } from './protocol';
import { activeFeaturizers, networkShortName } from '../lib/features/featurizers/registry';

type Progress = (p: { done: number; total: number; imagesPerSecond: number; etaSeconds: number | null }) => void;

/**
 * Every image feature of `items` the session uses: the network's embedding (when a backbone is given) and the
 * colour features, each read from the cache or computed. One path for training covers and covers to score.
 */
export async function imageFeatures(items: FeaturizeItem[], backbone: Backbone | null, signal: AbortSignal, progress: (phase: string) => Progress) {
  const store = await cache();
  const batchSize = tf.getBackend() === 'webgl' ? 32 : 16;
  const outcome = backbone
    ? await featurize(items, { backbone, cache: store, batchSize, signal, flipAverage: state.flipAverage, onProgress: progress('Computing embeddings') })
    : null;
  // Colour vectors missing from the embedding pass (cached embedding, no cached colour) are computed here.
  const colour = await fillColourFeatures(outcome ? items.filter((i) => outcome.embeddings.has(i.hash)) : items, {
    cache: store,
    known: outcome?.colour,
    signal,
    onProgress: progress('Computing colour & composition features'),
  });
  // Every dense group by featurizer id (lib/features/featurizers): the network's when one ran, colour always.
  const dense: Record<string, Map<string, Float32Array>> = { ...(outcome?.groups ?? {}), [colourFeaturizer.id]: colour.colour };
  return { outcome, colour, dense, embeddings: outcome?.embeddings ?? new Map<string, Float32Array>(), cancelled: (outcome?.cancelled ?? false) || colour.cancelled };
}

export async function featurizeRows(signal: AbortSignal, onProgress: ((p: TaskProgress) => void) | undefined, colourOnly: boolean): Promise<FeaturizeSummary> {
  const backbone = colourOnly ? null : state.backbone;
  if (!colourOnly && !backbone) throw new Error('Load the featurizer network first.');
  if (state.rows.length === 0) throw new Error('Import a dataset first: no usable rows yet.');
  const pathByHash = new Map(state.rows.map((r) => [r.imageHash, r.coverPath]));
  const items = [...pathByHash].map(([hash, path]) => ({ hash, blob: state.files.get(path)! }));
  const progress = (phase: string): Progress => (p) => onProgress?.({ phase, done: p.done, total: p.total, rate: p.imagesPerSecond || null, etaSeconds: p.etaSeconds });
  const { outcome, colour, dense, cancelled } = await imageFeatures(items, backbone, signal, progress);
  state.dense = dense;
  const lengths = new Set<number>();
  let rowsWithEmbedding = 0;
  let rowsWithFeatures = 0;
  for (const r of state.rows) {
    const e = state.embeddings.get(r.imageHash);
    if (e) {
      rowsWithEmbedding++;
      lengths.add(e.length);
    }
    if (Object.values(dense).every((m) => m.has(r.imageHash))) rowsWithFeatures++;
  }
  const failed = outcome ? outcome.failed : colour.failed;
  return {
    backboneId: backbone?.spec.id ?? 'colour-only',
    embeddingCacheId: backbone?.cacheId ?? null,
    colourOnly: !backbone,
    total: items.length,
    fromCache: outcome ? outcome.fromCache : colour.fromCache,
    computed: outcome ? outcome.computed : colour.computed,
    colourComputed: colour.computed,
    failed: failed.map((f) => ({ path: pathByHash.get(f.hash) ?? f.hash, error: f.error })),
    cancelled,
    seconds: (outcome?.seconds ?? 0) + colour.seconds,
    imagesPerSecond: outcome ? outcome.imagesPerSecond : colour.computed / Math.max(colour.seconds, 1e-3),
    rowsWithEmbedding,
    rowsWithFeatures,
    rowCount: state.rows.length,
    storageProblem: (await cache()).problem?.message ?? null,
    embeddingLengths: [...lengths],
    featurizers: featurizerSummaries(backbone),
    backend: backbone ? `${state.backend?.name ?? tf.getBackend()} (${state.backend?.detail ?? ''})` : 'no network (colour features only)',
  };
}

/** What each featurizer of this run is, for the Features step (registry order). */
export function featurizerSummaries(backbone: Backbone | null): FeaturizerSummary[] {
  const network = backbone ? networkShortName(backbone.spec.label) : null;
  return activeFeaturizers(backbone).map((f) => ({ id: f.id, label: f.label(network), captures: f.captures, dims: f.dims(backbone) }));
}
