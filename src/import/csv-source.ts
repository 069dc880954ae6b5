import { importPhrase } from '../i18n/messages/import.js';
import { said } from './values.js';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { DataError, InputError, unreadableFile } from '../errors.js';
import { createDecoder, decodeAll, detectEncoding, normalizeEncoding, type ChunkDecoder } from './encoding.js';
import { CsvParser, CsvSyntaxError } from './csv-parser.js';
import type { CellProblem, CsvRecord, CsvSource, SkippedLines } from './table-source.js';
import { openXlsx, spreadsheetFormatOf, xlsRefused } from './xlsx-source.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/** Largest record accepted: a longer one is nearly always an unclosed quote swallowing the file. */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;

const SNIFF_BYTES = 64 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;

export interface OpenCsvOptions {
  encoding?: string;
  delimiter?: string;
  /** --sheet: the worksheet of an .xlsx workbook to read. */
  sheet?: string;
}

/** Opens a CSV file: checks it is readable text, picks encoding, delimiter and line ending, reads the header. */
export async function openCsv(file: string, options: OpenCsvOptions = {}): Promise<CsvSource> {
  // An .xlsx workbook gives the same source, one sheet's rows as records (src/import/xlsx-source.ts).
  const spreadsheet = spreadsheetFormatOf(file);
  if (spreadsheet === 'xlsx') return openXlsx(file, { sheet: options.sheet });
  if (spreadsheet === 'xls') throw xlsRefused(file);
  const head = readHead(file);
  const detected = options.encoding ? { encoding: normalizeEncoding(options.encoding), reason: importPhrase('import.encoding.given') } : detectEncoding(head, file, head.length >= SNIFF_BYTES);
  const encoding = detected.encoding;
  const decoded = decodeAll(head, encoding);
  // A report download opens with lines that are not the table (GA4's "# Start date: …" comments,
  // Google Ads' title and date range): the header is the first line after them.
  const preamble = preambleOf(decoded);
  const text = preamble.text;
  const delimiter = options.delimiter ?? detectDelimiter(text);

  let bytesRead = 0;
  const input = fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  input.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = new CsvParser(delimiter, detectRecordDelimiter(text), MAX_RECORD_BYTES);
  const records = new RecordStream(parser, encoding);
  const parsed: Readable = input.pipe(records);
  input.on('error', (error) => records.destroy(error));

  const iterator = (parsed as AsyncIterable<CsvRecord[]>)[Symbol.asyncIterator]();
  let first = await nextBatch(iterator, file);
  // Records of the preamble's lines are dropped (its lines hold no quoted line breaks: see preambleOf).
  const afterPreamble = (result: IteratorResult<CsvRecord[]>) => (result.done || preamble.lines === 0 ? result : { done: false as const, value: result.value.filter((record) => record.line > preamble.lines) });
  first = afterPreamble(first);
  while (!first.done && first.value.length === 0) first = afterPreamble(await nextBatch(iterator, file));
  if (first.done) throw new DataError(importPhrase('import.no_header', { file }), importPhrase('import.starts_with_header_hint'));
  const [headerRecord, ...rest] = first.value;
  const fileSize = fs.statSync(file).size;
  const estimatedRecords = bytesRead >= fileSize ? rest.length : Math.round((rest.length * fileSize) / Math.max(bytesRead, 1));
  const header = headerRecord!.cells.map((cell) => cell.trim());
  if (header.every((cell) => cell === '')) {
    throw new DataError(importPhrase('import.blank_header', { file, line: headerRecord!.line }), importPhrase('import.export_again_hint'));
  }
  if (headerRecord!.invalidText) {
    throw new DataError(
      importPhrase('import.header_not_encoding', { file, line: headerRecord!.line, encoding: encoding.toUpperCase(), text: JSON.stringify(headerRecord!.cells.join(delimiter).slice(0, 80)) }),
      importPhrase('import.header_not_encoding_hint'),
    );
  }
  const skipped: SkippedLines = { extraHeaderRows: 0, footer: [], ...(preamble.lines > 0 ? { preamble: preamble.skipped } : {}) };
  if (isQualtricsImportIdRow(rest[1])) {
    // Qualtrics exports carry two more header rows: question texts, then {"ImportId": …} JSON.
    rest.splice(0, 2);
    skipped.extraHeaderRows = 2;
  }
  async function* remaining(): AsyncGenerator<CsvRecord[]> {
    // Footer-like records are held back until a data record follows (then they were data after
    // all) or the file ends (then they were the report's footer and are skipped).
    const held: CsvRecord[] = [];
    const release = (batch: CsvRecord[]): CsvRecord[] => {
      if (held.length === 0 && !batch.some(isFooterLine)) return batch; // the usual batch, passed on as it is
      const out: CsvRecord[] = [];
      for (const record of batch) {
        if (isFooterLine(record)) {
          held.push(record);
          continue;
        }
        if (held.length > 0) out.push(...held.splice(0));
        out.push(record);
      }
      return out;
    };
    if (rest.length > 0) yield release(rest);
    for (;;) {
      const next = await nextBatch(iterator, file);
      if (next.done) break;
      yield release(next.value);
    }
    skipped.footer = held.map((record) => record.cells.filter((cell) => cell.trim() !== '').join(',').trim());
    if (parser.droppedNuls > 0) skipped.droppedNuls = parser.droppedNuls;
  }
  return {
    header,
    headerLine: headerRecord!.line,
    delimiter,
    encoding,
    encodingReason: detected.reason,
    skipped,
    batches: remaining(),
    bytesRead: () => bytesRead,
    estimatedRecords,
    close: () => {
      records.destroy();
      input.destroy();
    },
  };
}

