/** Shared shapes of the data layer. Pure types: no DOM, no Svelte. */
import type { LabelVariants } from './labels';
import type { CsvEncoding } from './encoding';
import type { CvPlan } from './labelChecks';

export type { LabelVariants };

/** A file the import did not use, and why (shown in the import report). */
export interface SkippedFile {
  path: string;
  reason: string;
}

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
  /** Text encoding the bytes were read with (set by readCsv; a table parsed from a string has none). */
  encoding?: CsvEncoding;
  /** Why that encoding: a byte-order mark, valid UTF-8, or not valid UTF-8 (then Windows-1252). */
  encodingReason?: string;
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
  /**
   * Treat labels that differ only by case or spacing ("Rock", "rock ") as one class, spelled as the
   * most used variant. Off by default: the import report offers it when it finds such labels.
   */
  mergeLabelVariants?: boolean;
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
  | 'duplicate-image-conflicting-labels';

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
  /**
   * Byte-identical images used by several kept rows with one label (e.g. tracks of one album): every
   * row is kept, and training keeps each set in one CV fold so the image cannot be in train and test.
   */
  sharedImages: { hash: string; label: string; rows: { rowIndex: number; line: number; coverPath: string }[] }[];
  /** Every excluded row once, in CSV order (the union of the five lists above). */
  excludedRows: ExcludedRow[];
  /** How the kept and excluded rows' cover values were matched to files (rows that matched at all). */
  matchKindCounts: { exact: number; 'case-insensitive': number; basename: number; 'no-extension': number };
  /** Decodable image files that at least one CSV row points to (matched, or a candidate of an ambiguous match). */
  referencedImages: string[];
  /**
   * Labels that differ only in case or spacing ("Rock", "rock"), counted over the rows that passed the
   * per-row checks (before the identical-image check, which a merge can change) and before any merge. They stay
   * separate classes unless the mapping's `mergeLabelVariants` is set (then `labelsMerged` is true).
   */
  labelVariants: LabelVariants[];
  labelsMerged: boolean;
  /**
   * Files not used, each with why: OS files skipped on purpose (.DS_Store, Thumbs.db, desktop.ini,
   * __MACOSX/, ._*) and zip entries that could not be extracted (e.g. an unsupported compression method).
   */
  skippedFiles: SkippedFile[];
  /** Folds the CV will use, classes left out, and whether training can run at all (see labelChecks.ts). */
  cvPlan: CvPlan;
  /** How the CSV's bytes were read (null when it was parsed from a string). */
  csvEncoding: { encoding: CsvEncoding; how: string } | null;
  /** Kept covers smaller than the network input (size as displayed): used, but enlarged. */
  lowResolutionImages: { path: string; width: number; height: number }[];
}
