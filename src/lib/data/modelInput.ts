/**
 * The one place that turns dataset rows into a ModelInput, for training and for prediction alike: a
 * feature computed two ways (a full path here, a bare name there; NaN here, 0 there) would score new
 * albums on columns the model never saw.
 */
import type { ModelInput } from '../models/types';
import { basename } from './match';
import type { ColumnMapping } from './types';

/** Column name used when the user offers the cover file name as a feature. */
export const FILE_NAME_COLUMN = 'cover file name';

export interface ModelInputRow {
  coverPath: string;
  imageHash: string;
  /** CSV values by column name; a missing column reads as ''. */
  values: Record<string, string>;
}

export interface ModelInputOptions {
  /** Add FILE_NAME_COLUMN as a text column. */
  fileNameAsFeature: boolean;
}

/**
 * The file name without its folders: folders are whatever the user dropped (and often the genre, the
 * leak the leakage check looks for), and a cover scored later arrives without them.
 */
export function fileNameFeature(coverPath: string): string {
  return basename(coverPath);
}

/** A decimal number, or NaN for blank, whitespace-only or non-numeric text (never 0 for "nothing"). */
export function parseNumericCell(value: string): number {
  const v = value.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v) ? Number(v) : NaN;
}

/**
 * `dense` maps a group id ('cover', 'colour', …) to features by image hash. A group is included only
 * when every row has it, so the caller decides which rows to keep (e.g. those with an embedding).
 */
export function buildModelInputFrom(
  rows: ModelInputRow[],
  mapping: Pick<ColumnMapping, 'text' | 'categorical' | 'numeric'>,
  dense: Record<string, Map<string, Float32Array>>,
  options: ModelInputOptions,
): ModelInput {
  const column = (c: string) => rows.map((r) => r.values[c] ?? '');
  const input: ModelInput = { n: rows.length, dense: {}, text: {}, categorical: {}, numeric: {} };
  for (const [id, source] of Object.entries(dense)) {
    if (rows.length > 0 && rows.every((r) => source.has(r.imageHash))) input.dense[id] = denseMatrix(id, rows, source);
  }
  for (const c of mapping.text) input.text[c] = column(c);
  if (options.fileNameAsFeature) input.text[FILE_NAME_COLUMN] = rows.map((r) => fileNameFeature(r.coverPath));
  for (const c of mapping.categorical) input.categorical[c] = column(c);
  for (const c of mapping.numeric) input.numeric[c] = column(c).map(parseNumericCell);
  return input;
}

function denseMatrix(id: string, rows: ModelInputRow[], source: Map<string, Float32Array>) {
  const cols = source.get(rows[0].imageHash)!.length;
  const data = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    const v = source.get(r.imageHash)!;
    if (v.length !== cols) throw new Error(`Feature group "${id}" has ${v.length} values for one cover and ${cols} for another: recompute the features.`);
    data.set(v, i * cols);
  });
  return { rows: rows.length, cols, data };
}
