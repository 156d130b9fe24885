import { describe, expect, it } from 'vitest';
import {
  bubbleRadii,
  bubbleRadius,
  cellTooltip,
  formatPercent,
  matrixProblem,
  readableTextOn,
  relativeLuminance,
  rowNormalize,
  summarizeConfusion,
} from './confusion';

/*
 * Hand-made example, rows = actual, columns = predicted:
 *            rock pop jazz folk metal | support
 *   rock      30   12    8    0    0  |   50
 *   pop        5   40    5    0    0  |   50
 *   jazz       2    3   15    0    0  |   20
 *   folk       4    1    5    0    0  |   10   ← never predicted, but has examples
 *   metal      0    0    0    0    0  |    0   ← empty row, never predicted either
 *   predicted 41   56   33    0    0  |  130
 */
const NAMES = ['rock', 'pop', 'jazz', 'folk', 'metal'];
const MATRIX = [
  [30, 12, 8, 0, 0],
  [5, 40, 5, 0, 0],
  [2, 3, 15, 0, 0],
  [4, 1, 5, 0, 0],
  [0, 0, 0, 0, 0],
];
const ROCK = 0, POP = 1, JAZZ = 2, FOLK = 3, METAL = 4;

describe('summarizeConfusion totals', () => {
  const s = summarizeConfusion(NAMES, MATRIX);

  it('sums rows, columns, the diagonal and the whole matrix', () => {
    expect(s.rowTotals).toEqual([50, 50, 20, 10, 0]);
    expect(s.columnTotals).toEqual([41, 56, 33, 0, 0]);
    expect(s.total).toBe(130);
    expect(s.correct).toBe(85);
    expect(s.accuracy).toBeCloseTo(85 / 130, 12);
    expect(s.maxCount).toBe(40);
  });

  it('lists cells row-major with both percentages', () => {
    expect(s.cells).toHaveLength(25);
    const rockAsPop = s.cells[ROCK * 5 + POP];
    expect(rockAsPop).toEqual({ actual: ROCK, predicted: POP, count: 12, ofActual: 0.24, ofTotal: 12 / 130, correct: false });
    expect(s.cells[JAZZ * 5 + JAZZ]).toMatchObject({ count: 15, ofActual: 0.75, correct: true });
    expect(s.cells[METAL * 5 + METAL]).toMatchObject({ count: 0, ofActual: 0, ofTotal: 0, correct: true });
    expect(s.cells.reduce((a, c) => a + c.ofTotal, 0)).toBeCloseTo(1, 12);
  });

  it('does not keep references to or modify the input', () => {
    const input = MATRIX.map((r) => r.slice());
    const summary = summarizeConfusion(NAMES, input);
    summary.counts[0][0] = 999;
    expect(input).toEqual(MATRIX);
  });
});

describe('per-class precision, recall and support', () => {
  const byName = Object.fromEntries(summarizeConfusion(NAMES, MATRIX).perClass.map((p) => [p.className, p]));

  it('matches hand-computed values', () => {
    expect(byName.rock.precision).toBeCloseTo(30 / 41, 12);
    expect(byName.rock.recall).toBeCloseTo(0.6, 12);
    expect(byName.pop.precision).toBeCloseTo(40 / 56, 12);
    expect(byName.pop.recall).toBeCloseTo(0.8, 12);
    expect(byName.jazz.precision).toBeCloseTo(15 / 33, 12);
    expect(byName.jazz.recall).toBeCloseTo(0.75, 12);
    expect([byName.rock.support, byName.pop.support, byName.jazz.support]).toEqual([50, 50, 20]);
    expect([byName.rock.predictedCount, byName.pop.predictedCount, byName.jazz.predictedCount]).toEqual([41, 56, 33]);
  });

  it('gives precision 0 to a class that is never predicted (zero_division=0)', () => {
    expect(byName.folk).toEqual({ className: 'folk', precision: 0, recall: 0, support: 10, predictedCount: 0 });
  });

  it('gives recall 0 and support 0 to a class with no examples', () => {
    expect(byName.metal).toEqual({ className: 'metal', precision: 0, recall: 0, support: 0, predictedCount: 0 });
  });
});

