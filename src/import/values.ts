import type { Phrase } from '../errors.js';
import { importPhrase, listPhrase } from '../i18n/messages/import.js';
import { formatYmd, isValidYmd, utcToZonedDate, zonedWallTimeToUtc } from '../core/dates.js';
import { AMBIGUOUS, DateProblem, readDateTime, type DateTimeParts, type FileDayOrder } from './date-dialects.js';
import { NumberProblem, readNumber, type NumberStyle, type ReadNumber } from './number-dialects.js';
import { decimalToMinor, formatNumber, isCurrencyCode } from '../core/money.js';
import { quotedValue } from '../render/terminal-text.js';
import { VOCABULARY_FIELDS, vocabularyKey, type EnumType, type FieldType, type VocabularyField } from './kinds.js';
import { DEFAULT_NULL_VALUES } from '../config/vocabularies.js';

/**
 * Cell text → typed value. Each parser returns the value, or a Problem saying what was expected.
 * Empty cells are handled by the caller (they mean "no value"), so parsers see trimmed, non-empty text.
 */
export class Problem {
  readonly expected: string;
  /** `expected` by key, for people reading another language. */
  readonly said?: Phrase;
  constructor(expected: string | Phrase) {
    this.expected = typeof expected === 'string' ? expected : expected.text;
    if (typeof expected !== 'string') this.said = expected;
  }
}

/** A row problem's expectation from a phrase: its English and the phrase. */
export function said(phrase: Phrase): { expected: string; said: Phrase } {
  return { expected: phrase.text, said: phrase };
}

/** What a problem says, for a row problem: the English and, when it is in the catalogue, its phrase. */
export function expectation(problem: { expected: string; said?: Phrase }): { expected: string; said?: Phrase } {
  return problem.said ? { expected: problem.expected, said: problem.said } : { expected: problem.expected };
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

/** Dates outside 1900–2999 are refused; a contract's far-future "no end" date is read before this (isNoEndDate). */
const YEAR_RANGE = (text: string) => importPhrase('import.expected.date_years', { text });

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
    if (year < 1900 || year > 2999) return new Problem(YEAR_RANGE(text));
    return isValidYmd(year, month, day) ? text : new Problem(importPhrase('import.expected.real_calendar_date', { text }));
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
  if (parts === AMBIGUOUS) return new Problem(importPhrase('import.expected.day_order_unknown', { text }));
  if (parts instanceof DateProblem) return new Problem(parts.said ?? parts.expected);
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
    if (!isRealDate(text.slice(0, 10))) return new Problem(importPhrase('import.expected.real_date_time', { text }));
    return text.length === 24 ? text : `${text.slice(0, 19)}.000Z`; // 24 characters: milliseconds included
  }
  const parts = readParts(text, dayOrder);
  if (parts instanceof Problem) return parts;
  if (parts.offsetMinutes !== undefined) return new Date(utcMsOf(parts)).toISOString();
  return zonedWallTimeToUtc(parts, timeZone);
}

/** pandas writes an integer column holding NaN as floats: "5.0" is 5, "5.5" is still not whole. */
const INTEGRAL_FLOAT = /^([+-]?\d+)\.0+$/;

export function parseInteger(text: string, style: NumberStyle = DOT_DECIMAL): Parsed<number> {
  let digits = text;
  if (!INTEGER.test(digits)) {
    const integral = style.decimalComma ? undefined : INTEGRAL_FLOAT.exec(text);
    if (integral) {
      digits = integral[1]!;
    } else {
      const read = readNumber(text, style);
      if (read instanceof NumberProblem) return new Problem(importPhrase('import.expected.whole_number'));
      if (read.percent || read.currency) return new Problem(importPhrase('import.expected.whole_number'));
      const whole = INTEGRAL_FLOAT.exec(read.decimal);
      if (read.decimal.includes('.') && !whole) return new Problem(importPhrase('import.expected.whole_number'));
      digits = whole ? whole[1]! : read.decimal;
    }
  }
  const value = Number(digits);
  return Number.isSafeInteger(value) ? value : new Problem(importPhrase('import.expected.exact_integer'));
}

