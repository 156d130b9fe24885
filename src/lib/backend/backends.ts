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
import { chooseFastest, defaultWasmThreads, isSoftwareRenderer, shouldStopEarly, type Measured } from './choose';

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

/** Activates a backend; null when this browser cannot run it. */
export async function activateBackend(name: BackendName): Promise<BackendInfo | null> {
  if (name === 'wasm') configureWasm();
  try {
    const start = async () => (await tf.setBackend(name)) && (await tf.ready(), true);
    const ok = name === 'wasm' ? await withCoresReportedFor(wasmThreadPlan().threads, start) : await start();
    if (!ok) return null;
  } catch {
    return null;
  }
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

/**
 * Times `run` (which processes `imagesPerRun` images and resolves when results are on the CPU) on
 * each candidate backend after a warm-up, and leaves the fastest active. A candidate whose first
 * timed run is already far behind the best so far (software WebGL next to WASM) is not timed again.
 * CPU is only tried when no accelerated backend works: it is always far slower for a CNN.
 */
export async function pickFastestBackend(
  run: () => Promise<void>,
  imagesPerRun: number,
  candidates: BackendName[] = ['wasm', 'webgl'],
  timedRuns = 2,
): Promise<{ chosen: BackendInfo; timings: BackendTiming[] }> {
  const timings: (BackendTiming & Measured)[] = [];
  for (const name of candidates) {
    const info = await activateBackend(name);
    if (!info) continue;
    try {
      await run(); // warm-up: shader compilation / wasm init are not throughput
      let seconds = 0;
      let runs = 0;
      while (runs < timedRuns) {
        const t0 = performance.now();
        await run();
        seconds += (performance.now() - t0) / 1000;
        runs++;
        if (shouldStopEarly((imagesPerRun * runs) / seconds, timings)) break;
      }
      timings.push({ backend: info, imagesPerSecond: (imagesPerRun * runs) / seconds });
    } catch {
      // A backend that fails on the real network is not a candidate.
    }
  }
  const best = chooseFastest(timings);
  if (!best) {
    const cpu = await activateBackend('cpu');
    if (!cpu) throw new Error('No TensorFlow.js backend could start in this browser.');
    return { chosen: cpu, timings };
  }
  await activateBackend(best.backend.name);
  return { chosen: best.backend, timings };
}
