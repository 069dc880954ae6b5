import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { DataError, type Phrase, type RowProblem } from '../errors.js';
import { importPhrase, type importEn } from '../i18n/messages/import.js';
import { phraseInLanguage } from '../i18n/messages.js';
import type { Language } from '../i18n/languages.js';
import type { CellProblem } from './table-source.js';
import { formatNumber } from '../core/money.js';
import { quotedValue } from '../render/terminal-text.js';
import { createTempBeside, modeOf, outputFault, resolveOutputTarget } from '../safe-files.js';
import type { CsvRecord } from './table-source.js';

/** The expectation a row fails when its key already appeared on an earlier line (record-reader.ts). */
const REPEATED_KEY: keyof typeof importEn = 'import.expected.unique';

/** Strict mode lists at most this many problems; it reads on to count every failing row (nothing more is kept). */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * What an import says about rows it cannot read: the strict refusal listing the first problems (and
 * rows per column), each problem as `file:line: column "x": expected … (got "value")`, and the
 * rejects file that keeps such rows aside with --skip-invalid.
 */

/**
 * The strict refusal: how many rows of how many fail, the first problems in full, and (when more
 * rows fail than are listed) how many rows fail in each column.
 */
export function strictFailure(file: string, rejected: number, rows: number, problems: RowProblem[], rowsByColumn: ReadonlyMap<string, number>): DataError {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const head = rejected === 1 ? importPhrase('import.strict_head_one', { rows: formatNumber(rows) }) : importPhrase('import.strict_head', { rejected: formatNumber(rejected), rows: formatNumber(rows) });
  const byColumn = [...rowsByColumn].sort((a, b) => b[1] - a[1]);
  const listedRows = new Set(listed.map((problem) => problem.line)).size;
  const perColumn = importPhrase('import.strict_columns', { items: byColumn.map(([column, n]) => importPhrase('import.strict_column_rows', { column, count: formatNumber(n), n })) });
  const more =
    rejected > listedRows
      ? importPhrase('import.strict_more', { count: formatNumber(rejected - listedRows), perColumn })
      : byColumn.length > 1
        ? importPhrase('import.strict_by_column', { perColumn })
        : '';
  // A key repeated down much of the file: one row per transaction (order line, event), not per record.
  const repeatedKeys = listed.filter((problem) => problem.expectedPhrase?.key === REPEATED_KEY);
  const perTransaction = repeatedKeys.length * 2 >= listed.length && rejected * 10 >= rows;
  const hint = perTransaction
    ? importPhrase('import.strict_hint_per_transaction', { column: repeatedKeys[0]!.column ?? '', perAccount: repeatedKeys[0]!.column === 'account_id' })
    : importPhrase('import.strict_hint');
  return new DataError(importPhrase('import.strict_failure', { file, head, problems: listed.map(problemPhrase), more }), hint, listed);
}

export function rejectsPathFor(options: { file: string; rejectsPath?: string }): string {
  if (options.rejectsPath) return options.rejectsPath;
  return `${path.parse(options.file).name}.rejects.csv`;
}

/**
 * Rejected rows as they were, after their line and the reason: written to a temporary file beside the
 * target (an unpredictable name, created 0600, never through a planted link), renamed over it once the
 * import has committed.
 */
export class RejectSink {
  private temporary: { fd: number; path: string } | undefined;
  private destination: string | undefined;

  constructor(
    private readonly target: string | undefined,
    private readonly header: string[],
  ) {}

  write(record: CsvRecord, reason: string): void {
    if (!this.target) return;
    try {
      if (this.temporary === undefined) {
        this.destination = resolveOutputTarget(path.resolve(this.target), '--rejects');
        fs.mkdirSync(path.dirname(this.destination), { recursive: true });
        this.temporary = createTempBeside(this.destination);
        const keptMode = modeOf(this.destination);
        if (keptMode !== undefined) fs.fchmodSync(this.temporary.fd, keptMode);
        fs.writeSync(this.temporary.fd, stringify([['line', 'reason', ...this.header]]));
      }
      // Line and reason first, then every cell of the row as it was (extra cells included).
      fs.writeSync(this.temporary.fd, stringify([[String(record.line), reason, ...record.cells]]));
    } catch (error) {
      throw outputFault(error, this.target);
    }
  }

  abort(): void {
    if (this.temporary === undefined) return;
    fs.closeSync(this.temporary.fd);
    fs.rmSync(this.temporary.path, { force: true });
    this.temporary = undefined;
  }

  finish(): string | undefined {
    if (this.temporary === undefined || !this.target || !this.destination) return undefined;
    const { fd, path: temporaryPath } = this.temporary;
    this.temporary = undefined;
    try {
      fs.closeSync(fd);
      fs.renameSync(temporaryPath, this.destination);
    } catch (error) {
      fs.rmSync(temporaryPath, { force: true });
      throw outputFault(error, this.target);
    }
    return this.target;
  }
}

/** `file:line: column "x": expected … (got "value")` — everything a user needs to find and fix it. */
export function describeProblem(p: RowProblem): string {
  return problemPhrase(p).text;
}

/** The problem by key, so that each language words it (the file, line, column and value stay as they are). */
export function problemPhrase(p: RowProblem): Phrase {
  const got = p.value === undefined || p.value === '' ? '' : quotedValue(truncate(p.value, 60));
  return importPhrase('import.problem', { file: p.file, line: p.line, column: p.column ?? '', expected: p.expectedPhrase ?? p.expected, got });
}

/** A rejected row's reason in the rejects file, for the people who fix the rows: in the language in force (the file's header stays English). */
export function rejectReason(p: CellProblem, language: Language = 'en'): string {
  const phrase = importPhrase('import.reject_reason', { column: p.column ?? '', expected: p.said ?? p.expected, got: p.value ? JSON.stringify(p.value) : '' });
  return phraseInLanguage(phrase, language);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
