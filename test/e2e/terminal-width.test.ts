import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sampleDatabase, tempDir } from '../helpers/cli.js';
import { HAS_TMUX, Terminal } from '../helpers/terminal.js';
import { displayWidth } from '../../src/render/table-layout.js';

/**
 * Tables that fit the terminal (issue 23 item 1): the built binary in a real 100- and 200-column
 * terminal (tmux) against the sample company, whose ids include Chinese company names. Every line on
 * the screen fits the width and none was wrapped by the terminal: the screen captured row by row has as
 * many lines as the same capture with wrapped lines joined. Piped output stays whole. Skipped where
 * tmux is missing (.ci/run installs it).
 */
const AS_OF = '2026-11-20';
let dir: string;
let db: string;

beforeAll(() => {
  dir = tempDir('csops-width-');
  db = sampleDatabase(dir);
});

const terminals: Terminal[] = [];
afterEach(() => {
  for (const opened of terminals.splice(0)) opened.close();
});

interface Screen {
  /** stdout as the screen shows it, wrapped lines joined. */
  lines: string[];
  /** The same, one line per screen row. */
  rows: string[];
  stderr: string;
}

/** Runs csops in a terminal `width` columns wide; stderr goes to a file (its notes are checked on their own). */
async function onTerminal(width: number, args: string[]): Promise<Screen> {
  const stderrFile = path.join(dir, `stderr-${width}-${terminals.length}-${Date.now()}.txt`);
  const term = new Terminal(['--db', db, '--as-of', AS_OF, ...args], { cwd: dir, width, height: 50, stderr: stderrFile });
  terminals.push(term);
  expect(await term.exitCode()).toBe(0);
  const upToExit = (text: string) => {
    const lines = text.split('\n');
    return lines.slice(0, lines.findIndex((line) => line.startsWith('__csops_exit='))).map((line) => line.trimEnd());
  };
  return { lines: upToExit(term.screen()), rows: upToExit(term.rows()), stderr: fs.readFileSync(stderrFile, 'utf8') };
}

