import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import type { ColumnMapping, ImportReport, InputFile } from './types';
import { buildImportReport, formatReportSummary, type ImageInfo } from './validate';

const mapping: ColumnMapping = {
  cover: 'cover',
  target: 'genre',
  text: ['title'],
  categorical: [],
  numeric: [],
  group: null,
  ignore: [],
};

// Line numbers: the header is line 1 and row 1's title spans lines 3-4, so row n (n >= 2) is on line n + 3.
const csvText = [
  'cover,genre,title',
  'data/covers/a.jpg,pop,Alpha', //  0 kept (exact path)
  'B.JPG,rock,"Beta\nsecond line"', //  1 kept (basename, other case)
  'c.jpg,jazz,Gamma', //  2 image-missing
  'x.jpg,pop,Ex', //  3 ambiguous: one/x.jpg and two/x.jpg
  'bad.png,pop,Bad', //  4 image-undecodable
  'd.jpg,  ,Delta', //  5 empty-target (whitespace only)
  'e.jpg,pop,Echo', //  6 conflicting: e.jpg and f.jpg are byte-identical
  'f.jpg,rock,Foxtrot', //  7 conflicting
  'DATA/covers/G.jpg,rock,Golf', //  8 kept (case-insensitive path)
  'h.jpg,rock,Hotel', //  9 duplicate-image: same bytes as g.jpg, same label
  'i, Pop ,India', // 10 kept (no extension; label trimmed, case kept)
  ',rock,Juliet', // 11 image-missing (empty cell)
  'k.tif,rock,Kilo,extra', // 12 image-missing (k.tif is not a supported image); too many fields
].join('\n');

const paths = [
  'data/dataset.csv',
  'data/covers/a.jpg',
  'data/covers/b.jpg',
  'data/covers/one/x.jpg',
  'data/covers/two/x.jpg',
  'data/covers/bad.png',
  'data/covers/d.jpg',
  'data/covers/e.jpg',
  'data/covers/f.jpg',
  'data/covers/g.jpg',
  'data/covers/h.jpg',
  'data/covers/i.jpg',
  'data/covers/extra.webp',
  'data/covers/broken.gif',
  'data/covers/noinfo.jpg',
  'data/notes.txt',
  'data/covers/k.tif',
  'data/.DS_Store',
  '__MACOSX/data/._a.jpg',
  'data/covers/Thumbs.db',
];
const files: InputFile[] = paths.map((path) => ({ path, size: 100 }));

const info: [string, ImageInfo][] = [
  ['data/covers/a.jpg', { hash: 'h1', decodable: true }],
  ['data/covers/b.jpg', { hash: 'h2', decodable: true }],
  ['data/covers/one/x.jpg', { hash: 'h3', decodable: true }],
  ['data/covers/two/x.jpg', { hash: 'h4', decodable: true }],
  ['data/covers/bad.png', { hash: 'hb', decodable: false }],
  ['data/covers/d.jpg', { hash: 'h5', decodable: true }],
  ['data/covers/e.jpg', { hash: 'h6', decodable: true }],
  ['data/covers/f.jpg', { hash: 'h6', decodable: true }],
  ['data/covers/g.jpg', { hash: 'h7', decodable: true }],
  ['data/covers/h.jpg', { hash: 'h7', decodable: true }],
  ['data/covers/i.jpg', { hash: 'h8', decodable: true }],
  ['data/covers/extra.webp', { hash: 'h9', decodable: true }],
  ['data/covers/broken.gif', { hash: 'hg', decodable: false }],
];

function build(folds?: number) {
  return buildImportReport({
    csvPath: 'data/dataset.csv',
    table: parseCsv(csvText),
    mapping,
    files,
    imageInfo: new Map(info),
    folds,
  });
}

const lineAndReason = (rows: ImportReport['excludedRows']) => rows.map((r) => [r.rowIndex, r.line, r.reason]);

