/**
 * Grad-CAM (Selvaraju et al. 2017) over a backbone's last feature map.
 *
 *   α_c  = mean over (y, x) of ∂score/∂A[y, x, c]            (channel weights)
 *   map  = ReLU(Σ_c α_c · A[·, ·, c]) / max                    (normalised to [0, 1])
 *
 * The pure half (weights, map, upsampling) works on plain arrays; `gradCamBatch` is the tf half: one
 * tf.grad of the chosen class scores through the head (GAP → the model's standardisation → the model).
 */
import * as tf from '@tensorflow/tfjs-core';

/** α: the spatial mean of the gradient per channel. grad is h × w × c, channels last. */
export function channelWeights(grad: ArrayLike<number>, h: number, w: number, c: number): Float32Array {
  const acc = new Float64Array(c);
  for (let p = 0; p < h * w; p++) for (let j = 0; j < c; j++) acc[j] += grad[p * c + j];
  return Float32Array.from(acc, (s) => s / (h * w));
}

/**
 * ReLU(Σ_c α_c · A[·, ·, c]), divided by its maximum. A map with no positive evidence (or a non-finite
 * maximum) is all zeros, never NaN.
 */
export function weightedMap(featureMap: ArrayLike<number>, weights: ArrayLike<number>, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(h * w);
  let max = 0;
  for (let p = 0; p < h * w; p++) {
    let s = 0;
    for (let j = 0; j < c; j++) s += weights[j] * featureMap[p * c + j];
    out[p] = s > 0 ? s : 0;
    if (out[p] > max) max = out[p];
  }
  if (!(max > 0) || !Number.isFinite(max)) return out.fill(0);
  for (let p = 0; p < out.length; p++) out[p] /= max;
  return out;
}

// The drawing-side resize lives in upsample.ts (free of tfjs, so the page can import it).
export { upsampleBilinear } from './upsample';

/** Class scores (logits) as a differentiable function of the pooled embedding, one row per cover. */
export type EmbeddingScores = (embedding: tf.Tensor2D) => tf.Tensor2D;

export interface GradCamResult {
  /** One h × w map per cover, normalised to [0, 1]. */
  maps: Float32Array[];
  h: number;
  w: number;
}

/**
 * Maps for a batch: featureMap [N, h, w, c], `scores` the head applied to GAP(featureMap), classes[i]
 * the class explained for cover i. Covers are independent rows of the head, so the gradient of the
 * sum of the chosen scores gives every cover's own gradient in one pass. Disposes what it creates.
 */
export async function gradCamBatch(featureMap: tf.Tensor4D, scores: EmbeddingScores, classes: Int32Array): Promise<GradCamResult> {
  const [n, h, w, c] = featureMap.shape;
  if (classes.length !== n) throw new Error(`gradCamBatch: ${classes.length} classes for ${n} covers`);
  const grad = tf.tidy(() => {
    const chosen = (a: tf.Tensor) => {
      const s = scores(tf.mean(a, [1, 2]) as tf.Tensor2D);
      const pick = tf.oneHot(tf.tensor1d(classes, 'int32'), s.shape[1]).toFloat();
      return tf.sum(tf.mul(s, pick));
    };
    return tf.grad(chosen)(featureMap);
  });
  try {
    const [a, g] = await Promise.all([featureMap.data(), grad.data()]);
    const size = h * w * c;
    const maps = Array.from({ length: n }, (_, i) => {
      const weights = channelWeights(g.subarray(i * size, (i + 1) * size), h, w, c);
      return weightedMap(a.subarray(i * size, (i + 1) * size), weights, h, w, c);
    });
    return { maps, h, w };
  } finally {
    grad.dispose();
  }
}
