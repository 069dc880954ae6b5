import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport, type ImportOptions } from '../../src/commands/import.js';
import { knownMetrics } from '../../src/commands/init.js';
import { ACCOUNTS_CSV, queryAll, tableChecksums, tempDir, writeFile } from '../helpers/cli.js';
import { dropDatabases, freshDatabase } from '../helpers/postgres.js';
import { storeBackends } from '../helpers/store-backends.js';

let dir: string;
let db: string;

function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    cwd: dir,
    config: configSchema.parse({ time_zone: 'America/New_York' }),
    configSource: undefined,
    dbPath: db,
    asOf: '2026-11-20',
    format: 'json',
    now: () => new Date('2026-11-20T12:00:00Z'),
    version: 'test',
    ...overrides,
  };
}

async function importCsv(kind: string, name: string, content: string, options: Partial<ImportOptions> = {}) {
  const file = writeFile(dir, name, content);
  const summary = await runImport(context(), { kind, files: [file], map: [], dryRun: false, skipInvalid: false, force: false, ...options });
  return summary.files[0]!;
}

/** A SQLite file in a new folder, holding the three accounts. */
async function sqliteWithAccounts(): Promise<void> {
  dir = tempDir();
  db = path.join(dir, 'csops.db');
  await importCsv('accounts', 'accounts.csv', ACCOUNTS_CSV);
}

