#!/usr/bin/env node
/**
 * npm run bench:insights [-- --n=300 --no-build]
 *
 * Times every insight through the app's real path: imports N real spotify-6genre covers (album titles as the
 * text column) into index.html in headless Chromium, embeds and trains through the UI, then calls the studio
 * worker's insight methods (the same calls the Insights step makes) and reports seconds per insight, tensor
 * counts before and after (they must match) and main-thread long tasks. Results: bench-results/insights.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { csvParse, csvFormat } from 'd3-dsv';
import { chromiumPath, chromiumArgs } from '../e2e/chromium.mjs';
import { startPreview } from './preview.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const N = Number(args.n ?? 300);
const SHARED_DIR = resolve(process.env.CGS_SHARED_DIR ?? join(root, '../shared'));
const say = (m) => console.log(`[bench:insights] ${m}`);

function subset(name, n) {
  const dir = join(SHARED_DIR, 'datasets', name);
  const rows = csvParse(readFileSync(join(dir, 'dataset.csv'), 'utf8'));
  const genres = [...new Set(rows.map((r) => r.genre))];
  const per = Math.ceil(n / genres.length);
  const picked = genres.flatMap((g) => rows.filter((r) => r.genre === g).slice(0, per)).slice(0, n);
  const csv = csvFormat(picked.map((r) => ({ cover: r.cover, genre: r.genre, album: r.album })), ['cover', 'genre', 'album']);
  return [
    { name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    ...picked.map((r) => ({ name: r.cover, mimeType: 'image/jpeg', buffer: readFileSync(join(dir, 'covers', r.cover)) })),
  ];
}

async function main() {
  if (args['no-build'] !== 'true') execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const server = await startPreview(root, SHARED_DIR, '/');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.base}/`);
    const mark = (label) => page.evaluate((l) => (window.__marks ??= []).push({ label: l, at: performance.now() }), label);
    const files = subset('spotify-6genre', N);
    say(`importing ${files.length - 1} covers…`);
    await page.getByTestId('files-input').setInputFiles(files);
    await mark('files set');
    await page.getByLabel('Role of column album').selectOption('text');
    await page.getByTestId('validate').click();
    await page.getByTestId('import-report').waitFor();
    await mark('imported');
    await page.getByTestId('step-features').click();
    await page.getByTestId('featurize').click();
    await page.locator(`[data-testid="featurize-summary"][data-rows-with-embedding="${files.length - 1}"]`).waitFor({ timeout: 900_000 });
    await mark('featurized');
    await page.getByTestId('step-models').click();
    say('training…');
    const trainStart = Date.now();
    await page.getByTestId('train').click();
    await page.getByTestId('leaderboard').waitFor({ timeout: 900_000 });
    const trainSeconds = (Date.now() - trainStart) / 1000;
    await mark('trained');

    const results = await page.evaluate(async () => {
      const s = window.cgs.studio();
      const time = async (label, fn) => {
        const t0 = performance.now();
        const value = await fn();
        return { label, seconds: (performance.now() - t0) / 1000, value };
      };
      const before = (await s.diagnostics()).numTensors;
      const overview = await s.insightsOverview(null);
      const n = overview.covers.length;
      const out = [];
      // Grad-CAM explains the best model that looks at the cover (the kept one may be text only).
      const coverModel = overview.models.find((m) => m.usesCover);
      if (coverModel) {
        out.push(await time(`activation maps, ${n} covers (pages of 24; ${coverModel.name})`, async () => {
          for (let i = 0; i < n; i += 24) await s.activationMaps({ modelKey: coverModel.key, items: overview.covers.slice(i, i + 24).map((c) => ({ index: c.index, classIndex: null })) });
          return n;
        }));
      }
      out.push(await time(`UMAP, ${n} points`, async () => (await s.embeddingMap({ seed: 42 })).n));
      out.push(await time(`thumbnail atlas, ${n} covers`, async () => (await s.thumbnailAtlas(32)).count));
      out.push(await time('covers like this (12 nearest)', async () => (await s.similarCovers({ index: overview.covers[0].index }, 12)).length));
      out.push(await time('ImageNet concepts per genre', async () => (await s.genreConcepts()).perClass.length));
      out.push(await time('word clouds (album)', async () => (await s.wordClouds({ column: 'album', stopWords: true, maxTerms: 200 })).classes.length));
      out.push(await time('feature impact (3 repeats)', async () => (await s.featureImpact({ modelKey: overview.modelKey, repeats: 3, seed: 42 })).groups.length));
      const after = (await s.diagnostics()).numTensors;
      return { rows: out.map(({ label, seconds }) => ({ label, seconds })), before, after, longTasks: window.__longTasks.map((t) => t.duration), longTaskDetail: window.__longTasks, marks: window.__marks };
    });
    // Playwright's setInputFiles pushes the covers into the page on its main thread: long tasks before the files
    // land are the harness's, not the app's.
    const filesSet = results.marks.find((m) => m.label === 'files set').at;
    const appTasks = results.longTaskDetail.filter((t) => t.start >= filesSet).map((t) => t.duration);
    const maxLong = Math.max(0, ...appTasks);
    const lines = [
      `# Insights on ${files.length - 1} real covers (spotify-6genre, album titles as text)`,
      '',
      `Leaderboard (through the UI): ${trainSeconds.toFixed(1)} s`,
      '',
      '| insight | seconds |',
      '| --- | ---: |',
      ...results.rows.map((r) => `| ${r.label} | ${r.seconds.toFixed(2)} |`),
      '',
      `Tensors before insights: ${results.before}, after: ${results.after} (${results.before === results.after ? 'back to baseline' : 'LEAK'}).`,
      `Main-thread long tasks once the files are in (import, features, training, insights): ${appTasks.length}, longest ${maxLong.toFixed(0)} ms.`,
    ];
    mkdirSync(join(root, 'bench-results'), { recursive: true });
    writeFileSync(join(root, 'bench-results', 'insights.md'), lines.join('\n') + '\n');
    console.log(lines.join('\n'));
    if (args.verbose === 'true') console.log(JSON.stringify({ marks: results.marks, longTasks: results.longTaskDetail }, null, 1));
    if (results.before !== results.after) process.exitCode = 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
