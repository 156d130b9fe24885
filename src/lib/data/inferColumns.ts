/**
 * Proposes a ColumnMapping from a parsed table: which column names the cover image, which is the
 * target, and how every other column could be used. Only a proposal: the user confirms it in the UI,
 * so every choice comes with a one-sentence reason.
 */
import { buildImageIndex, extensionOf, IMAGE_EXTENSIONS, matchCover } from './match';
import type { ColumnMapping, ParsedTable } from './types';

export interface InferredMapping {
  mapping: ColumnMapping;
  /** One short sentence per column explaining its proposed role. */
  reasons: Record<string, string>;
  /** Columns (never the target) whose values contain the target label in most rows: a likely leak. */
  leaks: string[];
}

/** A target needs at least this many distinct labels, and a fallback target at most this many. */
const MIN_CLASSES = 2;
const MAX_CLASSES = 50;
/** Share of values that must look numeric / like a URL / like a path for a column to count as such. */
const MOSTLY = 0.9;
/** Share of rows whose values contain the label before a column is called leaky. */
const LEAK_SHARE = 0.8;

const COVER_NAMES = ['cover', 'image', 'img', 'file', 'filename', 'artwork', 'art', 'picture', 'thumbnail', 'path'];
/** In priority order: a 'label' column is often the record label, so it comes last. */
const TARGET_NAMES = ['genre', 'style', 'class', 'target', 'category', 'label'];
const GROUP_NAMES = ['artist', 'artists', 'band', 'performer', 'composer', 'singer'];
const TEXT_NAMES = ['lyrics', 'lyric', 'title', 'album', 'track', 'song', 'name', 'description', 'text', 'review', 'comment', 'caption', 'summary'];
const ID_NAMES = ['id', 'uuid', 'guid', 'isrc', 'upc', 'ean', 'index'];

interface ColumnStats {
  name: string;
  tokens: string[];
  values: string[];
  distinct: number;
  numericShare: number;
  spaceShare: number;
  meanLength: number;
  urlShare: number;
  pathShare: number;
  imageNameShare: number;
  dateShare: number;
  isRowNumber: boolean;
}

export function inferMapping(table: ParsedTable, imagePaths: string[]): InferredMapping {
  const stats = table.columns.map((name) => columnStats(name, table.rows.map((r) => (r[name] ?? '').trim())));
  const reasons: Record<string, string> = {};
  const mapping: ColumnMapping = { cover: null, target: null, text: [], categorical: [], numeric: [], group: null, ignore: [] };

  const cover = pickCover(stats, imagePaths);
  if (cover) {
    mapping.cover = cover.stats.name;
    reasons[cover.stats.name] = cover.reason;
  }
  const target = pickTarget(stats.filter((s) => s.name !== mapping.cover));
  if (target) {
    mapping.target = target.stats.name;
    reasons[target.stats.name] = target.reason;
  }

  const leaks = target ? leakyColumns(table, stats, target.stats.name) : [];
  for (const s of stats) {
    if (s.name === mapping.cover || s.name === mapping.target) continue;
    const role = featureRole(s, table.rows.length, leaks.includes(s.name), mapping.group === null);
    reasons[s.name] = role.reason;
    if (role.kind === 'group') {
      mapping.group = s.name;
      mapping.categorical.push(s.name);
    } else {
      mapping[role.kind].push(s.name);
    }
  }
  if (mapping.cover && leaks.includes(mapping.cover)) {
    reasons[mapping.cover] += ' Its values contain the label; only the image is used, never the file name.';
  }
  return { mapping, reasons, leaks: leaks.filter((c) => c !== mapping.cover) };
}

// ---------- column statistics ----------

