/**
 * Reading a dropped .zip into path + bytes entries with fflate. Synchronous inflate is fine
 * because this runs in a worker; fflate's async mode would spawn more workers from blob URLs,
 * which a strict CSP may block.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';

export interface ZipEntry {
  /** '/'-separated path inside the zip, without a folder shared by every entry. */
  path: string;
  bytes: Uint8Array;
}

export interface UnzipResult {
  entries: ZipEntry[];
  /** Entries that could not be extracted (e.g. an unsupported compression method). */
  skipped: { path: string; reason: string }[];
}

/** Stored and deflate are the only methods fflate inflates. */
const SUPPORTED_COMPRESSION = new Set([0, 8]);

/** Entries sorted by path; throws an Error with a readable message when the bytes are not a zip. */
export async function unzipEntries(bytes: Uint8Array): Promise<ZipEntry[]> {
  return (await unzipWithReport(bytes)).entries;
}

export async function unzipWithReport(bytes: Uint8Array): Promise<UnzipResult> {
  const skipped: UnzipResult['skipped'] = [];
  const keep = (file: UnzipFileInfo): boolean => {
    if (isDirectory(file.name) || isMacMetadata(file.name)) return false;
    if (SUPPORTED_COMPRESSION.has(file.compression)) return true;
    skipped.push({ path: cleanPath(file.name), reason: `unsupported compression method ${file.compression}` });
    return false;
  };
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(bytes, { filter: keep });
  } catch (error) {
    throw new Error(`Could not read the zip file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const entries = Object.entries(raw).map(([name, data]) => ({ path: cleanPath(name), bytes: data }));
  return { entries: stripCommonFolder(entries).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), skipped };
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

/** Zipping a folder puts everything under "folder/": drop it so paths match the CSV's. */
function stripCommonFolder(entries: ZipEntry[]): ZipEntry[] {
  if (entries.length === 0) return entries;
  const first = entries[0].path.split('/')[0];
  const shared = entries.every((e) => e.path.includes('/') && e.path.split('/')[0] === first);
  return shared ? entries.map((e) => ({ ...e, path: e.path.slice(first.length + 1) })) : entries;
}
