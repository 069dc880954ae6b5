/**
 * Issue 17: data cannot drive the terminal. Account names, owners, ticket subjects, survey comments
 * and statuses holding escape sequences (clear screen, cursor moves, colours, OSC 8 links, C1
 * controls) are imported as they are and shown as visible \xNN in table and Markdown output of every
 * command and in messages; CSV and JSON keep them exactly. The built binary, real files, real database.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CSOPS_BIN, tempDir, testEnv, writeFile, type CliResult } from '../helpers/cli.js';

vi.setConfig({ testTimeout: 60_000 });

const CLEAR = '\x1b[2J\x1b[H';
const LINK = '\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\';
const C1_CSI = '\u009b31m';
const BELL = '\x07';

const NAME = `Acme${CLEAR}${LINK}`;
const OWNER = `eve${C1_CSI}@example.com`;
const SUBJECT = `Login fails${BELL}\x1b[31m red\x1b[0m\x1b[1A`;
const COMMENT = `great${CLEAR} product\r overwritten`;

/** Raw control characters a terminal acts on (ESC, BEL, C1, CR …): never in table or md output. */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

function runCliAsync(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CSOPS_BIN, ...args], { cwd, env: testEnv(env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const dir = tempDir('csops-escapes-');
const db = path.join(dir, 'csops.db');
const csops = (args: string[], env: Record<string, string> = {}) => runCliAsync(['--db', db, '--as-of', '2026-11-20', ...args], dir, env);

function csvLine(cells: string[]): string {
  return cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',');
}

beforeAll(async () => {
  const files: Array<[string, string]> = [
    ['accounts', ['account_id,name,owner,industry,employees', csvLine(['A-1', NAME, OWNER, `Soft${BELL}ware`, '3000']), csvLine(['A-2', 'Plain Ltd', 'ana@example.com', 'Retail', '50'])].join('\n')],
    ['contracts', ['contract_id,account_id,start_date,end_date,arr,currency,plan', csvLine(['C-1', 'A-1', '2025-12-01', '2026-11-30', '250000', 'USD', `gold${CLEAR}`]), csvLine(['C-2', 'A-2', '2026-01-01', '2026-12-31', '1000', 'USD', 'basic'])].join('\n')],
    ['tickets', ['ticket_id,account_id,created_at,subject,priority,status,type', csvLine(['T-1', 'A-1', '2026-11-10T09:00:00Z', SUBJECT, 'urgent', `Open${C1_CSI}`, 'bug']), csvLine(['T-2', 'A-1', '2026-11-11T09:00:00Z', SUBJECT, 'high', 'open', 'question'])].join('\n')],
    ['surveys', ['account_id,responded_at,kind,score,comment,respondent', csvLine(['A-1', '2026-11-05', 'nps', '3', COMMENT, `x${BELL}@example.com`])].join('\n')],
    ['usage', ['account_id,date,logins', csvLine(['A-1', '2026-11-01', '4']), csvLine(['A-2', '2026-11-01', '9'])].join('\n')],
  ];
  for (const [kind, content] of files) {
    writeFile(dir, `${kind}.csv`, content);
    const result = await runCliAsync(['--db', db, 'import', kind, `${kind}.csv`], dir);
    if (result.code !== 0) throw new Error(`${kind}: ${result.stderr}`);
  }
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Command, arguments, and the formats in which it shows some of the hostile text. */
const COMMANDS: Array<[string, string[], string[]]> = [
  ['account', ['account', 'A-1'], ['table', 'md']],
  ['risk', ['risk'], ['table', 'md']],
  // In Markdown, --explain prints the factor table only (no name, owner or subject).
  ['risk --explain', ['risk', '--explain', 'A-1'], ['table']],
  ['renewals', ['renewals', '--within', '365d'], ['table', 'md']],
  ['tier', ['tier'], ['table', 'md']],
  ['report weekly', ['report', 'weekly', '--week', '2026-W46'], ['table', 'md']],
];

describe.each(COMMANDS)('csops %s shows control characters from the data as \\xNN', (_name, args, showing) => {
  it.each(['table', 'md'])('--format %s', async (format) => {
    for (const color of [[], ['--color']]) {
      const result = await csops(['--format', format, ...color, ...args]);
      expect(result.code, result.stderr).toBe(0);
      // csops's own colours (--color) are the only escape sequences left, and only SGR ones.
      const withoutOwnColours = (text: string) => (color.length > 0 ? text.replace(/\x1b\[[0-9;]*m/g, '') : text);
      expect(withoutOwnColours(result.stdout)).not.toMatch(RAW_CONTROL);
      expect(withoutOwnColours(result.stderr)).not.toMatch(RAW_CONTROL);
      expect(result.stdout).not.toContain('\x1b]8');
      expect(result.stdout).not.toContain('\u009b');
      // The data is still there, visibly.
      if (showing.includes(format)) expect(result.stdout).toMatch(/\\x1b\[2J|\\x1b\[31m|\\x9b31m|\\x07/);
    }
  });
});

describe('the data itself is kept exactly', () => {
  it('csops account --format json and csops risk --format csv/json carry the raw text', async () => {
    const account = await csops(['--format', 'json', 'account', 'A-1']);
    expect(account.code, account.stderr).toBe(0);
    const view = JSON.parse(account.stdout) as { profile: { name: string; owner: string }; open_tickets: Array<{ subject: string }>; surveys: Array<{ comment: string }> };
    expect(view.profile.name).toBe(NAME);
    expect(view.profile.owner).toBe(OWNER);
    expect(view.open_tickets.map((ticket) => ticket.subject)).toContain(SUBJECT);
    expect(view.surveys[0]!.comment).toBe(COMMENT);

    const csv = await csops(['--format', 'csv', 'risk']);
    const rows = parse(csv.stdout, { columns: true }) as Array<{ account_id: string; name: string; owner: string }>;
    expect(rows.find((row) => row.account_id === 'A-1')).toMatchObject({ name: NAME, owner: OWNER });
    const ndjson = await csops(['--format', 'ndjson', 'risk']);
    expect(ndjson.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { name: string }).name)).toContain(NAME);
  });

  it('the HTML report escapes its own way: no raw ESC, the text is there', async () => {
    const result = await csops(['--format', 'html', 'report', 'weekly', '--week', '2026-W46']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Login fails');
  });
});

describe('messages quoting a value show its control characters as \\xNN', () => {
  it('an import error naming a bad cell', async () => {
    writeFile(dir, 'bad.csv', ['contract_id,account_id,start_date,end_date,arr,currency', csvLine(['C-9', 'A-1', `2026${CLEAR}-01-01`, '', '100', 'USD']), csvLine(['C-8', 'A-1', `2026-01-01${C1_CSI}`, '', '100', 'USD'])].join('\n'));
    const result = await runCliAsync(['--db', db, 'import', 'contracts', 'bad.csv'], dir);
    expect(result.code).toBe(65);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).toContain('(got "2026\\x1b[2J\\x1b[H-01-01")');
    expect(result.stderr).toContain('(got "2026-01-01\\x9b31m")');
  });

  it('a bad option value and an unknown account, quoted back', async () => {
    const option = await csops(['risk', '--tier', `high${CLEAR}`]);
    expect(option.code).toBe(2);
    expect(option.stderr).not.toMatch(RAW_CONTROL);
    expect(option.stderr).toContain('high\\x1b[2J\\x1b[H');
    const account = await csops(['account', `Nobody${C1_CSI}`]);
    expect(account.code).not.toBe(0);
    expect(account.stderr).not.toMatch(RAW_CONTROL);
    expect(account.stderr).toContain('\\x9b31m');
  });

  it('an import warning quoting a value csops does not know', async () => {
    writeFile(dir, 'tickets-2.csv', ['ticket_id,account_id,created_at,status', csvLine(['T-3', 'A-2', '2026-11-12T09:00:00Z', `Waiting${C1_CSI}${BELL}`])].join('\n'));
    const result = await runCliAsync(['--db', db, 'import', 'tickets', 'tickets-2.csv'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: tickets-2\.csv: ticket_status: 1 value csops does not know/);
    expect(result.stderr).not.toMatch(RAW_CONTROL);
    expect(result.stderr).toContain('"Waiting\\x9b31m\\x07" (1)');
  });
});
