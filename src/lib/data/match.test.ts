import { describe, expect, it } from 'vitest';
import {
  buildImageIndex,
  extensionOf,
  isImagePath,
  isJunkPath,
  matchCover,
  normalizeCoverValue,
} from './match';

describe('isImagePath / isJunkPath', () => {
  it('accepts the supported image extensions in any case', () => {
    for (const p of ['a.jpg', 'a.JPEG', 'dir/a.png', 'a.webp', 'a.gif', 'a.bmp', 'a.avif', 'a.b.JPG']) {
      expect(isImagePath(p)).toBe(true);
    }
  });

  it('rejects other files and OS junk that carries an image extension', () => {
    for (const p of ['a.txt', 'dataset.csv', 'jpg', '.jpg', 'a.tiff', '__MACOSX/covers/._a.jpg', 'covers/._a.jpg']) {
      expect(isImagePath(p)).toBe(false);
    }
  });

  it('recognises junk files', () => {
    expect(isJunkPath('.DS_Store')).toBe(true);
    expect(isJunkPath('covers/Thumbs.db')).toBe(true);
    expect(isJunkPath('__MACOSX/x')).toBe(true);
    expect(isJunkPath('covers/x.jpg')).toBe(false);
  });

  it('extracts extensions', () => {
    expect(extensionOf('a/b.c/d.JPG')).toBe('jpg');
    expect(extensionOf('a/b.c/d')).toBe('');
    expect(extensionOf('.hidden')).toBe('');
  });
});

describe('normalizeCoverValue', () => {
  it('trims whitespace and surrounding quotes, and turns backslashes into slashes', () => {
    expect(normalizeCoverValue('  "covers\\x.jpg"  ')).toBe('covers/x.jpg');
    expect(normalizeCoverValue("'x.jpg'")).toBe('x.jpg');
    expect(normalizeCoverValue('./covers/x.jpg')).toBe('covers/x.jpg');
  });

  it('keeps the path of a URL, percent-decoded, without query or fragment', () => {
    expect(normalizeCoverValue('https://cdn.example.com/img/My%20Cover.jpg?w=300#x')).toBe('img/My Cover.jpg');
  });
});

describe('matchCover', () => {
  const files = [
    'covers/rock__R-1.jpg',
    'covers/Pop/Shout.JPG',
    'covers/a/x.jpg',
    'covers/b/x.jpg',
    'covers/stemonly.png',
    'covers/twin.jpg',
    'covers/twin.webp',
    'covers/Beyonce\u0301.jpg', // NFD, as macOS stores it
    'notes.txt',
  ];
  const index = buildImageIndex(files);

  it('prefers the exact path', () => {
    expect(matchCover(index, 'covers/rock__R-1.jpg')).toEqual({ kind: 'exact', path: 'covers/rock__R-1.jpg' });
  });

  it('matches the full path ignoring case', () => {
    expect(matchCover(index, 'COVERS/pop/shout.jpg')).toEqual({ kind: 'case-insensitive', path: 'covers/Pop/Shout.JPG' });
  });

  it('matches the basename of a folder path, a Windows path or a URL', () => {
    const expected = { kind: 'basename', path: 'covers/rock__R-1.jpg' };
    expect(matchCover(index, 'rock__R-1.jpg')).toEqual(expected);
    expect(matchCover(index, 'Album_Covers/Rock/rock__R-1.jpg')).toEqual(expected);
    expect(matchCover(index, 'C:\\Users\\me\\Album Covers\\rock__R-1.jpg')).toEqual(expected);
    expect(matchCover(index, 'https://img.example.com/i/rock__R-1.jpg?size=300')).toEqual(expected);
  });

  it('matches the basename ignoring case, including an upper-case .JPG on disk', () => {
    expect(matchCover(index, 'shout.jpg')).toEqual({ kind: 'basename', path: 'covers/Pop/Shout.JPG' });
    expect(matchCover(index, 'ROCK__r-1.JPG')).toEqual({ kind: 'basename', path: 'covers/rock__R-1.jpg' });
  });

  it('adds a missing extension', () => {
    expect(matchCover(index, 'rock__R-1')).toEqual({ kind: 'no-extension', path: 'covers/rock__R-1.jpg' });
    expect(matchCover(index, 'Shout')).toEqual({ kind: 'no-extension', path: 'covers/Pop/Shout.JPG' });
  });

  it('follows a different image extension only when the stem is unique', () => {
    expect(matchCover(index, 'stemonly.jpg')).toEqual({ kind: 'no-extension', path: 'covers/stemonly.png' });
    expect(matchCover(index, 'twin.png')).toEqual({
      kind: 'ambiguous',
      candidates: ['covers/twin.jpg', 'covers/twin.webp'],
    });
    expect(matchCover(index, 'twin')).toEqual({ kind: 'ambiguous', candidates: ['covers/twin.jpg', 'covers/twin.webp'] });
    // An exact name still wins over the stem rule.
    expect(matchCover(index, 'twin.webp')).toEqual({ kind: 'basename', path: 'covers/twin.webp' });
  });

  it('matches NFC values to NFD file names and the reverse', () => {
    expect(matchCover(index, 'Beyonc\u00e9.jpg')).toEqual({ kind: 'basename', path: 'covers/Beyonce\u0301.jpg' });
    const nfcIndex = buildImageIndex(['Beyonc\u00e9.jpg']);
    expect(matchCover(nfcIndex, 'Beyonce\u0301.jpg')).toEqual({ kind: 'exact', path: 'Beyonc\u00e9.jpg' });
  });

  it('trims whitespace and quotes around the value', () => {
    expect(matchCover(index, '  "covers/rock__R-1.jpg" ')).toEqual({ kind: 'exact', path: 'covers/rock__R-1.jpg' });
  });

  it('reports equally good matches as ambiguous instead of guessing', () => {
    expect(matchCover(index, 'x.jpg')).toEqual({ kind: 'ambiguous', candidates: ['covers/a/x.jpg', 'covers/b/x.jpg'] });
    expect(matchCover(index, 'X.JPG')).toEqual({ kind: 'ambiguous', candidates: ['covers/a/x.jpg', 'covers/b/x.jpg'] });
  });

  it('uses trailing folder names to pick among same-named files', () => {
    expect(matchCover(index, 'elsewhere/b/x.jpg')).toEqual({ kind: 'basename', path: 'covers/b/x.jpg' });
    expect(matchCover(index, 'D:\\A\\x.jpg')).toEqual({ kind: 'basename', path: 'covers/a/x.jpg' });
  });

  it('prefers an exact-case file name over case-insensitive look-alikes', () => {
    const i = buildImageIndex(['a/Cover.jpg', 'b/cover.jpg']);
    expect(matchCover(i, 'Cover.jpg')).toEqual({ kind: 'basename', path: 'a/Cover.jpg' });
    expect(matchCover(i, 'COVER.jpg')).toEqual({ kind: 'ambiguous', candidates: ['a/Cover.jpg', 'b/cover.jpg'] });
  });

  it('reports missing files, empty values and non-image files as missing', () => {
    expect(matchCover(index, 'nope.jpg')).toEqual({ kind: 'missing' });
    expect(matchCover(index, '   ')).toEqual({ kind: 'missing' });
    expect(matchCover(index, 'notes.txt')).toEqual({ kind: 'missing' });
    expect(matchCover(index, 'notes')).toEqual({ kind: 'missing' });
  });
});
