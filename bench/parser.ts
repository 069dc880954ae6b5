/**
 * `npm run bench -- parser [--rows 1000000] [--tickets 500000] [--runs 3]`
 *
 * csops's own CSV reader (src/import/csv-source.ts over csv-parser.ts) side by side with csv-parse's
 * stream API, on the same generated files: a helpdesk ticket export (quoted subjects with commas and
 * doubled quotes, some multi-line descriptions, empty cells) and a wide daily usage export (short
 * numeric rows). Each parser reads the whole file, bytes to records with their line numbers,
 * nothing else; the best of `runs` runs is kept, by wall time and by CPU time (steadier on a busy
 * machine). Then the whole `csops import` of each file (fresh
 * database, the built binary) gives the share: parse seconds ÷ whole import seconds, and what the
 * difference between the two parsers would be as a share of a whole import.
 *
 * Large files are parsed in a worker while the main thread writes, so a slower parser costs a whole
 * import at most the difference measured here (less where writing, not parsing, is the bottleneck).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse, type Options } from 'csv-parse';
import { openCsv } from '../src/import/csv-source.js';
import { seededRandom } from '../src/core/seeded-random.js';
import { writeLines } from './write-lines.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const csops = path.join(repoRoot, 'bin', 'csops');

export interface ParserBenchOptions {
  rows: number;
  tickets: number;
  runs: number;
  keep: boolean;
}

const accountId = (index: number) => `ACC-${String(index).padStart(6, '0')}`;
const ACCOUNTS = 20_000;
const orgName = (index: number) => `Company ${index} Ltd`;

async function writeAccounts(file: string): Promise<void> {
  await writeLines(file, 'account_id,name,industry,plan', ACCOUNTS, (index) => `${accountId(index)},${orgName(index)},Software,growth`);
}

/** A Zendesk-like ticket export: 16 columns, quoted subjects, a description that is sometimes multi-line. */
async function writeTickets(file: string, tickets: number): Promise<void> {
  const next = seededRandom(21);
  const priorities = ['Urgent', 'High', 'Normal', 'Low'];
  const statuses = ['Open', 'Pending', 'Solved', 'Closed'];
  const subjects = ['Cannot export report', 'Login fails after SSO change', 'Invoice shows wrong "seats" count', 'API returns 429, please raise limit', 'Question about pricing'];
  const header = 'Id,Organization,Requester,Subject,Description,Status,Priority,Type,Channel,Group,Assignee,Tags,Created at,Updated at,Solved at,Satisfaction Score';
  await writeLines(file, header, tickets, (index) => {
    const created = Date.UTC(2025, 0, 1) + Math.floor(next() * 600 * 86_400_000);
    const solved = created + Math.floor(next() * 72 * 3_600_000);
    const status = statuses[Math.floor(next() * 4)]!;
    const open = status === 'Open' || status === 'Pending';
    const subject = `${subjects[index % subjects.length]!} #${index % 997}`;
    const multiline = next() < 0.05;
    const description = multiline
      ? `"Steps:\n1. open the report, click ""Export""\n2. wait\nExpected a file, got an error"`
      : `"Customer writes: ${subject.replace(/"/g, '""')}, since yesterday"`;
    return [
      String(100000 + index),
      orgName(Math.floor(next() * ACCOUNTS)),
      `user${index % 5000}@example.com`,
      `"${subject.replace(/"/g, '""')}"`,
      description,
      status,
      priorities[Math.floor(next() * 4)],
      'incident',
      next() < 0.5 ? 'email' : 'web',
      'Support',
      `agent${index % 9}`,
      'export reports',
      new Date(created).toISOString(),
      new Date(solved).toISOString(),
      open ? '' : new Date(solved).toISOString(),
      open || next() < 0.7 ? '' : next() < 0.8 ? 'good' : 'bad',
    ].join(',');
  });
}

async function writeUsage(file: string, rows: number): Promise<void> {
  const next = seededRandom(7);
  const days = Math.ceil(rows / ACCOUNTS);
  await writeLines(file, 'account_id,date,logins,active_users,reports_created,api_calls', rows, (index) => {
    const date = new Date(Date.UTC(2025, 0, 1) + (index % days) * 86_400_000).toISOString().slice(0, 10);
    return `${accountId(Math.floor(index / days))},${date},${Math.floor(next() * 40)},${Math.floor(next() * 25)},${Math.floor(next() * 10)},${Math.floor(next() * 5000)}`;
  });
}

/** csops's reader as an import uses it: decoding, parsing, line numbers, header, footer check. */
async function parseWithCsops(file: string): Promise<number> {
  const source = await openCsv(file);
  let records = 0;
  try {
    for await (const batch of source.batches) records += batch.length;
  } finally {
    source.close();
  }
  return records + 1; // and the header
}

/**
 * csv-parse's stream API with the options csops would need: bom, relax_quotes, relax_column_count,
 * skip_empty_lines, and the record's first line (info) which csops reports in every error.
 */
