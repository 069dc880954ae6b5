import type { Db } from './connection.js';

import { conditionKey, type AlertRow, type AlertState, type StoredAlert, type SyncPlan } from '../core/alert-rules.js';

/** The alert queue (issue 20): alerts, their history, and the days synced. */

export type { AlertRow } from '../core/alert-rules.js';

export interface AlertEvent {
  alert_id: number;
  day: string;
  action: 'opened' | 'acked' | 'snoozed' | 'reopened' | 'done' | 'resolved_by_data' | 'cleared';
  by: string;
  note: string | null;
  until: string | null;
  recorded_at: string;
}

/** Who the sync is in the history. */
export const SYNC_ACTOR = 'csops alerts sync';

const SELECT = `SELECT a.id, a.rule, a.account_id, acc.name AS account_name, a.subject, a.owner, a.tier, a.severity, a.state, a.reason, a.evidence,
  a.opened_on, a.due_by, a.last_seen_on, a.changed_on, a.revision, a.snoozed_until, a.closed_on, a.closed_how, a.cleared_on
  FROM alerts a LEFT JOIN accounts acc ON acc.account_id = a.account_id`;

function toRow(raw: Record<string, unknown>): AlertRow {
  return { ...(raw as unknown as AlertRow), evidence: JSON.parse(raw.evidence as string) as Record<string, unknown> };
}

/** The newest alert of each (account, rule, subject). */
export function latestAlertsByKey(db: Db): Map<string, StoredAlert> {
  const rows = db
    .prepare(
      `SELECT a.id, a.rule, a.account_id, a.subject, a.state, a.severity, a.reason, a.evidence, a.snoozed_until, a.closed_how, a.cleared_on FROM alerts a
       WHERE a.id = (SELECT MAX(b.id) FROM alerts b WHERE b.account_id = a.account_id AND b.rule = a.rule AND b.subject = a.subject)
       ORDER BY a.id`,
    )
    .all() as StoredAlert[];
  return new Map(rows.map((row) => [conditionKey(row), row]));
}

export function lastSyncDay(db: Db): string | null {
  return (db.prepare('SELECT MAX(as_of) FROM alert_syncs').pluck().get() as string | null) ?? null;
}

export interface AppliedSync {
  opened: number[];
  reopened: number[];
  resolved: number[];
  updated: number;
}

/** Applies a plan in one transaction, with a history event per change, and records the day as synced. */
export function applySyncPlan(db: Db, plan: SyncPlan, asOf: string, recordedAt: string): AppliedSync {
  const applied: AppliedSync = { opened: [], reopened: [], resolved: [], updated: 0 };
  const event = db.prepare('INSERT INTO alert_events (alert_id, day, action, by, note, until, recorded_at) VALUES (?, ?, ?, ?, ?, NULL, ?)');
  const insert = db.prepare(
    `INSERT INTO alerts (rule, account_id, subject, owner, tier, severity, reason, evidence, opened_on, due_by, last_seen_on, changed_on, state)
     VALUES (@rule, @account_id, @subject, @owner, @tier, @severity, @reason, @evidence, @day, @due_by, @day, @day, 'open')`,
  );
  const refresh = db.prepare('UPDATE alerts SET owner = @owner, severity = @severity, reason = @reason, evidence = @evidence, changed_on = @day, revision = revision + 1 WHERE id = @id');
  const reopen = db.prepare("UPDATE alerts SET state = 'open', snoozed_until = NULL, changed_on = ?, revision = revision + 1 WHERE id = ?");
  const resolve = db.prepare("UPDATE alerts SET state = 'closed', closed_on = @day, closed_how = 'resolved_by_data', snoozed_until = NULL, changed_on = @day, revision = revision + 1 WHERE id = @id");
  const clear = db.prepare('UPDATE alerts SET cleared_on = ? WHERE id = ?');
  db.transaction(() => {
    for (const step of plan.steps) {
      if (step.kind === 'open') {
        const { condition } = step;
        const id = Number(insert.run({ ...condition, evidence: JSON.stringify(condition.evidence), day: asOf, due_by: step.due_by }).lastInsertRowid);
        event.run(id, asOf, 'opened', SYNC_ACTOR, condition.reason, recordedAt);
        applied.opened.push(id);
      } else if (step.kind === 'update' || step.kind === 'reopen') {
        if (step.changed) {
          refresh.run({ ...step.condition, evidence: JSON.stringify(step.condition.evidence), day: asOf, id: step.id });
          applied.updated++;
        }
        if (step.kind === 'reopen') {
          reopen.run(asOf, step.id);
          event.run(step.id, asOf, 'reopened', SYNC_ACTOR, `snooze ended; still true: ${step.condition.reason}`, recordedAt);
          applied.reopened.push(step.id);
        }
      } else if (step.kind === 'resolve') {
        resolve.run({ day: asOf, id: step.id });
        event.run(step.id, asOf, 'resolved_by_data', SYNC_ACTOR, 'the condition no longer holds', recordedAt);
        applied.resolved.push(step.id);
      } else {
        clear.run(asOf, step.id);
        event.run(step.id, asOf, 'cleared', SYNC_ACTOR, 'the condition no longer holds (closed as done before): a return opens a new alert', recordedAt);
      }
    }
    db.prepare('UPDATE alerts SET last_seen_on = ? WHERE state <> \'closed\' AND last_seen_on < ?').run(asOf, asOf);
    db.prepare(
      `INSERT INTO alert_syncs (as_of, synced_at, opened, resolved, reopened) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (as_of) DO UPDATE SET opened = opened + excluded.opened, resolved = resolved + excluded.resolved, reopened = reopened + excluded.reopened`,
    ).run(asOf, recordedAt, applied.opened.length, applied.resolved.length, applied.reopened.length);
  })();
  return applied;
}

