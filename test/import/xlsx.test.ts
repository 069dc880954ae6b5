import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport, type ImportOptions } from '../../src/commands/import.js';
import { openCsv } from '../../src/import/csv-source.js';
import { cellText, plainDecimal, spreadsheetFormatOf, wallTimeText } from '../../src/import/xlsx-source.js';
import { REPO_ROOT, queryAll, runCli, tableChecksums, tempDir, writeFile } from '../helpers/cli.js';

/**
 * test/fixtures/real-world/libreoffice-tickets.xlsx was made by LibreOffice Calc 7.4 from a CSV:
 *   soffice --headless --infilter="CSV:44,34,76,1,,1033,false,true,false,false,false,-1,true" --convert-to xlsx tickets.csv
 * (date-time cells, numbers, an empty cell, formulas evaluated by Calc, one of them =1/0).
 */
const LIBREOFFICE_TICKETS = path.join(REPO_ROOT, 'test/fixtures/real-world/libreoffice-tickets.xlsx');

function context(dir: string, timeZone = 'America/New_York'): CommandContext {
  return {
    cwd: dir, config: configSchema.parse({ time_zone: timeZone }), configSource: undefined, dbPath: path.join(dir, 'csops.db'),
    asOf: '2026-11-20', format: 'json', now: () => new Date('2026-11-20T12:00:00Z'), version: 'test',
  };
}

async function importFiles(dir: string, files: string[], options: Partial<ImportOptions> = {}, timeZone?: string) {
  return runImport(context(dir, timeZone), { files, map: [], dryRun: false, skipInvalid: false, force: false, ...options });
}

/** Every table but the import log (whose file names and hashes differ between a CSV and a workbook). */
function dataTables(dir: string) {
  const { import_runs: _runs, ...tables } = tableChecksums(path.join(dir, 'csops.db'));
  return tables;
}

const ACCOUNTS_HEADER = ['account_id', 'name', 'employees', 'acquisition_cost', 'currency', 'customer_since'];

/** The same accounts as a CSV export writes them. */
const ACCOUNTS_AS_CSV = [
  ACCOUNTS_HEADER.join(','),
  'A-1,Acme Corp,120,1200.5,USD,2024-01-15',
  'A-2,"Beta, Inc.",2500,99,EUR,2023-06-01',
  'A-3,Gamma GmbH,40,,USD,2025-02-28',
  'A-4,Delta AG,,123456789.99,USD,2019-12-31',
].join('\n');

/** A workbook in the shape Excel saves: typed cells, a date format, a formula, an empty cell, rich text. */
async function writeAccountsWorkbook(file: string, options: { firstSheet?: string } = {}): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  if (options.firstSheet) workbook.addWorksheet(options.firstSheet).addRow(['Read me first: exported 2026-11-01']);
  const sheet = workbook.addWorksheet('Accounts');
  sheet.addRow(ACCOUNTS_HEADER);
  sheet.addRow(['A-1', 'Acme Corp', 120, 1200.5, 'USD', new Date(Date.UTC(2024, 0, 15))]);
  sheet.addRow(['A-2', { richText: [{ text: 'Beta, ' }, { font: { bold: true }, text: 'Inc.' }] }, { formula: '2000+500', result: 2500 }, 99, 'USD', new Date(Date.UTC(2023, 5, 1))]);
  sheet.addRow(['A-3', 'Gamma GmbH', 40, null, 'USD', new Date(Date.UTC(2025, 1, 28))]);
  sheet.addRow(['A-4', 'Delta AG', null, 123456789.99, 'USD', new Date(Date.UTC(2019, 11, 31))]);
  sheet.getColumn(6).numFmt = 'dd/mm/yyyy'; // shown day-first in Excel; the cell holds a date, not text
  sheet.getCell('E3').value = 'EUR';
  await workbook.xlsx.writeFile(file);
}

afterEach(() => {
  delete process.env.CSOPS_IMPORT_WORKER_MIN_BYTES;
});

