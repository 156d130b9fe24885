/**
 * The in-browser half of `npm run bench`: bench/run.mjs (Playwright) calls `window.bench.*` step by
 * step. Heavy work runs in bench workers (the product API plus the bench API, src/bench/bench.worker.ts); this page only
 * holds the cover files, times what the user would wait for, and watches its own main thread.
 */
import * as Comlink from 'comlink';
import { csvFormat } from 'd3-dsv';
import { csvRecords } from '../lib/data/csv';
import type { BenchWorkerApi } from './bench.worker';
import type { RawOptions } from './benchApi';
import type { ReferenceSoftmaxOptions } from './referenceApi';
import type { BackendName } from '../lib/backend/backends';
import { runNaivePeer } from './naive';

interface Cover {
  name: string;
  genre: string;
  file: File;
}

const log = (msg: string) => {
  const el = document.getElementById('log');
  if (el) el.textContent += `${msg}\n`;
};

// Main-thread long tasks (> 50 ms), for the whole life of the page.
const longTasks: { start: number; duration: number }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // longtask entries are Chromium-only; the table then says "n/a".
}

function longTasksBetween(t0: number, t1: number) {
  const inside = longTasks.filter((t) => t.start >= t0 && t.start <= t1);
  return { count: inside.length, maxMs: inside.reduce((m, t) => Math.max(m, t.duration), 0), totalMs: inside.reduce((s, t) => s + t.duration, 0) };
}

let covers: Cover[] = [];
let worker: Worker | null = null;
let studio: Comlink.Remote<BenchWorkerApi> | null = null;

function requireStudio(): Comlink.Remote<BenchWorkerApi> {
  if (!studio) throw new Error('startWorker() first');
  return studio;
}

