import type { Db } from './connection.js';

export type SqlValue = string | number | null;

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Idempotent upsert of whole rows: a row whose values are all equal to the stored ones is not
 * written at all, so a re-import reports it unchanged. Only the columns the file carries are
 * written; a column the file lacks keeps its stored value. Table and column names come from the
 * fixed field tables in src/import/kinds.ts, never from input.
 */
export class RowUpserter {
  private readonly statement;
  private readonly countRows;
  private readonly rowsBefore: number;
  private written = 0;
  private changed = 0;

  constructor(
    db: Db,
    table: string,
    keyColumns: readonly string[],
    readonly columns: readonly string[],
    /** Columns written with the row but not compared (provenance such as import_run_id). */
    untrackedColumns: readonly string[] = [],
  ) {
    const all = [...columns, ...untrackedColumns];
    const updatable = columns.filter((column) => !keyColumns.includes(column));
    const set = [...updatable, ...untrackedColumns].map((column) => `${column} = excluded.${column}`).join(', ');
    const differs = updatable.map((column) => `${column} IS NOT excluded.${column}`).join(' OR ');
    const onConflict = updatable.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${set} WHERE ${differs}`;
    this.statement = db.prepare(
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')}) ON CONFLICT (${keyColumns.join(', ')}) ${onConflict}`,
    );
    this.countRows = db.prepare(`SELECT count(*) FROM ${table}`).pluck();
    this.rowsBefore = this.countRows.get() as number;
  }

  /** `values` in the order of `columns` then `untrackedColumns`. */
  upsert(values: SqlValue[]): void {
    this.written++;
    this.changed += this.statement.run(values).changes;
  }

  /** Inserted rows are the growth of the table; the other changed rows were updates. */
  counts(): UpsertCounts {
    const inserted = (this.countRows.get() as number) - this.rowsBefore;
    return { inserted, updated: this.changed - inserted, unchanged: this.written - this.changed };
  }
}

const USAGE_ROWS_PER_STATEMENT = 64;

/**
 * Usage is the big table (millions of account-days), so it is written in sorted chunks of many
 * rows per statement: sorting a chunk by key turns random B-tree inserts into an in-order walk,
 * which is several times faster when the table is larger than SQLite's page cache.
 * A re-import merges metric by metric (json_patch), so a file with only some metrics keeps the others.
 */
export class UsageUpserter {
  private readonly chunk = new Map<string, { accountId: string; day: string; metrics: Record<string, number> }>();
  private readonly manyStatement;
  private readonly oneStatement;
  private readonly countRows;
  private readonly rowsBefore: number;
  private written = 0;
  private changed = 0;
  /** Rows of the file that repeated an account and day already in the same chunk. */
  repeatedInChunk = 0;

  constructor(
    db: Db,
    private readonly chunkSize = 100_000,
  ) {
    const sql = (rows: number) =>
      `INSERT INTO usage_daily (account_id, day, metrics) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}
       ON CONFLICT (account_id, day) DO UPDATE SET metrics = json_patch(metrics, excluded.metrics)
       WHERE json_patch(metrics, excluded.metrics) IS NOT metrics`;
    this.manyStatement = db.prepare(sql(USAGE_ROWS_PER_STATEMENT));
    this.oneStatement = db.prepare(sql(1));
    this.countRows = db.prepare('SELECT count(*) FROM usage_daily').pluck();
    this.rowsBefore = this.countRows.get() as number;
  }

  add(accountId: string, day: string, metrics: Record<string, number>): void {
    const key = `${accountId}\u0000${day}`;
    const existing = this.chunk.get(key);
    if (existing) {
      this.repeatedInChunk++;
      Object.assign(existing.metrics, metrics);
    } else {
      this.chunk.set(key, { accountId, day, metrics });
      if (this.chunk.size >= this.chunkSize) this.flush();
    }
  }

  flush(): void {
    if (this.chunk.size === 0) return;
    const keys = [...this.chunk.keys()].sort();
    const params: SqlValue[] = [];
    for (const key of keys) {
      const row = this.chunk.get(key)!;
      params.push(row.accountId, row.day, JSON.stringify(row.metrics));
      if (params.length === USAGE_ROWS_PER_STATEMENT * 3) {
        this.changed += this.manyStatement.run(params).changes;
        params.length = 0;
      }
    }
    for (let index = 0; index < params.length; index += 3) {
      this.changed += this.oneStatement.run(params.slice(index, index + 3)).changes;
    }
    this.written += keys.length;
    this.chunk.clear();
  }

  counts(): UpsertCounts {
    this.flush();
    const inserted = (this.countRows.get() as number) - this.rowsBefore;
    return { inserted, updated: this.changed - inserted, unchanged: this.written - this.changed };
  }
}
