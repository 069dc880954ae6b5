import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { completionValues } from '../../src/cli/completion-values.js';
import { GROUPINGS, HEALTH_BANDS, TIERS } from '../../src/config/names.js';
import { KINDS } from '../../src/import/kinds.js';
import { PRESET_NAMES } from '../../src/import/presets.js';
import { FORMATS } from '../../src/render/formats.js';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

const BANDS = [...HEALTH_BANDS];
const COMMANDS = ['init', 'import', 'tier', 'risk', 'churn-model', 'renewals', 'metrics', 'alerts', 'account', 'report', 'value', 'config', 'db', 'demo', 'completion', 'help'];
const ZSH_DRIVER = path.join(REPO_ROOT, 'test', 'helpers', 'zsh-complete.zsh');
// The zsh cases need zsh and its pseudo-terminal module (zsh/zpty, part of every zsh build we know of).
const hasZsh = spawnSync('zsh', ['-f', '-c', 'zmodload zsh/zpty']).status === 0;

/** Where the completions run: two CSV files and a folder to be offered where paths are expected. */
let workDir: string;
let scripts: Record<'bash' | 'zsh', string>;

beforeAll(() => {
  workDir = tempDir('csops-completion-');
  fs.writeFileSync(path.join(workDir, 'accounts.csv'), 'account_id,name\n');
  fs.writeFileSync(path.join(workDir, 'tickets.csv'), 'ticket_id,created_at\n');
  fs.mkdirSync(path.join(workDir, 'exports'));
  const scriptDir = tempDir('csops-completion-scripts-');
  scripts = { bash: path.join(scriptDir, 'csops.bash'), zsh: path.join(scriptDir, '_csops') };
  for (const shell of ['bash', 'zsh'] as const) {
    const result = runCli(['completion', shell], { cwd: workDir });
    expect(result.code, result.stderr).toBe(0);
    fs.writeFileSync(scripts[shell], result.stdout);
  }
});

/** COMPREPLY after calling the completion function with the cursor at the end of `words` (the last is the word being typed). */
function bashComplete(words: string[]): string[] {
  const program = 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _csops; printf "%s\\n" "${COMPREPLY[@]}"';
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', scripts.bash, ...words], { cwd: workDir, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return [...new Set(result.stdout.split('\n').filter((line) => line !== ''))].sort();
}

/** What zsh offers when Tab is pressed at the end of `line`, in an interactive zsh with compinit. */
function zshComplete(line: string): string[] {
  const result = spawnSync('zsh', ['-f', ZSH_DRIVER, path.dirname(scripts.zsh), line], { cwd: workDir, encoding: 'utf8', timeout: 20_000 });
  expect(result.status, result.stderr).toBe(0);
  return [...new Set(result.stdout.split('\n').filter((entry) => entry !== ''))].sort();
}

const sorted = (words: readonly string[]) => [...words].sort();

