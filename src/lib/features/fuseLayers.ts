import * as tf from '@tensorflow/tfjs';

/**
 * Inference-only compilation of a Keras-style conv net (TF.js layers model) into fused ops.
 *
 * tfjs-layers runs MobileNet V1 as it was trained: Conv → BatchNormalization → ReLU6 (= Relu +
 * Minimum), three kernels and two extra passes over every activation map. Measured on WASM, the
 * element-wise BatchNorm/Relu/Minimum kernels took as long as the convolutions themselves, and they
 * are single-threaded. At inference BatchNorm is a fixed per-channel affine map, so it folds into
 * the convolution's weights and bias, and ReLU6 becomes the convolution's fused activation:
 *   scale = γ / √(σ² + ε),   W' = W · scale (per output channel),   b' = (b − μ) · scale + β,
 *   y = relu6(conv(x, W') + b')                                       (one FusedConv2D kernel).
 * The result is the same function up to float rounding (checked against the layers model in
 * fuseLayers.test.ts), runs on every backend, and parallelizes on XNNPACK's threads.
 *
 * Supported: a graph (e.g. MobileNet V2's residual blocks) of InputLayer, Conv2D, DepthwiseConv2D,
 * BatchNormalization, Activation / ReLU (linear, relu, relu6), Add, ZeroPadding2D, Dropout,
 * GlobalAveragePooling2D, channels-last, each layer used once. An activation fuses into the conv
 * before it only when nothing else reads that conv's output. Anything else → null, and the caller
 * keeps the layers model. Intermediate activations are freed as soon as their last reader has run.
 */
export interface FusedNet {
  /** x: [N, H, W, C] already normalized to the network's input range. Caller disposes the result. */
  predict(x: tf.Tensor4D): tf.Tensor;
  /**
   * The same pass, also returning the activation that enters the last global average pool (the
   * feature map Grad-CAM explains; null when the chain has no pool). Caller disposes both.
   */
  forward(x: tf.Tensor4D): { output: tf.Tensor; featureMap: tf.Tensor4D | null };
  /**
   * The same pass, returning the activations of the `taps` layers given to fuseLayersModel (in that
   * order; e.g. the style featurizer's levels) and, on request, the feature map. Caller disposes all.
   */
  forwardWithTaps(x: tf.Tensor4D, keepFeatureMap: boolean): { output: tf.Tensor; featureMap: tf.Tensor4D | null; taps: tf.Tensor4D[] };
  /** Number of BatchNormalization layers folded away. */
  foldedBatchNorms: number;
  /** The folded weights are copies: dispose them with the net. */
  dispose(): void;
}

type Activation = 'linear' | 'relu' | 'relu6';

interface ConvStep {
  kind: 'conv';
  input: number;
  depthwise: boolean;
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
  strides: [number, number];
  dilations: [number, number];
  pad: 'same' | 'valid';
  activation: Activation;
}

/** One op of the compiled net; `input(s)` are indices of earlier steps (-1 = the network input). */
type Step =
  | ConvStep
  | { kind: 'pad'; input: number; paddings: [[number, number], [number, number], [number, number], [number, number]] }
  | { kind: 'activation'; input: number; activation: Activation }
  | { kind: 'add'; inputs: number[] }
  | { kind: 'gap'; input: number };

type Config = Record<string, unknown>;

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);

function activationOf(name: unknown, maxValue?: unknown): Activation | null {
  if (name === 'linear' || name === undefined || name === null) return 'linear';
  if (name === 'relu6') return 'relu6';
  if (name === 'relu' || name === 'ReLU') {
    if (maxValue === undefined || maxValue === null) return 'relu';
    return Number(maxValue) === 6 ? 'relu6' : null;
  }
  return null;
}

/** The layer's weights by their short name ('kernel', 'gamma', 'moving_mean', …). */
function weightsByName(layer: tf.layers.Layer): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const w of layer.weights) out.set(w.originalName.split('/').pop()!.replace(/_\d+$/, ''), w.read());
  return out;
}

