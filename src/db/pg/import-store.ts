import { once } from 'node:events';
import { from as copyFrom } from 'pg-copy-streams';
import { indexAccounts, resolveOrganization } from '../../core/account-match.js';
import { BusyError, DataError } from '../../errors.js';
import { planDepartures, STORED_CONTACTS_SQL, type DepartureCounts, type StoredContactState } from '../contacts.js';
import type { ImportStore, OpenImportStoreOptions, RowWriter, UserWeeksWriter } from '../import-store-types.js';
import type { ImportRunRecord } from '../import-runs.js';
import { SCHEMA_VERSION } from '../schema.js';
import { quoted } from '../tables.js';
import { KeyFilter, StoredRowConflict, type SqlValue, type UpsertCounts } from '../upserts.js';
import { connectPostgres, type PgSession } from './client.js';
import { migratePostgres, pgSchemaVersion } from './schema.js';
import { importPhrase } from '../../i18n/messages/import.js';
import { errorPhrase } from '../../i18n/messages/errors.js';

/**
 * Imports into PostgreSQL (issue 25). The import pipeline reads and checks rows exactly as for SQLite;
 * here they land: each file in one transaction, one import at a time per schema
 * (pg_try_advisory_xact_lock, tried again until busy_timeout_ms has passed, then exit 75 as SQLite's
 * busy database). Rows of a kind go with COPY into a temporary staging table, then one merge into
 * the real table: an UPDATE … FROM of the stored rows that are IS DISTINCT FROM the new ones, then an
 * INSERT … SELECT of the new keys. De-duplicated by key (the file's last row wins; usage metrics merge
 * metric by metric in file order, as on SQLite), unchanged rows not rewritten (not even locked, as an
 * INSERT … ON CONFLICT DO UPDATE … WHERE would lock every row the file repeats), and inserted, updated
 * and unchanged counted as SQLite counts them. Readers see the last committed state throughout; a
 * killed import's transaction is rolled back by the server. Tables that took many rows are analysed
 * after the commit.
 */

/** A table this import inserted or updated at least this many rows of is ANALYZEd after the commit. */
export const ANALYZE_AFTER_ROWS = 10_000;

/** COPY text is handed to the stream in pieces of about this many characters. */
const COPY_PIECE = 256 * 1024;

const IMPORT_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('csops import ' || current_schema())) AS locked";

/** How often a busy import asks for the lock again while it waits. */
const LOCK_RETRY_MS = 100;

export async function openPostgresImportStore(url: string, options: OpenImportStoreOptions): Promise<ImportStore> {
  const session = await connectPostgres(url);
  try {
    // A database csops has not set up (or an older csops has) is migrated first, as SQLite's file is:
    // under the schema lock, so two machines importing at once migrate it once.
    if ((await pgSchemaVersion(session)) !== SCHEMA_VERSION) await migratePostgres(session, options.version);
    // Staging tables live in temp buffers: more of them in memory before they spill (only settable before the first temp table).
    await session.query("SET temp_buffers = '64MB'");
  } catch (error) {
    await session.close();
    throw session.fail(error, errorPhrase('error.pg.doing.prepare_import'));
  }
  return new PostgresImportStore(session, options.busyTimeoutMs);
}

class PostgresImportStore implements ImportStore {
  readonly backend = 'postgres' as const;
  private inTransaction = false;
  /** COPYs in progress (a writer's rows not yet all sent). */
  private readonly copies = new Set<CopyIn>();
  /** Rows each table took in this file's transaction, for ANALYZE after the commit. */
  private readonly changedRows = new Map<string, number>();

  constructor(
    private readonly session: PgSession,
    private readonly busyTimeoutMs: number,
  ) {}

