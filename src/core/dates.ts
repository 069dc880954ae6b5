import { TZDate } from '@date-fns/tz';

/**
 * Calendar dates are 'YYYY-MM-DD' strings and instants are UTC ISO-8601 strings throughout csops.
 * These helpers validate and convert them without ever reading the clock.
 */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
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
 * Wall-clock time in an IANA zone → UTC ISO string. Daylight-saving gaps move forward, as the
 * zone's clocks do.
 */
export function zonedWallTimeToUtc(
  parts: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number; millisecond?: number },
  timeZone: string,
): string {
  const zoned = new TZDate(parts.year, parts.month - 1, parts.day, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, parts.millisecond ?? 0, timeZone);
  return new Date(zoned.getTime()).toISOString();
}

/** The calendar date of an instant as seen in a zone. */
export function utcToZonedDate(instant: string | Date, timeZone: string): string {
  const zoned = new TZDate(new Date(instant).getTime(), timeZone);
  return formatYmd(zoned.getFullYear(), zoned.getMonth() + 1, zoned.getDate());
}
