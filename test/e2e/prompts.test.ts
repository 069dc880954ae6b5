import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNTS_CSV, queryAll, runCli, tempDir, writeFile } from '../helpers/cli.js';
import { HAS_TMUX, Terminal } from '../helpers/terminal.js';

/**
 * The wizard and the mapping prompt, driven through a real pseudo-terminal: the built binary runs in
 * tmux and gets keypresses, as a person would type them. Skipped where tmux is missing (.ci/run
 * installs it).
 */
const terminals: Terminal[] = [];
function terminal(args: string[], options: { cwd: string; env?: Record<string, string> }): Terminal {
  const opened = new Terminal(args, options);
  terminals.push(opened);
  return opened;
}
afterEach(() => {
  for (const opened of terminals.splice(0)) opened.close();
});

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;

describe.skipIf(!HAS_TMUX)('csops init on a terminal', () => {
  it('asks each question with its default, re-asks a bad answer, and writes what was answered', async () => {
    const dir = tempDir();
    // A Chinese locale proposes Chinese output: Enter keeps it.
    const term = terminal(['init'], { cwd: dir, env: { TZ: 'Europe/Paris', LANG: 'zh_CN.UTF-8' } });
    const first = await term.waitFor('Language of tables');
    expect(first).toMatch(/❯ 简体中文 \(zh-CN\)/);
    term.press('Enter');
    await term.answer('Database file', 'data/cs.db');
    // The machine's zone is the default; a wrong name is refused with what is expected.
    await term.answer('Time zone (IANA name): (Europe/Paris)', 'Mars/Olympus');
    await term.waitFor('an IANA time zone such as');
    term.press('C-u');
    term.type('Asia/Tokyo');
    term.press('Enter');
    await term.answer('Currency', 'jpy');
    await term.answer('High-touch from an ARR of', '30000000');
    await term.answer('company size');
    await term.answer('Low-touch from an ARR of', '3000000');
    await term.waitFor('Business hours for SLA targets');
    term.press('Down', 'Down', 'Down', 'Down', 'Enter');
    await term.answer('Business hours (e.g.', 'mon-thu 09:00-12:00,13:00-18:00; fri 09:00-15:00');
    await term.answer('Keep the default SLA targets', 'n');
    await term.waitFor('urgent: hours to first response');
    term.press('BSpace');
    term.type('2');
    term.press('Enter');
    for (const prompt of ['urgent: hours to resolution', 'high: hours to first response', 'high: hours to resolution', 'normal: hours to first response', 'normal: hours to resolution', 'low: hours to first response', 'low: hours to resolution']) {
      await term.answer(prompt);
    }
    await term.answer('Key modules', 'reports_created, workflows_run');
    expect(await term.exitCode()).toBe(0);

    const config = readJson(path.join(dir, 'csops.config.json'));
    expect(config).toMatchObject({ database: 'data/cs.db', language: 'zh-CN', time_zone: 'Asia/Tokyo', currency: 'JPY', health: { key_modules: ['reports_created', 'workflows_run'] } });
    expect(config.tiers).toEqual({ high_touch: { min_arr: 30000000, min_employees: 2000 }, low_touch: { min_arr: 3000000 } });
    expect(config.sla.business_hours).toMatchObject({ mon: [['09:00', '12:00'], ['13:00', '18:00']], thu: [['09:00', '12:00'], ['13:00', '18:00']], fri: [['09:00', '15:00']], sat: [] });
    expect(config.sla.targets.urgent).toEqual({ first_response_hours: 2, resolution_hours: 4 });
    expect(fs.existsSync(path.join(dir, 'data', 'cs.db'))).toBe(true);
    expect(runCli(['config', 'validate'], { cwd: dir }).code).toBe(0);
  });

  it('asks before replacing a config, and keeps it when the answer is no', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'csops.config.json', '{"currency": "EUR"}\n');
    const term = terminal(['init'], { cwd: dir });
    await term.answer('exists. Replace it');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toContain('nothing was written');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"currency": "EUR"}\n');
  });

  it('Ctrl-C stops it with exit 130 and nothing written', async () => {
    const dir = tempDir();
    const term = terminal(['init'], { cwd: dir });
    await term.waitFor('Language of tables');
    term.press('C-c');
    expect(await term.exitCode()).toBe(130);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!HAS_TMUX)('csops import asks which column is which on a terminal', () => {
  const contracts = (second: string) => ['Org Ref,Customer,Opened,Value,Seats', 'A-1,Acme,2026-01-01,"$12,000",5', `A-2,Beta,${second},"$8,000",3`].join('\n');

  it('shows the columns with sample values and the best guess, saves the answers, and asks nothing next month', async () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    writeFile(dir, 'contracts-2026-10.csv', contracts('2026-02-01'));
    writeFile(dir, 'contracts-2026-11.csv', contracts('2026-03-01'));
    expect(runCli(['import', 'accounts.csv'], { cwd: dir }).code).toBe(0);

    const term = terminal(['import', 'contracts-2026-10.csv'], { cwd: dir });
    // No kind was given and the header fits none: it asks, with contracts proposed.
    await term.answer('Which kind is it?');
    const screen = await term.waitFor('Which column is account_id?');
    expect(screen).toContain('csops needs account_id, start_date, arr');
    // "Customer" is the guess (its name is an alias of the account); the sample values are shown.
    expect(screen).toMatch(/❯ Customer/);
    expect(screen).toContain('e.g. "Acme", "Beta"');
    term.press('Up');
    await term.answer('e.g. "A-1", "A-2"');
    await term.answer('Which column is start_date?');
    await term.answer('Which column is arr');
    await term.answer('Save this mapping in');
    expect(await term.exitCode()).toBe(0);
    expect(queryAll(path.join(dir, 'csops.db'), 'SELECT account_id, start_date FROM contracts ORDER BY 1')).toEqual([
      { account_id: 'A-1', start_date: '2026-01-01' },
      { account_id: 'A-2', start_date: '2026-02-01' },
    ]);
    const saved = Object.values(readJson(path.join(dir, 'csops.config.json')).import.saved_mappings);
    expect(saved).toEqual([{ kind: 'contracts', columns: { 'Org Ref': 'account_id', Opened: 'start_date', Value: 'arr' }, example: 'contracts-2026-10.csv' }]);

    // Next month, on a terminal still: it imports without a single question.
    const next = terminal(['import', 'contracts-2026-11.csv'], { cwd: dir });
    expect(await next.exitCode()).toBe(0);
    expect(next.screen()).not.toContain('Which');
    // Its A-2 row starts on another day, so it is a new contract beside October's.
    expect(queryAll(path.join(dir, 'csops.db'), 'SELECT start_date FROM contracts WHERE account_id = ? ORDER BY 1', 'A-2')).toEqual([{ start_date: '2026-02-01' }, { start_date: '2026-03-01' }]);
  });

  it('asks once for two files with the same header in one run, even when the answer is not saved', async () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    writeFile(dir, 'october.csv', contracts('2026-02-01'));
    writeFile(dir, 'november.csv', contracts('2026-03-01').replace('Org Ref,Customer', 'ORG REF,customer'));
    expect(runCli(['import', 'accounts.csv'], { cwd: dir }).code).toBe(0);
    const term = terminal(['import', 'contracts', 'october.csv', 'november.csv'], { cwd: dir });
    await term.waitFor('Which column is account_id?');
    term.press('Up', 'Enter');
    await term.answer('Which column is start_date?');
    await term.answer('Which column is arr');
    await term.answer('Save this mapping in', 'n');
    expect(await term.exitCode()).toBe(0);
    expect(term.screen().match(/Which column is account_id\?/g)).toHaveLength(1);
    expect(queryAll(path.join(dir, 'csops.db'), 'SELECT count(*) AS n FROM contracts')).toEqual([{ n: 3 }]);
    expect(fs.existsSync(path.join(dir, 'csops.config.json'))).toBe(false);
  });

  it('asks about optional columns the file seems to hold, guess preselected; "none" is remembered', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', ACCOUNTS_CSV);
    const file = ['account_id,start_date,arr,Closes,Curr,Seats Bought,Signed Off', 'A-1,2026-01-01,12000,2026-12-31,eur,5,2025-12-20', 'A-2,2026-02-01,8000,2027-01-31,usd,3,2026-01-15'].join('\n');
    writeFile(dir, 'contracts.csv', file);
    writeFile(dir, 'contracts-next.csv', file.replace('A-2,2026-02-01', 'A-2,2026-03-01'));
    expect(runCli(['import', 'accounts.csv'], { cwd: dir }).code).toBe(0);

    const term = terminal(['import', 'contracts', 'contracts.csv'], { cwd: dir });
    const screen = await term.waitFor('Which column is end_date (optional)?');
    expect(screen).toContain('some columns look like end_date, seats');
    // "Closes" is preselected: its values are dates and the start is mapped.
    expect(screen).toMatch(/❯ Closes/);
    term.press('Enter');
    const seats = await term.waitFor('Which column is seats (optional)?');
    expect(seats).toMatch(/❯ Seats Bought/);
    // "none" (the last choice: Up wraps round to it): the guessed column stays unread, and the saved mapping says so.
    term.press('Up', 'Enter');
    await term.answer('Save this mapping in');
    expect(await term.exitCode()).toBe(0);
    expect(queryAll(path.join(dir, 'csops.db'), 'SELECT account_id, end_date, currency, seats FROM contracts ORDER BY 1')).toEqual([
      { account_id: 'A-1', end_date: '2026-12-31', currency: 'EUR', seats: null },
      { account_id: 'A-2', end_date: '2027-01-31', currency: 'USD', seats: null },
    ]);
    const saved = Object.values(readJson(path.join(dir, 'csops.config.json')).import.saved_mappings);
    expect(saved).toEqual([{ kind: 'contracts', columns: { Closes: 'end_date', 'Seats Bought': '' }, example: 'contracts.csv' }]);

    const next = terminal(['import', 'contracts', 'contracts-next.csv'], { cwd: dir });
    expect(await next.exitCode()).toBe(0);
    expect(next.screen()).not.toContain('Which');
  });

  it('with CI set, a terminal gets no question: exit 65 and the --map flags', async () => {
    const dir = tempDir();
    writeFile(dir, 'contracts.csv', contracts('2026-02-01'));
    const term = terminal(['import', 'contracts', 'contracts.csv'], { cwd: dir, env: { CI: 'true' } });
    expect(await term.exitCode()).toBe(65);
    const screen = term.screen();
    expect(screen).not.toContain('Which column');
    expect(screen).toContain('--map "Customer=account_id" --map "Opened=start_date" --map "Value=arr"');
  });
});
