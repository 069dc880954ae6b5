/**
 * SPEC §5 reliability, with the built binary: kill -9 mid-import, a reader during an import, two
 * imports at once (wait, or exit 75), file modes, a database from a newer csops, re-importing a file.
 * Every test works in its own temp dir on real SQLite files. Process triggers (WAL size, lock probes)
 * only decide when to act; nothing asserts how long anything took.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS_CSV, queryAll, runCli, startCli, tableChecksums, tempDir, writeFile } from '../helpers/cli.js';

// ---------------------------------------------------------------------------------------------
// Data: 400 accounts (A-1..A-3 from ACCOUNTS_CSV, then A-4..A-400) and wide usage rows per account and day.

const ACCOUNT_COUNT = 400;
const BIG_DAYS = 3000; // 400 × 3000 = 1,200,000 rows, ~26 MB: big enough that SQLite spills to the WAL mid-transaction
const BIG_ROWS = ACCOUNT_COUNT * BIG_DAYS;
const DAY0 = Date.UTC(2020, 0, 1);

function isoDay(offset: number): string {
  return new Date(DAY0 + offset * 86_400_000).toISOString().slice(0, 10);
}

function accountsCsv(): string {
  const lines = [ACCOUNTS_CSV];
  for (let i = 4; i <= ACCOUNT_COUNT; i++) lines.push(`A-${i},Company ${i},,,,,,,,`);
  return `${lines.join('\n')}\n`;
}

interface UsageFile {
  text: string;
  rows: number;
  logins: number;
  firstDay: string;
  lastDay: string;
}

/** Wide usage `account_id,date,logins,active_users` for every account and each day in [from, to). */
function usageCsv(from: number, to: number): UsageFile {
  const days: string[] = [];
  for (let d = from; d < to; d++) days.push(isoDay(d));
  const parts = ['account_id,date,logins,active_users\n'];
  let logins = 0;
  for (let a = 1; a <= ACCOUNT_COUNT; a++) {
    let chunk = '';
    for (let i = 0; i < days.length; i++) {
      const value = (a * 7 + from + i) % 50;
      logins += value;
      chunk += `A-${a},${days[i]},${value},${(a + i) % 13}\n`;
    }
    parts.push(chunk);
  }
  return { text: parts.join(''), rows: ACCOUNT_COUNT * days.length, logins, firstDay: days[0]!, lastDay: days[days.length - 1]! };
}

/** The same rows as usageCsv, in the order a daily export writes them: every account's row for one day, then the next day. */
function usageCsvByDay(from: number, to: number): UsageFile {
  const parts = ['account_id,date,logins,active_users\n'];
  let logins = 0;
  for (let i = 0; i < to - from; i++) {
    const day = isoDay(from + i);
    let chunk = '';
    for (let a = 1; a <= ACCOUNT_COUNT; a++) {
      const value = (a * 7 + from + i) % 50;
      logins += value;
      chunk += `A-${a},${day},${value},${(a + i) % 13}\n`;
    }
    parts.push(chunk);
  }
  return { text: parts.join(''), rows: ACCOUNT_COUNT * (to - from), logins, firstDay: isoDay(from), lastDay: isoDay(to - 1) };
}

let big: UsageFile;
let bigByDay: UsageFile;

beforeAll(() => {
  big = usageCsv(0, BIG_DAYS);
  bigByDay = usageCsvByDay(0, BIG_DAYS);
});

// ---------------------------------------------------------------------------------------------
// Helpers

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  done: Promise<Finished>;
  exited: () => boolean;
  output: () => { stdout: string; stderr: string };
}

