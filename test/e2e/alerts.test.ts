import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryAll, REPO_ROOT, runCli, sampleDatabase, tableChecksums, tempDir, writeFile } from '../helpers/cli.js';
import { runAlertsSync } from '../../src/commands/alerts.js';
import { loadConfigWithHolidays, type CommandContext } from '../../src/commands/context.js';
import { addDays } from '../../src/core/dates.js';

/**
 * The alert queue (issue 20) on the sample company, through the built binary: sync on consecutive
 * days, working the queue (ack, snooze, done) and its history, list filters, JSON shape, --fail-on, and
 * a day-by-day month against one sync at the month's end.
 */
const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');
let dir: string;
let base: string;

interface AlertJson {
  id: number;
  rule: string;
  account_id: string;
  subject: string;
  owner: string | null;
  severity: string;
  state: string;
  reason: string;
  evidence: Record<string, unknown>;
  opened_on: string;
  due_by: string;
  overdue: boolean;
  snoozed_until: string | null;
  closed_on: string | null;
  closed_how: string | null;
  history?: Array<{ day: string; action: string; by: string; note: string | null; until: string | null }>;
}

/** A copy of the sample database with an empty alert queue (csops demo synced its own). */
function freshDb(name: string): string {
  const file = path.join(dir, `${name}.db`);
  fs.copyFileSync(base, file);
  const db = new Database(file);
  db.exec('DELETE FROM alert_events; DELETE FROM alerts; DELETE FROM alert_syncs;');
  db.close();
  return file;
}

function csops(db: string, args: string[]) {
  return runCli(['--db', db, '--config', SAMPLE_CONFIG, ...args], { cwd: dir });
}

