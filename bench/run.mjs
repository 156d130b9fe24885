#!/usr/bin/env node
/**
 * npm run bench [-- --n=200 --reps=3 --dataset=discogs-5genre --no-build]
 *
 * Builds the app, serves it with `vite preview` (COOP/COEP on, weights and covers from ../shared),
 * drives bench.html in headless Debian Chromium with Playwright and prints one table: raw backbone
 * throughput per backend, our end-to-end featurization, a naive @tensorflow-models/mobilenet peer in
 * the same page, cached re-open, leaderboard and UMAP times, tensor counts and main-thread long
 * tasks. Every throughput is the median of several repetitions on the same N real covers.
 * Results go to bench-results/ (gitignored) as JSON and markdown. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { renderMarkdown, evaluateGoals } from './report.mjs';
import { chromiumPath, chromiumArgs } from '../e2e/chromium.mjs';
import { startPreview } from './preview.mjs';
import { renderScale, runLeaderboardScale, scaleGoals } from './leaderboardScale.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The measurement build (bench.html + its worker) in dist-bench/; vite build and preview both read this.
process.env.CGS_BENCH = '1';
const DIST = join(root, process.env.CGS_BENCH_OUT_DIR ?? 'dist-bench');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`Unknown argument ${a}`);
    return [m[1], m[2] ?? 'true'];
  }),
);
const N = Number(args.n ?? process.env.BENCH_N ?? 300);
const REPS = Number(args.reps ?? process.env.BENCH_REPS ?? 3);
const DATASET = args.dataset ?? 'discogs-5genre';
const BUILD = args['no-build'] !== 'true';
// The leaderboard-scaling section alone can take ~15 min on a loaded 2-core machine (its runs stop at their budgets).
const TIME_LIMIT_S = Number(args['time-limit'] ?? 35 * 60);
// --only=leaderboard-scale: just that section (no featurization); --scale-max-rows=3000 skips the larger sizes.
const ONLY = args.only ?? null;
const SCALE_MAX_ROWS = Number(args['scale-max-rows'] ?? Infinity);
// --scale-budget=2 doubles every scaling run's time budget (a loaded machine).
const SCALE_BUDGET = Number(args['scale-budget'] ?? 1);
// Cached re-open is also measured at this size (the issue's 1 000 covers), through the app's path.
const REOPEN_N = Number(args['reopen-n'] ?? 1000);
const SHARED_DIR = resolve(process.env.CGS_SHARED_DIR ?? join(root, '../shared'));
// The app's default network (DEFAULT_BACKBONE_ID in src/lib/features/backbones.ts).
const DEFAULT_NET = 'mobilenet_v2_1.0_224';
const GRAPH_NET = 'mobilenet_v1_0.25_224_graph';

const started = Date.now();
const elapsed = () => ((Date.now() - started) / 1000).toFixed(0).padStart(4) + 's';
const say = (msg) => console.log(`[bench ${elapsed()}] ${msg}`);
const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

let preview = null;
let browser = null;
async function cleanup() {
  await browser?.close().catch(() => {});
  browser = null;
  if (preview && preview.exitCode === null) {
    preview.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    if (preview.exitCode === null) preview.kill('SIGKILL');
  }
  preview = null;
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}
const watchdog = setTimeout(async () => {
  console.error(`[bench] time limit of ${TIME_LIMIT_S} s exceeded; stopping.`);
  await cleanup();
  process.exit(2);
}, TIME_LIMIT_S * 1000);
watchdog.unref();

function version(pkg) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'n/a';
  }
}

function machineFacts() {
  const cpus = os.cpus();
  let chromiumVersion = 'n/a';
  try {
    chromiumVersion = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // reported as n/a
  }
  return {
    cpu: cpus[0]?.model ?? 'n/a',
    logicalCores: cpus.length,
    memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    chromium: chromiumVersion,
    versions: {
      '@tensorflow/tfjs': version('@tensorflow/tfjs'),
      '@tensorflow/tfjs-backend-wasm': version('@tensorflow/tfjs-backend-wasm'),
      '@tensorflow-models/mobilenet': version('@tensorflow-models/mobilenet'),
      'umap-js': version('umap-js'),
      vite: version('vite'),
      playwright: version('playwright'),
    },
  };
}

async function main() {
  if (!existsSync(join(SHARED_DIR, 'datasets', DATASET, 'dataset.csv'))) {
    throw new Error(`No dataset at ${join(SHARED_DIR, 'datasets', DATASET)}: set CGS_SHARED_DIR to the folder holding models/ and datasets/.`);
  }
  for (const net of [DEFAULT_NET, GRAPH_NET]) {
    if (!existsSync(join(SHARED_DIR, 'models', net, 'model.json'))) throw new Error(`No weights at ${join(SHARED_DIR, 'models', net)}.`);
  }
  const result = { meta: { date: new Date().toISOString(), n: N, reps: REPS, dataset: DATASET, sharedDir: SHARED_DIR, machine: machineFacts() } };

  if (BUILD || !existsSync(join(DIST, 'bench.html'))) {
    say('building (CGS_BENCH=1 vite build → dist-bench/)…');
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  say('starting vite preview…');
  const server = await startPreview(root, SHARED_DIR, '/bench.html');
  preview = server.process;
  const base = server.base;

  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageErrors.push(m.text());
  });
  const open = async () => {
    await page.goto(`${base}/bench.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
  };
  const call = (fn, ...params) => page.evaluate(([f, p]) => window.bench[f](...p), [fn, params]);
  await open();

  if (!ONLY) {
    say(`loading ${N} covers of ${DATASET}…`);
    result.covers = await call('loadCovers', DATASET, N);
  }

  // ── Worker with the default WASM set-up (threads when cross-origin isolated) ──────────────────
  say('fresh worker, import, first-start backend auto-selection…');
  const env = await call('startWorker', 'auto');
  result.meta.browser = { userAgent: env.userAgent, crossOriginIsolated: env.pageCrossOriginIsolated, workerCrossOriginIsolated: env.crossOriginIsolated, hardwareConcurrency: env.hardwareConcurrency, wasmThreadPlan: env.wasmThreadPlan, tfjs: env.tfjs };
  if (ONLY === 'reopen') return finish(result, { reopenAtScale: await reopenAtScale(call, open, 'wasm') }, pageErrors);
  if (ONLY === 'leaderboard-scale') return finish(result, { leaderboardScale: await runLeaderboardScale(call, say, { maxRows: SCALE_MAX_ROWS, budgetFactor: SCALE_BUDGET }) }, pageErrors);
  result.import = await call('importCovers');
  if (result.import.usable !== result.covers.count) throw new Error(`import kept ${result.import.usable} of ${result.covers.count} covers`);
  const auto = await call('prepare', DEFAULT_NET, 'auto');
  result.autoSelect = { chosen: auto.backend, timings: auto.timings, seconds: auto.seconds, probeSeconds: auto.probeSeconds, origin: auto.origin };
  const chosen = auto.backend.name;
  say(`auto-selection chose ${chosen} (${auto.backend.detail}) in ${auto.seconds.toFixed(1)} s: ${auto.timings.map((t) => `${t.backend.name} ${t.imagesPerSecond.toFixed(1)} img/s`).join(', ')}`);

  // ── (1) Raw backbone throughput per backend, pre-decoded tensors ──────────────────────────────
  const rawImages = Math.min(N, 64);
  const rawOpts = {
    wasm: { images: rawImages, batchSize: 16, reps: REPS, maxSeconds: 60 },
    webgl: { images: Math.min(N, 16), batchSize: 8, reps: REPS, maxSeconds: 25 },
    cpu: { images: 4, batchSize: 2, reps: REPS, maxSeconds: 25 },
  };
  result.raw = [];
  const raw = async (label, backend, network, extra = {}) => {
    say(`raw throughput: ${label}…`);
    const r = await call('raw', { backend, ...rawOpts[backend], ...extra });
    result.raw.push({ label, network, ...r });
    say(`  ${label}: ${r.error ?? `${r.imagesPerSecond.toFixed(2)} img/s (reps ${r.reps.map((x) => x.toFixed(1)).join(', ')})`}`);
    return r;
  };
  await raw(`WASM SIMD, ${env.wasmThreadPlan.threads} threads`, 'wasm', DEFAULT_NET);
  await raw(`WASM SIMD, ${env.wasmThreadPlan.threads} threads, layers model unfused (as tfjs-layers runs it)`, 'wasm', DEFAULT_NET, { unfused: true });
  await raw('WebGL', 'webgl', DEFAULT_NET);
  await raw('CPU (plain JS)', 'cpu', DEFAULT_NET);
  await call('prepare', DEFAULT_NET, chosen);

  // Batch size on the chosen backend (WebGL is too slow here in software to sweep).
  result.batchSweep = [];
  if (chosen === 'wasm') {
    for (const batchSize of [8, 16, 32]) {
      say(`batch size ${batchSize} on ${chosen}…`);
      const r = await call('raw', { backend: chosen, images: rawImages, batchSize, reps: Math.max(2, REPS - 1), maxSeconds: 40 });
      result.batchSweep.push({ batchSize, network: DEFAULT_NET, imagesPerSecond: r.imagesPerSecond, reps: r.reps });
    }
  }

  // ── (2) Ours end-to-end, default network, chosen backend; (6) tensors + long tasks ────────────
  // Zero tensor growth is checked across these consecutive full runs (cache emptied before each).
  result.e2e = [];
  // Raw and end-to-end runs alternate, so both see the same (noisy) machine; the ratio is of medians.
  const e2e = async (network, label, backend) => {
    // Raw runs of the embedding alone and of featurize()'s whole network pass (+ style statistics, ImageNet top-5).
    const rawBeside = (fullPass) => call('raw', { backend, images: rawImages, batchSize: 16, reps: 1, maxSeconds: 60, fullPass });
    const runs = [];
    const rawRuns = [];
    const fullRuns = [];
    for (let i = 0; i < REPS; i++) {
      say(`end-to-end featurization ${label}, run ${i + 1}/${REPS} (+ raw runs beside it)…`);
      rawRuns.push(await rawBeside(false));
      fullRuns.push(await rawBeside(true));
      runs.push(await call('featurize', true));
    }
    // …and one more raw run after the last, so every end-to-end run sits between two raw runs.
    rawRuns.push(await rawBeside(false));
    fullRuns.push(await rawBeside(true));
    // One more run through the same pipeline with its stage clock, to show where the time went.
    const diagnostic = await call('pipeline', undefined, 16);
    const prepMode = (await call('environment')).prepMode;
    const rates = runs.map((r) => r.summary.imagesPerSecond);
    const rawRates = rawRuns.flatMap((r) => r.reps);
    const rawEntry = { label: `raw beside ${label}`, network, ...rawRuns[0], reps: rawRates, imagesPerSecond: median(rawRates) };
    result.raw.push(rawEntry);
    const entry = {
      label,
      network,
      backend: runs[0].summary.backend,
      prepMode,
      stages: { ...diagnostic.stageSeconds, seconds: diagnostic.seconds, imagesPerSecond: diagnostic.imagesPerSecond, computed: diagnostic.computed },
      images: runs[0].summary.computed,
      reps: rates,
      imagesPerSecond: median(rates),
      wallSeconds: runs.map((r) => r.wallSeconds),
      rawImagesPerSecond: rawEntry.imagesPerSecond,
      rawReps: rawRates,
      ratioToRaw: median(rates) / rawEntry.imagesPerSecond,
      networkThreads: networkCpuThreads(rawRuns[0].backend, env.hardwareConcurrency),
      fullPassImagesPerSecond: median(fullRuns.flatMap((r) => r.reps)),
      fullPassReps: fullRuns.flatMap((r) => r.reps),
      longTasks: { count: runs.reduce((s, r) => s + r.longTasks.count, 0), maxMs: Math.max(...runs.map((r) => r.longTasks.maxMs)) },
      tensors: runs.map((r) => [r.memoryBefore.numTensors, r.memoryAfter.numTensors]),
      bytes: runs.map((r) => [r.memoryBefore.numBytes, r.memoryAfter.numBytes]),
    };
    result.e2e.push(entry);
    say(`  ${label}: ${entry.imagesPerSecond.toFixed(2)} img/s = ${(entry.ratioToRaw * 100).toFixed(0)} % of raw, ${(100 * entry.imagesPerSecond / entry.fullPassImagesPerSecond).toFixed(0)} % of the full pass; tensors ${entry.tensors.map((t) => t.join('→')).join(', ')}`);
    return entry;
  };

  // The ours-vs-naive comparison first (0.25 graph network, same as the naive peer), so the
  // default network's embeddings are the ones left in the cache for leaderboard and re-open.
  await call('prepare', GRAPH_NET, chosen);
  const oursGraph = await e2e(GRAPH_NET, `ours, ${GRAPH_NET}`, chosen);

  // The peer on its default backend, then on the backend ours ran on (what the pipeline buys, the backend aside).
  const naivePeer = async (backend) => {
    say(`naive peer (@tensorflow-models/mobilenet on the main thread, ${backend === 'default' ? 'default backend' : `${backend}, as ours`}), ${Math.max(1, Math.min(REPS, 2))} runs…`);
    const peer = await call('naive', N, Math.max(1, Math.min(REPS, 2)), backend);
    peer.imagesPerSecond = median(peer.reps);
    peer.ratioOursToNaive = oursGraph.imagesPerSecond / peer.imagesPerSecond;
    say(`  naive: ${peer.imagesPerSecond.toFixed(2)} img/s on ${peer.backend} (${peer.backendDetail}); ours/naive = ${peer.ratioOursToNaive.toFixed(1)}×`);
    return peer;
  };
  result.naive = await naivePeer('default');
  result.naiveSameBackend = await naivePeer(chosen);

  await call('prepare', DEFAULT_NET, chosen);
  await e2e(DEFAULT_NET, `ours, ${DEFAULT_NET}`, chosen);

  say('pipeline stages (per image, on the worker thread)…');
  result.stages = await call('stages', Math.min(N, 64), 16);

  // ── (5) Leaderboard and UMAP ──────────────────────────────────────────────────────────────────
  say(`5-fold leaderboard on ${N} rows…`);
  try {
    result.leaderboard = await call('leaderboard', 5, 42);
    say(`  leaderboard: ${result.leaderboard.seconds.toFixed(1)} s, ${result.leaderboard.models.length} models`);
  } catch (err) {
    result.leaderboard = { error: String(err.message ?? err) };
    say(`  leaderboard failed: ${result.leaderboard.error}`);
  }
  if (!result.leaderboard.error) {
    say(`Grad-CAM maps for the ${N} trained covers…`);
    result.activationMaps = await call('activationMaps', 24).catch((err) => ({ error: String(err.message ?? err) }));
    say(`  Grad-CAM: ${result.activationMaps.error ?? `${result.activationMaps.seconds.toFixed(1)} s for ${result.activationMaps.covers} covers`}`);
  }
  result.leaderboardScale = await runLeaderboardScale(call, say, { maxRows: SCALE_MAX_ROWS, budgetFactor: SCALE_BUDGET });
  result.umap = [];
  for (const opts of [{ seed: 7 }, { synthetic: 2000, dims: 768, seed: 7 }, { synthetic: 10000, dims: 768, seed: 7 }]) {
    say(`UMAP ${opts.synthetic ? `${opts.synthetic} synthetic points` : `${N} embeddings`}…`);
    try {
      const r = await call('umap', opts);
      result.umap.push(r);
      say(`  ${r.source}: ${r.seconds.toFixed(1)} s`);
    } catch (err) {
      result.umap.push({ source: opts.synthetic ? `synthetic ${opts.synthetic}` : 'embeddings', error: String(err.message ?? err) });
    }
  }
  result.memoryEnd = await call('memory');
  const usedThreads = env.wasmThreadPlan.threads;

  // ── WASM variants in fresh workers: threaded binary with 1 thread; single-threaded SIMD binary,
  // where a core is left for the prep worker (decode/resize/colour beside the network) ─────────────
  if (usedThreads !== 1) {
    say('fresh worker: WASM SIMD, threaded binary, 1 thread…');
    await call('startWorker', 1);
    await call('importCovers');
    await call('prepare', DEFAULT_NET, 'wasm');
    await raw('WASM SIMD, threaded binary, 1 thread', 'wasm', DEFAULT_NET);
  }
  say('fresh worker: WASM SIMD, single-threaded binary…');
  await call('startWorker', 0);
  await call('importCovers');
  await call('prepare', DEFAULT_NET, 'wasm');
  await raw('WASM SIMD, no threads (single-threaded binary)', 'wasm', DEFAULT_NET);
  await e2e(DEFAULT_NET, `ours, ${DEFAULT_NET}, single-threaded WASM`, 'wasm');

  // ── (4) Cached re-open after a reload ─────────────────────────────────────────────────────────
  say('reload; cached re-open…');
  await open();
  await call('loadCovers', DATASET, N);
  const reopens = [];
  for (let i = 0; i < REPS; i++) reopens.push(await call('reopen', auto.embeddingCacheId, 'auto'));
  const productStart = Date.now();
  await call('importCovers');
  const prep = await call('prepare', DEFAULT_NET, chosen);
  const cached = await call('featurize', false);
  const productSeconds = (Date.now() - productStart) / 1000;
  result.reopen = {
    files: N,
    found: reopens.map((r) => r.found),
    seconds: median(reopens.map((r) => r.seconds)),
    hashSeconds: median(reopens.map((r) => r.hashSeconds)),
    readSeconds: median(reopens.map((r) => r.readSeconds)),
    workerStartSeconds: median(reopens.map((r) => r.workerStartSeconds)),
    reps: reopens.map((r) => r.seconds),
    productPath: { seconds: productSeconds, networkLoadSeconds: prep.seconds, fromCache: cached.summary.fromCache, computed: cached.summary.computed, featurizeSeconds: cached.wallSeconds },
  };
  say(`  re-open: ${result.reopen.seconds.toFixed(3)} s (hash ${result.reopen.hashSeconds.toFixed(3)} + read ${result.reopen.readSeconds.toFixed(3)}); product path ${productSeconds.toFixed(2)} s`);
  result.reopenAtScale = await reopenAtScale(call, open, chosen);

  finish(result, {}, pageErrors);
}

/** Cores the network keeps busy: XNNPACK's threads on WASM, all of them for software WebGL, none on a GPU, one on plain JS. */
function networkCpuThreads(backend, cores) {
  if (backend?.name === 'wasm') return backend.threads ?? 1;
  if (backend?.name === 'webgl') return backend.software ? cores : 0;
  return 1;
}

