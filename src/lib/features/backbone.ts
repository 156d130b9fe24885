import * as tf from '@tensorflow/tfjs';
import * as mobilenet from '@tensorflow-models/mobilenet';
import type { BackboneSpec } from './backbones';
import { fuseLayersModel, layersBetween, type FusedNet } from './fuseLayers';
import { embeddingCacheId, weightsFingerprint, type WeightLike } from './cacheIds';
import { concatStyleStatistics } from './styleStats';

/** What one pass of the network can return besides the embedding. */
export interface ForwardOptions {
  /** The last feature map before global average pooling ([N, 7, 7, C]). */
  featureMap?: boolean;
  /** ImageNet logits ([N, classLabels.length]), when the network has a classifier head. */
  logits?: boolean;
  /** Style statistics of the spec's styleLayers ([N, styleSize]: styleStats.ts), when it has any. */
  style?: boolean;
}

export interface ForwardResult {
  embedding: tf.Tensor2D;
  featureMap?: tf.Tensor4D;
  logits?: tf.Tensor2D;
  style?: tf.Tensor2D;
}

/**
 * One interface over TF.js layers models (Keras format) and graph models (TF-Hub format), so the
 * featurization pipeline, the cache and Grad-CAM never care which one is loaded.
 */
export interface Backbone {
  spec: BackboneSpec;
  /** SHA-256 of the weights as loaded (cacheIds.ts): the same for every source of the same weights. */
  readonly weightsFingerprint: string;
  /** Id of this network's embeddings in the feature cache: network id + weights fingerprint + preprocessing. */
  readonly cacheId: string;
  /** True when the network has an ImageNet classifier after the embedding. */
  readonly hasClassifierHead: boolean;
  /** Width of forward()'s style statistics; 0 when the network has no style layers. */
  readonly styleSize: number;
  /** ImageNet label per logits column; null without a head or when its labels were not found. */
  readonly classLabels: readonly string[] | null;
  /** pixels: [N, 224, 224, 3] float32 RGB in 0..255. Returns [N, embeddingSize]; caller disposes. */
  embed(pixels: tf.Tensor4D): tf.Tensor2D;
  /**
   * One pass returning the embedding and, on request, the feature map it pools and the logits after
   * it (a requested part the network lacks is absent). Caller disposes every returned tensor.
   */
  forward(pixels: tf.Tensor4D, opts: ForwardOptions): ForwardResult;
  /** Saves the weights somewhere tf.io understands (e.g. 'indexeddb://…'). */
  save(url: string): Promise<void>;
  dispose(): void;
}

/** Maps 0..255 to the network's input range. */
export function normalizePixels(pixels: tf.Tensor4D, [lo, hi]: [number, number]): tf.Tensor4D {
  return tf.tidy(() => pixels.mul((hi - lo) / 255).add(lo) as tf.Tensor4D);
}

/** Key of the labels in a layers model's user-defined metadata, so an offline copy keeps them. */
const LABELS_KEY = 'imagenetLabels';

export class LayersBackbone implements Backbone {
  readonly hasClassifierHead: boolean;
  readonly cacheId: string;
  readonly classLabels: readonly string[] | null;
  readonly styleSize: number;
  /**
   * Fallback when the fusion compiler declines the net (e.g. MobileNet V2's residual Adds): one sub-model
   * whose outputs are the distinct layers of [feature map?, ...style layers, embedding]; `outputIndex` maps each.
   */
  private readonly unfused: tf.LayersModel;
  private readonly outputIndex: { featureMap: number | null; style: number[]; embedding: number };
  /** The embedding → logits layers (reshape, dropout, 1×1 conv), applied eagerly. */
  private readonly head: tf.layers.Layer[] | null;
  /** The same trunk with BatchNorm folded and ReLU6 fused (null = the compiler declined the net). */
  private fused: FusedNet | null;

