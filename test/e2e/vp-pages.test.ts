import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, tempDir } from '../helpers/cli.js';
import { CHROMIUM, expectSelfContained, figureCells, pageText, renderedDom, screenshot } from '../helpers/html-page.js';

/** The VP's pages (issue 22): csops renewals and csops risk as one self-contained HTML file each. */
const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');
let dir: string;
let db: string;

function csops(args: string[]) {
  return runCli(['--db', db, '--config', SAMPLE_CONFIG, '--as-of', '2026-11-20', ...args], { cwd: dir });
}

type Money = Array<{ currency: string; amount: number }>;
const grouped = (value: number) => Math.round(value).toLocaleString('en-US');
const moneyText = (money: Money) => (money.length === 0 ? '0' : money.map((part) => `${grouped(part.amount)} ${part.currency}`).join(' + '));

beforeAll(() => {
  dir = tempDir();
  db = sampleDatabase(dir);
}, 120_000);

/** Reads the page back as Chromium parsed it (or as written, without Chromium). */
function cellsOf(page: string): Map<string, string> {
  return figureCells(CHROMIUM ? renderedDom(page) : fs.readFileSync(page, 'utf8'));
}

describe('csops renewals --format html', () => {
  it('writes the forecast page: windows, forecast and lapsed ARR equal to the JSON, per owner sums adding up', () => {
    const json = JSON.parse(csops(['renewals', '--within', '120d', '--format', 'json']).stdout) as {
      renewals: Array<{ owner: string | null; arr: number; band: string; state: string; account_id: string; top_reason: string | null }>;
      windows: Array<{ window: string; accounts: number; contracts: number; arr: Money; forecast: Money }>;
    };
    const out = csops(['renewals', '--within', '120d', '--format', 'html', '--out', 'vp/renewals-{as_of}-{within}.html']);
    expect(out.code, out.stderr).toBe(0);
    const page = path.join(dir, 'vp', 'renewals-2026-11-20-120d.html');
    expect(out.stdout).toBe(`${page}\n`);
    const html = fs.readFileSync(page, 'utf8');
    expectSelfContained(html);
    expect(html.match(/<svg /g)).toHaveLength(1);
    const cells = cellsOf(page);
    for (const window of json.windows) {
      expect(cells.get(`windows.${window.window}.accounts`)).toBe(String(window.accounts));
      expect(cells.get(`windows.${window.window}.contracts`)).toBe(String(window.contracts));
      expect(cells.get(`windows.${window.window}.arr`)).toBe(moneyText(window.arr));
      expect(cells.get(`windows.${window.window}.forecast`)).toBe(moneyText(window.forecast));
    }
    const upcoming = json.windows.filter((window) => window.window !== 'lapsed');
    expect(cells.get('arr_up_for_renewal')).toBe(`${grouped(upcoming.reduce((sum, window) => sum + window.arr[0]!.amount, 0))} USD`);
    expect(cells.get('forecast')).toBe(`${grouped(upcoming.reduce((sum, window) => sum + window.forecast[0]!.amount, 0))} USD`);
    expect(cells.get('lapsed_arr')).toBe(moneyText(json.windows.find((window) => window.window === 'lapsed')!.arr));
    // Per owner: as many renewals and as much ARR as the JSON rows of that owner.
    const owners = [...html.matchAll(/<tr><td[^>]*>([^<]*)<\/td><td[^>]*data-figure="owners\.(\d+)\.renewals"/g)].map((match) => ({ owner: match[1]!, index: match[2]! }));
    expect(owners.length).toBeGreaterThan(3);
    for (const { owner, index } of owners) {
      const rows = json.renewals.filter((row) => (row.owner ?? '(no owner)') === owner);
      expect(cells.get(`owners.${index}.renewals`), owner).toBe(String(rows.length));
      expect(cells.get(`owners.${index}.arr`), owner).toBe(`${grouped(rows.reduce((sum, row) => sum + row.arr, 0))} USD`);
      const atRisk = rows.filter((row) => row.band === 'at_risk' || row.band === 'critical');
      expect(cells.get(`owners.${index}.at_risk_renewals`), owner).toBe(String(atRisk.length));
    }
    // The renewals at risk come with their top reason: ACC-0023 (declining logins, urgent bug past SLA).
    const acc23 = json.renewals.find((row) => row.account_id === 'ACC-0023')!;
    expect(pageText(html)).toContain(acc23.top_reason!);
    if (CHROMIUM) console.log(`renewals page screenshot: ${screenshot(page, 'renewals-page', '1100,2400')}`);
  }, 120_000);
});

