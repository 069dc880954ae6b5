import type { Db } from './connection.js';

/**
 * Saved tier assignments and health scores (`--save`). One run per kind and as-of day: saving the
 * same day again replaces it. The rules in force are kept beside the rows, so a later change of
 * config does not rewrite history.
 */
export type SnapshotKind = 'tier' | 'health';

export interface SnapshotRun {
  id: number;
  as_of: string;
  saved_at: string;
}

export function replaceSnapshotRun(db: Db, kind: SnapshotKind, asOf: string, savedAt: string, rules: unknown, version: string): number {
  db.prepare('DELETE FROM snapshot_runs WHERE kind = ? AND as_of = ?').run(kind, asOf);
  return Number(
    db.prepare('INSERT INTO snapshot_runs (kind, as_of, saved_at, rules, csops_version) VALUES (?, ?, ?, ?, ?)').run(kind, asOf, savedAt, JSON.stringify(rules), version)
      .lastInsertRowid,
  );
}

/** The latest run on or before (or, with `strictlyBefore`, before) the day. */
export function latestSnapshotRun(db: Db, kind: SnapshotKind, asOf: string, strictlyBefore: boolean): SnapshotRun | undefined {
  return db
    .prepare(`SELECT id, as_of, saved_at FROM snapshot_runs WHERE kind = ? AND as_of ${strictlyBefore ? '<' : '<='} ? ORDER BY as_of DESC LIMIT 1`)
    .get(kind, asOf) as SnapshotRun | undefined;
}

export interface TierSnapshotRow {
  account_id: string;
  tier: string;
  rule: string;
  reason: string;
}

export function saveTierRows(db: Db, runId: number, rows: readonly TierSnapshotRow[]): void {
  const insert = db.prepare('INSERT INTO tier_snapshots (run_id, account_id, tier, rule, reason) VALUES (?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(runId, row.account_id, row.tier, row.rule, row.reason);
}

export function loadTierRows(db: Db, runId: number): Map<string, TierSnapshotRow> {
  const rows = db.prepare('SELECT account_id, tier, rule, reason FROM tier_snapshots WHERE run_id = ?').all(runId) as TierSnapshotRow[];
  return new Map(rows.map((row) => [row.account_id, row]));
}

export interface HealthSnapshotRow {
  account_id: string;
  score: number | null;
  band: string;
  confidence: number;
  /** JSON: reasons, missing signals and factors. */
  detail: string;
}

export function saveHealthRows(db: Db, runId: number, rows: readonly HealthSnapshotRow[]): void {
  const insert = db.prepare('INSERT INTO health_snapshots (run_id, account_id, score, band, confidence, detail) VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(runId, row.account_id, row.score, row.band, row.confidence, row.detail);
}

export function loadHealthRows(db: Db, runId: number): Map<string, HealthSnapshotRow> {
  const rows = db.prepare('SELECT account_id, score, band, confidence, detail FROM health_snapshots WHERE run_id = ?').all(runId) as HealthSnapshotRow[];
  return new Map(rows.map((row) => [row.account_id, row]));
}

/** One account's saved scores, oldest first (for `csops account`). */
export function healthHistory(db: Db, accountId: string): Array<{ as_of: string; score: number | null; band: string }> {
  return db
    .prepare(
      `SELECT r.as_of, h.score, h.band FROM health_snapshots h JOIN snapshot_runs r ON r.id = h.run_id
       WHERE h.account_id = ? ORDER BY r.as_of`,
    )
    .all(accountId) as Array<{ as_of: string; score: number | null; band: string }>;
}

/** The account's saved tiers up to the day, oldest first (csops account). */
export function tierHistoryOf(db: Db, accountId: string, asOf: string): Array<{ as_of: string; tier: string }> {
  return db
    .prepare('SELECT r.as_of, t.tier FROM tier_snapshots t JOIN snapshot_runs r ON r.id = t.run_id WHERE t.account_id = ? AND r.as_of <= ? ORDER BY r.as_of')
    .all(accountId, asOf) as Array<{ as_of: string; tier: string }>;
}
