/**
 * Reading a dropped .zip into path + bytes entries with fflate. Synchronous inflate is fine
 * because this runs in a worker; fflate's async mode would spawn more workers from blob URLs,
 * which a strict CSP may block.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { MACOSX_REASON } from './match';
import type { SkippedFile } from './types';

export { MACOSX_REASON };

export interface ZipEntry {
  /** '/'-separated path inside the zip, without a folder shared by every entry. */
  path: string;
  bytes: Uint8Array;
}

export interface UnzipResult {
  entries: ZipEntry[];
  /**
   * Entries not extracted, with why: macOS metadata (__MACOSX/) and entries with a compression
   * method fflate cannot inflate. Paths are cleaned and stripped like the entries' paths.
   */
  skipped: SkippedFile[];
}

/** Stored and deflate are the only methods fflate inflates. */
const SUPPORTED_COMPRESSION = new Set([0, 8]);

/** Names of the methods other zip tools write (APPNOTE 4.4.5), so the report can say which one. */
const COMPRESSION_NAMES: Record<number, string> = { 9: 'Deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'Zstandard', 95: 'XZ', 96: 'JPEG', 97: 'WavPack', 98: 'PPMd', 99: 'AES encryption' };

export function unsupportedCompressionReason(method: number): string {
  const name = COMPRESSION_NAMES[method];
  return `not extracted from the zip: unsupported compression method ${method}${name ? ` (${name})` : ''}; re-create the zip with standard (deflate) compression`;
}

/** Entries sorted by path; throws an Error with a readable message when the bytes are not a zip. */
export async function unzipEntries(bytes: Uint8Array): Promise<ZipEntry[]> {
  return (await unzipWithReport(bytes)).entries;
}

export async function unzipWithReport(bytes: Uint8Array): Promise<UnzipResult> {
  const skipped: UnzipResult['skipped'] = [];
  const keep = (file: UnzipFileInfo): boolean => {
    if (isDirectory(file.name)) return false;
    if (isMacMetadata(file.name)) return (skipped.push({ path: cleanPath(file.name), reason: MACOSX_REASON }), false);
    if (SUPPORTED_COMPRESSION.has(file.compression)) return true;
    skipped.push({ path: cleanPath(file.name), reason: unsupportedCompressionReason(file.compression) });
    return false;
  };
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(bytes, { filter: keep });
  } catch (error) {
    throw new Error(`Could not read the zip file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const entries = Object.entries(raw).map(([name, data]) => ({ path: cleanPath(name), bytes: data }));
  const strip = commonFolderStripper([...entries.map((e) => e.path), ...skipped.filter((s) => s.reason !== MACOSX_REASON).map((s) => s.path)]);
  return {
    entries: entries.map((e) => ({ ...e, path: strip(e.path) })).sort(byPath),
    skipped: skipped.map((s) => (s.reason === MACOSX_REASON ? s : { ...s, path: strip(s.path) })).sort(byPath),
  };
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function isDirectory(name: string): boolean {
  return name.endsWith('/') || name.endsWith('\\');
}

function isMacMetadata(name: string): boolean {
  return cleanPath(name).split('/')[0] === '__MACOSX';
}

/**
 * '/' separators, no empty, '.' or '..' segments, and UTF-8 names repaired: zips written without the
 * UTF-8 flag (macOS Archive Utility, older tools) come out of fflate decoded as Latin-1.
 */
export function cleanPath(name: string): string {
  return repairUtf8(name)
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/');
}

function repairUtf8(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return name; // genuinely Latin-1 (or CP437): keep as decoded
  }
}

/**
 * Zipping a folder puts everything under "folder/": drop it so paths match the CSV's. __MACOSX/ sits
 * beside that folder, so it is left out of the decision (and keeps its path in the report).
 */
function commonFolderStripper(paths: string[]): (path: string) => string {
  if (paths.length === 0) return (p) => p;
  const first = paths[0].split('/')[0];
  const shared = paths.every((p) => p.includes('/') && p.split('/')[0] === first);
  return shared ? (p) => p.slice(first.length + 1) : (p) => p;
}
