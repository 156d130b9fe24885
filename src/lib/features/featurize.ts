import * as tf from '@tensorflow/tfjs';
import type { Backbone } from './backbone';
import { prepareBatch, type PreparedBatch, type PrepRequest, type PrepResponse } from './decode';
import { COLOUR_FEATURE_SIZE } from './colour';
import type { FeatureCache } from '../store/featureCache';
import { colourCacheId } from './cacheIds';
import { networkFeaturizers, type Featurizer } from './featurizers/registry';

/** Cache id of the weight-free colour features (their version + the image preprocessing: cacheIds.ts). */
export const COLOUR_FEATURIZER_ID = colourCacheId();

/** Labels kept per cover from the backbone's ImageNet classifier (the genre-concepts insight). */
export const CONCEPT_TOP_K = 5;

/**
 * Cache id of a backbone's ImageNet top-5 label indices per image (stored as CONCEPT_TOP_K floats), from the
 * backbone's embedding cache id (`Backbone.cacheId`: weights and preprocessing included).
 */
export function conceptsFeaturizerId(embeddingCacheId: string): string {
  return `${embeddingCacheId}:imagenet-top${CONCEPT_TOP_K}`;
}

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
  /** hash → embedding, for every item that has one now (cached or computed): groups.cover. */
  embeddings: Map<string, Float32Array>;
  /** Every network featurizer's vectors (featurizers/registry.ts) by featurizer id, then hash: 'cover', 'style', … */
  groups: Record<string, Map<string, Float32Array>>;
  colour: Map<string, Float32Array>;
  fromCache: number;
  computed: number;
  failed: { hash: string; error: string }[];
  cancelled: boolean;
  seconds: number;
  /** Images per second over the computed part only (decode → embedding → cache). */
  imagesPerSecond: number;
  /** Where decode/resize/colour ran: a prep worker beside the network, or inline on this thread. */
  prepMode: PrepMode;
  /**
   * Where the compute time went, on this thread: waiting for prepared batches (the first one always;
   * later ones only when prep is slower than the network, or runs inline), running the network, and
   * waiting for the previous batch's IndexedDB write.
   */
  stageSeconds: { waitPrep: number; network: number; waitWrite: number };
}

export type PrepMode = 'worker' | 'inline';

export interface FeaturizeOptions {
  backbone: Backbone;
  cache: FeatureCache;
  batchSize: number;
  signal?: AbortSignal;
  onProgress?: (p: FeaturizeProgress) => void;
  /** Called with each computed batch (one buffer per batch, row-major hashes.length × dims). */
  onBatch?: (hashes: string[], embeddings: Float32Array, dims: number) => void;
  /** Where decode/resize/colour run; default: defaultPrepMode(). */
  prep?: PrepMode;
  /**
   * Feed every batch at the full batch size (the last one padded), so the network only ever sees
   * one input shape. Default: on WebGL, whose textures and shader programs are keyed by shape.
   */
  fixedBatchShape?: boolean;
  /** Average every network vector over the cover and its mirror image (one batch of 2n; its own cache ids). */
  flipAverage?: boolean;
}

/**
 * Embeds every item not already in the cache, as a three-stage pipeline:
 *  1. prep (its own worker): decode, crop, resize, float RGB and colour features of batch k+1;
 *  2. network (this thread + the backend's threads): batch k, one input tensor per batch;
 *  3. cache: batch k−1's IndexedDB write completes while batch k computes.
 * Two pixel buffers alternate between stages 1 and 2 (transferred, never copied or reallocated).
 * Cancel takes effect between batches; every finished batch is cached before this returns.
 */
