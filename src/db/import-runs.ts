import type { Db } from './connection.js';
import { indexAccounts, resolveOrganization } from '../core/account-match.js';

export interface ImportRunRecord {
  id: number;
  kind: string;
  file_name: string;
  sha256: string;
  finished_at: string;
}

/**
 * The last import of the same bytes as the same kind with the same settings that landed every row.
 * A file whose rows were partly rejected is never "already imported": re-running it after fixing
 * what it depends on (an account imported since, say) must be able to land the rest.
 */
export function findIdenticalImport(db: Db, sha256: string, kind: string, settings: string): ImportRunRecord | undefined {
  return db
    .prepare('SELECT id, kind, file_name, sha256, finished_at FROM import_runs WHERE sha256 = ? AND kind = ? AND settings = ? AND rejected = 0 ORDER BY id DESC LIMIT 1')
    .get(sha256, kind, settings) as ImportRunRecord | undefined;
}

export function startImportRun(
  db: Db,
  run: { kind: string; fileName: string; filePath: string; sizeBytes: number; sha256: string; settings: string; startedAt: string; forced: boolean; version: string },
): number {
  const result = db
    .prepare(
      `INSERT INTO import_runs (kind, file_name, file_path, size_bytes, sha256, settings, started_at, finished_at, rows_read, inserted, updated, unchanged, rejected, forced, csops_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, ?, ?)`,
    )
    .run(run.kind, run.fileName, run.filePath, run.sizeBytes, run.sha256, run.settings, run.startedAt, run.startedAt, run.forced ? 1 : 0, run.version);
  return Number(result.lastInsertRowid);
}

export function finishImportRun(
  db: Db,
  id: number,
  figures: { finishedAt: string; rowsRead: number; inserted: number; updated: number; unchanged: number; rejected: number },
): void {
  db.prepare('UPDATE import_runs SET finished_at = ?, rows_read = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?').run(
    figures.finishedAt,
    figures.rowsRead,
    figures.inserted,
    figures.updated,
    figures.unchanged,
    figures.rejected,
    id,
  );
}

export function loadAccountIds(db: Db): Set<string> {
  return new Set(db.prepare('SELECT account_id FROM accounts').pluck().all() as string[]);
}

/** Stored survey responses whose id csops derived (R-…), with their kind and score: a re-import keeps their ids. */
export function loadDerivedSurveyIds(db: Db): Map<string, readonly [kind: string, score: number]> {
  const rows = db.prepare("SELECT response_id, kind, score FROM surveys WHERE response_id LIKE 'R-%'").raw().all() as Array<[string, string, number]>;
  return new Map(rows.map(([id, kind, score]) => [id, [kind, score] as const]));
}

export function loadAccountIdentities(db: Db): Array<{ account_id: string; name: string; domain: string | null }> {
  return db.prepare('SELECT account_id, name, domain FROM accounts').all() as Array<{ account_id: string; name: string; domain: string | null }>;
}

/** Contract (subscription) id → account id, for usage events keyed by a subscription. */
export function loadContractAccounts(db: Db): Map<string, string> {
  return new Map((db.prepare('SELECT contract_id, account_id FROM contracts').raw().all() as Array<[string, string]>));
}

/**
 * Links the tickets, surveys and contacts that landed unmatched (account_id null, the organisation they name
 * kept) to the accounts now known, by the rule their import used (account id, then name, then
 * domain: resolveOrganization). Runs inside an accounts file's transaction. Returns the rows linked
 * and those still unmatched that name an organisation.
 */
export function linkUnmatched(db: Db): { tickets: number; surveys: number; contacts: number; left: number } {
  const linked = { tickets: 0, surveys: 0, contacts: 0, left: 0 };
  const tables = ['tickets', 'surveys', 'contacts'] as const;
  const pending = tables.map((table) => db.prepare(`SELECT organization, count(*) FROM ${table} WHERE account_id IS NULL AND organization IS NOT NULL GROUP BY organization`).raw().all() as Array<[string, number]>);
  if (pending.every((rows) => rows.length === 0)) return linked;
  const identities = loadAccountIdentities(db);
  const index = indexAccounts(identities);
  const ids = new Set(identities.map((account) => account.account_id));
  tables.forEach((table, position) => {
    const update = db.prepare(`UPDATE ${table} SET account_id = ? WHERE account_id IS NULL AND organization = ?`);
    for (const [organization, count] of pending[position]!) {
      const accountId = resolveOrganization(index, ids, organization);
      if (typeof accountId === 'string') linked[table] += update.run(accountId, organization).changes;
      else linked.left += count;
    }
  });
  return linked;
}
