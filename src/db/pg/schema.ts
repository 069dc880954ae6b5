import { SCHEMA_VERSION } from '../schema.js';
import { InternalError, UsageError } from '../../errors.js';
import { LAST_IMPORTS_SQL, quoted, TABLES, type LastImport, type TableCount } from '../tables.js';
import type { PgSession } from './client.js';
import { pgMigrations } from './migrations.js';
import { errorPhrase } from '../../i18n/messages/errors.js';

/**
 * The schema of a PostgreSQL database (issue 25): csops_schema_version records each migration applied
 * (PRAGMA user_version's part on SQLite). Each migration runs in a transaction of its own under an
 * advisory lock on the database and schema, so two csops migrating at once apply each migration once:
 * the second waits, then finds it applied. Tables live in the connection's current schema (the first
 * of search_path, e.g. ?options=-c%20search_path%3Dcs in the URL).
 */
export const VERSION_TABLE = 'csops_schema_version';

if (pgMigrations.length !== SCHEMA_VERSION) throw new InternalError(`PostgreSQL has ${pgMigrations.length} migrations and SQLite ${SCHEMA_VERSION}: each SQLite migration needs its PostgreSQL twin in src/db/pg/migrations.ts`);

const LOCK = "SELECT pg_advisory_xact_lock(hashtext('csops schema ' || current_schema()))";

/** The schema version the database is at: 0 when csops never migrated it. */
export async function pgSchemaVersion(session: PgSession): Promise<number> {
  const [row] = await session.query<{ exists: string | null }>('SELECT to_regclass($1) AS exists', [quoted(VERSION_TABLE)]);
  if (row?.exists == null) return 0;
  const [version] = await session.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${VERSION_TABLE}`);
  return version?.version ?? 0;
}

export interface MigrationResult {
  from: number;
  to: number;
  /** Migrations this run applied (0 when another run, or an earlier one, had). */
  applied: number;
}

/** Brings the database to this csops's schema version, one transaction per migration. */
export async function migratePostgres(session: PgSession, csopsVersion: string): Promise<MigrationResult> {
  let from: number | undefined;
  let applied = 0;
  for (;;) {
    await session.query('BEGIN');
    try {
      const version = await lockedVersion(session);
      from ??= version;
      if (version >= SCHEMA_VERSION) {
        await session.query('COMMIT');
        return { from, to: version, applied };
      }
      await applyMigration(session, version, csopsVersion);
      await session.query('COMMIT');
      applied++;
    } catch (error) {
      await session.client.query('ROLLBACK').catch(() => {});
      throw session.fail(error, errorPhrase('error.pg.doing.migrate'));
    }
  }
}

/**
 * Inside a transaction the caller holds (csops db copy fills a database in one): takes the lock and
 * applies what is pending, all in that transaction.
 */
export async function migrateInTransaction(session: PgSession, csopsVersion: string): Promise<MigrationResult> {
  const from = await lockedVersion(session);
  for (let version = from; version < SCHEMA_VERSION; version++) await applyMigration(session, version, csopsVersion);
  return { from, to: Math.max(from, SCHEMA_VERSION), applied: Math.max(0, SCHEMA_VERSION - from) };
}

/** Takes the schema lock (held to the end of the transaction), creating the version table when missing. */
async function lockedVersion(session: PgSession): Promise<number> {
  await session.query(LOCK);
  await session.query(`CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (
    version       integer PRIMARY KEY,
    applied_at    timestamptz NOT NULL DEFAULT now(),
    csops_version text NOT NULL
  )`);
  const version = await pgSchemaVersion(session);
  if (version > SCHEMA_VERSION) {
    throw new UsageError(errorPhrase('error.pg.newer_schema', { version, latest: SCHEMA_VERSION }), errorPhrase('error.db.upgrade_hint'));
  }
  return version;
}

async function applyMigration(session: PgSession, version: number, csopsVersion: string): Promise<void> {
  await session.query(pgMigrations[version]!);
  await session.query(`INSERT INTO ${VERSION_TABLE} (version, csops_version) VALUES ($1, $2)`, [version + 1, csopsVersion]);
}

/** Rows per csops table (null for one that does not exist yet). */
export async function pgTableCounts(session: PgSession): Promise<TableCount[]> {
  const present = new Set(
    (await session.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")).map((row) => row.table_name),
  );
  const counts: TableCount[] = [];
  for (const table of TABLES) {
    if (!present.has(table)) {
      counts.push({ table, rows: null });
      continue;
    }
    const [row] = await session.query<{ rows: number }>(`SELECT count(*) AS rows FROM ${quoted(table)}`);
    counts.push({ table, rows: row!.rows });
  }
  return counts;
}

export async function pgLastImports(session: PgSession): Promise<LastImport[]> {
  const [row] = await session.query<{ exists: string | null }>("SELECT to_regclass('import_runs') AS exists");
  if (row?.exists == null) return [];
  return session.query<LastImport>(LAST_IMPORTS_SQL);
}

/** The server's version, e.g. "15.18". */
export async function pgServerVersion(session: PgSession): Promise<string> {
  const [row] = await session.query<{ server_version: string }>('SHOW server_version');
  return row?.server_version.split(' ')[0] ?? 'unknown';
}
