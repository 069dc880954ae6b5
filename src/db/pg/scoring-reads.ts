import type { PgSession } from './client.js';
import type { Config } from '../../config/schema.js';
import type { WindowSignals } from '../window-signals.js';
import { measuredTo } from '../../core/freshness.js';
import { supportSignalsByAccount, supportWindow } from '../../core/support-signals.js';
import { surveySignalsFrom, surveyWindow } from '../../core/survey-signals.js';
import { usageSignalsFrom, usageWindowStart, type UsageSignals } from '../../core/usage-signals.js';
import { relationshipSignalsFrom } from '../../core/relationship.js';
import { pgDataThrough, pgEarlierUsage, pgRelationshipRows, pgSupportRows, pgSurveyRows, pgUsageAggregates } from './portfolio-reads.js';

/**
 * The inputs of the health score on PostgreSQL: the same reads as window-signals.ts and scoring's
 * usage and relationship steps on SQLite, through one connection, and the same core turning them
 * into signals. Set-oriented: the accounts silent in the usage window get their earlier usage in one
 * query, not one per account.
 */
export async function pgWindowSignals(session: PgSession, asOf: string, config: Config, accountIds?: readonly string[]): Promise<WindowSignals> {
  const through = await pgDataThrough(session, asOf, config, ['tickets', 'surveys']);
  const supportDay = measuredTo(through, 'tickets', asOf);
  const surveyDay = measuredTo(through, 'surveys', asOf);
  const support = await pgSupportRows(session, supportWindow(supportDay, config), accountIds);
  const surveys = await pgSurveyRows(session, surveyWindow(surveyDay, config), accountIds);
  return {
    support: supportSignalsByAccount(support.rows, support.counts, support.covered, supportDay, config),
    supportCovered: support.covered,
    surveys: surveySignalsFrom(surveys, surveyDay, config),
  };
}

export async function pgUsageSignals(session: PgSession, asOf: string, config: Config, accountIds: readonly string[], some: boolean): Promise<Map<string, UsageSignals>> {
  const aggregates = await pgUsageAggregates(session, asOf, config, some ? accountIds : undefined);
  const withLogin = new Set(aggregates.rows.filter((row) => row.last_login_day !== null).map((row) => row.account_id));
  const silent = accountIds.filter((id) => !withLogin.has(id));
  const earlier = await pgEarlierUsage(session, usageWindowStart(aggregates, asOf, config), aggregates.loginTracked, config.health.login_metric, silent);
  return usageSignalsFrom(aggregates, accountIds, (id) => earlier.get(id) ?? { any_day: null, login_day: null }, config);
}

export async function pgRelationshipSignals(session: PgSession, asOf: string, config: Config, accountIds?: readonly string[]): Promise<ReturnType<typeof relationshipSignalsFrom>> {
  return relationshipSignalsFrom(await pgRelationshipRows(session, asOf, accountIds), asOf, config.health);
}
