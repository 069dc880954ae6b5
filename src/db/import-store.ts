import { isPostgresUrl } from '../config/database-url.js';
import { openDatabase, translateSqliteError, type Db } from './connection.js';
import { loadContactAccounts, recordContactDepartures, type DepartureCounts } from './contacts.js';
import { findIdenticalImport, finishImportRun, linkUnmatched, loadAccountIdentities, loadAccountIds, loadContractAccounts, loadDerivedSurveyIds, startImportRun, type ImportRunRecord } from './import-runs.js';
import { UserWeeksUpserter } from './product-users.js';
import { RowUpserter, UsageUpserter, deferSecondaryIndexes, type SqlValue, type UpsertCounts } from './upserts.js';

/**
 * The write side of an import (issue 25), one implementation per backend: the import pipeline
 * (src/import) parses and checks every row once, then hands rows over in sets through this interface.
 * SQLite's is the synchronous upserters of upserts.ts, as fast as before; PostgreSQL's
 * (pg/import-store.ts) stages rows with COPY and merges each table in one statement. A file is one
 * transaction on either: begin … commit, or rollback and nothing changed.
 */
export interface ImportStore {
  readonly backend: 'sqlite' | 'postgres';
  /** The last import of the same bytes, kind and settings that landed every row (the identical-file skip). */
  findIdenticalImport(sha256: string, kind: string, settings: string): Promise<ImportRunRecord | undefined>;
  accountIds(): Promise<Set<string>>;
  accountIdentities(): Promise<Array<{ account_id: string; name: string; domain: string | null }>>;
  /** Contract (subscription) id → account id. */
  contractAccounts(): Promise<Map<string, string>>;
  /** Contact id → account id (null: landed unmatched). */
  contactAccounts(): Promise<Map<string, string | null>>;
  /** Account id → currency, for accounts whose contracts are all in one currency. */
  contractCurrencies(): Promise<Map<string, string>>;
  /** Stored survey responses whose id csops derived (R-…), with their kind and score. */
  derivedSurveyIds(): Promise<Map<string, readonly [kind: string, score: number]>>;
  /** Starts the file's transaction; one import at a time (busy: exit 75, after busy_timeout_ms). */
  begin(): Promise<void>;
  startRun(run: ImportRunStart): Promise<number>;
  /** Writes whole rows of `table` keyed by `key` (see RowUpserter for the rules). */
  rowWriter(table: string, key: readonly string[], columns: readonly string[], extra: Record<string, SqlValue>): Promise<RowWriter>;
  /** Writes usage account-days (see UsageUpserter). */
  usageWriter(): Promise<RowWriter>;
  /** Event files' user-weeks. */
  userWeeksWriter(runId: number): UserWeeksWriter;
  /** For a load that at least doubles `table`: its secondary indexes are rebuilt once at the end (SQLite). */
  deferIndexes(table: string): () => void;
  recordContactDepartures(options: { asOf: string; runId: number; listed: ReadonlySet<string>; complete: boolean }): Promise<DepartureCounts>;
  /** Links tickets, surveys and contacts that landed unmatched to the accounts now known. */
  linkUnmatched(): Promise<{ tickets: number; surveys: number; contacts: number; left: number }>;
  finishRun(id: number, figures: ImportRunFigures): Promise<void>;
  commit(): Promise<void>;
  /** Undoes the open transaction, if any (a dry run, or a failure). */
  rollback(): Promise<void>;
  /** Any error of this store as the documented exit (a busy database is 75 …). */
  translate(error: unknown): unknown;
  close(): Promise<void>;
}

export interface ImportRunStart {
  kind: string;
  fileName: string;
  filePath: string;
  sizeBytes: number;
  sha256: string;
  settings: string;
  startedAt: string;
  forced: boolean;
  version: string;
}

