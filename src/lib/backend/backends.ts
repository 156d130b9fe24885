import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The threaded Emscripten glue twice: the module object tfjs-backend-wasm itself imports (same module
// instance in the bundle), and its pristine source text, untouched by the minifier. See selfContainedGlue().
import threadedGlueFactory from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedGlueSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';
import { decideBackend, defaultWasmThreads, isSoftwareRenderer, PROBE_BATCHES, probePhase, shouldStopEarly, skipTimingReason, type ProbeOutcome } from './choose';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  /** e.g. 'SwiftShader' for software WebGL, 'SIMD, 2 threads' for WASM. */
  detail: string;
  software: boolean;
  /** WASM only: XNNPACK threads in use (1 = single-threaded). */
  threads?: number;
}

/**
 * WASM threads: tfjs-backend-wasm runs XNNPACK on a pthread pool (Emscripten workers sharing one
 * SharedArrayBuffer), which needs a cross-origin isolated page (COOP same-origin + COEP require-corp).
 * 'auto' = one thread per logical core; 0 = the single-threaded SIMD binary. A WASM module's pool
 * size is fixed when it starts, so this must be set before the backend first starts in this worker.
 */
let wasmThreadRequest: number | 'auto' = 'auto';
let wasmConfigured = false;

export function requestWasmThreads(threads: number | 'auto'): void {
  if (wasmConfigured) throw new Error('requestWasmThreads() must be called before the WASM backend starts.');
  wasmThreadRequest = threads;
}

export interface WasmThreadPlan {
  /** Threads the WASM backend will use; 1 means the single-threaded SIMD binary. */
  threads: number;
  crossOriginIsolated: boolean;
  /** Why there are no threads, when there are none. */
  reason: string;
}

export function wasmThreadPlan(): WasmThreadPlan {
  const isolated = typeof globalThis.crossOriginIsolated === 'boolean' && globalThis.crossOriginIsolated;
  if (!isolated) return { threads: 1, crossOriginIsolated: false, reason: 'page is not cross-origin isolated (serve it with COOP/COEP headers)' };
  if (typeof SharedArrayBuffer === 'undefined') return { threads: 1, crossOriginIsolated: true, reason: 'no SharedArrayBuffer' };
  if (wasmThreadRequest === 0) return { threads: 1, crossOriginIsolated: true, reason: 'threads turned off' };
  const threads = wasmThreadRequest === 'auto' ? defaultWasmThreads(globalThis.navigator?.hardwareConcurrency) : wasmThreadRequest;
  // On one thread the single-threaded SIMD binary is a little faster than the threaded one.
  if (wasmThreadRequest === 'auto' && threads === 1) return { threads: 1, crossOriginIsolated: true, reason: 'one logical core' };
  return { threads, crossOriginIsolated: true, reason: '' };
}

/**
 * Root cause of "e is not defined" in the pthread workers of a production build: tfjs-backend-wasm
 * starts each pthread worker from `'var WasmBackendModuleThreadedSimd = ' + factory.toString()`,
 * i.e. it re-creates the Emscripten glue from the source text of the factory function. The glue is
 * an IIFE whose factory closes over `_scriptDir`; unminified, the factory only touches it behind a
 * `typeof` guard, but the minifier renames it to a one-letter variable of the enclosing closure and
 * drops the guard, so the text is no longer self-contained and throws in the pthread worker.
 * (Dev mode is not minified, so it never showed there.) We give that function object a toString()
 * that returns the pristine glue from the package (imported as a raw string, which no minifier
 * touches): the pthread workers then evaluate exactly what Emscripten emitted, and the worker
 * messages between the two copies are keyed by quoted property names, which minifiers keep.
 */
function selfContainedGlue(): void {
  const factory = threadedGlueFactory as unknown as object;
  const source = `(function () {\n${threadedGlueSource}\n;return WasmBackendModuleThreadedSimd;\n})()`;
  Object.defineProperty(factory, 'toString', { value: () => source, configurable: true, writable: true });
}

/** The .wasm binaries are emitted by Vite as assets of this origin: no CDN, works offline. */
function configureWasm(): void {
  if (wasmConfigured) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  const plan = wasmThreadPlan();
  if (plan.reason) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  } else {
    selfContainedGlue();
    setThreadsCount(plan.threads);
  }
  wasmConfigured = true;
}

/** Renderer string of the WebGL context tfjs uses; SwiftShader/llvmpipe means software rendering. */
function webglRenderer(): string {
  try {
    const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
    const gl = backend.gpgpu?.gl;
    if (!gl) return 'unknown';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  } catch {
    return 'unknown';
  }
}

/**
 * tfjs-backend-wasm 4.22 sizes its XNNPACK pool as min(requested, hardwareConcurrency / 2), read once
 * when the WASM module starts ("many x86-64 processors have 2 threads per core"). On a 2-vCPU machine
 * that caps every request at 1 thread. While the module starts, this worker reports twice the
 * planned thread count, so the request is honoured; the real value is restored right after.
 */
async function withCoresReportedFor<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const nav = globalThis.navigator as Navigator | undefined;
  if (!nav || threads <= 1 || (nav.hardwareConcurrency ?? 0) >= threads * 2) return start();
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  } catch {
    return start();
  }
  try {
    return await start();
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as unknown as Record<string, unknown>).hardwareConcurrency;
  }
}

