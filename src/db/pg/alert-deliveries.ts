import { inTransaction, type PgSession } from './client.js';

/**
 * alert_deliveries on PostgreSQL (issue 25): alert-deliveries.ts's reads and writes, the same rows.
 * What csops alerts export and push sent where, per alert and destination, so a second run sends
 * nothing it sent before.
 */

/** alert id → the revision last sent to the destination (alert-deliveries.ts deliveredRevisions). */
export async function pgDeliveredRevisions(session: PgSession, destination: string): Promise<Map<number, number>> {
  const rows = await session.query<{ alert_id: number; revision_sent: number }>('SELECT alert_id, revision_sent FROM alert_deliveries WHERE destination = $1', [destination]);
  return new Map(rows.map((row) => [row.alert_id, row.revision_sent]));
}

/**
 * Records the alerts as sent to the destination at their revisions, in one transaction (a later call
 * for the same alert replaces it); `during` runs inside it, before the commit: if it throws, nothing
 * is recorded (alerts export writes its file there).
 */
export async function pgRecordDeliveries(session: PgSession, destination: string, sent: ReadonlyArray<{ id: number; revision: number }>, sentAt: string, during?: () => void): Promise<void> {
  await inTransaction(session, async () => {
    await session.query(
      `INSERT INTO alert_deliveries (alert_id, destination, revision_sent, sent_at)
       SELECT sent.id, $1, sent.revision, $4 FROM unnest($2::bigint[], $3::integer[]) WITH ORDINALITY AS sent (id, revision, position) ORDER BY sent.position
       ON CONFLICT (alert_id, destination) DO UPDATE SET revision_sent = excluded.revision_sent, sent_at = excluded.sent_at`,
      [destination, sent.map((alert) => alert.id), sent.map((alert) => alert.revision), sentAt],
    );
    during?.();
  });
}

/** The web domain of each account (alert-deliveries.ts accountDomains). */
export async function pgAccountDomains(session: PgSession, accountIds: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(accountIds)];
  const rows = await session.query<{ account_id: string; domain: string | null }>('SELECT account_id, domain FROM accounts WHERE account_id = ANY($1::text[])', [unique]);
  const found = new Map(rows.map((row) => [row.account_id, row.domain]));
  return new Map(unique.map((id) => [id, found.get(id) ?? null]));
}