describe('.xlsx import', () => {
  it('a workbook imports to exactly the tables its CSV export gives (dates, numbers, formula results, rich text, empty cells)', async () => {
    const fromCsv = tempDir();
    await importFiles(fromCsv, [writeFile(fromCsv, 'accounts.csv', ACCOUNTS_AS_CSV)]);
    const fromXlsx = tempDir();
    const workbook = path.join(fromXlsx, 'accounts.xlsx');
    await writeAccountsWorkbook(workbook);
    const summary = await importFiles(fromXlsx, [workbook]);
    expect(summary.files[0]).toMatchObject({ kind: 'accounts', status: 'imported', rows: 4, inserted: 4, rejected: 0 });
    expect(dataTables(fromXlsx)).toEqual(dataTables(fromCsv));
    expect(queryAll(path.join(fromXlsx, 'csops.db'), 'SELECT account_id, name, employees, customer_since FROM accounts ORDER BY account_id').slice(0, 2)).toEqual([
      { account_id: 'A-1', name: 'Acme Corp', employees: 120, customer_since: '2024-01-15' },
      { account_id: 'A-2', name: 'Beta, Inc.', employees: 2500, customer_since: '2023-06-01' },
    ]);
  });

  it('reads the first sheet, or the one --sheet names; an unknown --sheet lists the sheets', async () => {
    const dir = tempDir();
    const workbook = path.join(dir, 'export.xlsx');
    await writeAccountsWorkbook(workbook, { firstSheet: 'Cover' });
    const first = await openCsv(workbook);
    first.close();
    expect(first.header).toEqual(['Read me first: exported 2026-11-01']);
    const summary = await importFiles(dir, [workbook], { sheet: 'Accounts' });
    expect(summary.files[0]).toMatchObject({ kind: 'accounts', rows: 4, inserted: 4 });
    await expect(importFiles(dir, [workbook], { sheet: 'Customers' })).rejects.toThrow(/--sheet "Customers": export.xlsx has no worksheet of that name; its sheets: "Cover", "Accounts"/);
  });

  it('a workbook made by LibreOffice Calc: date-time cells are wall times in the configured zone, formulas give their results, an error cell is empty and counted', async () => {
    for (const worker of [false, true]) {
      if (worker) process.env.CSOPS_IMPORT_WORKER_MIN_BYTES = '0';
      const dir = tempDir();
      const accounts = writeFile(dir, 'accounts.csv', 'account_id,name\nACME,Acme\nGLOBEX,Globex\n');
      const summary = await importFiles(dir, [accounts, LIBREOFFICE_TICKETS]);
      const tickets = summary.files.find((file) => file.kind === 'tickets')!;
      expect(tickets).toMatchObject({ status: 'imported', rows: 3, inserted: 3, rejected: 0, encoding: 'utf-8' });
      expect(tickets.notes).toContain('1 error cell (formula with an error or no saved result ×1) read as empty, the first at J4; fix the formulas in the workbook if those values matter');
      const rows = queryAll(path.join(dir, 'csops.db'), 'SELECT ticket_id, created_at, resolved_at, priority, subject, csat, resolution_minutes, first_response_minutes FROM tickets ORDER BY ticket_id');
      expect(rows).toEqual([
        { ticket_id: 'T-1001', created_at: '2026-03-02T14:15:00.000Z', resolved_at: '2026-03-02T22:40:00.000Z', priority: 'high', subject: 'Login fails', csat: 5, resolution_minutes: 505, first_response_minutes: 50.5 },
        { ticket_id: 'T-1002', created_at: '2026-03-03T19:05:30.000Z', resolved_at: null, priority: 'normal', subject: 'Export too slow', csat: null, resolution_minutes: null, first_response_minutes: 30 },
        // New York is on daylight time from 8 March 2026: the same wall clock, one hour less to UTC.
        { ticket_id: 'T-1003', created_at: '2026-03-04T13:00:00.000Z', resolved_at: '2026-03-05T15:00:00.000Z', priority: 'low', subject: 'Invoice question, urgent', csat: 4, resolution_minutes: 1560.5, first_response_minutes: null },
      ]);
    }
  }, 30_000);

  it('Chinese text in inline strings survives the sheet being read in chunks', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'accounts.xlsx');
    // The streaming writer without shared strings puts each text in the sheet's own XML, as many exporters do.
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = writer.addWorksheet('客户');
    sheet.addRow(['account_id', 'name', 'industry']).commit();
    const names: string[] = [];
    for (let index = 0; index < 3000; index++) {
      const name = `北京星辰科技有限公司第${index}分公司「数据」`;
      names.push(name);
      sheet.addRow([`CN-${index}`, name, '软件']).commit();
    }
    await writer.commit();
    const summary = await importFiles(dir, [file], { kind: 'accounts' });
    expect(summary.files[0]).toMatchObject({ rows: 3000, inserted: 3000 });
    const stored = queryAll<{ name: string }>(path.join(dir, 'csops.db'), "SELECT name FROM accounts ORDER BY CAST(substr(account_id, 4) AS INTEGER)");
    expect(stored.map((row) => row.name)).toEqual(names);
  }, 30_000);

  it('a large workbook reads the same in the import worker and in the main thread, and a re-import is recognised by its hash', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('usage');
    sheet.addRow(['account_id', 'date', 'active_users', 'api_calls']);
    for (let day = 0; day < 400; day++) {
      for (const account of ['A-1', 'A-2', 'A-3']) sheet.addRow([account, new Date(Date.UTC(2025, 0, 1 + day)), (day * 7) % 53, day * 1000.25]);
    }
    sheet.getColumn(2).numFmt = 'yyyy-mm-dd';
    const tables: Array<Record<string, string>> = [];
    for (const worker of [false, true]) {
      if (worker) process.env.CSOPS_IMPORT_WORKER_MIN_BYTES = '0';
      else delete process.env.CSOPS_IMPORT_WORKER_MIN_BYTES;
      const dir = tempDir();
      const file = path.join(dir, 'usage.xlsx');
      await workbook.xlsx.writeFile(file);
      await importFiles(dir, [writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,a\nA-2,b\nA-3,c\n')]);
      const first = await importFiles(dir, [file], { kind: 'usage' });
      expect(first.files[0]).toMatchObject({ rows: 1200, rejected: 0, status: 'imported' });
      tables.push(dataTables(dir));
      const again = await importFiles(dir, [file], { kind: 'usage' });
      expect(again.files[0]!.status).toBe('skipped');
      // Another sheet is other data: --sheet is part of the settings an identical import compares.
      await expect(importFiles(dir, [file], { kind: 'usage', sheet: 'other' })).rejects.toThrow(/its sheets: "usage"/);
      const dry = await importFiles(dir, [file], { kind: 'usage', sheet: 'usage', dryRun: true });
      expect(dry.files[0]).toMatchObject({ status: 'dry_run', rows: 1200, unchanged: 1200 });
    }
    expect(tables[1]).toEqual(tables[0]);
  }, 60_000);

  it('a bad cell in a workbook is a row error naming the sheet row, as in a CSV', async () => {
    const dir = tempDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Accounts');
    sheet.addRow(['account_id', 'name', 'employees']);
    sheet.addRow(['A-1', 'Acme', 12]);
    sheet.addRow([]);
    sheet.addRow(['A-2', 'Beta', 'many']);
    const file = path.join(dir, 'bad.xlsx');
    await workbook.xlsx.writeFile(file);
    await expect(importFiles(dir, [file], { kind: 'accounts' })).rejects.toThrow(/bad\.xlsx:4.*employees.*many/s);
    expect(fs.existsSync(path.join(dir, 'csops.db')) ? queryAll(path.join(dir, 'csops.db'), 'SELECT * FROM accounts') : []).toEqual([]);
  });

  it('tells an .xlsx from a zip and an old .xls by their bytes', async () => {
    const dir = tempDir();
    const renamed = path.join(dir, 'export.dat');
    await writeAccountsWorkbook(renamed);
    expect(spreadsheetFormatOf(renamed)).toBe('xlsx'); // a zip holding xl/workbook.xml, whatever its name
    const xls = writeFile(dir, 'old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512, 0)]));
    expect(spreadsheetFormatOf(xls)).toBe('xls');
    expect(spreadsheetFormatOf(writeFile(dir, 'plain.csv', 'a,b\n1,2\n'))).toBeUndefined();
    const summary = await importFiles(dir, [renamed], { kind: 'accounts' });
    expect(summary.files[0]).toMatchObject({ rows: 4, inserted: 4 });
  });
});

