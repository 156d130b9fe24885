import { describe, expect, it } from 'vitest';
import { buildModelInputFrom, FILE_NAME_COLUMN, fileNameFeature, parseNumericCell, type ModelInputRow } from './modelInput';

describe('parseNumericCell', () => {
  it('reads decimals and exponents', () => {
    expect([' 42 ', '-1.5', '.5', '+3', '1e3', '2.5E-1'].map(parseNumericCell)).toEqual([42, -1.5, 0.5, 3, 1000, 0.25]);
  });

  it('gives NaN, never 0, for blank or non-numeric text', () => {
    // Number(' ') is 0 and Number('0x10') is 16: the old prediction path turned a blank year into year 0.
    for (const v of ['', ' ', '\t', 'n/a', 'fast', '1,5', '0x10', 'Infinity', '12abc']) expect(parseNumericCell(v)).toBeNaN();
  });
});

describe('fileNameFeature', () => {
  it('drops the folders, which often name the genre', () => {
    expect(fileNameFeature('covers/rock/Loud Album.jpg')).toBe('Loud Album.jpg');
    expect(fileNameFeature('C:\\music\\jazz\\x.png')).toBe('x.png');
    expect(fileNameFeature('x.jpg')).toBe('x.jpg');
  });
});

describe('buildModelInputFrom', () => {
  const rows: ModelInputRow[] = [
    { coverPath: 'a/one.jpg', imageHash: 'h1', values: { title: 'One', year: '1999', label: 'EMI' } },
    { coverPath: 'b/two.jpg', imageHash: 'h2', values: { year: '' } },
  ];
  const mapping = { text: ['title'], categorical: ['label'], numeric: ['year'] };
  const cover = new Map([['h1', Float32Array.of(1, 2)], ['h2', Float32Array.of(3, 4)]]);

  it('lays out dense groups row by row and reads every mapped column', () => {
    const input = buildModelInputFrom(rows, mapping, { cover }, { fileNameAsFeature: true });
    expect(input.n).toBe(2);
    expect(input.dense.cover).toEqual({ rows: 2, cols: 2, data: Float32Array.of(1, 2, 3, 4) });
    expect(input.text).toEqual({ title: ['One', ''], [FILE_NAME_COLUMN]: ['one.jpg', 'two.jpg'] });
    expect(input.categorical).toEqual({ label: ['EMI', ''] });
    expect(input.numeric).toEqual({ year: [1999, NaN] });
  });

  it('includes a dense group only when every row has it', () => {
    const colour = new Map([['h1', Float32Array.of(9)]]);
    expect(Object.keys(buildModelInputFrom(rows, mapping, { cover, colour }, { fileNameAsFeature: false }).dense)).toEqual(['cover']);
  });

  it('refuses feature vectors of different lengths instead of misaligning rows', () => {
    const mixed = new Map([['h1', Float32Array.of(1, 2)], ['h2', Float32Array.of(3)]]);
    expect(() => buildModelInputFrom(rows, mapping, { cover: mixed }, { fileNameAsFeature: false })).toThrow(/recompute the features/);
  });
});
