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
  'h.jpg,rock,Hotel', //  9 kept: same bytes as g.jpg and the same label (listed in sharedImages)
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

  it('keeps the five clean rows with trimmed labels and their feature values', () => {
    expect(rows).toEqual([
      { rowIndex: 0, coverPath: 'data/covers/a.jpg', imageHash: 'h1', target: 'pop', values: { title: 'Alpha' } },
      { rowIndex: 1, coverPath: 'data/covers/b.jpg', imageHash: 'h2', target: 'rock', values: { title: 'Beta\nsecond line' } },
      { rowIndex: 8, coverPath: 'data/covers/g.jpg', imageHash: 'h7', target: 'rock', values: { title: 'Golf' } },
      { rowIndex: 9, coverPath: 'data/covers/h.jpg', imageHash: 'h7', target: 'rock', values: { title: 'Hotel' } },
      { rowIndex: 10, coverPath: 'data/covers/i.jpg', imageHash: 'h8', target: 'Pop', values: { title: 'India' } },
    ]);
    expect(report.usableRowCount).toBe(5);
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
      [11, 14, 'image-missing'],
      [12, 15, 'image-missing'],
    ]);
    expect(report.missingImageRows.map((r) => r.rowIndex)).toEqual([2, 11, 12]);
    expect(report.ambiguousRows.map((r) => r.rowIndex)).toEqual([3]);
    expect(report.undecodableRows.map((r) => r.rowIndex)).toEqual([4]);
    expect(report.emptyTargetRows.map((r) => r.rowIndex)).toEqual([5]);
    expect(report.conflictingDuplicateRows.map((r) => r.rowIndex)).toEqual([6, 7]);
  });

  it('lists rows sharing an identical image with one label instead of dropping them', () => {
    expect(report.sharedImages).toEqual([
      {
        hash: 'h7',
        label: 'rock',
        rows: [
          { rowIndex: 8, line: 11, coverPath: 'data/covers/g.jpg' },
          { rowIndex: 9, line: 12, coverPath: 'data/covers/h.jpg' },
        ],
      },
    ]);
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
    expect(detail(9)).toBeUndefined();
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
    expect(report.skippedFiles).toEqual([
      { path: '__MACOSX/data/._a.jpg', reason: 'macOS metadata (__MACOSX folder), not part of the data' },
      { path: 'data/.DS_Store', reason: 'macOS Finder metadata (.DS_Store), not part of the data' },
      { path: 'data/covers/Thumbs.db', reason: 'Windows thumbnail cache, not part of the data' },
    ]);
    const accounted =
      1 +
      report.undecodableImages.length +
      report.unreferencedImages.length +
      report.referencedImages.length +
      report.nonImageFiles.length +
      report.skippedFiles.length;
    expect(accounted).toBe(files.length);
  });

  it('counts classes, flags small ones and case variants', () => {
    expect(report.classCounts).toEqual([
      { label: 'Pop', count: 1 },
      { label: 'pop', count: 1 },
      { label: 'rock', count: 3 },
    ]);
    expect(report.folds).toBe(5);
    expect(report.smallClasses).toEqual(report.classCounts);
    expect(build(2).report.smallClasses).toEqual([
      { label: 'Pop', count: 1 },
      { label: 'pop', count: 1 },
    ]);
    expect(report.labelVariants).toEqual([{ canonical: 'pop', variants: [{ label: 'Pop', count: 1 }, { label: 'pop', count: 2 }] }]);
    expect(report.labelsMerged).toBe(false);
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
        'data/dataset.csv: 13 rows, 5 usable, 8 excluded (3 image missing, 1 ambiguous image name, 1 image undecodable, 1 empty label, 2 same image, different labels).',
        'Images: 14 files, 10 referenced by the CSV, 2 not referenced, 2 undecodable.',
        'Classes (3): Pop 1, pop 1, rock 3.',
        '"Pop" has only 1 row, so it is left out of training (a genre needs at least 2: one to learn from, one to test on). Add covers of it or relabel the row.',
        '"pop" has only 1 row, so it is left out of training (a genre needs at least 2: one to learn from, one to test on). Add covers of it or relabel the row.',
        'Training needs at least two genres with 2 or more usable rows each; only "rock" has. Add covers of another genre.',
        '2 rows share 1 identical image(s) with the same label: all kept, each set in one CV fold.',
        'Labels that differ only in case or spacing are separate classes: "Pop" (1), "pop" (2). Tick "merge label spellings" to make them one.',
        'Not used (not images): data/covers/k.tif, data/notes.txt.',
        'Skipped 3 file(s): __MACOSX/data/._a.jpg (macOS metadata (__MACOSX folder), not part of the data), data/.DS_Store (macOS Finder metadata (.DS_Store), not part of the data), data/covers/Thumbs.db (Windows thumbnail cache, not part of the data).',
        'CSV: 1 warning(s), first on line 15: Row has 4 fields but the header has 3; the extra value(s) were ignored. Quote fields that contain the delimiter.',
      ].join('\n'),
    );
  });
});