  private query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.session.query<Row>(sql, params);
  }

  private async arrays<Row extends unknown[]>(sql: string): Promise<Row[]> {
    try {
      return (await this.session.client.query<Row>({ text: sql, rowMode: 'array' })).rows;
    } catch (error) {
      throw this.session.fail(error);
    }
  }

  async findIdenticalImport(sha256: string, kind: string, settings: string): Promise<ImportRunRecord | undefined> {
    const [row] = await this.query<ImportRunRecord>(
      'SELECT id, kind, file_name, sha256, finished_at FROM import_runs WHERE sha256 = $1 AND kind = $2 AND settings = $3 AND rejected = 0 ORDER BY id DESC LIMIT 1',
      [sha256, kind, settings],
    );
    return row;
  }

  async accountIds(): Promise<Set<string>> {
    return new Set((await this.arrays<[string]>('SELECT account_id FROM accounts')).map(([id]) => id));
  }

  accountIdentities(): Promise<Array<{ account_id: string; name: string; domain: string | null }>> {
    return this.query('SELECT account_id, name, domain FROM accounts');
  }

  async contractAccounts(): Promise<Map<string, string>> {
    return new Map(await this.arrays<[string, string]>('SELECT contract_id, account_id FROM contracts'));
  }

  async contactAccounts(): Promise<Map<string, string | null>> {
    return new Map(await this.arrays<[string, string | null]>('SELECT contact_id, account_id FROM contacts'));
  }

  async contractCurrencies(): Promise<Map<string, string>> {
    return new Map(await this.arrays<[string, string]>('SELECT account_id, MIN(currency) AS currency FROM contracts GROUP BY account_id HAVING COUNT(DISTINCT currency) = 1'));
  }

  async derivedSurveyIds(): Promise<Map<string, readonly [kind: string, score: number]>> {
    const rows = await this.arrays<[string, string, number]>("SELECT response_id, kind, score FROM surveys WHERE response_id LIKE 'R-%'");
    return new Map(rows.map(([id, kind, score]) => [id, [kind, score] as const]));
  }

  async begin(): Promise<void> {
    await this.query('BEGIN');
    this.inTransaction = true;
    this.changedRows.clear();
    const deadline = Date.now() + this.busyTimeoutMs;
    for (;;) {
      const [row] = await this.query<{ locked: boolean }>(IMPORT_LOCK);
      if (row?.locked) return;
      if (Date.now() >= deadline) {
        await this.rollback();
        throw new BusyError(errorPhrase('error.pg.import_busy', { database: this.session.shown }), errorPhrase('error.pg.import_busy_hint'));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(LOCK_RETRY_MS, Math.max(1, deadline - Date.now()))));
    }
  }

  async startRun(run: Parameters<ImportStore['startRun']>[0]): Promise<number> {
    const [row] = await this.query<{ id: number }>(
      // The next number after the last run, as SQLite numbers it (a sequence would skip the numbers of
      // rolled-back imports, and the same imports would get other run ids than on SQLite); the import
      // lock makes this the only import writing.
      `INSERT INTO import_runs (id, kind, file_name, file_path, size_bytes, sha256, settings, started_at, finished_at, rows_read, inserted, updated, unchanged, rejected, forced, csops_version)
       VALUES ((SELECT coalesce(max(id), 0) + 1 FROM import_runs), $1, $2, $3, $4, $5, $6, $7, $7, 0, 0, 0, 0, 0, $8, $9) RETURNING id`,
      [run.kind, run.fileName, run.filePath, run.sizeBytes, run.sha256, run.settings, run.startedAt, run.forced ? 1 : 0, run.version],
    );
    // The identity's sequence follows, so a row numbered by the database (not by an import) gets a new id too.
    await this.query("SELECT setval(pg_get_serial_sequence('import_runs', 'id'), $1)", [row!.id]);
    return row!.id;
  }

  async rowWriter(table: string, key: readonly string[], columns: readonly string[], extra: Record<string, SqlValue>): Promise<RowWriter> {
    const writer = new PgRowWriter(this.session, this.copies, table, key, columns, extra, (rows) => this.noteChanged(table, rows));
    await writer.open();
    return writer;
  }

  async usageWriter(): Promise<RowWriter> {
    const writer = new PgUsageWriter(this.session, this.copies, (rows) => this.noteChanged('usage_daily', rows));
    await writer.open();
    return writer;
  }

  userWeeksWriter(runId: number): UserWeeksWriter {
    return new PgUserWeeksWriter(this.session, this.copies, runId, (rows) => this.noteChanged('product_user_weeks', rows));
  }

  deferIndexes(): () => void {
    // PostgreSQL keeps its indexes through the merge; one statement per table already writes in bulk.
    return () => {};
  }

  async recordContactDepartures(options: { asOf: string; runId: number; listed: ReadonlySet<string>; complete: boolean }): Promise<DepartureCounts> {
    const contacts = await this.query<StoredContactState>(STORED_CONTACTS_SQL);
    const plan = planDepartures(contacts, options);
    if (plan.events.length > 0) {
      await this.query(
        `INSERT INTO contact_events (contact_id, day, event, how, import_run_id)
         SELECT contact_id, day, event, how, $5 FROM unnest($1::text[], $2::date[], $3::text[], $4::text[]) AS e (contact_id, day, event, how)
         ON CONFLICT (contact_id, day, event) DO UPDATE SET how = excluded.how, import_run_id = excluded.import_run_id`,
        [plan.events.map((e) => e.contactId), plan.events.map((e) => e.day), plan.events.map((e) => e.event), plan.events.map((e) => e.how), options.runId],
      );
    }
    for (const moved of plan.moves) {
      await this.query("UPDATE contact_events SET day = $1, import_run_id = $2 WHERE contact_id = $3 AND day = $4 AND event = 'left'", [moved.to, options.runId, moved.contactId, moved.from]);
    }
    if (plan.seen.length > 0) {
      await this.query('UPDATE contacts SET first_seen_on = $1 WHERE contact_id = ANY($2::text[]) AND (first_seen_on IS NULL OR first_seen_on > $1)', [options.asOf, plan.seen]);
    }
    return plan.counts;
  }

  /** As SQLite's linkUnmatched (import-runs.ts): each organisation resolved by the rule its import used. */
  async linkUnmatched(): Promise<{ tickets: number; surveys: number; contacts: number; left: number }> {
    const linked = { tickets: 0, surveys: 0, contacts: 0, left: 0 };
    const tables = ['tickets', 'surveys', 'contacts'] as const;
    const pending: Array<Array<[string, number]>> = [];
    for (const table of tables) pending.push(await this.arrays<[string, number]>(`SELECT organization, count(*) FROM ${table} WHERE account_id IS NULL AND organization IS NOT NULL GROUP BY organization`));
    if (pending.every((rows) => rows.length === 0)) return linked;
    const identities = await this.accountIdentities();
    const index = indexAccounts(identities);
    const ids = new Set(identities.map((account) => account.account_id));
    for (const [position, table] of tables.entries()) {
      for (const [organization, count] of pending[position]!) {
        const accountId = resolveOrganization(index, ids, organization);
        if (typeof accountId !== 'string') {
          linked.left += count;
          continue;
        }
        const result = await this.session.client.query(`UPDATE ${table} SET account_id = $1 WHERE account_id IS NULL AND organization = $2`, [accountId, organization]).catch((error: unknown) => {
          throw this.session.fail(error);
        });
        linked[table] += result.rowCount ?? 0;
      }
    }
    return linked;
  }

  async finishRun(id: number, figures: Parameters<ImportStore['finishRun']>[1]): Promise<void> {
    await this.query('UPDATE import_runs SET finished_at = $1, rows_read = $2, inserted = $3, updated = $4, unchanged = $5, rejected = $6 WHERE id = $7', [
      figures.finishedAt, figures.rowsRead, figures.inserted, figures.updated, figures.unchanged, figures.rejected, id,
    ]);
  }

  async commit(): Promise<void> {
    await this.query('COMMIT');
    this.inTransaction = false;
    // Fresh statistics for the planner once many rows landed (outside the import's transaction: a
    // reader never waits on it, and a failure here loses nothing).
    for (const [table, rows] of this.changedRows) {
      if (rows >= ANALYZE_AFTER_ROWS) await this.session.client.query(`ANALYZE ${quoted(table)}`).catch(() => {});
    }
    this.changedRows.clear();
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    // An import that failed while rows were streaming (a file unreadable half-way): the COPY ends first.
    for (const copy of [...this.copies]) await copy.abort();
    await this.session.client.query('ROLLBACK').catch(() => {});
  }

  translate(error: unknown): unknown {
    return this.session.fail(error);
  }

  async close(): Promise<void> {
    await this.rollback();
    await this.session.close();
  }

  private noteChanged(table: string, rows: number): void {
    this.changedRows.set(table, (this.changedRows.get(table) ?? 0) + rows);
  }
}

