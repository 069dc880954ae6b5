import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DatabaseTarget } from '../config/database-url.js';
import { shownTarget } from '../config/database-url.js';
import { DataError, IoError, UsageError, type Phrase } from '../errors.js';
import { openDatabase, translateSqliteError, type Db } from './connection.js';
import { SCHEMA_VERSION } from './schema.js';
import { NUMBERED_TABLES, quoted, TABLES } from './tables.js';
import type { PgSession } from './pg/client.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/**
 * csops db copy (issue 25): every csops table of one database into an empty other, SQLite or
 * PostgreSQL either way. The source is read in one snapshot; the target is filled in one transaction
 * (on PostgreSQL with COPY), its row counts checked against the source's before it commits: a copy
 * that does not add up keeps nothing. A SQLite target the copy created is removed when it fails.
 */
export interface CopiedTable {
  table: string;
  rows: number;
}

export interface CopyOptions {
  busyTimeoutMs: number;
  csopsVersion: string;
}

const BATCH = 5000;

type Row = unknown[];

interface Source {
  columns(table: string): Promise<string[]>;
  count(table: string): Promise<number>;
  batches(table: string, columns: readonly string[]): AsyncIterable<Row[]>;
  close(): Promise<void>;
}

interface Target {
  /** Rows already there, per table that has any (the copy refuses such a target). */
  occupied(): Promise<Array<{ table: string; rows: number }>>;
  columns(table: string): Promise<string[]>;
  /** Writes the rows; returns how many the database took. */
  fill(table: string, columns: readonly string[], batches: AsyncIterable<Row[]>): Promise<number>;
  count(table: string): Promise<number>;
  /** After every table: numbering continues after the copied ids. */
  finish(): Promise<void>;
  commit(): Promise<void>;
  /** Undoes everything, including the file when the copy created it. */
  abandon(): Promise<void>;
}

export async function copyDatabase(from: DatabaseTarget, to: DatabaseTarget, options: CopyOptions): Promise<CopiedTable[]> {
  if (from.kind === to.kind && (from.kind === 'sqlite' ? path.resolve(from.path) === path.resolve((to as { path: string }).path) : from.url === (to as { url: string }).url)) {
    throw new UsageError(errorPhrase('error.copy.same_database', { target: shownTarget(to) }), errorPhrase('error.copy.same_database_hint'));
  }
  const source = from.kind === 'sqlite' ? sqliteSource(from.path, options) : await postgresSource(from.url);
  let target: Target | undefined;
  try {
    target = to.kind === 'sqlite' ? sqliteTarget(to.path, options) : await postgresTarget(to.url, options);
    const occupied = await target.occupied();
    if (occupied.length > 0) {
      const tables = occupied.slice(0, 5).map((entry) => errorPhrase('error.copy.table_rows', { table: entry.table, rows: entry.rows }));
      throw new UsageError(errorPhrase('error.copy.not_empty', { target: shownTarget(to), tables, more: occupied.length > 5 }), errorPhrase('error.copy.not_empty_hint'));
    }
    const copied: CopiedTable[] = [];
    const mismatches: Phrase[] = [];
    for (const table of TABLES) {
      const columns = await source.columns(table);
      const targetColumns = new Set(await target.columns(table));
      const missing = columns.filter((column) => !targetColumns.has(column));
      if (missing.length > 0) throw new IoError(errorPhrase('error.copy.missing_columns', { target: shownTarget(to), columns: missing.map((column) => `${table}.${column}`).join(', ') }), errorPhrase('error.copy.missing_columns_hint'));
      const expected = await source.count(table);
      const written = await target.fill(table, columns, source.batches(table, columns));
      const landed = await target.count(table);
      if (written !== expected || landed !== expected) mismatches.push(errorPhrase('error.copy.table_mismatch', { table, expected, landed }));
      copied.push({ table, rows: landed });
    }
    if (mismatches.length > 0) {
      throw new IoError(errorPhrase('error.copy.does_not_add_up', { target: shownTarget(to), mismatches }), errorPhrase('error.copy.does_not_add_up_hint'));
    }
    await target.finish();
    await target.commit();
    target = undefined;
    return copied;
  } finally {
    if (target !== undefined) await target.abandon();
    await source.close();
  }
}

