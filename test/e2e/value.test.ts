import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, tempDir, writeFile } from '../helpers/cli.js';
import { CHROMIUM, expectSelfContained, figureCells, pageText, renderedDom, screenshot } from '../helpers/html-page.js';

/** `csops value` (issue 22) on the sample company, through the built binary. */
const SAMPLE = path.join(REPO_ROOT, 'sample-data');
let dir: string;
let db: string;
let config: string;

const VALUE_CONFIG = {
  company_name: 'Brightline Analytics',
  value: {
    hourly_cost: 60,
    drivers: [
      { metric: 'reports_created', label: 'reports generated', minutes_saved: 30 },
      { metric: 'workflows_run', label: 'workflows automated', minutes_saved: 10, hourly_cost: 45 },
      { metric: 'api_calls', label: 'records synced', amount: 0.002 },
    ],
  },
};

function csops(args: string[], database = db) {
  return runCli(['--db', database, '--config', config, '--as-of', '2026-11-20', ...args], { cwd: dir });
}

interface Statement {
  account: { account_id: string; name: string };
  vendor: string | null;
  period: { kind: string; label: string; from: string; to: string; through: string; complete: boolean };
  adoption: {
    usage_days: number; seats: number | null; peak_active_users: number | null; average_active_users: number | null; logins: number | null;
    peak_utilisation: number | null; months: Array<{ month: string; logins: number | null }>; modules: Array<{ metric: string; status: string; uses: number | null }>;
  };
  support: { tickets_raised: number; tickets_resolved: number; rated: number; satisfaction: number | null } | null;
  outcomes: { drivers: Array<{ metric: string; units: number | null; hours_saved: number | null; value: number | null }>; hours_saved: number | null; value_delivered: number | null; paid: number | null; multiple: number | null };
  footnotes: Record<string, string>;
  missing: string[];
}

function statement(args: string[], database = db): Statement {
  const result = csops(['value', ...args, '--format', 'json'], database);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Statement;
}

beforeAll(() => {
  dir = tempDir();
  db = sampleDatabase(dir);
  const base = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'csops.config.json'), 'utf8')) as Record<string, unknown>;
  config = writeFile(dir, 'csops.config.json', JSON.stringify({ ...base, ...VALUE_CONFIG }, null, 2));
}, 120_000);

/** The figure text every renderer uses, written out here independently: counts grouped, shares to a tenth of a percent. */
function shown(key: string, value: number, currency = 'USD'): string {
  const grouped = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
  const leaf = key.split('.').pop()!;
  if (key.includes('.trend.')) return value === 0 ? '±0%' : `${value > 0 ? '+' : '−'}${(Math.abs(value) * 100).toFixed(1)}%`;
  if (/utilisation|within_sla|satisfaction/.test(leaf)) return `${(value * 100).toFixed(1)}%`;
  if (/hours/.test(leaf)) return `${grouped(value, 1)} h`;
  if (leaf === 'multiple') return `${value.toFixed(1)}×`;
  if (/^(value|value_delivered|paid)$/.test(leaf)) return `${grouped(Math.round(value))} ${currency}`;
  return grouped(value, 1);
}

function at(document: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], document);
}

/** The words of the internal view (DOMAIN §2) that a customer must never read. */
const INTERNAL = /\b(health|healthy|watch|at[\s-]risk|critical|risk|churn\w*|band|score|owner|CSM|lapsed)\b/i;

