/**
 * Measurement entry points used only by the benchmark harness (npm run bench, bench.html), exposed by the bench
 * worker (bench.worker.ts) beside the product API, never by the product worker. They run on the state the product
 * API built (imported rows, loaded backbone).
 */
import * as tf from '@tensorflow/tfjs';
import { activateBackend, requestWasmThreads, wasmThreadPlan, type BackendInfo, type BackendName } from '../lib/backend/backends';
import { coverColourFeatures, decodeBatch } from '../lib/features/decode';
import { writeRgbIntoBatch } from '../lib/features/pixels';
import { batchNet, COLOUR_FEATURIZER_ID, defaultPrepMode, fastEmbed, featurize, type PrepMode } from '../lib/features/featurize';
import { networkFeaturizers } from '../lib/features/featurizers/registry';
import { embeddingLike } from '../lib/models/testing/synthetic';
import { umapLayout } from '../lib/insights/umap';
import { LayersBackbone, type Backbone } from '../lib/features/backbone';
import { sha256Hex } from '../worker/hash';
import { warmUpBackend } from '../worker/studioApi';
import { state, cache } from '../worker/state';

export interface MemorySnapshot {
  numTensors: number;
  numBytes: number;
}

function memory(): MemorySnapshot {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
}

/** Emscripten's pthread pool of the active WASM module (workers started / running), for diagnostics. */
function pthreadStats(): { unused: number; running: number } | null {
  const wasm = (tf.getBackend() === 'wasm' ? (tf.backend() as unknown as { wasm?: { PThread?: { unusedWorkers: unknown[]; runningWorkers: unknown[] } } }).wasm : undefined);
  const p = wasm?.PThread;
  return p ? { unused: p.unusedWorkers.length, running: p.runningWorkers.length } : null;
}

const consoleLog: string[] = [];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface RawOptions {
  backend: BackendName;
  /** Covers to pre-decode (the first of the imported rows). */
  images: number;
  batchSize: number;
  reps: number;
  /** Stop adding repetitions once this much time was spent timing (at least one batch is timed). */
  maxSeconds: number;
  /** Time the backbone's own embed() (a layers model as tfjs-layers runs it) instead of the fused one featurize uses. */
  unfused?: boolean;
  /**
   * Time featurize()'s whole network pass (batchNet: embedding + every network featurizer, e.g. style statistics,
   * + ImageNet top-5) instead of the embedding alone, so end-to-end can be set against the same network work.
   */
  fullPass?: boolean;
}

export interface RawResult {
  backend: BackendInfo | null;
  backboneId: string;
  batchSize: number;
  images: number;
  /** img/s of each timed repetition (a repetition runs every batch once, or one batch when slow). */
  reps: number[];
  imagesPerSecond: number;
  warmupSeconds: number;
  memoryBefore: MemorySnapshot;
  memoryAfter: MemorySnapshot;
  error?: string;
}

export interface ReopenResult {
  files: number;
  hashSeconds: number;
  readSeconds: number;
  found: number;
  seconds: number;
}

/** The network as tfjs-layers runs it (BatchNorm and ReLU6 as separate kernels), to measure what fusing saves. */
function unfusedEmbed(backbone: Backbone): (x: tf.Tensor4D) => tf.Tensor2D {
  return backbone instanceof LayersBackbone ? (x) => backbone.embedUnfused(x) : (x) => backbone.embed(x);
}

/** featurize()'s network pass per batch, every output read back (one tensor, disposed with its siblings). */
function fullPass(backbone: Backbone): (x: tf.Tensor4D) => tf.Tensor2D {
  const net = batchNet(backbone, networkFeaturizers(backbone));
  return (x) =>
    tf.tidy(() => {
      const { embedding, outputs, top } = net(x);
      // One tensor that depends on every output, so reading it back waits for all of them.
      return tf.concat([embedding, ...outputs, ...(top ? [top] : [])], 1) as tf.Tensor2D;
    });
}