describe('buildImportReport edge cases', () => {
  it('keeps both of two rows pointing at the same file with the same label', () => {
    const { report, rows } = buildImportReport({
      csvPath: 'd.csv',
      table: parseCsv('cover,genre\na.jpg,pop\na.jpg,pop\n'),
      mapping,
      files: [{ path: 'd.csv', size: 1 }, { path: 'a.jpg', size: 1 }],
      imageInfo: new Map([['a.jpg', { hash: 'h', decodable: true }]]),
    });
    expect(rows.map((r) => r.rowIndex)).toEqual([0, 1]);
    expect(report.excludedRows).toEqual([]);
    expect(report.sharedImages.map((s) => s.rows.map((r) => r.line))).toEqual([[2, 3]]);
    expect(formatReportSummary(report)).toContain('Training needs at least two genres');
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

describe('buildImportReport: nothing is dropped silently', () => {
  const tracks = parseCsv('cover,genre\nalbum.jpg,Rock\nalbum.jpg,Rock\nalbum.jpg,Rock\nother.jpg,rock\nsame.jpg,Pop\ncopy.jpg,pop\n');
  const trackFiles = ['album.jpg', 'other.jpg', 'same.jpg', 'copy.jpg'].map((path) => ({ path, size: 1 }));
  const trackInfo = new Map<string, ImageInfo>([
    ['album.jpg', { hash: 'ha', decodable: true }],
    ['other.jpg', { hash: 'ho', decodable: true }],
    ['same.jpg', { hash: 'hs', decodable: true }],
    ['copy.jpg', { hash: 'hs', decodable: true }],
  ]);
  const run = (merge: boolean) =>
    buildImportReport({ csvPath: 'd.csv', table: tracks, mapping: { ...mapping, mergeLabelVariants: merge }, files: trackFiles, imageInfo: trackInfo });

  it('keeps every track of an album that shares one cover', () => {
    const { report, rows } = run(false);
    expect(rows.filter((r) => r.imageHash === 'ha').map((r) => r.rowIndex)).toEqual([0, 1, 2]);
    expect(report.sharedImages.map((g) => [g.hash, g.label, g.rows.length])).toEqual([['ha', 'Rock', 3]]);
  });

  it('without the merge option, case variants stay apart and identical bytes under "Pop"/"pop" conflict', () => {
    const { report } = run(false);
    expect(report.classCounts).toEqual([{ label: 'Rock', count: 3 }, { label: 'rock', count: 1 }]);
    expect(report.conflictingDuplicateRows.map((r) => r.rowIndex)).toEqual([4, 5]);
    expect(report.labelVariants.map((g) => g.canonical)).toEqual(['Pop', 'Rock']);
    expect(report.labelsMerged).toBe(false);
  });

  it('with the merge option, every spelling becomes the most used one and the conflict disappears', () => {
    const { report, rows } = run(true);
    expect(rows.map((r) => r.target)).toEqual(['Rock', 'Rock', 'Rock', 'Rock', 'Pop', 'Pop']);
    expect(report.classCounts).toEqual([{ label: 'Pop', count: 2 }, { label: 'Rock', count: 4 }]);
    expect(report.conflictingDuplicateRows).toEqual([]);
    expect(report.labelsMerged).toBe(true);
    expect(formatReportSummary(report)).toContain('Merged labels that differ only in case or spacing into "Rock": "Rock" (3), "rock" (1).');
  });

  it('gives the real reason for a row whose image the zip could not extract, not "image missing"', () => {
    const reason = 'not extracted from the zip: unsupported compression method 12 (bzip2); re-create the zip with standard (deflate) compression';
    const { report } = buildImportReport({
      csvPath: 'd.csv',
      table: parseCsv('cover,genre\na.jpg,pop\nb.jpg,rock\n'),
      mapping,
      files: [{ path: 'd.csv', size: 1 }, { path: 'covers/b.jpg', size: 1 }],
      imageInfo: new Map([['covers/b.jpg', { hash: 'hb', decodable: true }]]),
      skippedFiles: [{ path: 'covers/a.jpg', reason }],
    });
    expect(report.missingImageRows).toEqual([]);
    expect(report.undecodableRows.map((r) => [r.rowIndex, r.detail])).toEqual([[0, `"covers/a.jpg" was ${reason}.`]]);
    expect(report.skippedFiles).toEqual([{ path: 'covers/a.jpg', reason }]);
    // The file is accounted for once: skipped, not also an undecodable or unreferenced image.
    expect(report.undecodableImages).toEqual([]);
    expect(report.unreferencedImages).toEqual([]);
  });

  it('lists every OS file it skips, with why', () => {
    const { report } = buildImportReport({
      csvPath: 'd.csv',
      table: parseCsv('cover,genre\na.jpg,pop\n'),
      mapping,
      files: ['d.csv', 'a.jpg', 'sub/desktop.ini', 'sub/._a.jpg', 'ehthumbs.db'].map((path) => ({ path, size: 1 })),
      imageInfo: new Map([['a.jpg', { hash: 'h', decodable: true }]]),
    });
    expect(report.skippedFiles.map((f) => [f.path, f.reason.split(',')[0]])).toEqual([
      ['ehthumbs.db', 'Windows thumbnail cache'],
      ['sub/._a.jpg', 'macOS resource fork (._ file)'],
      ['sub/desktop.ini', 'Windows folder settings (desktop.ini)'],
    ]);
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
        report.conflictingDuplicateRows.length;
      expect(byList).toBe(report.excludedRows.length);
      expect(report.classCounts.reduce((s, c) => s + c.count, 0)).toBe(report.usableRowCount);
      const fileCount =
        1 +
        report.undecodableImages.length +
        report.unreferencedImages.length +
        report.referencedImages.length +
        report.nonImageFiles.length +
        report.skippedFiles.length;
      expect(fileCount).toBe(fileList.length);
      // Kept rows sharing an image share its label, and each such set is listed once.
      const labelOf = new Map<string, string>();
      for (const r of rows) expect(labelOf.get(r.imageHash) ?? r.target).toBe((labelOf.set(r.imageHash, labelOf.get(r.imageHash) ?? r.target), r.target));
      const sharedRows = report.sharedImages.flatMap((g) => g.rows.map((r) => r.rowIndex));
      const expectedShared = rows.filter((r) => rows.filter((o) => o.imageHash === r.imageHash).length > 1).map((r) => r.rowIndex);
      expect([...sharedRows].sort((a, b) => a - b)).toEqual(expectedShared);
    }
  });
});
