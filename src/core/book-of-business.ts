import { addToCurrency, currencyTotals, roundMoney, type Money } from './money.js';

/**
 * Sums for the VP's pages (csops renewals and risk as HTML): ARR per window, per owner, at risk.
 * Money is added in the reporting currency when every row has its ARR there, else per currency,
 * never summed across currencies silently (SPEC §3).
 */
export interface ArrRow {
  /** In the reporting currency; null when a currency has no exchange rate. */
  arr: number | null;
  arr_by_currency: readonly Money[];
}

/**
 * The rows' ARR, each weighted (1 by default): one amount in `currency` when all convert (or, with
 * `converted`, when the caller says a wider set all converts, so that its totals share one form), else per currency.
 */
export function addUpArr<Row extends ArrRow>(rows: readonly Row[], currency: string, weight: (row: Row) => number = () => 1, converted = rows.every((row) => row.arr !== null)): Money[] {
  if (converted) return [{ currency, amount: roundMoney(rows.reduce((sum, row) => sum + row.arr! * weight(row), 0)) }];
  const totals: Money[] = [];
  for (const row of rows) for (const part of row.arr_by_currency) addToCurrency(totals, part.currency, part.amount * weight(row));
  return currencyTotals(totals);
}

export interface OwnerBook {
  owner: string | null;
  accounts: number;
  arr: Money[];
  /** Accounts in a band that counts as at risk (at risk or critical). */
  at_risk_accounts: number;
  at_risk_arr: Money[];
}

const AT_RISK: ReadonlySet<string> = new Set(['at_risk', 'critical']);

export function isAtRisk(band: string): boolean {
  return AT_RISK.has(band);
}

/** Each owner's book of business: accounts, ARR and the part of it at risk; largest at-risk ARR first, then largest ARR. */
export function bookByOwner<Row extends ArrRow & { owner: string | null; band: string }>(rows: readonly Row[], currency: string): OwnerBook[] {
  const byOwner = new Map<string | null, Row[]>();
  for (const row of rows) {
    const key = row.owner?.trim() || null;
    let list = byOwner.get(key);
    if (!list) byOwner.set(key, (list = []));
    list.push(row);
  }
  const first = (money: readonly Money[]) => money.reduce((sum, part) => sum + part.amount, 0);
  return [...byOwner]
    .map(([owner, members]): OwnerBook => {
      const atRisk = members.filter((row) => isAtRisk(row.band));
      return { owner, accounts: members.length, arr: addUpArr(members, currency), at_risk_accounts: atRisk.length, at_risk_arr: addUpArr(atRisk, currency) };
    })
    .sort((a, b) => first(b.at_risk_arr) - first(a.at_risk_arr) || first(b.arr) - first(a.arr) || (a.owner ?? '\uffff').localeCompare(b.owner ?? '\uffff'));
}
