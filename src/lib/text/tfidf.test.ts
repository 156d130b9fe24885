import { describe, expect, it } from 'vitest';
import { fitTfidf } from './tfidf';
import { chi2Scores, topK } from './chi2';
import { hstack, selectColumns, type SparseMatrix } from './sparse';

function dense(m: SparseMatrix): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array(m.cols).fill(0));
  for (let r = 0; r < m.rows; r++) for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) out[r][m.indices[p]] = m.values[p];
  return out;
}

describe('TF-IDF (smooth idf, L2 rows) on a 3-document corpus, computed by hand', () => {
  const docs = ['the cat sat', 'the dog sat', 'the cat'];
  const v = fitTfidf(docs, undefined, { ngramMin: 1, ngramMax: 1 });

  it('sorted vocabulary and idf = ln((1+n)/(1+df)) + 1', () => {
    expect(v.terms).toEqual(['cat', 'dog', 'sat', 'the']);
    // df: cat 2, dog 1, sat 2, the 3; n = 3
    expect(v.idf[0]).toBeCloseTo(1.287682072, 9);
    expect(v.idf[1]).toBeCloseTo(1.693147181, 9);
    expect(v.idf[2]).toBeCloseTo(1.287682072, 9);
    expect(v.idf[3]).toBe(1);
  });

  it('rows are tf·idf scaled to unit length', () => {
    const m = dense(v.transform(docs));
    const expected = [
      [0.619805, 0, 0.619805, 0.481334],
      [0, 0.720333, 0.547832, 0.425441],
      [0.789807, 0, 0, 0.613356],
    ];
    m.forEach((row, r) => row.forEach((x, j) => expect(x).toBeCloseTo(expected[r][j], 6)));
  });

  it('unknown words are ignored and an empty document is a zero row', () => {
    const m = dense(v.transform(['a purple cat', '']));
    expect(m[0]).toEqual([1, 0, 0, 0]);
    expect(m[1]).toEqual([0, 0, 0, 0]);
  });

  it('bigrams join words with a space; repeated terms count', () => {
    const b = fitTfidf(['cat cat sat'], undefined, { ngramMin: 1, ngramMax: 2 });
    expect(b.terms).toEqual(['cat', 'cat cat', 'cat sat', 'sat']);
    // one document: every idf is 1, so the row is counts [2,1,1,1] / sqrt(7)
    const row = dense(b.transform(['cat cat sat']))[0];
    row.forEach((x, j) => expect(x).toBeCloseTo([2, 1, 1, 1][j] / Math.sqrt(7), 12));
  });

  it('sublinear tf uses 1 + ln(tf)', () => {
    const b = fitTfidf(['cat cat sat'], undefined, { ngramMin: 1, ngramMax: 1, sublinearTf: true });
    const row = dense(b.transform(['cat cat sat']))[0];
    const a = 1 + Math.log(2);
    expect(row[0]).toBeCloseTo(a / Math.sqrt(a * a + 1), 12);
  });
});

describe('fitting on chosen rows only', () => {
  it('a term that occurs only outside the fitting rows is not in the vocabulary', () => {
    const docs = ['love truck', 'truck road', 'zebra unicorn'];
    const v = fitTfidf(docs, Int32Array.from([0, 1]), { ngramMax: 1 });
    expect(v.terms).toEqual(['love', 'road', 'truck']);
    expect(v.vocabulary.has('zebra')).toBe(false);
    expect(v.nDocs).toBe(2);
  });

  it('minDf, maxDf and maxFeatures prune the vocabulary', () => {
    const docs = ['a b c', 'a b', 'a d'];
    expect(fitTfidf(docs, undefined, { ngramMax: 1, minDf: 2 }).terms).toEqual(['a', 'b']);
    expect(fitTfidf(docs, undefined, { ngramMax: 1, maxDf: 0.9 }).terms).toEqual(['b', 'c', 'd']);
    expect(fitTfidf(docs, undefined, { ngramMax: 1, maxFeatures: 2 }).terms).toEqual(['a', 'b']);
  });
});

describe('chi² and sparse helpers', () => {
  it('a term present in one class only scores highest', () => {
    const docs = ['good good', 'good', 'bad', 'bad neutral', 'neutral good'];
    const v = fitTfidf(docs, undefined, { ngramMax: 1 });
    const X = v.transform(docs);
    const y = Int32Array.from([0, 0, 1, 1, 0]);
    const s = chi2Scores(X, y, 2);
    const best = topK(s, 1)[0];
    expect(v.terms[best]).toBe('bad');
  });

  it('selectColumns and hstack', () => {
    const v = fitTfidf(['a b', 'b c'], undefined, { ngramMax: 1 });
    const X = v.transform(['a b', 'b c']);
    const sel = selectColumns(X, [2, 0]);
    expect(sel.cols).toBe(2);
    expect(dense(sel)[0][0]).toBe(0);
    expect(dense(sel)[1][0]).toBeGreaterThan(0);
    const h = hstack([X, sel]);
    expect(h.cols).toBe(5);
    expect(dense(h)[1]).toEqual([...dense(X)[1], ...dense(sel)[1]]);
  });
});
