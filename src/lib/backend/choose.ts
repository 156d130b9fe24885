/** Pure decision rules of backend selection (unit-tested; no tfjs, no DOM). */

export interface Measured {
  imagesPerSecond: number;
}

/** The fastest finite measurement, or null when there is none. */
export function chooseFastest<T extends Measured>(timings: readonly T[]): T | null {
  let best: T | null = null;
  for (const t of timings) {
    if (!Number.isFinite(t.imagesPerSecond) || t.imagesPerSecond <= 0) continue;
    if (!best || t.imagesPerSecond > best.imagesPerSecond) best = t;
  }
  return best;
}

/**
 * A candidate already this many times slower than the best one measured so far cannot win: stop
 * timing it (software WebGL next to WASM takes seconds per run and would only delay the first start).
 */
export const HOPELESS_FACTOR = 3;

export function shouldStopEarly(rateSoFar: number, others: readonly Measured[]): boolean {
  const best = chooseFastest(others);
  return best !== null && rateSoFar * HOPELESS_FACTOR < best.imagesPerSecond;
}

/** WebGL renderer strings of CPU rasterizers (no GPU): SwiftShader, llvmpipe, Microsoft Basic Render. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/**
 * XNNPACK threads for the WASM backend: one per logical core (the worker's own thread is one of
 * them), at most 4. On this project's 2-core test machine, with the other core free, 2 threads ran
 * the fused MobileNet 0.75 at 1.8× one thread (58 vs 32 img/s); see bench/README.md.
 */
export function defaultWasmThreads(hardwareConcurrency: number | undefined): number {
  const cores = Number.isFinite(hardwareConcurrency) && hardwareConcurrency! > 0 ? Math.floor(hardwareConcurrency!) : 1;
  return Math.max(1, Math.min(4, cores));
}
