import { expect, test, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { datasetSubset, gotoStep } from './helpers';

/**
 * The modelling workflow on real covers with real embeddings: a cross-validated leaderboard with
 * every blueprint, scores in [0, 1], an out-of-fold confusion matrix over exactly the rows used,
 * and leaking columns (genre inside file names or paths) caught and excluded before any score.
 */
const BLUEPRINTS = ['softmax-cover', 'snn-cover', 'snn-multimodal', 'text-tfidf', 'colour-softmax', 'blender'];

async function importAndFeaturize(page: Page, files: Parameters<Page['setInputFiles']>[1], rows: number) {
  await page.goto('/');
  await page.getByTestId('files-input').setInputFiles(files);
  await expect(page.getByTestId('mapping')).toBeVisible();
  return rows;
}

async function featurize(page: Page, rows: number) {
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(rows));
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-embedding', String(rows), { timeout: 300_000 });
}

async function leaderboardScores(page: Page) {
  const rows = page.getByTestId('leaderboard-row');
  const out: { blueprint: string; score: number }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const r = rows.nth(i);
    out.push({ blueprint: (await r.getAttribute('data-blueprint'))!, score: Number(await r.getAttribute('data-balanced-accuracy')) });
  }
  return out;
}

test('spotify-6genre: leaderboard of all blueprints with artist-grouped CV; file name and artist flagged', async ({ page }) => {
  const spotify = datasetSubset('spotify-6genre', 12); // 72 rows, 6 genres
  const n = spotify.rows.length;
  await importAndFeaturize(page, [{ name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(spotify.csv()) }, ...spotify.rows.map((r) => spotify.cover(r.cover!))], n);
  // All columns as candidates: album is text, artist both categorical and the CV group, year numeric.
  await page.getByLabel('Role of column album').selectOption('text');
  await page.getByLabel('Role of column year').selectOption('numeric');
  await page.getByLabel('Role of column total_tracks').selectOption('numeric');
  await featurize(page, n);

  await gotoStep(page, 'models');
  await page.getByLabel('use the cover file name as a text feature').check();
  const warnings = page.getByTestId('leakage-warnings');
  await expect(warnings.locator('[data-leak-column="cover file name"]')).toBeVisible();
  await expect(warnings.locator('[data-leak-column="album"]')).toHaveCount(0);

  await page.getByTestId('train').click();
  const board = page.getByTestId('leaderboard');
  await expect(board).toBeVisible({ timeout: 480_000 });
  await expect(page.getByTestId('excluded-for-leakage')).toContainText('cover file name');
  await expect(page.getByTestId('leaderboard-meta')).toContainText('grouped');

  const scores = await leaderboardScores(page);
  for (const id of BLUEPRINTS) expect(scores.map((s) => s.blueprint)).toContain(id);
  for (const s of scores) {
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(1);
  }
  console.log('spotify leaderboard:', JSON.stringify(scores));
  // Honest, grouped CV on 72 covers: better than chance (1/6) is plausible, ~1.0 would be a leak.
  expect(Math.max(...scores.map((s) => s.score))).toBeLessThan(0.95);

  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toHaveAttribute('data-total', String(n));
  const cells = await matrix.getByTestId('confusion-cell').evaluateAll((els) => els.reduce((s, e) => s + Number(e.getAttribute('data-count')), 0));
  expect(cells).toBe(n);

  // Score three albums the models never saw (with their album titles), and download the predictions.
  const seen = new Set(spotify.rows.map((r) => r.cover));
  const fresh = datasetSubset('spotify-6genre', 13).rows.filter((r) => !seen.has(r.cover)).slice(0, 3);
  const freshCsv = ['cover,album', ...fresh.map((r) => `${r.cover},"${r.album!.replace(/"/g, '""')}"`)].join('\n');
  await gotoStep(page, 'predict');
  await page.getByTestId('predict-input').setInputFiles([
    { name: 'new.csv', mimeType: 'text/csv', buffer: Buffer.from(freshCsv) },
    ...fresh.map((r) => spotify.cover(r.cover!)),
  ]);
  const predictions = page.getByTestId('prediction-row');
  await expect(predictions).toHaveCount(3, { timeout: 120_000 });
  const genres = ['classical', 'country', 'hiphop', 'jazz', 'metal', 'reggae'];
  for (let i = 0; i < 3; i++) {
    expect(genres).toContain(await predictions.nth(i).getAttribute('data-predicted'));
    expect(Number(await predictions.nth(i).getAttribute('data-probability-sum'))).toBeCloseTo(1, 3);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-predictions').click()]);
  const csv = (await (await download.createReadStream()).toArray()).join('');
  const lines = csv.trim().split('\n');
  // Playlist mode: the CSV's track columns (here album) come along with each prediction.
  expect(lines[0]).toBe(['cover', 'album', 'predicted', ...genres.map((g) => `p_${g}`)].join(','));
  await expect(page.getByTestId('known-classes')).toContainText(genres.join(', '));
  // Filtering to one genre lists (and would download) exactly the tracks predicted as that genre.
  const first = (await predictions.first().getAttribute('data-predicted'))!;
  const sameGenre = (await predictions.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-predicted')))).filter((g) => g === first).length;
  for (const g of genres.filter((x) => x !== first)) await page.getByTestId('genre-filter').getByLabel(g, { exact: true }).uncheck();
  await expect(predictions).toHaveCount(sameGenre);
  await expect(page.getByTestId('shown-count')).toHaveAttribute('data-count', String(sameGenre));
  expect(lines).toHaveLength(4);
  expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(fresh.map((r) => r.cover).sort());
});

test('discogs-5genre: source_path mapped as a feature is flagged and excluded; the score stays realistic', async ({ page }) => {
  const discogs = datasetSubset('discogs-5genre', 16); // 80 rows
  const n = discogs.rows.length;
  const entries: Record<string, Uint8Array> = { 'dataset.csv': new TextEncoder().encode(discogs.csv()) };
  for (const r of discogs.rows) entries[r.cover!] = new Uint8Array(discogs.cover(r.cover!).buffer);
  await importAndFeaturize(page, { name: 'covers.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(entries, { level: 0 })) }, n);
  await page.getByLabel('Role of column source_path').selectOption('text');
  await page.getByLabel('Role of column discogs_release_id').selectOption('categorical');
  await featurize(page, n);

  const warnings = page.getByTestId('leakage-warnings');
  await expect(warnings.locator('[data-leak-column="source_path"]')).toContainText('100 %');
  await expect(warnings.locator('[data-leak-column="discogs_release_id"]')).toHaveCount(0);
  // Only the fast linear blueprints on "all features", to keep this test short.
  await gotoStep(page, 'models');
  for (const id of ['final-layer', 'style', 'image-only']) await page.getByTestId(`list-${id}`).uncheck();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  await expect(page.getByTestId('excluded-for-leakage')).toContainText('source_path');
  const scores = await leaderboardScores(page);
  console.log('discogs leaderboard:', JSON.stringify(scores));
  expect(Math.max(...scores.map((s) => s.score))).toBeLessThan(0.9);
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-total', String(n));
});
