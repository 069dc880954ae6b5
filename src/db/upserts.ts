import type { Db } from './connection.js';
import { daysBetween } from '../core/dates.js';

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

/** Rows per statement written straight to usage_daily, and into the staging table (3 parameters each). */
const USAGE_ROWS_PER_STATEMENT = 512;
const STAGE_ROWS_PER_STATEMENT = 256;
/** Rows that must come in key order before any is written as it comes (see UsageUpserter). */
const IN_ORDER_PROOF = 50_000;

const UPSERT_USAGE = `ON CONFLICT (account_id, day) DO UPDATE SET metrics = json_patch(metrics, excluded.metrics)
  WHERE metrics IS NOT excluded.metrics AND json_patch(metrics, excluded.metrics) IS NOT metrics`;

/**
 * Usage is the big table (millions of account-days), keyed (account_id, day). Rows reach it in key
 * order, whatever the file's order, so SQLite walks the key once instead of landing every few rows
 * on another page (issue 18: a daily export, every account's row for one day and then the next day,
 * wrote each page some 80 times once the table outgrew the page cache, 3× the sqlite3 shell's time):
 * - while the file comes in key order (an export sorted by account, then day), rows are written as
 *   they come, many per statement, while the worker parses the next ones; a row repeating the
 *   previous row's account and day is merged into it first (later values win). The first
 *   IN_ORDER_PROOF rows are held back until they prove the file sorted;
 * - from the first row out of order on (with the rows held back), rows are appended to a temporary
 *   table and written by writeStagedUsage once the file is read, sorted by SQLite (an external
 *   merge sort in bounded memory), so memory stays flat however large the file.
 * A re-import merges metric by metric (json_patch), so a file with only some metrics keeps the
 * others; the plain text comparison first lets the common re-import of identical rows skip the JSON
 * work and write nothing. metrics is written only from JSON csops builds, so it carries no
 * json_valid CHECK (which would cost a parse of every row).
 * Everything happens in the caller's transaction: a killed import leaves the table as it was.
 */
export class UsageUpserter {
  private readonly directMany;
  private readonly directOne;
  private directParams: SqlValue[] = [];
  /**
   * Into a table that already holds rows: rows in key order wait here, up to a statement's worth, to
   * be compared with the stored rows of the same accounts and days (one range read per account)
   * before any is written. A row stored with the same metrics is unchanged and skips the upsert,
   * whose seek and conflict check per row cost three times the read (an unchanged re-import of a
   * sorted file was 3 s of upserts for a million rows).
   */
  private readonly storedRange: Statement | undefined;
  private compared: string[] = [];
  /** The last row read in key order, held back so that a repeat of its key merges into it. */
  private pendingAccount: string | undefined;
  private pendingDay = '';
  private pendingMetrics = '';
  private inOrder = true;
  /** The first rows in key order, [account_id, day, metrics] each, until IN_ORDER_PROOF of them; then undefined. */
  private held: string[] | undefined = [];
  private directRows = 0;
  private changed = 0;
  private stage: { many: Statement; one: Statement; params: SqlValue[]; rows: number; seen: KeyFilter; maybeRepeated: number } | undefined;
  readonly rowsBefore: number;
  private result?: UpsertCounts;
  /** The account-days written as they came (and whether each was stored unchanged), for a later repeat of one. */
  private readonly directKeys = new DirectKeys();
  /** Rows that repeated an account and day seen earlier in the file; their metrics were merged in file order. */
  merged = 0;
  /** The first and last day this file wrote (for a later step that keeps aggregates of the days written). */
  firstDay: string | undefined;
  lastDay: string | undefined;

  constructor(private readonly db: Db) {
    this.rowsBefore = db.prepare('SELECT count(*) FROM usage_daily').pluck().get() as number;
    // Into an empty table, rows in strictly increasing key order cannot conflict: a plain insert
    // skips the conflict check of every row (about a quarter of the write's time).
    const onConflict = this.rowsBefore === 0 ? '' : UPSERT_USAGE;
    const sql = (rows: number) => `INSERT INTO usage_daily (account_id, day, metrics) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')} ${onConflict}`;
    this.directMany = db.prepare(sql(USAGE_ROWS_PER_STATEMENT));
    this.directOne = db.prepare(sql(1));
    this.storedRange = this.rowsBefore === 0 ? undefined : db.prepare('SELECT day, metrics FROM usage_daily WHERE account_id = ? AND day BETWEEN ? AND ? ORDER BY day').raw();
  }

