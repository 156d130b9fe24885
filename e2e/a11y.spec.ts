import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { datasetSubset, gotoStep } from './helpers';

/**
 * Accessibility after real work: the one-click demo fills every step (import report, features, leaderboard and
 * confusion matrix, every insight view, scored covers), then axe (WCAG 2 A/AA) checks each step and view, and at a
 * phone's width (390 px) no step makes the page scroll sideways.
 */
const STEPS = ['data', 'features', 'models', 'insights', 'predict'] as const;
const VIEWS = ['activations', 'map', 'concepts', 'words', 'impact', 'confusion'] as const;
type ViewId = (typeof VIEWS)[number];
const PHONE = { width: 390, height: 844 };

/** Serious and critical axe violations on the page as it is now, one readable line per failing node. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const { violations, passes } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const lines = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) at ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('').trim()}`));
  for (const line of lines) console.log(line);
  console.log(`${where}: axe checked ${violations.length} failing and ${passes.length} passing rules; minor/moderate: ${violations.filter((v) => !lines.some((l) => l.includes(v.id))).map((v) => v.id).join(', ') || 'none'}`);
  return lines;
}

/** Runs the demo to the Insights step and scores three real covers in Predict. */
async function demoWithResults(page: Page) {
  await page.goto('/');
  await page.getByTestId('try-demo').click();
  await expect(page).toHaveURL(/#\/insights$/, { timeout: 600_000 });
  await expect(page.getByTestId('activation-gallery')).toHaveAttribute('data-count', '180');
  // Explain a model that uses the cover embedding when there is one, so the activation maps are drawn too.
  const coverModel = await page.getByTestId('insights-model').locator('option').evaluateAll((options) =>
    (options as HTMLOptionElement[]).find((o) => !o.text.includes('no cover'))?.value ?? null);
  if (coverModel) await page.getByTestId('insights-model').selectOption(coverModel);
  await gotoStep(page, 'predict');
  const spotify = datasetSubset('spotify-6genre', 1);
  await page.getByTestId('predict-input').setInputFiles(spotify.rows.slice(0, 3).map((r) => spotify.cover(r.cover!)));
  await expect(page.getByTestId('prediction-row')).toHaveCount(3, { timeout: 120_000 });
  await page.getByTestId('covers-like-this').first().click();
  // Neighbours, or the worker's reason when the kept model embedded no cover (a text or colour model): either is content to check.
  const similar = page.getByTestId('similar-covers').filter({ visible: true });
  await expect(similar.locator('[data-testid="similar-cover"], [role="alert"]').first()).toBeVisible({ timeout: 60_000 });
}

/** Opens an Insights view and waits for what it computes (the worker's results, not just the placeholder). */
async function openView(page: Page, view: ViewId) {
  const insights = page.getByTestId('insights');
  await insights.getByTestId(`insights-view-${view}`).click();
  if (view === 'activations') await expect(insights.getByTestId('activation-item').first()).toBeVisible();
  if (view === 'map') await expect(insights.getByTestId('embedding-map')).toHaveAttribute('data-points', '180', { timeout: 180_000 });
  if (view === 'concepts') await computeOnce(page, 'run-genre-concepts', 'genre-concepts');
  if (view === 'words') await expect(insights.getByTestId('word-cloud-term').first()).toBeVisible({ timeout: 60_000 });
  if (view === 'impact') await computeOnce(page, 'run-feature-impact', 'feature-impact');
  if (view === 'confusion') {
    await insights.getByTestId('confusion-cell').first().click();
    await expect(insights.getByTestId('confusion-cover').first()).toBeVisible({ timeout: 60_000 });
  }
}

async function computeOnce(page: Page, button: string, result: string) {
  const insights = page.getByTestId('insights');
  if (!(await insights.getByTestId(result).isVisible())) await insights.getByTestId(button).click();
  await expect(insights.getByTestId(result)).toBeVisible({ timeout: 300_000 });
}

/** The outermost elements that stick out past the viewport's right edge, to name the culprit when the page scrolls sideways. */
function tooWide(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth + 1;
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[${e.getAttribute('data-testid')}]` : ''}.${[...e.classList].join('.')}`;
    // Inside a box that scrolls or clips sideways, sticking out is that box's business, not the page's.
    const clipped = (e: Element) => { for (let a = e.parentElement; a; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > edge && !(e.parentElement && e.parentElement.getBoundingClientRect().right > edge) && !clipped(e))
      .slice(0, 4)
      .map((e) => `${name(e)} (right ${Math.round(e.getBoundingClientRect().right)}) in ${e.parentElement ? name(e.parentElement) : '-'}`);
  });
}

/** Axe on each step (a confusion cell chosen in Models), each Insights view and the large cover view. */
async function axeEverywhere(page: Page, theme: string): Promise<string[]> {
  const found: string[] = [];
  for (const step of STEPS) {
    await gotoStep(page, step);
    if (step === 'models') {
      await page.getByTestId('confusion-cell').first().click();
      await expect(page.getByTestId('confusion-covers')).toBeVisible();
    }
    if (step !== 'insights') found.push(...(await seriousViolations(page, `${theme} ${step}`)));
  }
  await gotoStep(page, 'insights');
  for (const view of VIEWS) {
    await openView(page, view);
    found.push(...(await seriousViolations(page, `${theme} insights/${view}`)));
  }
  await openView(page, 'activations');
  await page.getByTestId('activation-item').first().click();
  const dialog = page.getByTestId('cover-dialog').filter({ visible: true });
  await expect(dialog.getByTestId('cover-dialog-map')).not.toHaveText(/Computing/, { timeout: 60_000 });
  found.push(...(await seriousViolations(page, `${theme} cover dialog`)));
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  return found;
}

test('a11y: no serious or critical axe violation on any step or insight view, and no sideways scroll at 390 px', async ({ page }) => {
  await demoWithResults(page);
  const found: string[] = [];

  await test.step('axe on every step and view, light and dark theme', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      // The theme really switched (the page background), so the contrast checks saw it.
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(scheme === 'dark' ? 'rgb(20, 22, 28)' : 'rgb(247, 247, 249)');
      found.push(...(await axeEverywhere(page, scheme)));
    }
    expect(found, found.join('\n')).toEqual([]);

    // The check itself can fail: an icon button without a name is caught.
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<button id="axe-canary" type="button"></button>'));
    expect((await seriousViolations(page, 'canary')).join('\n')).toContain('button-name');
    await page.evaluate(() => document.getElementById('axe-canary')!.remove());
  });

  await test.step('390 px: the page never scrolls sideways', async () => {
    await page.setViewportSize(PHONE);
    const wide: string[] = [];
    const check = async (where: string) => {
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      if (w > PHONE.width) wide.push(`${where}: scrollWidth ${w}, too wide: ${(await tooWide(page)).join(', ')}`);
    };
    for (const step of STEPS) {
      await gotoStep(page, step);
      await check(step);
    }
    // Each stepper label is shown whole, not cut to "Fea…".
    const cut = await page.locator('.stepper .label').evaluateAll((labels) => labels.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
    expect(cut, 'stepper labels cut at 390 px').toEqual([]);
    await gotoStep(page, 'insights');
    for (const view of VIEWS) {
      await openView(page, view);
      await check(`insights/${view}`);
    }
    await page.screenshot({ path: 'test-results/a11y-390-confusion.png', fullPage: true });
    expect(wide, wide.join('\n')).toEqual([]);
  });
});
