/**
 * The SNN's heavy kernels on WebAssembly SIMD (mlp.wat): the dense layers' matrix product (f32x4; on the SNN's
 * shapes 3–6 GMAC/s on one core against ~1 for a plain-TypeScript loop) and alpha dropout with its mulberry32
 * masks (the same masks and values as the TypeScript version, ~20× faster). Operands are copied into the module's
 * memory for each call: a copy is cheap next to the work it feeds. Every worker of one browser gets the same
 * engine, so the serial and the pooled leaderboards stay bit-identical.
 */
import bytes from './mlp.wat';

interface MlpExports {
  memory: WebAssembly.Memory;
  gemmABt(a: number, b: number, out: number, m: number, n: number, kk: number, bias: number, acc: number): void;
  alphaDropout(x: number, out: number, keep: number, len: number, threshold: number, a: number, b: number, dropped: number, seed: number): void;
}

export type SimdKernels = MlpExports;

let instance: MlpExports | null | undefined;

/** The instantiated kernels, or null where WebAssembly SIMD is missing (then callers use their plain loops). */
export function simdKernels(): SimdKernels | null {
  if (instance === undefined) {
    try {
      instance = WebAssembly.validate(bytes) ? (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as MlpExports) : null;
    } catch {
      instance = null;
    }
  }
  return instance;
}

/**
 * The module's memory as floats, at least `floats` long. Float offsets 0..3 stay unused, so that an address of 0
 * can mean "none"; callers lay out their operands from offset 4 on, each call afresh.
 */
function heap(k: MlpExports, floats: number): Float32Array {
  const have = k.memory.buffer.byteLength;
  if (floats * 4 > have) k.memory.grow(Math.ceil((floats * 4 - have) / 65536));
  return new Float32Array(k.memory.buffer);
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
export function gemmABtSimd(
  k: SimdKernels,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  kk: number,
  bias: Float32Array | null,
  accumulate: boolean,
): void {
  const stride = ceil4(kk);
  const A = 4;
  const B = A + m * stride;
  const O = B + n * stride;
  const BIAS = O + m * n;
  const f = heap(k, BIAS + (bias ? n : 0));
  put(f, A, a, m, kk, stride);
  put(f, B, b, n, kk, stride);
  if (bias) f.set(bias.subarray(0, n), BIAS);
  if (accumulate) f.set(out.subarray(0, m * n), O);
  k.gemmABt(A * 4, B * 4, O * 4, m, n, stride, bias ? BIAS * 4 : 0, accumulate ? 1 : 0);
  out.set(f.subarray(O, O + m * n));
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
  const X = 4;
  const OUT = X + padded;
  const KEEP = OUT + padded;
  const f = heap(k, KEEP + padded);
  f.set(x.subarray(0, len), X);
  k.alphaDropout(X * 4, OUT * 4, KEEP * 4, len, float32AtLeast(rate), a, b, Math.fround(dropped), seed | 0);
  out.set(f.subarray(OUT, OUT + len));
  keepScale.set(f.subarray(KEEP, KEEP + len));
}