/**
 * Cached re-open of REOPEN_N covers through the app's path: a first visit featurizes them (what is not cached yet),
 * then after a reload a fresh worker imports the same files, loads the network and featurizes with every vector
 * in IndexedDB. Timed from handing over the files to the features being ready, with its parts.
 */
async function reopenAtScale(call, open, backend) {
  say(`re-open at scale: first visit featurizes ${REOPEN_N} covers (what is not cached)…`);
  await open();
  await call('loadCovers', DATASET, REOPEN_N);
  await call('startWorker', 'auto');
  await call('importCovers');
  await call('prepare', DEFAULT_NET, backend);
  const first = await call('featurize', false);
  const runs = [];
  for (let i = 0; i < Math.max(1, Math.min(REPS, 2)); i++) {
    say(`  reload, re-open ${REOPEN_N} covers (run ${i + 1})…`);
    await open();
    await call('loadCovers', DATASET, REOPEN_N);
    // The app starts its worker when the page loads (the Data step lists saved projects), before any file is
    // chosen: the re-open is timed from handing over the files.
    const worker = await call('startWorker', 'auto');
    const t0 = Date.now();
    const imported = await call('importCovers');
    const network = await call('prepare', DEFAULT_NET, backend);
    const cached = await call('featurize', false);
    runs.push({ seconds: (Date.now() - t0) / 1000, workerStart: worker.startSeconds, import: imported.seconds, open: imported.openSeconds, validate: imported.validateSeconds, networkLoad: network.seconds, featurize: cached.wallSeconds, fromCache: cached.summary.fromCache, computed: cached.summary.computed, longTasks: cached.longTasks });
  }
  const r = { files: REOPEN_N, firstVisitComputed: first.summary.computed, runs, seconds: median(runs.map((x) => x.seconds)) };
  say(`  re-open of ${REOPEN_N}: ${runs.map((x) => `${x.seconds.toFixed(2)} s (worker ${x.workerStart.toFixed(2)} before, import ${x.import.toFixed(2)} = open ${x.open.toFixed(2)} + check ${x.validate.toFixed(2)}, network ${x.networkLoad.toFixed(2)}, featurize ${x.featurize.toFixed(2)}; ${x.fromCache} cached, ${x.computed} computed)`).join('; ')}`);
  return r;
}

