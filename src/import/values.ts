import { formatYmd, isValidYmd, utcToZonedDate, zonedWallTimeToUtc } from '../core/dates.js';
import { AMBIGUOUS, DateProblem, readDateTime, type DateTimeParts, type FileDayOrder } from './date-dialects.js';
import { NumberProblem, readNumber, type NumberStyle, type ReadNumber } from './number-dialects.js';
import { decimalToMinor, isCurrencyCode } from '../core/money.js';

/**
 * Cell text → typed value. Each parser returns the value, or a Problem saying what was expected.
 * Empty cells are handled by the caller (they mean "no value"), so parsers see trimmed, non-empty text.
 */
export class Problem {
  constructor(readonly expected: string) {}
}

export type Parsed<T> = T | Problem;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// Dates repeat a lot in usage files; validating each distinct string once keeps the hot loop cheap.
const dateCache = new Map<string, string | Problem>();
let dateCacheSettings = '';

/** A calendar date; `dayOrder` is the file's day/month order when its dates are written day-month. */
export function parseDate(text: string, timeZone: string, dayOrder?: FileDayOrder): Parsed<string> {
  const settings = `${timeZone}|${dayOrder ?? ''}`;
  if (settings !== dateCacheSettings) {
    dateCache.clear();
    dateCacheSettings = settings;
  }
  const cached = dateCache.get(text);
  if (cached !== undefined) return cached;
  const result = parseDateUncached(text, timeZone, dayOrder);
  if (dateCache.size > 100_000) dateCache.clear();
  dateCache.set(text, result);
  return result;
}

const realDates = new Map<string, boolean>();
let lastRealDate = '';

/** 'YYYY-MM-DD' text names a day that exists (cached: a file repeats few distinct days). */
function isRealDate(ymd: string): boolean {
  if (ymd === lastRealDate) return true;
  let real = realDates.get(ymd);
  if (real === undefined) {
    real = isValidYmd(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)), Number(ymd.slice(8, 10)));
    if (realDates.size > 100_000) realDates.clear();
    realDates.set(ymd, real);
  }
  if (real) lastRealDate = ymd;
  return real;
}

function parseDateUncached(text: string, timeZone: string, dayOrder: FileDayOrder | undefined): Parsed<string> {
  const match = DATE.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    return isValidYmd(year, month, day) ? text : new Problem(`expected a real calendar date (YYYY-MM-DD); ${text} does not exist`);
  }
  const parts = readParts(text, dayOrder);
  if (parts instanceof Problem) return parts;
  // A moment in a date column (CRMs export "2026-06-09 16:12:25"): a wall time gives its own date;
  // a moment with a zone or an epoch number gives its date in the configured zone.
  if (parts.offsetMinutes !== undefined) return utcToZonedDate(new Date(utcMsOf(parts)), timeZone);
  return formatYmd(parts.year, parts.month, parts.day);
}

function readParts(text: string, dayOrder: FileDayOrder | undefined): DateTimeParts | Problem {
  const parts = readDateTime(text, dayOrder);
  if (parts === AMBIGUOUS) return new Problem(`expected a date whose day/month order is known; pass --date-format DD/MM/YYYY or MM/DD/YYYY for ${text}`);
  if (parts instanceof DateProblem) return new Problem(parts.expected);
  return parts;
}

function utcMsOf(parts: DateTimeParts): number {
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond) - (parts.offsetMinutes ?? 0) * 60_000;
}

const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?Z$/;

/** An instant; without an offset it is wall time in `timeZone`; a bare date is its midnight there. */
export function parseInstant(text: string, timeZone: string, dayOrder?: FileDayOrder): Parsed<string> {
  // The canonical form (what csops and most tools write) needs only the calendar check, not a Date.
  if (UTC_INSTANT.test(text)) {
    if (!isRealDate(text.slice(0, 10))) return new Problem(`expected a real date and time; ${text} does not exist`);
    return text.length === 24 ? text : `${text.slice(0, 19)}.000Z`; // 24 characters: milliseconds included
  }
  const parts = readParts(text, dayOrder);
  if (parts instanceof Problem) return parts;
  if (parts.offsetMinutes !== undefined) return new Date(utcMsOf(parts)).toISOString();
  return zonedWallTimeToUtc(parts, timeZone);
}

export function parseInteger(text: string, style: NumberStyle = DOT_DECIMAL): Parsed<number> {
  let digits = text;
  if (!INTEGER.test(digits)) {
    const read = readNumber(text, style);
    if (read instanceof NumberProblem) return new Problem('expected a whole number');
    if (read.percent || read.currency || read.decimal.includes('.')) return new Problem('expected a whole number');
    digits = read.decimal;
  }
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : new Problem('expected a whole number small enough to store exactly');
}

export function parseNumber(text: string, style: NumberStyle = DOT_DECIMAL): Parsed<number> {
  if (DECIMAL.test(text) && !(style.decimalComma && /^\d{1,3}\.\d{3}$/.test(text))) {
    const value = Number(text);
    return Number.isFinite(value) ? value : new Problem('expected a finite number');
  }
  const read = readNumber(text, style);
  if (read instanceof NumberProblem) return new Problem(read.expected);
  const value = Number(read.decimal);
  if (!Number.isFinite(value)) return new Problem('expected a finite number');
  return read.percent ? value / 100 : value;
}

const DOT_DECIMAL: NumberStyle = { decimalComma: false };

/** The currency an amount's text names ("¥5,460,000" → CNY), resolved against the row's currency family. */
export function currencyNamedBy(text: string, rowCurrency: string, style: NumberStyle = DOT_DECIMAL): string | undefined {
  const read = readNumber(text, style);
  if (read instanceof NumberProblem || !read.currency) return undefined;
  return resolveSymbol(read, rowCurrency);
}

