import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AMBIGUOUS, DateProblem, dayOrderEvidence, parseDateFormatFlag, readDateTime } from '../../src/import/date-dialects.js';
import { Problem, parseDate, parseInstant } from '../../src/import/values.js';

const ok = <T>(value: T | Problem): T => {
  if (value instanceof Problem) throw new Error(`unexpected problem: ${value.expected}`);
  return value;
};
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Any real calendar day from 1970 to 2069 (two-digit years in Jira dates need that window). */
const realDay = fc
  .record({ year: fc.integer({ min: 1970, max: 2069 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .filter(({ year, month, day }) => new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day);

const iso = ({ year, month, day }: { year: number; month: number; day: number }) => `${year}-${pad(month)}-${pad(day)}`;

describe('date dialects', () => {
  it.each([
    ['2026/6/9', undefined, '2026-06-09'],
    ['2026.06.09', undefined, '2026-06-09'],
    ['2026年6月9日', undefined, '2026-06-09'],
    ['2026年6月9日 16:12', undefined, '2026-06-09'],
    ['09-06-2026', 'dmy', '2026-06-09'],
    ['06/09/2026', 'mdy', '2026-06-09'],
    ['13/04/2026', 'dmy', '2026-04-13'],
    ['9 Jun 2026', undefined, '2026-06-09'],
    ['Jun 9, 2026', undefined, '2026-06-09'],
    ['11/May/24 03:26 PM', undefined, '2024-05-11'],
    ['2026-06-09 16:12:25', undefined, '2026-06-09'],
    ['46182', undefined, '2026-06-09'],
    // A spreadsheet re-saves 6/9/2026 09:05 as 6/9/26 9:05 (Stripe exports opened in Excel).
    ['6/9/26 9:05', 'mdy', '2026-06-09'],
    ['3/15/24 14:05', 'mdy', '2024-03-15'],
    ['15/3/24', 'dmy', '2024-03-15'],
  ] as const)('%s (%s) is %s', (text, order, expected) => {
    expect(ok(parseDate(text, 'UTC', order))).toBe(expected);
  });

  it('reads times with AM/PM, zones and epoch numbers as instants', () => {
    expect(ok(parseInstant('11/May/24 03:26 PM', 'UTC'))).toBe('2024-05-11T15:26:00.000Z');
    expect(ok(parseInstant('11/May/24 12:05 AM', 'UTC'))).toBe('2024-05-11T00:05:00.000Z');
    expect(ok(parseInstant('08-04-2023 20:52', 'Europe/Berlin', 'dmy'))).toBe('2023-04-08T18:52:00.000Z');
    expect(ok(parseInstant('2026/6/9 16:12', 'Asia/Shanghai'))).toBe('2026-06-09T08:12:00.000Z');
    expect(ok(parseInstant('1781020800', 'Asia/Shanghai'))).toBe('2026-06-09T16:00:00.000Z');
    expect(ok(parseInstant('1781020800123', 'UTC'))).toBe('2026-06-09T16:00:00.123Z');
    expect(ok(parseInstant('46182.5', 'UTC'))).toBe('2026-06-09T12:00:00.000Z');
    expect(ok(parseInstant('2026-06-09 16:12:25 UTC', 'Asia/Tokyo'))).toBe('2026-06-09T16:12:25.000Z');
    expect(ok(parseInstant('11/5/26 9:31', 'UTC', 'mdy'))).toBe('2026-11-05T09:31:00.000Z');
  });

  it('gives the date of an epoch instant in the configured zone', () => {
    expect(ok(parseDate('1781020800', 'Asia/Shanghai'))).toBe('2026-06-10');
    expect(ok(parseDate('1781020800', 'America/New_York'))).toBe('2026-06-09');
  });

  it('refuses what it cannot read instead of guessing', () => {
    for (const text of ['31/02/2026', '2026年2月30日', '1234567', '12/13/2026 25:00', 'Foo 3, 2026', '13 PM']) {
      expect(parseDate(text, 'UTC', 'dmy')).toBeInstanceOf(Problem);
    }
    expect(readDateTime('03/04/2026', undefined)).toBe(AMBIGUOUS);
    expect(readDateTime('03/04/2026', 'none')).toBeInstanceOf(DateProblem);
    expect(readDateTime('04/13/2026', 'dmy')).toBeInstanceOf(DateProblem);
  });

  it('says which order a value shows, if any', () => {
    expect([dayOrderEvidence('13/04/2026'), dayOrderEvidence('04/13/2026'), dayOrderEvidence('03/04/2026'), dayOrderEvidence('2026-04-03')]).toEqual([
      'dmy',
      'mdy',
      AMBIGUOUS,
      undefined,
    ]);
    expect([parseDateFormatFlag('DD/MM/YYYY'), parseDateFormatFlag('mm-dd-yyyy'), parseDateFormatFlag('YYYY')]).toEqual(['dmy', 'mdy', undefined]);
  });

  it('round-trips every real day through every dialect, with its order', () => {
    fc.assert(
      fc.property(realDay, (date) => {
        const { year, month, day } = date;
        const spellings: Array<[string, 'dmy' | 'mdy' | undefined]> = [
          [iso(date), undefined],
          [`${year}/${month}/${day}`, undefined],
          [`${year}年${month}月${day}日`, undefined],
          [`${pad(day)}-${pad(month)}-${year}`, 'dmy'],
          [`${pad(day)}/${pad(month)}/${year}`, 'dmy'],
          [`${pad(month)}/${pad(day)}/${year}`, 'mdy'],
          [`${day}/${MONTH_NAMES[month - 1]}/${pad(year % 100)} 10:00 AM`, undefined],
          [`${day} ${MONTH_NAMES[month - 1]} ${year}`, undefined],
        ];
        for (const [text, order] of spellings) expect(ok(parseDate(text, 'UTC', order))).toBe(iso(date));
      }),
      { numRuns: 300 },
    );
  });

  it('never reads a day-first date as month-first: with the wrong order it is an error or a different day only when both parts fit', () => {
    fc.assert(
      fc.property(realDay, (date) => {
        const text = `${pad(date.day)}/${pad(date.month)}/${date.year}`;
        const evidence = dayOrderEvidence(text);
        if (date.day > 12) {
          expect(evidence).toBe('dmy');
          expect(parseDate(text, 'UTC', 'mdy')).toBeInstanceOf(Problem);
        } else if (date.day !== date.month) {
          expect(evidence).toBe(AMBIGUOUS);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('Excel serial days and epoch numbers round-trip', () => {
    fc.assert(
      fc.property(realDay.filter(({ year }) => year >= 2002), (date) => {
        const ms = Date.UTC(date.year, date.month - 1, date.day);
        const serial = Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000);
        expect(ok(parseDate(String(serial), 'UTC'))).toBe(iso(date));
        expect(ok(parseDate(String(ms / 1000), 'UTC'))).toBe(iso(date));
        expect(ok(parseDate(String(ms), 'UTC'))).toBe(iso(date));
      }),
      { numRuns: 200 },
    );
  });
});