// ---- COPY ------------------------------------------------------------------------------------

/** A value in COPY's text format: \N for null; backslash, tab, newline and CR escaped. */
function copyValue(value: SqlValue | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
  if (value.includes('\0')) throw new DataError(importPhrase('import.pg_nul', { text: JSON.stringify(value.slice(0, 40)) }), importPhrase('import.pg_nul_hint'));
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
const NEEDS_ESCAPE = /[\\\t\n\r\0]/;

/**
 * One COPY … FROM STDIN into a staging table: lines are gathered into pieces and written to the
 * stream; when the server is behind (the stream is full), `ready()` gives the promise to wait for.
 */
class CopyIn {
  private readonly stream;
  private pieces: string[] = [];
  private size = 0;
  private waiting: Promise<void> | undefined;
  private failure: unknown;
  private ended: Promise<void> | undefined;
  rows = 0;

  constructor(
    private readonly session: PgSession,
    sql: string,
    /** The COPYs in progress on the session: a rollback must end them first (the connection waits for a COPY to finish). */
    private readonly active: Set<CopyIn>,
  ) {
    this.stream = session.client.query(copyFrom(sql));
    this.stream.on('error', (error: unknown) => {
      this.failure ??= error;
    });
    active.add(this);
  }

  push(line: string): void {
    this.pieces.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= COPY_PIECE) this.send();
  }

  private send(): void {
    if (this.pieces.length === 0 || this.failure !== undefined) return;
    const fits = this.stream.write(this.pieces.join(''));
    this.pieces = [];
    this.size = 0;
    if (!fits && this.waiting === undefined) {
      // once() rejects when the stream fails instead.
      this.waiting = once(this.stream, 'drain').then(
        () => {
          this.waiting = undefined;
        },
        (error: unknown) => Promise.reject(this.session.fail(error, errorPhrase('error.pg.doing.copy_rows'))),
      );
      this.waiting.catch(() => {});
    }
  }

  ready(): Promise<void> | undefined {
    if (this.failure !== undefined) return Promise.reject(this.session.fail(this.failure, errorPhrase('error.pg.doing.copy_rows')));
    return this.waiting;
  }

  /** Abandons the COPY (the server is sent CopyFail and keeps none of its rows), so the session can roll back. */
  async abort(): Promise<void> {
    this.active.delete(this);
    if (this.ended !== undefined || this.stream.destroyed) return;
    this.ended = Promise.resolve();
    const closed = once(this.stream, 'close').catch(() => {});
    this.stream.destroy(new Error('csops abandoned this import'));
    await closed;
  }

  /** Ends the COPY (once) and waits for the server to have taken every row. */
  end(): Promise<void> {
    this.ended ??= (async () => {
      this.active.delete(this);
      this.send();
      if (this.failure === undefined) {
        const finished = once(this.stream, 'finish');
        this.stream.end();
        try {
          await finished;
        } catch (error) {
          this.failure ??= error;
        }
      }
      if (this.failure !== undefined) throw this.session.fail(this.failure, errorPhrase('error.pg.doing.copy_rows'));
    })();
    return this.ended;
  }
}

