import type { HealthBand, HealthConfig } from '../config/rules.js';
import { HEALTH_BANDS } from '../config/names.js';
import { addDays, daysBetween } from './dates.js';

/**
 * The health score (DOMAIN §2, SPEC §4): weighted factors whose maximum points add up to 100, each
 * scored through bands from the config. A factor without data is "missing": it is left out of the
 * score (which is rescaled over the factors that have data) and lowers the confidence, so it is
 * neither a silent zero nor a silent pass. Every point lost comes with a sentence a CSM can act on.
 */
export const FACTORS = ['usage_recency', 'login_trend', 'licence_utilisation', 'key_modules', 'support', 'sentiment', 'renewal_proximity'] as const;
export type FactorName = (typeof FACTORS)[number];

export const FACTOR_LABELS: Record<FactorName, string> = {
  usage_recency: 'usage recency',
  login_trend: 'login trend',
  licence_utilisation: 'licence utilisation',
  key_modules: 'key modules',
  support: 'support',
  sentiment: 'sentiment',
  renewal_proximity: 'renewal proximity',
};

export interface OpenBug {
  ticket_id: string;
  priority: 'urgent' | 'high';
  created_at: string;
  pastSla: boolean;
}

export interface SurveyFact {
  kind: 'nps' | 'csat';
  score: number;
  responded_at: string;
  /** The day, in the configured zone, it was answered. */
  day: string;
}

/** What the data says about one account as of one day; the database layer computes it. */
export interface HealthInputs {
  asOf: string;
  /** Start of the account's first contract. */
  customerSince: string | null;
  usage: {
    /** The database holds usage for the weeks scored (for any account); without it usage signals are missing. */
    covered: boolean;
    /** The database holds usage for the earlier half of the trend window (for any account). */
    previousCovered: boolean;
    /** This account has usage rows up to the day; an account absent from the usage data is missing, not idle. */
    accountTracked: boolean;
    /** Some account recorded the active-users metric in the last weeks. */
    activeUsersTracked: boolean;
    /**
     * Some account recorded the configured login metric (health.login_metric) in the trend window.
     * Without it lastLoginDay is the last day with any usage (any metric above 0) and the login trend
     * is missing. Absent means true (the metric is there).
     */
    loginMetricTracked?: boolean;
    /**
     * The last day of usage data on or before the as-of day (for any account). Recency is measured
     * to it, never past it: stale data is not silence. Absent means the as-of day.
     */
    dataEnd?: string | null;
    lastLoginDay: string | null;
    loginsRecent: number;
    loginsPrevious: number;
    peakActiveUsers: number | null;
    keyModulesUsed: string[];
  };
  seats: number | null;
  support: {
    /** The database holds tickets up to the day (for any account). */
    covered: boolean;
    openBugs: OpenBug[];
    /** Tickets that breached an SLA target in the last breach_days, by id. */
    breaches: string[];
    ticketsRecent: number;
    ticketsBaseline: number;
    /**
     * Open bugs whose priority csops could not classify (the export's value is kept in priority_raw).
     * Decided: they cost no points (only urgent and high bugs do) and are counted, so a reader sees them.
     */
    openBugsUnknownPriority?: number;
  };
  surveys: {
    latest: SurveyFact | null;
    unfollowed: SurveyFact[];
  };
  renewal: {
    state: 'active' | 'lapsed';
    renewalDate: string | null;
    autoRenew: boolean | null;
    /** Why the contract at renewalDate will not renew ("status says churned"): no renewal points. */
    notRenewing?: string | null;
  };
}

export interface FactorResult {
  factor: FactorName;
  weight: number;
  /** Points earned, 0…weight; null when the factor is missing. */
  points: number | null;
  missing: boolean;
  /** What the factor saw (numbers and dates), for --explain and JSON. */
  inputs: Record<string, string | number | boolean | null | string[]>;
  /** A sentence: what it found, or why it is missing. */
  detail: string;
  /** Sentences a CSM can act on, when the factor lost points. */
  reasons: string[];
}

export interface HealthResult {
  /** 0–100, rounded; null when no factor had data. */
  score: number | null;
  band: HealthBand | 'unknown';
  /** Share (0–100) of the weight whose factors had data. */
  confidence: number;
  factors: FactorResult[];
  /** Reasons that cost points, most points first. */
  reasons: string[];
  /** Factors without data, as "login trend: …" sentences. */
  missing: string[];
  /** Signals that put the account at risk or worse whatever it scored (config health.at_risk_when). */
  atRiskSignals: string[];
  /** True when the factors with data carry less than health.min_confidence of the weight: no score is given. */
  withheld: boolean;
}

