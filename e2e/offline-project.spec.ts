import { expect, test, type Page } from '@playwright/test';
import { datasetSubset, gotoStep, waitForServiceWorkerControl } from './helpers';

/**
 * Offline use of a saved project (issue 9), on the production build: after one online visit that builds and saves
 * a small project from real covers, the network goes off and the page reloads: the app opens from the service
 * worker, the project reopens with its leaderboard (kept model refitted from the cached features), and a new
 * cover is scored with the network loaded from its offline copy.
 */
const covers = datasetSubset('spotify-6genre', 5); // 6 genres × 5 real covers
const seen = new Set(covers.rows.map((r) => r.cover));
const fresh = datasetSubset('spotify-6genre', 6).rows.filter((r) => !seen.has(r.cover))[0];

async function leaderboard(page: Page) {
  const rows = page.getByTestId('leaderboard-row');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-blueprint')}=${e.getAttribute('data-balanced-accuracy')}`));
}

test('offline: the app opens, a saved project reopens with its leaderboard, and a new cover is scored', async ({ page, context }) => {
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto('/');
  await waitForServiceWorkerControl(page);
  await page.reload(); // under the worker from here on: the weights pass through it and are cached

  await page.getByTestId('files-input').setInputFiles([
    { name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(covers.csv()) },
    ...covers.rows.map((r) => covers.cover(r.cover!)),
  ]);
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(covers.rows.length));
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-embedding', String(covers.rows.length), { timeout: 300_000 });
  await gotoStep(page, 'models');
  // Image features only: a small leaderboard is enough here.
  const lists = page.locator('[data-testid^="list-"]');
  for (const id of await lists.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))) {
    if (id !== 'list-image-only') await page.getByTestId(id).uncheck();
  }
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  const board = await leaderboard(page);
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-up-to-date', 'true', { timeout: 60_000 });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('step-data')).toBeVisible();
  // Really offline: what the service worker does not cache fails.
  expect(await page.evaluate(() => fetch('/datasets/').then(() => 'answered', () => 'failed'))).toBe('failed');

  await gotoStep(page, 'data');
  const item = page.getByTestId('project-item');
  await expect(item).toHaveCount(1);
  await item.getByTestId('project-open').click();
  await page.waitForURL(/#\/models$/);
  expect(await leaderboard(page)).toEqual(board);
  await expect(page.getByTestId('error')).toBeHidden(); // no "network could not be loaded" warning

  await gotoStep(page, 'predict');
  await page.getByTestId('predict-input').setInputFiles([covers.cover(fresh.cover!)]);
  const row = page.getByTestId('prediction-row');
  await expect(row).toHaveCount(1, { timeout: 120_000 });
  await expect(row).toHaveAttribute('data-probability-sum', '1.0000');
  expect(await row.getAttribute('data-predicted')).toMatch(/^(classical|country|hiphop|jazz|metal|reggae)$/);
  console.log(`offline project: leaderboard ${JSON.stringify(board)}; ${fresh.cover} → ${await row.getAttribute('data-predicted')} (${await row.getAttribute('data-probabilities')})`);
  await context.setOffline(false);
});
