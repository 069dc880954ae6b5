import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll, REPO_ROOT, runCli, sampleDatabase, startCli, tempDir, writeFile, type CliResult } from '../helpers/cli.js';
import { SCHEMA_VERSION } from '../../src/db/schema.js';
import { GENERIC_COLUMNS, HUBSPOT_TASK_COLUMNS, SALESFORCE_TASK_COLUMNS } from '../../src/core/alert-export.js';
import { dataValues, englishWords } from '../helpers/english-words.js';

/**
 * csops alerts export and push (issue 20, item 4) through the built binary on the sample company:
 * export files parsed back with a real CSV parser, and pushes against a real HTTP server in this
 * process (payload per kind, signatures recomputed, retries, Retry-After, a server down).
 */
const SAMPLE_CONFIG = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'sample-data', 'csops.config.json'), 'utf8')) as Record<string, unknown>;
let dir: string;
let base: string;
let config: string;

interface ReceivedRequest {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  at: number;
}

/** A webhook server: answers each request with the next scripted answer (200 "ok" JSON when the script runs out) and keeps what it received. */
class WebhookServer {
  readonly received: ReceivedRequest[] = [];
  script: Array<{ status: number; headers?: Record<string, string>; body?: string }> = [];
  private server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const url = new URL(request.url!, 'http://localhost');
      this.received.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(text) as Record<string, unknown>, at: Date.now() });
      const answer = this.script.shift() ?? { status: 200, body: '{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}' };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body ?? '');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  reset(): void {
    this.received.length = 0;
    this.script = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let server: WebhookServer;
let origin: string;

/** The built binary, awaited without blocking this process (the webhook server answers meanwhile). */
function csopsAsync(db: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = startCli(['--db', db, '--config', config, ...args], { cwd: dir, env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

function csops(db: string, args: string[]): CliResult {
  return runCli(['--db', db, '--config', config, ...args], { cwd: dir });
}

/** A copy of the sample database with an empty queue, synced on 2026-11-19 and 2026-11-20. */
function syncedDb(name: string): string {
  const file = path.join(dir, `${name}.db`);
  fs.copyFileSync(base, file);
  const db = new Database(file);
  db.exec('DELETE FROM alert_deliveries; DELETE FROM alert_events; DELETE FROM alerts; DELETE FROM alert_syncs;');
  db.close();
  for (const day of ['2026-11-19', '2026-11-20']) {
    const sync = csops(file, ['--as-of', day, 'alerts', 'sync', '-q']);
    if (sync.code !== 0) throw new Error(sync.stderr);
  }
  return file;
}

const openAlerts = (db: string) => queryAll<{ id: number; severity: string; revision: number; account_id: string; due_by: string; state: string }>(db, "SELECT id, severity, revision, account_id, due_by, state FROM alerts WHERE state = 'open' ORDER BY id");
const pushDeliveries = (db: string) => queryAll<{ alert_id: number; destination: string }>(db, "SELECT alert_id, destination FROM alert_deliveries WHERE destination LIKE 'push:%'");
const csvRecords = (text: string) => parse(text, { columns: false, skip_empty_lines: true }) as string[][];

beforeAll(async () => {
  dir = tempDir('csops-alerts-delivery-');
  base = sampleDatabase(dir);
  // Small delays so retries take milliseconds; the code paths are the production ones.
  config = writeFile(dir, 'csops.config.json', JSON.stringify({ ...SAMPLE_CONFIG, alerts: { push: { timeout_seconds: 3, retries: 2, backoff_seconds: 0.05, max_wait_seconds: 2 } } }));
  server = new WebhookServer();
  origin = await server.start();
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe('csops alerts export', () => {
  it('writes the Salesforce Task columns; a second export gives nothing new; an acknowledged alert comes again; --all gives every alert', () => {
    const db = syncedDb('export-sf');
    const open = openAlerts(db);
    expect(open.length).toBeGreaterThan(50);
    const first = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'salesforce_tasks', '--out', 'sf/{for}-{as_of}.csv']);
    expect(first.code, first.stderr).toBe(0);
    const file = path.join(dir, 'sf', 'salesforce_tasks-2026-11-20.csv');
    expect(first.stdout).toBe(`${file}\n`);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const [header, ...rows] = csvRecords(fs.readFileSync(file, 'utf8'));
    expect(header).toEqual([...SALESFORCE_TASK_COLUMNS]);
    expect(rows).toHaveLength(open.length);
    const byId = new Map(open.map((alert) => [alert.id, alert]));
    for (const row of rows) {
      const task = Object.fromEntries(header!.map((column, index) => [column, row[index]!]));
      const id = Number(/^\[csops #(\d+)\]/.exec(task.Subject!)![1]);
      const alert = byId.get(id)!;
      expect(task.WhatId).toBe(alert.account_id);
      expect(task.ActivityDate).toBe(alert.due_by);
      expect(task.Priority).toBe({ critical: 'High', high: 'High', medium: 'Normal', low: 'Low' }[alert.severity]);
      expect(task.Status).toBe('Not Started');
      expect(task.OwnerId).toBe('');
      expect(task.Description).toContain(`csops alert ${id}, revision ${alert.revision}`);
    }
    // The sample owners are names, not Salesforce ids: said, not silently dropped.
    expect(first.stderr).toContain('OwnerId left empty for');
    expect(first.stderr).toContain(`exported ${open.length} alerts for salesforce_tasks as of 2026-11-20 (${open.length} new, 0 changed`);

    const second = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'salesforce_tasks']);
    expect(second.code).toBe(0);
    expect(csvRecords(second.stdout)).toEqual([[...SALESFORCE_TASK_COLUMNS]]);
    // Another tool's export is its own: everything is new there.
    expect(csvRecords(csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'generic']).stdout)).toHaveLength(open.length + 1);

    const picked = open[0]!;
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', 'ack', String(picked.id), '--by', 'ana']).code).toBe(0);
    const third = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'salesforce_tasks', '--format', 'json']);
    const changed = JSON.parse(third.stdout) as { for: string; as_of: string; columns: string[]; records: Array<Record<string, string>> };
    expect(Object.keys(changed)).toEqual(['kind', 'for', 'as_of', 'columns', 'records']);
    expect(changed.records).toHaveLength(1);
    expect(changed.records[0]).toMatchObject({ Status: 'In Progress', WhatId: picked.account_id });
    expect(changed.records[0]!.Subject).toMatch(new RegExp(`^\\[csops #${picked.id}\\]`));
    expect(third.stderr).toContain('(0 new, 1 changed');
    // --new-only leaves out the changed one.
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', 'ack', String(open[1]!.id)]).code).toBe(0);
    expect(csvRecords(csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'salesforce_tasks', '--new-only']).stdout)).toHaveLength(1);

    const everything = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'salesforce_tasks', '--all', '--format', 'ndjson']);
    const all = everything.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
    const total = queryAll<{ n: number }>(db, 'SELECT count(*) AS n FROM alerts')[0]!.n;
    expect(all).toHaveLength(total);
    expect(Object.keys(all[0]!)).toEqual([...SALESFORCE_TASK_COLUMNS]);
    expect(csops(db, ['alerts', 'export', '--for', 'salesforce_tasks', '--all', '--new-only']).code).toBe(2);
    expect(csops(db, ['alerts', 'export', '--for', 'salesforce_tasks', '--format', 'md']).code).toBe(2);
    expect(csops(db, ['alerts', 'export', '--for', 'zoho-tasks']).code).toBe(2);
  }, 180_000);

  it('writes the HubSpot task columns with the company, formula-safe; generic carries every alert field', () => {
    const db = syncedDb('export-hs');
    const target = openAlerts(db)[0]!;
    const writer = new Database(db);
    writer.prepare('UPDATE accounts SET name = ? WHERE account_id = ?').run('=HYPERLINK("http://evil.example","x")', target.account_id);
    writer.close();
    const result = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'hubspot_tasks']);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = csvRecords(result.stdout);
    expect(header).toEqual([...HUBSPOT_TASK_COLUMNS]);
    const tasks = rows.map((row) => Object.fromEntries(header!.map((column, index) => [column, row[index]!])));
    const task = tasks.find((entry) => entry['Task Title']!.startsWith(`[csops #${target.id}]`))!;
    expect(task['Company Name']).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(task['Company Record ID']).toBe(target.account_id);
    const domain = queryAll<{ domain: string | null }>(db, 'SELECT domain FROM accounts WHERE account_id = ?', target.account_id)[0]!.domain;
    expect(task['Company Domain Name']).toBe(domain ?? '');
    expect(task['Due Date']).toBe(target.due_by);
    for (const entry of tasks) {
      expect(['HIGH', 'MEDIUM', 'LOW']).toContain(entry.Priority);
      expect(entry['Task Status']).toBe('NOT_STARTED');
      expect(entry['Task Type']).toBe('TODO');
      expect(entry['Assigned to']).not.toBe('');
    }

    const generic = JSON.parse(csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'generic', '--format', 'json']).stdout) as { columns: string[]; records: Array<Record<string, unknown>> };
    expect(generic.columns).toEqual([...GENERIC_COLUMNS]);
    const listed = JSON.parse(csops(db, ['--as-of', '2026-11-20', 'alerts', '--format', 'json']).stdout) as { alerts: Array<Record<string, unknown>> };
    const first = listed.alerts.find((alert) => alert.id === target.id)!;
    expect(generic.records.find((record) => record.id === target.id)).toEqual(Object.fromEntries(GENERIC_COLUMNS.map((column) => [column, first[column]])));
  }, 180_000);

  it('marks nothing when the file cannot be written, and migrates a database from before migration 8', () => {
    const db = syncedDb('export-fail');
    fs.mkdirSync(path.join(dir, 'a-folder'), { recursive: true });
    const failed = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'generic', '--out', 'a-folder']);
    expect(failed.code).toBe(73);
    expect(queryAll(db, 'SELECT * FROM alert_deliveries')).toEqual([]);

    // The same database as csops wrote it before the deliveries table (and the people tables and product users' weeks after it).
    const old = new Database(db);
    old.exec('DROP TABLE alert_deliveries; DROP TABLE contacts; DROP TABLE contact_events; DROP TABLE contact_roles; DROP TABLE touchpoints; DROP TABLE product_user_weeks');
    old.pragma('user_version = 7');
    old.close();
    const migrated = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'generic']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(csvRecords(migrated.stdout)).toHaveLength(openAlerts(db).length + 1);
    expect(queryAll(db, 'PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
    expect(queryAll(db, "SELECT name FROM sqlite_master WHERE name IN ('alert_deliveries', 'contacts') ORDER BY name")).toEqual([{ name: 'alert_deliveries' }, { name: 'contacts' }]);
    expect(fs.existsSync(`${db}.bak-7`)).toBe(true);
  }, 180_000);
});

