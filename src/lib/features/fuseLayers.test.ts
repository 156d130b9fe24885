import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { fuseLayersModel, layersBetween } from './fuseLayers';
import { backboneSpec } from './backbones';
import { folderIOHandler, hasShared, sharedPath } from '../../testing/shared';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

/** A small net with every supported layer kind, random BN statistics, biases and a depth multiplier (all seeded). */
function toyNet(): tf.LayersModel {
  const input = tf.input({ shape: [17, 17, 3] });
  let x = tf.layers.zeroPadding2d({ padding: [[1, 0], [0, 1]] }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', useBias: true, name: 'c1', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ epsilon: 1e-3, name: 'c1_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ maxValue: 6 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', useBias: false, name: 'dw', depthwiseInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ epsilon: 1e-3, scale: false, name: 'dw_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.activation({ activation: 'relu6' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.5 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.conv2d({ filters: 5, kernelSize: 1, padding: 'same', useBias: false, activation: 'relu', name: 'pw', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  // Non-trivial moving statistics (fresh layers have mean 0, variance 1).
  for (const name of ['c1_bn', 'dw_bn']) {
    const layer = model.getLayer(name);
    layer.setWeights(layer.getWeights().map((w, i) => (i === layer.getWeights().length - 1 ? tf.randomUniform(w.shape, 0.5, 2, 'float32', 7) : tf.randomNormal(w.shape, 0, 0.5, 'float32', 11 + i))));
  }
  return model;
}

describe('fuseLayersModel', () => {
  it('computes the same function as the layers model, with every BatchNorm folded', () => {
    const model = toyNet();
    const fused = fuseLayersModel(model, 'gap');
    expect(fused).not.toBeNull();
    expect(fused!.foldedBatchNorms).toBe(2);
    const x = tf.randomUniform([3, 17, 17, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const want = model.predict(x) as tf.Tensor;
    const before = tf.memory().numTensors;
    const got = fused!.predict(x);
    expect(got.shape).toEqual(want.shape);
    expect(tf.tidy(() => want.abs().max().dataSync()[0])).toBeGreaterThan(0.05); // not a trivial all-zero output
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
    got.dispose();
    expect(tf.memory().numTensors).toBe(before);
    fused!.dispose();
    tf.dispose([x, want]);
    model.dispose();
  });

  it('forward() also returns the activation entering the pool, equal to the layer before it', () => {
    const model = toyNet();
    const fused = fuseLayersModel(model, 'gap')!;
    const beforePool = tf.model({ inputs: model.inputs, outputs: model.getLayer('pw').output as tf.SymbolicTensor });
    const x = tf.randomUniform([2, 17, 17, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const want = beforePool.predict(x) as tf.Tensor;
    const before = tf.memory().numTensors;
    const { output, featureMap } = fused.forward(x);
    expect(featureMap!.shape).toEqual(want.shape);
    expect(maxAbsDiff(featureMap!, want)).toBeLessThan(1e-4);
    expect(tf.tidy(() => maxAbsDiff(tf.mean(featureMap!, [1, 2]), output))).toBeLessThan(1e-6);
    tf.dispose([output, featureMap!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, want]);
    fused.dispose();
    model.dispose();
  });

  it('layersBetween lists the chain after one layer up to another', () => {
    const model = toyNet();
    expect(layersBetween(model, 'dw', 'pw')!.map((l) => l.getClassName())).toEqual(['BatchNormalization', 'Activation', 'Dropout', 'Conv2D']);
    expect(layersBetween(model, 'pw', 'dw')).toBeNull();
    model.dispose();
  });

  it('declines a layer it does not know, leaving no tensors behind', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, name: 'c' }).apply(input) as tf.SymbolicTensor;
    const pooled = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(conv) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: pooled });
    const before = tf.memory().numTensors;
    expect(fuseLayersModel(model, 'pool')).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it.skipIf(!hasShared('models', 'mobilenet_v1_0.75_224'))('matches the real MobileNet V1 0.75 embedding layer', async () => {
    const spec = backboneSpec('mobilenet_v1_0.75_224');
    const model = await tf.loadLayersModel(folderIOHandler(sharedPath('models', spec.id)));
    const fused = fuseLayersModel(model, spec.embeddingLayer!);
    expect(fused).not.toBeNull();
    expect(fused!.foldedBatchNorms).toBe(27);
    const embedder = tf.model({ inputs: model.inputs, outputs: model.getLayer(spec.embeddingLayer!).output as tf.SymbolicTensor });
    const x = tf.randomUniform([2, 224, 224, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    const want = embedder.predict(x) as tf.Tensor;
    const got = fused!.predict(x);
    expect(got.shape).toEqual([2, spec.embeddingSize]);
    // Post-ReLU6 averages in 0..6: folding changes only float rounding.
    expect(tf.tidy(() => want.max().dataSync()[0])).toBeGreaterThan(0.5);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-3);
    tf.dispose([x, want, got]);
    fused!.dispose();
    model.dispose();
  });
});

describe('fuseLayersModel on a residual graph (MobileNet V2 style)', () => {
  /** input → conv+relu6 → conv (linear) ─┐ add → relu → gap; the first conv also feeds the add, so its relu cannot fuse into it. */
  function residualNet(): tf.LayersModel {
    const input = tf.input({ shape: [9, 9, 4] });
    const c1 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'c1', kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }), biasInitializer: tf.initializers.randomNormal({ seed: 6 }) }).apply(input) as tf.SymbolicTensor;
    const r1 = tf.layers.reLU({ maxValue: 6, name: 'r1' }).apply(c1) as tf.SymbolicTensor;
    const c2 = tf.layers.conv2d({ filters: 4, kernelSize: 1, padding: 'same', name: 'c2', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }).apply(r1) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([c1, c2]) as tf.SymbolicTensor;
    const r2 = tf.layers.reLU({ name: 'r2' }).apply(sum) as tf.SymbolicTensor;
    const out = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(r2) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out });
  }

  it('computes the same function and the same tapped activations, freeing intermediates', () => {
    const model = residualNet();
    const fused = fuseLayersModel(model, 'gap', ['r1', 'sum'])!;
    expect(fused).not.toBeNull();
    const x = tf.randomNormal([2, 9, 9, 4], 0, 2, 'float32', 8) as tf.Tensor4D;
    const taps = tf.model({ inputs: model.inputs, outputs: [model.getLayer('r1').output, model.getLayer('sum').output] as tf.SymbolicTensor[] });
    const want = model.predict(x) as tf.Tensor;
    const wantTaps = taps.predict(x) as tf.Tensor[];
    const before = tf.memory().numTensors;
    const got = fused.forwardWithTaps(x, true);
    expect(tf.memory().numTensors).toBe(before + 4); // output, feature map, two taps: nothing else survives
    expect(maxAbsDiff(got.output, want)).toBeLessThan(1e-5);
    expect(tf.tidy(() => want.abs().max().dataSync()[0])).toBeGreaterThan(0.05);
    got.taps.forEach((t, i) => expect(maxAbsDiff(t, wantTaps[i])).toBeLessThan(1e-5));
    tf.dispose([got.output, got.featureMap!, ...got.taps]);
    expect(tf.memory().numTensors).toBe(before);
    fused.dispose();
    tf.dispose([x, want, ...wantTaps]);
    model.dispose();
  });
});
