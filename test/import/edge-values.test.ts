/**
 * Issue 17, values at the edges, through the built binary on real files and databases: far-future
 * "no end" dates, UTC offsets past ±14:00, numbers a double cannot hold, and the derived survey id
 * staying the same across re-imports of an export. Each import runs in the main thread and in the
 * import worker (CSOPS_IMPORT_WORKER_MIN_BYTES=0), which must agree.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNTS_CSV, CSOPS_BIN, queryAll, tableChecksums, tempDir, testEnv, writeFile, type CliResult } from '../helpers/cli.js';

// Each test runs the binary several times; on a busy machine that takes more than the default 5 s.
vi.setConfig({ testTimeout: 60_000 });

const PATHS = [
  { name: 'main thread', env: {} },
  { name: 'import worker', env: { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' } },
] as const;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Workspace {
  dir: string;
  db: string;
  env: Record<string, string>;
}

/** The built binary, run without blocking the test worker's event loop (spawnSync would stall vitest's RPC). */
function runCliAsync(args: string[], cwd: string, env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CSOPS_BIN, ...args], { cwd, env: testEnv(env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function workspace(env: Record<string, string> = {}, config?: object): Promise<Workspace> {
  const dir = tempDir('csops-edge-');
  dirs.push(dir);
  if (config) writeFile(dir, 'csops.config.json', JSON.stringify({ time_zone: 'UTC', currency: 'USD', ...config }));
  const ws = { dir, db: path.join(dir, 'csops.db'), env };
  writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
  expect((await csops(ws, ['import', 'accounts', 'accounts.csv'])).code).toBe(0);
  return ws;
}

function csops(ws: Workspace, args: string[]): Promise<CliResult> {
  return runCliAsync(['--db', ws.db, ...args], ws.dir, ws.env);
}

function importFile(ws: Workspace, kind: string, name: string, content: string, ...flags: string[]): Promise<CliResult> {
  writeFile(ws.dir, name, content);
  return csops(ws, ['--format', 'json', 'import', kind, name, ...flags]);
}

interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
  notes: string[];
}

async function counts(pending: Promise<CliResult>): Promise<Counts> {
  const result = await pending;
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { files: Counts[] }).files[0]!;
}

/** Runs an import expected to fail with 65, and checks that nothing was written. */
async function refused(ws: Workspace, kind: string, name: string, content: string): Promise<string> {
  const before = tableChecksums(ws.db);
  const result = await importFile(ws, kind, name, content);
  expect(result.code, result.stderr).toBe(65);
  expect(tableChecksums(ws.db)).toEqual(before);
  return result.stderr;
}

describe.each(PATHS)('far-future end dates mean "no end date" ($name)', ({ env }) => {
  it('reads years from 4000 on as no end, in any date form, and counts them in a note', async () => {
    const ws = await workspace(env);
    const file = [
      'contract_id,account_id,start_date,end_date,arr,currency',
      'C-1,A-1,2025-01-01,9999-12-31,1000,USD',
      'C-2,A-1,2025-02-01,4000-12-31,1000,USD',
      'C-3,A-2,2025-03-01,9999-12-31 00:00:00,1000,EUR',
      'C-4,A-3,2025-04-01,2026-03-31,1000,USD',
    ].join('\n');
    const result = await counts(importFile(ws, 'contracts', 'contracts.csv', file));
    expect(result.inserted).toBe(4);
    expect(result.notes).toContainEqual(expect.stringMatching(/^end_date: 3 far-future dates read as no end date \("4000-12-31" 1, "9999-12-31" 1, "9999-12-31 00:00:00" 1\); import\.no_end_year/));
    const ends = queryAll<{ contract_id: string; end_date: string | null }>(ws.db, 'SELECT contract_id, end_date FROM contracts ORDER BY contract_id');
    expect(ends).toEqual([
      { contract_id: 'C-1', end_date: null },
      { contract_id: 'C-2', end_date: null },
      { contract_id: 'C-3', end_date: null },
      { contract_id: 'C-4', end_date: '2026-03-31' },
    ]);
  });

  it('refuses a year from 3000 to 3999 by default, naming import.no_end_year; the config can move the line', async () => {
    const file = 'contract_id,account_id,start_date,end_date,arr,currency\nC-1,A-1,2025-01-01,3500-06-30,1000,USD\n';
    const strict = await workspace(env);
    expect(await refused(strict, 'contracts', 'contracts.csv', file)).toMatch(/contracts\.csv:2: column "end_date": expected a date in the years 1900 to 2999; 3500-06-30 is outside them .*import\.no_end_year/);
    const moved = await workspace(env, { import: { no_end_year: 3000 } });
    const result = await counts(importFile(moved, 'contracts', 'contracts.csv', file));
    expect(result.inserted).toBe(1);
    expect(queryAll(moved.db, 'SELECT end_date FROM contracts')).toEqual([{ end_date: null }]);
  });

  it('only end dates: a start date of 9999-12-31 is still an error', async () => {
    const ws = await workspace(env);
    expect(await refused(ws, 'contracts', 'contracts.csv', 'contract_id,account_id,start_date,end_date,arr,currency\nC-1,A-1,9999-12-31,,1000,USD\n')).toMatch(/column "start_date"/);
  });
});

