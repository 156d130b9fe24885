/**
 * TF-IDF of word n-grams, fitted on chosen rows only (a CV training fold) and applied to any rows.
 * Same definitions as scikit-learn's TfidfVectorizer defaults: raw counts (or 1 + ln tf when sublinear),
 * smooth idf = ln((1 + n) / (1 + df)) + 1, each row scaled to unit L2 norm. Vocabulary sorted by code units.
 */
import type { SparseMatrix } from './sparse';
import { ngrams, tokenize } from './tokenize';
import { ENGLISH_STOP_WORDS } from './stopwords';

export interface TfidfOptions {
  ngramMin?: number;
  ngramMax?: number;
  /** Keep terms found in at least this many training documents. */
  minDf?: number;
  /** Drop terms found in more than this fraction of training documents. */
  maxDf?: number;
  /** Keep only the most frequent terms (by total count, ties alphabetical). */
  maxFeatures?: number;
  /** true = the built-in English list. */
  stopWords?: boolean | ReadonlySet<string>;
  sublinearTf?: boolean;
  lowercase?: boolean;
}

export interface TfidfVectorizer {
  /** Term of each column. */
  terms: string[];
  vocabulary: Map<string, number>;
  idf: Float64Array;
  /** Number of documents the idf was fitted on. */
  nDocs: number;
  /** Rows `rows` (default all) of `docs` as L2-normalised TF-IDF rows. */
  transform(docs: string[], rows?: Int32Array): SparseMatrix;
}

export function analyzer(opts: TfidfOptions): (doc: string) => string[] {
  const stop = opts.stopWords === true ? ENGLISH_STOP_WORDS : opts.stopWords || undefined;
  const lo = opts.ngramMin ?? 1;
  const hi = opts.ngramMax ?? 2;
  return (doc) => ngrams(tokenize(doc ?? '', { lowercase: opts.lowercase ?? true, stopWords: stop }), lo, hi);
}

function everyRow(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

export function fitTfidf(docs: string[], rows: Int32Array | undefined, opts: TfidfOptions = {}): TfidfVectorizer {
  const analyze = analyzer(opts);
  const fitRows = rows ?? everyRow(docs.length);
  const nDocs = fitRows.length;
  const df = new Map<string, number>();
  const total = new Map<string, number>();
  for (const r of fitRows) {
    const terms = analyze(docs[r]);
    for (const t of terms) total.set(t, (total.get(t) ?? 0) + 1);
    for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const minDf = opts.minDf ?? 1;
  const maxDocs = (opts.maxDf ?? 1) * nDocs;
  let kept = [...df.keys()].filter((t) => df.get(t)! >= minDf && df.get(t)! <= maxDocs);
  if (opts.maxFeatures !== undefined && kept.length > opts.maxFeatures) {
    kept.sort((a, b) => total.get(b)! - total.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
    kept = kept.slice(0, opts.maxFeatures);
  }
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const vocabulary = new Map(kept.map((t, j) => [t, j]));
  const idf = Float64Array.from(kept, (t) => Math.log((1 + nDocs) / (1 + df.get(t)!)) + 1);
  const sublinear = opts.sublinearTf ?? false;

  const transform = (input: string[], which?: Int32Array): SparseMatrix => {
    const rs = which ?? everyRow(input.length);
    const indptr = new Int32Array(rs.length + 1);
    const indices: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < rs.length; i++) {
      const counts = new Map<number, number>();
      for (const t of analyze(input[rs[i]])) {
        const j = vocabulary.get(t);
        if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
      }
      const cols = [...counts.keys()].sort((a, b) => a - b);
      let norm = 0;
      const start = values.length;
      for (const j of cols) {
        const tf = counts.get(j)!;
        const v = (sublinear ? 1 + Math.log(tf) : tf) * idf[j];
        indices.push(j);
        values.push(v);
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      if (norm > 0) for (let p = start; p < values.length; p++) values[p] /= norm;
      indptr[i + 1] = values.length;
    }
    return {
      rows: rs.length,
      cols: kept.length,
      indptr,
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    };
  };

  return { terms: kept, vocabulary, idf, nDocs, transform };
}
