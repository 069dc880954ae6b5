/**
 * `npm run bench -- risk [--accounts 20000] [--rows N] [--runs 5] [--db postgres://…]`, `npm run bench -- renewals` and
 * `npm run bench -- report` (each takes the same options)
 *
 * Generates a company of 20,000 accounts with a year of daily usage (risk: a sparse year, 50 days per
 * account, 1,000,000 usage days for 20,000 accounts, unless `--rows` says otherwise; the other suites: a
 * dense year, 3.5 million days holding about 7 million usage values), 200,000 tickets and 20,000 survey
 * answers, imports it with the built csops, then times commands five runs each (`--runs`), each in its own
 * process, and prints each run and the median, with peak RSS.
 * - risk: `csops risk` over every account, `csops report weekly` and `csops tier --summary`. Targets
 *   (issue 18): risk < 0.5 s over 20,000 accounts and < 2.5 s over 100,000, peak RSS < 250 MB; the
 *   weekly report < 0.3 s.
 * - report: the same company; `csops report weekly` and `csops report monthly --format json` over its
 *   200,000 tickets. Target (issue 6): the weekly report < 1 s.
 * - renewals: the same company with three contracts per account (60,000: two years of history and the
 *   current one); `csops renewals` and `csops metrics retention --by industry`. Targets (issue 5): < 1 s.
 * - `--db postgres://…` (issue 25): the same files are imported into that scratch PostgreSQL database too,
 *   and each timed command runs there right after SQLite; the medians are printed side by side with the
 *   ratio (target: risk within 1.5× of SQLite's time).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/core/seeded-random.js';
import { writeLines } from './write-lines.js';
import { refuseForeignImports } from './postgres-scratch.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const csops = path.join(repoRoot, 'bin', 'csops');
const rssHook = fileURLToPath(new URL('./rss-hook.js', import.meta.url));

const AS_OF = '2026-06-30';
const DAY_MS = 86_400_000;
const asOfMs = Date.parse(`${AS_OF}T00:00:00Z`);
const accountId = (index: number) => `ACC-${String(index).padStart(6, '0')}`;
const dayBefore = (days: number) => new Date(asOfMs - days * DAY_MS).toISOString().slice(0, 10);

export interface RiskBenchOptions {
  accounts: number;
  tickets: number;
  keep: boolean;
  /** 'risk' or 'renewals': which commands to time (renewals gives each account three contracts). */
  suite: 'risk' | 'renewals' | 'report';
  /**
   * About how many usage days to generate (`--rows`): the risk suite's default is 50 per account (a sparse
   * year: 1,000,000 for 20,000 accounts, issue 18); without it the others generate the dense year (about 177
   * per account, 3.5 million for 20,000).
   */
  usageRows?: number;
  /** Runs per timed command (the median is printed). */
  runs?: number;
  /**
   * `--db postgres://…`: a scratch PostgreSQL database the same company is imported into (issue 25); each
   * timed command then runs on it right after SQLite, and the medians are printed side by side with the ratio.
   */
  postgres?: string;
}

interface Timed {
  label: string;
  seconds: number;
  maxRssMb: number;
  detail: string;
}

/** Runs csops with stdout going to a file, as `csops risk > risk.txt` would (a pipe's reader is not csops's time). */
function run(label: string, args: string[], outFile: string): Timed {
  const out = fs.openSync(outFile, 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', rssHook, csops, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', out, 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.closeSync(out);
  if (result.status !== 0 && result.status !== 1) throw new Error(`${label} failed (exit ${result.status}):\n${result.stderr}`);
  const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr);
  return { label, seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, detail: `${(fs.statSync(outFile).size / 1e6).toFixed(1)} MB out` };
}

/** The files the bench imports, in this order. */
const IMPORTED = ['accounts', 'contracts', 'usage', 'tickets', 'surveys'];

