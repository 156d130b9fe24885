/** CSV/TSV parsing on top of d3-dsv: delimiter detection, header clean-up and line-accurate warnings. */
import { dsvFormat } from 'd3-dsv';
import type { ParsedTable } from './types';

export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

/** Only this much of the file is parsed per candidate while detecting the delimiter. */
const SNIFF_CHARS = 64 * 1024;
/** Data rows (after the header) checked for a consistent field count. */
const SNIFF_ROWS = 10;

const LINE_BREAK = /\r\n|\r|\n/g;

export function parseCsv(text: string): ParsedTable {
  const clean = stripBom(text);
  const delimiter = detectDelimiter(clean);
  if (clean.trim() === '') {
    return {
      columns: [],
      rows: [],
      delimiter,
      warnings: [{ line: 1, message: 'The file is empty: expected a header line with column names.' }],
      rowLines: [],
    };
  }

  const records = withLineNumbers(dsvFormat(delimiter).parseRows(clean)).filter((r) => !isBlank(r.fields));
  const [header, ...data] = records;
  const columns = uniqueColumnNames(header.fields);
  const warnings: ParsedTable['warnings'] = [];
  const rows: Record<string, string>[] = [];
  const rowLines: number[] = [];

  for (const { fields, line } of data) {
    const warning = fieldCountWarning(fields, columns.length, line);
    if (warning) warnings.push(warning);
    const row: Record<string, string> = {};
    columns.forEach((name, i) => (row[name] = fields[i] ?? ''));
    rows.push(row);
    rowLines.push(line);
  }
  if (rows.length === 0) {
    warnings.push({ line: header.line, message: 'The file has a header line but no data rows.' });
  }
  return { columns, rows, delimiter, warnings, rowLines };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Picks the delimiter whose parse gives a multi-field header and the same field count on the next
 * few rows. Parsing with d3-dsv (rather than counting characters) keeps quoted delimiters out.
 * Ties go to the earlier candidate (comma first); a single-column file falls back to comma.
 */
export function detectDelimiter(text: string): string {
  const clean = stripBom(text);
  const sample = sniffSample(clean);
  // A cut inside a quoted multi-line field would leave a bogus last row: drop it.
  const truncated = sample.length < clean.length;
  let best: { delimiter: string; consistent: number; fields: number } = { delimiter: ',', consistent: -1, fields: 1 };
  for (const delimiter of CANDIDATE_DELIMITERS) {
    const parsed = dsvFormat(delimiter).parseRows(sample);
    const rows = (truncated ? parsed.slice(0, -1) : parsed).filter((r) => !isBlank(r));
    const fields = rows[0]?.length ?? 0;
    if (fields < 2) continue;
    const body = rows.slice(1, 1 + SNIFF_ROWS);
    const consistent = body.length === 0 ? 1 : body.filter((r) => r.length === fields).length / body.length;
    if (consistent > best.consistent || (consistent === best.consistent && fields > best.fields)) {
      best = { delimiter, consistent, fields };
    }
  }
  return best.delimiter;
}

/** The start of the file cut at a line break, so the last sampled row is never a truncated one. */
function sniffSample(text: string): string {
  if (text.length <= SNIFF_CHARS) return text;
  const cut = text.slice(0, SNIFF_CHARS);
  const lastBreak = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf('\r'));
  return lastBreak > 0 ? cut.slice(0, lastBreak) : cut;
}

/**
 * d3-dsv returns one record per logical row (blank lines included as ['']), and quoted fields keep
 * their embedded line breaks, so each record spans 1 + (line breaks inside its fields) lines.
 */
function withLineNumbers(records: string[][]): { fields: string[]; line: number }[] {
  let line = 1;
  return records.map((fields) => {
    const start = line;
    line += 1 + fields.reduce((n, f) => n + (f.match(LINE_BREAK)?.length ?? 0), 0);
    return { fields, line: start };
  });
}

function isBlank(fields: string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

/** Trimmed, non-empty, unique header names: empty → "col_3" (1-based position), repeats → "name (2)". */
export function uniqueColumnNames(raw: string[]): string[] {
  const used = new Set<string>();
  return raw.map((value, i) => {
    const base = value.trim() || `col_${i + 1}`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base} (${k})`;
    used.add(name);
    return name;
  });
}

/**
 * Short rows are padded and long rows truncated; both get a warning because they usually mean an
 * unquoted delimiter or line break in a field. Extra fields that are all empty (a trailing
 * delimiter, common in spreadsheet exports) lose nothing, so they pass silently.
 */
function fieldCountWarning(
  fields: string[],
  expected: number,
  line: number,
): { line: number; message: string } | null {
  if (fields.length < expected) {
    return {
      line,
      message: `Row has ${fields.length} field(s) but the header has ${expected}; the missing values were left empty.`,
    };
  }
  const extra = fields.slice(expected);
  if (extra.length > 0 && !isBlank(extra)) {
    return {
      line,
      message:
        `Row has ${fields.length} fields but the header has ${expected}; the extra value(s) were ignored. ` +
        'Quote fields that contain the delimiter.',
    };
  }
  return null;
}