function json<T>(db: string, args: string[]): T {
  const result = csops(db, [...args, '--format', 'json']);
  if (result.code !== 0) throw new Error(`csops ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

function list(db: string, args: string[] = []) {
  return json<{ as_of: string; last_sync: string | null; alerts: AlertJson[]; counts: Record<string, number> }>(db, ['alerts', ...args]);
}

/** Live alerts that share a key: there must never be any. */
function duplicates(db: string) {
  return queryAll(db, "SELECT account_id, rule, subject, count(*) AS n FROM alerts WHERE state <> 'closed' GROUP BY 1, 2, 3 HAVING n > 1");
}

beforeAll(() => {
  dir = tempDir('csops-alerts-');
  base = sampleDatabase(dir);
}, 180_000);

describe('csops alerts sync on the sample company', () => {
  it('opens alerts on the first day, keeps them the next without duplicates, and changes nothing when the same day runs again', () => {
    const db = freshDb('consecutive');
    const first = json<{ opened: AlertJson[]; resolved: AlertJson[]; days_synced: string[]; queue: Record<string, number> }>(db, ['--as-of', '2026-11-19', 'alerts', 'sync']);
    expect(first.days_synced).toEqual(['2026-11-19']);
    expect(first.opened.length).toBeGreaterThan(50);
    // The accounts the sample company was made to show (sample-data/README.md).
    const rules = (account: string) => first.opened.filter((alert) => alert.account_id === account).map((alert) => alert.rule).sort();
    expect(rules('ACC-0007')).toEqual(expect.arrayContaining(['no_login', 'renewal_window']));
    expect(rules('ACC-0023')).toEqual(expect.arrayContaining(['urgent_bug', 'renewal_window']));
    const silent = first.opened.find((alert) => alert.account_id === 'ACC-0007' && alert.rule === 'no_login')!;
    expect(silent).toMatchObject({ severity: 'high', state: 'open', opened_on: '2026-11-19', owner: expect.any(String) });
    expect(silent.evidence).toMatchObject({ days_since_last_login: 23, last_login: '2026-10-27', threshold_days: 21 });
    expect(silent.reason).toBe('no login for 23 days (last on 2026-10-27)');
    const window = first.opened.find((alert) => alert.account_id === 'ACC-0007' && alert.rule === 'renewal_window')!;
    expect(window.subject).toMatch(/^\S+ 60d$/);

    const second = json<{ opened: AlertJson[]; queue: Record<string, number> }>(db, ['--as-of', '2026-11-20', 'alerts', 'sync']);
    expect(duplicates(db)).toEqual([]);
    expect(second.opened.some((alert) => alert.account_id === 'ACC-0007' && alert.rule === 'no_login')).toBe(false);
    const kept = list(db, ['--as-of', '2026-11-20', '--rule', 'no_login']).alerts.find((alert) => alert.account_id === 'ACC-0007')!;
    expect(kept).toMatchObject({ id: silent.id, opened_on: '2026-11-19', reason: 'no login for 24 days (last on 2026-10-27)' });

    const before = tableChecksums(db);
    const again = json<{ opened: AlertJson[]; resolved: AlertJson[]; reopened: AlertJson[]; updated: number }>(db, ['--as-of', '2026-11-20', 'alerts', 'sync']);
    expect([again.opened.length, again.resolved.length, again.reopened.length, again.updated]).toEqual([0, 0, 0, 0]);
    expect(tableChecksums(db)).toEqual(before);
  }, 120_000);

  it('closes an alert as resolved_by_data when usage comes back, and records it in the history', () => {
    const db = freshDb('usage-back');
    csops(db, ['--as-of', '2026-11-20', 'alerts', 'sync']);
    const open = list(db, ['--as-of', '2026-11-20', '--rule', 'no_login']).alerts.find((alert) => alert.account_id === 'ACC-0007')!;
    expect(open.state).toBe('open');
    // The export of the next day: ACC-0007 logs in again (and every account has a row, so usage is not stale).
    const accounts = (queryAll(db, "SELECT DISTINCT account_id FROM usage_daily WHERE day = '2026-11-20'") as Array<{ account_id: string }>).map((row) => row.account_id);
    if (!accounts.includes('ACC-0007')) accounts.push('ACC-0007');
    const lines = ['account_id,date,logins,active_users', ...accounts.map((account) => `${account},2026-11-21,${account === 'ACC-0007' ? 12 : 3},${account === 'ACC-0007' ? 9 : 2}`)];
    const usage = writeFile(dir, 'usage-2026-11-21.csv', `${lines.join('\n')}\n`);
    const imported = csops(db, ['import', 'usage', usage, '-q']);
    expect(imported.code, imported.stderr).toBe(0);
    const synced = json<{ resolved: AlertJson[] }>(db, ['--as-of', '2026-11-21', 'alerts', 'sync']);
    const resolved = synced.resolved.find((alert) => alert.id === open.id)!;
    expect(resolved).toMatchObject({ state: 'closed', closed_how: 'resolved_by_data', closed_on: '2026-11-21' });
    expect(duplicates(db)).toEqual([]);
    const account = json<{ alerts: AlertJson[] }>(db, ['--as-of', '2026-11-21', 'account', 'ACC-0007']);
    const history = account.alerts.find((alert) => alert.id === open.id)!.history!;
    expect(history.map((event) => [event.day, event.action, event.by])).toEqual([
      ['2026-11-20', 'opened', 'csops alerts sync'],
      ['2026-11-21', 'resolved_by_data', 'csops alerts sync'],
    ]);
  }, 120_000);

  it('records ack, snooze and done with who, when and the note; a snooze reopens on its day while the condition holds; done stays closed while it holds', () => {
    const db = freshDb('work');
    csops(db, ['--as-of', '2026-11-18', 'alerts', 'sync']);
    const queue = list(db, ['--as-of', '2026-11-18']).alerts;
    const lapsed = queue.find((alert) => alert.rule === 'lapsed')!;
    const silent = queue.find((alert) => alert.account_id === 'ACC-0007' && alert.rule === 'no_login')!;
    const window = queue.find((alert) => alert.account_id === 'ACC-0007' && alert.rule === 'renewal_window')!;

    const acked = json<{ alert: AlertJson }>(db, ['--as-of', '2026-11-18', 'alerts', 'ack', String(lapsed.id), '--by', 'ana', '--note', 'calling them Tuesday']);
    expect(acked.alert).toMatchObject({ id: lapsed.id, state: 'acked' });
    expect(acked.alert.history!.at(-1)).toMatchObject({ day: '2026-11-18', action: 'acked', by: 'ana', note: 'calling them Tuesday' });

    const snoozed = json<{ alert: AlertJson }>(db, ['--as-of', '2026-11-18', 'alerts', 'snooze', String(silent.id), '--until', '2026-11-20', '--by', 'liam']);
    expect(snoozed.alert).toMatchObject({ state: 'snoozed', snoozed_until: '2026-11-20' });
    const done = json<{ alert: AlertJson }>(db, ['--as-of', '2026-11-18', 'alerts', 'done', String(window.id), '--by', 'liam', '--note', 'renewal call booked']);
    expect(done.alert).toMatchObject({ state: 'closed', closed_how: 'done', closed_on: '2026-11-18' });

    // Snoozed and done alerts leave the default list; the acked one stays.
    const shown = list(db, ['--as-of', '2026-11-18']).alerts.map((alert) => alert.id);
    expect(shown).toContain(lapsed.id);
    expect(shown).not.toContain(silent.id);
    expect(shown).not.toContain(window.id);

    csops(db, ['--as-of', '2026-11-19', 'alerts', 'sync']);
    expect(list(db, ['--as-of', '2026-11-19', '--state', 'snoozed']).alerts.map((alert) => alert.id)).toEqual([silent.id]);
    const reopen = json<{ reopened: AlertJson[] }>(db, ['--as-of', '2026-11-20', 'alerts', 'sync']);
    expect(reopen.reopened.map((alert) => alert.id)).toEqual([silent.id]);
    expect(list(db, ['--as-of', '2026-11-20', '--state', 'open', '--rule', 'no_login']).alerts.map((alert) => alert.id)).toContain(silent.id);
    // Done while the window still holds: no new alert for the same contract and window.
    const sameKey = queryAll(db, `SELECT id, state, closed_how FROM alerts WHERE account_id = 'ACC-0007' AND rule = 'renewal_window' AND subject = '${window.subject}'`);
    expect(sameKey).toEqual([{ id: window.id, state: 'closed', closed_how: 'done' }]);
    expect(duplicates(db)).toEqual([]);

    const account = json<{ alerts: AlertJson[] }>(db, ['--as-of', '2026-11-20', 'account', 'ACC-0007']);
    const history = account.alerts.find((alert) => alert.id === silent.id)!.history!;
    expect(history.map((event) => [event.day, event.action, event.by, event.until])).toEqual([
      ['2026-11-18', 'opened', 'csops alerts sync', null],
      ['2026-11-18', 'snoozed', 'liam', '2026-11-20'],
      ['2026-11-20', 'reopened', 'csops alerts sync', null],
    ]);
    const table = csops(db, ['--as-of', '2026-11-20', 'account', 'ACC-0007']);
    expect(table.stdout).toContain(`#${window.id} medium renewal_window`);
    expect(table.stdout).toContain('2026-11-18 done by liam: renewal call booked');

    const closedAgain = csops(db, ['--as-of', '2026-11-20', 'alerts', 'ack', String(window.id)]);
    expect(closedAgain.code).toBe(2);
    expect(closedAgain.stderr).toContain(`alert ${window.id} is closed (done on 2026-11-18)`);
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', 'ack', '99999']).code).toBe(2);
    const past = csops(db, ['--as-of', '2026-11-20', 'alerts', 'snooze', String(lapsed.id), '--until', '2026-11-19']);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--until 2026-11-19 is not after the as-of day 2026-11-20');
    const backwards = csops(db, ['--as-of', '2026-11-10', 'alerts', 'sync']);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('last synced as of 2026-11-20');
  }, 120_000);

  it('filters by owner, rule, severity, state and overdue, worst and oldest first, in every format; --fail-on exits 1', () => {
    const db = freshDb('filters');
    csops(db, ['--as-of', '2026-11-10', 'alerts', 'sync']);
    csops(db, ['--as-of', '2026-11-20', 'alerts', 'sync']);
    const all = list(db, ['--as-of', '2026-11-20']);
    expect(Object.keys(all).sort()).toEqual(['alerts', 'as_of', 'counts', 'kind', 'last_sync', 'notes']);
    expect(Object.keys(all.alerts[0]!).sort()).toEqual(
      ['account_id', 'account_name', 'age_days', 'changed_on', 'closed_how', 'closed_on', 'due_by', 'evidence', 'id', 'last_seen_on', 'opened_on', 'overdue', 'owner', 'reason', 'revision', 'rule', 'severity', 'snoozed_until', 'state', 'subject', 'tier'].sort(),
    );
    const rank = ['critical', 'high', 'medium', 'low'];
    for (let index = 1; index < all.alerts.length; index++) {
      const [a, b] = [all.alerts[index - 1]!, all.alerts[index]!];
      expect(rank.indexOf(a.severity) < rank.indexOf(b.severity) || (a.severity === b.severity && a.opened_on <= b.opened_on)).toBe(true);
    }
    const owner = all.alerts[0]!.owner!;
    const mine = list(db, ['--as-of', '2026-11-20', '--owner', owner.toUpperCase()]).alerts;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((alert) => alert.owner === owner)).toBe(true);
    expect(mine.length).toBe(all.alerts.filter((alert) => alert.owner === owner).length);
    const picked = list(db, ['--as-of', '2026-11-20', '--rule', 'lapsed,urgent_bug', '--severity', 'critical']).alerts;
    expect(new Set(picked.map((alert) => alert.rule))).toEqual(new Set(['lapsed', 'urgent_bug']));
    const overdue = list(db, ['--as-of', '2026-11-20', '--overdue']).alerts;
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((alert) => alert.overdue && alert.due_by < '2026-11-20')).toBe(true);
    expect(overdue.length).toBe(all.alerts.filter((alert) => alert.due_by < '2026-11-20').length);
    const closed = list(db, ['--as-of', '2026-11-20', '--state', 'closed']).alerts;
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((alert) => alert.state === 'closed' && alert.closed_how === 'resolved_by_data')).toBe(true);
    expect(list(db, ['--as-of', '2026-11-20', '--state', 'all']).alerts.length).toBe(all.alerts.length + closed.length);

    const csv = csops(db, ['--as-of', '2026-11-20', 'alerts', '--rule', 'lapsed', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('id,severity,rule,account_id,account_name,owner,state,opened_on,due_by,reason,subject,tier,overdue,age_days,snoozed_until,closed_on,closed_how,last_seen_on,evidence');
    const ndjson = csops(db, ['--as-of', '2026-11-20', 'alerts', '--rule', 'lapsed', '--format', 'ndjson']).stdout.trim().split('\n').map((line) => JSON.parse(line) as { rule: string });
    expect(ndjson.length).toBe(picked.filter((alert) => alert.rule === 'lapsed').length);
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', '--format', 'md']).stdout).toMatch(/^\| id \| severity \| rule \|/);
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', '--format', 'html']).code).toBe(2);

    const failing = csops(db, ['--as-of', '2026-11-20', 'alerts', '--fail-on', 'critical', '-q']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/\d+ alerts? (is|are) critical \(--fail-on critical\)/);
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', '--rule', 'low_licence_use', '--fail-on', 'high', '-q']).code).toBe(0);
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', 'sync', '--fail-on', 'critical', '-q']).code).toBe(1);
    expect(csops(db, ['--as-of', '2026-11-20', 'alerts', '--severity', 'urgent']).code).toBe(2);
  }, 180_000);

  it('does not open alerts made only of stale data, and says so', () => {
    const db = freshDb('stale');
    // Usage ends on 2026-11-20: ten days later the usage rules hold nothing new.
    const result = csops(db, ['--as-of', '2026-11-30', 'alerts', 'sync', '--format', 'json']);
    expect(result.code).toBe(0);
    const sync = JSON.parse(result.stdout) as { opened: AlertJson[]; held: Array<{ rule: string; sources: string[]; conditions: number }> };
    expect(sync.opened.some((alert) => alert.rule === 'no_login' || alert.rule === 'low_licence_use' || alert.rule === 'health_drop')).toBe(false);
    expect(sync.held.map((entry) => entry.rule)).toContain('no_login');
    expect(sync.held.find((entry) => entry.rule === 'no_login')!.sources).toEqual(['usage']);
    expect(sync.opened.some((alert) => alert.rule === 'renewal_window')).toBe(true);
    expect(result.stderr).toContain('no_login condition');
    expect(result.stderr).toContain('the usage data is stale');
  }, 60_000);
});

