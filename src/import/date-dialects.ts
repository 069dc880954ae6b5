import type { Phrase } from '../errors.js';
import { importPhrase } from '../i18n/messages/import.js';
import { isValidYmd } from '../core/dates.js';

/**
 * The date and time spellings real exports use (SPEC §3): ISO, YYYY/M/D, YYYY年M月D日, DD-MM-YYYY and
 * MM/DD/YYYY (day/month order decided once per file, never guessed row by row), Jira's
 * 11/May/24 03:26 PM, Excel serial days and epoch seconds or milliseconds. Each reads into parts;
 * turning parts into a stored date or UTC instant (with the configured zone) is values.ts's job.
 */
export type DayOrder = 'dmy' | 'mdy';
/** The order a file's dates use; 'none' when the file has no day-month dates (a later one is an error). */
export type FileDayOrder = DayOrder | 'none';

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Whether a time of day was written (a bare date means the whole day). */
  hasTime: boolean;
  /** Minutes east of UTC when the text carries a zone (Z = 0); undefined means wall time. */
  offsetMinutes?: number;
  /** An absolute instant (epoch numbers): the parts are UTC. */
  epoch?: boolean;
}

export class DateProblem {
  readonly expected: string;
  /** `expected` by key, for people reading another language. */
  readonly said?: Phrase;
  constructor(expected: string | Phrase) {
    this.expected = typeof expected === 'string' ? expected : expected.text;
    if (typeof expected !== 'string') this.said = expected;
  }
}

/** A day-month date whose order the value itself cannot settle (both parts 12 or less). */
export const AMBIGUOUS = Symbol('ambiguous day/month order');

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