/** "Album Cover", "album_cover", "albumCover" → ["album", "cover"]. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function columnStats(name: string, all: string[]): ColumnStats {
  const values = all.filter((v) => v !== '');
  const n = Math.max(values.length, 1);
  const share = (test: (v: string) => boolean) => values.filter(test).length / n;
  return {
    name,
    tokens: nameTokens(name),
    values,
    distinct: new Set(values).size,
    numericShare: share(isNumeric),
    spaceShare: share((v) => /\s/.test(v)),
    meanLength: values.reduce((sum, v) => sum + v.length, 0) / n,
    urlShare: share((v) => /^(https?:\/\/|www\.)/i.test(v)),
    // A separator plus a short extension: "AC/DC" or "Rock/Pop" stay text.
    pathShare: share((v) => /[\\/]/.test(v) && /\.[a-z0-9]{1,5}$/i.test(v)),
    imageNameShare: share((v) => (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(v))),
    dateShare: share((v) => /^\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}(:\d{2})?)?/.test(v) || /^\d{1,2}\/\d{1,2}\/\d{2,4}$/.test(v)),
    isRowNumber: isRowNumberColumn(values, all.length),
  };
}

function isNumeric(v: string): boolean {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v);
}

/** 0..n-1 or 1..n in order: a spreadsheet or pandas row number. */
function isRowNumberColumn(values: string[], rowCount: number): boolean {
  if (values.length !== rowCount || rowCount < 2) return false;
  const start = Number(values[0]);
  return (start === 0 || start === 1) && values.every((v, i) => v === String(start + i));
}

function hasToken(s: ColumnStats, names: string[]): boolean {
  return s.tokens.some((t) => names.includes(t));
}

// ---------- cover ----------

function pickCover(stats: ColumnStats[], imagePaths: string[]): { stats: ColumnStats; reason: string } | null {
  const index = buildImageIndex(imagePaths);
  const scored = stats.map((s) => ({
    stats: s,
    matched: imagePaths.length ? s.values.filter((v) => matchCover(index, v).kind !== 'missing').length : 0,
    nameRank: coverNameRank(s),
  }));
  const byMatch = [...scored].sort((a, b) => b.matched - a.matched || a.nameRank - b.nameRank)[0];
  if (byMatch && byMatch.matched > 0) {
    const n = byMatch.stats.values.length;
    return { stats: byMatch.stats, reason: `Cover image: ${byMatch.matched} of ${n} values match an image file.` };
  }
  const byExt = [...scored].sort((a, b) => b.stats.imageNameShare - a.stats.imageNameShare || a.nameRank - b.nameRank)[0];
  if (byExt && byExt.stats.imageNameShare >= 0.5) {
    return { stats: byExt.stats, reason: `Cover image: ${pct(byExt.stats.imageNameShare)} of values are image file names.` };
  }
  const named = [...scored].sort((a, b) => a.nameRank - b.nameRank)[0];
  if (named && named.nameRank < Infinity) return { stats: named.stats, reason: 'Cover image: chosen by its name (no value matched an image file yet).' };
  return null;
}

/** Position of the column's best cover-like word in COVER_NAMES ('path' last: source paths often leak). */
function coverNameRank(s: ColumnStats): number {
  const ranks = s.tokens.map((t) => COVER_NAMES.indexOf(t)).filter((i) => i >= 0);
  return ranks.length ? Math.min(...ranks) : Infinity;
}

// ---------- target ----------

function pickTarget(stats: ColumnStats[]): { stats: ColumnStats; reason: string } | null {
  const labelled = (s: ColumnStats) => s.distinct >= MIN_CLASSES && s.distinct <= Math.max(MAX_CLASSES, s.values.length / 2);
  for (const word of TARGET_NAMES) {
    const s = stats.find((c) => c.tokens.includes(word) && labelled(c));
    if (s) return { stats: s, reason: `Target: the name says "${word}"; ${s.distinct} distinct labels.` };
  }
  const candidates = stats.filter(
    (s) =>
      s.distinct >= MIN_CLASSES &&
      s.distinct <= MAX_CLASSES &&
      s.distinct < s.values.length &&
      s.numericShare < MOSTLY &&
      !hasToken(s, [...GROUP_NAMES, ...ID_NAMES]),
  );
  const best = candidates.sort((a, b) => a.distinct - b.distinct)[0];
  if (best) {
    return { stats: best, reason: `Target: no column is named like a genre; "${best.name}" has few repeated labels (${best.distinct}).` };
  }
  return null;
}

