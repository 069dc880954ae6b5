import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, startCli, tempDir, writeFile } from '../helpers/cli.js';
import { dropDatabases, freshDatabase, noteSkippedWithoutPostgres, onDatabase, POSTGRES_URL } from '../helpers/postgres.js';

/**
 * csops import on PostgreSQL (issue 25 §3), run by the built bin/csops against a real server, each test
 * in a database of its own, side by side with the same imports into a SQLite file: the same rows land,
 * the same counts are reported, the same rows are refused; a killed import changes nothing; one import
 * at a time; readers keep working meanwhile.
 */
noteSkippedWithoutPostgres('csops import on PostgreSQL (sample data on both backends, kill -9, two imports at once)');

const SAMPLE = path.join(REPO_ROOT, 'sample-data');
const AS_OF = '2026-11-20';
const TABLES = ['import_runs', 'accounts', 'contracts', 'usage_daily', 'tickets', 'surveys', 'contacts', 'contact_events', 'contact_roles', 'touchpoints', 'product_user_weeks'];
/** Wall-clock columns (when the import ran), the only ones that differ between two runs of the same import. */
const WALL_CLOCK = new Set(['started_at', 'finished_at']);

type Dump = Record<string, string[]>;

/**
 * Every table's rows as text (NULL as \N), columns by name (generated ones too; SQLite's rebuilt
 * tables order some columns otherwise), rows sorted: equal dumps hold equal rows.
 */
function sqliteDump(file: string): Dump {
  const db = new Database(file, { readonly: true });
  try {
    const dump: Dump = {};
    for (const table of TABLES) {
      const columns = (db.prepare(`PRAGMA table_xinfo("${table}")`).all() as Array<{ name: string }>).map((column) => column.name).filter((name) => !WALL_CLOCK.has(name)).sort();
      const rows = db.prepare(`SELECT ${columns.map((name) => `"${name}"`).join(', ')} FROM "${table}"`).raw().all() as unknown[][];
      dump[table] = rows.map((row) => row.map((value) => (value === null ? '\\N' : String(value))).join('|')).sort();
    }
    return dump;
  } finally {
    db.close();
  }
}

async function postgresDump(url: string): Promise<Dump> {
  return onDatabase(url, async (client) => {
    const dump: Dump = {};
    for (const table of TABLES) {
      const columns = (
        await client.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position", [table])
      ).rows.map((row) => row.column_name).filter((name) => !WALL_CLOCK.has(name)).sort();
      // Each value as PostgreSQL writes it as text: dates YYYY-MM-DD, doubles in their shortest exact form (as JS's String).
      const rows = (await client.query<{ line: string }>(`SELECT concat_ws('|', ${columns.map((name) => `coalesce("${name}"::text, '\\N')`).join(', ')}) AS line FROM "${table}"`)).rows;
      dump[table] = rows.map((row) => row.line).sort();
    }
    return dump;
  });
}

async function count(url: string, sql: string): Promise<number> {
  return onDatabase(url, async (client) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n));
}

interface Summary {
  files: Array<{ file: string; kind: string; status: string; rows: number; inserted: number; updated: number; unchanged: number; rejected: number; notes: string[] }>;
}

