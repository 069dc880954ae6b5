import { addDays, daysBetween } from './dates.js';
import { arrSpans, type ContractFacts, successorOf } from './renewal-state.js';
import { inReportingCurrency, roundMoney, type Money } from './money.js';

/**
 * Return on acquisition (收益度, DOMAIN §5): what customers paid over their lifetime so far ÷ what it
 * cost to win them, per acquisition channel, industry or tier, with 12-month logo retention — which
 * channels bring customers worth keeping. Contracts are billed yearly in advance: every contract year
 * that has begun by the as-of day counts in full (a shorter last year pro rata), plus the setup fee.
 */
export interface AcquisitionAccount {
  account_id: string;
  group: string;
  /** What winning it cost, in `costCurrency`; null when the CRM has no figure. */
  cost: number | null;
  costCurrency: string;
  contracts: readonly ContractFacts[];
  /** The CRM's "customer since", when it is earlier than the first contract in the data. */
  customerSince?: string | null;
}

export interface AcquisitionFigures {
  group: string;
  currency: string;
  accounts_won: number;
  /** Accounts with an acquisition cost: the ones the cost and return figures cover. */
  accounts_with_cost: number;
  /** null when no account of the group has a cost. */
  acquisition_cost: number | null;
  average_acquisition_cost: number | null;
  lifetime_revenue: number;
  /** Lifetime revenue of the accounts with a cost ÷ their cost; null when some of it is in another currency than the cost. */
  return_on_acquisition: number | null;
  /** Accounts won at least 12 months before the as-of day. */
  accounts_won_12_months_ago: number;
  retained_12_months: number;
  logo_retention_12_months: number | null;
}

/** A group whose accounts' revenue is in another currency than their acquisition cost: no return without a rate. */
export interface CurrencySplit {
  group: string;
  cost_currency: string;
  revenue_currencies: string[];
  accounts: number;
}

/** Why a group's return is missing and its revenue split across currencies, and what to do. */
export function describeSplit(split: CurrencySplit): string {
  return `${split.group}: no return on acquisition: ${split.accounts} account${split.accounts === 1 ? '' : 's'} paid in ${split.revenue_currencies.join(', ')} but with an acquisition cost in ${split.cost_currency}, so its revenue is shown per currency; add exchange_rates for ${[split.cost_currency, ...split.revenue_currencies].join(', ')} to the config, or import the accounts' costs with a currency column if ${split.cost_currency} was a default`;
}

export const ACQUISITION_DEFINITIONS: Record<string, string> = {
  accounts_won: 'accounts whose first contract started on or before the as-of day',
  acquisition_cost: "the accounts' acquisition cost from the CRM (accounts without one are left out of cost and return)",
  lifetime_revenue:
    'what the contracts billed by the as-of day, yearly in advance: each contract year that has begun counts in full, also for a contract with no end date; a last year cut short by the end date, or by a renewal or upgrade that replaced the contract, pro rata; plus setup fees; trials count nothing',
  return_on_acquisition: 'lifetime revenue ÷ acquisition cost of the accounts that have a cost (DOMAIN §5: 18,000 over 105 is 171.4)',
  logo_retention_12_months: 'of the accounts won at least 12 months ago (customer since, or the first contract), the share with a contract running on or after the day 12 months after it',
};

/**
 * Revenue billed by `asOf` for one contract, yearly in advance; `replacedFrom` is the day a renewal or
 * upgrade took over (its years are billed by the successor, not twice).
 */
export function billedToDate(contract: ContractFacts, asOf: string, replacedFrom?: string): number {
  if (contract.start_date > asOf) return 0;
  if (contract.status === 'trial') return 0;
  // No end date: the contract runs on, so every year begun by the as-of day is billed in full.
  const contractEnd = contract.end_date ?? '9999-12-31';
  const end = replacedFrom !== undefined && addDays(replacedFrom, -1) < contractEnd ? addDays(replacedFrom, -1) : contractEnd;
  let billed = contract.setup_fee ?? 0;
  for (let year = 0; ; year++) {
    const yearStart = addYears(contract.start_date, year);
    if (yearStart > asOf || yearStart > end) break;
    const yearEnd = addDays(addYears(contract.start_date, year + 1), -1);
    const share = yearEnd <= end ? 1 : (daysBetween(yearStart, end) + 1) / (daysBetween(yearStart, yearEnd) + 1);
    billed += contract.arr * share;
  }
  return billed;
}

