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
 * Supported: a linear chain of InputLayer, Conv2D, DepthwiseConv2D, BatchNormalization,
 * Activation / ReLU (linear, relu, relu6), ZeroPadding2D, Dropout, GlobalAveragePooling2D,
 * channels-last. Anything else → null, and the caller keeps the layers model.
 */
export interface FusedNet {
  /** x: [N, H, W, C] already normalized to the network's input range. Caller disposes the result. */
  predict(x: tf.Tensor4D): tf.Tensor;
  /**
   * The same pass, also returning the activation that enters the last global average pool (the
   * feature map Grad-CAM explains; null when the chain has no pool). Caller disposes both.
   */
  forward(x: tf.Tensor4D): { output: tf.Tensor; featureMap: tf.Tensor4D | null };
  /** Number of BatchNormalization layers folded away. */
  foldedBatchNorms: number;
  /** The folded weights are copies: dispose them with the net. */
  dispose(): void;
}

type Activation = 'linear' | 'relu' | 'relu6';

interface ConvStep {
  kind: 'conv';
  depthwise: boolean;
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
  strides: [number, number];
  dilations: [number, number];
  pad: 'same' | 'valid';
  activation: Activation;
}

type Step =
  | ConvStep
  | { kind: 'pad'; paddings: [[number, number], [number, number], [number, number], [number, number]] }
  | { kind: 'activation'; activation: Activation }
  | { kind: 'gap' };

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

/** The single layer feeding `layer`, or null for an input layer; undefined when it has several inputs. */
function inboundLayer(layer: tf.layers.Layer): tf.layers.Layer | null | undefined {
  const nodes = (layer as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] }).inboundNodes;
  if (!nodes || nodes.length !== 1) return undefined;
  const inbound = nodes[0].inboundLayers;
  if (inbound.length === 0) return null;
  return inbound.length === 1 ? inbound[0] : undefined;
}

/** The layers from the model's input to `outputLayer`, when they form a single chain. */
function chainTo(model: tf.LayersModel, outputLayer: string): tf.layers.Layer[] | null {
  const chain: tf.layers.Layer[] = [];
  let layer: tf.layers.Layer | null | undefined = model.getLayer(outputLayer);
  while (layer) {
    chain.unshift(layer);
    layer = inboundLayer(layer);
    if (layer === undefined) return null;
  }
  return chain;
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

/**
 * Folds and fuses the chain from the model's input up to and including `outputLayer`. Returns null
 * when a layer is not one this compiler knows (the caller then runs the layers model as is).
 */
export function fuseLayersModel(model: tf.LayersModel, outputLayer: string): FusedNet | null {
  const chain = chainTo(model, outputLayer);
  if (!chain) return null;
  const steps: Step[] = [];
  const owned: tf.Tensor[] = [];
  let folded = 0;
  const fail = () => {
    owned.forEach((t) => t.dispose());
    return null;
  };
  const lastConv = (): ConvStep | null => {
    const s = steps[steps.length - 1];
    return s?.kind === 'conv' ? s : null;
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

  for (const layer of chain) {
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as Config;
    if (cfg.dataFormat !== undefined && cfg.dataFormat !== 'channelsLast') return fail();
    if (cls === 'InputLayer' || cls === 'Dropout') continue;

    if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') {
      const depthwise = cls === 'DepthwiseConv2D';
      const w = weightsByName(layer);
      const kernel = (depthwise ? w.get('depthwise_kernel') : w.get('kernel')) as tf.Tensor4D | undefined;
      const activation = activationOf(cfg.activation);
      if (!kernel || kernel.rank !== 4 || !activation || (depthwise && cfg.depthMultiplier !== undefined && Number(cfg.depthMultiplier) < 1)) return fail();
      const outChannels = depthwise ? kernel.shape[2] * kernel.shape[3] : kernel.shape[3];
      const filter = kernel.clone();
      const bias = (cfg.useBias && w.get('bias') ? w.get('bias')!.clone() : tf.zeros([outChannels])) as tf.Tensor1D;
      owned.push(filter, bias);
      steps.push({ kind: 'conv', depthwise, filter, bias, strides: pair(cfg.strides), dilations: pair(cfg.dilationRate ?? 1), pad: cfg.padding === 'same' ? 'same' : 'valid', activation });
      continue;
    }

    if (cls === 'BatchNormalization') {
      const conv = lastConv();
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
      continue;
    }

    if (cls === 'Activation' || cls === 'ReLU') {
      const activation = cls === 'ReLU' ? activationOf('relu', cfg.maxValue) : activationOf(cfg.activation);
      if (!activation) return fail();
      const conv = lastConv();
      if (conv && conv.activation === 'linear') conv.activation = activation;
      else if (activation !== 'linear') steps.push({ kind: 'activation', activation });
      continue;
    }

    if (cls === 'ZeroPadding2D') {
      const p = cfg.padding as number | number[] | number[][];
      const rows = Array.isArray(p) ? (Array.isArray(p[0]) ? (p[0] as number[]) : [p[0] as number, p[0] as number]) : [p, p];
      const cols = Array.isArray(p) ? (Array.isArray(p[1]) ? (p[1] as number[]) : [p[1] as number, p[1] as number]) : [p, p];
      steps.push({ kind: 'pad', paddings: [[0, 0], [rows[0], rows[1]], [cols[0], cols[1]], [0, 0]] });
      continue;
    }

    if (cls === 'GlobalAveragePooling2D') {
      steps.push({ kind: 'gap' });
      continue;
    }
    return fail();
  }
  if (!steps.some((s) => s.kind === 'conv')) return fail();

  const run = (x: tf.Tensor4D, keepFeatureMap: boolean): { output: tf.Tensor; featureMap: tf.Tensor4D | null } => {
    let featureMap: tf.Tensor4D | null = null;
    const output = tf.tidy(() => {
      let y: tf.Tensor = x;
      for (const s of steps) {
        if (s.kind === 'conv') {
          const common = { x: y as tf.Tensor4D, strides: s.strides, pad: s.pad, dilations: s.dilations, bias: s.bias, activation: s.activation } as const;
          y = s.depthwise ? tf.fused.depthwiseConv2d({ ...common, filter: s.filter }) : tf.fused.conv2d({ ...common, filter: s.filter });
        } else if (s.kind === 'pad') y = tf.pad(y, s.paddings);
        else if (s.kind === 'activation') y = s.activation === 'relu6' ? tf.relu6(y) : tf.relu(y);
        else {
          if (keepFeatureMap) featureMap = tf.keep(y as tf.Tensor4D);
          y = tf.mean(y, [1, 2]);
        }
      }
      return y;
    });
    return { output, featureMap };
  };

  return {
    foldedBatchNorms: folded,
    predict: (x) => run(x, false).output,
    forward: (x) => run(x, true),
    dispose() {
      owned.forEach((t) => t.dispose());
      owned.length = 0;
    },
  };
}