const json = <T>(args: string[]): T => {
  const result = runCli(['--db', db, '--as-of', AS_OF, '--format', 'json', ...args], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as T;
};

/** Lines of box-drawn tables, grouped by table (from ┌ to └). */
function boxTables(lines: readonly string[]): string[][] {
  const tables: string[][] = [];
  for (const line of lines) {
    if (line.startsWith('┌')) tables.push([]);
    if (/^[┌│├└]/.test(line)) tables.at(-1)!.push(line);
  }
  return tables;
}

describe.skipIf(!HAS_TMUX)('tables on a 100- and a 200-column terminal', () => {
  const commands: Array<[string, string[]]> = [
    ['risk', ['risk']],
    ['renewals', ['renewals']],
    ['tier', ['tier']],
    ['account', ['account', 'ACC-0023']],
    ['account named in Chinese', ['account', '杭州云栖数据科技有限公司']],
  ];

  for (const width of [100, 200]) {
    for (const [name, args] of commands) {
      it(`${name} at ${width} columns: no line wider, none wrapped, every table's lines one width`, async () => {
        const screen = await onTerminal(width, args);
        expect(screen.lines.length).toBeGreaterThan(3);
        for (const line of screen.lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
        expect(screen.rows.length).toBe(screen.lines.length);
        const tables = boxTables(screen.lines);
        expect(tables.length).toBeGreaterThan(0);
        for (const table of tables) {
          // CJK names and ids aligned: every line of a table, border or row, is as wide on the screen.
          expect(new Set(table.map(displayWidth)).size, table.join('\n')).toBe(1);
          // A rule under the headings only, none between rows.
          expect(table.filter((line) => line.startsWith('├'))).toHaveLength(1);
          // Every column has a heading.
          const headings = table[1]!.split('│').slice(1, -1);
          for (const heading of headings) expect(heading.trim()).not.toBe('');
        }
      });
    }
  }

  it('risk shows one row per account, and at 100 columns one note naming what was left out, --wide and --columns', async () => {
    const expected = json<{ accounts: unknown[] }>(['risk']).accounts.length;
    const screen = await onTerminal(100, ['risk']);
    const table = boxTables(screen.lines)[0]!;
    expect(table.length - 4).toBe(expected);
    const notes = screen.stderr.split('\n').filter((line) => line.startsWith('note: to fit'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^note: to fit 100 columns, left out [a-z_, ]+(; shortened [a-z_, ]+)?\. --wide shows all; --columns a,b,c picks \(--columns help lists them\)$/);
    // What it names as left out is not in the headings.
    const headings = table[1]!.split('│').map((cell) => cell.trim());
    expect(headings).not.toContain('owner');
    expect(notes[0]).toContain('owner');
  });

  it('-q keeps the note off stderr', async () => {
    const screen = await onTerminal(100, ['-q', 'risk', '--limit', '5']);
    expect(screen.stderr).toBe('');
  });

  it('--wide shows every column whole: lines wrap on the terminal, nothing is left out', async () => {
    const accounts = json<{ accounts: Array<{ owner: string; reasons: string[] }> }>(['risk', '--limit', '5']).accounts;
    const screen = await onTerminal(100, ['risk', '--wide', '--limit', '5']);
    expect(screen.stderr).not.toContain('note: to fit');
    expect(screen.rows.length).toBeGreaterThan(screen.lines.length);
    const joined = screen.lines.join('\n');
    for (const account of accounts) {
      expect(joined).toContain(account.owner);
      expect(joined).toContain(account.reasons.slice(0, 2).join('; '));
    }
  });

  it('--columns chooses and orders the columns of the table', async () => {
    const screen = await onTerminal(100, ['risk', '--columns', 'arr,name,owner,score']);
    const table = boxTables(screen.lines)[0]!;
    expect(table[1]!.split('│').slice(1, -1).map((cell) => cell.trim())).toEqual(['ARR USD', 'name', 'owner', 'score']);
    expect(screen.stderr).not.toContain('note: to fit');
    // Only the main table takes --columns: renewals' table of windows is fitted, and its note names --wide only.
    const renewals = await onTerminal(100, ['renewals', '--columns', 'window,account_id']);
    expect(boxTables(renewals.lines)[0]![1]!.split('│').slice(1, -1).map((cell) => cell.trim())).toEqual(['window', 'account']);
    for (const note of renewals.stderr.split('\n').filter((line) => line.startsWith('note: to fit'))) expect(note).toMatch(/--wide shows all$/);
  });

  it('COLUMNS is not read when the terminal reports its width', async () => {
    const screen = await onTerminal(200, ['tier']);
    const wide = boxTables(screen.lines)[0]![0]!;
    const term = new Terminal(['--db', db, '--as-of', AS_OF, 'tier'], { cwd: dir, width: 200, height: 50, env: { COLUMNS: '80' }, stderr: path.join(dir, 'columns-env.txt') });
    terminals.push(term);
    expect(await term.exitCode()).toBe(0);
    expect(displayWidth(boxTables(term.screen().split('\n'))[0]![0]!)).toBe(displayWidth(wide));
  });
});

describe('piped tables and --columns', () => {
  const csops = (args: string[], env?: Record<string, string>) => runCli(['--db', db, '--as-of', AS_OF, ...args], { cwd: dir, env });

  it('stay plain, aligned and whole whatever COLUMNS says', () => {
    const result = csops(['risk'], { COLUMNS: '80' });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[│┌─]/);
    expect(result.stderr).not.toContain('note: to fit');
    const lines = result.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map(displayWidth))).toBeGreaterThan(80);
    const accounts = json<{ accounts: Array<{ reasons: string[]; owner: string | null }> }>(['risk']).accounts;
    expect(lines).toHaveLength(accounts.length + 1);
    for (const [index, account] of accounts.entries()) expect(lines[index + 1]).toContain(account.reasons.slice(0, 2).join('; '));
  });

  it('align Chinese names by display width (FORCE_COLOR too): a right-aligned last column ends on one screen column', () => {
    for (const env of [{}, { FORCE_COLOR: '1', NO_COLOR: '' }] as Array<Record<string, string>>) {
      const result = csops(['risk', '--columns', 'account_id,name,band,score'], env);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines.some((line) => /[\u4e00-\u9fff]/.test(line))).toBe(true);
      expect(new Set(lines.map(displayWidth)).size).toBe(1);
    }
    expect(csops(['risk', '--columns', 'band'], { FORCE_COLOR: '1', NO_COLOR: '' }).stdout).toContain('\x1b[');
  });

  it('--columns selects csv, ndjson and md columns in order; json stays whole', () => {
    expect(csops(['tier', '--format', 'csv', '--columns', 'arr,account_id']).stdout.split('\n')[0]).toBe('arr,account_id');
    const record = JSON.parse(csops(['risk', '--format', 'ndjson', '--columns', 'score,account_id']).stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['score', 'account_id']);
    expect(csops(['renewals', '--format', 'md', '--columns', 'name,ends']).stdout.split('\n')[0]).toBe('| name | ends |');
    const json = csops(['tier', '--format', 'json', '--columns', 'arr']);
    const whole = JSON.parse(json.stdout) as { accounts: Array<Record<string, unknown>> };
    expect(Object.keys(whole.accounts[0]!).length).toBeGreaterThan(1);
    expect(json.stderr).toContain('warning: --columns chooses the columns of table, csv, ndjson and md output; --format json stays whole');
  });

  it('an unknown --columns key is exit 2 naming the nearest key and the ones there are', () => {
    const result = csops(['risk', '--columns', 'account_id,nmae']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('csops: --columns: this table has no column "nmae"; did you mean "name"?');
    expect(result.stderr).toMatch(/hint: its columns are account_id, name, score, band, /);
  });

  it('--columns help lists the keys with their headings, exit 0', () => {
    const result = csops(['tier', '--columns', 'help']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^Columns of this table/);
    expect(result.stdout).toMatch(/^ {2}reason +why$/m);
    expect(result.stdout).toMatch(/^ {2}account_id +account$/m);
    // In Chinese (issue 24): the line above the list, the headings and the unknown-key error; the keys stay as typed.
    const zh = csops(['--lang', 'zh-CN', 'tier', '--columns', 'help']);
    expect(zh.code).toBe(0);
    expect(zh.stdout.split('\n')[0]).toBe('此表的列，供 --columns 使用（以逗号分隔，按所需顺序）：');
    expect(zh.stdout).toMatch(/^ {2}account_id +客户编号$/m);
    const unknown = csops(['--lang', 'zh-CN', 'tier', '--columns', 'nmae']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--columns：此表没有 "nmae" 列；是否要用 "name"？');
  });

  it('--wide and --columns belong to the commands that print tables', () => {
    const result = csops(['value', 'ACC-0023', '--wide']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--wide'");
    expect(csops(['account', 'ACC-0023', '--columns', 'x']).code).toBe(2);
    expect(csops(['alerts', 'sync', '--columns', 'id']).code).toBe(2);
  });
});

describe('numbers a person reads (issue 23 item 6)', () => {
  // A whole number of four digits or more standing alone: not part of a date, a time, an id
  // (ACC-0023, T-103028, #18), a decimal or an already grouped figure; years and the bootstrap seed aside.
  const BARE = /(?<![\w.,:/#\-])\d{4,}(?![\w.,:/\-])/g;
  const bare = (text: string) => [...text.matchAll(BARE)].map((match) => match[0]).filter((digits) => !(digits.length === 4 && /^(19|20)\d\d$/.test(digits)));

  it.each([
    ['risk'],
    ['risk', '--explain', 'ACC-0023'],
    ['risk', '--changes', '--since', '30d'],
    ['tier'],
    ['tier', '--summary'],
    ['renewals'],
    ['metrics', 'retention'],
    ['metrics', 'acquisition'],
    ['account', 'ACC-0023'],
    ['account', 'ACC-0003'],
    ['alerts', '--state', 'all'],
    ['report', 'weekly'],
    ['report', 'monthly'],
    ['risk', 'backtest'],
  ])('csops %s: table output and notes group thousands', (...args) => {
    const result = runCli(['--db', db, '--as-of', AS_OF, ...args], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const text = `${result.stdout}\n${result.stderr}`.replace(/seed \d+/g, 'seed');
    expect(bare(text)).toEqual([]);
  });

  it('csv and json keep raw numbers', () => {
    const csv = runCli(['--db', db, '--as-of', AS_OF, '--format', 'csv', 'tier'], { cwd: dir }).stdout;
    expect(csv).toMatch(/,\d{5,}(,|\n)/);
    expect(csv).not.toMatch(/"\d{1,3}(,\d{3})+"/);
  });
});
