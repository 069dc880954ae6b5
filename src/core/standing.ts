import { addDays } from './dates.js';
import { addToCurrency, currencyTotals, type Money } from './money.js';
import { CHURNED_STATUSES, isRevenue, successorOf, type ContractFacts } from './renewal-state.js';

/**
 * Where an account stands commercially on a day, from its contracts' dates (SPEC §4 renewals).
 * Only contracts that started on or before the day are known then; a contract's status is not
 * dated, so it only decides the outcome of a contract that has already ended, while a cancellation
 * date (cancelled_on) speaks from its day on.
 */

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
  // Indexed loops, not filter and reduce: this runs for every account of every scoring, mostly before
  // V8 has optimised it, where each callback and its closure cost more than the comparison inside.
  const known: ContractFacts[] = [];
  let customerSince: string | null = null;
  for (let index = 0; index < contracts.length; index++) {
    const contract = contracts[index]!;
    if (contract.start_date > day || !isRevenue(contract)) continue;
    known.push(contract);
    if (customerSince === null || contract.start_date < customerSince) customerSince = contract.start_date;
  }
  // A contract replaced by a renewal or upgrade that has started (renewal-state.ts) no longer counts.
  const covering: ContractFacts[] = [];
  for (let index = 0; index < known.length; index++) {
    const contract = known[index]!;
    if (contract.end_date !== null && contract.end_date < day) continue;
    const successor = successorOf(contract, known, graceDays);
    if (successor === null || successor.start_date > day) covering.push(contract);
  }
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
  // One pass, no filter or sort: this runs for every account of every scoring (most stand on one contract).
  const arr: Money[] = [];
  let seats: number | null = null;
  // The next to end (earliest end, the larger on a tie), and the largest (its plan when none ends).
  let next: ContractFacts | undefined;
  let largest: ContractFacts | undefined;
  for (let index = 0; index < contracts.length; index++) {
    const contract = contracts[index]!;
    addToCurrency(arr, contract.currency, contract.arr);
    if (contract.seats !== null) seats = (seats ?? 0) + contract.seats;
    if (contract.end_date !== null && (next === undefined || contract.end_date < next.end_date! || (contract.end_date === next.end_date && contract.arr > next.arr))) next = contract;
    if (largest === undefined || contract.arr > largest.arr) largest = contract;
  }
  return {
    state,
    arr: currencyTotals(arr),
    seats,
    renewalDate: next?.end_date ?? null,
    autoRenew: next?.auto_renew ?? null,
    customerSince,
    plan: (next ?? largest)!.plan,
    contracts,
    notRenewing: next === undefined ? null : notRenewingOn(next, day),
  };
}

/**
 * Why a contract will not renew, as known on the day, or null. A cancellation date speaks from its
 * day. A status is not dated: it speaks once the contract's end day has come (before it, using it
 * would put later knowledge into a score as of a past day, and into the backtest).
 */
export function notRenewingOn(contract: ContractFacts, day: string): string | null {
  if (contract.cancelled_on != null && contract.cancelled_on <= day) return `cancelled on ${contract.cancelled_on}`;
  if (contract.status !== null && CHURNED_STATUSES.has(contract.status) && contract.end_date !== null && contract.end_date <= day) return `status says ${contract.status}`;
  return null;
}
