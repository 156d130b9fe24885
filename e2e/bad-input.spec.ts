import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gotoStep, tensorCount, type FilePayload } from './helpers';
import { hugeDiscPng, rgbPng, withExifOrientation } from './fixtures/bad-input/generate';

/**
 * The bad-input matrix (issue 12), browser half: a folder of broken, odd and huge covers imported through the real
 * folder picker and decoded by Chromium's own decoders. Every bad file is named in the import report with its
 * reason, every good row gets features, and a bad second drop never costs the import already made.
 * The pure cases (CSV parsing, encodings, sniffing, label checks) are in src/lib/data/badInput.test.ts.
 */
const FIXTURES = join(import.meta.dirname, 'fixtures/bad-input');
const read = (name: string) => readFileSync(join(FIXTURES, name));

/** Drawn covers, 240 px (not "low resolution"): pop a red disc, rock a blue bar, each slightly different. */
function goodCover(genre: 'pop' | 'rock', i: number): Buffer {
  return rgbPng(240, 240, (x, y) => {
    const inside = genre === 'pop' ? (x - 120) ** 2 + (y - 120) ** 2 < (60 + i * 8) ** 2 : Math.abs(y - 120) < 20 + i * 6;
    return inside ? (genre === 'pop' ? [220, 30 + i * 20, 40] : [30, 60, 200 - i * 20]) : [250, 250, 245];
  });
}

interface Case {
  path: string;
  bytes: Buffer;
  genre: string;
  /** Text the excluded row's detail must contain; undefined: the row is kept. */
  reason?: string;
}

function badInputCases(): Case[] {
  const base = read('base.jpg');
  const png = goodCover('rock', 9);
  const goods: Case[] = [0, 1, 2, 3].flatMap((i) => [
    { path: `covers/pop${i}.png`, bytes: goodCover('pop', i), genre: 'pop' },
    { path: `covers/rock${i}.png`, bytes: goodCover('rock', i), genre: 'rock' },
  ]);
  return [
    ...goods,
    { path: 'covers/report.jpg', bytes: Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n', 'latin1'), genre: 'pop', reason: '"covers/report.jpg" is a PDF, not an image: export or save it as JPEG or PNG.' },
    { path: 'covers/notes.jpg', bytes: Buffer.from('liner notes, not a cover\n'), genre: 'rock', reason: '"covers/notes.jpg" is a text file, not an image: export or save it as JPEG or PNG.' },
    { path: 'covers/cut.jpg', bytes: base.subarray(0, Math.floor(base.length * 0.6)), genre: 'pop', reason: '"covers/cut.jpg" is truncated (the JPEG data ends early): download or export it again.' },
    { path: 'covers/cut.png', bytes: png.subarray(0, Math.floor(png.length * 0.5)), genre: 'rock', reason: '"covers/cut.png" is truncated (the PNG data ends early): download or export it again.' },
    { path: 'covers/zero.jpg', bytes: Buffer.alloc(0), genre: 'pop', reason: '"covers/zero.jpg" is empty (0 bytes): copy it again from where it came from.' },
    { path: 'covers/animated.gif', bytes: read('animated.gif'), genre: 'rock' },
    { path: 'covers/cover.webp', bytes: read('cover.webp'), genre: 'pop' },
    { path: 'covers/cover.avif', bytes: read('cover.avif'), genre: 'rock' },
    { path: 'covers/cmyk.jpg', bytes: read('cmyk.jpg'), genre: 'pop' },
    { path: 'covers/deep16.png', bytes: read('deep16.png'), genre: 'rock' },
    { path: 'covers/rotated.jpg', bytes: withExifOrientation(base, 6), genre: 'pop' },
    { path: 'covers/tiny.png', bytes: rgbPng(16, 16, (x) => [x * 16, 0, 90]), genre: 'rock' },
    { path: 'covers/huge.png', bytes: hugeDiscPng(12_000), genre: 'pop' },
    { path: 'a/dup.png', bytes: goodCover('pop', 5), genre: 'pop' },
    { path: 'b/dup.png', bytes: goodCover('rock', 5), genre: 'rock' },
  ];
}

/** The folder on disk the picker is pointed at (a webkitdirectory input takes a directory path). */
function writeFolder(cases: Case[], csv: string): string {
  const root = mkdtempSync(join(tmpdir(), 'cgs-bad-input-'));
  const dir = join(root, 'dataset');
  for (const c of cases) {
    mkdirSync(dirname(join(dir, c.path)), { recursive: true });
    writeFileSync(join(dir, c.path), c.bytes);
  }
  writeFileSync(join(dir, 'tracks.csv'), csv);
  copyFileSync(join(FIXTURES, 'make.sh'), join(dir, 'README.txt')); // a non-image file, listed as such
  return root;
}

async function count(page: Page, name: string): Promise<number> {
  return Number((await page.locator(`[data-count="${name}"] dd`).innerText()).replace(/,/g, ''));
}

/** Serious or critical axe findings (WCAG 2 A/AA) inside the import report: its warnings and lists are new markup. */
async function reportAxe(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="import-report"]').withTags(['wcag2a', 'wcag2aa']).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function importFolder(page: Page, dir: string) {
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('mapping')).toBeVisible();
  await page.getByTestId('validate').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
}

