import type { Db } from './connection.js';

/**
 * What csops alerts export and push sent where (issue 20, migration 8): per alert and destination,
 * the revision sent. An export sends what is new or changed (revision > revision_sent); a push sends
 * each alert once.
 */

/** alert id → the revision last sent to the destination. */
export function deliveredRevisions(db: Db, destination: string): Map<number, number> {
  const rows = db.prepare('SELECT alert_id, revision_sent FROM alert_deliveries WHERE destination = ?').raw().all(destination) as Array<[number, number]>;
  return new Map(rows);
}

/**
 * Records the alerts as sent to the destination at their revisions (one transaction; a later call for
 * the same alert replaces it); `during` runs inside it: if it throws, nothing is recorded.
 */
export function recordDeliveries(db: Db, destination: string, sent: ReadonlyArray<{ id: number; revision: number }>, sentAt: string, during?: () => void): void {
  const upsert = db.prepare(
    `INSERT INTO alert_deliveries (alert_id, destination, revision_sent, sent_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (alert_id, destination) DO UPDATE SET revision_sent = excluded.revision_sent, sent_at = excluded.sent_at`,
  );
  db.transaction(() => {
    for (const alert of sent) upsert.run(alert.id, destination, alert.revision, sentAt);
    during?.();
  })();
}

/** The web domain of each account (HubSpot recognises a company by it). */
export function accountDomains(db: Db, accountIds: readonly string[]): Map<string, string | null> {
  const lookup = db.prepare('SELECT domain FROM accounts WHERE account_id = ?').pluck();
  return new Map([...new Set(accountIds)].map((id) => [id, (lookup.get(id) as string | null | undefined) ?? null]));
}