describe('cells as text', () => {
  it('numbers in plain decimals, never an exponent', () => {
    expect([1200.5, 0, -0, 1e21, 1.5e-7, -2.5e22, 123456789012, 0.1].map(plainDecimal)).toEqual([
      '1200.5', '0', '0', '1000000000000000000000', '0.00000015', '-25000000000000000000000', '123456789012', '0.1',
    ]);
  });

  it('numbers to the 15 significant digits Excel keeps: formula noise is dropped', () => {
    const text = (value: number) => cellText({ value: { formula: 'A1', result: value } }, false, () => {});
    expect([0.1 + 0.2, 1234.5600000000001, 100 * 1.1, 123456789012345, 0.000001234].map(text)).toEqual(['0.3', '1234.56', '110', '123456789012345', '0.000001234']);
  });

  it('date cells as wall times without an offset, a time-only cell as a time of day', () => {
    expect(wallTimeText(new Date(Date.UTC(2026, 2, 8, 0, 0, 0)))).toBe('2026-03-08');
    expect(wallTimeText(new Date(Date.UTC(2026, 2, 8, 2, 30, 0)))).toBe('2026-03-08T02:30:00');
    // Serial fractions land a millisecond off: 10:31:17 stays 10:31:17.
    expect(wallTimeText(new Date(Date.UTC(2026, 2, 8, 10, 31, 17) - 1))).toBe('2026-03-08T10:31:17');
    expect(wallTimeText(new Date(Date.UTC(2026, 2, 8, 10, 31, 17, 250)))).toBe('2026-03-08T10:31:17.250');
    expect(wallTimeText(new Date(Date.UTC(1899, 11, 30, 9, 45)))).toBe('09:45:00');
    expect(wallTimeText(new Date(Date.UTC(1899, 11, 30)))).toBe('1899-12-30'); // Excel's zero date, left to the placeholder rule
  });
});