  constructor(
    readonly spec: BackboneSpec,
    private readonly model: tf.LayersModel,
    readonly weightsFingerprint: string,
    labels: readonly string[] | null = null,
  ) {
    if (!spec.embeddingLayer) throw new Error(`${spec.id}: no embedding layer configured`);
    const styleLayers = spec.styleLayers ?? [];
    const names = [...new Set([...(spec.featureMapLayer ? [spec.featureMapLayer] : []), ...styleLayers, spec.embeddingLayer])];
    this.outputIndex = {
      featureMap: spec.featureMapLayer ? names.indexOf(spec.featureMapLayer) : null,
      style: styleLayers.map((l) => names.indexOf(l)),
      embedding: names.indexOf(spec.embeddingLayer),
    };
    // A sub-model that stops at the pooled embedding: the classifier head is never computed.
    this.unfused = tf.model({ inputs: model.inputs, outputs: names.map((l) => model.getLayer(l).output as tf.SymbolicTensor) });
    this.styleSize = styleLayers.reduce((sum, l) => sum + 2 * Number((model.getLayer(l).outputShape as number[]).at(-1)), 0);
    this.head = spec.logitsLayer ? safeLayersBetween(model, spec.embeddingLayer, spec.logitsLayer) : null;
    this.hasClassifierHead = !!this.head;
    // Built here, so the folded weight copies live exactly as long as the backbone.
    this.fused = fuseLayersModel(model, spec.embeddingLayer, styleLayers);
    this.cacheId = embeddingCacheId(spec.id, weightsFingerprint, { inputSize: spec.inputSize, inputRange: spec.inputRange, fused: this.fused !== null });
    const stored = (model.getUserDefinedMetadata() as Record<string, unknown> | undefined)?.[LABELS_KEY];
    const found = labels ?? (isStringArray(stored) ? stored : null);
    const width = this.head ? this.headWidth() : 0;
    this.classLabels = found && found.length === width ? found : null;
    if (this.classLabels) model.setUserDefinedMetadata({ ...(model.getUserDefinedMetadata() ?? {}), [LABELS_KEY]: this.classLabels });
  }

  embed(pixels: tf.Tensor4D): tf.Tensor2D {
    return this.forward(pixels, {}).embedding;
  }

  forward(pixels: tf.Tensor4D, opts: ForwardOptions): ForwardResult {
    const n = pixels.shape[0];
    const { featureMap, embedding, style } = this.trunk(pixels, { featureMap: !!opts.featureMap, style: !!opts.style && this.styleSize > 0 });
    const out: ForwardResult = { embedding };
    if (featureMap) out.featureMap = featureMap;
    if (style) out.style = style;
    if (opts.logits && this.head) out.logits = tf.tidy(() => this.applyHead(embedding).reshape([n, -1]) as tf.Tensor2D);
    return out;
  }

  /** The embedding as tfjs-layers computes it, BatchNorm and ReLU6 unfused: the bench's baseline. */
  embedUnfused(pixels: tf.Tensor4D): tf.Tensor2D {
    return this.trunk(pixels, { featureMap: false, style: false }, false).embedding;
  }

  /** Style statistics as the layers sub-model computes them (no fusion): the reference for tests and the bench. */
  forwardUnfused(pixels: tf.Tensor4D, opts: ForwardOptions): ForwardResult {
    return this.trunk(pixels, { featureMap: !!opts.featureMap, style: !!opts.style && this.styleSize > 0 }, false);
  }

  /** Input → (feature map, style statistics, embedding) in one pass: the fused net where it compiles, else the layers sub-model. */
  private trunk(pixels: tf.Tensor4D, want: { featureMap: boolean; style: boolean }, allowFused = true): ForwardResult {
    const n = pixels.shape[0];
    const x = normalizePixels(pixels, this.spec.inputRange);
    let maps: tf.Tensor[] = [];
    try {
      let output: tf.Tensor;
      let featureMap: tf.Tensor4D | null = null;
      let levels: tf.Tensor4D[] = [];
      if (this.fused && allowFused) {
        if (want.style) ({ output, featureMap, taps: levels } = this.fused.forwardWithTaps(x, want.featureMap));
        else if (want.featureMap) ({ output, featureMap } = this.fused.forward(x));
        else output = this.fused.predict(x);
        maps = [output, ...levels];
      } else {
        maps = [this.unfused.predict(x)].flat() as tf.Tensor[];
        const { featureMap: fm, style, embedding } = this.outputIndex;
        output = maps[embedding];
        if (want.featureMap && fm !== null) featureMap = maps[fm] as tf.Tensor4D;
        if (want.style) levels = style.map((i) => maps[i] as tf.Tensor4D);
      }
      const out: ForwardResult = { embedding: tf.tidy(() => output.reshape([n, this.spec.embeddingSize]) as tf.Tensor2D) };
      if (levels.length) out.style = concatStyleStatistics(levels);
      if (featureMap) {
        // The caller owns the feature map; it may also be a style level or a sub-model output, so it is not disposed below.
        out.featureMap = featureMap;
        maps = maps.filter((t) => t !== featureMap);
      }
      return out;
    } finally {
      x.dispose();
      tf.dispose(maps);
    }
  }