export function parseNumber(text: string, style: NumberStyle = DOT_DECIMAL): Parsed<number> {
  if (DECIMAL.test(text) && !(style.decimalComma && /^\d{1,3}\.\d{3}$/.test(text))) return storable(Number(text), text);
  const read = readNumber(text, style);
  if (read instanceof NumberProblem) return new Problem(read.said ?? read.expected);
  const value = storable(Number(read.decimal), read.decimal);
  return read.percent && typeof value === 'number' ? value / 100 : value;
}

/**
 * A number is stored as a double: one it would change beyond rounding a fraction is refused, never
 * stored changed (issue 17). Whole numbers past 2^53 lose their last digits, a magnitude past ~1.8e308
 * becomes infinity, one below ~5e-324 becomes 0.
 */
function storable(value: number, text: string): Parsed<number> {
  if (!Number.isFinite(value)) return new Problem(importPhrase('import.expected.too_large'));
  if (value > Number.MAX_SAFE_INTEGER || value < -Number.MAX_SAFE_INTEGER) return new Problem(importPhrase('import.expected.below_2_53'));
  if (value === 0 && /[1-9]/.test(text.split(/[eE]/)[0]!)) return new Problem(importPhrase('import.expected.too_small'));
  return value;
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
    if (read instanceof NumberProblem) return new Problem(asAmount(read));
    if (read.percent) return new Problem(importPhrase('import.expected.amount_not_percentage'));
    if (read.currency) {
      if (!isCurrencyCode(read.currency)) return new Problem(importPhrase('import.expected.not_a_currency', { text: read.currencyText ?? '' }));
      const named = resolveSymbol(read, currency);
      if (named !== currency) return new Problem(importPhrase('import.expected.amount_in', { currency, named }));
    }
    decimal = read.decimal;
  }
  const result = decimalToMinor(decimal, currency);
  return result.ok ? result.minor : new Problem(result.expected);
}

const PLAIN_DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;

/** A number's problem said of an amount ("expected an amount such as …"): the same words, an amount for a number. */
function asAmount(problem: NumberProblem): string | Phrase {
  if (problem.said?.key === 'import.expected.number_such_as') return importPhrase('import.expected.amount_such_as');
  if (problem.said?.key === 'import.expected.number') return importPhrase('import.expected.amount');
  return problem.said ?? problem.expected;
}

export function parseCurrency(text: string): Parsed<string> {
  const code = text.toUpperCase();
  return isCurrencyCode(code) ? code : new Problem(importPhrase('import.expected.currency_code'));
}

const BOOLEANS = new Map<string, boolean>([
  ['true', true], ['false', false], ['yes', true], ['no', false], ['y', true], ['n', false],
  ['1', true], ['0', false], ['t', true], ['f', false], ['是', true], ['否', false],
  // Exports from CRMs set to another language: German, Dutch, French, Spanish, Portuguese, Italian.
  ['ja', true], ['nein', false], ['nee', false], ['wahr', true], ['falsch', false], ['oui', true], ['non', false], ['vrai', true], ['faux', false],
  ['sí', true], ['sì', true], ['si', true], ['verdadero', true], ['falso', false], ['sim', true], ['não', false], ['nao', false], ['vero', true],
  // pandas writes a boolean column holding NaN as floats.
  ['1.0', true], ['0.0', false],
]);

export function parseBoolean(text: string): Parsed<boolean> {
  const value = BOOLEANS.get(text.toLowerCase());
  return value ?? new Problem(importPhrase('import.expected.boolean'));
}

/** Closed enumerations (the survey kind): the cell's key (see vocabularyKey) looked up in a synonym table. */
export function parseEnum(text: string, synonyms: ReadonlyMap<string, string>, canonical: readonly string[]): Parsed<string> {
  return synonyms.get(vocabularyKey(text)) ?? new Problem(importPhrase('import.expected.one_of', { values: canonical.join(', ') }));
}