describe('csops value', () => {
  it('defaults to the contract year running on the as-of day, and says the period is not over', () => {
    const result = csops(['value', 'ACC-0003', '--format', 'json']);
    expect(result.code).toBe(0);
    const value = JSON.parse(result.stdout) as Statement;
    // C-00007 runs 2026-03-11 → 2027-03-10 (sample-data/contracts.csv).
    expect(value.period).toMatchObject({ kind: 'contract', from: '2026-03-11', to: '2027-03-10', through: '2026-11-20', complete: false });
    expect(value.account).toEqual({ account_id: 'ACC-0003', name: 'Tidewater Systems LLC' });
    expect(value.vendor).toBe('Brightline Analytics');
    expect(result.stderr).toMatch(/the period runs to 2027-03-10: figures up to the as-of day 2026-11-20/);
    // The account is found by name as well.
    expect(statement(['Tidewater Systems', '--period', '2026-Q3']).account.account_id).toBe('ACC-0003');
  });

  it('md, html and json carry the same figures; the HTML renders in headless Chromium with nothing fetched', () => {
    const json = statement(['ACC-0003', '--period', '2026']);
    const md = csops(['value', 'ACC-0003', '--period', '2026', '--format', 'md']).stdout;
    const out = csops(['value', 'ACC-0003', '--period', '2026', '--format', 'html', '--out', 'value/{account}-{period}.html']);
    expect(out.code, out.stderr).toBe(0);
    const page = path.join(dir, 'value', 'ACC-0003-2026.html');
    expect(out.stdout).toBe(`${page}\n`);
    const html = fs.readFileSync(page, 'utf8');
    expectSelfContained(html);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(2);
    // Mail clients that drop <style> keep the inline styles of tables and headings.
    expect(html).toMatch(/<table style="border-collapse: collapse;/);
    expect(html).toMatch(/@page \{ size: A4;/);

    const cells = figureCells(CHROMIUM ? renderedDom(page) : html);
    for (const key of ['adoption.seats', 'adoption.peak_active_users', 'adoption.average_active_users', 'adoption.peak_utilisation', 'adoption.logins', 'support.tickets_raised', 'support.tickets_resolved', 'support.first_response_within_sla', 'outcomes.value_delivered', 'outcomes.hours_saved', 'outcomes.paid', 'outcomes.multiple', 'outcomes.drivers.0.units', 'outcomes.drivers.1.value', 'outcomes.drivers.2.value']) {
      expect(cells.has(key), key).toBe(true);
    }
    expect(cells.size).toBeGreaterThan(20);
    for (const [key, text] of cells) {
      const value = at(json, key);
      expect(typeof value, key).toBe('number');
      expect(text, key).toBe(shown(key, value as number));
      // The Markdown shows the same text.
      expect(md, key).toContain(text);
    }
    if (CHROMIUM) {
      const png = screenshot(page, 'value-statement');
      expect(fs.statSync(png).size).toBeGreaterThan(50_000);
      console.log(`value statement screenshot: ${png}`);
    }
  }, 120_000);

  it('is written for the customer: no internal vocabulary, no owner, no other account', () => {
    const owner = 'Liam Novak'; // ACC-0003's owner in sample-data/accounts.csv
    const explain = JSON.parse(runCli(['--db', db, '--config', config, '--as-of', '2026-11-20', 'risk', '--explain', 'ACC-0003', '--format', 'json'], { cwd: dir }).stdout) as { accounts: Array<{ reasons: string[] }> };
    for (const format of ['md', 'html', 'json']) {
      for (const account of ['ACC-0003', 'ACC-0023', 'ACC-0007']) {
        const result = csops(['value', account, '--period', '12m', '--format', format]);
        expect(result.code).toBe(0);
        const text = format === 'html' ? pageText(result.stdout) : result.stdout;
        expect(text, `${account} ${format}`).not.toMatch(INTERNAL);
        expect(new Set(text.match(/ACC-\d{4}/g) ?? [])).toEqual(new Set(format === 'md' || format === 'html' ? [] : [account]));
        if (account === 'ACC-0003') {
          expect(text).not.toContain(owner);
          for (const reason of explain.accounts[0]!.reasons) expect(text).not.toContain(reason);
        }
      }
    }
  });

  it('an account with no usage in the period says the figures are missing, never 0 active users', () => {
    // ACC-0120 churned 250 days before the anchor: no usage rows in its last quarter of silence.
    const value = statement(['ACC-0120', '--period', '2026-Q3']);
    expect(value.adoption.usage_days).toBe(0);
    expect(value.adoption.peak_active_users).toBeNull();
    expect(value.adoption.logins).toBeNull();
    expect(value.outcomes.drivers.every((driver) => driver.units === null && driver.value === null)).toBe(true);
    expect(value.outcomes.value_delivered).toBeNull();
    expect(value.missing.join(' ')).toMatch(/No usage data was recorded for 2026-07-01 to 2026-09-30/);
    const md = csops(['value', 'ACC-0120', '--period', '2026-Q3', '--format', 'md']).stdout;
    expect(md).toContain('No usage data was recorded for this period.');
    expect(md).not.toMatch(/active users[^\n]*\| 0 /);
  });

  it('without value drivers, it shows no value delivered and tells the CSM (stderr) what to add', () => {
    // The sample config without its vendor name and value drivers.
    const { company_name: _name, value: _value, ...sample } = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'csops.config.json'), 'utf8')) as Record<string, unknown>;
    const plain = writeFile(dir, 'plain.config.json', JSON.stringify(sample));
    const result = runCli(['--db', db, '--config', plain, '--as-of', '2026-11-20', 'value', 'ACC-0003', '--format', 'md'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('value delivered in all');
    expect(result.stdout).toContain('paid for the period');
    expect(result.stderr).toMatch(/no value drivers are configured.*add value\.drivers/);
    expect(result.stderr).toMatch(/company_name is not set/);
  });

  it('refuses what it cannot do, naming the fix', () => {
    const badPeriod = csops(['value', 'ACC-0003', '--period', '2026-Q5']);
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toMatch(/--period "2026-Q5" is not a period/);
    const future = csops(['value', 'ACC-0003', '--period', '2027']);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/starts after the as-of day 2026-11-20/);
    const csv = csops(['value', 'ACC-0003', '--format', 'csv']);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/use --format md, html or json/);
    const unknown = csops(['value', 'ACC-9999']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no account "ACC-9999"/);
    const badConfig = writeFile(dir, 'bad.config.json', JSON.stringify({ value: { drivers: [{ metric: 'api_calls', label: 'calls', minutes_saved: 1, amount: 2 }] } }));
    const invalid = runCli(['--db', db, '--config', badConfig, 'value', 'ACC-0003'], { cwd: dir });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/give one of minutes_saved or amount/);
  });
});

