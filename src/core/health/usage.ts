import type { HealthConfig } from '../../config/rules.js';
import { addDays, daysBetween } from '../dates.js';
import { formatNumber } from '../money.js';
import { missing, plural, result, sortedBands, usageGap } from './factor.js';
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
      inputs.customerSince === null ? 'no login recorded and no contract start to count from' : `became a customer on ${inputs.customerSince}, after the usage data ends on ${end}`,
    );
  }
  const share = sortedBands(bands, (band) => band.max_days).find((band) => days <= band.max_days)?.share ?? 0;
  // Without the login metric, any usage stands for a login, and the sentence says so.
  const what = logins ? 'login' : 'usage';
  const fallback = logins ? '' : ` (no "${config.login_metric}" metric in the usage data: any usage counts)`;
  const stale = end < inputs.asOf;
  const sentence =
    lastLogin === null
      ? `no ${what} recorded since becoming a customer on ${inputs.customerSince} (${plural(days, 'day')}${stale ? ` to the end of the usage data on ${end}` : ''})${fallback}`
      : days === 0
        ? `${logins ? 'logged in' : 'used the product'} ${stale ? `on the last day of the usage data (${end})` : 'today'}${fallback}`
        : stale
          ? `no ${what} for ${plural(days, 'day')} before the usage data ends on ${end} (last on ${lastLogin})${fallback}`
          : `no ${what} for ${plural(days, 'day')} (last on ${lastLogin})${fallback}`;
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
  if (inputs.usage.loginMetricTracked === false) return missing('login_trend', weight, facts, `no "${config.login_metric}" metric in the usage data (set health.login_metric to the metric that counts logins)`);
  if (!inputs.usage.previousCovered) return missing('login_trend', weight, facts, `no usage data in the database for the ${plural(weeks, 'week')} before the last ${weeks}`);
  const historyStart = addDays(usageEnd(inputs), -(2 * weeks * 7) + 1);
  if (inputs.customerSince === null || inputs.customerSince > historyStart) {
    return missing('login_trend', weight, facts, `less than ${2 * weeks} weeks as a customer${inputs.customerSince ? ` (since ${inputs.customerSince})` : ''}`);
  }
  const period = `the last ${plural(weeks, 'week')}${usageEnd(inputs) < inputs.asOf ? ` of the usage data (to ${usageEnd(inputs)})` : ''}`;
  if (previous === 0) {
    return recent === 0
      ? result('login_trend', weight, 0, factsWithRatio(null), `no logins in ${period} nor the ${weeks} before`, [`no logins in ${period} nor the ${weeks} before`])
      : result('login_trend', weight, 1, factsWithRatio(null), `${formatNumber(recent)} logins in ${period}, none in the ${weeks} before`, []);
  }
  const ratio = recent / previous;
  const share = sortedBands(bands, (band) => -band.min_ratio).find((band) => ratio >= band.min_ratio)?.share ?? 0;
  const change = Math.round((ratio - 1) * 100);
  const sentence = `logins ${change < 0 ? `down ${-change}%` : change > 0 ? `up ${change}%` : 'flat'} (${formatNumber(recent)} in ${period} vs ${formatNumber(previous)} in the ${weeks} before)`;
  return result('login_trend', weight, share, factsWithRatio(Math.round(ratio * 1000) / 1000), sentence, [sentence]);
}

export function licenceUtilisation(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands } = config.factors.licence_utilisation;
  const { peakActiveUsers } = inputs.usage;
  const facts = { peak_active_users: peakActiveUsers, seats: inputs.seats };
  const gap = usageGap(inputs);
  if (gap) return missing('licence_utilisation', weight, facts, gap);
  if (!inputs.usage.activeUsersTracked) return missing('licence_utilisation', weight, facts, `no "${config.active_users_metric}" usage metric in the data`);
  if (inputs.seats === null) return missing('licence_utilisation', weight, facts, 'no seat count on the contract');
  if (inputs.seats === 0) return missing('licence_utilisation', weight, facts, 'the contract has 0 seats');
  const users = peakActiveUsers ?? 0;
  const utilisation = users / inputs.seats;
  const share = sortedBands(bands, (band) => -band.min_share).find((band) => utilisation >= band.min_share)?.share ?? 0;
  const sentence = `${formatNumber(users)} of ${formatNumber(inputs.seats)} seats in use (${Math.round(utilisation * 100)}%, peak daily active users in the last 4 weeks)`;
  const factsWithUtilisation = { peak_active_users: peakActiveUsers, seats: inputs.seats, utilisation: Math.round(utilisation * 1000) / 1000 }; // not a spread: see loginTrend
  return result('licence_utilisation', weight, share, factsWithUtilisation, sentence, [sentence]);
}

export function keyModules(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands } = config.factors.key_modules;
  const modules = config.key_modules;
  const used = inputs.usage.keyModulesUsed;
  const facts = { key_modules: modules, used };
  if (modules.length === 0) return missing('key_modules', weight, facts, 'no key modules configured (set health.key_modules in the config)');
  const gap = usageGap(inputs);
  if (gap) return missing('key_modules', weight, facts, gap);
  const unused = modules.filter((module) => !used.includes(module));
  const usedShare = (modules.length - unused.length) / modules.length;
  const share = sortedBands(bands, (band) => -band.min_share).find((band) => usedShare >= band.min_share - 1e-9)?.share ?? 0;
  const sentence = unused.length === 0 ? `all ${modules.length} key modules used in the last 4 weeks` : `key modules not used in the last 4 weeks: ${unused.join(', ')}`;
  return result('key_modules', weight, share, facts, sentence, [sentence]);
}
