import type { Db } from './connection.js';
import type { Config } from '../config/schema.js';
import { loadDataThrough, loadSupportRows, loadSurveyRows } from './portfolio.js';
import { inWorker } from './workers.js';
import { measuredTo } from '../core/freshness.js';
import { supportSignalsByAccount, supportWindow, type SupportSignals } from '../core/support-signals.js';
import { surveySignalsFrom, surveyWindow, type SurveySignals } from '../core/survey-signals.js';

/** The support and survey inputs of the health score on one day, by account (those with none are absent). */
export interface WindowSignals {
  support: Map<string, SupportSignals>;
  /** Whether the database holds any ticket before the day (without, support is missing, not perfect). */
  supportCovered: boolean;
  surveys: Map<string, SurveySignals>;
}

/**
 * Support and survey windows end on the as-of day, or on the source's last data day when its export
 * is stale (freshness): days the export does not cover are not read as days without tickets, breaches
 * or follow-ups. Plain data in and out, so a worker thread can compute it (scoring-worker.ts).
 */
export function windowSignals(db: Db, asOf: string, config: Config, accountIds?: readonly string[]): WindowSignals {
  return { ...supportSignalsThrough(db, asOf, config, accountIds), surveys: surveySignalsThrough(db, asOf, config, accountIds) };
}

/** windowSignals' support half: the support signals of the window ending on the as-of day or the tickets' last data day. */
export function supportSignalsThrough(db: Db, asOf: string, config: Config, accountIds?: readonly string[]): Pick<WindowSignals, 'support' | 'supportCovered'> {
  const support = supportSignalsOn(db, measuredTo(loadDataThrough(db, asOf, config, ['tickets']), 'tickets', asOf), config, accountIds);
  return { support: support.byAccount, supportCovered: support.covered };
}

/** windowSignals' survey half: the survey signals of the window ending on the as-of day or the surveys' last data day. */
export function surveySignalsThrough(db: Db, asOf: string, config: Config, accountIds?: readonly string[]): WindowSignals['surveys'] {
  return surveySignalsOn(db, measuredTo(loadDataThrough(db, asOf, config, ['surveys']), 'surveys', asOf), config, accountIds);
}

/** The support signals of the window ending on `day`: the store reads its tickets, core measures them. */
export function supportSignalsOn(db: Db, day: string, config: Config, accountIds?: readonly string[]): { byAccount: Map<string, SupportSignals>; covered: boolean } {
  const { rows, counts, covered } = loadSupportRows(db, supportWindow(day, config), accountIds);
  return { byAccount: supportSignalsByAccount(rows, counts, covered, day, config), covered };
}

/** The survey signals of the window ending on `day`: the store reads its answers, core finds the latest and the unfollowed. */
export function surveySignalsOn(db: Db, day: string, config: Config, accountIds?: readonly string[]): Map<string, SurveySignals> {
  return surveySignalsFrom(loadSurveyRows(db, surveyWindow(day, config), accountIds), day, config);
}

/** supportSignalsThrough in a worker thread (scoring-worker.ts); undefined when the worker fails. */
export function supportSignalsInBackground(dbPath: string, asOf: string, config: Config, accountIds?: readonly string[]): Promise<Pick<WindowSignals, 'support' | 'supportCovered'> | undefined> {
  return inWorker('scoring-worker.js', { task: 'support', dbPath, asOf, config, busyTimeoutMs: config.busy_timeout_ms, accountIds });
}
