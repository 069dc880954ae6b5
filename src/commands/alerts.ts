import type { CommandContext } from './context.js';
import { openDatabase, type Db } from '../db/connection.js';
import { accountOwners, loadBook, loadDataThrough, type Book } from '../db/portfolio.js';
import { sameFilterValue, unmatchedFilterNote } from '../core/filter-match.js';
import { hasAlertQueue, lastSyncDay, loadAlertEvents, loadAlerts, recordWork, syncDay, type AlertEvent, type AlertFilter, type AlertRow, type AppliedSync, type WorkAction } from '../db/alerts.js';
import { isPostgresUrl } from '../config/database-url.js';
import { championFacts, conditionKey, evaluateAlertRules, planSync, queueOrder, severityRank, type AlertFacts, type AlertState, type Condition, type StoredAlert, type SyncPlan } from '../core/alert-rules.js';
import { contractOutcomes } from '../core/renewal-state.js';
import { SAID } from '../core/health.js';
import { staleSources, type DataThrough, type SourceKind } from '../core/freshness.js';
import { addDays, daysBetween } from '../core/dates.js';
import type { AlertRule, AlertSeverity, HealthBand } from '../config/names.js';
import type { Config } from '../config/schema.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { UsageError } from '../errors.js';
import { scorePortfolio, type ScoredAccount } from './scoring.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/** One alert as every command shows it (JSON keys stable). */
export interface AlertView extends Omit<AlertRow, 'cleared_on'> {
  /** Past its due day and not closed. */
  overdue: boolean;
  /** Days since it opened (to the as-of day). */
  age_days: number;
  history?: AlertEvent[];
}

export interface AlertsSyncResult {
  as_of: string;
  /** The day synced before this one; null on the first sync. */
  previous_sync: string | null;
  /** The days evaluated, in order: each day after the previous sync up to the as-of day. */
  days_synced: string[];
  opened: AlertView[];
  reopened: AlertView[];
  resolved: AlertView[];
  /** Open alerts whose reason or evidence changed with the data. */
  updated: number;
  /** Conditions that hold on the day, open or not. */
  conditions: number;
  /** Alerts not closed after the sync, by state. */
  queue: Record<Exclude<AlertState, 'closed'>, number>;
  /** Conditions not opened because a source their rule reads is stale (freshness). */
  held: Array<{ rule: AlertRule; sources: SourceKind[]; conditions: number }>;
  fail_on?: { severity: AlertSeverity; alerts: number };
  data_through: DataThrough;
  notes: string[];
}

export interface AlertsListOptions {
  owner?: string;
  rules?: AlertRule[];
  severities?: AlertSeverity[];
  overdue?: boolean;
  /** Default: open and acked. */
  states?: Array<AlertState | 'all'>;
  failOn?: AlertSeverity;
}

export interface AlertsListResult {
  as_of: string;
  last_sync: string | null;
  alerts: AlertView[];
  counts: Record<Exclude<AlertState, 'closed'>, number> & { overdue: number };
  fail_on?: { severity: AlertSeverity; alerts: number };
  notes: string[];
}

export interface AlertWorkOptions {
  action: WorkAction;
  id: number;
  until?: string;
  note?: string;
  by: string;
}

export interface AlertWorkResult {
  as_of: string;
  action: WorkAction;
  alert: AlertView;
}

/** The JSON's notes are English (an API); the list printer writes them in the language in force. */
const ENGLISH = messagesFor('en');
const SYNC_COMMAND = 'csops alerts sync';

function open(context: CommandContext): Db {
  return openDatabase(context.dbPath, { busyTimeoutMs: context.config.busy_timeout_ms, mustExist: true });
}

