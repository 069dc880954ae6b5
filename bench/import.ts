/**
 * `npm run bench -- import [--rows 1000000] [--tickets 200000] [--runs 1]`
 * `npm run bench -- import-large [--runs 1]`: usage of 2,000,000 and 5,000,000 rows, to show peak RSS stays flat
 *
 * Generates its own data: an accounts file, the same wide daily usage twice — sorted by account then
 * day, and by day then account as a daily export writes it — and a ticket file. Each usage case is
 * imported by the built csops into a copy of a database holding only the accounts and, side by side
 * (one right after the other), by the sqlite3 shell when a `sqlite3` binary is on PATH, doing the
 * same work: `.import` of the CSV into a temporary table, then one `INSERT … SELECT … ON CONFLICT DO
 * UPDATE` of each row's metrics JSON into a copy of the same database (the same usage_daily table),
 * with a 256 MB page cache. The ratio is csops's seconds over the shell's (wall clock): a figure that
 * carries from one machine to another, where seconds do not. CPU is user + system seconds of every
 * thread (csops parses in a worker thread while SQLite writes, so on an idle machine its wall time
 * is below its CPU time; on a busy one the two meet). Each run is a separate process; peak RSS is its own.
 *
 * `--db postgres://…` runs each usage case against that PostgreSQL database too (issue 25), right after
 * SQLite's, and prints the rows a second of both. The bench fills the database with its accounts and
 * empties usage_daily before each fresh run: it refuses a database holding anything else (name a
 * scratch one: createdb csops_bench).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { writeLines } from './write-lines.js';
import { refuseForeignImports } from './postgres-scratch.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** CSOPS_BENCH_BIN points the bench at another build's bin/csops (an older checkout, to compare builds side by side). */
const csops = process.env.CSOPS_BENCH_BIN || path.join(repoRoot, 'bin', 'csops');
const rssHook = fileURLToPath(new URL('./rss-hook.js', import.meta.url));

export interface ImportBenchOptions {
  rows: number;
  tickets: number;
  accounts: number;
  runs: number;
  keep: boolean;
  /** The 2M and 5M usage cases instead of the 1M ones and tickets. */
  large: boolean;
  /** A PostgreSQL URL: the usage cases run there too. */
  postgres?: string;
}

const accountId = (index: number) => `ACC-${String(index).padStart(6, '0')}`;
const day = (offset: number) => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** A value that depends only on the account, the day and the metric, so both orders hold the same rows. */
function metric(account: number, offset: number, salt: number, range: number): number {
  let h = Math.imul(account + 1, 0x9e3779b1) ^ Math.imul(offset + 7, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) % range;
}

export type UsageOrder = 'by-account' | 'by-day';

/** Wide daily usage, `rows` rows over `accounts` accounts, one account's days together or one day's accounts together. */
export async function writeUsage(file: string, rows: number, accounts: number, order: UsageOrder): Promise<void> {
  const days = Math.ceil(rows / accounts);
  await writeLines(file, 'account_id,date,logins,active_users,reports_created,api_calls', rows, (index) => {
    const account = order === 'by-account' ? Math.floor(index / days) : index % accounts;
    const offset = order === 'by-account' ? index % days : Math.floor(index / accounts);
    return `${accountId(account)},${day(offset)},${metric(account, offset, 1, 40)},${metric(account, offset, 2, 25)},${metric(account, offset, 3, 10)},${metric(account, offset, 4, 5000)}`;
  });
}

export async function writeAccounts(file: string, accounts: number): Promise<void> {
  await writeLines(file, 'account_id,name,industry,employees,owner,plan,channel,acquisition_cost,currency,customer_since', accounts, (index) =>
    `${accountId(index)},Company ${index},Software,${metric(index, 0, 5, 5000)},csm${index % 12}@example.com,growth,search_ad,${(metric(index, 0, 6, 500_000) / 100).toFixed(2)},USD,${day(metric(index, 0, 7, 700))}`,
  );
}

async function writeTickets(file: string, tickets: number, accounts: number): Promise<void> {
  const priorities = ['urgent', 'high', 'normal', 'low'];
  const types = ['bug', 'feature', 'question', 'other'];
  await writeLines(file, 'ticket_id,account_id,created_at,first_response_at,resolved_at,status,priority,type,subject,tags,assignee,channel,csat', tickets, (index) => {
    const created = Date.UTC(2025, 0, 1) + metric(index, 1, 8, 600 * 86_400) * 1000;
    const responded = created + metric(index, 1, 9, 8 * 3_600) * 1000;
    const resolved = responded + metric(index, 1, 10, 72 * 3_600) * 1000;
    const open = metric(index, 1, 11, 10) === 0;
    return [
      `T-${index + 1}`,
      accountId(metric(index, 1, 12, accounts)),
      new Date(created).toISOString(),
      new Date(responded).toISOString(),
      open ? '' : new Date(resolved).toISOString(),
      open ? 'open' : 'solved',
      priorities[metric(index, 1, 13, 4)],
      types[metric(index, 1, 14, 4)],
      `"Cannot export report ${index % 500}, please help"`,
      'export reports',
      `agent${index % 9}`,
      'email',
      open || metric(index, 1, 15, 10) < 7 ? '' : String(1 + metric(index, 1, 16, 5)),
    ].join(',');
  });
}

