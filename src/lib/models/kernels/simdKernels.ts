/**
 * The models' heavy kernels on WebAssembly SIMD (simd.wat): the SNN's matrix product (f32x4; on its shapes 3–6
 * GMAC/s on one core against ~1 for a plain-TypeScript loop) and alpha dropout with its mulberry32 masks (the same
 * masks and values as the TypeScript version, ~20× faster), and softmax regression's two products on its design
 * matrix (f64x2). Small operands are copied into the module's memory for each call; a design matrix, which
 * L-BFGS multiplies hundreds of times, stays there (`placeDesign`). Every worker of one browser gets the same
 * engine, so the serial and the pooled leaderboards stay bit-identical.
 */
import bytes from './simd.wat';
import type { GemmABt } from '../mlpKernels';

export interface SimdKernels {
  memory: WebAssembly.Memory;
  gemmABt(a: number, b: number, out: number, m: number, n: number, kk: number, bias: number, acc: number): void;
  alphaDropout(x: number, out: number, keep: number, len: number, threshold: number, a: number, b: number, dropped: number, seed: number): void;
  gemmABtF64(a: number, b: number, out: number, m: number, n: number, kk: number, acc: number): void;
  transpose(src: number, dst: number, rows: number, cols: number, stride: number): void;
  adam(p: number, g: number, m: number, v: number, len: number, decay: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number): void;
}


let instance: SimdKernels | null | undefined;

/** The instantiated kernels, or null where WebAssembly SIMD is missing (then callers use their plain loops). */
export function simdKernels(): SimdKernels | null {
  if (instance === undefined) {
    try {
      instance = WebAssembly.validate(bytes) ? (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as SimdKernels) : null;
    } catch {
      instance = null;
    }
  }
  return instance;
}

/**
 * Memory layout: design matrices placed for reuse fill [16, top); each call lays its own operands out from `top`
 * on. Byte 0..15 stay unused, so that an address of 0 can mean "none".
 */
const ZONE_START = 16;
let top = ZONE_START;
const placed = new Map<number, { x: number; xt: number }>();
let largestPlacement = 0;
/** The placed designs are all dropped once they would pass max(64 MB, 4 × the largest): memory follows the data. */
const MIN_ZONE_BYTES = 64 << 20;

/** Grows the module's memory to at least `bytes`. */
function ensure(k: SimdKernels, bytes: number): void {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
}

/** The module's memory as floats, at least `floats` past `top` long; returns the float offset of `top` too. */
function heap(k: SimdKernels, floats: number): { f: Float32Array; at: number } {
  ensure(k, top + floats * 4);
  return { f: new Float32Array(k.memory.buffer), at: top / 4 };
}

/** Copies `rows` rows of width `width` into f at `at`, each padded with zeros to `stride`. */
function put(f: Float32Array, at: number, x: Float32Array, rows: number, width: number, stride: number): void {
  if (stride === width) {
    f.set(x.subarray(0, rows * width), at);
    return;
  }
  for (let r = 0; r < rows; r++) {
    f.set(x.subarray(r * width, r * width + width), at + r * stride);
    f.fill(0, at + r * stride + width, at + (r + 1) * stride);
  }
}

const ceil4 = (n: number) => (n + 3) & ~3;

/** mlpKernels.gemmABt's contract, on the SIMD kernels `k`. */
export function gemmABtSimd(k: SimdKernels, ...[a, b, out, m, n, kk, bias, accumulate]: Parameters<GemmABt>): void {
  const stride = ceil4(kk);
  const { f, at: A } = heap(k, (m + n) * stride + m * n + (bias ? n : 0));
  const B = A + m * stride;
  const O = B + n * stride;
  const BIAS = O + m * n;
  put(f, A, a, m, kk, stride);
  put(f, B, b, n, kk, stride);
  if (bias) f.set(bias.subarray(0, n), BIAS);
  if (accumulate) f.set(out.subarray(0, m * n), O);
  k.gemmABt(A * 4, B * 4, O * 4, m, n, stride, bias ? BIAS * 4 : 0, accumulate ? 1 : 0);
  out.set(f.subarray(O, O + m * n));
}

/**
 * gw (fanOut × fanIn) += dZᵀ·a for dZ (rows × fanOut) and a (rows × fanIn), a dense layer's weight gradient: both
 * transposed in the module (rows padded to 4), then the register-tiled product.
 */
export function addAtBSimd(k: SimdKernels, dZ: Float32Array, a: Float32Array, gw: Float32Array, rows: number, fanOut: number, fanIn: number): void {
  const rp = ceil4(rows);
  const { f, at: DZ } = heap(k, rows * (fanOut + fanIn) + rp * (fanOut + fanIn) + fanOut * fanIn);
  const A = DZ + rows * fanOut;
  const DZT = A + rows * fanIn;
  const AT = DZT + fanOut * rp;
  const G = AT + fanIn * rp;
  f.set(dZ.subarray(0, rows * fanOut), DZ);
  f.set(a.subarray(0, rows * fanIn), A);
  f.set(gw.subarray(0, fanOut * fanIn), G);
  k.transpose(DZ * 4, DZT * 4, rows, fanOut, rp);
  k.transpose(A * 4, AT * 4, rows, fanIn, rp);
  k.gemmABt(DZT * 4, AT * 4, G * 4, fanOut, fanIn, rp, 0, 1);
  gw.set(f.subarray(G, G + fanOut * fanIn));
}