const bench = {
  /** The first n covers of a dataset in ../shared, taking genres in turn so any n is class-balanced. */
  async loadCovers(dataset: string, n: number) {
    const t0 = performance.now();
    const { rows } = csvRecords(await (await fetch(`/datasets/${dataset}/dataset.csv`)).text());
    const byGenre = new Map<string, { cover: string; genre: string }[]>();
    for (const r of rows) {
      const list = byGenre.get(r.genre!) ?? [];
      list.push({ cover: r.cover!, genre: r.genre! });
      byGenre.set(r.genre!, list);
    }
    const queues = [...byGenre.values()];
    const picked: { cover: string; genre: string }[] = [];
    for (let i = 0; picked.length < n && queues.some((q) => i < q.length); i++) {
      for (const q of queues) if (i < q.length && picked.length < n) picked.push(q[i]);
    }
    // A few requests in flight: thousands at once exhaust the browser (ERR_INSUFFICIENT_RESOURCES).
    covers = new Array(picked.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < picked.length) {
          const i = next++;
          const p = picked[i];
          const res = await fetch(`/datasets/${dataset}/covers/${encodeURIComponent(p.cover)}`);
          if (!res.ok) throw new Error(`${p.cover}: HTTP ${res.status}`);
          covers[i] = { name: p.cover, genre: p.genre, file: new File([await res.blob()], p.cover, { type: 'image/jpeg' }) };
        }
      }),
    );
    const bytes = covers.reduce((s, c) => s + c.file.size, 0);
    log(`loaded ${covers.length} covers of ${dataset} (${(bytes / 1e6).toFixed(1)} MB)`);
    return { count: covers.length, bytes, genres: byGenre.size, seconds: (performance.now() - t0) / 1000 };
  },

  /** A fresh studio worker (a fresh tfjs and WASM module): `wasmThreads` applies to it only. */
  async startWorker(wasmThreads: number | 'auto') {
    worker?.terminate();
    const t0 = performance.now();
    worker = new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module', name: 'bench' });
    studio = Comlink.wrap<BenchWorkerApi>(worker);
    await studio.benchConfigure({ wasmThreads });
    const env = await studio.benchEnvironment();
    return { ...env, startSeconds: (performance.now() - t0) / 1000, pageCrossOriginIsolated: crossOriginIsolated, userAgent: navigator.userAgent };
  },

  stopWorker() {
    worker?.terminate();
    worker = null;
    studio = null;
  },

  /** The product's import path: open the folder (CSV + covers), validate (hash + decode check). */
  async importCovers() {
    const s = requireStudio();
    const t0 = performance.now();
    const csv = csvFormat(covers.map((c) => ({ cover: c.name, genre: c.genre })), ['cover', 'genre']);
    const sources = [
      { path: 'bench/dataset.csv', file: new File([csv], 'dataset.csv', { type: 'text/csv' }) },
      ...covers.map((c) => ({ path: `bench/covers/${c.name}`, file: c.file })),
    ];
    const opened = await s.openFiles(sources);
    const t1 = performance.now();
    const imported = await s.validate(opened.mapping);
    const t2 = performance.now();
    return { usable: imported.report.usableRowCount, seconds: (t2 - t0) / 1000, openSeconds: (t1 - t0) / 1000, validateSeconds: (t2 - t1) / 1000 };
  },

  /** The product's network loading + backend choice ('auto' measures, like a first start). */
  async prepare(backboneId: string, backend: BackendName | 'auto') {
    const t0 = performance.now();
    const status = await requireStudio().prepareBackbone({ backboneId, backend, allowHub: false, modelBaseUrl: '/models/' });
    return { ...status, seconds: (performance.now() - t0) / 1000 };
  },

  async raw(opts: RawOptions) {
    return requireStudio().benchRaw(opts);
  },

  /**
   * The product's featurize() from file bytes to IndexedDB, timed from this page; with `clear`
   * the cache is emptied first so everything is computed. Also reports this page's long tasks.
   */
  async featurize(clear: boolean) {
    const s = requireStudio();
    if (clear) await s.clearCache();
    const before = await s.diagnostics();
    const t0 = performance.now();
    const summary = await s.featurize(Comlink.proxy(() => {})); // progress crosses threads, as in the app
    const t1 = performance.now();
    await new Promise((r) => setTimeout(r, 50)); // let the long-task observer deliver
    const after = await s.diagnostics();
    return { summary, wallSeconds: (t1 - t0) / 1000, longTasks: longTasksBetween(t0, t1), memoryBefore: before, memoryAfter: after };
  },

  /** Flip averaging on/off for the next featurize() (reference table only). */
  async referenceSetFlip(flip: boolean) {
    await requireStudio().referenceSetFlip(flip);
  },

  /**
   * The featurizers' vectors (scripts/reference/featurizers.mjs): each group's float32 bytes as base64, so tens
   * of megabytes cross page.evaluate as one string per group instead of millions of JSON numbers.
   */
  async referenceFeatures() {
    const r = await requireStudio().referenceFeatures();
    const groups: Record<string, { dims: number; base64: string }> = {};
    for (const [id, g] of Object.entries(r.groups)) {
      const bytes = new Uint8Array(g.data.buffer, g.data.byteOffset, g.data.byteLength);
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      groups[id] = { dims: g.dims, base64: btoa(bin) };
    }
    return { ...r, groups };
  },

  async naive(n: number, reps: number, backend: BackendName | 'default' = 'default') {
    const t0 = performance.now();
    const result = await runNaivePeer(covers.slice(0, n).map((c) => c.file), reps, '/models/mobilenet_v1_0.25_224_graph/model.json', backend);
    return { ...result, longTasks: longTasksBetween(t0, performance.now()) };
  },

  /** After a reload: a fresh worker hashes the files and reads every cached vector. */
  /** `embeddingCacheId`: from an earlier prepare() (its status names the cache id of the loaded weights). */
  async reopen(embeddingCacheId: string, wasmThreads: number | 'auto') {
    const w = await bench.startWorker(wasmThreads);
    const r = await requireStudio().benchReopen(covers.map((c) => c.file), embeddingCacheId);
    return { ...r, workerStartSeconds: w.startSeconds, sinceNavigationSeconds: performance.now() / 1000 };
  },

  /** The Models step as the app runs it: default feature lists, K-fold CV, final refit on all rows. */
  async leaderboard(folds: number, seed: number) {
    const s = requireStudio();
    const memoryBefore = await s.diagnostics();
    const options = await s.modelOptions({ fileNameAsFeature: false });
    const t0 = performance.now();
    const r = await s.train(
      { fileNameAsFeature: false, featureLists: options.defaultLists, folds, seed, holdout: false, grouped: false, leakageOverrides: [] },
      Comlink.proxy(() => {}),
    );
    const t1 = performance.now();
    return {
      rows: r.rowsUsed,
      seconds: (t1 - t0) / 1000,
      leaderboardSeconds: r.seconds,
      featureLists: options.defaultLists.map((l) => l.name),
      models: r.rows.map((m) => ({ name: `${m.name} · ${m.featureListName}`, balancedAccuracy: m.balancedAccuracy })),
      finalModel: r.finalModel?.name ?? null,
      longTasks: longTasksBetween(t0, t1),
      memoryBefore,
      memoryAfter: await s.diagnostics(),
    };
  },

  /**
   * Grad-CAM maps of every trained cover as the Insights step asks for them (pages of 24, each page one worker
   * call), explaining the best leaderboard model that looks at the cover. Needs leaderboard() first.
   */
  async activationMaps(pageSize: number) {
    const s = requireStudio();
    const overview = await s.insightsOverview(null);
    const model = overview.models.find((m) => m.usesCover);
    if (!model) return { error: 'no trained model looks at the cover' };
    const tensorsBefore = (await s.diagnostics()).numTensors;
    const t0 = performance.now();
    for (let i = 0; i < overview.covers.length; i += pageSize) {
      const items = overview.covers.slice(i, i + pageSize).map((c) => ({ index: c.index, classIndex: null }));
      await s.activationMaps({ modelKey: model.key, items });
    }
    const t1 = performance.now();
    return { covers: overview.covers.length, model: model.name, seconds: (t1 - t0) / 1000, longTasks: longTasksBetween(t0, t1), tensorsBefore, tensorsAfter: (await s.diagnostics()).numTensors };
  },

  async umap(opts: { synthetic?: number; dims?: number; seed: number }) {
    const t0 = performance.now();
    const r = await requireStudio().benchUmap(opts);
    return { ...r, longTasks: longTasksBetween(t0, performance.now()) };
  },

  async pipeline(prep: 'worker' | 'inline' | undefined, batchSize: number) {
    const t0 = performance.now();
    const r = await requireStudio().benchPipeline({ prep, batchSize });
    return { ...r, longTasks: longTasksBetween(t0, performance.now()) };
  },

  async stages(images: number, batchSize: number) {
    return requireStudio().benchStages({ images, batchSize });
  },

  /** Any studio API method by name (ad-hoc probes from bench/run.mjs or a console). */
  async studioCall(method: string, ...args: unknown[]) {
    const s = requireStudio() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    return s[method](...args);
  },

  /** studioCall, with this page's main-thread long tasks while it ran. */
  async studioCallWatched(method: string, ...args: unknown[]) {
    const t0 = performance.now();
    const result = await bench.studioCall(method, ...args);
    return { result, longTasks: longTasksBetween(t0, performance.now()) };
  },

  /**
   * `npm run reference`: the product's softmax regression by CV on the imported rows' embeddings; the
   * n × d embeddings come back base64-encoded (exact float32 bytes, small to hand to Node).
   */
  async referenceSoftmax(opts: ReferenceSoftmaxOptions) {
    const res = await requireStudio().referenceSoftmax(opts);
    const bytes = new Uint8Array(res.X.buffer, res.X.byteOffset, res.X.byteLength);
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { ...res, X: btoa(binary), y: Array.from(res.y), foldOf: Array.from(res.foldOf) };
  },

  async environment() {
    return requireStudio().benchEnvironment();
  },

  async memory() {
    return requireStudio().diagnostics();
  },
};

declare global {
  interface Window {
    bench?: typeof bench;
    benchReady?: boolean;
  }
}
window.bench = bench;
window.benchReady = true;
log('ready');