test('bad images: each named with its reason, odd formats decoded, 12 000 × 12 000 downscaled, every good row featurized', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('crash', () => errors.push('tab crashed'));
  const cases = badInputCases();
  // One row per file, plus a bare "dup.png" that two subfolders hold.
  const csv = ['cover,genre', ...cases.map((c) => `${c.path},${c.genre}`), 'dup.png,pop'].join('\n') + '\n';
  const root = writeFolder(cases, csv);
  try {
    await page.goto('/');
    // AVIF is kept where the browser decodes it, and otherwise reported like any other undecodable cover.
    const avif = cases.find((c) => c.path.endsWith('.avif'))!;
    const avifDecodes = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      return createImageBitmap(new Blob([bytes])).then((b) => (b.close(), true), () => false);
    }, avif.bytes.toString('base64'));
    if (!avifDecodes) avif.reason = `"${avif.path}" could not be decoded (a damaged AVIF or one this browser cannot decode): export or save it as JPEG or PNG.`;
    console.log('AVIF decodes in this browser:', avifDecodes);
    await importFolder(page, join(root, 'dataset'));
    const report = page.getByTestId('import-report');
    const bad = cases.filter((c) => c.reason);
    const usable = cases.length - bad.length;
    expect(await count(page, 'rows')).toBe(cases.length + 1);
    expect(await count(page, 'usable')).toBe(usable);
    expect(await count(page, 'undecodable images')).toBe(bad.length);
    expect(await count(page, 'not images')).toBe(1); // README.txt
    for (const c of bad) await expect(report.getByText(c.reason!, { exact: false })).toHaveCount(1);
    await expect(report.getByText('"dup.png" matches 2 files (a/dup.png, b/dup.png): write the folder too')).toHaveCount(1);
    // EXIF orientation honoured: stored 160×80, shown 80×160; the 16×16 cover is kept and listed.
    const lowRes = page.getByTestId('low-resolution');
    await expect(lowRes.locator('[data-path="covers/rotated.jpg"]')).toContainText('80×160');
    await expect(lowRes.locator('[data-path="covers/tiny.png"]')).toContainText('16×16');
    await expect(lowRes.locator('[data-path="covers/huge.png"]')).toHaveCount(0);
    expect(await reportAxe(page)).toEqual([]);

    await gotoStep(page, 'features');
    await page.getByTestId('featurize').click();
    const summary = page.getByTestId('featurize-summary');
    await expect(summary).toBeVisible({ timeout: 300_000 });
    await expect(summary).toHaveAttribute('data-rows', String(usable));
    await expect(summary).toHaveAttribute('data-rows-with-features', String(usable));
    await expect(summary).toHaveAttribute('data-computed', String(usable));
    console.log('bad-input featurize:', await summary.innerText());
    // The tab and the worker survived the 12 000 × 12 000 cover: the page answers and so does the worker.
    expect(await page.evaluate(() => document.title)).not.toBe('');
    expect(await tensorCount(page)).toBeGreaterThanOrEqual(0);
    expect(errors).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const text = (name: string, body: string | Buffer, mimeType = 'text/csv'): FilePayload => ({ name, mimeType, buffer: Buffer.isBuffer(body) ? body : Buffer.from(body) });

