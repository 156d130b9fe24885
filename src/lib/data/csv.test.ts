import { describe, expect, it } from 'vitest';
import { csvRecords, detectDelimiter, parseCsv, uniqueColumnNames } from './csv';

describe('parseCsv quoting (d3-dsv)', () => {
  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    const text = 'title,genre\n"Hello, World",pop\n"two\nlines",rock\n"say ""hi""",jazz\n';
    const t = parseCsv(text);
    expect(t.columns).toEqual(['title', 'genre']);
    expect(t.rows).toEqual([
      { title: 'Hello, World', genre: 'pop' },
      { title: 'two\nlines', genre: 'rock' },
      { title: 'say "hi"', genre: 'jazz' },
    ]);
    // The second record spans lines 3-4, so the third starts on line 5.
    expect(t.rowLines).toEqual([2, 3, 5]);
    expect(t.warnings).toEqual([]);
  });

  it('parses the tripled-quote album title from the Spotify set with its inner quotes kept', () => {
    const text =
      'cover,genre,artist,album\n' +
      'classical__00J0nEe6CsvnkCZ3eqcVfJ.jpg,classical,Igor Stravinsky,"""Air - Classical Dances"""\n';
    const t = parseCsv(text);
    expect(t.rows[0].album).toBe('"Air - Classical Dances"');
    expect(t.rows[0].artist).toBe('Igor Stravinsky');
  });
});

describe('parseCsv encodings and line endings', () => {
  it('strips a UTF-8 BOM so the first header name is clean', () => {
    const t = parseCsv('\uFEFFcover,genre\na.jpg,pop\n');
    expect(t.columns).toEqual(['cover', 'genre']);
    expect(t.rows[0].cover).toBe('a.jpg');
  });

  it('handles CRLF, including a CRLF inside a quoted field', () => {
    const t = parseCsv('a,b\r\n1,"x\r\ny"\r\n3,4\r\n');
    expect(t.rows).toEqual([
      { a: '1', b: 'x\r\ny' },
      { a: '3', b: '4' },
    ]);
    expect(t.rowLines).toEqual([2, 4]);
  });

  it('handles lone CR line endings (classic Mac exports)', () => {
    const t = parseCsv('a,b\r1,2\r3,4');
    expect(t.rows).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
    expect(t.rowLines).toEqual([2, 3]);
  });

  it('keeps unicode values and headers intact', () => {
    const t = parseCsv('artiste,タイトル,genre\nBeyoncé,日本の歌,pop 🎤\n');
    expect(t.columns).toEqual(['artiste', 'タイトル', 'genre']);
    expect(t.rows[0]).toEqual({ artiste: 'Beyoncé', タイトル: '日本の歌', genre: 'pop 🎤' });
  });
});

