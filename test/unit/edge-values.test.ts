/** Issue 17: the value readers at the edges (the import-level behaviour is in test/import/edge-values.test.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDateTime, DateProblem } from '../../src/import/date-dialects.js';
import { Problem, isNoEndDate, parseDate, parseInstant, parseNumber } from '../../src/import/values.js';
import { DEFAULT_NO_END_YEAR } from '../../src/config/vocabularies.js';

describe('isNoEndDate', () => {
  it.each([
    ['9999-12-31', true],
    ['4000-12-31', true],
    ['4000-01-01T00:00:00Z', true],
    ['12/31/9999', true],
    ['31.12.9999 00:00', true],
    ['9999年12月31日', true],
    ['Dec 31, 9999', true],
    ['3999-12-31', false],
    ['2026-12-31', false],
    ['2026-12-31 23:59:59.9999', false],
    ['12/31/2026 4000', false],
    ['2958465', false],
    ['253402214400000', false],
  ])('%s → %s', (text, noEnd) => {
    expect(isNoEndDate(text, DEFAULT_NO_END_YEAR)).toBe(noEnd);
  });

  it('follows the configured year', () => {
    expect(isNoEndDate('3000-01-01', 3000)).toBe(true);
    expect(isNoEndDate('2999-12-31', 3000)).toBe(false);
  });
});

describe('dates outside 1900–2999 and offsets beyond ±14:00', () => {
  it('a year out of range says so, in every form', () => {
    for (const text of ['3500-01-01', '1850-01-01']) expect((parseDate(text, 'UTC') as Problem).expected).toMatch(/years 1900 to 2999/);
    expect((readDateTime('01/02/3500', 'dmy') as DateProblem).expected).toMatch(/years 1900 to 2999/);
  });

  it('every offset from -14:00 to +14:00 reads, with its minutes; beyond, or minutes past 59, is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20 * 60, max: 20 * 60 }), fc.boolean(), (offset, colon) => {
        const sign = offset < 0 ? '-' : '+';
        const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
        const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
        const text = `2026-06-01T12:00:00${sign}${hours}${colon ? ':' : ''}${minutes}`;
        const read = parseInstant(text, 'UTC');
        if (Math.abs(offset) <= 14 * 60) expect(read).toBe(new Date(Date.UTC(2026, 5, 1, 12) - offset * 60_000).toISOString());
        else expect((read as Problem).expected).toContain('expected a UTC offset from -14:00 to +14:00');
      }),
      { numRuns: 300 },
    );
    expect(parseInstant('2026-06-01T12:00:00+05:75', 'UTC')).toBeInstanceOf(Problem);
  });
});

describe('parseNumber refuses what a double would change', () => {
  it.each(['9007199254740992', '9007199254740993', '-9007199254740993', '1e16', '123456789012345678901234567890', '1.8e308', '1e400', '-1e400', '1e-400', '0.5e-330', '1,000,000,000,000,000,000'])('%s', (text) => {
    expect(parseNumber(text)).toBeInstanceOf(Problem);
  });

  it.each([
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['0', 0],
    ['0.000', 0],
    ['0e10', 0],
    ['-0.0', -0],
    ['1e-300', 1e-300],
    ['2.5', 2.5],
    ['12.5%', 0.125],
  ])('%s → %s', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('any whole number up to 2^53 - 1 reads exactly; any beyond is refused', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }), (whole) => {
        const read = parseNumber(whole.toString());
        if (whole >= -(2n ** 53n - 1n) && whole <= 2n ** 53n - 1n) expect(read).toBe(Number(whole));
        else expect(read).toBeInstanceOf(Problem);
      }),
      { numRuns: 500 },
    );
  });
});
