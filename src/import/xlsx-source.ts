import { importPhrase } from '../i18n/messages/import.js';
/**
 * Excel workbooks (.xlsx) read as CSV is: one sheet's rows become the same records (cells as text)
 * that a CSV export of that sheet would give, so mapping, presets, kind detection and the import's
 * guarantees are the same. Cells are written in csops's canonical forms: a date cell as YYYY-MM-DD,
 * or YYYY-MM-DDTHH:MM:SS when it has a time (Excel stores wall times, so no offset: the configured
 * zone applies as for CSV wall times); a number in plain decimals; booleans as true/false; rich text
 * as its text; a formula as its cached result; an error cell (#N/A, #REF!, …) as empty, counted.
 * The workbook is streamed (exceljs's WorkbookReader), never loaded whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { DataError, UsageError, unreadableFile } from '../errors.js';
import type { CsvRecord, CsvSource, SkippedLines } from './table-source.js';

export interface OpenXlsxOptions {
  /** --sheet: the worksheet to read (default: the first visible one). */
  sheet?: string;
}

/**
 * What kind of spreadsheet a file is, from its first bytes: a zip holding xl/workbook.xml (or a
 * zip named .xlsx/.xlsm) is an .xlsx workbook; an OLE2 compound file is an old binary .xls.
 * Anything else (or a file that cannot be read: the CSV reader reports that) is undefined.
 */
