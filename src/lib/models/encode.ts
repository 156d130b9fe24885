/**
 * Turns the chosen feature groups of a ModelInput into one dense Float64 matrix, with every data-dependent
 * step (means and scales, category lists, TF-IDF vocabulary, chi² term choice) fitted on the training rows only.
 *
 * - dense groups ('cover', 'colour', …): z-scores
 * - `num:<col>`: z-scores, missing → 0 (the training mean)
 * - `cat:<col>`: one-hot over the categories seen in training; unseen → all zeros
 * - `text:<col>` (only when `textTopK` > 0): TF-IDF 1–2-grams, the `textTopK` terms with the highest chi²
 *   on the training rows, then z-scores clipped to ±`textClip` (rare terms would otherwise dominate)
 */
import type { FeatureGroupId, ModelInput } from './types';
import { applyStandardizer, fitStandardizer, type Standardizer } from './standardize';
import { fitTfidf, type TfidfVectorizer } from '../text/tfidf';
import { chi2Scores, topK } from '../text/chi2';
import { selectColumns } from '../text/sparse';

export interface EncoderOptions {
  /** Terms kept per text column; 0 (default) means text groups are ignored. */
  textTopK?: number;
  textClip?: number;
  nClasses?: number;
}

export interface DenseEncoder {
  dims: number;
  /** A readable name per output column, e.g. 'cover[12]', 'cat:label=EMI', 'text:lyrics:love'. */
  featureNames: string[];
  /** The rows `idx` of `input` (which may be new data) as an idx.length × dims row-major matrix. */
  transform(input: ModelInput, idx: Int32Array): Float64Array;
  /**
   * Where dense group `group` sits in the output and its z-score map, column j ↦ (x_j − mean_j) / scale_j;
   * null when the group is not encoded. Lets a head be written in tf ops of the raw group (Grad-CAM).
   */
  denseAffine(group: string): DenseAffine | null;
}

export interface DenseAffine {
  /** First output column of the group. */
  offset: number;
  width: number;
  mean: Float64Array;
  scale: Float64Array;
}

interface Block {
  names: string[];
  /** Dense groups only: the group id and its standardizer. */
  dense?: { group: string; standardizer: Standardizer };
  write(input: ModelInput, idx: Int32Array, out: Float64Array, stride: number, offset: number): void;
}

function denseBlock(group: string, input: ModelInput, trainIdx: Int32Array): Block {
  const m = input.dense[group];
  const s = fitStandardizer(m.data, m.cols, trainIdx);
  return {
    names: Array.from({ length: m.cols }, (_, j) => `${group}[${j}]`),
    dense: { group, standardizer: s },
    write(inp, idx, out, stride, offset) {
      const mm = inp.dense[group];
      if (!mm || mm.cols !== m.cols) throw new Error(`feature group '${group}' is missing or has the wrong width`);
      applyStandardizer(s, mm.data, mm.cols, idx, out, stride, offset);
    },
  };
}

function numericBlock(group: string, col: string, input: ModelInput, trainIdx: Int32Array): Block {
  const s: Standardizer = fitStandardizer(input.numeric[col], 1, trainIdx);
  return {
    names: [group],
    write(inp, idx, out, stride, offset) {
      applyStandardizer(s, inp.numeric[col] ?? [], 1, idx, out, stride, offset);
    },
  };
}

function categoricalBlock(group: string, col: string, input: ModelInput, trainIdx: Int32Array): Block {
  const values = input.categorical[col];
  const seen = new Set<string>();
  for (const r of trainIdx) if (values[r] !== '' && values[r] !== undefined) seen.add(values[r]);
  const cats = [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = new Map(cats.map((c, j) => [c, j]));
  return {
    names: cats.map((c) => `${group}=${c}`),
    write(inp, idx, out, stride, offset) {
      const vals = inp.categorical[col] ?? [];
      for (let i = 0; i < idx.length; i++) {
        const j = at.get(vals[idx[i]]);
        if (j !== undefined) out[i * stride + offset + j] = 1;
      }
    },
  };
}

function textBlock(
  group: string,
  col: string,
  input: ModelInput,
  trainIdx: Int32Array,
  y: Int32Array,
  opts: Required<EncoderOptions>,
): Block {
  const docs = input.text[col];
  const vec: TfidfVectorizer = fitTfidf(docs, trainIdx, { ngramMin: 1, ngramMax: 2, minDf: 2, stopWords: true });
  const trainTfidf = vec.transform(docs, trainIdx);
  const yTrain = Int32Array.from(trainIdx, (r) => y[r]);
  const keep = topK(chi2Scores(trainTfidf, yTrain, opts.nClasses), opts.textTopK);
  const width = keep.length;
  const dense = (m: ReturnType<typeof selectColumns>): Float64Array => {
    const d = new Float64Array(m.rows * width);
    for (let r = 0; r < m.rows; r++) for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) d[r * width + m.indices[p]] = m.values[p];
    return d;
  };
  const trainDense = dense(selectColumns(trainTfidf, keep));
  const s = fitStandardizer(trainDense, width, Int32Array.from({ length: trainIdx.length }, (_, i) => i));
  return {
    names: Array.from(keep, (j) => `${group}:${vec.terms[j]}`),
    write(inp, idx, out, stride, offset) {
      const m = dense(selectColumns(vec.transform(inp.text[col] ?? [], idx), keep));
      applyStandardizer(s, m, width, Int32Array.from({ length: idx.length }, (_, i) => i), out, stride, offset, opts.textClip);
    },
  };
}

export function fitDenseEncoder(
  input: ModelInput,
  groups: FeatureGroupId[],
  trainIdx: Int32Array,
  y: Int32Array,
  options: EncoderOptions = {},
): DenseEncoder {
  const opts: Required<EncoderOptions> = {
    textTopK: options.textTopK ?? 0,
    textClip: options.textClip ?? 5,
    nClasses: options.nClasses ?? Math.max(...Array.from(trainIdx, (r) => y[r])) + 1,
  };
  const blocks: Block[] = [];
  for (const g of groups) {
    if (g in input.dense) blocks.push(denseBlock(g, input, trainIdx));
    else if (g.startsWith('num:')) blocks.push(numericBlock(g, g.slice(4), input, trainIdx));
    else if (g.startsWith('cat:')) blocks.push(categoricalBlock(g, g.slice(4), input, trainIdx));
    else if (g.startsWith('text:') && opts.textTopK > 0) blocks.push(textBlock(g, g.slice(5), input, trainIdx, y, opts));
  }
  const featureNames = blocks.flatMap((b) => b.names);
  const dims = featureNames.length;
  return {
    dims,
    featureNames,
    transform(inp, idx) {
      const out = new Float64Array(idx.length * dims);
      let offset = 0;
      for (const b of blocks) {
        b.write(inp, idx, out, dims, offset);
        offset += b.names.length;
      }
      return out;
    },
    denseAffine(group) {
      let offset = 0;
      for (const b of blocks) {
        if (b.dense?.group === group) return { offset, width: b.names.length, mean: b.dense.standardizer.mean, scale: b.dense.standardizer.scale };
        offset += b.names.length;
      }
      return null;
    },
  };
}
