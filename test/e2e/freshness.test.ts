import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/dates.js';
import { runCli, sampleDatabase, tempDir, writeFile } from '../helpers/cli.js';

/**
 * Issue 16, through the built binary: a usage export without a login metric is not read as "no
 * login", and data that ends before the as-of day is said to be stale, never read as silence.
 */
const LAST_DAY = '2026-11-20';
const LATER = addDays(LAST_DAY, 20);

interface Risk {
  counts: { healthy: number; watch: number; at_risk: number; critical: number; unknown: number };
  data_through: Record<string, { last_day: string | null; days_behind: number | null; lag_days: number | null; stale: boolean }>;
  fail_on?: { accounts: number; stale_sources: string[] };
  changes?: { accounts: Array<{ account_id: string; factor_changes: Array<{ factor: string }> }>; stale_sources: string[] };
  accounts: Array<{ account_id: string; band: string; score: number | null; reasons: string[]; at_risk_signals: string[]; missing: string[]; factors: Array<{ factor: string; missing: boolean; points: number | null; inputs: Record<string, unknown> }> }>;
}

/**
 * Accounts whose usage export holds only feature events (no "logins" column), in one of two shapes.
 * IDLE stopped using the product 25 days before the last day; every other account used it that day.
 */
function eventsOnlyCompany(shape: 'features' | 'api'): { dir: string; db: string } {
  const dir = tempDir();
  const ids = Array.from({ length: 12 }, (_, index) => `E-${String(index + 1).padStart(3, '0')}`);
  writeFile(dir, 'accounts.csv', `account_id,name\n${ids.map((id) => `${id},Company ${id}`).join('\n')}\n`);
  writeFile(
    dir,
    'contracts.csv',
    `contract_id,account_id,start_date,end_date,arr,currency,status,plan,seats,auto_renew\n${ids.map((id, index) => `K-${index},${id},2025-01-01,2027-06-30,${10000 + index * 1000}.00,USD,active,business,20,true`).join('\n')}\n`,
  );
  const header = shape === 'features' ? 'account_id,date,reports_created,dashboards_viewed' : 'date,account_id,api_calls,exports_run,webhooks';
  const lines: string[] = [header];
  for (let back = 59; back >= 0; back--) {
    const day = addDays(LAST_DAY, -back);
    ids.forEach((id, index) => {
      const idle = index === 0 && back < 25;
      // Some days an account uses one feature and not the other; the idle one records zeros.
      const a = idle ? 0 : (back + index) % 3 === 0 ? 0 : 3 + index;
      const b = idle ? 0 : back % 2 === 0 ? 1 : 0;
      lines.push(shape === 'features' ? `${id},${day},${a},${b}` : `${day},${id},${a * 40},${b},0`);
    });
  }
  writeFile(dir, 'usage.csv', `${lines.join('\n')}\n`);
  const db = `${dir}/csops.db`;
  const imported = runCli(['--db', db, 'import', 'accounts.csv', 'contracts.csv', 'usage.csv'], { cwd: dir });
  expect(imported.code, imported.stderr).toBe(0);
  return { dir, db };
}

function risk(dir: string, db: string, args: string[]): { code: number; stderr: string; json: Risk } {
  const result = runCli(['--db', db, 'risk', '--format', 'json', ...args], { cwd: dir });
  return { code: result.code, stderr: result.stderr, json: JSON.parse(result.stdout) as Risk };
}