export function scoreHealth(inputs: HealthInputs, config: HealthConfig): HealthResult {
  const factors: FactorResult[] = [
    usageRecency(inputs, config),
    loginTrend(inputs, config),
    licenceUtilisation(inputs, config),
    keyModules(inputs, config),
    support(inputs, config),
    sentiment(inputs, config),
    renewalProximity(inputs, config),
  ];
  // Plain indexed loops below, not filter/sort/spread chains nor for…of (which, until V8 optimises
  // the code, allocates an iterator result per step): scoring runs for every account (20,000 in one
  // `csops risk`), and the garbage collector was a quarter of its time.
  let availableWeight = 0;
  let earned = 0;
  for (let index = 0; index < factors.length; index++) {
    const factor = factors[index]!;
    if (factor.missing) continue;
    availableWeight += factor.weight;
    earned += factor.points ?? 0;
  }
  const confidence = Math.round((100 * availableWeight) / totalWeight(config));
  // Below the confidence floor the score would rest on too little of the weight: it is withheld
  // (band unknown) rather than shown as if it were as sure as the others. Signals still count.
  const withheld = availableWeight > 0 && confidence < (config.min_confidence ?? 0);
  const score = availableWeight > 0 && !withheld ? Math.round((100 * earned) / availableWeight) : null;
  const alerts = atRiskSignals(inputs, factors, config);
  let band: HealthBand | 'unknown' = score === null ? 'unknown' : bandOf(score, config);
  if (alerts.length > 0 && (band === 'unknown' || HEALTH_BANDS.indexOf(band) < HEALTH_BANDS.indexOf('at_risk'))) band = 'at_risk';
  // The reasons that force the band come first, then the others by points lost (most first; ties in
  // the order of FACTORS, which is the order of `factors`).
  const reasons = alerts.slice();
  const lost = factorsByPointsLost(factors);
  for (let index = 0; index < lost.length; index++) {
    const lostReasons = lost[index]!.reasons;
    for (let at = 0; at < lostReasons.length; at++) if (!alerts.includes(lostReasons[at]!)) reasons.push(lostReasons[at]!);
  }
  const missing: string[] = [];
  for (let index = 0; index < factors.length; index++) {
    const factor = factors[index]!;
    if (factor.missing) missing.push(`${FACTOR_LABELS[factor.factor]}: ${factor.detail}`);
  }
  return { score, band, confidence, factors, reasons, missing, atRiskSignals: alerts, withheld };
}

/** The factors with data that lost points, most points lost first, ties in their order (an insertion sort: seven at most). */
function factorsByPointsLost(factors: readonly FactorResult[]): FactorResult[] {
  const lost: FactorResult[] = [];
  for (let index = 0; index < factors.length; index++) {
    const factor = factors[index]!;
    if (factor.missing || factor.reasons.length === 0) continue;
    const points = factor.weight - (factor.points ?? 0);
    let at = lost.length;
    while (at > 0 && lost[at - 1]!.weight - (lost[at - 1]!.points ?? 0) < points) at--;
    lost.splice(at, 0, factor);
  }
  return lost;
}

/**
 * Signals that make an account at risk whatever it scores (config health.at_risk_when): three weeks
 * without a login (DOMAIN §2), a steep fall in logins, urgent or high bugs left past SLA, and unhappy
 * customers nobody called back. Returned as the factors' own sentences.
 */
function atRiskSignals(inputs: HealthInputs, factors: FactorResult[], config: HealthConfig): string[] {
  const rules = config.at_risk_when;
  const byName = (name: FactorName) => factors.find((factor) => factor.factor === name)!;
  const signals: string[] = [];
  const recency = byName('usage_recency');
  const days = recency.inputs.days_since_last_login as number | null;
  if (!recency.missing && rules.days_without_login > 0 && days !== null && days >= rules.days_without_login) signals.push(recency.detail);
  const trend = byName('login_trend');
  const ratio = trend.inputs.ratio as number | null | undefined;
  if (!trend.missing && rules.login_drop > 0 && ratio !== null && ratio !== undefined && 1 - ratio >= rules.login_drop - 1e-9) signals.push(trend.detail);
  const support = byName('support');
  const pastSla = inputs.support.openBugs.filter((bug) => bug.pastSla).length;
  if (!support.missing && rules.bugs_past_sla > 0 && pastSla >= rules.bugs_past_sla) signals.push(...support.reasons.filter((reason) => reason.includes('bug')));
  const sentiment = byName('sentiment');
  if (!sentiment.missing && rules.unfollowed_detractors > 0 && inputs.surveys.unfollowed.length >= rules.unfollowed_detractors) {
    signals.push(...sentiment.reasons.filter((reason) => reason.endsWith('not followed up')));
  }
  return signals;
}

export function bandOf(score: number, config: HealthConfig): HealthBand {
  const t = config.thresholds;
  if (score >= t.healthy) return 'healthy';
  if (score >= t.watch) return 'watch';
  if (score >= t.at_risk) return 'at_risk';
  return 'critical';
}