/** The config's `vocabularies`: per field, value as written → canonical value. */
export type Vocabularies = Partial<Record<VocabularyField, Record<string, string>>>;

/**
 * A value of an open vocabulary → its canonical value, or undefined when no map knows it. Order:
 * the config's map, then the built-in one, on the whole value; then both again on the value's leading
 * part when the value is written "<status> - <detail>", "<status> (<detail>)", "<status>: <detail>"
 * or "<status> / <detail>" ("Closed - Won't Fix", "Resolved (auto)", "Pending - Customer").
 * Decided: only a part set off by that punctuation counts, never a bare leading word: "Waiting for
 * support" (Jira Service Management: the agent's turn) must not read as pending, nor "New Feature
 * Request" (a type) as new. "1 - Critical" matches whole (ServiceNow) before any part is tried.
 */
export function classifyValue(text: string, type: EnumType, configured?: ReadonlyMap<string, string>): string | undefined {
  const key = vocabularyKey(text);
  const whole = configured?.get(key) ?? type.synonyms.get(key);
  if (whole !== undefined) return whole;
  const lead = LEADING_PART.exec(text);
  if (!lead) return undefined;
  const leadKey = vocabularyKey(lead[1]!);
  return configured?.get(leadKey) ?? type.synonyms.get(leadKey);
}

