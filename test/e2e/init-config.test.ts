import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_CSV, queryAll, runCli, tempDir, writeFile } from '../helpers/cli.js';
import { headerSignature } from '../../src/import/guess-columns.js';

interface Entry {
  key: string;
  value: unknown;
  source: string;
  origin: string | null;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;

describe('csops init --yes', () => {
  it('writes a valid config with a $schema that resolves to the shipped schema, and creates the database', () => {
    const dir = tempDir();
    const result = runCli(['init', '--yes'], { cwd: dir, env: { TZ: 'America/Sao_Paulo' } });
    expect(result.code, result.stderr).toBe(0);
    const file = path.join(dir, 'csops.config.json');
    expect(result.stdout.trim()).toBe(file);
    const config = readJson(file);
    // The machine's zone is proposed (SPEC §4); the rest are the SPEC's defaults, spelled out.
    expect(config).toMatchObject({ database: 'csops.db', time_zone: 'America/Sao_Paulo', currency: 'USD', tiers: { high_touch: { min_arr: 200000 } } });
    expect(config.sla.targets.urgent).toEqual({ first_response_hours: 1, resolution_hours: 4 });
    const schema = readJson(fileURLToPath(config.$schema));
    expect(schema.properties.sla.description).toMatch(/SLA/);
    expect(fs.statSync(path.join(dir, 'csops.db')).mode & 0o777).toBe(0o600);
    expect(runCli(['config', 'validate'], { cwd: dir }).code).toBe(0);
  });

  it('never overwrites a config silently; --force keeps the old one as .bak', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'csops.config.json', '{"currency": "EUR"}\n');
    const refused = runCli(['init', '--yes'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists.*\n.*--force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"currency": "EUR"}\n');

    const forced = runCli(['init', '--yes', '--force'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('{"currency": "EUR"}\n');
    expect(readJson(file).currency).toBe('USD');
  });

  it('writes where --config says, and the database beside it', () => {
    const dir = tempDir();
    const result = runCli(['--config', 'ops/team.json', 'init', '--yes'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'ops', 'team.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'ops', 'csops.db'))).toBe(true);
  });
});

describe('csops init, careful with what is there', () => {
  it('off a terminal it asks nothing and, without --yes, fails naming it', () => {
    const dir = tempDir();
    const result = runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('csops init --yes');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('--db is relative to where csops runs, and is written relative to the config file', () => {
    const dir = tempDir();
    const result = runCli(['--config', 'ops/csops.config.json', '--db', 'data/my.db', 'init', '--yes'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'data', 'my.db'))).toBe(true);
    expect(readJson(path.join(dir, 'ops', 'csops.config.json')).database).toBe('../data/my.db');
    const shown = (JSON.parse(runCli(['--config', 'ops/csops.config.json', 'config', 'show', '--format', 'json'], { cwd: dir }).stdout) as { settings: Entry[] }).settings;
    expect(shown.find((entry) => entry.key === 'database')!.value).toBe(path.join(fs.realpathSync(dir), 'data', 'my.db'));
  });

  it('a database it cannot use leaves the config as it was', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'csops.config.json', '{"currency": "EUR"}\n');
    writeFile(dir, 'notes.db', 'this is not SQLite');
    const result = runCli(['--db', 'notes.db', 'init', '--yes', '--force'], { cwd: dir });
    expect(result.code).not.toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"currency": "EUR"}\n');
    expect(fs.existsSync(`${file}.bak`)).toBe(false);
  });

  it('a second --force keeps the first backup', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'csops.config.json', '{"currency": "EUR"}\n');
    expect(runCli(['init', '--yes', '--force'], { cwd: dir }).code).toBe(0);
    expect(runCli(['init', '--yes', '--force'], { cwd: dir }).code).toBe(0);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe('{"currency": "EUR"}\n');
    expect(readJson(`${file}.bak-2`).currency).toBe('USD');
  });
});

