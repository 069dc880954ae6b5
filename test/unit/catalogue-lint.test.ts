import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishLiterals, errorLiterals, prose, USER_ERRORS } from '../helpers/catalogue-lint.js';

/**
 * Issue 24: no text for people bypasses the message catalogue in the render layer (src/render and the
 * CLI's printers, src/cli/*-output.ts). Every English literal found there is either moved to the
 * catalogue or listed below with the reason it may stay.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const RENDER_LAYER = [
  ...fs.readdirSync(path.join(ROOT, 'src/render')).filter((name) => name.endsWith('.ts')).map((name) => `src/render/${name}`),
  ...fs.readdirSync(path.join(ROOT, 'src/cli')).filter((name) => name.endsWith('-output.ts')).map((name) => `src/cli/${name}`),
].sort();

/** Whole files not yet in the catalogue (issue 24's remaining work), each with its reason. */
const NOT_YET_TRANSLATED: Record<string, string> = {};

/** Accepted literals: file, the literals' texts (substitutions as …), and why each may stay. */
const ACCEPTED: ReadonlyArray<{ file: string; texts: readonly string[]; reason: string }> = [
  { file: 'src/render/html.ts', texts: ["-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"], reason: 'font names (CSS font-family)' },
  {
    file: 'src/cli/account-output.ts',
    texts: ['snoozed to …', '…, due ……', ' (overdue)', '#… … …: … — opened …, …', '…… … by ………\n', ' until …', 'why'],
    reason: 'English-only branches (`english`): the alert line and history as csops alerts words them, and the contracts\' rule column (renewal-state.ts\'s English sentence); other languages go through account.alert',
  },
  { file: 'src/cli/account-output.ts', texts: ['section', 'field', 'value'], reason: 'csv and ndjson only: the header is the keys, a title shows only in --columns help' },
  { file: 'src/cli/backtest-output.ts', texts: ['contract_id', 'account_id', 'name', 'tier', 'end_date', 'cutoff', 'score', 'band', 'churned'], reason: 'csv and ndjson only (printDataForms): titles are the keys' },
  {
    file: 'src/cli/report-output.ts',
    texts: ['ticket', 'account', 'created', 'priority', 'type', 'subject', 'first response', 'first response due', 'first response hours', 'resolution', 'resolution due', 'resolution hours', 'from export durations'],
    reason: 'TICKET_COLUMNS: csv and ndjson only, the header is the keys; a title shows only in --columns help',
  },
  { file: 'src/cli/churn-model-output.ts', texts: ['in words', 'over the folds', 'odds ratio per SD'], reason: 'titles of the data forms (no messages: csv and ndjson, whose header is the keys)' },
  { file: 'src/cli/risk-output.ts', texts: ['now at risk: …'], reason: 'the English form of a change, for English and for csv and ndjson (the JSON\'s English); other languages go through risk.now_at_risk' },
];

describe('the catalogue lint (the checker itself)', () => {
  it('finds English prose in a string, a template and a title, and nothing in keys, markup, CSS, commands or comparisons', () => {
    const source = [
      "import { x } from './some module.js';",
      "const a = 'no data for this account';",
      'const b = `${count} accounts at risk`;',
      "const c = { key: 'owner', title: 'owner' };",
      "const d = t('report.col.owner');",
      "const e = `<td style=\"text-align: right; white-space: nowrap;\">${value}</td>`;",
      "const f = `${t('report.more', { command: 'csops report weekly --format md' })}`;",
      "if (note.startsWith('saved with --force')) warn(note);",
      "if (format === 'first response') throw new Error('this table has a bug');",
      "const g = t(`tier.${name}` as MessageKey);",
      "const h = '—';",
      "const i = 'ARR USD';",
    ].join('\n');
    expect(englishLiterals(source)).toEqual([
      { line: 2, text: 'no data for this account' },
      { line: 3, text: '… accounts at risk' },
      { line: 4, text: 'owner' },
    ]);
  });

  it('fails on a newly added English literal in a real render file', () => {
    const file = 'src/render/report-html.ts';
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const before = englishLiterals(source, file);
    const added = `${source}\nexport const footer = (when: string) => \`<p>Generated on \${when}</p>\`;\n`;
    expect(englishLiterals(added, file)).toEqual([...before, { line: source.split('\n').length + 1, text: '<p>Generated on …</p>' }]);
  });

  it('reads what is not prose out of a literal', () => {
    expect(prose('<p class="meta">…</p>').trim()).toBe('…');
    expect(prose('font-size: 17px; margin: 28px 0 8px 0; border-bottom: 1px solid #d9e2ec;').trim()).toBe('');
    expect(prose('body { max-width: 980px; } h1 { font-size: 22px; }').trim()).toBe('');
    expect(prose('see csops risk --explain ACC-1 and --format json').replace(/\s+/g, ' ').trim()).toBe('see and');
    expect(prose('now at risk: …')).toContain('now at risk');
  });
});