export function viewOf(row: AlertRow, asOf: string, history?: AlertEvent[]): AlertView {
  const { cleared_on: _cleared, ...rest } = row;
  const age = Math.max(0, Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${row.opened_on}T00:00:00Z`)) / 86_400_000));
  return { ...rest, overdue: row.state !== 'closed' && row.due_by < asOf, age_days: age, ...(history ? { history } : {}) };
}

/** Scores of every customer by day, computed once per day within one command (a sync replaying days reuses them). */
export type ScoreOn = (day: string) => ScoredAccount[];

/** What the alert commands read and write, from a SQLite file or a PostgreSQL database (issue 25). */
interface AlertsStore {
  lastSyncDay(): Promise<string | null>;
  book(): Promise<Book>;
  /** Every customer scored on the day. */
  score(day: string, book: Book): Promise<ScoredAccount[]>;
  dataThrough(day: string): Promise<DataThrough>;
  /** One day of a sync in one transaction: the latest alerts read inside it, the plan made from them, applied. */
  syncDay(day: string, recordedAt: string, makePlan: (latest: Map<string, StoredAlert>) => SyncPlan): Promise<{ plan: SyncPlan; applied: AppliedSync }>;
  alerts(filter?: AlertFilter): Promise<AlertRow[]>;
  events(ids: readonly number[]): Promise<Map<number, AlertEvent[]>>;
  recordWork(id: number, action: WorkAction, day: string, by: string, note: string | null, until: string | null, recordedAt: string): Promise<void>;
  owners(): Promise<string[]>;
  close(): Promise<void>;
}

function sqliteStore(context: CommandContext): AlertsStore {
  const { config } = context;
  const db = open(context);
  return {
    lastSyncDay: async () => lastSyncDay(db),
    book: async () => loadBook(db),
    score: async (day, book) => scorePortfolio(db, day, config, undefined, book),
    dataThrough: async (day) => loadDataThrough(db, day, config),
    syncDay: async (day, recordedAt, makePlan) => syncDay(db, day, recordedAt, makePlan),
    alerts: async (filter) => loadAlerts(db, filter),
    events: async (ids) => loadAlertEvents(db, ids),
    recordWork: async (...work) => recordWork(db, ...work),
    owners: async () => accountOwners(db),
    close: async () => {
      db.close();
    },
  };
}

/** PostgreSQL: set-oriented reads and one transaction per synced day or owner's action; loaded only for a PostgreSQL URL. */
async function postgresStore(context: CommandContext): Promise<AlertsStore> {
  const { config } = context;
  const { openPostgresForReading } = await import('../db/pg/open.js');
  const reads = await import('../db/pg/portfolio-reads.js');
  const queue = await import('../db/pg/alerts.js');
  const { scoreOnPostgres } = await import('./postgres-scoring.js');
  const session = await openPostgresForReading(context.dbPath, context.version);
  return {
    lastSyncDay: () => queue.pgLastSyncDay(session),
    book: () => reads.pgLoadBook(session),
    score: (day, book) => scoreOnPostgres(session, day, config, book),
    dataThrough: (day) => reads.pgDataThrough(session, day, config),
    syncDay: (day, recordedAt, makePlan) => queue.pgSyncDay(session, day, recordedAt, makePlan),
    alerts: (filter) => queue.pgLoadAlerts(session, filter),
    events: (ids) => queue.pgLoadAlertEvents(session, ids),
    recordWork: (...work) => queue.pgRecordWork(session, ...work),
    owners: () => reads.pgAccountOwners(session),
    close: () => session.close(),
  };
}

function openStore(context: CommandContext): Promise<AlertsStore> {
  return isPostgresUrl(context.dbPath) ? postgresStore(context) : Promise.resolve(sqliteStore(context));
}

/** The scores a day's rules read (that day, and with the health-drop rule the day it compares with), computed once per day. */
async function scoresFor(store: AlertsStore, book: Book, config: Config, cache: Map<string, ScoredAccount[]>, day: string): Promise<ScoreOn> {
  const drop = config.alerts.rules.health_drop;
  for (const wanted of drop.enabled ? [day, addDays(day, -drop.days)] : [day]) {
    if (!cache.has(wanted)) cache.set(wanted, await store.score(wanted, book));
  }
  return (wanted) => cache.get(wanted)!;
}

/** What the rules read about every customer on the day (its health, and with the health-drop rule the health days before). */
export function alertFactsOn(asOf: string, config: Config, book: Book, scoreOn: ScoreOn, latest: ReadonlyMap<string, StoredAlert> = new Map()): AlertFacts[] {
  const scored = scoreOn(asOf);
  const drop = config.alerts.rules.health_drop;
  const earlier = drop.enabled ? addDays(asOf, -drop.days) : null;
  const before = new Map<string, ScoredAccount>(earlier === null ? [] : scoreOn(earlier).map((entry) => [entry.account.account_id, entry]));
  // Support, surveys and people as the scoring read them for this day (not read a second time).
  const championRule = config.alerts.rules.champion_left.enabled;
  const openChampionLeft = new Map<string, string[]>();
  for (const stored of latest.values()) {
    if (stored.rule !== 'champion_left' || stored.state === 'closed') continue;
    openChampionLeft.set(stored.account_id, [...(openChampionLeft.get(stored.account_id) ?? []), stored.subject]);
  }
  return scored.map(({ account, tier, health, inputs }) => {
    const id = account.account_id;
    const factor = (name: string) => health.factors.find((entry) => entry.factor === name && !entry.missing);
    const recency = factor('usage_recency');
    const licence = factor('licence_utilisation');
    const previous = before.get(id);
    const signals = inputs.support;
    const drop = latest.get(conditionKey({ account_id: id, rule: 'health_drop', subject: '' }));
    const dropFigures = drop && drop.state !== 'closed' ? (JSON.parse(drop.evidence) as { score_before?: number; band_before?: HealthBand | 'unknown'; since?: string }) : null;
    return {
      openDrop: dropFigures && typeof dropFigures.score_before === 'number' ? { score_before: dropFigures.score_before, band_before: dropFigures.band_before ?? 'unknown', since: dropFigures.since ?? '' } : null,
      account_id: id,
      name: account.name,
      owner: account.owner,
      tier: tier.tier,
      health: { score: health.score, band: health.band, reasons: health.reasons, phrases: health[SAID].reasons },
      healthBefore: previous && earlier !== null ? { as_of: earlier, score: previous.health.score, band: previous.health.band } : null,
      login:
        recency && typeof recency.inputs.days_since_last_login === 'number'
          ? { days_since: recency.inputs.days_since_last_login, last_login: (recency.inputs.last_login as string | null) ?? null, detail: recency.detail }
          : null,
      licence:
        licence && typeof licence.inputs.seats === 'number' && typeof licence.inputs.peak_active_users === 'number' && licence.inputs.seats > 0
          ? { users: licence.inputs.peak_active_users, seats: licence.inputs.seats, share: licence.inputs.peak_active_users / licence.inputs.seats }
          : null,
      contracts: contractOutcomes(book.contracts.get(id) ?? [], asOf, config.renewals.grace_days),
      breaches: signals.covered ? signals.breaches : [],
      urgentBugsPastSla: signals.openBugs.filter((bug) => bug.priority === 'urgent' && bug.pastSla).map((bug) => ({ ticket_id: bug.ticket_id, created_at: bug.created_at })),
      unfollowed: inputs.surveys.unfollowed,
      champions: championFacts(championRule ? inputs.relationship : undefined),
      openChampionLeft: openChampionLeft.get(id) ?? [],
    };
  });
}

/** The most days one sync replays after a gap (a missed cron run); earlier days are not replayed. */
export const MAX_CATCH_UP_DAYS = 31;

/**
 * What a sync warns about, in a language: days not replayed after a long gap, and conditions held back
 * because a source is stale. The result's notes are English (an API); the printer writes these again
 * from the same facts in the language in force.
 */
export function syncNotes(messages: Messages, result: Pick<AlertsSyncResult, 'previous_sync' | 'as_of' | 'held'>): string[] {
  const notes = result.held.map((entry) =>
    messages.t('alerts.note.held', { count: entry.conditions, rule: messages.language === 'en' ? entry.rule : messages.t(`alerts.rule.${entry.rule}`), sources: entry.sources.join(messages.t('report.list_separator')) }),
  );
  const { days, skipped } = daysToSync(result.previous_sync, result.as_of);
  if (skipped > 0) notes.unshift(messages.t('alerts.note.catch_up', { previous: result.previous_sync!, days_ago: daysBetween(result.previous_sync!, result.as_of), replayed: MAX_CATCH_UP_DAYS, first: days[0]!, skipped }));
  return notes;
}

/** The days a sync evaluates: each day after the last one synced up to the as-of day (at most MAX_CATCH_UP_DAYS), or the as-of day alone. */
export function daysToSync(previous: string | null, asOf: string): { days: string[]; skipped: number } {
  if (previous === null || previous >= asOf) return { days: [asOf], skipped: 0 };
  const gap = daysBetween(previous, asOf);
  const first = gap > MAX_CATCH_UP_DAYS ? addDays(asOf, -(MAX_CATCH_UP_DAYS - 1)) : addDays(previous, 1);
  const days: string[] = [];
  for (let day = first; day <= asOf; day = addDays(day, 1)) days.push(day);
  return { days, skipped: gap - days.length };
}

/**
 * csops alerts sync: the rules against the stored queue, for each day since the last sync up to the
 * as-of day in order (a missed day is replayed, so alerts that opened and cleared meanwhile are
 * recorded and every alert opens on the day its condition first held). A day before the last one
 * synced is refused (the queue already moved past it); the same day again changes nothing.
 */
export async function runAlertsSync(context: CommandContext, failOn?: AlertSeverity): Promise<AlertsSyncResult> {
  const { config, asOf } = context;
  const store = await openStore(context);
  try {
    const previous = await store.lastSyncDay();
    if (previous !== null && asOf < previous) {
      throw new UsageError(errorPhrase('error.alerts.sync_order', { previous, asOf }), errorPhrase('error.alerts.sync_order_hint', { previous }));
    }
    const { days } = daysToSync(previous, asOf);
    const book = await store.book();
    const scores = new Map<string, ScoredAccount[]>();
    const opened: number[] = [];
    const reopened: number[] = [];
    const resolved: number[] = [];
    let updated = 0;
    let conditions: Condition[] = [];
    let through = await store.dataThrough(asOf);
    let held: AlertsSyncResult['held'] = [];
    for (const day of days) {
      through = await store.dataThrough(day);
      const stale = new Set(staleSources(through));
      const scoreOn = await scoresFor(store, book, config, scores, day);
      const { plan, applied } = await store.syncDay(day, context.now().toISOString(), (latest) => {
        conditions = alertFactsOn(day, config, book, scoreOn, latest).flatMap((facts) => evaluateAlertRules(facts, day, config.alerts, config.renewals.grace_days));
        return planSync(latest, conditions, day, stale, config.alerts);
      });
      opened.push(...applied.opened);
      reopened.push(...applied.reopened);
      resolved.push(...applied.resolved);
      updated += applied.updated;
      held = plan.held;
    }
    const views = async (ids: number[]) => (await store.alerts({ ids })).map((row) => viewOf(row, asOf)).sort(queueOrder);
    const live = await store.alerts({ states: ['open', 'acked', 'snoozed'] });
    const queue = { open: 0, acked: 0, snoozed: 0 };
    for (const row of live) queue[row.state as keyof typeof queue]++;
    const notes = syncNotes(ENGLISH, { previous_sync: previous, as_of: asOf, held });
    const result: AlertsSyncResult = {
      as_of: asOf,
      previous_sync: previous,
      days_synced: days,
      opened: await views(opened),
      reopened: await views(reopened),
      resolved: await views(resolved),
      updated,
      conditions: conditions.length,
      queue,
      held,
      data_through: through,
      notes,
    };
    if (failOn !== undefined) {
      result.fail_on = { severity: failOn, alerts: failingCount(live, failOn) };
    }
    return result;
  } finally {
    await store.close();
  }
}

/** --fail-on: the alerts being worked (open or acknowledged) of that severity or worse. */
function failingCount(alerts: ReadonlyArray<{ state: string; severity: AlertSeverity }>, failOn: AlertSeverity): number {
  const worst = severityRank(failOn);
  return alerts.filter((alert) => (alert.state === 'open' || alert.state === 'acked') && severityRank(alert.severity) <= worst).length;
}

/** csops alerts: the queue, worst and oldest first. */
export async function runAlertsList(context: CommandContext, options: AlertsListOptions): Promise<AlertsListResult> {
  const { asOf } = context;
  const store = await openStore(context);
  try {
    const wanted = options.states ?? ['open', 'acked'];
    const states = wanted.includes('all') ? undefined : (wanted as AlertState[]);
    const all = (await store.alerts(states ? { states } : {})).map((row) => viewOf(row, asOf));
    const owner = options.owner;
    const selected = all
      .filter((alert) => owner === undefined || sameFilterValue(owner, alert.owner))
      .filter((alert) => options.rules === undefined || options.rules.includes(alert.rule))
      .filter((alert) => options.severities === undefined || options.severities.includes(alert.severity))
      .filter((alert) => !options.overdue || alert.overdue)
      .sort(queueOrder);
    const counts = { open: 0, acked: 0, snoozed: 0, overdue: 0 };
    for (const row of await store.alerts({ states: ['open', 'acked', 'snoozed'] })) {
      counts[row.state as 'open' | 'acked' | 'snoozed']++;
      if (viewOf(row, asOf).overdue) counts.overdue++;
    }
    const lastSync = await store.lastSyncDay();
    const notes: string[] = [];
    const unmatchedOwner = owner === undefined ? undefined : unmatchedFilterNote('--owner', owner, await store.owners(), "account's owner");
    if (unmatchedOwner) notes.push(unmatchedOwner);
    if (lastSync === null) notes.push(ENGLISH.t('alerts.note.empty', { command: SYNC_COMMAND }));
    else if (lastSync < asOf) notes.push(ENGLISH.t('alerts.note.stale_sync', { last: lastSync, as_of: asOf, command: SYNC_COMMAND }));
    const result: AlertsListResult = { as_of: asOf, last_sync: lastSync, alerts: selected, counts, notes };
    if (options.failOn !== undefined) {
      result.fail_on = { severity: options.failOn, alerts: failingCount(selected, options.failOn) };
    }
    return result;
  } finally {
    await store.close();
  }
}

/** csops alerts ack|done|snooze <id>: who did what, on the as-of day. */
export async function runAlertWork(context: CommandContext, options: AlertWorkOptions): Promise<AlertWorkResult> {
  const { asOf } = context;
  const store = await openStore(context);
  try {
    const [row] = await store.alerts({ ids: [options.id] });
    if (!row) throw new UsageError(errorPhrase('error.alerts.no_alert', { id: String(options.id) }), errorPhrase('error.alerts.no_alert_hint'));
    if (row.state === 'closed') {
      throw new UsageError(errorPhrase('error.alerts.closed', { id: row.id, how: String(row.closed_how), on: String(row.closed_on) }), errorPhrase('error.alerts.closed_hint'));
    }
    let until: string | null = null;
    if (options.action === 'snooze') {
      until = options.until ?? addDays(asOf, 7);
      if (until <= asOf) throw new UsageError(errorPhrase('error.alerts.until_not_after', { until, asOf }), errorPhrase('error.alerts.until_not_after_hint'));
    } else if (options.until !== undefined) {
      throw new UsageError(errorPhrase('error.alerts.until_without_snooze'), errorPhrase('error.alerts.until_without_snooze_hint', { id: String(options.id), until: options.until }));
    }
    await store.recordWork(row.id, options.action, asOf, options.by, options.note ?? null, until, context.now().toISOString());
    const [after] = await store.alerts({ ids: [row.id] });
    return { as_of: asOf, action: options.action, alert: viewOf(after!, asOf, (await store.events([row.id])).get(row.id) ?? []) };
  } finally {
    await store.close();
  }
}

/** Every alert of one account (all states), newest first, with its history: for csops account. */
export function accountAlerts(db: Db, accountId: string, asOf: string): AlertView[] {
  if (!hasAlertQueue(db)) return [];
  const rows = loadAlerts(db, { accountId }).filter((row) => row.opened_on <= asOf);
  return accountAlertViews(rows, loadAlertEvents(db, rows.map((row) => row.id)), asOf);
}

/** An account's alerts opened by the day (read by either backend) as csops account lists them: newest first, each with its history. */
export function accountAlertViews(rows: readonly AlertRow[], events: ReadonlyMap<number, AlertEvent[]>, asOf: string): AlertView[] {
  return rows.map((row) => viewOf(row, asOf, events.get(row.id) ?? [])).sort((a, b) => b.id - a.id);
}
