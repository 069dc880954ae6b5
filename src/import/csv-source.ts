import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { DataError, InputError } from '../errors.js';

/** A record of the file: its cells and the line it starts on (1-based, as an editor shows it). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface CsvSource {
  header: string[];
  headerLine: number;
  delimiter: string;
  encoding: string;
  records: AsyncIterable<CsvRecord>;
  /** Bytes of the file read so far, for the progress bar. */
  bytesRead(): number;
  close(): void;
}

/** Largest record accepted: a longer one is nearly always an unclosed quote swallowing the file. */
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;

const SNIFF_BYTES = 64 * 1024;

export interface OpenCsvOptions {
  encoding?: string;
  delimiter?: string;
}

/** Opens a CSV file: checks it is readable text, picks encoding and delimiter, and reads the header. */
export async function openCsv(file: string, options: OpenCsvOptions = {}): Promise<CsvSource> {
  const head = readHead(file);
  const encoding = options.encoding ?? detectEncoding(head, file);
  const text = decodeHead(head, encoding);
  const delimiter = options.delimiter ?? detectDelimiter(text);

  let bytesRead = 0;
  const input = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  input.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const decoded: Readable = encoding === 'utf-8' ? input : input.pipe(decoder(encoding));
  const parser = decoded.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      info: true,
    }),
  );
  input.on('error', (error) => parser.destroy(error));

  const iterator = recordsOf(parser, file)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new DataError(`${file}: the file has no header row`, 'a CSV export starts with a row of column names');
  const header = first.value.cells.map((cell) => cell.trim());
  return {
    header,
    headerLine: first.value.line,
    delimiter,
    encoding,
    records: { [Symbol.asyncIterator]: () => iterator },
    bytesRead: () => bytesRead,
    close: () => {
      parser.destroy();
      input.destroy();
    },
  };
}

async function* recordsOf(parser: AsyncIterable<{ record: string[]; info: { lines: number } }>, file: string): AsyncGenerator<CsvRecord> {
  // csv-parse reports the line a record ends on. A record normally starts on the next line; when it
  // does not (blank lines skipped, or line breaks inside quoted fields) count back from its end.
  let previousEnd = 0;
  try {
    for await (const { record, info } of parser) {
      const line = info.lines === previousEnd + 1 ? info.lines : info.lines - lineBreaksIn(record);
      previousEnd = info.lines;
      yield { line, cells: record };
    }
  } catch (error) {
    throw describeParseError(error, file, previousEnd + 1);
  }
}

function lineBreaksIn(cells: string[]): number {
  let count = 0;
  for (const cell of cells) {
    for (let index = cell.indexOf('\n'); index !== -1; index = cell.indexOf('\n', index + 1)) count++;
  }
  return count;
}

function describeParseError(error: unknown, file: string, recordLine: number): unknown {
  if (!(error instanceof CsvError)) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return new InputError(`cannot read ${file}: ${code}`);
    return error;
  }
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new DataError(`${file}:${recordLine}: a quoted field opened on line ${recordLine} is never closed`, 'close the quote (a quote inside a quoted field is written twice: "")');
    case 'CSV_MAX_RECORD_SIZE':
      return new DataError(
        `${file}:${recordLine}: the record starting on line ${recordLine} is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB`,
        'this is usually an unclosed quote swallowing the rest of the file; check the quotes on that line',
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new DataError(`${file}:${recordLine}: a closing quote is followed by other characters`, 'a quote inside a quoted field is written twice: ""');
    default:
      return new DataError(`${file}:${recordLine}: the CSV cannot be parsed: ${error.message}`);
  }
}

function readHead(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code);
    throw new InputError(`cannot read ${file}: ${why}`, 'check the path; csops import takes CSV files');
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

/** UTF-8 (with or without BOM) and UTF-16 by BOM; files that are not text are refused with the reason. */
function detectEncoding(head: Buffer, file: string): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new DataError(`${file}: this is an Excel workbook or another zip file, not CSV`, 'open it in Excel and save as "CSV UTF-8", then import that file');
  }
  const nul = head.indexOf(0);
  if (nul !== -1) {
    throw new DataError(`${file}: this looks like a binary file, not CSV (a NUL byte at byte ${nul + 1})`, 'if it is UTF-16 text without a byte-order mark, pass --encoding utf-16le');
  }
  return 'utf-8';
}

function decodeHead(head: Buffer, encoding: string): string {
  return new TextDecoder(encoding).decode(head);
}

function decoder(encoding: string): Transform {
  const textDecoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, textDecoder.decode(chunk, { stream: true }));
    },
    flush(callback) {
      callback(null, textDecoder.decode());
    },
  });
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

function firstLine(text: string): string {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = text.search(/\r?\n/);
  return text.slice(start, end === -1 ? undefined : end);
}
