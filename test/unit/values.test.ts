import { describe, expect, it } from 'vitest';
import { decimalToMinor, minorToMajor, minorUnitDigits } from '../../src/core/money.js';
import {
  Problem,
  parseBoolean,
  parseCurrency,
  parseDate,
  parseDuration,
  parseInstant,
  parseInteger,
  parseMoney,
  parseNumber,
  parseTags,
} from '../../src/import/values.js';

const ok = <T>(value: T | Problem): T => {
  if (value instanceof Problem) throw new Error(`unexpected problem: ${value.expected}`);
  return value;
};

describe('money', () => {
  it.each([
    ['1200', 'USD', 120000],
    ['1200.5', 'USD', 120050],
    ['1200.50', 'USD', 120050],
    ['0.29', 'USD', 29],
    ['-3.25', 'EUR', -325],
    ['5460000', 'JPY', 5460000],
    ['1.234', 'KWD', 1234],
    ['10.500', 'USD', 1050],
  ])('%s %s is %i minor units', (text, currency, minor) => {
    expect(decimalToMinor(text, currency)).toEqual({ ok: true, minor });
  });

  it('reads "-0.00" as zero, not negative zero (found by the number property test)', () => {
    expect(Object.is((decimalToMinor('-0.00', 'USD') as { minor: number }).minor, 0)).toBe(true);
  });

  it('refuses more decimals than the currency has instead of rounding', () => {
    expect(decimalToMinor('1.005', 'USD')).toMatchObject({ ok: false, expected: expect.stringContaining('at most 2 decimal places for USD') });
    expect(decimalToMinor('12.5', 'JPY')).toMatchObject({ ok: false });
  });

  it('knows minor units per currency and converts back exactly', () => {
    expect([minorUnitDigits('USD'), minorUnitDigits('JPY'), minorUnitDigits('BHD'), minorUnitDigits('HUF'), minorUnitDigits('IDR')]).toEqual([2, 0, 3, 2, 2]);
    expect(minorToMajor(120050, 'USD')).toBe(1200.5);
  });

  it('accepts thousands separators in money cells', () => {
    expect(ok(parseMoney('1,200.50', 'USD'))).toBe(120050);
    expect(parseMoney('1,20.50', 'USD')).toBeInstanceOf(Problem);
  });
});

describe('dates and instants', () => {
  it('accepts real calendar days and refuses impossible ones', () => {
    expect(ok(parseDate('2024-02-29', 'UTC'))).toBe('2024-02-29');
    expect(ok(parseDate('2026-4-1', 'UTC'))).toBe('2026-04-01');
    for (const text of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-4-31', 'yesterday']) {
      expect(parseDate(text, 'UTC')).toBeInstanceOf(Problem);
    }
  });

  it('takes the date of an instant in a date column in the configured zone', () => {
    expect(ok(parseDate('2026-06-09T23:30:00Z', 'Asia/Tokyo'))).toBe('2026-06-10');
    expect(ok(parseDate('2026-06-09 16:12:25', 'Asia/Tokyo'))).toBe('2026-06-09');
  });

  it('normalises instants to UTC ISO-8601 with milliseconds', () => {
    expect(ok(parseInstant('2026-10-02T14:05:00Z', 'UTC'))).toBe('2026-10-02T14:05:00.000Z');
    expect(ok(parseInstant('2026-10-02T14:05:00.123Z', 'UTC'))).toBe('2026-10-02T14:05:00.123Z');
    expect(ok(parseInstant('2026-10-02T16:05:00+02:00', 'UTC'))).toBe('2026-10-02T14:05:00.000Z');
    expect(ok(parseInstant('2026-10-02T09:05-0500', 'UTC'))).toBe('2026-10-02T14:05:00.000Z');
  });

  it('reads instants without a zone as wall time in the configured zone, across daylight saving', () => {
    expect(ok(parseInstant('2026-01-15 09:00:00', 'America/New_York'))).toBe('2026-01-15T14:00:00.000Z');
    expect(ok(parseInstant('2026-07-15 09:00', 'America/New_York'))).toBe('2026-07-15T13:00:00.000Z');
    expect(ok(parseInstant('2026-07-15', 'Europe/Berlin'))).toBe('2026-07-14T22:00:00.000Z');
  });

  it('refuses impossible instants', () => {
    for (const text of ['2026-02-30T10:00:00Z', '2026-10-02T24:00:00Z', '2026-10-02T10:60:00Z', '2026-10-02 10', 'soon']) {
      expect(parseInstant(text, 'UTC')).toBeInstanceOf(Problem);
    }
  });
});