export interface ImportRunFigures {
  finishedAt: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** Rows of one kind, in file order; counts() writes what is left and says what changed. */
export interface RowWriter {
  /** Rows in the table before this file. */
  readonly rowsBefore: number;
  /** Usage: rows that repeated an account and day seen earlier in the file (merged, later values win). */
  readonly merged?: number;
  add(values: readonly SqlValue[], offset: number, line: number): void;
  /** When the writer holds more than it should (PostgreSQL's COPY stream is full): resolves once it may take more. */
  ready?(): Promise<void> | undefined;
  flush(): void | Promise<void>;
  counts(): UpsertCounts | Promise<UpsertCounts>;
}

export interface UserWeeksWriter {
  /** account_id, user_key, week, days, one row after another. */
  add(values: readonly SqlValue[]): void;
  /** Writes what is still held; `written` is final after it. */
  finish(): void | Promise<void>;
  /** Rows read, and rows that added a day not stored before. */
  readonly rows: number;
  readonly written: number;
}

export interface OpenImportStoreOptions {
  busyTimeoutMs: number;
  /** csops's version, for a PostgreSQL database csops migrates first. */
  version: string;
}

/** The database `location` names (--db: a SQLite path or a PostgreSQL URL), opened for imports. */
export async function openImportStore(location: string, options: OpenImportStoreOptions): Promise<ImportStore> {
  if (isPostgresUrl(location)) {
    const { openPostgresImportStore } = await import('./pg/import-store.js');
    return openPostgresImportStore(location, options);
  }
  return sqliteImportStore(openDatabase(location, { busyTimeoutMs: options.busyTimeoutMs }));
}

/** SQLite: the synchronous store functions, in one BEGIN IMMEDIATE transaction per file. */
export function sqliteImportStore(db: Db): ImportStore {
  return {
    backend: 'sqlite',
    findIdenticalImport: async (sha256, kind, settings) => findIdenticalImport(db, sha256, kind, settings),
    accountIds: async () => loadAccountIds(db),
    accountIdentities: async () => loadAccountIdentities(db),
    contractAccounts: async () => loadContractAccounts(db),
    contactAccounts: async () => loadContactAccounts(db),
    contractCurrencies: async () => contractCurrencies(db),
    derivedSurveyIds: async () => loadDerivedSurveyIds(db),
    async begin() {
      // Every reference is checked by the import with the file's line and value in the message; the
      // database's own foreign-key check would repeat that work for each row of a large file.
      db.pragma('foreign_keys = OFF');
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        db.pragma('foreign_keys = ON');
        throw translateSqliteError(error, db.name);
      }
    },
    startRun: async (run) => startImportRun(db, run),
    rowWriter: async (table, key, columns, extra) => new RowUpserter(db, table, key, columns, extra),
    usageWriter: async () => new UsageUpserter(db),
    userWeeksWriter(runId) {
      const upserter = new UserWeeksUpserter(db, runId);
      return {
        add: (values) => upserter.add(values),
        finish() {},
        get rows() {
          return upserter.rows;
        },
        get written() {
          return upserter.written;
        },
      };
    },
    deferIndexes: (table) => deferSecondaryIndexes(db, table),
    recordContactDepartures: async (options) => recordContactDepartures(db, options),
    linkUnmatched: async () => linkUnmatched(db),
    finishRun: async (id, figures) => finishImportRun(db, id, figures),
    async commit() {
      db.exec('COMMIT');
      db.pragma('foreign_keys = ON');
    },
    async rollback() {
      if (db.inTransaction) db.exec('ROLLBACK');
      db.pragma('foreign_keys = ON');
    },
    translate: (error) => translateSqliteError(error, db.name),
    async close() {
      db.close();
    },
  };
}

/** Account id → currency, for accounts whose contracts are all in one currency. */
function contractCurrencies(db: Db): Map<string, string> {
  const rows = db
    .prepare('SELECT account_id, MIN(currency) AS currency FROM contracts GROUP BY account_id HAVING COUNT(DISTINCT currency) = 1')
    .raw()
    .all() as Array<[string, string]>;
  return new Map(rows);
}
