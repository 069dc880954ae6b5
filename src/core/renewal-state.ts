import { addDays, daysBetween } from './dates.js';
import { addToCurrency, currencyTotals, type Money } from './money.js';

/**
 * Renewal states and the ARR timeline of an account's contracts (SPEC §4, DOMAIN §3, §5).
 *
 * - A trial (status trial) or a $0 contract is no revenue: it never renews, replaces or adds ARR, and
 *   has no renewal state of its own (a trial that ends is not a churned customer).
 * - A contract is **renewed** when its status says so, or when a successor — another paying contract of
 *   the account that starts after it started, no later than the grace period after its end, and runs
 *   past its end — exists; **churned** when its status says so (churned, cancelled, expired) or the
 *   grace period passed with no successor; **lapsed** when its end passed within the grace period and
 *   neither is known; **open** while it runs.
 * - A contract starting more than the grace period before another's end replaces it only when its type
 *   says renewal, upgrade or downgrade, or (no type) it names the same plan: it evidently continues the
 *   same subscription. Otherwise the two add up (a customer on several products); an add-on (type
 *   expansion) always adds.
 * - Contracts are known from their start date: on a day, only contracts that had started exist.
 * - For ARR, a successor takes over from its start (an early renewal or a mid-term upgrade replaces the
 *   old contract, it does not add to it), a late renewal within grace is counted from the day after the
 *   old end (the gap was a renewal in progress, not churn), and a lapsed contract whose outcome is not
 *   yet known on the as-of day still counts (it has not churned yet). A co-termed add-on adds ARR.
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
  /**
   * The day the customer cancelled (gave notice, or a billing system's canceled_at): a dated status.
   * From that day the contract will not renew; before it nothing is known of the cancellation.
   */
  cancelled_on?: string | null;
}

/** A contract whose status csops could not classify (the export's value is kept in status_raw). */
export function statusUnclassified(contract: Pick<ContractFacts, 'status' | 'status_raw'>): boolean {
  return contract.status === null && contract.status_raw !== undefined && contract.status_raw !== null;
}

export type RenewalState = 'open' | 'renewed' | 'churned' | 'lapsed';

export interface ContractOutcome {
  contract: ContractFacts;
  state: RenewalState;
  /** The rule that decided the state, as a sentence saying what happened. */
  rule: string;
  successor: ContractFacts | null;
}

export const CHURNED_STATUSES: ReadonlySet<string> = new Set(['churned', 'cancelled', 'expired']);

/** Types that say a contract takes the place of the one before it, whenever it starts. */
const REPLACING_TYPES: ReadonlySet<string> = new Set(['renewal', 'upgrade', 'downgrade']);

/** A contract that brings revenue: not a trial, not $0. Only these renew, replace or count as ARR. */
export function isRevenue(contract: Pick<ContractFacts, 'arr' | 'status'>): boolean {
  return contract.arr > 0 && contract.status !== 'trial';
}

const samePlan = (a: ContractFacts, b: ContractFacts) =>
  a.plan !== null && b.plan !== null && a.plan.normalize('NFKC').trim().toLowerCase() === b.plan.normalize('NFKC').trim().toLowerCase();

/**
 * Why `other` may take over from `contract` although it starts more than the grace period before its
 * end ("upgrade", "same plan \"enterprise\""), or null when the two run side by side.
 */
function replacementReason(contract: ContractFacts, other: ContractFacts): string | null {
  if (other.type !== undefined && other.type !== null) return REPLACING_TYPES.has(other.type) ? other.type : null;
  return samePlan(contract, other) ? `same plan ${JSON.stringify(other.plan)}` : null;
}

/**
 * The contract that renews or replaces `contract`, among those known on the day. An add-on (type
 * expansion) adds to what runs and never replaces it; an add-on itself is renewed only by a contract
 * starting around its own end (within the grace period either side), not by one that starts while it
 * still has months to run. Trials and $0 contracts neither renew nor are renewed.
 */
export function successorOf(contract: ContractFacts, known: readonly ContractFacts[], graceDays: number): ContractFacts | null {
  if (contract.end_date === null || !isRevenue(contract)) return null;
  // Most accounts hold one contract: nothing can succeed it (and no day need be counted).
  if (known.length === 1 && known[0] === contract) return null;
  const latestStart = addDays(contract.end_date, graceDays);
  const aroundEnd = addDays(contract.end_date, -graceDays);
  const earliestStart = contract.type === 'expansion' ? aroundEnd : contract.start_date;
  let best: ContractFacts | null = null;
  for (const other of known) {
    if (other === contract || other.type === 'expansion' || !isRevenue(other) || other.start_date <= earliestStart || other.start_date <= contract.start_date || other.start_date > latestStart) continue;
    if (other.end_date !== null && other.end_date <= contract.end_date) continue;
    // Starting well before the end: a replacement only when it evidently continues the subscription.
    if (other.start_date < aroundEnd && replacementReason(contract, other) === null) continue;
    if (best === null || other.start_date < best.start_date) best = other;
  }
  return best;
}