interface Run {
  seconds: number;
  /** CPU seconds, user and system, every thread. */
  cpuSeconds: number;
  maxRssMb: number;
  counts?: string;
}

/** The last BENCH_MAX_RSS_KB line: the process's peak when its main thread exits. */
function peakRssMb(stderr: string): number {
  const all = [...stderr.matchAll(/BENCH_MAX_RSS_KB=(\d+)/g)];
  return all.length > 0 ? Number(all[all.length - 1]![1]) / 1024 : Number.NaN;
}

export function csopsImport(db: string, kind: string, file: string): Run {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', rssHook, csops, '--db', db, '--quiet', '--format', 'json', 'import', kind, file, '--force'], {
    encoding: 'utf8',
    env: { ...process.env, CSOPS_CONFIG: '', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`csops import ${kind} ${file} failed (exit ${result.status}):\n${result.stderr}`);
  const totals = (JSON.parse(result.stdout) as { totals: Record<string, number> }).totals;
  const cpu = [...result.stderr.matchAll(/BENCH_CPU_MS=(\d+)/g)].at(-1);
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) / 1000 : Number.NaN, maxRssMb: peakRssMb(result.stderr), counts: `ins ${totals.inserted} upd ${totals.updated} same ${totals.unchanged}` };
}

/** The sqlite3 binary on PATH, or undefined. */
function sqliteShell(): string | undefined {
  const found = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  return found.status === 0 ? 'sqlite3' : undefined;
}

/** `/usr/bin/time -f %M` gives a child's peak RSS where it exists (GNU time). */
const gnuTime = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0 ? '/usr/bin/time' : undefined;

/** The shell doing csops's work for a wide usage file: `.import` into a temporary table, then one upsert. */
function shellImport(shell: string, db: string, file: string, metrics: string[]): Run {
  const json = metrics.map((name) => `'${name}', ${name} + 0`).join(', ');
  const script = [
    'PRAGMA cache_size = -262144;',
    '.mode csv',
    `.import --schema temp '${file.replace(/'/g, "''")}' usage_import`,
    'BEGIN;',
    `INSERT INTO usage_daily (account_id, day, metrics) SELECT account_id, date, json_object(${json}) FROM temp.usage_import WHERE true`,
    '  ON CONFLICT (account_id, day) DO UPDATE SET metrics = json_patch(metrics, excluded.metrics)',
    '  WHERE metrics IS NOT excluded.metrics AND json_patch(metrics, excluded.metrics) IS NOT metrics;',
    'COMMIT;',
    '',
  ].join('\n');
  const command = gnuTime ? gnuTime : shell;
  const args = gnuTime ? ['-f', 'BENCH_MAX_RSS_KB=%M BENCH_CPU=%U+%S', shell, db] : [db];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { input: script, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`sqlite3 shell import of ${file} failed (exit ${result.status}):\n${result.stderr}`);
  const cpu = /BENCH_CPU=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  return { seconds, cpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : Number.NaN, maxRssMb: peakRssMb(result.stderr) };
}

/** A database holding the accounts only, checkpointed into one file so it can be copied. */
function accountsDatabase(dir: string, accountsFile: string): string {
  const db = path.join(dir, 'accounts.db');
  csopsImport(db, 'accounts', accountsFile);
  const connection = new Database(db);
  connection.pragma('wal_checkpoint(TRUNCATE)');
  connection.close();
  return db;
}

function copyDatabase(from: string, to: string): string {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${to}${suffix}`, { force: true });
  fs.copyFileSync(from, to);
  return to;
}

interface Row {
  label: string;
  rows: number;
  csops: Run;
  shell?: Run;
}

const printLine = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(38) : cell.padStart(10))).join(' '));

function printHeader(): void {
  printLine(['case', 'rows', 'csops s', 'shell s', 'ratio', 'csops CPU', 'shell CPU', 'csops MB', 'shell MB', 'csops counts']);
}

/** One line per case as soon as it has run, so a long run shows its progress. */
function printRow(row: Row): void {
  printLine([
    row.label,
    String(row.rows),
    row.csops.seconds.toFixed(2),
    row.shell ? row.shell.seconds.toFixed(2) : '-',
    row.shell ? (row.csops.seconds / row.shell.seconds).toFixed(2) : '-',
    row.csops.cpuSeconds.toFixed(2),
    row.shell ? row.shell.cpuSeconds.toFixed(2) : '-',
    row.csops.maxRssMb.toFixed(0),
    row.shell ? row.shell.maxRssMb.toFixed(0) : '-',
    row.csops.counts ?? '',
  ]);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function machine(dir: string): string {
  const cpus = os.cpus();
  const mount = spawnSync('df', ['-h', '--output=source,fstype', dir], { encoding: 'utf8' }).stdout?.trim().split('\n').at(-1)?.replace(/\s+/g, ' ') ?? 'unknown disk';
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, data on ${mount}, node ${process.version}, load ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}`;
}