describe.each(PATHS)('UTC offsets ($name)', ({ env }) => {
  it('accepts -12:00 to +14:00 and refuses offsets beyond ±14:00 or with more than 59 minutes, naming the column', async () => {
    const ws = await workspace(env);
    const ok = 'ticket_id,account_id,created_at\nT-1,A-1,2026-01-01T10:00:00+14:00\nT-2,A-1,2026-01-01T10:00:00-12:00\nT-3,A-1,2026-01-01T10:00:00-0930\n';
    expect((await counts(importFile(ws, 'tickets', 'ok.csv', ok))).inserted).toBe(3);
    expect(queryAll(ws.db, 'SELECT ticket_id, created_at FROM tickets ORDER BY ticket_id')).toEqual([
      { ticket_id: 'T-1', created_at: '2025-12-31T20:00:00.000Z' },
      { ticket_id: 'T-2', created_at: '2026-01-01T22:00:00.000Z' },
      { ticket_id: 'T-3', created_at: '2026-01-01T19:30:00.000Z' },
    ]);
    for (const offset of ['+25:00', '+14:30', '-15:00', '+05:75', '+99']) {
      const stderr = await refused(ws, 'tickets', 'bad.csv', `ticket_id,account_id,created_at\nT-9,A-1,2026-01-01T10:00:00${offset}\n`);
      expect(stderr).toContain(`bad.csv:2: column "created_at": expected a UTC offset from -14:00 to +14:00; 2026-01-01T10:00:00${offset} has ${offset}`);
    }
  });
});

describe.each(PATHS)('numbers a double cannot hold are errors naming the column, never changed ($name)', ({ env }) => {
  it.each([
    ['9007199254740993', /column "logins": expected a number below 2\^53/],
    ['-9007199254740993', /column "logins": expected a number below 2\^53/],
    ['1.5e300', /column "logins": expected a number below 2\^53/],
    ['1e400', /column "logins": expected a number csops can store; this one is too large \(it would become infinity\)/],
    ['1e-400', /column "logins": expected a number csops can store; this one is too small \(it would become 0\)/],
    ['0.000…1'.replace('…', '0'.repeat(400)), /column "logins": expected a number csops can store; this one is too small/],
  ])('%s', async (value, message) => {
    const ws = await workspace(env);
    expect(await refused(ws, 'usage', 'usage.csv', `account_id,date,logins\nA-1,2026-10-01,${value}\n`)).toMatch(message);
  });

  it('stores the largest exact whole number, a tiny non-zero value and zero as written', async () => {
    const ws = await workspace(env);
    await counts(importFile(ws, 'usage', 'usage.csv', 'account_id,date,logins,ratio\nA-1,2026-10-01,9007199254740991,1e-300\nA-2,2026-10-01,0,0.0e5\n'));
    const metrics = queryAll<{ account_id: string; metrics: string }>(ws.db, 'SELECT account_id, metrics FROM usage_daily ORDER BY account_id').map((row) => ({ ...row, metrics: JSON.parse(row.metrics) as Record<string, number> }));
    expect(metrics[0]!.metrics.logins).toBe(9007199254740991);
    expect(metrics[0]!.metrics.ratio).toBe(1e-300);
    expect(metrics[1]!.metrics.logins ?? 0).toBe(0);
  });
});

/** The id csops derived before issue 17 (and still derives when the file has a kind column). */
function idWithKind(account: string, respondedAt: string, kind: string, respondent: string): string {
  return `R-${createHash('sha256').update([account, respondedAt, kind, respondent].join('\u0000')).digest('hex').slice(0, 16)}`;
}

