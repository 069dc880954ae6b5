import { addDays } from './dates.js';
import { CHURNED_STATUSES, isRevenue, successorOf } from './renewal-state.js';

/**
 * Where an account stands commercially on a day, from its contracts' dates (SPEC §4 renewals).
 * Only contracts that started on or before the day are known then; a contract's status is not
 * dated, so it only decides the outcome of a contract that has already ended.
 */
export interface ContractFacts {
  contract_id: string;
  start_date: string;
  end_date: string | null;
  currency: string;
  /** Annual recurring revenue in major units of `currency`. */
  arr: number;
  status: string | null;
  /**
   * The status as the export wrote it. A status no vocabulary classifies (status null, this kept) is
   * treated as no status: the grace-period rule decides; commands count such contracts.
   */
  status_raw?: string | null;
  seats: number | null;
  auto_renew: boolean | null;
  plan: string | null;
  /** One-off fee billed with the first year, in major units. */
  setup_fee?: number | null;
  /** new, renewal, expansion or downgrade when the CRM says: an expansion is an add-on and never replaces a contract. */
  type?: string | null;
}

/** A contract whose status csops could not classify (the export's value is kept in status_raw). */
export function statusUnclassified(contract: Pick<ContractFacts, 'status' | 'status_raw'>): boolean {
  return contract.status === null && contract.status_raw !== undefined && contract.status_raw !== null;
}

export interface Money {
  currency: string;
  amount: number;
}

export type StandingState = 'active' | 'lapsed' | 'inactive';

export interface Standing {
  /** active: a contract covers the day; lapsed: the last one ended within the grace period, renewal not recorded; inactive: neither. */
  state: StandingState;
  /** ARR per currency: of the covering contracts, or for a lapsed account the ARR at stake. */
  arr: Money[];
  seats: number | null;
  /** The next end date among the covering contracts, or the end date a lapsed account passed. */
  renewalDate: string | null;
  autoRenew: boolean | null;
  /** Start of the account's first contract: how long it has been a customer. */
  customerSince: string | null;
  /** Plan of the contract that renews next, when the contracts name one. */
  plan: string | null;
  /** The covering (or lapsed) contracts. */
  contracts: ContractFacts[];
  /**
   * Why the contract at renewalDate will not renew ("status says churned"): its status says so and its
   * end day has come. It earns no renewal points.
   */
  notRenewing?: string | null;
}


/** Trials and $0 contracts are no revenue (renewal-state.ts isRevenue): they make nobody a customer. */
export function standingOn(contracts: readonly ContractFacts[], day: string, graceDays: number): Standing {
  const known = contracts.filter((contract) => contract.start_date <= day && isRevenue(contract));
  const customerSince = known.reduce<string | null>((first, contract) => (first === null || contract.start_date < first ? contract.start_date : first), null);
  // A contract replaced by a renewal or upgrade that has started (renewal-state.ts) no longer counts.
  const covering = known.filter((contract) => (contract.end_date === null || contract.end_date >= day) && !(successorOf(contract, known, graceDays)?.start_date! <= day));
  if (covering.length > 0) return describe('active', covering, customerSince, day);
  const graceStart = addDays(day, -graceDays);
  const lastEnd = known.reduce<string | null>((last, contract) => (contract.end_date !== null && (last === null || contract.end_date > last) ? contract.end_date : last), null);
  if (lastEnd !== null && lastEnd >= graceStart) {
    const ending = known.filter((contract) => contract.end_date === lastEnd);
    // A status saying the contract renewed means a successor exists even when it was not imported.
    if (ending.some((contract) => contract.status === 'renewed')) return { ...describe('active', ending, customerSince, day), renewalDate: null, autoRenew: null };
    if (!ending.every((contract) => contract.status !== null && CHURNED_STATUSES.has(contract.status))) return describe('lapsed', ending, customerSince, day);
  }
  return { state: 'inactive', arr: [], seats: null, renewalDate: null, autoRenew: null, customerSince, plan: null, contracts: [], notRenewing: null };
}

function describe(state: StandingState, contracts: ContractFacts[], customerSince: string | null, day: string): Standing {
  // Most accounts stand on one contract: the same figures without a map, a filter and two sorts.
  if (contracts.length === 1) {
    const only = contracts[0]!;
    const next = only.end_date !== null ? only : undefined;
    return {
      state,
      arr: [{ currency: only.currency, amount: roundMoney(only.arr) }],
      seats: only.seats,
      renewalDate: next?.end_date ?? null,
      autoRenew: next?.auto_renew ?? null,
      customerSince,
      plan: only.plan,
      contracts,
      notRenewing: notRenewing(next, day),
    };
  }
  const arr = new Map<string, number>();
  let seats: number | null = null;
  for (const contract of contracts) {
    arr.set(contract.currency, (arr.get(contract.currency) ?? 0) + contract.arr);
    if (contract.seats !== null) seats = (seats ?? 0) + contract.seats;
  }
  const next = contracts
    .filter((contract) => contract.end_date !== null)
    .sort((a, b) => a.end_date!.localeCompare(b.end_date!) || b.arr - a.arr)[0];
  const main = next ?? [...contracts].sort((a, b) => b.arr - a.arr)[0]!;
  return {
    state,
    arr: [...arr].map(([currency, amount]) => ({ currency, amount: roundMoney(amount) })).sort((a, b) => a.currency.localeCompare(b.currency)),
    seats,
    renewalDate: next?.end_date ?? null,
    autoRenew: next?.auto_renew ?? null,
    customerSince,
    plan: main.plan,
    contracts,
    notRenewing: notRenewing(next, day),
  };
}

/**
 * A status is not dated: it speaks for a contract's outcome once its end day has come (before it,
 * using it would put later knowledge into a score as of a past day, and into the backtest).
 */
function notRenewing(next: ContractFacts | undefined, day: string): string | null {
  return next !== undefined && next.status !== null && CHURNED_STATUSES.has(next.status) && next.end_date! <= day ? `status says ${next.status}` : null;
}

/** Sums of major units stay exact to the cent (minor units are integers, their float sums are not). */
export function roundMoney(amount: number): number {
  return Math.round(amount * 10_000) / 10_000;
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
  const rounded = Math.round(value * 100) / 100;
  const parts = Math.abs(rounded).toFixed(2).split('.');
  const whole = parts[0]!;
  const fraction = parts[1]!;
  let grouped = whole.slice(0, whole.length % 3 || 3);
  for (let index = grouped.length; index < whole.length; index += 3) grouped += `,${whole.slice(index, index + 3)}`;
  const decimals = fraction === '00' ? '' : fraction[1] === '0' ? fraction[0]! : fraction;
  return `${rounded < 0 ? '-' : ''}${grouped}${decimals ? `.${decimals}` : ''}`;
}

/** "465,900 USD"; for sentences, never for data output. */
export function formatMoney(money: readonly Money[]): string {
  if (money.length === 0) return '0';
  return money.map((part) => `${groupThousands(part.amount)} ${part.currency}`).join(' + ');
}

export function formatNumber(value: number): string {
  return groupThousands(value);
}
