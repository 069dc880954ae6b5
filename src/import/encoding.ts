import { importPhrase, listPhrase } from '../i18n/messages/import.js';
import type { Phrase } from '../errors.js';
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { DataError, UsageError } from '../errors.js';
import { ENCODING_NAMES } from './encoding-names.js';

/**
 * Aliases --encoding accepts beside every name iconv-lite knows, mapped to the name csops reads and
 * reports the encoding under. Latin-1 is read as Windows-1252, its superset (as browsers do).
 */
const ALIASES: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  gb18030: 'gb18030',
  gbk: 'gbk',
  gb2312: 'gbk',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'windows-1250': 'windows-1250',
  cp1250: 'windows-1250',
  'windows-1251': 'windows-1251',
  cp1251: 'windows-1251',
  big5: 'big5',
  'shift_jis': 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  'euc-jp': 'euc-jp',
  eucjp: 'euc-jp',
  'euc-kr': 'euc-kr',
  euckr: 'euc-kr',
};


/** Codecs iconv-lite has that are not text encodings of a file. */
const NOT_TEXT = new Set(['base64', 'hex', 'binary']);

export function normalizeEncoding(name: string): string {
  const key = name.trim().toLowerCase();
  const known = ALIASES[key];
  if (known) return known;
  if (key !== '' && !NOT_TEXT.has(key) && iconv.encodingExists(key)) return key;
  throw new UsageError(importPhrase('import.usage.encoding', { name }), importPhrase('import.usage.encoding_hint', { names: ENCODING_NAMES.join(', ') }));
}

export interface DetectedEncoding {
  encoding: string;
  /** How it was decided, for the import notes when it is not plain UTF-8. */
  reason: string | Phrase;
}

/** A decoder fed the file chunk by chunk; invalid bytes become U+FFFD (the reader flags their rows). */
export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

/** UTF-8 and UTF-16 decode natively (the fast path); other encodings through iconv-lite's streaming decoder. */
export function createDecoder(encoding: string): ChunkDecoder {
  if (encoding === 'utf-8' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    const decoder = new TextDecoder(encoding, { ignoreBOM: true });
    return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '' };
}

export function decodeAll(bytes: Buffer, encoding: string): string {
  const decoder = createDecoder(encoding);
  return decoder.write(bytes) + decoder.end();
}

/** The lowest confidence (chardet's 0–100) a multi-byte (CJK) guess needs, and a single-byte one. */
const MIN_CONFIDENCE_MULTIBYTE = 30;
/** …and a guess no other sensible reading competes with. */
const MIN_CONFIDENCE_ALONE = 5;
const MIN_CONFIDENCE_SINGLE_BYTE = 20;
/** A rival reading this close to the best one, that reads the non-ASCII text differently, leaves the guess unsure. */
const CJK_RIVAL_MARGIN = 30;
const CJK_RIVAL_CONFIDENCE = 50;
const EUC_RIVAL_CONFIDENCE = 30;

const MULTIBYTE = new Set(['shift_jis', 'euc-jp', 'euc-kr', 'big5', 'gb18030']);

/** chardet's names → the names csops decodes with (iconv-lite). ISO-2022 and UTF-32 are not read. */
function fromChardet(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower === 'iso-8859-1') return 'windows-1252';
  if (lower.startsWith('iso-2022') || lower.startsWith('utf-32')) return undefined;
  const known = ALIASES[lower];
  if (known) return known;
  return iconv.encodingExists(lower) ? lower : undefined;
}

/**
 * Decides a file's encoding from its first bytes: a byte-order mark; UTF-16 without one (every other
 * byte NUL); valid UTF-8 (or UTF-8 apart from a few stray bytes, which become errors of their rows);
 * otherwise chardet's statistical guess, taken only when it is sure. Files that are not text, and
 * text whose encoding the detector cannot tell, are refused with the reason and the fix.
 */
export function detectEncoding(head: Buffer, file: string, truncated = head.length >= 64 * 1024): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', reason: 'byte-order mark' };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', reason: importPhrase('import.encoding.bom') };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', reason: importPhrase('import.encoding.bom') };
  refuseKnownBinary(head, file);
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, reason: importPhrase('import.encoding.every_other_nul') };
  refuseNulOutsideQuotes(head, file);
  // Cut at the last line break so a character split by the end of the sample does not count as invalid.
  const lastBreak = head.lastIndexOf(0x0a);
  const sample = truncated && lastBreak > 0 ? head.subarray(0, lastBreak + 1) : head;
  if (isUtf8(sample)) return { encoding: 'utf-8', reason: 'valid UTF-8' };
  const utf8 = utf8Shape(sample);
  // Legacy text almost never forms valid UTF-8 sequences; a file full of them with a stray byte or
  // two is UTF-8 with errors, which belong to the rows holding them.
  if (utf8.sequences >= 4 * utf8.invalid) return { encoding: 'utf-8', reason: `UTF-8 apart from ${utf8.invalid} invalid byte${utf8.invalid === 1 ? '' : 's'}` };
  return guess(sample, file);
}