/** The layers feeding `layer` (empty for an input layer); undefined when the layer is used more than once. */
function inboundLayers(layer: tf.layers.Layer): tf.layers.Layer[] | undefined {
  const nodes = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes;
  if (!nodes || nodes.length !== 1) return undefined;
  return nodes[0].inboundLayers;
}

/** The single layer feeding `layer`, or null for an input layer; undefined when it has several inputs. */
function inboundLayer(layer: tf.layers.Layer): tf.layers.Layer | null | undefined {
  const inbound = inboundLayers(layer);
  if (!inbound) return undefined;
  if (inbound.length === 0) return null;
  return inbound.length === 1 ? inbound[0] : undefined;
}

/** The layers `outputLayer` depends on (itself included), in the model's topological order; null if one is shared. */
function layersTo(model: tf.LayersModel, outputLayer: string): tf.layers.Layer[] | null {
  const needed = new Set<tf.layers.Layer>();
  const stack = [model.getLayer(outputLayer)];
  while (stack.length) {
    const layer = stack.pop()!;
    if (needed.has(layer)) continue;
    const inbound = inboundLayers(layer);
    if (!inbound) return null;
    needed.add(layer);
    stack.push(...inbound);
  }
  return model.layers.filter((l) => needed.has(l));
}

/**
 * The layers strictly after `fromLayer` up to and including `toLayer`, when they form a single chain
 * (e.g. a classifier head after the embedding); null otherwise.
 */
export function layersBetween(model: tf.LayersModel, fromLayer: string, toLayer: string): tf.layers.Layer[] | null {
  const chain: tf.layers.Layer[] = [];
  let layer: tf.layers.Layer | null | undefined = model.getLayer(toLayer);
  while (layer && layer.name !== fromLayer) {
    chain.unshift(layer);
    layer = inboundLayer(layer);
  }
  return layer ? chain : null;
}

const inputsOf = (s: Step): number[] => (s.kind === 'add' ? s.inputs : [s.input]);

/**
 * Folds and fuses the layers from the model's input up to and including `outputLayer`. Returns null
 * when a layer is not one this compiler knows (the caller then runs the layers model as is). `taps`:
 * layers whose outputs forwardWithTaps also returns; a tap whose value a later fold would change
 * (a conv followed by its BatchNorm) makes the net decline too.
 */