export async function featurize(items: readonly FeaturizeItem[], opts: FeaturizeOptions): Promise<FeaturizeOutcome> {
  const { backbone, cache, batchSize, signal } = opts;
  const dims = backbone.spec.embeddingSize;
  const variant = { flipAverage: opts.flipAverage ?? false };
  const featurizers = networkFeaturizers(backbone);
  const ids = featurizers.map((f) => f.cacheId(backbone, variant));
  const coverIndex = featurizers.findIndex((f) => f.id === 'cover');
  const size = backbone.spec.inputSize;
  const t0 = performance.now();
  const unique = dedupeByHash(items);
  const hashes = unique.map((i) => i.hash);

  const [colour, ...found] = await Promise.all([cache.getMany(COLOUR_FEATURIZER_ID, hashes), ...ids.map((id) => cache.getMany(id, hashes))]);
  const groups = Object.fromEntries(featurizers.map((f, j) => [f.id, found[j]]));
  const embeddings = groups.cover;
  // A cover is done only when every network featurizer has it: the pass computes them all at once.
  const todo = unique.filter((i) => found.some((m) => !m.has(i.hash)));
  const fromCache = unique.length - todo.length;
  // Only when there is something to compute: a re-open with everything cached starts no worker.
  const prep = todo.length ? startPrep(opts.prep ?? defaultPrepMode()) : inlinePrep();
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
  const batches: FeaturizeItem[][] = [];
  for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
  const fixedShape = opts.fixedBatchShape ?? tf.getBackend() === 'webgl';
  const net = batchNet(backbone, featurizers, variant.flipAverage);
  const free = batches.length ? [newPixelBuffer(batchSize, size), newPixelBuffer(batchSize, size)] : [];
  const request = (k: number) => prep.prepare(batches[k].map((b) => b.blob), size, free.pop()!);

  let cancelled = false;
  const stageSeconds = { waitPrep: 0, network: 0, waitWrite: 0 };
  const clock = () => performance.now() / 1000;
  let pendingWrite: Promise<unknown> = Promise.resolve();
  let next: Promise<PreparedBatch> | null = batches.length ? request(0) : null;
  try {
    for (let k = 0; k < batches.length; k++) {
      let t = clock();
      const prepared = await next!;
      stageSeconds.waitPrep += clock() - t;
      next = null;
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      if (k + 1 < batches.length) next = request(k + 1);

      for (const e of prepared.errors) failed.push({ hash: batches[k][e.index].hash, error: e.error });
      const count = prepared.ok.length;
      if (count > 0) {
        t = clock();
        const { vectors: all, top } = await embedPixels(net, prepared.pixels, count, fixedShape ? batchSize : count, size);
        const vectors = all[coverIndex];
        stageSeconds.network += clock() - t;
        const colourVectors = prepared.colour;
        const batchHashes = prepared.ok.map((j) => batches[k][j].hash);
        // The previous batch's write had this batch's compute time to finish.
        t = clock();
        await pendingWrite;
        stageSeconds.waitWrite += clock() - t;
        pendingWrite = Promise.all([
          ...featurizers.map((f, j) => cache.putBatch(ids[j], batchHashes, all[j], all[j].length / count)),
          cache.putBatch(COLOUR_FEATURIZER_ID, batchHashes, colourVectors, COLOUR_FEATURE_SIZE),
          top ? cache.putBatch(conceptsFeaturizerId(backbone.cacheId), batchHashes, top, CONCEPT_TOP_K) : null,
        ]);
        featurizers.forEach((f, k) => {
          const d = all[k].length / count;
          batchHashes.forEach((h, j) => found[k].set(h, all[k].subarray(j * d, (j + 1) * d)));
        });
        batchHashes.forEach((h, j) => {
          colour.set(h, colourVectors.subarray(j * COLOUR_FEATURE_SIZE, (j + 1) * COLOUR_FEATURE_SIZE));
        });
        computed += count;
        opts.onBatch?.(batchHashes, vectors, dims);
      }
      free.push(prepared.pixels);
      report(computeStart);
    }
    const t = clock();
    await pendingWrite; // cancelled or not, every computed batch is in the cache now
    stageSeconds.waitWrite += clock() - t;
  } finally {
    pendingWrite.catch(() => undefined);
    if (next) await next.catch(() => undefined); // a prefetched batch settles before its worker goes
    prep.close();
  }

  const computeSeconds = (performance.now() - computeStart) / 1000;
  return {
    embeddings,
    groups,
    colour,
    fromCache,
    computed,
    failed,
    cancelled,
    seconds: (performance.now() - t0) / 1000,
    imagesPerSecond: computed > 0 ? computed / computeSeconds : 0,
    prepMode: prep.mode,
    stageSeconds,
  };
}

/**
 * The prep stage runs in a worker of its own wherever workers exist, so decode/resize/colour of
 * batch k+1 overlap the network on batch k. Measured on a 2-core machine with WASM on 2 threads,
 * prep in a worker was never slower than inline within the (large) noise of a shared machine:
 * XNNPACK's thread pool steals work from a preempted thread, and the prep worker also fills the
 * network's idle moments (JS glue, read-back, IndexedDB). With a GPU backend or more cores it is
 * strictly better. 'inline' remains for environments without workers (Node tests).
 */
export function defaultPrepMode(): PrepMode {
  return typeof Worker === 'undefined' ? 'inline' : 'worker';
}

function newPixelBuffer(slots: number, size: number): Float32Array {
  return new Float32Array(slots * size * size * 3);
}

/**
 * The backbone's embed function (for a layers model, the fused net: see fuseLayers.ts and LayersBackbone).
 * Kept for the bench; its unfused baseline is LayersBackbone.embedUnfused.
 */
export function fastEmbed(backbone: Backbone): (pixels: tf.Tensor4D) => tf.Tensor2D {
  return (pixels) => backbone.embed(pixels);
}

/**
 * One network pass per batch: each featurizer's vectors (in the order given; the first is the embedding when
 * called without featurizers) and, when the backbone has a labelled ImageNet head, the top-k label indices.
 */
export type BatchNet = (pixels: tf.Tensor4D) => { embedding: tf.Tensor2D; outputs: tf.Tensor2D[]; top?: tf.Tensor2D };