/** [what is typed (the last word is the one being completed), what completion offers]. */
const CASES: Array<[string, string[], readonly string[]]> = [
  ['top-level commands', ['csops', ''], COMMANDS],
  ['a prefix of a command', ['csops', 're'], ['renewals', 'report']],
  ['the first word of import: a kind or a file', ['csops', 'import', ''], [...KINDS, 'accounts.csv', 'exports', 'tickets.csv']],
  ['import after the kind: files', ['csops', 'import', 'accounts', ''], ['accounts.csv', 'exports', 'tickets.csv']],
  ['risk --band', ['csops', 'risk', '--band', ''], BANDS],
  ['risk --band, the next of a comma-separated list', ['csops', 'risk', '--band', 'at_risk,c'], ['at_risk,critical']],
  ['risk --fail-on after a global option with its value', ['csops', '--db', 'x.db', 'risk', '--fail-on', ''], BANDS],
  ['report --format', ['csops', 'report', '--format', ''], FORMATS],
  ['report <period>', ['csops', 'report', ''], ['monthly', 'weekly']],
  ['metrics subcommands', ['csops', 'metrics', ''], ['acquisition', 'help', 'retention']],
  ['an option of a subcommand: metrics retention --by', ['csops', 'metrics', 'retention', '--by', ''], GROUPINGS],
  ['options of a subcommand, global ones included', ['csops', 'metrics', 'acquisition', '--f'], ['--format']],
  ['renewals --tier', ['csops', 'renewals', '--tier', ''], TIERS],
  ['import --preset', ['csops', 'import', '--preset', ''], PRESET_NAMES],
  ['--db: files', ['csops', '--db', ''], ['accounts.csv', 'exports', 'tickets.csv']],
  ['report --out: files', ['csops', 'report', 'weekly', '--out', 'acc'], ['accounts.csv']],
  ['completion <shell>', ['csops', 'completion', ''], ['bash', 'zsh']],
  ['help <command>', ['csops', 'help', ''], COMMANDS.filter((name) => name !== 'help')],
  ['a free-text value: nothing', ['csops', 'risk', '--owner', ''], []],
  ['risk --model', ['csops', 'risk', '--model', ''], ['learned', 'rules']],
  ['config subcommands', ['csops', 'config', ''], ['help', 'schema', 'show', 'validate']],
  ['db subcommands', ['csops', 'db', ''], ['copy', 'help', 'info', 'migrate']],
  // A parent's own options are not its subcommand's: risk backtest refuses --band, so it is not offered.
  ['a subcommand is not offered its parent command\'s options', ['csops', 'risk', 'backtest', '--b'], []],
  ['a subcommand that declares its parent\'s option is offered it', ['csops', 'alerts', 'push', '--sev'], ['--severity']],
];

describe('csops completion bash', () => {
  it('is valid bash (bash -n)', () => {
    const result = spawnSync('bash', ['-n', scripts.bash], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  it.each(CASES)('%s', (_label, words, expected) => {
    expect(bashComplete(words)).toEqual(sorted(expected));
  });

  it('--format=<Tab>, which bash splits at the =', () => {
    expect(bashComplete(['csops', '--format', '=', ''])).toEqual(sorted(FORMATS));
    expect(bashComplete(['csops', '--format', '=', 'nd'])).toEqual(['ndjson']);
    expect(bashComplete(['csops', '--format', '=', 'json', 'ris'])).toEqual(['risk']);
  });
});

describe.skipIf(!hasZsh)('csops completion zsh (skipped when zsh is not installed)', () => {
  it('is valid zsh (zsh -n)', () => {
    const result = spawnSync('zsh', ['-n', scripts.zsh], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  // zsh's own completion is slower to start (about 0.5 s a line): a selection of the cases.
  it.each(CASES.filter(([label]) => !/prefix of a command|free-text|help <command>|renewals --tier|import --preset/.test(label)))('%s', (_label, words, expected) => {
    // In a comma-separated list zsh offers the word after the last comma (what comes before is kept as it is).
    expect(zshComplete(words.join(' '))).toEqual(sorted(expected.map((word) => word.replace(/^.*,/, ''))));
  });

  it('--format=<Tab>', () => {
    expect(zshComplete('csops --format=')).toEqual(sorted(FORMATS));
  });
});

describe('completion values are declared with the options', () => {
  const sink = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
  const program = buildProgram({ stdout: sink, stderr: sink, env: {}, cwd: REPO_ROOT, now: () => new Date('2026-11-20T12:00:00Z') });
  const walk = (command: Command): Command[] => [command, ...command.commands.flatMap(walk)];
  const options = walk(program).flatMap((command) => command.options.map((option: Option) => [`${command.name()} ${option.flags}`, option] as const));

  it.each(options.filter(([, option]) => /<(path|file)>/.test(option.flags)))('%s completes file names', (_label, option) => {
    expect(completionValues(option)?.files).toBe(true);
  });

  it.each(options.filter(([, option]) => /<(tier|band|format|group|tool)>/.test(option.flags)))('%s completes its fixed values', (_label, option) => {
    expect(completionValues(option)?.words?.length).toBeGreaterThan(0);
  });
});
