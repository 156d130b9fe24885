/**
 * The naive peer: what a typical tutorial does. @tensorflow-models/mobilenet on the page's main
 * thread, default backend, one <img> element at a time, `infer(img, true)` for the embedding.
 * Loaded on demand so the rest of the benchmark page carries no tfjs on its main thread.
 */
export interface NaiveResult {
  backend: string;
  images: number;
  /** img/s of each repetition over all images (decode via <img> + infer + read back). */
  reps: number[];
  loadSeconds: number;
  memoryBefore: { numTensors: number; numBytes: number };
  memoryAfter: { numTensors: number; numBytes: number };
}

export async function runNaivePeer(files: File[], reps: number, modelUrl: string): Promise<NaiveResult> {
  const tf = await import('@tensorflow/tfjs');
  const mobilenet = await import('@tensorflow-models/mobilenet');
  const t0 = performance.now();
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
  return {
    backend: tf.getBackend(),
    images: files.length,
    reps: rates,
    loadSeconds,
    memoryBefore: { numTensors: memoryBefore.numTensors, numBytes: memoryBefore.numBytes },
    memoryAfter: { numTensors: memoryAfter.numTensors, numBytes: memoryAfter.numBytes },
  };
}
