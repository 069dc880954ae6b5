import type { Config } from '../config/schema.js';
import type { Db } from '../db/connection.js';
import {
  loadBook, earlierUsageLookup, rememberLastUsageDay, usageAggregates, usageAggregatesInBackground, type AccountFacts, type Book,
} from '../db/portfolio.js';
import { scoringWorkers } from '../db/workers.js';
import { supportSignalsInBackground, supportSignalsOn, supportSignalsThrough, surveySignalsOn, surveySignalsThrough, windowSignals, type WindowSignals } from '../db/window-signals.js';
import { scoreHealth, type HealthInputs, type HealthResult } from '../core/health.js';
import { usageSignalsFrom, usageWindowStart, type UsageAggregates } from '../core/usage-signals.js';
import { supportSignalsLookup, type SupportSignals } from '../core/support-signals.js';
import { assignTier, type TierAssignment } from '../core/tiers.js';
import { standingOn, type Standing } from '../core/standing.js';
import { normalizeCompanyName } from '../core/account-match.js';
import { UsageError } from '../errors.js';
import { loadRelationshipSignals } from './relationship.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/** An account as tier and risk see it on one day. */
export interface TieredAccount {
  account: AccountFacts;
  standing: Standing;
  tier: TierAssignment;
}

export interface ScoredAccount extends TieredAccount {
  /** What it was scored from (the alert rules read its support, survey and relationship signals). */
  inputs: HealthInputs;
  health: HealthResult;
}

/** Tiers of every customer (active or lapsed) on the day, or of those in `only`. */
export function tierPortfolio(book: Book, asOf: string, config: Config, only?: ReadonlySet<string>): TieredAccount[] {
  return customersOn(book, asOf, config, only).map(({ account, standing }) => ({
    account,
    standing,
    tier: assignTier(
      {
        account_id: account.account_id,
        arr: standing.arr,
        employees: account.employees,
        customDev: account.custom_dev_amount === null ? null : { currency: account.currency ?? config.currency, amount: account.custom_dev_amount },
        plan: account.plan ?? standing.plan,
        tierOverride: account.tier_override,
      },
      { rules: config.tiers, currency: config.currency, exchangeRates: config.exchange_rates },
    ),
  }));
}

/** Every customer (active or lapsed) on the day, or those in `only`, with its commercial standing. */
function customersOn(book: Book, asOf: string, config: Config, only?: ReadonlySet<string>): Array<{ account: AccountFacts; standing: Standing }> {
  const result: Array<{ account: AccountFacts; standing: Standing }> = [];
  for (const account of book.accounts) {
    if (only !== undefined && !only.has(account.account_id)) continue;
    const standing = standingOn(book.contracts.get(account.account_id) ?? [], asOf, config.renewals.grace_days);
    if (standing.state === 'inactive') continue;
    result.push({ account, standing });
  }
  return result;
}

/**
 * Health of every customer on the day (or of those in `only`), from data dated on or before it only.
 * `book` saves reading accounts and contracts again when the caller already has them.
 */
export function scorePortfolio(db: Db, asOf: string, config: Config, only?: ReadonlySet<string>, book: Book = loadBook(db)): ScoredAccount[] {
  const tiers = tiersAndRelationship(db, asOf, config, only, book);
  const prepared = withSignals(tiers, windowSignals(db, asOf, config, tiers.some));
  return finishScoring(prepared, loadUsageSignals(db, prepared.ids, asOf, config), asOf, config);
}

/**
 * The same (for every customer, or those in `only`), with the usage sums computed in a worker thread
 * while this thread reads the rest: the result is identical to scorePortfolio's, only sooner.
 */
export function scoreEveryCustomer(db: Db, dbPath: string, asOf: string, config: Config, book: Book = loadBook(db), only?: ReadonlySet<string>): Promise<ScoredAccount[]> {
  return startScoring(db, dbPath, asOf, config, only).finish(book);
}

/**
 * scoreEveryCustomer in two steps, for a caller that has yet to read the book: the usage sums (the
 * longest read) start in their worker first, and the book is read while they run.
 */
export function startScoring(db: Db, dbPath: string, asOf: string, config: Config, only?: ReadonlySet<string>): { finish(book: Book): Promise<ScoredAccount[]>; finish<T>(book: Book, each: (entry: ScoredAccount) => T): Promise<T[]> } {
  // db.name, not dbPath: the name it was opened by (a read-only database may be open as an immutable file: URI).
  const wanted = only === undefined ? undefined : [...only];
  // Workers while this thread reads the book and places the tiers (scoringWorkers: as many as the cores
  // and the database's size pay for): the usage sums and then the survey signals, and the support signals.
  // Whatever no worker reads, this thread reads after the tiers: the tickets first, while the usage worker runs.
  const workers = scoringWorkers(db);
  const pendingUsage = workers >= 1 ? usageAggregatesInBackground(db.name, asOf, config, wanted) : Promise.resolve(undefined);
  const pendingSupport = workers >= 2 ? supportSignalsInBackground(db.name, asOf, config, wanted) : undefined;
  return {
    async finish<T>(book: Book, each?: (entry: ScoredAccount) => T) {
      const tiers = tiersAndRelationship(db, asOf, config, only, book);
      const support = (pendingSupport ? await pendingSupport : undefined) ?? supportSignalsThrough(db, asOf, config, tiers.some);
      const usageAndSurveys = await pendingUsage;
      const signals: WindowSignals = {
        ...support,
        surveys: usageAndSurveys?.surveys ?? surveySignalsThrough(db, asOf, config, tiers.some),
      };
      const prepared = withSignals(tiers, signals);
      const usage = usageAndSurveys?.usage;
      // The worker found the last usage day on its own connection: the freshness note reuses it.
      if (usage) rememberLastUsageDay(db, asOf, usage.end);
      const aggregates = usage ?? usageAggregates(db, asOf, config, prepared.ids);
      return finishScoring(prepared, usageSignalsOf(db, aggregates, prepared.ids, asOf, config), asOf, config, each);
    },
  };
}

