import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { whole } from '../../src/render/figures.js';
import { daysBetween } from '../../src/core/dates.js';

// The hand-made fast paths must print and count exactly what the slow, general forms do.
describe('whole', () => {
  const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  it('groups any number as Intl does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer(), fc.double(), fc.constantFrom(0, -0, 999, 1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 0.5, 2.5)), (value) => {
        expect(whole.format(value)).toBe(intl.format(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('examples', () => {
    expect([0, 7, 1234, 465_900, 1_000_000].map((value) => whole.format(value))).toEqual(['0', '7', '1,234', '465,900', '1,000,000']);
  });
});

describe('daysBetween (cached day starts)', () => {
  it('is the difference of the days at midnight UTC, asked in any order and again', () => {
    // Days of the years 1000–9999.
    const day = fc.integer({ min: -354_285, max: 2_932_896 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (from, to) => {
        const expected = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
        expect(Number.isNaN(expected)).toBe(false);
        expect(daysBetween(from, to)).toBe(expected);
        expect(daysBetween(from, to)).toBe(expected);
        expect(daysBetween(to, from) + 0).toBe(-expected + 0);
      }),
      { numRuns: 3000 },
    );
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(Number.isNaN(daysBetween('2026-13-01', '2026-01-01'))).toBe(true);
  });
});
