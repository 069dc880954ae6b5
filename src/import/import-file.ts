import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import { DataError, describeProblem, type RowProblem } from '../errors.js';
import { translateSqliteError, type Db } from '../db/connection.js';
import { findIdenticalImport, finishImportRun, loadAccountIds, startImportRun } from '../db/import-runs.js';
import { RowUpserter, UsageUpserter, type SqlValue, type UpsertCounts } from '../db/upserts.js';
import { openCsv, type CsvRecord, type CsvSource } from './csv-source.js';
import { mapHeader, metricName, type HeaderMapping } from './header-map.js';
import { KIND_SPECS, type Kind } from './kinds.js';
import { columnsWritten, finishRow, parseFields, type CellProblem, type RowContext } from './rows.js';
import { parseDate, parseInteger, parseNumber, Problem } from './values.js';

/** Strict mode lists at most this many problems, then stops reading. */
export const MAX_LISTED_PROBLEMS = 20;

export interface ImportFileOptions {
  db: Db;
  file: string;
  kind: Kind;
  /** Header → field, from --map and the config. */
  headerMap: ReadonlyMap<string, string>;
  timeZone: string;
  currency: string;
  dryRun: boolean;
  skipInvalid: boolean;
  /** Where --skip-invalid writes rejected rows (with line and reason columns). */
  rejectsPath?: string;
  force: boolean;
  encoding?: string;
  delimiter?: string;
  version: string;
  /** Wall-clock time for the import_runs log (not for any figure). */
  now: () => Date;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface FileImportResult {
  file: string;
  kind: Kind;
  status: 'imported' | 'skipped' | 'dry-run';
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Headers that map to no field (and, for usage, are not metrics). */
  ignored_columns: string[];
  usage_shape?: 'wide' | 'long';
  rejects_file?: string;
  run_id?: number;
  notes: string[];
}

export async function importFile(options: ImportFileOptions): Promise<FileImportResult> {
  const { db, file, kind } = options;
  const displayName = file;
  const size = fs.statSync(file).size;
  const sha256 = await hashFile(file);
  const base: FileImportResult = {
    file: displayName, kind, status: 'imported', rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, ignored_columns: [], notes: [],
  };

  const previous = findIdenticalImport(db, sha256, kind);
  if (previous && !options.force && !options.dryRun) {
    return {
      ...base,
      status: 'skipped',
      run_id: previous.id,
      notes: [`identical to ${previous.file_name}, imported ${previous.finished_at} (run ${previous.id}); pass --force to import it again`],
    };
  }

  const context: RowContext = {
    timeZone: options.timeZone,
    defaultCurrency: options.currency,
    knownAccounts: kind === 'accounts' ? new Set() : loadAccountIds(db),
  };

  const source = await openCsv(file, { encoding: options.encoding, delimiter: options.delimiter });
  try {
    const mapping = mapHeader(displayName, source.header, kind, options.headerMap);
    const result: FileImportResult = { ...base, ignored_columns: mapping.ignored, usage_shape: mapping.usageShape };
    if (kind === 'surveys' && !mapping.fieldIndex.has('kind')) {
      context.surveyKind = await surveyScaleOf(file, options, mapping);
      result.notes.push(`no survey kind column: scores read as ${context.surveyKind.toUpperCase()} (${context.surveyKind === 'nps' ? '0–10' : '1–5'}) from the range in the file`);
    }

    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw translateSqliteError(error, db.name);
    }
    let committed = false;
    let rejects: RejectSink | undefined;
    try {
      const runId = startImportRun(db, {
        kind, fileName: path.basename(file), filePath: path.resolve(file), sizeBytes: size, sha256,
        startedAt: options.now().toISOString(), forced: options.force && previous !== undefined, version: options.version,
      });
      rejects = new RejectSink(options.skipInvalid && !options.dryRun ? rejectsPathFor(options) : undefined, source.header);
      const problems: RowProblem[] = [];
      const onProblem = (record: CsvRecord, rowProblems: CellProblem[]): boolean => {
        result.rejected++;
        for (const problem of rowProblems) {
          problems.push({ file: displayName, line: record.line, column: problem.column, value: problem.value, expected: problem.expected });
        }
        if (options.skipInvalid) {
          rejects!.write(record, rowProblems.map((p) => `${p.column ? `${p.column}: ` : ''}${p.expected}${p.value ? ` (got ${JSON.stringify(p.value)})` : ''}`).join('; '));
          return true;
        }
        return problems.length < MAX_LISTED_PROBLEMS;
      };
      const progress = throttledProgress(source, size, options.onProgress);

      const counts =
        kind === 'usage'
          ? await importUsageRows(db, source, mapping, context, result, onProblem, progress)
          : await importRows(db, kind, source, mapping, context, runId, result, onProblem, progress);

      if (!options.skipInvalid && result.rejected > 0) {
        throw strictFailure(displayName, result.rejected, problems);
      }
      Object.assign(result, counts);
      if (result.rejected > 0) {
        result.rejects_file = rejects.finish();
        if (options.dryRun) result.notes.push(`${result.rejected} rows would be rejected; the first: ${describeProblem(problems[0]!)}`);
      }
      if (options.dryRun) {
        db.exec('ROLLBACK');
        result.status = 'dry-run';
      } else {
        finishImportRun(db, runId, {
          finishedAt: options.now().toISOString(), rowsRead: result.rows, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected,
        });
        db.exec('COMMIT');
        result.run_id = runId;
      }
      committed = true;
      return result;
    } finally {
      if (!committed) {
        rejects?.abort();
        if (db.inTransaction) db.exec('ROLLBACK');
      }
    }
  } finally {
    source.close();
  }
}

