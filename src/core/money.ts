/**
 * Money is kept exact: integer minor units beside an ISO-4217 code (SPEC §3). Parsing works on the
 * decimal text, never through a float, so "0.29" is 29 cents and not 28.999….
 */
const minorDigitsCache = new Map<string, number>();

/** How many decimals the currency's minor unit has: USD 2, JPY 0, KWD 3. */
export function minorUnitDigits(currency: string): number {
  let digits = minorDigitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsCache.set(currency, digits);
  }
  return digits;
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
  return { ok: true, minor: sign === '-' ? -minor : minor };
}

/** Minor units back to a number in major units, for display and JSON (exact for any stored value). */
export function minorToMajor(minor: number, currency: string): number {
  return minor / 10 ** minorUnitDigits(currency);
}
