/**
 * Usage rows reach usage_daily in key order whatever the file's order (issue 18): written as they
 * come while the file is sorted by account and day, staged and sorted by SQLite from the first row
 * out of order. Whatever the path, the stored table, the counts and the merge of repeated
 * account-days must be the same. Both reading paths (the import worker and the main thread) run.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport, type ImportOptions } from '../../src/commands/import.js';
import { tempDir, writeFile } from '../helpers/cli.js';
import { dropDatabases } from '../helpers/postgres.js';
import { storeBackends } from '../helpers/store-backends.js';
import { seededRandom } from '../../src/core/seeded-random.js';

let dir: string;

function context(db: string): CommandContext {
  return {
    cwd: dir,
    config: configSchema.parse({ time_zone: 'UTC' }),
    configSource: undefined,
    dbPath: db,
    asOf: '2026-11-20',
    format: 'json',
    now: () => new Date('2026-11-20T12:00:00Z'),
    version: 'test',
  };
}

async function importCsv(db: string, kind: string, name: string, content: string, options: Partial<ImportOptions> = {}) {
  const file = writeFile(dir, name, content);
  const summary = await runImport(context(db), { kind, files: [file], map: [], dryRun: false, skipInvalid: false, force: true, ...options });
  return summary.files[0]!;
}

const ACCOUNTS = 40;
const DAYS = 30;
const accountId = (a: number) => `A-${String(a).padStart(3, '0')}`;
const day = (d: number) => `2026-${d < 15 ? '09' : '10'}-${String((d % 15) + 1).padStart(2, '0')}`;

interface UsageRow {
  account: number;
  day: number;
  logins: number | '';
  users: number | '';
}

function rows(seed = 1): UsageRow[] {
  const next = seededRandom(seed);
  const out: UsageRow[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    for (let d = 0; d < DAYS; d++) {
      // Some empty cells: a metric a row leaves out is not written.
      out.push({ account: a, day: d, logins: next() < 0.1 ? '' : Math.floor(next() * 50), users: next() < 0.1 ? '' : Math.floor(next() * 9) });
    }
  }
  return out;
}

const byAccount = (list: UsageRow[]) => [...list].sort((x, y) => x.account - y.account || x.day - y.day);
const byDay = (list: UsageRow[]) => [...list].sort((x, y) => x.day - y.day || x.account - y.account);
function shuffled(list: UsageRow[], seed: number): UsageRow[] {
  const next = seededRandom(seed);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function csv(list: UsageRow[]): string {
  return `account_id,date,logins,active_users\n${list.map((r) => `${accountId(r.account)},${day(r.day)},${r.logins},${r.users}`).join('\n')}\n`;
}

function accountsCsv(): string {
  return `account_id,name\n${Array.from({ length: ACCOUNTS }, (_, a) => `${accountId(a)},Company ${a}`).join('\n')}\n`;
}

const WORKER = { path: 'import worker', minBytes: '0' };
const MAIN_THREAD = { path: 'main thread', minBytes: '1000000000' };
/**
 * SQLite by both reading paths; PostgreSQL by one (the reading path hands the store the same rows,
 * and the PostgreSQL store stages every row whatever their order).
 */
const cases = storeBackends('usage in any row order').flatMap((backend) => (backend.name === 'SQLite' ? [WORKER, MAIN_THREAD] : [MAIN_THREAD]).map((reading) => ({ ...reading, backend, name: backend.name })));
const savedMinBytes = process.env.CSOPS_IMPORT_WORKER_MIN_BYTES;

beforeEach(() => {
  dir = tempDir();
});

afterEach(() => {
  if (savedMinBytes === undefined) delete process.env.CSOPS_IMPORT_WORKER_MIN_BYTES;
  else process.env.CSOPS_IMPORT_WORKER_MIN_BYTES = savedMinBytes;
});

