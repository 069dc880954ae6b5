import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport } from '../../src/commands/import.js';
import { ACCOUNTS_CSV, queryAll, tableChecksums, tempDir, writeFile } from '../helpers/cli.js';
import { dropDatabases } from '../helpers/postgres.js';
import { storeBackends, type StoreBackend } from '../helpers/store-backends.js';

/** A store (a SQLite file unless `backend` says otherwise) holding the accounts and one subscription. */
async function setup(timeZone = 'America/New_York', backend?: StoreBackend) {
  const dir = tempDir();
  const context: CommandContext = {
    cwd: dir, config: configSchema.parse({ time_zone: timeZone }), configSource: undefined, dbPath: backend ? await backend.fresh(dir) : path.join(dir, 'csops.db'),
    asOf: '2026-11-20', format: 'json', now: () => new Date('2026-11-20T12:00:00Z'), version: 'test',
  };
  const run = (name: string, content: string, extra: { skipInvalid?: boolean; force?: boolean } = {}) =>
    runImport(context, { files: [writeFile(dir, name, content)], map: [], dryRun: false, skipInvalid: false, force: false, ...extra });
  await run('accounts.csv', ACCOUNTS_CSV);
  await run('contracts.csv', 'contract_id,account_id,start_date,arr\nSUB-9,A-2,2026-01-01,100\n');
  return { dir, db: context.dbPath, run };
}

const MIXPANEL = [
  'event,distinct_id,time,company_id',
  'Login,u1,1781020800,A-1', // 2026-06-09T16:00Z = 12:00 New York
  'Report Created,u1,1781024400,A-1',
  'Login,u2,1781031600,A-1',
  'Login,u1,1781053200,A-1', // 2026-06-10T01:00Z = 21:00 on the 9th in New York
  '$session_start,u3,1781110800,A-1', // 2026-06-10T17:00Z: the 10th
].join('\n');