const STAGE_ROWS = 'csops_stage_rows';
const STAGE_USAGE = 'csops_stage_usage';
const STAGE_USAGE_MERGED = 'csops_stage_usage_merged';
const STAGE_USER_WEEKS = 'csops_stage_user_weeks';

/** A SQL literal for a provenance value written with every row (import_run_id). */
function literal(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** SQLSTATE class 23: a row the table's rules refuse. */
function integrityCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('23') ? code : undefined;
}

/**
 * What a merge of `staged` rows into `table` needs to know first: whether the table holds any row (an
 * empty one takes the staged rows as they are: nothing to update, no key to look up), and statistics
 * the planner can trust. A table last analyzed while it was (nearly) empty is planned as such: each
 * staged key's lookup becomes a scan of the whole table, the pages the statement itself appends
 * included, once per staged row (measured: a 1M-row usage merge into a table analyzed empty was
 * cancelled after 14 minutes; 7.5 s once the planner knew). A table holding fewer rows than it is
 * about to take is analyzed first (ANALYZE reads a sample: a fraction of a second at any size).
 */
async function prepareMerge(session: PgSession, table: string, staged: number): Promise<{ empty: boolean }> {
  const [row] = await session.query<{ empty: boolean; estimate: number }>(
    `SELECT NOT EXISTS (SELECT 1 FROM ${quoted(table)}) AS empty, (SELECT reltuples FROM pg_class WHERE oid = $1::regclass)::float8 AS estimate`,
    [quoted(table)],
  );
  if (!row!.empty && staged >= 1000 && row!.estimate < staged) await session.query(`ANALYZE ${quoted(table)}`);
  return { empty: row!.empty };
}

/**
 * Whole rows of an import kind (RowUpserter's rules): only the columns the file carries are
 * written, import_run_id with them; a row equal to the stored one in every column is left alone.
 */
class PgRowWriter implements RowWriter {
  /** Not counted: PostgreSQL defers no index (see deferIndexes). */
  readonly rowsBefore = 0;
  private copy: CopyIn | undefined;
  private result: UpsertCounts | undefined;
  private readonly columnList: string;

  constructor(
    private readonly session: PgSession,
    private readonly copies: Set<CopyIn>,
    private readonly table: string,
    private readonly key: readonly string[],
    private readonly columns: readonly string[],
    private readonly extra: Record<string, SqlValue>,
    private readonly onChanged: (rows: number) => void,
  ) {
    this.columnList = columns.map(quoted).join(', ');
  }

  async open(): Promise<void> {
    // The staging table takes the real table's column types (so COPY checks each value as the table
    // would), without its rules: a merged row that breaks one is found and named in counts().
    await this.session.query(`CREATE TEMP TABLE ${STAGE_ROWS} ON COMMIT DROP AS SELECT ${this.columnList} FROM ${quoted(this.table)} WITH NO DATA`);
    await this.session.query(`ALTER TABLE ${STAGE_ROWS} ADD COLUMN csops_line bigint NOT NULL`);
    this.copy = new CopyIn(this.session, `COPY ${STAGE_ROWS} (${this.columnList}, csops_line) FROM STDIN`, this.copies);
  }

  add(values: readonly SqlValue[], offset: number, line: number): void {
    let text = '';
    for (let index = 0; index < this.columns.length; index++) text += `${copyValue(values[offset + index])}\t`;
    this.copy!.push(`${text}${line}\n`);
  }

  ready(): Promise<void> | undefined {
    return this.copy!.ready();
  }

  flush(): Promise<void> {
    return this.copy!.end();
  }

  async counts(): Promise<UpsertCounts> {
    if (this.result) return this.result;
    await this.flush();
    const written = this.copy!.rows;
    const merged = await this.merge();
    this.onChanged(merged.inserted + merged.updated);
    this.result = { inserted: merged.inserted, updated: merged.updated, unchanged: written - merged.inserted - merged.updated };
    return this.result;
  }