interface Candidate {
  encoding: string;
  confidence: number;
  text: string;
}

/** A reading whose non-ASCII text is more than this share implausible (symbols, controls, mixed scripts) is no reading. */
const MAX_IMPLAUSIBLE = 0.1;

/** chardet's readings of `bytes` that decode it without invalid bytes, best first. */
function readings(bytes: Buffer, sample: Buffer): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const match of chardet.analyse(bytes)) {
    const encoding = fromChardet(match.name);
    if (!encoding || seen.has(encoding) || encoding === 'utf-8' || encoding.startsWith('utf-16')) continue;
    seen.add(encoding);
    const text = decodeAll(sample, encoding);
    // A reading that leaves bytes undecoded, or reads them as gibberish, is no reading of this file.
    if (text.includes('\uFFFD') || implausibility(text) > MAX_IMPLAUSIBLE) continue;
    candidates.push({ encoding, confidence: match.confidence, text });
    if (candidates.length >= 6) break;
  }
  return candidates;
}

function guess(sample: Buffer, file: string): DetectedEncoding {
  const whole = readings(sample, sample);
  let candidates = whole;
  if (candidates[0] && !MULTIBYTE.has(candidates[0].encoding)) {
    // Single-byte encodings are told apart by their letters, but chardet's statistics over a whole
    // CRM export are mostly about its ASCII; the words holding high bytes carry the evidence.
    const focused = readings(wordsWithHighBytes(sample), sample);
    if (focused[0] && !MULTIBYTE.has(focused[0].encoding)) candidates = focused;
  }
  const best = candidates[0];
  const named = listPhrase(candidates.slice(0, 3).map((candidate) => importPhrase('import.encoding.candidate', { encoding: candidate.encoding, confidence: candidate.confidence })));
  const unsure = (why: string | Phrase, likeliest = candidates.slice(0, 3)) =>
    new DataError(
      importPhrase('import.encoding_unsure', { file, why }),
      likeliest.length > 0
        ? importPhrase('import.encoding_likeliest_hint', { flags: listPhrase(likeliest.map((c) => `--encoding ${c.encoding}`)) })
        : importPhrase('import.encoding_named_hint', { names: listPhrase(ENCODING_NAMES) }),
    );
  if (!best) throw unsure(importPhrase('import.encoding_unreadable'));
  const multibyte = MULTIBYTE.has(best.encoding);
  // A low confidence is enough when no other reading makes sense of the text (chardet scores short
  // Cyrillic or Japanese files low even when every other reading of them is gibberish).
  const alone = candidates.every((other) => other === best || other.text === best.text);
  if (best.confidence < (alone ? MIN_CONFIDENCE_ALONE : multibyte ? MIN_CONFIDENCE_MULTIBYTE : MIN_CONFIDENCE_SINGLE_BYTE)) {
    throw unsure(importPhrase('import.encoding.low_confidence', { named }));
  }
  if (multibyte) {
    // A line or two of CJK text fits several of these encodings (EUC-JP reads as EUC-KR).
    const characters = doubleByteCharacters(sample);
    if (characters < MIN_CJK_CHARACTERS) throw unsure(importPhrase('import.encoding.too_few', { characters, named }));
  } else {
    // Lone high bytes between ASCII letters are Latin/Cyrillic text ("Zürich"); high bytes that come
    // in pairs are CJK text, which a single-byte reading would garble: too little of it to be sure.
    const cjk = whole.filter((candidate) => MULTIBYTE.has(candidate.encoding));
    if (cjk.length > 0 && highBytesPairUp(sample)) {
      throw unsure(
        importPhrase('import.encoding.pairs_cjk', { cjk: listPhrase(cjk.map((c) => c.encoding)), best: best.encoding, confidence: best.confidence }),
        [...cjk, best],
      );
    }
  }
  if (best.encoding === 'iso-8859-9' || best.encoding === 'windows-1254') {
    // Czech and Slovak text without C1 bytes scores as Turkish; its Central European reading is the likelier one.
    for (const encoding of ['windows-1250', 'iso-8859-2']) {
      const central = decodeAll(sample, encoding);
      if (central !== best.text && implausibility(central) <= MAX_IMPLAUSIBLE) {
        throw unsure(importPhrase('import.encoding.turkish_central', { best: best.encoding, other: encoding }), [best, { encoding, confidence: best.confidence, text: central }]);
      }
    }
  }
  if (best.encoding === 'iso-8859-2') {
    // chardet names Windows-1250 only when C1 bytes show; without them the two still differ in a few letters (ą/š).
    const windows = decodeAll(sample, 'windows-1250');
    if (windows !== best.text && implausibility(windows) <= MAX_IMPLAUSIBLE) {
      throw unsure(importPhrase('import.encoding.latin2_pair', { one: 'iso-8859-2', other: 'windows-1250' }), [best, { encoding: 'windows-1250', confidence: best.confidence, text: windows }]);
    }
  }
  // Windows-1252 (Western European) is by far the commonest legacy export encoding: a rival must come closer.
  // CJK readings of one another's bytes are all Han, Hangul or kana: their confidences overlap widely.
  const margin = multibyte ? CJK_RIVAL_MARGIN : best.encoding === 'windows-1252' ? 3 : 5;
  // Between CJK readings, any other that chardet also finds likely (a fair share of its frequent characters seen) is a rival.
  // EUC-JP kanji read as EUC-KR give well-formed Hangul, and chardet may score that 100: between those two, less will do.
  const eucPair = new Set([best.encoding, 'euc-jp', 'euc-kr']).size === 2;
  const close = (other: Candidate) =>
    other.confidence >= best.confidence - margin ||
    (multibyte && MULTIBYTE.has(other.encoding) && other.confidence >= (eucPair && other.encoding.startsWith('euc-') ? EUC_RIVAL_CONFIDENCE : CJK_RIVAL_CONFIDENCE));
  const rival = candidates.find((other) => other !== best && close(other) && other.text !== best.text);
  if (rival) {
    throw unsure(importPhrase('import.encoding.rivals', { best: best.encoding, confidence: best.confidence, rival: rival.encoding, rivalConfidence: rival.confidence }));
  }
  return { encoding: best.encoding, reason: importPhrase('import.encoding.detected', { confidence: best.confidence, alone }) };
}

