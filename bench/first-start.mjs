#!/usr/bin/env node
/**
 * node bench/first-start.mjs [--no-build] [--runs=3]
 *
 * Times a first start's backend choice: a fresh bench worker (fresh tfjs and WASM module) loads the default
 * network and measures the backends (prepareBackbone with 'auto' and nothing remembered), as the Features
 * step does on a first visit. Prints the worker's probe time, the whole prepareBackbone call, the outcome
 * and the notes the user sees.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumPath, chromiumArgs } from '../e2e/chromium.mjs';
import { startPreview } from './preview.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
process.env.CGS_BENCH = '1'; // the measurement build (dist-bench/): vite build and preview read it
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const RUNS = Number(args.runs ?? 3);
const SHARED_DIR = resolve(process.env.CGS_SHARED_DIR ?? join(root, '../shared'));
const NET = 'mobilenet_v1_0.75_224';

if (args['no-build'] !== 'true' || !existsSync(join(root, 'dist-bench', 'bench.html'))) {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
const server = await startPreview(root, SHARED_DIR, '/bench.html');
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.goto(`${server.base}/bench.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const call = (fn, ...p) => page.evaluate(([f, a]) => window.bench[f](...a), [fn, p]);
  for (let run = 1; run <= RUNS; run++) {
    await call('startWorker', 'auto');
    const s = await call('prepare', NET, 'auto');
    const rates = s.timings.map((t) => `${t.backend.name} ${t.imagesPerSecond.toFixed(1)} img/s`).join(', ');
    console.log(`run ${run}: choice ${s.probeSeconds.toFixed(2)} s (prepareBackbone ${s.seconds.toFixed(2)} s, weights from ${s.origin}) → ${s.backend.name} (${s.backend.detail}); ${rates}; notes: ${(s.notes ?? []).join(' | ') || 'none'}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
