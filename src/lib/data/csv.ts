/** CSV/TSV parsing on top of d3-dsv: delimiter detection, header clean-up and line-accurate warnings. */
import { dsvFormat } from 'd3-dsv';
import { decodeText } from './encoding';
import type { ParsedTable } from './types';

export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;

/** Only this much of the file is parsed per candidate while detecting the delimiter. */
const SNIFF_CHARS = 64 * 1024;
/** Data rows (after the header) checked for a consistent field count. */
const SNIFF_ROWS = 10;

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Parses a CSV file's bytes: the encoding is detected (see encoding.ts) and recorded on the table; a guessed
 * Windows-1252 also gets a warning, since accented titles look wrong if the guess is.
 */
export function readCsv(bytes: Uint8Array): ParsedTable {
  const { text, encoding, how } = decodeText(bytes);
  const table = parseCsv(text);
  table.encoding = encoding;
  table.encodingReason = how;
  if (encoding === 'Windows-1252') {
    table.warnings.unshift({
      line: 1,
      message: 'The file is not valid UTF-8, so it was read as Windows-1252 (Latin-1). If accented letters look wrong, save the CSV as UTF-8 and drop it again.',
    });
  }
  return table;
}

/**
 * Why a parsed CSV cannot be imported at all (empty, or a header without rows), naming the file; null when it has
 * data rows. Checked before the CSV replaces anything, so a bad drop never costs the import already made.
 */
export function unusableTableMessage(path: string, table: ParsedTable): string | null {
  if (table.rows.length > 0) return null;
  const what = table.columns.length === 0 ? 'is empty' : `has a header line (${table.columns.length} columns) but no data rows`;
  return `"${path}" ${what}: add one row per track (cover file name, genre, …) and drop the folder again. Nothing was replaced.`;
}

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
  const warnings: ParsedTable['warnings'] = duplicateHeaderWarnings(header.fields, columns, header.line);
  const unclosed = unclosedQuoteLine(clean, delimiter);
  if (unclosed !== null) warnings.push(unclosedQuoteWarning(unclosed, lineCount(clean)));
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

/** Repeated header names are renamed "name (2)": say so, since the user will look for the name in the file. */
function duplicateHeaderWarnings(raw: string[], columns: string[], line: number): ParsedTable['warnings'] {
  const byName = new Map<string, string[]>();
  raw.forEach((value, i) => {
    const name = value.trim();
    if (name !== '') byName.set(name, [...(byName.get(name) ?? []), columns[i]]);
  });
  return [...byName]
    .filter(([, renamed]) => renamed.length > 1)
    .map(([name, renamed]) => ({
      line,
      message: `The column name "${name}" appears ${renamed.length} times; they are called ${renamed.map((r) => `"${r}"`).join(', ')} here. Rename them in the file to tell them apart.`,
    }));
}

/**
 * The line on which a quoted field opens and never closes (d3-dsv then reads the rest of the file as that one
 * value), or null. Quotes are special only at the start of a field, as in d3-dsv; "" inside a quoted field is a quote.
 */
export function unclosedQuoteLine(text: string, delimiter: string): number | null {
  let line = 1;
  let atFieldStart = true;
  let openedOn = 0;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lineBreak = c === '\n' || (c === '\r' && text[i + 1] !== '\n');
    if (inQuote) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') inQuote = false;
      else if (lineBreak) line++;
      continue;
    }
    if (c === '"' && atFieldStart) {
      inQuote = true;
      openedOn = line;
    } else if (lineBreak) line++;
    atFieldStart = c === delimiter || c === '\n' || c === '\r';
  }
  return inQuote ? openedOn : null;
}

function unclosedQuoteWarning(line: number, lastLine: number): { line: number; message: string } {
  const span = lastLine > line ? `lines ${line}–${lastLine} were` : `line ${line} was`;
  return {
    line,
    message: `A quoted value starts on line ${line} but its closing quote (") is missing, so ${span} read as one value. Add the closing quote or remove the opening one.`,
  };
}

function lineCount(text: string): number {
  return 1 + (text.replace(/(\r\n|\r|\n)$/, '').match(LINE_BREAK)?.length ?? 0);
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

/**
 * Comma-separated text as objects keyed by the header row. d3-dsv's csvParse builds its row converter with
 * `new Function`, which the site's Content-Security-Policy (no 'unsafe-eval') refuses; parseRows does not.
 */
export function csvRecords(text: string): { columns: string[]; rows: Record<string, string>[] } {
  const [header = [], ...body] = dsvFormat(',').parseRows(text.replace(/^\uFEFF/, ''));
  return { columns: header, rows: body.map((fields) => Object.fromEntries(header.map((c, i) => [c, fields[i] ?? '']))) };
}
