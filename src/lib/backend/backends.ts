import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  /** e.g. 'SwiftShader' for software WebGL, 'SIMD' for WASM. */
  detail: string;
  software: boolean;
}

let wasmConfigured = false;

/** The .wasm binaries are emitted by Vite as assets of this origin: no CDN, works offline. */
function configureWasm(): void {
  if (wasmConfigured) return;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlainUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  });
  // Threads need the pthread worker glue; until it is served correctly we run single-threaded SIMD.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
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

/** Activates a backend; false when this browser cannot run it. */
export async function activateBackend(name: BackendName): Promise<BackendInfo | null> {
  if (name === 'wasm') configureWasm();
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return null;
    await tf.ready();
  } catch {
    return null;
  }
  if (name === 'webgl') {
    const renderer = webglRenderer();
    return { name, detail: renderer, software: /swiftshader|llvmpipe|software/i.test(renderer) };
  }
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { name, detail: simd ? 'SIMD' : 'no SIMD', software: false };
  }
  return { name, detail: 'plain JS', software: false };
}

export interface BackendTiming {
  backend: BackendInfo;
  imagesPerSecond: number;
}

/**
 * Times `run` (which processes `imagesPerRun` images and resolves when results are on the CPU) on
 * each candidate backend after a warm-up, and leaves the fastest active. CPU is only tried when no
 * accelerated backend works: it is always far slower for a CNN.
 */
export async function pickFastestBackend(
  run: () => Promise<void>,
  imagesPerRun: number,
  candidates: BackendName[] = ['webgl', 'wasm'],
  timedRuns = 2,
): Promise<{ chosen: BackendInfo; timings: BackendTiming[] }> {
  const timings: BackendTiming[] = [];
  for (const name of candidates) {
    const info = await activateBackend(name);
    if (!info) continue;
    try {
      await run(); // warm-up: shader compilation / wasm init are not throughput
      const t0 = performance.now();
      for (let i = 0; i < timedRuns; i++) await run();
      const seconds = (performance.now() - t0) / 1000;
      timings.push({ backend: info, imagesPerSecond: (imagesPerRun * timedRuns) / seconds });
    } catch {
      // A backend that fails on the real network is not a candidate.
    }
  }
  if (timings.length === 0) {
    const cpu = await activateBackend('cpu');
    if (!cpu) throw new Error('No TensorFlow.js backend could start in this browser.');
    return { chosen: cpu, timings };
  }
  const best = timings.reduce((a, b) => (b.imagesPerSecond > a.imagesPerSecond ? b : a));
  await activateBackend(best.backend.name);
  return { chosen: best.backend, timings };
}
