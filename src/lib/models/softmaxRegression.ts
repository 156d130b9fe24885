/**
 * Multinomial logistic regression with an L2 penalty on the weights (not the intercepts), fitted by L-BFGS.
 * Objective: Σ_i w_i · CE_i / Σ_i w_i + (l2 / 2)·‖W‖², with w_i the class weight of row i.
 * In scikit-learn terms this is LogisticRegression(C = 1 / (l2 · Σ_i w_i)).
 */
import type { Design } from './design';
import { minimizeLbfgs, type LbfgsOptions } from './lbfgs';

export interface SoftmaxOptions extends LbfgsOptions {
  l2: number;
  /** Per-class weight (length k); default all 1. */
  classWeights?: Float64Array;
  /** Starting point (a warm start, e.g. the solution at a stronger l2); default all zeros. */
  init?: { W: Float64Array; b: Float64Array };
}

export interface SoftmaxModel {
  k: number;
  d: number;
  /** k × d, row-major. */
  W: Float64Array;
  b: Float64Array;
  iterations: number;
  /** Objective evaluations (line-search steps included). */
  evaluations: number;
  converged: boolean;
  loss: number;
}

/** Row-wise softmax of scores in place. */
function softmaxRowsInPlace(z: Float64Array, k: number): void {
  for (let o = 0; o < z.length; o += k) {
    let mx = -Infinity;
    for (let c = 0; c < k; c++) if (z[o + c] > mx) mx = z[o + c];
    let s = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(z[o + c] - mx);
      z[o + c] = e;
      s += e;
    }
    for (let c = 0; c < k; c++) z[o + c] /= s;
  }
}

/** `y` has one class index per design row. */
export function fitSoftmax(X: Design, y: Int32Array, k: number, opts: SoftmaxOptions): SoftmaxModel {
  const { rows: n, cols: d } = X;
  const w = new Float64Array(n);
  let wSum = 0;
  for (let i = 0; i < n; i++) {
    w[i] = opts.classWeights ? opts.classWeights[y[i]] : 1;
    wSum += w[i];
  }
  if (wSum <= 0) throw new Error('softmax regression: no weighted training rows');
  const nW = k * d;
  const Z = new Float64Array(n * k);
  const l2 = opts.l2;

  const fg = (theta: Float64Array, grad: Float64Array): number => {
    const W = theta.subarray(0, nW);
    const b = theta.subarray(nW);
    X.scores(W, k, Z);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const o = i * k;
      let mx = -Infinity;
      for (let c = 0; c < k; c++) {
        Z[o + c] += b[c];
        if (Z[o + c] > mx) mx = Z[o + c];
      }
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp(Z[o + c] - mx);
      const logS = Math.log(s) + mx;
      loss += (w[i] * (logS - Z[o + y[i]])) / wSum;
      // Residual R = w_i (p - onehot) / Σw, reusing Z.
      for (let c = 0; c < k; c++) {
        const p = Math.exp(Z[o + c] - logS);
        Z[o + c] = (w[i] * (p - (c === y[i] ? 1 : 0))) / wSum;
      }
    }
    grad.fill(0);
    const gW = grad.subarray(0, nW);
    X.addGradient(Z, k, gW);
    let pen = 0;
    for (let j = 0; j < nW; j++) {
      pen += W[j] * W[j];
      gW[j] += l2 * W[j];
    }
    const gb = grad.subarray(nW);
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) gb[c] += Z[i * k + c];
    return loss + 0.5 * l2 * pen;
  };

  const theta0 = new Float64Array(nW + k);
  if (opts.init) {
    if (opts.init.W.length !== nW || opts.init.b.length !== k) throw new Error('softmax regression: warm start has the wrong shape');
    theta0.set(opts.init.W, 0);
    theta0.set(opts.init.b, nW);
  }
  const res = minimizeLbfgs(fg, theta0, opts);
  return {
    k,
    d,
    W: res.x.slice(0, nW),
    b: res.x.slice(nW),
    iterations: res.iterations,
    evaluations: res.evaluations,
    converged: res.converged,
    loss: res.f,
  };
}

export function predictSoftmax(model: SoftmaxModel, X: Design): Float32Array {
  const { k } = model;
  const Z = new Float64Array(X.rows * k);
  X.scores(model.W, k, Z);
  for (let i = 0; i < X.rows; i++) for (let c = 0; c < k; c++) Z[i * k + c] += model.b[c];
  softmaxRowsInPlace(Z, k);
  return Float32Array.from(Z);
}
