import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { EXCLUDED, INVOCATIONS, commandsWithActions, runEveryCommand, runLabel, type Run } from '../helpers/command-runs.js';

/**
 * The output contract of the README ("Output contract", issue 23 item 2), checked on every command ×
 * every data format it accepts, on the sample company: json is an object with a string `kind`; ndjson
 * lines are objects with nested values kept (no string that is itself JSON); csv parses and has a
 * header; md has a header and separator row and shows figures formatted (no 12404540, 0.9864, false);
 * enum values are snake_case; money has at most its currency's minor-unit decimals, ratios 4.
 *
 * The commands come from the commander tree, so a new command fails here until it is listed below
 * (with what to run it on) or excluded with a reason.
 */

const FORMATS = ['json', 'ndjson', 'csv', 'md'] as const;
type DataFormat = (typeof FORMATS)[number];

/** Formats a command refuses on purpose (exit 2 naming the formats it writes). */
const REFUSED: Record<string, readonly DataFormat[]> = {
  value: ['ndjson', 'csv'],
  'alerts export': ['md'],
};

const MONEY_KEYS = new Set(['arr', 'amount', 'starting_arr', 'ending_arr', 'expansion', 'contraction', 'churned_arr', 'new_arr', 'due_arr', 'renewed_arr', 'pending_arr', 'acquisition_cost', 'average_acquisition_cost', 'lifetime_revenue', 'paid', 'value_delivered']);
const RATIO_KEYS = new Set(['grr', 'nrr', 'logo_churn', 'renewal_rate', 'account_share', 'arr_share', 'top_20_percent_arr_share', 'logo_retention_12_months', 'first_response_attainment', 'resolution_attainment', 'csat', 'auc', 'base_rate', 'churn_rate', 'churned_share', 'renewed_share', 'utilisation', 'ratio', 'probability']);
/** Keys whose values are csops enums (bands, tiers, states, rules …). */
const ENUM_KEYS = new Set(['band', 'previous_band', 'tier', 'closed_how', 'action', 'severity', 'state', 'status', 'for', 'trend', 'direction', 'change', 'result']);
const SNAKE_CASE = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, KWD: 3, BHD: 3 };

function decimals(value: number): number {
  const text = String(value);
  return text.includes('e') ? 99 : (text.split('.')[1]?.length ?? 0);
}

/** The command's words for the kind: `metrics retention` → metrics_retention, `churn-model fit` → churn_model_fit. */
function expectedKind(name: string): string {
  return name.replace(/[\s-]+/g, '_');
}

let runs: Run[] = [];

beforeAll(async () => {
  runs = await runEveryCommand(FORMATS, { prefix: 'csops-contract-' });
}, 300_000);

const label = runLabel;
const accepted = (format: DataFormat) => runs.filter((run) => run.format === format && !REFUSED[run.name]?.includes(format));

/** Every number under a money or ratio key, with the currency in force there (the record's own, else the document's). */
function figures(value: unknown, visit: (key: string, number: number, currency: string | undefined, where: string) => void, currency?: string, key = '', where = ''): void {
  if (Array.isArray(value)) value.forEach((item, index) => figures(item, visit, currency, key, `${where}[${index}]`));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const own = typeof record.currency === 'string' ? record.currency : currency;
    for (const [name, item] of Object.entries(record)) figures(item, visit, own, name, `${where}.${name}`);
  } else if (typeof value === 'number') visit(key, value, currency, where);
}

function enumValues(value: unknown, visit: (key: string, text: string, where: string) => void, key = '', where = ''): void {
  if (Array.isArray(value)) value.forEach((item, index) => enumValues(item, visit, key, `${where}[${index}]`));
  // csops value's footnotes are sentences keyed by what they explain (its `trend` is one).
  else if (value !== null && typeof value === 'object') for (const [name, item] of Object.entries(value)) if (name !== 'footnotes') enumValues(item, visit, name, `${where}.${name}`);
  else if (typeof value === 'string' && ENUM_KEYS.has(key)) visit(key, value, where);
}

