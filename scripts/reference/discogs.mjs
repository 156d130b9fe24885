#!/usr/bin/env node
/**
 * npm run reference — reference check of our softmax regression against scikit-learn on real embeddings.
 *
 * 1. builds the measurement build (CGS_BENCH=1 → dist-bench/: the app plus bench.html, whose worker adds the
 *    reference API; the product build never has it) if missing or stale, serves it with `vite preview`;
 * 2. drives bench.html in Debian's Chromium (same launch args as playwright.config.ts): its worker imports all of
 *    ../shared/datasets/discogs-5genre (1,500 covers + their genres) through the product API (openFiles, validate),
 *    loads the network (prepareBackbone) and computes MobileNet V1 0.75 embeddings (768-d, featurize). The browser
 *    profile persists under bench-results/reference/, so the IndexedDB embedding cache makes re-runs fast;
 * 3. asks the worker (`referenceSoftmax`) for the 5-fold CV of 'softmax-cover' at a fixed L2 strength (0.01) on
 *    the cover embedding, plus the embeddings, labels, fold ids and that L2 strength; and, on the same folds, the
 *    CV of 'softmax-cover' as the product runs it (L2 chosen by an inner CV per fold), printed after the check;
 * 4. runs scripts/sklearn/compare.py (LogisticRegression, class_weight='balanced', C = 1/(l2·Σw)) on the same
 *    embeddings and folds, and prints both, fold by fold. PASS when the mean balanced accuracies differ by
 *    at most 0.03; exits non-zero on FAIL or on any error.
 *
 * Options: --seed N (default 0)  --folds K (default 5)  --port P (default 4317; the embedding cache is per
 * origin, so a stable port keeps it)  --rebuild (always run `vite build`)  --profile DIR (browser profile).
 * Environment: CGS_SHARED_DIR (default ../shared), CGS_CHROMIUM (default /usr/bin/chromium).
 * Needs scikit-learn for /usr/bin/python3:  apt-get install -y python3-sklearn
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { csvParse } from 'd3-dsv';
import { chromiumPath, chromiumArgs } from '../../e2e/chromium.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
// The measurement build (bench.html + the reference API) lives in dist-bench/; vite build and preview read this.
process.env.CGS_BENCH = '1';
const DIST = join(ROOT, 'dist-bench');
const DATASET = 'discogs-5genre';
const SHARED_DIR = resolve(process.env.CGS_SHARED_DIR ?? join(ROOT, '../shared'));
const DATASET_DIR = join(SHARED_DIR, 'datasets', DATASET);
const BACKBONE_ID = 'mobilenet_v1_0.75_224'; // the app's default network (src/lib/features/backbones.ts)
const EMBEDDING_SIZE = 768;
const PYTHON = '/usr/bin/python3';
const COMPARE_PY = join(ROOT, 'scripts', 'sklearn', 'compare.py');
const OUT_DIR = join(ROOT, 'bench-results', 'reference');
const TOLERANCE = 0.03;

const { values: opts } = parseArgs({
  options: {
    seed: { type: 'string', default: '0' },
    folds: { type: 'string', default: '5' },
    port: { type: 'string', default: '4317' },
    rebuild: { type: 'boolean', default: false },
    profile: { type: 'string', default: join(OUT_DIR, 'chromium-profile') },
  },
});
const seed = Number(opts.seed);
const nFolds = Number(opts.folds);
if (!Number.isInteger(seed) || !Number.isInteger(nFolds) || nFolds < 2) throw new Error('--seed and --folds must be integers (folds ≥ 2).');

const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
const log = (msg) => console.log(`[reference ${elapsed().padStart(5)}] ${msg}`);

class Failure extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Preconditions: checked before anything slow starts.

function checkInputs() {
  const csv = join(DATASET_DIR, 'dataset.csv');
  if (!existsSync(csv) || !existsSync(join(DATASET_DIR, 'covers'))) {
    throw new Failure(`Dataset not found: ${DATASET_DIR} (dataset.csv + covers/). Set CGS_SHARED_DIR to the shared folder.`);
  }
  if (!existsSync(join(SHARED_DIR, 'models', BACKBONE_ID, 'model.json'))) {
    throw new Failure(`Weights not found: ${join(SHARED_DIR, 'models', BACKBONE_ID)}/model.json`);
  }
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Failure(
      `scikit-learn is not importable by ${PYTHON}.\n` +
        `  Install Debian's package (as root):  apt-get install -y python3-sklearn\n` +
        `  ${(probe.stderr || probe.error?.message || '').trim().split('\n').at(-1) ?? ''}`,
    );
  }
  return { csv, sklearnVersion: probe.stdout.trim() };
}

/** The Chromium binary and args every test and script uses (e2e/chromium.mjs). */
function chromiumLaunchOptions() {
  return { executablePath: chromiumPath, args: chromiumArgs };
}

