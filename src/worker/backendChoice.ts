/**
 * Which backend the loaded network runs on: the one the user forced, the one remembered for this network, or
 * (first start) the fastest measured on the real featurization workload. Every backend that could not start
 * is reported in `notes`, never dropped silently.
 */
import * as tf from '@tensorflow/tfjs';
import { pickFastestBackend, startBackend, type BackendInfo, type BackendName, type BackendTiming, type ProbeProgress } from '../lib/backend/backends';
import { forcedBackendNote } from '../lib/backend/choose';
import { batchNet } from '../lib/features/featurize';
import type { Backbone } from '../lib/features/backbone';

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