describe('csops import with workbooks (the binary)', () => {
  it('exit 2 for an unknown --sheet, exit 65 for an old .xls or a broken .xlsx, and the zip message for other zips', async () => {
    const dir = tempDir();
    const workbook = path.join(dir, 'accounts.xlsx');
    await writeAccountsWorkbook(workbook, { firstSheet: 'Cover' });
    const unknown = runCli(['import', 'accounts', 'accounts.xlsx', '--sheet', 'Nope'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no worksheet of that name; its sheets: "Cover", "Accounts"/);
    const ok = runCli(['import', 'accounts.xlsx', '--sheet', 'Accounts', '--format', 'json'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).files[0]).toMatchObject({ kind: 'accounts', rows: 4, inserted: 4 });

    writeFile(dir, 'old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2048, 7)]));
    const xls = runCli(['import', 'accounts', 'old.xls'], { cwd: dir });
    expect(xls.code).toBe(65);
    expect(xls.stderr).toMatch(/old binary Excel workbook \(\.xls/);
    expect(xls.stderr).toMatch(/save it as \.xlsx/);

    const broken = fs.readFileSync(workbook).subarray(0, 600);
    writeFile(dir, 'broken.xlsx', broken);
    const cut = runCli(['import', 'accounts', 'broken.xlsx'], { cwd: dir });
    expect(cut.code).toBe(65);
    expect(cut.stderr).toMatch(/broken\.xlsx: this \.xlsx workbook cannot be read/);
  }, 60_000);
});
