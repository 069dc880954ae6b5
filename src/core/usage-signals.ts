import type { Config } from '../config/schema.js';
import { addDays } from './dates.js';
import type { HealthInputs } from './health.js';

/**
 * The usage inputs of the health score from per-account sums over the scored weeks (the store computes
 * them in SQL, in a worker thread when it can): recency, login trend, peak active users, key modules.
 */
export type UsageSignals = HealthInputs['usage'];

export interface UsageAggregate {
  account_id: string;
  last_login_day: string | null;
  logins_recent: number | null;
  logins_previous: number | null;
  peak_active_users: number | null;
  days_previous: number;
  [module: `module_${number}`]: number | null;
}

/** The per-account sums, and what they were measured over. */
export interface UsageAggregates {
  rows: UsageAggregate[];
  /** The last day of usage data on or before the as-of day (null without any): the windows end on it. */
  end: string | null;
  /** Some row in the trend window carries the configured login metric; else any usage stands for a login. */
  loginTracked: boolean;
}

/** The first day of the trend window (two periods of login_trend.weeks), ending on the last usage day. */
export function usageWindowStart(aggregates: Pick<UsageAggregates, 'end'>, asOf: string, config: Config): string {
  return addDays(aggregates.end ?? asOf, -(2 * config.health.factors.login_trend.weeks * 7) + 1);
}

/** An account's last day of any usage and last login before the window (the store looks it up). */
export type EarlierUsage = (accountId: string) => { any_day: string | null; login_day: string | null };

/**
 * Each account's usage signals; `earlier` is asked, only for the accounts silent in the window, for
 * their last day of any usage and last login before it.
 */
export function usageSignalsFrom(
  { rows: aggregates, end, loginTracked }: UsageAggregates,
  accountIds: readonly string[],
  earlier: EarlierUsage,
  config: Config,
): Map<string, UsageSignals> {
  const modules = config.health.key_modules;
  // The flags come from the accounts scored, whether the sums were computed for them or for all.
  const scored = new Set(accountIds);
  const relevant = aggregates.filter((row) => scored.has(row.account_id));
  const covered = relevant.length > 0;
  const previousCovered = relevant.some((row) => row.days_previous > 0);
  const activeUsersTracked = relevant.some((row) => row.peak_active_users !== null);
  const byAccount = new Map(relevant.map((row) => [row.account_id, row]));
  const signals = new Map<string, UsageSignals>();
  for (const accountId of accountIds) {
    const row = byAccount.get(accountId);
    let lastLoginDay = row?.last_login_day ?? null;
    let accountTracked = row !== undefined;
    if (covered && lastLoginDay === null) {
      const before = earlier(accountId);
      lastLoginDay = before.login_day;
      accountTracked ||= before.any_day !== null;
    }
    signals.set(accountId, {
      covered,
      previousCovered,
      accountTracked,
      activeUsersTracked,
      loginMetricTracked: loginTracked,
      dataEnd: end,
      lastLoginDay,
      loginsRecent: row?.logins_recent ?? 0,
      loginsPrevious: row?.logins_previous ?? 0,
      peakActiveUsers: row?.peak_active_users ?? (covered ? 0 : null),
      keyModulesUsed: modules.filter((_, index) => (row?.[`module_${index}`] ?? 0) > 0),
    });
  }
  return signals;
}