  private applyHead(embedding: tf.Tensor2D): tf.Tensor {
    return this.head!.reduce<tf.Tensor>((t, layer) => layer.apply(t, { training: false }) as tf.Tensor, embedding);
  }

  private headWidth(): number {
    const shape = this.head![this.head!.length - 1].outputShape as number[];
    return Number(shape[shape.length - 1]);
  }

  async save(url: string): Promise<void> {
    await this.model.save(url);
  }

  dispose(): void {
    this.fused?.dispose();
    this.fused = null;
    // The sub-model shares the parent's weights: disposing the parent frees them once.
    this.model.dispose();
  }
}

function safeLayersBetween(model: tf.LayersModel, from: string, to: string): tf.layers.Layer[] | null {
  try {
    return layersBetween(model, from, to);
  } catch {
    return null; // no such layer: the network has no classifier head
  }
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** Internal field of @tensorflow-models/mobilenet's implementation that holds the GraphModel. */
interface MobileNetWithGraph extends mobilenet.MobileNet {
  model: tf.GraphModel;
}

export class GraphBackbone implements Backbone {
  readonly hasClassifierHead = true;
  readonly cacheId: string;

  constructor(
    readonly spec: BackboneSpec,
    private readonly net: MobileNetWithGraph,
    readonly weightsFingerprint: string,
    readonly classLabels: readonly string[] | null = null,
    /** Found by loadBackboneFrom from one probe pass (a graph model does not say its nodes' shapes). */
    readonly styleSize = 0,
  ) {
    this.cacheId = embeddingCacheId(spec.id, weightsFingerprint, { inputSize: spec.inputSize, inputRange: spec.inputRange, fused: false });
  }

  /**
   * Not the package's infer(): it compares the batch dimension with 224 and so resamples every 224² batch with
   * resizeBilinear (an identity that cost ~10 % of the 0.25 network's time on WASM). Same normalisation, same node.
   */
  embed(pixels: tf.Tensor4D): tf.Tensor2D {
    return this.forward(pixels, {}).embedding;
  }

  /** One GraphModel.execute for every requested node: the shared trunk runs once. */
  forward(pixels: tf.Tensor4D, opts: ForwardOptions): ForwardResult {
    const n = pixels.shape[0];
    const wantMap = !!opts.featureMap && !!this.spec.featureMapNode;
    const styleNodes = opts.style && this.styleSize > 0 ? (this.spec.styleLayers ?? []) : [];
    const names = [this.spec.embeddingNode!, ...(wantMap ? [this.spec.featureMapNode!] : []), ...styleNodes, ...(opts.logits ? [this.net.model.outputNodes[0]] : [])];
    return tf.tidy(() => {
      const outs = [this.net.model.execute(normalizePixels(pixels, this.spec.inputRange), names)].flat();
      const out: ForwardResult = { embedding: outs[0].reshape([n, this.spec.embeddingSize]) };
      if (wantMap) out.featureMap = outs[1] as tf.Tensor4D;
      if (styleNodes.length) out.style = concatStyleStatistics(outs.slice(wantMap ? 2 : 1, (wantMap ? 2 : 1) + styleNodes.length) as tf.Tensor4D[]);
      if (opts.logits) {
        const logits = outs[outs.length - 1].reshape([n, -1]) as tf.Tensor2D;
        // TF-Hub classifiers have a background class at column 0; the labels start at column 1.
        out.logits = logits.shape[1] === 1001 ? logits.slice([0, 1], [n, 1000]) : logits;
      }
      return out as unknown as tf.TensorContainerObject;
    }) as unknown as ForwardResult;
  }

  async save(url: string): Promise<void> {
    await this.net.model.save(url);
  }

  dispose(): void {
    this.net.model.dispose();
  }
}

/**
 * The 1000 ImageNet labels @tensorflow-models/mobilenet ships (IMAGENET_CLASSES is not exported): its
 * public classify() names the top k of whatever infer() returns, so a copy of the net whose infer()
 * returns strictly decreasing logits lists every label in index order. No image is run.
 */
export async function packageImagenetLabels(net: mobilenet.MobileNet): Promise<string[]> {
  const probe = Object.create(net) as mobilenet.MobileNet;
  probe.infer = () => tf.tensor2d(Float32Array.from({ length: 1000 }, (_, i) => -i / 100), [1, 1000]);
  const dummy = tf.zeros([1, 1, 3]) as tf.Tensor3D;
  try {
    return (await probe.classify(dummy, 1000)).map((c) => c.className);
  } finally {
    dummy.dispose();
  }
}

/** Where weights come from: a URL ('indexeddb://…', '/models/…', https) or an IOHandler (picked files). */
export type WeightSource = string | tf.io.IOHandler;

/** ImageNet labels from a model folder's metadata.json ({ labels: [...] }, the tfjs-models layout), or null. */
export async function labelsFromMetadata(source: WeightSource | null, file?: Blob): Promise<string[] | null> {
  try {
    let text: string;
    if (file) text = await file.text();
    else if (typeof source === 'string' && /^(https?:|file:)/.test(source)) {
      const res = await fetch(new URL('metadata.json', source));
      if (!res.ok) return null;
      text = await res.text();
    } else return null;
    const labels = (JSON.parse(text) as { labels?: unknown }).labels;
    return isStringArray(labels) ? labels : null;
  } catch {
    return null; // no metadata next to the weights: the head stays unlabelled
  }
}

/**
 * `metadataFile`: the metadata.json of a picked model folder (URL sources look for it next to model.json;
 * an offline copy carries the labels in its own metadata).
 */
export async function loadBackboneFrom(spec: BackboneSpec, source: WeightSource | null, metadataFile?: Blob): Promise<Backbone> {
  if (spec.format === 'layers') {
    if (source === null) throw new Error(`${spec.id}: a layers model needs a URL or files`);
    const [model, labels] = await Promise.all([tf.loadLayersModel(source), labelsFromMetadata(source, metadataFile)]);
    return new LayersBackbone(spec, model, await weightsFingerprint(model.weights.map((w) => w.read())), labels);
  }
  if (!spec.mobilenet) throw new Error(`${spec.id}: graph backbone needs a mobilenet config`);
  const net = (await mobilenet.load({
    version: spec.mobilenet.version,
    alpha: spec.mobilenet.alpha,
    // null = the package's default public hub URL for this version/alpha.
    ...(source === null ? {} : { modelUrl: source, inputRange: spec.inputRange }),
  })) as MobileNetWithGraph;
  const weights = net.model.weights;
  // Graph node names are stable across sources; sorting makes the order independent of map insertion.
  const ordered: WeightLike[] = Object.keys(weights).sort().flatMap((name) => weights[name]);
  return new GraphBackbone(spec, net, await weightsFingerprint(ordered), await packageImagenetLabels(net), graphStyleSize(net.model, spec));
}

/** Width of the style statistics of a graph model's style nodes, from one pass on a black image. */
function graphStyleSize(model: tf.GraphModel, spec: BackboneSpec): number {
  if (!spec.styleLayers?.length) return 0;
  try {
    return tf.tidy(() => [model.execute(tf.zeros([1, spec.inputSize, spec.inputSize, 3]), [...spec.styleLayers!])].flat().reduce((s, t) => s + 2 * t.shape[t.shape.length - 1]!, 0));
  } catch {
    return 0; // a node is missing in this copy of the graph: no style features, the embedding still works
  }
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
