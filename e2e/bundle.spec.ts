import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The production build (`vite build` → dist/) holds the app alone: the bench page, the measurement and
 * reference entry points (src/bench/) ship only in a measurement build (CGS_BENCH=1 → dist-bench/).
 */
const DIST = resolve(import.meta.dirname, '..', process.env.CGS_OUT_DIR ?? 'dist');
const MEASUREMENT_ONLY = ['benchPipeline', 'benchConfigure', 'benchRaw', 'referenceSoftmax'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('the production build has no bench page and no measurement or reference API', () => {
  expect(existsSync(join(DIST, 'index.html')), 'run `npx vite build` first').toBe(true);
  expect(existsSync(join(DIST, 'bench.html'))).toBe(false);
  const texts = filesUnder(DIST).filter((f) => /\.(js|html|json|webmanifest)$/.test(f));
  expect(texts.some((f) => /studio\.worker-/.test(f)), 'the product worker is built').toBe(true);
  const offenders = texts.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return MEASUREMENT_ONLY.filter((name) => text.includes(name)).map((name) => `${f.slice(DIST.length + 1)}: ${name}`);
  });
  expect(offenders).toEqual([]);
});
