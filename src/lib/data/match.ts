/**
 * Matching the cover values of a CSV to image files.
 *
 * Levels, strongest first; the first level with any candidate decides:
 *   1. exact        the full path, after NFC normalisation and '\' → '/'
 *   2. case-insensitive   the full path ignoring case
 *   3. basename     the file name (the value may be a path, a Windows path or a URL), case-sensitive,
 *                   then case-insensitive
 *   4. no-extension the file name without its extension, ignoring case, when
 *                   - the value has no image extension (`abc` → `abc.jpg`), or
 *                   - the value has a different image extension and exactly one image has that stem
 *                     (`abc.png` → `abc.jpg`, e.g. covers re-encoded after the CSV was written).
 * Several candidates at a level are narrowed to those sharing the most trailing folders with the
 * value (`rock/x.jpg` picks `data/rock/x.jpg` over `data/pop/x.jpg`); if more than one remains the
 * result is 'ambiguous' with every remaining candidate: we never guess.
 */

export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif', 'bmp', 'avif'] as const;

export type MatchKind = 'exact' | 'case-insensitive' | 'basename' | 'no-extension';

export type MatchResult =
  | { kind: MatchKind; path: string }
  | { kind: 'missing' }
  | { kind: 'ambiguous'; candidates: string[] };

export interface ImageIndex {
  /** normalised path → original path */
  byPath: Map<string, string>;
  byLowerPath: Map<string, string[]>;
  byName: Map<string, string[]>;
  byLowerName: Map<string, string[]>;
  byLowerStem: Map<string, string[]>;
}

const IMAGE_EXT_SET = new Set<string>(IMAGE_EXTENSIONS);
const JUNK_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db']);

/** Lower-case extension without the dot, or '' when the file name has none. */
export function extensionOf(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function basename(path: string): string {
  const parts = path.replace(/\\/g, '/').split('/');
  return parts[parts.length - 1];
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Files the OS adds on its own (Finder metadata, Windows thumbnails, AppleDouble forks in zips). */
export function isJunkPath(path: string): boolean {
  const normal = path.replace(/\\/g, '/');
  const name = basename(normal);
  return (
    normal.split('/').includes('__MACOSX') || JUNK_NAMES.has(name.toLowerCase()) || name.startsWith('._')
  );
}

export const MACOSX_REASON = 'macOS metadata (__MACOSX folder), not part of the data';

/** Why an OS file is skipped, for the import report; null when `path` is not OS junk. */
export function junkReason(path: string): string | null {
  const normal = path.replace(/\\/g, '/');
  const name = basename(normal).toLowerCase();
  if (normal.split('/').includes('__MACOSX')) return MACOSX_REASON;
  if (name === '.ds_store') return 'macOS Finder metadata (.DS_Store), not part of the data';
  if (name === 'thumbs.db' || name === 'ehthumbs.db') return 'Windows thumbnail cache, not part of the data';
  if (name === 'desktop.ini') return 'Windows folder settings (desktop.ini), not part of the data';
  if (name.startsWith('._')) return 'macOS resource fork (._ file), not part of the data';
  return null;
}

/** True for a file with an image extension (jpg jpeg png webp gif bmp avif) that is not OS junk. */
export function isImagePath(path: string): boolean {
  return IMAGE_EXT_SET.has(extensionOf(path)) && !isJunkPath(path);
}

/** NFC (macOS file names arrive as NFD), '/' separators, no leading './' or '/'. */
export function normalizePath(path: string): string {
  return path
    .normalize('NFC')
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '');
}

/**
 * A cell value as a path: trimmed, unquoted, NFC; for a URL the path part, percent-decoded,
 * so that its last segment is the file name.
 */
export function normalizeCoverValue(value: string): string {
  let v = value.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) v = urlPath(v);
  return normalizePath(v);
}

function urlPath(url: string): string {
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/[?#].*$/s, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Indexes only image files (see isImagePath), so a cover value can never match a text file or OS junk. */
export function buildImageIndex(paths: string[]): ImageIndex {
  const index: ImageIndex = {
    byPath: new Map(),
    byLowerPath: new Map(),
    byName: new Map(),
    byLowerName: new Map(),
    byLowerStem: new Map(),
  };
  for (const original of paths) {
    if (!isImagePath(original)) continue;
    const path = normalizePath(original);
    const name = basename(path);
    index.byPath.set(path, original);
    push(index.byLowerPath, path.toLowerCase(), original);
    push(index.byName, name, original);
    push(index.byLowerName, name.toLowerCase(), original);
    push(index.byLowerStem, stem(name).toLowerCase(), original);
  }
  return index;
}

export function matchCover(index: ImageIndex, value: string): MatchResult {
  const path = normalizeCoverValue(value);
  if (path === '') return { kind: 'missing' };
  const name = basename(path);

  const exact = index.byPath.get(path);
  if (exact !== undefined) return { kind: 'exact', path: exact };

  const levels: [MatchKind, string[] | undefined][] = [
    ['case-insensitive', index.byLowerPath.get(path.toLowerCase())],
    ['basename', index.byName.get(name)],
    ['basename', index.byLowerName.get(name.toLowerCase())],
    ['no-extension', stemCandidates(index, name)],
  ];
  for (const [kind, candidates] of levels) {
    if (!candidates || candidates.length === 0) continue;
    const best = closestByFolders(candidates, path);
    return best.length === 1 ? { kind, path: best[0] } : { kind: 'ambiguous', candidates: [...best].sort() };
  }
  return { kind: 'missing' };
}

function stemCandidates(index: ImageIndex, name: string): string[] | undefined {
  const hasImageExt = IMAGE_EXT_SET.has(extensionOf(name));
  // Without an image extension, the whole name is the stem ("R-123.1" → "R-123.1.jpg").
  const key = (hasImageExt ? stem(name) : name).toLowerCase();
  // Several files with this stem (abc.jpg, abc.webp) end up 'ambiguous' in matchCover, so a
  // different extension is only followed when it points to a single file.
  return index.byLowerStem.get(key);
}

/** Candidates sharing the most trailing folder names (case-insensitive) with the value. */
function closestByFolders(candidates: string[], value: string): string[] {
  if (candidates.length < 2) return candidates;
  const valueDirs = folders(value);
  const scored = candidates.map((c) => ({ c, score: sharedTrailing(folders(normalizePath(c)), valueDirs) }));
  const top = Math.max(...scored.map((s) => s.score));
  return scored.filter((s) => s.score === top).map((s) => s.c);
}

function folders(path: string): string[] {
  return path.toLowerCase().split('/').slice(0, -1);
}

function sharedTrailing(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