function start(args: string[], options: { cwd: string; env?: Record<string, string> }): Running {
  const child = startCli(args, options);
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done, exited: () => exited, output: () => ({ stdout, stderr }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; fails if the process ends first (the trigger was missed) or after `limitMs`. */
async function waitUntil(running: Running, what: string, condition: () => boolean, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (condition()) return;
    if (running.exited()) {
      const { stdout, stderr } = running.output();
      throw new Error(`the import ended before ${what}; make the generated file bigger.\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(5);
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}

/** True when another connection holds the write lock (probe with a zero busy timeout; releases at once if it got in). */
function writeLockHeld(dbPath: string): boolean {
  const probe = new Database(dbPath, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    if (String((error as { code?: string }).code).startsWith('SQLITE_BUSY')) return true;
    throw error;
  } finally {
    probe.close();
  }
}

function integrityCheck(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

function count(dbPath: string, sql: string, ...params: unknown[]): number {
  return (queryAll<{ n: number }>(dbPath, sql, ...params)[0]!).n;
}

/** Usage rows and the sum of logins stored for a day range. */
function usageIn(dbPath: string, firstDay: string, lastDay: string): { rows: number; logins: number } {
  const [row] = queryAll<{ rows: number; logins: number | null }>(
    dbPath,
    "SELECT count(*) AS rows, sum(json_extract(metrics, '$.logins')) AS logins FROM usage_daily WHERE day BETWEEN ? AND ?",
    firstDay,
    lastDay,
  );
  return { rows: row!.rows, logins: row!.logins ?? 0 };
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A fresh dir with the 400 accounts imported and the big usage file written; returns the paths. */
function preparedDir(file: UsageFile = big): { dir: string; db: string; bigFile: string } {
  const dir = tempDir('csops-reliability-');
  const db = path.join(dir, 'csops.db');
  writeFile(dir, 'accounts.csv', accountsCsv());
  const accounts = runCli(['import', 'accounts', 'accounts.csv'], { cwd: dir });
  expect(accounts.stderr).not.toContain('csops:');
  expect(accounts.code).toBe(0);
  const bigFile = writeFile(dir, 'big.csv', file.text);
  return { dir, db, bigFile };
}

// ---------------------------------------------------------------------------------------------

describe('kill -9 during an import leaves the database as it was', () => {
  const paths = [
    { name: 'worker path (file ≥ 4 MB)', env: {} as Record<string, string>, byDay: false },
    { name: 'in-thread path (CSOPS_IMPORT_WORKER_MIN_BYTES=1000000000)', env: { CSOPS_IMPORT_WORKER_MIN_BYTES: '1000000000' }, byDay: false },
    // Rows in day order are staged in a temporary table and written sorted once the file is read: killed while writing them.
    { name: 'worker path, rows in day order (staged, then written sorted)', env: {} as Record<string, string>, byDay: true },
  ];
  for (const { name, env, byDay } of paths) {
    it(name, async () => {
      const file = byDay ? bigByDay : big;
      const { dir, db, bigFile } = preparedDir(file);
      expect(fs.statSync(bigFile).size).toBeGreaterThanOrEqual(4 * 1024 * 1024);
      const before = tableChecksums(db);
      expect(Object.keys(before)).toContain('usage_daily');

      const running = start(['import', 'usage', 'big.csv'], { cwd: dir, env });
      // Mid-way: SQLite has spilled uncommitted pages of the transaction into the WAL.
      await waitUntil(running, 'the WAL grew beyond 4 MB', () => sizeOf(`${db}-wal`) > 4 * 1024 * 1024);
      running.child.kill('SIGKILL');
      const killed = await running.done;
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.stdout, 'the import had already finished when it was killed: the trigger came too late').toBe('');

      // The leftover WAL holds only uncommitted frames: the database opens, is sound, and is unchanged.
      expect(integrityCheck(db)).toBe('ok');
      expect(tableChecksums(db)).toEqual(before);

      // A normal import of the same file afterwards lands every row (and is not "skipped" as already imported).
      const again = runCli(['--format', 'json', 'import', 'usage', 'big.csv'], { cwd: dir, env });
      expect(again.stderr).not.toContain('csops:');
      expect(again.code).toBe(0);
      const summary = JSON.parse(again.stdout) as { files: Array<{ status: string; rows: number; inserted: number; rejected: number }> };
      expect(summary.files[0]).toMatchObject({ status: 'imported', rows: BIG_ROWS, inserted: BIG_ROWS, rejected: 0 });
      expect(usageIn(db, file.firstDay, file.lastDay)).toEqual({ rows: BIG_ROWS, logins: file.logins });
      expect(count(db, "SELECT count(*) AS n FROM import_runs WHERE kind = 'usage'")).toBe(1);
      expect(integrityCheck(db)).toBe('ok');
    }, 60_000);
  }
});

describe('a reader while an import writes', () => {
  it('reads succeed throughout and see the old state or the new one, never a mix or an error', async () => {
    const { dir, db } = preparedDir();
    const running = start(['import', 'usage', 'big.csv'], { cwd: dir });
    await waitUntil(running, 'the WAL held uncommitted pages', () => sizeOf(`${db}-wal`) > 1024 * 1024);

    const reader = new Database(db, { readonly: true, fileMustExist: true });
    const snapshots: Array<{ usage: number; runs: number; accounts: number; duringImport: boolean }> = [];
    const errors: unknown[] = [];
    const snapshot = reader.transaction(() => ({
      usage: (reader.prepare('SELECT count(*) AS n FROM usage_daily').get() as { n: number }).n,
      runs: (reader.prepare('SELECT count(*) AS n FROM import_runs').get() as { n: number }).n,
      accounts: (reader.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n,
    }));
    try {
      while (!running.exited()) {
        const duringImport = !running.exited();
        try {
          snapshots.push({ ...snapshot(), duringImport });
        } catch (error) {
          errors.push(error);
        }
        await sleep(20);
      }
      snapshots.push({ ...snapshot(), duringImport: false });
    } finally {
      reader.close();
    }
    const finished = await running.done;
    expect(finished.stderr).not.toContain('csops:');
    expect(finished.code).toBe(0);

    expect(errors).toEqual([]);
    expect(snapshots.filter((s) => s.duringImport).length).toBeGreaterThanOrEqual(1);
    const oldState = { usage: 0, runs: 1, accounts: ACCOUNT_COUNT };
    const newState = { usage: BIG_ROWS, runs: 2, accounts: ACCOUNT_COUNT };
    for (const { duringImport: _, ...seen } of snapshots) expect([oldState, newState]).toContainEqual(seen);
    const { duringImport: _, ...last } = snapshots[snapshots.length - 1]!;
    expect(last).toEqual(newState);
  }, 60_000);
});

describe('two imports at once', () => {
  it('both land (the second waited) or the second reports busy (75); no landed row is lost', async () => {
    const { dir, db } = preparedDir();
    const first = usageCsv(0, 1000);
    const second = usageCsv(1000, 2000);
    writeFile(dir, 'first.csv', first.text);
    writeFile(dir, 'second.csv', second.text);

    const runs = [start(['import', 'usage', 'first.csv'], { cwd: dir }), start(['import', 'usage', 'second.csv'], { cwd: dir })];
    const results = await Promise.all(runs.map((run) => run.done));
    const files = [first, second];

    for (const result of results) {
      if (result.code === 75) expect(result.stderr).toMatch(/busy/i);
      else {
        expect(result.stderr).not.toContain('csops:');
        expect(result.code).toBe(0);
      }
    }
    expect(results.some((result) => result.code === 0)).toBe(true);
    results.forEach((result, i) => {
      const file = files[i]!;
      const landed = usageIn(db, file.firstDay, file.lastDay);
      if (result.code === 0) expect(landed).toEqual({ rows: file.rows, logins: file.logins });
      else expect(landed).toEqual({ rows: 0, logins: 0 });
    });
    expect(integrityCheck(db)).toBe('ok');
  }, 60_000);

  it('with busy_timeout_ms 50 the second exits 75 saying the database is busy, and only the first lands', async () => {
    const { dir, db } = preparedDir();
    // The second runs from a folder whose csops.config.json sets a short busy timeout; the first has the default.
    const impatient = path.join(dir, 'impatient');
    fs.mkdirSync(impatient);
    writeFile(impatient, 'csops.config.json', JSON.stringify({ busy_timeout_ms: 50 }));
    const small = usageCsv(BIG_DAYS, BIG_DAYS + 10);
    writeFile(impatient, 'small.csv', small.text);

    const firstRun = start(['import', 'usage', 'big.csv'], { cwd: dir });
    await waitUntil(firstRun, 'the first import held the write lock', () => writeLockHeld(db));
    const secondRun = runCli(['--db', db, 'import', 'usage', 'small.csv'], { cwd: impatient });
    const firstDone = await firstRun.done;

    expect(firstRun.exited()).toBe(true);
    expect(secondRun.code).toBe(75);
    expect(secondRun.stderr).toMatch(/busy/i);
    expect(secondRun.stdout).toBe('');
    expect(firstDone.stderr).not.toContain('csops:');
    expect(firstDone.code).toBe(0);

    expect(usageIn(db, big.firstDay, big.lastDay)).toEqual({ rows: BIG_ROWS, logins: big.logins });
    expect(usageIn(db, small.firstDay, small.lastDay)).toEqual({ rows: 0, logins: 0 });
    expect(count(db, 'SELECT count(*) AS n FROM usage_daily')).toBe(BIG_ROWS);
    expect(queryAll(db, 'SELECT kind, file_name FROM import_runs ORDER BY id')).toEqual([
      { kind: 'accounts', file_name: 'accounts.csv' },
      { kind: 'usage', file_name: 'big.csv' },
    ]);
  }, 60_000);
});

describe('file modes', () => {
  it('creates the database and its -wal and -shm readable by the owner only, even under umask 000', async () => {
    const dir = tempDir('csops-reliability-');
    const db = path.join(dir, 'csops.db');
    writeFile(dir, 'accounts.csv', accountsCsv());
    writeFile(dir, 'big.csv', big.text);
    const previousUmask = process.umask(0o000);
    let running: Running;
    try {
      expect(runCli(['import', 'accounts', 'accounts.csv'], { cwd: dir }).code).toBe(0);
      running = start(['import', 'usage', 'big.csv'], { cwd: dir });
    } finally {
      process.umask(previousUmask);
    }
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    await waitUntil(running, 'the -wal and -shm files existed', () => fs.existsSync(`${db}-wal`) && fs.existsSync(`${db}-shm`));
    const modes = {
      db: fs.statSync(db).mode & 0o777,
      wal: fs.statSync(`${db}-wal`).mode & 0o777,
      shm: fs.statSync(`${db}-shm`).mode & 0o777,
    };
    running.child.kill('SIGKILL');
    await running.done;
    expect(modes).toEqual({ db: 0o600, wal: 0o600, shm: 0o600 });
  }, 60_000);
});

describe('migrations', () => {
  it('refuses a database written by a newer csops (user_version 999) with exit 2, leaving the file unchanged', () => {
    const dir = tempDir('csops-reliability-');
    const db = path.join(dir, 'csops.db');
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    expect(runCli(['import', 'accounts', 'accounts.csv'], { cwd: dir }).code).toBe(0);
    const setter = new Database(db);
    setter.pragma('user_version = 999');
    setter.close();
    const before = sha256(db);
    const listing = fs.readdirSync(dir).sort();

    const result = runCli(['import', 'accounts', 'accounts.csv', '--force'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/newer csops/i);
    expect(result.stderr).toMatch(/upgrade/i);
    expect(sha256(db)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(listing);
    expect(queryAll(db, 'PRAGMA user_version')).toEqual([{ user_version: 999 }]);
  }, 30_000);
});

describe('the same file imported twice', () => {
  const files: Record<string, string> = {
    accounts: ACCOUNTS_CSV,
    contracts: 'contract_id,account_id,start_date,end_date,arr,currency,status\nC-1,A-1,2025-01-01,2025-12-31,12000,USD,active\nC-2,A-2,2025-03-01,2026-02-28,"1,500.50",EUR,renewed\n',
    usage: 'account_id,date,logins,active_users\nA-1,2026-10-01,5,2\nA-1,2026-10-02,7,3\nA-2,2026-10-01,0,0\n',
    tickets: 'ticket_id,account_id,created_at,resolved_at,status,priority,subject\nT-1,A-1,2026-10-02T09:00:00Z,,open,high,"Export fails, again"\nT-2,A-3,2026-10-03T10:00:00Z,2026-10-04T10:00:00Z,solved,low,Dark mode\n',
    surveys: 'response_id,account_id,responded_at,kind,score,comment\nR-1,A-1,2026-10-02,nps,9,great\nR-2,A-2,2026-10-05,csat,2,slow\n',
  };

  it('is skipped the second time, and with --force reports every row unchanged and changes nothing but import_runs', () => {
    const dir = tempDir('csops-reliability-');
    const db = path.join(dir, 'csops.db');
    for (const [kind, content] of Object.entries(files)) {
      writeFile(dir, `${kind}.csv`, content);
      const firstRun = runCli(['--format', 'json', 'import', kind, `${kind}.csv`], { cwd: dir });
      expect(firstRun.stderr, kind).not.toContain('csops:');
      expect(firstRun.code, kind).toBe(0);
      const rows = (JSON.parse(firstRun.stdout) as { files: Array<{ rows: number; inserted: number }> }).files[0]!;
      expect(rows.inserted, kind).toBe(rows.rows);
      expect(rows.rows, kind).toBeGreaterThan(0);

      const before = tableChecksums(db);
      const runsBefore = count(db, 'SELECT count(*) AS n FROM import_runs');

      const secondRun = runCli(['--format', 'json', 'import', kind, `${kind}.csv`], { cwd: dir });
      expect(secondRun.code, kind).toBe(0);
      const skipped = (JSON.parse(secondRun.stdout) as { files: Array<{ status: string; inserted: number; updated: number }> }).files[0]!;
      expect(skipped, kind).toMatchObject({ status: 'skipped', inserted: 0, updated: 0 });
      expect(tableChecksums(db), kind).toEqual(before);

      const forced = runCli(['--format', 'json', 'import', kind, `${kind}.csv`, '--force'], { cwd: dir });
      expect(forced.stderr, kind).not.toContain('csops:');
      expect(forced.code, kind).toBe(0);
      const again = (JSON.parse(forced.stdout) as { files: Array<{ status: string; rows: number; inserted: number; updated: number; unchanged: number }> }).files[0]!;
      expect(again, kind).toMatchObject({ status: 'imported', rows: rows.rows, inserted: 0, updated: 0, unchanged: rows.rows });

      const after = tableChecksums(db);
      const { import_runs: runsSumBefore, ...restBefore } = before;
      const { import_runs: runsSumAfter, ...restAfter } = after;
      expect(restAfter, kind).toEqual(restBefore);
      expect(runsSumAfter, kind).not.toBe(runsSumBefore);
      expect(count(db, 'SELECT count(*) AS n FROM import_runs'), kind).toBe(runsBefore + 1);
      expect(queryAll(db, 'SELECT kind, forced, unchanged FROM import_runs ORDER BY id DESC LIMIT 1'), kind).toEqual([{ kind, forced: 1, unchanged: rows.rows }]);
    }
  }, 60_000);
});