const TIME = String.raw`(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2}|UTC|GMT)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})${TIME}$`);
const CJK = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})\s*秒?)?)?$/;
// Two-digit years too: a spreadsheet re-saves 3/15/2024 09:05 as 3/15/24 9:05 (Stripe exports).
const DAY_MONTH = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})${TIME}$`);
const MONTH_NAME = new RegExp(String.raw`^(\d{1,2})[/ -]([A-Za-z]{3,9})\.?[/ -,]*(\d{2}|\d{4})${TIME}$`);
const NAME_FIRST = new RegExp(String.raw`^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}$`);
const NUMBER = /^\d+(?:\.\d+)?$/;

/** The day/month order one value shows: 'dmy' when its first part is over 12, 'mdy' when its second is. */
export function dayOrderEvidence(text: string): DayOrder | typeof AMBIGUOUS | undefined {
  const match = DAY_MONTH.exec(text.trim());
  if (!match) return undefined;
  const first = Number(match[1]);
  const second = Number(match[2]);
  if (first > 12 && second <= 12) return 'dmy';
  if (second > 12 && first <= 12) return 'mdy';
  return first <= 12 && second <= 12 ? AMBIGUOUS : undefined;
}

export function readDateTime(raw: string, order: FileDayOrder | undefined): DateTimeParts | DateProblem | typeof AMBIGUOUS {
  const text = raw.trim();
  let match: RegExpExecArray | null;
  if ((match = ISO.exec(text)) || (match = YEAR_FIRST.exec(text))) {
    return build(Number(match[1]), Number(match[2]), Number(match[3]), match.slice(4), text);
  }
  if ((match = CJK.exec(text))) {
    return build(Number(match[1]), Number(match[2]), Number(match[3]), [match[4], match[5], match[6]], text);
  }
  if ((match = DAY_MONTH.exec(text))) {
    if (order === 'none') {
      return new DateProblem(importPhrase('import.expected.date_like_file', { text }));
    }
    if (!order) return AMBIGUOUS;
    const chosen = order;
    const first = Number(match[1]);
    const second = Number(match[2]);
    const [day, month] = chosen === 'dmy' ? [first, second] : [second, first];
    if (month > 12) {
      return new DateProblem(importPhrase('import.expected.date_in_order', { order: chosen === 'dmy' ? 'DD/MM/YYYY' : 'MM/DD/YYYY', text }));
    }
    return build(fullYear(match[3]!), month, day, match.slice(4), text);
  }
  if ((match = MONTH_NAME.exec(text))) {
    const month = MONTHS[match[2]!.toLowerCase()];
    if (month) return build(fullYear(match[3]!), month, Number(match[1]), match.slice(4), text);
  }
  if ((match = NAME_FIRST.exec(text))) {
    const month = MONTHS[match[1]!.toLowerCase()];
    if (month) return build(Number(match[3]), month, Number(match[2]), match.slice(4), text);
  }
  if (NUMBER.test(text)) return fromNumber(text);
  return new DateProblem(importPhrase('import.expected.date'));
}

function fullYear(year: string): number {
  if (year.length === 4) return Number(year);
  const short = Number(year);
  return short < 70 ? 2000 + short : 1900 + short;
}

function build(year: number, month: number, day: number, time: Array<string | undefined>, text: string): DateTimeParts | DateProblem {
  if (year < 1900 || year > 2999) return new DateProblem(importPhrase('import.expected.date_years', { text }));
  if (!isValidYmd(year, month, day)) return new DateProblem(importPhrase('import.expected.real_date', { text }));
  const [hourText, minuteText, secondText, fractionText, meridiem, zone] = time;
  let hour = hourText === undefined ? 0 : Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  const second = secondText === undefined ? 0 : Number(secondText);
  if (meridiem) {
    if (hour < 1 || hour > 12) return new DateProblem(`expected an hour from 1 to 12 before AM/PM; ${text} does not fit`);
    const pm = meridiem[0]!.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return new DateProblem(`expected a real time of day; ${text} does not exist`);
  const parts: DateTimeParts = {
    year, month, day, hour, minute, second,
    millisecond: fractionText ? Number(fractionText.padEnd(3, '0').slice(0, 3)) : 0,
    hasTime: hourText !== undefined,
  };
  if (zone) {
    const offset = zoneOffset(zone);
    // Real UTC offsets run from -12:00 to +14:00 (Kiribati); "+25:00" is a typo or a broken export.
    if (!(Math.abs(offset) <= MAX_OFFSET_MINUTES)) return new DateProblem(`expected a UTC offset from -14:00 to +14:00; ${text} has ${zone}`);
    parts.offsetMinutes = offset;
  }
  return parts;
}

const MAX_OFFSET_MINUTES = 14 * 60;

function zoneOffset(zone: string): number {
  const upper = zone.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  const minutes = Number(digits.slice(3, 5) || '0');
  // NaN for minutes past 59 ("+05:75"): the caller refuses it like an offset out of range.
  return minutes > 59 ? Number.NaN : sign * (Number(digits.slice(1, 3)) * 60 + minutes);
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A bare number in a date column: 5 digits (10000–99999, years 1927–2173) are Excel serial days,
 * 9–10 digits epoch seconds, 12–13 digits epoch milliseconds. Anything else is refused rather than
 * guessed.
 */
function fromNumber(text: string): DateTimeParts | DateProblem {
  const [whole = '', fraction] = text.split('.');
  if (whole.length === 5) {
    const serial = Number(text);
    // Excel serials count days from 1899-12-30 (its phantom 1900-02-29 is before any real data).
    const wallMs = EXCEL_EPOCH_MS + Math.round(serial * 86_400_000);
    return { ...utcParts(wallMs), hasTime: fraction !== undefined && Number(fraction) !== 0 };
  }
  if (fraction === undefined && (whole.length === 9 || whole.length === 10)) return { ...utcParts(Number(whole) * 1000), hasTime: true, epoch: true, offsetMinutes: 0 };
  if (fraction === undefined && (whole.length === 12 || whole.length === 13)) return { ...utcParts(Number(whole)), hasTime: true, epoch: true, offsetMinutes: 0 };
  return new DateProblem(importPhrase('import.expected.bare_number_date'));
}

function utcParts(ms: number): Omit<DateTimeParts, 'hasTime'> {
  const date = new Date(ms);
  return {
    year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
    hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), millisecond: date.getUTCMilliseconds(),
  };
}

/** --date-format: the two day-month orders, in the spellings users write them. */
export function parseDateFormatFlag(flag: string): DayOrder | undefined {
  const normalized = flag.trim().toLowerCase().replace(/[^a-z]/g, '');
  if (['ddmmyyyy', 'ddmmyy', 'dmy'].includes(normalized)) return 'dmy';
  if (['mmddyyyy', 'mmddyy', 'mdy'].includes(normalized)) return 'mdy';
  return undefined;
}