export function fuseLayersModel(model: tf.LayersModel, outputLayer: string, taps: readonly string[] = []): FusedNet | null {
  const layers = layersTo(model, outputLayer);
  if (!layers) return null;
  const steps: Step[] = [];
  /** Step index holding each compiled layer's output (-1 = the network input). */
  const valueOf = new Map<tf.layers.Layer, number>();
  /** How many compiled layers read each layer's output (an activation fuses into a conv only when it is the sole reader). */
  const readers = new Map<tf.layers.Layer, number>();
  for (const l of layers) for (const i of inboundLayers(l)!) readers.set(i, (readers.get(i) ?? 0) + 1);
  const tapStep = new Map<string, number>();
  const owned: tf.Tensor[] = [];
  let folded = 0;
  const fail = () => {
    owned.forEach((t) => t.dispose());
    return null;
  };
  const tapped = (i: number) => [...tapStep.values()].includes(i);
  /** The conv step computing `layer`'s only input, when this layer may rewrite it in place. */
  const soleConvInput = (layer: tf.layers.Layer): number | null => {
    const inbound = inboundLayers(layer)!;
    if (inbound.length !== 1 || readers.get(inbound[0]) !== 1) return null;
    const i = valueOf.get(inbound[0])!;
    // The conv must be the input layer itself (not seen through a Dropout that may have other readers).
    return i >= 0 && producer[i] === inbound[0] && steps[i].kind === 'conv' && !tapped(i) ? i : null;
  };
  const replace = (conv: ConvStep, filter: tf.Tensor4D, bias: tf.Tensor1D) => {
    owned.splice(owned.indexOf(conv.filter), 1);
    owned.splice(owned.indexOf(conv.bias), 1);
    conv.filter.dispose();
    conv.bias.dispose();
    conv.filter = filter;
    conv.bias = bias;
    owned.push(filter, bias);
  };
  const producer: tf.layers.Layer[] = [];
  const push = (layer: tf.layers.Layer, step: Step) => {
    steps.push(step);
    producer.push(layer);
    valueOf.set(layer, steps.length - 1);
  };

  for (const layer of layers) {
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as Config;
    const inbound = inboundLayers(layer)!;
    const input = inbound.length === 1 ? valueOf.get(inbound[0]) : undefined;
    if (cfg.dataFormat !== undefined && cfg.dataFormat !== 'channelsLast') return fail();
    if (cls === 'InputLayer') valueOf.set(layer, -1);
    else if (cls === 'Add') {
      const inputs = inbound.map((l) => valueOf.get(l));
      if (inputs.length < 2 || inputs.some((i) => i === undefined)) return fail();
      push(layer, { kind: 'add', inputs: inputs as number[] });
    } else if (input === undefined) return fail(); // several inputs to a one-input layer
    else if (cls === 'Dropout') valueOf.set(layer, input);
    else if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') {
      const depthwise = cls === 'DepthwiseConv2D';
      const w = weightsByName(layer);
      const kernel = (depthwise ? w.get('depthwise_kernel') : w.get('kernel')) as tf.Tensor4D | undefined;
      const activation = activationOf(cfg.activation);
      if (!kernel || kernel.rank !== 4 || !activation || (depthwise && cfg.depthMultiplier !== undefined && Number(cfg.depthMultiplier) < 1)) return fail();
      const outChannels = depthwise ? kernel.shape[2] * kernel.shape[3] : kernel.shape[3];
      const filter = kernel.clone();
      const bias = (cfg.useBias && w.get('bias') ? w.get('bias')!.clone() : tf.zeros([outChannels])) as tf.Tensor1D;
      owned.push(filter, bias);
      push(layer, { kind: 'conv', input, depthwise, filter, bias, strides: pair(cfg.strides), dilations: pair(cfg.dilationRate ?? 1), pad: cfg.padding === 'same' ? 'same' : 'valid', activation });
    } else if (cls === 'BatchNormalization') {
      const at = soleConvInput(layer);
      const conv = at === null ? null : (steps[at] as ConvStep);
      const axis = Number(cfg.axis ?? -1);
      if (!conv || conv.activation !== 'linear' || (axis !== -1 && axis !== 3)) return fail();
      const w = weightsByName(layer);
      const mean = w.get('moving_mean');
      const variance = w.get('moving_variance');
      if (!mean || !variance) return fail();
      const [filter, bias] = tf.tidy(() => {
        const gamma = cfg.scale === false ? tf.onesLike(mean) : w.get('gamma')!;
        const beta = cfg.center === false ? tf.zerosLike(mean) : w.get('beta')!;
        const scale = gamma.div(variance.add(Number(cfg.epsilon ?? 1e-3)).sqrt());
        // Output channel c of a depthwise kernel [kh, kw, in, mult] is in·mult + m.
        const perChannel = conv.depthwise ? scale.reshape([conv.filter.shape[2], conv.filter.shape[3]]) : scale;
        return [conv.filter.mul(perChannel) as tf.Tensor4D, conv.bias.sub(mean).mul(scale).add(beta) as tf.Tensor1D];
      });
      replace(conv, filter, bias);
      folded++;
      valueOf.set(layer, at!);
    } else if (cls === 'Activation' || cls === 'ReLU') {
      const activation = cls === 'ReLU' ? activationOf('relu', cfg.maxValue) : activationOf(cfg.activation);
      if (!activation) return fail();
      const at = soleConvInput(layer);
      const conv = at === null ? null : (steps[at] as ConvStep);
      if (activation === 'linear') valueOf.set(layer, input);
      else if (conv && conv.activation === 'linear') {
        conv.activation = activation;
        valueOf.set(layer, at!);
      } else push(layer, { kind: 'activation', input, activation });
    } else if (cls === 'ZeroPadding2D') {
      const p = cfg.padding as number | number[] | number[][];
      const rows = Array.isArray(p) ? (Array.isArray(p[0]) ? (p[0] as number[]) : [p[0] as number, p[0] as number]) : [p, p];
      const cols = Array.isArray(p) ? (Array.isArray(p[1]) ? (p[1] as number[]) : [p[1] as number, p[1] as number]) : [p, p];
      push(layer, { kind: 'pad', input, paddings: [[0, 0], [rows[0], rows[1]], [cols[0], cols[1]], [0, 0]] });
    } else if (cls === 'GlobalAveragePooling2D') push(layer, { kind: 'gap', input });
    else return fail();
    if (taps.includes(layer.name)) tapStep.set(layer.name, valueOf.get(layer)!);
  }
  if (!steps.some((s) => s.kind === 'conv')) return fail();
  if (taps.some((t) => (tapStep.get(t) ?? -1) < 0)) return fail(); // a tap not computed on the way, or the input itself
  const outputStep = valueOf.get(model.getLayer(outputLayer))!;
  const lastGap = steps.map((s) => s.kind).lastIndexOf('gap');
  const featureMapStep = lastGap >= 0 ? inputsOf(steps[lastGap])[0] : -1;
  /** Index of the last step reading each step's output: where it can be freed. */
  const lastRead = steps.map(() => -1);
  steps.forEach((s, i) => inputsOf(s).forEach((j) => j >= 0 && (lastRead[j] = i)));

  const run = (x: tf.Tensor4D, keepFeatureMap: boolean, keepTaps = false): { output: tf.Tensor; featureMap: tf.Tensor4D | null; taps: tf.Tensor4D[] } => {
    const keep = new Set<number>([outputStep, ...(keepFeatureMap && featureMapStep >= 0 ? [featureMapStep] : []), ...(keepTaps ? tapStep.values() : [])]);
    const values: (tf.Tensor | null)[] = new Array(steps.length).fill(null);
    const valueAt = (i: number) => (i < 0 ? x : values[i]!);
    try {
      steps.forEach((s, i) => {
        values[i] = tf.tidy(() => {
          if (s.kind === 'conv') {
            const common = { x: valueAt(s.input) as tf.Tensor4D, strides: s.strides, pad: s.pad, dilations: s.dilations, bias: s.bias, activation: s.activation } as const;
            return s.depthwise ? tf.fused.depthwiseConv2d({ ...common, filter: s.filter }) : tf.fused.conv2d({ ...common, filter: s.filter });
          }
          if (s.kind === 'pad') return tf.pad(valueAt(s.input), s.paddings);
          if (s.kind === 'activation') return s.activation === 'relu6' ? tf.relu6(valueAt(s.input)) : tf.relu(valueAt(s.input));
          if (s.kind === 'add') return tf.addN(s.inputs.map(valueAt));
          return tf.mean(valueAt(s.input), [1, 2]);
        });
        // Free what no later step reads (unless it is returned): peak memory stays near two blocks' worth.
        for (const j of inputsOf(s)) if (j >= 0 && lastRead[j] === i && !keep.has(j)) (values[j]!.dispose(), (values[j] = null));
      });
      return {
        output: values[outputStep]!,
        featureMap: keepFeatureMap && featureMapStep >= 0 ? (values[featureMapStep] as tf.Tensor4D) : null,
        taps: keepTaps ? taps.map((t) => values[tapStep.get(t)!] as tf.Tensor4D) : [],
      };
    } catch (err) {
      values.forEach((v) => v?.dispose());
      throw err;
    } finally {
      // Anything left that is not returned (e.g. a step nobody reads) goes now.
      values.forEach((v, i) => v && !keep.has(i) && i !== outputStep && v.dispose());
    }
  };

  return {
    foldedBatchNorms: folded,
    predict: (x) => run(x, false).output,
    forward: (x) => run(x, true),
    forwardWithTaps: (x, keepFeatureMap) => run(x, keepFeatureMap, true),
    dispose() {
      owned.forEach((t) => t.dispose());
      owned.length = 0;
    },
  };
}
