import { inTransaction, type PgSession } from './client.js';
import type { HealthSnapshotRow, SnapshotKind, TierSnapshotRow } from '../snapshots.js';

/**
 * Saved tier assignments and health scores on PostgreSQL (issue 25): replaceSnapshotRun and
 * saveTierRows / saveHealthRows of src/db/snapshots.ts in one transaction — the day's earlier run
 * deleted (its rows cascade), the new run and its rows inserted, the rows as one set (unnest of one
 * array per column) rather than a statement each.
 */
export async function pgSaveSnapshot(
  session: PgSession,
  run: { kind: SnapshotKind; asOf: string; savedAt: string; rules: unknown; version: string },
  rows: { tier: readonly TierSnapshotRow[] } | { health: readonly HealthSnapshotRow[] },
): Promise<void> {
  await inTransaction(session, async () => {
    await session.query('DELETE FROM snapshot_runs WHERE kind = $1 AND as_of = $2', [run.kind, run.asOf]);
    const [saved] = await session.query<{ id: number }>('INSERT INTO snapshot_runs (kind, as_of, saved_at, rules, csops_version) VALUES ($1, $2, $3, $4, $5) RETURNING id', [run.kind, run.asOf, run.savedAt, JSON.stringify(run.rules), run.version]);
    const column = <Row, K extends keyof Row>(list: readonly Row[], key: K) => list.map((row) => row[key]);
    if ('tier' in rows) {
      await session.query(
        'INSERT INTO tier_snapshots (run_id, account_id, tier, rule, reason) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])',
        [saved!.id, column(rows.tier, 'account_id'), column(rows.tier, 'tier'), column(rows.tier, 'rule'), column(rows.tier, 'reason')],
      );
    } else {
      await session.query(
        'INSERT INTO health_snapshots (run_id, account_id, score, band, confidence, detail) SELECT $1, * FROM unnest($2::text[], $3::integer[], $4::text[], $5::integer[], $6::text[])',
        [saved!.id, column(rows.health, 'account_id'), column(rows.health, 'score'), column(rows.health, 'band'), column(rows.health, 'confidence'), column(rows.health, 'detail')],
      );
    }
  });
}
