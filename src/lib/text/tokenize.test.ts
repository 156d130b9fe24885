import { describe, expect, it } from 'vitest';
import { ngrams, tokenize } from './tokenize';
import { ENGLISH_STOP_WORDS } from './stopwords';

describe('tokenize', () => {
  it('keeps inner apostrophes, folds case, splits on dashes, handles accents and CJK', () => {
    expect(tokenize("Don't STOP believin' — Beyoncé's 日本 rock'n'roll")).toEqual([
      "don't",
      'stop',
      'believin',
      "beyoncé's",
      '日本',
      "rock'n'roll",
    ]);
  });

  it('treats typographic apostrophes as apostrophes and composes decomposed accents', () => {
    expect(tokenize('Don’t  Beyonce\u0301')).toEqual(["don't", 'beyoncé']);
  });

  it('keeps digits and drops punctuation', () => {
    expect(tokenize('99 Problems (feat. Jay-Z), 2003!')).toEqual(['99', 'problems', 'feat', 'jay', 'z', '2003']);
  });

  it('can keep case and drop stop words', () => {
    expect(tokenize('The Night We Met', { lowercase: false })).toEqual(['The', 'Night', 'We', 'Met']);
    expect(tokenize("The night we met, don't go", { stopWords: ENGLISH_STOP_WORDS })).toEqual(['night', 'met', 'go']);
  });

  it('is empty for empty text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' — ! ')).toEqual([]);
  });
});

describe('ngrams', () => {
  it('unigrams then bigrams', () => {
    expect(ngrams(['a', 'b', 'c'], 1, 2)).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    expect(ngrams(['a'], 2, 2)).toEqual([]);
  });
});