describe('csops config show', () => {
  it('says where each value came from: default, file, env or flag', () => {
    const dir = tempDir();
    writeFile(dir, 'csops.config.json', JSON.stringify({ time_zone: 'Europe/Berlin', currency: 'EUR', renewals: { grace_days: 45 }, tiers: { high_touch: { plans: ['enterprise'] } } }));
    const result = runCli(['--db', 'other.db', 'config', 'show', '--format', 'json'], { cwd: dir, env: { CSOPS_CURRENCY: 'GBP' } });
    expect(result.code, result.stderr).toBe(0);
    const entries = (JSON.parse(result.stdout) as { kind: string; settings: Entry[] }).settings;
    const entry = (key: string) => entries.find((candidate) => candidate.key === key);
    expect(entry('time_zone')).toMatchObject({ value: 'Europe/Berlin', source: 'file', origin: path.join(fs.realpathSync(dir), 'csops.config.json') });
    expect(entry('currency')).toMatchObject({ value: 'GBP', source: 'env', origin: 'CSOPS_CURRENCY' });
    expect(entry('database')).toMatchObject({ value: 'other.db', source: 'flag', origin: '--db' });
    expect(entry('renewals.grace_days')).toMatchObject({ value: 45, source: 'file' });
    expect(entry('renewals.windows')).toMatchObject({ value: [30, 60, 90, 120], source: 'default', origin: null });
    expect(entry('tiers.high_touch.plans')).toMatchObject({ value: ['enterprise'], source: 'file' });
    expect(entry('sla.targets.low.resolution_hours')).toMatchObject({ value: 80, source: 'default' });
  });

  it('tells CSOPS_DB from --db, and resolves the file database against the config file', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'sub'));
    writeFile(dir, 'csops.config.json', JSON.stringify({ database: 'data/cs.db' }));
    const fromFile = (JSON.parse(runCli(['config', 'show', '--format', 'json'], { cwd: path.join(dir, 'sub') }).stdout) as { settings: Entry[] }).settings;
    expect(fromFile.find((e) => e.key === 'database')).toMatchObject({ value: path.join(fs.realpathSync(dir), 'data', 'cs.db'), source: 'file' });
    const fromEnv = (JSON.parse(runCli(['config', 'show', '--format', 'json'], { cwd: dir, env: { CSOPS_DB: 'env.db' } }).stdout) as { settings: Entry[] }).settings;
    expect(fromEnv.find((e) => e.key === 'database')).toMatchObject({ value: 'env.db', source: 'env', origin: 'CSOPS_DB' });
  });
});

