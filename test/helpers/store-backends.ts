import { createHash } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { TABLES } from '../../src/db/tables.js';
import { queryAll, tableChecksums } from './cli.js';
import { freshDatabase, noteSkippedWithoutPostgres, onDatabase, POSTGRES_URL } from './postgres.js';

/**
 * The two stores a store-level test runs on (issue 25: "the test suite runs its store, import and
 * command tests on both backends"): describe.each(storeBackends('…')) runs a suite on a SQLite file
 * and on a PostgreSQL database of its own; without CSOPS_TEST_POSTGRES_URL only the SQLite half runs,
 * and the file says so in one line. A test reads either store with the same SQL (? placeholders,
 * counts and dates as JS numbers and YYYY-MM-DD text).
 */
export interface StoreBackend {
  name: 'SQLite' | 'PostgreSQL';
  /** A new empty store at csops's schema version, as --db / context.dbPath names it. */
  fresh(dir: string, name?: string): Promise<string>;
  rows<T = Record<string, unknown>>(location: string, sql: string, ...params: unknown[]): Promise<T[]>;
  /** Per table, a checksum of every row: equal checksums mean nothing was written. */
  checksums(location: string): Promise<Record<string, string>>;
}

const sqlite: StoreBackend = {
  name: 'SQLite',
  // runImport creates and migrates the file on first use.
  fresh: async (dir, name = 'csops') => path.join(dir, `${name}.db`),
  rows: async <T>(location: string, sql: string, ...params: unknown[]) => queryAll<T>(location, sql, ...params),
  checksums: async (location) => tableChecksums(location),
};

/** Counts (bigint, numeric) as numbers and dates as text, as SQLite gives them. */
const TEST_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (value: string) => Number(value);
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

const postgres: StoreBackend = {
  name: 'PostgreSQL',
  fresh: () => freshDatabase({ migrated: true }),
  async rows<T>(location: string, sql: string, ...params: unknown[]) {
    let number = 0;
    const text = sql.replace(/\?/g, () => `$${++number}`);
    const client = new pg.Client({ connectionString: location, types: TEST_TYPES });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  },
  checksums: (location) =>
    onDatabase(location, async (client) => {
      const sums: Record<string, string> = {};
      for (const table of TABLES) {
        const { rows } = await client.query<{ line: string }>(`SELECT t::text AS line FROM "${table}" AS t`);
        sums[table] = createHash('sha256').update(rows.map((row) => row.line).sort().join('\n')).digest('hex');
      }
      return sums;
    }),
};

/** The backends to run on: SQLite always, PostgreSQL when a server is given (else one line says what is skipped). */
export function storeBackends(what: string): StoreBackend[] {
  noteSkippedWithoutPostgres(`${what} on PostgreSQL`);
  return POSTGRES_URL === undefined ? [sqlite] : [sqlite, postgres];
}