/**
 * Usage signals per account over the trend window (2 × weeks up to the last usage day): the store sums
 * each account's rows, core reads the sums; accounts silent for the whole window get their last login
 * from a second, per-account look further back.
 */
export function loadUsageSignals(db: Db, accountIds: readonly string[], asOf: string, config: Config): ReturnType<typeof usageSignalsFrom> {
  return usageSignalsOf(db, usageAggregates(db, asOf, config, accountIds), accountIds, asOf, config);
}

function usageSignalsOf(db: Db, aggregates: UsageAggregates, accountIds: readonly string[], asOf: string, config: Config): ReturnType<typeof usageSignalsFrom> {
  const earlier = earlierUsageLookup(db, usageWindowStart(aggregates, asOf, config), aggregates.loginTracked, config.health.login_metric);
  return usageSignalsFrom(aggregates, accountIds, earlier, config);
}

/** Support signals of the day (window-signals.ts), for one account at a time. */
export function loadSupportSignals(db: Db, asOf: string, config: Config, accountIds?: readonly string[]): (accountId: string) => SupportSignals {
  const { byAccount, covered } = supportSignalsOn(db, asOf, config, accountIds);
  return supportSignalsLookup(byAccount, covered);
}

/** Survey signals of the day (window-signals.ts), by account. */
export const loadSurveySignals = surveySignalsOn;

export interface PreparedScoring {
  tiered: TieredAccount[];
  ids: string[];
  support: ReturnType<typeof loadSupportSignals>;
  surveys: ReturnType<typeof loadSurveySignals>;
  relationship: ReturnType<typeof loadRelationshipSignals>;
}

/** The tiers of the customers to score, and their relationship signals (which take the tier). */
export function tiersAndRelationship(db: Db, asOf: string, config: Config, only: ReadonlySet<string> | undefined, book: Book) {
  const tiered = tierPortfolio(book, asOf, config, only);
  const ids = tiered.map((entry) => entry.account.account_id);
  // Only some accounts: the stores seek each one's rows; all of them: they scan.
  const some = only === undefined ? undefined : ids;
  return { tiered, ids, some, relationship: loadRelationshipSignals(db, asOf, config, some) };
}

/**
 * Every input but usage. Support and survey windows end on the as-of day, or on the source's last
 * data day when its export is stale (window-signals.ts); usage windows end on the last usage day in the
 * same way (usageAggregates).
 */
export function withSignals({ tiered, ids, relationship }: ReturnType<typeof tiersAndRelationship>, signals: WindowSignals): PreparedScoring {
  return { tiered, ids, relationship, support: supportSignalsLookup(signals.support, signals.supportCovered), surveys: signals.surveys };
}

/**
 * Scores each account; `each`, when given, turns each scored account into what the caller keeps as
 * soon as it is scored, so the scoring's working objects die young (the garbage collector's
 * cheapest case) instead of all 20,000 accounts' being alive at once.
 */
export function finishScoring<T = ScoredAccount>({ tiered, support, surveys, relationship }: PreparedScoring, usage: ReturnType<typeof loadUsageSignals>, asOf: string, config: Config, each?: (entry: ScoredAccount) => T): T[] {
  return tiered.map((entry) => {
    const id = entry.account.account_id;
    const { standing } = entry;
    const inputs: HealthInputs = {
      asOf,
      customerSince: standing.customerSince,
      usage: usage.get(id)!,
      seats: standing.seats,
      support: support(id),
      surveys: surveys.get(id) ?? { latest: null, unfollowed: [] },
      renewal: { state: standing.state === 'lapsed' ? 'lapsed' : 'active', renewalDate: standing.renewalDate, autoRenew: standing.autoRenew, notRenewing: standing.notRenewing ?? null },
      relationship: relationship?.(id, entry.tier.tier),
    };
    // Fields named, not spread from entry: a spread is a runtime call per account in code V8 has not optimised yet.
    const scored: ScoredAccount = { account: entry.account, standing, tier: entry.tier, inputs, health: scoreHealth(inputs, config.health) };
    return each ? each(scored) : (scored as T);
  });
}

/**
 * By id (any case), else by name forgiving case, spacing, full-width forms and legal suffixes; an
 * ambiguous name lists the candidates, an unknown one suggests near names.
 */
export function resolveAccount(accounts: readonly AccountFacts[], query: string): AccountFacts {
  const wanted = query.trim();
  const byId = accounts.find((account) => account.account_id === wanted) ?? accounts.find((account) => account.account_id.toLowerCase() === wanted.toLowerCase());
  if (byId) return byId;
  const key = normalizeCompanyName(wanted);
  const exact = accounts.filter((account) => normalizeCompanyName(account.name) === key);
  if (exact.length === 1) return exact[0]!;
  const candidates = exact.length > 1 ? exact : key === '' ? [] : accounts.filter((account) => normalizeCompanyName(account.name).includes(key));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    const shown = candidates.slice(0, 10).map((account) => `  ${account.account_id}  ${account.name}`).join('\n');
    throw new UsageError(errorPhrase('error.account.ambiguous', { query, count: candidates.length, shown: `${shown}${candidates.length > 10 ? '\n  …' : ''}` }), errorPhrase('error.account.ambiguous_hint'));
  }
  throw new UsageError(errorPhrase('error.account.unknown', { query }), errorPhrase('error.account.unknown_hint'));
}
