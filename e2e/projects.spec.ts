import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { datasetSubset, gotoStep, tensorCount } from './helpers';

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
  // Settings that must come back on reopen: a seed, 4 folds, one feature list unticked.
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByLabel('CV folds', { exact: true }).fill('4');
  const lists = page.locator('[data-testid^="list-"]');
  const unticked = await lists.last().getAttribute('data-testid');
  await lists.last().uncheck();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  await expect(page.getByTestId('leaderboard-meta')).toContainText('4-fold');
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
  // …with their covers: the 64×64 thumbnails saved with the project.
  const previews = page.getByTestId('prediction-row').locator('td.cover img');
  await expect(previews).toHaveCount(2);
  expect(await previews.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth))).toEqual([64, 64]);
  const reopened = Date.now();
  await gotoStep(page, 'models');
  expect(await leaderboard(page)).toEqual(board);
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('7');
  await expect(page.getByLabel('CV folds', { exact: true })).toHaveValue('4');
  await expect(page.getByTestId(unticked!)).not.toBeChecked();
  await expect(lists.first()).toBeChecked();
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

  // The kept model alone: TF.js model + labels.json + README when it is one layer, else its recipe (the UI says which).
  await gotoStep(other, 'predict');
  const exportButton = other.getByTestId('export-model');
  const tfjs = (await exportButton.getAttribute('data-tfjs')) === 'true';
  await expect(other.getByTestId('export-model-note')).toContainText(tfjs ? 'TF.js layers model' : 'Not available in TF.js format');
  const tensorsBefore = await tensorCount(other);
  const [modelFile] = await Promise.all([other.waitForEvent('download'), exportButton.click()]);
  expect(await tensorCount(other)).toBe(tensorsBefore); // the Dense layer built for saving is disposed
  const exported = unzipSync(readFileSync(await modelFile.path()));
  const recipe = JSON.parse(strFromU8(exported['recipe.json']));
  const classes = ['classical', 'country', 'hiphop', 'jazz', 'metal', 'reggae'];
  expect(recipe.classNames).toEqual(classes);
  expect(`${recipe.model.name} · `).toContain(kept!.split(' · ')[0]);
  if (recipe.model.featureGroups.includes('cover')) expect(recipe.featurizer).toMatchObject({ backboneId: 'mobilenet_v2_1.0_224', inputSize: 224, inputRange: [-1, 1], weightsFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) });
  expect(Object.keys(exported).sort()).toEqual(tfjs ? ['README.md', 'group1-shard1of1.bin', 'labels.json', 'model.json', 'recipe.json'] : ['README.md', 'recipe.json']);
  if (tfjs) {
    const labels = JSON.parse(strFromU8(exported['labels.json']));
    expect(labels.classNames).toEqual(classes);
    // A model on network features (final layer or style statistics) names the network and its weights.
    if (labels.input.groups.some((g: { id: string }) => g.id === 'cover' || g.id === 'style')) expect(labels.backbone.weightsFingerprint).toMatch(/^[0-9a-f]{16}$/);
    else expect(labels.backbone).toBeNull();
    expect(JSON.parse(strFromU8(exported['model.json'])).weightsManifest[0].paths).toEqual(['group1-shard1of1.bin']);
  }
  console.log(`model export: ${tfjs ? 'TF.js' : 'recipe only'}; ${Object.keys(exported).join(', ')}`);

  // The CSV was saved with the project: "Check and import" works again on the reopened project (the first profile,
  // whose cache holds every feature it computed), and the covers keep their hashes: nothing is recomputed.
  await gotoStep(page, 'data');
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(spotify.rows.length));
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  const refeaturized = page.getByTestId('featurize-summary');
  await expect(refeaturized).toHaveAttribute('data-rows-with-embedding', String(spotify.rows.length), { timeout: 300_000 });
  await expect(refeaturized).toHaveAttribute('data-computed', '0');

  // Delete takes a second click, then the project is gone.
  await gotoStep(other, 'data');
  await other.getByTestId('project-delete').click();
  await other.getByTestId('project-delete-confirm').click();
  await expect(other.getByTestId('project-item')).toHaveCount(0);
  console.log(`kept model: ${kept}; leaderboard ${JSON.stringify(board)}; predictions ${JSON.stringify(scored)}`);
  await context.close();
});