describe('csops import, per kind', () => {
  beforeEach(sqliteWithAccounts);

  it('stores accounts with money in exact minor units beside the currency', () => {
    const rows = queryAll(db, 'SELECT account_id, name, employees, currency, acquisition_cost_minor, customer_since FROM accounts ORDER BY account_id');
    expect(rows).toEqual([
      { account_id: 'A-1', name: 'Acme Corp', employees: 120, currency: 'USD', acquisition_cost_minor: 120050, customer_since: '2024-01-15' },
      { account_id: 'A-2', name: 'Beta, Inc.', employees: 2500, currency: 'EUR', acquisition_cost_minor: 9900, customer_since: '2023-06-01' },
      { account_id: 'A-3', name: 'Gamma GmbH', employees: 40, currency: 'USD', acquisition_cost_minor: null, customer_since: '2025-02-28' },
    ]);
  });

  it('imports contracts, deriving the id and ARR from MRR when needed', async () => {
    const result = await importCsv(
      'contracts',
      'contracts.csv',
      'account_id,start_date,end_date,arr,mrr,currency,status,seats,auto_renew,type\n' +
        'A-1,2025-01-01,2025-12-31,12000.00,,USD,renewed,10,yes,new\n' +
        'A-1,2026-01-01,2026-12-31,,1500,USD,Active,12,no,Renewal\n',
    );
    expect(result).toMatchObject({ rows: 2, inserted: 2, rejected: 0 });
    expect(queryAll(db, 'SELECT contract_id, arr_minor, status, auto_renew, type FROM contracts ORDER BY start_date')).toEqual([
      { contract_id: 'A-1:2025-01-01', arr_minor: 1200000, status: 'renewed', auto_renew: 1, type: 'new' },
      { contract_id: 'A-1:2026-01-01', arr_minor: 1800000, status: 'active', auto_renew: 0, type: 'renewal' },
    ]);
  });

  it('imports tickets with instants normalised to UTC and vocabularies normalised', async () => {
    await importCsv(
      'tickets',
      'tickets.csv',
      'ticket_id,account_id,created_at,first_response_at,resolved_at,status,priority,type,subject,tags,csat\n' +
        'T-1,A-1,2026-10-02 09:00,2026-10-02T13:30:00Z,,Open,P1,Incident,"Export fails, again",export reports,\n' +
        'T-2,,2026-10-03T10:00:00Z,,2026-10-04T10:00:00Z,solved,Medium,feature request,Dark mode,,5\n',
    );
    expect(queryAll(db, 'SELECT ticket_id, account_id, created_at, status, priority, type, tags, csat FROM tickets ORDER BY ticket_id')).toEqual([
      { ticket_id: 'T-1', account_id: 'A-1', created_at: '2026-10-02T13:00:00.000Z', status: 'open', priority: 'urgent', type: 'bug', tags: '["export","reports"]', csat: null },
      { ticket_id: 'T-2', account_id: null, created_at: '2026-10-03T10:00:00.000Z', status: 'solved', priority: 'normal', type: 'feature', tags: null, csat: 5 },
    ]);
  });

  it('a spelling repeated down a column is read the same on every row, rejected or not', async () => {
    // Columns remember what each spelling reads as; a wrong one must still fail each row, and an
    // unknown vocabulary value (remembered too) must still be counted on each row that has it.
    // (Issue 15: a priority csops does not know is no longer an error, so the wrong value is a CSAT.)
    const tickets =
      'ticket_id,account_id,created_at,status,priority,csat,tags\n' +
      'T-1,A-1,2026-10-02T09:00:00Z,Open,Sev A,4,a b\n' +
      'T-2,A-1,2026-10-02T09:00:00Z,Open,P1,sometimes,a b\n' +
      'T-3,A-1,2026-10-02T09:00:00Z,Open,Sev A,4,a b\n' +
      'T-4,A-1,2026-10-02T09:00:00Z,Open,P1,sometimes,a b\n';
    await expect(importCsv('tickets', 't.csv', tickets)).rejects.toThrow(/t\.csv:3: column "csat":[^\n]*"sometimes"[\s\S]*t\.csv:5: column "csat":[^\n]*"sometimes"/);
    const summary = await importCsv('tickets', 't.csv', tickets, { skipInvalid: true, rejects: path.join(dir, 'rejects.csv') });
    expect(summary).toMatchObject({ inserted: 2, rejected: 2 });
    expect(summary.notes.filter((note) => note.startsWith('ticket_priority:'))).toEqual([
      'ticket_priority: 1 value csops does not know: "Sev A" (2); it imports with no normalised priority (the value is kept in priority_raw). ' +
        'To classify it add to csops.config.json: "vocabularies": {"ticket_priority": {"Sev A": "<urgent|high|normal|low>"}}',
    ]);
    expect(queryAll(db, 'SELECT ticket_id, status, priority, priority_raw, tags FROM tickets ORDER BY ticket_id')).toEqual([
      { ticket_id: 'T-1', status: 'open', priority: null, priority_raw: 'Sev A', tags: '["a","b"]' },
      { ticket_id: 'T-3', status: 'open', priority: null, priority_raw: 'Sev A', tags: '["a","b"]' },
    ]);
  });

  it('imports surveys, reading the scale from the scores when there is no kind column', async () => {
    const nps = await importCsv('surveys', 'nps.csv', 'account_id,responded_at,score,comment\nA-1,2026-10-02,3,"Slow, buggy"\nA-2,2026-10-05,9,\n');
    expect(nps.notes.join(' ')).toContain('NPS');
    await importCsv('surveys', 'csat.csv', 'account_id,responded_at,score\nA-1,2026-10-02,4\nA-3,2026-10-06,2\n');
    expect(queryAll(db, 'SELECT account_id, kind, score FROM surveys ORDER BY kind, account_id, score')).toEqual([
      { account_id: 'A-1', kind: 'csat', score: 4 },
      { account_id: 'A-3', kind: 'csat', score: 2 },
      { account_id: 'A-1', kind: 'nps', score: 3 },
      { account_id: 'A-2', kind: 'nps', score: 9 },
    ]);
  });

  it('imports wide usage as one row per account and day, shown long by the usage view', async () => {
    const result = await importCsv('usage', 'usage.csv', 'account_id,date,Logins,Active Users\nA-1,2026-11-01,3,2\nA-2,2026-11-01,5,\nA-1,2026-11-02,0,1\n');
    expect(result).toMatchObject({ rows: 3, inserted: 3, usage_shape: 'wide' });
    expect(queryAll(db, 'SELECT account_id, day, metric, value FROM usage ORDER BY account_id, day, metric')).toEqual([
      { account_id: 'A-1', day: '2026-11-01', metric: 'active_users', value: 2 },
      { account_id: 'A-1', day: '2026-11-01', metric: 'logins', value: 3 },
      { account_id: 'A-1', day: '2026-11-02', metric: 'active_users', value: 1 },
      { account_id: 'A-1', day: '2026-11-02', metric: 'logins', value: 0 },
      { account_id: 'A-2', day: '2026-11-01', metric: 'logins', value: 5 },
    ]);
  });

  it('imports long usage and merges metrics of the same account and day', async () => {
    await importCsv('usage', 'wide.csv', 'account_id,date,logins\nA-1,2026-11-01,3\n');
    const result = await importCsv('usage', 'long.csv', 'account_id,date,metric,value\nA-1,2026-11-01,reports_run,7\nA-1,2026-11-01,logins,4\nA-2,2026-11-02,logins,1\n');
    expect(result).toMatchObject({ rows: 3, inserted: 1, updated: 1, usage_shape: 'long' });
    expect(queryAll(db, "SELECT account_id, day, metric, value FROM usage ORDER BY account_id, metric")).toEqual([
      { account_id: 'A-1', day: '2026-11-01', metric: 'logins', value: 4 },
      { account_id: 'A-1', day: '2026-11-01', metric: 'reports_run', value: 7 },
      { account_id: 'A-2', day: '2026-11-02', metric: 'logins', value: 1 },
    ]);
  });
});

