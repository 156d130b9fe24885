import { expect, test } from '@playwright/test';
import { BARE_PORT } from './helpers';

/**
 * A fresh clone with no ../shared: no weights, no real covers. "Try the demo" draws synthetic covers, falls back
 * to the weight-free colour features, trains the leaderboard and opens the insights, in one click.
 */
test.use({ baseURL: `http://localhost:${BARE_PORT}` });

test('bare clone: Try the demo goes from import to a leaderboard above chance and insights, with no weights', async ({ page }) => {
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto('/');
  // The dev/preview server answers 404 for missing weights and datasets, never the app page.
  const model = await page.request.get('/models/mobilenet_v1_0.75_224/model.json');
  expect(model.status()).toBe(404);
  expect((await page.request.get('/datasets/')).status()).toBe(404);

  await page.getByTestId('try-demo').click();
  await expect(page).toHaveURL(/#\/insights$/, { timeout: 600_000 });
  await expect(page.getByTestId('synthetic-notice')).toBeVisible();

  const summary = page.getByTestId('featurize-summary');
  await expect(summary).toHaveAttribute('data-colour-only', 'true');
  await expect(summary).toHaveAttribute('data-rows-with-features', '180');

  const scores = await page.getByTestId('leaderboard-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-balanced-accuracy'))));
  expect(scores.length).toBeGreaterThan(0);
  const best = Math.max(...scores);
  console.log('bare-clone demo leaderboard:', scores.map((s) => s.toFixed(3)).join(', '));
  expect(best).toBeGreaterThan(0.55); // chance is 1/3

  const insights = page.getByTestId('insights');
  await expect(insights.getByTestId('activation-gallery')).toHaveAttribute('data-count', '180');
  await expect(insights.getByTestId('activation-unavailable')).toBeVisible(); // no cover embedding to map

  // The map and "covers like this" work in the colour space when there is no embedding.
  await insights.getByTestId('insights-view-map').click();
  await expect(insights.getByTestId('embedding-map')).toHaveAttribute('data-points', '180', { timeout: 120_000 });
  await insights.getByTestId('insights-view-words').click();
  const cloud = insights.getByTestId('word-cloud');
  await expect(cloud.getByTestId('word-cloud-term').first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: 'test-results/bare-clone-words.png', fullPage: true });
});