export function spreadsheetFormatOf(file: string): 'xlsx' | 'xls' | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const magic = Buffer.alloc(8);
    const read = fs.readSync(fd, magic, 0, 8, 0);
    if (read >= 8 && magic.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'xls';
    if (read < 4 || magic[0] !== 0x50 || magic[1] !== 0x4b || magic[2] !== 0x03 || magic[3] !== 0x04) return undefined;
    if (/\.xls[xm]$/i.test(file)) return 'xlsx';
    // The zip's central directory (at its end) names every part: an .xlsx has xl/workbook.xml.
    const tailSize = Math.min(stat.size, 1024 * 1024);
    const tail = Buffer.alloc(tailSize);
    fs.readSync(fd, tail, 0, tailSize, stat.size - tailSize);
    return tail.includes('xl/workbook.xml') ? 'xlsx' : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/** An old binary Excel file: refused with the way out. */
export function xlsRefused(file: string): DataError {
  return new DataError(importPhrase('import.xlsx.xls', { file }), importPhrase('import.xlsx.xls_hint'));
}

/** Rows per batch handed on (a batch of the CSV reader is one chunk of the file). */
const BATCH_ROWS = 2_000;

// exceljs's own types for cell values and the streaming reader are loose; these are the shapes read.
interface SheetRow {
  number: number;
  eachCell(options: { includeEmpty: boolean }, callback: (cell: SheetCell, column: number) => void): void;
}
interface SheetCell {
  value: unknown;
  numFmt?: string;
}
interface SheetReader {
  parse(): AsyncIterable<Array<{ eventType: string; value: SheetRow }>>;
}
/** The parts of exceljs's WorkbookReader used: its part parsers, fed one zip entry each. */
interface WorkbookParts {
  model?: { sheets?: Array<{ name: string; id: number; rId: string; state?: string }> };
  properties?: { model?: { date1904?: boolean } };
  workbookRels?: Array<{ Id: string; Target: string }>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Iterable<{ eventType: string; value: SheetReader }>;
}
interface ZipEntry {
  path: string;
  uncompressedSize: number;
  stream(): Readable;
  buffer(): Promise<Buffer>;
}

/**
 * exceljs reads the zip in one streaming pass (unzip.Parse) and, depending on the order of the
 * parts and on timing, sometimes loses a part (exceljs issues #1558, #3064: a sheet or the workbook
 * part never arrives, and the workbook reads as empty). So the zip is opened by its central
 * directory instead (unzipper.Open, the zip library exceljs itself depends on), the workbook's small
 * parts are parsed first, and only the chosen sheet is streamed, row by row, into exceljs's reader.
 */
async function openZip(file: string): Promise<Map<string, ZipEntry>> {
  const fromExcelJs = createRequire(createRequire(import.meta.url).resolve('exceljs'));
  const unzipper = fromExcelJs('unzipper') as { Open: { file(path: string): Promise<{ files: ZipEntry[] }> } };
  const directory = await unzipper.Open.file(file);
  return new Map(directory.files.map((entry) => [entry.path.replace(/^\//, ''), entry]));
}

/** Opens an .xlsx workbook and reads one sheet's header: the same source the CSV reader gives. */
export async function openXlsx(file: string, options: OpenXlsxOptions = {}): Promise<CsvSource> {
  const fileSize = statSize(file);
  let entries: Map<string, ZipEntry>;
  let workbook: WorkbookParts;
  try {
    entries = await openZip(file);
    const { default: ExcelJS } = await import('exceljs');
    workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'cache', // number formats tell a date cell from a number
      hyperlinks: 'ignore',
      entries: 'ignore',
    }) as unknown as WorkbookParts;
    // Small parts are read whole: one chunk each, nothing to lose in exceljs's stream iteration.
    const part = async (name: string) => {
      const entry = entries.get(name);
      return entry ? Readable.from([await entry.buffer()]) : undefined;
    };
    const rels = await part('xl/_rels/workbook.xml.rels');
    const book = await part('xl/workbook.xml');
    if (!rels || !book) throw new DataError(importPhrase('import.xlsx.not_workbook', { file }), importPhrase('import.xlsx.not_workbook_hint'));
    await workbook._parseRels(rels);
    await workbook._parseWorkbook(book);
    const styles = await part('xl/styles.xml');
    if (styles) await workbook._parseStyles(styles);
    const strings = await part('xl/sharedStrings.xml');
    if (strings) for await (const _event of workbook._parseSharedStrings(strings));
  } catch (error) {
    throw describeXlsxError(error, file);
  }

  const chosen = chooseSheet(file, workbook, options.sheet, entries);
  const sheetEntry = entries.get(chosen.path);
  if (!sheetEntry) throw new DataError(importPhrase('import.xlsx.part_missing', { file, sheet: chosen.name, part: chosen.path }), importPhrase('import.xlsx.save_again_hint'));
  const sheetStream = sheetEntry.stream();
  let inflated = 0;
  // exceljs decodes each chunk on its own, which breaks a character split between two chunks
  // (CJK text in inline strings); the sheet's XML is decoded here as one stream instead.
  async function* sheetText(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of sheetStream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      yield decoder.decode(chunk, { stream: true });
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  }
  const uncompressed = Math.max(sheetEntry.uncompressedSize, 1);
  // Progress: the share of the sheet's XML read so far, as a share of the file.
  const bytesRead = () => Math.min(fileSize, Math.round((inflated / uncompressed) * fileSize));
  let sheet: SheetReader | undefined;
  for (const event of workbook._parseWorksheet(sheetText(), chosen.sheetNo)) if (event.eventType === 'worksheet') sheet = event.value;
  if (!sheet) throw new DataError(importPhrase('import.xlsx.sheet_unreadable', { file, sheet: chosen.name }), importPhrase('import.xlsx.worksheet_hint'));

  const skipped: SkippedLines = { extraHeaderRows: 0, footer: [] };
  const errors = new ErrorCells();
  let closed = false;
  const date1904 = workbook.properties?.model?.date1904 === true;
  const reader = sheet;

  async function* sheetRows(): AsyncGenerator<CsvRecord[]> {
    let batch: CsvRecord[] = [];
    for await (const events of reader.parse()) {
      for (const event of events) {
        if (event.eventType !== 'row') continue;
        const record = recordOf(event.value, date1904, errors);
        if (record) batch.push(record);
      }
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
      if (closed) return;
    }
    if (batch.length > 0) yield batch;
  }

  const iterator = sheetRows();
  const next = async (): Promise<IteratorResult<CsvRecord[]>> => {
    try {
      return await iterator.next();
    } catch (error) {
      throw describeXlsxError(error, file);
    }
  };
  let first = await next();
  while (!first.done && first.value.length === 0) first = await next();
  if (first.done) {
    throw new DataError(importPhrase('import.xlsx.sheet_empty', { file, sheet: chosen.name }), importPhrase('import.xlsx.sheet_empty_hint'));
  }
  const [headerRecord, ...rest] = first.value;
  const header = headerRecord!.cells.map((cell) => cell.trim());
  const width = header.length;
  // A row shorter than the header (trailing cells empty in the sheet) is padded, as CSV exports write them.
  const pad = (records: CsvRecord[]) => {
    for (const record of records) while (record.cells.length < width) record.cells.push('');
    return records;
  };
  const estimatedRecords = inflated >= uncompressed ? rest.length : Math.round((rest.length * uncompressed) / Math.max(inflated, 1));

  async function* remaining(): AsyncGenerator<CsvRecord[]> {
    if (rest.length > 0) yield pad(rest);
    for (;;) {
      const batch = await next();
      if (batch.done) break;
      yield pad(batch.value);
    }
    const note = errors.note();
    if (note) skipped.notes = [...(skipped.notes ?? []), note];
  }

  return {
    header,
    headerLine: headerRecord!.line,
    delimiter: ',',
    encoding: 'utf-8',
    encodingReason: importPhrase('import.encoding.xlsx'),
    skipped,
    batches: remaining(),
    bytesRead,
    estimatedRecords,
    close: () => {
      closed = true;
      sheetStream.destroy();
    },
  };
}

function statSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch (error) {
    throw unreadableFile(file, error);
  }
}

/**
 * The sheet --sheet names (exactly, else ignoring case), or the first visible sheet in the
 * workbook's tab order; with the zip part that holds it.
 */
function chooseSheet(file: string, workbook: WorkbookParts, wanted: string | undefined, entries: Map<string, ZipEntry>): { name: string; path: string; sheetNo: string } {
  const sheets = workbook.model?.sheets ?? [];
  const parts = sheets.flatMap((sheet) => {
    const target = workbook.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target;
    if (!target) return [];
    const partPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const sheetNo = /worksheets\/sheet(\d+)\.xml$/.exec(partPath)?.[1];
    return sheetNo && entries.has(partPath) ? [{ name: sheet.name, state: sheet.state, path: partPath, sheetNo }] : [];
  });
  if (wanted !== undefined) {
    const found = parts.find((sheet) => sheet.name === wanted) ?? parts.find((sheet) => sheet.name.toLowerCase() === wanted.toLowerCase());
    if (found) return found;
    const list = sheets.map((sheet) => JSON.stringify(sheet.name)).join(', ');
    throw new UsageError(
      importPhrase('import.xlsx.no_such_sheet', { wanted, file: path.basename(file), sheets: list === '' ? null : list }),
      importPhrase('import.xlsx.pick_sheet_hint', { example: JSON.stringify(parts[0]?.name ?? sheets[0]?.name ?? 'Sheet1') }),
    );
  }
  const first = parts.find((sheet) => sheet.state !== 'hidden' && sheet.state !== 'veryHidden') ?? parts[0];
  if (!first) throw new DataError(importPhrase('import.xlsx.no_worksheet', { file }), importPhrase('import.xlsx.worksheet_hint'));
  return first;
}

function describeXlsxError(error: unknown, file: string): unknown {
  if (error instanceof DataError || error instanceof UsageError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return unreadableFile(file, error);
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError(importPhrase('import.xlsx.unreadable', { file, reason }), importPhrase('import.xlsx.unreadable_hint'));
}

/** Error cells (#N/A, #REF!, …) read as empty: counted per kind, with the first one's place. */
class ErrorCells {
  private readonly counts = new Map<string, number>();
  private first: { row: number; column: number } | undefined;

  add(kind: string, row: number, column: number): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    this.first ??= { row, column };
  }

  note(): string | undefined {
    if (!this.first) return undefined;
    const total = [...this.counts.values()].reduce((sum, count) => sum + count, 0);
    const kinds = [...this.counts].map(([kind, count]) => `${kind} ×${count}`).join(', ');
    return `${total} error cell${total === 1 ? '' : 's'} (${kinds}) read as empty, the first at ${columnLetters(this.first.column)}${this.first.row}; fix the formulas in the workbook if those values matter`;
  }
}

function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** One sheet row as a record; undefined for a row with nothing in it (as CSV's blank lines). */
function recordOf(row: SheetRow, date1904: boolean, errors: ErrorCells): CsvRecord | undefined {
  const cells: string[] = [];
  let filled = false;
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    const text = cellText(cell, date1904, (kind) => errors.add(kind, row.number, column));
    if (text === '') return;
    while (cells.length < column - 1) cells.push('');
    cells[column - 1] = text;
    filled = true;
  });
  return filled ? { line: row.number, cells } : undefined;
}

/** A cell's value as the text a CSV export would hold, in csops's canonical forms. */
export function cellText(cell: SheetCell, date1904: boolean, onError: (kind: string) => void): string {
  return valueText(cell.value, cell.numFmt, date1904, onError);
}

function valueText(value: unknown, numFmt: string | undefined, date1904: boolean, onError: (kind: string) => void): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) {
      onError('#VALUE!');
      return '';
    }
    // Excel keeps 15 significant digits; what a file holds beyond them is binary noise from a formula
    // (=0.1+0.2 is stored as 0.30000000000000004 and shown as 0.3).
    return plainDecimal(Number(value.toPrecision(15)));
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return wallTimeText(value);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) return (object.richText as Array<{ text?: string }>).map((run) => run.text ?? '').join('');
    if (typeof object.error === 'string') {
      onError(object.error);
      return '';
    }
    if ('formula' in object || 'sharedFormula' in object) {
      const result = object.result;
      // exceljs drops an error result (t="e"); a workbook saved by Excel or LibreOffice has every other result.
      if (result === undefined || result === null) {
        onError('formula with an error or no saved result');
        return '';
      }
      // A formula's cached result is kept as a number; its cell's format says whether it is a date.
      if (typeof result === 'number' && !Number.isNaN(result) && isDateFormat(numFmt)) return wallTimeText(excelSerialToDate(result, date1904));
      return valueText(result, numFmt, date1904, onError);
    }
    if ('text' in object) return valueText(object.text, numFmt, date1904, onError); // a hyperlink's text
  }
  return String(value);
}