  /** Adds [account_id, day, metrics JSON text such as {"logins":3}] found at `values[offset …]`. */
  add(values: readonly SqlValue[], offset: number, _line?: number): void {
    const accountId = values[offset] as string, day = values[offset + 1] as string, metrics = values[offset + 2] as string;
    if (this.firstDay === undefined || day < this.firstDay) this.firstDay = day;
    if (this.lastDay === undefined || day > this.lastDay) this.lastDay = day;
    if (this.inOrder) {
      const previous = this.pendingAccount;
      if (previous === undefined) {
        this.hold(accountId, day, metrics);
        return;
      }
      if (accountId === previous && day === this.pendingDay) {
        this.pendingMetrics = mergeMetrics(this.pendingMetrics, metrics);
        this.merged++;
        return;
      }
      if (accountId > previous || (accountId === previous && day > this.pendingDay)) {
        this.inKeyOrder(previous, this.pendingDay, this.pendingMetrics);
        this.hold(accountId, day, metrics);
        return;
      }
      // The first row out of key order: from here on, rows are staged and sorted at the end, with
      // the rows held back (so a key repeated within them is merged and counted once).
      this.inOrder = false;
      this.pendingAccount = undefined;
      const held = this.held;
      this.held = undefined;
      if (held) for (let index = 0; index < held.length; index += 3) this.toStage(held[index]!, held[index + 1]!, held[index + 2]!);
      else this.flushDirect();
      this.toStage(previous, this.pendingDay, this.pendingMetrics);
    }
    this.toStage(accountId, day, metrics);
  }

  /** A row in key order: held back while the file has not yet proved sorted, then written as it comes. */
  private inKeyOrder(accountId: string, day: string, metrics: string): void {
    const held = this.held;
    if (held === undefined) {
      this.writeDirect(accountId, day, metrics);
      return;
    }
    held.push(accountId, day, metrics);
    if (held.length === IN_ORDER_PROOF * 3) {
      this.held = undefined;
      for (let index = 0; index < held.length; index += 3) this.writeDirect(held[index]!, held[index + 1]!, held[index + 2]!);
    }
  }

  private toStage(accountId: string, day: string, metrics: string): void {
    const stage = (this.stage ??= this.createStage());
    stage.params.push(accountId, day, metrics);
    if (stage.seen.add(accountId, day)) stage.maybeRepeated++;
    if (stage.params.length === STAGE_ROWS_PER_STATEMENT * 3) {
      stage.many.run(stage.params);
      stage.rows += STAGE_ROWS_PER_STATEMENT;
      stage.params.length = 0;
    }
  }

  private hold(accountId: string, day: string, metrics: string): void {
    this.pendingAccount = accountId;
    this.pendingDay = day;
    this.pendingMetrics = metrics;
  }

  private writeDirect(accountId: string, day: string, metrics: string): void {
    this.directRows++;
    if (this.storedRange === undefined) {
      this.directKeys.add(accountId, day, false);
      this.upsertDirect(accountId, day, metrics);
      return;
    }
    const compared = this.compared;
    compared.push(accountId, day, metrics);
    if (compared.length === USAGE_ROWS_PER_STATEMENT * 3) this.compareWithStored();
  }

  /** Passes the rows waiting in `compared` (in key order) that differ from the stored ones on to the upsert. */
  private compareWithStored(): void {
    const rows = this.compared;
    for (let start = 0; start < rows.length; ) {
      // One account's run of rows, and its stored rows between the run's first and last day.
      const accountId = rows[start]!;
      let end = start + 3;
      while (end < rows.length && rows[end] === accountId) end += 3;
      const stored = this.storedRange!.all([accountId, rows[start + 1]!, rows[end - 2]!]) as Array<[string, string]>;
      let at = 0;
      for (let index = start; index < end; index += 3) {
        const day = rows[index + 1]!, metrics = rows[index + 2]!;
        while (at < stored.length && stored[at]![0] < day) at++;
        const unchanged = at < stored.length && stored[at]![0] === day && stored[at]![1] === metrics;
        this.directKeys.add(accountId, day, unchanged);
        if (!unchanged) this.upsertDirect(accountId, day, metrics);
      }
      start = end;
    }
    rows.length = 0;
  }

