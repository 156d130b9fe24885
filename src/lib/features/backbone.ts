import * as tf from '@tensorflow/tfjs';
import * as mobilenet from '@tensorflow-models/mobilenet';
import type { BackboneSpec } from './backbones';

/**
 * One interface over TF.js layers models (Keras format) and graph models (TF-Hub format), so the
 * featurization pipeline, the cache and Grad-CAM never care which one is loaded.
 */
export interface Backbone {
  spec: BackboneSpec;
  /** pixels: [N, 224, 224, 3] float32 RGB in 0..255. Returns [N, embeddingSize]; caller disposes. */
  embed(pixels: tf.Tensor4D): tf.Tensor2D;
  /** Saves the weights somewhere tf.io understands (e.g. 'indexeddb://…'). */
  save(url: string): Promise<void>;
  dispose(): void;
}

/** Maps 0..255 to the network's input range. */
export function normalizePixels(pixels: tf.Tensor4D, [lo, hi]: [number, number]): tf.Tensor4D {
  return tf.tidy(() => pixels.mul((hi - lo) / 255).add(lo) as tf.Tensor4D);
}

export class LayersBackbone implements Backbone {
  private readonly embedder: tf.LayersModel;

  constructor(
    readonly spec: BackboneSpec,
    private readonly model: tf.LayersModel,
  ) {
    if (!spec.embeddingLayer) throw new Error(`${spec.id}: no embedding layer configured`);
    const embeddingOutput = model.getLayer(spec.embeddingLayer).output as tf.SymbolicTensor;
    // A sub-model that stops at the pooled embedding: the classifier head is never computed.
    this.embedder = tf.model({ inputs: model.inputs, outputs: embeddingOutput });
  }

  embed(pixels: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => {
      const out = this.embedder.predict(normalizePixels(pixels, this.spec.inputRange)) as tf.Tensor;
      return out.reshape([pixels.shape[0], this.spec.embeddingSize]) as tf.Tensor2D;
    });
  }

  async save(url: string): Promise<void> {
    await this.model.save(url);
  }

  dispose(): void {
    // The sub-model shares the parent's weights: disposing the parent frees them once.
    this.model.dispose();
  }
}

/** Internal field of @tensorflow-models/mobilenet's implementation that holds the GraphModel. */
interface MobileNetWithGraph extends mobilenet.MobileNet {
  model: tf.GraphModel;
}

export class GraphBackbone implements Backbone {
  constructor(
    readonly spec: BackboneSpec,
    private readonly net: MobileNetWithGraph,
  ) {}

  embed(pixels: tf.Tensor4D): tf.Tensor2D {
    // infer() normalises with the inputRange given at load time and reads the embedding node.
    return tf.tidy(() => {
      const out = this.net.infer(pixels, true);
      return out.reshape([pixels.shape[0], this.spec.embeddingSize]) as tf.Tensor2D;
    });
  }

  async save(url: string): Promise<void> {
    await this.net.model.save(url);
  }

  dispose(): void {
    this.net.model.dispose();
  }
}

/** Where weights come from: a URL ('indexeddb://…', '/models/…', https) or an IOHandler (picked files). */
export type WeightSource = string | tf.io.IOHandler;

export async function loadBackboneFrom(spec: BackboneSpec, source: WeightSource | null): Promise<Backbone> {
  if (spec.format === 'layers') {
    if (source === null) throw new Error(`${spec.id}: a layers model needs a URL or files`);
    const model = await tf.loadLayersModel(source);
    return new LayersBackbone(spec, model);
  }
  if (!spec.mobilenet) throw new Error(`${spec.id}: graph backbone needs a mobilenet config`);
  const net = (await mobilenet.load({
    version: spec.mobilenet.version,
    alpha: spec.mobilenet.alpha,
    // null = the package's default public hub URL for this version/alpha.
    ...(source === null ? {} : { modelUrl: source, inputRange: spec.inputRange }),
  })) as MobileNetWithGraph;
  return new GraphBackbone(spec, net);
}

/** Runs one batch through the backbone; only the first `count` slots of the buffer are used. */
export async function embedBatch(backbone: Backbone, buffer: Float32Array, count: number, size: number): Promise<Float32Array> {
  const out = tf.tidy(() => {
    const pixels = tf.tensor4d(buffer.subarray(0, count * size * size * 3), [count, size, size, 3]);
    return backbone.embed(pixels);
  });
  try {
    return (await out.data()) as Float32Array;
  } finally {
    out.dispose();
  }
}
