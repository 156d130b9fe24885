import { describe, expect, it } from 'vitest';
import { Adam, adamUpdate, alphaDropout, alphaDropoutScalar, denseBackward, gemmABt, gemmABtScalar, transpose, seluForward, weightedSoftmaxCrossEntropy, type DenseLayer } from './mlpKernels';
import { SnnPass } from './snnPass';
import { Rng } from './rng';
import { adamSimd, simdKernels } from './kernels/simdKernels';

const rand = (rng: Rng, n: number, scale = 1) => Float32Array.from({ length: n }, () => scale * rng.normal());

describe.each([
  ['WebAssembly SIMD', gemmABt],
  ['plain TypeScript', gemmABtScalar],
])('gemmABt on %s', (_, gemm) => {
  it('matches a plain triple loop for every tile and padding remainder, with bias and accumulation', () => {
    const rng = new Rng(1);
    // Shapes cover odd rows, columns beyond the 4-wide tiles and widths that are not a multiple of 4 (padded).
    for (const [m, n, kk] of [[1, 1, 1], [3, 5, 7], [4, 8, 3], [5, 6, 9], [2, 4, 8], [64, 32, 808], [32, 37, 13]]) {
      const a = rand(rng, m * kk);
      const b = rand(rng, n * kk);
      const bias = rand(rng, n);
      const out = new Float32Array(m * n);
      gemm(a, b, out, m, n, kk, bias);
      const acc = out.slice();
      gemm(a, b, acc, m, n, kk, null, true);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          let mass = 1 + Math.abs(bias[j]);
          for (let p = 0; p < kk; p++) {
            s += a[i * kk + p] * b[j * kk + p];
            mass += Math.abs(a[i * kk + p] * b[j * kk + p]);
          }
          // f32 sums: within float32 rounding of the exact value, relative to Σ|terms| (one missing term is ~mass/kk).
          const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(2e-6 * mass);
          close(out[i * n + j], s + bias[j]);
          close(acc[i * n + j], 2 * s + bias[j]);
        }
    }
  });
});

it('Node (as every current browser) runs the SIMD kernels, so the tests of gemmABt and alphaDropout cover them', () => {
  expect(simdKernels()).not.toBeNull();
});

describe('alpha dropout on SIMD', () => {
  it('gives the plain-TypeScript masks and values bit for bit, and leaves the generator at the same state', () => {
    for (const [len, rate] of [[1, 0.2], [7, 0.5], [808 * 64, 0.2], [1001, 0.1]] as const) {
      const x = rand(new Rng(3), len);
      const out = [new Float32Array(len), new Float32Array(len)];
      const keep = [new Float32Array(len), new Float32Array(len)];
      const rngs = [new Rng(42), new Rng(42)];
      alphaDropout(x, out[0], keep[0], len, rate, rngs[0]);
      alphaDropoutScalar(x, out[1], keep[1], len, rate, rngs[1]);
      expect(Array.from(out[0])).toEqual(Array.from(out[1]));
      expect(Array.from(keep[0])).toEqual(Array.from(keep[1]));
      expect(keep[0].filter((k) => k === 0).length / len).toBeCloseTo(rate, len > 1000 ? 1 : 0);
      expect(rngs[0].uniform()).toBe(rngs[1].uniform());
    }
  });
});

describe('small kernels against hand-computed values', () => {
  it('selu, weighted cross-entropy and its gradient', () => {
    const out = new Float32Array(2);
    seluForward(Float32Array.of(1, -1), out, 2);
    expect(out[0]).toBeCloseTo(1.0507009873554805, 6);
    expect(out[1]).toBeCloseTo(1.0507009873554805 * 1.6732632423543772 * (Math.exp(-1) - 1), 6);
    // Two rows, two classes: logits (0, 0) and (ln 3, 0); labels 0 and 1; weights 1 and 3.
    const g = new Float32Array(4);
    const loss = weightedSoftmaxCrossEntropy(Float32Array.of(0, 0, Math.log(3), 0), [0, 1], [1, 3], 2, 2, g);
    expect(loss).toBeCloseTo((Math.log(2) + 3 * Math.log(4)) / 4, 6);
    expect(Array.from(g)).toEqual([-0.5 / 4, 0.5 / 4, (3 * 0.75) / 4, (3 * (0.25 - 1)) / 4].map((v) => expect.closeTo(v, 6)));
  });

  it('Adam: the first step moves each weight by lr against the sign of its gradient', () => {
    const w = Float32Array.of(1, -2);
    const adam = new Adam([w], 0.1);
    adam.step([Float32Array.of(0.5, -3)]);
    expect(w[0]).toBeCloseTo(0.9, 5);
    expect(w[1]).toBeCloseTo(-1.9, 5);
  });

  it('alpha dropout keeps mean 0 and variance 1 of standard-normal inputs', () => {
    const rng = new Rng(3);
    const n = 200_000;
    const x = rand(rng, n);
    const y = new Float32Array(n);
    alphaDropout(x, y, new Float32Array(n), n, 0.2, rng);
    const mean = y.reduce((a, b) => a + b, 0) / n;
    const variance = y.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
  });
});