  /**
   * The merge, in two statements: the stored rows that differ are updated, then the new keys are
   * inserted. (One INSERT … ON CONFLICT DO UPDATE … WHERE would lock, and so rewrite, every stored row
   * the file repeats, even unchanged ones: an unchanged re-import would cost as much as a fresh one.)
   * The import lock makes this the only writer of the table meanwhile. `range`: only the lines $1 … $2.
   */
  private mergeStatements(range: boolean, empty = false): { update: string | undefined; insert: string } {
    const extraColumns = Object.keys(this.extra);
    const updatable = this.columns.filter((column) => !this.key.includes(column));
    const keys = this.key.map(quoted).join(', ');
    const extras = Object.values(this.extra).map((value) => `, ${literal(value)}`).join('');
    // The file's last row of a key wins (an import kind never lets a key repeat; this is the rule if one did).
    const source = `(SELECT DISTINCT ON (${keys}) ${this.columnList} FROM ${STAGE_ROWS}${range ? ' WHERE csops_line BETWEEN $1 AND $2' : ''} ORDER BY ${keys}, csops_line DESC) AS s`;
    const sameKey = this.key.map((column) => `t.${quoted(column)} = s.${quoted(column)}`).join(' AND ');
    const set = [...updatable.map((column) => `${quoted(column)} = s.${quoted(column)}`), ...extraColumns.map((column, index) => `${quoted(column)} = ${literal(Object.values(this.extra)[index]!)}`)].join(', ');
    const stored = updatable.map((column) => `t.${quoted(column)}`).join(', ');
    const incoming = updatable.map((column) => `s.${quoted(column)}`).join(', ');
    return {
      update: updatable.length === 0 || empty ? undefined : `UPDATE ${quoted(this.table)} AS t SET ${set} FROM ${source} WHERE ${sameKey} AND (${stored}) IS DISTINCT FROM (${incoming})`,
      insert: `INSERT INTO ${quoted(this.table)} (${[this.columnList, ...extraColumns.map(quoted)].join(', ')})
        SELECT ${this.columnList}${extras} FROM ${source}${empty ? '' : ` WHERE NOT EXISTS (SELECT 1 FROM ${quoted(this.table)} AS t WHERE ${sameKey})`}`,
    };
  }

  private async runMerge(range?: [number, number], empty = false): Promise<{ inserted: number; updated: number }> {
    const { update, insert } = this.mergeStatements(range !== undefined, empty);
    const client = this.session.client;
    const updated = update === undefined ? 0 : ((await client.query(update, range)).rowCount ?? 0);
    const inserted = (await client.query(insert, range)).rowCount ?? 0;
    return { inserted, updated };
  }

  private async merge(): Promise<{ inserted: number; updated: number }> {
    const { empty } = await prepareMerge(this.session, this.table, this.copy!.rows);
    await this.session.query('SAVEPOINT csops_merge');
    try {
      const counts = await this.runMerge(undefined, empty);
      await this.session.query('RELEASE SAVEPOINT csops_merge');
      return counts;
    } catch (error) {
      if (integrityCode(error) === undefined) throw this.session.fail(error, errorPhrase('error.pg.doing.write_table', { table: this.table }));
      await this.session.query('ROLLBACK TO SAVEPOINT csops_merge');
      throw await this.findConflict(error);
    }
  }

  /**
   * A row the table refuses although it passed every check of the import: merged with the stored
   * row (a file that leaves a column out keeps its stored value), it breaks a rule. Halves the file's
   * lines until one row is left, each try rolled back.
   */
  private async findConflict(first: unknown): Promise<unknown> {
    const [bounds] = await this.session.query<{ low: number; high: number }>(`SELECT min(csops_line)::bigint AS low, max(csops_line)::bigint AS high FROM ${STAGE_ROWS}`);
    let low = bounds!.low, high = bounds!.high;
    let failure = first;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      await this.session.query('SAVEPOINT csops_find');
      let refused: unknown;
      try {
        await this.runMerge([low, middle]);
      } catch (error) {
        if (integrityCode(error) === undefined) throw this.session.fail(error, errorPhrase('error.pg.doing.write_table', { table: this.table }));
        refused = error;
      }
      await this.session.query('ROLLBACK TO SAVEPOINT csops_find');
      if (refused !== undefined) {
        failure = refused;
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return new StoredRowConflict(low, await this.ruleOf(failure));
  }

  /** The rule a refused row broke, as the table states it. */
  private async ruleOf(error: unknown): Promise<string> {
    const { constraint, message } = error as { constraint?: string; message?: string };
    if (constraint !== undefined) {
      const [row] = await this.session.query<{ definition: string }>('SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = $1 AND conrelid = $2::regclass', [constraint, quoted(this.table)]);
      if (row !== undefined) return `${row.definition} (${constraint})`;
    }
    return message ?? String(error);
  }
}

/**
 * Usage account-days (UsageUpserter's rules): the rows of one account and day in the file merge
 * metric by metric in file order (later values win), and merge with the stored row the same way;
 * metrics stay JSON text with the stored keys in their order and new ones after (SQLite's json_patch),
 * so both backends hold the same text. Each row is sent with its logins and active_users (migration
 * 13), read from the metrics here, so the server does not parse a million metrics again.
 *
 * Into an empty usage_daily (a first import, a backfill) rows go straight into the table with COPY,
 * so the server writes them while the file is still being read, instead of staging them and writing
 * them all once it is read: nothing is stored that a row could change, and while each account's days
 * come in increasing order (a file sorted by account, or a daily export) no key can repeat. From the
 * first row out of that order (or whose metric columns only the server can read) the rest is
 * staged and merged at the end as usual, into the rows written so far. Still one transaction: a
 * failed or killed import leaves the table empty.
 */
class PgUsageWriter implements RowWriter {
  readonly rowsBefore = 0;
  merged = 0;
  /** The COPY straight into usage_daily, while it lasts. */
  private direct: CopyIn | undefined;
  /** Whether usage_daily was empty when this file began (every stored row is then this file's). */
  private startedEmpty = false;
  private directRows = 0;
  /** Ending the direct COPY and opening the staging one; rows meanwhile wait in `held`. */
  private switching: Promise<void> | undefined;
  private held: string[] = [];
  /** Each account's last day written straight in: the direct COPY lasts while every account's days come in increasing order. */
  private readonly lastDays = new Map<string, string>();
  private copy: CopyIn | undefined;
  /** The staged rows' keys (a staged row may still repeat one written straight in: the merge's UPDATE takes care of that). */
  private seen: KeyFilter | undefined;
  private maybeRepeated = 0;
  /** Whether every staged row so far was sent with its two metric columns (else the INSERT computes them all from the metrics). */
  private columnsSent = true;
  private result: UpsertCounts | undefined;