/** One import run on both backends; their JSON summaries must agree. */
function importBoth(dir: string, sqlite: string, url: string, args: string[]): Summary {
  const summaries = [sqlite, url].map((db) => {
    const run = runCli(['--db', db, '--as-of', AS_OF, 'import', ...args, '--format', 'json'], { cwd: dir });
    expect(run.code, `${db === url ? 'PostgreSQL' : 'SQLite'}: ${run.stderr}`).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    // When the identical file was imported: wall-clock time, the one thing two runs cannot share.
    for (const file of summary.files) file.notes = file.notes.map((note) => note.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>'));
    return summary;
  });
  expect(summaries[1]).toEqual(summaries[0]);
  return summaries[0]!;
}

/** A wide usage file of `accounts` × `days` rows, one day's accounts after another (as a daily export). */
function writeUsage(file: string, accounts: number, days: number): void {
  const lines = ['account_id,date,logins,active_users,reports_created'];
  for (let day = 0; day < days; day++) {
    const date = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    for (let account = 0; account < accounts; account++) lines.push(`K-${account},${date},${(account * 7 + day) % 40},${(account + day) % 9},${(account * day) % 5}`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function writeAccounts(file: string, accounts: number): void {
  fs.writeFileSync(file, `account_id,name\n${Array.from({ length: accounts }, (_, index) => `K-${index},Company ${index}`).join('\n')}\n`);
}

/** Waits until the server runs a COPY for csops (the import is mid-way: rows are streaming in, staged or, into an empty table, straight in). */
async function untilCopying(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await onDatabase(url, async (client) => {
    for (;;) {
      const { rows } = await client.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'csops' AND state = 'active' AND query LIKE 'COPY %'");
      if (rows.length > 0) return;
      if (Date.now() > deadline) throw new Error('no csops COPY seen on the server');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
}

function exited(child: ReturnType<typeof startCli>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

describe.skipIf(POSTGRES_URL === undefined)('csops import on PostgreSQL', () => {
  afterAll(() => dropDatabases());

  it('every sample-data file lands the same rows as on SQLite, with the same counts; a re-import is skipped, a forced one changes nothing', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    fs.copyFileSync(path.join(SAMPLE, 'csops.config.json'), path.join(dir, 'csops.config.json'));
    const sqlite = path.join(dir, 'csops.db');
    const files = ['accounts.csv', 'contracts.csv', 'usage.csv', 'tickets.csv', 'surveys.csv', 'contacts.csv', 'touchpoints.csv'].map((name) => path.join(SAMPLE, name));
    const exportsDir = path.join(SAMPLE, 'exports');
    const exported = fs.readdirSync(exportsDir).filter((name) => name.endsWith('.csv')).sort().map((name) => path.join(exportsDir, name));

    for (const file of files) {
      const first = importBoth(dir, sqlite, url, [file]);
      expect(first.files[0]!.status).toBe('imported');
      expect(first.files[0]!.inserted).toBeGreaterThan(0);
    }
    const fromExports = importBoth(dir, sqlite, url, exported);
    // The Mixpanel events file goes through the event roll-up (usage rows and user-weeks).
    expect(fromExports.files.map((file) => file.kind)).toContain('usage');
    const landed = sqliteDump(sqlite);
    expect(landed.product_user_weeks!.length).toBeGreaterThan(0);
    expect(landed.contact_events!.length).toBeGreaterThan(0);
    expect(await postgresDump(url)).toEqual(landed);

    // The same files again: each is skipped as identical, on both.
    const again = importBoth(dir, sqlite, url, [...files, ...exported]);
    expect(again.files.every((file) => file.status === 'skipped')).toBe(true);
    // Forced: every row read again, none written.
    const forced = importBoth(dir, sqlite, url, [...files, '--force']);
    for (const file of forced.files) expect({ file: file.file, inserted: file.inserted, updated: file.updated }).toEqual({ file: file.file, inserted: 0, updated: 0 });
    expect(forced.files.reduce((sum, file) => sum + file.unchanged, 0)).toBeGreaterThan(50_000);
    expect(await postgresDump(url)).toEqual(sqliteDump(sqlite));
    expect(await count(url, 'SELECT count(*) AS n FROM import_runs')).toBe(files.length * 2 + exported.length);
  }, 300_000);

  it('usage merges metric by metric: repeated account-days in a file, a later file with other metrics, the same counts and JSON text', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const sqlite = path.join(dir, 'csops.db');
    const accounts = writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\nA-2,Beta\nA-3,Gamma\n');
    // Out of key order, and A-1 on 2026-01-02 three times: merged in file order, later values win.
    const first = writeFile(dir, 'usage-1.csv', [
      'account_id,date,logins,api_calls',
      'A-2,2026-01-02,5,100',
      'A-1,2026-01-02,1,',
      'A-1,2026-01-01,3,30',
      'A-1,2026-01-02,,20',
      'A-3,2026-01-01,0,0',
      'A-1,2026-01-02,4,',
    ].join('\n'));
    // Some days again, with a new metric and a changed value; one day exactly as stored.
    const second = writeFile(dir, 'usage-2.csv', ['account_id,date,logins,reports', 'A-1,2026-01-02,4,7', 'A-2,2026-01-02,6,', 'A-3,2026-01-01,0,', 'A-3,2026-01-03,2,1'].join('\n'));
    importBoth(dir, sqlite, url, [accounts]);
    const one = importBoth(dir, sqlite, url, ['usage', first]);
    expect(one.files[0]).toMatchObject({ rows: 6, inserted: 4, updated: 0, unchanged: 0 });
    expect(one.files[0]!.notes.join('\n')).toContain('2 rows repeat an account and date');
    const two = importBoth(dir, sqlite, url, ['usage', second]);
    expect(two.files[0]).toMatchObject({ inserted: 1, updated: 2, unchanged: 1 });
    const dump = sqliteDump(sqlite);
    // account_id, active_users, day, logins, metrics
    expect(dump.usage_daily).toContain('A-1|\\N|2026-01-02|4|{"logins":4,"api_calls":20,"reports":7}');
    // A file in key order (SQLite writes it as it comes, merging a repeated key into the row before).
    const sorted = writeFile(dir, 'usage-3.csv', ['account_id,date,logins,api_calls', 'A-1,2026-01-05,1,', 'A-1,2026-01-05,,9', 'A-2,2026-01-05,2,3'].join('\n'));
    const three = importBoth(dir, sqlite, url, ['usage', sorted]);
    expect(three.files[0]).toMatchObject({ rows: 3, inserted: 2, updated: 0, unchanged: 0 });
    expect(await postgresDump(url)).toEqual(sqliteDump(sqlite));
    expect(sqliteDump(sqlite).usage_daily).toContain('A-1|\\N|2026-01-05|1|{"logins":1,"api_calls":9}');
  }, 120_000);

  it('into an empty table rows stream straight in until an account goes back a day, then the rest merges into them: the same rows and counts as SQLite', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const sqlite = path.join(dir, 'csops.db');
    importBoth(dir, sqlite, url, [writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\nA-2,Beta\nA-3,Gamma\n')]);
    const usage = writeFile(dir, 'usage.csv', [
      'account_id,date,logins,api_calls',
      'A-1,2026-01-01,1,10',
      'A-2,2026-01-01,2,',
      'A-1,2026-01-03,3,',
      // A-1 goes back a day: from here rows are staged, and merged at the end into those written.
      'A-1,2026-01-02,4,',
      'A-2,2026-01-01,,20',
      'A-1,2026-01-02,5,',
      'A-3,2026-01-01,0,0',
    ].join('\n'));
    const summary = importBoth(dir, sqlite, url, ['usage', usage]);
    expect(summary.files[0]).toMatchObject({ rows: 7, inserted: 5, updated: 0, unchanged: 0 });
    expect(summary.files[0]!.notes.join('\n')).toContain('2 rows repeat an account and date');
    const landed = sqliteDump(sqlite);
    expect(landed.usage_daily).toContain('A-2|\\N|2026-01-01|2|{"logins":2,"api_calls":20}');
    expect(await postgresDump(url)).toEqual(landed);
  }, 120_000);

  it("merges by the table's real size, not statistics taken while it was empty: the table is analyzed first, and the same rows land with the same counts", async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const sqlite = path.join(dir, 'csops.db');
    writeAccounts(path.join(dir, 'accounts.csv'), 60);
    importBoth(dir, sqlite, url, [path.join(dir, 'accounts.csv')]);
    const usage = path.join(dir, 'usage.csv');
    writeUsage(usage, 60, 50); // 3,000 rows
    // Into an empty table (analyzed as empty): the rows go in as they are.
    await onDatabase(url, (client) => client.query('ANALYZE usage_daily'));
    expect(importBoth(dir, sqlite, url, ['usage', usage]).files[0]).toMatchObject({ rows: 3000, inserted: 3000, updated: 0, unchanged: 0 });
    // Statistics that still say empty while the table holds rows (written behind csops's back, too few
    // for autovacuum yet): planned as empty, each staged key would scan the table. The import
    // analyzes it before merging (a forced re-import changes no row, so nothing else analyzes it).
    await onDatabase(url, async (client) => {
      // (autovacuum off for the table: its own ANALYZE would correct the statistics whenever it runs)
      await client.query('ALTER TABLE usage_daily SET (autovacuum_enabled = false)');
      await client.query('CREATE TABLE keep AS SELECT * FROM usage_daily');
      await client.query('DELETE FROM usage_daily');
      await client.query('ANALYZE usage_daily');
      await client.query('INSERT INTO usage_daily (account_id, day, metrics) SELECT account_id, day, metrics FROM keep');
    });
    const estimate = () => onDatabase(url, async (client) => Number((await client.query<{ n: number }>("SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'usage_daily'")).rows[0]!.n));
    expect(await estimate()).toBe(0);
    expect(importBoth(dir, sqlite, url, ['usage', usage, '--force']).files[0]).toMatchObject({ rows: 3000, inserted: 0, updated: 0, unchanged: 3000 });
    expect(await estimate()).toBe(3000);
    expect(await postgresDump(url)).toEqual(sqliteDump(sqlite));
  }, 120_000);

  it('a row that breaks a rule only once merged with the stored row is named by its line, and nothing lands', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const sqlite = path.join(dir, 'csops.db');
    importBoth(dir, sqlite, url, [writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\n')]);
    importBoth(dir, sqlite, url, [writeFile(dir, 'contracts.csv', 'contract_id,account_id,start_date,end_date,arr,currency\nC-1,A-1,2026-01-01,2026-12-31,12000,USD\nC-2,A-1,2026-01-01,2026-12-31,500,USD\n')]);
    // No end_date column: the stored end dates stay, and C-2's new start falls after its end.
    const moved = writeFile(dir, 'contracts-moved.csv', 'contract_id,account_id,start_date,arr,currency\nC-1,A-1,2026-02-01,13000,USD\nC-2,A-1,2027-06-01,600,USD\n');
    const before = await postgresDump(url);
    const runs = [sqlite, url].map((db) => runCli(['--db', db, 'import', 'contracts', moved], { cwd: dir }));
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(65);
      expect(run.stderr).toContain(`${moved}:3: this row, merged with what is already stored under its key, breaks a rule`);
      expect(run.stderr).toMatch(/end_date/);
    }
    expect(await postgresDump(url)).toEqual(before);
  }, 120_000);

  it('rejected rows are named the same on both, nothing lands from a refused file, and --skip-invalid writes the same rejects file', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const sqlite = path.join(dir, 'csops.db');
    importBoth(dir, sqlite, url, [writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\n')]);
    const contracts = writeFile(dir, 'contracts.csv', [
      'contract_id,account_id,start_date,end_date,arr',
      'C-1,A-1,2026-01-01,2026-12-31,12000',
      'C-2,A-9,2026-01-01,2026-12-31,5000',
      'C-3,A-1,2026-02-30,2027-01-31,100',
    ].join('\n'));
    const refused = [sqlite, url].map((db) => runCli(['--db', db, 'import', 'contracts', contracts], { cwd: dir }));
    for (const run of refused) expect(run.code, run.stderr).toBe(65);
    expect(refused[0]!.stderr).toContain('A-9');
    expect(refused[0]!.stderr).toContain('2026-02-30');
    expect(refused[1]!.stderr).toBe(refused[0]!.stderr);
    expect(await count(url, 'SELECT count(*) AS n FROM contracts')).toBe(0);
    expect(await count(url, "SELECT count(*) AS n FROM import_runs WHERE kind = 'contracts'")).toBe(0);

    const rejects = ['sqlite', 'postgres'].map((name) => path.join(dir, `rejects-${name}.csv`));
    const skipped = [sqlite, url].map((db, index) => runCli(['--db', db, 'import', 'contracts', contracts, '--skip-invalid', '--rejects', rejects[index]!, '--format', 'json'], { cwd: dir }));
    for (const run of skipped) expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(skipped[1]!.stdout).files[0]).toEqual({ ...JSON.parse(skipped[0]!.stdout).files[0], rejects_file: rejects[1] });
    expect(JSON.parse(skipped[1]!.stdout).files[0]).toMatchObject({ inserted: 1, rejected: 2 });
    expect(fs.readFileSync(rejects[1]!, 'utf8')).toBe(fs.readFileSync(rejects[0]!, 'utf8'));
    expect(await postgresDump(url)).toEqual(sqliteDump(sqlite));
    // A file with rejected rows is never "already imported": the same file runs again.
    const rerun = runCli(['--db', url, 'import', 'contracts', contracts, '--skip-invalid', '--rejects', rejects[1]!, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(rerun.stdout).files[0]).toMatchObject({ status: 'imported', inserted: 0, unchanged: 1, rejected: 2 });
  }, 120_000);

  it('--dry-run on PostgreSQL reports the counts and writes nothing', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const file = writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\nA-2,Beta\n');
    const dry = runCli(['--db', url, 'import', file, '--dry-run', '--format', 'json'], { cwd: dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout).files[0]).toMatchObject({ status: 'dry_run', inserted: 2 });
    expect(await count(url, 'SELECT count(*) AS n FROM accounts')).toBe(0);
    expect(await count(url, 'SELECT count(*) AS n FROM import_runs')).toBe(0);
  }, 60_000);

  it('a file that turns out unreadable half-way (rows already streaming to the server) is refused, and nothing of it lands', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const accounts = path.join(dir, 'accounts.csv');
    writeAccounts(accounts, 2_000);
    expect(runCli(['--db', url, 'import', accounts], { cwd: dir }).code).toBe(0);
    // Large enough for the import worker (4 MB), and small: read in the main thread.
    for (const [name, days] of [['big.csv', 80], ['small.csv', 3]] as const) {
      const file = path.join(dir, name);
      writeUsage(file, 2_000, days);
      fs.appendFileSync(file, 'K-1,"2024-12-31,1,1,1\n');
      // Started rather than run: an import that hung on its own connection must fail this test, not stall the suite.
      const child = startCli(['--db', url, 'import', 'usage', file], { cwd: dir });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const run = await exited(child);
      clearTimeout(timer);
      expect(run.signal, 'the import hung').toBeNull();
      expect(run.code, run.stderr).toBe(65);
      expect(run.stderr).toContain('is never closed');
      expect(await count(url, 'SELECT count(*) AS n FROM usage_daily')).toBe(0);
      expect(await count(url, 'SELECT count(*) AS n FROM import_runs')).toBe(1);
    }
  }, 180_000);

  it('kill -9 in the middle of a large usage import changes nothing, and the next import runs', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const accounts = path.join(dir, 'accounts.csv');
    writeAccounts(accounts, 2_000);
    expect(runCli(['--db', url, 'import', accounts], { cwd: dir }).code).toBe(0);
    const big = path.join(dir, 'usage-big.csv');
    writeUsage(big, 2_000, 300);
    // Into the empty table the rows stream straight into usage_daily: killed, none stays.
    const first = startCli(['--db', url, 'import', 'usage', big], { cwd: dir });
    const firstDone = exited(first);
    await untilCopying(url);
    first.kill('SIGKILL');
    expect((await firstDone).signal).toBe('SIGKILL');
    expect({ usage: await count(url, 'SELECT count(*) AS n FROM usage_daily'), runs: await count(url, 'SELECT count(*) AS n FROM import_runs') }).toEqual({ usage: 0, runs: 1 });
    // Into a table holding rows they are staged first.
    const small = path.join(dir, 'usage-small.csv');
    writeUsage(small, 2_000, 2);
    expect(runCli(['--db', url, 'import', 'usage', small], { cwd: dir }).code).toBe(0);
    const before = { usage: await count(url, 'SELECT count(*) AS n FROM usage_daily'), runs: await count(url, 'SELECT count(*) AS n FROM import_runs') };
    expect(before).toEqual({ usage: 4_000, runs: 2 });

    const child = startCli(['--db', url, 'import', 'usage', big], { cwd: dir });
    const done = exited(child);
    await untilCopying(url);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect({ usage: await count(url, 'SELECT count(*) AS n FROM usage_daily'), runs: await count(url, 'SELECT count(*) AS n FROM import_runs') }).toEqual(before);

    // The server ends the killed session's transaction (and with it the import lock) once it sees the socket close.
    const next = runCli(['--db', url, 'import', 'usage', small, '--force', '--format', 'json'], { cwd: dir, env: {} });
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).files[0]).toMatchObject({ inserted: 0, unchanged: 4_000 });
  }, 180_000);

  it('two imports at once: the second waits busy_timeout_ms for the first, then exits 75; readers (db info) work meanwhile; with a longer wait it runs after', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const accounts = path.join(dir, 'accounts.csv');
    writeAccounts(accounts, 2_000);
    expect(runCli(['--db', url, 'import', accounts], { cwd: dir }).code).toBe(0);
    const big = path.join(dir, 'usage-big.csv');
    writeUsage(big, 2_000, 250);
    const other = path.join(dir, 'usage-other.csv');
    writeUsage(other, 10, 3);
    const impatient = path.join(dir, 'impatient');
    fs.mkdirSync(impatient);
    fs.writeFileSync(path.join(impatient, 'csops.config.json'), JSON.stringify({ busy_timeout_ms: 300 }));
    const patient = path.join(dir, 'patient');
    fs.mkdirSync(patient);
    fs.writeFileSync(path.join(patient, 'csops.config.json'), JSON.stringify({ busy_timeout_ms: 170_000 }));

    const first = startCli(['--db', url, 'import', 'usage', big, '--format', 'json'], { cwd: dir });
    const firstDone = exited(first);
    await untilCopying(url);

    const refused = runCli(['--db', url, 'import', 'usage', other], { cwd: impatient });
    expect(refused.code, refused.stderr).toBe(75);
    expect(refused.stderr).toContain('is busy: another csops is importing into it');
    expect(refused.stderr).toContain('busy_timeout_ms');

    // A reader sees the last committed state while the import writes.
    const info = runCli(['--db', url, 'db', 'info', '--format', 'json'], { cwd: dir });
    expect(info.code, info.stderr).toBe(0);
    const tables = (JSON.parse(info.stdout) as { tables: Array<{ table: string; rows: number }> }).tables;
    expect(tables.find((entry) => entry.table === 'usage_daily')?.rows).toBe(0);
    expect(tables.find((entry) => entry.table === 'accounts')?.rows).toBe(2_000);

    // One that may wait long enough runs once the first has committed.
    const waiter = startCli(['--db', url, 'import', 'usage', other, '--format', 'json'], { cwd: patient });
    const waited = exited(waiter);
    const [firstResult, waiterResult] = await Promise.all([firstDone, waited]);
    expect(firstResult.code, firstResult.stderr).toBe(0);
    expect(waiterResult.code, waiterResult.stderr).toBe(0);
    expect(await count(url, 'SELECT count(*) AS n FROM usage_daily')).toBe(500_000);
    expect(await count(url, "SELECT count(*) AS n FROM import_runs WHERE kind = 'usage'")).toBe(2);
    // Analysed after the large import: the planner knows the table's size.
    // (reltuples is -1 until the table is first analysed; inserts alone leave it so.)
    expect(await count(url, "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'usage_daily'::regclass")).toBeGreaterThan(400_000);
  }, 240_000);
});
