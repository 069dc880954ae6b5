import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_CSV, queryAll, runCli, tempDir, writeFile } from '../helpers/cli.js';

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
    expect(result.stdout).toContain('At risk (csops risk --band at-risk,critical)');
    expect(result.stdout).toMatch(/ACC-0007\s+Bramble Clinics Ltd\.\s+\d+\s+at-risk/);
  });

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
    expect(tiers.summary.map((row) => row.tier)).toEqual(['high-touch', 'low-touch', 'tech-touch', 'all']);
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

  it('--help of the program lists commands, exit codes and examples', () => {
    const result = runCli(['--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('import');
    expect(result.stdout).toContain('Exit codes');
    expect(result.stdout).toContain('Examples:');
  });
});