describe('delimiter detection', () => {
  it('detects semicolons even when values contain commas', () => {
    const t = parseCsv('title;genre\n"Hello, World";pop\nBye, bye;rock\n');
    expect(t.delimiter).toBe(';');
    expect(t.rows).toEqual([
      { title: 'Hello, World', genre: 'pop' },
      { title: 'Bye, bye', genre: 'rock' },
    ]);
  });

  it('detects tabs', () => {
    const t = parseCsv('cover\tgenre\ta, b\nx.jpg\tpop\t1\n');
    expect(t.delimiter).toBe('\t');
    expect(t.columns).toEqual(['cover', 'genre', 'a, b']);
  });

  it('detects pipes', () => {
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('ignores delimiters inside quoted header names', () => {
    // 2 commas outside quotes, 3 semicolons inside quotes.
    expect(detectDelimiter('"a;b;c;d",e,f\n1,2,3\n')).toBe(',');
  });

  it('prefers the delimiter that gives a consistent field count on the first rows', () => {
    // Header alone: 2 commas vs 1 semicolon; only ';' gives the same count on every row.
    const text = 'name,x,y;genre\nA,B,C;pop\nC;rock\nD;jazz\n';
    expect(detectDelimiter(text)).toBe(';');
  });

  it('falls back to comma for a single-column file', () => {
    const t = parseCsv('cover\na.jpg\nb.jpg\n');
    expect(t.delimiter).toBe(',');
    expect(t.rows).toEqual([{ cover: 'a.jpg' }, { cover: 'b.jpg' }]);
  });
});

describe('header clean-up', () => {
  it('trims names and makes empty and repeated names unique', () => {
    expect(uniqueColumnNames([' name ', 'name', '', 'name', 'col_3'])).toEqual([
      'name',
      'name (2)',
      'col_3',
      'name (3)',
      'col_3 (2)',
    ]);
  });

  it('applies to parsed tables', () => {
    const t = parseCsv(' cover , genre ,,genre\na,b,c,d\n');
    expect(t.columns).toEqual(['cover', 'genre', 'col_3', 'genre (2)']);
    expect(t.rows[0]).toEqual({ cover: 'a', genre: 'b', col_3: 'c', 'genre (2)': 'd' });
  });
});

describe('ragged rows and blank lines', () => {
  it('skips blank lines but keeps counting them for line numbers', () => {
    const t = parseCsv('\na,b\n\n1,2\n   \n,\n3,4\n');
    expect(t.columns).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
    expect(t.rowLines).toEqual([4, 7]);
  });

  it('pads short rows and drops extra fields, warning with the 1-based line', () => {
    const text = 'a,b,c\n"multi\nline",2,3\n1,2\n1,2,3,4\n5,6,7,,\n';
    const t = parseCsv(text);
    expect(t.rows).toEqual([
      { a: 'multi\nline', b: '2', c: '3' },
      { a: '1', b: '2', c: '' },
      { a: '1', b: '2', c: '3' },
      { a: '5', b: '6', c: '7' },
    ]);
    // Line 1 header, lines 2-3 the multi-line record, 4 short, 5 long, 6 only trailing empties.
    expect(t.warnings.map((w) => w.line)).toEqual([4, 5]);
    expect(t.warnings[0].message).toMatch(/2 field\(s\) but the header has 3/);
    expect(t.warnings[1].message).toMatch(/4 fields but the header has 3; the extra value\(s\) were ignored/);
    expect(t.rowLines).toEqual([2, 4, 5, 6]);
  });
});

describe('degenerate files', () => {
  it('returns an empty table and a warning for an empty file, without throwing', () => {
    for (const text of ['', '\uFEFF', '\n\r\n  \n']) {
      const t = parseCsv(text);
      expect(t.columns).toEqual([]);
      expect(t.rows).toEqual([]);
      expect(t.warnings).toHaveLength(1);
      expect(t.warnings[0]).toMatchObject({ line: 1 });
      expect(t.warnings[0].message).toMatch(/empty/);
    }
  });

  it('returns the columns and a warning for a header-only file', () => {
    const t = parseCsv('cover,genre\r\n');
    expect(t.columns).toEqual(['cover', 'genre']);
    expect(t.rows).toEqual([]);
    expect(t.warnings).toEqual([{ line: 1, message: 'The file has a header line but no data rows.' }]);
  });
});

describe('delimiter detection on large files', () => {
  it('only samples the start, and still parses every row', () => {
    const row = '"a long; text, with both",pop;\n';
    const text = 'title,genre\n' + row.repeat(5000); // ~150 KB, beyond the 64 KB sample
    const t = parseCsv(text);
    expect(t.delimiter).toBe(',');
    expect(t.rows).toHaveLength(5000);
    expect(t.rows[4999]).toEqual({ title: 'a long; text, with both', genre: 'pop;' });
  });
});

describe('csvRecords', () => {
  it('keys each row by the header, quoted commas kept, short rows padded, BOM dropped', () => {
    const { columns, rows } = csvRecords('\uFEFFcover,genre,title\na.jpg,rock,"Hello, world"\nb.jpg,pop\n');
    expect(columns).toEqual(['cover', 'genre', 'title']);
    expect(rows).toEqual([
      { cover: 'a.jpg', genre: 'rock', title: 'Hello, world' },
      { cover: 'b.jpg', genre: 'pop', title: '' },
    ]);
  });
});