  private upsertDirect(accountId: string, day: string, metrics: string): void {
    const params = this.directParams;
    params.push(accountId, day, metrics);
    if (params.length === USAGE_ROWS_PER_STATEMENT * 3) {
      this.changed += this.directMany.run(params).changes;
      params.length = 0;
    }
  }

  private flushDirect(): void {
    if (this.compared.length > 0) this.compareWithStored();
    const params = this.directParams;
    for (let offset = 0; offset < params.length; offset += 3) this.changed += this.directOne.run(params.slice(offset, offset + 3)).changes;
    params.length = 0;
  }

  private createStage(): NonNullable<UsageUpserter['stage']> {
    this.db.exec('DROP TABLE IF EXISTS temp.usage_stage');
    this.db.exec('CREATE TEMP TABLE usage_stage (account_id TEXT NOT NULL, day TEXT NOT NULL, metrics TEXT NOT NULL)');
    const sql = (rows: number) => `INSERT INTO temp.usage_stage (account_id, day, metrics) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}`;
    return { many: this.db.prepare(sql(STAGE_ROWS_PER_STATEMENT)), one: this.db.prepare(sql(1)), params: [], rows: 0, seen: new KeyFilter(), maybeRepeated: 0 };
  }

  /** Writes (or stages) every row added so far. */
  flush(): void {
    if (this.pendingAccount !== undefined) {
      this.inKeyOrder(this.pendingAccount, this.pendingDay, this.pendingMetrics);
      this.pendingAccount = undefined;
    }
    // A sorted file shorter than IN_ORDER_PROOF rows is written here.
    const held = this.held;
    if (held && held.length > 0) {
      this.held = [];
      for (let index = 0; index < held.length; index += 3) this.writeDirect(held[index]!, held[index + 1]!, held[index + 2]!);
    }
    this.flushDirect();
    const stage = this.stage;
    if (stage) {
      for (let offset = 0; offset < stage.params.length; offset += 3) stage.one.run(stage.params.slice(offset, offset + 3));
      stage.rows += stage.params.length / 3;
      stage.params.length = 0;
    }
  }

  /**
   * Writes what is left (the staged rows, once) and says what changed. Counts are per account-day:
   * rows merged into an earlier row of the file count once, as on PostgreSQL, however far apart. (A
   * file that went out of order after more than IN_ORDER_PROOF sorted rows may repeat an account-day
   * already written as it came: the database merges the two, and the day counts once, as what the
   * first write made it, or updated when that left it unchanged and the repeat changes it. The stored
   * row before the first write is gone by then, so two cases differ from PostgreSQL, which compares
   * the merged day with it: a day the repeat changes back to what was stored counts updated, not
   * unchanged; and a day whose first write named only some of its metrics with their stored values
   * counts as written, so a repeat that changes it leaves it unchanged in the counts.)
   */
  counts(): UpsertCounts {
    if (this.result) return this.result;
    this.flush();
    let rows = this.directRows;
    if (this.stage) {
      const written = this.directRows > 0 ? this.directKeys.runs() : undefined;
      const staged = writeStagedUsage(this.db, this.stage.maybeRepeated > 0, this.rowsBefore === 0 && this.directRows === 0, written);
      this.merged += this.stage.rows - staged.rows + staged.repeats;
      rows += staged.rows - staged.repeats;
      this.changed += staged.changed;
      this.stage = undefined;
    }
    const inserted = (this.db.prepare('SELECT count(*) FROM usage_daily').pluck().get() as number) - this.rowsBefore;
    this.result = { inserted, updated: this.changed - inserted, unchanged: rows - this.changed };
    return this.result;
  }
}

function mergeMetrics(earlier: string, later: string): string {
  return JSON.stringify(Object.assign(JSON.parse(earlier) as Record<string, number>, JSON.parse(later) as Record<string, number>));
}