describe('csops risk --format html', () => {
  it('writes the book-of-business page: bands, at-risk ARR and owners equal to the JSON; --limit shortens only the list', () => {
    const json = JSON.parse(csops(['risk', '--format', 'json']).stdout) as { accounts: Array<{ account_id: string; owner: string | null; arr: number; band: string; reasons: string[] }> };
    const out = csops(['risk', '--format', 'html', '--limit', '5', '--out', 'vp/health-{as_of}.html']);
    expect(out.code, out.stderr).toBe(0);
    const page = path.join(dir, 'vp', 'health-2026-11-20.html');
    const html = fs.readFileSync(page, 'utf8');
    expectSelfContained(html);
    const cells = cellsOf(page);
    const sumArr = (rows: typeof json.accounts) => `${grouped(rows.reduce((sum, row) => sum + row.arr, 0))} USD`;
    expect(cells.get('accounts')).toBe(grouped(json.accounts.length));
    expect(cells.get('arr')).toBe(sumArr(json.accounts));
    const atRisk = json.accounts.filter((row) => row.band === 'at_risk' || row.band === 'critical');
    expect(cells.get('at_risk_accounts')).toBe(String(atRisk.length));
    expect(cells.get('at_risk_arr')).toBe(sumArr(atRisk));
    for (const band of ['healthy', 'watch', 'at_risk', 'critical']) {
      const members = json.accounts.filter((row) => row.band === band);
      expect(cells.get(`bands.${band}.accounts`), band).toBe(String(members.length));
      if (members.length > 0) expect(cells.get(`bands.${band}.arr`), band).toBe(sumArr(members));
    }
    const owners = [...html.matchAll(/<tr><td[^>]*>([^<]*)<\/td><td[^>]*data-figure="owners\.(\d+)\.accounts"/g)].map((match) => ({ owner: match[1]!, index: match[2]! }));
    expect(owners.length).toBeGreaterThan(3);
    expect(owners.reduce((sum, { index }) => sum + Number(cells.get(`owners.${index}.accounts`)), 0)).toBe(json.accounts.length);
    for (const { owner, index } of owners) {
      const rows = json.accounts.filter((row) => (row.owner ?? '(no owner)') === owner);
      expect(cells.get(`owners.${index}.arr`), owner).toBe(sumArr(rows));
      expect(cells.get(`owners.${index}.at_risk_arr`), owner).toBe(sumArr(rows.filter((row) => row.band === 'at_risk' || row.band === 'critical')));
    }
    // Five accounts listed with their top reasons, the rest counted.
    const worst = atRisk[0]!;
    expect(pageText(html)).toContain(worst.reasons[0]!);
    expect(pageText(html)).toContain(`and ${atRisk.length - 5} more (--limit 5)`);
    expect(html.match(/<svg /g)).toHaveLength(2);
    if (CHROMIUM) console.log(`health page screenshot: ${screenshot(page, 'risk-page', '1100,2400')}`);
  }, 120_000);

  it('filters narrow the page and say so; --explain and --changes are not pages', () => {
    const owner = 'Maya Chen';
    const html = csops(['risk', '--format', 'html', '--owner', owner]).stdout;
    expect(pageText(html)).toMatch(/match the filters, and every figure below is of those/);
    expect([...html.matchAll(/data-figure="owners\.\d+\.accounts"/g)]).toHaveLength(1);
    const explain = csops(['risk', '--format', 'html', '--explain', 'ACC-0003']);
    expect(explain.code).toBe(2);
    expect(explain.stderr).toMatch(/does not show --explain/);
  });
});
