/**
 * The output contract (README "Output contract", issue 23 item 2), in one place:
 * - every JSON document is an object whose first key, `kind`, names what it is (`risk`,
 *   `metrics_retention`, `alerts_sync`: the command's words joined by `_`), the data under named keys;
 * - money is rounded to its currency's minor unit (ISO 4217: JPY 0, USD 2, KWD 3) and ratios
 *   (GRR, NRR, rates, shares, attainment, AUC) to 4 places, when written, never before summing;
 * - ndjson is one JSON object a line, nested values kept.
 * Money and ratios are known by their key, as JSON and CSV name them; the currency is the record's
 * own `currency`, else the document's.
 */
import { minorUnitDigits } from '../core/money.js';

/** Keys whose numbers are money. */
const MONEY_KEY = /^(?:arr|mrr|amount|paid|forecast|expansion|contraction|value_delivered|hourly_cost|setup_fee|custom_dev_amount|lifetime_revenue)$|_arr$|_cost$|_amount$|_revenue$/;
/**
 * Keys whose numbers are ratios (a share of 1: 0.9864 is 98.64%). Odds ratios and a model's
 * coefficients are not among them: a churn model's effect per dollar of ARR lives in the sixth decimal.
 */
const RATIO_KEY = /(?:^|_)(?:share|rate|grr|nrr|churn|attainment|utilisation|probability|predicted|precision|recall|auc|lift|difference|csat|satisfaction)(?:_|$)|^logo_retention|^ratio$/;
export const RATIO_DIGITS = 4;

export type FigureKind = 'money' | 'ratio' | undefined;

/** Whether a key holds money, a ratio, or neither (ratio wins: `arr_share` is a share of ARR). */
export function figureKind(key: string): FigureKind {
  if (RATIO_KEY.test(key)) return 'ratio';
  if (MONEY_KEY.test(key)) return 'money';
  return undefined;
}

function roundTo(value: number, digits: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  const scale = 10 ** digits;
  const rounded = Math.round(value * scale) / scale;
  // -0.001 rounds to -0, which JSON writes as 0 and a spreadsheet as -0.
  return rounded === 0 ? 0 : rounded;
}

/** A number as written out: money to the currency's minor unit, ratios to 4 places, the rest as it is. */
export function roundFigure(key: string, value: number, currency: string | undefined): number {
  const kind = figureKind(key);
  if (kind === 'ratio') return roundTo(value, RATIO_DIGITS);
  if (kind === 'money') return roundTo(value, currency === undefined ? 2 : minorUnitDigits(currency));
  return value;
}

/** A JSON.stringify replacer that rounds figures; the currency is the holding object's, else `currency`. */
export function figureReplacer(currency: string | undefined): (this: unknown, key: string, value: unknown) => unknown {
  return function (this: unknown, key: string, value: unknown) {
    if (typeof value !== 'number' || key === '') return value;
    const own = (this as { currency?: unknown } | null)?.currency;
    return roundFigure(key, value, typeof own === 'string' ? own : currency);
  };
}

/** The document with `kind` first; a document that has a key `kind` of its own is a mistake of its printer. */
export function withKind(kind: string, document: object): Record<string, unknown> {
  if ('kind' in document) throw new Error(`the ${kind} document has a key "kind" of its own`);
  return { kind, ...document };
}

/** The whole JSON text of a document of this kind, figures rounded. */
export function documentJson(kind: string, document: object): string {
  const currency = (document as { currency?: unknown }).currency;
  return `${JSON.stringify(withKind(kind, document), figureReplacer(typeof currency === 'string' ? currency : undefined), 2)}\n`;
}

/** One ndjson line per record, nested values kept, figures rounded. */
export function ndjsonLines(records: readonly unknown[], currency?: string): string {
  const replacer = figureReplacer(currency);
  let text = '';
  for (const record of records) text += `${JSON.stringify(record, replacer)}\n`;
  return text;
}