export async function benchRisk(options: RiskBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-bench-risk-'));
  const { accounts } = options;
  console.log(`csops ${options.suite} benchmark: ${os.cpus().length} cores, node ${process.version}, data in ${dir}`);
  const next = seededRandom(21);
  const seats = Array.from({ length: accounts }, () => 5 + Math.floor(next() * 200));
  // The dense year averages 177 days per account (activity 0.2–1.0 on weekdays, a third of it at weekends).
  const wantedUsageRows = options.usageRows ?? (options.suite === 'risk' ? 50 * accounts : undefined);
  const density = wantedUsageRows === undefined ? 1 : Math.min(1, wantedUsageRows / accounts / (365 * 0.6 * (17 / 21)));
  const activity = Array.from({ length: accounts }, () => (0.2 + next() * 0.8) * density);
  // One account in 20 goes quiet for the last few weeks: the scoring has silent accounts to find.
  const quietFrom = Array.from({ length: accounts }, () => (next() < 0.05 ? Math.floor(next() * 40) : -1));

  const industries = ['Software', 'Retail', 'Healthcare', 'Finance', 'Logistics', 'Education', 'Manufacturing', 'Media'];
  await writeLines(path.join(dir, 'accounts.csv'), 'account_id,name,industry,employees,owner,plan,custom_dev_amount,tier_override', accounts, (index) =>
    [accountId(index), `Company ${index}`, industries[index % industries.length], Math.floor(next() * 5_000), `csm${index % 25}`, next() < 0.1 ? 'enterprise' : 'growth', next() < 0.02 ? '150000' : '', next() < 0.005 ? 'strategic' : ''].join(','),
  );
  const contractsPerAccount = options.suite === 'renewals' ? 3 : 1;
  await writeLines(path.join(dir, 'contracts.csv'), 'contract_id,account_id,start_date,end_date,arr,currency,seats,auto_renew,status', accounts * contractsPerAccount, (line) => {
    const index = Math.floor(line / contractsPerAccount);
    const generation = contractsPerAccount - 1 - (line % contractsPerAccount); // 0 = the current contract
    const currentStart = 1 + (index % 365);
    const start = currentStart + 365 * generation;
    const churned = generation === 0 && index % 17 === 0;
    const arr = (2_000 + Math.floor(((index * 7919) % 1000) / 1000) ** 3 * 400_000 + (next() < 0.5 ? 1 : -1) * generation * 500).toFixed(2);
    return [`C-${index}-${generation}`, accountId(index), dayBefore(start), dayBefore(start - 364), arr, 'USD', seats[index], next() < 0.3, churned ? 'churned' : ''].join(',');
  });
  let usageRows = 0;
  let usageValues = 0;
  const usageLines: string[] = [];
  const usageFile = path.join(dir, 'usage.csv');
  fs.writeFileSync(usageFile, 'account_id,date,logins,active_users,reports_created\n');
  for (let index = 0; index < accounts; index++) {
    for (let back = 364; back >= 0; back--) {
      const weekday = new Date(asOfMs - back * DAY_MS).getUTCDay();
      const chance = weekday === 0 || weekday === 6 ? activity[index]! / 3 : activity[index]!;
      if (back <= quietFrom[index]! || next() >= chance) continue;
      const users = 1 + Math.floor(next() * seats[index]!);
      const reports = next() < 0.2 ? String(Math.floor(next() * 30)) : '';
      usageLines.push(`${accountId(index)},${dayBefore(back)},${users + Math.floor(next() * users)},${users},${reports}`);
      usageRows++;
      usageValues += reports === '' ? 2 : 3;
    }
    if (usageLines.length > 50_000) fs.appendFileSync(usageFile, `${usageLines.splice(0).join('\n')}\n`);
  }
  fs.appendFileSync(usageFile, `${usageLines.join('\n')}\n`);
  const priorities = ['urgent', 'high', 'normal', 'low'];
  const types = ['bug', 'feature', 'question', 'other'];
  await writeLines(path.join(dir, 'tickets.csv'), 'ticket_id,account_id,created_at,first_response_at,resolved_at,status,priority,type,subject', options.tickets, (index) => {
    const created = asOfMs - Math.floor(next() * 365 * DAY_MS);
    const responded = created + Math.floor(next() * 10 * 3_600_000);
    const resolved = responded + Math.floor(next() * 80 * 3_600_000);
    const open = next() < 0.05;
    return [`T-${index}`, accountId(Math.floor(next() * accounts)), new Date(created).toISOString(), responded < asOfMs ? new Date(responded).toISOString() : '', open || resolved >= asOfMs ? '' : new Date(resolved).toISOString(), open ? 'open' : 'solved', priorities[Math.floor(next() * 4)], types[Math.floor(next() * 4)], `Subject ${index % 300}`].join(',');
  });
  const surveys = accounts;
  await writeLines(path.join(dir, 'surveys.csv'), 'response_id,account_id,responded_at,kind,score,followed_up_at', surveys, (index) => {
    const responded = asOfMs - Math.floor(next() * 300 * DAY_MS);
    const nps = next() < 0.6;
    const score = nps ? Math.floor(next() * 11) : 1 + Math.floor(next() * 5);
    const followed = next() < 0.7 ? new Date(responded + 2 * DAY_MS).toISOString() : '';
    return [`R-${index}`, accountId(Math.floor(next() * accounts)), new Date(responded).toISOString(), nps ? 'nps' : 'csat', score, followed].join(',');
  });
  fs.writeFileSync(path.join(dir, 'csops.config.json'), JSON.stringify({ time_zone: 'America/New_York', health: { key_modules: ['reports_created'] } }));
  console.log(`generated: ${accounts} accounts, ${(accounts * contractsPerAccount).toLocaleString('en-US')} contracts, ${usageRows.toLocaleString('en-US')} usage days holding ${usageValues.toLocaleString('en-US')} usage values, ${options.tickets.toLocaleString('en-US')} tickets, ${surveys.toLocaleString('en-US')} survey answers`);

  const db = path.join(dir, 'risk.db');
  const global = ['--db', db, '--config', path.join(dir, 'csops.config.json'), '--as-of', AS_OF, '--quiet'];
  const out = path.join(dir, 'out.txt');
  const setup = run('import (setup)', [...global, 'import', ...IMPORTED.map((name) => path.join(dir, `${name}.csv`))], out);
  console.log(`imported in ${setup.seconds.toFixed(1)} s (database ${(fs.statSync(db).size / 1e6).toFixed(0)} MB)`);
  const onPostgres = options.postgres === undefined ? undefined : ['--db', options.postgres, ...global.slice(2)];
  if (onPostgres) {
    await refuseForeignImports(options.postgres!, (name) => IMPORTED.some((kind) => name === `${kind}.csv`), 'csops_bench_risk');
    const imported = run('import on PostgreSQL (setup)', [...onPostgres, 'import', ...IMPORTED.map((name) => path.join(dir, `${name}.csv`))], out);
    console.log(`imported on PostgreSQL in ${imported.seconds.toFixed(1)} s (a file the database already holds is skipped)`);
  }
  console.log('');

  const figures: Timed[] = [];
  const runs = options.runs ?? 5;
  const medians: Array<[string, number, number]> = [];
  const onBoth: Array<[string, number, number]> = [];
  const middle = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const timedRuns = (label: string, args: string[]) => {
    const timed: Timed[] = [];
    const timedOnPostgres: Timed[] = [];
    // With PostgreSQL, its run follows SQLite's each time: both sides see the same moment of a shared machine.
    for (let attempt = 1; attempt <= runs; attempt++) {
      timed.push(run(`${label} (run ${attempt})`, [...global, ...args], out));
      if (onPostgres) timedOnPostgres.push(run(`${label}, PostgreSQL (run ${attempt})`, [...onPostgres, ...args], out));
    }
    figures.push(...timed, ...timedOnPostgres);
    medians.push([label, middle(timed.map((t) => t.seconds)), Math.max(...timed.map((t) => t.maxRssMb))]);
    if (onPostgres) onBoth.push([label, medians.at(-1)![1], middle(timedOnPostgres.map((t) => t.seconds))]);
  };
  if (options.suite === 'risk') {
    timedRuns('risk, all accounts', ['risk']);
    timedRuns('report weekly (md)', ['report', 'weekly', '--format', 'md']);
    timedRuns('risk --format json', ['risk', '--format', 'json']);
    timedRuns('tier --summary', ['tier', '--summary']);
    figures.push(run('risk --changes --since 7d', [...global, 'risk', '--changes'], out));
    figures.push(run('risk --save', [...global, 'risk', '--save'], out));
  } else if (options.suite === 'report') {
    timedRuns('report weekly (md)', ['report', 'weekly', '--format', 'md']);
    timedRuns('report monthly (json)', ['report', 'monthly', '--format', 'json']);
  } else {
    timedRuns('renewals', ['renewals']);
    timedRuns('metrics retention --by industry', ['metrics', 'retention', '--by', 'industry']);
    timedRuns('metrics acquisition', ['metrics', 'acquisition']);
    timedRuns('account ACC-000042', ['account', 'ACC-000042']);
  }
  const line = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(30) : cell.padStart(14))).join(' '));
  line(['run', 'seconds', 'peak RSS MB', 'output']);
  for (const figure of figures) line([figure.label, figure.seconds.toFixed(2), figure.maxRssMb.toFixed(0), figure.detail]);
  console.log('');
  line([`median of ${runs}`, 'seconds', 'max peak RSS MB', '']);
  for (const [label, seconds, rss] of medians) line([label, seconds.toFixed(2), rss.toFixed(0), '']);
  if (onBoth.length > 0) {
    console.log('');
    line([`median of ${runs}`, 'SQLite s', 'PostgreSQL s', 'PG ÷ SQLite']);
    for (const [label, sqlite, postgres] of onBoth) line([label, sqlite.toFixed(2), postgres.toFixed(2), (postgres / sqlite).toFixed(2)]);
  }
  if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`\nkept ${dir}`);
}
