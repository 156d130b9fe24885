import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { csvFormat } from 'd3-dsv';
import { datasetSubset, gotoStep } from './helpers';

/**
 * Privacy and security on the production build (vite preview sends public/_headers, CSP included):
 * a whole session — import, features, training, insights, predictions, exports — asks nothing of any origin
 * but the app's own, trips no CSP violation, and user text (CSV cells, column names, file names, labels)
 * carrying HTML payloads is shown as text everywhere, never parsed.
 */
test.use({ serviceWorkers: 'block' }); // requests a service worker answers would bypass the request guard

const APP_ORIGIN = `http://localhost:${Number(process.env.CGS_E2E_PORT ?? 4173)}`;
const PAYLOAD = '<img src=x id=xss-img onerror="window.__xss=1">';
const LABEL = `jazz${PAYLOAD}`;
const COLUMN = `notes<script id="xss-script">window.__xss=2</script>`;
const COVER_NAME = `<img src=x id=xss-file onerror="window.__xss=3">.jpg`;

const base = datasetSubset('spotify-6genre', 8);
const GENRES = ['classical', 'jazz', 'metal'];

/** 3 genres × 8 real covers; jazz renamed to an HTML payload, a text column with a payload name and cells, one payload file name. */
function dataset() {
  const picked = base.rows.filter((r) => GENRES.includes(r.genre!));
  const rows = picked.map((r, i) => ({
    cover: i === 0 ? COVER_NAME : r.cover!,
    genre: r.genre === 'jazz' ? LABEL : r.genre!,
    [COLUMN]: `${r.album} ${i % 2 ? PAYLOAD : '<b>bold</b>'}`,
  }));
  const missing = { cover: `<script>window.__xss=4</script>.jpg`, genre: 'metal', [COLUMN]: 'gone' };
  const csv = csvFormat([...rows, missing], ['cover', 'genre', COLUMN]);
  const files = [
    { name: 'tracks.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    ...picked.map((r, i) => ({ ...base.cover(r.cover!), name: i === 0 ? COVER_NAME : r.cover! })),
  ];
  return { rows, files };
}

/** Every request of the context, pages and workers alike; anything not to the app's origin is aborted and recorded. */
async function guardRequests(context: BrowserContext) {
  const foreign: string[] = [];
  await context.route(
    (url) => url.origin !== APP_ORIGIN && url.protocol !== 'blob:' && url.protocol !== 'data:',
    (route) => {
      foreign.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin !== APP_ORIGIN && !['blob:', 'data:'].includes(url.protocol)) foreign.push(r.url());
  });
  return foreign;
}

/** CSP violations, from the page's securitypolicyviolation events and from any console (workers' included). */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  return async () => [...violations, ...(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []))];
}

/** No payload became an element or ran. */
async function expectInert(page: Page) {
  expect(await page.locator('#xss-img, #xss-file, #xss-script, img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

test('a whole session stays on this origin, runs under the shipped CSP, and shows user text as text', async ({ page, context }) => {
  const foreign = await guardRequests(context);
  const cspViolations = await watchCsp(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const response = await page.goto('/');
  const csp = response!.headers()['content-security-policy'];
  expect(csp, 'vite preview sends the CSP of public/_headers').toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'");

  // Import: the mapping table shows the payload column name; the report names the payload file that is missing.
  const { rows, files } = dataset();
  await page.getByTestId('files-input').setInputFiles(files);
  await expect(page.getByTestId('mapping')).toContainText(COLUMN);
  await page.getByLabel(`Role of column ${COLUMN}`).selectOption('text');
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(rows.length));
  const report = page.getByTestId('import-report');
  await report.locator('details').evaluateAll((ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  await expect(report).toContainText('<script>window.__xss=4</script>.jpg');
  await expect(page.locator(`[data-testid="class-counts"]`)).toContainText(LABEL);
  await expectInert(page);

  // Features and training on the app's own weights.
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-embedding', String(rows.length), { timeout: 300_000 });
  await expect(page.getByTestId('backbone-status')).toContainText('loaded from this site');
  await gotoStep(page, 'models');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  await expect(page.getByTestId('confusion-matrix')).toContainText(LABEL);
  await expectInert(page);

  // Insights: every view the step opens with (gallery captions carry the payload file name and label).
  await gotoStep(page, 'insights');
  const gallery = page.getByTestId('activation-gallery');
  await expect(gallery).toHaveAttribute('data-count', String(rows.length));
  await expect(gallery.locator('[data-has-map="true"]').first()).toBeVisible({ timeout: 120_000 });
  await expectInert(page);

  // Predict: a cover whose file name is a payload, listed in the predictions table as text.
  await gotoStep(page, 'predict');
  const fresh = datasetSubset('spotify-6genre', 9).rows.filter((r) => GENRES.includes(r.genre!)).at(-1)!;
  await page.getByTestId('predict-input').setInputFiles([{ ...base.cover(fresh.cover!), name: COVER_NAME }]);
  const prediction = page.getByTestId('prediction-row');
  await expect(prediction).toHaveCount(1, { timeout: 120_000 });
  await expect(prediction).toContainText(COVER_NAME);
  await expectInert(page);

  // Exports: predictions CSV and the project .zip, both made on the device.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-predictions').click()]);
  expect((await (await csvDownload.createReadStream()).toArray()).join('')).toContain('jazz<img');
  await gotoStep(page, 'data');
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-up-to-date', 'true', { timeout: 60_000 });
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-item').first().getByTestId('project-export').click()]);
  expect(zip.suggestedFilename()).toMatch(/\.zip$/);

  await expectInert(page);
  expect(dialogs).toEqual([]);
  expect(await cspViolations()).toEqual([]);
  expect(foreign, 'requests to other origins').toEqual([]);
});

test('the model hub is contacted only when the user allows it, and the UI says so', async ({ page, context }) => {
  const foreign = await guardRequests(context);
  await page.goto('/');
  const small = datasetSubset('spotify-6genre', 1);
  await page.getByTestId('files-input').setInputFiles([
    { name: 'tracks.csv', mimeType: 'text/csv', buffer: Buffer.from(small.csv()) },
    ...small.rows.map((r) => small.cover(r.cover!)),
  ]);
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(small.rows.length));
  await gotoStep(page, 'features');
  await page.getByTestId('backbone-select').selectOption('mobilenet_v2_1.0_224_hub'); // served by the public hub only
  const allow = page.getByLabel('allow download from the public model hub');

  await allow.uncheck();
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('error')).toBeVisible({ timeout: 60_000 });
  expect(foreign, 'nothing asked of the hub without permission').toEqual([]);

  await allow.check();
  // While it loads the progress bar reads "Loading … from public hub…"; here the guard blocks the download at
  // once, and the message names the source that was tried.
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('error')).toContainText('Tried: public-hub', { timeout: 120_000 });
  expect(foreign.length).toBeGreaterThan(0);
  for (const url of foreign) expect(new URL(url).hostname, url).toMatch(/(^|\.)(tfhub\.dev|kaggle\.com|storage\.googleapis\.com)$/);
});