  constructor(
    private readonly session: PgSession,
    private readonly copies: Set<CopyIn>,
    private readonly onChanged: (rows: number) => void,
  ) {}

  async open(): Promise<void> {
    await this.session.query(JSON_PATCH_FUNCTIONS);
    const [row] = await this.session.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM usage_daily) AS empty');
    this.startedEmpty = row!.empty;
    if (this.startedEmpty) {
      await this.session.query(SAY_METRIC_COLUMNS_FILLED);
      this.direct = new CopyIn(this.session, 'COPY usage_daily (account_id, day, metrics, logins, active_users) FROM STDIN', this.copies);
    } else {
      this.copy = await this.openStage();
    }
  }

  private async openStage(): Promise<CopyIn> {
    await this.session.query(`CREATE TEMP TABLE ${STAGE_USAGE} (account_id text NOT NULL, day date NOT NULL, metrics text NOT NULL, logins double precision, active_users double precision, seq bigint NOT NULL) ON COMMIT DROP`);
    return new CopyIn(this.session, `COPY ${STAGE_USAGE} (account_id, day, metrics, logins, active_users, seq) FROM STDIN`, this.copies);
  }

  add(values: readonly SqlValue[], offset: number): void {
    const accountId = values[offset] as string, day = values[offset + 1] as string, metrics = values[offset + 2] as string;
    if (this.direct !== undefined) {
      const previous = this.lastDays.get(accountId);
      const columns = previous === undefined || day > previous ? metricColumns(metrics) : undefined;
      if (columns !== undefined) {
        this.lastDays.set(accountId, day);
        // (metrics that metricColumns reads hold no character COPY escapes)
        this.direct.push(`${copyValue(accountId)}\t${day}\t${metrics}\t${columns}\n`);
        return;
      }
      this.switching = this.switchToStage(this.direct);
      this.switching.catch(() => {});
      this.direct = undefined;
    }
    if ((this.seen ??= new KeyFilter()).add(accountId, day)) this.maybeRepeated++;
    if (this.copy === undefined) this.held.push(accountId, day, metrics);
    else this.stage(this.copy, accountId, day, metrics);
  }

  private stage(copy: CopyIn, accountId: string, day: string, metrics: string): void {
    const columns = this.columnsSent ? metricColumns(metrics) : undefined;
    if (columns === undefined) this.columnsSent = false;
    copy.push(`${copyValue(accountId)}\t${day}\t${copyValue(metrics)}\t${columns ?? NO_METRIC_COLUMNS}\t${copy.rows}\n`);
  }

  /** Ends the COPY straight into the table: from here on, other writes have their columns computed by the table's trigger. */
  private async endDirect(direct: CopyIn): Promise<void> {
    await direct.end();
    this.directRows = direct.rows;
    await this.session.query(SAY_METRIC_COLUMNS_COMPUTED);
  }

  private async switchToStage(direct: CopyIn): Promise<void> {
    await this.endDirect(direct);
    const copy = await this.openStage();
    for (let index = 0; index < this.held.length; index += 3) this.stage(copy, this.held[index]!, this.held[index + 1]!, this.held[index + 2]!);
    this.held = [];
    this.copy = copy;
    this.switching = undefined;
  }

  ready(): Promise<void> | undefined {
    return this.switching ?? (this.direct ?? this.copy)!.ready();
  }

  async flush(): Promise<void> {
    if (this.switching !== undefined) await this.switching;
    if (this.direct !== undefined) await this.endDirect(this.direct);
    await this.copy?.end();
  }

