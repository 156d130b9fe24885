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

/** Batches per backend on a first start: one warm-up (shaders, XNNPACK set-up) and two timed. */
export const PROBE_BATCHES = 3;

/** What measuring one backend came to. */
export type ProbeOutcome =
  | { name: string; status: 'timed'; imagesPerSecond: number; batches: number }
  /** Started, but not worth timing (e.g. WebGL on a software rasteriser). */
  | { name: string; status: 'skipped'; reason: string }
  | { name: string; status: 'failed'; reason: string };

/**
 * Why a backend that started is not timed, or null to time it. WebGL drawn by a CPU rasteriser
 * (SwiftShader, llvmpipe) runs the CNN on the same cores as WASM, through a shader emulator: it never wins,
 * and timing it costs seconds of shader compilation on every first start.
 */
export function skipTimingReason(name: string, renderer: string | null): string | null {
  if (name === 'webgl' && renderer !== null && isSoftwareRenderer(renderer)) return `WebGL renders in software here (${shortRenderer(renderer)}): not timed`;
  return null;
}

/** 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …' → 'SwiftShader'; other strings cut to 40 characters. */
function shortRenderer(renderer: string): string {
  const known = /swiftshader|llvmpipe|softpipe|basic render/i.exec(renderer);
  return known ? known[0] : renderer.slice(0, 40);
}

/**
 * The backend to run on, and what the user should be told. The fastest timed backend wins; with none timed,
 * a backend that started but was skipped (software WebGL still beats plain JS on a CNN); else 'cpu'.
 */
export function decideBackend(outcomes: readonly ProbeOutcome[]): { chosen: string; notes: string[] } {
  const timed = outcomes.flatMap((o) => (o.status === 'timed' ? [o] : []));
  const fastest = chooseFastest(timed);
  const started = outcomes.find((o) => o.status === 'skipped');
  const chosen = fastest?.name ?? started?.name ?? 'cpu';
  const notes = outcomes.flatMap((o) => {
    if (o.status === 'failed') return [`${o.name} could not start: ${o.reason}`];
    if (o.status === 'skipped') return [o.reason];
    return [];
  });
  if (!fastest) notes.push(`nothing could be timed: running on ${chosen}`);
  return { chosen, notes };
}

/** The message when the backend the user (or the remembered choice) asked for could not start. */
export function forcedBackendNote(wanted: string, running: string, reason: string, remembered: boolean): string {
  return remembered
    ? `The remembered backend ${wanted} could not start (${reason}): measured again, running on ${running}`
    : `${wanted} could not start here (${reason}): running on ${running} instead`;
}

/** The progress phase while backends are measured, e.g. 'Measuring backends: wasm 2/3 batches'. */
export function probePhase(name: string, done: number, total: number): string {
  return `Measuring backends: ${name} ${done}/${total} batches`;
}
