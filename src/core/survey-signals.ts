import type { Config } from '../config/schema.js';
import { addDays, endOfDayUtc, utcToZonedDate } from './dates.js';
import type { HealthInputs, SurveyFact } from './health.js';

/**
 * The sentiment inputs of the health score: the latest NPS or CSAT answer in the look-back, and the
 * unhappy ones (NPS 0–6, CSAT 1–2) nobody followed up in time. Pure: the store gives the answers of
 * the window (`SurveyWindow`), oldest first per account.
 */
export type SurveySignals = HealthInputs['surveys'];

export interface SurveyRow {
  account_id: string;
  kind: 'nps' | 'csat';
  score: number;
  responded_at: string;
  followed_up_at: string | null;
}

/** The instants (ISO, UTC) bounding the answers read for a day. */
export interface SurveyWindow {
  asOfEnd: string;
  lookbackStart: string;
}

export function surveyWindow(asOf: string, config: Config): SurveyWindow {
  const zone = config.time_zone;
  return { asOfEnd: endOfDayUtc(asOf, zone), lookbackStart: endOfDayUtc(addDays(asOf, -config.health.factors.sentiment.lookback_days), zone) };
}

export function surveySignalsFrom(rows: readonly SurveyRow[], asOf: string, config: Config): Map<string, SurveySignals> {
  const zone = config.time_zone;
  const settings = config.health.factors.sentiment;
  const asOfEnd = endOfDayUtc(asOf, zone);
  const followUpDeadline = endOfDayUtc(addDays(asOf, -settings.follow_up_days), zone);
  const unfollowedStart = endOfDayUtc(addDays(asOf, -settings.unfollowed_days), zone);
  const signals = new Map<string, SurveySignals>();
  for (const row of rows) {
    let entry = signals.get(row.account_id);
    if (!entry) signals.set(row.account_id, (entry = { latest: null, unfollowed: [] }));
    const fact: SurveyFact = { kind: row.kind, score: row.score, responded_at: row.responded_at, day: utcToZonedDate(row.responded_at, zone) };
    entry.latest = fact;
    const unhappy = row.kind === 'nps' ? row.score <= 6 : row.score <= 2;
    const followedUp = row.followed_up_at !== null && row.followed_up_at < asOfEnd;
    if (unhappy && !followedUp && row.responded_at < followUpDeadline && row.responded_at >= unfollowedStart) entry.unfollowed.push(fact);
  }
  return signals;
}
