import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport } from '../../src/commands/import.js';
import { ACCOUNTS_CSV, queryAll, tableChecksums, tempDir, writeFile } from '../helpers/cli.js';

async function setup() {
  const dir = tempDir();
  const context: CommandContext = {
    cwd: dir, config: configSchema.parse({ time_zone: 'Europe/Berlin' }), configSource: undefined, dbPath: path.join(dir, 'csops.db'),
    asOf: '2026-11-20', format: 'json', now: () => new Date('2026-11-20T12:00:00Z'), version: 'test',
  };
  const run = (kind: string, name: string, content: string, extra: { dateFormat?: string } = {}) =>
    runImport(context, { kind, files: [writeFile(dir, name, content)], map: [], dryRun: false, skipInvalid: false, force: false, ...extra });
  await run('accounts', 'accounts.csv', ACCOUNTS_CSV);
  return { dir, db: context.dbPath, run };
}

describe('day/month order, decided once per file', () => {
  it('learns day-first from a day over 12 and reads every date of the file that way', async () => {
    const { db, run } = await setup();
    const summary = await run('contracts', 'c.csv', 'account_id,start_date,end_date,arr\nA-1,03/04/2025,02/04/2026,100\nA-2,13/04/2025,12/04/2026,100\n');
    expect(summary.files[0]!.notes.join(' ')).toContain('day/month/year');
    expect(queryAll(db, 'SELECT start_date, end_date FROM contracts ORDER BY start_date')).toEqual([
      { start_date: '2025-04-03', end_date: '2026-04-02' },
      { start_date: '2025-04-13', end_date: '2026-04-12' },
    ]);
  });

  it('learns month-first from a later row too (the whole file is read first)', async () => {
    const { db, run } = await setup();
    const rows = Array.from({ length: 3000 }, (_, index) => `T-${index},A-1,03/04/2026 09:00`);
    rows.push('T-last,A-2,12/31/2026 17:30');
    await run('tickets', 't.csv', `ticket_id,account_id,created_at\n${rows.join('\n')}\n`);
    expect(queryAll(db, "SELECT created_at FROM tickets WHERE ticket_id IN ('T-0', 'T-last') ORDER BY ticket_id")).toEqual([
      { created_at: '2026-03-04T08:00:00.000Z' },
      { created_at: '2026-12-31T16:30:00.000Z' },
    ]);
  });

  it('stops when the file cannot settle the order, naming --date-format, and writes nothing', async () => {
    const { db, run } = await setup();
    const before = tableChecksums(db);
    await expect(run('contracts', 'c.csv', 'account_id,start_date,arr\nA-1,03/04/2025,100\nA-2,05/06/2025,100\n')).rejects.toThrow(/c\.csv:2: column "start_date": 03\/04\/2025 could be day-first or month-first/);
    expect(tableChecksums(db)).toEqual(before);
    await run('contracts', 'c2.csv', 'account_id,start_date,arr\nA-1,03/04/2025,100\n', { dateFormat: 'MM/DD/YYYY' });
    expect(queryAll(db, 'SELECT start_date FROM contracts')).toEqual([{ start_date: '2025-03-04' }]);
  });

  it('stops when two dates disagree, naming both lines', async () => {
    const { run } = await setup();
    await expect(run('contracts', 'c.csv', 'account_id,start_date,arr\nA-1,13/04/2025,100\nA-2,04/13/2025,100\n')).rejects.toThrow(
      /line 2 column "start_date" has 13\/04\/2025 \(day first\), line 3 column "start_date" has 04\/13\/2025 \(month first\)/,
    );
  });

  it('a day-month date below ISO dates is an error for that row, not a guess', async () => {
    const { run } = await setup();
    const rows = Array.from({ length: 20000 }, (_, index) => `A-1,2026-01-${String((index % 28) + 1).padStart(2, '0')},1`);
    rows.push('A-2,13/04/2026,1');
    await expect(run('usage', 'u.csv', `account_id,date,logins\n${rows.join('\n')}\n`)).rejects.toThrow(/u\.csv:20002: column "date": expected a date written like the rest of the file; 13\/04\/2026 is day-month/);
  });

  it('refuses an unknown --date-format', async () => {
    const { run } = await setup();
    await expect(run('contracts', 'c.csv', 'account_id,start_date,arr\nA-1,2025-01-01,100\n', { dateFormat: 'YYYY/DD/MM' })).rejects.toThrow(/--date-format "YYYY\/DD\/MM"/);
  });
});
