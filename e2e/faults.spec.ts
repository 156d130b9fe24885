import { expect, test, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { datasetSubset, gotoStep } from './helpers';

/**
 * Faults on the production build: the WebGL context lost mid-featurization, storage that is full or missing,
 * and a studio worker that dies. Each ends with a clear message and a working app with correct results.
 * Storage and WebGL faults are injected into the studio worker itself (its script is served with a prelude),
 * since the feature cache, the projects and the network all live there.
 */
test.use({ serviceWorkers: 'block' }); // the prelude is added through routing, which a service worker would bypass

const few = datasetSubset('spotify-6genre', 4); // 6 genres × 4 real covers
const more = datasetSubset('spotify-6genre', 8); // the same 24 and 24 more
const many = datasetSubset('spotify-6genre', 16); // 96: long enough a run to reload in the middle of
const BACKBONE = 'mobilenet_v1_0.75_224'; // small and fast: these tests are about faults, not features

/** Serves the studio worker with `prelude` run before it (e.g. to break IndexedDB or record WebGL contexts). */
async function studioWorkerPrelude(context: BrowserContext, prelude: string) {
  await context.route(/\/assets\/studio\.worker-[\w-]+\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${prelude}\n${await response.text()}` });
  });
}

async function importCovers(page: Page, covers = few) {
  const n = covers.rows.length;
  await gotoStep(page, 'data');
  await page.getByTestId('files-input').setInputFiles([
    { name: 'tracks.csv', mimeType: 'text/csv', buffer: Buffer.from(covers.csv()) },
    ...covers.rows.map((r) => covers.cover(r.cover!)),
  ]);
  await expect(page.getByLabel('Role of column cover')).toHaveValue('cover');
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(n));
}

async function featurize(page: Page, backend: 'wasm' | 'webgl' = 'wasm') {
  await gotoStep(page, 'features');
  await page.getByTestId('backbone-select').selectOption(BACKBONE);
  await page.getByTestId('backend-select').selectOption(backend);
  await page.getByTestId('featurize').click();
}

const summary = (page: Page) => page.getByTestId('featurize-summary');

async function studioWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().some((w) => w.url().includes('studio.worker'))).toBe(true);
  return page.workers().find((w) => w.url().includes('studio.worker'))!;
}

test('WebGL context lost mid-featurization: the run switches to WASM, keeps what was cached and finishes', async ({ page, context }) => {
  // Every WebGL context the worker creates is kept, so the test can lose it like a GPU reset would.
  await studioWorkerPrelude(context, `
    const getContext = OffscreenCanvas.prototype.getContext;
    self.__gl = [];
    OffscreenCanvas.prototype.getContext = function (...args) {
      const ctx = getContext.apply(this, args);
      if (ctx && String(args[0]).startsWith('webgl')) self.__gl.push(ctx);
      return ctx;
    };`);
  page.on('console', (m) => console.log('console', m.type(), m.text()));
  await page.goto('/');
  // Half the covers embedded on WASM first: the WebGL run has 24 cached and 24 to compute.
  await importCovers(page, few);
  await featurize(page, 'wasm');
  await expect(summary(page)).toHaveAttribute('data-computed', String(few.rows.length), { timeout: 300_000 });
  await importCovers(page, more);
  await featurize(page, 'webgl');
  const worker = await studioWorker(page);
  await expect(page.getByTestId('progress')).toContainText(/Computing embeddings/, { timeout: 120_000 });
  await page.waitForTimeout(500); // inside the WebGL batch (shader compilation alone takes longer)
  await worker.evaluate(() => {
    for (const gl of (self as unknown as { __gl: WebGL2RenderingContext[] }).__gl) gl.getExtension('WEBGL_lose_context')?.loseContext();
  });
  await expect(summary(page).or(page.getByTestId('error'))).toBeVisible({ timeout: 300_000 });
  await expect(page.getByTestId('error')).toBeHidden({ timeout: 1 });
  await expect(page.getByTestId('backend-recovered')).toContainText('switched to WebAssembly');
  console.log('after loss:', await page.getByTestId('backend-recovered').innerText(), '|', await summary(page).innerText());
  await expect(summary(page)).toHaveAttribute('data-rows-with-embedding', String(more.rows.length));
  // At least the 24 cached before; more if a WebGL batch finished (and was cached, correctly) before the loss.
  const cached = Number(await summary(page).getAttribute('data-cached'));
  expect(cached).toBeGreaterThanOrEqual(few.rows.length);
  expect(cached + Number(await summary(page).getAttribute('data-computed'))).toBe(more.rows.length);
  expect(await page.evaluate(() => window.cgs!.studio().diagnostics().then((d) => d.backend))).toBe('wasm');

  // Correct results: every cached vector equals a clean WASM run's (nothing from the lost context was kept).
  const afterRecovery = await cachedVectors(page);
  expect(afterRecovery.size).toBeGreaterThanOrEqual(more.rows.length);
  await page.evaluate(async () => {
    await window.cgs!.studio().clearCache();
    await window.cgs!.studio().featurize();
  });
  const reference = await cachedVectors(page);
  expect([...afterRecovery.keys()].sort()).toEqual([...reference.keys()].sort());
  // Two clean runs differ a little (image decode and resize are not bit-exact): compare directions, not bits.
  // A vector from the lost context would be zeros or garbage, far from the clean run's. Concept label indices
  // (imagenet-top5) are not vectors and may swap near ties.
  const lowest = new Map<string, number>();
  for (const [key, v] of reference) {
    const id = key.split(' ')[0];
    if (!id.includes('imagenet-top')) lowest.set(id, Math.min(lowest.get(id) ?? 1, cosine(afterRecovery.get(key)!, v)));
  }
  console.log('lowest cosine similarity to a clean WASM run, per featurizer:', JSON.stringify([...lowest]));
  for (const [id, c] of lowest) expect(c, id).toBeGreaterThan(0.99); // NaN (a zero vector) fails too
});

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i];
    na += x * x;
    nb += b[i] * b[i];
  });
  return dot / Math.sqrt(na * nb);
}

/**
 * Every vector of the feature cache (IndexedDB, same origin), by featurizer id and image hash. Import's record of
 * decoded cover sizes (src/worker/imageCheck.ts, 'decoded-size-…') is not a feature and is left out.
 */
async function cachedVectors(page: Page): Promise<Map<string, number[]>> {
  const entries = await page.evaluate(
    () =>
      new Promise<[string, number[]][]>((ok, fail) => {
        const open = indexedDB.open('cover-genre-studio-features');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('features').objectStore('features').getAll();
          req.onerror = () => fail(req.error);
          req.onsuccess = () => {
            open.result.close();
            const rows = req.result as { featurizer: string; hash: string; vector: Float32Array }[];
            ok(rows.filter((r) => !r.featurizer.startsWith('decoded-size')).map((r) => [`${r.featurizer} ${r.hash}`, Array.from(r.vector)]));
          };
        };
      }),
  );
  return new Map(entries);
}

/** Waits until the autosave has written the current state. */
async function saved(page: Page) {
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-up-to-date', 'true', { timeout: 60_000 });
}

test('a studio worker that throws is restarted; the saved project reopens into it and features compute', async ({ page }) => {
  await page.goto('/');
  await importCovers(page, few);
  await saved(page);
  const worker = await studioWorker(page);
  await worker.evaluate(() => void setTimeout(() => { throw new Error('simulated worker crash'); }));
  const banner = page.getByTestId('worker-crash');
  await expect(banner).toContainText('simulated worker crash');
  await expect(page.locator('[data-count="usable"]')).toHaveCount(0); // the old results are not shown as if still valid
  await banner.getByTestId('crash-reopen').click();
  await expect(banner).toBeHidden();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(few.rows.length), { timeout: 60_000 });
  await featurize(page, 'wasm');
  await expect(summary(page)).toHaveAttribute('data-rows-with-embedding', String(few.rows.length), { timeout: 300_000 });
  await expect(page.getByTestId('error')).toBeHidden();
});

test('a studio worker that stops answering mid-featurization: the call fails with a message, and a restart finishes from the cache', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => window.cgs!.setWatchdogMs(4000));
  await importCovers(page, many);
  await saved(page);
  await featurize(page, 'wasm');
  const worker = await studioWorker(page);
  // Progress past the second batch: the first batch's cache write has completed.
  await expect.poll(async () => Number(await page.getByRole('progressbar').getAttribute('aria-valuenow')), { timeout: 300_000 }).toBeGreaterThanOrEqual(32);
  void worker.evaluate(() => self.close()).catch(() => undefined); // the worker ends itself: no event, calls just hang
  const banner = page.getByTestId('worker-crash');
  await expect(banner).toContainText('no answer', { timeout: 30_000 });
  await expect(page.getByTestId('progress')).toBeHidden();
  await banner.getByTestId('crash-reopen').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(many.rows.length), { timeout: 60_000 });
  await gotoStep(page, 'features');
  await expect(page.getByTestId('featurize')).toBeEnabled(); // the failed call left the panel usable, not stuck busy
  await featurize(page, 'wasm');
  await expect(summary(page)).toHaveAttribute('data-rows-with-embedding', String(many.rows.length), { timeout: 300_000 });
  expect(Number(await summary(page).getAttribute('data-cached'))).toBeGreaterThanOrEqual(16); // batches done before the stop were kept
});

/** The rest of a session after a storage fault: features, then a leaderboard, all in memory. */
async function featurizeAndTrain(page: Page) {
  await featurize(page, 'wasm');
  await expect(summary(page)).toHaveAttribute('data-rows-with-embedding', String(few.rows.length), { timeout: 300_000 });
  await expect(page.getByTestId('cache-problem')).toContainText('kept in memory only');
  await gotoStep(page, 'models');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  await expect(page.getByTestId('error')).toBeHidden();
}

test('IndexedDB full (every write throws QuotaExceededError): clear messages, and the session goes on in memory', async ({ page, context }) => {
  await studioWorkerPrelude(context, `
    for (const method of ['put', 'add']) {
      IDBObjectStore.prototype[method] = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    }`);
  await page.goto('/');
  await importCovers(page, few);
  await expect(page.getByTestId('storage-problem')).toContainText('no storage space left', { timeout: 60_000 });
  await featurizeAndTrain(page);
  await expect(page.getByTestId('cache-problem')).toContainText('no storage space left');
});

test('IndexedDB missing altogether (private mode): clear messages, and the session goes on in memory', async ({ page, context }) => {
  const removeIndexedDb = `Object.defineProperty(self, 'indexedDB', { value: undefined, configurable: true });`;
  await studioWorkerPrelude(context, removeIndexedDb);
  await page.addInitScript(removeIndexedDb);
  await page.goto('/');
  await importCovers(page, few);
  await expect(page.getByTestId('storage-problem')).toContainText('blocks storage', { timeout: 60_000 });
  await featurizeAndTrain(page);
  await expect(page.getByTestId('cache-problem')).toContainText('blocks storage');
});

test('reload mid-featurization: the app offers to resume, reuses the cached features and the project is intact', async ({ page }) => {
  await page.goto('/');
  await importCovers(page, many);
  await saved(page);
  await featurize(page, 'wasm');
  // The second batch's progress comes after the first batch's cache write completed.
  await expect.poll(async () => Number(await page.getByRole('progressbar').getAttribute('aria-valuenow')), { timeout: 300_000 }).toBeGreaterThanOrEqual(32);
  await page.reload();
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toHaveAttribute('data-kind', 'features');
  await expect(page.getByTestId('project-item')).toHaveCount(1); // the saved project survived, once
  await offer.getByTestId('resume-run').click();
  await expect(offer).toBeHidden();
  await expect(summary(page)).toHaveAttribute('data-rows-with-embedding', String(many.rows.length), { timeout: 300_000 });
  const cached = Number(await summary(page).getAttribute('data-cached'));
  expect(cached).toBeGreaterThanOrEqual(16);
  expect(cached + Number(await summary(page).getAttribute('data-computed'))).toBe(many.rows.length);
  await expect(page.getByTestId('error')).toBeHidden();
  // Finished: a later reload offers nothing.
  await page.reload();
  await expect(page.getByTestId('step-data')).toBeVisible();
  await expect(page.getByTestId('resume-offer')).toBeHidden();
});

test('reload mid-training: the app offers to resume and trains again from the saved features', async ({ page }) => {
  await page.goto('/');
  await importCovers(page, few);
  await featurize(page, 'wasm');
  await expect(summary(page)).toHaveAttribute('data-rows-with-embedding', String(few.rows.length), { timeout: 300_000 });
  await saved(page);
  await gotoStep(page, 'models');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toContainText('Training', { timeout: 60_000 });
  await page.reload();
  const offer = page.getByTestId('resume-offer');
  await expect(offer).toHaveAttribute('data-kind', 'training');
  await offer.getByTestId('resume-run').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  await expect(page.getByTestId('error')).toBeHidden();
});
