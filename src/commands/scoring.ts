import type { Config } from '../config/schema.js';
import type { Db } from '../db/connection.js';
import {
  loadBook, loadSupportSignals, loadSurveySignals, loadUsageSignals, standingsOn, usageAggregates, usageAggregatesInBackground, usageSignalsFrom, type AccountFacts, type Book,
} from '../db/portfolio.js';
import { scoreHealth, type HealthResult } from '../core/health.js';
import { assignTier, type TierAssignment } from '../core/tiers.js';
import type { Standing } from '../core/standing.js';
import { normalizeCompanyName } from '../core/account-match.js';
import { UsageError } from '../errors.js';

/** An account as tier and risk see it on one day. */
export interface TieredAccount {
  account: AccountFacts;
  standing: Standing;
  tier: TierAssignment;
}

export interface ScoredAccount extends TieredAccount {
  health: HealthResult;
}

/** Tiers of every customer (active or lapsed) on the day, or of those in `only`. */
export function tierPortfolio(book: Book, asOf: string, config: Config, only?: ReadonlySet<string>): TieredAccount[] {
  return standingsOn(book, asOf, config, true, only).map(({ account, standing }) => ({
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

/**
 * Health of every customer on the day (or of those in `only`), from data dated on or before it only.
 * `book` saves reading accounts and contracts again when the caller already has them.
 */
export function scorePortfolio(db: Db, asOf: string, config: Config, only?: ReadonlySet<string>, book: Book = loadBook(db)): ScoredAccount[] {
  const prepared = prepareScoring(db, asOf, config, only, book);
  return finishScoring(prepared, loadUsageSignals(db, prepared.ids, asOf, config), asOf, config);
}

/**
 * The same (for every customer, or those in `only`), with the usage sums computed in a worker thread
 * while this thread reads the rest: the result is identical to scorePortfolio's, only sooner.
 */
export async function scoreEveryCustomer(db: Db, dbPath: string, asOf: string, config: Config, book: Book = loadBook(db), only?: ReadonlySet<string>): Promise<ScoredAccount[]> {
  const pending = usageAggregatesInBackground(dbPath, asOf, config, only === undefined ? undefined : [...only]);
  const prepared = prepareScoring(db, asOf, config, only, book);
  const aggregates = (await pending) ?? usageAggregates(db, asOf, config, prepared.ids);
  return finishScoring(prepared, usageSignalsFrom(db, aggregates, prepared.ids, asOf, config), asOf, config);
}

interface PreparedScoring {
  tiered: TieredAccount[];
  ids: string[];
  support: ReturnType<typeof loadSupportSignals>;
  surveys: ReturnType<typeof loadSurveySignals>;
}

function prepareScoring(db: Db, asOf: string, config: Config, only: ReadonlySet<string> | undefined, book: Book): PreparedScoring {
  const tiered = tierPortfolio(book, asOf, config, only);
  const ids = tiered.map((entry) => entry.account.account_id);
  return { tiered, ids, support: loadSupportSignals(db, asOf, config, only === undefined ? undefined : ids), surveys: loadSurveySignals(db, asOf, config, only === undefined ? undefined : ids) };
}

function finishScoring({ tiered, support, surveys }: PreparedScoring, usage: ReturnType<typeof loadUsageSignals>, asOf: string, config: Config): ScoredAccount[] {
  return tiered.map((entry) => {
    const id = entry.account.account_id;
    const { standing } = entry;
    const health = scoreHealth(
      {
        asOf,
        customerSince: standing.customerSince,
        usage: usage.get(id)!,
        seats: standing.seats,
        support: support(id),
        surveys: surveys.get(id) ?? { latest: null, unfollowed: [] },
        renewal: { state: standing.state === 'lapsed' ? 'lapsed' : 'active', renewalDate: standing.renewalDate, autoRenew: standing.autoRenew },
      },
      config.health,
    );
    return { ...entry, health };
  });
}

/** Finds one account by id, or by name forgiving case, spacing, full-width forms and legal suffixes. */
export function findAccount<T extends { account: AccountFacts }>(entries: readonly T[], query: string): T | undefined {
  const byId = entries.find((entry) => entry.account.account_id === query) ?? entries.find((entry) => entry.account.account_id.toLowerCase() === query.trim().toLowerCase());
  if (byId) return byId;
  const key = normalizeCompanyName(query);
  const matches = entries.filter((entry) => normalizeCompanyName(entry.account.name) === key);
  if (matches.length > 1) {
    throw new UsageError(
      `"${query}" names ${matches.length} accounts: ${matches.map((entry) => `${entry.account.account_id} (${entry.account.name})`).join(', ')}`,
      'give the account id instead',
    );
  }
  return matches[0];
}
