/**
 * Kernels of a small dense network (forward, backward, SELU, alpha dropout, Adam), on row-major Float32Arrays. The
 * matrix products, alpha dropout and Adam run on WebAssembly SIMD where the engine has it (kernels/simdKernels.ts),
 * each with its plain-TypeScript loop as the fallback; SELU and the loss stay in TypeScript. The SNN trains on these
 * instead of tfjs ops: its layers are so small (32 wide) that tfjs spends most of a step dispatching its ~550
 * kernels (24 ms per 64-row step on WASM, against ~3 ms in plain TypeScript), and these are bit-identical on every
 * backend and worker of one browser.
 */

import { adamSimd, addAtBSimd, alphaDropoutSimd, gemmABtSimd, simdKernels } from './kernels/simdKernels';

export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/**
 * A dense layer y = x·wᵀ + b: w is fanOut × fanIn row-major (one row per output unit, as in PyTorch's Linear), so
 * the forward pass and the weight gradient both read contiguous rows.
 */
export interface DenseLayer {
  fanIn: number;
  fanOut: number;
  w: Float32Array;
  b: Float32Array;
}

/**
 * out (m × n) = a (m × kk) · bᵀ (b is n × kk), both row-major, plus `bias[j]` or, with `accumulate`, plus what out
 * holds.
 */
export type GemmABt = (
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  kk: number,
  bias: Float32Array | null,
  accumulate?: boolean,
) => void;

/** GemmABt on WebAssembly SIMD where the engine has it (kernels/simdKernels.ts), else in plain TypeScript. */
export const gemmABt: GemmABt = (...args) => {
  const simd = simdKernels();
  if (simd) gemmABtSimd(simd, ...args);
  else gemmABtScalar(...args);
};

/**
 * gemmABt in plain TypeScript, where WebAssembly SIMD is missing. Tiles of 2 rows × 4 columns keep 8 sums in
 * registers over contiguous rows of a and b: ~1.6 GMAC/s in V8, 5× a plain triple loop.
 */
export const gemmABtScalar: GemmABt = (a, b, out, m, n, kk, bias, accumulate = false) => {
  const init = (i: number, j: number) => (accumulate ? out[i * n + j] : bias ? bias[j] : 0);
  const n4 = n - (n % 4);
  for (let i = 0; i < m; i += 2) {
    const two = i + 1 < m;
    const a0 = i * kk;
    const a1 = two ? a0 + kk : a0;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * kk;
      const b1 = b0 + kk;
      const b2 = b1 + kk;
      const b3 = b2 + kk;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let p = 0; p < kk; p++) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const y0 = b[b0 + p];
        const y1 = b[b1 + p];
        const y2 = b[b2 + p];
        const y3 = b[b3 + p];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      const o = i * n + j;
      out[o] = init(i, j) + s00;
      out[o + 1] = init(i, j + 1) + s01;
      out[o + 2] = init(i, j + 2) + s02;
      out[o + 3] = init(i, j + 3) + s03;
      if (two) {
        out[o + n] = init(i + 1, j) + s10;
        out[o + n + 1] = init(i + 1, j + 1) + s11;
        out[o + n + 2] = init(i + 1, j + 2) + s12;
        out[o + n + 3] = init(i + 1, j + 3) + s13;
      }
    }
    for (let r = i; r < (two ? i + 2 : i + 1); r++) {
      for (let j = n4; j < n; j++) {
        let s = 0;
        for (let p = 0; p < kk; p++) s += a[r * kk + p] * b[j * kk + p];
        out[r * n + j] = init(r, j) + s;
      }
    }
  }
};

/** out (cols × rows) = xᵀ for the rows × cols matrix x. */
export function transpose(x: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j];
  return out;
}

/** Reused scratch buffers of the backward pass (a worker runs one fit at a time), grown on demand. */
const scratch: Float32Array[] = [];
function scratchBuffer(slot: number, size: number): Float32Array {
  if (!scratch[slot] || scratch[slot].length < size) scratch[slot] = new Float32Array(size);
  return scratch[slot];
}

/** out (rows × fanOut) = a (rows × fanIn) · wᵀ + b. */
export function denseForward(layer: DenseLayer, a: Float32Array, rows: number, out: Float32Array): void {
  gemmABt(a, layer.w, out, rows, layer.fanOut, layer.fanIn, layer.b);
}

/**
 * Gradients of a dense layer from dZ (rows × fanOut), the loss gradient of its output: adds dZᵀ·a to gw and the
 * column sums of dZ to gb; when dA is given, writes dZ·w (rows × fanIn) into it.
 */
export function denseBackward(
  layer: DenseLayer,
  a: Float32Array,
  dZ: Float32Array,
  rows: number,
  gw: Float32Array,
  gb: Float32Array,
  dA: Float32Array | null,
): void {
  const { fanIn, fanOut, w } = layer;
  for (let i = 0; i < rows; i++) for (let j = 0; j < fanOut; j++) gb[j] += dZ[i * fanOut + j];
  const simd = simdKernels();
  if (simd) addAtBSimd(simd, dZ, a, gw, rows, fanOut, fanIn);
  else {
    const dZt = transpose(dZ, rows, fanOut, scratchBuffer(0, rows * fanOut));
    const at = transpose(a, rows, fanIn, scratchBuffer(1, rows * fanIn));
    gemmABt(dZt, at, gw, fanOut, fanIn, rows, null, true);
  }
  if (dA) gemmABt(dZ, transpose(w, fanOut, fanIn, scratchBuffer(2, fanIn * fanOut)), dA, rows, fanIn, fanOut, null);
}