const ALLOWED_MARKS = new Set([...'©®™€£¥–—‘’‚“”„«»·…•、。「」『』・（）〜！？，：；　']);
const LATIN_EXTENDED = /[\u00C0-\u024F]/u;
const SCRIPTS: Array<[string, RegExp]> = [
  ['latin', /[\u00C0-\u024F]/u],
  ['cyrillic', /[\u0400-\u04FF]/u],
  ['greek', /[\u0370-\u03FF]/u],
  ['hangul', /[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]/u],
  ['kana', /[\u3040-\u30FF]/u],
  ['han', /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/u],
];
/** Scripts that share a word in real text (Japanese mixes kana and Han; Korean rarely mixes Hanja into a word). */
const MIXES = new Set(['kana+han', 'han+kana']);

/**
 * The share of non-ASCII characters that real text would not hold: controls and symbols, Hangul
 * jamo and half-width kana out of context, a word mixing scripts, an upper-case letter after a
 * lower-case one inside a word, four accented Latin letters in a row. A single-byte reading of
 * CJK bytes, or a reading in the wrong alphabet, scores high; the right reading near zero.
 */
export function implausibility(text: string): number {
  let nonAscii = 0;
  let bad = 0;
  for (const word of text.split(/[\s,;|"'()/.:_0-9-]+/)) {
    let wordNonAscii = 0;
    let wordBad = 0;
    let previousLower = false;
    let caseFlip = false;
    let latinRun = 0;
    const scripts = new Set<string>();
    for (const char of word) {
      const code = char.codePointAt(0)!;
      const lower = char !== char.toUpperCase();
      const upper = char !== char.toLowerCase();
      if (upper && previousLower) caseFlip = true;
      if (upper || lower) previousLower = lower;
      if (code < 0x80) {
        latinRun = 0;
        continue;
      }
      wordNonAscii++;
      if (LATIN_EXTENDED.test(char)) {
        latinRun++;
        if (latinRun === 4) wordBad += 4;
        else if (latinRun > 4) wordBad++;
      } else {
        latinRun = 0;
      }
      if (!ALLOWED_MARKS.has(char) && (/[\p{C}\p{S}\p{P}\p{N}]/u.test(char) || (code >= 0x3131 && code <= 0x318f) || (code >= 0xff61 && code <= 0xff9f))) wordBad++;
      for (const [name, pattern] of SCRIPTS) if (pattern.test(char)) scripts.add(name);
    }
    if (wordNonAscii === 0) continue;
    const mixed = scripts.size > 1 && !MIXES.has([...scripts].join('+'));
    nonAscii += wordNonAscii;
    bad += mixed || caseFlip ? wordNonAscii : Math.min(wordBad, wordNonAscii);
  }
  return nonAscii === 0 ? 0 : bad / nonAscii;
}

/** The sample's words (between delimiters, spaces and quotes) that hold a byte over 0x7F, space-separated. */
function wordsWithHighBytes(bytes: Buffer): Buffer {
  const words: Buffer[] = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    const byte = bytes[index];
    if (byte !== undefined && !(byte === 0x2c || byte === 0x3b || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x20 || byte === 0x22 || byte === 0x7c)) continue;
    const word = bytes.subarray(start, index);
    if (word.some((b) => b >= 0x80)) words.push(word, SPACE);
    start = index + 1;
  }
  return Buffer.concat(words);
}

const SPACE = Buffer.from(' ');
/** CJK guesses need this much text: fewer characters fit several encodings alike. */
const MIN_CJK_CHARACTERS = 20;

/** Whether nearly every high byte starts a pair whose second byte is high too (as in GBK, Big5, EUC text). */
function highBytesPairUp(bytes: Buffer): boolean {
  let highPairs = 0;
  let lowTrailPairs = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte < 0x81) continue;
    if ((bytes[index + 1] ?? 0) >= 0xa1) highPairs++;
    else lowTrailPairs++;
    index++;
  }
  return highPairs > 0 && highPairs >= 4 * lowTrailPairs;
}