/** exceljs's test for a date number format: date letters outside quotes and [brackets]. */
function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - (date1904 ? 24107 : 25569)) * 86_400_000));
}

/** Excel's zero day (serial 0 in the 1900 system): a cell before it holds only a time of day. */
const EXCEL_DAY_ZERO = Date.UTC(1899, 11, 30);

/**
 * A date cell's wall time (exceljs gives it as the UTC fields of a Date): YYYY-MM-DD at midnight,
 * else YYYY-MM-DDTHH:MM:SS (milliseconds only when there are any); a time-only cell as HH:MM:SS.
 */
export function wallTimeText(date: Date): string {
  let ms = date.getTime();
  if (Number.isNaN(ms)) return '';
  // Serial days are binary fractions: a time a millisecond off a whole second is that second.
  const rounded = Math.round(ms / 1000) * 1000;
  if (Math.abs(ms - rounded) <= 1) ms = rounded;
  const at = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const time = `${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}${at.getUTCMilliseconds() ? `.${pad(at.getUTCMilliseconds(), 3)}` : ''}`;
  const msOfDay = ms - Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (ms > EXCEL_DAY_ZERO - 86_400_000 && ms < EXCEL_DAY_ZERO + 86_400_000 && msOfDay !== 0) return time;
  const year = at.getUTCFullYear();
  const day = `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  return msOfDay === 0 ? day : `${day}T${time}`;
}

/** A number in plain decimals, as a CSV export writes it: never an exponent (1e21 → 1000000000000000000000). */
export function plainDecimal(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  const e = text.indexOf('e');
  if (e === -1) return text;
  const negative = text.startsWith('-');
  const mantissa = text.slice(negative ? 1 : 0, e);
  const exponent = Number(text.slice(e + 1));
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const pointAt = (point === -1 ? mantissa.length : point) + exponent;
  let plain: string;
  if (pointAt <= 0) plain = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) plain = digits + '0'.repeat(pointAt - digits.length);
  else plain = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return negative ? `-${plain}` : plain;
}
