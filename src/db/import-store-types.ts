import type { DepartureCounts } from './contacts.js';
import type { ImportRunRecord } from './import-runs.js';
import type { SqlValue, UpsertCounts } from './upserts.js';

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
