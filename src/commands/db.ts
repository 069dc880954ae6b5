import { databaseTarget, shownTarget, type DatabaseTarget } from '../config/database-url.js';
import { openDatabase } from '../db/connection.js';
import { copyDatabase, type CopiedTable } from '../db/copy.js';
import { peekSqliteSchemaVersion, sqliteLastImports, sqliteSchemaVersion, sqliteTableCounts, sqliteVersion } from '../db/database-info.js';
import { SCHEMA_VERSION } from '../db/schema.js';
import type { LastImport, TableCount } from '../db/tables.js';
import type { CommandContext } from './context.js';

/**
 * csops db info, db migrate and db copy (issue 25): the database itself, on SQLite or PostgreSQL.
 * PostgreSQL's modules (and node-postgres) load only when the database is one.
 */
export type Backend = 'sqlite' | 'postgres';

export interface DbInfoResult {
  kind: 'db_info';
  backend: Backend;
  /** The SQLite file's path, or the PostgreSQL URL with its password masked. */
  database: string;
  /** PostgreSQL's version (e.g. "15.18"), or SQLite's. */
  server_version: string;
  schema_version: number;
  latest_schema_version: number;
  tables: TableCount[];
  last_imports: LastImport[];
}

export interface DbMigrateResult {
  kind: 'db_migrate';
  backend: Backend;
  database: string;
  from_version: number;
  to_version: number;
  /** Migrations this run applied (0: it was up to date, or another csops migrated it meanwhile). */
  applied: number;
}

export interface DbCopyResult {
  kind: 'db_copy';
  from: { backend: Backend; database: string };
  to: { backend: Backend; database: string };
  schema_version: number;
  tables: CopiedTable[];
  rows: number;
}

function target(context: CommandContext): DatabaseTarget {
  return databaseTarget(context.dbPath);
}

export async function runDbInfo(context: CommandContext): Promise<DbInfoResult> {
  const database = target(context);
  const base = { kind: 'db_info' as const, backend: database.kind, database: shownTarget(database), latest_schema_version: SCHEMA_VERSION };
  if (database.kind === 'sqlite') {
    const db = openDatabase(database.path, { busyTimeoutMs: context.config.busy_timeout_ms, mustExist: true });
    try {
      return { ...base, server_version: sqliteVersion(db), schema_version: sqliteSchemaVersion(db), tables: sqliteTableCounts(db), last_imports: sqliteLastImports(db) };
    } finally {
      db.close();
    }
  }
  const { connectPostgres } = await import('../db/pg/client.js');
  const { pgLastImports, pgSchemaVersion, pgServerVersion, pgTableCounts } = await import('../db/pg/schema.js');
  const session = await connectPostgres(database.url);
  try {
    return { ...base, server_version: await pgServerVersion(session), schema_version: await pgSchemaVersion(session), tables: await pgTableCounts(session), last_imports: await pgLastImports(session) };
  } finally {
    await session.close();
  }
}

export async function runDbMigrate(context: CommandContext): Promise<DbMigrateResult> {
  const database = target(context);
  const base = { kind: 'db_migrate' as const, backend: database.kind, database: shownTarget(database) };
  if (database.kind === 'sqlite') {
    // openDatabase migrates (keeping <db>.bak-N of an older database), or creates a new one.
    const before = peekSqliteSchemaVersion(database.path) ?? 0;
    const db = openDatabase(database.path, { busyTimeoutMs: context.config.busy_timeout_ms });
    try {
      const after = sqliteSchemaVersion(db);
      return { ...base, from_version: before, to_version: after, applied: after - before };
    } finally {
      db.close();
    }
  }
  const { connectPostgres } = await import('../db/pg/client.js');
  const { migratePostgres } = await import('../db/pg/schema.js');
  const session = await connectPostgres(database.url);
  try {
    const result = await migratePostgres(session, context.version);
    return { ...base, from_version: result.from, to_version: result.to, applied: result.applied };
  } finally {
    await session.close();
  }
}

export async function runDbCopy(context: CommandContext, options: { to: string }): Promise<DbCopyResult> {
  const from = target(context);
  const to = databaseTarget(options.to, undefined, '--to');
  const tables = await copyDatabase(from, to, { busyTimeoutMs: context.config.busy_timeout_ms, csopsVersion: context.version });
  return {
    kind: 'db_copy',
    from: { backend: from.kind, database: shownTarget(from) },
    to: { backend: to.kind, database: shownTarget(to) },
    schema_version: SCHEMA_VERSION,
    tables,
    rows: tables.reduce((sum, entry) => sum + entry.rows, 0),
  };
}
