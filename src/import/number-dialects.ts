import type { Phrase } from '../errors.js';
import { importPhrase } from '../i18n/messages/import.js';
/**
 * Numbers as exports write them (SPEC §3): currency symbols and codes (¥5,460,000, $1,200.50,
 * 1.234,56 €, RMB 300), thousands separators of either convention, 12.5%, accounting negatives
 * (1,200), Chinese 万/亿 multipliers (1.2万), spaces or apostrophes between digit groups. The result is
 * an exact decimal string, so money never passes through a float.
 */
export interface NumberStyle {
  /** The file writes decimals with a comma (semicolon-separated exports from Europe): "1,234" is 1.234. */
  decimalComma: boolean;
}

export interface ReadNumber {
  /** Exact decimal text: optional '-', digits, optional '.' and digits. */
  decimal: string;
  percent: boolean;
  /** The currency the text names, if any. */
  currency?: string;
  /** The symbol that named it, for messages. */
  currencyText?: string;
}

export class NumberProblem {
  readonly expected: string;
  /** `expected` by key, for people reading another language. */
  readonly said?: Phrase;
  constructor(expected: string | Phrase) {
    this.expected = typeof expected === 'string' ? expected : expected.text;
    if (typeof expected !== 'string') this.said = expected;
  }
}

const SYMBOLS: Array<[string, string]> = [
  ['US$', 'USD'], ['HK$', 'HKD'], ['NT$', 'TWD'], ['A$', 'AUD'], ['C$', 'CAD'], ['RMB', 'CNY'], ['CN¥', 'CNY'],
  ['$', 'USD'], ['¥', 'CNY'], ['￥', 'CNY'], ['元', 'CNY'], ['€', 'EUR'], ['£', 'GBP'], ['₹', 'INR'], ['₩', 'KRW'],
];
const MULTIPLIERS: Record<string, number> = { 千: 3, 万: 4, 萬: 4, 亿: 8, 億: 8 };
const PLAIN = /^\d+(?:\.\d+)?$/;
const SCIENTIFIC = /^(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/;

export function readNumber(raw: string, style: NumberStyle): ReadNumber | NumberProblem {
  let text = raw.trim().replace(/(\d)[\s\u00a0\u202f'’](?=\d)/g, '$1');
  let negative = false;
  const parenthesised = /^\((.*)\)$/.exec(text);
  if (parenthesised) {
    negative = true;
    text = parenthesised[1]!.trim();
  }
  let currency: string | undefined;
  let currencyText: string | undefined;
  const takeSign = () => {
    if (/^[-−+]/.test(text)) {
      if (text[0] !== '+') negative = !negative;
      text = text.slice(1).trim();
    }
  };
  takeSign();
  for (const [symbol, code] of SYMBOLS) {
    if (text.startsWith(symbol)) [currency, currencyText, text] = [code, symbol, text.slice(symbol.length).trim()];
    else if (text.endsWith(symbol)) [currency, currencyText, text] = [code, symbol, text.slice(0, -symbol.length).trim()];
    if (currency) break;
  }
  if (!currency) {
    const prefix = /^([A-Za-z]{3})\s*(?=[\d(.,+\-−])/.exec(text);
    const suffix = /(?<=[\d.,)%])\s*([A-Za-z]{3})$/.exec(text);
    const code = prefix ?? suffix;
    if (code) {
      currency = code[1]!.toUpperCase();
      currencyText = code[1]!;
      text = (prefix ? text.slice(code[0].length) : text.slice(0, code.index)).trim();
    }
  }
  takeSign();
  const percent = text.endsWith('%');
  if (percent) text = text.slice(0, -1).trim();
  let shift = 0;
  const multiplier = MULTIPLIERS[text.slice(-1)];
  if (multiplier) {
    shift = multiplier;
    text = text.slice(0, -1).trim();
  }
  const digits = canonicalDigits(text, style);
  if (digits instanceof NumberProblem) return digits;
  const decimal = shiftDecimal(digits, shift);
  return { decimal: negative && /[1-9]/.test(decimal) ? `-${decimal}` : decimal, percent, currency, currencyText };
}

/** "1,234.56", "1.234,56", "1 234", "12,5", "1.5E+3" → "1234.56", "1234.56", "1234", "12.5", "1500". */
function canonicalDigits(text: string, style: NumberStyle): string | NumberProblem {
  if (PLAIN.test(text) && !(style.decimalComma && /^\d{1,3}\.\d{3}$/.test(text))) return text;
  const scientific = SCIENTIFIC.exec(text);
  if (scientific) return expandScientific(scientific[1]!, scientific[2] ?? '', Number(scientific[3]));
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return new NumberProblem(importPhrase('import.expected.number_such_as'));
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimalMark: string | undefined;
  if (lastDot !== -1 && lastComma !== -1) decimalMark = lastDot > lastComma ? '.' : ',';
  else {
    const mark = lastDot !== -1 ? '.' : ',';
    const count = text.split(mark).length - 1;
    const after = text.length - text.lastIndexOf(mark) - 1;
    // One separator followed by exactly three digits is a thousands separator in the file's
    // convention ("1,234" in a comma-decimal file is 1.234); anything else settles itself.
    const groupingLooksRight = after === 3 && /^\d{1,3}$/.test(text.slice(0, text.indexOf(mark)));
    if (count > 1) decimalMark = undefined;
    else if (!groupingLooksRight) decimalMark = mark;
    else decimalMark = (mark === ',') === style.decimalComma ? mark : undefined;
  }
  const groupMark = decimalMark === '.' ? ',' : decimalMark === ',' ? '.' : text.includes(',') ? ',' : '.';
  const [whole = '', fraction] = decimalMark ? splitLast(text, decimalMark) : [text, undefined];
  if (whole.includes(groupMark)) {
    if (!new RegExp(`^\\d{1,3}(?:\\${groupMark}\\d{3})+$`).test(whole)) return new NumberProblem(importPhrase('import.expected.digit_groups', { mark: groupMark }));
  } else if (!/^\d*$/.test(whole)) return new NumberProblem(importPhrase('import.expected.number'));
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return new NumberProblem(importPhrase('import.expected.decimal_digits'));
  const digits = whole.split(groupMark).join('') || '0';
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}

function splitLast(text: string, mark: string): [string, string] {
  const at = text.lastIndexOf(mark);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** Moves the decimal point `places` to the right, exactly ("1.2" by 4 → "12000"). */
export function shiftDecimal(decimal: string, places: number): string {
  if (places === 0) return decimal;
  const [whole = '', fraction = ''] = decimal.split('.');
  const padded = fraction.padEnd(places, '0');
  const result = `${whole}${padded.slice(0, places)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(places);
  return rest ? `${result}.${rest}` : result;
}

function expandScientific(whole: string, fraction: string, exponent: number): string {
  if (exponent >= 0) return shiftDecimal(fraction ? `${whole}.${fraction}` : whole, exponent);
  const digits = whole + fraction;
  const point = whole.length + exponent;
  return point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
}

/** An id that Excel turned into scientific notation (1.03006E+13): its last digits are gone for good. */
export function isMangledId(text: string): boolean {
  return /^\d(?:\.\d+)?E\+\d+$/i.test(text.trim());
}