export function batchNet(backbone: Backbone, featurizers: readonly Featurizer[] = [], flipAverage = false): BatchNet {
  const withConcepts = backbone.classLabels !== null;
  const options = Object.assign({ logits: withConcepts }, ...featurizers.map((f) => f.network!.options));
  return (pixels) =>
    tf.tidy(() => {
      const n = pixels.shape[0];
      // Flip averaging: the mirrored covers ride in the same batch; each vector is the mean of both halves.
      const input = flipAverage ? tf.concat([pixels, tf.image.flipLeftRight(pixels)]) : pixels;
      const result = backbone.forward(input as tf.Tensor4D, options);
      const half = (t: tf.Tensor2D) => (flipAverage ? (t.slice([0, 0], [n, -1]).add(t.slice([n, 0], [n, -1])).div(2) as tf.Tensor2D) : t);
      const outputs = featurizers.map((f) => half(f.network!.take(result)!));
      const embedding = half(result.embedding);
      if (!result.logits) return { embedding, outputs };
      // The 1×1 classifier costs ~0.2 % of the trunk: concepts come almost free with the embedding (original covers only).
      const top = tf.topk(result.logits.slice([0, 0], [n, -1]), CONCEPT_TOP_K).indices.toFloat() as tf.Tensor2D;
      return { embedding, outputs, top };
    }) as unknown as ReturnType<BatchNet>;
}

/**
 * One batch through the network: a single input tensor over the first `rows` slots of the pixel
 * buffer (rows ≥ count; extra rows only pad to a fixed shape and are dropped), one readback.
 */
async function embedPixels(net: BatchNet, pixels: Float32Array, count: number, rows: number, size: number): Promise<{ vectors: Float32Array[]; top: Float32Array | null }> {
  const n = Math.max(count, Math.min(rows, pixels.length / (size * size * 3)));
  const out = tf.tidy(() => net(tf.tensor4d(pixels.subarray(0, n * size * size * 3), [n, size, size, 3])) as unknown as tf.TensorContainerObject) as unknown as ReturnType<BatchNet>;
  try {
    const [top, ...data] = await Promise.all([out.top?.data() as Promise<Float32Array> | undefined, ...out.outputs.map((t) => t.data() as Promise<Float32Array>)]);
    return {
      vectors: data.map((d, k) => (n === count ? d : d.slice(0, count * out.outputs[k].shape[1]))),
      top: top ? top.slice(0, count * CONCEPT_TOP_K) : null,
    };
  } finally {
    tf.dispose([out.embedding, ...out.outputs, ...(out.top ? [out.top] : [])]);
  }
}

interface PrepStage {
  mode: PrepMode;
  prepare(blobs: Blob[], size: number, pixels: Float32Array): Promise<PreparedBatch>;
  close(): void;
}

function inlinePrep(): PrepStage {
  return { mode: 'inline', prepare: (blobs, size, pixels) => prepareBatch(blobs, size, pixels), close() {} };
}

/**
 * The prep stage in a worker of its own. If that worker cannot start or fails, the stage falls back
 * to inline preparation for the rest of the run (same results, only slower).
 */
function startPrep(mode: PrepMode): PrepStage {
  if (mode === 'inline' || typeof Worker === 'undefined') return inlinePrep();
  let worker: Worker;
  try {
    worker = new Worker(new URL('./prep.worker.ts', import.meta.url), { type: 'module', name: 'cgs-prep' });
  } catch {
    return inlinePrep();
  }
  const inline = inlinePrep();
  const pending = new Map<number, { resolve: (b: PreparedBatch) => void; reject: (e: Error & { pixels?: Float32Array }) => void }>();
  let broken = false;
  let closed = false;
  let nextId = 0;
  let capacity = 0;
  const fail = (message: string) => {
    broken = true;
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };
  worker.onmessage = (e: MessageEvent<PrepResponse>) => {
    const p = pending.get(e.data.id);
    pending.delete(e.data.id);
    if (!p) return;
    if ('failure' in e.data) p.reject(Object.assign(new Error(e.data.failure), { pixels: e.data.pixels }));
    else p.resolve(e.data);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    fail(`prep worker failed: ${e.message}`);
  };
  // A buffer that went to a worker which then died is detached: start a fresh one.
  const usable = (pixels: Float32Array | undefined) => (pixels && pixels.byteLength > 0 ? pixels : new Float32Array(capacity));
  return {
    get mode(): PrepMode {
      return broken ? 'inline' : 'worker';
    },
    prepare(blobs, size, pixels) {
      capacity = Math.max(capacity, pixels.length);
      if (broken) return inline.prepare(blobs, size, usable(pixels));
      const id = nextId++;
      return new Promise<PreparedBatch>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const message: PrepRequest = { id, blobs, size, pixels };
        worker.postMessage(message, [pixels.buffer]);
      }).catch((err: Error & { pixels?: Float32Array }) => {
        if (closed) throw err;
        broken = true;
        return inline.prepare(blobs, size, usable(err.pixels ?? pixels));
      });
    },
    close() {
      closed = true;
      for (const p of pending.values()) p.reject(new Error('prep worker closed'));
      pending.clear();
      worker.terminate();
    },
  };
}

function dedupeByHash(items: readonly FeaturizeItem[]): FeaturizeItem[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.hash) ? false : (seen.add(i.hash), true)));
}
