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

export interface Money {
  currency: string;
  amount: number;
}

/** Sums of major units stay exact to the cent (minor units are integers, their float sums are not). */
export function roundMoney(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
}

/**
 * Money added up per currency: addToCurrency adds each part in the order it comes (float sums depend
 * on it), currencyTotals then rounds each sum (roundMoney) and orders them by currency. A short list,
 * not a Map and its iterators: most totals hold one currency, and an account's standing is added up
 * for every account of a scoring, mostly before V8 has optimised the code.
 */
export function addToCurrency(totals: Money[], currency: string, amount: number): void {
  for (let index = 0; index < totals.length; index++) {
    if (totals[index]!.currency === currency) {
      totals[index]!.amount += amount;
      return;
    }
  }
  totals.push({ currency, amount });
}

export function currencyTotals(totals: Money[]): Money[] {
  for (let index = 0; index < totals.length; index++) totals[index]!.amount = roundMoney(totals[index]!.amount);
  return totals.length > 1 ? totals.sort((a, b) => a.currency.localeCompare(b.currency)) : totals;
}

export interface Converted {
  /** In the reporting currency; undefined when some part has no exchange rate. */
  amount: number | undefined;
  /** Currencies that could not be converted. */
  unconverted: string[];
}

/** Adds money in the reporting currency using config exchange rates; never sums currencies silently. */
export function inReportingCurrency(money: readonly Money[], reportingCurrency: string, rates: Readonly<Record<string, number>>): Converted {
  let amount = 0;
  const unconverted: string[] = [];
  for (let index = 0; index < money.length; index++) {
    const part = money[index]!;
    if (part.currency === reportingCurrency) amount += part.amount;
    else if (rates[part.currency] !== undefined) amount += part.amount * rates[part.currency]!;
    else unconverted.push(part.currency);
  }
  return { amount: unconverted.length > 0 ? undefined : roundMoney(amount), unconverted };
}

/**
 * "1,234,567.5": thousands grouped with commas, at most two decimals, the same on every machine.
 * Hand-rolled (no Intl, no regular expressions) because it runs for every account of a 20,000-account book.
 */
function groupThousands(value: number): string {
  // Most numbers a sentence holds are small whole counts: no rounding or grouping to do.
  if (Number.isInteger(value)) {
    if (value < 1000 && value > -1000) return String(value);
    // Whole amounts (most ARR) need no rounding and no decimals, only the commas.
    if (Number.isSafeInteger(value)) return `${value < 0 ? '-' : ''}${commas(String(Math.abs(value)))}`;
  }
  const rounded = Math.round(value * 100) / 100;
  const parts = Math.abs(rounded).toFixed(2).split('.');
  const whole = parts[0]!;
  const fraction = parts[1]!;
  const decimals = fraction === '00' ? '' : fraction[1] === '0' ? fraction[0]! : fraction;
  return `${rounded < 0 ? '-' : ''}${commas(whole)}${decimals ? `.${decimals}` : ''}`;
}

/** "1234567" → "1,234,567". */
function commas(whole: string): string {
  let grouped = whole.slice(0, whole.length % 3 || 3);
  for (let index = grouped.length; index < whole.length; index += 3) grouped += `,${whole.slice(index, index + 3)}`;
  return grouped;
}

/** "465,900 USD"; for sentences, never for data output. */
export function formatMoney(money: readonly Money[]): string {
  if (money.length === 0) return '0';
  return money.map((part) => `${groupThousands(part.amount)} ${part.currency}`).join(' + ');
}

export function formatNumber(value: number): string {
  return groupThousands(value);
}