/** High-byte pairs in the sample: about the number of CJK characters in it. */
function doubleByteCharacters(bytes: Buffer): number {
  let count = 0;
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index]! >= 0x81) {
      count++;
      index++;
    }
  }
  return count;
}

/** Valid multi-byte UTF-8 sequences, and bytes that start none (or an unfinished one). */
function utf8Shape(bytes: Buffer): { sequences: number; invalid: number } {
  let sequences = 0;
  let invalid = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte < 0x80) continue;
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let ok = length > 0 && index + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[index + k]! & 0xc0) === 0x80;
    if (ok) {
      sequences++;
      index += length - 1;
    } else {
      invalid++;
    }
  }
  return { sequences, invalid };
}

/** File signatures of things people pick by mistake, with what to do instead. */
const MAGIC: Array<{ bytes: number[]; what: 'zip' | 'pdf' | 'sqlite' | 'png' | 'gzip' | 'xls' }> = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'zip' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'pdf' },
  { bytes: [...Buffer.from('SQLite format 3\0')], what: 'sqlite' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'png' },
  { bytes: [0x1f, 0x8b], what: 'gzip' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], what: 'xls' },
];

function refuseKnownBinary(head: Buffer, file: string): void {
  for (const magic of MAGIC) {
    if (magic.bytes.every((byte, index) => head[index] === byte)) throw new DataError(importPhrase('import.known_binary', { file, what: importPhrase(`import.binary.${magic.what}`) }), importPhrase(`import.binary.${magic.what}_hint`));
  }
}

/**
 * A CSV can hold a NUL only inside a quoted field (Salesforce rich-text fields do; the reader drops
 * them). A NUL outside quotes means the file is not CSV text.
 */
function refuseNulOutsideQuotes(head: Buffer, file: string): void {
  const at = nulOutsideQuotes(head);
  if (at === -1) return;
  throw new DataError(importPhrase('import.binary_file', { file, at: String(at + 1) }), importPhrase('import.binary_file_hint'));
}

/** Where the first NUL outside a quoted field is, -1 if none (a quote opens a field only at its start). */
export function nulOutsideQuotes(bytes: Buffer): number {
  if (bytes.indexOf(0) === -1) return -1;
  let quoted = false;
  let fieldStart = true;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (quoted) {
      if (byte === 0x22) {
        if (bytes[index + 1] === 0x22) index++;
        else quoted = false;
      }
      continue;
    }
    if (byte === 0) return index;
    if (byte === 0x22 && fieldStart) quoted = true;
    fieldStart = byte === 0x2c || byte === 0x3b || byte === 0x09 || byte === 0x7c || byte === 0x0a || byte === 0x0d;
  }
  return -1;
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
