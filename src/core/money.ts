/**
 * Money is kept exact: integer minor units beside an ISO-4217 code (SPEC §3). Parsing works on the
 * decimal text, never through a float, so "0.29" is 29 cents and not 28.999….
 */
/**
 * ISO 4217 minor units where they are not 2. A fixed table, not Intl: CLDR's display digits differ
 * (HUF, IDR, COP show 0) and may change with Node's ICU, and stored minor units must not.
 */
const MINOR_UNITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** How many decimals the currency's minor unit has (ISO 4217): USD 2, JPY 0, KWD 3. */
export function minorUnitDigits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return false;
  }
}

export type MoneyParse = { ok: true; minor: number } | { ok: false; expected: string };

/** "1200", "1200.5", "-3.25" → minor units; more decimals than the currency has is an error, not a rounding. */
export function decimalToMinor(text: string, currency: string): MoneyParse {
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { ok: false, expected: 'expected an amount such as 1200 or 1200.50' };
  const [, sign, whole, fraction = ''] = match;
  const digits = minorUnitDigits(currency);
  const significantFraction = fraction.replace(/0+$/, '');
  if (significantFraction.length > digits) {
    return { ok: false, expected: `expected at most ${digits} decimal place${digits === 1 ? '' : 's'} for ${currency}` };
  }
  const minor = Number(whole! + fraction.padEnd(digits, '0').slice(0, digits));
  if (!Number.isSafeInteger(minor)) return { ok: false, expected: 'expected an amount small enough to count exactly' };
  // "-0.00" is zero, not JavaScript's negative zero (which JSON and SQLite would each show differently).
  return { ok: true, minor: sign === '-' && minor !== 0 ? -minor : minor };
}

/** Minor units back to a number in major units, for display and JSON (exact for any stored value). */
export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** minorUnitDigits(currency);
}
