import { describe, expect, it } from 'vitest';
import { embeddingCsv, neutraliseCell } from './csv';

describe('neutraliseCell', () => {
  it('prefixes formula starters only', () => {
    expect(neutraliseCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(neutraliseCell('+1')).toBe("'+1");
    expect(neutraliseCell('-x')).toBe("'-x");
    expect(neutraliseCell('@cmd')).toBe("'@cmd");
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell('')).toBe('');
  });
});

describe('embeddingCsv', () => {
  it('writes a header, neutralised text, quoted commas and raw negative coordinates', () => {
    const csv = embeddingCsv([
      { index: 3, path: 'covers/a.jpg', title: '=HYPERLINK("x")', actual: 'rock', predicted: 'jazz, blues', x: -1.5, y: 0.25 },
    ]);
    const [header, line] = csv.split('\n');
    expect(header).toBe('index,path,title,actual,predicted,x,y');
    expect(line).toBe(`3,covers/a.jpg,"'=HYPERLINK(""x"")",rock,"jazz, blues",-1.50000,0.25000`);
  });
});