/** Problems with the figures and enum values of one JSON value (a document or an ndjson record). */
function dataProblems(value: unknown, currency: string | undefined): string[] {
  const problems: string[] = [];
  figures(value, (key, number, own, where) => {
    if (MONEY_KEYS.has(key) && decimals(number) > (MINOR_DIGITS[own ?? 'USD'] ?? 2)) problems.push(`${where} = ${number} (${own ?? 'no currency'}): more decimals than the currency has`);
    if (RATIO_KEYS.has(key) && decimals(number) > 4) problems.push(`${where} = ${number}: a ratio with more than 4 places`);
  }, currency);
  enumValues(value, (key, text, where) => {
    if (!SNAKE_CASE.test(text)) problems.push(`${where} = "${text}": not snake_case`);
  });
  return problems;
}

/** A string that is itself a JSON object or array: nested data flattened to text. */
function flattened(value: unknown, where = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => flattened(item, `${where}[${index}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([name, item]) => flattened(item, `${where}.${name}`));
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null) return [`${where} is JSON text: ${value.slice(0, 60)}`];
    } catch {
      // text that starts with a bracket, not JSON
    }
  }
  return [];
}

describe('the output contract', () => {
  it('covers every command of the tree: each is run here or excluded with a reason', () => {
    const io = { stdout: process.stdout, stderr: process.stderr, env: {}, cwd: process.cwd(), now: () => new Date() };
    const names = commandsWithActions(buildProgram(io));
    expect(names.length).toBeGreaterThan(15);
    const unlisted = names.filter((name) => !(name in INVOCATIONS) && !(name in EXCLUDED));
    expect(unlisted, 'commands neither run by this test nor excluded with a reason').toEqual([]);
    const stale = [...Object.keys(INVOCATIONS), ...Object.keys(EXCLUDED)].filter((name) => !names.includes(name));
    expect(stale, 'listed commands the tree no longer has').toEqual([]);
  });

  it('runs each command in each format it writes (exit 0), and refuses the others with exit 2 naming them', () => {
    expect(runs.length).toBe(Object.values(INVOCATIONS).flat().length * FORMATS.length);
    for (const run of runs) {
      if (REFUSED[run.name]?.includes(run.format as DataFormat)) {
        expect(run.code, label(run)).toBe(2);
        expect(run.stderr, label(run)).toMatch(/writes?|does not write/);
        expect(run.stdout, label(run)).toBe('');
      } else {
        expect(run.code, `${label(run)}\n${run.stderr}`).toBe(0);
      }
    }
  });

  it('json: one object whose `kind` names the command, figures rounded, enum values snake_case', () => {
    const seen = new Set<string>();
    for (const run of accepted('json')) {
      const document = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(typeof document, label(run)).toBe('object');
      expect(Array.isArray(document), label(run)).toBe(false);
      expect(Object.keys(document)[0], label(run)).toBe('kind');
      expect(document.kind, label(run)).toBe(expectedKind(run.name));
      seen.add(document.kind as string);
      expect(dataProblems(document, typeof document.currency === 'string' ? document.currency : undefined), label(run)).toEqual([]);
    }
    expect(seen.size).toBe(Object.keys(INVOCATIONS).length);
  });

  it('json: flags that ask for a summary return the summary only', () => {
    const json = (name: string, args: string[]) => JSON.parse(runs.find((run) => run.name === name && run.format === 'json' && run.args.join(' ') === args.join(' '))!.stdout) as Record<string, unknown>;
    expect(json('tier', ['--summary'])).not.toHaveProperty('accounts');
    expect(json('tier', ['--summary'])).toHaveProperty('summary');
    expect(json('tier', ['--changes'])).not.toHaveProperty('accounts');
    const changes = json('risk', ['--changes', '--since', '30d']);
    expect(changes).not.toHaveProperty('accounts');
    expect((changes.changes as { accounts: unknown[] }).accounts.length).toBeGreaterThan(0);
    expect(json('risk', [])).toHaveProperty('accounts');
  });

  it('ndjson: every line one object, nested values kept (never JSON inside a string), figures rounded', () => {
    for (const run of accepted('ndjson')) {
      const lines = run.stdout.split('\n').filter((line) => line !== '');
      for (const line of lines) {
        const record = JSON.parse(line) as unknown;
        expect(record !== null && typeof record === 'object' && !Array.isArray(record), `${label(run)}: ${line.slice(0, 80)}`).toBe(true);
        expect(flattened(record), label(run)).toEqual([]);
        expect(dataProblems(record, 'USD'), label(run)).toEqual([]);
      }
    }
    // --changes gives the changes, each with its factor changes as a list.
    const changes = runs.find((run) => run.name === 'risk' && run.format === 'ndjson' && run.args.includes('--changes'))!;
    const first = JSON.parse(changes.stdout.split('\n')[0]!) as { factor_changes: unknown };
    expect(Array.isArray(first.factor_changes)).toBe(true);
  });

  it('csv: parses, with a header row of distinct names and rows as wide as it; money and ratios rounded', () => {
    for (const run of accepted('csv')) {
      if (run.stdout === '') continue; // nothing to list (a sync that changed nothing prints no header either)
      const rows = parseCsv(run.stdout, { relax_column_count: false }) as string[][];
      const header = rows[0]!;
      expect(header.every((name) => /^[a-z][a-z0-9_]*$/.test(name)), `${label(run)}: ${header.join(',')}`).toBe(true);
      expect(new Set(header).size, label(run)).toBe(header.length);
      const currencyColumn = header.indexOf('currency');
      for (const row of rows.slice(1)) {
        header.forEach((name, index) => {
          const cell = row[index]!;
          if (!/^-?\d+(\.\d+)?$/.test(cell)) return;
          if (MONEY_KEYS.has(name)) expect(decimals(Number(cell)), `${label(run)} ${name}=${cell}`).toBeLessThanOrEqual(MINOR_DIGITS[currencyColumn >= 0 ? row[currencyColumn]! : 'USD'] ?? 2);
          if (RATIO_KEYS.has(name)) expect(decimals(Number(cell)), `${label(run)} ${name}=${cell}`).toBeLessThanOrEqual(4);
        });
        header.forEach((name, index) => {
          if (ENUM_KEYS.has(name) && row[index] !== '' && !/^-?\d/.test(row[index]!)) expect(row[index], `${label(run)} ${name}`).toMatch(SNAKE_CASE);
        });
      }
    }
  });

  it('md: tables with a header and separator row, figures formatted as in the table (no raw floats, long numbers or booleans)', () => {
    const withTables = accepted('md').filter((run) => run.stdout !== ''); // tier --changes with nothing saved to compare with lists nothing
    expect(withTables.length).toBeGreaterThan(accepted('md').length - 3);
    for (const run of withTables) {
      const lines = run.stdout.split('\n');
      const separators = lines.flatMap((line, index) => (/^\|(?:\s*:?-{3,}:?\s*\|)+$/.test(line) ? [index] : []));
      expect(separators.length, `${label(run)}: no Markdown table`).toBeGreaterThan(0);
      for (const index of separators) expect(lines[index - 1], label(run)).toMatch(/^\|.*\|$/);
      const cells = lines.filter((line) => line.startsWith('|') && !/^\|(?:\s*:?-{3,}:?\s*\|)+$/.test(line)).flatMap((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
      // config show lists values as the config file holds them (true, 200000 are what one writes there).
      for (const cell of run.name === 'config show' ? [] : cells) {
        expect(cell, `${label(run)}: a raw boolean`).not.toMatch(/^(?:true|false)$/);
        expect(cell, `${label(run)}: a long number without separators`).not.toMatch(/^-?\d{5,}(?:\.\d+)?$/);
      }
      // Anywhere in the text: no number with more than two decimals (0.9864, 197054.3068).
      // The model pages write an AUC (and its gain) with three decimals (0.721), as is usual for it.
      const places = run.name === 'risk backtest' || run.name === 'churn-model fit' ? 4 : 3;
      const raw = run.stdout.match(new RegExp(`(?<![\\w.\\-:/])-?\\d+\\.\\d{${places},}(?![\\w.])`, 'g')) ?? [];
      expect(raw, `${label(run)}: unformatted figures`).toEqual([]);
    }
  });

  it('md: risk --explain names the account and its score', () => {
    const explain = runs.find((run) => run.name === 'risk' && run.format === 'md' && run.args.includes('--explain'))!;
    expect(explain.stdout).toMatch(/^## ACC-0007 \S/m);
    expect(explain.stdout).toMatch(/Score \d+\/100/);
  });
});
