import { addDays, firstOfMonthAfter } from './dates.js';
import { arrOnDay, arrSpans, type ContractFacts, contractOutcomes } from './renewal-state.js';
import { inReportingCurrency, roundMoney, type Money } from './money.js';

/**
 * Revenue retention for a period (SPEC §4 metrics, DOMAIN §5). ARR on a day follows the renewal rules
 * of renewal-state.ts. Money in different currencies is never added: figures are per currency, or in
 * the reporting currency when the config gives a rate for every currency present.
 */
export interface Period {
  from: string;
  to: string;
  label: string;
}

export interface RetentionAccount {
  account_id: string;
  /** The --by group (tier, industry, channel, owner); '' for the whole book. */
  group: string;
  contracts: readonly ContractFacts[];
}

export interface RetentionFigures {
  group: string;
  currency: string;
  accounts_at_start: number;
  starting_arr: number;
  expansion: number;
  contraction: number;
  churned_arr: number;
  /** ARR of accounts without ARR at the start (new or reactivated); not part of NRR or GRR. */
  new_arr: number;
  new_accounts: number;
  ending_arr: number;
  churned_accounts: number;
  /** null when no account had ARR at the start. */
  grr: number | null;
  nrr: number | null;
  logo_churn: number | null;
  /** ARR of the contracts whose end date falls in the period. */
  due_arr: number;
  renewed_arr: number;
  /** Due contracts still lapsed (outcome not known yet): in due_arr, not in renewed_arr. */
  pending_arr: number;
  renewal_rate: number | null;
}

export const RETENTION_DEFINITIONS: Record<string, string> = {
  starting_arr: 'ARR in force on the first day of the period (contracts in force, late renewals bridged, lapsed contracts still in their grace period counted)',
  expansion: 'for accounts with ARR at the start: the increase of those whose ARR grew by the last day',
  contraction: 'for accounts with ARR at the start: the decrease of those whose ARR shrank but stayed above zero',
  churned_arr: 'starting ARR of the accounts with no ARR on the last day',
  new_arr: 'ARR on the last day of accounts that had none on the first (new and reactivated customers); not in NRR or GRR',
  ending_arr: 'ARR in force on the last day: starting + expansion − contraction − churned + new',
  nrr: 'net revenue retention: ARR on the last day of the accounts that had ARR at the start ÷ their ARR at the start',
  grr: 'gross revenue retention: the same with each account capped at its starting ARR',
  logo_churn: 'accounts with ARR at the start and none on the last day ÷ accounts with ARR at the start',
  renewal_rate: 'ARR of the contracts due in the period (end date in it, up to the as-of day) that renewed ÷ ARR of all those contracts; lapsed ones still in grace count as not renewed (pending_arr)',
};

interface Entity {
  start: number;
  end: number;
}

/** Figures being summed, with the retained ARR behind NRR and GRR. */
interface Accumulator extends RetentionFigures {
  retained: number;
  retainedCapped: number;
}