// ---- SQLite ----------------------------------------------------------------------------------

function sqliteColumns(db: Db, table: string): string[] {
  // hidden 0: an ordinary column; 2 and 3 are generated ones (usage_daily.logins …), computed by the target itself.
  return (db.prepare(`PRAGMA table_xinfo(${quoted(table)})`).all() as Array<{ name: string; hidden: number }>).filter((column) => column.hidden === 0).map((column) => column.name);
}

function sqliteSource(file: string, options: CopyOptions): Source {
  const db = openDatabase(file, { busyTimeoutMs: options.busyTimeoutMs, mustExist: true });
  // One read transaction: every table is read from the same snapshot, whatever imports run meanwhile.
  db.exec('BEGIN');
  db.prepare('SELECT count(*) FROM import_runs').get();
  return {
    columns: async (table) => sqliteColumns(db, table),
    count: async (table) => db.prepare(`SELECT count(*) FROM ${quoted(table)}`).pluck().get() as number,
    async *batches(table, columns) {
      const rows = db.prepare(`SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table)}`).raw().iterate() as IterableIterator<Row>;
      let batch: Row[] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    async close() {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}

function sqliteTarget(file: string, options: CopyOptions): Target {
  const resolved = path.resolve(file);
  const existed = fs.existsSync(resolved);
  let db: Db;
  try {
    db = openDatabase(resolved, { busyTimeoutMs: options.busyTimeoutMs });
  } catch (error) {
    throw translateSqliteError(error, resolved);
  }
  const remove = () => {
    if (!existed) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${resolved}${suffix}`, { force: true });
  };
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db.close();
    remove();
    throw translateSqliteError(error, resolved);
  }
  return {
    async occupied() {
      return TABLES.map((table) => ({ table, rows: db.prepare(`SELECT count(*) FROM ${quoted(table)}`).pluck().get() as number })).filter((entry) => entry.rows > 0);
    },
    columns: async (table) => sqliteColumns(db, table),
    async fill(table, columns, batches) {
      const insert = db.prepare(`INSERT INTO ${quoted(table)} (${columns.map(quoted).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      let written = 0;
      for await (const batch of batches) {
        for (const row of batch) {
          try {
            written += insert.run(row).changes;
          } catch (error) {
            throw translateSqliteError(error, resolved);
          }
        }
      }
      return written;
    },
    count: async (table) => db.prepare(`SELECT count(*) FROM ${quoted(table)}`).pluck().get() as number,
    async finish() {},
    async commit() {
      db.exec('COMMIT');
      db.close();
    },
    async abandon() {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.close();
      remove();
    },
  };
}

// ---- PostgreSQL ------------------------------------------------------------------------------

/** Columns PostgreSQL's trigger computes from metrics (migration 13), as SQLite's generated ones: computed by the target itself. */
const PG_COMPUTED_COLUMNS: Readonly<Record<string, readonly string[]>> = { usage_daily: ['logins', 'active_users'] };

async function pgColumns(session: PgSession, table: string): Promise<string[]> {
  const rows = await session.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
    [table],
  );
  const computed = PG_COMPUTED_COLUMNS[table] ?? [];
  return rows.map((row) => row.column_name).filter((column) => !computed.includes(column));
}

async function pgCount(session: PgSession, table: string): Promise<number> {
  const [row] = await session.query<{ rows: number }>(`SELECT count(*) AS rows FROM ${quoted(table)}`);
  return row!.rows;
}

async function postgresSource(url: string): Promise<Source> {
  const { connectPostgres } = await import('./pg/client.js');
  const { pgSchemaVersion } = await import('./pg/schema.js');
  const session = await connectPostgres(url);
  try {
    const version = await pgSchemaVersion(session);
    if (version !== SCHEMA_VERSION) {
      throw new UsageError(errorPhrase('error.copy.source_version', { database: session.shown, version, latest: SCHEMA_VERSION }), version < SCHEMA_VERSION ? errorPhrase('error.copy.migrate_source_hint') : errorPhrase('error.copy.upgrade_hint'));
    }
    // One snapshot for every table, whatever imports run meanwhile.
    await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  } catch (error) {
    await session.close();
    throw error;
  }
  return {
    columns: (table) => pgColumns(session, table),
    count: (table) => pgCount(session, table),
    async *batches(table, columns) {
      await session.query(`DECLARE csops_copy NO SCROLL CURSOR FOR SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table)}`);
      try {
        for (;;) {
          let rows: Row[];
          try {
            rows = (await session.client.query<Row>({ text: `FETCH ${BATCH} FROM csops_copy`, rowMode: 'array' })).rows;
          } catch (error) {
            throw session.fail(error, errorPhrase('error.pg.doing.read_table', { table }));
          }
          if (rows.length === 0) break;
          yield rows;
        }
      } finally {
        await session.client.query('CLOSE csops_copy').catch(() => {});
      }
    },
    async close() {
      await session.client.query('ROLLBACK').catch(() => {});
      await session.close();
    },
  };
}

/** A value in COPY's text format: \N for null, and backslash, tab, newline and CR escaped. */
export function copyText(value: unknown, table: string, column: string): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') {
    if (value.includes('\0')) throw new DataError(errorPhrase('error.copy.nul', { table, column, text: JSON.stringify(value.slice(0, 40)) }), errorPhrase('error.copy.nul_hint'));
    return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  }
  throw new DataError(errorPhrase('error.copy.odd_value', { table, column, what: Buffer.isBuffer(value) ? errorPhrase('error.copy.blob') : typeof value }), errorPhrase('error.copy.odd_value_hint'));
}

async function postgresTarget(url: string, options: CopyOptions): Promise<Target> {
  const { connectPostgres } = await import('./pg/client.js');
  const { migrateInTransaction } = await import('./pg/schema.js');
  const { from: copyFrom } = await import('pg-copy-streams');
  const { metricColumns } = await import('./pg/import-store.js');
  const session = await connectPostgres(url);
  try {
    await session.query('BEGIN');
    // Migrating inside the copy's transaction: a copy that fails leaves the database as it found it.
    await migrateInTransaction(session, options.csopsVersion);
  } catch (error) {
    await session.client.query('ROLLBACK').catch(() => {});
    await session.close();
    throw session.fail(error, errorPhrase('error.pg.doing.prepare_copy'));
  }
  return {
    async occupied() {
      const found: Array<{ table: string; rows: number }> = [];
      for (const table of TABLES) {
        const [row] = await session.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quoted(table)}) AS any`);
        if (row?.any) found.push({ table, rows: await pgCount(session, table) });
      }
      return found;
    },
    columns: (table) => pgColumns(session, table),
    async fill(table, columns, batches) {
      // usage_daily's logins and active_users go with each row, read from its metrics as the import
      // reads them: the table's trigger then finds them right and writes no row a second time (it
      // computes the few that metricColumns leaves to the server).
      const metricsAt = PG_COMPUTED_COLUMNS[table] === undefined ? -1 : columns.indexOf('metrics');
      const copied = metricsAt < 0 ? columns : [...columns, ...PG_COMPUTED_COLUMNS[table]!];
      const stream = session.client.query(copyFrom(`COPY ${quoted(table)} (${copied.map(quoted).join(', ')}) FROM STDIN`));
      const line = (row: Row) => {
        const text = row.map((value, index) => copyText(value, table, columns[index]!)).join('\t');
        return metricsAt < 0 ? text : `${text}\t${metricColumns(String(row[metricsAt])) ?? '\\N\t\\N'}`;
      };
      const lines = async function* () {
        for await (const batch of batches) yield batch.map(line).join('\n') + '\n';
      };
      try {
        await pipeline(Readable.from(lines()), stream);
      } catch (error) {
        throw session.fail(error, errorPhrase('error.pg.doing.copy_table', { table }));
      }
      return Number(stream.rowCount);
    },
    count: (table) => pgCount(session, table),
    async finish() {
      // Identity columns continue after the copied ids, so the next import or alert gets a new one.
      for (const table of NUMBERED_TABLES) {
        await session.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT max(id) FROM ${quoted(table)}), 0) + 1, false)`, [table]);
      }
      await session.query('ANALYZE');
    },
    async commit() {
      await session.query('COMMIT');
      await session.close();
    },
    async abandon() {
      await session.client.query('ROLLBACK').catch(() => {});
      await session.close();
    },
  };
}
