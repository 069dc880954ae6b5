import type { FactorName, FactorResult, HealthResult } from './health.js';

/**
 * The features the churn model learns from: the health factors' inputs (what each factor saw on
 * the day, not the points it gave), read from the same HealthResult `csops risk --as-of` computes,
 * so a feature at a cut-off uses only data dated on or before it. A factor without data gives its
 * features no value (the model fills in the training mean) and sets its `…_missing` indicator.
 */
export interface FeatureSpec {
  name: string;
  factor: FactorName;
  /** What it measures, in plain words: "days since the last login". */
  words: string;
  /** The step the explanation talks about, and how it reads: 7, "7 more days since the last login". */
  unit: number;
  stepWords: string;
  value(factor: FactorResult): number | null;
}

const input = (factor: FactorResult, key: string): unknown => factor.inputs[key];
const numberOr = (value: unknown, fallback: number | null): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const count = (value: unknown): number => (Array.isArray(value) ? value.length : numberOr(value, 0)!);

export const FEATURES: readonly FeatureSpec[] = [
  {
    name: 'days_since_last_login',
    factor: 'usage_recency',
    words: 'days since the last login',
    unit: 7,
    stepWords: '7 more days since the last login',
    // Beyond four months of silence more days say nothing new.
    value: (f) => {
      const days = numberOr(input(f, 'days_since_last_login'), null);
      return days === null ? null : Math.min(days, 120);
    },
  },
  {
    name: 'login_trend',
    factor: 'login_trend',
    words: 'logins against the weeks before (ratio)',
    unit: 0.25,
    stepWords: 'logins 25 points higher against the weeks before',
    value: (f) => {
      const recent = numberOr(input(f, 'logins_recent'), 0)!;
      const previous = numberOr(input(f, 'logins_previous'), 0)!;
      if (previous === 0) return recent > 0 ? 3 : 1;
      return Math.min(recent / previous, 3);
    },
  },
  {
    name: 'licence_utilisation',
    factor: 'licence_utilisation',
    words: 'licence utilisation (active users ÷ seats)',
    unit: 0.1,
    stepWords: 'utilisation 10 points higher',
    value: (f) => {
      const share = numberOr(input(f, 'utilisation'), null);
      return share === null ? null : Math.min(share, 1.5);
    },
  },
  {
    name: 'key_modules_used',
    factor: 'key_modules',
    words: 'share of the key modules used',
    unit: 0.25,
    stepWords: 'a quarter more of the key modules used',
    value: (f) => {
      const modules = count(input(f, 'key_modules'));
      return modules === 0 ? null : count(input(f, 'used')) / modules;
    },
  },
  {
    name: 'open_urgent_high_bugs',
    factor: 'support',
    words: 'open urgent or high-priority bugs',
    unit: 1,
    stepWords: 'one more open urgent or high-priority bug',
    value: (f) => numberOr(input(f, 'open_urgent_bugs'), 0)! + numberOr(input(f, 'open_high_bugs'), 0)!,
  },
  { name: 'sla_breaches', factor: 'support', words: 'tickets that breached their SLA lately', unit: 1, stepWords: 'one more SLA breach', value: (f) => numberOr(input(f, 'sla_breaches'), 0) },
  { name: 'ticket_spike', factor: 'support', words: 'a ticket spike', unit: 1, stepWords: 'a ticket spike', value: (f) => (input(f, 'spike') === true ? 1 : 0) },
  {
    name: 'latest_survey_score',
    factor: 'sentiment',
    words: 'the latest survey score (NPS 0–10; CSAT 1–5 put on the same scale)',
    unit: 1,
    stepWords: 'the latest survey one point higher',
    value: (f) => {
      const score = numberOr(input(f, 'latest_score'), null);
      if (score === null) return null;
      return input(f, 'latest_kind') === 'csat' ? (score - 1) * 2.5 : score;
    },
  },
  { name: 'unhappy_not_followed_up', factor: 'sentiment', words: 'unhappy answers not followed up', unit: 1, stepWords: 'one more unhappy answer not followed up', value: (f) => count(input(f, 'not_followed_up')) },
  { name: 'auto_renew', factor: 'renewal_proximity', words: 'an auto-renewing contract', unit: 1, stepWords: 'an auto-renewing contract', value: (f) => (input(f, 'auto_renew') === true ? 1 : 0) },
];

/** Factors whose absence is itself a signal (no usage recorded, no survey answered). */
export const MISSING_INDICATORS: readonly FactorName[] = ['usage_recency', 'login_trend', 'licence_utilisation', 'sentiment', 'support'];

export const FEATURE_NAMES: readonly string[] = [...FEATURES.map((feature) => feature.name), ...MISSING_INDICATORS.map((factor) => `${factor}_missing`)];

/** One account's features on the day its health was computed; null where the factor had no data. */
export function featuresOf(health: HealthResult): Array<number | null> {
  const byFactor = new Map(health.factors.map((factor) => [factor.factor, factor]));
  const values = FEATURES.map((feature) => {
    const factor = byFactor.get(feature.factor);
    return factor === undefined || factor.missing ? null : feature.value(factor);
  });
  const indicators = MISSING_INDICATORS.map((name) => (byFactor.get(name)?.missing ?? true ? 1 : 0));
  return [...values, ...indicators];
}