describe('rowNormalize', () => {
  it('divides each row by its total so it sums to 1', () => {
    const n = rowNormalize(MATRIX);
    expect(n[ROCK]).toEqual([0.6, 0.24, 0.16, 0, 0]);
    expect(n[JAZZ]).toEqual([0.1, 0.15, 0.75, 0, 0]);
    expect(n[FOLK]).toEqual([0.4, 0.1, 0.5, 0, 0]);
    for (const r of [ROCK, POP, JAZZ, FOLK]) expect(n[r].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('leaves an all-zero row as zeros, not NaN', () => {
    expect(rowNormalize(MATRIX)[METAL]).toEqual([0, 0, 0, 0, 0]);
    expect(summarizeConfusion(NAMES, MATRIX).rowNormalized[METAL]).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('bubble radii', () => {
  it('makes area proportional to count', () => {
    expect(bubbleRadius(40, 40, 20)).toBe(20);
    expect(bubbleRadius(10, 40, 20)).toBe(10); // a quarter of the count, a quarter of the area
    expect(bubbleRadius(12, 40, 20)).toBeCloseTo(20 * Math.sqrt(0.3), 12);
    const area = (r: number) => Math.PI * r * r;
    expect(area(bubbleRadius(30, 40, 20)) / area(bubbleRadius(15, 40, 20))).toBeCloseTo(2, 12);
  });

  it('draws nothing for zero counts or an empty matrix', () => {
    expect(bubbleRadius(0, 40, 20)).toBe(0);
    expect(bubbleRadius(0, 0, 20)).toBe(0);
    expect(bubbleRadii([[0, 0], [0, 0]], 20)).toEqual([[0, 0], [0, 0]]);
  });

  it('scales a whole matrix to its largest count', () => {
    const r = bubbleRadii(MATRIX, 20);
    expect(r[POP][POP]).toBe(20);
    expect(r[ROCK][POP]).toBeCloseTo(20 * Math.sqrt(12 / 40), 12);
    expect(r[FOLK][FOLK]).toBe(0);
  });
});

describe('cellTooltip', () => {
  const s = summarizeConfusion(NAMES, MATRIX);

  it('states the count, the share of the actual class and of all', () => {
    // 12 / 50 = 24 %, 12 / 130 = 9.23 %
    expect(cellTooltip(s, ROCK, POP)).toBe('Actual rock → predicted pop: 12 (24.0 % of rock, 9.2 % of all)');
    // 30 / 50 = 60 %, 30 / 130 = 23.08 %
    expect(cellTooltip(s, ROCK, ROCK)).toBe('Actual rock → predicted rock: 30 (60.0 % of rock, 23.1 % of all)');
    expect(cellTooltip(s, FOLK, FOLK)).toBe('Actual folk → predicted folk: 0 (0.0 % of folk, 0.0 % of all)');
  });

  it('reproduces the example from the spec', () => {
    // 12 of 50 rock covers, out of 279 in all: 4.30 %
    const t = summarizeConfusion(['rock', 'pop'], [[38, 12], [0, 229]]);
    expect(cellTooltip(t, 0, 1)).toBe('Actual rock → predicted pop: 12 (24.0 % of rock, 4.3 % of all)');
  });

  it('says so when the actual class has no examples', () => {
    expect(cellTooltip(s, METAL, ROCK)).toBe('Actual metal → predicted rock: 0 (no actual metal, 0.0 % of all)');
  });

  it('groups thousands', () => {
    const t = summarizeConfusion(['a', 'b'], [[1234, 0], [0, 0]]);
    expect(cellTooltip(t, 0, 0)).toBe('Actual a → predicted a: 1,234 (100.0 % of a, 100.0 % of all)');
  });
});

describe('edge cases and validation', () => {
  it('handles an all-zero matrix without NaN', () => {
    const s = summarizeConfusion(['a', 'b'], [[0, 0], [0, 0]]);
    expect(s.total).toBe(0);
    expect(s.accuracy).toBe(0);
    expect(s.maxCount).toBe(0);
    expect(s.cells.every((c) => c.ofActual === 0 && c.ofTotal === 0)).toBe(true);
    expect(s.perClass.every((p) => p.precision === 0 && p.recall === 0)).toBe(true);
  });

  it('reports shapes and values it cannot draw', () => {
    expect(matrixProblem(NAMES, MATRIX)).toBeNull();
    expect(matrixProblem([], [])).toMatch(/no classes/);
    expect(matrixProblem(['a', 'a'], [[1, 0], [0, 1]])).toMatch(/unique/);
    expect(matrixProblem(['a', 'b'], [[1, 0]])).toMatch(/Expected 2 rows/);
    expect(matrixProblem(['a', 'b'], [[1, 0], [0]])).toMatch(/Row b has 1 columns/);
    expect(matrixProblem(['a', 'b'], [[1, -1], [0, 1]])).toMatch(/a → b is -1/);
    expect(matrixProblem(['a', 'b'], [[1, 0], [NaN, 1]])).toMatch(/b → a is NaN/);
    expect(() => summarizeConfusion(['a', 'b'], [[1, 0]])).toThrow(RangeError);
  });
});

describe('formatting and contrast helpers', () => {
  it('formats percentages with one decimal and a space', () => {
    expect(formatPercent(0.24)).toBe('24.0 %');
    expect(formatPercent(1)).toBe('100.0 %');
    expect(formatPercent(0)).toBe('0.0 %');
    expect(formatPercent(2 / 3, 0)).toBe('67 %');
  });

  it('computes WCAG relative luminance', () => {
    expect(relativeLuminance({ r: 0, g: 0, b: 0 })).toBe(0);
    expect(relativeLuminance({ r: 255, g: 255, b: 255 })).toBeCloseTo(1, 12);
    // sRGB 128 → linear ((128/255 + 0.055) / 1.055)^2.4 ≈ 0.21586
    expect(relativeLuminance({ r: 128, g: 128, b: 128 })).toBeCloseTo(0.21586, 4);
  });

  it('puts dark text on light fills and white text on dark fills', () => {
    expect(readableTextOn({ r: 255, g: 255, b: 255 })).toBe('dark');
    expect(readableTextOn({ r: 0xf7, g: 0xfb, b: 0xff })).toBe('dark'); // lightest Blues
    expect(readableTextOn({ r: 0x08, g: 0x30, b: 0x6b })).toBe('light'); // darkest Blues
    expect(readableTextOn({ r: 0, g: 0, b: 0 })).toBe('light');
  });
});