type ProblemHandler = (record: CsvRecord, problems: CellProblem[]) => boolean;

/** Rows of accounts, contracts, tickets and surveys: parse, check, upsert one by one. */
async function importRows(
  db: Db,
  kind: Exclude<Kind, 'usage'>,
  source: CsvSource,
  mapping: HeaderMapping,
  context: RowContext,
  runId: number,
  result: FileImportResult,
  onProblem: ProblemHandler,
  progress: () => void,
): Promise<UpsertCounts> {
  const spec = KIND_SPECS[kind];
  const columns = columnsWritten(kind, new Set(mapping.fieldIndex.keys()));
  const upserter = new RowUpserter(db, spec.table, spec.key, columns, ['import_run_id']);
  const firstLineOfKey = new Map<string, number>();
  const header = source.header;
  for await (const record of source.records) {
    result.rows++;
    if ((result.rows & 1023) === 0) progress();
    const problems: CellProblem[] = [];
    checkFieldCount(record, header.length, problems);
    const fields = parseFields(record.cells, header, mapping, context, problems);
    const row = finishRow(kind, fields, context, problems);
    if (row) {
      const earlier = firstLineOfKey.get(row.key);
      if (earlier !== undefined) {
        problems.push({ column: spec.key[0], value: row.key, expected: `a unique ${spec.key[0]}; it already appeared on line ${earlier}` });
      } else {
        firstLineOfKey.set(row.key, record.line);
      }
    }
    if (problems.length > 0 || !row) {
      if (!onProblem(record, problems)) break;
      continue;
    }
    if (kind === 'accounts') (context.knownAccounts as Set<string>).add(row.key);
    const values: SqlValue[] = columns.map((column) => row.values.get(column) ?? null);
    values.push(runId);
    upserter.upsert(values);
  }
  progress();
  return upserter.counts();
}

/** Usage is the hot path (millions of rows): a tight loop over the cells, no per-field objects. */
async function importUsageRows(
  db: Db,
  source: CsvSource,
  mapping: HeaderMapping,
  context: RowContext,
  result: FileImportResult,
  onProblem: ProblemHandler,
  progress: () => void,
): Promise<UpsertCounts> {
  const upserter = new UsageUpserter(db);
  const header = source.header;
  const accountIndex = mapping.fieldIndex.get('account_id')!;
  const dateIndex = mapping.fieldIndex.get('date')!;
  const metricIndex = mapping.fieldIndex.get('metric');
  const valueIndex = mapping.fieldIndex.get('value');
  const metricColumns: Array<[number, string]> = [];
  mapping.targets.forEach((target, index) => {
    if (target !== null && 'metric' in target) metricColumns.push([index, target.metric]);
  });
  const { knownAccounts, timeZone } = context;

  for await (const record of source.records) {
    result.rows++;
    if ((result.rows & 8191) === 0) progress();
    const cells = record.cells;
    let problems: CellProblem[] | undefined;
    const fail = (problem: CellProblem) => (problems ??= []).push(problem);
    if (cells.length !== header.length) checkFieldCount(record, header.length, (problems ??= []));

    const accountId = (cells[accountIndex] ?? '').trim();
    if (accountId === '') fail({ column: header[accountIndex], value: '', expected: 'a value is required (account_id)' });
    else if (!knownAccounts.has(accountId)) {
      fail({ column: header[accountIndex], value: accountId, expected: `an imported account; account "${accountId}" is unknown (import accounts first: csops import accounts <file>)` });
    }
    const dayText = (cells[dateIndex] ?? '').trim();
    const day = dayText === '' ? new Problem('a value is required (date)') : parseDate(dayText, timeZone);
    if (day instanceof Problem) fail({ column: header[dateIndex], value: dayText, expected: day.expected });

    const metrics: Record<string, number> = {};
    if (metricIndex !== undefined && valueIndex !== undefined) {
      const metric = metricName(cells[metricIndex] ?? '');
      if (metric === '') fail({ column: header[metricIndex], value: cells[metricIndex] ?? '', expected: 'a metric name' });
      const value = parseMetricValue((cells[valueIndex] ?? '').trim());
      if (value instanceof Problem) fail({ column: header[valueIndex], value: cells[valueIndex] ?? '', expected: value.expected });
      else if (value !== null) metrics[metric] = value;
    } else {
      for (const [index, metric] of metricColumns) {
        const value = parseMetricValue((cells[index] ?? '').trim());
        if (value instanceof Problem) fail({ column: header[index], value: cells[index] ?? '', expected: value.expected });
        else if (value !== null) metrics[metric] = value;
      }
    }
    if (problems !== undefined) {
      if (!onProblem(record, problems)) break;
      continue;
    }
    upserter.add(accountId, day as string, metrics);
  }
  progress();
  const counts = upserter.counts();
  if (upserter.repeatedInChunk > 0 && mapping.usageShape === 'wide') {
    result.notes.push(`${upserter.repeatedInChunk} rows repeat an account and date seen earlier in the file; their metrics were merged (later values win)`);
  }
  return counts;
}

