import { inTransaction, type PgSession } from './client.js';
import { conditionKey, type AlertRow, type StoredAlert, type SyncPlan } from '../../core/alert-rules.js';
import { SYNC_ACTOR, type AlertEvent, type AlertFilter, type AppliedSync, type WorkAction } from '../alerts.js';

/**
 * The alert queue on PostgreSQL (issue 25): the reads and writes of src/db/alerts.ts, statement for
 * statement, so a queue synced and worked on either backend holds the same rows. A sync's day and an
 * owner's action are each one transaction, under an advisory lock on the queue: two syncs at once
 * apply one day after the other, never both from the same "latest" alerts.
 */

const QUEUE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('csops alerts ' || current_schema()))";

const SELECT = `SELECT a.id, a.rule, a.account_id, acc.name AS account_name, a.subject, a.owner, a.tier, a.severity, a.state, a.reason, a.evidence,
  a.opened_on, a.due_by, a.last_seen_on, a.changed_on, a.revision, a.snoozed_until, a.closed_on, a.closed_how, a.cleared_on
  FROM alerts a LEFT JOIN accounts acc ON acc.account_id = a.account_id`;

function toRow(raw: Record<string, unknown>): AlertRow {
  return { ...(raw as unknown as AlertRow), evidence: JSON.parse(raw.evidence as string) as Record<string, unknown> };
}

export async function pgLatestAlertsByKey(session: PgSession): Promise<Map<string, StoredAlert>> {
  const rows = await session.query<StoredAlert>(
    `SELECT a.id, a.rule, a.account_id, a.subject, a.state, a.severity, a.reason, a.evidence, a.snoozed_until, a.closed_how, a.cleared_on FROM alerts a
     WHERE a.id = (SELECT max(b.id) FROM alerts b WHERE b.account_id = a.account_id AND b.rule = a.rule AND b.subject = a.subject)
     ORDER BY a.id`,
  );
  return new Map(rows.map((row) => [conditionKey(row), row]));
}

export async function pgLastSyncDay(session: PgSession): Promise<string | null> {
  return (await session.query<{ day: string | null }>('SELECT max(as_of) AS day FROM alert_syncs'))[0]?.day ?? null;
}

/** One transaction: the queue locked, `work` run, committed (or rolled back and the error passed on). */
function inQueueTransaction<T>(session: PgSession, work: () => Promise<T>): Promise<T> {
  return inTransaction(session, async () => {
    await session.query(QUEUE_LOCK);
    return work();
  });
}

/** syncDay (src/db/alerts.ts) on PostgreSQL: the latest alerts read under the queue's lock, the plan made from them and applied, in one transaction. */
export async function pgSyncDay(session: PgSession, asOf: string, recordedAt: string, makePlan: (latest: Map<string, StoredAlert>) => SyncPlan): Promise<{ plan: SyncPlan; applied: AppliedSync }> {
  return inQueueTransaction(session, async () => {
    const plan = makePlan(await pgLatestAlertsByKey(session));
    return { plan, applied: await applySyncPlan(session, plan, asOf, recordedAt) };
  });
}