// The store's guarantees (issue 25 §3) hold on both backends: the same imports, the same counts.
describe.each(storeBackends('csops import re-imports'))('re-importing ($name)', (backend) => {
  afterAll(() => dropDatabases());
  beforeEach(async () => {
    dir = tempDir();
    db = await backend.fresh(dir);
    await importCsv('accounts', 'accounts.csv', ACCOUNTS_CSV);
  });

  const contracts = 'contract_id,account_id,start_date,end_date,arr,currency\nC-1,A-1,2025-01-01,2025-12-31,12000,USD\nC-2,A-2,2025-03-01,2026-02-28,5000,EUR\n';
  const usage = 'account_id,date,logins,active_users\nA-1,2026-11-01,3,2\nA-2,2026-11-01,5,4\n';

  it('the same files again leave every table identical and report every row unchanged', async () => {
    await importCsv('contracts', 'c.csv', contracts);
    await importCsv('usage', 'u.csv', usage);
    const before = await backend.checksums(db);
    const accounts = await importCsv('accounts', 'accounts.csv', ACCOUNTS_CSV, { force: true });
    const again = await importCsv('contracts', 'c.csv', contracts, { force: true });
    const usageAgain = await importCsv('usage', 'u.csv', usage, { force: true });
    expect([accounts, again, usageAgain].map((r) => [r.inserted, r.updated, r.unchanged])).toEqual([
      [0, 0, 3],
      [0, 0, 2],
      [0, 0, 2],
    ]);
    const after = await backend.checksums(db);
    expect({ ...after, import_runs: '' }).toEqual({ ...before, import_runs: '' });
  });

  it('skips an identical file unless forced', async () => {
    const first = await importCsv('contracts', 'c.csv', contracts);
    const second = await importCsv('contracts', 'c.csv', contracts);
    expect(second.status).toBe('skipped');
    expect(second.notes[0]).toContain(`run ${first.run_id}`);
    expect(await backend.rows(db, 'SELECT count(*) AS runs FROM import_runs WHERE kind = ?', 'contracts')).toEqual([{ runs: 1 }]);
  });

  it('imports an identical file again when rows were rejected last time or the settings differ', async () => {
    const usage = 'account_id,date,logins\nA-1,2026-11-01,3\nA-9,2026-11-01,5\n';
    const first = await importCsv('usage', 'u.csv', usage, { skipInvalid: true });
    expect(first.rejected).toBe(1);
    await importCsv('accounts', 'a9.csv', 'account_id,name\nA-9,Nine\n');
    const second = await importCsv('usage', 'u.csv', usage, { skipInvalid: true });
    expect(second).toMatchObject({ status: 'imported', inserted: 1, unchanged: 1, rejected: 0 });
    expect((await importCsv('usage', 'u.csv', usage)).status).toBe('skipped');
    expect((await importCsv('usage', 'u.csv', usage, { encoding: 'windows-1252' })).status).toBe('imported');
  });

  it('counts changed rows as updated and keeps columns the file does not carry', async () => {
    await importCsv('accounts', 'owners.csv', 'account_id,name,owner\nA-1,Acme Corp,new@example.com\nA-2,"Beta, Inc.",bo@example.com\n');
    const rows = await backend.rows(db, 'SELECT account_id, owner, industry, employees FROM accounts WHERE account_id IN (?, ?) ORDER BY account_id', 'A-1', 'A-2');
    expect(rows).toEqual([
      { account_id: 'A-1', owner: 'new@example.com', industry: 'Software', employees: 120 },
      { account_id: 'A-2', owner: 'bo@example.com', industry: 'Retail', employees: 2500 },
    ]);
    const runs = await backend.rows<{ inserted: number; updated: number; unchanged: number }>(db, 'SELECT inserted, updated, unchanged FROM import_runs ORDER BY id DESC LIMIT 1');
    expect(runs).toEqual([{ inserted: 0, updated: 1, unchanged: 1 }]);
  });

  it('a row that breaks a rule only once merged with the stored row is an error naming its line, and nothing lands', async () => {
    await importCsv('contracts', 'c.csv', 'contract_id,account_id,start_date,end_date,arr\nC-1,A-1,2024-01-01,2024-12-31,1000\n');
    const before = await backend.checksums(db);
    const moved = 'contract_id,account_id,start_date,arr\nC-0,A-2,2024-05-01,10\nC-1,A-1,2025-02-01,1000\n';
    // The rule as each database states it (SQLite: end_date IS NULL OR end_date >= start_date; PostgreSQL: CHECK (((end_date IS NULL) OR …)) (contracts_check)).
    await expect(importCsv('contracts', 'moved.csv', moved)).rejects.toThrow(/moved\.csv:3: this row, merged with what is already stored under its key, breaks a rule: [^\n]*end_date IS NULL\)? OR \(?end_date >= start_date/);
    expect(await backend.checksums(db)).toEqual(before);
  });

  it('a usage file with some metrics keeps the others', async () => {
    await importCsv('usage', 'u.csv', usage);
    const result = await importCsv('usage', 'logins.csv', 'account_id,date,logins\nA-1,2026-11-01,9\nA-2,2026-11-01,5\n');
    expect([result.updated, result.unchanged]).toEqual([1, 1]);
    expect(await backend.rows(db, "SELECT metrics FROM usage_daily WHERE account_id = 'A-1'")).toEqual([{ metrics: '{"logins":9,"active_users":2}' }]);
    // The columns health reads follow the merged JSON.
    expect(await backend.rows(db, "SELECT logins, active_users FROM usage_daily WHERE account_id = 'A-1'")).toEqual([{ logins: 9, active_users: 2 }]);
  });
});