describe.each(['features', 'api'] as const)('an events-only usage file (%s shape)', (shape) => {
  let company: { dir: string; db: string };
  beforeAll(() => {
    company = eventsOnlyCompany(shape);
  }, 120_000);

  it('scores no account on logins, names the missing signal, and measures recency on any usage', () => {
    const { code, stderr, json } = risk(company.dir, company.db, ['--as-of', LAST_DAY]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(json.accounts).toHaveLength(12);
    for (const account of json.accounts) {
      expect(account.reasons.filter((reason) => /no login|logins (down|up)/.test(reason)), account.account_id).toEqual([]);
      expect(account.missing).toContain('login trend: no "logins" metric in the usage data (set health.login_metric to the metric that counts logins)');
      const recency = account.factors.find((factor) => factor.factor === 'usage_recency')!;
      expect(recency.missing).toBe(false);
      expect(recency.inputs.measured_on).toBe('any usage');
    }
    const idle = json.accounts.find((account) => account.account_id === 'E-001')!;
    expect(['at_risk', 'critical']).toContain(idle.band);
    expect(idle.at_risk_signals[0]).toBe(`no usage for 25 days (last on ${addDays(LAST_DAY, -25)}) (no "logins" metric in the usage data: any usage counts)`);
    const others = json.accounts.filter((account) => account.account_id !== 'E-001');
    expect(others.every((account) => account.band === 'healthy' && account.at_risk_signals.length === 0)).toBe(true);
    expect(others.every((account) => account.factors.find((factor) => factor.factor === 'usage_recency')!.points === 25)).toBe(true);
  });

  it('20 days after the last usage day: says the usage data is stale, and --fail-on and --changes raise nothing from the gap', () => {
    const later = risk(company.dir, company.db, ['--as-of', LATER, '--fail-on', 'at-risk']);
    expect(later.stderr).toContain(`usage data ends on ${LAST_DAY}, 20 days before the as-of day ${LATER}: recency is measured to ${LAST_DAY}`);
    expect(later.json.data_through.usage).toEqual({ last_day: LAST_DAY, days_behind: 20, working_days_behind: null, lag_days: 3, stale: true });
    expect(later.json.data_through.tickets).toEqual({ last_day: null, days_behind: null, working_days_behind: null, lag_days: 2, stale: false });
    // Only the account that really went quiet before the data ends is at risk, as on the last day.
    expect(later.json.fail_on).toEqual({ band: 'at_risk', accounts: 1, stale_sources: ['usage'] });
    expect(later.code).toBe(1);
    expect(later.stderr).toMatch(/1 account is at-risk or worse \(--fail-on at-risk\); the usage data is stale: no account is counted for the days without data/);
    const changes = risk(company.dir, company.db, ['--as-of', LATER, '--changes', '--since', LAST_DAY]);
    expect(changes.code).toBe(0);
    expect(changes.json.changes!.stale_sources).toEqual(['usage']);
    expect(changes.json.changes!.accounts.flatMap((account) => account.factor_changes.map((change) => change.factor)).filter((factor) => factor.startsWith('usage') || factor.startsWith('login'))).toEqual([]);
  });
});

describe('the sample company scored 20 days after its last usage day', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = tempDir();
    db = sampleDatabase(dir);
  }, 120_000);

  it('prints the freshness note and makes no "no login" reason from the gap', () => {
    const fresh = risk(dir, db, ['--as-of', LAST_DAY]);
    expect(fresh.stderr).toBe('');
    expect(Object.values(fresh.json.data_through).every((source) => !source.stale)).toBe(true);
    const stale = risk(dir, db, ['--as-of', LATER]);
    expect(stale.code).toBe(0);
    expect(stale.stderr).toContain(`warning: usage data ends on ${LAST_DAY}, 20 days before the as-of day ${LATER}: recency is measured to ${LAST_DAY}`);
    expect(stale.json.data_through.usage!.stale).toBe(true);
    const silent = (result: Risk) =>
      result.accounts
        .filter((account) => account.at_risk_signals.some((signal) => signal.startsWith('no login')))
        .map((account) => account.account_id)
        .sort();
    // The same accounts went quiet before the data ends; none is added by the 20 days without data.
    expect(silent(stale.json)).toEqual(silent(fresh.json).filter((id) => stale.json.accounts.some((account) => account.account_id === id)));
    for (const account of stale.json.accounts) {
      for (const reason of account.reasons.filter((text) => text.startsWith('no login for'))) expect(reason).toContain(`before the usage data ends on ${LAST_DAY}`);
    }
    expect(stale.json.counts.at_risk + stale.json.counts.critical).toBeLessThan(fresh.json.counts.at_risk + fresh.json.counts.critical + 10);
  });

  it('tier, renewals, report and account carry data_through and print the note', () => {
    for (const args of [['tier'], ['renewals'], ['report', 'weekly'], ['account', 'ACC-0001']]) {
      const result = runCli(['--db', db, '--as-of', LATER, '--format', 'json', ...args], { cwd: dir });
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr, args.join(' ')).toContain(`usage data ends on ${LAST_DAY}, 20 days before the as-of day ${LATER}`);
      const json = JSON.parse(result.stdout) as { data_through: Risk['data_through'] };
      expect(json.data_through.usage, args.join(' ')).toEqual({ last_day: LAST_DAY, days_behind: 20, working_days_behind: null, lag_days: 3, stale: true });
      expect(Object.keys(json.data_through)).toEqual(['usage', 'tickets', 'surveys', 'contracts']);
    }
  });
});

/**
 * A helpdesk export that ends on Friday LAST_DAY (its last activity: a response at 15:30) while usage
 * runs on. T-OPEN, a high bug opened at 15:00 and answered, is 3 business hours into its 16-hour
 * resolution target when the export ends: whether it is "past SLA" days later depends only on whether
 * the export covers those days.
 */