test('bad CSVs: an empty, header-only or missing CSV keeps the previous import; encodings are said; the user picks among several', async ({ page }) => {
  const covers = [0, 1, 2].flatMap((i) => [
    { name: `pop${i}.png`, mimeType: 'image/png', buffer: goodCover('pop', i) },
    { name: `rock${i}.png`, mimeType: 'image/png', buffer: goodCover('rock', i) },
  ]);
  const goodCsv = 'cover,genre,title\n' + [0, 1, 2].flatMap((i) => [`pop${i}.png,pop,Pop ${i}`, `rock${i}.png,rock,Rock ${i}`]).join('\n') + '\n';
  const pick = (files: FilePayload[]) => page.getByTestId('files-input').setInputFiles(files);
  await page.goto('/');
  await pick([text('tracks.csv', goodCsv), ...covers]);
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-count="usable"] dd')).toHaveText('6');
  await expect(page.getByTestId('csv-encoding')).toHaveAttribute('data-encoding', 'UTF-8');

  // Each bad drop: an error naming the file, and the import above is still there.
  const badDrops: [FilePayload[], string][] = [
    [[text('empty.csv', '')], '"empty.csv" is empty: add one row per track'],
    [[text('header.csv', 'cover,genre,title\n')], '"header.csv" has a header line (3 columns) but no data rows'],
    [[covers[0]], 'No CSV file found.'],
  ];
  for (const [files, message] of badDrops) {
    await pick(files);
    await expect(page.getByTestId('error')).toContainText(message);
    await expect(page.locator('[data-count="usable"] dd')).toHaveText('6');
    await expect(page.getByTestId('import-report')).toContainText('tracks.csv');
  }

  // Windows-1252 with accented labels: detected, decoded, and said, before and after the check.
  const latin = Buffer.from('cover;genre;title\n' + [0, 1, 2].flatMap((i) => [`pop${i}.png;pop\xe9;Caf\xe9 ${i}`, `rock${i}.png;rock;Se\xf1or ${i}`]).join('\n') + '\n', 'latin1');
  await pick([text('latin.csv', latin), ...covers]);
  await expect(page.getByTestId('open-warnings')).toContainText('read as Windows-1252');
  await page.getByTestId('validate').click();
  await expect(page.getByTestId('csv-encoding')).toHaveAttribute('data-encoding', 'Windows-1252');
  expect(await reportAxe(page)).toEqual([]);
  await expect(page.locator('[data-testid="class-counts"] [data-label="popé"] strong')).toHaveText('3');

  // Two CSVs: the user picks the other one.
  await pick([text('a.csv', goodCsv), text('b.csv', goodCsv.replace(/,rock,/g, ',metal,')), ...covers]);
  const csvSelect = page.getByLabel('CSV file');
  await expect(csvSelect).toHaveValue('a.csv');
  await csvSelect.selectOption('b.csv');
  await page.getByTestId('validate').click();
  await expect(page.locator('[data-testid="class-counts"] [data-label="metal"] strong')).toHaveText('3');
});

test('one genre only: the report and the Models step say training needs two genres', async ({ page }) => {
  const covers = [0, 1, 2, 3].map((i) => ({ name: `pop${i}.png`, mimeType: 'image/png', buffer: goodCover('pop', i) }));
  await page.goto('/');
  await page.getByTestId('files-input').setInputFiles([text('one.csv', 'cover,genre\n' + covers.map((c) => `${c.name},pop`).join('\n')), ...covers]);
  // A column with one value is not proposed as the target ("the same value in every row"): the user insists.
  await page.getByLabel('Role of column genre').selectOption('target');
  await page.getByTestId('validate').click();
  await expect(page.getByTestId('cv-plan')).toHaveAttribute('data-trainable', 'false');
  await expect(page.getByTestId('cv-plan')).toContainText('Training needs at least two genres');
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-features', '4', { timeout: 300_000 });
  await gotoStep(page, 'models');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('error')).toContainText('Training needs at least two genres with 2 or more usable rows each; only "pop" has. Add covers of another genre.');
});

test('a genre with fewer rows than folds lowers the folds; a one-row genre is left out; both said in the report', async ({ page }) => {
  const rows: [string, string, Buffer][] = [
    ...[0, 1, 2, 3].map((i): [string, string, Buffer] => [`pop${i}.png`, 'pop', goodCover('pop', i)]),
    ...[0, 1, 2].map((i): [string, string, Buffer] => [`rock${i}.png`, 'rock', goodCover('rock', i)]),
    ['polka.png', 'polka', goodCover('pop', 7)],
  ];
  await page.goto('/');
  await page.getByTestId('files-input').setInputFiles([
    text('few.csv', 'cover,genre\n' + rows.map(([f, g]) => `${f},${g}`).join('\n') + '\n'),
    ...rows.map(([name, , buffer]) => ({ name, mimeType: 'image/png', buffer })),
  ]);
  await page.getByTestId('validate').click();
  const plan = page.getByTestId('cv-plan');
  await expect(plan).toHaveAttribute('data-folds', '3');
  await expect(plan).toContainText('"polka" has only 1 row, so it is left out of training');
  await expect(plan).toContainText('"rock" has only 3 rows, fewer than the 5 CV folds: cross-validation uses 3 folds');
  expect(await reportAxe(page)).toEqual([]);
  await gotoStep(page, 'features');
  await page.getByTestId('featurize').click();
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-features', '8', { timeout: 300_000 });
  await gotoStep(page, 'models');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('leaderboard-meta')).toContainText(/^7 rows, 3-fold stratified CV/, { timeout: 300_000 });
});