/**
 * What happened, as a sentence: "renewed by S-12 starting 3 days after the end (2026-06-30)",
 * "replaced on 2024-06-20 by S-88 (upgrade), 193 days before the end (2024-12-30)".
 */
export function successionSentence(contract: ContractFacts, successor: ContractFacts, graceDays: number): string {
  const end = contract.end_date!;
  const gap = daysBetween(end, successor.start_date);
  const typed = successor.type !== undefined && successor.type !== null && successor.type !== 'new' ? ` (${successor.type})` : '';
  if (gap === 1) return `renewed by ${successor.contract_id}${typed} starting the day after the end (${end})`;
  if (gap > 1) return `renewed by ${successor.contract_id}${typed} starting ${plural(gap, 'day')} after the end (${end})`;
  if (gap === 0) return `renewed by ${successor.contract_id}${typed} starting on the end day (${end})`;
  if (-gap <= graceDays) return `renewed early by ${successor.contract_id}${typed} starting ${successor.start_date}, ${plural(-gap, 'day')} before the end (${end})`;
  return `replaced on ${successor.start_date} by ${successor.contract_id} (${replacementReason(contract, successor) ?? 'renewal'}), ${plural(-gap, 'day')} before the end (${end})`;
}

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * The state of each paying contract that had started by `asOf`, with the rule that decided it. Trials
 * and $0 contracts have none (see isRevenue).
 */
export function contractOutcomes(contracts: readonly ContractFacts[], asOf: string, graceDays: number): ContractOutcome[] {
  const known = contracts.filter((contract) => contract.start_date <= asOf && isRevenue(contract));
  return known.map((contract) => {
    const successor = successorOf(contract, known, graceDays);
    const status = contract.status;
    if (status === 'renewed') return { contract, state: 'renewed', rule: successor ? `status says renewed; ${successionSentence(contract, successor, graceDays)}` : 'status says renewed', successor };
    if (successor) return { contract, state: 'renewed', rule: successionSentence(contract, successor, graceDays), successor };
    if (status !== null && CHURNED_STATUSES.has(status)) return { contract, state: 'churned', rule: `status says ${status}`, successor };
    const cancelled = contract.cancelled_on != null && contract.cancelled_on <= asOf ? contract.cancelled_on : null;
    if (contract.end_date === null || contract.end_date >= asOf) {
      const runs = contract.end_date === null ? 'no end date' : `runs until ${contract.end_date}`;
      return { contract, state: 'open', rule: cancelled === null ? runs : `${runs}; cancelled on ${cancelled}, will not renew`, successor };
    }
    if (cancelled !== null) return { contract, state: 'churned', rule: `cancelled on ${cancelled}; ended ${contract.end_date}`, successor };
    const graceEnd = addDays(contract.end_date, graceDays);
    // A status csops could not classify counts as none; the rule says so, since the export had one.
    const unclassified = status === null && contract.status_raw ? `; status ${JSON.stringify(contract.status_raw)} not classified` : '';
    if (graceEnd < asOf) return { contract, state: 'churned', rule: `no renewal within ${graceDays} days of the end (${contract.end_date})${unclassified}`, successor };
    return { contract, state: 'lapsed', rule: `ended ${contract.end_date}, no renewal recorded yet (grace until ${graceEnd})${unclassified}`, successor };
  });
}

/**
 * The days each known contract contributes ARR, as [from, to] inclusive (to null = open-ended),
 * following the rules above. `asOf` bounds what is known.
 */
export function arrSpans(contracts: readonly ContractFacts[], asOf: string, graceDays: number): Array<{ contract: ContractFacts; from: string; to: string | null }> {
  const outcomes = contractOutcomes(contracts, asOf, graceDays);
  const bridgedStart = new Map<ContractFacts, string>();
  for (const { contract, successor } of outcomes) {
    if (successor && contract.end_date !== null && successor.start_date > addDays(contract.end_date, 1)) {
      const from = addDays(contract.end_date, 1);
      const current = bridgedStart.get(successor);
      if (current === undefined || from < current) bridgedStart.set(successor, from);
    }
  }
  return outcomes.map(({ contract, state, successor }) => {
    let to = contract.end_date;
    if (successor && to !== null && successor.start_date <= to) to = addDays(successor.start_date, -1);
    // Outcome not known yet: the ARR is still there until the grace period runs out.
    if (state === 'lapsed' && to !== null) to = addDays(to, graceDays);
    return { contract, from: bridgedStart.get(contract) ?? contract.start_date, to };
  });
}

/** ARR per currency on `day`, from spans computed as of a later (or the same) day. */
export function arrOnDay(spans: ReturnType<typeof arrSpans>, day: string): Money[] {
  const totals: Money[] = [];
  for (const { contract, from, to } of spans) {
    if (from <= day && (to === null || to >= day)) addToCurrency(totals, contract.currency, contract.arr);
  }
  return currencyTotals(totals);
}
