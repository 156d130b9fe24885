/** CSV export of the embedding map. Text cells are neutralised so a spreadsheet never runs a title as a formula. */
import { csvFormat } from 'd3-dsv';

export interface MapPointRow {
  index: number;
  path: string;
  title: string;
  actual: string;
  predicted: string;
  x: number;
  y: number;
}

/** OWASP CSV injection: cells starting with = + - @ (or tab / CR) get a leading apostrophe. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const MAP_CSV_COLUMNS = ['index', 'path', 'title', 'actual', 'predicted', 'x', 'y'] as const;

/** Numbers stay numbers (a negative coordinate is data, not a formula); only text is neutralised. */
export function embeddingCsv(rows: readonly MapPointRow[]): string {
  return csvFormat(
    rows.map((r) => ({
      index: String(r.index),
      path: neutraliseCell(r.path),
      title: neutraliseCell(r.title),
      actual: neutraliseCell(r.actual),
      predicted: neutraliseCell(r.predicted),
      x: r.x.toFixed(5),
      y: r.y.toFixed(5),
    })),
    [...MAP_CSV_COLUMNS],
  );
}
