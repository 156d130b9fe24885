import * as tf from '@tensorflow/tfjs';
import type { Backbone } from './backbone';
import { prepareBatch, type PreparedBatch, type PrepRequest, type PrepResponse } from './decode';
import { COLOUR_FEATURE_SIZE } from './colour';
import type { FeatureCache } from '../store/featureCache';
import { colourCacheId } from './cacheIds';

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
  const size = backbone.spec.inputSize;
  const t0 = performance.now();
  const unique = dedupeByHash(items);
  const hashes = unique.map((i) => i.hash);

  // The prep worker starts (fetch + parse of its module) while the cache is read; unused if all is cached.
  const prep = unique.length ? startPrep(opts.prep ?? defaultPrepMode()) : inlinePrep();
  let embeddings: Map<string, Float32Array>;
  let colour: Map<string, Float32Array>;
  try {
    [embeddings, colour] = await Promise.all([cache.getMany(backbone.cacheId, hashes), cache.getMany(COLOUR_FEATURIZER_ID, hashes)]);
  } catch (err) {
    prep.close();
    throw err;
  }
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
  const batches: FeaturizeItem[][] = [];
  for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
  const fixedShape = opts.fixedBatchShape ?? tf.getBackend() === 'webgl';
  const net = batchNet(backbone);
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
        const { vectors, top } = await embedPixels(net, prepared.pixels, count, fixedShape ? batchSize : count, size, dims);
        stageSeconds.network += clock() - t;
        const colourVectors = prepared.colour;
        const batchHashes = prepared.ok.map((j) => batches[k][j].hash);
        // The previous batch's write had this batch's compute time to finish.
        t = clock();
        await pendingWrite;
        stageSeconds.waitWrite += clock() - t;
        pendingWrite = Promise.all([
          cache.putBatch(backbone.cacheId, batchHashes, vectors, dims),
          cache.putBatch(COLOUR_FEATURIZER_ID, batchHashes, colourVectors, COLOUR_FEATURE_SIZE),
          top ? cache.putBatch(conceptsFeaturizerId(backbone.cacheId), batchHashes, top, CONCEPT_TOP_K) : null,
        ]);
        batchHashes.forEach((h, j) => {
          embeddings.set(h, vectors.subarray(j * dims, (j + 1) * dims));
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

/** One network pass per batch: the embedding and, when the backbone has a labelled ImageNet head, the top-k label indices. */
export type BatchNet = (pixels: tf.Tensor4D) => { embedding: tf.Tensor2D; top?: tf.Tensor2D };

export function batchNet(backbone: Backbone): BatchNet {
  const withConcepts = backbone.classLabels !== null;
  return (pixels) => {
    const { embedding, logits } = backbone.forward(pixels, { logits: withConcepts });
    if (!logits) return { embedding };
    // The 1×1 classifier costs ~0.2 % of the trunk: concepts come almost free with the embedding.
    const top = tf.tidy(() => tf.topk(logits, CONCEPT_TOP_K).indices.toFloat() as tf.Tensor2D);
    logits.dispose();
    return { embedding, top };
  };
}

/**
 * One batch through the network: a single input tensor over the first `rows` slots of the pixel
 * buffer (rows ≥ count; extra rows only pad to a fixed shape and are dropped), one readback.
 */
async function embedPixels(net: BatchNet, pixels: Float32Array, count: number, rows: number, size: number, dims: number): Promise<{ vectors: Float32Array; top: Float32Array | null }> {
  const n = Math.max(count, Math.min(rows, pixels.length / (size * size * 3)));
  const out = tf.tidy(() => net(tf.tensor4d(pixels.subarray(0, n * size * size * 3), [n, size, size, 3])));
  try {
    const [data, top] = await Promise.all([out.embedding.data() as Promise<Float32Array>, out.top?.data() as Promise<Float32Array> | undefined]);
    return {
      vectors: n === count ? data : data.slice(0, count * dims),
      top: top ? top.slice(0, count * CONCEPT_TOP_K) : null,
    };
  } finally {
    out.embedding.dispose();
    out.top?.dispose();
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