function parseMetricValue(text: string): number | null | Problem {
  if (text === '') return null;
  const value = parseNumber(text);
  if (value instanceof Problem) return value;
  return value < 0 ? new Problem('expected a count of 0 or more') : value;
}

/** A row with fewer cells than the header, or extra non-empty cells, is malformed. */
function checkFieldCount(record: CsvRecord, expected: number, problems: CellProblem[]): void {
  const actual = record.cells.length;
  if (actual === expected) return;
  if (actual > expected && record.cells.slice(expected).every((cell) => cell.trim() === '')) return;
  problems.push({ expected: `${expected} fields as in the header, found ${actual}` });
}

/** Surveys without a kind column: any score of 0 or above 5 means the file is NPS; otherwise CSAT. */
async function surveyScaleOf(file: string, options: ImportFileOptions, mapping: HeaderMapping): Promise<'nps' | 'csat'> {
  const scoreIndex = mapping.fieldIndex.get('score')!;
  const source = await openCsv(file, { encoding: options.encoding, delimiter: options.delimiter });
  try {
    for await (const record of source.records) {
      const score = parseInteger((record.cells[scoreIndex] ?? '').trim());
      if (typeof score === 'number' && (score === 0 || score > 5)) return 'nps';
    }
    return 'csat';
  } finally {
    source.close();
  }
}

function strictFailure(file: string, rejected: number, problems: RowProblem[]): DataError {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = rejected > listed.length ? `\n  … stopped after ${listed.length} problems` : '';
  return new DataError(
    `${file}: ${rejected === 1 ? 'a row has' : `${rejected}${problems.length >= MAX_LISTED_PROBLEMS ? '+' : ''} rows have`} errors; nothing was imported from this file\n${listed.map((p) => `  ${describeProblem(p)}`).join('\n')}${more}`,
    'fix the rows, or pass --skip-invalid --rejects rejects.csv to import the valid rows and keep the others aside',
    listed,
  );
}

function rejectsPathFor(options: ImportFileOptions): string {
  if (options.rejectsPath) return options.rejectsPath;
  const parsed = path.parse(options.file);
  return `${parsed.name}.rejects.csv`;
}

/** Rejected rows, as they were, plus the line and the reason; written to a temp file then renamed. */
class RejectSink {
  private fd: number | undefined;
  private readonly tempPath: string | undefined;

  constructor(
    private readonly target: string | undefined,
    private readonly header: string[],
  ) {
    this.tempPath = target ? `${target}.tmp-${process.pid}` : undefined;
  }

  write(record: CsvRecord, reason: string): void {
    if (!this.tempPath) return;
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(path.resolve(this.tempPath)), { recursive: true });
      this.fd = fs.openSync(this.tempPath, 'w', 0o600);
      fs.writeSync(this.fd, stringify([[...this.header, 'line', 'reason']]));
    }
    const cells = this.header.map((_, index) => record.cells[index] ?? '');
    fs.writeSync(this.fd, stringify([[...cells, String(record.line), reason]]));
  }

  abort(): void {
    if (this.fd === undefined || !this.tempPath) return;
    fs.closeSync(this.fd);
    fs.rmSync(this.tempPath, { force: true });
    this.fd = undefined;
  }

  finish(): string | undefined {
    if (this.fd === undefined || !this.target || !this.tempPath) return undefined;
    fs.closeSync(this.fd);
    fs.renameSync(this.tempPath, this.target);
    return this.target;
  }
}

function throttledProgress(source: CsvSource, total: number, onProgress?: (read: number, total: number) => void): () => void {
  if (!onProgress) return () => {};
  let last = 0;
  return () => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    onProgress(source.bytesRead(), total);
  };
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