export async function benchImport(options: ImportBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-bench-'));
  const shell = sqliteShell();
  console.log(`csops import benchmark: ${machine(dir)}`);
  console.log(shell ? `beside ${spawnSync(shell, ['-version'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 1).join('')} (sqlite3 shell on PATH)` : 'no sqlite3 on PATH: csops figures only');
  const accountsFile = path.join(dir, 'accounts.csv');
  await writeAccounts(accountsFile, options.accounts);
  const base = accountsDatabase(dir, accountsFile);
  const metrics = ['logins', 'active_users', 'reports_created', 'api_calls'];
  if (options.postgres) await preparePostgres(options.postgres, accountsFile);
  const rates: string[] = [];
  const sizes = options.large ? [2_000_000, 5_000_000] : [options.rows];
  console.log('');
  printHeader();
  const ratios = new Map<string, number[]>();
  for (const size of sizes) {
    for (const order of ['by-account', 'by-day'] as const) {
      const file = path.join(dir, `usage-${size}-${order}.csv`);
      await writeUsage(file, size, options.accounts, order);
      for (let run = 1; run <= options.runs; run++) {
        const suffix = options.runs > 1 ? ` #${run}` : '';
        const db = copyDatabase(base, path.join(dir, 'csops.db'));
        const fresh = csopsImport(db, 'usage', file);
        const shellRun = shell ? shellImport(shell, copyDatabase(base, path.join(dir, 'shell.db')), file, metrics) : undefined;
        printRow({ label: `usage ${order}, fresh${suffix}`, rows: size, csops: fresh, shell: shellRun });
        if (shellRun) ratios.set(`usage ${size} ${order}`, [...(ratios.get(`usage ${size} ${order}`) ?? []), fresh.seconds / shellRun.seconds]);
        const again = options.large ? undefined : csopsImport(db, 'usage', file);
        if (again) printRow({ label: `usage ${order}, again (unchanged)${suffix}`, rows: size, csops: again });
        if (options.postgres) {
          await emptyUsage(options.postgres);
          const onPostgres = csopsImport(options.postgres, 'usage', file);
          printRow({ label: `usage ${order}, fresh, PostgreSQL${suffix}`, rows: size, csops: onPostgres });
          const againOnPostgres = options.large ? undefined : csopsImport(options.postgres, 'usage', file);
          if (againOnPostgres) printRow({ label: `usage ${order}, again, PostgreSQL${suffix}`, rows: size, csops: againOnPostgres });
          const perSecond = (run: Run | undefined) => (run ? `${Math.round(size / run.seconds).toLocaleString('en-US')} rows/s` : '-');
          rates.push(`usage ${size} ${order}${suffix}: fresh ${perSecond(onPostgres)} on PostgreSQL, ${perSecond(fresh)} on SQLite; again ${perSecond(againOnPostgres)} on PostgreSQL, ${perSecond(again)} on SQLite`);
        }
      }
      fs.rmSync(file);
    }
  }
  if (!options.large && options.tickets > 0) {
    const ticketsFile = path.join(dir, 'tickets.csv');
    await writeTickets(ticketsFile, options.tickets, options.accounts);
    for (let run = 1; run <= options.runs; run++) {
      const suffix = options.runs > 1 ? ` #${run}` : '';
      const db = copyDatabase(base, path.join(dir, 'tickets.db'));
      printRow({ label: `tickets, fresh${suffix}`, rows: options.tickets, csops: csopsImport(db, 'tickets', ticketsFile) });
      printRow({ label: `tickets, again (unchanged)${suffix}`, rows: options.tickets, csops: csopsImport(db, 'tickets', ticketsFile) });
    }
  }
  if (rates.length > 0) {
    console.log('');
    for (const line of rates) console.log(line);
  }
  if (ratios.size > 0 && options.runs > 1) {
    console.log('');
    for (const [label, values] of ratios) console.log(`${label}: ratio median ${median(values).toFixed(2)} (${values.map((v) => v.toFixed(2)).join(', ')})`);
  }
  if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`\ndata kept in ${dir}`);
}

/** Checks the PostgreSQL database is the bench's own (empty, or only its accounts and usage), migrates it and imports the accounts. */
async function preparePostgres(url: string, accountsFile: string): Promise<void> {
  await refuseForeignImports(url, (name) => /^(accounts\.csv|usage-[0-9]+-by-(account|day)\.csv)$/.test(name), 'csops_bench');
  csopsImport(url, 'accounts', accountsFile);
}

async function emptyUsage(url: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('TRUNCATE usage_daily');
  } finally {
    await client.end();
  }
}
