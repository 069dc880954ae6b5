import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_CSV, queryAll, runCli, sampleDatabase, tempDir, writeFile } from '../helpers/cli.js';

describe('csops demo', () => {
  it('imports the sample company and prints what it imported', () => {
    const dir = tempDir();
    const result = runCli(['demo'], { cwd: dir });
    expect(result.stderr).not.toContain('csops:');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('as of 2026-11-20 (America/New_York)');
    for (const file of ['accounts.csv', 'contracts.csv', 'usage.csv', 'tickets.csv', 'surveys.csv', 'contacts.csv', 'touchpoints.csv']) expect(result.stdout).toContain(`sample-data/${file}`);
    expect(result.stdout).not.toMatch(/[┌─│]/);
    // Tiers and the accounts at risk, from the same data.
    expect(result.stdout).toContain('Tiers (csops tier --summary)');
    expect(result.stdout).toMatch(/^all\s+270\s+100\.0%/m);
    expect(result.stdout).toContain('At risk (csops risk --band at_risk,critical)');
    expect(result.stdout).toMatch(/ACC-0007\s+Bramble Clinics Ltd\.\s+\d+\s+at-risk/);
    // A value statement and the renewals page, written into the demo's folder with the database and config, which it names.
    const folder = /written to (\S+):/.exec(result.stdout)?.[1];
    expect(folder).toBeDefined();
    expect(fs.readdirSync(folder!).sort()).toEqual(['csops.config.json', 'csops.db', 'renewals.html', 'value-ACC-0003.html']);
    const statement = fs.readFileSync(path.join(folder!, 'value-ACC-0003.html'), 'utf8');
    expect(statement).toContain('The value Tidewater Systems LLC got from Brightline Analytics');
    expect(statement).toMatch(/data-figure="outcomes\.value_delivered"/);
    expect(fs.readFileSync(path.join(folder!, 'renewals.html'), 'utf8')).toContain('Renewals and forecast, as of 2026-11-20');
    fs.rmSync(folder!, { recursive: true });
  });

  it('leaves a folder with the database and its config, and the commands it suggests work as printed (issue 23)', () => {
    const dir = tempDir();
    const result = runCli(['demo'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const start = lines.findIndex((line) => line.startsWith('Try it yourself'));
    expect(start).toBeGreaterThan(0);
    const folder = /^ {2}cd (.+)$/.exec(lines[start + 1]!)![1]!;
    expect(fs.readdirSync(folder).sort()).toEqual(expect.arrayContaining(['csops.config.json', 'csops.db', 'renewals.html', 'value-ACC-0003.html']));
    const commands = lines.slice(start + 2).filter((line) => line.startsWith('  csops '));
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const command of commands) {
      // As printed, run in the folder: csops finds csops.db and csops.config.json there (no spaces or quotes in these).
      const run = runCli(command.trim().split(/\s+/).slice(1), { cwd: folder });
      expect(run.code, `${command}\n${run.stderr}`).toBe(0);
      expect(run.stdout.length, command).toBeGreaterThan(100);
      expect(run.stderr, command).not.toMatch(/no database|csops: /);
    }
    // The config in the folder is the sample's: its zone, not UTC.
    expect(runCli(['--as-of', '2026-11-20', 'risk', '--limit', '1'], { cwd: folder }).stderr).toContain('(America/New_York)');
  }, 120_000);

  it('gives stable JSON, and --keep leaves a database other commands can use', () => {
    const dir = tempDir();
    const result = runCli(['demo', '--keep', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    const demo = JSON.parse(result.stdout) as { database: string; imported: { totals: Record<string, number>; files: Array<{ file: string; kind: string; rows: number; inserted: number; rejected: number }> } };
    expect(demo.imported.files.map((file) => file.kind)).toEqual(['accounts', 'contracts', 'usage', 'tickets', 'surveys', 'contacts', 'touchpoints', 'accounts', 'accounts', 'contracts', 'usage', 'tickets', 'contacts']);
    expect(demo.imported.totals.rejected).toBe(0);
    expect(demo.imported.files.slice(0, 7).every((file) => file.inserted === file.rows)).toBe(true);
    // The Salesforce export repeats 40 accounts unchanged; WukongCRM adds 5 Chinese customers and their 7 contacts.
    expect(demo.imported.files[7]).toMatchObject({ file: 'sample-data/exports/salesforce-Account.csv', unchanged: 40 });
    expect(demo.imported.files[12]).toMatchObject({ file: 'sample-data/exports/wukong-contacts.csv', inserted: 7 });
    expect(queryAll(demo.database, 'SELECT count(*) AS accounts FROM accounts')).toEqual([{ accounts: 305 }]);
    const { tiers, risk } = demo as unknown as { tiers: { summary: Array<{ tier: string }> }; risk: { accounts: Array<{ band: string; factors: unknown[] }> } };
    expect(tiers.summary.map((row) => row.tier)).toEqual(['high_touch', 'low_touch', 'tech_touch', 'all']);
    expect(risk.accounts.length).toBeGreaterThan(5);
    for (const account of risk.accounts) expect(['at_risk', 'critical']).toContain(account.band);
  });
});

describe('csops import from the command line', () => {
  it('prints a summary table, notes on stderr, and nothing else on stdout', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', `${ACCOUNTS_CSV.split('\n')[0]},Favourite Colour\n${ACCOUNTS_CSV.split('\n').slice(1).map((line) => `${line},blue`).join('\n')}\n`);
    const result = runCli(['import', 'accounts', 'accounts.csv'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^file\s+kind\s+status\s+rows\s+inserted\s+updated\s+unchanged\s+rejected$/);
    expect(result.stdout).toMatch(/accounts\.csv\s+accounts\s+imported\s+3\s+3\s+0\s+0\s+0/);
    expect(result.stderr).toContain('ignored column "Favourite Colour"');
  });

  it('groups counts by thousands in the table and in what it says of each file, never in csv or json', () => {
    const dir = tempDir();
    writeFile(dir, 'many.csv', `account_id,name\n${Array.from({ length: 1500 }, (_, index) => `M-${index},Company ${index}`).join('\n')}\n`);
    const table = runCli(['import', 'accounts', 'many.csv'], { cwd: dir });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(/^many\.csv\s+accounts\s+imported\s+1,500\s+1,500\s+0\s+0\s+0$/);
    const csv = runCli(['--format', 'csv', 'import', 'accounts', 'many.csv', '--force'], { cwd: dir });
    expect(csv.stdout.split('\n')[1]).toBe('many.csv,accounts,imported,1500,0,0,1500,0');
  });

  it('writes every output format', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    const json = JSON.parse(runCli(['--format', 'json', 'import', 'accounts', 'accounts.csv'], { cwd: dir }).stdout) as { files: unknown[]; totals: unknown };
    expect(json.totals).toEqual({ rows: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0 });
    const ndjson = runCli(['--format', 'ndjson', 'import', 'accounts', 'accounts.csv', '--force'], { cwd: dir }).stdout.trim().split('\n');
    expect(JSON.parse(ndjson[0]!)).toMatchObject({ file: 'accounts.csv', unchanged: 3 });
    const csv = runCli(['--format', 'csv', 'import', 'accounts', 'accounts.csv', '--force'], { cwd: dir }).stdout;
    expect(csv.split('\n')[0]).toBe('file,kind,status,rows,inserted,updated,unchanged,rejected');
    const md = runCli(['--format', 'md', 'import', 'accounts', 'accounts.csv', '--force'], { cwd: dir }).stdout;
    expect(md.split('\n')[1]).toBe('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |');
  });

  it('guards CSV output against formula injection', () => {
    const dir = tempDir();
    writeFile(dir, '=HYPERLINK.csv', ACCOUNTS_CSV);
    const csv = runCli(['--format', 'csv', 'import', 'accounts', '=HYPERLINK.csv'], { cwd: dir }).stdout;
    expect(csv.split('\n')[1]).toMatch(/^'=HYPERLINK\.csv,/);
  });

  it('takes --db and CSOPS_DB, flags winning', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    expect(runCli(['import', 'accounts', 'accounts.csv'], { cwd: dir, env: { CSOPS_DB: path.join(dir, 'env.db') } }).code).toBe(0);
    expect(runCli(['--db', 'flag.db', 'import', 'accounts', 'accounts.csv'], { cwd: dir, env: { CSOPS_DB: path.join(dir, 'env.db') } }).code).toBe(0);
    expect(queryAll(path.join(dir, 'env.db'), 'SELECT count(*) AS n FROM accounts')).toEqual([{ n: 3 }]);
    expect(queryAll(path.join(dir, 'flag.db'), 'SELECT count(*) AS n FROM accounts')).toEqual([{ n: 3 }]);
  });

  it('a database it cannot use is named by the setting that gave it: --db, CSOPS_DB or the config (exit 2)', () => {
    const dir = tempDir();
    const refused = (args: string[], env: Record<string, string> = {}) => {
      const result = runCli([...args, 'tier'], { cwd: dir, env });
      expect(result.code, result.stderr).toBe(2);
      return result.stderr.split('\n')[0];
    };
    expect(refused([], { CSOPS_DB: 'mysql://root:hunter22@db/cs' })).toBe('csops: CSOPS_DB mysql://root:***@db/cs is a mysql: URL, which csops cannot use');
    expect(refused(['--db', 'mysql://db/cs'], { CSOPS_DB: 'mysql://db/other' })).toBe('csops: --db mysql://db/cs is a mysql: URL, which csops cannot use');
    writeFile(dir, 'csops.config.json', JSON.stringify({ database: 'mysql://db/cs' }));
    expect(refused([])).toMatch(/^csops: database \(in .*csops\.config\.json\) mysql:\/\/db\/cs is a mysql: URL, which csops cannot use$/);
  });
});

describe('usage errors exit 2 with a hint', () => {
  it.each([
    [['import', 'gadgets', 'x.csv'], /unknown import kind "gadgets"/],
    [['--as-of', '2026-02-30', 'import', 'accounts', 'x.csv'], /--as-of "2026-02-30" is not a date/],
    [['--format', 'xml', 'import', 'accounts', 'x.csv'], /xml/],
    [['import', 'accounts', 'x.csv', '--rejects', 'r.csv'], /--rejects goes with --skip-invalid/],
    [['import', 'accounts', 'x.csv', '--map', 'nonsense'], /not of the form "Header=field"/],
    [['frobnicate'], /unknown command/],
  ])('csops %j', (args, message) => {
    const dir = tempDir();
    writeFile(dir, 'x.csv', ACCOUNTS_CSV);
    const result = runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('an invalid config names the key and exits 2', () => {
    const dir = tempDir();
    writeFile(dir, 'csops.config.json', JSON.stringify({ time_zone: 'Mars/Olympus', currency: 'usd' }));
    writeFile(dir, 'x.csv', ACCOUNTS_CSV);
    const result = runCli(['import', 'accounts', 'x.csv'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('time_zone: is not an IANA time zone');
    expect(result.stderr).toContain('currency: is not an ISO-4217 code');
  });

  it('the config is found from a parent folder, and environment beats it', () => {
    const dir = tempDir();
    writeFile(dir, 'csops.config.json', JSON.stringify({ time_zone: 'Asia/Tokyo' }));
    const sub = path.join(dir, 'exports');
    fs.mkdirSync(sub);
    writeFile(sub, 'accounts.csv', ACCOUNTS_CSV);
    writeFile(sub, 't.csv', 'ticket_id,account_id,created_at\nT-1,A-1,2026-10-02 09:00\n');
    runCli(['import', 'accounts', 'accounts.csv'], { cwd: sub });
    runCli(['import', 'tickets', 't.csv'], { cwd: sub });
    expect(queryAll(path.join(sub, 'csops.db'), 'SELECT created_at FROM tickets')).toEqual([{ created_at: '2026-10-02T00:00:00.000Z' }]);
    writeFile(sub, 't2.csv', 'ticket_id,account_id,created_at\nT-2,A-1,2026-10-02 09:00\n');
    runCli(['import', 'tickets', 't2.csv'], { cwd: sub, env: { CSOPS_TIME_ZONE: 'UTC' } });
    expect(queryAll(path.join(sub, 'csops.db'), "SELECT created_at FROM tickets WHERE ticket_id = 'T-2'")).toEqual([{ created_at: '2026-10-02T09:00:00.000Z' }]);
  });

  it('commander\'s own errors come in the csops style, with a hint and the nearest option', () => {
    const result = runCli(['risk', '--bnd', 'critical'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("csops: unknown option '--bnd' (did you mean --band?)\nhint: run the command with --help for its options and examples\n");
    const missing = runCli(['import'], { cwd: tempDir() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^csops: missing required argument 'kind-and-files'\nhint: /);
  });

  it.each([
    [['risk', 'backtest', '--band', 'critical'], '--band is an option of `csops risk`, which `csops risk backtest` does not take'],
    [['risk', '--save', 'backtest'], '--save is an option of `csops risk`, which `csops risk backtest` does not take'],
    [['alerts', 'ack', '3', '--owner', 'Ana'], '--owner is an option of `csops alerts`, which `csops alerts ack` does not take'],
  ])('a subcommand refuses its parent command\'s option, wherever it stands: csops %j', (args, message) => {
    const result = runCli(args, { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`csops: ${message}`);
    expect(result.stderr).toMatch(/hint: run `csops [a-z ]+ --help` for its options/);
  });

  it('a subcommand\'s --help lists the global options, and not its parent command\'s own', () => {
    const result = runCli(['risk', 'backtest', '--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    const global = result.stdout.slice(result.stdout.indexOf('Global Options:'));
    expect(global).toContain('--db <path>');
    expect(global).toContain('--as-of <date>');
    expect(result.stdout).not.toContain('--band');
    expect(result.stdout).not.toContain('--renewing-within');
  });

  it('an --owner filter that matches no owner says so with the nearest one, on every command that has it', () => {
    const dir = tempDir();
    const db = sampleDatabase(dir);
    for (const command of ['risk', 'renewals', 'tier', 'alerts']) {
      const result = runCli(['--db', db, '--as-of', '2026-11-20', command, '--owner', 'Maya Chenn'], { cwd: dir });
      expect(result.code, command).toBe(0);
      expect(result.stderr, command).toContain('--owner "Maya Chenn" matches no account\'s owner; did you mean "Maya Chen"?');
      const json = runCli(['--db', db, '--as-of', '2026-11-20', '--format', 'json', command, '--owner', 'Maya Chenn'], { cwd: dir });
      expect((JSON.parse(json.stdout) as { notes: string[] }).notes, command).toContain('--owner "Maya Chenn" matches no account\'s owner; did you mean "Maya Chen"?');
      // The right name matches, whatever its case, and says nothing of the kind.
      const right = runCli(['--db', db, '--as-of', '2026-11-20', command, '--owner', 'maya chen'], { cwd: dir });
      expect(right.stderr, command).not.toContain('matches no');
    }
  }, 120_000);

  it('--help of the program lists commands, exit codes and examples', () => {
    const result = runCli(['--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('import');
    expect(result.stdout).toContain('Exit codes');
    expect(result.stdout).toContain('Examples:');
  });
});