const LEADING_PART = /^(.*?\p{L}.*?)\s*(?:\s[-–—]\s|[(\[:/])/u;

/** A config map keyed the way values are matched. */
export function configuredVocabulary(vocabularies: Vocabularies | undefined, field: VocabularyField): ReadonlyMap<string, string> | undefined {
  const map = vocabularies?.[field];
  if (!map) return undefined;
  return new Map(Object.entries(map).map(([value, canonical]) => [vocabularyKey(value), canonical]));
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
    if (clock[1]) return new Problem(importPhrase('import.expected.span_non_negative_why'));
    return Number(clock[2]) * 60 + Number(clock[3]) + Number(clock[4] ?? 0) / 60;
  }
  const span = /[hm]\s*$/i.test(text) ? SPAN.exec(text.trim()) : null;
  if (span && (span[2] !== undefined || span[3] !== undefined)) {
    if (span[1]) return new Problem(importPhrase('import.expected.span_non_negative_why'));
    return Number(span[2] ?? 0) * 60 + Number(span[3] ?? 0);
  }
  if (/^\s*-?\s*\d+\s*[dw]\b/i.test(text)) return new Problem(importPhrase('import.expected.hours_minutes'));
  const value = parseNumber(text, style);
  if (value instanceof Problem) return new Problem(importPhrase('import.expected.span_units', { unit: importPhrase(unit === 'hours' ? 'import.unit.hours' : 'import.unit.minutes') }));
  if (value < 0) return new Problem(importPhrase('import.expected.span_non_negative'));
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
  if (typeof integer === 'number') return integer >= 1 && integer <= 5 ? integer : new Problem(importPhrase('import.expected.csat'));
  const word = CSAT_WORDS.get(text.toLowerCase().replace(/\s+/g, ' ').trim());
  return word === undefined ? new Problem(importPhrase('import.expected.csat_or_word')) : word;
}

// ---------------------------------------------------------------------------------------------
// Values written by tools, not people (issue 15): null spellings and placeholder dates are empty.
// Every kind's reader asks emptySpelling before parsing a cell, so the rules live here only.


/** A dash alone is a name or a subject someone typed; it reads as empty only where text is not the value. */
const DASHES = /^[-‐‑‒–—―]+$/;

/**
 * The null spellings of one import, matched exactly (after trimming). Decided: they are empty in every
 * field, text ones included (pandas writes NaN into a name column as readily as into a number), except
 * that dash spellings ("-", "—") are empty only in non-text fields (numbers, dates, flags and the
 * open vocabularies); a required field holding one still has no value.
 */
export class NullSpellings {
  private readonly all: ReadonlySet<string>;
  private readonly inText: ReadonlySet<string>;
  /** Longer cells (subjects, descriptions) are never looked up: hashing them costs more than the test. */
  private readonly longest: number;

  constructor(list: readonly string[] = DEFAULT_NULL_VALUES) {
    this.all = new Set(list.map((value) => value.trim()).filter((value) => value !== ''));
    this.inText = new Set([...this.all].filter((value) => !DASHES.test(value)));
    this.longest = Math.max(0, ...[...this.all].map((value) => value.length));
  }

  isNull(text: string, textField: boolean): boolean {
    return text.length <= this.longest && (textField ? this.inText : this.all).has(text);
  }
}

/**
 * Excel's zero date (day 0 shown as 1900-01-00 or 00/01/1900, day 1 as 1900-01-01, and the
 * 1899-12-30/31 that other tools take as its origin), "0" in a date column, and the epoch's first
 * moment, each optionally followed by a midnight time and a UTC zone. Decided: these never name a
 * real event of a customer's ticket or contract, so they are empty in date and instant fields (and
 * counted); any other time on those days ("1970-01-01 09:30") is a value and stays one.
 */
export function isPlaceholderDate(text: string): boolean {
  if (text === '0' || text === '0.0') return true;
  // Most dates are of this century: one substring search settles them before any parsing.
  if (!PLACEHOLDER_YEAR.test(text)) return false;
  const date = MIDNIGHT.exec(text)?.[1];
  if (date === undefined) return false;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(date);
  const slashed = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(date);
  const [year, a, b] = iso ? [iso[1], iso[2], iso[3]] : slashed ? [slashed[3], slashed[1], slashed[2]] : [];
  if (year === undefined) return false;
  const pair = [Number(a), Number(b)].sort((x, y) => x - y).join(',');
  if (year === '1899') return pair === '12,30' || pair === '12,31';
  if (year === '1900') return pair === '0,1' || pair === '0,0' || pair === '1,1';
  if (year === '1970') return pair === '1,1';
  return false;
}

const PLACEHOLDER_YEAR = /1899|1900|1970/;
const MIDNIGHT = /^(\S+?)(?:[T ]+(?:0?0:00(?::00(?:[.,]0+)?)?|12:00(?::00)?\s*AM))?\s*(?:Z|[+-]00:?00|UTC|GMT)?$/i;


const YEAR_GROUP = /(?:^|\D)(\d{4})(?=\D|$)/;

/**
 * A date written with a year of `noEndYear` or later ("9999-12-31", "12/31/4000 00:00"): the CRM's
 * "no end date", not a day anyone expects. In every date form csops reads, the first group of four
 * digits is the year (a time's fraction, "23:59:59.9999", comes after it).
 */
export function isNoEndDate(text: string, noEndYear: number): boolean {
  const year = YEAR_GROUP.exec(text)?.[1];
  return year !== undefined && Number(year) >= noEndYear;
}

/** Why a non-empty cell reads as empty, if it does. */
export function emptySpelling(text: string, type: FieldType, nulls: NullSpellings): 'null' | 'placeholder' | undefined {
  if (nulls.isNull(text, type.kind === 'text' || type.kind === 'tags')) return 'null';
  if ((type.kind === 'date' || type.kind === 'instant') && isPlaceholderDate(text)) return 'placeholder';
  return undefined;
}

/** Counts, per column, of what an import read as empty and of the vocabulary values no map knows. */
export interface TallyData {
  nulls: Array<[string, Array<[string, number]>]>;
  placeholders: Array<[string, Array<[string, number]>]>;
  unmapped: Array<[string, Array<[string, number]>]>;
  noEnds: Array<[string, Array<[string, number]>]>;
}

type Counts = Map<string, Map<string, number>>;

export class ValueTally {
  readonly nulls: Counts = new Map();
  readonly placeholders: Counts = new Map();
  /** End dates far enough in the future to mean "no end" (import.no_end_year). */
  readonly noEnds: Counts = new Map();
  /** Per vocabulary field: value as written (trimmed) → rows. */
  readonly unmapped: Counts = new Map();
  /** What each vocabulary field's unknown values normalise to ('other' or null). */
  readonly unmappedAs = new Map<string, string | null>();

  static add(counts: Counts, column: string, value: string, rows = 1): void {
    let byValue = counts.get(column);
    if (!byValue) counts.set(column, (byValue = new Map()));
    byValue.set(value, (byValue.get(value) ?? 0) + rows);
  }

  toData(): TallyData {
    const plain = (counts: Counts) => [...counts].map(([column, byValue]) => [column, [...byValue]] as [string, Array<[string, number]>]);
    return { nulls: plain(this.nulls), placeholders: plain(this.placeholders), unmapped: plain(this.unmapped), noEnds: plain(this.noEnds) };
  }

  merge(data: TallyData): void {
    for (const [counts, from] of [[this.nulls, data.nulls], [this.placeholders, data.placeholders], [this.unmapped, data.unmapped], [this.noEnds, data.noEnds]] as const) {
      for (const [column, values] of from) for (const [value, rows] of values) ValueTally.add(counts, column, value, rows);
    }
  }
}

function byCount(values: Map<string, number>): Array<[string, number]> {
  return [...values].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function total(values: Map<string, number>): number {
  let sum = 0;
  for (const rows of values.values()) sum += rows;
  return sum;
}

function spellings(values: Map<string, number>): string {
  const sorted = byCount(values);
  const listed = sorted.slice(0, 5).map(([value, rows]) => `${quotedValue(value)} ${formatNumber(rows)}`);
  return `${listed.join(', ')}${sorted.length > 5 ? `, ${sorted.length - 5} more` : ''}`;
}

/** At most this many unknown values are listed (with their config lines) per field. */
const LISTED_UNMAPPED = 10;

/**
 * The import's notes: one per column with null spellings, one per column with placeholder dates,
 * one per vocabulary field with values no map knows (with the config lines that would classify them).
 */
export function tallyNotes(tally: ValueTally, canonicalOf: (field: string) => readonly string[], configFile: string): Phrase[] {
  const notes: Phrase[] = [];
  for (const [column, values] of tally.placeholders) {
    const rows = total(values);
    notes.push(importPhrase('import.note.placeholder_dates', { column, count: formatNumber(rows), n: rows, spellings: spellings(values) }));
  }
  for (const [column, values] of tally.noEnds) {
    const rows = total(values);
    notes.push(importPhrase('import.note.far_future', { column, count: formatNumber(rows), n: rows, spellings: spellings(values) }));
  }
  for (const [column, values] of tally.nulls) {
    const rows = total(values);
    notes.push(importPhrase('import.note.null_spellings', { column, count: formatNumber(rows), n: rows, spellings: spellings(values) }));
  }
  const fieldOrder = (field: string) => (VOCABULARY_FIELDS as readonly string[]).indexOf(field);
  for (const [field, values] of [...tally.unmapped].sort((a, b) => fieldOrder(a[0]) - fieldOrder(b[0]))) {
    const sorted = byCount(values);
    const listed = sorted.slice(0, LISTED_UNMAPPED);
    const canonical = canonicalOf(field);
    const name = field.replace(/^(ticket|contract|contact|touchpoint)_/, '');
    const as = tally.unmappedAs.get(field) ?? null;
    const guesses = listed.map(([value]) => [value, guessCanonical(field, value)] as const);
    const lines = guesses.map(([value, guess]) => `${JSON.stringify(value)}: ${JSON.stringify(guess ?? `<${canonical.join('|')}>`)}`).join(', ');
    const guessed = guesses.some(([, guess]) => guess !== undefined);
    notes.push(
      importPhrase('import.note.unknown_values', {
        field, n: sorted.length, listed: listPhrase(listed.map(([value, rows]) => importPhrase('import.note.value_rows', { value: quotedValue(value), count: formatNumber(rows) }))),
        more: sorted.length - listed.length, as: as ?? '', name, config: configFile, lines: `${JSON.stringify(field)}: {${lines}}`, guessed,
      }),
    );
  }
  return notes;
}

/** A guess for a config line, from words in the value; undefined when there is no good one. */
function guessCanonical(field: string, value: string): string | undefined {
  const key = vocabularyKey(value);
  const guesses = GUESSES[field] ?? [];
  return guesses.find(([pattern]) => pattern.test(key))?.[1];
}

const GUESSES: Record<string, Array<[RegExp, string]>> = {
  ticket_status: [
    [/\bblock|\bhold\b|\bpaus|\bpark/, 'on_hold'],
    [/\bwait|\bawait|\bpending\b/, 'pending'],
    [/\bwon t\b|\bresolv|\bfix|\bsolved\b/, 'solved'],
    [/\bclos|\bdone\b|\bcancel|\bduplicate\b|\breject/, 'closed'],
    [/\bprogress|\breview|\btest|\bqa\b|\bdev|\bwork|\bassign|\bopen\b|\breopen/, 'open'],
    [/\bnew\b|\bto do\b|\btriage|\bbacklog/, 'new'],
  ],
  ticket_priority: [
    [/\bcrit|\burgent|\bblock|\bp0\b|\bp1\b|\bsev(?:erity)? ?[01]\b/, 'urgent'],
    [/\bhigh|\bmajor|\bp2\b|\bsev(?:erity)? ?2\b/, 'high'],
    [/\bmedium|\bnormal|\bmoderate|\bp3\b|\bsev(?:erity)? ?3\b/, 'normal'],
    [/\blow|\bminor|\btrivial|\bp[45]\b|\bsev(?:erity)? ?[45]\b/, 'low'],
  ],
  ticket_type: [
    [/\bbug|\bincident|\bdefect|\berror|\bcrash|\boutage/, 'bug'],
    [/\bfeature|\brequest|\benhanc|\bidea/, 'feature'],
    [/\bquestion|\bhow\b|\bhelp|\binquiry|\benquiry/, 'question'],
  ],
  contract_status: [
    [/\bactiv|\blive\b|\bcurrent/, 'active'],
    [/\brenew/, 'renewed'],
    [/\bcancel|\bterminat/, 'cancelled'],
    [/\bexpir|\bended\b/, 'expired'],
    [/\blost\b|\bchurn/, 'churned'],
    [/\bdraft|\bpending|\bsign|\bapproval/, 'pending'],
    [/\btrial|\bpilot\b|\bevaluation\b/, 'trial'],
  ],
  contract_type: [
    [/\bnew\b/, 'new'],
    [/\brenew/, 'renewal'],
    [/\bupgrade/, 'upgrade'],
    [/\bupsell|\bexpan|\badd/, 'expansion'],
    [/\bdowngrad|\bcontract/, 'downgrade'],
  ],
  contact_role: [
    [/\bchampion|\bsponsor|\bpower\b|\bkey user/, 'champion'],
    [/\bdecision|\bexec|\bapprov/, 'decision_maker'],
    [/\bbudget|\bbuyer|\bprocure|\bpurchas/, 'economic_buyer'],
    [/\badmin/, 'admin'],
    [/\buser\b/, 'user'],
  ],
  contact_status: [
    [/\binactiv|\bleft\b|\bformer|\bno longer|\bdepart|\bresign/, 'left'],
    [/\bactiv|\bcurrent/, 'active'],
  ],
  touchpoint_type: [
    [/\bcall|\bphone/, 'call'],
    [/\bvisit|\bon ?site/, 'visit'],
    [/\bmeet|\bzoom|\bteams\b|\bwebinar/, 'meeting'],
    [/\bmail/, 'email'],
    [/\bqbr\b|\bebr\b|\breview/, 'qbr'],
  ],
};
