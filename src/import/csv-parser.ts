/**
 * An RFC 4180 CSV parser over decoded text, written for speed: a record without a quote is found
 * with indexOf and split in one call; only records holding a quote go through the character loop.
 * It reads CSV exactly as csv-parse does with the options csops uses (bom, relax_quotes,
 * relax_column_count, skip_empty_lines) — a property test checks the two agree on random input —
 * at several times csv-parse's speed, which the import benchmark needs (csv-parse works byte by
 * byte on Buffers; V8 searches and splits strings natively).
 *
 * Rules: fields are separated by `delimiter`, records by LF, CRLF or (when the file uses it) CR.
 * A field that starts with a quote is quoted: it runs to the next lone quote, may hold delimiters
 * and line breaks, and writes a quote as "". A quote elsewhere is an ordinary character.
 * Lines with nothing on them are skipped. Once watchNuls() is called (the input holds a NUL), NULs
 * inside quoted fields are dropped and counted, and a NUL outside quotes is an error: CSV text
 * cannot hold one there.
 */
export interface ParsedRecord {
  /** The line the record starts on, 1-based. */
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'unclosed-quote' | 'record-too-large' | 'nul-outside-quotes',
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvParser {
  private pending = '';
  /** Lines fully consumed so far. */
  private linesDone = 0;
  private started = false;
  private readonly delimiterCode: number;
  /** NULs dropped from quoted fields. */
  droppedNuls = 0;
  watchingNuls = false;

  constructor(
    private readonly delimiter: string,
    /** '\n' (which also ends CRLF lines) or '\r' for files whose lines end in a bare CR. */
    private readonly recordDelimiter: '\n' | '\r',
    private readonly maxRecordLength: number,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /** From now on, NULs are looked for: the input holds one (decided per chunk, so NUL-free files pay nothing per line). */
  watchNuls(): void {
    this.watchingNuls = true;
  }

  /** The line on which the record being read (or the next one) starts. */
  nextRecordLine(): number {
    return this.linesDone + 1;
  }

  /** Parses what `text` completes; keeps an unfinished record for the next call. `final` ends the input. */
  push(text: string, final: boolean, out: ParsedRecord[]): void {
    let input = this.pending + text;
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    let position = 0;
    const length = input.length;
    const lineBreak = this.recordDelimiter;
    // The next quote is looked up once and reused until passed, so quote-free lines cost one search each.
    let quote = -2;
    while (position < length) {
      const end = input.indexOf(lineBreak, position);
      if (quote !== -1 && quote < position) quote = input.indexOf('"', position);
      if (quote === -1 || (end !== -1 && quote > end)) {
        // Fast path: a whole record on one line with no quote.
        if (end === -1 && !final) break;
        const stop = end === -1 ? length : end;
        let line = input.slice(position, stop);
        if (lineBreak === '\n' && line.charCodeAt(line.length - 1) === CR) line = line.slice(0, -1);
        this.linesDone++;
        if (line.length > this.maxRecordLength) throw this.tooLarge(this.linesDone);
        if (this.watchingNuls && line.includes('\0')) throw this.nulOutsideQuotes(this.linesDone);
        if (line.length > 0) out.push({ line: this.linesDone, cells: line.split(this.delimiter) });
        position = end === -1 ? length : end + 1;
        continue;
      }
      const next = this.parseQuotedRecord(input, position, final, out);
      if (next === -1) break;
      position = next;
    }
    this.pending = input.slice(position);
    if (this.pending.length > this.maxRecordLength) throw this.tooLarge(this.linesDone + 1);
    if (final && this.pending.length > 0) throw new CsvSyntaxError('unclosed-quote', this.linesDone + 1, 'unclosed quote');
  }

  /** The character loop for a record holding a quote; returns where the next record starts, or -1 for "need more input". */
  private parseQuotedRecord(input: string, start: number, final: boolean, out: ParsedRecord[]): number {
    const length = input.length;
    const delimiter = this.delimiterCode;
    const lineBreak = this.recordDelimiter === '\r' ? CR : LF;
    const cells: string[] = [];
    const startLine = this.linesDone + 1;
    let breaks = 0;
    let position = start;
    let nextBreak = -2;
    for (;;) {
      let quotedFieldDone = false;
      if (input.charCodeAt(position) === QUOTE) {
        // Quoted field: up to the next quote that is not doubled.
        const fieldStart = position + 1;
        let value = '';
        let from = fieldStart;
        let close: number;
        for (;;) {
          close = input.indexOf('"', from);
          if (close === -1 || (close + 1 >= length && !final)) {
            if (close === -1 && final) throw new CsvSyntaxError('unclosed-quote', startLine, 'unclosed quote');
            return -1;
          }
          if (input.charCodeAt(close + 1) !== QUOTE) break;
          value += input.slice(from, close + 1);
          from = close + 2;
        }
        const after = close + 1 < length ? input.charCodeAt(close + 1) : -1;
        if (after === CR && lineBreak === LF && close + 2 >= length && !final) return -1;
        const endsLine = after === lineBreak || (lineBreak === LF && after === CR && input.charCodeAt(close + 2) === LF);
        const fieldBreaks = countLineBreaks(input, fieldStart, close, this.recordDelimiter);
        if (after === -1 || after === delimiter || endsLine) {
          value += input.slice(from, close);
          breaks += fieldBreaks;
          if (this.watchingNuls && value.includes('\0')) value = this.dropNuls(value);
          cells.push(value);
          position = after === CR && lineBreak === LF ? close + 2 : close + 1;
          quotedFieldDone = true;
        } else if (fieldBreaks > 0) {
          // The "closing" quote is lines away and followed by text: it is some later field's opening
          // quote, and this field's quote was never closed.
          throw new CsvSyntaxError('unclosed-quote', startLine, 'unclosed quote');
        }
        // Otherwise the closing quote is followed by other characters on the same line ("x"y): like
        // csv-parse with relax_quotes, the field is read again below as unquoted text, quotes and all.
      }
      if (!quotedFieldDone) {
        // Unquoted field: to the delimiter or the end of the line; a quote in it is an ordinary character.
        if (nextBreak !== -1 && nextBreak < position) nextBreak = input.indexOf(this.recordDelimiter, position);
        const nextDelimiter = input.indexOf(this.delimiter, position);
        let stop = nextDelimiter === -1 ? nextBreak : nextBreak === -1 ? nextDelimiter : Math.min(nextDelimiter, nextBreak);
        if (stop === -1) {
          if (!final) return -1;
          stop = length;
        }
        let end = stop;
        if (lineBreak === LF && (stop >= length || input.charCodeAt(stop) === LF) && input.charCodeAt(end - 1) === CR && end > position) end--;
        const value = input.slice(position, end);
        if (this.watchingNuls && value.includes('\0')) throw this.nulOutsideQuotes(startLine + breaks);
        cells.push(value);
        position = stop;
      }
      if (position - start > this.maxRecordLength) throw this.tooLarge(startLine);
      if (position >= length) break;
      if (input.charCodeAt(position) === delimiter) {
        position++;
        if (position >= length) {
          if (!final) return -1;
          cells.push('');
          break;
        }
        continue;
      }
      // The record delimiter.
      position++;
      breaks++;
      break;
    }
    this.linesDone = startLine - 1 + breaks;
    out.push({ line: startLine, cells });
    return position;
  }

  private dropNuls(value: string): string {
    const kept = value.replaceAll('\0', '');
    this.droppedNuls += value.length - kept.length;
    return kept;
  }

  private nulOutsideQuotes(line: number): CsvSyntaxError {
    return new CsvSyntaxError('nul-outside-quotes', line, 'NUL outside quotes');
  }

  private tooLarge(line: number): CsvSyntaxError {
    return new CsvSyntaxError('record-too-large', line, 'record too large');
  }
}

function countLineBreaks(input: string, from: number, to: number, target: string): number {
  let count = 0;
  for (let at = input.indexOf(target, from); at !== -1 && at < to; at = input.indexOf(target, at + 1)) count++;
  return count;
}