/** "$" and "¥" are shared: $ is the row's own dollar (CAD, AUD, …) when it has one, ¥ its yen when JPY. */
function resolveSymbol(read: ReadNumber, rowCurrency: string): string {
  if (read.currencyText === '$' && DOLLARS.has(rowCurrency)) return rowCurrency;
  if ((read.currencyText === '¥' || read.currencyText === '￥') && rowCurrency === 'JPY') return 'JPY';
  return read.currency!;
}

const DOLLARS = new Set(['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'TWD', 'MXN']);

/**
 * Money to exact minor units in the row's currency: symbols, codes, separators of either convention,
 * (1,200) negatives and 万 multipliers are read; an amount naming another currency than the row's is
 * an error, never a silent conversion.
 */
export function parseMoney(text: string, currency: string, style: NumberStyle = DOT_DECIMAL): Parsed<number> {
  let decimal = text;
  if (!PLAIN_DECIMAL.test(text)) {
    const read = readNumber(text, style);
    if (read instanceof NumberProblem) return new Problem(read.expected.replace('a number', 'an amount'));
    if (read.percent) return new Problem('expected an amount, not a percentage');
    if (read.currency) {
      if (!isCurrencyCode(read.currency)) return new Problem(`expected an amount; "${read.currencyText}" is not a currency`);
      const named = resolveSymbol(read, currency);
      if (named !== currency) return new Problem(`expected an amount in ${currency} (the row's currency); this one is in ${named}`);
    }
    decimal = read.decimal;
  }
  const result = decimalToMinor(decimal, currency);
  return result.ok ? result.minor : new Problem(result.expected);
}

const PLAIN_DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;

export function parseCurrency(text: string): Parsed<string> {
  const code = text.toUpperCase();
  return isCurrencyCode(code) ? code : new Problem('expected an ISO-4217 currency code such as USD, EUR or CNY');
}

const BOOLEANS = new Map<string, boolean>([
  ['true', true], ['false', false], ['yes', true], ['no', false], ['y', true], ['n', false],
  ['1', true], ['0', false], ['t', true], ['f', false], ['是', true], ['否', false],
]);

export function parseBoolean(text: string): Parsed<boolean> {
  const value = BOOLEANS.get(text.toLowerCase());
  return value ?? new Problem('expected true/false, yes/no, 1/0 or Y/N');
}

/** Enumerations: the cell's lower-cased, space-collapsed text looked up in a synonym table. */
export function parseEnum(text: string, synonyms: ReadonlyMap<string, string>, describe: string): Parsed<string> {
  const key = text.toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  return synonyms.get(key) ?? new Problem(`expected ${describe}`);
}

/** Tags as a JSON array: split on commas, semicolons or spaces, de-duplicated, order kept. */
export function parseTags(text: string): Parsed<string> {
  const tags: string[] = [];
  for (const tag of text.split(TAG_SEPARATORS)) if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  return JSON.stringify(tags);
}

const TAG_SEPARATORS = /[,;\s]+/;


const CLOCK = /^(-)?(\d+):([0-5]\d)(?::([0-5]\d))?$/;
/** Jira's "2h 30m", "45m", "3h": hours and minutes; a leading minus is time left on the SLA. */
const SPAN = /^(-)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?$/i;

/** A span as a number in `unit`, or as HH:MM(:SS), in minutes. Negative spans are refused. */
export function parseDuration(text: string, unit: 'minutes' | 'hours', style?: NumberStyle): Parsed<number> {
  const clock = CLOCK.exec(text);
  if (clock) {
    if (clock[1]) return new Problem('expected a time span of 0 or more (a negative value is time left, not time taken)');
    return Number(clock[2]) * 60 + Number(clock[3]) + Number(clock[4] ?? 0) / 60;
  }
  const span = /[hm]\s*$/i.test(text) ? SPAN.exec(text.trim()) : null;
  if (span && (span[2] !== undefined || span[3] !== undefined)) {
    if (span[1]) return new Problem('expected a time span of 0 or more (a negative value is time left, not time taken)');
    return Number(span[2] ?? 0) * 60 + Number(span[3] ?? 0);
  }
  if (/^\s*-?\s*\d+\s*[dw]\b/i.test(text)) return new Problem('expected hours and minutes such as 2h 30m (a "d" or "w" depends on the tool\'s working day; give hours)');
  const value = parseNumber(text, style);
  if (value instanceof Problem) return new Problem(`expected a number of ${unit}, HH:MM:SS or a span such as 2h 30m`);
  if (value < 0) return new Problem('expected a time span of 0 or more');
  return unit === 'hours' ? value * 60 : value;
}

const CSAT_WORDS = new Map<string, number | null>([
  ['good', 5], ['bad', 1], ['satisfied', 5], ['dissatisfied', 1],
  ['extremely happy', 5], ['happy', 4], ['neutral', 3], ['unhappy', 2], ['extremely unhappy', 1],
  ['offered', null], ['unoffered', null], ['not offered', null],
]);

/** A 1–5 CSAT score; helpdesk words map onto the scale (Zendesk's Good/Bad are 5/1), "Offered" is no answer. */
export function parseCsat(text: string): Parsed<number | null> {
  const integer = parseInteger(text);
  if (typeof integer === 'number') return integer >= 1 && integer <= 5 ? integer : new Problem('expected a CSAT score from 1 to 5');
  const word = CSAT_WORDS.get(text.toLowerCase().replace(/\s+/g, ' ').trim());
  return word === undefined ? new Problem('expected a CSAT score from 1 to 5, or Good/Bad') : word;
}
