import { describe, expect, it } from 'vitest';
import { cloudTerms, coefficientsOfColumn, wordCloudsOf, type WordCloudInput } from './wordCloud';
import { analyzer } from '../text/tfidf';

/*
 * rock (class 0): "The night, the NIGHT and the fire!"  → the the the night night and fire
 *                 "Fire in the night"                    → fire in the night
 *   unigram counts: the 4, night 3, fire 2, and 1, in 1; bigram "the night" 3 (doc 1: 2, doc 2: 1)
 * pop (class 1):  "Love song, love song, love"           → love 3, song 2; bigrams "love song" 2, "song love" 2
 *                 "   "                                   → blank: not a document
 *                 "<img src=x onerror=alert(1)>"          → img src x onerror alert 1
 */
const DOCS = ['The night, the NIGHT and the fire!', 'Fire in the night', 'Love song, love song, love', '   ', '<img src=x onerror=alert(1)>'];
const LABELS = Int32Array.from([0, 0, 1, 1, 1]);
const COEFFICIENTS = new Map<string, number[]>([
  ['night', [1.5, -0.5]],
  ['fire', [0.8, -2.5]],
  ['love', [-1, 3]],
  ['the', [0.1, 0.1]],
  ['img', [0, -4]],
  ['the night', [0.4, -0.4]],
  ['love song', [-0.2, 0.9]],
]);

function clouds(over: Partial<WordCloudInput> = {}) {
  return wordCloudsOf({ docs: DOCS, labels: LABELS, classNames: ['rock', 'pop'], coefficients: COEFFICIENTS, stopWords: false, maxTerms: 200, minBigramCount: 2, ...over });
}

const shown = (terms: { term: string; count: number; coefficient: number }[]) => terms.map((t) => [t.term, t.count, t.coefficient]);

describe('wordCloudsOf', () => {
  it('counts terms per class, most frequent first (ties alphabetical), with that class’s coefficient', () => {
    const r = clouds();
    expect(r.classes.map((c) => [c.className, c.documents])).toEqual([['rock', 2], ['pop', 2]]);
    expect(shown(r.classes[0].terms)).toEqual([
      ['the', 4, 0.1],
      ['night', 3, 1.5],
      ['the night', 3, 0.4],
      ['fire', 2, 0.8],
      ['and', 1, 0],
      ['in', 1, 0],
    ]);
    expect(shown(r.classes[1].terms)).toEqual([
      ['love', 3, 3],
      ['love song', 2, 0.9],
      ['song', 2, 0],
      ['1', 1, 0],
      ['alert', 1, 0],
      ['img', 1, -4],
      ['onerror', 1, 0],
      ['src', 1, 0],
      ['x', 1, 0],
    ]);
    expect(r.maxAbsCoefficient).toBe(4);
  });

  it('drops stop words, and bigrams that contain one, when asked', () => {
    const r = clouds({ stopWords: true });
    expect(shown(r.classes[0].terms)).toEqual([
      ['night', 3, 1.5],
      ['fire', 2, 0.8],
    ]);
    expect(r.classes[1].terms.slice(0, 3).map((t) => t.term)).toEqual(['love', 'love song', 'song']);
  });

  it('keeps a bigram only when the model knows it and it is frequent enough', () => {
    const rare = clouds({ minBigramCount: 3 });
    expect(rare.classes[0].terms.map((t) => t.term)).toContain('the night');
    expect(rare.classes[1].terms.map((t) => t.term)).not.toContain('love song');
    // "song love" occurs twice but is not in the vocabulary
    expect(clouds().classes[1].terms.map((t) => t.term)).not.toContain('song love');
  });

  it('caps terms per class and takes the colour range from shown terms only', () => {
    const r = clouds({ maxTerms: 2 });
    expect(r.classes.map((c) => c.terms.map((t) => t.term))).toEqual([['the', 'night'], ['love', 'love song']]);
    expect(r.maxAbsCoefficient).toBe(3); // img (−4) is not shown
    expect(clouds({ maxTerms: 0 }).maxAbsCoefficient).toBe(0);
  });

  it('counts only the given rows', () => {
    const r = clouds({ rows: [1, 4] });
    expect(shown(r.classes[0].terms)).toEqual([['fire', 1, 0.8], ['in', 1, 0], ['night', 1, 1.5], ['the', 1, 0.1]]);
    expect(r.classes[1].documents).toBe(1);
  });
});

describe('cloudTerms', () => {
  it('makes markup a literal token sequence, the same the TF-IDF analyzer makes', () => {
    const doc = '<img src=x onerror=alert(1)>';
    expect(cloudTerms(doc, false, () => false)).toEqual(['img', 'src', 'x', 'onerror', 'alert', '1']);
    const all = cloudTerms(doc, false, () => true);
    expect(all).toEqual(analyzer({ ngramMin: 1, ngramMax: 2 })(doc));
    expect(all.some((t) => /[<>=()]/.test(t))).toBe(false);
  });

  it('folds case and width like the vectorizer (NFKC)', () => {
    expect(cloudTerms('ＲＯＣＫ Don’t', false, () => false)).toEqual(['rock', "don't"]);
  });
});

describe('coefficientsOfColumn', () => {
  it('keeps the terms of one column', () => {
    const m = coefficientsOfColumn(
      [
        { column: 'lyrics', term: 'fire', weights: [1, -1] },
        { column: 'title', term: 'fire', weights: [5, 5] },
        { column: 'lyrics', term: 'love', weights: [-2, 2] },
      ],
      'lyrics',
    );
    expect([...m]).toEqual([['fire', [1, -1]], ['love', [-2, 2]]]);
  });
});
