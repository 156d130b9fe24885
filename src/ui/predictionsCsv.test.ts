import { describe, expect, it } from 'vitest';
import { csvParse } from 'd3-dsv';
import { predictionsCsv, roundToSum } from './predictionsCsv';

describe('predictions CSV', () => {
  it('rounds so the printed probabilities add up to exactly 1', () => {
    // Plain rounding gives 0.3333 × 3 = 0.9999.
    expect(roundToSum([1 / 3, 1 / 3, 1 / 3], 4)).toEqual(['0.3334', '0.3333', '0.3333']);
    const printed = roundToSum([0.12345, 0.45678, 0.41977], 4);
    expect(printed.reduce((a, b) => a + Number(b) * 1e4, 0)).toBe(1e4);
    expect(printed).toEqual(['0.1234', '0.4568', '0.4198']);
  });

  it('puts the playlist columns of each track after the cover', () => {
    const csv = predictionsCsv({
      model: 'm',
      classNames: ['pop', 'rock'],
      predictions: [{ file: 'a.jpg', predicted: 'rock', probabilities: [0.1, 0.9], usedText: true, track: { title: '@home', artist: 'X' } }],
      trackColumns: ['title', 'artist'],
      failed: [],
    });
    expect(csv.split('\n')[0]).toBe('cover,title,artist,predicted,p_pop,p_rock');
    expect(csvParse(csv)[0].title).toBe("'@home");
  });

  it('neutralises formula-like cells, keeps numbers as numbers and ends with a newline', () => {
    const csv = predictionsCsv({
      model: 'm',
      classNames: ['pop', '=rock'],
      predictions: [{ file: '=HYPERLINK("x").jpg', predicted: '=rock', probabilities: [0.25, 0.75], usedText: false }],
      trackColumns: [],
      failed: [],
    });
    expect(csv.endsWith('\n')).toBe(true);
    const [row] = csvParse(csv);
    expect(row.cover).toBe(`'=HYPERLINK("x").jpg`);
    expect(row.predicted).toBe("'=rock");
    expect(row.p_pop).toBe('0.2500');
    expect(row['p_=rock']).toBe('0.7500');
  });

  it('neutralises formula-like column names from the user\'s CSV in the header too', () => {
    const csv = predictionsCsv({
      model: 'm',
      classNames: ['pop', 'rock'],
      predictions: [{ file: 'a.jpg', predicted: 'pop', probabilities: [0.5, 0.5], usedText: false, track: { '=title': '@SUM(A1)', artist: '+x' } }],
      trackColumns: ['=title', 'artist'],
      failed: [],
    });
    const parsed = csvParse(csv);
    expect(parsed.columns).toEqual(['cover', "'=title", 'artist', 'predicted', 'p_pop', 'p_rock']);
    expect(parsed[0]["'=title"]).toBe("'@SUM(A1)");
    expect(parsed[0].artist).toBe("'+x");
  });
});