// ---------------------------------------------------------------------------------------------------------
// Build and serve.

function distHasReferenceApi() {
  const assets = join(DIST, 'assets');
  if (!existsSync(join(DIST, 'bench.html')) || !existsSync(assets)) return false;
  const js = readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(assets, f), 'utf8'));
  // 'l2Choice': the build has the inner-CV L2 search that the tuned score reports.
  return js.some((t) => t.includes('referenceSoftmax')) && js.some((t) => t.includes('l2Choice'));
}

function buildIfNeeded() {
  if (!opts.rebuild && distHasReferenceApi()) return log('dist-bench/ is built (has the reference API): not rebuilding (--rebuild forces it).');
  log(existsSync(DIST) && !opts.rebuild ? 'dist-bench/ predates the reference API: CGS_BENCH=1 npx vite build' : 'CGS_BENCH=1 npx vite build');
  const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Failure(`vite build failed (exit ${r.status ?? r.signal}).`);
}

function portIsFree(port) {
  return new Promise((res) => {
    const srv = createServer()
      .once('error', () => res(false))
      .listen(port, () => srv.close(() => res(true)));
  });
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer()
      .once('error', rej)
      .listen(0, () => {
        const { port } = srv.address();
        srv.close(() => res(port));
      });
  });
}

async function choosePort() {
  const wanted = Number(opts.port);
  if (await portIsFree(wanted)) return wanted;
  const port = await freePort();
  log(`port ${wanted} is busy: using ${port} (the embedding cache is per origin, so embeddings are recomputed).`);
  return port;
}

/** `vite preview` in its own process group, so that stopping it stops npx's children too. */
function startPreview(port) {
  const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    env: { ...process.env, CGS_SHARED_DIR: SHARED_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  return {
    child,
    output: () => output,
    exited,
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
      return exited.then(() => clearTimeout(timer));
    },
  };
}