describe('the render layer', () => {
  it('writes no English prose that bypasses the catalogue, but for what is listed with its reason', () => {
    const unlisted: string[] = [];
    const used = new Set<string>();
    for (const file of RENDER_LAYER) {
      if (file in NOT_YET_TRANSLATED) continue;
      for (const finding of englishLiterals(fs.readFileSync(path.join(ROOT, file), 'utf8'), file)) {
        const entry = ACCEPTED.find((accepted) => accepted.file === file && accepted.texts.includes(finding.text));
        if (entry) used.add(`${file}\0${finding.text}`);
        else unlisted.push(`${file}:${finding.line}: ${JSON.stringify(finding.text)}`);
      }
    }
    expect(unlisted, 'move these to src/i18n/messages, or list them in ACCEPTED with the reason they may stay').toEqual([]);
    // The list stays true: an accepted literal that is gone is taken off it.
    const stale = ACCEPTED.flatMap((entry) => entry.texts.filter((text) => !used.has(`${entry.file}\0${text}`)).map((text) => `${entry.file}: ${JSON.stringify(text)}`));
    expect(stale).toEqual([]);
    for (const file of Object.keys(NOT_YET_TRANSLATED)) expect(RENDER_LAYER).toContain(file);
  });
});

/**
 * The errors csops prints (issue 24): a `new UsageError(…)`, DataError, IoError … (every CsopsError the
 * top-level catch words for people, InternalError aside) anywhere in src/ outside the catalogue takes its
 * message and hint from it (errorPhrase, importPhrase …), so `--lang zh-CN` prints them in Chinese.
 */