function addYears(ymd: string, years: number): string {
  const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
  // 29 February plus a year is 28 February, not 1 March.
  const target = new Date(Date.UTC(year + years, month - 1, 1));
  const lastDay = new Date(Date.UTC(year + years, month, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export function computeAcquisition(
  accounts: readonly AcquisitionAccount[],
  asOf: string,
  graceDays: number,
  reporting: { currency: string; rates: Readonly<Record<string, number>> },
): { figures: AcquisitionFigures[]; converted: boolean; split: CurrencySplit[] } {
  const won = accounts
    .map((account) => ({ account, known: account.contracts.filter((contract) => contract.start_date <= asOf && contract.status !== 'trial') }))
    .filter(({ known }) => known.length > 0);
  const currencies = new Set(won.flatMap(({ account, known }) => [account.costCurrency, ...known.map((contract) => contract.currency)]));
  const converted = currencies.size > 0 && [...currencies].every((currency) => currency === reporting.currency || reporting.rates[currency] !== undefined);
  const convert = (money: Money): Money => (converted ? { currency: reporting.currency, amount: inReportingCurrency([money], reporting.currency, reporting.rates).amount! } : money);
  const groups = new Map<string, AcquisitionFigures & { revenueWithCost: number; mixed: boolean }>();
  const figuresFor = (group: string, currency: string) => {
    const key = `${group}\u0000${currency}`;
    let figures = groups.get(key);
    if (!figures) {
      figures = {
        group, currency, accounts_won: 0, accounts_with_cost: 0, acquisition_cost: 0, average_acquisition_cost: null, lifetime_revenue: 0, return_on_acquisition: null,
        accounts_won_12_months_ago: 0, retained_12_months: 0, logo_retention_12_months: null, revenueWithCost: 0, mixed: false,
      };
      groups.set(key, figures);
    }
    return figures;
  };
  const splits = new Map<string, CurrencySplit>();
  const countedSplit = new Set<string>();
  for (const { account, known } of won) {
    const revenue = new Map<string, number>();
    for (const contract of known) {
      const successor = successorOf(contract, known, graceDays);
      const replacedFrom = successor !== null && contract.end_date !== null && successor.start_date <= contract.end_date ? successor.start_date : undefined;
      const money = convert({ currency: contract.currency, amount: billedToDate(contract, asOf, replacedFrom) });
      revenue.set(money.currency, (revenue.get(money.currency) ?? 0) + money.amount);
    }
    const cost = account.cost === null ? null : convert({ currency: account.costCurrency, amount: account.cost });
    // An account is counted once, in the currency of its cost (or of its revenue when it has no cost).
    const home = cost?.currency ?? [...revenue.keys()][0]!;
    const figures = figuresFor(account.group, home);
    figures.accounts_won++;
    for (const [currency, amount] of revenue) {
      const target = currency === home ? figures : figuresFor(account.group, currency);
      target.lifetime_revenue += amount;
      if (cost !== null && currency === cost.currency) target.revenueWithCost += amount;
      // Revenue in another currency than the cost: the return cannot be worked out without a rate.
      if (cost !== null && currency !== cost.currency) {
        figures.mixed = true;
        const key = `${account.group}\u0000${cost.currency}`;
        const entry = splits.get(key) ?? { group: account.group, cost_currency: cost.currency, revenue_currencies: [], accounts: 0 };
        if (!entry.revenue_currencies.includes(currency)) entry.revenue_currencies.push(currency);
        splits.set(key, entry);
        if (!countedSplit.has(`${key}\u0000${account.account_id}`)) {
          countedSplit.add(`${key}\u0000${account.account_id}`);
          entry.accounts++;
        }
      }
    }
    if (cost !== null) {
      figures.accounts_with_cost++;
      figures.acquisition_cost = (figures.acquisition_cost ?? 0) + cost.amount;
    }
    const firstContract = known.reduce((first, contract) => (contract.start_date < first ? contract.start_date : first), known[0]!.start_date);
    const firstStart = account.customerSince && account.customerSince < firstContract ? account.customerSince : firstContract;
    const anniversary = addYears(firstStart, 1);
    if (anniversary <= asOf) {
      figures.accounts_won_12_months_ago++;
      // Still paying a year after being won: some contract runs on or past the anniversary (the CRM's
      // customer-since may predate the contracts in the data).
      if (arrSpans(account.contracts, asOf, graceDays).some((span) => span.to === null || span.to >= anniversary)) figures.retained_12_months++;
    }
  }
  const ratio = (part: number, whole: number, digits: number) => (whole === 0 ? null : Math.round((part / whole) * 10 ** digits) / 10 ** digits);
  const figures = [...groups.values()].map(({ revenueWithCost, mixed, ...f }): AcquisitionFigures => ({
    ...f,
    acquisition_cost: f.accounts_with_cost === 0 ? null : roundMoney(f.acquisition_cost!),
    average_acquisition_cost: f.accounts_with_cost === 0 ? null : roundMoney(f.acquisition_cost! / f.accounts_with_cost),
    lifetime_revenue: roundMoney(f.lifetime_revenue),
    return_on_acquisition: mixed ? null : ratio(revenueWithCost, f.acquisition_cost ?? 0, 1),
    logo_retention_12_months: ratio(f.retained_12_months, f.accounts_won_12_months_ago, 4),
  }));
  figures.sort((a, b) => a.group.localeCompare(b.group) || a.currency.localeCompare(b.currency));
  return { figures, converted, split: [...splits.values()].sort((a, b) => a.group.localeCompare(b.group)) };
}
