import { TextDecoder } from 'node:util';
import { DataError, UsageError } from '../errors.js';

/** Encodings csops reads, by the names --encoding accepts (WHATWG labels, as TextDecoder knows them). */
export const ENCODINGS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  big5: 'big5',
  'shift_jis': 'shift_jis',
};

export function normalizeEncoding(name: string): string {
  const encoding = ENCODINGS[name.trim().toLowerCase()];
  if (!encoding) {
    throw new UsageError(`--encoding "${name}" is not an encoding csops reads`, `use one of: utf-8, utf-16le, utf-16be, gb18030 (also gbk), windows-1252 (also latin1), big5, shift_jis`);
  }
  return encoding;
}

export interface DetectedEncoding {
  encoding: string;
  /** How it was decided, for the import notes when it is not plain UTF-8. */
  reason: string;
}

/**
 * Decides a file's encoding from its first bytes: a byte-order mark; UTF-16 without one (every other
 * byte NUL); valid UTF-8; else GB18030 when the high bytes pair up as Chinese characters do, and
 * Windows-1252 (Latin-1 exports from European and Latin-American Salesforce orgs) otherwise.
 * Files that are not text are refused with the reason.
 */
export function detectEncoding(head: Buffer, file: string): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', reason: 'byte-order mark' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', reason: 'byte-order mark' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', reason: 'byte-order mark' };
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new DataError(`${file}: this is a zip file, not CSV and not an .xlsx workbook`, 'unzip it and import the CSV files inside, or open it in its program and save as .xlsx or "CSV UTF-8"');
  }
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, reason: 'every other byte is NUL' };
  const nul = head.indexOf(0);
  if (nul !== -1) {
    throw new DataError(`${file}: this looks like a binary file, not CSV (a NUL byte at byte ${nul + 1})`, 'if it is text in another encoding, pass --encoding');
  }
  // Cut at the last line break so a character split by the end of the sample does not count as invalid.
  const lastBreak = head.lastIndexOf(0x0a);
  const sample = lastBreak > 0 ? head.subarray(0, lastBreak + 1) : head;
  if (decodes(sample, 'utf-8')) return { encoding: 'utf-8', reason: 'valid UTF-8' };
  if (looksLikeGb18030(sample)) return { encoding: 'gb18030', reason: 'not UTF-8; its bytes pair up as Chinese (GB18030/GBK) text' };
  return { encoding: 'windows-1252', reason: 'not UTF-8, and its high bytes do not pair up as Chinese text' };
}

function decodes(bytes: Buffer, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** ASCII text in UTF-16 has a NUL in every other byte: odd positions for little-endian, even for big. */
function utf16WithoutBom(head: Buffer): string | undefined {
  const pairs = Math.min(head.length >> 1, 2048);
  if (pairs < 4) return undefined;
  let oddNuls = 0;
  let evenNuls = 0;
  for (let index = 0; index < pairs; index++) {
    if (head[2 * index] === 0) evenNuls++;
    if (head[2 * index + 1] === 0) oddNuls++;
  }
  if (oddNuls > pairs * 0.6 && evenNuls < pairs * 0.1) return 'utf-16le';
  if (evenNuls > pairs * 0.6 && oddNuls < pairs * 0.1) return 'utf-16be';
  return undefined;
}

/**
 * In Chinese text nearly every high byte starts a pair whose second byte is also high (GB2312's
 * common characters and full-width punctuation). Latin-1 text has lone high bytes between ASCII
 * letters ("Zürich"): read as GBK those pairs end in an ASCII byte, which real Chinese text rarely has.
 */
function looksLikeGb18030(bytes: Buffer): boolean {
  if (!decodes(bytes, 'gb18030')) return false;
  let highPairs = 0;
  let lowTrailPairs = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte < 0x81) continue;
    const next = bytes[index + 1] ?? 0;
    if (next >= 0xa1) highPairs++;
    else lowTrailPairs++;
    index++;
  }
  return highPairs > 0 && highPairs >= 4 * lowTrailPairs;
}