/**
 * One day of a sync, in one write transaction: the queue's latest alerts are read inside it, the plan
 * made from them, and applied. A second csops syncing at the same time waits for the first (busy
 * timeout), then plans from what the first wrote: it never opens the same alert twice.
 */
export function syncDay(db: Db, asOf: string, recordedAt: string, makePlan: (latest: Map<string, StoredAlert>) => SyncPlan): { plan: SyncPlan; applied: AppliedSync } {
  return db
    .transaction(() => {
      const plan = makePlan(latestAlertsByKey(db));
      return { plan, applied: applySyncPlan(db, plan, asOf, recordedAt) };
    })
    .immediate();
}

export interface AlertFilter {
  ids?: number[];
  states?: AlertState[];
  accountId?: string;
}

export function loadAlerts(db: Db, filter: AlertFilter = {}): AlertRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.ids) {
    where.push(`a.id IN (${filter.ids.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...filter.ids);
  }
  if (filter.states) {
    where.push(`a.state IN (${filter.states.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...filter.states);
  }
  if (filter.accountId !== undefined) {
    where.push('a.account_id = ?');
    params.push(filter.accountId);
  }
  const sql = `${SELECT}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id`;
  return (db.prepare(sql).all(...params) as Array<Record<string, unknown>>).map(toRow);
}

export function loadAlertEvents(db: Db, alertIds: readonly number[]): Map<number, AlertEvent[]> {
  const events = new Map<number, AlertEvent[]>();
  if (alertIds.length === 0) return events;
  const rows = db
    .prepare(`SELECT alert_id, day, action, by, note, until, recorded_at FROM alert_events WHERE alert_id IN (${alertIds.map(() => '?').join(', ')}) ORDER BY id`)
    .all(...alertIds) as AlertEvent[];
  for (const row of rows) {
    const list = events.get(row.alert_id) ?? [];
    list.push(row);
    events.set(row.alert_id, list);
  }
  return events;
}

export type WorkAction = 'ack' | 'done' | 'snooze';

/** Records an owner's action on one alert: its new state and a history event. */
export function recordWork(db: Db, id: number, action: WorkAction, day: string, by: string, note: string | null, until: string | null, recordedAt: string): void {
  db.transaction(() => {
    if (action === 'ack') db.prepare("UPDATE alerts SET state = 'acked', snoozed_until = NULL WHERE id = ?").run(id);
    else if (action === 'snooze') db.prepare("UPDATE alerts SET state = 'snoozed', snoozed_until = ? WHERE id = ?").run(until, id);
    else db.prepare("UPDATE alerts SET state = 'closed', closed_on = ?, closed_how = 'done', snoozed_until = NULL, cleared_on = NULL WHERE id = ?").run(day, id);
    db.prepare('UPDATE alerts SET changed_on = ?, revision = revision + 1 WHERE id = ?').run(day, id);
    db.prepare('INSERT INTO alert_events (alert_id, day, action, by, note, until, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      id, day, action === 'ack' ? 'acked' : action === 'snooze' ? 'snoozed' : 'done', by, note, until, recordedAt,
    );
  })();
}

/** Whether the database has the alert tables (a database opened read-only may predate them). */
export function hasAlertQueue(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alerts'").get() !== undefined;
}