describe('csops alerts push against a local webhook', () => {
  const critical = (db: string) => openAlerts(db).filter((alert) => alert.severity === 'critical');

  it('posts each kind in its format, signs Feishu and DingTalk as they check, never prints a token or secret, and a second push sends nothing', async () => {
    const db = syncedDb('push-kinds');
    const ids = critical(db).map((alert) => alert.id);
    expect(ids.length).toBeGreaterThan(2);
    const token = 'tok3nS3CRETvalue0123456789';
    const secret = 'SECsigningSecretValue42';
    const bodies: Record<string, ReceivedRequest[]> = {};
    for (const kind of ['slack', 'teams', 'feishu', 'dingtalk', 'wecom'] as const) {
      server.reset();
      const url = `${origin}/${kind}/hook/${token}?access_token=${token}`;
      const result = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', url, '--kind', kind, '--format', 'json'], { CSOPS_ALERTS_WEBHOOK_SECRET: secret });
      expect(result.code, result.stderr).toBe(0);
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toContain(token);
        expect(text).not.toContain(secret);
      }
      const output = JSON.parse(result.stdout) as { sent: number; unsent: number; destinations: Array<{ url: string; kind: string; messages: number; signed: boolean }>; deliveries: Array<{ alert_id: number; result: string }> };
      expect(Object.keys(output)).toEqual(['kind', 'as_of', 'dry_run', 'destinations', 'deliveries', 'sent', 'unsent', 'notes']);
      expect(output.sent).toBe(ids.length);
      expect(output.destinations[0]).toMatchObject({ kind, messages: ids.length, signed: kind === 'feishu' || kind === 'dingtalk' });
      expect(output.destinations[0]!.url).toBe(`${origin}/${kind}/hook/***?access_token=***`);
      expect(output.deliveries.map((delivery) => delivery.alert_id)).toEqual(expect.arrayContaining(ids));
      expect(server.received).toHaveLength(ids.length);
      bodies[kind] = [...server.received];
    }
    const [slack, teams, feishu, dingtalk, wecom] = (['slack', 'teams', 'feishu', 'dingtalk', 'wecom'] as const).map((kind) => bodies[kind]![0]!);
    expect(slack!.body).toMatchObject({ text: expect.stringMatching(/^CRITICAL /), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('csops alerts ack') } }] });
    expect(teams!.body).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: expect.any(Array) } }] });
    expect(wecom!.body).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('CRITICAL') } });
    expect(Buffer.byteLength((wecom!.body.markdown as { content: string }).content)).toBeLessThanOrEqual(4096);
    expect(dingtalk!.body).toMatchObject({ msgtype: 'markdown', markdown: { title: expect.stringMatching(/^CRITICAL /), text: expect.any(String) } });
    expect(feishu!.body).toMatchObject({ msg_type: 'post', content: { post: { zh_cn: { title: expect.stringMatching(/^CRITICAL /), content: expect.any(Array) } } } });

    // DingTalk: timestamp (ms) and sign = base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) in the query.
    for (const request of bodies.dingtalk!) {
      const timestamp = request.query.get('timestamp')!;
      expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(120_000);
      expect(request.query.get('sign')).toBe(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
      expect(request.query.get('access_token')).toBe(token);
    }
    // Feishu/Lark: timestamp (s) and sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, "")) in the body.
    for (const request of bodies.feishu!) {
      const timestamp = request.body.timestamp as string;
      expect(Math.abs(Number(timestamp) * 1000 - Date.now())).toBeLessThan(120_000);
      expect(request.body.sign).toBe(createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64'));
    }
    // Slack, Teams and WeCom are not signed.
    expect(bodies.slack![0]!.query.get('sign')).toBeNull();

    // Sent once per destination: the same URL again posts nothing.
    server.reset();
    const again = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${origin}/slack/hook/${token}?access_token=${token}`, '--kind', 'slack', '--format', 'json']);
    expect(again.code).toBe(0);
    expect(server.received).toEqual([]);
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0, destinations: [{ messages: 0, already_sent: ids.length }] });
    const stored = pushDeliveries(db);
    expect(stored).toHaveLength(5 * ids.length);
    expect(stored.every((row) => /^push:127\.0\.0\.1:\d+#[0-9a-f]{16}$/.test(row.destination))).toBe(true);
    expect(JSON.stringify(queryAll(db, 'SELECT * FROM alert_deliveries'))).not.toContain(token);
  }, 180_000);

  it('retries a 500 once it passes, and honours Retry-After on a 429', async () => {
    const db = syncedDb('push-retry');
    server.reset();
    server.script = [{ status: 500, body: 'oops' }];
    const retried = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${origin}/hook/a1`, '--kind', 'slack', '--digest', '--format', 'json']);
    expect(retried.code, retried.stderr).toBe(0);
    expect(server.received).toHaveLength(2);
    expect(server.received[1]!.body).toEqual(server.received[0]!.body);
    expect(JSON.parse(retried.stdout)).toMatchObject({ sent: critical(db).length, unsent: 0, destinations: [{ messages: 1, requests: 2, digest: true }] });

    server.reset();
    server.script = [{ status: 429, headers: { 'retry-after': '1' } }];
    const limited = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${origin}/hook/a2`, '--kind', 'teams', '--digest', '-q']);
    expect(limited.code, limited.stderr).toBe(0);
    expect(server.received).toHaveLength(2);
    // The configured backoff is 50 ms: a second's wait is the server's Retry-After.
    expect(server.received[1]!.at - server.received[0]!.at).toBeGreaterThanOrEqual(950);

    // Asked to wait longer than alerts.push.max_wait_seconds (2): given up, unsent, exit 75.
    server.reset();
    server.script = [{ status: 429, headers: { 'retry-after': '120' } }];
    const tooLong = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${origin}/hook/a3`, '--kind', 'wecom', '--digest']);
    expect(tooLong.code).toBe(75);
    expect(server.received).toHaveLength(1);
    expect(tooLong.stderr).toContain('asked to wait 120 s (Retry-After)');
    expect(tooLong.stdout).toContain('unsent');

    // In Chinese (issue 24): the problems, the note and the error from their keys; what the server said (its status text) as it came.
    server.reset();
    server.script = [{ status: 503 }, { status: 503 }, { status: 503 }];
    const count = critical(db).length;
    const chinese = await csopsAsync(db, ['--lang', 'zh-CN', '--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${origin}/hook/a4`, '--kind', 'slack'], { CSOPS_ALERTS_WEBHOOK_SECRET: 'SECunused' });
    expect(chinese.code).toBe(75);
    expect(server.received).toHaveLength(3);
    const rows = chinese.stdout.split('\n').filter((line) => /^\s*\d+ /.test(line));
    expect(rows).toHaveLength(count);
    expect(rows.filter((row) => row.includes('HTTP 503 Service Unavailable（共尝试 3 次）') && !row.includes('未尝试'))).toHaveLength(1);
    expect(rows.filter((row) => row.includes(`未尝试：此前发往 ${origin}/hook/*** 的消息发送失败（HTTP 503 Service Unavailable（共尝试 3 次））`))).toHaveLength(count - 1);
    expect(chinese.stderr).toContain(`${origin}/hook/***：给出了签名密钥，但Slack机器人不校验签名；该密钥未使用`);
    expect(chinese.stderr).toContain(`${count} 个`);
    const kept = [...dataValues(db), 'Service Unavailable', 'Slack', 'Retry-After'];
    expect(englishWords(chinese.stdout, { allow: kept })).toEqual([]);
    expect(englishWords(chinese.stderr, { allow: kept })).toEqual([]);
  }, 180_000);

  it('a server that is down: exit 75 naming the alerts, nothing recorded as sent; a refusing bot (bad signature) likewise', async () => {
    const db = syncedDb('push-down');
    const gone = new WebhookServer();
    const address = await gone.start();
    await gone.close();
    const ids = critical(db).map((alert) => alert.id);
    const down = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${address}/robot/send?access_token=zzz999`, '--kind', 'dingtalk', '--format', 'json']);
    expect(down.code).toBe(75);
    expect(down.stderr).toMatch(new RegExp(`${ids.length} alerts not sent: #\\d+ \\(`));
    for (const id of ids) expect(down.stderr).toContain(`#${id} (`);
    expect(down.stderr).toMatch(/connection refused \(ECONNREFUSED\) \(3 attempts\)/);
    expect(down.stderr).not.toContain('zzz999');
    const output = JSON.parse(down.stdout) as { sent: number; unsent: number; deliveries: Array<{ alert_id: number; result: string; problem: string }> };
    expect(output).toMatchObject({ sent: 0, unsent: ids.length });
    expect(output.deliveries.map((delivery) => delivery.alert_id).sort()).toEqual([...ids].sort());
    // After the first message failed, the others were not tried (the server is down): said so.
    expect(output.deliveries.slice(1).every((delivery) => delivery.problem.startsWith('not tried: an earlier message'))).toBe(true);
    expect(pushDeliveries(db)).toEqual([]);

    server.reset();
    server.script = [{ status: 200, body: '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}' }];
    const refused = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${origin}/open-apis/bot/v2/hook/x1`, '--kind', 'feishu', '--digest']);
    expect(refused.code).toBe(75);
    expect(refused.stderr).toContain('the feishu webhook answered code 19021: sign match fail');
    expect(server.received).toHaveLength(1);
    expect(pushDeliveries(db)).toEqual([]);

    // The next push, the server back, sends them.
    server.reset();
    const later = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'critical', 'push', '--to', `${origin}/open-apis/bot/v2/hook/x1`, '--kind', 'feishu', '--digest', '-q']);
    expect(later.code, later.stderr).toBe(0);
    expect(pushDeliveries(db)).toHaveLength(ids.length);
  }, 180_000);

  it('takes the webhook from the environment or the config, and says what is missing', async () => {
    const db = syncedDb('push-config');
    const withDestinations = writeFile(
      dir,
      'destinations.json',
      JSON.stringify({
        ...SAMPLE_CONFIG,
        alerts: {
          push: {
            backoff_seconds: 0.05,
            destinations: [
              { name: 'cs-team', url_env: 'CS_TEAM_HOOK', kind: 'wecom', digest: true, severities: ['critical'] },
              { name: 'ops', url: `${origin}/services/T9/B9/H00KT0KEN`, kind: 'dingtalk', secret: 'SHHHsecret' },
            ],
          },
        },
      }),
    );
    const run = (args: string[], env: Record<string, string> = {}) => {
      const child = startCli(['--db', db, '--config', withDestinations, '--as-of', '2026-11-20', ...args], { cwd: dir, env });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      return new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
    };
    const unset = await run(['alerts', 'push']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("the webhook cs-team's URL is read from CS_TEAM_HOOK, which is not set");
    server.reset();
    const sent = await run(['alerts', 'push', '--to', 'cs-team', '--format', 'json'], { CS_TEAM_HOOK: `${origin}/cgi-bin/webhook/send?key=K3Y` });
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ destinations: [{ name: 'cs-team', kind: 'wecom', digest: true, url: `${origin}/cgi-bin/webhook/send?key=***` }], sent: critical(db).length });
    expect(server.received.length).toBeGreaterThanOrEqual(1);
    const shown = runCli(['--config', withDestinations, 'config', 'show', '--format', 'json'], { cwd: dir });
    const destinations = (JSON.parse(shown.stdout) as { settings: Array<{ key: string; value: Array<Record<string, unknown>> }> }).settings.find((entry) => entry.key === 'alerts.push.destinations')!;
    expect(destinations.value[1]).toMatchObject({ name: 'ops', url: `${origin}/services/***/***/***`, secret: '***' });
    expect(shown.stdout).not.toContain('H00KT0KEN');
    expect(shown.stdout).not.toContain('SHHHsecret');

    const noKind = await run(['alerts', 'push', '--to', `${origin}/hook`]);
    expect(noKind.code).toBe(2);
    expect(noKind.stderr).toContain('cannot tell which chat --to');
    expect((await run(['alerts', 'push', '--to', 'nobody'])).stderr).toContain('the config names: cs-team');
    server.reset();
    const fromEnv = await run(['alerts', 'push', '--kind', 'slack', '--dry-run', '--format', 'json'], { CSOPS_ALERTS_WEBHOOK_URL: `${origin}/services/T1/B2/S3CR3T` });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    const dry = JSON.parse(fromEnv.stdout) as { dry_run: boolean; payloads: Array<{ body: { blocks: unknown[] } }>; deliveries: Array<{ result: string }> };
    expect(dry.dry_run).toBe(true);
    expect(dry.payloads.length).toBe(openAlerts(db).length);
    expect(dry.deliveries.every((delivery) => delivery.result === 'dry_run')).toBe(true);
    expect(fromEnv.stdout).not.toContain('S3CR3T');
    expect(server.received).toEqual([]);
  }, 180_000);
});

describe('the whole loop on the sample company', () => {
  it('sync on consecutive days, export, push; usage comes back: the resolved alert is exported closed, push sends only what is new', async () => {
    const db = syncedDb('loop');
    const exported = csops(db, ['--as-of', '2026-11-20', 'alerts', 'export', '--for', 'salesforce_tasks', '--format', 'json']);
    expect(exported.code, exported.stderr).toBe(0);
    const firstTasks = (JSON.parse(exported.stdout) as { records: Array<Record<string, string>> }).records;
    server.reset();
    const hook = `${origin}/services/T0/B0/loop`;
    const pushed = await csopsAsync(db, ['--as-of', '2026-11-20', 'alerts', 'push', '--to', hook, '--kind', 'slack', '--digest', '--format', 'json']);
    expect(pushed.code, pushed.stderr).toBe(0);
    const firstPush = JSON.parse(pushed.stdout) as { sent: number };
    expect(firstPush.sent).toBe(firstTasks.length);
    const silent = queryAll<{ id: number }>(db, "SELECT id FROM alerts WHERE account_id = 'ACC-0007' AND rule = 'no_login' AND state = 'open'")[0]!;

    // The next day's usage export: ACC-0007 logs in again.
    const accounts = queryAll<{ account_id: string }>(db, "SELECT DISTINCT account_id FROM usage_daily WHERE day = '2026-11-20'").map((row) => row.account_id);
    if (!accounts.includes('ACC-0007')) accounts.push('ACC-0007');
    const lines = ['account_id,date,logins,active_users', ...accounts.map((account) => `${account},2026-11-21,${account === 'ACC-0007' ? 12 : 3},${account === 'ACC-0007' ? 9 : 2}`)];
    expect(csops(db, ['import', 'usage', writeFile(dir, 'usage-loop.csv', `${lines.join('\n')}\n`), '-q']).code).toBe(0);
    const synced = JSON.parse(csops(db, ['--as-of', '2026-11-21', 'alerts', 'sync', '--format', 'json']).stdout) as { opened: Array<{ id: number }>; resolved: Array<{ id: number }> };
    expect(synced.resolved.map((alert) => alert.id)).toContain(silent.id);

    const next = JSON.parse(csops(db, ['--as-of', '2026-11-21', 'alerts', 'export', '--for', 'salesforce_tasks', '--format', 'json']).stdout) as { records: Array<Record<string, string>> };
    const closedTask = next.records.find((task) => task.Subject!.startsWith(`[csops #${silent.id}]`))!;
    expect(closedTask.Status).toBe('Completed');
    for (const opened of synced.opened) expect(next.records.some((task) => task.Subject!.startsWith(`[csops #${opened.id}]`))).toBe(true);

    server.reset();
    const again = await csopsAsync(db, ['--as-of', '2026-11-21', 'alerts', 'push', '--to', hook, '--kind', 'slack', '--format', 'json']);
    expect(again.code, again.stderr).toBe(0);
    const second = JSON.parse(again.stdout) as { deliveries: Array<{ alert_id: number; result: string }> };
    expect(second.deliveries.map((delivery) => delivery.alert_id).sort((a, b) => a - b)).toEqual(synced.opened.map((alert) => alert.id).sort((a, b) => a - b));
    expect(server.received).toHaveLength(synced.opened.length);
  }, 240_000);
});
