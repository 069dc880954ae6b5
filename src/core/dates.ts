
/**
 * Calendar dates are 'YYYY-MM-DD' strings and instants are UTC ISO-8601 strings throughout csops.
 * These helpers validate and convert them without ever reading the clock.
 */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Text that is a calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isValidYmd(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  const max = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

export function formatYmd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Offsets come from Intl (the ICU time-zone data Node ships), never from the host's own zone, so
 * results are the same on every machine. One formatter per zone is kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in a zone (whole seconds). */
export function wallTimeAt(epochMs: number, timeZone: string): WallTime {
  const wall: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') wall[part.type] = Number(part.value);
  }
  return { year: wall.year!, month: wall.month!, day: wall.day!, hour: wall.hour! % 24, minute: wall.minute!, second: wall.second! };
}

/** Milliseconds to add to UTC to get the zone's wall time at that instant. */
function offsetAt(epochMs: number, timeZone: string): number {
  const wall = wallTimeAt(epochMs, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * Wall-clock time in an IANA zone → UTC ISO string. A time that occurs twice (clocks going back)
 * is the first of the two; a time that does not occur (clocks going forward) moves forward by the
 * gap, as the zone's clocks do: 02:30 on a spring-forward night in New York is 03:30 EDT.
 */
export function zonedWallTimeToUtc(
  parts: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number; millisecond?: number },
  timeZone: string,
): string {
  const wallAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, parts.millisecond ?? 0);
  // Offsets run from -12 h to +14 h, so the offsets a day and a half either side of the wall time
  // (read as UTC) are the ones before and after any change of offset at it.
  const before = offsetAt(wallAsUtc - 36 * 3_600_000, timeZone);
  const after = offsetAt(wallAsUtc + 36 * 3_600_000, timeZone);
  const candidates = [wallAsUtc - before, wallAsUtc - after].filter((utc) => offsetAt(utc, timeZone) === wallAsUtc - utc);
  const utc = candidates.length > 0 ? Math.min(...candidates) : wallAsUtc - before;
  return new Date(utc).toISOString();
}

