/**
 * Which backend the loaded network runs on: the one the user forced, the one remembered for this network, or
 * (first start) the fastest measured on the real featurization workload. Every backend that could not start
 * is reported in `notes`, never dropped silently.
 */
import * as tf from '@tensorflow/tfjs';
import { activateBackend, pickFastestBackend, startBackend, type BackendInfo, type BackendName, type BackendTiming, type ProbeProgress } from '../lib/backend/backends';
import { forcedBackendNote } from '../lib/backend/choose';
import { batchNet } from '../lib/features/featurize';
import type { Backbone } from '../lib/features/backbone';
import { discardLostWebgl, watchWebglContext, webglContextLost, WebglContextLostError } from '../lib/backend/contextLoss';
import { state, cache } from './state';
import type { FeaturizeSummary } from './protocol';

export interface BackendChoice {
  backend: BackendInfo;
  timings: BackendTiming[];
  measured: boolean;
  notes: string[];
  /** Seconds spent measuring (0 when nothing was measured). */
  probeSeconds: number;
}

/** One featurization batch as featurize() runs it (embedding + concept labels, read back), on synthetic pixels. */
function realBatch(backbone: Backbone): (batchSize: number) => Promise<void> {
  const net = batchNet(backbone);
  const size = backbone.spec.inputSize;
  let pixels = new Float32Array(0);
  return async (n) => {
    if (pixels.length < n * size * size * 3) pixels = Float32Array.from({ length: n * size * size * 3 }, (_, i) => (i * 37) % 256);
    const out = tf.tidy(() => net(tf.tensor4d(pixels.subarray(0, n * size * size * 3), [n, size, size, 3])));
    try {
      await Promise.all([out.embedding.data(), out.top?.data()]);
    } finally {
      out.embedding.dispose();
      out.top?.dispose();
    }
  };
}

export async function chooseBackend(
  backbone: Backbone,
  req: { backend: BackendName | 'auto'; remembered?: BackendName | null },
  current: BackendInfo,
  onProgress?: (p: ProbeProgress) => void,
): Promise<BackendChoice> {
  const notes: string[] = [];
  const wanted = req.backend === 'auto' ? (req.remembered ?? null) : req.backend;
  if (wanted) {
    const started = await startBackend(wanted);
    if ('info' in started) return { backend: started.info, timings: [], measured: false, notes, probeSeconds: 0 };
    if (req.backend !== 'auto') {
      notes.push(forcedBackendNote(wanted, current.name, started.error, false));
      return { backend: current, timings: [], measured: false, notes, probeSeconds: 0 };
    }
    notes.push(forcedBackendNote(wanted, 'the fastest', started.error, true));
  }
  const probe = await pickFastestBackend(realBatch(backbone), { onProgress });
  return { backend: probe.chosen, timings: probe.timings, measured: true, notes: [...notes, ...probe.notes], probeSeconds: probe.seconds };
}

/**
 * Runs a featurization and survives the WebGL context being lost during it: the hung run is abandoned (its
 * signal aborted, its cache handle retired so nothing it might still compute is stored), WebGL is discarded,
 * `reloadOnWasm` loads the network again on WebAssembly (its weights lived on the GPU), and the run starts
 * over, reading every batch that was cached before the loss. Lost twice, it gives up with the error.
 */
export async function featurizeSurvivingContextLoss(
  signal: AbortSignal,
  run: (signal: AbortSignal) => Promise<FeaturizeSummary>,
  reloadOnWasm: () => Promise<void>,
): Promise<FeaturizeSummary> {
  for (let attempt = 0; ; attempt++) {
    const watch = watchWebglContext();
    const inner = new AbortController();
    const forward = () => inner.abort();
    signal.addEventListener('abort', forward, { once: true });
    try {
      const summary = await Promise.race([run(inner.signal), watch.lost]);
      if (webglContextLost()) throw new WebglContextLostError(); // lost during the last read: not trusted
      if (attempt === 0) return summary;
      const note = `The WebGL context was lost during featurization (GPU reset or driver problem): switched to WebAssembly and finished; ${summary.fromCache} covers came from the cache, ${summary.computed} were computed again.`;
      return { ...summary, backendNote: note };
    } catch (err) {
      if (!(err instanceof WebglContextLostError || webglContextLost()) || attempt > 0 || signal.aborted) throw err;
      inner.abort();
      state.cache = Promise.resolve((await cache()).successor('the WebGL context was lost during this run'));
      state.backend = (await activateBackend('wasm')) ?? state.backend;
      discardLostWebgl();
      state.backbone = null; // its weights were textures of the lost context
      await reloadOnWasm();
    } finally {
      watch.stop();
      signal.removeEventListener('abort', forward);
    }
  }
}
