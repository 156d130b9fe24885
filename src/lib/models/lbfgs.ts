/**
 * Limited-memory BFGS with a backtracking (Armijo) line search. Plain Float64 arithmetic in a fixed order,
 * so a run is bit-identical for the same inputs on any JS engine that follows IEEE-754.
 */

export interface LbfgsOptions {
  maxIter?: number;
  /** History length. */
  memory?: number;
  /** Stop when max |gradient| falls below this. */
  gtol?: number;
  /** Stop when the relative decrease of f in one step falls below this. */
  ftol?: number;
  /** Cap on objective evaluations (line-search steps included). */
  maxEval?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  /** Objective evaluations (line-search steps included). */
  evaluations: number;
  converged: boolean;
}

/** `fg` returns f(x) and writes ∇f(x) into g. */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}

export function minimizeLbfgs(fg: ObjectiveFn, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const maxIter = opts.maxIter ?? 500;
  const m = opts.memory ?? 10;
  const gtol = opts.gtol ?? 1e-6;
  const ftol = opts.ftol ?? 1e-12;
  const maxEval = opts.maxEval ?? 3 * maxIter;
  const dim = x0.length;

  let x = Float64Array.from(x0);
  let g = new Float64Array(dim);
  let f = fg(x, g);
  let evals = 1;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const d = new Float64Array(dim);
  let xn = new Float64Array(dim);
  let gn = new Float64Array(dim);

  let iter = 0;
  let converged = false;
  for (; iter < maxIter; iter++) {
    if (maxAbs(g) < gtol) {
      converged = true;
      break;
    }
    // Two-loop recursion: d = -H·g.
    for (let i = 0; i < dim; i++) d[i] = -g[i];
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(S[i], d);
      const yi = Y[i];
      for (let j = 0; j < dim; j++) d[j] -= alpha[i] * yi[j];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let j = 0; j < dim; j++) d[j] *= gamma;
    }
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i] * dot(Y[i], d);
      const si = S[i];
      for (let j = 0; j < dim; j++) d[j] += (alpha[i] - beta) * si[j];
    }
    let gd = dot(g, d);
    if (!(gd < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < dim; i++) d[i] = -g[i];
      gd = -dot(g, g);
    }
    let t = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    let fn = Infinity;
    let accepted = false;
    // 20 halvings; a failure means we are at the limit of float precision, so stop there.
    for (let ls = 0; ls < 20 && evals < maxEval; ls++) {
      for (let i = 0; i < dim; i++) xn[i] = x[i] + t * d[i];
      fn = fg(xn, gn);
      evals++;
      if (fn <= f + 1e-4 * t * gd) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;

    const s = new Float64Array(dim);
    const yv = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = xn[i] - x[i];
      yv[i] = gn[i] - g[i];
    }
    const sy = dot(s, yv);
    if (sy > 1e-12 * dot(yv, yv)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const rel = (f - fn) / Math.max(Math.abs(f), Math.abs(fn), 1);
    [x, xn] = [xn, x];
    [g, gn] = [gn, g];
    f = fn;
    if (rel < ftol || evals >= maxEval) {
      converged = rel < ftol;
      iter++;
      break;
    }
  }
  return { x, f, iterations: iter, evaluations: evals, converged };
}