async function parseWithCsvParse(file: string): Promise<number> {
  const parser = fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(
    parse({ bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 2 * 1024 * 1024 }),
  );
  let records = 0;
  let lines = 0;
  for await (const { info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    records++;
    lines = info.lines;
  }
  if (lines === 0) throw new Error('csv-parse read nothing');
  return records;
}

/**
 * csv-parse as csops would wire it: records taken in batches from 'readable' (no promise per
 * record), each turned by on_record into csops's { line, cells } with the line from its context.
 */
async function parseWithCsvParseBatched(file: string): Promise<number> {
  const options: Options<{ line: number; cells: string[] }, string[]> = {
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: 2 * 1024 * 1024,
    // The context carries the line count (what `info` would add to each record).
    on_record: (record, context) => ({ line: context.lines, cells: record }),
  };
  const parser = parse(options as unknown as Options); // csv-parse's typings cannot say on_record changes the record type
  let records = 0;
  await new Promise<void>((resolve, reject) => {
    parser.on('readable', () => {
      const batch: Array<{ line: number; cells: string[] }> = [];
      for (let record = parser.read(); record !== null; record = parser.read()) batch.push(record);
      records += batch.length;
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    const input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    input.on('error', reject);
    input.pipe(parser);
  });
  return records;
}

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of the process (all threads): steadier than wall time on a busy machine. */
  cpu: number;
  records: number;
}

/** The best of `runs` runs, by wall time and by CPU time separately. */
async function best(runs: number, work: () => Promise<number>): Promise<Timing> {
  const timing: Timing = { seconds: Infinity, cpu: Infinity, records: 0 };
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    timing.records = await work();
    const cpu = process.cpuUsage(cpuBefore);
    timing.seconds = Math.min(timing.seconds, Number(process.hrtime.bigint() - started) / 1e9);
    timing.cpu = Math.min(timing.cpu, (cpu.user + cpu.system) / 1e6);
  }
  return timing;
}

const rssHook = fileURLToPath(new URL('./rss-hook.js', import.meta.url));

function wholeImport(db: string, kind: string, file: string): { seconds: number; cpu: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', rssHook, csops, '--db', db, '--quiet', '--format', 'json', 'import', kind, file, '--force'], {
    encoding: 'utf8',
    env: { ...process.env, CSOPS_CONFIG: '', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`csops import ${kind} failed (exit ${result.status}):\n${result.stderr}`);
  const cpuMs = /BENCH_CPU_MS=(\d+)/.exec(result.stderr);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpu: cpuMs ? Number(cpuMs[1]) / 1000 : Number.NaN };
}

export async function benchParser(options: ParserBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-bench-parser-'));
  console.log(`CSV parser side by side: ${os.cpus().length} cores, node ${process.version}, best of ${options.runs} runs, data in ${dir}`);
  const accountsFile = path.join(dir, 'accounts.csv');
  const ticketsFile = path.join(dir, 'tickets.csv');
  const usageFile = path.join(dir, 'usage.csv');
  await writeAccounts(accountsFile);
  await writeTickets(ticketsFile, options.tickets);
  await writeUsage(usageFile, options.rows);
  const mb = (file: string) => (fs.statSync(file).size / 1e6).toFixed(1);
  console.log(`generated: tickets ${options.tickets} rows (${mb(ticketsFile)} MB), usage ${options.rows} rows (${mb(usageFile)} MB)\n`);

  const cell = (text: string, width: number, left = false) => (left ? text.padEnd(width) : text.padStart(width));
  const line = (cells: string[]) => console.log(cells.map((text, index) => cell(text, index === 0 ? 14 : 12, index === 0)).join(' '));
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  line(['file', 'csops', 'c-p await', 'c-p batched', 'ratio', 'import', 'csops share', 'c-p share', 'difference']);
  for (const [kind, file] of [
    ['tickets', ticketsFile],
    ['usage', usageFile],
  ] as const) {
    const ours = await best(options.runs, () => parseWithCsops(file));
    const theirs = await best(options.runs, () => parseWithCsvParse(file));
    const bare = await best(options.runs, () => parseWithCsvParseBatched(file));
    if (ours.records !== theirs.records || ours.records !== bare.records) {
      throw new Error(`${kind}: the parsers disagree on the record count (csops ${ours.records}, csv-parse ${theirs.records}, batched ${bare.records})`);
    }
    const whole = { seconds: Infinity, cpu: Infinity };
    for (let run = 0; run < options.runs; run++) {
      const db = path.join(dir, `${kind}-${run}.db`);
      wholeImport(db, 'accounts', accountsFile);
      const timing = wholeImport(db, kind, file);
      whole.seconds = Math.min(whole.seconds, timing.seconds);
      whole.cpu = Math.min(whole.cpu, timing.cpu);
    }
    for (const measure of ['seconds', 'cpu'] as const) {
      const csvParse = Math.min(theirs[measure], bare[measure]);
      line([
        `${kind} ${measure === 'seconds' ? 'wall' : 'CPU'} s`,
        ours[measure].toFixed(2),
        theirs[measure].toFixed(2),
        bare[measure].toFixed(2),
        `${(csvParse / ours[measure]).toFixed(2)}x`,
        whole[measure].toFixed(2),
        percent(ours[measure] / whole[measure]),
        percent(csvParse / whole[measure]),
        `+${percent((csvParse - ours[measure]) / whole[measure])}`,
      ]);
    }
  }
  console.log(
    '\ncsops, c-p await, c-p batched: seconds to read the whole file into records (c-p await: csv-parse\'s stream read with\n' +
      'for await, with info for the line numbers csops reports; c-p batched: records taken in batches on "readable", mapped by\n' +
      'on_record). ratio, c-p share and difference use the faster csv-parse way. share = parse ÷ whole `csops import`\n' +
      '(fresh database); difference = (csv-parse − csops) ÷ whole import.',
  );
  if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
}
