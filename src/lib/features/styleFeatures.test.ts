import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { concatStyleStatistics, styleStatistics } from './styleStats';
import { loadBackboneFrom, LayersBackbone, type Backbone } from './backbone';
import { backboneSpec } from './backbones';
import { batchNet } from './featurize';
import { FEATURIZERS, activeFeaturizers, featurizer, networkFeaturizers } from './featurizers/registry';
import { folderIOHandler, hasShared, sharedPath } from '../../testing/shared';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);

describe('styleStatistics', () => {
  it('is the per-channel mean and population std over H and W, means first', () => {
    // One image, 2×2 positions, 2 channels: channel 0 = 1, 2, 3, 6; channel 1 = 0, 0, 4, 4.
    const map = tf.tensor4d([1, 0, 2, 0, 3, 4, 6, 4], [1, 2, 2, 2]);
    const got = styleStatistics(map).arraySync()[0];
    // mean0 = 3, var0 = (4 + 1 + 0 + 9) / 4 = 3.5; mean1 = 2, var1 = (4 + 4 + 4 + 4) / 4 = 4.
    const want = [3, 2, Math.sqrt(3.5), 2];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    map.dispose();
  });

  it('keeps images apart and concatenates levels shallow to deep without leaking', () => {
    const a = tf.tensor4d([1, 1, 1, 1, 0, 2, 0, 2], [2, 2, 2, 1]); // image 0 constant, image 1 alternating
    const b = tf.tensor4d([5, 7], [2, 1, 1, 1]);
    const before = tf.memory().numTensors;
    const out = concatStyleStatistics([a, b]);
    expect(out.shape).toEqual([2, 4]);
    const rows = out.arraySync();
    expect(rows[0]).toEqual([1, 0, 5, 0]);
    expect(rows[1].map((v) => +v.toFixed(6))).toEqual([1, 1, 7, 0]);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});

describe('featurizer registry and cache ids', () => {
  const fake = (cacheId: string, styleSize: number) => ({ cacheId, styleSize, spec: { embeddingSize: 768 } }) as unknown as Backbone;

  it('has one entry per dense group id, and a label plus one line each', () => {
    expect(FEATURIZERS.map((f) => f.id)).toEqual(['cover', 'style', 'colour']);
    for (const f of FEATURIZERS) expect(f.captures.length).toBeGreaterThan(20);
    expect(featurizer('style')!.label('MobileNet V2')).toBe('MobileNet V2 — style (multi-level)');
    expect(featurizer('cover')!.label('MobileNet V1')).toBe('MobileNet V1 — final layer');
    expect(featurizer('colour')!.label(null)).toBe('Colour');
  });

  it('gives every featurizer its own cache id, which follows the weights and the flip variant', () => {
    const plain = { flipAverage: false };
    const a = fake('net@aaaaaaaaaaaaaaaa/img1-224-r-1,1-fused', 10);
    const b = fake('net@bbbbbbbbbbbbbbbb/img1-224-r-1,1-fused', 10);
    const ids = FEATURIZERS.map((f) => f.cacheId(a, plain));
    expect(new Set(ids).size).toBe(3);
    expect(featurizer('cover')!.cacheId(a, plain)).toBe(a.cacheId); // older caches stay valid
    for (const id of ['cover', 'style']) {
      expect(featurizer(id)!.cacheId(b, plain)).not.toBe(featurizer(id)!.cacheId(a, plain));
      expect(featurizer(id)!.cacheId(a, { flipAverage: true })).not.toBe(featurizer(id)!.cacheId(a, plain));
    }
  });

  it('offers style only with a network that has style layers; colour always', () => {
    expect(activeFeaturizers(null).map((f) => f.id)).toEqual(['colour']);
    expect(activeFeaturizers(fake('x', 0)).map((f) => f.id)).toEqual(['cover', 'colour']);
    expect(networkFeaturizers(fake('x', 10)).map((f) => f.id)).toEqual(['cover', 'style']);
  });
});

/** A deterministic synthetic batch, values 0..255. */
function synthetic(n: number): tf.Tensor4D {
  return tf.tidy(() => tf.randomUniform([n, 224, 224, 3], 0, 255, 'float32', 17) as tf.Tensor4D);
}

describe.skipIf(!hasShared('models', 'mobilenet_v1_0.75_224'))('V1 0.75 style statistics (real weights)', () => {
  it('fused taps equal the unfused layers model, and the pass leaks nothing', async () => {
    const id = 'mobilenet_v1_0.75_224';
    const backbone = (await loadBackboneFrom(backboneSpec(id), folderIOHandler(sharedPath('models', id)))) as LayersBackbone;
    expect(backbone.styleSize).toBe(2 * (96 + 192 + 384 + 768));
    expect(backbone.cacheId).toMatch(/-fused$/); // the fused net compiled with its taps, not the fallback
    const pixels = synthetic(2);
    const baseline = tf.memory().numTensors;
    const fused = backbone.forward(pixels, { style: true, featureMap: true });
    const unfused = backbone.forwardUnfused(pixels, { style: true });
    expect(fused.style!.shape).toEqual([2, backbone.styleSize]);
    expect(tf.tidy(() => unfused.style!.abs().max().dataSync()[0])).toBeGreaterThan(0.1);
    expect(maxAbsDiff(fused.style!, unfused.style!)).toBeLessThan(1e-3);
    expect(maxAbsDiff(fused.embedding, unfused.embedding)).toBeLessThan(1e-4);
    // The last level's means are the embedding (conv_pw_13_relu pooled).
    const lastMeans = tf.tidy(() => fused.style!.slice([0, 2 * (96 + 192 + 384)], [2, 768]));
    expect(maxAbsDiff(lastMeans, fused.embedding)).toBeLessThan(1e-4);
    tf.dispose([fused.embedding, fused.style!, fused.featureMap!, unfused.embedding, unfused.style!, lastMeans]);
    expect(tf.memory().numTensors).toBe(baseline);
    // batchNet with the registry's network featurizers: embedding + style from one pass; flip averaging too.
    for (const flip of [false, true]) {
      const out = batchNet(backbone, networkFeaturizers(backbone), flip)(pixels);
      expect(out.outputs.map((t) => t.shape)).toEqual([[2, 768], [2, backbone.styleSize]]);
      tf.dispose([out.embedding, ...out.outputs, out.top!]);
      expect(tf.memory().numTensors).toBe(baseline);
    }
    pixels.dispose();
    backbone.dispose();
  }, 120_000);
});

/** A real cover, centre-cropped and resized to 224 by ImageMagick, as float RGB 0..255. */
function realCover(): tf.Tensor4D {
  const file = sharedPath('datasets', 'spotify-6genre', 'covers', 'classical__00J0nEe6CsvnkCZ3eqcVfJ.jpg');
  const rgb = execFileSync('convert', [file, '-resize', '224x224^', '-gravity', 'center', '-extent', '224x224', '-depth', '8', 'rgb:-']);
  return tf.tensor4d(Float32Array.from(rgb), [1, 224, 224, 3]);
}

/** A working ImageMagick (a machine may have a `convert` that is something else: .ci/run installs the real one). */
function hasImageMagick(): boolean {
  try {
    return execFileSync('convert', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('ImageMagick');
  } catch {
    return false;
  }
}
const canDecode = hasShared('datasets', 'spotify-6genre', 'covers') && hasImageMagick();
describe.skipIf(!hasShared('models', 'mobilenet_v2_1.0_224') || !canDecode)('MobileNet V2 1.0 (real weights, real cover)', () => {
  it('embedding and style equal the layers model computed directly, 1280-d + 5152-d, no leaks', async () => {
    const id = 'mobilenet_v2_1.0_224';
    const spec = backboneSpec(id);
    const backbone = await loadBackboneFrom(spec, folderIOHandler(sharedPath('models', id)));
    const full = await tf.loadLayersModel(folderIOHandler(sharedPath('models', id)));
    expect(backbone.hasClassifierHead).toBe(false);
    expect(backbone.classLabels).toBeNull();
    expect(backbone.styleSize).toBe(5152);
    expect(backbone.cacheId).toMatch(/-fused$/); // residual Adds compiled by fuseLayers, not the layers fallback
    const pixels = realCover();
    const baseline = tf.memory().numTensors;
    const got = backbone.forward(pixels, { style: true, featureMap: true, logits: true });
    expect(got.logits).toBeUndefined();
    expect(got.embedding.shape).toEqual([1, 1280]);
    expect(got.featureMap!.shape).toEqual([1, 7, 7, 1280]);
    const [wantEmbedding, wantStyle] = tf.tidy(() => {
      const x = pixels.div(127.5).sub(1);
      const levels = tf.model({ inputs: full.inputs, outputs: spec.styleLayers!.map((l) => full.getLayer(l).output as tf.SymbolicTensor) });
      const maps = levels.predict(x) as tf.Tensor4D[];
      // Hand-rolled statistics, independent of styleStats.ts: mean and sqrt(mean of squares − mean²).
      const stats = maps.map((m) => {
        const mean = m.mean([1, 2]);
        return tf.concat([mean, m.square().mean([1, 2]).sub(mean.square()).relu().sqrt()], 1);
      });
      return [full.predict(x) as tf.Tensor2D, tf.concat(stats, 1)];
    });
    expect(tf.tidy(() => wantEmbedding.abs().max().dataSync()[0])).toBeGreaterThan(0.5);
    expect(maxAbsDiff(got.embedding, wantEmbedding)).toBeLessThan(1e-4);
    expect(maxAbsDiff(got.style!, wantStyle)).toBeLessThan(1e-3);
    tf.dispose([got.embedding, got.style!, got.featureMap!, wantEmbedding, wantStyle]);
    expect(tf.memory().numTensors).toBe(baseline);
    pixels.dispose();
    full.dispose();
    backbone.dispose();
  }, 120_000);
});

describe.skipIf(!hasShared('models', 'mobilenet_v1_0.25_224_graph'))('graph backbone style nodes (V1 0.25, TF-Hub)', () => {
  it('returns the style statistics of its pointwise nodes from the same execute, no leaks', async () => {
    const id = 'mobilenet_v1_0.25_224_graph';
    const backbone = await loadBackboneFrom(backboneSpec(id), folderIOHandler(sharedPath('models', id)));
    expect(backbone.styleSize).toBe(2 * (32 + 64 + 128 + 256));
    const pixels = synthetic(2);
    const baseline = tf.memory().numTensors;
    const { embedding, style, featureMap } = backbone.forward(pixels, { style: true, featureMap: true });
    expect(style!.shape).toEqual([2, backbone.styleSize]);
    // The deepest level's means are the embedding (Conv2d_13_pointwise pooled).
    const lastMeans = tf.tidy(() => style!.slice([0, 2 * (32 + 64 + 128)], [2, 256]));
    expect(maxAbsDiff(lastMeans, embedding)).toBeLessThan(1e-4);
    tf.dispose([embedding, style!, featureMap!, lastMeans]);
    expect(tf.memory().numTensors).toBe(baseline);
    pixels.dispose();
    backbone.dispose();
  }, 120_000);
});