describe('buildImportReport on a case with every kind of problem', () => {
  const { report, rows } = build();

  it('keeps the four clean rows with trimmed labels and their feature values', () => {
    expect(rows).toEqual([
      { rowIndex: 0, coverPath: 'data/covers/a.jpg', imageHash: 'h1', target: 'pop', values: { title: 'Alpha' } },
      { rowIndex: 1, coverPath: 'data/covers/b.jpg', imageHash: 'h2', target: 'rock', values: { title: 'Beta\nsecond line' } },
      { rowIndex: 8, coverPath: 'data/covers/g.jpg', imageHash: 'h7', target: 'rock', values: { title: 'Golf' } },
      { rowIndex: 10, coverPath: 'data/covers/i.jpg', imageHash: 'h8', target: 'Pop', values: { title: 'India' } },
    ]);
    expect(report.usableRowCount).toBe(4);
    expect(report.rowCount).toBe(13);
  });

  it('excludes each other row once, with the line the user can open', () => {
    expect(lineAndReason(report.excludedRows)).toEqual([
      [2, 5, 'image-missing'],
      [3, 6, 'ambiguous-match'],
      [4, 7, 'image-undecodable'],
      [5, 8, 'empty-target'],
      [6, 9, 'duplicate-image-conflicting-labels'],
      [7, 10, 'duplicate-image-conflicting-labels'],
      [9, 12, 'duplicate-image'],
      [11, 14, 'image-missing'],
      [12, 15, 'image-missing'],
    ]);
    expect(report.missingImageRows.map((r) => r.rowIndex)).toEqual([2, 11, 12]);
    expect(report.ambiguousRows.map((r) => r.rowIndex)).toEqual([3]);
    expect(report.undecodableRows.map((r) => r.rowIndex)).toEqual([4]);
    expect(report.emptyTargetRows.map((r) => r.rowIndex)).toEqual([5]);
    expect(report.conflictingDuplicateRows.map((r) => r.rowIndex)).toEqual([6, 7]);
    expect(report.duplicateRows.map((r) => r.rowIndex)).toEqual([9]);
  });

  it('explains what to fix', () => {
    const detail = (i: number) => report.excludedRows.find((r) => r.rowIndex === i)?.detail;
    expect(detail(2)).toBe('No image file matches "c.jpg": add the file or correct the name in column "cover".');
    expect(detail(3)).toBe(
      '"x.jpg" matches 2 files (data/covers/one/x.jpg, data/covers/two/x.jpg): write the folder too in column "cover", e.g. "data/covers/one/x.jpg".',
    );
    expect(detail(4)).toBe('"data/covers/bad.png" could not be decoded (corrupt or unsupported format): re-save it as JPEG or PNG.');
    expect(detail(5)).toBe('The "genre" cell is empty: fill in a label or remove the row.');
    expect(detail(6)).toBe('The same image (identical bytes) is labelled "pop" (line 9), "rock" (line 10): keep one row with the right label.');
    expect(detail(9)).toBe(
      'Line 11 already uses an identical image ("data/covers/g.jpg") with the label "rock": only the first row is kept, so the image cannot be in both a training and a test fold.',
    );
    expect(detail(11)).toBe('The "cover" cell is empty: fill in the image file name or remove the row.');
    expect(detail(12)).toBe('"data/covers/k.tif" exists but is not a supported image (jpg, jpeg, png, webp, gif, bmp, avif): convert it.');
    expect(report.excludedRows.find((r) => r.rowIndex === 12)?.coverValue).toBe('k.tif');
  });

  it('counts how rows matched their images', () => {
    expect(report.matchedRowCount).toBe(9);
    expect(report.matchKindCounts).toEqual({ exact: 1, 'case-insensitive': 1, basename: 6, 'no-extension': 1 });
  });

  it('accounts for every file once', () => {
    expect(report.imageCount).toBe(14);
    expect(report.undecodableImages).toEqual(['data/covers/bad.png', 'data/covers/broken.gif']);
    // noinfo.jpg has no hash/decode info, but no row needs it, so it is merely unreferenced.
    expect(report.unreferencedImages).toEqual(['data/covers/extra.webp', 'data/covers/noinfo.jpg']);
    expect(report.referencedImages).toHaveLength(10);
    expect(report.nonImageFiles).toEqual(['data/covers/k.tif', 'data/notes.txt']);
    expect(report.ignoredFiles).toEqual(['__MACOSX/data/._a.jpg', 'data/.DS_Store', 'data/covers/Thumbs.db']);
    const accounted =
      1 +
      report.undecodableImages.length +
      report.unreferencedImages.length +
      report.referencedImages.length +
      report.nonImageFiles.length +
      report.ignoredFiles.length;
    expect(accounted).toBe(files.length);
  });

  it('counts classes, flags small ones and case variants', () => {
    expect(report.classCounts).toEqual([
      { label: 'Pop', count: 1 },
      { label: 'pop', count: 1 },
      { label: 'rock', count: 2 },
    ]);
    expect(report.folds).toBe(5);
    expect(report.smallClasses).toEqual(report.classCounts);
    expect(build(2).report.smallClasses).toEqual([
      { label: 'Pop', count: 1 },
      { label: 'pop', count: 1 },
    ]);
    expect(report.caseVariantLabels).toEqual([['Pop', 'pop']]);
  });

  it('lists byte-identical images with conflicting labels', () => {
    expect(report.conflictingDuplicates).toEqual([
      { hash: 'h6', files: ['data/covers/e.jpg', 'data/covers/f.jpg'], labels: ['pop', 'rock'] },
    ]);
  });

  it('carries the CSV warnings over', () => {
    expect(report.csvWarnings.map((w) => w.line)).toEqual([15]);
  });

  it('summarises in a few lines', () => {
    expect(formatReportSummary(report)).toBe(
      [
        'data/dataset.csv: 13 rows, 4 usable, 9 excluded (3 image missing, 1 ambiguous image name, 1 image undecodable, 1 empty label, 2 same image, different labels, 1 duplicate image).',
        'Images: 14 files, 10 referenced by the CSV, 2 not referenced, 2 undecodable.',
        'Classes (3): Pop 1, pop 1, rock 2.',
        'Fewer rows than the 5 CV folds: Pop (1), pop (1), rock (2).',
        'Labels that differ only in case are separate classes: "Pop", "pop".',
        'Not used (not images): data/covers/k.tif, data/notes.txt.',
        'Skipped 3 OS file(s) (.DS_Store, __MACOSX, …).',
        'CSV: 1 warning(s), first on line 15: Row has 4 fields but the header has 3; the extra value(s) were ignored. Quote fields that contain the delimiter.',
      ].join('\n'),
    );
  });
});

