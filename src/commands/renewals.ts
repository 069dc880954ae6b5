import type { CommandContext } from './context.js';
import { openDatabase } from '../db/connection.js';
import { accountOwners, accountsWithContractsEnding, loadBook, loadDataThrough, type Book } from '../db/portfolio.js';
import { isPostgresUrl } from '../config/database-url.js';
import { sameFilterValue, unmatchedFilterNote } from '../core/filter-match.js';
import type { DataThrough } from '../core/freshness.js';
import { contractOutcomes, isRevenue, type RenewalState, statusUnclassified } from '../core/renewal-state.js';
import { daysBetween, addDays } from '../core/dates.js';
import { inReportingCurrency, roundMoney, type Money } from '../core/money.js';
import { bandSeverity, SAID, type Phrase } from '../core/health.js';
import { Notes, type Said } from '../i18n/notes.js';
import type { HealthBand, Tier } from '../config/rules.js';
import { addUpArr } from '../core/book-of-business.js';
import { scoreEveryCustomer, type ScoredAccount } from './scoring.js';
import { loadRelationshipSignals } from './relationship.js';
import { decisionMakerContact } from '../core/relationship.js';

export interface RenewalsOptions {
  /** Contracts ending within this many days (lapsed ones always included). */
  within: number;
  owner?: string;
  tier?: Tier;
  bands?: HealthBand[];
}

export interface RenewalRow {
  window: string;
  account_id: string;
  name: string;
  owner: string | null;
  tier: Tier | null;
  /** The contracts ending that day (a main contract and its co-termed add-ons). */
  contract_ids: string[];
  end_date: string;
  days_left: number;
  /** In the reporting currency; null when a currency has no exchange rate. */
  arr: number | null;
  arr_by_currency: Money[];
  auto_renew: boolean | null;
  state: RenewalState;
  /** The rule that decided the state (SPEC §4). */
  rule: string;
  score: number | null;
  band: HealthBand | 'unknown';
  top_reason: string | null;
  /** top_reason as a phrase, for people reading another language (a symbol key: not in JSON). */
  [SAID]: Phrase | null;
  /** The last touchpoint with a decision maker or economic buyer of the account still there (issue 21). */
  last_decision_maker_touchpoint: string | null;
  /**
   * No decision maker contacted within the tier's cadence (health.factors.relationship.cadence_days),
   * or none named: true; contacted: false; null when it does not apply (no contact data, a tech-touch
   * account) or cannot be told (the touchpoint data does not reach back a cadence).
   */
  no_decision_maker_contact: boolean | null;
  /** Why it is flagged, as a sentence. */
  decision_maker_note: string | null;
}

export interface RenewalWindow {
  window: string;
  contracts: number;
  accounts: number;
  /** ARR up for renewal per currency (one entry in the reporting currency when converted). */
  arr: Money[];
  /** ARR weighted by the health band's forecast weight (renewed 1, churned 0). */
  forecast: Money[];
}

export interface RenewalsResult {
  as_of: string;
  within: number;
  currency: string;
  /** Totals were converted to the reporting currency with the config's exchange rates. */
  converted: boolean;
  renewals: RenewalRow[];
  windows: RenewalWindow[];
  forecast_weights: Record<string, number>;
  /** Contracts listed whose status csops could not classify: the grace-period rule decided their state. */
  unknown_status_contracts: number;
  /** Rows flagged no_decision_maker_contact. */
  no_decision_maker_contact: number;
  /** Each source kind's last data day and whether it is stale (config freshness.lag_days). */
  data_through: DataThrough;
  notes: string[];
  /** The notes as catalogue keys and values, for people reading another language (a symbol key: not in JSON). */
  [SAID]?: Said[];
}

export const LAPSED = 'lapsed';

