import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, startCli, tempDir } from '../helpers/cli.js';
import { dropDatabases, freshDatabase, noteSkippedWithoutPostgres, onDatabase, POSTGRES_URL } from '../helpers/postgres.js';

noteSkippedWithoutPostgres('csops risk, churn-model, tier, renewals, report, metrics, account, value and alerts on PostgreSQL against SQLite');

const CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');

/**
 * Issue 25: csops risk (with backtest and --model learned), churn-model fit, tier, renewals, report, metrics, account and value on PostgreSQL give what they give on SQLite, byte for byte —
 * stdout, stderr and exit code — for the sample company copied into PostgreSQL with csops db copy, on
 * days across its year (the --as-of replay), in every format, with filters, --explain and --changes.
 */
describe.skipIf(POSTGRES_URL === undefined)('csops risk, tier, renewals, report, metrics, account and value on PostgreSQL', () => {
  let dir: string;
  let sqlite: string;
  let postgres: string;

  beforeAll(async () => {
    dir = tempDir('csops-pg-risk-');
    sqlite = sampleDatabase(dir);
    postgres = await freshDatabase();
    const copy = runCli(['--db', sqlite, 'db', 'copy', '--to', postgres], { cwd: dir });
    expect(copy.code, copy.stderr).toBe(0);
  }, 120_000);
  afterAll(() => dropDatabases());

  const runs: Array<[string, string[]]> = [
    ['2026-11-20', ['risk', '--format', 'json']],
    ['2026-11-20', ['risk']],
    ['2026-11-20', ['risk', '--changes', '--since', '30d', '--format', 'json']],
    ['2026-11-20', ['risk', '--explain', 'ACC-0007', '--format', 'md']],
    ['2026-11-20', ['risk', '--owner', 'sofia marquez', '--band', 'at_risk,critical', '--format', 'csv']],
    ['2026-06-30', ['risk', '--format', 'json']],
    ['2026-02-28', ['risk', '--format', 'ndjson']],
    ['2025-12-01', ['risk', '--fail-on', 'critical', '--format', 'json']],
    ['2026-11-20', ['tier', '--format', 'json']],
    ['2026-11-20', ['tier', '--summary']],
    ['2026-03-31', ['tier', '--changes', '--owner', 'nobody', '--format', 'json']],
    ['2026-11-20', ['renewals', '--format', 'json']],
    ['2026-06-30', ['renewals', '--within', '180d', '--band', 'at_risk,critical', '--format', 'csv']],
    ['2026-12-25', ['renewals', '--owner', 'Sofia Marquez', '--format', 'md']],
    ['2026-11-20', ['report', 'weekly', '--format', 'json']],
    ['2026-09-30', ['report', 'monthly', '--format', 'md']],
    ['2026-06-30', ['report', 'weekly', '--week', '2026-W10', '--format', 'html']],
    ['2026-11-20', ['metrics', 'retention', '--format', 'json']],
    ['2026-11-20', ['metrics', 'retention', '--period', '2026-Q3', '--by', 'tier', '--format', 'md']],
    ['2026-06-30', ['metrics', 'acquisition', '--by', 'tier', '--format', 'json']],
    ['2026-11-20', ['metrics', 'retention', '--period', 'bad']],
    ['2026-11-20', ['account', 'ACC-0023', '--format', 'json']],
    ['2026-11-20', ['risk', 'backtest', '--format', 'json']],
    ['2026-11-20', ['risk', '--model', 'learned']],
    ['2026-11-20', ['value', 'ACC-0023', '--format', 'json']],
    ['2026-11-20', ['value', 'bramble shipping', '--period', '2026-Q2', '--format', 'html']],
  ];

  it.each(runs)('as of %s: csops %s gives the same output and exit code as on SQLite', async (day, args) => {
    // Both sides at once: the two runs are independent readers.
    const on = (db: string) => runCliAsync(['--db', db, '--config', CONFIG, '--as-of', day, ...args], dir);
    const [expected, actual] = await Promise.all([on(sqlite), on(postgres)]);
    expect(actual.code, actual.stderr).toBe(expected.code);
    expect(actual.stdout).toBe(expected.stdout);
    expect(actual.stderr).toBe(expected.stderr);
    // Something to compare: a page of output, or (for a refused --period) the error.
    expect((expected.code === 2 ? expected.stderr : expected.stdout).trim().length).toBeGreaterThan(20);
  }, 60_000);

  it('risk --save, tier --save and churn-model fit --save keep the same rows as on SQLite, and the next runs (account\'s history too) read them alike', async () => {
    const local = path.join(dir, 'saving.db');
    fs.copyFileSync(sqlite, local);
    const shared = await freshDatabase();
    expect(runCli(['--db', local, 'db', 'copy', '--to', shared], { cwd: dir }).code).toBe(0);
    const steps = [
      ['2026-11-20', ['risk', '--save', '--format', 'json']],
      ['2026-11-20', ['tier', '--save', '--format', 'json']],
      ['2026-11-27', ['risk', '--format', 'json']],
      ['2026-11-27', ['tier', '--changes', '--format', 'json']],
      ['2026-11-27', ['account', 'ACC-0023', '--format', 'json']],
      ['2026-11-20', ['churn-model', 'fit', '--save', '--force', '--format', 'json']],
      ['2026-11-27', ['risk', '--model', 'learned', '--format', 'json']],
    ] as const;
    for (const [day, args] of steps) {
      const on = (db: string) => runCliAsync(['--db', db, '--config', CONFIG, '--as-of', day, ...args], dir);
      const [expected, actual] = await Promise.all([on(local), on(shared)]);
      expect(actual.code, actual.stderr).toBe(expected.code);
      expect(expected.code, expected.stderr).toBe(0);
      expect(timeless(actual.stdout), `${day} ${args.join(' ')}`).toBe(timeless(expected.stdout));
    }
    const file = new Database(local, { readonly: true });
    const byId = (a: { account_id: string }, b: { account_id: string }) => (a.account_id < b.account_id ? -1 : a.account_id > b.account_id ? 1 : 0);
    for (const sql of ["SELECT h.account_id, h.score, h.band, h.confidence, h.detail FROM health_snapshots h JOIN snapshot_runs r ON r.id = h.run_id WHERE r.as_of = '2026-11-20' ORDER BY 1", "SELECT t.account_id, t.tier, t.rule, t.reason FROM tier_snapshots t JOIN snapshot_runs r ON r.id = t.run_id WHERE r.as_of = '2026-11-20' ORDER BY 1"]) {
      const rows = (file.prepare(sql).all() as Array<{ account_id: string }>).sort(byId);
      expect(rows.length).toBeGreaterThan(100);
      expect((await onDatabase(shared, (client) => client.query(sql))).rows.sort(byId)).toEqual(rows);
    }
    const models = 'SELECT id::int AS id, as_of::text AS as_of, trained_from::text AS trained_from, trained_to::text AS trained_to, horizon_days, cases::int AS cases, churned::int AS churned, cv_auc, rule_auc, model, figures, csops_version FROM churn_models ORDER BY id';
    const savedModels = file.prepare(models.replace(/::\w+/g, '')).all();
    expect(savedModels).toHaveLength(1);
    expect((await onDatabase(shared, (client) => client.query(models))).rows).toEqual(savedModels);
    file.close();
  }, 120_000);

  it('a database csops never wrote to is refused with what to do (exit 2)', async () => {
    const empty = await freshDatabase();
    const result = runCli(['--db', empty, 'risk'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds no csops data');
    expect(result.stderr).toContain('db copy --to');
  }, 60_000);
});

/** The built binary, not waiting for it: stdout, stderr and exit code once it ends. */
function runCliAsync(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Instants (recorded_at, saved_at) are the wall clock of each run: the same text on both sides once replaced. */
const timeless = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, 'TIME');

describe.skipIf(POSTGRES_URL === undefined)('the alert queue, its exports and pushes on PostgreSQL', () => {
  it('sync, list, ack, snooze, done, export and push give the same output and leave the same queue and deliveries as on SQLite', async () => {
    const dir = tempDir('csops-pg-alerts-');
    const sqlite = sampleDatabase(dir);
    const postgres = await freshDatabase();
    expect(runCli(['--db', sqlite, 'db', 'copy', '--to', postgres], { cwd: dir }).code).toBe(0);
    // The chat webhook alerts push posts to: it takes every message.
    let posted = 0;
    const webhook = http.createServer((request, response) => {
      request.resume().on('end', () => {
        posted++;
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
    const steps: Array<[string, string[]]> = [
      ['2026-11-27', ['alerts', 'sync', '--format', 'json']],
      ['2026-11-27', ['alerts', '--state', 'all', '--format', 'json']],
      ['2026-11-27', ['alerts', 'ack', '1', '--note', 'called', '--by', 'ana', '--format', 'json']],
      ['2026-11-27', ['alerts', 'snooze', '2', '--until', '2026-12-01', '--by', 'ana']],
      ['2026-11-27', ['alerts', 'done', '3', '--note', 'renewed', '--by', 'ana', '--format', 'json']],
      ['2026-11-27', ['alerts', 'export', '--for', 'generic', '--format', 'json']],
      ['2026-11-27', ['alerts', '--severity', 'critical', 'push', '--to', hook, '--kind', 'slack', '--format', 'json']],
      ['2026-12-05', ['alerts', 'sync']],
      ['2026-12-05', ['alerts', '--owner', 'Sofia Marquez', '--format', 'md']],
      ['2026-12-05', ['alerts', '--fail-on', 'high']],
      ['2026-12-05', ['account', 'ACC-0007', '--format', 'json']],
      // What changed since the first export, then nothing; the alerts pushed before are not sent again.
      ['2026-12-05', ['alerts', 'export', '--for', 'generic']],
      ['2026-12-05', ['alerts', 'export', '--for', 'hubspot_tasks', '--new-only']],
      ['2026-12-05', ['alerts', 'export', '--for', 'generic', '--format', 'json']],
      ['2026-12-05', ['alerts', '--severity', 'critical', 'push', '--to', hook, '--kind', 'slack', '--format', 'json']],
      ['2026-11-01', ['alerts', 'sync']],
    ];
    try {
      for (const [day, args] of steps) {
        // Both sides at once: two databases, one webhook.
        const on = (db: string) => runCliAsync(['--db', db, '--config', CONFIG, '--as-of', day, ...args], dir);
        const [expected, actual] = await Promise.all([on(sqlite), on(postgres)]);
        const label = `${day} csops ${args.join(' ')}`;
        expect(actual.code, `${label}\n${actual.stderr}`).toBe(expected.code);
        expect(timeless(actual.stdout), label).toBe(timeless(expected.stdout));
        expect(actual.stderr, label).toBe(expected.stderr);
      }
    } finally {
      webhook.close();
    }
    expect(posted).toBeGreaterThan(0);
    const file = new Database(sqlite, { readonly: true });
    for (const table of ['alerts', 'alert_events', 'alert_syncs', 'alert_deliveries']) {
      const local = (file.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all() as unknown[][]).map((row) => timeless(JSON.stringify(row)));
      const shared = (await onDatabase(postgres, (client) => client.query({ text: `SELECT * FROM ${table} ORDER BY 1, 2`, rowMode: 'array', types: { getTypeParser: () => (value: string) => (/^-?\d+$/.test(value) ? Number(value) : value) } }))).rows.map((row) => timeless(JSON.stringify(row)));
      expect(shared, table).toEqual(local);
      expect(local.length, table).toBeGreaterThan(0);
    }
    file.close();
  }, 240_000);

  it('two syncs of the same day at once, on either backend: both exit 0, and no alert is opened twice', async () => {
    const dir = tempDir('csops-pg-alerts-');
    const sqlite = sampleDatabase(dir);
    const postgres = await freshDatabase();
    expect(runCli(['--db', sqlite, 'db', 'copy', '--to', postgres], { cwd: dir }).code).toBe(0);
    const run = (db: string) =>
      new Promise<number>((resolve) => {
        const child = startCli(['--db', db, '--config', CONFIG, '--as-of', '2026-11-27', 'alerts', 'sync', '--format', 'json'], { cwd: dir });
        child.on('close', (code) => resolve(code ?? -1));
      });
    const duplicates = "SELECT count(*) AS n FROM (SELECT account_id, rule, subject FROM alerts WHERE state <> 'closed' GROUP BY 1, 2, 3 HAVING count(*) > 1) d";
    expect(await Promise.all([run(sqlite), run(sqlite)])).toEqual([0, 0]);
    const file = new Database(sqlite, { readonly: true });
    expect(file.prepare(duplicates).pluck().get()).toBe(0);
    expect(file.prepare("SELECT count(*) FROM alert_syncs WHERE as_of = '2026-11-27'").pluck().get()).toBe(1);
    file.close();
    expect(await Promise.all([run(postgres), run(postgres)])).toEqual([0, 0]);
    const counts = await onDatabase(postgres, (client) => client.query(`SELECT (${duplicates.replace('count(*) AS n', 'count(*)::int')}) AS duplicates, (SELECT count(*)::int FROM alert_syncs WHERE as_of = '2026-11-27') AS syncs`));
    expect(counts.rows[0]).toEqual({ duplicates: 0, syncs: 1 });
  }, 120_000);
});

/**
 * The signal windows at their edges (test/db/portfolio.test.ts reads them from SQLite alone): tickets
 * created either side of the as-of day's end in New York, either side of the 14-day spike window, a
 * ticket closed without a resolution time and one resolved after the day, SLA targets falling due
 * either side of 30 days ago, a detractor inside its follow-up days, usage the day after: the same
 * scores and account pages on both backends.
 */
describe.skipIf(POSTGRES_URL === undefined)('the signal windows at their edges on PostgreSQL', () => {
  afterAll(() => dropDatabases());

  it('risk and account give what they give on SQLite', async () => {
    const dir = tempDir('csops-pg-edges-');
    fs.writeFileSync(path.join(dir, 'csops.config.json'), JSON.stringify({ time_zone: 'America/New_York' }));
    const file = (name: string, lines: string[]) => {
      fs.writeFileSync(path.join(dir, name), `${lines.join('\n')}\n`);
      return name;
    };
    const files = [
      file('accounts.csv', ['account_id,name', 'A,Acme', 'B,Beta']),
      file('contracts.csv', ['contract_id,account_id,start_date,end_date,arr,seats', 'C-A,A,2026-01-01,2026-12-31,50000,10', 'C-B,B,2026-01-15,2027-01-14,9000,3']),
      file('tickets.csv', [
        'ticket_id,account_id,created_at,first_response_at,resolved_at,status,priority,type',
        'T1,A,2026-11-21T04:59:59.000Z,,,,urgent,bug',
        'T2,A,2026-11-21T05:00:00.000Z,,,,urgent,bug',
        'T3,A,2026-11-07T05:00:00.000Z,,,,normal,question',
        'T4,A,2026-11-07T04:59:59.000Z,,,,normal,question',
        'T5,A,2026-11-18T15:00:00.000Z,2026-11-18T16:00:00.000Z,,closed,high,bug',
        'T6,A,2026-11-18T15:00:00.000Z,,2026-11-22T15:00:00.000Z,,high,bug',
        'T7,B,2026-10-19T14:00:00.000Z,2026-10-20T14:00:00.000Z,2026-10-20T15:00:00.000Z,,urgent,question',
        'T8,B,2026-10-22T14:00:00.000Z,2026-10-23T14:00:00.000Z,2026-10-23T15:00:00.000Z,,urgent,question',
      ]),
      file('surveys.csv', ['account_id,responded_at,score,kind,followed_up_at', 'A,2026-11-17T10:00:00Z,3,nps,', 'B,2026-11-10T10:00:00Z,2,nps,2026-11-12T10:00:00Z', 'B,2026-08-22T05:00:00Z,9,nps,']),
      file('usage.csv', ['account_id,date,logins,active_users', 'A,2026-10-25,3,1', 'A,2026-11-20,2,1', 'A,2026-11-21,9,9', 'B,2026-09-01,1,1']),
    ];
    const sqlite = path.join(dir, 'edges.db');
    const postgres = await freshDatabase({ migrated: true });
    for (const imported of await Promise.all([sqlite, postgres].map((db) => runCliAsync(['--db', db, 'import', ...files], dir)))) expect(imported.code, imported.stderr).toBe(0);
    for (const args of [['risk', '--format', 'json'], ['account', 'A', '--format', 'json'], ['account', 'B', '--format', 'json']]) {
      const on = (db: string) => runCliAsync(['--db', db, '--as-of', '2026-11-20', ...args], dir);
      const [expected, actual] = await Promise.all([on(sqlite), on(postgres)]);
      expect(expected.code, expected.stderr).toBe(0);
      expect(actual.stdout, args.join(' ')).toBe(expected.stdout);
      expect(actual.stderr).toBe(expected.stderr);
      if (args[0] === 'risk') expect((JSON.parse(expected.stdout) as { scored: number }).scored).toBe(2);
      // Created in the last second of the day in New York: seen; in the first second of the next: not.
      if (args[1] === 'A') expect((JSON.parse(expected.stdout) as { open_tickets: Array<{ ticket_id: string }> }).open_tickets.map((ticket) => ticket.ticket_id)).toEqual(expect.arrayContaining(['T1', 'T6']));
      if (args[1] === 'A') expect(expected.stdout).not.toContain('"T2"');
    }
  }, 120_000);
});
