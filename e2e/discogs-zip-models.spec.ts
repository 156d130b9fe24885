import { join } from 'node:path';
import { zipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { datasetSubset, SHARED_DIR, gotoStep } from './helpers';

/**
 * discogs-5genre delivered as a .zip: the leaky source_path column is not proposed as a feature,
 * Cancel stops within one batch and keeps what was done, and a second network (TF-Hub graph model
 * from a picked folder) gets its own cache entries.
 */
const discogs = datasetSubset('discogs-5genre', 20); // 5 genres × 20 = 100 real covers
const BATCH = 16; // the worker's WASM batch size

function zipPayload() {
  const entries: Record<string, Uint8Array> = { 'discogs/dataset.csv': new TextEncoder().encode(discogs.csv()) };
  for (const r of discogs.rows) entries[`discogs/covers/${r.cover}`] = new Uint8Array(discogs.cover(r.cover!).buffer);
  return { name: 'discogs.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(entries, { level: 0 })) };
}


async function summaryNumber(page: Page, attr: string): Promise<number> {
  return Number(await page.getByTestId('featurize-summary').getAttribute(attr));
}

test('zip import, cancel keeps finished batches, second network from a picked folder', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('files-input').setInputFiles(zipPayload());
  await expect(page.getByLabel('Role of column cover')).toHaveValue('cover');
  await expect(page.getByLabel('Role of column genre')).toHaveValue('target');
  await expect(page.getByLabel('Role of column source_path')).toHaveValue('ignore');
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText('100');
  await expect(page.locator('[data-count="missing image"] dd')).toHaveText('0');

  // Cancel as soon as the first batch is done.
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  // The embedding phase's own bar (loading and measuring the network come first, each with its own label).
  const bar = page.getByRole('progressbar', { name: 'Computing embeddings' });
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow').catch(() => 0)), { timeout: 120_000, intervals: [50] }).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Cancel' }).click();
  const summary = page.getByTestId('featurize-summary');
  await expect(summary).toContainText('Cancelled');
  const done = await summaryNumber(page, 'data-computed');
  expect(done).toBeGreaterThan(0);
  expect(done).toBeLessThan(100);
  expect(done % BATCH).toBe(0); // stopped between batches, and every finished batch was kept

  // Resuming computes only the rest.
  await page.getByTestId('featurize').click();
  await expect(summary).not.toContainText('Cancelled');
  await expect(summary).toHaveAttribute('data-rows-with-embedding', '100');
  expect(await summaryNumber(page, 'data-cached')).toBe(done);
  expect(await summaryNumber(page, 'data-computed')).toBe(100 - done);

  // The TF-Hub graph model from a picked folder: a different network, so nothing is reused.
  await page.getByTestId('backbone-select').selectOption('mobilenet_v1_0.25_224_graph');
  await page.getByTestId('model-folder-input').setInputFiles(join(SHARED_DIR, 'models', 'mobilenet_v1_0.25_224_graph'));
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('backbone-status')).toContainText('picked folder');
  await expect(summary).toHaveAttribute('data-dims', '256');
  await expect(summary).toHaveAttribute('data-computed', '100');
  await expect(summary).toHaveAttribute('data-rows-with-embedding', '100');
});

test('a network with no reachable weights gives one clear instruction', async ({ page }) => {
  await page.goto('/');
  const small = datasetSubset('discogs-5genre', 2);
  await page.getByTestId('files-input').setInputFiles([
    { name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(small.csv()) },
    ...small.rows.map((r) => small.cover(r.cover!)),
  ]);
  await page.getByTestId('validate').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
  await gotoStep(page, 'features');
  await page.getByTestId('backbone-select').selectOption('mobilenet_v2_1.0_224_hub');
  await page.getByLabel('allow download from the public model hub').uncheck();
  await page.getByTestId('featurize').click();
  const error = page.getByTestId('error');
  await expect(error).toContainText('Choose model folder');
  // A sentence that says what to do, not a stack trace.
  expect(await error.textContent()).not.toMatch(/\.js:\d+|^\s*at /m);
});