describe('usage as raw events', () => {
  it('rolls Mixpanel-shaped events up per account and day in the configured zone', async () => {
    const { db, run } = await setup();
    const summary = await run('events.csv', `${MIXPANEL}\n`);
    expect(summary.files[0]).toMatchObject({ kind: 'usage', usage_shape: 'events', rows: 5, inserted: 2 });
    expect(queryAll(db, 'SELECT day, metrics FROM usage_daily ORDER BY day')).toEqual([
      { day: '2026-06-09', metrics: '{"events":4,"logins":3,"active_users":2,"login":3,"report_created":1}' },
      { day: '2026-06-10', metrics: '{"events":1,"logins":1,"active_users":1,"session_start":1}' },
    ]);
  });

  it('a re-import of the same events changes nothing', async () => {
    const { db, run } = await setup();
    await run('events.csv', `${MIXPANEL}\n`);
    const before = tableChecksums(db);
    const again = await run('events.csv', `${MIXPANEL}\n`, { force: true });
    expect(again.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect({ ...tableChecksums(db), import_runs: '' }).toEqual({ ...before, import_runs: '' });
  });

  it('reads Amplitude and PostHog shapes and resolves events keyed by a subscription', async () => {
    const { db, run } = await setup('UTC');
    await run('amplitude.csv', 'user_id,event_type,event_time,account_id\nu7,sign_in,2026-06-09 23:59:59.749000,A-1\nu8,export,2026-06-10 00:00:01.000000,A-1\n');
    await run('posthog.csv', 'event,distinct_id,timestamp,subscription_id\npageview,p1,2026-06-09T10:00:00.000Z,SUB-9\npageview,p2,2026-06-09T11:00:00+02:00,SUB-9\n');
    expect(queryAll(db, 'SELECT account_id, day, metrics FROM usage_daily ORDER BY account_id, day')).toEqual([
      { account_id: 'A-1', day: '2026-06-09', metrics: '{"events":1,"logins":1,"active_users":1,"sign_in":1}' },
      { account_id: 'A-1', day: '2026-06-10', metrics: '{"events":1,"logins":0,"active_users":1,"export":1}' },
      { account_id: 'A-2', day: '2026-06-09', metrics: '{"events":2,"logins":0,"active_users":2,"pageview":2}' },
    ]);
  });

  it('an event for an unknown account or subscription is a row problem with its line', async () => {
    const { run } = await setup();
    await expect(run('bad.csv', 'event,distinct_id,time,company_id,subscription_id\nLogin,u1,1781020800,A-404,\nLogin,u1,1781020800,,SUB-404\n')).rejects.toThrow(
      /bad\.csv:2: column "company_id": an imported account; account "A-404" is unknown[\s\S]*bad\.csv:3: column "subscription_id": an imported contract or subscription id/,
    );
  });

  it('an event at a placeholder time (epoch zero, Excel zero date) is a row problem, never counted on 1970-01-01', async () => {
    const { run } = await setup();
    const file = 'event,distinct_id,time,company_id\nLogin,u1,1970-01-01 00:00:00,A-1\nLogin,u1,1899-12-30,A-1\nLogin,u1,1970-01-01 09:30:00,A-1\n';
    await expect(run('zero.csv', file)).rejects.toThrow(
      /zero\.csv:2: column "time": a real event time; "1970-01-01 00:00:00" is a placeholder[\s\S]*zero\.csv:3: column "time": a real event time; "1899-12-30" is a placeholder/,
    );
    // A real time on the epoch's day is an event like any other.
    const summary = await run('zero.csv', file, { skipInvalid: true });
    expect(summary.files[0]).toMatchObject({ rows: 3, rejected: 2, inserted: 1 });
  });

  it('counts distinct users per account and day however many users and in whatever order', async () => {
    // 70 users on A-1 (more than one 32-bit word of user bits), the same ids also on A-2, and the
    // first day revisited after the second; every user appears twice on each of its days.
    const lines = ['event,distinct_id,time,company_id'];
    const day9 = 1781020800; // 2026-06-09T16:00Z
    const day10 = day9 + 86_400;
    for (const time of [day9, day10, day9]) {
      for (let user = 0; user < 70; user++) lines.push(`click,u${user},${time + user},A-1`);
    }
    for (let user = 60; user < 65; user++) lines.push(`click,u${user},${day10},A-2`);
    const { db, run } = await setup('UTC');
    await run('e.csv', `${lines.join('\n')}\n`);
    expect(queryAll(db, 'SELECT account_id, day, metrics FROM usage_daily ORDER BY account_id, day')).toEqual([
      { account_id: 'A-1', day: '2026-06-09', metrics: '{"events":140,"logins":0,"active_users":70,"click":140}' },
      { account_id: 'A-1', day: '2026-06-10', metrics: '{"events":70,"logins":0,"active_users":70,"click":70}' },
      { account_id: 'A-2', day: '2026-06-10', metrics: '{"events":5,"logins":0,"active_users":5,"click":5}' },
    ]);
  });

  it('the worker path rolls up exactly as the main thread does', async () => {
    const lines = ['event,distinct_id,time,company_id'];
    for (let index = 0; index < 3000; index++) lines.push(`${index % 3 ? 'click' : 'login'},u${index % 17},${1781020800 + index * 97},A-${(index % 3) + 1}`);
    const inThread = await setup();
    await inThread.run('e.csv', `${lines.join('\n')}\n`);
    process.env.CSOPS_IMPORT_WORKER_MIN_BYTES = '0';
    try {
      const inWorker = await setup();
      await inWorker.run('e.csv', `${lines.join('\n')}\n`);
      expect(tableChecksums(inWorker.db).usage_daily).toBe(tableChecksums(inThread.db).usage_daily);
      expect(queryAll(inWorker.db, 'SELECT count(*) AS n FROM product_user_weeks')).toEqual([{ n: 3 * 17 }]); // every user on every account, all in one week
      expect(tableChecksums(inWorker.db).product_user_weeks).toBe(tableChecksums(inThread.db).product_user_weeks);
    } finally {
      delete process.env.CSOPS_IMPORT_WORKER_MIN_BYTES;
    }
  });
});

describe.each(storeBackends('product user-weeks'))("each product user's active days per week (issue 21: a contact's last day in the product) ($name)", (backend) => {
  afterAll(() => dropDatabases());
  const weeks = (db: string) => backend.rows<{ account_id: string; user_key: string; week: string; days: number }>(db, 'SELECT account_id, user_key, week, days FROM product_user_weeks ORDER BY account_id, user_key, week');

  it("keeps each user's days of each ISO week as bits (1 Monday … 64 Sunday), on the zone's day", async () => {
    const { db, run } = await setup(undefined, backend);
    const summary = await run('events.csv', `${MIXPANEL}\n`);
    expect(summary.files[0]!.notes).toContain('kept the active days of 3 user-weeks (3 new or with new days): a contact whose e-mail is the user id is active in the product on those days');
    // 2026-06-09 is a Tuesday (bit 2); u1's login at 01:00Z on the 10th is the 9th in New York; u3 on Wednesday the 10th.
    expect(await weeks(db)).toEqual([
      { account_id: 'A-1', user_key: 'u1', week: '2026-06-08', days: 2 },
      { account_id: 'A-1', user_key: 'u2', week: '2026-06-08', days: 2 },
      { account_id: 'A-1', user_key: 'u3', week: '2026-06-08', days: 4 },
    ]);
    // The same events again: no day is new, nothing changes.
    const before = await backend.checksums(db);
    const again = await run('events.csv', `${MIXPANEL}\n`, { force: true });
    expect(again.files[0]).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(again.files[0]!.notes).toContain('kept the active days of 3 user-weeks (0 new or with new days): a contact whose e-mail is the user id is active in the product on those days');
    expect({ ...(await backend.checksums(db)), import_runs: '' }).toEqual({ ...before, import_runs: '' });
  });

  it('matches user ids whatever their case and spacing, splits weeks on Monday, and a later file only adds days', async () => {
    const { db, run } = await setup('UTC', backend);
    // Sunday 2026-06-14 and Monday 2026-06-15 fall in two weeks.
    await run('a.csv', 'event,distinct_id,time,company_id\nLogin,Ana@Acme.com,2026-06-14T10:00:00Z,A-1\nLogin, ana@acme.com ,2026-06-15T10:00:00Z,A-1\nLogin,ana@acme.com,2026-06-15T11:00:00Z,A-2\n');
    expect(await weeks(db)).toEqual([
      { account_id: 'A-1', user_key: 'ana@acme.com', week: '2026-06-08', days: 64 },
      { account_id: 'A-1', user_key: 'ana@acme.com', week: '2026-06-15', days: 1 },
      { account_id: 'A-2', user_key: 'ana@acme.com', week: '2026-06-15', days: 1 },
    ]);
    // A file of other days of the same week adds them; the days it does not list stay.
    const later = await run('b.csv', 'event,distinct_id,time,company_id\nLogin,ana@acme.com,2026-06-17T10:00:00Z,A-1\n');
    expect(later.files[0]!.notes).toContain('kept the active days of 1 user-weeks (1 new or with new days): a contact whose e-mail is the user id is active in the product on those days');
    expect((await weeks(db)).filter((row) => row.account_id === 'A-1')).toEqual([
      { account_id: 'A-1', user_key: 'ana@acme.com', week: '2026-06-08', days: 64 },
      { account_id: 'A-1', user_key: 'ana@acme.com', week: '2026-06-15', days: 1 | 4 },
    ]);
  });

  it('keeps users beyond the first 32 of an account, and nothing for a file without user ids', async () => {
    const { db, run } = await setup('UTC', backend);
    const lines = ['event,distinct_id,time,company_id'];
    for (let user = 0; user < 70; user++) lines.push(`click,u${user},2026-06-10T10:00:00Z,A-1`, `click,u${user},2026-06-12T10:00:00Z,A-1`);
    await run('e.csv', `${lines.join('\n')}\n`);
    const rows = await weeks(db);
    expect(rows).toHaveLength(70);
    expect(rows.every((row) => row.days === (4 | 16))).toBe(true);
    expect(new Set(rows.map((row) => row.user_key)).size).toBe(70);
    const noUsers = await setup('UTC', backend);
    const summary = await noUsers.run('n.csv', 'event,time,company_id\nclick,2026-06-10T10:00:00Z,A-1\n');
    expect(summary.files[0]!.notes.join(' ')).not.toContain('user-weeks');
    expect(await weeks(noUsers.db)).toEqual([]);
  });
});

describe('usage keyed by subscription or user', () => {
  it('adds up rows of several subscriptions of one account on one day, however far apart', async () => {
    const { db, run } = await setup('UTC');
    await run('contracts2.csv', 'contract_id,account_id,start_date,arr\nSUB-1,A-1,2026-01-01,100\nSUB-2,A-1,2026-01-01,100\n');
    const rows = ['subscription_id,date,logins,api_calls', 'SUB-1,2026-06-09,3,100'];
    for (let index = 0; index < 30_000; index++) rows.push(`SUB-9,2026-0${(index % 5) + 1}-1${index % 10},1,1`);
    rows.push('SUB-2,2026-06-09,4,50');
    const summary = await run('subs.csv', `${rows.join('\n')}\n`);
    expect(summary.files[0]).toMatchObject({ rejected: 0 });
    expect(queryAll(db, "SELECT metrics FROM usage_daily WHERE account_id = 'A-1' AND day = '2026-06-09'")).toEqual([{ metrics: '{"logins":7,"api_calls":150}' }]);
  });

  it('resolves users by their e-mail domain and sums them', async () => {
    const { db, run, dir } = await setup('UTC');
    await runImport(
      { cwd: dir, config: configSchema.parse({}), configSource: undefined, dbPath: db, asOf: '2026-11-20', format: 'json', now: () => new Date('2026-11-20T12:00:00Z'), version: 'test' },
      { kind: 'accounts', files: [writeFile(dir, 'dom.csv', 'account_id,name,domain\nA-1,Acme Corp,acme.com\n')], map: [], dryRun: false, skipInvalid: false, force: false },
    );
    await run('users.csv', 'user_id,date,metric,value\nana@acme.com,2026-06-09,logins,2\nbo@ACME.com,2026-06-09,logins,5\n');
    expect(queryAll(db, "SELECT metrics FROM usage_daily WHERE account_id = 'A-1'")).toEqual([{ metrics: '{"logins":7}' }]);
    await expect(run('stranger.csv', 'user_id,date,logins\nx@nowhere.org,2026-06-09,1\n')).rejects.toThrow(/column "user_id": a user whose e-mail domain is an account's domain/);
  });
});