/** Contracts coming up for renewal and lapsed ones, bucketed by window, worst health first (DOMAIN §3). */
export async function runRenewals(context: CommandContext, options: RenewalsOptions): Promise<RenewalsResult> {
  const { config, asOf } = context;
  const source = isPostgresUrl(context.dbPath) ? await postgresReads(context) : sqliteReads(context);
  try {
    // Only accounts with a contract ending between the start of the grace period and the horizon can
    // have a lapsed or upcoming renewal.
    const book = await source.bookEnding(addDays(asOf, -config.renewals.grace_days), addDays(asOf, options.within));
    const accounts = new Map(book.accounts.map((account) => [account.account_id, account]));
    const contractsByAccount = book.contracts;
    const horizon = addDays(asOf, options.within);
    interface Due { accountId: string; endDate: string; outcomes: ReturnType<typeof contractOutcomes> }
    const due: Due[] = [];
    for (const [accountId, contracts] of contractsByAccount) {
      const byEnd = new Map<string, ReturnType<typeof contractOutcomes>>();
      for (const outcome of contractOutcomes(contracts, asOf, config.renewals.grace_days)) {
        const end = outcome.contract.end_date;
        const upcoming = end !== null && end >= asOf && end <= horizon;
        if (!upcoming && outcome.state !== 'lapsed') continue;
        byEnd.set(end!, [...(byEnd.get(end!) ?? []), outcome]);
      }
      for (const [endDate, outcomes] of byEnd) due.push({ accountId, endDate, outcomes });
    }
    const scored = new Map((await source.score(book, new Set(due.map((entry) => entry.accountId)))).map((entry) => [entry.account.account_id, entry]));
    const relationship = await source.relationship([...new Set(due.map((entry) => entry.accountId))]);
    const buckets = renewalWindows(config.renewals.windows, options.within);
    const owner = options.owner;
    const rows: RenewalRow[] = [];
    for (const { accountId, endDate, outcomes } of due) {
      const account = accounts.get(accountId);
      const health = scored.get(accountId);
      const arrByCurrency = new Map<string, number>();
      for (const { contract } of outcomes) arrByCurrency.set(contract.currency, (arrByCurrency.get(contract.currency) ?? 0) + contract.arr);
      const money = [...arrByCurrency].map(([currency, amount]) => ({ currency, amount: roundMoney(amount) }));
      // One state for the row: the main (largest) contract decides.
      const main = [...outcomes].sort((a, b) => b.contract.arr - a.contract.arr)[0]!;
      const tier = health?.tier.tier ?? null;
      const deciders = decisionMakerContact(tier === null ? undefined : relationship?.(accountId, tier), asOf, config.health);
      const row: RenewalRow = {
        window: windowOf(daysBetween(asOf, endDate), main.state, buckets),
        account_id: accountId,
        name: account?.name ?? accountId,
        owner: account?.owner ?? null,
        tier,
        contract_ids: outcomes.map(({ contract }) => contract.contract_id),
        end_date: endDate,
        days_left: daysBetween(asOf, endDate),
        arr: inReportingCurrency(money, config.currency, config.exchange_rates).amount ?? null,
        arr_by_currency: money,
        auto_renew: main.contract.auto_renew,
        state: main.state,
        rule: main.rule,
        score: health?.health.score ?? null,
        band: health?.health.band ?? 'unknown',
        top_reason: health?.health.reasons[0] ?? null,
        [SAID]: health?.health[SAID].reasons[0] ?? null,
        last_decision_maker_touchpoint: deciders.last,
        no_decision_maker_contact: deciders.overdue,
        decision_maker_note: deciders.reason,
      };
      if (owner !== undefined && !sameFilterValue(owner, row.owner)) continue;
      if (options.tier !== undefined && row.tier !== options.tier) continue;
      if (options.bands !== undefined && !options.bands.includes(row.band as HealthBand)) continue;
      rows.push(row);
    }
    const windowOrder = [LAPSED, ...buckets.map((bucket) => bucket.label)];
    rows.sort(
      (a, b) =>
        windowOrder.indexOf(a.window) - windowOrder.indexOf(b.window) ||
        bandSeverity(b.band) - bandSeverity(a.band) ||
        (b.arr ?? 0) - (a.arr ?? 0) ||
        a.account_id.localeCompare(b.account_id),
    );
    const converted = rows.every((row) => row.arr !== null);
    const weights = config.renewals.forecast_weights;
    const weightOf = (row: RenewalRow) => (row.state === 'renewed' ? 1 : row.state === 'churned' ? 0 : weights[row.band]);
    const windows = windowOrder.map((window): RenewalWindow => {
      const members = rows.filter((row) => row.window === window);
      return {
        window,
        contracts: members.reduce((sum, row) => sum + row.contract_ids.length, 0),
        accounts: new Set(members.map((row) => row.account_id)).size,
        arr: addUpArr(members, config.currency, () => 1, converted),
        forecast: addUpArr(members, config.currency, weightOf, converted),
      };
    });
    const notes = new Notes();
    const unmatchedOwner = owner === undefined ? undefined : unmatchedFilterNote('--owner', owner, await source.owners(), "account's owner");
    if (unmatchedOwner) notes.addText(unmatchedOwner);
    if (!converted) notes.add('note.totals_per_currency');
    const graceStart = addDays(asOf, -config.renewals.grace_days);
    const notRevenue = [...contractsByAccount.values()].flat().filter((contract) => !isRevenue(contract) && contract.start_date <= asOf && contract.end_date !== null && contract.end_date >= graceStart && contract.end_date <= horizon);
    if (notRevenue.length > 0) {
      const trials = notRevenue.filter((contract) => contract.status === 'trial').length;
      notes.add('note.not_revenue', { count: notRevenue.length, trials, free: notRevenue.length - trials });
    }
    const listed = new Set(rows.flatMap((row) => row.contract_ids));
    const unknownStatus = [...contractsByAccount.values()].flat().filter((contract) => listed.has(contract.contract_id) && statusUnclassified(contract)).length;
    if (unknownStatus > 0) {
      notes.add('note.renewals_unknown_status', { count: unknownStatus, grace: config.renewals.grace_days });
    }
    const unmet = rows.filter((row) => row.no_decision_maker_contact === true).length;
    if (unmet > 0) notes.add('note.no_decision_maker', { count: unmet });
    return {
      as_of: asOf, within: options.within, currency: config.currency, converted, renewals: rows, windows, forecast_weights: { ...weights, renewed: 1, churned: 0 },
      unknown_status_contracts: unknownStatus, no_decision_maker_contact: unmet, data_through: await source.dataThrough(), notes: notes.english,
      [SAID]: notes.said,
    };
  } finally {
    await source.close();
  }
}

