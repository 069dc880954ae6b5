import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, tempDir } from '../helpers/cli.js';
import { CHROMIUM, expectSelfContained, screenshot, TEST_OUTPUT } from '../helpers/html-page.js';

/** `csops report weekly|monthly` on the sample company, through the built binary. */
const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');
let dir: string;
let db: string;

function csops(args: string[], env: Record<string, string> = {}) {
  return runCli(['--db', db, '--config', SAMPLE_CONFIG, '--as-of', '2026-11-20', ...args], { cwd: dir, env });
}

beforeAll(() => {
  dir = tempDir();
  db = sampleDatabase(dir);
}, 120_000);

describe('csops report', () => {
  it('writes the weekly report in Markdown with every section, for the last complete week', () => {
    const result = csops(['report', 'weekly', '--format', 'md']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('# Tickets and SLA, week 2026-W46 (2026-11-09 – 2026-11-15)');
    for (const section of ['## By type', '## By priority', '## Breached and escalated', '## Accounts with the most tickets', '## Recurring questions and subjects', '## For the product team: bugs', '## For the product team: feature requests', '## Definitions']) {
      expect(result.stdout).toContain(section);
    }
    expect(result.stdout).toMatch(/\| created \| \d+ \| \d+ \| [+−±]\d+ \|/);
    // ACC-0015's ticket spike (22 extra tickets in the two weeks before the anchor) tops the accounts.
    expect(result.stdout).toMatch(/## Accounts with the most tickets\n\n\| account .*\n\| --- .*\n\| ACC-0015 Foxglove Outfitters \|/);
  });

  it("is byte-identical whatever the machine's time zone", () => {
    const kolkata = csops(['report', 'weekly', '--format', 'md'], { TZ: 'Asia/Kolkata' });
    const chatham = csops(['report', 'weekly', '--format', 'md'], { TZ: 'Pacific/Chatham' });
    const json = (tz: string) => csops(['report', 'monthly', '--format', 'json'], { TZ: tz }).stdout;
    expect(chatham.stdout).toBe(kolkata.stdout);
    expect(json('America/Los_Angeles')).toBe(json('Australia/Lord_Howe'));
  });

  it('--out fills the placeholders, creates the folders, replaces the file whole and prints its path', () => {
    const result = csops(['report', 'weekly', '--week', '2026-W46', '--format', 'md', '--out', 'reports/{week}/tickets-{from}.md']);
    expect(result.code).toBe(0);
    const target = path.join(dir, 'reports', '2026-W46', 'tickets-2026-11-09.md');
    expect(result.stdout).toBe(`${target}\n`);
    expect(fs.readFileSync(target, 'utf8')).toBe(csops(['report', 'weekly', '--week', '2026-W46', '--format', 'md']).stdout);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['tickets-2026-11-09.md']);
  });

  it("gives the period's tickets with their SLA fields as CSV, and everything as JSON", () => {
    const csv = csops(['report', 'monthly', '--month', '2026-10', '--format', 'csv']).stdout.split('\n');
    expect(csv[0]).toBe('ticket_id,account_id,created_at,priority,type,subject,first_response,first_response_due,first_response_hours,resolution,resolution_due,resolution_hours,from_duration');
    const report = JSON.parse(csops(['report', 'monthly', '--month', '2026-10', '--format', 'json']).stdout) as { period: { label: string }; figures: { created: number }; tickets: unknown[]; definitions: Record<string, string> };
    expect(report.period.label).toBe('2026-10');
    expect(report.tickets).toHaveLength(report.figures.created);
    expect(csv.filter((line) => line.startsWith('T-'))).toHaveLength(report.figures.created);
    expect(report.definitions).toHaveProperty('first_response_attainment');
  });

  it('names the flag that fixes a bad period', () => {
    const result = csops(['report', 'weekly', '--week', '47']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--week "47" is not an ISO week/);
    expect(result.stderr).toMatch(/--week 2026-W47/);
  });
});

describe('csops report --format html', () => {
  it('writes one self-contained file: three inline SVG charts, no scripts, nothing fetched from elsewhere', () => {
    const result = csops(['report', 'weekly', '--format', 'html', '--out', 'html/{week}.html']);
    expect(result.code).toBe(0);
    const html = fs.readFileSync(result.stdout.trim(), 'utf8');
    expectSelfContained(html);
    expect(html.match(/<svg /g)).toHaveLength(3);
    // Text from the data is escaped: the sample has a subject with double quotes.
    expect(html).toContain('Dashboard widgets show &quot;No data&quot; after refresh');
    // Counts are drawn on whole-number ticks.
    const ticks = [...html.matchAll(/text-anchor="end" fill="#52606d">([^<]+)<\/text>/g)].map((match) => match[1]!);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.every((tick) => /^\d[\d,]*$/.test(tick))).toBe(true);
  });

  it.skipIf(!CHROMIUM)('renders in headless Chromium with the network cut off (screenshot in the test output folder)', () => {
    const page = path.join(TEST_OUTPUT, 'report-weekly.html');
    fs.mkdirSync(TEST_OUTPUT, { recursive: true });
    expect(csops(['report', 'weekly', '--format', 'html', '--out', page]).code).toBe(0);
    const png = screenshot(page, 'report-weekly', '1100,2400');
    expect(fs.statSync(png).size).toBeGreaterThan(50_000); // a page with text and charts, not a blank one
    console.log(`report screenshot: ${png}`);
  }, 90_000);

  it('is refused by commands that do not write HTML, naming the formats they do', () => {
    const result = csops(['tier', '--format', 'html']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/csops tier does not write HTML/);
    expect(result.stderr).toMatch(/HTML is for csops report, value, renewals and risk/);
  });
});