/**
 * Writes the rows staged in temp.usage_stage (in file order) to usage_daily, in key order, and drops
 * the staging table. When a key may repeat (`mayRepeat`), the rows of each account-day are first
 * merged in file order (later values win) into temp.usage_merged, so each account-day is written
 * and counted once. `intoEmptyTable`: usage_daily held nothing before this file and this file wrote
 * nothing yet, so no key can conflict. `written`: the account-days this file wrote before staging
 * (DirectKeys' runs); a staged account-day among them is a repeat (`repeats`), merged into the row
 * written then, and its write is counted in `changed` only when that row was stored unchanged.
 * Returns the account-days staged and how many of them changed. A later step that keeps aggregates
 * of the written days up to date belongs here, after the write, inside the same transaction.
 */
export function writeStagedUsage(db: Db, mayRepeat: boolean, intoEmptyTable = false, written?: DirectRun[]): { rows: number; changed: number; repeats: number } {
  try {
    let source = 'temp.usage_stage ORDER BY account_id, day';
    let table = 'temp.usage_stage';
    let rows: number;
    if (mayRepeat) {
      db.exec('DROP TABLE IF EXISTS temp.usage_merged');
      db.exec('CREATE TEMP TABLE usage_merged (account_id TEXT NOT NULL, day TEXT NOT NULL, metrics TEXT NOT NULL, PRIMARY KEY (account_id, day)) WITHOUT ROWID');
      db.exec(`INSERT INTO temp.usage_merged (account_id, day, metrics)
        SELECT account_id, day, metrics FROM temp.usage_stage ORDER BY account_id, day, rowid
        ON CONFLICT (account_id, day) DO UPDATE SET metrics = json_patch(metrics, excluded.metrics)`);
      rows = db.prepare('SELECT count(*) FROM temp.usage_merged').pluck().get() as number;
      source = 'temp.usage_merged WHERE true';
      table = 'temp.usage_merged';
    } else {
      rows = db.prepare('SELECT count(*) FROM temp.usage_stage').pluck().get() as number;
    }
    const repeated = written === undefined || written.length === 0 ? { repeats: 0, rewritten: 0 } : repeatsOfWritten(db, table, written);
    // Into an empty table (nothing stored, nothing written earlier by this file) the merged keys cannot conflict.
    const onConflict = intoEmptyTable ? '' : UPSERT_USAGE;
    const changed = db.prepare(`INSERT INTO usage_daily (account_id, day, metrics) SELECT account_id, day, metrics FROM ${source} ${onConflict}`).run().changes;
    return { rows, changed: changed - repeated.rewritten, repeats: repeated.repeats };
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.usage_written');
    db.exec('DROP TABLE IF EXISTS temp.usage_merged');
    db.exec('DROP TABLE IF EXISTS temp.usage_stage');
  }
}

/**
 * Of the staged account-days (in `table`, each once), those this file wrote before staging
 * (`repeats`), and how many of those the staged write will change although the first write had
 * already counted them as inserted or updated (`rewritten`: not counted again).
 */
function repeatsOfWritten(db: Db, table: string, written: DirectRun[]): { repeats: number; rewritten: number } {
  db.exec('DROP TABLE IF EXISTS temp.usage_written');
  db.exec('CREATE TEMP TABLE usage_written (account_id TEXT NOT NULL, first_day TEXT NOT NULL, last_day TEXT NOT NULL, unchanged INTEGER NOT NULL, PRIMARY KEY (account_id, first_day)) WITHOUT ROWID');
  const insert = db.prepare('INSERT INTO temp.usage_written (account_id, first_day, last_day, unchanged) VALUES (?, ?, ?, ?)');
  for (const run of written) insert.run(run.accountId, run.firstDay, run.lastDay, run.unchanged ? 1 : 0);
  const row = db
    .prepare(
      `SELECT count(*) AS repeats, coalesce(sum(w.unchanged = 0 AND u.metrics IS NOT s.metrics AND json_patch(u.metrics, s.metrics) IS NOT u.metrics), 0) AS rewritten
       FROM ${table} s
       JOIN temp.usage_written w ON w.account_id = s.account_id AND w.first_day = (SELECT max(first_day) FROM temp.usage_written x WHERE x.account_id = s.account_id AND x.first_day <= s.day)
       JOIN usage_daily u ON u.account_id = s.account_id AND u.day = s.day
       WHERE s.day <= w.last_day`,
    )
    .get() as { repeats: number; rewritten: number };
  return row;
}

