/**
 * A kept softmax regression on dense groups as one affine map of the raw features: the z-score standardisation
 * (z_j = (x_j − μ_j) / σ_j) folded into the weights, W'[c,j] = W[c,j] / σ_j and b'_c = b_c − Σ_j μ_j W[c,j] / σ_j,
 * so logits = x·W'ᵀ + b' on the concatenated raw groups. Pure; float64 until the end.
 */
import type { LinearHead } from '../types';

export interface FoldedHead {
  /** Dense groups in input order and their widths: the exported model reads them concatenated. */
  groups: { id: string; width: number }[];
  inputDim: number;
  units: number;
  /** inputDim × units, row-major: the layout of a tf.layers.dense kernel. */
  kernel: Float32Array;
  bias: Float32Array;
}

/** Why a head cannot become one dense layer on raw inputs, or null when it can. */
export function whyNotFoldable(head: LinearHead): string | null {
  const bad = head.groups.filter((_, i) => !head.blocks[i]);
  if (bad.length) return `it reads ${bad.join(', ')}, which are not dense feature groups (one-hot or TF-IDF encodings are not part of a TF.js layer)`;
  const width = head.blocks.reduce((s, b) => s + b!.width, 0);
  if (width !== head.d) return `its inputs (${head.d}) are not exactly its dense groups (${width})`;
  return null;
}

export function foldStandardization(head: LinearHead): FoldedHead {
  const why = whyNotFoldable(head);
  if (why) throw new Error(`This model cannot be exported as a TF.js layer: ${why}.`);
  const { k, d, W, b } = head;
  const kernel = new Float32Array(d * k);
  const bias = Float64Array.from(b);
  for (const block of head.blocks) {
    const { offset, width, mean, scale } = block!;
    for (let j = 0; j < width; j++) {
      const col = offset + j;
      for (let c = 0; c < k; c++) {
        const w = W[c * d + col] / scale[j];
        kernel[col * k + c] = w;
        bias[c] -= mean[j] * w;
      }
    }
  }
  const groups = head.groups.map((id, i) => ({ id, width: head.blocks[i]!.width, offset: head.blocks[i]!.offset }))
    .sort((a, b) => a.offset - b.offset)
    .map(({ id, width }) => ({ id, width }));
  return { groups, inputDim: d, units: k, kernel, bias: Float32Array.from(bias) };
}