async function nextBatch(iterator: AsyncIterator<CsvRecord[]>, file: string): Promise<IteratorResult<CsvRecord[]>> {
  try {
    return await iterator.next();
  } catch (error) {
    throw describeReadError(error, file);
  }
}


/** The problems of a record holding bytes that are not valid in the file's encoding: one per cell that shows U+FFFD. */
export function invalidTextProblems(record: CsvRecord, header: readonly string[], encoding: string): CellProblem[] {
  const name = encoding.toUpperCase();
  const problems: CellProblem[] = [];
  record.cells.forEach((cell, index) => {
    if (!cell.includes('\uFFFD')) return;
    problems.push({
      column: header[index] ?? `column ${index + 1}`,
      value: cell,
      ...said(importPhrase('import.expected.text_in_encoding', { name })),
    });
  });
  return problems;
}

/**
 * Report footers that CRM and helpdesk report exports append after the data (Salesforce's
 * "Grand Totals (N records)", "Confidential Information - Do Not Distribute", its copyright
 * line; "Generated by …", "Total: …"): one or two non-empty cells in a recognisable wording.
 */
const FOOTER = /^(grand totals?\b|totals?\s*[:(]|confidential information\b|copyright\b|\(c\)|©|generated (by|on)\b|filtered by\b|report (generated|run)\b)/i;

function isFooterLine(record: CsvRecord): boolean {
  // Most records start with a non-empty cell that is no footer wording: decided without copying.
  const first = record.cells[0] ?? '';
  if (first !== '' && !FOOTER.test(first.trimStart())) return false;
  const filled = record.cells.filter((cell) => cell.trim() !== '');
  return filled.length > 0 && filled.length <= 2 && FOOTER.test(filled[0]!.trim());
}

function isQualtricsImportIdRow(record: CsvRecord | undefined): boolean {
  if (!record) return false;
  const filled = record.cells.filter((cell) => cell.trim() !== '');
  return filled.length > 0 && filled.filter((cell) => cell.trim().startsWith('{"ImportId"')).length >= filled.length / 2;
}

/** Bytes in, batches of records out: one batch per chunk read, at most two batches waiting. */
class RecordStream extends Transform {
  private readonly decoder: ChunkDecoder;
  /** Once a chunk held invalid bytes, records are checked for U+FFFD (never before: the fast path stays fast). */
  private invalidSeen = false;

  constructor(
    private readonly parser: CsvParser,
    private readonly textEncoding: string,
  ) {
    super({ readableObjectMode: true, readableHighWaterMark: 2 });
    this.decoder = createDecoder(textEncoding);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.parse(this.decoder.write(chunk), chunk, false, callback);
  }

  override _flush(callback: (error?: Error | null) => void): void {
    this.parse(this.decoder.end(), undefined, true, callback);
  }

  private parse(text: string, chunk: Buffer | undefined, final: boolean, callback: (error?: Error | null) => void): void {
    if (!this.invalidSeen && text.includes('\uFFFD') && holdsInvalidBytes(text, chunk, this.textEncoding)) this.invalidSeen = true;
    if (!this.parser.watchingNuls && text.includes('\0')) this.parser.watchNuls();
    const batch: CsvRecord[] = [];
    try {
      this.parser.push(text, final, batch);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (this.invalidSeen) {
      for (const record of batch) if (record.cells.some((cell) => cell.includes('\uFFFD'))) record.invalidText = true;
    }
    if (batch.length > 0) this.push(batch);
    callback();
  }
}

/**
 * Whether U+FFFD in decoded text stands for invalid bytes: in UTF-8 a real U+FFFD is the bytes
 * EF BF BD, so more U+FFFD than those means some are invalid bytes; legacy encodings have no U+FFFD.
 */
function holdsInvalidBytes(text: string, chunk: Buffer | undefined, encoding: string): boolean {
  if (encoding !== 'utf-8' || !chunk) return true;
  let replacements = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) replacements++;
  let real = 0;
  for (let at = chunk.indexOf(REPLACEMENT_UTF8); at !== -1; at = chunk.indexOf(REPLACEMENT_UTF8, at + 3)) real++;
  return replacements > real;
}

const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

function describeReadError(error: unknown, file: string): unknown {
  if (error instanceof CsvSyntaxError) {
    const line = error.line;
    switch (error.code) {
      case 'unclosed-quote':
        return new DataError(importPhrase('import.unclosed_quote', { file, line }), importPhrase('import.unclosed_quote_hint'));
      case 'record-too-large':
        return new DataError(
          importPhrase('import.record_too_large', { file, line, mb: MAX_RECORD_BYTES / 1024 / 1024 }),
          importPhrase('import.record_too_large_hint'),
        );
      case 'nul-outside-quotes':
        return new DataError(
          importPhrase('import.nul_outside_quotes', { file, line }),
          importPhrase('import.nul_outside_quotes_hint'),
        );
    }
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return unreadableFile(file, error);
  return error;
}

/** Reads the whole file once for its SHA-256, which identifies an identical re-import. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

function readHead(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw unreadableFile(file, error);
  }
  try {
    if (fs.fstatSync(fd).isDirectory()) throw new InputError(importPhrase('import.usage.directory', { file }), importPhrase('import.directory_short_hint'));
    const buffer = Buffer.alloc(SNIFF_BYTES);
    let size: number;
    try {
      size = fs.readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    } catch (error) {
      throw new InputError(errorPhrase('error.cannot_read', { file, why: (error as NodeJS.ErrnoException).code ?? String(error) }));
    }
    if (size === 0) throw new DataError(importPhrase('import.file_empty', { file }), importPhrase('import.export_again_hint'));
    return buffer.subarray(0, size);
  } finally {
    fs.closeSync(fd);
  }
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

/** A preamble is at most this many lines; beyond, the file is taken as it is. */
const MAX_PREAMBLE_LINES = 20;

/**
 * Lines before a report's table: "#" comment lines (GA4), and title lines with no delimiter at all
 * (Google Ads' "Campaign report" and its date range) when a later line splits into several columns.
 * Blank lines among them go too. A header line itself is never taken: the first line that splits
 * into columns (or any line, when none does) ends the preamble.
 */
export function preambleOf(text: string): { lines: number; skipped: string[]; text: string } {
  const lines = text.split(/\r\n|\n|\r/, MAX_PREAMBLE_LINES + 1);
  const splits = (line: string) => CANDIDATE_DELIMITERS.some((delimiter) => line.includes(delimiter));
  const tableStart = lines.findIndex((line, index) => index < MAX_PREAMBLE_LINES && !line.replace(/^\uFEFF/, '').startsWith('#') && splits(line));
  if (tableStart <= 0) return { lines: 0, skipped: [], text };
  const before = lines.slice(0, tableStart);
  // Only comment, title or blank lines: a line that names no columns but is data would split too.
  if (!before.every((line) => line.trim() === '' || line.replace(/^\uFEFF/, '').startsWith('#') || !splits(line))) return { lines: 0, skipped: [], text };
  let offset = 0;
  for (let index = 0; index < tableStart; index++) {
    const next = text.slice(offset).search(/\r\n|\n|\r/);
    const breakLength = text.startsWith('\r\n', offset + next) ? 2 : 1;
    offset += next + breakLength;
  }
  return { lines: tableStart, skipped: before.map((line) => line.replace(/^\uFEFF/, '').trim()).filter((line) => line !== ''), text: text.slice(offset) };
}

/** The candidate that splits the header line most often (outside quotes) wins; comma on a tie. */
export function detectDelimiter(text: string): string {
  const headerLine = firstLine(text);
  let best = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATE_DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of headerLine) {
      if (char === '"') quoted = !quoted;
      else if (char === candidate && !quoted) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Lines end in LF or CRLF, except in files (old Mac exports) whose first line ends in a bare CR. */
function detectRecordDelimiter(text: string): '\n' | '\r' {
  const firstBreak = text.search(/[\r\n]/);
  return firstBreak !== -1 && text[firstBreak] === '\r' && text[firstBreak + 1] !== '\n' && firstBreak + 1 < text.length ? '\r' : '\n';
}

function firstLine(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.search(/\r?\n|\r/);
  return text.slice(start, end === -1 ? undefined : end);
}