/** What csops renewals reads, from a SQLite file or a PostgreSQL database. */
interface RenewalsReads {
  /** The accounts with a contract ending between two days (inclusive), and their contracts. */
  bookEnding(from: string, to: string): Promise<Book>;
  /** Those of `only` who are customers on the day, scored. */
  score(book: Book, only: ReadonlySet<string>): Promise<ScoredAccount[]>;
  relationship(accountIds: readonly string[]): Promise<ReturnType<typeof loadRelationshipSignals>>;
  owners(): Promise<string[]>;
  dataThrough(): Promise<DataThrough>;
  close(): Promise<void>;
}

function sqliteReads(context: CommandContext): RenewalsReads {
  const { config, asOf } = context;
  const db = openDatabase(context.dbPath, { busyTimeoutMs: config.busy_timeout_ms, mustExist: true });
  return {
    bookEnding: async (from, to) => loadBook(db, accountsWithContractsEnding(db, from, to)),
    score: (book, only) => scoreEveryCustomer(db, context.dbPath, asOf, config, book, only),
    relationship: async (accountIds) => loadRelationshipSignals(db, asOf, config, accountIds),
    owners: async () => accountOwners(db),
    dataThrough: async () => loadDataThrough(db, asOf, config),
    close: async () => {
      db.close();
    },
  };
}

/** PostgreSQL (issue 25): set-oriented reads through one connection, the same core; loaded only for a PostgreSQL URL. */
async function postgresReads(context: CommandContext): Promise<RenewalsReads> {
  const { config, asOf } = context;
  const { openPostgresForReading } = await import('../db/pg/open.js');
  const reads = await import('../db/pg/portfolio-reads.js');
  const { pgRelationshipSignals } = await import('../db/pg/scoring-reads.js');
  const { scoreOnPostgres } = await import('./postgres-scoring.js');
  const session = await openPostgresForReading(context.dbPath, context.version);
  return {
    bookEnding: async (from, to) => reads.pgLoadBook(session, await reads.pgAccountsWithContractsEnding(session, from, to)),
    score: (book, only) => scoreOnPostgres(session, asOf, config, book, only),
    relationship: (accountIds) => pgRelationshipSignals(session, asOf, config, accountIds),
    owners: () => reads.pgAccountOwners(session),
    dataThrough: () => reads.pgDataThrough(session, asOf, config),
    close: () => session.close(),
  };
}

/**
 * The renewal windows up to --within: "0–30", "31–60", … from the configured upper ends, and beyond
 * the last one "121–180" up to --within. A window --within cuts short is labelled by where it stops
 * (--within 100 ends with 91–100).
 */
export function renewalWindows(windows: readonly number[], within: number): Array<{ upper: number; label: string }> {
  const result: Array<{ upper: number; label: string }> = [];
  let lower = 0;
  for (const upper of [...windows, within]) {
    if (lower > within) break;
    const end = Math.min(upper, within);
    result.push({ upper: end, label: `${lower}–${end}` });
    lower = upper + 1;
  }
  return result;
}

function windowOf(daysLeft: number, state: RenewalState, windows: ReturnType<typeof renewalWindows>): string {
  if (state === 'lapsed' || daysLeft < 0) return LAPSED;
  return windows.find((window) => daysLeft <= window.upper)!.label;
}