/** One Adam update of p, m, v in place from g (mlpKernels.ts adamUpdate, bit for bit). */
export function adamSimd(
  k: SimdKernels,
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, decay: number,
  lr: number, beta1: number, beta2: number, eps: number, c1: number, c2: number,
): void {
  const len = p.length;
  const padded = ceil4(len);
  const { f, at: P } = heap(k, 4 * padded);
  const G = P + padded;
  const M = G + padded;
  const V = M + padded;
  f.set(p, P);
  f.set(g.subarray(0, len), G);
  f.set(m, M);
  f.set(v, V);
  k.adam(P * 4, G * 4, M * 4, V * 4, len, decay, lr, beta1, beta2, eps, c1, c2);
  p.set(f.subarray(P, P + len));
  m.set(f.subarray(M, M + len));
  v.set(f.subarray(V, V + len));
}

/** The smallest float32 ≥ x (x > 0): comparing a float32 with it equals comparing with x in double precision. */
function float32AtLeast(x: number): number {
  const f = new Float32Array([x]);
  if (f[0] < x) new Uint32Array(f.buffer)[0]++;
  return f[0];
}

/**
 * mlpKernels.alphaDropout's contract on the SIMD kernels: `seed` is the generator state before the first of the
 * `len` draws (Rng.skip), `a`, `b`, `dropped` its affine factors.
 */
export function alphaDropoutSimd(
  k: SimdKernels,
  x: Float32Array,
  out: Float32Array,
  keepScale: Float32Array,
  len: number,
  rate: number,
  a: number,
  b: number,
  dropped: number,
  seed: number,
): void {
  const padded = ceil4(len);
  const { f, at: X } = heap(k, 3 * padded);
  const OUT = X + padded;
  const KEEP = OUT + padded;
  f.set(x.subarray(0, len), X);
  k.alphaDropout(X * 4, OUT * 4, KEEP * 4, len, float32AtLeast(rate), a, b, Math.fround(dropped), seed | 0);
  out.set(f.subarray(OUT, OUT + len));
  keepScale.set(f.subarray(KEEP, KEEP + len));
}

const ceil2 = (n: number) => (n + 1) & ~1;

/** A dense design matrix (rows × cols, row-major) that must not change once placed; `id` names it. */
export interface PlaceableDesign {
  id: number;
  rows: number;
  cols: number;
  data: Float64Array | Float32Array;
}

/**
 * X and Xᵀ of a design in the module's memory (f64, rows padded with zeros to an even width), placed on first use
 * and reused while they stay placed. Returns their byte addresses.
 */
function placeDesign(k: SimdKernels, d: PlaceableDesign): { x: number; xt: number } {
  const hit = placed.get(d.id);
  if (hit) return hit;
  const { rows, cols, data } = d;
  const cp = ceil2(cols);
  const rp = ceil2(rows);
  const bytes = (rows * cp + cols * rp) * 8;
  largestPlacement = Math.max(largestPlacement, bytes);
  if (top + bytes > ZONE_START + Math.max(MIN_ZONE_BYTES, 4 * largestPlacement)) {
    placed.clear();
    top = ZONE_START;
  }
  ensure(k, top + bytes);
  const f = new Float64Array(k.memory.buffer);
  const x = top / 8;
  const xt = x + rows * cp;
  for (let r = 0; r < rows; r++) {
    f.set(data.subarray(r * cols, r * cols + cols), x + r * cp);
    if (cp > cols) f[x + r * cp + cols] = 0;
  }
  for (let j = 0; j < cols; j++) {
    const o = xt + j * rp;
    for (let r = 0; r < rows; r++) f[o + r] = data[r * cols + j];
    if (rp > rows) f[o + rows] = 0;
  }
  const where = { x: x * 8, xt: xt * 8 };
  top += bytes;
  placed.set(d.id, where);
  return where;
}

/** Design.scores on SIMD: out[r·k + c] = Σ_j X[r, j] · W[c·cols + j]. */
export function designScoresSimd(k: SimdKernels, d: PlaceableDesign, W: Float64Array, classes: number, out: Float64Array): void {
  const { x } = placeDesign(k, d);
  const cp = ceil2(d.cols);
  ensure(k, top + (classes * cp + d.rows * classes) * 8);
  const f = new Float64Array(k.memory.buffer);
  const w = top / 8;
  const o = w + classes * cp;
  for (let c = 0; c < classes; c++) {
    f.set(W.subarray(c * d.cols, c * d.cols + d.cols), w + c * cp);
    if (cp > d.cols) f[w + c * cp + d.cols] = 0;
  }
  k.gemmABtF64(x, w * 8, o * 8, d.rows, classes, cp, 0);
  out.set(f.subarray(o, o + d.rows * classes));
}

/** Design.addGradient on SIMD: G[c·cols + j] += Σ_r R[r·k + c] · X[r, j], as Rᵀ·X against the placed Xᵀ. */
export function designGradientSimd(k: SimdKernels, d: PlaceableDesign, R: Float64Array, classes: number, G: Float64Array): void {
  const { xt } = placeDesign(k, d);
  const rp = ceil2(d.rows);
  const n = classes * d.cols;
  ensure(k, top + (classes * rp + n) * 8);
  const f = new Float64Array(k.memory.buffer);
  const rt = top / 8;
  const g = rt + classes * rp;
  for (let c = 0; c < classes; c++) {
    const o = rt + c * rp;
    for (let r = 0; r < d.rows; r++) f[o + r] = R[r * classes + c];
    if (rp > d.rows) f[o + d.rows] = 0;
  }
  f.set(G.subarray(0, n), g);
  k.gemmABtF64(rt * 8, xt, g * 8, classes, d.cols, rp, 1);
  G.set(f.subarray(g, g + n));
}