describe('a ticket export that ends before the as-of day', () => {
  let dir: string;
  let db: string;
  const END = '2026-12-31';
  beforeAll(() => {
    dir = tempDir();
    const ids = ['H-1', 'H-2', 'H-3'];
    writeFile(dir, 'accounts.csv', `account_id,name\n${ids.map((id) => `${id},Helpdesk ${id}`).join('\n')}\n`);
    writeFile(dir, 'contracts.csv', `contract_id,account_id,start_date,end_date,arr,currency,status,plan,seats,auto_renew\n${ids.map((id, index) => `K-${index},${id},2025-01-01,2027-06-30,50000.00,USD,active,business,20,true`).join('\n')}\n`);
    const usage = ['account_id,date,logins,active_users'];
    for (let day = addDays(LAST_DAY, -60); day <= END; day = addDays(day, 1)) for (const id of ids) usage.push(`${id},${day},30,15`);
    writeFile(dir, 'usage.csv', `${usage.join('\n')}\n`);
    const tickets = ['ticket_id,account_id,created_at,first_response_at,resolved_at,status,priority,type'];
    // Closed questions every working day for six weeks, the last resolved on the Friday morning.
    for (let back = 42; back >= 0; back--) {
      const day = addDays(LAST_DAY, -back);
      if ([0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay())) continue;
      tickets.push(`Q-${back},${ids[back % 2]},${day}T09:10:00Z,${day}T09:40:00Z,${day}T11:00:00Z,closed,normal,question`);
    }
    tickets.push(`T-OPEN,H-3,${LAST_DAY}T15:00:00Z,${LAST_DAY}T15:30:00Z,,open,high,bug`);
    writeFile(dir, 'tickets.csv', `${tickets.join('\n')}\n`);
    db = `${dir}/csops.db`;
    const imported = runCli(['--db', db, 'import', 'accounts.csv', 'contracts.csv', 'usage.csv', 'tickets.csv'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);

  const openBug = (json: Risk) => json.accounts.find((account) => account.account_id === 'H-3')!.factors.find((factor) => factor.factor === 'support')!.inputs;

  it('a quiet weekend is not stale: on Monday and Tuesday the SLA clock runs to the as-of day', () => {
    const monday = risk(dir, db, ['--as-of', addDays(LAST_DAY, 3)]);
    expect(monday.stderr).toBe('');
    expect(monday.json.data_through.tickets).toEqual({ last_day: LAST_DAY, days_behind: 3, working_days_behind: 1, lag_days: 2, stale: false });
    expect(openBug(monday.json).open_bugs_past_sla).toBe(0); // 3 + 9 business hours of 16
    const tuesday = risk(dir, db, ['--as-of', addDays(LAST_DAY, 4)]);
    expect(tuesday.stderr).toBe('');
    expect(tuesday.json.data_through.tickets!.stale).toBe(false);
    expect(openBug(tuesday.json).open_bugs_past_sla).toBe(1); // 3 + 9 + 9 hours: past the 16-hour target
  });

  it('once the export is stale, the SLA clock stops where the export ends, and the note says so', () => {
    for (const later of [addDays(LAST_DAY, 5), LATER]) {
      const stale = risk(dir, db, ['--as-of', later]);
      expect(stale.code).toBe(0);
      expect(stale.json.data_through.tickets!.stale, later).toBe(true);
      expect(stale.json.data_through.usage!.stale, later).toBe(false);
      expect(stale.stderr).toContain(`warning: ticket data ends on ${LAST_DAY}, ${stale.json.data_through.tickets!.days_behind} days (`);
      expect(stale.stderr).toContain(`SLA clocks, breaches and spikes are measured to ${LAST_DAY}`);
      const support = openBug(stale.json);
      expect(support.open_high_bugs, later).toBe(1);
      expect(support.open_bugs_past_sla, later).toBe(0);
      expect(support.sla_breaches, later).toBe(0);
    }
  });

  it('a holiday counts as a day off when the lag is measured', () => {
    const config = `${dir}/holiday.json`;
    writeFile(dir, 'holiday.json', JSON.stringify({ sla: { holidays: [addDays(LAST_DAY, 3), addDays(LAST_DAY, 4)] } }));
    const wednesday = runCli(['--db', db, '--config', config, 'risk', '--format', 'json', '--as-of', addDays(LAST_DAY, 5)], { cwd: dir });
    expect(wednesday.code, wednesday.stderr).toBe(0);
    const json = JSON.parse(wednesday.stdout) as Risk;
    expect(json.data_through.tickets).toEqual({ last_day: LAST_DAY, days_behind: 5, working_days_behind: 1, lag_days: 2, stale: false });
  });
});