  async counts(): Promise<UpsertCounts> {
    if (this.result) return this.result;
    await this.flush();
    if (this.copy === undefined) {
      // Every row went straight in: each a day of its own, new to the table.
      this.onChanged(this.directRows);
      this.result = { inserted: this.directRows, updated: 0, unchanged: 0 };
      return this.result;
    }
    const staged = this.copy.rows;
    let rows = staged;
    let source = STAGE_USAGE;
    if (this.maybeRepeated > 0) {
      // Some key may repeat (the filter is never wrong when it says no): each account-day once, its rows merged in file order.
      source = STAGE_USAGE_MERGED;
      await this.session.query(`CREATE TEMP TABLE ${STAGE_USAGE_MERGED} ON COMMIT DROP AS
        SELECT account_id, day, pg_temp.csops_json_patch_agg(metrics ORDER BY seq) AS metrics FROM ${STAGE_USAGE} GROUP BY account_id, day`);
      const [distinct] = await this.session.query<{ rows: number }>(`SELECT count(*)::integer AS rows FROM ${STAGE_USAGE_MERGED}`);
      rows = distinct!.rows;
      this.merged = staged - rows;
    }
    // The merged metrics are new text: their columns are computed here, as the table's trigger would.
    const columnsSent = this.columnsSent && source === STAGE_USAGE;
    const { empty } = await prepareMerge(this.session, 'usage_daily', rows);
    // Statistics for the join with the stored rows (an empty table takes the staged rows as they are).
    if (!empty) await this.session.query(`ANALYZE ${source}`);
    // As PgRowWriter's merge: the stored days that change are updated (metric by metric; the table's
    // trigger then sets their columns), then the new days inserted, with their columns.
    const client = this.session.client;
    let written: { inserted: number; updated: number };
    try {
      const updated = empty
        ? { rowCount: 0 }
        : await client.query(`UPDATE usage_daily AS u SET metrics = pg_temp.csops_json_patch(u.metrics, s.metrics) FROM ${source} AS s
        WHERE u.account_id = s.account_id AND u.day = s.day AND u.metrics IS DISTINCT FROM s.metrics AND pg_temp.csops_json_patch(u.metrics, s.metrics) IS DISTINCT FROM u.metrics`);
      await client.query(SAY_METRIC_COLUMNS_FILLED);
      const values = columnsSent ? 'logins, active_users' : "(metrics::jsonb ->> 'logins')::double precision, (metrics::jsonb ->> 'active_users')::double precision";
      const inserted = await client.query(`INSERT INTO usage_daily (account_id, day, metrics, logins, active_users) SELECT account_id, day, metrics, ${values} FROM ${source} AS s${
        empty ? '' : ' WHERE NOT EXISTS (SELECT 1 FROM usage_daily AS u WHERE u.account_id = s.account_id AND u.day = s.day)'}`);
      await client.query(SAY_METRIC_COLUMNS_COMPUTED);
      written = { inserted: inserted.rowCount ?? 0, updated: updated.rowCount ?? 0 };
    } catch (error) {
      throw this.session.fail(error, errorPhrase('error.pg.doing.write_table', { table: 'usage_daily' }));
    }
    this.onChanged(this.directRows + written.inserted + written.updated);
    if (this.startedEmpty) {
      // Every stored row is this file's own: each account-day counts once, as inserted, its later rows merged into it.
      const inserted = this.directRows + written.inserted;
      this.merged = this.directRows + staged - inserted;
      this.result = { inserted, updated: 0, unchanged: 0 };
    } else {
      this.result = { inserted: written.inserted, updated: written.updated, unchanged: rows - written.inserted - written.updated };
    }
    return this.result;
  }
}

/**
 * usage_daily's trigger (migration 13) leaves alone the rows of a statement run while this says
 * 'filled': only around a COPY or INSERT whose rows carry their two columns, and to the transaction's
 * end at most (set_config's is_local).
 */
const SAY_METRIC_COLUMNS_FILLED = "SELECT set_config('csops.usage_metric_columns', 'filled', true)";
const SAY_METRIC_COLUMNS_COMPUTED = "SELECT set_config('csops.usage_metric_columns', '', true)";
const NO_METRIC_COLUMNS = '\\N\t\\N';

/**
 * A row's logins and active_users as COPY text, the values usage_daily's trigger would compute,
 * `(metrics::jsonb ->> 'logins')::double precision`: each metric's JSON number as written (the server
 * reads it into the nearest double either way, and refuses one out of a double's range either way),
 * \N when it is absent; a name that repeats: its last value, as jsonb keeps. Read from the text csops
 * writes (an object of "name":number pairs, no spaces, no escapes) without parsing it into objects;
 * undefined for any other text (whitespace, an escape, null or a string as a value, -0, which jsonb
 * reads as 0): the server computes those, as the table's trigger would, and checks the JSON.
 */
export function metricColumns(metrics: string): string | undefined {
  const last = metrics.length - 1;
  if (last < 1 || metrics.charCodeAt(0) !== OPEN_BRACE || metrics.charCodeAt(last) !== CLOSE_BRACE || ESCAPE_OR_CONTROL.test(metrics)) return undefined;
  let logins = '\\N', activeUsers = '\\N';
  if (last === 1) return `${logins}\t${activeUsers}`;
  let at = 1;
  for (;;) {
    // "name":number, then a comma or the end.
    if (metrics.charCodeAt(at) !== QUOTE) return undefined;
    const close = metrics.indexOf('"', at + 1);
    if (close < 0 || close >= last || metrics.charCodeAt(close + 1) !== COLON) return undefined;
    const start = close + 2;
    const stop = jsonNumberEnd(metrics, start);
    if (stop === start || (stop !== last && metrics.charCodeAt(stop) !== COMMA)) return undefined;
    if (metrics.charCodeAt(start) === MINUS && Number(metrics.slice(start, stop)) === 0) return undefined;
    const nameLength = close - at - 1;
    if (nameLength === 6 && metrics.startsWith('logins', at + 1)) logins = metrics.slice(start, stop);
    else if (nameLength === 12 && metrics.startsWith('active_users', at + 1)) activeUsers = metrics.slice(start, stop);
    if (stop === last) return `${logins}\t${activeUsers}`;
    at = stop + 1;
  }
}

