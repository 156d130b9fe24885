#!/usr/bin/env node
/**
 * npm run scale [-- --n=10000 --no-build --clean]   |   npm run scale -- --dataset=spotify-6genre --group=artist
 *
 * The long-running check of issue 12 (outside the default CI run): N covers made at run time from the real
 * discogs-5genre covers by seeded transforms (crop, mirror, colour jitter; drawn in Chromium, written to a temp
 * folder, never committed), imported through the app's own folder picker in headless Chromium, then embedded,
 * trained (default feature lists, 5-fold CV, grouped by source cover so no variant of one cover is in two folds)
 * and laid out on the UMAP map, all through the UI. Reports seconds per step, the peak memory of the browser's
 * processes (sampled from /proc), the page's peak JS heap, tensor counts and bytes in the worker, and main-thread
 * long tasks over 200 ms. Results: bench-results/scale-<n or dataset>.md. Exit code 1 when a step fails, a tensor leaks or a
 * long task exceeds 200 ms.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { csvFormat, csvParse } from 'd3-dsv';
import { chromiumPath, chromiumArgs } from '../e2e/chromium.mjs';
import { startPreview } from './preview.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const SHARED_DIR = resolve(process.env.CGS_SHARED_DIR ?? join(root, '../shared'));
const SOURCE = join(SHARED_DIR, 'datasets', 'discogs-5genre');
// --dataset=<name>: import that real dataset folder of ../shared as it is (covers only; --group=<column> for CV groups).
const DATASET = args.dataset ? join(SHARED_DIR, 'datasets', args.dataset) : null;
const DATASET_ROWS = DATASET ? csvParse(readFileSync(join(DATASET, 'dataset.csv'), 'utf8')) : null;
const N = DATASET_ROWS ? DATASET_ROWS.length : Number(args.n ?? 10_000);
const OUT = DATASET ?? join(tmpdir(), `cgs-scale-${N}`);
const GROUP = DATASET ? (args.group ?? null) : 'source_cover';
const say = (m) => console.log(`[scale] ${new Date().toISOString().slice(11, 19)} ${m}`);

/** Draws N transformed covers in a blank page (canvas): seeded per cover, so every run makes the same set. */
async function generateCovers(browser) {
  const done = existsSync(join(OUT, 'dataset.csv')) && readdirSync(join(OUT, 'covers')).length === N;
  if (done) return say(`reusing ${N} generated covers in ${OUT}`);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'covers'), { recursive: true });
  const sources = csvParse(readFileSync(join(SOURCE, 'dataset.csv'), 'utf8'));
  const page = await browser.newPage();
  const rows = [];
  const batch = 50;
  for (let start = 0; start < N; start += batch) {
    const items = [];
    for (let i = start; i < Math.min(N, start + batch); i++) {
      // A stride coprime with the source count visits every source once per cycle, genres interleaved.
      const sourceIndex = (i * 7919) % sources.length;
      const src = sources[sourceIndex];
      items.push({ i, b64: readFileSync(join(SOURCE, 'covers', src.cover)).toString('base64') });
      // Neutral file names: the source names start with the genre (a leak the app would rightly flag).
      rows.push({ cover: `covers/c${String(i).padStart(5, '0')}.jpg`, genre: src.genre, source_cover: `s${sourceIndex}` });
    }
    const out = await page.evaluate(async (list) => {
      const rand = (seed) => () => ((seed = (seed * 1664525 + 1013904223) >>> 0), seed / 2 ** 32);
      const results = [];
      for (const { i, b64 } of list) {
        const r = rand(i + 1);
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bmp = await createImageBitmap(new Blob([bytes]));
        const side = Math.min(bmp.width, bmp.height) * (0.75 + 0.25 * r());
        const sx = (bmp.width - side) * r();
        const sy = (bmp.height - side) * r();
        const canvas = new OffscreenCanvas(256, 256);
        const ctx = canvas.getContext('2d');
        ctx.filter = `brightness(${0.8 + 0.4 * r()}) contrast(${0.8 + 0.4 * r()}) saturate(${0.7 + 0.6 * r()}) hue-rotate(${Math.round(-20 + 40 * r())}deg)`;
        if (r() < 0.5) ctx.setTransform(-1, 0, 0, 1, 256, 0);
        ctx.drawImage(bmp, sx, sy, side, side, 0, 0, 256, 256);
        bmp.close();
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
        const buf = new Uint8Array(await blob.arrayBuffer());
        let s = '';
        for (let k = 0; k < buf.length; k += 0x8000) s += String.fromCharCode(...buf.subarray(k, k + 0x8000));
        results.push(btoa(s));
      }
      return results;
    }, items);
    out.forEach((b64, k) => writeFileSync(join(OUT, rows[start + k].cover), Buffer.from(b64, 'base64')));
    if (start % 1000 === 0) say(`generated ${start + out.length} / ${N}`);
  }
  writeFileSync(join(OUT, 'dataset.csv'), csvFormat(rows, ['cover', 'genre', 'source_cover']));
  await page.close();
}

