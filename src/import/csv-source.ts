import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { DataError, InputError, unreadableFile } from '../errors.js';
import { detectEncoding, normalizeEncoding } from './encoding.js';
import { CsvParser, CsvSyntaxError, type ParsedRecord } from './csv-parser.js';
import { openXlsx, spreadsheetFormatOf, xlsRefused } from './xlsx-source.js';

/** A record of the file: its cells and the line it starts on (1-based, as an editor shows it). */
export type CsvRecord = ParsedRecord;

export interface CsvSource {
  header: string[];
  headerLine: number;
  delimiter: string;
  encoding: string;
  /** Why that encoding was chosen (byte-order mark, valid UTF-8, …). */
  encodingReason: string;
  /** Records in batches (one per chunk of the file), so the hot loop awaits once per batch, not per row. */
  batches: AsyncIterable<CsvRecord[]>;
  /** What was not data: extra header rows and a report footer (known once the batches are read). */
  skipped: SkippedLines;
  /** Bytes of the file read so far, for the progress bar. */
  bytesRead(): number;
  /** Records in the whole file, estimated from the first chunk (for choosing a bulk-load strategy). */
  estimatedRecords: number;
  close(): void;
}

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
  const detected = options.encoding ? { encoding: normalizeEncoding(options.encoding), reason: 'given by --encoding' } : detectEncoding(head, file);
  const encoding = detected.encoding;
  const text = new TextDecoder(encoding).decode(head);
  const delimiter = options.delimiter ?? detectDelimiter(text);

  let bytesRead = 0;
  const input = fs.createReadStream(file, { highWaterMark: READ_CHUNK_BYTES });
  input.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const records = new RecordStream(new CsvParser(delimiter, detectRecordDelimiter(text), MAX_RECORD_BYTES), encoding);
  const parsed: Readable = input.pipe(records);
  input.on('error', (error) => records.destroy(error));

  const iterator = (parsed as AsyncIterable<CsvRecord[]>)[Symbol.asyncIterator]();
  let first = await nextBatch(iterator, file);
  while (!first.done && first.value.length === 0) first = await nextBatch(iterator, file);
  if (first.done) throw new DataError(`${file}: the file has no header row`, 'a CSV export starts with a row of column names');
  const [headerRecord, ...rest] = first.value;
  const fileSize = fs.statSync(file).size;
  const estimatedRecords = bytesRead >= fileSize ? rest.length : Math.round((rest.length * fileSize) / Math.max(bytesRead, 1));
  const header = headerRecord!.cells.map((cell) => cell.trim());
  const skipped: SkippedLines = { extraHeaderRows: 0, footer: [] };
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

export interface SkippedLines {
  extraHeaderRows: number;
  /** The footer lines' text, e.g. "Grand Totals (5700 records)". */
  footer: string[];
  /** What else was read differently from the file (an .xlsx's error cells read as empty). */
  notes?: string[];
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
  private readonly textDecoder: TextDecoder;

  constructor(
    private readonly parser: CsvParser,
    encoding: string,
  ) {
    super({ readableObjectMode: true, readableHighWaterMark: 2 });
    // Fatal: a byte that is not valid in the encoding stops the import instead of becoming '\uFFFD'.
    this.textDecoder = new TextDecoder(encoding, { ignoreBOM: true, fatal: true });
    this.encoding = encoding;
  }

  private readonly encoding: string;
  /** Line breaks decoded so far, to say where an invalid byte is. */
  private lineBreaks = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = this.decode(chunk);
    if (text instanceof Error) return callback(text);
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.lineBreaks++;
    this.parse(text, false, callback);
  }

  override _flush(callback: (error?: Error | null) => void): void {
    const text = this.decode(undefined);
    if (text instanceof Error) return callback(text);
    this.parse(text, true, callback);
  }

  private decode(chunk: Buffer | undefined): string | Error {
    try {
      return chunk ? this.textDecoder.decode(chunk, { stream: true }) : this.textDecoder.decode();
    } catch {
      // Find the first undecodable byte by decoding the chunk leniently and looking for U+FFFD.
      const lenient = chunk ? new TextDecoder(this.encoding).decode(chunk) : '';
      const bad = Math.max(0, lenient.indexOf('\uFFFD'));
      const before = lenient.slice(0, bad);
      return new InvalidTextError(this.encoding, this.lineBreaks + before.split('\n').length, before.slice(before.lastIndexOf('\n') + 1));
    }
  }

  private parse(text: string, final: boolean, callback: (error?: Error | null) => void): void {
    const batch: CsvRecord[] = [];
    try {
      this.parser.push(text, final, batch);
    } catch (error) {
      callback(error as Error);
      return;
    }
    if (batch.length > 0) this.push(batch);
    callback();
  }
}

class InvalidTextError extends Error {
  constructor(
    readonly encoding: string,
    readonly line: number,
    /** The text of the line up to the bad byte. */
    readonly lineStart: string,
  ) {
    super(`invalid ${encoding}`);
  }
}

function describeReadError(error: unknown, file: string): unknown {
  if (error instanceof InvalidTextError) {
    const others = ['utf-8', 'gb18030', 'windows-1252'].filter((name) => name !== error.encoding);
    return new DataError(
      `${file}:${error.line}: the text is not valid ${error.encoding.toUpperCase()} after ${JSON.stringify(error.lineStart.slice(-40))}; this part of the file is in another encoding`,
      `pass the file's encoding, e.g. --encoding ${others.join(' or --encoding ')}`,
    );
  }
  if (error instanceof CsvSyntaxError) {
    const line = error.line;
    switch (error.code) {
      case 'unclosed-quote':
        return new DataError(`${file}:${line}: a quoted field opened on line ${line} is never closed`, 'close the quote (a quote inside a quoted field is written twice: "")');
      case 'record-too-large':
        return new DataError(
          `${file}:${line}: the record starting on line ${line} is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB`,
          'this is usually an unclosed quote swallowing the rest of the file; check the quotes on that line',
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
    if (fs.fstatSync(fd).isDirectory()) throw new InputError(`cannot read ${file}: it is a directory`, 'name the CSV files inside it');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    let size: number;
    try {
      size = fs.readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    } catch (error) {
      throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (size === 0) throw new DataError(`${file}: the file is empty`, 'export the data again; a CSV export starts with a row of column names');
    return buffer.subarray(0, size);
  } finally {
    fs.closeSync(fd);
  }
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

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
