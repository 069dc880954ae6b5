import type { Phrase } from '../errors.js';
import type { ParsedRecord } from './csv-parser.js';

/**
 * What an import reads a table through, whichever file holds it (CSV or a spreadsheet): the types
 * csv-source.ts and xlsx-source.ts both produce, kept apart so neither imports the other's module.
 */
/** A record of the file: its cells and the line it starts on (1-based, as an editor shows it). */
export interface CsvRecord extends ParsedRecord {
  /**
   * Set when bytes of the record were not valid in the file's encoding (they read as U+FFFD):
   * the record is rejected with invalidTextProblems instead of being read.
   */
  invalidText?: true;
}

export interface CsvSource {
  header: string[];
  headerLine: number;
  delimiter: string;
  encoding: string;
  /** Why that encoding was chosen (byte-order mark, valid UTF-8, …). */
  encodingReason: string | Phrase;
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

export interface SkippedLines {
  extraHeaderRows: number;
  /** The footer lines' text, e.g. "Grand Totals (5700 records)". */
  footer: string[];
  /** What else was read differently from the file (an .xlsx's error cells read as empty). */
  notes?: string[];
  /** Lines before the header that are no part of the table (a report's title, "# …" comments). */
  preamble?: string[];
  /** NUL characters dropped from quoted fields (Salesforce rich-text fields carry them). */
  droppedNuls?: number;
}

/** One thing wrong with one row: the column (header or field) and what was expected. */
export interface CellProblem {
  column?: string;
  value?: string;
  expected: string;
  /** `expected` by key, for people reading another language. */
  said?: Phrase;
}
