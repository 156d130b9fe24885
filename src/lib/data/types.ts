/** Shared shapes of the data layer. Pure types: no DOM, no Svelte. */

/** A parsed CSV: header names in file order and one record per data row (all values as strings). */
export interface ParsedTable {
  columns: string[];
  rows: Record<string, string>[];
  /** Delimiter that was detected (',', ';', '\t' or '|'). */
  delimiter: string;
  /** Problems found while parsing (e.g. a row with the wrong number of fields), each tied to a 1-based line. */
  warnings: { line: number; message: string }[];
  /**
   * 1-based line on which each row starts (same order as `rows`). Optional so hand-built tables
   * stay valid; without it, row i is assumed to sit on line i + 2.
   */
  rowLines?: number[];
}

/** What role a CSV column plays for modelling. */
export type ColumnRole = 'cover' | 'target' | 'text' | 'categorical' | 'numeric' | 'group' | 'ignore';

export interface ColumnMapping {
  cover: string | null;
  target: string | null;
  /** Columns used as free text (lyrics, titles): TF-IDF features. */
  text: string[];
  /** Low-cardinality columns used as one-hot features. */
  categorical: string[];
  numeric: string[];
  /** Optional column whose values must not be split across CV folds (e.g. artist). */
  group: string | null;
  ignore: string[];
}

/** A file the user supplied (from a folder, a zip or a multi-file pick), with its path inside that folder. */
export interface InputFile {
  /** Path relative to the dropped folder or zip root, with '/' separators. */
  path: string;
  size: number;
}

/** One row that made it into the dataset: it has a decodable image and a non-empty target. */
export interface DatasetRow {
  /** 0-based index of the row in the CSV data rows. */
  rowIndex: number;
  coverPath: string;
  /** SHA-256 hex of the image bytes: the cache key of its features. */
  imageHash: string;
  target: string;
  /** Values of the mapped text / categorical / numeric / group columns. */
  values: Record<string, string>;
}

export type ExclusionReason =
  | 'image-missing'
  | 'empty-target'
  | 'image-undecodable'
  | 'ambiguous-match'
  | 'duplicate-image-conflicting-labels'
  /** Same image bytes and same label as an earlier row: only the first is kept so it cannot leak across CV folds. */
  | 'duplicate-image';

export interface ExcludedRow {
  rowIndex: number;
  /** 1-based line in the CSV file the user can open (header is line 1). */
  line: number;
  coverValue: string;
  reason: ExclusionReason;
  detail: string;
}

export interface ImportReport {
  csvPath: string;
  rowCount: number;
  imageCount: number;
  matchedRowCount: number;
  /** Rows kept for modelling (matched, decodable, labelled, unambiguous). */
  usableRowCount: number;
  missingImageRows: ExcludedRow[];
  emptyTargetRows: ExcludedRow[];
  undecodableRows: ExcludedRow[];
  ambiguousRows: ExcludedRow[];
  conflictingDuplicateRows: ExcludedRow[];
  /** Image files that no CSV row refers to. */
  unreferencedImages: string[];
  /** Files that are not images at all (by extension or failed decode) and not the CSV. */
  nonImageFiles: string[];
  undecodableImages: string[];
  /** usable rows per class, sorted by class name. */
  classCounts: { label: string; count: number }[];
  /** Classes with fewer usable rows than the number of CV folds. */
  smallClasses: { label: string; count: number }[];
  /** Byte-identical images (same SHA-256) that appear under more than one label. */
  conflictingDuplicates: { hash: string; files: string[]; labels: string[] }[];
  /** Parse warnings carried over from the CSV. */
  csvWarnings: { line: number; message: string }[];
  /** Number of CV folds the small-class check used. */
  folds: number;
  /** Rows dropped because an earlier row has the same image bytes and the same label. */
  duplicateRows: ExcludedRow[];
  /** Every excluded row once, in CSV order (the union of the five lists above). */
  excludedRows: ExcludedRow[];
  /** How the kept and excluded rows' cover values were matched to files (rows that matched at all). */
  matchKindCounts: { exact: number; 'case-insensitive': number; basename: number; 'no-extension': number };
  /** Decodable image files that at least one CSV row points to (matched, or a candidate of an ambiguous match). */
  referencedImages: string[];
  /** Groups of usable labels that differ only in case ("Rock", "rock"); they stay separate classes. */
  caseVariantLabels: string[][];
  /** OS junk that was skipped on purpose (.DS_Store, Thumbs.db, desktop.ini, __MACOSX/, ._*). */
  ignoredFiles: string[];
}
