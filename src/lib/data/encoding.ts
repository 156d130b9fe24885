/**
 * Text encoding of a CSV's bytes: a byte-order mark decides (UTF-8, UTF-16 LE/BE); without one, bytes that are
 * valid UTF-8 are UTF-8, and anything else is read as Windows-1252 (a superset of Latin-1 that spreadsheet
 * exports on Windows use), never silently as UTF-8 with replacement characters.
 */

export type CsvEncoding = 'UTF-8' | 'UTF-16 LE' | 'UTF-16 BE' | 'Windows-1252';

const LABELS: Record<CsvEncoding, string> = {
  'UTF-8': 'utf-8',
  'UTF-16 LE': 'utf-16le',
  'UTF-16 BE': 'utf-16be',
  'Windows-1252': 'windows-1252',
};

export interface DecodedText {
  text: string;
  encoding: CsvEncoding;
  /** How the encoding was chosen, for the import report. */
  how: 'byte-order mark' | 'valid UTF-8' | 'not valid UTF-8' | 'zero bytes every other byte';
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return { text: decode(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding, how: 'byte-order mark' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: decode(bytes, utf16), encoding: utf16, how: 'zero bytes every other byte' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8', how: 'valid UTF-8' };
  } catch {
    return { text: decode(bytes, 'Windows-1252'), encoding: 'Windows-1252', how: 'not valid UTF-8' };
  }
}

function decode(bytes: Uint8Array, encoding: CsvEncoding): string {
  // ignoreBOM: the mark (if any) was cut off already, so a literal U+FEFF in the data stays data.
  const text = new TextDecoder(LABELS[encoding], { ignoreBOM: true }).decode(bytes);
  // Node's decoder (unlike browsers') reads windows-1252 as ISO-8859-1, leaving 0x80–0x9F as C1 controls.
  return encoding === 'Windows-1252' ? text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]) : text;
}

/** Windows-1252 bytes 0x80–0x9F (WHATWG encoding standard); the five unassigned ones stay as they are. */
const WINDOWS_1252_C1 = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'];

function bomEncoding(b: Uint8Array): { encoding: CsvEncoding; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'UTF-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'UTF-16 LE', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'UTF-16 BE', length: 2 };
  return null;
}

/**
 * UTF-16 saved without a mark: ASCII-heavy text (CSV headers, file names) then has a zero in every other byte.
 * A text in UTF-8 or Windows-1252 has no zero bytes at all.
 */
function utf16WithoutBom(b: Uint8Array): CsvEncoding | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZeros++;
    if (b[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros === 0) return 'UTF-16 LE';
  if (evenZeros > pairs * 0.4 && oddZeros === 0) return 'UTF-16 BE';
  return null;
}
