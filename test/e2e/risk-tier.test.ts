import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryAll, REPO_ROOT, runCli, sampleDatabase, tempDir } from '../helpers/cli.js';

/**
 * `csops risk` and `csops tier` on the sample company (sample-data/README.md lists the accounts it was
 * made to show), through the built binary.
 */
const require = createRequire(import.meta.url);
const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');
let dir: string;
let db: string;

interface RiskJson {
  as_of: string;
  counts: Record<string, number>;
  accounts: Array<{ account_id: string; score: number | null; band: string; reasons: string[]; at_risk_signals: string[]; signals: Array<{ signal: string; reason: string }>; band_forced_by: string[]; trend: string | null; previous: { as_of: string; score: number } | null; factors: Array<{ factor: string; points: number | null; missing: boolean; inputs: Record<string, unknown> }> }>;
  changes?: { since: string; accounts: Array<{ account_id: string; direction: string; band_changed: boolean; previous_band: string; band: string; factor_changes: Array<{ factor: string; points_before: number | null; points_now: number | null; detail_now: string }> }> };
}

function csops(args: string[]) {
  return runCli(['--db', db, '--config', SAMPLE_CONFIG, ...args], { cwd: dir });
}

function risk(args: string[]): RiskJson {
  const result = csops(['risk', '--format', 'json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as RiskJson;
}

beforeAll(() => {
  dir = tempDir();
  db = sampleDatabase(dir);
}, 120_000);

describe('csops risk on the sample company', () => {
  it('puts the accounts made to be at risk at risk or worse, with the reasons they were made for', () => {
    const result = risk(['--as-of', '2026-11-20']);
    const byId = new Map(result.accounts.map((account) => [account.account_id, account]));
    const expectations: Array<[string, RegExp]> = [
      ['ACC-0007', /^no login for 24 days/], // silent three weeks
      ['ACC-0012', /^no login for 30 days/],
      ['ACC-0023', /logins down \d+%/], // declining usage
      ['ACC-0031', /logins down \d+%/],
      ['ACC-0015', /^2 urgent bugs open past SLA$/], // breached urgent bugs
      ['ACC-0064', /^NPS 3 on 2026-11-11 not followed up$/], // unfollowed detractors
      ['ACC-0077', /^CSAT 2 on 2026-11-05 not followed up$/],
    ];
    for (const [id, reason] of expectations) {
      const account = byId.get(id)!;
      expect(['at_risk', 'critical'], id).toContain(account.band);
      expect(account.at_risk_signals.some((text) => reason.test(text)), `${id}: ${account.reasons.join(' | ')}`).toBe(true);
      expect(account.reasons.some((text) => reason.test(text))).toBe(true);
    }
    expect(byId.get('ACC-0023')!.reasons).toContain('1 urgent bug open past SLA');
    expect(byId.get('ACC-0058')!.reasons[0]).toBe('1 high-priority bug open past SLA');
    expect(byId.get('ACC-0042')!.reasons.some((reason) => /^\d+ of \d+ seats in use \(1\d%/.test(reason))).toBe(true);
    for (const id of ['ACC-0001', 'ACC-0003', 'ACC-0088']) expect(byId.get(id)!.band, id).toBe('healthy');
  });

  it('marks a band a signal forced (the score alone gave a better one): band_forced_by in JSON, at-risk* and a footnote in the table', () => {
    const result = risk(['--as-of', '2026-11-20']);
    const forced = result.accounts.filter((account) => account.band_forced_by.length > 0);
    expect(forced.length).toBeGreaterThan(0);
    for (const account of result.accounts) {
      // Forced exactly when the score's own band is better than at-risk and a signal held.
      const scoreBand = account.score === null ? 'unknown' : account.score >= 70 ? 'healthy' : account.score >= 50 ? 'watch' : account.score >= 30 ? 'at_risk' : 'critical';
      const expected = account.signals.length > 0 && ['healthy', 'watch', 'unknown'].includes(scoreBand) ? [...new Set(account.signals.map((entry) => entry.signal))] : [];
      expect(account.band_forced_by, account.account_id).toEqual(expected);
      if (expected.length > 0) expect(account.band).toBe('at_risk');
    }
    const table = csops(['risk', '--as-of', '2026-11-20']);
    const line = table.stdout.split('\n').find((text) => text.startsWith(`${forced[0]!.account_id} `))!;
    expect(line).toMatch(/ at-risk\* /);
    expect(table.stderr).toMatch(/^\* at-risk whatever the score: a signal of health\.at_risk_when held \(/m);
    const scoredAtRisk = result.accounts.find((account) => account.band === 'at_risk' && account.band_forced_by.length === 0);
    if (scoredAtRisk) expect(table.stdout.split('\n').find((text) => text.startsWith(`${scoredAtRisk.account_id} `))).toMatch(/ at-risk /);
  });

  it('lists worst first, carries the factor breakdown, and leaves out churned accounts', () => {
    const result = risk(['--as-of', '2026-11-20']);
    const severity = ['healthy', 'watch', 'at_risk', 'critical'];
    const bands = result.accounts.map((account) => severity.indexOf(account.band));
    expect(bands).toEqual([...bands].sort((a, b) => b - a));
    expect(result.accounts.every((account) => account.factors.length === 8)).toBe(true);
    const ids = result.accounts.map((account) => account.account_id);
    for (const churned of ['ACC-0120', 'ACC-0133', 'ACC-0140']) expect(ids).not.toContain(churned);
    for (const lapsed of ['ACC-0091', 'ACC-0102', 'ACC-0115']) expect(ids).toContain(lapsed);
  });

  it('replays a past day from the data alone: before the silence began, ACC-0007 was not silent', () => {
    const before = risk(['--as-of', '2026-10-20', '--explain', 'ACC-0007']).accounts[0]!;
    expect(before.reasons.join(' ')).not.toMatch(/no login for/);
    // 20 of 20: the sample company has contacts, so relationship takes its 20 and the others 4/5 of before.
    expect(before.factors.find((factor) => factor.factor === 'usage_recency')!.points).toBe(20);
  });

  it('--changes shows what the data changed between two days, what got worse first', () => {
    const result = risk(['--as-of', '2026-11-20', '--changes', '--since', '2026-10-20']);
    const changes = result.changes!;
    expect(changes.since).toBe('2026-10-20');
    const order = changes.accounts.map((change) => `${change.direction === 'worse' ? 0 : 1}${change.band_changed ? 0 : 1}`);
    expect(order).toEqual([...order].sort());
    const acc7 = changes.accounts.find((change) => change.account_id === 'ACC-0007')!;
    expect(acc7).toMatchObject({ direction: 'worse', band_changed: true, previous_band: 'healthy', band: 'at_risk' });
    expect(acc7.factor_changes[0]).toMatchObject({ factor: 'usage_recency', points_before: 20, points_now: 0 });
    expect(acc7.factor_changes[0]!.detail_now).toMatch(/^no login for 24 days/);
    const acc15 = changes.accounts.find((change) => change.account_id === 'ACC-0015')!;
    expect(acc15).toMatchObject({ direction: 'worse', band_changed: true, band: 'at_risk' });
    expect(acc15.factor_changes.find((change) => change.factor === 'support')!.detail_now).toMatch(/^2 urgent bugs open past SLA/);
  });

  it('--fail-on at-risk exits 1 exactly when a listed account is at risk or worse', () => {
    // The sample company's contacts lift the lapsed accounts out of critical (their people are there):
    // the stories put accounts at risk, none is critical any more.
    const all = risk(['--as-of', '2026-11-20']);
    expect(all.counts.at_risk).toBeGreaterThan(0);
    expect(all.counts.critical).toBe(0);
    expect(csops(['risk', '--as-of', '2026-11-20', '--fail-on', 'critical', '-q']).code).toBe(0);
    const failing = csops(['risk', '--as-of', '2026-11-20', '--fail-on', 'at-risk', '--format', 'csv']);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(new RegExp(`csops: ${all.counts.at_risk} accounts? (is|are) at-risk or worse \\(--fail-on at-risk\\)`));
    expect(failing.stdout.split('\n')[0]).toMatch(/^account_id,name,score,band/);
    const healthyOnly = csops(['risk', '--as-of', '2026-11-20', '--band', 'healthy,watch', '--fail-on', 'at-risk']);
    expect(healthyOnly.code).toBe(0);
    const atRisk = csops(['risk', '--as-of', '2026-11-20', '--band', 'healthy,watch', '--fail-on', 'watch', '-q']);
    expect(atRisk.code).toBe((all.counts.watch ?? 0) > 0 ? 1 : 0);
  });

  it('filters by owner, tier, band and renewal window, and limits', () => {
    const all = risk(['--as-of', '2026-11-20']);
    const filtered = risk(['--as-of', '2026-11-20', '--tier', 'high', '--band', 'at-risk', '--renewing-within', '30d']);
    expect(filtered.accounts.map((account) => account.account_id)).toContain('ACC-0023');
    for (const account of filtered.accounts) expect(account.band).toBe('at_risk');
    expect(risk(['--as-of', '2026-11-20', '--limit', '5']).accounts).toHaveLength(5);
    const owner = risk(['--as-of', '2026-11-20', '--owner', 'maya chen']);
    expect(owner.accounts.length).toBeGreaterThan(0);
    expect(owner.accounts.length).toBeLessThan(all.accounts.length);
  });

  it('replays a day from the data alone: deleting every row dated after it changes no score, band or reason', () => {
    const asOf = '2026-11-10';
    const endOfDay = '2026-11-11T05:00:00.000Z'; // midnight in New York, where the sample company works
    const truncated = path.join(dir, 'truncated.db');
    fs.copyFileSync(db, truncated);
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const handle = new Database(truncated);
    handle.exec(`
      DELETE FROM usage_daily WHERE day > '${asOf}';
      DELETE FROM tickets WHERE created_at >= '${endOfDay}';
      UPDATE tickets SET first_response_at = NULL WHERE first_response_at >= '${endOfDay}';
      UPDATE tickets SET resolved_at = NULL, status = 'open' WHERE resolved_at >= '${endOfDay}';
      DELETE FROM surveys WHERE responded_at >= '${endOfDay}';
      UPDATE surveys SET followed_up_at = NULL WHERE followed_up_at >= '${endOfDay}';
      DELETE FROM contracts WHERE start_date > '${asOf}';`);
    handle.close();
    const scores = (database: string) => {
      const result = runCli(['--db', database, '--config', SAMPLE_CONFIG, 'risk', '--as-of', asOf, '--format', 'json'], { cwd: dir });
      expect(result.code).toBe(0);
      return (JSON.parse(result.stdout) as RiskJson).accounts.map(({ account_id, score, band, reasons }) => ({ account_id, score, band, reasons }));
    };
    const full = scores(db);
    expect(full.length).toBeGreaterThan(250);
    expect(scores(truncated)).toEqual(full);
  });

  it('--save records a snapshot that equals the score recomputed for that day, and gives the next run its trend', () => {
    const saved = csops(['risk', '--as-of', '2026-11-13', '--save', '-q']);
    expect(saved.code).toBe(0);
    const snapshot = queryAll<{ account_id: string; score: number; band: string }>(
      db,
      `SELECT h.account_id, h.score, h.band FROM health_snapshots h JOIN snapshot_runs r ON r.id = h.run_id WHERE r.kind = 'health' AND r.as_of = '2026-11-13' ORDER BY h.account_id`,
    );
    const recomputed = risk(['--as-of', '2026-11-13']).accounts.map(({ account_id, score, band }) => ({ account_id, score, band }));
    expect(snapshot.length).toBeGreaterThan(250);
    expect(recomputed.sort((a, b) => a.account_id.localeCompare(b.account_id))).toEqual(snapshot);
    const later = risk(['--as-of', '2026-11-20', '--explain', 'ACC-0015']).accounts[0]!;
    expect(later.previous).toMatchObject({ as_of: '2026-11-13' });
    expect(later.trend).toBe(later.score! > later.previous!.score ? 'up' : later.score! < later.previous!.score ? 'down' : 'same');
  });

  it('prints every output format', () => {
    for (const format of ['table', 'csv', 'md', 'ndjson']) {
      const result = csops(['risk', '--as-of', '2026-11-20', '--limit', '3', '--format', format]);
      expect(result.code, format).toBe(0);
      expect(result.stdout, format).toMatch(/at[-_]risk/);
    }
    const ndjson = csops(['risk', '--as-of', '2026-11-20', '--limit', '3', '--format', 'ndjson']).stdout.trim().split('\n');
    expect(ndjson).toHaveLength(3);
    expect(JSON.parse(ndjson[0]!)).toHaveProperty('reasons');
    const md = csops(['risk', '--as-of', '2026-11-20', '--limit', '3', '--format', 'md']).stdout;
    expect(md.split('\n')[1]).toMatch(/^\| --- \|/);
  });

  it('--explain shows every factor with its inputs, by id or forgiving name', () => {
    const table = csops(['risk', '--as-of', '2026-11-20', '--explain', 'bramble shipping']);
    expect(table.code).toBe(0);
    for (const label of ['usage recency', 'login trend', 'licence utilisation', 'key modules', 'support', 'sentiment', 'renewal proximity']) expect(table.stdout).toContain(label);
    expect(table.stdout).toContain('ACC-0023 Bramble Shipping Ltd');
    const unknown = csops(['risk', '--as-of', '2026-11-20', '--explain', 'ACC-9999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no account "ACC-9999"/);
    const churned = csops(['risk', '--as-of', '2026-11-20', '--explain', 'ACC-0120']);
    expect(churned.code).toBe(2);
    expect(churned.stderr).toMatch(/ACC-0120 \(.+\) is not a customer on 2026-11-20/);
    expect(churned.stderr).toMatch(/csops account ACC-0120/);
  });

  it('refuses bad option values with the allowed ones named', () => {
    const result = csops(['risk', '--band', 'amber']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected one of healthy, watch, at-risk, critical/);
  });
});

describe('csops tier on the sample company', () => {
  it('places the story accounts by the rule the sample data was made for', () => {
    const result = csops(['tier', '--as-of', '2026-11-20', '--format', 'json']);
    expect(result.code).toBe(0);
    const accounts = new Map((JSON.parse(result.stdout) as { accounts: Array<{ account_id: string; tier: string; rule: string }> }).accounts.map((a) => [a.account_id, a]));
    expect(accounts.get('ACC-0005')).toMatchObject({ tier: 'high_touch', rule: 'custom_dev' });
    expect(accounts.get('ACC-0029')).toMatchObject({ tier: 'high_touch', rule: 'employees' });
    for (const id of ['ACC-0171', 'ACC-0188', 'ACC-0199']) expect(accounts.get(id)).toMatchObject({ tier: 'high_touch', rule: 'override' });
    expect(accounts.get('ACC-0001')).toMatchObject({ tier: 'high_touch', rule: 'arr' });
  });

  it('--summary gives per-tier shares and the 80/20 figure', () => {
    const result = csops(['tier', '--as-of', '2026-11-20', '--summary', '--format', 'json']);
    const summary = (JSON.parse(result.stdout) as { summary: Array<{ tier: string; accounts: number; arr_share: number; top_20_percent_arr_share: number }> }).summary;
    expect(summary.map((row) => row.tier)).toEqual(['high_touch', 'low_touch', 'tech_touch', 'all']);
    const all = summary.find((row) => row.tier === 'all')!;
    expect(all.accounts).toBe(summary.slice(0, 3).reduce((sum, row) => sum + row.accounts, 0));
    expect(summary.slice(0, 3).reduce((sum, row) => sum + row.arr_share, 0)).toBeCloseTo(1, 3);
    expect(all.top_20_percent_arr_share).toBeGreaterThan(0.6);
  });

  it('--changes lists promotions and demotions since the last --save', () => {
    const none = csops(['tier', '--as-of', '2026-11-20', '--changes']);
    expect(none.stderr).toMatch(/no tier assignment saved before 2026-11-20 to compare with/);
    expect(csops(['tier', '--as-of', '2025-12-01', '--save', '-q']).code).toBe(0);
    expect(csops(['tier', '--as-of', '2026-11-20', '--save', '-q']).code).toBe(0);
    // Saving today and comparing today compares with the previous save, not with itself.
    const result = csops(['tier', '--as-of', '2026-11-20', '--changes', '--format', 'json']);
    const parsed = JSON.parse(result.stdout) as { compared_with: string; changes: Array<{ account_id: string; change: string; from: string | null; to: string }> };
    expect(parsed.compared_with).toBe('2025-12-01');
    expect(parsed.changes.find((change) => change.account_id === 'ACC-0031')).toMatchObject({ change: 'promotion', from: 'tech_touch', to: 'low_touch' });
    for (const change of parsed.changes) {
      if (change.change === 'new') expect(change.from).toBeNull();
      else expect(change.from).not.toBe(change.to);
    }
  });
});