/** Resident memory (MB) of the Chromium processes this script started (its descendants named chrom…), from /proc. */
function browserRssMb(rootPid = process.pid) {
  const parent = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) if (tree.has(ppid) && !tree.has(pid)) (tree.add(pid), (grew = true));
  }
  let kb = 0;
  let maxKb = 0;
  for (const pid of tree) {
    try {
      if (!/chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      kb += rss;
      maxKb = Math.max(maxKb, rss);
    } catch {
      // ended
    }
  }
  return { total: kb / 1024, largest: maxKb / 1024 };
}

async function main() {
  if (args['no-build'] !== 'true') execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const server = await startPreview(root, SHARED_DIR, '/');
  const peak = { total: 0, largest: 0, heapMb: 0 };
  let sampler;
  try {
    if (!DATASET) await generateCovers(browser);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => say(`pageerror ${e.message}`));
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.base}/`);
    sampler = setInterval(async () => {
      const m = browserRssMb();
      peak.total = Math.max(peak.total, m.total);
      peak.largest = Math.max(peak.largest, m.largest);
      const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0).catch(() => 0);
      peak.heapMb = Math.max(peak.heapMb, heap / 2 ** 20);
    }, 1000);
    const steps = [];
    const step = async (label, fn) => {
      say(`${label}…`);
      const t0 = Date.now();
      const pageStart = await page.evaluate(() => performance.now()).catch(() => 0);
      try {
        await fn();
      } catch (err) {
        mkdirSync(join(root, 'bench-results'), { recursive: true });
        await page.screenshot({ path: join(root, 'bench-results', 'scale-failure.png'), fullPage: true }).catch(() => undefined);
        const shown = await page.getByTestId('error').allInnerTexts().catch(() => []);
        throw new Error(`${label} failed${shown.length ? ` (the app says: ${shown.join(' | ')})` : ''}; screenshot in bench-results/scale-failure.png`, { cause: err });
      }
      steps.push({ label, seconds: (Date.now() - t0) / 1000, pageStart });
      // Peaks so far in the log too: a later step that fails still leaves every figure measured up to it.
      say(`${label}: ${steps.at(-1).seconds.toFixed(1)} s (peak so far: browser ${peak.total.toFixed(0)} MB, largest process ${peak.largest.toFixed(0)} MB, page heap ${peak.heapMb.toFixed(0)} MB)`);
    };
    // Playwright hands the files over on the page's main thread: long tasks before that are the harness's.
    let filesSetAt = Infinity;
    const importFolder = async () => {
      await page.getByTestId('folder-input').setInputFiles(OUT);
      if (filesSetAt === Infinity) filesSetAt = await page.evaluate(() => performance.now());
      await page.getByTestId('mapping').waitFor({ timeout: 600_000 });
      // A real dataset is scored on its covers alone: every other column is ignored (or is the CV group).
      for (const c of DATASET_ROWS?.columns.filter((x) => !['cover', 'genre'].includes(x)) ?? []) {
        await page.getByLabel(`Role of column ${c}`).selectOption(c === GROUP ? 'group' : 'ignore', { timeout: 10_000 });
      }
      if (GROUP && !DATASET) await page.getByLabel(`Role of column ${GROUP}`).selectOption('group', { timeout: 10_000 }).catch(() => say(`no group role offered for ${GROUP}`));
      // After a reopen the old mapping is still on screen while the new folder opens: wait for the button, however long.
      await page.getByTestId('validate').click({ timeout: 600_000 });
      await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
    };
    await step(`import ${N} covers (folder picker, check and import)`, importFolder);
    const diag = () => page.evaluate(async () => window.cgs.studio().diagnostics());
    let tensorsBefore;
    await step('featurize (embeddings + colour)', async () => {
      await page.getByTestId('step-features').click();
      await page.getByTestId('featurize').click();
      await page.locator(`[data-testid="featurize-summary"][data-rows-with-features="${N}"]`).waitFor({ timeout: 4 * 3600_000 });
      tensorsBefore = await diag(); // the network's weights are loaded from here on
    });
    await step('train (default lists, 5-fold CV, final refit)', async () => {
      await page.getByTestId('step-models').click();
      await page.getByTestId('train').click();
      await page.getByTestId('leaderboard').waitFor({ timeout: 4 * 3600_000 });
    });
    const board = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => r.innerText.replace(/\s+/g, ' ').slice(0, 140)));
    const best = board[0];
    await step('UMAP map of every cover', async () => {
      await page.getByTestId('step-insights').click();
      await page.getByTestId('insights-view-map').click();
      await page.getByTestId('run-embedding-map').click().catch(() => undefined);
      await page.locator(`[data-testid="embedding-map"][data-points="${N}"]`).waitFor({ timeout: 1800_000 });
    });
    const usable = await page.getByTestId('step-data').click().then(() => true, () => false);
    const tensorsAfter = await diag();
    const longTasks = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= filesSetAt);
    const over200 = longTasks.filter((t) => t.duration > 200);
    const longest = Math.max(0, ...longTasks.map((t) => t.duration)).toFixed(0);
    say(`after the map: worker tensors ${tensorsAfter.numTensors} (${(tensorsAfter.numBytes / 2 ** 20).toFixed(1)} MB), after featurizing ${tensorsBefore.numTensors}; long tasks ${longTasks.length}, over 200 ms ${over200.length}, longest ${longest} ms; app responds: ${usable}`);
    // What a returning user pays: the saved project after a reload, and the same folder again (all from the cache).
    await step('reopen the saved project after a reload (to its leaderboard)', async () => {
      await page.reload();
      await page.getByTestId('step-data').click();
      await page.getByTestId('project-item').first().getByTestId('project-open').click();
      await page.waitForURL((u) => !u.hash.endsWith('/data'), { timeout: 600_000 }); // lands on the step left off
      await page.getByTestId('step-models').click();
      await page.getByTestId('leaderboard-row').first().waitFor({ timeout: 600_000 });
    });
    await page.getByTestId('step-data').click();
    await importFolder();
    await page.getByTestId('step-features').click();
    await step('featurize the same folder again (every feature from the cache)', async () => {
      await page.getByTestId('featurize').click();
      await page.locator(`[data-testid="featurize-summary"][data-rows-with-features="${N}"][data-computed="0"]`).waitFor({ timeout: 600_000 });
    });
    // Which step each long task fell in (page clocks restart at the reload, so only steps before it count).
    const stepOf = (t) => steps.filter((s) => s.pageStart <= t.start).at(-1)?.label ?? 'before import';
    const longByStep = over200.map((t) => `${t.duration.toFixed(0)} ms in "${stepOf(t)}"`).join('; ');
    clearInterval(sampler);
    const lines = [
      `# ${N} covers through the app (headless Chromium, ${tensorsAfter.backend} backend)`,
      '',
      DATASET ? `Covers: all ${N} of ${args.dataset} (covers only${GROUP ? `, CV grouped by ${GROUP}` : ''}).` : `Covers: ${N} made from the ${SOURCE.split('/').pop()} covers by seeded crop / mirror / colour jitter (256², JPEG).`,
      '',
      '| step | seconds |',
      '| --- | ---: |',
      ...steps.map((s) => `| ${s.label} | ${s.seconds.toFixed(1)} |`),
      '',
      `Best leaderboard row: ${best}`,
      ...(DATASET ? ['', 'Leaderboard:', '', ...board.map((b) => `- ${b}`)] : []),
      `Peak memory of all browser processes: ${peak.total.toFixed(0)} MB (largest single process ${peak.largest.toFixed(0)} MB).`,
      `Peak JS heap of the page (main thread): ${peak.heapMb.toFixed(0)} MB.`,
      `Worker tensors after featurizing: ${tensorsBefore.numTensors} (${(tensorsBefore.numBytes / 2 ** 20).toFixed(1)} MB); after map: ${tensorsAfter.numTensors} (${(tensorsAfter.numBytes / 2 ** 20).toFixed(1)} MB).`,
      `Main-thread long tasks after the files were handed over: ${longTasks.length}, longest ${longest} ms, over 200 ms: ${over200.length}${over200.length ? ` (${longByStep})` : ''}.`,
      `App still responds (stepper navigation after the run): ${usable ? 'yes' : 'no'}.`,
    ];
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(join(root, 'bench-results', `scale-${args.dataset ?? N}.md`), lines.join('\n') + '\n');
    console.log(lines.join('\n'));
    if (over200.length > 0 || !usable) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await browser.close();
    await server.stop();
    if (args.clean === 'true' && !DATASET) rmSync(OUT, { recursive: true, force: true }); // kept by default: a re-run skips generation
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