describe.each(cases)('usage in any row order ($name, $path)', ({ backend, minBytes }) => {
  afterAll(() => dropDatabases());
  beforeEach(() => {
    process.env.CSOPS_IMPORT_WORKER_MIN_BYTES = minBytes;
  });

  /** A store holding the accounts only. */
  async function freshDb(name: string): Promise<string> {
    const db = await backend.fresh(dir, name);
    await importCsv(db, 'accounts', `${name}-accounts.csv`, accountsCsv());
    return db;
  }

  function usageTable(db: string): Promise<unknown[]> {
    return backend.rows(db, 'SELECT account_id, day, metrics, logins, active_users FROM usage_daily ORDER BY account_id, day');
  }

  it('the same rows sorted by account, by day, or shuffled store the same table with the same counts', async () => {
    const list = rows();
    const orders = { byAccount: byAccount(list), byDay: byDay(list), shuffled: shuffled(list, 5) };
    const tables: Record<string, unknown[]> = {};
    const stores: Record<string, string> = {};
    for (const [order, ordered] of Object.entries(orders)) {
      const db = await freshDb(order);
      const fresh = await importCsv(db, 'usage', `${order}.csv`, csv(ordered));
      expect(fresh, order).toMatchObject({ rows: list.length, inserted: list.length, updated: 0, unchanged: 0 });
      const before = await backend.checksums(db);
      const again = await importCsv(db, 'usage', `${order}.csv`, csv(ordered));
      expect(again, order).toMatchObject({ rows: list.length, inserted: 0, updated: 0, unchanged: list.length });
      expect({ ...await backend.checksums(db), import_runs: '' }).toEqual({ ...before, import_runs: '' });
      tables[order] = await usageTable(db);
      stores[order] = db;
    }
    expect(tables.byDay).toEqual(tables.byAccount);
    expect(tables.shuffled).toEqual(tables.byAccount);
    expect(tables.byAccount).toHaveLength(list.length);
    expect(await backend.rows(stores.byDay!, "SELECT metrics FROM usage_daily WHERE account_id = 'A-000' AND day = '2026-09-01'")).toHaveLength(1);
  });

  for (const [order, sorter] of [['by day', byDay], ['sorted by account', byAccount]] as const) {
    // Sorted by account, rows are compared with the stored rows of their accounts before any is
    // written (a range read per account and batch); by day, they are staged and upserted.
    it(`a second file (${order}) counts new, changed and unchanged account-days exactly`, async () => {
      const list = rows();
      const db = await freshDb('counts');
      await importCsv(db, 'usage', 'first.csv', csv(byAccount(list.filter((r) => r.day < 20))));
      // Days 10–29: days 10–19 are stored (every fifth account's logins changed), 20–29 are new.
      const second = list.filter((r) => r.day >= 10).map((r) => (r.day < 20 && r.account % 5 === 0 ? { ...r, logins: 1000 + r.account } : r));
      const result = await importCsv(db, 'usage', 'second.csv', csv(sorter(second)));
      expect(result).toMatchObject({ rows: 20 * ACCOUNTS, inserted: 10 * ACCOUNTS, updated: 10 * (ACCOUNTS / 5), unchanged: 10 * ACCOUNTS - 10 * (ACCOUNTS / 5) });
      expect(await backend.rows(db, "SELECT logins FROM usage_daily WHERE account_id = 'A-005' AND day = ?", day(12))).toEqual([{ logins: 1005 }]);
      expect(await backend.rows(db, "SELECT logins FROM usage_daily WHERE account_id = 'A-006' AND day = ?", day(12))).toEqual([{ logins: list.find((r) => r.account === 6 && r.day === 12)!.logins || null }]);
      expect(await backend.rows(db, 'SELECT count(*) AS n FROM usage_daily')).toEqual([{ n: DAYS * ACCOUNTS }]);
      // The whole table equals one import of the final rows.
      const expected = await freshDb('expected');
      await importCsv(expected, 'usage', 'final.csv', csv(byAccount([...list.filter((r) => r.day < 10), ...second])));
      const parsed = (table: unknown[]) => (table as Array<{ metrics: string }>).map((row) => ({ ...row, metrics: JSON.parse(row.metrics) as unknown }));
      expect(parsed(await usageTable(db))).toEqual(parsed(await usageTable(expected)));
    });

    it(`a second file (${order}) with one metric of the stored two keeps the other, and counts a repeat of the stored value as unchanged`, async () => {
      const list = rows(3).filter((r) => r.logins !== '' && r.users !== '');
      const db = await freshDb('subset');
      await importCsv(db, 'usage', 'both.csv', csv(byAccount(list)));
      // Logins only: the same value for even accounts, a new one for odd accounts.
      const loginsOnly = sorter(list).map((r) => `${accountId(r.account)},${day(r.day)},${r.account % 2 === 0 ? r.logins : Number(r.logins) + 1}`);
      const result = await importCsv(db, 'usage', 'logins.csv', `account_id,date,logins\n${loginsOnly.join('\n')}\n`);
      const odd = list.filter((r) => r.account % 2 === 1).length;
      expect(result).toMatchObject({ rows: list.length, inserted: 0, updated: odd, unchanged: list.length - odd });
      const sample = list.find((r) => r.account === 1)!;
      expect(await backend.rows(db, 'SELECT logins, active_users FROM usage_daily WHERE account_id = ? AND day = ?', accountId(1), day(sample.day))).toEqual([{ logins: Number(sample.logins) + 1, active_users: sample.users }]);
    });
  }

  it('rows repeating an account and day are merged in file order and counted once, adjacent or far apart', async () => {
    for (const [order, sorter] of [['sorted', byAccount], ['by-day', byDay], ['shuffled', (l: UsageRow[]) => shuffled(l, 9)]] as const) {
      const list = sorter(rows(3));
      // The first account-day again later in the file with new logins and no active users; once more right after it.
      const first = list.find((r) => r.account === 3 && r.day === 4)!;
      const position = list.indexOf(first);
      const withRepeats = [...list.slice(0, position + 1), { ...first, logins: 77, users: '' as const }, ...list.slice(position + 1), { ...first, logins: 88, users: '' as const }];
      const db = await freshDb(`repeats-${order}`);
      const result = await importCsv(db, 'usage', `repeats-${order}.csv`, csv(withRepeats));
      expect(result, order).toMatchObject({ rows: list.length + 2, inserted: list.length, updated: 0, unchanged: 0 });
      expect(result.notes.join('\n'), order).toContain('2 rows repeat an account and date seen earlier in the file');
      const stored = await backend.rows<{ logins: number; active_users: number | null }>(db, "SELECT logins, active_users FROM usage_daily WHERE account_id = 'A-003' AND day = ?", day(4));
      expect(stored, order).toEqual([{ logins: 88, active_users: first.users === '' ? null : first.users }]);
    }
  });

  // The store's rule, whatever path read the rows: once per backend.
  it.skipIf(minBytes === WORKER.minBytes)('a repeat far down a file whose first 50,000 rows came in key order (written as they came on SQLite) merges into its day, which counts once', async () => {
    // 40 accounts × 1,300 days in key order: more than the rows a file must hold in order before SQLite writes them as they come.
    const days = 1300;
    const dayOf = (d: number) => new Date(Date.UTC(2022, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    const sorted = Array.from({ length: ACCOUNTS * days }, (_, index) => `${accountId(Math.floor(index / days))},${dayOf(index % days)},${(Math.floor(index / days) + (index % days)) % 7}`);
    const file = (name: string, tail: string[]) => `account_id,date,logins\n${[...sorted, ...tail].join('\n')}\n`;
    const db = await freshDb('far');
    // Into an empty table: a day again with a new value, one with its value once more, the last account's day with a new value.
    const first = await importCsv(db, 'usage', 'far-1.csv', file('far-1', [`${accountId(0)},${dayOf(0)},99`, `${accountId(0)},${dayOf(1)},1`, `${accountId(ACCOUNTS - 1)},${dayOf(5)},77`]));
    expect(first).toMatchObject({ rows: sorted.length + 3, inserted: sorted.length, updated: 0, unchanged: 0 });
    expect(first.notes.join('\n')).toContain('3 rows repeat an account and date seen earlier in the file');
    // Into the table as stored: the same rows (two days change back), then a repeat changing a day they
    // left unchanged, a repeat of a day's stored value, and a new day.
    const second = await importCsv(db, 'usage', 'far-2.csv', file('far-2', [`${accountId(1)},${dayOf(4)},55`, `${accountId(2)},${dayOf(4)},${(2 + 4) % 7}`, `${accountId(3)},${dayOf(days)},4`]));
    expect(second).toMatchObject({ rows: sorted.length + 3, inserted: 1, updated: 3, unchanged: sorted.length - 3 });
    expect(second.notes.join('\n')).toContain('2 rows repeat an account and date seen earlier in the file');
    expect(await backend.rows(db, 'SELECT account_id, logins FROM usage_daily WHERE day = ? AND account_id IN (?, ?) ORDER BY account_id', dayOf(4), accountId(1), accountId(2))).toEqual([
      { account_id: accountId(1), logins: 55 },
      { account_id: accountId(2), logins: (2 + 4) % 7 },
    ]);
    expect(await backend.rows(db, 'SELECT count(*) AS n FROM usage_daily')).toEqual([{ n: sorted.length + 1 }]);
  });

  it('long usage in any order merges the metrics of each account and day and counts account-days', async () => {
    const list = rows(4);
    const long = list.flatMap((r) => [
      ...(r.logins === '' ? [] : [`${accountId(r.account)},${day(r.day)},logins,${r.logins}`]),
      ...(r.users === '' ? [] : [`${accountId(r.account)},${day(r.day)},active_users,${r.users}`]),
    ]);
    const withMetrics = list.filter((r) => r.logins !== '' || r.users !== '').length;
    const tables: unknown[][] = [];
    let grouped = '';
    for (const [order, lines] of [['grouped', long], ['shuffled', shuffledLines(long, 2)]] as const) {
      const db = await freshDb(`long-${order}`);
      const result = await importCsv(db, 'usage', `long-${order}.csv`, `account_id,date,metric,value\n${lines.join('\n')}\n`);
      expect(result, order).toMatchObject({ rows: long.length, inserted: withMetrics, updated: 0, unchanged: 0, usage_shape: 'long' });
      const again = await importCsv(db, 'usage', `long-${order}.csv`, `account_id,date,metric,value\n${lines.join('\n')}\n`);
      expect(again, order).toMatchObject({ inserted: 0, updated: 0, unchanged: withMetrics });
      // The JSON lists metrics in the order the file gave them: compare the values.
      tables.push(await backend.rows(db, 'SELECT account_id, day, logins, active_users FROM usage_daily ORDER BY account_id, day'));
      if (order === 'grouped') grouped = db;
    }
    expect(tables[1]).toEqual(tables[0]);
    const wideDb = await freshDb('long-wide');
    await importCsv(wideDb, 'usage', 'long-wide.csv', csv(list));
    expect(await backend.rows(grouped, 'SELECT account_id, day, logins, active_users FROM usage_daily ORDER BY account_id, day')).toEqual(
      await backend.rows(wideDb, "SELECT account_id, day, logins, active_users FROM usage_daily WHERE metrics <> '{}' ORDER BY account_id, day"),
    );
  });

  it('a file sorted at first and out of order later keeps every row, later values winning', async () => {
    const list = byAccount(rows(6));
    // The sorted head, then a repeat of an account-day of the head and rows of the head's range again.
    const head = list.slice(0, 300);
    const repeat = { ...head[10]!, logins: 999, users: 1 };
    const tail = [repeat, ...shuffled(list.slice(300), 3)];
    const db = await freshDb('mixed');
    const result = await importCsv(db, 'usage', 'mixed.csv', csv([...head, ...tail]));
    expect(result).toMatchObject({ rows: list.length + 1, inserted: list.length, updated: 0, unchanged: 0 });
    expect(result.notes.join('\n')).toContain('1 rows repeat an account and date seen earlier in the file');
    expect(await backend.rows(db, 'SELECT logins, active_users FROM usage_daily WHERE account_id = ? AND day = ?', accountId(repeat.account), day(repeat.day))).toEqual([{ logins: 999, active_users: 1 }]);
    expect(await backend.rows(db, 'SELECT count(*) AS n FROM usage_daily')).toEqual([{ n: list.length }]);
  });
});

function shuffledLines(lines: string[], seed: number): string[] {
  const next = seededRandom(seed);
  const out = [...lines];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