/** Goals, markdown and JSON; the leaderboard-scaling table goes after the main one. */
function finish(result, extra, pageErrors) {
  Object.assign(result, extra);
  result.meta.machine.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  result.meta.totalSeconds = (Date.now() - started) / 1000;
  result.pageErrors = pageErrors;
  result.goals = evaluateGoals(result);
  for (const [goal, target, measured, met] of scaleGoals(result.leaderboardScale)) result.goals.push({ goal, target, measured, met, note: '' });

  const md = ONLY
    ? [`# Bench section ${ONLY} · ${result.meta.date}`, '', `Machine: ${result.meta.machine.cpu}, ${result.meta.machine.logicalCores} cores; load average ${result.meta.machine.loadAverageAtStart.join('/')} at start, ${result.meta.machine.loadAverageAtEnd.join('/')} at end.`, ...renderScale(result.leaderboardScale), '', '| goal | target | measured | met |', '| --- | --- | --- | --- |', ...result.goals.map((g) => `| ${g.goal} | ${g.target} | ${g.measured} | ${g.met ? 'yes' : '**no**'} |`), ''].join('\n')
    : `${renderMarkdown(result)}${renderScale(result.leaderboardScale).join('\n')}\n`;
  const outDir = join(root, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const stamp = result.meta.date.replace(/[:.]/g, '-');
  const name = ONLY ? `bench-${ONLY}-${stamp}` : `bench-${stamp}`;
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(result, null, 2));
  writeFileSync(join(outDir, `${name}.md`), md);
  if (!ONLY) {
    writeFileSync(join(outDir, 'latest.json'), JSON.stringify(result, null, 2));
    writeFileSync(join(outDir, 'latest.md'), md);
  }
  console.log(`\n${md}`);
  say(`wrote bench-results/${name}.{json,md}`);
}

main()
  .then(async () => {
    await cleanup();
    clearTimeout(watchdog);
    process.exit(0);
  })
  .catch(async (err) => {
    console.error(`[bench] FAILED: ${err?.stack ?? err}`);
    await cleanup();
    process.exit(1);
  });
