import { describe, expect, it } from 'vitest';
import { genreConceptTable } from './concepts';

const NAMES = ['guitar', 'piano', 'book jacket', 'stage'];
// Class 0 (rock): 4 covers; class 1 (jazz): 4 covers plus one without labels (left out).
const TOP = [[0, 2], [0, 2], [0, 3], [2], [1, 2], [1, 2], [1], [3], null];
const CLASS = [0, 0, 0, 0, 1, 1, 1, 1, 1];

describe('genreConceptTable', () => {
  it('counts covers per label and ranks by smoothed lift', () => {
    const [rock, jazz] = genreConceptTable(TOP, CLASS, 2, NAMES, { alpha: 0.01 });
    expect(rock.covers).toBe(4);
    expect(jazz.covers).toBe(4);
    // guitar: 3/4 of rock, 0/4 of jazz → (0.75 + 0.01) / 0.01; book jacket: 3/4 vs 2/4; stage (1 cover) is left out.
    expect(rock.concepts.map((c) => c.label)).toEqual(['guitar', 'book jacket']);
    expect(rock.concepts[0]).toMatchObject({ count: 3, share: 0.75 });
    expect(rock.concepts[0].lift).toBeCloseTo(76, 9);
    expect(rock.concepts[1].lift).toBeCloseTo(0.76 / 0.51, 9);
    expect(jazz.concepts.map((c) => c.label)).toEqual(['piano', 'book jacket']);
    expect(jazz.concepts[1]).toMatchObject({ count: 2, share: 0.5 });
    expect(jazz.concepts[1].lift).toBeCloseTo(0.51 / 0.76, 9);
  });

  it('requires the larger of minCount and minShare × covers', () => {
    const [rock] = genreConceptTable(TOP, CLASS, 2, NAMES, { minShare: 0.8 }); // needs ceil(3.2) = 4 covers
    expect(rock.concepts).toEqual([]);
    const [loose] = genreConceptTable(TOP, CLASS, 2, NAMES, { minCount: 1, minShare: 0 });
    expect(loose.concepts.map((c) => c.label)).toEqual(['guitar', 'book jacket', 'stage']);
  });

  it('counts a label once per cover and keeps empty classes', () => {
    const [a, b] = genreConceptTable([[0, 0, 1], [0, 1]], [0, 0], 2, NAMES, { minCount: 1 });
    expect(a.concepts.find((c) => c.label === 'guitar')!.count).toBe(2);
    expect(b).toEqual({ classIndex: 1, covers: 0, concepts: [] });
  });
});
