import { isPostgresUrl } from '../config/database-url.js';
import { openDatabase, translateSqliteError, type Db } from './connection.js';
import { loadContactAccounts, recordContactDepartures } from './contacts.js';
import { findIdenticalImport, finishImportRun, linkUnmatched, loadAccountIdentities, loadAccountIds, loadContractAccounts, loadDerivedSurveyIds, startImportRun } from './import-runs.js';
import { UserWeeksUpserter } from './product-users.js';
import { RowUpserter, UsageUpserter, deferSecondaryIndexes } from './upserts.js';
import type { ImportStore, OpenImportStoreOptions } from './import-store-types.js';

// The interface lives in import-store-types.ts, which pg/import-store.ts implements without importing this module.
export type { ImportRunFigures, ImportRunStart, ImportStore, OpenImportStoreOptions, RowWriter, UserWeeksWriter } from './import-store-types.js';

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
