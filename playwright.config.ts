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

export default defineConfig({
  testDir: 'e2e',
  timeout: 10 * 60_000,
  expect: { timeout: 120_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://localhost:4173',
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'off',
  },
  webServer: [
    {
      command: 'npx vite preview --port 4173 --strictPort',
      url: 'http://localhost:4173',
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // A bare clone: no weights and no datasets beside the project (see e2e/bare-clone.spec.ts).
      command: 'npx vite preview --port 4174 --strictPort',
      url: 'http://localhost:4174',
      env: { CGS_SHARED_DIR: BARE_SHARED_DIR },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
