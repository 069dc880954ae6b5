import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, tempDir } from '../helpers/cli.js';

/** `csops renewals`, `csops metrics` and `csops account` on the sample company, through the built binary. */
const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');
let dir: string;
let db: string;

function csops(args: string[]) {
  return runCli(['--db', db, '--config', SAMPLE_CONFIG, ...args], { cwd: dir });
}

function json<T>(args: string[]): T {
  const result = csops([...args, '--format', 'json']);
  // Past the sample's last data day (2026-11-20) the only words on stderr are the freshness notes (issue 16).
  expect(result.stderr.split('\n').filter((line) => line !== '' && !/^warning: (usage|ticket) data ends on 2026-11-20, \d+ days( \(\d+ working days?\))? before the as-of day/.test(line))).toEqual([]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

interface RenewalsJson {
  renewals: Array<{ window: string; account_id: string; state: string; rule: string; days_left: number; band: string; arr: number; contract_ids: string[] }>;
  windows: Array<{ window: string; accounts: number; arr: Array<{ currency: string; amount: number }>; forecast: Array<{ currency: string; amount: number }> }>;
}

beforeAll(() => {
  dir = tempDir();
  db = sampleDatabase(dir);
}, 120_000);

describe('csops renewals on the sample company', () => {
  it('puts the story accounts in their windows, and lists exactly the lapsed ones first', () => {
    const result = json<RenewalsJson>(['renewals', '--as-of', '2026-11-20', '--within', '120d']);
    const windowOf = (id: string) => result.renewals.filter((row) => row.account_id === id).map((row) => row.window);
    for (const id of ['ACC-0023', 'ACC-0050']) expect(windowOf(id), id).toEqual(['0–30']);
    for (const id of ['ACC-0007', 'ACC-0199']) expect(windowOf(id), id).toEqual(['31–60']);
    for (const id of ['ACC-0042', 'ACC-0058']) expect(windowOf(id), id).toEqual(['61–90']);
    for (const id of ['ACC-0003', 'ACC-0012', 'ACC-0064', 'ACC-0188']) expect(windowOf(id), id).toEqual(['91–120']);
    const lapsed = result.renewals.filter((row) => row.window === 'lapsed');
    expect(lapsed.filter((row) => row.account_id.startsWith('ACC-')).map((row) => row.account_id).sort()).toEqual(['ACC-0091', 'ACC-0102', 'ACC-0115']);
    expect(lapsed.every((row) => row.state === 'lapsed' && row.days_left < 0 && /no renewal recorded yet/.test(row.rule))).toBe(true);
    expect(result.renewals.slice(0, lapsed.length).every((row) => row.window === 'lapsed')).toBe(true);
    expect(result.renewals.find((row) => row.account_id === 'ACC-0050')).toMatchObject({ days_left: 8 });
  });

  it('sorts by window, then worst health, then ARR, and totals each window with a forecast below the ARR', () => {
    const result = json<RenewalsJson>(['renewals', '--as-of', '2026-11-20']);
    const severity = ['healthy', 'watch', 'at_risk', 'critical'];
    for (const window of result.windows) {
      const rows = result.renewals.filter((row) => row.window === window.window);
      const keys = rows.map((row) => [-severity.indexOf(row.band), -row.arr]);
      expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
      expect(window.accounts).toBe(new Set(rows.map((row) => row.account_id)).size);
      expect(window.arr[0]!.amount).toBeCloseTo(rows.reduce((sum, row) => sum + row.arr, 0), 2);
      expect(window.forecast[0]!.amount).toBeLessThanOrEqual(window.arr[0]!.amount);
    }
    expect(result.windows.map((window) => window.window)).toEqual(['lapsed', '0–30', '31–60', '61–90']);
  });

  it('replays a past day: ACC-0091 was open in its last window before its end, lapsed after', () => {
    const before = json<RenewalsJson>(['renewals', '--as-of', '2026-11-01']);
    expect(before.renewals.find((row) => row.account_id === 'ACC-0091')).toMatchObject({ state: 'open', window: '0–30', days_left: 7 });
    const grace = json<RenewalsJson>(['renewals', '--as-of', '2026-12-08']);
    expect(grace.renewals.find((row) => row.account_id === 'ACC-0091')).toMatchObject({ state: 'lapsed', window: 'lapsed' });
    const after = json<RenewalsJson>(['renewals', '--as-of', '2026-12-09']);
    expect(after.renewals.find((row) => row.account_id === 'ACC-0091')).toBeUndefined();
  });

  it('filters and prints every format', () => {
    const highTouch = json<RenewalsJson>(['renewals', '--as-of', '2026-11-20', '--tier', 'high_touch']);
    expect(highTouch.renewals.map((row) => row.account_id)).toContain('ACC-0023');
    for (const format of ['table', 'csv', 'md', 'ndjson']) {
      const result = csops(['renewals', '--as-of', '2026-11-20', '--format', format]);
      expect(result.code, format).toBe(0);
      expect(result.stdout, format).toContain('ACC-0023');
    }
    expect(csops(['renewals', '--as-of', '2026-11-20', '--format', 'csv']).stdout.split('\n')[0]).toBe(
      'window,account_id,name,state,end_date,days_left,arr,auto_renew,band,top_reason,tier,owner,score,contract_ids,rule,no_decision_maker_contact,last_decision_maker_touchpoint,decision_maker_note',
    );
  });
});

describe('csops metrics on the sample company', () => {
  interface RetentionJson {
    period: { label: string; from: string; to: string };
    figures: Array<{ group: string; currency: string; starting_arr: number; expansion: number; contraction: number; churned_arr: number; new_arr: number; ending_arr: number; nrr: number; grr: number }>;
    definitions: Record<string, string>;
  }

  it('defaults to the last complete quarter, adds up, and carries its definitions', () => {
    const result = json<RetentionJson>(['metrics', 'retention', '--as-of', '2026-11-20']);
    expect(result.period).toMatchObject({ label: '2026-Q3', from: '2026-07-01', to: '2026-09-30' });
    const [f] = result.figures;
    expect(f!.currency).toBe('USD');
    expect(f!.starting_arr + f!.expansion - f!.contraction - f!.churned_arr + f!.new_arr).toBeCloseTo(f!.ending_arr, 2);
    expect(f!.grr).toBeLessThanOrEqual(f!.nrr);
    expect(Object.keys(result.definitions)).toEqual(expect.arrayContaining(['nrr', 'grr', 'logo_churn', 'renewal_rate']));
  });

  it('breaks every figure down by tier, and the parts add up to the whole', () => {
    const whole = json<RetentionJson>(['metrics', 'retention', '--as-of', '2026-11-20', '--period', '2026']).figures[0]!;
    const parts = json<RetentionJson>(['metrics', 'retention', '--as-of', '2026-11-20', '--period', '2026', '--by', 'tier']).figures;
    expect(parts.map((part) => part.group)).toEqual(['high_touch', 'low_touch', 'tech_touch']);
    expect(parts.reduce((sum, part) => sum + part.starting_arr, 0)).toBeCloseTo(whole.starting_arr, 2);
    expect(parts.reduce((sum, part) => sum + part.ending_arr, 0)).toBeCloseTo(whole.ending_arr, 2);
  });

  it('reports per currency without exchange rates', () => {
    const bare = path.join(dir, 'bare.config.json');
    fs.writeFileSync(bare, JSON.stringify({ time_zone: 'America/New_York' }));
    const result = runCli(['--db', db, '--config', bare, 'metrics', 'retention', '--as-of', '2026-11-20', '--period', '2026-Q3', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(result.stdout) as RetentionJson).figures.map((f) => f.currency)).toEqual(['CNY', 'EUR', 'USD']);
  });

  it('prints definitions under the table, and refuses a period it cannot read', () => {
    const table = csops(['metrics', 'retention', '--as-of', '2026-11-20', '--period', '2026-Q3']);
    expect(table.stdout).toMatch(/Definitions:\n {2}starting_arr: /);
    const bad = csops(['metrics', 'retention', '--period', 'Q3-2026']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--period "Q3-2026" is not a month, quarter or year/);
  });

  it('acquisition: per channel, with return and 12-month retention', () => {
    const result = json<{ figures: Array<{ group: string; accounts_won: number; lifetime_revenue: number; acquisition_cost: number | null; return_on_acquisition: number | null }> }>([
      'metrics', 'acquisition', '--as-of', '2026-11-20',
    ]);
    const searchAd = result.figures.find((f) => f.group === 'search_ad')!;
    expect(searchAd.accounts_won).toBeGreaterThan(10);
    expect(searchAd.return_on_acquisition).toBeCloseTo(searchAd.lifetime_revenue / searchAd.acquisition_cost!, 0);
  });
});

describe('csops account', () => {
  it('finds an account by forgiving name and shows every section', () => {
    const result = csops(['account', 'BRAMBLE  shipping ltd.', '--as-of', '2026-11-20']);
    expect(result.code).toBe(0);
    // 59 (49 before the sample company had contacts): its champion and decision maker are there and met.
    for (const section of ['ACC-0023 Bramble Shipping Ltd', 'Health: 59/100, at-risk', 'People (3 there)', 'Last touchpoints (10)', 'Usage, last 12 weeks', 'Contracts', 'Open tickets (2)', 'Latest survey responses', 'Value delivered since 2024-12-11']) {
      expect(result.stdout).toContain(section);
    }
    expect(result.stdout).toMatch(/logins\s+[▁▂▃▄▅▆▇█]{12}/);
  });

  it('matches Chinese names with full-width characters and without the legal suffix', () => {
    const view = json<{ profile: { account_id: string } }>(['account', '北京云帆零售', '--as-of', '2026-11-20']);
    expect(view.profile.account_id).toBe('ACC-0077');
  });

  it('lists the candidates of an ambiguous name, and exits 2', () => {
    const result = csops(['account', 'bramble']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"bramble" matches 10 accounts:\n {2}ACC-0007 {2}Bramble Clinics Ltd\./);
  });

  it('gives the value delivered in JSON, and contract states with their rules', () => {
    const view = json<{ contracts: Array<{ contract_id: string; state: string; rule: string }>; value: { tickets_resolved: number; usage_totals: Record<string, number> } }>([
      'account', 'ACC-0120', '--as-of', '2026-11-20',
    ]);
    expect(view.contracts.at(-1)).toMatchObject({ state: 'churned', rule: 'status says churned' });
    const active = json<{ value: { tickets_resolved: number; usage_totals: Record<string, number>; median_resolution_hours: number } }>(['account', 'ACC-0023', '--as-of', '2026-11-20']);
    expect(active.value.usage_totals.logins).toBeGreaterThan(1000);
    expect(active.value.tickets_resolved).toBeGreaterThan(0);
    expect(active.value.median_resolution_hours).toBeGreaterThan(0);
  });
});