async function waitForServer(server, url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  server.exited.then(() => (done = true));
  while (Date.now() < deadline) {
    if (done) throw new Failure(`vite preview exited before serving:\n${server.output()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Failure(`vite preview did not answer at ${url} within ${timeoutMs / 1000} s:\n${server.output()}`);
}

// ---------------------------------------------------------------------------------------------------------
// Drive the app.

/** Calls bench.html's `window.bench[fn]` (src/bench/main.ts), which drives its worker. */
const benchCall = (page, fn, ...params) => page.evaluate(([f, p]) => window.bench[f](...p), [fn, params]);

/** Logs a line every `everyMs` while `promise` runs, so a long featurization shows it is alive. */
async function withHeartbeat(label, promise, everyMs = 30_000) {
  const timer = setInterval(() => log(`  ${label}…`), everyMs);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/** Import, network and embeddings through the product API, in bench.html's worker (reads covers from /datasets/). */
async function importAndFeaturize(page, baseUrl, coverCount) {
  await page.goto(`${baseUrl}bench.html`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
  const covers = await benchCall(page, 'loadCovers', DATASET, coverCount);
  if (covers.count !== coverCount) throw new Failure(`bench.html loaded ${covers.count} covers, expected ${coverCount}.`);
  await benchCall(page, 'startWorker', 'auto');
  log(`importing ${coverCount} covers + their genres (openFiles, validate)`);
  const imported = await withHeartbeat('importing', benchCall(page, 'importCovers'));
  log(`import report: ${imported.usable} usable rows`);
  if (imported.usable !== coverCount) throw new Failure(`Expected ${coverCount} usable rows, the import report says ${imported.usable}.`);
  const net = await benchCall(page, 'prepare', BACKBONE_ID, 'auto');
  log(`network: ${BACKBONE_ID} from ${net.origin} on ${net.backend.name} (${net.seconds.toFixed(1)} s)`);
  log(`computing ${BACKBONE_ID} embeddings (cached ones are read from IndexedDB)`);
  const { summary, wallSeconds } = await withHeartbeat('computing embeddings', benchCall(page, 'featurize', false));
  if (summary.rowsWithEmbedding !== coverCount) throw new Failure(`Expected ${coverCount} rows with an embedding, got ${summary.rowsWithEmbedding}.`);
  if (summary.embeddingLengths.join() !== String(EMBEDDING_SIZE)) throw new Failure(`Expected ${EMBEDDING_SIZE}-d embeddings, got lengths ${summary.embeddingLengths.join(', ')}.`);
  log(`featurized in ${wallSeconds.toFixed(1)} s: ${JSON.stringify(summary)}`);
}

/** Calls the worker; the n × d embeddings come back base64-encoded (exact float32 bytes, small to transfer). */
async function referenceSoftmax(page) {
  const r = await benchCall(page, 'referenceSoftmax', { folds: nFolds, seed });
  const buf = Buffer.from(r.X, 'base64');
  const X = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  if (X.length !== r.y.length * r.dims) throw new Failure(`Embeddings have ${X.length} values, expected ${r.y.length} × ${r.dims}.`);
  if (r.dims !== EMBEDDING_SIZE) throw new Failure(`Expected ${EMBEDDING_SIZE}-d embeddings, got ${r.dims}.`);
  const bad = X.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Failure(`Embedding of row ${Math.floor(bad / r.dims)} has a non-finite value (${X[bad]}).`);
  return { ...r, X };
}

// ---------------------------------------------------------------------------------------------------------
// scikit-learn and the report.

function writeComparisonInput(file, ours) {
  const n = ours.y.length;
  const rows = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = `[${Array.from(ours.X.subarray(i * ours.dims, (i + 1) * ours.dims)).join(',')}]`;
  // compare.py's schema: {X, y, folds, l2, classWeight}; plus provenance for whoever opens the file later.
  const meta = { dataset: 'discogs-5genre', backbone: BACKBONE_ID, classNames: ours.classNames, seed: ours.seed, nFolds: ours.nFolds };
  const head = JSON.stringify({ ...meta, y: ours.y, folds: ours.foldOf, l2: ours.l2, classWeight: ours.classWeighting ? 'balanced' : null });
  writeFileSync(file, `${head.slice(0, -1)},"X":[\n${rows.join(',\n')}\n]}\n`);
}

function runSklearn(file) {
  const r = spawnSync(PYTHON, [COMPARE_PY, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Failure(`compare.py failed (exit ${r.status ?? r.signal}):\n${r.stderr || r.stdout}`);
  const lines = r.stdout.trim().split('\n');
  for (const line of lines.slice(0, -1)) log(`  sklearn: ${line}`);
  const result = JSON.parse(lines.at(-1));
  if (!Array.isArray(result.foldScores)) throw new Failure(`compare.py printed no foldScores: ${lines.at(-1)}`);
  return result;
}

function report(ours, theirs) {
  const k = ours.classNames.length;
  const counts = ours.classNames.map((c, i) => `${c} ${ours.y.filter((v) => v === i).length}`);
  const foldSizes = Array.from({ length: ours.nFolds }, (_, f) => ours.foldOf.filter((v) => v === f).length);
  const meanOf = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const oursMean = meanOf(ours.foldScores);
  const theirsMean = meanOf(theirs.foldScores);
  const diff = Math.abs(oursMean - theirsMean);
  const pass = theirs.foldScores.length === ours.foldScores.length && diff <= TOLERANCE;
  const f4 = (x) => x.toFixed(4);

  const lines = [
    '',
    `Reference check: discogs-5genre, ${ours.y.length} covers × ${ours.dims}-d ${BACKBONE_ID} embeddings, ${ours.nFolds}-fold stratified CV (seed ${ours.seed})`,
    `classes: ${counts.join(', ')}   chance level (balanced accuracy): ${f4(1 / k)}`,
    `ours: softmax-cover (L-BFGS, l2 = ${ours.l2}, class-weighted)   sklearn: LogisticRegression(class_weight='balanced', C = 1/(l2·Σw))`,
    '',
    'fold   rows   ours     sklearn  |diff|   ours L-BFGS',
    ...ours.foldScores.map((s, f) => {
      const d = ours.details[f] ?? {};
      const t = theirs.foldScores[f];
      return `${String(f + 1).padStart(4)}  ${String(foldSizes[f]).padStart(5)}   ${f4(s)}   ${t === undefined ? '  —   ' : f4(t)}   ${t === undefined ? '  —   ' : f4(Math.abs(s - t))}   ${d.iterations} it, converged ${d.converged}`;
    }),
    `mean  ${String(ours.y.length).padStart(5)}   ${f4(oursMean)}   ${f4(theirsMean)}   ${f4(diff)}`,
    `sd                ${f4(sd(ours.foldScores))}   ${f4(sd(theirs.foldScores))}`,
    '',
    `|mean difference| = ${f4(diff)}  (tolerance ${TOLERANCE})  →  ${pass ? 'PASS' : 'FAIL'}`,
    '',
    `ours, tuned: softmax-cover as the product runs it (L2 chosen by an inner CV on each fold's training rows), same folds`,
    'fold   tuned    chosen C   l2         inner BA   inner path (C:score)',
    ...ours.tuned.foldScores.map((s, f) => {
      const d = ours.tuned.details[f] ?? {};
      const num = (x, digits) => (typeof x === 'number' ? x.toPrecision(digits) : String(x ?? '—'));
      return `${String(f + 1).padStart(4)}   ${f4(s)}   ${num(d.C, 2).padEnd(9)}  ${num(d.l2, 3).padEnd(9)}  ${typeof d.innerBalancedAccuracy === 'number' ? f4(d.innerBalancedAccuracy) : '—     '}     ${d.l2Path ?? d.l2Choice ?? ''}`;
    }),
    `mean   ${f4(meanOf(ours.tuned.foldScores))}   (fixed l2 = ${ours.l2}: ${f4(oursMean)}; ${ours.tuned.seconds.toFixed(1)} s)`,
    '',
  ];
  console.log(lines.join('\n'));
  return { pass, oursMean, theirsMean, diff, foldSizes, counts: Object.fromEntries(ours.classNames.map((c, i) => [c, ours.y.filter((v) => v === i).length])) };
}

function sd(xs) {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const { csv, sklearnVersion } = checkInputs();
  // Every row of dataset.csv (bench.html fetches them, with their covers, from /datasets/).
  const rowCount = csvParse(readFileSync(csv, 'utf8')).length;
  log(`dataset ${DATASET_DIR} (${rowCount} rows); scikit-learn ${sklearnVersion}`);
  const launch = chromiumLaunchOptions();
  mkdirSync(OUT_DIR, { recursive: true });
  buildIfNeeded();

  const port = await choosePort();
  const baseUrl = `http://localhost:${port}/`;
  let server = null;
  let context = null;
  const cleanup = async () => {
    const c = context;
    const s = server;
    context = null;
    server = null;
    await c?.close().catch(() => {});
    await s?.stop();
  };
  const onSignal = (sig) => {
    log(`${sig}: closing the browser and the server`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    server = startPreview(port);
    await waitForServer(server, baseUrl);
    log(`vite preview at ${baseUrl} (CGS_SHARED_DIR=${SHARED_DIR})`);

    mkdirSync(opts.profile, { recursive: true });
    context = await chromium.launchPersistentContext(opts.profile, { executablePath: launch.executablePath, args: launch.args, headless: true });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && log(`console error: ${m.text()}`));

    await importAndFeaturize(page, baseUrl, rowCount);
    log(`running softmax-cover, ${nFolds}-fold CV, in the worker`);
    const ours = await referenceSoftmax(page);
    log(`ours: ${ours.foldScores.map((s) => s.toFixed(4)).join(' ')} (mean ${ours.balancedAccuracy.toFixed(4)}, ${ours.seconds.toFixed(1)} s); groups ${ours.featureGroups.join('+')}`);
    log(`ours, tuned L2: ${ours.tuned.foldScores.map((s) => s.toFixed(4)).join(' ')} (mean ${ours.tuned.balancedAccuracy.toFixed(4)}, ${ours.tuned.seconds.toFixed(1)} s)`);
    if (ours.featureGroups.join('|') !== 'cover') throw new Failure(`softmax-cover used groups ${ours.featureGroups.join(', ')}, expected only 'cover'.`);
    await cleanup(); // the browser is no longer needed; free its memory for scikit-learn

    const file = join(OUT_DIR, 'discogs.json');
    writeComparisonInput(file, ours);
    log(`wrote ${file}; running ${PYTHON} scripts/sklearn/compare.py`);
    const theirs = runSklearn(file);
    const summary = report(ours, theirs);
    const resultFile = join(OUT_DIR, 'discogs-result.json');
    writeFileSync(
      resultFile,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          dataset: 'discogs-5genre',
          backbone: BACKBONE_ID,
          rows: ours.y.length,
          dims: ours.dims,
          seed: ours.seed,
          nFolds: ours.nFolds,
          l2: ours.l2,
          classCounts: summary.counts,
          foldSizes: summary.foldSizes,
          chanceLevel: 1 / ours.classNames.length,
          ours: { foldScores: ours.foldScores, mean: summary.oursMean, details: ours.details },
          oursTuned: { foldScores: ours.tuned.foldScores, mean: ours.tuned.balancedAccuracy, details: ours.tuned.details, seconds: ours.tuned.seconds },
          sklearn: { version: sklearnVersion, foldScores: theirs.foldScores, mean: theirs.mean, C: theirs.C },
          absMeanDifference: summary.diff,
          tolerance: TOLERANCE,
          pass: summary.pass,
          seconds: (performance.now() - t0) / 1000,
        },
        null,
        2,
      ),
    );
    log(`total ${elapsed()}; summary in ${resultFile}`);
    return summary.pass ? 0 : 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`\n[reference] FAILED: ${err instanceof Failure ? err.message : (err?.stack ?? err)}`);
    process.exit(2);
  },
);
