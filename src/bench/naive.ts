import type { BackendName } from '../lib/backend/backends';

/**
 * The naive peer: what a typical tutorial does. @tensorflow-models/mobilenet on the page's main
 * thread, one <img> element at a time, `infer(img, true)` for the embedding; on tfjs' default backend, or on
 * the backend ours ran on (`backend`), activated through the app's own backends.ts (same WASM binary and thread
 * count), so the ratio shows what pipelining and batching buy rather than what the backend does.
 * Loaded on demand so the rest of the benchmark page carries no tfjs on its main thread.
 */
export interface NaiveResult {
  backend: string;
  /** 'default': tfjs' own choice; otherwise the backend that was asked for. */
  requested: string;
  backendDetail: string;
  images: number;
  /** img/s of each repetition over all images (decode via <img> + infer + read back). */
  reps: number[];
  loadSeconds: number;
  memoryBefore: { numTensors: number; numBytes: number };
  memoryAfter: { numTensors: number; numBytes: number };
}

export async function runNaivePeer(files: File[], reps: number, modelUrl: string, backend: BackendName | 'default' = 'default'): Promise<NaiveResult> {
  const tf = await import('@tensorflow/tfjs');
  const mobilenet = await import('@tensorflow-models/mobilenet');
  const t0 = performance.now();
  let backendDetail = 'default';
  if (backend !== 'default') {
    const { activateBackend } = await import('../lib/backend/backends');
    const info = await activateBackend(backend);
    if (!info) throw new Error(`naive peer: the ${backend} backend does not start on this page`);
    backendDetail = info.detail;
  }
  await tf.ready();
  const model = await mobilenet.load({ version: 1, alpha: 0.25, modelUrl, inputRange: [0, 1] });
  const loadSeconds = (performance.now() - t0) / 1000;

  const embedOne = async (file: File) => {
    const url = URL.createObjectURL(file);
    try {
      const img = new Image();
      img.src = url;
      await new Promise<void>((resolve, reject) => {
        img.onload = () => resolve();
        img.onerror = () => reject(new Error(`cannot load ${file.name}`));
      });
      const embedding = model.infer(img, true);
      await embedding.data();
      embedding.dispose();
    } finally {
      URL.revokeObjectURL(url);
    }
  };

  await embedOne(files[0]); // warm-up (shader compilation), as ours gets one in prepareBackbone
  const memoryBefore = tf.memory();
  const rates: number[] = [];
  for (let r = 0; r < reps; r++) {
    const start = performance.now();
    for (const f of files) await embedOne(f);
    rates.push(files.length / ((performance.now() - start) / 1000));
  }
  const memoryAfter = tf.memory();
  (model as unknown as { model: { dispose(): void } }).model.dispose(); // a later run may use another backend
  return {
    backend: tf.getBackend(),
    requested: backend,
    backendDetail,
    images: files.length,
    reps: rates,
    loadSeconds,
    memoryBefore: { numTensors: memoryBefore.numTensors, numBytes: memoryBefore.numBytes },
    memoryAfter: { numTensors: memoryAfter.numTensors, numBytes: memoryAfter.numBytes },
  };
}