describe('numbers, booleans, currencies, tags', () => {
  it('parses integers and refuses fractions and words', () => {
    expect(ok(parseInteger('2500'))).toBe(2500);
    expect(ok(parseInteger('2,500'))).toBe(2500);
    expect(ok(parseInteger('-4'))).toBe(-4);
    for (const text of ['2.5', 'ten', '12%', '$3', '99999999999999999999']) expect(parseInteger(text)).toBeInstanceOf(Problem);
  });

  it('parses plain decimal numbers only', () => {
    expect(ok(parseNumber('12.5'))).toBe(12.5);
    expect(ok(parseNumber('.5'))).toBe(0.5);
    expect(ok(parseNumber('1,234'))).toBe(1234);
    for (const text of ['0x10', 'Infinity', '12 apples', '']) expect(parseNumber(text)).toBeInstanceOf(Problem);
  });

  it('parses the boolean spellings exports use', () => {
    for (const yes of ['true', 'TRUE', 'yes', 'Y', '1', '是']) expect(ok(parseBoolean(yes))).toBe(true);
    for (const no of ['false', 'no', 'N', '0', '否']) expect(ok(parseBoolean(no))).toBe(false);
    // A CRM set to another language writes its own words.
    for (const yes of ['Ja', 'wahr', 'Oui', 'VRAI', 'Sí', 'si', 'Sim', 'verdadero']) expect(ok(parseBoolean(yes)), yes).toBe(true);
    for (const no of ['Nein', 'nee', 'FALSCH', 'Non', 'faux', 'falso', 'Não', 'nao']) expect(ok(parseBoolean(no)), no).toBe(false);
    for (const neither of ['vielleicht', 'peut-être', 'quizás', '2', 'ok']) expect(parseBoolean(neither), neither).toBeInstanceOf(Problem);
    expect(parseBoolean('maybe')).toBeInstanceOf(Problem);
  });

  it('upper-cases known currency codes and refuses others', () => {
    expect(ok(parseCurrency('eur'))).toBe('EUR');
    expect(parseCurrency('XYZ')).toBeInstanceOf(Problem);
    expect(parseCurrency('dollars')).toBeInstanceOf(Problem);
  });

  it('stores tags as a JSON array without repeats', () => {
    expect(ok(parseTags('export reports, export;billing'))).toBe('["export","reports","billing"]');
  });
});

describe('wall times in a zone do not depend on the machine zone', () => {
  it.each([
    ['Australia/Sydney', '2026-04-05 03:00', '2026-04-04T17:00:00.000Z'],
    ['Asia/Kolkata', '2026-10-04 02:00', '2026-10-03T20:30:00.000Z'],
    ['Europe/London', '2026-10-25 01:30', '2026-10-25T00:30:00.000Z'],
    ['America/New_York', '2026-03-08 02:30', '2026-03-08T07:30:00.000Z'],
    ['America/New_York', '2026-11-01 01:30', '2026-11-01T05:30:00.000Z'],
    ['Pacific/Chatham', '2026-09-27 02:45', '2026-09-26T14:00:00.000Z'],
    ['Pacific/Chatham', '2026-09-27 04:00', '2026-09-26T14:15:00.000Z'],
    ['Pacific/Kiritimati', '2026-06-01 00:30', '2026-05-31T10:30:00.000Z'],
  ])('%s %s is %s (first of a repeated hour; a skipped hour moves forward)', (zone, wall, utc) => {
    expect(ok(parseInstant(wall, zone))).toBe(utc);
  });
});

describe('parseDuration: Jira SLA spans', () => {
  it.each([
    ['2h 30m', 150],
    ['45m', 45],
    ['3h', 180],
    ['1H 5M', 65],
    ['01:30', 90],
    ['90', 90],
  ])('%s is %d minutes', (text, minutes) => {
    expect(parseDuration(text, 'minutes')).toBe(minutes);
  });

  it.each([
    ['-1h 10m', /time left/],
    ['2d 3h', /give hours/],
    ['soon', /2h 30m/],
  ])('refuses %s', (text, expected) => {
    const result = parseDuration(text, 'minutes');
    expect(result).toBeInstanceOf(Problem);
    expect((result as Problem).expected).toMatch(expected);
  });
});