describe.each(PATHS)('a derived survey id is stable across re-imports of an export ($name)', ({ env }) => {
  // "Submission No" is not a header csops knows: the id is derived.
  const header = 'Submission No,account_id,responded_at,score,comment,respondent';
  const first = [header, 'S-1,A-1,2026-03-01 10:00,4,ok,ana@example.com', 'S-2,A-2,2026-03-02 11:00,5,,bo@example.com', 'S-3,A-1,2026-03-03,3,meh,'].join('\n');

  it('the same export again (--force): 0 inserted, all unchanged', async () => {
    const ws = await workspace(env);
    expect((await counts(importFile(ws, 'surveys', 'export.csv', first))).inserted).toBe(3);
    const again = await counts(importFile(ws, 'surveys', 'export.csv', first, '--force'));
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 3]);
  });

  it('a field outside the key changed (comment, score): updated, not duplicated', async () => {
    const ws = await workspace(env);
    await counts(importFile(ws, 'surveys', 'export.csv', first));
    const edited = first.replace('4,ok,ana', '2,not ok any more,ana').replace('3,meh,', '1,meh,');
    const again = await counts(importFile(ws, 'surveys', 'export-2.csv', edited));
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 2, 1]);
    expect(queryAll(ws.db, 'SELECT COUNT(*) AS n FROM surveys')).toEqual([{ n: 3 }]);
    expect(queryAll(ws.db, "SELECT comment FROM surveys WHERE respondent = 'ana@example.com'")).toEqual([{ comment: 'not ok any more' }]);
  });

  it('a later export whose scores change the inferred scale (CSAT → NPS) updates the same responses', async () => {
    const ws = await workspace(env);
    expect((await counts(importFile(ws, 'surveys', 'export.csv', first))).notes).toContainEqual(expect.stringContaining('scores read as CSAT'));
    const later = `${first}\nS-4,A-3,2026-03-04 09:00,9,great,cy@example.com`;
    const again = await counts(importFile(ws, 'surveys', 'export-2.csv', later));
    expect(again.notes).toContainEqual(expect.stringContaining('scores read as NPS'));
    expect([again.inserted, again.updated + again.unchanged]).toEqual([1, 3]);
    expect(queryAll(ws.db, 'SELECT COUNT(*) AS n FROM surveys')).toEqual([{ n: 4 }]);
  });

  it('responses stored with the kind in their id (a kind column, or an earlier csops) keep it when a kind-less export arrives', async () => {
    const ws = await workspace(env);
    const withKind = ['account_id,responded_at,kind,score,respondent', 'A-1,2026-03-01 10:00,csat,4,ana@example.com', 'A-2,2026-03-02 11:00,csat,5,bo@example.com'].join('\n');
    await counts(importFile(ws, 'surveys', 'with-kind.csv', withKind));
    const ids = queryAll<{ response_id: string }>(ws.db, 'SELECT response_id FROM surveys ORDER BY response_id').map((row) => row.response_id);
    expect(ids).toEqual([idWithKind('A-1', '2026-03-01T10:00:00.000Z', 'csat', 'ana@example.com'), idWithKind('A-2', '2026-03-02T11:00:00.000Z', 'csat', 'bo@example.com')].sort());
    const kindless = ['account_id,responded_at,score,respondent', 'A-1,2026-03-01 10:00,4,ana@example.com', 'A-2,2026-03-02 11:00,5,bo@example.com'].join('\n');
    const again = await counts(importFile(ws, 'surveys', 'kindless.csv', kindless));
    expect(again.inserted).toBe(0);
    expect(queryAll(ws.db, 'SELECT COUNT(*) AS n FROM surveys')).toEqual([{ n: 2 }]);
  });

  it('without a kind column, an NPS file and a CSAT file answered by the same person the same day are two responses', async () => {
    const ws = await workspace(env);
    const nps = ['account_id,responded_at,score,respondent', 'A-1,2026-03-01,9,ana@example.com'].join('\n');
    const csat = ['account_id,responded_at,score,respondent', 'A-1,2026-03-01,4,ana@example.com'].join('\n');
    expect((await counts(importFile(ws, 'surveys', 'nps.csv', nps))).inserted).toBe(1);
    expect((await counts(importFile(ws, 'surveys', 'csat.csv', csat))).inserted).toBe(1);
    expect(queryAll(ws.db, 'SELECT kind, score FROM surveys ORDER BY kind')).toEqual([{ kind: 'csat', score: 4 }, { kind: 'nps', score: 9 }]);
  });

  it('with a kind column, an NPS and a CSAT answered by the same person at the same time are two responses', async () => {
    const ws = await workspace(env);
    const both = ['account_id,responded_at,kind,score,respondent', 'A-1,2026-03-01,nps,9,ana@example.com', 'A-1,2026-03-01,csat,5,ana@example.com'].join('\n');
    expect((await counts(importFile(ws, 'surveys', 'both.csv', both))).inserted).toBe(2);
  });

  it('a different respondent, time or account is a different response', async () => {
    const ws = await workspace(env);
    await counts(importFile(ws, 'surveys', 'export.csv', first));
    const others = [header, 'S-1,A-1,2026-03-01 10:00,4,ok,other@example.com', 'S-2,A-2,2026-03-02 11:01,5,,bo@example.com', 'S-3,A-2,2026-03-03,3,meh,'].join('\n');
    expect((await counts(importFile(ws, 'surveys', 'others.csv', others))).inserted).toBe(3);
  });
});