describe('SnnPass backward', () => {
  it('matches central finite differences of the loss, with dropout masks held fixed', () => {
    const rng = new Rng(7);
    const d = 5, h = 4, k = 3, rows = 3, blocks = 1;
    const dims = [d, h, h, h, k];
    const layers: DenseLayer[] = dims.slice(0, -1).map((fanIn, l) => ({ fanIn, fanOut: dims[l + 1], w: rand(rng, fanIn * dims[l + 1], 0.7), b: rand(rng, dims[l + 1], 0.3) }));
    const shape = { blocks, dropoutRates: [0.3, 0.3, 0.3, 0] };
    const x = rand(rng, rows * d);
    const y = [0, 2, 1];
    const wts = [1, 2, 0.5];
    // Every pass replays the same masks: a fresh generator with the same seed.
    const lossAt = (pass: SnnPass) => {
      pass.forward(x, rows, new Rng(99));
      return weightedSoftmaxCrossEntropy(pass.logits, y, wts, rows, k, pass.dLogits);
    };
    const pass = new SnnPass(layers, shape, rows);
    lossAt(pass);
    const gw = layers.map((l) => new Float32Array(l.w.length));
    const gb = layers.map((l) => new Float32Array(l.b.length));
    pass.backward(rows, gw, gb);
    const eps = 1e-2;
    for (let l = 0; l < layers.length; l++) {
      for (const [param, grad] of [[layers[l].w, gw[l]], [layers[l].b, gb[l]]] as const) {
        for (let j = 0; j < param.length; j++) {
          const keep = param[j];
          param[j] = keep + eps;
          const up = lossAt(new SnnPass(layers, shape, rows));
          param[j] = keep - eps;
          const down = lossAt(new SnnPass(layers, shape, rows));
          param[j] = keep;
          expect(grad[j]).toBeCloseTo((up - down) / (2 * eps), 3);
        }
      }
    }
  });
});

describe('the other SIMD kernels against the plain TypeScript', () => {
  it('Adam: the same parameters and moments bit for bit over many steps, with and without weight decay', () => {
    const simd = simdKernels()!;
    for (const [len, decay] of [[5, 0], [808 * 32, 0.05], [13, 0.05]] as const) {
      const rng = new Rng(len);
      const p = [rand(rng, len), new Float32Array(0)];
      p[1] = p[0].slice();
      const m = [new Float32Array(len), new Float32Array(len)];
      const v = [new Float32Array(len), new Float32Array(len)];
      for (let t = 1; t <= 20; t++) {
        const g = rand(rng, len);
        const c1 = 1 - 0.9 ** t;
        const c2 = 1 - 0.999 ** t;
        adamSimd(simd, p[0], g, m[0], v[0], decay, 2e-3, 0.9, 0.999, 1e-7, c1, c2);
        adamUpdate(p[1], g, m[1], v[1], decay, 2e-3, 0.9, 0.999, 1e-7, c1, c2);
      }
      expect(Array.from(p[0])).toEqual(Array.from(p[1]));
      expect(Array.from(m[0])).toEqual(Array.from(m[1]));
      expect(Array.from(v[0])).toEqual(Array.from(v[1]));
    }
  });

  it('denseBackward: the weight gradient dZᵀ·a of a triple loop, for widths that need padding', () => {
    const rng = new Rng(11);
    for (const [rows, fanIn, fanOut] of [[1, 3, 2], [5, 937, 32], [64, 808, 32], [7, 32, 12]]) {
      const layer: DenseLayer = { fanIn, fanOut, w: rand(rng, fanIn * fanOut), b: new Float32Array(fanOut) };
      const a = rand(rng, rows * fanIn);
      const dZ = rand(rng, rows * fanOut);
      const gw = rand(rng, fanIn * fanOut);
      const want = Float64Array.from(gw);
      for (let o = 0; o < fanOut; o++) for (let j = 0; j < fanIn; j++) for (let r = 0; r < rows; r++) want[o * fanIn + j] += dZ[r * fanOut + o] * a[r * fanIn + j];
      denseBackward(layer, a, dZ, rows, gw, new Float32Array(fanOut), null);
      for (let i = 0; i < gw.length; i++) expect(Math.abs(gw[i] - want[i])).toBeLessThan(1e-5 * (1 + rows));
    }
    expect(transpose(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, new Float32Array(6))).toEqual(Float32Array.of(1, 4, 2, 5, 3, 6));
  });
});
