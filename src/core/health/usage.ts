import type { HealthConfig } from '../../config/rules.js';
import { addDays, daysBetween } from '../dates.js';
import { missing, result, sortedBands, usageGap } from './factor.js';
import { phrase } from './phrases.js';
import type { FactorResult, HealthInputs } from './types.js';

/** The usage factors: recency (days without a login), login trend, licence use and key modules. */
/** The day usage recency is measured to: the as-of day, or the last day of usage data when it ends earlier. */
export function usageEnd(inputs: HealthInputs): string {
  const end = inputs.usage.dataEnd;
  return end !== undefined && end !== null && end < inputs.asOf ? end : inputs.asOf;
}

/**
 * Days since the last login (or, without a login metric, the last usage) up to the end of the usage
 * data; with none recorded, days since the account became a customer. Null when the account became a
 * customer after the usage data ends.
 */
export function daysSilent(inputs: HealthInputs): number | null {
  const end = usageEnd(inputs);
  if (inputs.usage.lastLoginDay !== null) return daysBetween(inputs.usage.lastLoginDay, end);
  if (inputs.customerSince !== null && inputs.customerSince <= end) return daysBetween(inputs.customerSince, end);
  return null;
}

export function usageRecency(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands } = config.factors.usage_recency;
  const lastLogin = inputs.usage.lastLoginDay;
  const days = daysSilent(inputs);
  const end = usageEnd(inputs);
  const logins = inputs.usage.loginMetricTracked !== false;
  const facts = { last_login: lastLogin, days_since_last_login: days, customer_since: inputs.customerSince, measured_to: end, measured_on: logins ? 'login metric' : 'any usage' };
  const gap = usageGap(inputs);
  if (gap) return missing('usage_recency', weight, facts, gap);
  if (days === null) {
    return missing(
      'usage_recency',
      weight,
      facts,
      inputs.customerSince === null ? phrase('recency.no_start') : phrase('recency.customer_after_data', { since: inputs.customerSince, end }),
    );
  }
  const share = sortedBands(bands, (band) => band.max_days).find((band) => days <= band.max_days)?.share ?? 0;
  // Without the login metric, any usage stands for a login, and the sentence says so.
  const sentence = phrase('recency', { logins, metric: config.login_metric, last: lastLogin, since: inputs.customerSince, days, end, stale: end < inputs.asOf });
  return result('usage_recency', weight, share, facts, sentence, [sentence]);
}

export function loginTrend(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, weeks, bands } = config.factors.login_trend;
  const { loginsRecent: recent, loginsPrevious: previous } = inputs.usage;
  const facts = { weeks, logins_recent: recent, logins_previous: previous };
  // Written out rather than spread from facts: a spread copy gets a hidden class of its own in V8,
  // one per account, which slows every later read of it (JSON output included).
  const factsWithRatio = (ratio: number | null) => ({ weeks, logins_recent: recent, logins_previous: previous, ratio });
  const gap = usageGap(inputs);
  if (gap) return missing('login_trend', weight, facts, gap);
  if (inputs.usage.loginMetricTracked === false) return missing('login_trend', weight, facts, phrase('trend.no_metric', { metric: config.login_metric }));
  if (!inputs.usage.previousCovered) return missing('login_trend', weight, facts, phrase('trend.no_previous', { weeks }));
  const historyStart = addDays(usageEnd(inputs), -(2 * weeks * 7) + 1);
  if (inputs.customerSince === null || inputs.customerSince > historyStart) {
    return missing('login_trend', weight, facts, phrase('trend.too_new', { weeks: 2 * weeks, since: inputs.customerSince }));
  }
  const end = usageEnd(inputs) < inputs.asOf ? usageEnd(inputs) : null;
  if (previous === 0) {
    if (recent > 0) return result('login_trend', weight, 1, factsWithRatio(null), phrase('trend.new_logins', { recent, weeks, end }), []);
    const none = phrase('trend.no_logins', { weeks, end });
    return result('login_trend', weight, 0, factsWithRatio(null), none, [none]);
  }
  const ratio = recent / previous;
  const share = sortedBands(bands, (band) => -band.min_ratio).find((band) => ratio >= band.min_ratio)?.share ?? 0;
  const change = Math.round((ratio - 1) * 100);
  const sentence = phrase('trend.change', { change, recent, previous, weeks, end });
  return result('login_trend', weight, share, factsWithRatio(Math.round(ratio * 1000) / 1000), sentence, [sentence]);
}

export function licenceUtilisation(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands } = config.factors.licence_utilisation;
  const { peakActiveUsers } = inputs.usage;
  const facts = { peak_active_users: peakActiveUsers, seats: inputs.seats };
  const gap = usageGap(inputs);
  if (gap) return missing('licence_utilisation', weight, facts, gap);
  if (!inputs.usage.activeUsersTracked) return missing('licence_utilisation', weight, facts, phrase('licence.no_metric', { metric: config.active_users_metric }));
  if (inputs.seats === null) return missing('licence_utilisation', weight, facts, phrase('licence.no_seats'));
  if (inputs.seats === 0) return missing('licence_utilisation', weight, facts, phrase('licence.zero_seats'));
  const users = peakActiveUsers ?? 0;
  const utilisation = users / inputs.seats;
  const share = sortedBands(bands, (band) => -band.min_share).find((band) => utilisation >= band.min_share)?.share ?? 0;
  const sentence = phrase('licence.in_use', { users, seats: inputs.seats, percent: Math.round(utilisation * 100) });
  const factsWithUtilisation = { peak_active_users: peakActiveUsers, seats: inputs.seats, utilisation: Math.round(utilisation * 1000) / 1000 }; // not a spread: see loginTrend
  return result('licence_utilisation', weight, share, factsWithUtilisation, sentence, [sentence]);
}

export function keyModules(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands } = config.factors.key_modules;
  const modules = config.key_modules;
  const used = inputs.usage.keyModulesUsed;
  const facts = { key_modules: modules, used };
  if (modules.length === 0) return missing('key_modules', weight, facts, phrase('modules.none_configured'));
  const gap = usageGap(inputs);
  if (gap) return missing('key_modules', weight, facts, gap);
  const unused = modules.filter((module) => !used.includes(module));
  const usedShare = (modules.length - unused.length) / modules.length;
  const share = sortedBands(bands, (band) => -band.min_share).find((band) => usedShare >= band.min_share - 1e-9)?.share ?? 0;
  const sentence = unused.length === 0 ? phrase('modules.all_used', { count: modules.length }) : phrase('modules.unused', { modules: unused });
  return result('key_modules', weight, share, facts, sentence, [sentence]);
}
