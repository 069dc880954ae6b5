import type { HealthConfig } from '../../config/rules.js';
import { missing, result, sortedBands } from './factor.js';
import { phrase } from './phrases.js';
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
  if (latest === null) return missing('sentiment', settings.weight, facts, phrase('sentiment.none', { days: settings.lookback_days }));
  const bands = latest.kind === 'nps' ? settings.nps_bands : settings.csat_bands;
  const base = sortedBands(bands, (band) => -band.min_score).find((band) => latest.score >= band.min_score)?.share ?? 0;
  const share = base - unfollowed.length * settings.unfollowed_penalty;
  // Newest first: the most recent unhappy customer is the one to call.
  const reasons = [...unfollowed].reverse().map((survey) => phrase('sentiment.unfollowed', { kind: survey.kind, score: survey.score, day: survey.day }));
  const latestText = phrase('sentiment.latest', { kind: latest.kind, score: latest.score, day: latest.day });
  if (base < 1 && !unfollowed.some((survey) => survey.responded_at === latest.responded_at)) reasons.push(latestText);
  return result('sentiment', settings.weight, share, facts, phrase('list', { items: [latestText, ...reasons.filter((reason) => reason !== latestText)] }), reasons);
}
