import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, endOfDayUtc, utcToZonedDate } from '../../src/core/dates.js';

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/St_Johns', 'Europe/Berlin'];

/** The calendar date Intl gives, the reference utcToZonedDate's cache must agree with. */
function intlDate(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(epochMs);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

describe('utcToZonedDate', () => {
  it('agrees with Intl for any instant in zones with odd offsets and DST rules', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom(...ZONES), (epochMs, zone) => utcToZonedDate(new Date(epochMs), zone) === intlDate(epochMs, zone)),
      { numRuns: 3_000 },
    );
  });

  it("agrees with Intl minute by minute where clocks went back across midnight (St. John's 2004: 00:01 became 23:01)", () => {
    // Found by the property above: its random instants seldom land in the repeated hour.
    const transition = Date.UTC(2004, 9, 31, 2, 31); // 00:01 NDT, which became 23:01 NST on the 30th
    expect(utcToZonedDate(new Date(transition), 'America/St_Johns')).toBe('2004-10-30');
    for (let minute = -120; minute <= 120; minute++) {
      const epochMs = transition + minute * 60_000;
      expect(utcToZonedDate(new Date(epochMs), 'America/St_Johns'), new Date(epochMs).toISOString()).toBe(intlDate(epochMs, 'America/St_Johns'));
    }
  });

  it('puts the last millisecond of a day on that day and midnight on the next', () => {
    const end = Date.parse(endOfDayUtc('2026-11-20', 'America/New_York'));
    expect(utcToZonedDate(new Date(end - 1), 'America/New_York')).toBe('2026-11-20');
    expect(utcToZonedDate(new Date(end), 'America/New_York')).toBe('2026-11-21');
  });
});

describe('addDays and daysBetween', () => {
  it('are inverse over month, year and leap-day boundaries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -800, max: 800 }), (offset, days) => {
        const from = addDays('1990-01-01', offset);
        return daysBetween(from, addDays(from, days)) === days;
      }),
    );
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('daysBetween reads any YYYY-MM-DD text as Date.parse does, the days no calendar has included', () => {
    const parsed = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`);
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (year, month, day) => {
        const ymd = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        const expected = Math.round((parsed(ymd) - parsed('2026-01-01')) / 86_400_000);
        return Object.is(daysBetween('2026-01-01', ymd), expected);
      }),
    );
    for (const ymd of ['2026-02-29', '2024-02-29', '2026-04-31', '2026-13-01', '0050-01-01', '2026-1-01', '2026/01/01']) {
      expect(daysBetween('2026-01-01', ymd), ymd).toBe(Math.round((parsed(ymd) - parsed('2026-01-01')) / 86_400_000));
    }
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