describe('a month of daily syncs against one sync at its end', () => {
  function context(db: string, asOf: string): CommandContext {
    const { config, source } = loadConfigWithHolidays({ cwd: dir, explicitPath: SAMPLE_CONFIG, env: {} });
    return { cwd: dir, config, configSource: source, dbPath: db, asOf, format: 'json', now: () => new Date('2026-12-01T00:00:00Z'), version: 'test' };
  }

  it('gives the same queue, alerts that opened and cleared in between included', async () => {
    const daily = freshDb('daily');
    const once = freshDb('once');
    const start = '2026-10-20';
    await runAlertsSync(context(daily, start));
    await runAlertsSync(context(once, start));
    for (let day = addDays(start, 1); day <= '2026-11-20'; day = addDays(day, 1)) await runAlertsSync(context(daily, day));
    const monthEnd = await runAlertsSync(context(once, '2026-11-20'));
    expect(monthEnd.days_synced).toHaveLength(31);
    const alerts = 'SELECT id, rule, account_id, subject, owner, severity, state, reason, evidence, opened_on, due_by, closed_on, closed_how, snoozed_until FROM alerts ORDER BY id';
    const events = 'SELECT alert_id, day, action, by, note FROM alert_events ORDER BY id';
    expect(queryAll(once, alerts)).toEqual(queryAll(daily, alerts));
    expect(queryAll(once, events)).toEqual(queryAll(daily, events));
    // Not an empty month: alerts opened and were resolved by the data in between, and are kept.
    const between = queryAll(daily, "SELECT count(*) AS n FROM alerts WHERE opened_on > '2026-10-20' AND closed_how = 'resolved_by_data'") as Array<{ n: number }>;
    expect(between[0]!.n).toBeGreaterThan(10);
    expect(duplicates(daily)).toEqual([]);
  }, 240_000);
});