describe('buildImportReport edge cases', () => {
  it('keeps the first of two rows pointing at the same file with the same label', () => {
    const { report, rows } = buildImportReport({
      csvPath: 'd.csv',
      table: parseCsv('cover,genre\na.jpg,pop\na.jpg,pop\n'),
      mapping,
      files: [{ path: 'd.csv', size: 1 }, { path: 'a.jpg', size: 1 }],
      imageInfo: new Map([['a.jpg', { hash: 'h', decodable: true }]]),
    });
    expect(rows.map((r) => r.rowIndex)).toEqual([0]);
    expect(report.duplicateRows[0].detail).toMatch(/^Line 2 already uses the same file with the label "pop"/);
    expect(formatReportSummary(report)).toContain('At least two classes with usable rows are needed');
  });

  it('reports a referenced image without decode info as unreadable', () => {
    const { report } = buildImportReport({
      csvPath: 'd.csv',
      table: parseCsv('cover,genre\na.jpg,pop\n'),
      mapping,
      files: [{ path: 'a.jpg', size: 1 }],
      imageInfo: new Map(),
    });
    expect(report.undecodableRows.map((r) => r.detail)).toEqual(['"a.jpg" could not be read: add it again.']);
    expect(report.undecodableImages).toEqual(['a.jpg']);
    expect(report.unreferencedImages).toEqual([]);
  });

  it('explains a missing cover or target column on every row', () => {
    const { report } = buildImportReport({
      csvPath: 'd.csv',
      table: parseCsv('cover,genre\na.jpg,pop\n'),
      mapping: { ...mapping, cover: null },
      files: [{ path: 'a.jpg', size: 1 }],
      imageInfo: new Map([['a.jpg', { hash: 'h', decodable: true }]]),
    });
    expect(report.missingImageRows[0].detail).toBe('No cover column is chosen: pick the column that holds the image file names.');
    expect(report.unreferencedImages).toEqual(['a.jpg']);
  });
});

/** Deterministic pseudo-random numbers (mulberry32) so a failing case can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('buildImportReport accounting (property-style)', () => {
  it('for random tables, every row and every file is accounted for exactly once', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = mulberry32(seed);
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
      const imagePaths = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, i) => `${pick(['a', 'b'])}/${pick(['p', 'q', 'r'])}${i % 4}.${pick(['jpg', 'png'])}`);
      const uniquePaths = [...new Set(imagePaths)];
      const other = ['notes.txt', '.DS_Store'].filter(() => rand() < 0.5);
      const imageInfo = new Map<string, ImageInfo>(
        uniquePaths.filter(() => rand() < 0.9).map((p) => [p, { hash: pick(['h1', 'h2', 'h3', 'h4']), decodable: rand() < 0.85 }]),
      );
      const values = [...uniquePaths, ...uniquePaths.map((p) => p.split('/')[1]), 'missing.jpg', ''];
      const lines = Array.from({ length: Math.floor(rand() * 12) }, () => `${pick(values)},${pick(['pop', 'rock', ' ', 'Pop'])}`);
      const table = parseCsv(['cover,genre', ...lines].join('\n'));
      const fileList = ['data.csv', ...uniquePaths, ...other].map((path) => ({ path, size: 1 }));

      const { report, rows } = buildImportReport({ csvPath: 'data.csv', table, mapping, files: fileList, imageInfo });

      expect(rows.length + report.excludedRows.length).toBe(report.rowCount);
      const indices = [...rows.map((r) => r.rowIndex), ...report.excludedRows.map((r) => r.rowIndex)].sort((a, b) => a - b);
      expect(indices).toEqual(table.rows.map((_, i) => i));
      const byList =
        report.missingImageRows.length +
        report.ambiguousRows.length +
        report.undecodableRows.length +
        report.emptyTargetRows.length +
        report.conflictingDuplicateRows.length +
        report.duplicateRows.length;
      expect(byList).toBe(report.excludedRows.length);
      expect(report.classCounts.reduce((s, c) => s + c.count, 0)).toBe(report.usableRowCount);
      const fileCount =
        1 +
        report.undecodableImages.length +
        report.unreferencedImages.length +
        report.referencedImages.length +
        report.nonImageFiles.length +
        report.ignoredFiles.length;
      expect(fileCount).toBe(fileList.length);
      // No image hash is used twice among kept rows.
      expect(new Set(rows.map((r) => r.imageHash)).size).toBe(rows.length);
    }
  });
});
