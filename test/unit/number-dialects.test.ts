import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NumberProblem, readNumber, shiftDecimal } from '../../src/import/number-dialects.js';
import { Problem, parseMoney, parseNumber } from '../../src/import/values.js';

const DOT = { decimalComma: false };
const COMMA = { decimalComma: true };

/** An amount as exact text: whole part and 0–2 decimals. */
const amount = fc.record({ whole: fc.integer({ min: 0, max: 99_999_999 }), cents: fc.integer({ min: 0, max: 99 }), negative: fc.boolean() });

function group(whole: number, separator: string): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

describe('number dialects', () => {
  it.each([
    ['¥5,460,000', DOT, { decimal: '5460000', currency: 'CNY' }],
    ['$1,200.50', DOT, { decimal: '1200.50', currency: 'USD' }],
    ['1.234,56 €', DOT, { decimal: '1234.56', currency: 'EUR' }],
    ['12.5%', DOT, { decimal: '12.5', percent: true }],
    ['(1,200)', DOT, { decimal: '-1200' }],
    ['1.2万', DOT, { decimal: '12000' }],
    ['3亿', DOT, { decimal: '300000000' }],
    ['RMB 300', DOT, { decimal: '300', currency: 'CNY' }],
    ['1 234,5', COMMA, { decimal: '1234.5' }],
    ["1'234.50", DOT, { decimal: '1234.50' }],
    ['1,234', COMMA, { decimal: '1.234' }],
    ['1.5E+3', DOT, { decimal: '1500' }],
  ])('%s reads as %j', (text, style, expected) => {
    expect(readNumber(text, style)).toMatchObject(expected);
  });

  it.each(['abc', '1,23,4', '12..5', '$', '1.2.3,4,5'])('%s is refused', (text) => {
    expect(readNumber(text, DOT)).toBeInstanceOf(NumberProblem);
  });

  it('round-trips amounts written in every convention, exactly', () => {
    fc.assert(
      fc.property(amount, ({ whole, cents, negative }) => {
        const fraction = String(cents).padStart(2, '0');
        const expected = (negative ? -1 : 1) * (whole * 100 + cents);
        const sign = negative ? '-' : '';
        const spellings: Array<[string, typeof DOT]> = [
          [`${sign}${whole}.${fraction}`, DOT],
          [`${sign}${group(whole, ',')}.${fraction}`, DOT],
          [`${sign}$${group(whole, ',')}.${fraction}`, DOT],
          [`${sign}${group(whole, '.')},${fraction} €`, DOT],
          [`${sign}${group(whole, ' ')},${fraction}`, COMMA],
          [negative ? `(${group(whole, ',')}.${fraction})` : `${group(whole, ',')}.${fraction}`, DOT],
        ];
        for (const [text, style] of spellings) {
          const currency = text.includes('€') ? 'EUR' : 'USD';
          const minor = parseMoney(text, currency, style);
          expect(minor instanceof Problem ? `${text}: ${minor.expected}` : minor).toBe(expected === 0 ? 0 : expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never reads a thousands separator as a decimal mark, or the reverse, in a settled spelling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 999_999_999 }), fc.integer({ min: 1, max: 99 }), (whole, cents) => {
        const us = `${group(whole, ',')}.${String(cents).padStart(2, '0')}`;
        const eu = `${group(whole, '.')},${String(cents).padStart(2, '0')}`;
        // Both separators present: the position settles it, whatever the file's convention.
        for (const style of [DOT, COMMA]) {
          expect(parseNumber(us, style)).toBeCloseTo(whole + cents / 100, 6);
          expect(parseNumber(eu, style)).toBeCloseTo(whole + cents / 100, 6);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shifts decimals exactly for 万 and 亿', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 8 }), (units, places) => {
        const text = (units / 100).toFixed(2);
        const shifted = shiftDecimal(text, places);
        // Exactly: the digits are the same, only the point moved.
        const exact = (BigInt(units) * 10n ** BigInt(places)).toString().padStart(3, '0');
        const normal = (decimal: string) => (decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal).replace(/^0+(?=\d)/, '');
        expect(normal(shifted)).toBe(normal(`${exact.slice(0, -2)}.${exact.slice(-2)}`));
      }),
      { numRuns: 200 },
    );
  });
});