describe.each(storeBackends('csops init reading a store'))('what csops init reads of a store ($name)', (backend) => {
  afterAll(() => dropDatabases());

  it('offers the usage metrics a store holds as key modules, other than the login and active-user metrics', async () => {
    dir = tempDir();
    db = await backend.fresh(dir);
    const config = configSchema.parse({});
    // Nothing imported yet: no metrics (a SQLite file not there yet, or a PostgreSQL database csops never set up).
    expect(await knownMetrics(backend.name === 'SQLite' ? db : await freshDatabase(), config)).toEqual([]);
    await importCsv('accounts', 'accounts.csv', ACCOUNTS_CSV);
    await importCsv('usage', 'wide.csv', 'account_id,date,logins,Reports Run,active_users\nA-1,2026-11-01,3,1,2\n');
    await importCsv('usage', 'long.csv', 'account_id,date,metric,value\nA-2,2026-11-02,exports,4\nA-2,2026-11-02,Zapier_Runs,1\n');
    // Named as the import normalised them (snake_case), in order.
    expect(await knownMetrics(db, config)).toEqual(['exports', 'reports_run', 'zapier_runs']);
    const renamed = configSchema.parse({ health: { login_metric: 'exports', active_users_metric: 'reports_run' } });
    expect(await knownMetrics(db, renamed)).toEqual(['active_users', 'logins', 'zapier_runs']);
  });
});

