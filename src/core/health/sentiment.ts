import type { HealthConfig } from '../../config/rules.js';
import { missing, result, sortedBands } from './factor.js';
import type { FactorResult, HealthInputs } from './types.js';

/** The sentiment factor: the latest NPS or CSAT answer, and unhappy ones nobody followed up. */
export function sentiment(inputs: HealthInputs, config: HealthConfig): FactorResult {
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
