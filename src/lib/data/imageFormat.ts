/**
 * What an image file really is, read from its first bytes (magic numbers), so the import report can say
 * "is a PDF, not an image" instead of "could not be decoded", and the decoder can learn a cover's size before
 * decoding it (a 12 000 × 12 000 scan is decoded straight to a smaller bitmap). Pure: bytes in, facts out.
 */

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

export interface ImageHeader {
  format: ImageFormat;
  /** Pixel size as stored, when the header says (AVIF: not parsed). */
  width?: number;
  height?: number;
  /** EXIF orientation 1–8 of a JPEG (5–8 swap width and height on display). */
  orientation?: number;
}

/** Either the header of a format browsers decode, or what the file is instead, phrased to follow its name. */
export type Sniffed = { ok: true; header: ImageHeader } | { ok: false; problem: string } | { ok: 'unknown' };

const CONVERT = 'export or save it as JPEG or PNG';

/** `head`: the first bytes of the file (64 KB finds a JPEG's size past its EXIF block); `size`: the file size. */
export function sniffImage(head: Uint8Array, size: number): Sniffed {
  if (size === 0) return { ok: false, problem: 'is empty (0 bytes): copy it again from where it came from' };
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { ok: true, header: { format: 'jpeg', ...jpegSize(head) } };
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return { ok: true, header: { format: 'png', width: u32be(head, 16), height: u32be(head, 20) } };
  if (ascii(0, 4) === 'GIF8') return { ok: true, header: { format: 'gif', width: u16le(head, 6), height: u16le(head, 8) } };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { ok: true, header: { format: 'webp', ...webpSize(head) } };
  if (ascii(0, 2) === 'BM' && head.length >= 26) return { ok: true, header: { format: 'bmp', width: i32le(head, 18), height: Math.abs(i32le(head, 22)) } };
  if (ascii(4, 8) === 'ftyp') {
    const brands = ascii(8, Math.min(head.length, 64));
    if (/avi[fs]/.test(brands)) return { ok: true, header: { format: 'avif' } };
    if (/hei[cxs]|hevc|mif1/.test(brands)) return { ok: false, problem: `is a HEIC/HEIF photo, which browsers do not decode: ${CONVERT}` };
  }
  if (ascii(0, 5) === '%PDF-') return { ok: false, problem: `is a PDF, not an image: ${CONVERT}` };
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return { ok: false, problem: `is a TIFF, which browsers do not decode: ${CONVERT}` };
  if (ascii(0, 4) === 'PK\x03\x04') return { ok: false, problem: 'is a zip archive, not an image: unpack it and add the images inside' };
  if (looksLikeText(head)) {
    const html = /^\s*<(!doctype html|html|head|body)/i.test(ascii(0, Math.min(head.length, 256)));
    return { ok: false, problem: html ? `is a web page (HTML), not an image: save the image itself (${CONVERT})` : `is a text file, not an image: ${CONVERT}` };
  }
  return { ok: 'unknown' };
}

/**
 * Why a file whose header looked fine still failed to decode: a missing end marker means the file was cut short
 * (an interrupted download or copy). `tail`: the last bytes of the file (32 are enough).
 */
export function decodeFailure(header: ImageHeader | null, tail: Uint8Array): string {
  if (header && isTruncated(header.format, tail)) {
    return `is truncated (the ${header.format.toUpperCase()} data ends early): download or export it again`;
  }
  const what = header ? `a damaged ${header.format.toUpperCase()} or one this browser cannot decode` : 'not an image format this browser decodes';
  return `could not be decoded (${what}): ${CONVERT}`;
}

function isTruncated(format: ImageFormat, tail: Uint8Array): boolean {
  const n = tail.length;
  if (format === 'jpeg') {
    // EOI (FF D9), allowing a little padding after it.
    for (let i = n - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
    return true;
  }
  if (format === 'png') return String.fromCharCode(...tail.subarray(n - 8, n - 4)) !== 'IEND';
  if (format === 'gif') return tail[n - 1] !== 0x3b;
  return false;
}

/** Walks the JPEG segments up to the first start-of-frame; reads the EXIF orientation on the way. */
function jpegSize(b: Uint8Array): { width?: number; height?: number; orientation?: number } {
  let orientation: number | undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return { orientation };
    const marker = b[i + 1];
    if (marker === 0xff) { i++; continue; }
    const length = u16be(b, i + 2);
    if (marker === 0xe1 && String.fromCharCode(...b.subarray(i + 4, i + 10)) === 'Exif\0\0') orientation = exifOrientation(b, i + 10, i + 2 + length);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, i + 5), width: u16be(b, i + 7), orientation };
    }
    i += 2 + length;
  }
  return { orientation };
}

/** Orientation tag (0x0112) of IFD0 in the TIFF block at `start`, or undefined. */
function exifOrientation(b: Uint8Array, start: number, end: number): number | undefined {
  if (end > b.length || start + 8 > end) return undefined;
  const little = b[start] === 0x49;
  const u16 = (o: number) => (little ? u16le(b, o) : u16be(b, o));
  const u32 = (o: number) => (little ? u32le(b, o) : u32be(b, o));
  const ifd = start + u32(start + 4);
  if (ifd + 2 > end) return undefined;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > end) return undefined;
    if (u16(entry) === 0x0112) return u16(entry + 8);
  }
  return undefined;
}

function webpSize(b: Uint8Array): { width?: number; height?: number } {
  const chunk = String.fromCharCode(...b.subarray(12, 16));
  if (chunk === 'VP8X') return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
  if (chunk === 'VP8L') {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (chunk === 'VP8 ') return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return {};
}

/** No zero bytes and almost only printable characters (UTF-8 multi-byte sequences count as printable). */
function looksLikeText(head: Uint8Array): boolean {
  const n = Math.min(head.length, 512);
  if (n === 0) return false;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i];
    if (c === 0) return false;
    if (c === 9 || c === 10 || c === 13 || c >= 32) printable++;
  }
  return printable / n > 0.95;
}

const u16be = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u16le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32be = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const u32le = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const i32le = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);

/** Width and height as displayed: EXIF orientations 5–8 turn the image a quarter. */
export function displaySize(h: ImageHeader): { width: number; height: number } | null {
  if (h.width === undefined || h.height === undefined) return null;
  return (h.orientation ?? 1) >= 5 ? { width: h.height, height: h.width } : { width: h.width, height: h.height };
}