/** The calendar date of an instant as seen in a zone. */
export function utcToZonedDate(instant: string | Date, timeZone: string): string {
  return new Date(zonedDayNumber(new Date(instant).getTime(), timeZone) * DAY_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of the calendar day an instant falls on in a zone. */
export function zonedDayNumber(epochMs: number, timeZone: string): number {
  // The UTC day is at most one day off (offsets are within ±14 h); the zone's day starts settle it.
  let day = Math.floor(epochMs / DAY_MS);
  while (epochMs < zonedDayStart(day, timeZone)) day--;
  while (epochMs >= zonedDayStart(day + 1, timeZone)) day++;
  // Where clocks went back across midnight (St. John's until 2011: 00:01 became 23:01 the day before),
  // the first hour of a day may belong to the day before again: there the zone's own reading decides.
  if (epochMs - zonedDayStart(day, timeZone) < 3 * 3_600_000 && midnightRepeats(day, timeZone)) {
    const wall = wallTimeAt(epochMs, timeZone);
    return Math.floor(Date.UTC(wall.year, wall.month - 1, wall.day) / DAY_MS);
  }
  return day;
}

const repeatedMidnights = new Map<string, Map<number, boolean>>();

/** Whether 00:00 of a day (days since 1970-01-01) happens twice in a zone; cached. */
function midnightRepeats(day: number, timeZone: string): boolean {
  let days = repeatedMidnights.get(timeZone);
  if (days === undefined) repeatedMidnights.set(timeZone, (days = new Map()));
  let repeats = days.get(day);
  if (repeats === undefined) {
    const wallAsUtc = day * DAY_MS;
    const offsets = new Set([offsetAt(wallAsUtc - 36 * 3_600_000, timeZone), offsetAt(wallAsUtc + 36 * 3_600_000, timeZone)]);
    repeats = [...offsets].filter((offset) => offsetAt(wallAsUtc - offset, timeZone) === offset).length === 2;
    if (days.size >= CACHE_LIMIT) days.clear();
    days.set(day, repeats);
  }
  return repeats;
}

const DAY_MS = 86_400_000;
const CACHE_LIMIT = 100_000;
/** Per zone, by day number: a numeric key, as the SLA clock asks for every ticket several times. */
const dayStarts = new Map<string, Map<number, number>>();

/** When a calendar day (days since 1970-01-01) begins in a zone, as epoch milliseconds; cached. */
export function zonedDayStart(day: number, timeZone: string): number {
  let starts = dayStarts.get(timeZone);
  if (starts === undefined) dayStarts.set(timeZone, (starts = new Map()));
  let start = starts.get(day);
  if (start === undefined) {
    const date = new Date(day * DAY_MS);
    start = Date.parse(zonedWallTimeToUtc({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone));
    if (starts.size >= CACHE_LIMIT) starts.clear();
    starts.set(day, start);
  }
  return start;
}

const shiftedDays = new Map<string, string>();

/** 'YYYY-MM-DD' plus n calendar days (n may be negative). */
export function addDays(ymd: string, days: number): string {
  const key = `${ymd}|${days}`;
  let shifted = shiftedDays.get(key);
  if (shifted === undefined) {
    const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
    shifted = new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
    if (shiftedDays.size >= CACHE_LIMIT) shiftedDays.clear();
    shiftedDays.set(key, shifted);
  }
  return shifted;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((midnightUtcMs(to) - midnightUtcMs(from)) / 86_400_000);
}

const midnights = new Map<string, number>();

/**
 * Date.parse of the day at 00:00 UTC, cached: scoring asks it for every account several times over
 * a few hundred distinct days (risk over 20,000 accounts: 100,000 calls).
 */
function midnightUtcMs(ymd: string): number {
  // A well-formed day is read by its digits (no string building, no map): Date.UTC of the same fields.
  if (ymd.length === 10 && ymd.charCodeAt(4) === 45 && ymd.charCodeAt(7) === 45) {
    const year = digits(ymd, 0, 4), month = digits(ymd, 5, 7), day = digits(ymd, 8, 10);
    if (isValidYmd(year, month, day)) return Date.UTC(year, month - 1, day);
  }
  let ms = midnights.get(ymd);
  if (ms === undefined) {
    ms = Date.parse(`${ymd}T00:00:00Z`);
    if (midnights.size >= CACHE_LIMIT) midnights.clear();
    midnights.set(ymd, ms);
  }
  return ms;
}

/** The number the decimal digits text[from, to) spell, or -1 when any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let index = from; index < to; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** 0 = Sunday … 6 = Saturday, of a calendar date (no zone involved). */
export function weekdayOf(ymd: string): number {
  return new Date(`${ymd}T00:00:00Z`).getUTCDay();
}

/** The UTC instant at which a calendar day begins in a zone (the end of the day before). */
export function startOfDayUtc(ymd: string, timeZone: string): string {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  return zonedWallTimeToUtc({ year, month, day }, timeZone);
}

/** Everything dated before this instant is "on or before" the as-of day in the zone. */
export function endOfDayUtc(ymd: string, timeZone: string): string {
  return startOfDayUtc(addDays(ymd, 1), timeZone);
}

/** Monday of ISO week `week` of ISO year `year` ('YYYY-MM-DD'); undefined when the week does not exist. */
export function isoWeekMonday(year: number, week: number): string | undefined {
  // 4 January is always in week 1.
  const jan4 = `${String(year).padStart(4, '0')}-01-04`;
  const week1Monday = addDays(jan4, -((weekdayOf(jan4) + 6) % 7));
  const monday = addDays(week1Monday, (week - 1) * 7);
  return week >= 1 && isoWeekOf(monday).year === year ? monday : undefined;
}

/** ISO year and week of a day. */
export function isoWeekOf(ymd: string): { year: number; week: number } {
  const thursday = addDays(ymd, 3 - ((weekdayOf(ymd) + 6) % 7));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${thursday.slice(0, 4)}-01-01`;
  return { year, week: Math.floor(daysBetween(jan1, thursday) / 7) + 1 };
}

/** An instant as the zone's wall clock reads it, to the minute: "2026-11-17 10:26". */
export function formatLocalMinute(instant: string, timeZone: string): string {
  const wall = wallTimeAt(Date.parse(instant), timeZone);
  return `${formatYmd(wall.year, wall.month, wall.day)} ${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}`;
}

/** The first day of the month `months` after the month of `ymd` ('2026-11-20', 1 → '2026-12-01'). */
export function firstOfMonthAfter(ymd: string, months: number): string {
  const [year, month] = ymd.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}
