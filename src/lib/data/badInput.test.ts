/**
 * The bad-input matrix (issue 12), pure half: CSV bytes, encodings, delimiters, file sniffing, label checks and the
 * report lines they produce. One test per case; the browser-decoder half is e2e/bad-input.spec.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv, unclosedQuoteLine, unusableTableMessage } from './csv';
import { inferMapping } from './inferColumns';
import { decodeFailure, displaySize, sniffImage, type ImageHeader } from './imageFormat';
import { planCv, planCvForLabels, withoutSingleRowGenres } from './labelChecks';
import { buildImportReport, formatReportSummary, type ImageInfo } from './validate';
import { downscaleFor } from '../features/pixels';
import { hugeDiscPng, rgbPng, utf16, withExifOrientation } from '../../../e2e/fixtures/bad-input/generate';
import type { ColumnMapping } from './types';

const FIXTURES = join(import.meta.dirname, '../../../e2e/fixtures/bad-input');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('bad CSVs', () => {
  it('empty file: no rows, and a message naming the file and what to add', () => {
    const table = readCsv(new Uint8Array(0));
    expect(table.rows).toEqual([]);
    expect(unusableTableMessage('data/tracks.csv', table)).toBe(
      '"data/tracks.csv" is empty: add one row per track (cover file name, genre, …) and drop the folder again. Nothing was replaced.',
    );
  });

  it('header only: the columns, and a message that there are no data rows', () => {
    const table = readCsv(utf8('cover,genre,title\n'));
    expect(table.columns).toEqual(['cover', 'genre', 'title']);
    expect(unusableTableMessage('t.csv', table)).toMatch(/^"t\.csv" has a header line \(3 columns\) but no data rows: add one row/);
    expect(unusableTableMessage('t.csv', readCsv(utf8('cover,genre\na.jpg,pop\n')))).toBeNull();
  });

  it('duplicate header names: both kept under distinct names, with a warning naming the column', () => {
    const table = readCsv(utf8('cover,genre,genre\na.jpg,pop,rock\n'));
    expect(table.columns).toEqual(['cover', 'genre', 'genre (2)']);
    expect(table.rows[0]).toEqual({ cover: 'a.jpg', genre: 'pop', 'genre (2)': 'rock' });
    expect(table.warnings).toEqual([
      { line: 1, message: 'The column name "genre" appears 2 times; they are called "genre", "genre (2)" here. Rename them in the file to tell them apart.' },
    ]);
  });

  it('ragged rows: padded or cut, each with its line and what to do', () => {
    const table = readCsv(utf8('cover,genre,title\na.jpg,pop\nb.jpg,rock,B,extra\nc.jpg,jazz,C\n'));
    expect(table.rows.map((r) => r.title)).toEqual(['', 'B', 'C']);
    expect(table.warnings.map((w) => w.line)).toEqual([2, 3]);
    expect(table.warnings[1].message).toMatch(/Quote fields that contain the delimiter/);
  });

  it('unterminated quote: rows before it intact, a warning on the line where the quote opens', () => {
    const table = readCsv(utf8('cover,genre,title\na.jpg,pop,Alpha\nb.jpg,rock,"Beta\nc.jpg,jazz,Gamma\nd.jpg,pop,Delta\n'));
    expect(table.rows[0]).toEqual({ cover: 'a.jpg', genre: 'pop', title: 'Alpha' });
    expect(table.rows).toHaveLength(2); // the rest of the file became one value
    expect(table.warnings).toEqual([
      {
        line: 3,
        message: 'A quoted value starts on line 3 but its closing quote (") is missing, so lines 3–5 were read as one value. Add the closing quote or remove the opening one.',
      },
    ]);
    // Closed quotes, doubled quotes and quotes inside a value are not flagged.
    expect(readCsv(utf8('a,b\n"x ""y""\nz",2\nsay "hi",3\n')).warnings).toEqual([]);
    // Windows line endings and another delimiter: the same line number.
    expect(unclosedQuoteLine('a;b\r\n"x\r\ny";1\r\nc;"open\r\nd;2\r\n', ';')).toBe(4);
  });

  it('UTF-8 with a BOM: clean first header, encoding reported', () => {
    const table = readCsv(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('cover,title\na.jpg,Café\n')]));
    expect(table.columns[0]).toBe('cover');
    expect(table.rows[0].title).toBe('Café');
    expect([table.encoding, table.encodingReason]).toEqual(['UTF-8', 'byte-order mark']);
  });

  it.each([['le'], ['be']] as const)('UTF-16 %s with a BOM: decoded, not read as bytes', (endian) => {
    const table = readCsv(utf16('cover,title\na.jpg,Café Noël\n', endian));
    expect(table.columns).toEqual(['cover', 'title']);
    expect(table.rows[0].title).toBe('Café Noël');
    expect(table.encoding).toBe(endian === 'le' ? 'UTF-16 LE' : 'UTF-16 BE');
  });

  it('UTF-16 LE without a BOM: found from the zero bytes', () => {
    const table = readCsv(new Uint8Array(Buffer.from('cover,title\na.jpg,Ça va\n', 'utf16le')));
    expect(table.rows[0].title).toBe('Ça va');
    expect(table.encoding).toBe('UTF-16 LE');
  });

  it('Windows-1252 with accented titles and a curly quote: detected, decoded, and said', () => {
    // 0xE9 é, 0xF1 ñ, 0x92 ’ (Windows-1252 only): none of it is valid UTF-8.
    const table = readCsv(latin1('cover,title\na.jpg,Caf\xe9 Espa\xf1a\nb.jpg,Rock \x92n Roll\n'));
    expect(table.rows.map((r) => r.title)).toEqual(['Café España', 'Rock ’n Roll']);
    expect(table.encoding).toBe('Windows-1252');
    expect(table.warnings[0]).toEqual({
      line: 1,
      message: 'The file is not valid UTF-8, so it was read as Windows-1252 (Latin-1). If accented letters look wrong, save the CSV as UTF-8 and drop it again.',
    });
  });

  it('Latin-1 (ISO-8859-1) accents decode the same way', () => {
    const table = readCsv(latin1('cover,artist\na.jpg,Bj\xf6rk\nb.jpg,Mot\xf6rhead \xfc\n'));
    expect(table.rows.map((r) => r.artist)).toEqual(['Björk', 'Motörhead ü']);
    expect(table.encoding).toBe('Windows-1252');
  });

  it('valid UTF-8 is never re-read as Windows-1252', () => {
    const table = readCsv(utf8('cover,title\na.jpg,Café España\n'));
    expect([table.encoding, table.encodingReason, table.rows[0].title]).toEqual(['UTF-8', 'valid UTF-8', 'Café España']);
    expect(table.warnings).toEqual([]);
  });

  it.each([
    ['semicolon', ';', 'cover;genre;title\na.jpg;pop;Hello, world\nb.jpg;rock;B\n'],
    ['tab', '\t', 'cover\tgenre\ttitle\na.jpg\tpop\tHello, world\nb.jpg\trock\tB\n'],
  ])('%s delimiter: detected, commas inside values kept', (_, delimiter, text) => {
    const table = readCsv(utf8(text));
    expect(table.delimiter).toBe(delimiter);
    expect(table.rows[0]).toEqual({ cover: 'a.jpg', genre: 'pop', title: 'Hello, world' });
  });

  it('a 100 KB lyrics cell (quoted, with line breaks and commas) parses intact', () => {
    const lyrics = Array.from({ length: 2500 }, (_, i) => `line ${i}, "la" la la`).join('\n');
    const big = lyrics + '\n' + lyrics; // > 100 KB, longer than the delimiter sniffing window
    const text = `cover,genre,lyrics\na.jpg,pop,"${big.replace(/"/g, '""')}"\nb.jpg,rock,short\n`;
    const table = readCsv(utf8(text));
    expect(big.length).toBeGreaterThan(100_000);
    expect(table.delimiter).toBe(',');
    expect(table.rows.map((r) => r.lyrics.length)).toEqual([big.length, 5]);
    expect(table.rows[0].lyrics).toBe(big);
    expect(table.rowLines).toEqual([2, 2 + 5000]);
    expect(table.warnings).toEqual([]);
  });
});

describe('bad image files (sniffed from their bytes)', () => {
  const base = fixture('base.jpg');
  const goodPng = new Uint8Array(rgbPng(32, 24, (x, y) => [x * 8, y * 8, 0]));
  const problem = (bytes: Uint8Array) => {
    const s = sniffImage(bytes.subarray(0, 65536), bytes.length);
    return s.ok === false ? s.problem : null;
  };
  const header = (bytes: Uint8Array): ImageHeader | null => {
    const s = sniffImage(bytes.subarray(0, 65536), bytes.length);
    return s.ok === true ? s.header : null;
  };

  it.each([
    ['a PDF renamed .jpg', utf8('%PDF-1.7\n%\xe2\xe3\n1 0 obj'), 'is a PDF, not an image: export or save it as JPEG or PNG'],
    ['a text file renamed .jpg', utf8('These are my liner notes.\nTrack 1\n'), 'is a text file, not an image: export or save it as JPEG or PNG'],
    ['an HTML page saved as .jpg', utf8('<!DOCTYPE html><html><body>403</body></html>'), 'is a web page (HTML), not an image: save the image itself (export or save it as JPEG or PNG)'],
    ['a zero-byte file', new Uint8Array(0), 'is empty (0 bytes): copy it again from where it came from'],
    ['a TIFF', Uint8Array.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 2, 3]), 'is a TIFF, which browsers do not decode: export or save it as JPEG or PNG'],
    ['a HEIC photo', Uint8Array.from([0, 0, 0, 24, ...utf8('ftypheic'), 0, 0, 0, 0, ...utf8('mif1heic')]), 'is a HEIC/HEIF photo, which browsers do not decode: export or save it as JPEG or PNG'],
    ['a zip', Uint8Array.from([0x50, 0x4b, 3, 4, 20, 0, 0, 0]), 'is a zip archive, not an image: unpack it and add the images inside'],
  ])('%s', (_, bytes, expected) => {
    expect(problem(bytes)).toBe(expected);
  });

  it('truncated JPEG: the header reads, the failure says "truncated"; a whole JPEG would not', () => {
    const cut = base.subarray(0, Math.floor(base.length * 0.6));
    expect(header(cut)).toEqual({ format: 'jpeg', width: 160, height: 80, orientation: undefined });
    expect(decodeFailure(header(cut), cut.subarray(cut.length - 32))).toBe('is truncated (the JPEG data ends early): download or export it again');
    expect(decodeFailure(header(base), base.subarray(base.length - 32))).toMatch(/^could not be decoded \(a damaged JPEG/);
  });

  it('truncated PNG: no IEND chunk at the end', () => {
    const cut = goodPng.subarray(0, goodPng.length - 20);
    expect(decodeFailure(header(cut), cut.subarray(cut.length - 32))).toBe('is truncated (the PNG data ends early): download or export it again');
    expect(decodeFailure(header(goodPng), goodPng.subarray(goodPng.length - 32))).not.toMatch(/truncated/);
  });

  it.each([
    ['animated GIF', 'animated.gif', { format: 'gif', width: 96, height: 96 }],
    ['WebP', 'cover.webp', { format: 'webp', width: 96, height: 96 }],
    ['AVIF', 'cover.avif', { format: 'avif' }],
    ['CMYK JPEG', 'cmyk.jpg', { format: 'jpeg', width: 96, height: 96, orientation: undefined }],
    ['16-bit PNG', 'deep16.png', { format: 'png', width: 96, height: 96 }],
  ])('%s: recognised as an image with its size', (_, file, expected) => {
    expect(header(fixture(file))).toEqual(expected);
  });

  it('EXIF-rotated JPEG: orientation 6 read, displayed size swapped', () => {
    const rotated = new Uint8Array(withExifOrientation(Buffer.from(base), 6));
    const h = header(rotated)!;
    expect(h).toEqual({ format: 'jpeg', width: 160, height: 80, orientation: 6 });
    expect(displaySize(h)).toEqual({ width: 80, height: 160 });
    expect(displaySize({ ...h, orientation: 3 })).toEqual({ width: 160, height: 80 });
  });

  it('16×16 decodes as is; 12 000 × 12 000 is decoded straight to 448 × 448', () => {
    const tiny = new Uint8Array(rgbPng(16, 16, () => [200, 0, 0]));
    expect(header(tiny)).toEqual({ format: 'png', width: 16, height: 16 });
    expect(downscaleFor(16, 16, 4096 * 4096, 448)).toBeNull();
    const huge = new Uint8Array(hugeDiscPng(12_000));
    expect(huge.length).toBeLessThan(200_000); // a few tens of KB on disk, 576 MB as RGBA
    expect(header(huge)).toEqual({ format: 'png', width: 12_000, height: 12_000 });
    expect(downscaleFor(12_000, 12_000, 4096 * 4096, 448)).toEqual({ width: 448, height: 448 });
    expect(downscaleFor(12_000, 6_000, 4096 * 4096, 448)).toEqual({ width: 896, height: 448 });
    expect(downscaleFor(4096, 4096, 4096 * 4096, 448)).toBeNull();
  });
});

const mapping: ColumnMapping = { cover: 'cover', target: 'genre', text: [], categorical: [], numeric: [], group: null, ignore: [] };

function importOf(csv: string, infos: Record<string, ImageInfo>, folds = 5) {
  const table = readCsv(utf8(csv));
  const files = [{ path: 'tracks.csv', size: 1 }, ...Object.keys(infos).map((path) => ({ path, size: 1 }))];
  return buildImportReport({ csvPath: 'tracks.csv', table, mapping, files, imageInfo: new Map(Object.entries(infos)), folds });
}
const ok = (hash: string, width = 300, height = 300): ImageInfo => ({ hash, decodable: true, width, height });

describe('bad images in the import report', () => {
  it('each undecodable cover names the file, what it is and what to do; the good rows stay', () => {
    const { report, rows } = importOf('cover,genre\ngood.jpg,pop\nfake.jpg,rock\nempty.jpg,pop\n', {
      'good.jpg': ok('g'),
      'fake.jpg': { hash: 'f', decodable: false, problem: 'is a PDF, not an image: export or save it as JPEG or PNG' },
      'empty.jpg': { hash: 'e', decodable: false, problem: 'is empty (0 bytes): copy it again from where it came from' },
    });
    expect(rows.map((r) => r.coverPath)).toEqual(['good.jpg']);
    expect(report.undecodableRows.map((r) => [r.line, r.detail])).toEqual([
      [3, '"fake.jpg" is a PDF, not an image: export or save it as JPEG or PNG.'],
      [4, '"empty.jpg" is empty (0 bytes): copy it again from where it came from.'],
    ]);
  });

  it('16×16 and EXIF-rotated covers are kept and listed as low resolution at their displayed size', () => {
    const { report, rows } = importOf('cover,genre\ntiny.png,pop\nrot.jpg,rock\nbig.jpg,rock\n', {
      'tiny.png': ok('t', 16, 16),
      'rot.jpg': ok('r', 80, 160),
      'big.jpg': ok('b', 12_000, 12_000),
    });
    expect(rows).toHaveLength(3);
    expect(report.lowResolutionImages).toEqual([
      { path: 'rot.jpg', width: 80, height: 160 },
      { path: 'tiny.png', width: 16, height: 16 },
    ]);
    expect(formatReportSummary(report)).toContain('Smaller than 224 px, enlarged (blurry features): rot.jpg (80×160), tiny.png (16×16).');
  });

  it('the same file name in two subfolders: paths with the folder match, the bare name is ambiguous', () => {
    const { report, rows } = importOf('cover,genre\na/dup.jpg,pop\nb/dup.jpg,rock\ndup.jpg,pop\n', { 'a/dup.jpg': ok('1'), 'b/dup.jpg': ok('2') });
    expect(rows.map((r) => r.coverPath)).toEqual(['a/dup.jpg', 'b/dup.jpg']);
    expect(report.ambiguousRows.map((r) => r.detail)).toEqual([
      '"dup.jpg" matches 2 files (a/dup.jpg, b/dup.jpg): write the folder too in column "cover", e.g. "a/dup.jpg".',
    ]);
  });

  it('the import report and its summary say which encoding was used', () => {
    const table = readCsv(latin1('cover,genre\na.jpg,pop\xe9\nb.jpg,rock\n'));
    const { report } = buildImportReport({ csvPath: 'l.csv', table, mapping, files: [{ path: 'a.jpg', size: 1 }, { path: 'b.jpg', size: 1 }], imageInfo: new Map([['a.jpg', ok('a')], ['b.jpg', ok('b')]]) });
    expect(report.csvEncoding).toEqual({ encoding: 'Windows-1252', how: 'not valid UTF-8' });
    expect(report.classCounts.map((c) => c.label)).toEqual(['popé', 'rock']);
    expect(formatReportSummary(report).split('\n')[0]).toBe('l.csv (read as Windows-1252: not valid UTF-8): 2 rows, 2 usable.');
  });
});

describe('bad labels', () => {
  it('one class only: cannot train, and says so', () => {
    const plan = planCv([{ label: 'rock', count: 12 }], 5);
    expect(plan.trainable).toBe(false);
    expect(plan.notices).toEqual(['Training needs at least two genres with 2 or more usable rows each; only "rock" has. Add covers of another genre.']);
    const { report } = importOf('cover,genre\na.jpg,rock\nb.jpg,rock\n', { 'a.jpg': ok('a'), 'b.jpg': ok('b') });
    expect(report.cvPlan.trainable).toBe(false);
    expect(formatReportSummary(report)).toContain('Training needs at least two genres');
  });

  it('one class only: the genre column is not proposed as the target, and the mapping says why', () => {
    const { mapping: proposed, reasons } = inferMapping(readCsv(utf8('cover,genre\na.jpg,pop\nb.jpg,pop\nc.jpg,pop\n')), ['a.jpg', 'b.jpg', 'c.jpg']);
    expect(proposed.target).toBeNull();
    expect(reasons.genre).toBe('Ignored: the same value in every row, so it cannot be the target: training needs at least two genres.');
  });

  it('a class with fewer rows than folds: fewer folds, with a notice naming it', () => {
    const plan = planCv([{ label: 'jazz', count: 3 }, { label: 'pop', count: 20 }], 5);
    expect([plan.trainable, plan.folds, plan.excludedClasses]).toEqual([true, 3, []]);
    expect(plan.notices).toEqual([
      '"jazz" has only 3 rows, fewer than the 5 CV folds: cross-validation uses 3 folds so that every fold tests every genre. Add covers to use 5.',
    ]);
    expect(planCv([{ label: 'jazz', count: 5 }, { label: 'pop', count: 20 }], 5)).toMatchObject({ folds: 5, notices: [] });
  });

  it('a class with a single row: left out of training with a notice, the rest trains', () => {
    const plan = planCvForLabels(['pop', 'pop', 'pop', 'rock', 'rock', 'rock', 'polka'], 5);
    expect(plan.excludedClasses).toEqual([{ label: 'polka', count: 1 }]);
    expect(plan.notices[0]).toBe('"polka" has only 1 row, so it is left out of training (a genre needs at least 2: one to learn from, one to test on). Add covers of it or relabel the row.');
    expect([plan.trainable, plan.folds]).toEqual([true, 3]);
    const rows = ['pop', 'polka', 'rock'].map((target, i) => ({ target, i }));
    // Left out only when two trainable genres remain; otherwise training stops with planCv's notice anyway.
    expect(withoutSingleRowGenres(rows).map((r) => r.i)).toEqual([0, 1, 2]);
    expect(withoutSingleRowGenres([...rows, { target: 'pop', i: 3 }]).map((r) => r.i)).toEqual([0, 1, 2, 3]);
    const trainable = [...rows, { target: 'pop', i: 3 }, { target: 'rock', i: 4 }];
    expect(withoutSingleRowGenres(trainable).map((r) => r.i)).toEqual([0, 2, 3, 4]);
  });

  it('missing targets: each row named by line, with what to fill in', () => {
    const { report, rows } = importOf('cover,genre\na.jpg,pop\nb.jpg,\nc.jpg,  \n', { 'a.jpg': ok('a'), 'b.jpg': ok('b'), 'c.jpg': ok('c') });
    expect(rows).toHaveLength(1);
    expect(report.emptyTargetRows.map((r) => [r.line, r.detail])).toEqual([
      [3, 'The "genre" cell is empty: fill in a label or remove the row.'],
      [4, 'The "genre" cell is empty: fill in a label or remove the row.'],
    ]);
  });

  it('duplicate covers under different labels: both rows excluded, each label and line named', () => {
    const { report, rows } = importOf('cover,genre\na.jpg,pop\ncopy.jpg,rock\nc.jpg,rock\n', { 'a.jpg': ok('same'), 'copy.jpg': ok('same'), 'c.jpg': ok('c') });
    expect(rows.map((r) => r.coverPath)).toEqual(['c.jpg']);
    expect(report.conflictingDuplicates).toEqual([{ hash: 'same', files: ['a.jpg', 'copy.jpg'], labels: ['pop', 'rock'] }]);
    expect(report.conflictingDuplicateRows[0].detail).toBe('The same image (identical bytes) is labelled "pop" (line 2), "rock" (line 3): keep one row with the right label.');
  });
});
