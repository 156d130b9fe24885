import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cleanPath, MACOSX_REASON, unsupportedCompressionReason, unzipEntries, unzipWithReport } from './zip';

const bytes = (s: string) => strToU8(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Finds every header with this signature and overwrites the 2-byte field at `offset`. */
function patchHeaders(zip: Uint8Array, signature: number, offset: number, update: (value: number) => number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    if (view.getUint32(i, true) !== signature) continue;
    view.setUint16(i + offset, update(view.getUint16(i + offset, true)), true);
  }
}
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;

describe('unzipEntries', () => {
  it('drops directories and __MACOSX, strips the shared top folder and sorts by path', async () => {
    const zip = zipSync({
      'album/': {},
      'album/dataset.csv': bytes('cover,genre\n'),
      'album/covers/': {},
      'album/covers/b.jpg': [bytes('B'), { level: 0 }],
      'album/covers/a.jpg': bytes('A'.repeat(1000)),
      '__MACOSX/album/covers/._a.jpg': bytes('junk'),
    } as Zippable);
    const entries = await unzipEntries(zip);
    expect(entries.map((e) => e.path)).toEqual(['covers/a.jpg', 'covers/b.jpg', 'dataset.csv']);
    expect(text(entries[0].bytes)).toBe('A'.repeat(1000));
    expect(text(entries[1].bytes)).toBe('B');
  });

  it('keeps paths as they are when the entries do not share one top folder', async () => {
    const zip = zipSync({ 'dataset.csv': bytes('x'), 'covers/a.jpg': bytes('A') });
    expect((await unzipEntries(zip)).map((e) => e.path)).toEqual(['covers/a.jpg', 'dataset.csv']);
  });

  it('does not strip a folder that is the whole path of a single file', async () => {
    const zip = zipSync({ 'dataset.csv': bytes('x') });
    expect((await unzipEntries(zip)).map((e) => e.path)).toEqual(['dataset.csv']);
  });

  it('keeps UTF-8 names (flag set by fflate)', async () => {
    const zip = zipSync({ 'dir/Beyoncé 日本 🎵.jpg': bytes('A'), 'dir/x.csv': bytes('B') });
    expect((await unzipEntries(zip)).map((e) => e.path)).toEqual(['Beyoncé 日本 🎵.jpg', 'x.csv']);
  });

  it('repairs UTF-8 names written without the UTF-8 flag', async () => {
    const zip = zipSync({ 'Beyoncé.jpg': bytes('A'), 'x.csv': bytes('B') });
    patchHeaders(zip, LOCAL, 6, (flags) => flags & ~0x800);
    patchHeaders(zip, CENTRAL, 8, (flags) => flags & ~0x800);
    expect((await unzipEntries(zip)).map((e) => e.path)).toEqual(['Beyoncé.jpg', 'x.csv']);
  });

  it('returns an empty list for an empty zip', async () => {
    expect(await unzipEntries(zipSync({}))).toEqual([]);
  });

  it('rejects with a readable error when the bytes are not a zip', async () => {
    await expect(unzipEntries(bytes('cover,genre\n'))).rejects.toThrow(/^Could not read the zip file/);
  });
});

/** Sets the compression method of the named entries (central directory, which fflate reads) to `method`. */
function setMethod(zip: Uint8Array, names: string[], method: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    if (view.getUint32(i, true) !== CENTRAL) continue;
    const nameLength = view.getUint16(i + 28, true);
    if (names.includes(text(zip.subarray(i + 46, i + 46 + nameLength)))) view.setUint16(i + 10, method, true);
  }
}

describe('unzipWithReport', () => {
  it('skips entries with an unsupported compression method and names the method', async () => {
    const zip = zipSync({ 'a.jpg': [bytes('A'), { level: 0 }], 'b.jpg': [bytes('B'), { level: 0 }] });
    setMethod(zip, ['a.jpg'], 12);
    const result = await unzipWithReport(zip);
    expect(result.entries.map((e) => e.path)).toEqual(['b.jpg']);
    expect(result.skipped).toEqual([{ path: 'a.jpg', reason: unsupportedCompressionReason(12) }]);
    expect(result.skipped[0].reason).toMatch(/^not extracted from the zip: unsupported compression method 12 \(bzip2\)/);
  });

  it('strips the shared top folder from skipped entries too, so they match the CSV like the others', async () => {
    const zip = zipSync({
      'album/dataset.csv': [bytes('cover,genre\n'), { level: 0 }],
      'album/covers/a.jpg': [bytes('A'), { level: 0 }],
      'album/covers/b.jpg': [bytes('B'), { level: 0 }],
    } as Zippable);
    setMethod(zip, ['album/covers/a.jpg'], 14);
    const result = await unzipWithReport(zip);
    expect(result.entries.map((e) => e.path)).toEqual(['covers/b.jpg', 'dataset.csv']);
    expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([['covers/a.jpg', unsupportedCompressionReason(14)]]);
  });

  it('lists __MACOSX entries as skipped metadata instead of dropping them silently', async () => {
    const zip = zipSync({
      'album/covers/a.jpg': bytes('A'),
      '__MACOSX/album/covers/._a.jpg': bytes('junk'),
    } as Zippable);
    const result = await unzipWithReport(zip);
    expect(result.entries.map((e) => e.path)).toEqual(['covers/a.jpg']);
    expect(result.skipped).toEqual([{ path: '__MACOSX/album/covers/._a.jpg', reason: MACOSX_REASON }]);
  });
});

describe('cleanPath', () => {
  it('normalises separators and drops empty, dot and dot-dot segments', () => {
    expect(cleanPath('dir\\sub\\a.jpg')).toBe('dir/sub/a.jpg');
    expect(cleanPath('/./a//../b.jpg')).toBe('a/b.jpg');
  });

  it('leaves genuine Latin-1 names alone', () => {
    expect(cleanPath('caf\u00e9.jpg')).toBe('caf\u00e9.jpg');
  });
});
