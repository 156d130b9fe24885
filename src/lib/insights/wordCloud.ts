/**
 * Per-class word clouds: how often each term occurs in a class's documents (the size) and the text model's
 * coefficient of that term for that class (the colour).
 *
 * Terms are made exactly as the TF-IDF analyzer makes them (src/lib/text/tfidf.ts: NFKC, case-folded word
 * runs, bigrams joined by one space) so that they match the model's vocabulary. Unigrams are always counted;
 * a bigram is shown only when the model knows it and it occurs at least `minBigramCount` times in the class,
 * so rare phrases do not crowd out words. Terms stay plain strings: the UI must render them as text.
 */
import { ngrams, tokenize } from '../text/tokenize';
import { ENGLISH_STOP_WORDS } from '../text/stopwords';
import type { TermWeight } from '../models/types';

export interface WordCloudInput {
  /** One document per row ('' when missing). */
  docs: readonly string[];
  /** Class index per row. */
  labels: ArrayLike<number>;
  /** Rows to count (default: all). */
  rows?: ArrayLike<number>;
  classNames: readonly string[];
  /** Per-class coefficients by term (the model's vocabulary). */
  coefficients: ReadonlyMap<string, ArrayLike<number>>;
  /** Drop English stop words (and bigrams containing one). */
  stopWords: boolean;
  /** Terms per class, most frequent first. */
  maxTerms: number;
  /** Default 3. */
  minBigramCount?: number;
}

export interface CloudTerm {
  term: string;
  count: number;
  coefficient: number;
}

export interface ClassCloud {
  className: string;
  /** Rows of the class with non-blank text. */
  documents: number;
  terms: CloudTerm[];
}

export interface WordCloudResult {
  classes: ClassCloud[];
  /** Largest |coefficient| over every shown term (0 when none). */
  maxAbsCoefficient: number;
}

/** The terms of one document that may enter a cloud, in the analyzer's order (unigrams, then bigrams). */
export function cloudTerms(doc: string, stopWords: boolean, isKnownBigram: (t: string) => boolean): string[] {
  const tokens = tokenize(doc ?? '', { lowercase: true });
  const stop = stopWords ? ENGLISH_STOP_WORDS : null;
  const unigrams = stop ? tokens.filter((t) => !stop.has(t)) : tokens;
  // Bigrams come from the unfiltered tokens, as the model (stop words kept) built them.
  const bigrams = ngrams(tokens, 2, 2).filter((b) => isKnownBigram(b) && !(stop && b.split(' ').some((w) => stop.has(w))));
  return [...unigrams, ...bigrams];
}

const byCountThenTerm = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

export function wordCloudsOf(inp: WordCloudInput): WordCloudResult {
  const k = inp.classNames.length;
  const minBigram = inp.minBigramCount ?? 3;
  const counts = Array.from({ length: k }, () => new Map<string, number>());
  const documents = new Array<number>(k).fill(0);
  const rows = inp.rows ?? Array.from(inp.docs, (_, i) => i);
  const known = (t: string) => inp.coefficients.has(t);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const c = inp.labels[r];
    const doc = inp.docs[r] ?? '';
    if (doc.trim() !== '') documents[c]++;
    for (const t of cloudTerms(doc, inp.stopWords, known)) counts[c].set(t, (counts[c].get(t) ?? 0) + 1);
  }
  let maxAbs = 0;
  const classes = inp.classNames.map((className, c) => {
    const ranked = [...counts[c]].filter(([t, n]) => !t.includes(' ') || n >= minBigram).sort(byCountThenTerm);
    const terms = ranked.slice(0, Math.max(0, inp.maxTerms)).map(([term, count]) => {
      const coefficient = inp.coefficients.get(term)?.[c] ?? 0;
      maxAbs = Math.max(maxAbs, Math.abs(coefficient));
      return { term, count, coefficient };
    });
    return { className, documents: documents[c], terms };
  });
  return { classes, maxAbsCoefficient: maxAbs };
}

/** A text model's coefficients of one column, by term. */
export function coefficientsOfColumn(weights: readonly TermWeight[], column: string): Map<string, number[]> {
  return new Map(weights.filter((w) => w.column === column).map((w) => [w.term, w.weights]));
}
