import { describe, expect, it } from 'vitest';
import { atlasCell, atlasLayout } from './atlas';

describe('atlasLayout', () => {
  it('lays 10 000 covers at 32 px on a 100 × 100 grid (3 200 px square)', () => {
    expect(atlasLayout(10_000, 32)).toEqual({ columns: 100, rows: 100, cell: 32 });
  });
  it('uses ⌈√n⌉ columns and as few rows as fit: 302 covers → 18 × 17', () => {
    expect(atlasLayout(302, 32)).toEqual({ columns: 18, rows: 17, cell: 32 });
  });
  it('shrinks the cell so the sheet stays within the maximum side (10 000 at 64 px → 40 px)', () => {
    expect(atlasLayout(10_000, 64)).toEqual({ columns: 100, rows: 100, cell: 40 });
  });
  it('keeps at least one cell of at least 1 px', () => {
    expect(atlasLayout(0, 32)).toEqual({ columns: 1, rows: 1, cell: 32 });
    expect(atlasLayout(9, 0.2)).toEqual({ columns: 3, rows: 3, cell: 1 });
  });
});

describe('atlasCell', () => {
  it('is row-major: index 19 of 18 columns at 32 px is row 1, column 1', () => {
    expect(atlasCell({ columns: 18, cell: 32 }, 19)).toEqual({ x: 32, y: 32 });
    expect(atlasCell({ columns: 18, cell: 32 }, 17)).toEqual({ x: 544, y: 0 });
  });
});