/** A run of account-days written as they came: one account, consecutive days, all stored unchanged or all written. */
export interface DirectRun {
  accountId: string;
  firstDay: string;
  lastDay: string;
  unchanged: boolean;
}

/**
 * The account-days a usage import wrote as they came (in strictly increasing key order, so each
 * account's days only grow), as two bits a day per account from its first day written: whether it
 * was written, and whether it was stored unchanged. Memory grows with the accounts and the days they
 * span, not with the rows (a million sparse rows kept as objects cost over 100 MB of peak RSS); a
 * row costs a bit or two. runs() gives them as runs of consecutive days, only when some rows were
 * staged after all.
 */
export class DirectKeys {
  private readonly accounts = new Map<string, AccountDays>();
  private currentId: string | undefined;
  private current: AccountDays | undefined;

  add(accountId: string, day: string, unchanged: boolean): void {
    if (accountId !== this.currentId) {
      let entry = this.accounts.get(accountId);
      if (!entry) this.accounts.set(accountId, (entry = new AccountDays(dayNumber(day))));
      this.currentId = accountId;
      this.current = entry;
    }
    this.current!.add(dayNumber(day), unchanged);
  }

  runs(): DirectRun[] {
    const runs: DirectRun[] = [];
    for (const [accountId, days] of this.accounts) days.runs(accountId, runs);
    return runs;
  }
}

/** One account's days written as they came: bit i of `written` is the day `first + i`. */
class AccountDays {
  private written = new Uint8Array(8);
  private unchanged = new Uint8Array(8);

  constructor(private readonly first: number) {}

  add(day: number, unchanged: boolean): void {
    const at = day - this.first;
    if (at >> 3 >= this.written.length) {
      const size = Math.max(this.written.length * 2, (at >> 3) + 1);
      const written = new Uint8Array(size);
      written.set(this.written);
      const kept = new Uint8Array(size);
      kept.set(this.unchanged);
      this.written = written;
      this.unchanged = kept;
    }
    this.written[at >> 3]! |= 1 << (at & 7);
    if (unchanged) this.unchanged[at >> 3]! |= 1 << (at & 7);
  }

  runs(accountId: string, into: DirectRun[]): void {
    const bit = (bits: Uint8Array, at: number) => (bits[at >> 3]! & (1 << (at & 7))) !== 0;
    const days = this.written.length * 8;
    for (let at = 0; at < days; at++) {
      if (!bit(this.written, at)) continue;
      const unchanged = bit(this.unchanged, at);
      let last = at;
      while (last + 1 < days && bit(this.written, last + 1) && bit(this.unchanged, last + 1) === unchanged) last++;
      into.push({ accountId, firstDay: dayText(this.first + at), lastDay: dayText(this.first + last), unchanged });
      at = last;
    }
  }
}

/** YYYY-MM-DD as days since 1970-01-01. */
export const dayNumber = (day: string): number => daysBetween('1970-01-01', day);

/** dayNumber's day back as YYYY-MM-DD. */
function dayText(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A fixed-size Bloom filter of (account_id, day) keys: `add` says whether the key may have been
 * added before (never wrong when it says no). 16 MB whatever the file's size; with a million keys
 * a false "maybe" is about one file in a hundred thousand, and costs only the merge step.
 */
export class KeyFilter {
  private static readonly BITS = 1 << 27;
  private readonly words = new Int32Array(KeyFilter.BITS >>> 5);

  add(accountId: string, day: string): boolean {
    let h1 = 0x811c9dc5, h2 = 0x9747b28c;
    for (let index = 0; index < accountId.length; index++) {
      const code = accountId.charCodeAt(index);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    }
    for (let index = 0; index < day.length; index++) {
      const code = day.charCodeAt(index);
      h1 = Math.imul(h1 ^ code, 0x01000193);
      h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    }
    h2 = (h2 ^ (h2 >>> 15)) | 1;
    let present = true;
    for (let probe = 0; probe < 6; probe++) {
      const bit = (h1 + Math.imul(probe, h2)) & (KeyFilter.BITS - 1);
      const mask = 1 << (bit & 31);
      const word = bit >>> 5;
      if ((this.words[word]! & mask) === 0) {
        present = false;
        this.words[word]! |= mask;
      }
    }
    return present;
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
