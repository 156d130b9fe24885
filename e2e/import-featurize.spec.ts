import { expect, test, type Page } from '@playwright/test';
import { datasetSubset, tensorCount, type FilePayload, gotoStep } from './helpers';

/**
 * Drives the real app on a real cover dataset with the real MobileNet weights: import report
 * counts, one embedding of the right length per usable row, no tensor leaks, and a reload that
 * recomputes nothing.
 */
const spotify = datasetSubset('spotify-6genre', 8); // 6 genres × 8 = 48 real covers
const extraRows = [
  // A row whose cover is not in the folder, and a row with an empty target.
  { ...spotify.rows[0], cover: 'not_there.jpg', genre: 'jazz' },
  { ...spotify.rows[1], cover: spotify.rows[1].cover!.replace('.jpg', '_copy.jpg'), genre: '' },
];
const extraFiles: FilePayload[] = [
  { name: 'README.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
  { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a jpeg at all') },
  // An image no row refers to.
  { ...datasetSubset('spotify-6genre', 9).cover(datasetSubset('spotify-6genre', 9).rows.at(-1)!.cover!), name: 'orphan.jpg' },
  { ...spotify.cover(spotify.rows[1].cover!), name: spotify.rows[1].cover!.replace('.jpg', '_copy.jpg') },
];
const rowsWithBrokenImage = [{ ...spotify.rows[2], cover: 'broken.jpg' }];

function payload(): FilePayload[] {
  return [
    { name: 'tracks.csv', mimeType: 'text/csv', buffer: Buffer.from(spotify.csv([...extraRows, ...rowsWithBrokenImage])) },
    ...spotify.rows.map((r) => spotify.cover(r.cover!)),
    ...extraFiles,
  ];
}

async function importDataset(page: Page) {
  await page.getByTestId('files-input').setInputFiles(payload());
  await expect(page.getByTestId('mapping')).toBeVisible();
  await expect(page.getByLabel('Role of column cover')).toHaveValue('cover');
  await expect(page.getByLabel('Role of column genre')).toHaveValue('target');
  await page.getByTestId('validate').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
}

async function count(page: Page, name: string): Promise<number> {
  const text = await page.locator(`[data-count="${name}"] dd`).innerText();
  return Number(text.replace(/,/g, ''));
}

test('imports a real dataset, embeds every usable cover, and reuses the cache after a reload', async ({ page }) => {
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto('/');
  await importDataset(page);

  const n = spotify.rows.length; // 48
  expect(await count(page, 'rows')).toBe(n + 3);
  expect(await count(page, 'images')).toBe(n + 3); // 48 covers + broken.jpg + orphan.jpg + _copy.jpg
  expect(await count(page, 'missing image')).toBe(1);
  expect(await count(page, 'empty target')).toBe(1);
  expect(await count(page, 'undecodable images')).toBe(1);
  expect(await count(page, 'not images')).toBe(1);
  expect(await count(page, 'images without a row')).toBe(1);
  expect(await count(page, 'usable')).toBe(n);
  for (const genre of ['classical', 'country', 'hiphop', 'jazz', 'metal', 'reggae']) {
    await expect(page.locator(`[data-testid="class-counts"] [data-label="${genre}"] strong`)).toHaveText('8');
  }

  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  const summary = page.getByTestId('featurize-summary');
  await expect(summary).toBeVisible({ timeout: 300_000 });
  await expect(summary).toHaveAttribute('data-rows-with-embedding', String(n));
  await expect(summary).toHaveAttribute('data-rows', String(n));
  await expect(summary).toHaveAttribute('data-dims', '1280');
  await expect(summary).toHaveAttribute('data-computed', String(n));
  console.log('featurize:', await summary.innerText(), '|', await page.getByTestId('backbone-status').innerText());

  // Recomputing everything once more (cache cleared) must leave the tensor count where it was.
  const afterFirst = await tensorCount(page);
  const again = await page.evaluate(async () => {
    await window.cgs!.studio().clearCache();
    return window.cgs!.studio().featurize();
  });
  expect(again.computed).toBe(n);
  expect(await tensorCount(page)).toBe(afterFirst);

  await page.reload();
  await gotoStep(page, 'data');
  await importDataset(page);
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('all-cached')).toBeVisible({ timeout: 120_000 });
  await expect(summary).toHaveAttribute('data-computed', '0');
  await expect(summary).toHaveAttribute('data-cached', String(n));
  await expect(summary).toHaveAttribute('data-rows-with-embedding', String(n));
  console.log('cached re-run:', await summary.innerText());
});