const SOURCES = (function walk(folder: string): string[] {
  return fs.readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return relative === 'src/i18n' ? [] : walk(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
})('src').sort();

/** Files whose errors are not in the catalogue yet, with the reason. */
const ERRORS_NOT_YET: Record<string, string> = {};

/** Literals that stay English in an error's arguments, with the reason. */
const ERRORS_ACCEPTED: ReadonlyArray<{ file: string; texts: readonly string[]; reason: string }> = [];

describe('the error lint (the checker itself)', () => {
  it('finds English in a message, a hint and a phrase\'s value, and nothing in keys, flags, commands, file names or a bug\'s message', () => {
    const source = [
      "throw new UsageError(`--week ${week} is not an ISO week`, 'give it as YYYY-Www');",
      "throw new DataError(errorPhrase('error.copy.odd_value', { what: 'binary value' }), errorPhrase(cond ? 'error.a_hint' : 'error.b_hint'));",
      "throw new UsageError(errorPhrase('error.report.bad_week', { week }), errorPhrase('error.report.bad_week_hint'));",
      "throw new InputError(errorPhrase('error.db.is_folder', { file }), errorPhrase('error.db.is_folder_hint', { example: path.join(file, 'csops.db') }));",
      "throw new InternalError(`PostgreSQL has ${n} migrations and SQLite ${m}`);",
      "throw new FailOnError('missing');",
      "throw new UsageError('--from 2026-07-01 --to 2026-09-30', `csops alerts snooze ${id} --until ${until}`);",
      "const kind = 'a folder';",
    ].join('\n');
    expect(errorLiterals(source)).toEqual([
      { line: 1, text: '--week … is not an ISO week' },
      { line: 1, text: 'give it as YYYY-Www' },
      { line: 2, text: 'binary value' },
      { line: 6, text: 'missing' },
    ]);
  });

  it('follows a local variable given as a message, a hint or a phrase\'s value back to what the function gives it, and no further', () => {
    const source = [
      "const MODULE_HINT = 'a module constant is not followed';",
      "function refuse(week: string, strict: boolean, given = 'a parameter default') {",
      "  const hint = strict ? `week ${week} is closed` : errorPhrase('error.report.bad_week_hint');",
      "  let detail = errorPhrase('error.report.bad_week', { week });",
      "  if (!strict) detail = 'too late';",
      "  const what = 'binary value';",
      "  const entry = { name: 'a folder', kind: 'file' };",
      "  const url = 'not a url at all';",
      "  const check = () => { throw new UsageError(detail, hint); };",
      "  throw new DataError(errorPhrase('error.copy.odd_value', { what, name: entry.name, url: maskUrl(url), given, more: MODULE_HINT }), hint);",
      '}',
      "function other() { const what = 'another function'; const hint = 'never thrown'; return what + hint; }",
    ].join('\n');
    expect(errorLiterals(source)).toEqual([
      { line: 3, text: 'week … is closed' },
      { line: 5, text: 'too late' },
      { line: 6, text: 'binary value' },
    ]);
  });

  it('catches a hint built in English in a variable, as src/import/rejects.ts once had it', () => {
    const file = 'src/import/rejects.ts';
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect(errorLiterals(source, file)).toEqual([]);
    const added = `${source}\nexport function perTransaction(column: string, perAccount: boolean): DataError {\n  const hint = \`\${column} repeats on many rows; export one row per \${perAccount ? 'account' : 'record'}\`;\n  return new DataError(importPhrase('import.strict_hint'), hint);\n}\n`;
    expect(errorLiterals(added, file)).toEqual([{ line: source.split('\n').length + 2, text: '… repeats on many rows; export one row per …' }]);
  });

  it('fails on a newly added English error in a real command file', () => {
    const file = 'src/commands/report.ts';
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect(errorLiterals(source, file)).toEqual([]);
    const added = `${source}\nexport const late = (week: string) => new UsageError(\`week \${week} is too late\`, 'pick another week');\n`;
    const line = source.split('\n').length + 1;
    expect(errorLiterals(added, file)).toEqual([{ line, text: 'week … is too late' }, { line, text: 'pick another week' }]);
  });
});

describe('the errors csops prints', () => {
  it('come from the catalogue, but for what is listed with its reason', () => {
    const constructed = new RegExp(`new (?:${[...USER_ERRORS].join('|')})\\(`);
    const unlisted: string[] = [];
    const used = new Set<string>();
    for (const file of SOURCES) {
      if (file in ERRORS_NOT_YET) continue;
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
      if (!constructed.test(source)) continue;
      for (const finding of errorLiterals(source, file)) {
        const entry = ERRORS_ACCEPTED.find((accepted) => accepted.file === file && accepted.texts.includes(finding.text));
        if (entry) used.add(`${file}\0${finding.text}`);
        else unlisted.push(`${file}:${finding.line}: ${JSON.stringify(finding.text)}`);
      }
    }
    expect(unlisted, 'word these through the catalogue (errorPhrase, importPhrase …), or list them in ERRORS_ACCEPTED with the reason they may stay').toEqual([]);
    const stale = ERRORS_ACCEPTED.flatMap((entry) => entry.texts.filter((text) => !used.has(`${entry.file}\0${text}`)).map((text) => `${entry.file}: ${JSON.stringify(text)}`));
    expect(stale).toEqual([]);
    for (const file of Object.keys(ERRORS_NOT_YET)) expect(SOURCES).toContain(file);
  });
});