// ---------- leaks ----------

/** Columns whose values contain the row's own label (e.g. "Album_Covers/Country/..." for "country"). */
function leakyColumns(table: ParsedTable, stats: ColumnStats[], target: string): string[] {
  return stats
    .filter((s) => s.name !== target && s.distinct > 1)
    .filter((s) => {
      let labelled = 0;
      let containing = 0;
      for (const row of table.rows) {
        const label = (row[target] ?? '').trim().toLowerCase();
        const value = (row[s.name] ?? '').toLowerCase();
        if (label.length < 3) continue; // "a" or "hh" would be found by chance
        labelled++;
        if (value.includes(label)) containing++;
      }
      return labelled > 0 && containing / labelled >= LEAK_SHARE;
    })
    .map((s) => s.name);
}

// ---------- every other column ----------

type FeatureKind = 'text' | 'categorical' | 'numeric' | 'ignore' | 'group';

function featureRole(
  s: ColumnStats,
  rowCount: number,
  leaky: boolean,
  groupFree: boolean,
): { kind: FeatureKind; reason: string } {
  const n = s.values.length;
  const repeats = s.distinct < n;
  const ignore = (reason: string) => ({ kind: 'ignore' as const, reason: `Ignored: ${reason}` });

  if (n === 0) return ignore('the column is empty.');
  if (leaky) return ignore('its values contain the target label, so it would leak the answer.');
  if (s.urlShare >= MOSTLY / 2) return ignore('it holds URLs.');
  if (s.pathShare >= MOSTLY / 2) return ignore('it holds file paths (folder names can leak the label).');
  if (s.distinct === 1) {
    // A genre column with one genre is not proposed as the target: say why, so the user is not left guessing.
    const genreLike = TARGET_NAMES.find((w) => s.tokens.includes(w));
    return ignore(genreLike ? 'the same value in every row, so it cannot be the target: training needs at least two genres.' : 'the same value in every row.');
  }
  if (s.isRowNumber) return ignore('a row number.');
  if (hasToken(s, ID_NAMES)) return ignore('an identifier (by its name).');
  if (s.dateShare >= MOSTLY) return ignore('dates (use a year column instead).');
  if (s.distinct === n && n === rowCount && s.spaceShare === 0 && s.numericShare < MOSTLY && n > 1) {
    return ignore('a different code in every row (an identifier).');
  }
  if (hasToken(s, GROUP_NAMES)) {
    if (repeats && groupFree) {
      return { kind: 'group', reason: `Group and categorical: ${s.distinct} artists repeat across rows; CV keeps each in one fold.` };
    }
    if (repeats) return { kind: 'categorical', reason: `Categorical: ${s.distinct} artists repeat across rows.` };
    return { kind: 'text', reason: 'Text: artist names never repeat, so their words are used instead.' };
  }
  if (s.numericShare >= MOSTLY) return { kind: 'numeric', reason: `Numeric: ${pct(s.numericShare)} of values are numbers.` };
  if (s.distinct <= MAX_CLASSES && s.distinct * 3 <= n) {
    return { kind: 'categorical', reason: `Categorical: ${s.distinct} distinct values, each repeated.` };
  }
  if (hasToken(s, TEXT_NAMES)) return { kind: 'text', reason: 'Text: the name suggests free text.' };
  if (s.distinct <= MAX_CLASSES && repeats && s.meanLength < 20) {
    return { kind: 'categorical', reason: `Categorical: ${s.distinct} distinct short values.` };
  }
  if (s.spaceShare >= 0.5 || s.meanLength >= 20) return { kind: 'text', reason: 'Text: long values with spaces.' };
  return ignore('many distinct short codes, neither text nor categories.');
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}
