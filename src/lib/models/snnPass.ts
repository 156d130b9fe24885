/**
 * One forward (and backward) pass of the self-normalizing residual MLP on plain Float32Arrays (see snnNet.ts for
 * the architecture). A pass keeps every intermediate it needs for the backward step in buffers sized for
 * `capacity` rows, allocated once per fit.
 *
 * Dense layer l reads the output of dropout site l (site 0 is the input; the last layer has no dropout), so
 * layer 0 is the input layer, layers 1 + 2b and 2 + 2b form residual block b, and the last layer gives logits.
 */
import {
  alphaDropout,
  denseBackward,
  denseForward,
  seluBackward,
  seluForward,
  type DenseLayer,
  type DropoutRng,
} from './mlpKernels';

export interface SnnShape {
  blocks: number;
  /** Dropout rate of each dense layer's input (0 = none); length = number of layers. */
  dropoutRates: number[];
}

export class SnnPass {
  /**
   * Input each dense layer last read (its dropout buffer, or its source when not dropping), the dropout buffers
   * and alpha-dropout factors of the layers that have dropout, and each layer's output before SELU.
   */
  private inp: Float32Array[];
  private dropped: (Float32Array | null)[];
  private keep: (Float32Array | null)[];
  private z: Float32Array[];
  /** Residual stream before each block (h[0] after the input layer) and the residual sum before SELU. */
  private h: Float32Array[];
  private s: Float32Array[];
  private u: Float32Array[];
  readonly logits: Float32Array;
  private dH: Float32Array;
  private dIn: Float32Array;
  private dIn2: Float32Array;
  readonly dLogits: Float32Array;

  constructor(
    private layers: DenseLayer[],
    private shape: SnnShape,
    readonly capacity: number,
  ) {
    const buf = (width: number) => new Float32Array(capacity * width);
    const hidden = layers[0].fanOut;
    const last = layers.length - 1;
    this.inp = layers.map(() => new Float32Array(0));
    this.dropped = layers.map((l, i) => (shape.dropoutRates[i] > 0 ? buf(l.fanIn) : null));
    this.keep = layers.map((l, i) => (shape.dropoutRates[i] > 0 ? buf(l.fanIn) : null));
    this.z = layers.map((l) => buf(l.fanOut));
    this.h = Array.from({ length: shape.blocks + 1 }, () => buf(hidden));
    this.s = Array.from({ length: shape.blocks }, () => buf(hidden));
    this.u = Array.from({ length: shape.blocks }, () => buf(hidden));
    this.logits = this.z[last];
    this.dH = buf(hidden);
    this.dIn = buf(hidden);
    this.dIn2 = buf(hidden);
    this.dLogits = buf(layers[last].fanOut);
  }

  /**
   * Logits of `rows` input rows (x: rows × d) into `this.logits`. With `rng`, alpha dropout is applied (a
   * training pass, drawing masks site by site); without, the pass is deterministic (evaluation).
   */
  forward(x: Float32Array, rows: number, rng: DropoutRng | null): Float32Array {
    const { layers, shape } = this;
    const dense = (l: number, source: Float32Array): Float32Array => {
      const buffer = this.dropped[l];
      let input = source;
      if (rng && buffer) {
        alphaDropout(source, buffer, this.keep[l]!, rows * layers[l].fanIn, shape.dropoutRates[l], rng);
        input = buffer;
      }
      this.inp[l] = input;
      denseForward(layers[l], input, rows, this.z[l]);
      return this.z[l];
    };
    const len = rows * layers[0].fanOut;
    seluForward(dense(0, x), this.h[0], len);
    for (let b = 0; b < shape.blocks; b++) {
      const i = 1 + 2 * b;
      seluForward(dense(i, this.h[b]), this.u[b], len);
      const z2 = dense(i + 1, this.u[b]);
      const hb = this.h[b];
      const sb = this.s[b];
      for (let j = 0; j < len; j++) sb[j] = (hb[j] + z2[j]) * Math.SQRT1_2;
      seluForward(sb, this.h[b + 1], len);
    }
    return dense(layers.length - 1, this.h[shape.blocks]);
  }

  /**
   * Adds the gradients of the loss whose logit gradient is in `this.dLogits` (rows × k) to gw / gb, after a
   * training `forward` of the same rows. The input layer's own input gradient is not needed and not computed.
   */
  backward(rows: number, gw: Float32Array[], gb: Float32Array[]): void {
    const { layers, shape } = this;
    const last = layers.length - 1;
    const len = rows * layers[0].fanOut;
    const dH = this.dH;
    denseBackward(layers[last], this.inp[last], this.dLogits, rows, gw[last], gb[last], dH);
    for (let b = shape.blocks - 1; b >= 0; b--) {
      const i = 1 + 2 * b;
      // Through SELU and the 1/√2 of the residual sum: dH is now the gradient of both the skip and the branch.
      seluBackward(this.s[b], dH, len);
      for (let j = 0; j < len; j++) dH[j] *= Math.SQRT1_2;
      denseBackward(layers[i + 1], this.inp[i + 1], dH, rows, gw[i + 1], gb[i + 1], this.dIn);
      this.throughDropout(i + 1, this.dIn, len);
      seluBackward(this.z[i], this.dIn, len);
      denseBackward(layers[i], this.inp[i], this.dIn, rows, gw[i], gb[i], this.dIn2);
      this.throughDropout(i, this.dIn2, len);
      for (let j = 0; j < len; j++) dH[j] += this.dIn2[j];
    }
    seluBackward(this.z[0], dH, len);
    denseBackward(layers[0], this.inp[0], dH, rows, gw[0], gb[0], null);
  }

  private throughDropout(l: number, g: Float32Array, len: number): void {
    const keep = this.keep[l];
    if (keep) for (let j = 0; j < len; j++) g[j] *= keep[j];
  }
}