/**
 * The statement checked by hand (issue 22): ACC-0003 over 2026 (to the anchor), imported from the five
 * canonical files only, against figures computed here from the raw CSVs with csv-parse, not by csops.
 */
describe('csops value, checked by hand against the raw sample files', () => {
  let fresh: string;
  beforeAll(() => {
    const folder = tempDir();
    fresh = path.join(folder, 'fresh.db');
    for (const file of ['accounts.csv', 'contracts.csv', 'usage.csv', 'tickets.csv', 'surveys.csv']) {
      const result = runCli(['--db', fresh, '--config', config, 'import', path.join(SAMPLE, file)], { cwd: folder });
      expect(result.code, result.stderr).toBe(0);
    }
  }, 120_000);

  const rows = (file: string) => parse(fs.readFileSync(path.join(SAMPLE, file)), { columns: true }) as Array<Record<string, string>>;

  it('active users, logins, tickets, value drivers and what was paid', () => {
    const value = statement(['ACC-0003', '--period', '2026'], fresh);
    expect(value.period).toMatchObject({ from: '2026-01-01', to: '2026-12-31', through: '2026-11-20', complete: false });

    const usage = rows('usage.csv').filter((row) => row.account_id === 'ACC-0003' && row.date! >= '2026-01-01' && row.date! <= '2026-11-20');
    const sum = (column: string) => usage.reduce((total, row) => total + Number(row[column]), 0);
    const active = usage.map((row) => Number(row.active_users));
    expect(value.adoption.usage_days).toBe(usage.length);
    expect(value.adoption.peak_active_users).toBe(Math.max(...active));
    expect(value.adoption.average_active_users).toBe(Math.round((active.reduce((a, b) => a + b, 0) / active.length) * 10) / 10);
    expect(value.adoption.logins).toBe(sum('logins'));
    expect(value.adoption.seats).toBe(660); // C-00007, in force on 2026-11-20

    // The period is days in America/New_York: 2026-01-01 00:00 and 2026-11-21 00:00 there are 05:00 UTC (EST).
    const tickets = rows('tickets.csv').filter((row) => row.account_id === 'ACC-0003' && row.created_at! >= '2026-01-01T05:00:00Z' && row.created_at! < '2026-11-21T05:00:00Z');
    expect(tickets.length).toBeGreaterThan(10);
    expect(value.support!.tickets_raised).toBe(tickets.length);
    expect(value.support!.tickets_resolved).toBe(tickets.filter((row) => row.resolved_at !== '').length);
    const ratings = tickets.filter((row) => row.csat !== '').map((row) => Number(row.csat));
    expect(value.support!.rated).toBe(ratings.length);
    expect(value.support!.satisfaction).toBe(Math.round((ratings.filter((score) => score >= 4).length / ratings.length) * 10_000) / 10_000);

    // Drivers: reports × 30 min at 60 an hour, workflows × 10 min at 45 an hour, API calls × 0.002.
    const [reports, workflows, calls] = value.outcomes.drivers;
    expect(reports!.units).toBe(sum('reports_created'));
    expect(workflows!.units).toBe(sum('workflows_run'));
    expect(calls!.units).toBe(sum('api_calls'));
    expect(workflows!.hours_saved).toBe(Math.round(((sum('workflows_run') * 10) / 60) * 10) / 10);
    expect(workflows!.value).toBeCloseTo(((sum('workflows_run') * 10) / 60) * 45, 2);
    expect(reports!.value).toBeCloseTo(((sum('reports_created') * 30) / 60) * 60, 2);
    expect(calls!.value).toBeCloseTo(sum('api_calls') * 0.002, 2);
    const delivered = ((sum('reports_created') * 30) / 60) * 60 + ((sum('workflows_run') * 10) / 60) * 45 + sum('api_calls') * 0.002;
    expect(value.outcomes.value_delivered).toBeCloseTo(delivered, 2);
    expect(value.outcomes.hours_saved).toBeCloseTo((sum('reports_created') * 30 + sum('workflows_run') * 10) / 60, 1);

    // Paid: C-00006 (452,300 a year) for 2026-01-01 … 03-10 (69 days), C-00007 (633,200) for 03-11 … 11-20 (255 days).
    const contracts = rows('contracts.csv').filter((row) => row.account_id === 'ACC-0003');
    const arrOf = (id: string) => Number(contracts.find((row) => row.contract_id === id)!.arr);
    const paid = (arrOf('C-00006') * 69) / 365 + (arrOf('C-00007') * 255) / 365;
    expect(value.outcomes.paid).toBeCloseTo(paid, 1);
    expect(value.outcomes.multiple).toBeCloseTo(delivered / paid, 2);
    expect(value.footnotes.paid).toMatch(/each of the 324 days from 2026-01-01 to 2026-11-20/);
  });
});
