/**
 * Word tokenizer for lyrics and titles: runs of Unicode letters, marks and digits, joined by inner
 * apostrophes ("don't", "rock'n'roll"), case-folded. A leading or trailing apostrophe is dropped
 * ("believin'" → "believin"), because it cannot be told apart from a quote mark. Scripts written without
 * spaces (e.g. "日本") come out as one token per run; there is no word segmentation for them.
 */

export interface TokenizeOptions {
  /** Fold case (default true). */
  lowercase?: boolean;
  /** Tokens to drop (compared after case folding). */
  stopWords?: ReadonlySet<string>;
}

const WORD = /[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*/gu;
const APOSTROPHES = /[\u2019\u02bc\u2018`´]/g;

export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  // NFKC composes accents ("é" as one code point) and unifies compatibility forms (full-width letters).
  let s = text.normalize('NFKC').replace(APOSTROPHES, "'");
  if (opts.lowercase ?? true) s = s.toLowerCase();
  const tokens = s.match(WORD) ?? [];
  const stop = opts.stopWords;
  return stop ? tokens.filter((t) => !stop.has(t)) : tokens;
}

/** All n-grams for n in [minN, maxN], words joined by a space, in order of n then position. */
export function ngrams(tokens: string[], minN: number, maxN: number): string[] {
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      out.push(n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' '));
    }
  }
  return out;
}
