import { expect, test, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { datasetSubset, gotoStep, SHARED_DIR, waitForServiceWorkerControl } from './helpers';
import { parseHeadersFile, pngSize, startStaticHost } from './staticHost';

/**
 * The installable offline app (issue 9), on the production build: what the service worker precaches,
 * the app opening and computing embeddings with the network off after one online visit, the worker
 * making a header-less static host cross-origin isolated, the shipped _headers CSP letting the WASM
 * backend run, and the update prompt.
 */
const DIST = resolve(import.meta.dirname, '..', process.env.CGS_OUT_DIR ?? 'dist');
const BACKBONE = 'mobilenet_v2_1.0_224'; // the default network (src/lib/features/backbones.ts)
const MODELS_CACHE = 'cgs-models-v1';
const covers = datasetSubset('spotify-6genre', 2); // 6 genres × 2 real covers

function precacheUrls(): string[] {
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  return [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
}

async function importCovers(page: Page) {
  await page.getByTestId('files-input').setInputFiles([
    { name: 'tracks.csv', mimeType: 'text/csv', buffer: Buffer.from(covers.csv()) },
    ...covers.rows.map((r) => covers.cover(r.cover!)),
  ]);
  await expect(page.getByLabel('Role of column cover')).toHaveValue('cover');
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(covers.rows.length));
}

/** Imports the covers and embeds them on the WASM backend through the Features step. */
async function featurizeOnWasm(page: Page) {
  await gotoStep(page, 'data'); // a reload keeps the step in the URL
  await importCovers(page);
  await gotoStep(page, 'features');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('featurize').click();
  const summary = page.getByTestId('featurize-summary');
  // A failure (e.g. a worker the CSP blocked) shows as the app's error banner: fail on it at once.
  await expect(summary.or(page.getByTestId('error'))).toBeVisible({ timeout: 300_000 });
  await expect(page.getByTestId('error')).toBeHidden({ timeout: 1 });
  await expect(summary).toHaveAttribute('data-rows-with-embedding', String(covers.rows.length));
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  return summary;
}

test('the build precaches the app shell and WASM binaries, never the bench page, weights or covers', () => {
  const urls = precacheUrls();
  expect(urls).toContain('index.html');
  expect(urls).toContain('manifest.webmanifest');
  for (const name of ['tfjs-backend-wasm', 'tfjs-backend-wasm-simd', 'tfjs-backend-wasm-threaded-simd']) {
    expect(urls.some((u) => new RegExp(`^assets/${name}-[\\w-]{8}\\.wasm$`).test(u)), name).toBe(true);
  }
  for (const worker of ['studio.worker', 'prep.worker']) expect(urls.some((u) => u.startsWith(`assets/${worker}-`)), worker).toBe(true);
  // Everything index.html loads is precached, or the app would not open offline.
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  for (const [, ref] of html.matchAll(/(?:src|href)="\/([^"]+)"/g)) expect(urls, ref).toContain(ref);
  expect(urls.filter((u) => /bench|^models\/|^datasets\//.test(u))).toEqual([]);
  expect(existsSync(join(DIST, 'bench.html'))).toBe(false); // built only for measurement (CGS_BENCH=1, dist-bench/)

  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.webmanifest'), 'utf8'));
  expect(manifest).toMatchObject({ name: 'Cover Genre Studio', short_name: expect.any(String), display: 'standalone', theme_color: expect.stringMatching(/^#/) });
  const icons = manifest.icons as { src: string; sizes: string; purpose?: string }[];
  for (const icon of icons) {
    const [w, h] = icon.sizes.split('x').map(Number);
    expect(pngSize(join(DIST, icon.src)), icon.src).toEqual({ width: w, height: h });
  }
  expect(icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
});

test('after one online visit the app opens offline, loads the cached weights and embeds on WASM', async ({ page, context }) => {
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  // The manifest is linked and parses: the installability half the browser reads from the page.
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href;
    return (await fetch(href)).json();
  });
  expect(manifest.name).toBe('Cover Genre Studio');

  // Online once, under the worker: the weights pass through it and land in its cache.
  await page.reload();
  const online = await featurizeOnWasm(page);
  await expect(online).toHaveAttribute('data-computed', String(covers.rows.length));
  const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), MODELS_CACHE);
  expect(cached).toContain(`/models/${BACKBONE}/model.json`);
  expect(cached.filter((p) => p.endsWith('.bin') || p.includes('shard')).length).toBeGreaterThan(0);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('step-data')).toBeVisible();
  // Really offline: what the worker does not cache fails (here a live folder listing).
  expect(await page.evaluate(() => fetch('/datasets/').then(() => 'answered', () => 'failed'))).toBe('failed');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(async () => (await window.cgs!.studio().diagnostics()).numTensors)).toBeGreaterThanOrEqual(0);

  // Drop the embeddings and the IndexedDB copy of the network: weights can only come from the worker's cache.
  await page.evaluate(async () => {
    await window.cgs!.studio().clearCache();
    await new Promise((ok, fail) => {
      const req = indexedDB.deleteDatabase('tensorflowjs');
      req.onsuccess = ok;
      req.onerror = () => fail(req.error);
      req.onblocked = () => fail(new Error('tensorflowjs database is held open'));
    });
  });
  const offline = await featurizeOnWasm(page);
  await expect(offline).toHaveAttribute('data-computed', String(covers.rows.length));
  await expect(page.getByTestId('backbone-status')).toContainText('loaded from this site');
  console.log('offline:', await page.getByTestId('backbone-status').innerText());
});

test('on a host that sets no headers, the worker makes the page cross-origin isolated from the second load', async ({ page }) => {
  const host = await startStaticHost({ distDir: DIST, sharedDir: SHARED_DIR });
  try {
    await page.goto(`${host.url}/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await waitForServiceWorkerControl(page);
    await page.reload();
    await expect(page.getByTestId('step-data')).toBeVisible();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  } finally {
    await host.close();
  }
});

test('the shipped _headers (COOP/COEP + CSP) isolate the page and let the threaded WASM backend embed', async ({ page }) => {
  const headerRules = parseHeadersFile(readFileSync(join(DIST, '_headers'), 'utf8'));
  // The CSP the build ships: no inline or eval'd script, WebAssembly allowed, workers from this origin or blob:.
  const csp = headerRules.find((r) => r.pattern.test('/'))!.headers['Content-Security-Policy'];
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' blob:;/);
  expect(csp).toMatch(/worker-src 'self' blob:;/);
  expect(csp).toMatch(/connect-src 'self' https:\/\/storage\.googleapis\.com/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  const host = await startStaticHost({ distDir: DIST, sharedDir: SHARED_DIR, headerRules });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    if (m.type() === 'error' && !/status of 404/.test(m.text())) console.log('console error:', m.text());
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused (securitypolicyviolation): ${e.violatedDirective} ${e.blockedURI}`));
  });
  try {
    await page.goto(`${host.url}/`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const summary = await featurizeOnWasm(page);
    await expect(summary).toHaveAttribute('data-computed', String(covers.rows.length));
    // The pthread pool (blob: workers) is the part of the CSP most likely to break.
    await expect(page.getByTestId('backbone-status')).toContainText(/\d+ threads/);
    expect(violations).toEqual([]);
  } finally {
    await host.close();
  }
});

test('a new version waits for the user: the prompt appears and Reload switches to it', async ({ page }) => {
  const host = await startStaticHost({ distDir: DIST, sharedDir: SHARED_DIR });
  try {
    await page.goto(`${host.url}/`);
    await waitForServiceWorkerControl(page);
    const first = await page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
    await expect(page.getByTestId('update-prompt')).toBeHidden();

    host.setServiceWorkerSuffix(`// deployed ${Date.now()}`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('A new version is available');
    await prompt.screenshot({ path: test.info().outputPath('update-prompt.png') });
    await page.screenshot({ path: test.info().outputPath('update-prompt-page.png') });

    const waitingBefore = await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())!.waiting);
    expect(waitingBefore).toBe(true);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
    await expect(page.getByTestId('step-data')).toBeVisible();
    const after = await page.evaluate(async () => {
      const reg = (await navigator.serviceWorker.getRegistration())!;
      return { waiting: !!reg.waiting, controlled: !!navigator.serviceWorker.controller };
    });
    expect(after).toEqual({ waiting: false, controlled: true });
    expect(first).toContain('/sw.js');
  } finally {
    await host.close();
  }
});
