import type { Db } from './connection.js';

export type SqlValue = string | number | null;
type Statement = ReturnType<Db['prepare']>;

/** A row that breaks a database rule only once merged with what is stored (see RowUpserter). */
export class StoredRowConflict extends Error {
  constructor(
    readonly line: number,
    readonly rule: string,
  ) {
    super(`line ${line}: ${rule}`);
  }
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const ROWS_PER_STATEMENT = 32;

/**
 * Idempotent upsert of whole rows: a row whose values are all equal to the stored ones is not
 * written at all, so a re-import reports it unchanged. Only the columns the file carries are
 * written; a column the file lacks keeps its stored value. Rows go in several per statement
 * (a file never holds the same key twice, so rows of one statement cannot collide). Table and
 * column names come from the fixed field tables in src/import/kinds.ts, never from input.
 */
export class RowUpserter {
  private readonly manyStatement;
  private readonly oneStatement;
  private readonly countRows;
  readonly rowsBefore: number;
  private readonly extraValues: SqlValue[];
  private readonly width: number;
  private params: SqlValue[] = [];
  private lines: number[] = [];
  private written = 0;
  private changed = 0;

  constructor(
    private readonly db: Db,
    table: string,
    keyColumns: readonly string[],
    readonly columns: readonly string[],
    /** Written with every row but not compared (provenance such as import_run_id). */
    extra: Record<string, SqlValue> = {},
  ) {
    const extraColumns = Object.keys(extra);
    this.extraValues = Object.values(extra);
    const all = [...columns, ...extraColumns];
    this.width = all.length;
    const updatable = columns.filter((column) => !keyColumns.includes(column));
    const set = [...updatable, ...extraColumns].map((column) => `${column} = excluded.${column}`).join(', ');
    const differs = updatable.map((column) => `${column} IS NOT excluded.${column}`).join(' OR ');
    const onConflict = updatable.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${set} WHERE ${differs}`;
    const sql = (rows: number) =>
      `INSERT INTO ${table} (${all.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${all.map(() => '?').join(', ')})`).join(', ')} ON CONFLICT (${keyColumns.join(', ')}) ${onConflict}`;
    this.manyStatement = db.prepare(sql(ROWS_PER_STATEMENT));
    this.oneStatement = db.prepare(sql(1));
    this.countRows = db.prepare(`SELECT count(*) FROM ${table}`).pluck();
    this.rowsBefore = this.countRows.get() as number;
  }

  /** Adds the row at `values[offset …]` (`columns.length` values in the order of `columns`) read from `line`. */
  add(values: readonly SqlValue[], offset: number, line: number): void {
    const params = this.params;
    for (let index = 0; index < this.columns.length; index++) params.push(values[offset + index] ?? null);
    for (const value of this.extraValues) params.push(value);
    this.lines.push(line);
    this.written++;
    if (params.length === this.width * ROWS_PER_STATEMENT) this.write(this.manyStatement);
  }

  /** Writes the rows still waiting for a full statement. */
  flush(): void {
    if (this.params.length > 0) this.write(this.oneStatement);
  }

  private write(statement: Statement): void {
    const params = this.params;
    const lines = this.lines;
    this.params = [];
    this.lines = [];
    try {
      if (statement === this.manyStatement) this.changed += statement.run(params).changes;
      else for (let offset = 0; offset < params.length; offset += this.width) this.changed += statement.run(params.slice(offset, offset + this.width)).changes;
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw error;
      throw this.findConflict(params, lines, error as Error);
    }
  }

  /**
   * A row the database refuses although it passed every check of its own: merged with the stored
   * row (a file that leaves a column out keeps its stored value), it breaks a rule. Finds which row.
   */
  private findConflict(params: SqlValue[], lines: number[], error: Error): StoredRowConflict {
    for (let row = 0; row < lines.length; row++) {
      this.db.exec('SAVEPOINT find_conflict');
      try {
        this.oneStatement.run(params.slice(row * this.width, (row + 1) * this.width));
      } catch (rowError) {
        return new StoredRowConflict(lines[row]!, (rowError as Error).message);
      } finally {
        this.db.exec('ROLLBACK TO find_conflict');
        this.db.exec('RELEASE find_conflict');
      }
    }
    return new StoredRowConflict(lines[0] ?? 0, error.message);
  }

  /** Inserted rows are the growth of the table; the other changed rows were updates. */
  counts(): UpsertCounts {
    this.flush();
    const inserted = (this.countRows.get() as number) - this.rowsBefore;
    return { inserted, updated: this.changed - inserted, unchanged: this.written - this.changed };
  }
}

const USAGE_ROWS_PER_STATEMENT = 64;

/**
 * Usage is the big table (millions of account-days), so it is written in sorted chunks of many
 * rows per statement: sorting a chunk by key turns random B-tree inserts into an in-order walk,
 * which is several times faster when the table is larger than SQLite's page cache.
 * A re-import merges metric by metric (json_patch), so a file with only some metrics keeps the others;
 * the plain text comparison first lets the common re-import of identical rows skip the JSON work.
 * metrics is written only from JSON this class builds, so it carries no json_valid CHECK (which
 * would cost a parse of every row).
 */
export class UsageUpserter {
  private accounts: string[] = [];
  private days: string[] = [];
  private metrics: string[] = [];
  private readonly manyStatement;
  private readonly oneStatement;
  private readonly countRows;
  readonly rowsBefore: number;
  private written = 0;
  private changed = 0;
  /** Rows that repeated an account and day of the same chunk; their metrics were merged in file order. */
  merged = 0;