/** out = selu(z), elementwise over the first `len` entries. */
export function seluForward(z: Float32Array, out: Float32Array, len: number): void {
  for (let i = 0; i < len; i++) {
    const v = z[i];
    out[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * (Math.exp(v) - 1);
  }
}

/** g *= selu'(z) in place (z is selu's input). */
export function seluBackward(z: Float32Array, g: Float32Array, len: number): void {
  for (let i = 0; i < len; i++) {
    const v = z[i];
    g[i] *= v > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(v);
  }
}

/** What alpha dropout draws its masks from (Rng): uniform numbers, or a block of them reserved for the SIMD kernel. */
export interface DropoutRng {
  fillUniform(out: Float32Array, len: number): void;
  skip(len: number): number;
}

/**
 * Alpha dropout (Klambauer et al.) at `rate`: y = x·a + b where kept, y = a·α' + b where dropped (α' = −αλ), which
 * keeps SELU's mean and variance. Writes the per-element factor (a or 0) to `keepScale` for the backward pass.
 * `rng` draws one uniform number per element, in row-major order; the SIMD kernel gives the same values.
 */
export function alphaDropout(x: Float32Array, out: Float32Array, keepScale: Float32Array, len: number, rate: number, rng: DropoutRng): void {
  const simd = simdKernels();
  if (!simd) return alphaDropoutScalar(x, out, keepScale, len, rate, rng);
  const { a, b, dropped } = alphaDropoutFactors(rate);
  alphaDropoutSimd(simd, x, out, keepScale, len, rate, a, b, dropped, rng.skip(len));
}

function alphaDropoutFactors(rate: number) {
  const alphaP = -SELU_ALPHA * SELU_SCALE;
  const a = ((1 - rate) * (1 + rate * alphaP * alphaP)) ** -0.5;
  const b = -a * alphaP * rate;
  return { a, b, dropped: a * alphaP + b };
}

/** alphaDropout in plain TypeScript, where WebAssembly SIMD is missing. */
export function alphaDropoutScalar(x: Float32Array, out: Float32Array, keepScale: Float32Array, len: number, rate: number, rng: DropoutRng): void {
  const { a, b, dropped } = alphaDropoutFactors(rate);
  // The uniform draws go into keepScale first, which the loop then overwrites.
  rng.fillUniform(keepScale, len);
  for (let i = 0; i < len; i++) {
    if (keepScale[i] >= rate) {
      out[i] = x[i] * a + b;
      keepScale[i] = a;
    } else {
      out[i] = dropped;
      keepScale[i] = 0;
    }
  }
}

/**
 * Class-weighted mean cross-entropy Σ wᵢ·CEᵢ / Σ wᵢ of logits (rows × k); when `dLogits` is given, writes the
 * loss gradient (softmax − onehot)·wᵢ/Σw into it.
 */
export function weightedSoftmaxCrossEntropy(
  logits: Float32Array,
  y: ArrayLike<number>,
  weights: ArrayLike<number>,
  rows: number,
  k: number,
  dLogits: Float32Array | null,
): number {
  let wSum = 0;
  for (let i = 0; i < rows; i++) wSum += weights[i];
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, logits[o + c]);
    let z = 0;
    for (let c = 0; c < k; c++) z += Math.exp(logits[o + c] - max);
    const logZ = max + Math.log(z);
    loss += weights[i] * (logZ - logits[o + y[i]]);
    if (dLogits) {
      const s = weights[i] / wSum;
      for (let c = 0; c < k; c++) dLogits[o + c] = s * (Math.exp(logits[o + c] - logZ) - (c === y[i] ? 1 : 0));
    }
  }
  return loss / wSum;
}

/**
 * Adam as tfjs' tf.train.adam(lr) applies it (β₁ 0.9, β₂ 0.999, ε 1e-7, bias-corrected moments), with an optional
 * L2 weight decay per parameter array: its gradient decay·p is added to the gradient first, as if the loss had
 * (decay/2)·‖p‖² in it.
 */
export class Adam {
  private m: Float32Array[];
  private v: Float32Array[];
  private t = 0;
  constructor(
    private params: Float32Array[],
    private lr: number,
    private decay: readonly number[] = [],
    private beta1 = 0.9,
    private beta2 = 0.999,
    private eps = 1e-7,
  ) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /** One update of every parameter from its gradient (grads[i] matches params[i]). */
  step(grads: Float32Array[]): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const simd = simdKernels();
    const { lr, beta1, beta2, eps } = this;
    for (let i = 0; i < this.params.length; i++) {
      const decay = this.decay[i] ?? 0;
      if (simd) adamSimd(simd, this.params[i], grads[i], this.m[i], this.v[i], decay, lr, beta1, beta2, eps, c1, c2);
      else adamUpdate(this.params[i], grads[i], this.m[i], this.v[i], decay, lr, beta1, beta2, eps, c1, c2);
    }
  }
}

/** One Adam update of p in place; every value is rounded to float32 where tfjs would store it. */
export function adamUpdate(
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, decay: number,
  lr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number,
): void {
  const a1 = 1 - beta1;
  const a2 = 1 - beta2;
  for (let j = 0; j < p.length; j++) {
    const gj = decay === 0 ? g[j] : Math.fround(g[j] + decay * p[j]);
    const mj = Math.fround(beta1 * m[j] + a1 * gj);
    const vj = Math.fround(beta2 * v[j] + a2 * gj * gj);
    m[j] = mj;
    v[j] = vj;
    p[j] -= (lr * (mj / c1)) / (Math.sqrt(vj / c2) + eps);
  }
}
