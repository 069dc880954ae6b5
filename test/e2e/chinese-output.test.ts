import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, tempDir, writeFile } from '../helpers/cli.js';
import { runEveryCommand, runLabel, type Run } from '../helpers/command-runs.js';

/**
 * Issue 24: with --lang zh-CN every human-facing output is Simplified Chinese. Every command of the
 * tree (test/helpers/command-runs.ts) is run in its table and Markdown formats, stdout and stderr, and
 * no English word may remain but names, ids, units and codes. What the user's own files say (account
 * names, owners, ticket subjects, plans, comments) is their data, shown as it is: the words of the
 * sample data's free-text columns are allowed, and nothing else.
 */

/** Codes, units and names that stay as they are in Chinese text. */
const ALLOWED = new Set([
  'ARR', 'MRR', 'SLA', 'GRR', 'NRR', 'CSAT', 'NPS', 'CES', 'CSM', 'CS', 'KPI', 'API', 'ID', 'CSV', 'JSON', 'NDJSON', 'HTML', 'UTF', 'GB', 'GBK',
  'USD', 'EUR', 'CNY', 'GBP', 'JPY', 'AUC', 'Q1', 'Q2', 'Q3', 'Q4', 'csops', 'SQLite', 'PostgreSQL', 'DingTalk', 'Slack', 'Teams', 'Feishu', 'WeCom',
  'America', 'New_York', 'UTC', 'IANA', 'Markdown', 'md', 'html', 'csv', 'ndjson', 'json', 'db', 'ok',
]);

/** Words of the free-text columns of sample-data: the user's data, shown as written. */
function dataWords(): Set<string> {
  const columns: Record<string, string[]> = {
    'accounts.csv': ['name', 'industry', 'region', 'country', 'owner', 'plan', 'channel', 'domain'],
    'contacts.csv': ['name', 'email', 'title'],
    'contracts.csv': ['plan'],
    'tickets.csv': ['subject', 'tags', 'assignee', 'organization'],
    'surveys.csv': ['comment', 'respondent'],
    'touchpoints.csv': ['subject', 'owner'],
    'usage.csv': [],
  };
  const words = new Set<string>();
  for (const [file, names] of Object.entries(columns)) {
    const rows = parseCsv(fs.readFileSync(path.join(REPO_ROOT, 'sample-data', file)), { columns: true }) as Array<Record<string, string>>;
    const metricNames = file === 'usage.csv' ? Object.keys(rows[0] ?? {}) : [];
    for (const name of metricNames) words.add(name);
    for (const row of rows) for (const name of names) for (const word of (row[name] ?? '').match(/[A-Za-z][A-Za-z'’_-]*/g) ?? []) words.add(word);
  }
  return words;
}

/**
 * The English words left in a text once what may stay is taken out: ids (ACC-0007), file paths,
 * option names (--wide) and command lines (`csops …`), URLs and e-mail addresses, numbers with units,
 * the allowed codes and the user's own words.
 */
export function englishWords(text: string, data: ReadonlySet<string>): string[] {
  const stripped = text
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[\w.+-]+@[\w.-]+/g, ' ')
    .replace(/(?:^|\s)(?:\.{0,2}\/|~\/)?[\w.-]+(?:\/[\w.{}-]+)+/g, ' ')
    .replace(/[\w-]+\.(?:csv|db|json|md|html|xlsx|ics|bak)\b/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/(?:^|\s)--?[a-z][\w-]*/g, ' ')
    .replace(/\bcsops(?: [a-z-]+)+/g, ' ')
    .replace(/\b[A-Z]+-\d+\b/g, ' ')
    .replace(/\b\d[\w.:,/-]*/g, ' ');
  const left = new Set<string>();
  for (const word of stripped.match(/[A-Za-z][A-Za-z'’_]*(?:-[A-Za-z]+)*/g) ?? []) {
    if (word.length < 2 || ALLOWED.has(word) || data.has(word)) continue;
    if (word.split('-').every((part) => data.has(part) || ALLOWED.has(part))) continue;
    left.add(word);
  }
  return [...left];
}

/** The text of an HTML page a person reads: no tags, styles, scripts or attributes. */
function htmlText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

let data: Set<string>;
let runs: Run[] = [];

beforeAll(async () => {
  data = dataWords();
  runs = await runEveryCommand(['table', 'md'], { global: ['--lang', 'zh-CN'], prefix: 'csops-zh-' });
}, 600_000);

describe('csops --lang zh-CN, every command', () => {
  it('runs as in English (exit 0 for every command and format it writes)', () => {
    for (const run of runs) expect(run.code, `${runLabel(run)}\n${run.stderr}`).toBe(0);
  });

  it('writes no English word but names, ids, units and codes, on stdout and stderr', () => {
    const found: string[] = [];
    for (const run of runs) {
      const words = englishWords(`${run.stdout}\n${run.stderr}`, data);
      if (words.length > 0) found.push(`${runLabel(run)}: ${words.join(' ')}`);
    }
    expect(found).toEqual([]);
  });
});

describe('the issue\'s own list', () => {
  it('csops demo --lang zh-CN', () => {
    const dir = tempDir('csops-zh-demo-');
    const result = runCli(['demo', '--lang', 'zh-CN'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(englishWords(`${result.stdout}\n${result.stderr}`, dataWords())).toEqual([]);
  });

  it('report weekly in md and html (lang="zh-CN"), from CSOPS_LANG and from the config', () => {
    const dir = tempDir('csops-zh-report-');
    const db = sampleDatabase(dir);
    const config = writeFile(dir, 'zh.config.json', JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'sample-data', 'csops.config.json'), 'utf8')), language: 'zh-CN' }));
    const md = runCli(['--db', db, '--config', config, '--as-of', '2026-11-20', 'report', 'weekly', '--format', 'md'], { cwd: dir });
    expect(md.code, md.stderr).toBe(0);
    expect(englishWords(md.stdout + md.stderr, dataWords())).toEqual([]);
    const html = runCli(['--db', db, '--config', path.join(REPO_ROOT, 'sample-data', 'csops.config.json'), '--as-of', '2026-11-20', 'report', 'weekly', '--format', 'html'], { cwd: dir, env: { CSOPS_LANG: 'zh-CN' } });
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toMatch(/<html lang="zh-CN"/);
    expect(englishWords(htmlText(html.stdout) + html.stderr, dataWords())).toEqual([]);
  });

  it('import errors: the file, line and column stay; the words are Chinese', () => {
    const dir = tempDir('csops-zh-import-');
    writeFile(dir, 'contracts.csv', 'contract_id,account_id,start_date,end_date,arr\nC-1,ACC-0001,2026-13-45,2027-01-01,1200\n');
    const result = runCli(['--lang', 'zh-CN', 'import', 'contracts', 'contracts.csv'], { cwd: dir });
    expect(result.code).toBe(65);
    expect(result.stderr).toContain('contracts.csv:2');
    expect(result.stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(englishWords(result.stderr, dataWords())).toEqual([]);
  });
});