/** applySyncPlan (src/db/alerts.ts): the plan's steps and the synced day, inside the caller's transaction. */
async function applySyncPlan(session: PgSession, plan: SyncPlan, asOf: string, recordedAt: string): Promise<AppliedSync> {
  const applied: AppliedSync = { opened: [], reopened: [], resolved: [], updated: 0 };
  const event = (id: number, action: string, note: string) =>
    session.query('INSERT INTO alert_events (alert_id, day, action, by, note, until, recorded_at) VALUES ($1, $2, $3, $4, $5, NULL, $6)', [id, asOf, action, SYNC_ACTOR, note, recordedAt]);
  for (const step of plan.steps) {
    if (step.kind === 'open') {
      const { condition } = step;
      const [row] = await session.query<{ id: number }>(
        `INSERT INTO alerts (rule, account_id, subject, owner, tier, severity, reason, evidence, opened_on, due_by, last_seen_on, changed_on, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9, $9, 'open') RETURNING id`,
        [condition.rule, condition.account_id, condition.subject, condition.owner, condition.tier, condition.severity, condition.reason, JSON.stringify(condition.evidence), asOf, step.due_by],
      );
      await event(row!.id, 'opened', condition.reason);
      applied.opened.push(row!.id);
    } else if (step.kind === 'update' || step.kind === 'reopen') {
      if (step.changed) {
        const { condition } = step;
        await session.query('UPDATE alerts SET owner = $1, severity = $2, reason = $3, evidence = $4, changed_on = $5, revision = revision + 1 WHERE id = $6', [condition.owner, condition.severity, condition.reason, JSON.stringify(condition.evidence), asOf, step.id]);
        applied.updated++;
      }
      if (step.kind === 'reopen') {
        await session.query("UPDATE alerts SET state = 'open', snoozed_until = NULL, changed_on = $1, revision = revision + 1 WHERE id = $2", [asOf, step.id]);
        await event(step.id, 'reopened', `snooze ended; still true: ${step.condition.reason}`);
        applied.reopened.push(step.id);
      }
    } else if (step.kind === 'resolve') {
      await session.query("UPDATE alerts SET state = 'closed', closed_on = $1, closed_how = 'resolved_by_data', snoozed_until = NULL, changed_on = $1, revision = revision + 1 WHERE id = $2", [asOf, step.id]);
      await event(step.id, 'resolved_by_data', 'the condition no longer holds');
      applied.resolved.push(step.id);
    } else {
      await session.query('UPDATE alerts SET cleared_on = $1 WHERE id = $2', [asOf, step.id]);
      await event(step.id, 'cleared', 'the condition no longer holds (closed as done before): a return opens a new alert');
    }
  }
  await session.query("UPDATE alerts SET last_seen_on = $1 WHERE state <> 'closed' AND last_seen_on < $1", [asOf]);
  await session.query(
    `INSERT INTO alert_syncs (as_of, synced_at, opened, resolved, reopened) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (as_of) DO UPDATE SET opened = alert_syncs.opened + excluded.opened, resolved = alert_syncs.resolved + excluded.resolved, reopened = alert_syncs.reopened + excluded.reopened`,
    [asOf, recordedAt, applied.opened.length, applied.resolved.length, applied.reopened.length],
  );
  return applied;
}

export async function pgLoadAlerts(session: PgSession, filter: AlertFilter = {}): Promise<AlertRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.ids) where.push(`a.id = ANY($${params.push(filter.ids)}::bigint[])`);
  if (filter.states) where.push(`a.state = ANY($${params.push(filter.states)}::text[])`);
  if (filter.accountId !== undefined) where.push(`a.account_id = $${params.push(filter.accountId)}`);
  const rows = await session.query<Record<string, unknown>>(`${SELECT}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id`, params);
  return rows.map(toRow);
}

export async function pgLoadAlertEvents(session: PgSession, alertIds: readonly number[]): Promise<Map<number, AlertEvent[]>> {
  const events = new Map<number, AlertEvent[]>();
  if (alertIds.length === 0) return events;
  const rows = await session.query<AlertEvent>('SELECT alert_id, day, action, by, note, until, recorded_at FROM alert_events WHERE alert_id = ANY($1::bigint[]) ORDER BY id', [alertIds]);
  for (const row of rows) {
    const list = events.get(row.alert_id) ?? [];
    list.push(row);
    events.set(row.alert_id, list);
  }
  return events;
}

/** recordWork (src/db/alerts.ts) on PostgreSQL: the alert's new state and a history event, in one transaction. */
export async function pgRecordWork(session: PgSession, id: number, action: WorkAction, day: string, by: string, note: string | null, until: string | null, recordedAt: string): Promise<void> {
  await inQueueTransaction(session, async () => {
    if (action === 'ack') await session.query("UPDATE alerts SET state = 'acked', snoozed_until = NULL WHERE id = $1", [id]);
    else if (action === 'snooze') await session.query("UPDATE alerts SET state = 'snoozed', snoozed_until = $1 WHERE id = $2", [until, id]);
    else await session.query("UPDATE alerts SET state = 'closed', closed_on = $1, closed_how = 'done', snoozed_until = NULL, cleared_on = NULL WHERE id = $2", [day, id]);
    await session.query('UPDATE alerts SET changed_on = $1, revision = revision + 1 WHERE id = $2', [day, id]);
    await session.query('INSERT INTO alert_events (alert_id, day, action, by, note, until, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      id, day, action === 'ack' ? 'acked' : action === 'snooze' ? 'snoozed' : 'done', by, note, until, recordedAt,
    ]);
  });
}
