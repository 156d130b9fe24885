import { expect, test, type Page } from '@playwright/test';
import { csvFormat } from 'd3-dsv';
import { datasetSubset, gotoStep, tensorCount } from './helpers';

/**
 * The Insights step on real covers with a text column (spotify-6genre, album titles): every view renders the
 * right number of items, filters change the counts correctly, user text stays text, and every tensor the
 * insights create is freed again.
 */
const PER_GENRE = 15; // 6 genres × 15 = 90 real covers
const XSS = '<img src=x onerror=alert(1)>';

async function trainOnSpotify(page: Page) {
  const spotify = datasetSubset('spotify-6genre', PER_GENRE);
  // The first row's album title is an HTML payload: it must show up as literal text everywhere.
  const rows = spotify.rows.map((r, i) => (i === 0 ? { ...r, album: XSS } : r));
  const csv = csvFormat(rows, spotify.columns);
  await page.goto('/');
  await page.getByTestId('files-input').setInputFiles([{ name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }, ...rows.map((r) => spotify.cover(r.cover!))]);
  await page.getByLabel('Role of column album').selectOption('text');
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(rows.length));
  await gotoStep(page, 'features');
  // The ImageNet concepts need a network with an ImageNet classifier: V1 0.75 (the default V2 has none).
  await page.getByTestId('backbone-select').selectOption('mobilenet_v1_0.75_224');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-embedding', String(rows.length), { timeout: 300_000 });
  await gotoStep(page, 'models');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });
  return { rows, genre0: rows[0].genre! };
}

/** What the worker says about the explained model's covers (an independent check of the UI's counts). */
function overview(page: Page) {
  return page.evaluate(() => window.cgs!.studio().insightsOverview(null));
}

test('insights: gallery, filters, map, similar covers, concepts, word clouds, impact and confusion covers', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const { rows, genre0 } = await trainOnSpotify(page);
  const baseline = await tensorCount(page);
  const ov = await overview(page);
  expect(ov.covers).toHaveLength(rows.length);

  await gotoStep(page, 'insights');
  const insights = page.getByTestId('insights');

  // Gallery: every cover, then each filter narrows to exactly the matching covers.
  const gallery = insights.getByTestId('activation-gallery');
  await expect(gallery).toHaveAttribute('data-count', String(rows.length));
  const items = gallery.getByTestId('activation-item');
  await expect(items).toHaveCount(24);
  await expect(items.first()).toHaveAttribute('data-has-map', 'true', { timeout: 120_000 });
  await expect(gallery.locator('[data-has-map="true"]')).toHaveCount(24, { timeout: 120_000 });
  await page.screenshot({ path: 'test-results/insights-gallery.png', fullPage: true });
  await insights.getByTestId('filter-actual').selectOption(genre0);
  await expect(gallery).toHaveAttribute('data-count', String(PER_GENRE));
  // The payload is the first cover of its genre: on the first page, as text, and no element or alert came of it.
  await expect(gallery).toContainText(XSS);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await insights.getByTestId('filter-correctness').selectOption('incorrect');
  const wrong = ov.covers.filter((c) => c.actual === genre0 && !c.correct).length;
  await expect(gallery).toHaveAttribute('data-count', String(wrong));
  await insights.getByTestId('filter-actual').selectOption({ label: 'any' });
  await insights.getByTestId('filter-correctness').selectOption('all');
  const predictedAs = ov.covers.filter((c) => c.predicted === genre0).length;
  await insights.getByTestId('filter-predicted').selectOption(genre0);
  await expect(gallery).toHaveAttribute('data-count', String(predictedAs));
  await insights.getByTestId('filter-predicted').selectOption({ label: 'any' });

  // Large view: the map for another class than the predicted one.
  await items.first().click();
  const dialog = page.getByTestId('cover-dialog').filter({ visible: true });
  await expect(dialog).toBeVisible();
  const other = ov.classNames.find((c) => c !== (ov.covers[0].predicted))!;
  await dialog.locator(`[data-testid="class-map-button"][data-class="${other}"]`).click();
  await expect(dialog.getByTestId('cover-dialog-map')).toHaveAttribute('data-class-index', String(ov.classNames.indexOf(other)), { timeout: 60_000 });
  await dialog.getByTestId('cover-dialog-close').click();

  // Covers like this: the 12 nearest to the cover just opened.
  const similar = insights.getByTestId('similar-covers');
  await expect(similar.getByTestId('similar-cover')).toHaveCount(12, { timeout: 60_000 });

  // Embedding map: one point per cover; a class filter removes exactly that class's points.
  await insights.getByTestId('insights-view-map').click();
  const map = insights.getByTestId('embedding-map');
  await expect(map).toHaveAttribute('data-points', String(rows.length), { timeout: 180_000 });
  await insights.locator(`[data-testid="map-class-filter"][data-class="${genre0}"] input`).uncheck();
  await expect(map).toHaveAttribute('data-points', String(rows.length - PER_GENRE));
  await page.screenshot({ path: 'test-results/insights-map.png', fullPage: true });

  // What the network sees: ImageNet concepts per genre.
  await insights.getByTestId('insights-view-concepts').click();
  await insights.getByTestId('run-genre-concepts').click();
  const concepts = insights.getByTestId('genre-concepts');
  await expect(concepts).toHaveAttribute('data-available', 'true', { timeout: 120_000 });
  expect(await concepts.getByTestId('genre-concept').count()).toBeGreaterThan(0);

  // Word clouds: terms for every genre.
  await insights.getByTestId('insights-view-words').click();
  const cloud = insights.getByTestId('word-cloud');
  for (const genre of ov.classNames) {
    await insights.getByTestId('word-cloud-class').selectOption(genre);
    await expect(cloud).toHaveAttribute('data-class', genre);
    await expect.poll(() => cloud.getByTestId('word-cloud-term').count(), { timeout: 60_000 }).toBeGreaterThan(0);
  }
  await page.screenshot({ path: 'test-results/insights-words.png', fullPage: true });

  // Feature impact: one bar per feature group of the explained model, the largest at 100 %.
  await insights.getByTestId('insights-view-impact').click();
  await insights.getByTestId('run-feature-impact').click();
  const kept = ov.models.find((m) => m.key === ov.modelKey)!;
  const bars = insights.getByTestId('feature-impact-bar');
  await expect(bars).toHaveCount(kept.featureGroups.length, { timeout: 300_000 });
  const normalized = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-normalized'))));
  expect(Math.max(...normalized)).toBeCloseTo(1, 6);
  await page.screenshot({ path: 'test-results/insights-impact.png', fullPage: true });

  // Confusion matrix → covers: a cell shows exactly its count of covers.
  await insights.getByTestId('insights-view-confusion').click();
  const cells = insights.getByTestId('confusion-cell');
  const counts = await cells.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
  const busiest = counts.indexOf(Math.max(...counts));
  await cells.nth(busiest).click();
  const coversOfCell = insights.getByTestId('confusion-covers');
  await expect(coversOfCell).toHaveAttribute('data-count', String(counts[busiest]));
  const showAll = coversOfCell.getByTestId('confusion-covers-all');
  if (await showAll.count()) await showAll.click();
  await expect(coversOfCell.getByTestId('confusion-cover')).toHaveCount(counts[busiest]);

  expect(dialogs).toEqual([]);
  // Everything the insights computed is freed again (models refitted for them included).
  await expect.poll(() => tensorCount(page)).toBe(baseline);
});
