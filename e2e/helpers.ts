import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { csvParse, csvFormat } from 'd3-dsv';
import type { Page } from '@playwright/test';

export const SHARED_DIR = resolve(process.env.CGS_SHARED_DIR ?? join(import.meta.dirname, '../../shared'));

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The first `perClass` rows of each genre (file order) of a real dataset in ../shared/datasets. */
export function datasetSubset(name: string, perClass: number) {
  const dir = join(SHARED_DIR, 'datasets', name);
  const rows = csvParse(readFileSync(join(dir, 'dataset.csv'), 'utf8'));
  const taken = new Map<string, number>();
  const picked = rows.filter((r) => {
    const n = taken.get(r.genre!) ?? 0;
    if (n >= perClass) return false;
    taken.set(r.genre!, n + 1);
    return true;
  });
  return {
    columns: rows.columns,
    rows: picked,
    csv: (extraRows: Record<string, string>[] = []) => csvFormat([...picked, ...extraRows], rows.columns),
    cover: (file: string): FilePayload => ({ name: file, mimeType: 'image/jpeg', buffer: readFileSync(join(dir, 'covers', file)) }),
  };
}

export async function tensorCount(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.cgs!.studio().diagnostics()).numTensors);
}

/** Moves to a step of the app shell (Data · Features · Models · Insights · Predict) through its stepper link. */
export async function gotoStep(page: Page, step: 'data' | 'features' | 'models' | 'insights' | 'predict') {
  await page.getByTestId(`step-${step}`).click();
  await page.waitForURL(new RegExp(`#/${step}$`));
}

/** The bare-clone preview (no ../shared) listens on the port after the main one (playwright.config.ts). */
export const BARE_PORT = Number(process.env.CGS_E2E_PORT ?? 4173) + 1;

/** Waits until the service worker controls the page (first visit: after its install and claim). */
export async function waitForServiceWorkerControl(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
  });
}