const ESCAPE_OR_CONTROL = /[\x00-\x1f\\]/;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, QUOTE = 0x22, COLON = 0x3a, COMMA = 0x2c, MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e;

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;

/** Where the JSON number starting at `start` ends (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?), or `start` when none does. */
function jsonNumberEnd(text: string, start: number): number {
  let at = start;
  let code = text.charCodeAt(at);
  if (code === MINUS) code = text.charCodeAt(++at);
  if (code === 0x30) code = text.charCodeAt(++at);
  else if (isDigit(code)) do code = text.charCodeAt(++at); while (isDigit(code));
  else return start;
  if (code === DOT) {
    code = text.charCodeAt(++at);
    if (!isDigit(code)) return start;
    do code = text.charCodeAt(++at); while (isDigit(code));
  }
  if (code === 0x65 || code === 0x45) {
    code = text.charCodeAt(++at);
    if (code === PLUS || code === MINUS) code = text.charCodeAt(++at);
    if (!isDigit(code)) return start;
    do code = text.charCodeAt(++at); while (isDigit(code));
  }
  return at;
}

/**
 * SQLite's json_patch for csops's flat metric objects, in this session's temporary schema (no
 * migration): the stored keys in their order with the new values, then the new keys in theirs; and
 * its aggregate, which folds an account-day's rows in file order.
 */
const JSON_PATCH_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION pg_temp.csops_json_patch(stored text, incoming text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN stored IS NULL THEN incoming ELSE (
      SELECT coalesce('{' || string_agg(to_json(k)::text || ':' || v, ',' ORDER BY o) || '}', '{}')
      FROM (
        SELECT s.key AS k, coalesce(i.value, s.value)::text AS v, s.n AS o
          FROM json_each(stored::json) WITH ORDINALITY AS s (key, value, n) LEFT JOIN json_each(incoming::json) AS i ON i.key = s.key
        UNION ALL
        SELECT i.key, i.value::text, 1000000000 + i.n
          FROM json_each(incoming::json) WITH ORDINALITY AS i (key, value, n)
          WHERE NOT EXISTS (SELECT 1 FROM json_each(stored::json) AS s WHERE s.key = i.key)
      ) AS patched) END
  $$;
  DROP AGGREGATE IF EXISTS pg_temp.csops_json_patch_agg(text);
  CREATE AGGREGATE pg_temp.csops_json_patch_agg(text) (SFUNC = pg_temp.csops_json_patch, STYPE = text);
`;

/**
 * Event files' user-weeks (UserWeeksUpserter's rules: a file adds days, never removes them). They
 * arrive after the usage rows, while the usage staging table still waits for its merge, so they are
 * held until finish() and copied then (a connection runs one COPY at a time).
 */
class PgUserWeeksWriter implements UserWeeksWriter {
  rows = 0;
  written = 0;
  private lines: string[] = [];

  constructor(
    private readonly session: PgSession,
    private readonly copies: Set<CopyIn>,
    private readonly runId: number,
    private readonly onChanged: (rows: number) => void,
  ) {}

  add(values: readonly SqlValue[]): void {
    for (let offset = 0; offset < values.length; offset += 4) {
      this.lines.push(`${copyValue(values[offset])}\t${copyValue(values[offset + 1])}\t${copyValue(values[offset + 2])}\t${copyValue(values[offset + 3])}\n`);
    }
    this.rows += values.length / 4;
  }

  async finish(): Promise<void> {
    if (this.lines.length === 0) return;
    const lines = this.lines;
    this.lines = [];
    await this.session.query(`CREATE TEMP TABLE ${STAGE_USER_WEEKS} (account_id text NOT NULL, user_key text NOT NULL, week text NOT NULL, days integer NOT NULL) ON COMMIT DROP`);
    const copy = new CopyIn(this.session, `COPY ${STAGE_USER_WEEKS} (account_id, user_key, week, days) FROM STDIN`, this.copies);
    for (const line of lines) {
      copy.push(line);
      const full = copy.ready();
      if (full) await full;
    }
    await copy.end();
    const [row] = await this.session.query<{ written: number }>(
      `WITH written AS (
         INSERT INTO product_user_weeks AS w (account_id, user_key, week, days, import_run_id)
         SELECT account_id, user_key, week, bit_or(days), $1 FROM ${STAGE_USER_WEEKS} GROUP BY account_id, user_key, week
         ON CONFLICT (account_id, user_key, week) DO UPDATE SET days = w.days | excluded.days, import_run_id = excluded.import_run_id
         WHERE (w.days | excluded.days) <> w.days
         RETURNING 1)
       SELECT count(*)::integer AS written FROM written`,
      [this.runId],
    );
    this.written = row!.written;
    this.onChanged(this.written);
  }
}
