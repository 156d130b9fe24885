#!/usr/bin/env node
/**
 * npm run reference:featurizers — the featurizer × dataset table of issue 10.
 *
 * 1. builds the measurement build (CGS_BENCH=1; into --dist, default dist-bench-featurizers/) unless --no-build;
 * 2. for each dataset (discogs-5genre, spotify-6genre) and each network (MobileNet V1 0.75, V2 1.0), drives bench.html
 *    in Debian's Chromium: import every cover + genre through the product API, load the network, run the product's
 *    featurize() (one forward pass: final layer + style statistics; colour from the prep stage), with and without
 *    flip averaging (--no-flip skips it), and saves every featurizer's vectors to bench-results/reference/features/.
 *    The browser profile persists (bench-results/reference/featurizers-profile), so re-runs read IndexedDB;
 * 3. runs scripts/sklearn/featurizers.py: the same learner (StandardScaler + LogisticRegression, balanced, fixed C)
 *    and the same folds for every row (discogs stratified; spotify stratified and grouped by artist), prints the
 *    table (mean ± sd, Δ vs the V1 final-layer baseline) and writes bench-results/featurizers-<date>.{md,json}.
 *
 * Options: --port P (default 4210)  --no-build  --no-flip  --only-table (reuse saved vectors)  --datasets a,b
 *          --learner fixed|inner (C = 0.1 for every row, or C chosen by an inner CV per outer fold: the app's learner)
 * Environment: CGS_SHARED_DIR (default ../shared), CGS_CHROMIUM (default /usr/bin/chromium).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumPath, chromiumArgs } from '../../e2e/chromium.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const SHARED_DIR = resolve(process.env.CGS_SHARED_DIR ?? join(ROOT, '../shared'));
const OUT = join(ROOT, 'bench-results', 'reference', 'features');
const NETWORKS = ['mobilenet_v1_0.75_224', 'mobilenet_v2_1.0_224'];

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '4210' },
    dist: { type: 'string', default: 'dist-bench-featurizers' },
    'no-build': { type: 'boolean', default: false },
    'no-flip': { type: 'boolean', default: false },
    'only-table': { type: 'boolean', default: false },
    // fixed: C = 0.1 for every row; inner: C chosen per outer fold by an inner CV (the app's learner).
    learner: { type: 'string', default: 'fixed' },
    datasets: { type: 'string', default: 'discogs-5genre,spotify-6genre' },
    profile: { type: 'string', default: join(ROOT, 'bench-results', 'reference', 'featurizers-profile') },
  },
});
const DATASETS = opts.datasets.split(',');
const t0 = performance.now();
const log = (msg) => console.log(`[featurizers ${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${msg}`);

function build() {
  log(`CGS_BENCH=1 vite build → ${opts.dist}/`);
  const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CGS_BENCH: '1', CGS_BENCH_OUT_DIR: opts.dist } });
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal})`);
}

/** `vite preview` of the measurement build, in its own process group (stopped by pid, never by name). */
async function preview(port) {
  const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    env: { ...process.env, CGS_BENCH: '1', CGS_BENCH_OUT_DIR: opts.dist, CGS_SHARED_DIR: SHARED_DIR },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://localhost:${port}/`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited:\n${output}`);
    try {
      if ((await fetch(url)).ok) return { url, stop: () => process.kill(-child.pid, 'SIGTERM') };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`vite preview did not answer:\n${output}`);
}

const call = (page, fn, ...params) => page.evaluate(([f, p]) => window.bench[f](...p), [fn, params]);

/** Featurizes one dataset with one network (and flip setting) through the product API; saves every group. */
async function featurizeOne(page, dataset, network, flip) {
  const dir = join(OUT, dataset, `${network}${flip ? '+flip' : ''}`);
  const net = await call(page, 'prepare', network, 'auto');
  await call(page, 'referenceSetFlip', flip);
  const t = performance.now();
  const { summary } = await call(page, 'featurize', false);
  const seconds = (performance.now() - t) / 1000;
  log(`${dataset} · ${network}${flip ? ' · flip-averaged' : ''}: ${summary.computed} computed, ${summary.fromCache} cached, ${seconds.toFixed(0)} s (${summary.imagesPerSecond.toFixed(1)} img/s on ${net.backend.name})`);
  const r = await call(page, 'referenceFeatures');
  mkdirSync(dir, { recursive: true });
  for (const [id, g] of Object.entries(r.groups)) writeFileSync(join(dir, `${id}.f32`), Buffer.from(g.base64, 'base64'));
  const dims = Object.fromEntries(Object.entries(r.groups).map(([id, g]) => [id, g.dims]));
  writeFileSync(join(dir, 'rows.json'), JSON.stringify({ dataset, network, flip, covers: r.covers, targets: r.targets, dims, imagesPerSecond: summary.imagesPerSecond, featurizers: summary.featurizers }));
  log(`  saved ${Object.entries(dims).map(([id, d]) => `${id} ${d}-d`).join(', ')} × ${r.covers.length} rows`);
}

async function featurizeAll() {
  if (!opts['no-build'] || !existsSync(join(ROOT, opts.dist, 'bench.html'))) build();
  const server = await preview(Number(opts.port));
  // bypassCSP: bench.html's loadCovers parses the CSV with d3-dsv's csvParse (new Function), which the shipped CSP forbids.
  const context = await chromium.launchPersistentContext(opts.profile, { executablePath: chromiumPath, args: chromiumArgs, headless: true, bypassCSP: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(0); // featurizing 1 500 covers twice takes minutes on 2 cores
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    // Plain passes of every dataset first, flip-averaged ones after: the table's core rows land soonest.
    const flips = opts['no-flip'] ? [false] : [false, true];
    for (const [flip, dataset] of flips.flatMap((f) => DATASETS.map((d) => [f, d]))) {
      await page.goto(`${server.url}bench.html`);
      await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
      const n = (await (await fetch(`${server.url}datasets/${dataset}/dataset.csv`)).text()).trim().split('\n').length - 1;
      await call(page, 'loadCovers', dataset, n);
      await call(page, 'startWorker', 'auto');
      const imported = await call(page, 'importCovers');
      log(`${dataset}: ${imported.usable} of ${n} rows usable`);
      for (const network of NETWORKS) await featurizeOne(page, dataset, network, flip);
    }
  } finally {
    await context.close().catch(() => {});
    server.stop();
  }
}

async function main() {
  if (!opts['only-table']) await featurizeAll();
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  const r = spawnSync('/usr/bin/python3', [join(ROOT, 'scripts', 'sklearn', 'featurizers.py'), OUT, join(SHARED_DIR, 'datasets'), join(ROOT, 'bench-results', `featurizers-${opts.learner === 'inner' ? 'inner-' : ''}${stamp}`), ...DATASETS], {
    cwd: ROOT,
    env: { ...process.env, LEARNER: opts.learner },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`featurizers.py failed (exit ${r.status ?? r.signal})`);
  log('done');
}

main().catch((err) => {
  console.error(`[featurizers] FAILED: ${err?.stack ?? err}`);
  process.exit(2);
});