describe('the language in force', () => {
  const language = (dir: string, args: string[], env: Record<string, string> = {}) =>
    (JSON.parse(runCli([...args, 'config', 'show', '--format', 'json'], { cwd: dir, env }).stdout) as { settings: Entry[] }).settings.find((e) => e.key === 'language');

  it('comes from --lang, then CSOPS_LANG, then the config, then LC_ALL / LC_MESSAGES / LANG, else English; config show says which', () => {
    const dir = tempDir();
    expect(language(dir, [])).toMatchObject({ value: 'en', source: 'default', origin: null });
    expect(language(dir, [], { LANG: 'zh_CN.UTF-8' })).toMatchObject({ value: 'zh-CN', source: 'env', origin: 'LANG' });
    // LC_ALL outranks LANG, as POSIX orders them; a locale csops does not write means English.
    expect(language(dir, [], { LANG: 'zh_CN.UTF-8', LC_ALL: 'de_DE.UTF-8' })).toMatchObject({ value: 'en', source: 'env', origin: 'LC_ALL' });
    writeFile(dir, 'csops.config.json', JSON.stringify({ language: 'zh-CN' }));
    expect(language(dir, [], { LC_ALL: 'en_US.UTF-8' })).toMatchObject({ value: 'zh-CN', source: 'file' });
    expect(language(dir, [], { CSOPS_LANG: 'en' })).toMatchObject({ value: 'en', source: 'env', origin: 'CSOPS_LANG' });
    expect(language(dir, ['--lang', 'zh_CN'], { CSOPS_LANG: 'en' })).toMatchObject({ value: 'zh-CN', source: 'flag', origin: '--lang' });
  });

  it('refuses a language csops does not write, by flag, variable or config, naming the ones it does', () => {
    const dir = tempDir();
    for (const [args, env, named] of [[['--lang', 'fr'], {}, '--lang "fr"'], [[], { CSOPS_LANG: 'zh-TW' }, 'CSOPS_LANG "zh-TW"']] as const) {
      const result = runCli([...args, 'risk'], { cwd: dir, env });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${named} is not a language csops writes`);
      expect(result.stderr).toContain('use en or zh-CN');
    }
    writeFile(dir, 'csops.config.json', JSON.stringify({ language: 'fr' }));
    const result = runCli(['config', 'validate'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('language');
    expect(result.stderr).toContain('"zh-CN"');
  });
});

describe('csops config validate', () => {
  it('names each bad key, the value found and what is allowed', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'bad.json', JSON.stringify({ sla: { clock: 'wall' }, renewals: { grace: 3 }, currency: 'euro', health: { factors: { support: { weight: 30 } } } }));
    const result = runCli(['config', 'validate', file], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sla.clock: Invalid option: expected one of "business"|"calendar"; found "wall"');
    expect(result.stderr).toContain('renewals.grace: unknown key; allowed here: grace_days, windows, forecast_weights');
    expect(result.stderr).toContain('currency: is not an ISO-4217 code such as "USD"; found "euro"');
    expect(result.stderr).toContain('health.factors: the factor weights must add up to 100');
  });

  it('passes a good file and says so', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'good.json', JSON.stringify({ currency: 'EUR' }));
    const result = runCli(['config', 'validate', file], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('good.json: valid');
  });

  it.each([
    ['a file that is not there', 'missing.json', 66, 'csops: no config file at'],
    ['a folder', '.', 66, 'is a folder, not a file'],
  ])('%s exits 66 and says what it found, on validate and on any command', (_label, name, code, message) => {
    const dir = tempDir();
    const file = path.join(dir, name);
    for (const args of [['config', 'validate', file], ['--config', file, 'risk']]) {
      const result = runCli(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(code);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('ENOENT');
      expect(result.stderr).toMatch(/\nhint: /);
    }
  });

  it('names the environment variable that set a bad value', () => {
    const dir = tempDir();
    const result = runCli(['config', 'show'], { cwd: dir, env: { CSOPS_TIME_ZONE: 'Mars/Olympus' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('time_zone (from CSOPS_TIME_ZONE): is not an IANA time zone');
  });
});

describe('csops import: columns it cannot map, off a terminal', () => {
  const contracts = ['Org Ref,Opened,Value,Seats', 'A-1,2026-01-01,"$12,000",5', 'A-2,2026-02-01,"$8,000",3'].join('\n');

  it('exits 65 naming the missing fields and whole --map flags with the best guesses, writing nothing', () => {
    const dir = tempDir();
    writeFile(dir, 'good.csv', 'account_id,start_date,arr\nA-1,2026-01-01,1000\n');
    writeFile(dir, 'contracts.csv', contracts);
    const result = runCli(['import', 'contracts', 'good.csv', 'contracts.csv'], { cwd: dir });
    expect(result.code).toBe(65);
    expect(result.stderr).toContain('missing required columns "account_id", "start_date", "arr (or mrr, or amount with term_months or end_date)" for contracts');
    expect(result.stderr).toContain('--map "Org Ref=account_id" --map "Opened=start_date" --map "Value=arr"');
    // Every file is planned before the database is touched: not even the good file was written.
    expect(fs.existsSync(path.join(dir, 'csops.db'))).toBe(false);
  });

  it('imports with the flags it named', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    writeFile(dir, 'contracts.csv', contracts);
    expect(runCli(['import', 'accounts.csv'], { cwd: dir }).code).toBe(0);
    const result = runCli(['import', 'contracts', 'contracts.csv', '--map', 'Org Ref=account_id', '--map', 'Opened=start_date', '--map', 'Value=arr'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(queryAll(path.join(dir, 'csops.db'), 'SELECT account_id FROM contracts ORDER BY 1')).toHaveLength(2);
  });

  it('applies a mapping saved for the header signature: no kind, no flags, no question', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    // Next month's export: other rows, and headers spelled differently (case and spacing do not count).
    writeFile(dir, 'contracts-2026-11.csv', contracts.replace('Org Ref,Opened', 'ORG REF,opened').replace('A-2,2026-02-01', 'A-2,2026-03-01'));
    const signature = headerSignature(['Org Ref', 'Opened', 'Value', 'Seats']);
    writeFile(dir, 'csops.config.json', JSON.stringify({ import: { saved_mappings: { [signature]: { kind: 'contracts', columns: { 'Org Ref': 'account_id', Opened: 'start_date', Value: 'arr' } } } } }));
    const result = runCli(['import', 'contracts-2026-11.csv', 'accounts.csv'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`columns mapped as saved for this header (import.saved_mappings.${signature}`);
    expect(queryAll(path.join(dir, 'csops.db'), 'SELECT start_date FROM contracts ORDER BY 1')).toEqual([{ start_date: '2026-01-01' }, { start_date: '2026-03-01' }]);
  });
});