/** Retention figures per group and currency. `knownOn` is the day whose knowledge is used (≤ as-of). */
export function computeRetention(
  accounts: readonly RetentionAccount[],
  period: Period,
  knownOn: string,
  graceDays: number,
  reporting: { currency: string; rates: Readonly<Record<string, number>> },
): { figures: RetentionFigures[]; converted: boolean } {
  const lastDay = period.to < knownOn ? period.to : knownOn;
  const perAccount = accounts.map((account) => {
    const spans = arrSpans(account.contracts, knownOn, graceDays);
    const outcomes = contractOutcomes(account.contracts, knownOn, graceDays);
    // Only contracts whose end date has come: one ending after the as-of day cannot have renewed yet.
    const due = outcomes.filter(({ contract }) => contract.end_date !== null && contract.end_date >= period.from && contract.end_date <= lastDay);
    return { account, start: arrOnDay(spans, period.from), end: arrOnDay(spans, lastDay), due };
  });
  const currencies = new Set(perAccount.flatMap(({ start, end, due }) => [...start, ...end, ...due.map(({ contract }) => ({ currency: contract.currency, amount: 0 }))].map((money) => money.currency)));
  const converted = [...currencies].every((currency) => currency === reporting.currency || reporting.rates[currency] !== undefined) && currencies.size > 0;
  const toEntities = (money: readonly Money[]): Money[] => {
    if (!converted) return [...money];
    const amount = inReportingCurrency(money, reporting.currency, reporting.rates).amount ?? 0;
    return money.length === 0 ? [] : [{ currency: reporting.currency, amount }];
  };
  const groups = new Map<string, Accumulator>();
  const figuresFor = (group: string, currency: string) => {
    const key = `${group}\u0000${currency}`;
    let figures = groups.get(key);
    if (!figures) groups.set(key, (figures = emptyFigures(group, currency)));
    return figures;
  };
  for (const { account, start, end, due } of perAccount) {
    const entities = new Map<string, Entity>();
    for (const money of toEntities(start)) entities.set(money.currency, { start: money.amount, end: 0 });
    for (const money of toEntities(end)) entities.set(money.currency, { start: entities.get(money.currency)?.start ?? 0, end: money.amount });
    for (const [currency, { start: startArr, end: endArr }] of entities) {
      const figures = figuresFor(account.group, currency);
      if (startArr > 0) {
        figures.accounts_at_start++;
        figures.starting_arr += startArr;
        if (endArr > startArr) figures.expansion += endArr - startArr;
        else if (endArr > 0) figures.contraction += startArr - endArr;
        else {
          figures.churned_arr += startArr;
          figures.churned_accounts++;
        }
        figures.retained += endArr;
        figures.retainedCapped += Math.min(endArr, startArr);
      } else if (endArr > 0) {
        figures.new_arr += endArr;
        figures.new_accounts++;
      }
      figures.ending_arr += endArr;
    }
    for (const { contract, state } of due) {
      const [money] = toEntities([{ currency: contract.currency, amount: contract.arr }]);
      const figures = figuresFor(account.group, money!.currency);
      figures.due_arr += money!.amount;
      if (state === 'renewed') figures.renewed_arr += money!.amount;
      if (state === 'lapsed') figures.pending_arr += money!.amount;
    }
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
  const figures = [...groups.values()].map(({ retained, retainedCapped, ...f }): RetentionFigures => ({
    ...f,
    starting_arr: roundMoney(f.starting_arr),
    expansion: roundMoney(f.expansion),
    contraction: roundMoney(f.contraction),
    churned_arr: roundMoney(f.churned_arr),
    new_arr: roundMoney(f.new_arr),
    ending_arr: roundMoney(f.ending_arr),
    due_arr: roundMoney(f.due_arr),
    renewed_arr: roundMoney(f.renewed_arr),
    pending_arr: roundMoney(f.pending_arr),
    nrr: ratio(retained, f.starting_arr),
    grr: ratio(retainedCapped, f.starting_arr),
    logo_churn: ratio(f.churned_accounts, f.accounts_at_start),
    renewal_rate: ratio(f.renewed_arr, f.due_arr),
  }));
  figures.sort((a, b) => a.group.localeCompare(b.group) || a.currency.localeCompare(b.currency));
  return { figures, converted };
}

function emptyFigures(group: string, currency: string): Accumulator {
  return {
    retained: 0, retainedCapped: 0, group, currency, accounts_at_start: 0, starting_arr: 0, expansion: 0, contraction: 0, churned_arr: 0, new_arr: 0, new_accounts: 0, ending_arr: 0,
    churned_accounts: 0, grr: null, nrr: null, logo_churn: null, due_arr: 0, renewed_arr: 0, pending_arr: 0, renewal_rate: null,
  };
}

/** "2026-10" (month), "2026-Q3" (quarter), "2026" (year) → the period's first and last day; undefined when not one of those. */
export function parsePeriod(text: string): Period | undefined {
  const trimmed = text.trim().toUpperCase();
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(trimmed);
  if (match) {
    const from = `${match[1]}-${match[2]}-01`;
    return { from, to: addDays(firstOfMonthAfter(from, 1), -1), label: `${match[1]}-${match[2]}` };
  }
  match = /^(\d{4})-?Q([1-4])$/.exec(trimmed);
  if (match) {
    const from = `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
    return { from, to: addDays(firstOfMonthAfter(from, 3), -1), label: `${match[1]}-Q${match[2]}` };
  }
  match = /^(\d{4})$/.exec(trimmed);
  if (match) return { from: `${match[1]}-01-01`, to: `${match[1]}-12-31`, label: match[1]! };
  return undefined;
}

/** The last complete quarter before `asOf`. */
export function lastCompleteQuarter(asOf: string): Period {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const quarter = Math.floor((month - 1) / 3); // 0-based current quarter
  return quarter === 0 ? parsePeriod(`${year - 1}-Q4`)! : parsePeriod(`${year}-Q${quarter}`)!;
}