  constructor(
    db: Db,
    private readonly chunkSize = 25_000,
  ) {
    const sql = (rows: number) =>
      `INSERT INTO usage_daily (account_id, day, metrics) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}
       ON CONFLICT (account_id, day) DO UPDATE SET metrics = json_patch(metrics, excluded.metrics)
       WHERE metrics IS NOT excluded.metrics AND json_patch(metrics, excluded.metrics) IS NOT metrics`;
    this.manyStatement = db.prepare(sql(USAGE_ROWS_PER_STATEMENT));
    this.oneStatement = db.prepare(sql(1));
    this.countRows = db.prepare('SELECT count(*) FROM usage_daily').pluck();
    this.rowsBefore = this.countRows.get() as number;
  }

  /** Adds [account_id, day, metrics JSON text such as {"logins":3}] found at `values[offset …]`. */
  add(values: readonly SqlValue[], offset: number, _line?: number): void {
    this.accounts.push(values[offset] as string);
    this.days.push(values[offset + 1] as string);
    this.metrics.push(values[offset + 2] as string);
    if (this.accounts.length >= this.chunkSize) this.flush();
  }

  flush(): void {
    const { accounts, days, metrics } = this;
    if (accounts.length === 0) return;
    this.accounts = [];
    this.days = [];
    this.metrics = [];
    const order = this.sortedOrder(accounts, days);
    const params: SqlValue[] = [];
    let rows = 0;
    for (let position = 0; position < order.length; position++) {
      const index = order[position]!;
      let json = metrics[index]!;
      // Equal keys sit together after sorting (file order kept): merge them, later values winning.
      let next = order[position + 1];
      if (next !== undefined && accounts[next] === accounts[index] && days[next] === days[index]) {
        const merged = JSON.parse(json) as Record<string, number>;
        while (next !== undefined && accounts[next] === accounts[index] && days[next] === days[index]) {
          Object.assign(merged, JSON.parse(metrics[next]!));
          this.merged++;
          position++;
          next = order[position + 1];
        }
        json = JSON.stringify(merged);
      }
      params.push(accounts[index]!, days[index]!, json);
      rows++;
      if (params.length === USAGE_ROWS_PER_STATEMENT * 3) {
        this.changed += this.manyStatement.run(params).changes;
        params.length = 0;
      }
    }
    for (let offset = 0; offset < params.length; offset += 3) {
      this.changed += this.oneStatement.run(params.slice(offset, offset + 3)).changes;
    }
    this.written += rows;
  }

  /** Row indexes in key order; a chunk already in order (the usual export) is not sorted again. */
  private sortedOrder(accounts: string[], days: string[]): number[] {
    const order = Array.from({ length: accounts.length }, (_, index) => index);
    let inOrder = true;
    for (let index = 1; index < accounts.length && inOrder; index++) {
      const account = accounts[index]!, previous = accounts[index - 1]!;
      inOrder = previous < account || (previous === account && days[index - 1]! < days[index]!);
    }
    if (inOrder) return order;
    return order.sort((a, b) => {
      const accountA = accounts[a]!, accountB = accounts[b]!;
      if (accountA !== accountB) return accountA < accountB ? -1 : 1;
      const dayA = days[a]!, dayB = days[b]!;
      if (dayA !== dayB) return dayA < dayB ? -1 : 1;
      return a - b;
    });
  }

  counts(): UpsertCounts {
    this.flush();
    const inserted = (this.countRows.get() as number) - this.rowsBefore;
    return { inserted, updated: this.changed - inserted, unchanged: this.written - this.changed };
  }
}

/**
 * For a large load inside a transaction: drops the table's secondary indexes and returns the step
 * that rebuilds them. Building an index once from sorted data is several times cheaper than
 * updating it row by row in random order. It is all one transaction, so a killed import leaves
 * the indexes as they were; readers keep seeing the last committed state.
 */
export function deferSecondaryIndexes(db: Db, table: string): () => void {
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
    .all(table) as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  return () => {
    for (const index of indexes) db.exec(index.sql);
  };
}