describe('options', () => {
  beforeEach(sqliteWithAccounts);

  it('--dry-run counts everything and writes nothing', async () => {
    const before = tableChecksums(db);
    const file = writeFile(dir, 'c.csv', 'account_id,start_date,arr\nA-1,2025-01-01,100\nA-9,2025-01-01,100\n');
    const summary = await runImport(context(), { kind: 'contracts', files: [file], map: [], dryRun: true, skipInvalid: true, force: false });
    expect(summary.files[0]).toMatchObject({ status: 'dry_run', rows: 2, inserted: 1, rejected: 1 });
    expect(tableChecksums(db)).toEqual(before);
  });

  it('--map points a header at a field, and config mappings apply too', async () => {
    const file = writeFile(dir, 'c.csv', 'Customer,Begins,Value\nA-1,2025-01-01,100\n');
    await runImport(context(), { kind: 'contracts', files: [file], map: ['Customer=account_id', 'Begins=start_date', 'Value=arr'], dryRun: false, skipInvalid: false, force: false });
    const configured = context({ config: configSchema.parse({ import: { mappings: { contracts: { Customer: 'account_id', Begins: 'start_date', Value: 'arr' } } } }) });
    const second = writeFile(dir, 'c2.csv', 'Customer,Begins,Value\nA-2,2025-02-01,200\n');
    await runImport(configured, { kind: 'contracts', files: [second], map: [], dryRun: false, skipInvalid: false, force: false });
    expect(queryAll(db, 'SELECT account_id, arr_minor FROM contracts ORDER BY account_id')).toEqual([
      { account_id: 'A-1', arr_minor: 10000 },
      { account_id: 'A-2', arr_minor: 20000 },
    ]);
  });

  it('a --map header the file lacks is an error naming the nearest header, not a column silently skipped (issue 23)', async () => {
    const file = writeFile(dir, 'c.csv', 'Customer,Begins,Subscription Value\nA-1,2025-01-01,100\n');
    const before = tableChecksums(db);
    const typo = runImport(context(), { kind: 'contracts', files: [file], map: ['Customer=account_id', 'Begins=start_date', 'Subscripton Value=arr'], dryRun: false, skipInvalid: false, force: false });
    await expect(typo).rejects.toThrow('--map "Subscripton Value=arr": c.csv has no column "Subscripton Value"; the nearest is "Subscription Value"');
    await expect(typo).rejects.toMatchObject({ exitCode: 2, hint: 'did you mean --map "Subscription Value=arr"?' });
    // Nothing near: the hint lists the file's columns. An ignore (--map "Header=") is checked too.
    await expect(runImport(context(), { kind: 'contracts', files: [file], map: ['Notes='], dryRun: false, skipInvalid: false, force: false })).rejects.toMatchObject({
      message: '--map "Notes=": c.csv has no column "Notes"',
      hint: 'its columns: "Customer", "Begins", "Subscription Value"',
    });
    expect(tableChecksums(db)).toEqual(before);
    // Headers compare as mapping does (case, spacing): this one is the file's.
    await runImport(context(), { kind: 'contracts', files: [file], map: ['customer=account_id', 'BEGINS=start_date', 'subscription  value=arr'], dryRun: false, skipInvalid: false, force: false });
    expect(queryAll(db, 'SELECT account_id, arr_minor FROM contracts')).toEqual([{ account_id: 'A-1', arr_minor: 10000 }]);
  });

  it('with several files, one --map header must be in one of them', async () => {
    const first = writeFile(dir, 'c1.csv', 'Customer,start_date,arr\nA-1,2025-01-01,100\n');
    const second = writeFile(dir, 'c2.csv', 'Client,start_date,arr\nA-2,2025-01-01,100\n');
    // Client is c2.csv's alone: fine. Clientt is nobody's: named, though c2.csv then lacks an account id too.
    await expect(runImport(context(), { kind: 'contracts', files: [first, second], map: ['Customer=account_id', 'Clientt=account_id'], dryRun: false, skipInvalid: false, force: false })).rejects.toThrow(
      '--map "Clientt=account_id": none of the 2 files has a column "Clientt"; the nearest is "Client"',
    );
    const summary = await runImport(context(), { kind: 'contracts', files: [first, second], map: ['Customer=account_id', 'Client=account_id'], dryRun: false, skipInvalid: false, force: false });
    expect(summary.files.map((file) => file.inserted)).toEqual([1, 1]);
  });

  it('semicolon, tab and pipe separated files and CRLF line endings import the same', async () => {
    await importCsv('usage', 'semi.csv', 'account_id;date;logins\r\nA-1;2026-11-01;3\r\n');
    await importCsv('usage', 'tab.csv', 'account_id\tdate\tlogins\nA-2\t2026-11-01\t4\n');
    await importCsv('usage', 'pipe.csv', 'account_id|date|logins\nA-3|2026-11-01|"5"\n');
    expect(queryAll(db, 'SELECT account_id, value FROM usage ORDER BY account_id')).toEqual([
      { account_id: 'A-1', value: 3 },
      { account_id: 'A-2', value: 4 },
      { account_id: 'A-3', value: 5 },
    ]);
  });

  it('reads UTF-16 files with a byte-order mark', async () => {
    const text = 'account_id,name\nA-7,Zürich Ärzte 医院\n';
    await importCsv('accounts', 'utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) as unknown as string);
    expect(queryAll(db, "SELECT name FROM accounts WHERE account_id = 'A-7'")).toEqual([{ name: 'Zürich Ärzte 医院' }]);
  });

  it('the worker path (large files) stores exactly what the in-thread path stores', async () => {
    const lines = ['account_id,date,logins,active_users'];
    for (let day = 1; day <= 28; day++) for (const account of ['A-1', 'A-2', 'A-3']) lines.push(`${account},2026-02-${String(day).padStart(2, '0')},${day},${day % 5}`);
    const file = writeFile(dir, 'u.csv', lines.join('\n'));
    const inThread = await runImport(context(), { kind: 'usage', files: [file], map: [], dryRun: false, skipInvalid: false, force: false });
    const sums = tableChecksums(db);
    process.env.CSOPS_IMPORT_WORKER_MIN_BYTES = '0';
    try {
      const otherDir = tempDir();
      const otherDb = path.join(otherDir, 'csops.db');
      const otherContext = context({ dbPath: otherDb });
      const accounts = writeFile(otherDir, 'accounts.csv', ACCOUNTS_CSV);
      await runImport(otherContext, { kind: 'accounts', files: [accounts], map: [], dryRun: false, skipInvalid: false, force: false });
      const inWorker = await runImport(otherContext, { kind: 'usage', files: [file], map: [], dryRun: false, skipInvalid: false, force: false });
      expect(inWorker.files[0]!.notes).toEqual([]);
      expect(inWorker.files[0]).toMatchObject({ rows: inThread.files[0]!.rows, inserted: inThread.files[0]!.inserted });
      expect(tableChecksums(otherDb).usage_daily).toBe(sums.usage_daily);
    } finally {
      delete process.env.CSOPS_IMPORT_WORKER_MIN_BYTES;
    }
  });
});