export const benchApi = {
  /**
   * Must come first in a fresh worker: the WASM thread pool is fixed when the backend starts. Sets the thread
   * count, then does the backend warm-up the product worker does when it loads (studio.worker.ts).
   */
  async benchConfigure(opts: { wasmThreads: number | 'auto' }): Promise<void> {
    requestWasmThreads(opts.wasmThreads);
    // Emscripten reports pthread trouble through console.warn/error, bound when the module starts.
    for (const level of ['warn', 'error'] as const) {
      const original = console[level].bind(console);
      console[level] = (...args: unknown[]) => {
        if (consoleLog.length < 50) consoleLog.push(`${level}: ${args.map(String).join(' ')}`);
        original(...args);
      };
    }
    await warmUpBackend();
  },

  /** Kernel time per op type for one batch (tf.profile): fused, as tfjs-layers runs the model, or featurize()'s full pass. */
  async benchProfile(batch: number, unfused = false, full = false) {
    const backbone = state.backbone!;
    const embed = unfused ? unfusedEmbed(backbone) : full ? fullPass(backbone) : fastEmbed(backbone);
    const x = tf.randomUniform([batch, 224, 224, 3], 0, 255) as tf.Tensor4D;
    const once = async () => { const y = embed(x); await y.data(); y.dispose(); };
    await once();
    const info = await tf.profile(once);
    const byKernel = new Map<string, number>();
    for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    x.dispose();
    return [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, ms]) => `${k} ${ms.toFixed(0)}`);
  },

  async benchEnvironment() {
    return {
      wasmFlags: {
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
      },
      tfjs: tf.version.tfjs,
      backend: tf.getBackend() ?? null,
      backendInfo: state.backend,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      hardwareConcurrency: navigator.hardwareConcurrency,
      wasmThreadPlan: wasmThreadPlan(),
      memory: memory(),
      pthreads: pthreadStats(),
      /** Where featurize() runs decode/resize/colour with the active backend (see defaultPrepMode). */
      prepMode: tf.getBackend() ? defaultPrepMode() : null,
      console: [...consoleLog],
    };
  },

  /**
   * Raw backbone throughput on pre-decoded input tensors: decoding, colour features, caching are
   * all outside the timed part. One warm-up batch first (shader compilation, XNNPACK set-up).
   */
  async benchRaw(opts: RawOptions): Promise<RawResult> {
    const backbone = state.backbone;
    if (!backbone) throw new Error('Load the network first (prepareBackbone).');
    const size = backbone.spec.inputSize;
    const info = await activateBackend(opts.backend);
    const embed = opts.unfused ? unfusedEmbed(backbone) : opts.fullPass ? fullPass(backbone) : fastEmbed(backbone); // built once per backbone
    const memoryBefore = memory();
    const base = { backend: info, backboneId: backbone.spec.id, batchSize: opts.batchSize, memoryBefore };
    if (!info) return { ...base, images: 0, reps: [], imagesPerSecond: NaN, warmupSeconds: NaN, memoryAfter: memory(), error: 'backend unavailable' };
    state.backend = info;

    const rows = state.rows.slice(0, opts.images);
    const inputs: tf.Tensor4D[] = [];
    try {
      for (let i = 0; i < rows.length; i += opts.batchSize) {
        const chunk = rows.slice(i, i + opts.batchSize);
        const decoded = await decodeBatch(chunk.map((r) => state.files.get(r.coverPath)!), size);
        const buffer = new Float32Array(decoded.length * size * size * 3);
        decoded.forEach((d, j) => {
          if ('error' in d) throw new Error(d.error);
          writeRgbIntoBatch(d.rgba, buffer, j, size * size);
        });
        inputs.push(tf.tensor4d(buffer, [decoded.length, size, size, 3]));
      }
      const runBatch = async (x: tf.Tensor4D) => {
        const out = embed(x);
        await out.data();
        out.dispose();
      };
      let t0 = performance.now();
      await runBatch(inputs[0]);
      const warmupSeconds = (performance.now() - t0) / 1000;

      const reps: number[] = [];
      const started = performance.now();
      for (let r = 0; r < opts.reps; r++) {
        t0 = performance.now();
        let n = 0;
        for (const x of inputs) {
          await runBatch(x);
          n += x.shape[0];
          // A slow backend (software WebGL, plain JS) times one batch per repetition.
          if ((performance.now() - started) / 1000 > opts.maxSeconds / opts.reps) break;
        }
        reps.push(n / ((performance.now() - t0) / 1000));
        if ((performance.now() - started) / 1000 > opts.maxSeconds) break;
      }
      inputs.forEach((x) => x.dispose());
      return { ...base, images: rows.length, reps, imagesPerSecond: median(reps), warmupSeconds, memoryAfter: memory() };
    } catch (err) {
      inputs.forEach((x) => x.dispose());
      return { ...base, images: rows.length, reps: [], imagesPerSecond: NaN, warmupSeconds: NaN, memoryAfter: memory(), error: String(err) };
    }
  },

  /**
   * The featurization pipeline with explicit knobs (prep stage in a worker or inline, batch size),
   * from file bytes to IndexedDB, cache emptied first. The product API uses the defaults.
   */
  async benchPipeline(opts: { prep?: PrepMode; batchSize: number }) {
    const backbone = state.backbone;
    if (!backbone) throw new Error('Load the network first (prepareBackbone).');
    const c = await cache();
    await c.clear();
    const items = state.rows.map((r) => ({ hash: r.imageHash, blob: state.files.get(r.coverPath)! }));
    const before = memory();
    const out = await featurize(items, { backbone, cache: c, batchSize: opts.batchSize, prep: opts.prep });
    state.embeddings = out.embeddings;
    state.colour = out.colour;
    return { computed: out.computed, imagesPerSecond: out.imagesPerSecond, seconds: out.seconds, prepMode: out.prepMode, stageSeconds: out.stageSeconds, memoryBefore: before, memoryAfter: memory() };
  },

  /**
   * Cost of the CPU stages around the network, per image, on this worker's thread: decode + crop +
   * resize (createImageBitmap, canvas), RGBA → float RGB batch, weight-free colour features.
   */
  async benchStages(opts: { images: number; batchSize: number }) {
    const size = 224;
    const rows = state.rows.slice(0, opts.images);
    const buffer = new Float32Array(opts.batchSize * size * size * 3);
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const ms = { bitmap: 0, draw: 0, read: 0, decodeBatch: 0, pack: 0, colour: 0 };
    for (let i = 0; i < rows.length; i += opts.batchSize) {
      const blobs = rows.slice(i, i + opts.batchSize).map((r) => state.files.get(r.coverPath)!);
      // The decode stage split in its parts, one image at a time…
      for (const blob of blobs) {
        let t = performance.now();
        const bitmap = await createImageBitmap(blob);
        ms.bitmap += performance.now() - t;
        t = performance.now();
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(bitmap, 0, 0, bitmap.width, bitmap.height, 0, 0, size, size);
        ms.draw += performance.now() - t;
        t = performance.now();
        ctx.getImageData(0, 0, size, size);
        ms.read += performance.now() - t;
        bitmap.close();
      }
      // …and as the pipeline runs it (parallel decodes, one read-back per batch).
      let t = performance.now();
      const decoded = await decodeBatch(blobs, size);
      ms.decodeBatch += performance.now() - t;
      t = performance.now();
      decoded.forEach((d, j) => 'rgba' in d && writeRgbIntoBatch(d.rgba, buffer, j, size * size));
      ms.pack += performance.now() - t;
      t = performance.now();
      decoded.forEach((d) => 'rgba' in d && coverColourFeatures(d.rgba, size));
      ms.colour += performance.now() - t;
    }
    const n = rows.length;
    return {
      images: n,
      bitmapMs: ms.bitmap / n,
      drawMs: ms.draw / n,
      readMs: ms.read / n,
      decodeMs: ms.decodeBatch / n,
      packMs: ms.pack / n,
      colourMs: ms.colour / n,
    };
  },

  /**
   * What a re-open costs once everything is cached: hash the files' bytes (the cache key) and read
   * every embedding and colour vector from IndexedDB, in this (fresh) worker.
   */
  async benchReopen(files: File[], embeddingCacheId: string): Promise<ReopenResult> {
    const t0 = performance.now();
    const hashes: string[] = new Array(files.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < files.length) {
          const i = next++;
          hashes[i] = await sha256Hex(await files[i].arrayBuffer());
        }
      }),
    );
    const t1 = performance.now();
    const c = await cache();
    const [emb] = await Promise.all([c.getMany(embeddingCacheId, hashes), c.getMany(COLOUR_FEATURIZER_ID, hashes)]);
    const t2 = performance.now();
    return { files: files.length, hashSeconds: (t1 - t0) / 1000, readSeconds: (t2 - t1) / 1000, found: emb.size, seconds: (t2 - t0) / 1000 };
  },

  /**
   * The Insights map's own layout (umapLayout: L2 rows, PCA from 3 000 rows, umap-js, our epoch loop) on the
   * imported rows' embeddings, or on `synthetic` embedding-like rows (ReLU, 48 latent factors, 12 classes) for
   * sizes beyond the dataset. Reports the seconds of each phase and how many progress reports arrived.
   */
  async benchUmap(opts: { synthetic?: number; dims?: number; seed: number }) {
    let data: Float32Array, n: number, d: number, source: string;
    if (opts.synthetic) {
      ({ data, rows: n, cols: d } = embeddingLike({ n: opts.synthetic, d: opts.dims ?? 768, k: 12, seed: opts.seed }).X);
      source = `synthetic ${n}×${d}`;
    } else {
      const rows = state.rows.filter((r) => state.embeddings.has(r.imageHash));
      d = rows.length ? state.embeddings.get(rows[0].imageHash)!.length : 0;
      n = rows.length;
      data = new Float32Array(n * d);
      rows.forEach((r, i) => data.set(state.embeddings.get(r.imageHash)!, i * d));
      source = `embeddings ${n}×${d}`;
    }
    const phases: Record<string, number> = {};
    let phase = '', since = performance.now(), reports = 0;
    const t0 = performance.now();
    const layout = await umapLayout(data, n, d, {
      seed: opts.seed,
      onProgress: (p) => {
        reports++;
        if (p.phase === phase) return;
        const now = performance.now();
        if (phase) phases[phase] = (phases[phase] ?? 0) + (now - since) / 1000;
        [phase, since] = [p.phase, now];
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    if (phase) phases[phase] = (phases[phase] ?? 0) + (performance.now() - since) / 1000;
    return { points: layout.n, source, seconds, phases, progressReports: reports, epochs: layout.epochs };
  },
};
