/**
 * Class scores as a differentiable tf function of the raw cover embedding, for Grad-CAM: the training path
 * stays pure TS (encode.ts, softmaxRegression.ts); only this gradient path is written in tf ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DenseEncoder } from './encode';
import type { ModelInput } from './types';

export const COVER_GROUP = 'cover';

export type CoverScores = (cover: tf.Tensor2D) => tf.Tensor2D;

/** Columns [from, to) of a rows × cols row-major matrix, as float32. */
function columns(m: Float64Array, rows: number, cols: number, from: number, to: number): Float32Array {
  const w = to - from;
  const out = new Float32Array(rows * w);
  for (let r = 0; r < rows; r++) for (let j = 0; j < w; j++) out[r * w + j] = m[r * cols + from + j];
  return out;
}

/**
 * The encoder's output for rows `idx` with the cover block replaced by (cover − mean) / scale in tf ops:
 * every other group stays at those rows' encoded values. Null when the encoder has no cover block.
 */
export function encodedWithCover(enc: DenseEncoder, input: ModelInput, idx: Int32Array): CoverScores | null {
  const aff = enc.denseAffine(COVER_GROUP);
  if (!aff) return null;
  const n = idx.length;
  const fixed = enc.transform(input, idx);
  const leftWidth = aff.offset;
  const rightWidth = enc.dims - aff.offset - aff.width;
  const left = leftWidth > 0 ? columns(fixed, n, enc.dims, 0, leftWidth) : null;
  const right = rightWidth > 0 ? columns(fixed, n, enc.dims, aff.offset + aff.width, enc.dims) : null;
  const mean = Float32Array.from(aff.mean);
  const scale = Float32Array.from(aff.scale);
  return (cover) =>
    tf.tidy(() => {
      if (cover.shape[0] !== n || cover.shape[1] !== aff.width) throw new Error(`cover scores: expected [${n}, ${aff.width}], got [${cover.shape}]`);
      const z = tf.div(tf.sub(cover, tf.tensor1d(mean)), tf.tensor1d(scale)) as tf.Tensor2D;
      const parts: tf.Tensor2D[] = [];
      if (left) parts.push(tf.tensor2d(left, [n, leftWidth]));
      parts.push(z);
      if (right) parts.push(tf.tensor2d(right, [n, rightWidth]));
      return parts.length === 1 ? z : tf.concat(parts, 1);
    });
}

/** Affine scores z·Wᵀ + b of a k × d weight matrix (softmax regression logits). */
export function linearScores(design: CoverScores, W: Float64Array, b: Float64Array, k: number, d: number): CoverScores {
  const w = Float32Array.from(W);
  const bias = Float32Array.from(b);
  return (cover) => tf.tidy(() => tf.add(tf.matMul(design(cover), tf.tensor2d(w, [k, d]), false, true), tf.tensor1d(bias)) as tf.Tensor2D);
}

/**
 * A blend's scores: log of the mean member probability. `members[m]` is a member's scores function, or its
 * fixed probabilities (rows × k) when the member does not look at the cover.
 */
export function blendScores(members: (CoverScores | Float32Array)[], rows: number, k: number): CoverScores {
  return (cover) =>
    tf.tidy(() => {
      const probs = members.map((m) => (typeof m === 'function' ? tf.softmax(m(cover)) : tf.tensor2d(m, [rows, k])));
      return tf.log(tf.div(tf.addN(probs), members.length)) as tf.Tensor2D;
    });
}
