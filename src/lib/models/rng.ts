/**
 * The one seeded PRNG of the modelling code (mulberry32). Every random choice — fold assignment,
 * weight init, dropout masks, shuffling — draws from here so that the same seed gives the same run.
 */

/** A 32-bit seeded generator returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.uniform();
}

/** Mixes a base seed with labels (e.g. blueprint id, fold) into a new 32-bit seed, so sub-tasks get independent streams. */
export function deriveSeed(seed: number, ...parts: (string | number)[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x85ebca6b);
      h ^= h >>> 13;
    }
    h = Math.imul(h ^ 0x2f, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export class Rng {
  /** mulberry32's state, stepped inline in a field (no closure call): dropout masks draw millions. */
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1), the next number of mulberry32. */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Fills out[0..len) with uniform draws: the same numbers as `len` calls of uniform(), at a fraction of the cost. */
  fillUniform(out: Float32Array | Float64Array, len: number): void {
    let a = this.state;
    for (let i = 0; i < len; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    this.state = a;
  }

  /**
   * Reserves the next `len` uniform draws for a caller that computes them itself (the SIMD dropout kernel, see
   * kernels/simd.wat): returns the state they start from and moves past them. mulberry32 is counter-based (draw i
   * depends only on state + i·0x6d2b79f5), so the stream stays the same as `len` calls of uniform().
   */
  skip(len: number): number {
    const from = this.state;
    this.state = (from + Math.imul(len, 0x6d2b79f5)) >>> 0;
    return from;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller, caching the second value). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }
}
