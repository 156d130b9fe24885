import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { datasetSubset, gotoStep } from './helpers';

/**
 * Projects persist: a real import → features → leaderboard → predictions is saved as it is built; after a reload it
 * reopens with the same leaderboard and the same probabilities for the same covers (the kept model is refitted
 * from the cached features); exported as one .zip it restores in a fresh browser profile with nothing cached.
 */
const spotify = datasetSubset('spotify-6genre', 6); // 36 real covers, 6 genres
const seen = new Set(spotify.rows.map((r) => r.cover));
const fresh = datasetSubset('spotify-6genre', 7).rows.filter((r) => !seen.has(r.cover)).slice(0, 2);

async function leaderboard(page: Page) {
  const rows = page.getByTestId('leaderboard-row');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-blueprint')}=${e.getAttribute('data-balanced-accuracy')}`));
}

async function probabilities(page: Page) {
  const rows = page.getByTestId('prediction-row');
  await expect(rows).toHaveCount(2, { timeout: 120_000 });
  return rows.evaluateAll((els) => els.map((e) => `${e.querySelector('td.cover span')?.textContent}: ${e.getAttribute('data-probabilities')}`));
}

async function scoreFresh(page: Page) {
  await gotoStep(page, 'predict');
  await page.getByTestId('predict-input').setInputFiles(fresh.map((r) => spotify.cover(r.cover!)));
  return probabilities(page);
}

/** Waits until the autosave has written the current state. */
async function saved(page: Page) {
  await expect(page.getByTestId('project-status')).toHaveAttribute('data-up-to-date', 'true', { timeout: 60_000 });
}

test('a project reopens after a reload and from an exported zip in a fresh browser: same leaderboard, same predictions', async ({ page, browser }) => {
  const t0 = Date.now();
  await page.goto('/');
  await page.getByTestId('files-input').setInputFiles([{ name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(spotify.csv()) }, ...spotify.rows.map((r) => spotify.cover(r.cover!))]);
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(spotify.rows.length));
  const imported = Date.now();
  await saved(page); // dataset + 36 crops and thumbnails
  const firstSave = Date.now() - imported;
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-embedding', String(spotify.rows.length), { timeout: 300_000 });
  await gotoStep(page, 'models');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  const board = await leaderboard(page);
  expect(board.length).toBeGreaterThan(1);
  const kept = await page.getByTestId('leaderboard-meta').locator('strong').textContent();
  const scored = await scoreFresh(page);
  await saved(page);
  const built = Date.now();

  // Reload: nothing in memory; the project is listed and reopens on the step the user was on.
  await page.reload();
  await gotoStep(page, 'data');
  const item = page.getByTestId('project-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('36 covers');
  await expect(item).toContainText('classical');
  await expect(page.getByTestId('storage-used')).toContainText('MB');
  await page.getByTestId('project-list').screenshot({ path: 'test-results/projects-list.png' });
  await item.getByTestId('project-open').click();
  await page.waitForURL(/#\/predict$/);
  expect(await probabilities(page)).toEqual(scored); // the last predictions, as saved
  const reopened = Date.now();
  await gotoStep(page, 'models');
  expect(await leaderboard(page)).toEqual(board);
  expect(await scoreFresh(page)).toEqual(scored); // the refitted kept model scores exactly as before
  await saved(page);

  // Export, then import into a fresh profile (no feature cache, no projects): same leaderboard and predictions.
  await gotoStep(page, 'data');
  await saved(page); // the step the project reopens on: Data
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-export').click()]);
  const zipPath = await download.path();
  const zipBytes = readFileSync(zipPath).length;
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByTestId('project-list')).toContainText('None yet');
  await other.getByTestId('project-import-input').setInputFiles(zipPath);
  await other.waitForURL(/#\/data$/);
  await expect(other.getByTestId('project-item')).toHaveCount(1);
  await gotoStep(other, 'models');
  expect(await leaderboard(other)).toEqual(board);
  expect(await scoreFresh(other)).toEqual(scored);
  console.log(`projects e2e: first save ${firstSave} ms (incl. 400 ms debounce), built ${((built - t0) / 1000).toFixed(1)} s, reopened in ${((reopened - built) / 1000).toFixed(1)} s, zip ${(zipBytes / 1e6).toFixed(2)} MB, total ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // The kept model's recipe: blueprint, class order and the feature pipeline it reads.
  await gotoStep(other, 'predict');
  const [recipeFile] = await Promise.all([other.waitForEvent('download'), other.getByTestId('export-model').click()]);
  const recipe = JSON.parse(readFileSync(await recipeFile.path(), 'utf8'));
  expect(recipe.classNames).toEqual(['classical', 'country', 'hiphop', 'jazz', 'metal', 'reggae']);
  expect(`${recipe.model.name} · `).toContain(kept!.split(' · ')[0]);
  if (recipe.model.featureGroups.includes('cover')) expect(recipe.featurizer).toMatchObject({ backboneId: 'mobilenet_v1_0.75_224', inputSize: 224, inputRange: [-1, 1] });

  // Delete takes a second click, then the project is gone.
  await gotoStep(other, 'data');
  await other.getByTestId('project-delete').click();
  await other.getByTestId('project-delete-confirm').click();
  await expect(other.getByTestId('project-item')).toHaveCount(0);
  console.log(`kept model: ${kept}; leaderboard ${JSON.stringify(board)}; predictions ${JSON.stringify(scored)}`);
  await context.close();
});
