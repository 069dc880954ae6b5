/**
 * `npm run bench -- import [--rows 1000000] [--tickets 200000] [--runs 1] [--db postgres://…]` and `import-large` (see import.ts)
 * `npm run bench -- events [--events 5000000]`
 * `npm run bench -- risk [--accounts 20000] [--tickets 200000]`, `renewals` and `report` (see risk.ts)
 * `npm run bench -- model [--accounts 20000]` (see model.ts)
 * `npm run bench -- startup [--runs 30]` (see startup.ts)
 * `npm run bench -- parser [--rows 1000000] [--tickets 500000] [--runs 3]`: csops's CSV reader beside csv-parse (see parser.ts)
 *
 * The events suite generates its own data (Mixpanel-shaped events and their accounts), imports it
 * with the built csops binary into a fresh database and again into the same one (every row
 * unchanged), and prints rows per second and the peak RSS of each run. Each run is a separate
 * process so its peak memory is its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seededRandom } from '../src/core/seeded-random.js';
import { benchRisk } from './risk.js';
import { benchModel } from './model.js';
import { benchStartup } from './startup.js';
import { benchParser } from './parser.js';
import { writeLines } from './write-lines.js';
import { benchImport, csopsImport } from './import.js';


interface Args {
  suite: string;
  rows: number;
  tickets: number;
  accounts: number;
  keep: boolean;
  events: number;
  runs: number;
  /** --db: a PostgreSQL database the import cases also run against (see import.ts). */
  db?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { suite: 'import', rows: 1_000_000, tickets: 200_000, accounts: 20_000, keep: false, events: 5_000_000, runs: 30 };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--rows') args.rows = Number(argv[++index]);
    else if (arg === '--tickets') args.tickets = Number(argv[++index]);
    else if (arg === '--accounts') args.accounts = Number(argv[++index]);
    else if (arg === '--events') args.events = Number(argv[++index]);
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--runs') args.runs = Number(argv[++index]);
    else if (arg === '--db') args.db = argv[++index];
    else if (!arg.startsWith('-')) args.suite = arg;
    else throw new Error(`unknown bench option ${arg}`);
  }
  return args;
}

const accountId = (index: number) => `ACC-${String(index).padStart(6, '0')}`;

function day(offset: number): string {
  return new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
}

async function writeAccounts(file: string, accounts: number): Promise<void> {
  const next = seededRandom(3);
  await writeLines(file, 'account_id,name,industry,employees,owner,plan,channel,acquisition_cost,currency,customer_since', accounts, (index) =>
    `${accountId(index)},Company ${index},Software,${Math.floor(next() * 5000)},csm${index % 12}@example.com,growth,search_ad,${(next() * 5000).toFixed(2)},USD,${day(Math.floor(next() * 700))}`,
  );
}

interface RunFigures {
  label: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  maxRssMb: number;
  counts: string;
}

/** One import through the import bench's runner (the process's peak RSS, not the worker's). */
function importRun(label: string, db: string, kind: string, file: string, rows: number): RunFigures {
  const run = csopsImport(db, kind, file);
  return { label, rows, seconds: run.seconds, rowsPerSecond: rows / run.seconds, maxRssMb: run.maxRssMb, counts: run.counts ?? '' };
}

function print(figures: RunFigures[]): void {
  const line = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(34) : cell.padStart(12))).join(' '));
  line(['run', 'rows', 'seconds', 'rows/s', 'peak RSS MB', 'counts']);
  for (const f of figures) {
    line([f.label, String(f.rows), f.seconds.toFixed(2), Math.round(f.rowsPerSecond).toLocaleString('en-US'), f.maxRssMb.toFixed(0), f.counts]);
  }
}

/** Product-analytics events (Mixpanel shape), in time order as exports come: 2,000 accounts, 20 users each. */
async function writeEvents(file: string, events: number, accounts: number): Promise<void> {
  const next = seededRandom(13);
  const names = ['Login', 'Report Created', 'Dashboard Viewed', 'Export', 'Workflow Run', 'Invite Sent', 'Search', 'Settings Changed'];
  const start = Date.UTC(2026, 9, 1) / 1000;
  const span = 30 * 86_400;
  await writeLines(file, 'event,distinct_id,time,company_id', events, (index) => {
    const account = Math.floor(next() * accounts);
    return `${names[Math.floor(next() * names.length)]},u${account}-${Math.floor(next() * 20)},${start + Math.floor((index / events) * span)},${accountId(account)}`;
  });
}

async function benchEvents(args: Args): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-bench-'));
  const accounts = 2_000;
  console.log(`csops events benchmark: ${os.cpus().length} cores, node ${process.version}, data in ${dir}`);
  const accountsFile = path.join(dir, 'accounts.csv');
  const eventsFile = path.join(dir, 'events.csv');
  await writeAccounts(accountsFile, accounts);
  await writeEvents(eventsFile, args.events, accounts);
  console.log(`generated: ${args.events} events for ${accounts} accounts over 30 days (${(fs.statSync(eventsFile).size / 1e6).toFixed(0)} MB)\n`);
  const db = path.join(dir, 'events.db');
  importRun('accounts (setup)', db, 'accounts', accountsFile, accounts);
  print([importRun('events, fresh database', db, 'usage', eventsFile, args.events), importRun('events, again (unchanged)', db, 'usage', eventsFile, args.events)]);
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
}

const argv = process.argv.slice(2);
const args = parseArgs(argv);
if (args.suite === 'import' || args.suite === 'import-large') await benchImport({ rows: args.rows, tickets: args.tickets, accounts: args.accounts, runs: argv.includes('--runs') ? args.runs : 1, keep: args.keep, large: args.suite === 'import-large', postgres: args.db });
else if (args.suite === 'events') await benchEvents(args);
else if (args.suite === 'risk' || args.suite === 'renewals' || args.suite === 'report') await benchRisk({ accounts: args.accounts, tickets: args.tickets, keep: args.keep, suite: args.suite, usageRows: argv.includes('--rows') ? args.rows : undefined, runs: argv.includes('--runs') ? args.runs : undefined, postgres: args.db });
else if (args.suite === 'startup') benchStartup({ runs: args.runs });
else if (args.suite === 'parser') await benchParser({ rows: args.rows, tickets: argv.includes('--tickets') ? args.tickets : 500_000, runs: argv.includes('--runs') ? args.runs : 3, keep: args.keep });
else if (args.suite === 'model') await benchModel({ accounts: args.accounts, keep: args.keep });
else {
  console.error(`unknown bench suite "${args.suite}"; suites: import, import-large, events, risk, renewals, report, startup, model, parser`);
  process.exitCode = 2;
}