/**
 * WebGL2 in this worker and its renderer, without starting tfjs's WebGL backend: lets a software
 * rasteriser be recognised (and not timed) before any shader is compiled.
 */
export function webglSupport(): { renderer: string } | { error: string } {
  try {
    if (typeof OffscreenCanvas === 'undefined') return { error: 'no OffscreenCanvas in this worker' };
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return { error: 'WebGL2 is not available (no OffscreenCanvas WebGL2 context)' };
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** Starts a backend, or says why it could not. */
export async function startBackend(name: BackendName): Promise<{ info: BackendInfo } | { error: string }> {
  if (name === 'webgl') {
    const support = webglSupport();
    if ('error' in support) return support;
  }
  if (name === 'wasm') configureWasm();
  try {
    const start = async () => (await tf.setBackend(name)) && (await tf.ready(), true);
    const ok = name === 'wasm' ? await withCoresReportedFor(wasmThreadPlan().threads, start) : await start();
    // tfjs reports the cause only on the console; its message is not handed back.
    if (!ok) return { error: `the ${name} backend failed to initialise (details in the browser console)` };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  return { info: await describeActive(name) };
}

/** Activates a backend; null when this browser cannot run it. */
export async function activateBackend(name: BackendName): Promise<BackendInfo | null> {
  const started = await startBackend(name);
  return 'info' in started ? started.info : null;
}

async function describeActive(name: BackendName): Promise<BackendInfo> {
  if (name === 'webgl') {
    const renderer = webglRenderer();
    return { name, detail: renderer, software: isSoftwareRenderer(renderer) };
  }
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    const threads = threaded ? getThreadsCount() : 1;
    const detail = `${simd ? 'SIMD' : 'no SIMD'}, ${threads === 1 ? '1 thread' : `${threads} threads`}`;
    return { name, detail, software: false, threads };
  }
  return { name, detail: 'plain JS', software: false };
}

/** Images per batch that keeps each backend busy without wasting memory (measured by `npm run bench`). */
export function recommendedBatchSize(backend: BackendName | undefined | null): number {
  if (backend === 'webgl') return 32;
  if (backend === 'cpu') return 4;
  return 16;
}

export interface BackendTiming {
  backend: BackendInfo;
  imagesPerSecond: number;
}

export interface ProbeProgress {
  phase: string;
  done: number;
  total: number;
}

export interface BackendProbe {
  chosen: BackendInfo;
  timings: BackendTiming[];
  outcomes: ProbeOutcome[];
  /** What the user should know: skipped or failed backends, fallbacks. */
  notes: string[];
  seconds: number;
}

/**
 * Times the real workload on each candidate: `runBatch(n)` runs one featurization batch of n images (the
 * network as featurize() calls it, results read back), at the batch size featurize() uses on that backend;
 * one warm-up batch, then timed ones. WebGL on a software rasteriser is not timed; a backend that fails to
 * start or to run is reported, not swallowed. CPU is only the fallback: it is always far slower for a CNN.
 * Leaves the chosen backend active.
 */
export async function pickFastestBackend(
  runBatch: (batchSize: number) => Promise<void>,
  opts: { candidates?: BackendName[]; batches?: number; onProgress?: (p: ProbeProgress) => void } = {},
): Promise<BackendProbe> {
  const t0 = performance.now();
  const total = opts.batches ?? PROBE_BATCHES;
  const outcomes: ProbeOutcome[] = [];
  const timings: BackendTiming[] = [];
  for (const name of opts.candidates ?? ['wasm', 'webgl']) {
    const progress = (done: number) => opts.onProgress?.({ phase: probePhase(name, done, total), done, total });
    progress(0);
    const support = name === 'webgl' ? webglSupport() : null;
    const skip = support && 'renderer' in support ? skipTimingReason(name, support.renderer) : null;
    if (skip) {
      outcomes.push({ name, status: 'skipped', reason: skip });
      continue;
    }
    const started = await startBackend(name);
    if ('error' in started) {
      outcomes.push({ name, status: 'failed', reason: started.error });
      continue;
    }
    const batchSize = recommendedBatchSize(name);
    try {
      await runBatch(batchSize); // warm-up: shader compilation, XNNPACK set-up are not throughput
      progress(1);
      let seconds = 0;
      let timed = 0;
      for (let k = 1; k < total; k++) {
        const t = performance.now();
        await runBatch(batchSize);
        seconds += (performance.now() - t) / 1000;
        timed++;
        progress(k + 1);
        if (shouldStopEarly((batchSize * timed) / seconds, timings)) break;
      }
      const imagesPerSecond = (batchSize * timed) / seconds;
      outcomes.push({ name, status: 'timed', imagesPerSecond, batches: timed });
      timings.push({ backend: started.info, imagesPerSecond });
    } catch (err) {
      outcomes.push({ name, status: 'failed', reason: `the network failed on it: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  const { chosen, notes } = decideBackend(outcomes);
  const active = await startBackend(chosen as BackendName);
  if ('error' in active) throw new Error(`No TensorFlow.js backend could start in this browser (${[...notes, active.error].join('; ')}).`);
  return { chosen: active.info, timings, outcomes, notes, seconds: (performance.now() - t0) / 1000 };
}
