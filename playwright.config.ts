import { defineConfig } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, chromiumArgs } from './e2e/chromium.mjs';

/** An empty folder standing in for a missing ../shared. */
export const BARE_SHARED_DIR = join(tmpdir(), 'cgs-bare-shared');
mkdirSync(BARE_SHARED_DIR, { recursive: true });

/**
 * E2E tests drive the built app (vite preview) in Debian's Chromium, with real weights and covers
 * served from ../shared (CGS_SHARED_DIR). Playwright never downloads a browser here.
 */

/** CGS_E2E_PORT (default 4173; the bare clone on the next port) and CGS_OUT_DIR let two runs proceed side by side. */
export const E2E_PORT = Number(process.env.CGS_E2E_PORT ?? 4173);
export const BARE_PORT = E2E_PORT + 1;
const OUT_DIR = process.env.CGS_OUT_DIR ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 10 * 60_000,
  expect: { timeout: 120_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'off',
  },
  webServer: [
    {
      command: `npx vite preview --port ${E2E_PORT} --strictPort --outDir ${OUT_DIR}`,
      url: `http://localhost:${E2E_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // A bare clone: no weights and no datasets beside the project (see e2e/bare-clone.spec.ts).
      command: `npx vite preview --port ${BARE_PORT} --strictPort --outDir ${OUT_DIR}`,
      url: `http://localhost:${BARE_PORT}`,
      env: { CGS_SHARED_DIR: BARE_SHARED_DIR },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
