import { describe, expect, it } from 'vitest';
import { clampPage, confusionCounts, filterCovers, pageCount, pageSlice, rankedProbabilities } from './gallery';

const covers = [
  { index: 0, actual: 'rock', predicted: 'rock', correct: true },
  { index: 1, actual: 'rock', predicted: 'jazz', correct: false },
  { index: 2, actual: 'jazz', predicted: 'jazz', correct: true },
  { index: 3, actual: 'jazz', predicted: 'rock', correct: false },
  { index: 4, actual: 'pop', predicted: 'rock', correct: false },
];

describe('filterCovers', () => {
  it('combines actual, predicted and correctness', () => {
    const ids = (f: Parameters<typeof filterCovers>[1]) => filterCovers(covers, f).map((c) => c.index);
    expect(ids({ actual: null, predicted: null, correctness: 'all' })).toEqual([0, 1, 2, 3, 4]);
    expect(ids({ actual: 'rock', predicted: null, correctness: 'all' })).toEqual([0, 1]);
    expect(ids({ actual: null, predicted: 'rock', correctness: 'incorrect' })).toEqual([3, 4]);
    expect(ids({ actual: 'jazz', predicted: 'jazz', correctness: 'correct' })).toEqual([2]);
    expect(ids({ actual: 'pop', predicted: null, correctness: 'correct' })).toEqual([]);
  });
});

describe('paging', () => {
  it('counts pages, at least one', () => {
    expect(pageCount(0, 24)).toBe(1);
    expect(pageCount(24, 24)).toBe(1);
    expect(pageCount(25, 24)).toBe(2);
  });
  it('clamps the page into range', () => {
    expect(clampPage(5, 30, 24)).toBe(1);
    expect(clampPage(-2, 30, 24)).toBe(0);
    expect(clampPage(3, 0, 24)).toBe(0);
  });
  it('slices one page', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    expect(pageSlice(items, 1, 4)).toEqual([4, 5, 6, 7]);
    expect(pageSlice(items, 2, 4)).toEqual([8, 9]);
    expect(pageSlice(items, 9, 4)).toEqual([8, 9]);
  });
});

describe('rankedProbabilities', () => {
  it('sorts classes by probability, ties by class order', () => {
    const r = rankedProbabilities([0.2, 0.5, 0.2, 0.1], ['a', 'b', 'c', 'd']);
    expect(r.map((x) => x.className)).toEqual(['b', 'a', 'c', 'd']);
    expect(r[0]).toEqual({ className: 'b', classIndex: 1, p: 0.5 });
  });
});

describe('confusionCounts', () => {
  it('counts actual × predicted, and each cell equals its filtered cover list', () => {
    const m = confusionCounts(covers, ['rock', 'jazz', 'pop']);
    expect(m).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
    ]);
    expect(filterCovers(covers, { actual: 'pop', predicted: 'rock', correctness: 'all' })).toHaveLength(m[2][0]);
  });
});