/** healthy 0 … critical 3: larger is worse. */
export function bandSeverity(band: HealthBand | 'unknown'): number {
  return band === 'unknown' ? -1 : HEALTH_BANDS.indexOf(band);
}

function totalWeight(config: HealthConfig): number {
  return Object.values(config.factors).reduce((sum, factor) => sum + factor.weight, 0);
}

/** Bands in the order they are tried, sorted once per config (a config's lists never change). */
const sortedBandLists = new WeakMap<readonly object[], readonly object[]>();
function sortedBands<Band extends object>(bands: readonly Band[], order: (band: Band) => number): readonly Band[] {
  let sorted = sortedBandLists.get(bands) as readonly Band[] | undefined;
  if (!sorted) sortedBandLists.set(bands, (sorted = [...bands].sort((a, b) => order(a) - order(b))));
  return sorted;
}

/** Why usage signals are missing for this account, or null when they are there. */
function usageGap(inputs: HealthInputs): string | null {
  if (!inputs.usage.covered) return 'no usage data in the database for the weeks scored';
  if (!inputs.usage.accountTracked) return 'no usage recorded for this account at all (not in the usage export, or never used)';
  return null;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function result(factor: FactorName, weight: number, share: number, inputs: FactorResult['inputs'], detail: string, reasons: string[]): FactorResult {
  const clamped = Math.min(1, Math.max(0, share));
  return { factor, weight, points: round1(weight * clamped), missing: false, inputs, detail, reasons: clamped < 1 ? reasons : [] };
}

function missing(factor: FactorName, weight: number, inputs: FactorResult['inputs'], detail: string): FactorResult {
  return { factor, weight, points: null, missing: true, inputs, detail, reasons: [] };
}

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

function usageRecency(inputs: HealthInputs, config: HealthConfig): FactorResult {
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

function loginTrend(inputs: HealthInputs, config: HealthConfig): FactorResult {
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
      : result('login_trend', weight, 1, factsWithRatio(null), `${recent} logins in ${period}, none in the ${weeks} before`, []);
  }
  const ratio = recent / previous;
  const share = sortedBands(bands, (band) => -band.min_ratio).find((band) => ratio >= band.min_ratio)?.share ?? 0;
  const change = Math.round((ratio - 1) * 100);
  const sentence = `logins ${change < 0 ? `down ${-change}%` : change > 0 ? `up ${change}%` : 'flat'} (${recent} in ${period} vs ${previous} in the ${weeks} before)`;
  return result('login_trend', weight, share, factsWithRatio(Math.round(ratio * 1000) / 1000), sentence, [sentence]);
}

function licenceUtilisation(inputs: HealthInputs, config: HealthConfig): FactorResult {
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
  const sentence = `${users} of ${inputs.seats} seats in use (${Math.round(utilisation * 100)}%, peak daily active users in the last 4 weeks)`;
  const factsWithUtilisation = { peak_active_users: peakActiveUsers, seats: inputs.seats, utilisation: Math.round(utilisation * 1000) / 1000 }; // not a spread: see loginTrend
  return result('licence_utilisation', weight, share, factsWithUtilisation, sentence, [sentence]);
}

function keyModules(inputs: HealthInputs, config: HealthConfig): FactorResult {
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

function support(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const settings = config.factors.support;
  const { openBugs, breaches, ticketsRecent, ticketsBaseline, covered } = inputs.support;
  const spikeConfig = config.spike;
  const usualRate = (ticketsBaseline / spikeConfig.baseline_days) * spikeConfig.days;
  const spike = ticketsRecent >= spikeConfig.min_tickets && ticketsRecent >= spikeConfig.ratio * usualRate;
  // Most accounts have no open bug: no arrays or sets are made for them.
  const noBugs = openBugs.length === 0;
  const urgent = noBugs ? openBugs : openBugs.filter((bug) => bug.priority === 'urgent');
  const high = noBugs ? openBugs : openBugs.filter((bug) => bug.priority === 'high');
  const facts = {
    open_urgent_bugs: urgent.length,
    open_high_bugs: high.length,
    open_bugs_past_sla: noBugs ? 0 : openBugs.filter((bug) => bug.pastSla).length,
    sla_breaches: breaches.length,
    breached_tickets: breaches,
    tickets_recent: ticketsRecent,
    tickets_usual: Math.round(usualRate * 10) / 10,
    spike,
    open_bugs_unknown_priority: inputs.support.openBugsUnknownPriority ?? 0,
  };
  if (!covered) return missing('support', settings.weight, facts, 'no tickets in the database');
  const reasons: string[] = [];
  const bugReason = (priority: string, bugs: readonly OpenBug[]) => {
    if (bugs.length === 0) return;
    const pastSla = bugs.filter((bug) => bug.pastSla).length;
    reasons.push(
      pastSla === bugs.length
        ? `${plural(bugs.length, `${priority} bug`)} open past SLA`
        : `${plural(bugs.length, `${priority} bug`)} open${pastSla > 0 ? ` (${pastSla} past SLA)` : ''}`,
    );
  };
  if (!noBugs) {
    bugReason('urgent', urgent);
    bugReason('high-priority', high);
  }
  let otherBreaches = breaches.length;
  if (!noBugs && otherBreaches > 0) {
    const openBugIds = new Set(openBugs.map((bug) => bug.ticket_id));
    otherBreaches = breaches.filter((id) => !openBugIds.has(id)).length;
  }
  if (otherBreaches > 0) reasons.push(`${plural(otherBreaches, `${openBugs.length > 0 ? 'other ' : ''}ticket`)} past SLA in the last ${settings.breach_days} days`);
  if (spike) reasons.push(`ticket spike: ${ticketsRecent} tickets in ${spikeConfig.days} days (usually ${Math.round(usualRate * 10) / 10})`);
  // An open bug past SLA costs its open-bug share once; the breach share is for the other tickets.
  const lost = urgent.length * settings.open_urgent_bug + high.length * settings.open_high_bug + otherBreaches * settings.sla_breach + (spike ? settings.ticket_spike : 0);
  let detail = reasons.length > 0 ? reasons.join('; ') : `no open urgent or high bugs, no SLA breach in ${settings.breach_days} days, no ticket spike`;
  const unclassified = inputs.support.openBugsUnknownPriority ?? 0;
  if (unclassified > 0) detail += ` (${plural(unclassified, 'open bug')} with a priority csops could not classify, not scored)`;
  return result('support', settings.weight, 1 - lost, facts, detail, reasons);
}

function sentiment(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const settings = config.factors.sentiment;
  const { latest, unfollowed } = inputs.surveys;
  const facts = {
    latest_kind: latest?.kind ?? null,
    latest_score: latest?.score ?? null,
    latest_on: latest?.day ?? null,
    not_followed_up: unfollowed.map((survey) => `${survey.kind.toUpperCase()} ${survey.score} on ${survey.day}`),
  };
  if (latest === null) return missing('sentiment', settings.weight, facts, `no NPS or CSAT response in the last ${settings.lookback_days} days`);
  const bands = latest.kind === 'nps' ? settings.nps_bands : settings.csat_bands;
  const base = sortedBands(bands, (band) => -band.min_score).find((band) => latest.score >= band.min_score)?.share ?? 0;
  const share = base - unfollowed.length * settings.unfollowed_penalty;
  // Newest first: the most recent unhappy customer is the one to call.
  const reasons = [...unfollowed].reverse().map((survey) => `${survey.kind.toUpperCase()} ${survey.score} on ${survey.day} not followed up`);
  const latestText = `latest ${latest.kind.toUpperCase()} ${latest.score} on ${latest.day}`;
  if (base < 1 && !unfollowed.some((survey) => survey.responded_at === latest.responded_at)) reasons.push(latestText);
  return result('sentiment', settings.weight, share, facts, [latestText, ...reasons.filter((reason) => reason !== latestText)].join('; '), reasons);
}

function renewalProximity(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands, auto_renew_share } = config.factors.renewal_proximity;
  const { state, renewalDate, autoRenew } = inputs.renewal;
  const daysLeft = renewalDate === null ? null : daysBetween(inputs.asOf, renewalDate);
  const facts = { renewal_date: renewalDate, days_left: daysLeft, auto_renew: autoRenew, lapsed: state === 'lapsed' };
  if (state === 'lapsed' && daysLeft !== null) {
    const sentence = `contract ended ${plural(-daysLeft, 'day')} ago (${renewalDate}) with no renewal recorded`;
    return result('renewal_proximity', weight, 0, facts, sentence, [sentence]);
  }
  if (daysLeft === null) return missing('renewal_proximity', weight, facts, 'the current contract has no end date');
  if (inputs.renewal.notRenewing) {
    const sentence = `contract ends ${daysLeft === 0 ? 'today' : `in ${plural(daysLeft, 'day')}`} (${renewalDate}) and will not renew: ${inputs.renewal.notRenewing}`;
    return result('renewal_proximity', weight, 0, facts, sentence, [sentence]);
  }
  if (autoRenew === true) {
    const sentence = `renews automatically on ${renewalDate} (in ${plural(daysLeft, 'day')})`;
    return result('renewal_proximity', weight, auto_renew_share, facts, sentence, [sentence]);
  }
  const share = sortedBands(bands, (band) => -band.min_days).find((band) => daysLeft >= band.min_days)?.share ?? 0;
  const sentence = `renews in ${plural(daysLeft, 'day')} (${renewalDate})`;
  return result('renewal_proximity', weight, share, facts, sentence, [sentence]);
}
