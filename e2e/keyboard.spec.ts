import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { csvParse } from 'd3-dsv';
import { datasetSubset } from './helpers';

/**
 * Keyboard only, from picking files to downloading predictions: Tab / Shift+Tab to reach things, Enter or Space
 * to use them, file choosers opened from real buttons. No mouse and no .click() anywhere in this file.
 */
const MAX_PRESSES = 200;

/** Describes the focused element, for failure messages. */
function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'nothing (body)';
    return `<${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? ` data-testid="${e.getAttribute('data-testid')}"` : ''}> "${(e.textContent ?? '').trim().slice(0, 40)}"`;
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector` (and its text matches `text`, when
 * given), at most MAX_PRESSES times; fails saying what had the focus instead.
 */
async function tabTo(page: Page, selector: string, opts: { text?: RegExp; backward?: boolean } = {}) {
  const key = opts.backward ? 'Shift+Tab' : 'Tab';
  const seen: string[] = [];
  for (let i = 0; i < MAX_PRESSES; i++) {
    const hit = await page.evaluate(({ selector, source, flags }) => {
      const e = document.activeElement;
      return !!e && e.matches(selector) && (source === null || new RegExp(source, flags).test(e.textContent ?? ''));
    }, { selector, source: opts.text?.source ?? null, flags: opts.text?.flags ?? '' });
    if (hit) return;
    if (i < 12 || i % 20 === 0) seen.push(await focusedElement(page));
    await page.keyboard.press(key);
  }
  throw new Error(`${MAX_PRESSES} × ${key} never focused ${selector}${opts.text ? ` ${opts.text}` : ''}; focus went through: ${seen.join(', ')}`);
}

/** The focused element draws a visible ring: an outline (or box-shadow) at least 2 px wide, not 'none'. */
async function expectFocusRing(page: Page, what: string) {
  const ring = await page.evaluate(() => {
    const e = document.activeElement as HTMLElement;
    const s = getComputedStyle(e);
    return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  const visible = (ring.outline !== 'none' && ring.width >= 2) || ring.shadow !== 'none';
  expect(visible, `${what}: no visible focus ring (${JSON.stringify(ring)})`).toBe(true);
}

async function gotoStepByKeyboard(page: Page, step: string) {
  await tabTo(page, `[data-testid="step-${step}"]`, { backward: true });
  await expectFocusRing(page, `stepper link ${step}`);
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`#/${step}$`));
}

test('keyboard only: pick files, import, features, train, predict and download', async ({ page }) => {
  const train = datasetSubset('spotify-6genre', 5);
  const trained = new Set(train.rows.map((r) => r.cover));
  const fresh = datasetSubset('spotify-6genre', 6).rows.filter((r) => !trained.has(r.cover)); // one unseen cover per genre
  // Playwright turns on file-chooser interception asynchronously when the first listener is added; a listener from the
  // start means a chooser opened by an Enter right after waitForEvent() is never missed.
  page.on('filechooser', () => {});
  await page.goto('/');

  // The drop zone is reachable too, and Enter on it opens the folder picker.
  await tabTo(page, '.dropzone');
  await expectFocusRing(page, 'drop zone');
  const folderChooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await page.keyboard.press('Enter');
  expect((await folderChooser).isMultiple()).toBe(true);

  // Pick the CSV and covers through the "Choose files or zip…" button.
  await tabTo(page, 'button', { text: /Choose files or zip/ });
  await expectFocusRing(page, 'Choose files button');
  await page.screenshot({ path: 'test-results/keyboard-focus-button.png' });
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await (await chooser).setFiles([{ name: 'dataset.csv', mimeType: 'text/csv', buffer: Buffer.from(train.csv()) }, ...train.rows.map((r) => train.cover(r.cover!))]);
  await expect(page.getByTestId('mapping')).toBeVisible();
  await tabTo(page, '[data-testid="validate"]');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-count="usable"] dd')).toHaveText(String(train.rows.length));

  // Features: pass the network select (its ring is checked), then compute.
  await gotoStepByKeyboard(page, 'features');
  await page.screenshot({ path: 'test-results/keyboard-focus-stepper.png' });
  await tabTo(page, '[data-testid="backbone-select"]');
  await expectFocusRing(page, 'network select');
  await page.screenshot({ path: 'test-results/keyboard-focus-select.png' });
  await tabTo(page, '[data-testid="featurize"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('featurize-summary')).toHaveAttribute('data-rows-with-embedding', String(train.rows.length), { timeout: 300_000 });

  await gotoStepByKeyboard(page, 'models');
  await tabTo(page, '[data-testid="train"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('leaderboard')).toBeVisible({ timeout: 480_000 });

  // Insights: a gallery cover takes the focus with a ring, Enter opens its large view, Escape closes it.
  await gotoStepByKeyboard(page, 'insights');
  await expect(page.getByTestId('activation-item').first()).toBeVisible({ timeout: 120_000 });
  await tabTo(page, '[data-testid="activation-item"]');
  await expectFocusRing(page, 'gallery item');
  await page.screenshot({ path: 'test-results/keyboard-focus-gallery.png' });
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('cover-dialog').filter({ visible: true });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  // The focus returns to the cover that opened the dialog, so the user keeps their place.
  expect(await focusedElement(page)).toContain('data-testid="activation-item"');

  // Predict: covers through the keyboard-opened chooser, then the CSV download with Enter.
  await gotoStepByKeyboard(page, 'predict');
  await tabTo(page, 'button', { text: /Choose covers/ });
  const coverChooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await (await coverChooser).setFiles(fresh.map((r) => train.cover(r.cover!)));
  await expect(page.getByTestId('prediction-row')).toHaveCount(fresh.length, { timeout: 120_000 });
  await tabTo(page, '[data-testid="download-predictions"]');
  await expectFocusRing(page, 'download button');
  const download = page.waitForEvent('download', { timeout: 15_000 });
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toBe('genre-predictions.csv');
  const rows = csvParse(readFileSync(await file.path(), 'utf8'));
  expect(rows.map((r) => r.cover).sort()).toEqual(fresh.map((r) => r.cover).sort());
  const classes = [...new Set(train.rows.map((r) => r.genre!))].sort();
  expect(rows.columns).toEqual(['cover', 'predicted', ...rows.columns.slice(2)]);
  expect(rows.columns.slice(2).map((c) => c.replace(/^p_/, '')).sort()).toEqual(classes);
  for (const r of rows) {
    const sum = rows.columns.slice(2).reduce((s, c) => s + Number(r[c]), 0);
    expect(sum).toBeCloseTo(1, 2);
    expect(classes).toContain(r.predicted);
  }
});
