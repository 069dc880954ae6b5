import { importPhrase, listPhrase } from '../i18n/messages/import.js';
import type { Phrase } from '../errors.js';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataError, ExitCode, InputError, type RowProblem } from '../errors.js';
import type { ImportStore, RowWriter } from '../db/import-store.js';
import { indexAccounts } from '../core/account-match.js';
import { StoredRowConflict, type SqlValue, type UpsertCounts } from '../db/upserts.js';
import { bytesFromEnv } from '../db/workers.js';
import { hashFile, invalidTextProblems, openCsv } from './csv-source.js';
import type { CellProblem, CsvRecord, CsvSource, SkippedLines } from './table-source.js';
import { MissingColumnsError, mapHeader, type HeaderMapping } from './header-map.js';
import { formatNumber } from '../core/money.js';
import { KIND_SPECS, type Kind } from './kinds.js';
import type { RowContext } from './rows.js';
import { outcomeNotes } from './contract-sources.js';
import { ValueTally, parseInteger, tallyNotes, type TallyData, type Vocabularies } from './values.js';
import { DEFAULT_NO_END_YEAR, DEFAULT_NULL_VALUES } from '../config/vocabularies.js';
import { decideDayOrder } from './day-order.js';
import type { PresetShape } from './presets.js';
import type { DayOrder } from './date-dialects.js';
import { createRecordReader } from './record-reader.js';
import { MAX_LISTED_PROBLEMS, RejectSink, problemPhrase, rejectReason, rejectsPathFor, strictFailure } from './rejects.js';
import type { Language } from '../i18n/languages.js';
import { UnmatchedTally } from './unmatched.js';
import type { ImportWorkerCommand, ImportWorkerInput, ImportWorkerMessage } from './import-worker.js';



export interface ImportFileOptions {
  /** The database, SQLite or PostgreSQL: everything read from it and written to it goes through the store. */
  store: ImportStore;
  file: string;
  kind: Kind;
  /** The export the file comes from, when recognised or given (--preset). */
  preset?: PresetShape;
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
  /** --sheet: the worksheet of an .xlsx workbook. */
  sheet?: string;
  /** --date-format: the day/month order of day-month dates (else decided from the file). */
  dayOrder?: DayOrder;
  version: string;
  /** Wall-clock time for the import_runs log (not for any figure). */
  now: () => Date;
  /** After each chunk: bytes read of the file's size, and the rows read so far. */
  onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void;
  /** The config's `vocabularies` (value as written → canonical, per field). */
  vocabularies?: Vocabularies;
  /** The config's `import.null_values`. */
  nullValues?: readonly string[];
  /** The config's `import.no_end_year`: end dates in it or later are "no end date". */
  noEndYear?: number;
  /** The language of the rejects file's reasons (its header stays English): default English. */
  language?: Language;
  /** The config file named in notes that suggest config lines. */
  configFile?: string;
  /** The import's day (--as-of): a contact marked as gone without a left_at left on it. */
  asOf?: string;
  /** --complete: the contacts file lists every current contact; a stored one it leaves out has left. */
  complete?: boolean;
}

export interface FileImportResult {
  file: string;
  kind: Kind;
  status: 'imported' | 'skipped' | 'dry_run';
  /** The text encoding the file was read in. */
  encoding?: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Headers that map to no field (and, for usage, are not metrics). */
  ignored_columns: string[];
  usage_shape?: 'wide' | 'long' | 'events';
  rejects_file?: string;
  run_id?: number;
  notes: string[];
  /** The phrase each note was built from, by its English (notes not in the catalogue yet have none); not in the JSON. */
  [NOTE_PHRASES]?: Map<string, Phrase>;
}

/** Where a result keeps its notes' phrases (a symbol: JSON output leaves it out, the notes there stay English). */
export const NOTE_PHRASES = Symbol('note phrases');

/** Adds a note by its phrase: the English to `notes`, the phrase beside it for other languages. */
export function addNote(result: FileImportResult, phrase: Phrase, at: 'end' | 'start' = 'end'): void {
  if (at === 'start') result.notes.unshift(phrase.text);
  else result.notes.push(phrase.text);
  (result[NOTE_PHRASES] ??= new Map()).set(phrase.text, phrase);
}

/** A note in a catalogue's words, when it was added by its phrase; else its English. */
export function notePhrase(result: FileImportResult, note: string): Phrase | undefined {
  return result[NOTE_PHRASES]?.get(note);
}

export async function importFile(options: ImportFileOptions): Promise<FileImportResult> {
  const { store, file, kind } = options;
  const size = fs.statSync(file).size;
  const sha256 = await hashFile(file);
  const base: FileImportResult = {
    file: file, kind, status: 'imported', rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, ignored_columns: [], notes: [],
  };

  const settings = JSON.stringify({
    map: [...options.headerMap].sort(),
    preset: options.preset?.preset ?? null,
    encoding: options.encoding ?? null,
    delimiter: options.delimiter ?? null,
    // Only when given, so the settings of earlier imports (and their identical-file check) stay as they were.
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
    date_format: options.dayOrder ?? null,
    time_zone: options.timeZone,
    currency: options.currency,
    // What the config says about values changes what a file imports as: a vocabulary line added after
    // a warning must take effect on the next import of the same file. Only set ones are recorded, so
    // files imported before these settings existed are still recognised.
    ...(Object.values(options.vocabularies ?? {}).some((map) => map && Object.keys(map).length > 0) ? { vocabularies: options.vocabularies } : {}),
    ...(options.nullValues && options.nullValues.join('\u0000') !== DEFAULT_NULL_VALUES.join('\u0000') ? { null_values: options.nullValues } : {}),
    ...(options.noEndYear !== undefined && options.noEndYear !== DEFAULT_NO_END_YEAR ? { no_end_year: options.noEndYear } : {}),
    // A contacts file says who was there on its day, and --complete says more: the same file imported
    // on another day, or declared complete, is another import.
    ...(kind === 'contacts' ? { as_of: options.asOf ?? null, complete: options.complete === true } : {}),
  });
  const previous = await store.findIdenticalImport(sha256, kind, settings);
  if (previous && !options.force && !options.dryRun) {
    const skipped: FileImportResult = { ...base, status: 'skipped', run_id: previous.id, notes: [] };
    addNote(skipped, importPhrase('import.note.identical', { name: previous.file_name, at: previous.finished_at, run: previous.id }));
    return skipped;
  }

  const context: RowContext = {
    timeZone: options.timeZone,
    defaultCurrency: options.currency,
    knownAccounts: kind === 'accounts' ? new Set() : await store.accountIds(),
    vocabularies: options.vocabularies,
    nullValues: options.nullValues,
    noEndYear: options.noEndYear,
    tally: new ValueTally(),
  };

  const source = await openCsv(file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  try {
    let mapping: HeaderMapping;
    try {
      mapping = mapHeader(file, source.header, kind, options.headerMap, options.preset);
    } catch (error) {
      if (!(error instanceof MissingColumnsError) || (await hasDataRows(source))) throw error;
      // An empty export (a Salesforce object with no records) is not an error: nothing to import.
      const empty: FileImportResult = { ...base, encoding: source.encoding, status: options.dryRun ? 'dry_run' : 'imported', notes: [] };
      addNote(empty, importPhrase('import.note.no_rows_missing', { list: error.missing.map((name) => `"${name}"`).join(', ') }));
      return empty;
    }
    // A preset's quietly ignored columns (Stripe's "… (metadata)") are not listed as ignored.
    const quiet = options.preset?.quietlyIgnored;
    const ignored = quiet ? mapping.ignored.filter((name) => !quiet.test(name)) : mapping.ignored;
    const result: FileImportResult = { ...base, encoding: source.encoding, ignored_columns: ignored, usage_shape: mapping.usageShape };
    if (kind === 'accounts' && mapping.fieldIndex.get('account_id') === mapping.fieldIndex.get('name')) {
      addNote(result, importPhrase('import.note.name_is_id', { column: source.header[mapping.fieldIndex.get('name')!] ?? '' }));
    }
    if (source.encoding !== 'utf-8') addNote(result, importPhrase('import.note.encoding', { encoding: source.encoding.toUpperCase(), reason: source.encodingReason }));
    // Lookups for rows that name an account indirectly, built only when the file has such columns.
    const has = (field: string) => mapping.fieldIndex.has(field);
    // Tickets and surveys always: their account column may hold a name, which then lands unmatched.
    if (kind === 'tickets' || kind === 'surveys' || kind === 'contacts' || kind === 'touchpoints' || has('organization') || has('requester_email') || has('requester_domain') || (kind === 'usage' && has('user_id') && !has('account_id'))) {
      context.accountIndex = indexAccounts(await store.accountIdentities());
    }
    if ((kind === 'usage' && has('subscription_id')) || (kind === 'touchpoints' && has('related_id'))) context.accountOfSubscription = await store.contractAccounts();
    if (kind === 'contact_roles' || (kind === 'touchpoints' && has('contact_id'))) context.accountOfContact = await store.contactAccounts();
    const moneyFields = KIND_SPECS[kind].fields.filter((field) => field.type.kind === 'money' && has(field.name)).map((field) => field.name);
    if (moneyFields.length > 0 && !has('currency') && (kind === 'accounts' || kind === 'contracts')) context.currencyOfAccount = await store.contractCurrencies();
    // Every later read of the file (day order, survey scale, the import worker) takes the encoding and
    // delimiter found here instead of detecting them again.
    const readAs: ImportFileOptions = { ...options, encoding: source.encoding, delimiter: source.delimiter };
    context.dayOrder = options.dayOrder ?? (await decideDayOrder(file, readAs, source.header, mapping));
    // Semicolon-separated exports come from locales that write decimals with a comma.
    context.decimalComma = source.delimiter === ';';
    if (context.dayOrder === 'dmy' || context.dayOrder === 'mdy') {
      addNote(result, importPhrase('import.note.day_order', { dmy: context.dayOrder === 'dmy', flag: options.dayOrder !== undefined }));
    }
    if (kind === 'surveys' && !mapping.fieldIndex.has('response_id') && !mapping.fieldIndex.has('kind')) context.derivedSurveyIds = await store.derivedSurveyIds();
    if (kind === 'surveys' && !mapping.fieldIndex.has('kind')) {
      context.surveyKind = await surveyScaleOf(file, readAs, mapping);
      addNote(result, importPhrase('import.note.survey_kind', { kind: context.surveyKind.toUpperCase(), range: context.surveyKind === 'nps' ? '0–10' : '1–5' }));
    }

    await store.begin();
    let committed = false;
    let rejects: RejectSink | undefined;
    try {
      const runId = await store.startRun({
        kind, fileName: path.basename(file), filePath: path.resolve(file), sizeBytes: size, sha256, settings,
        startedAt: options.now().toISOString(), forced: options.force && previous !== undefined, version: options.version,
      });
      rejects = new RejectSink(options.skipInvalid && !options.dryRun ? rejectsPathFor(options) : undefined, source.header);
      const problems: RowProblem[] = [];
      // Failing rows per column, for the summary: every row is counted, only the first are listed.
      const rowsByColumn = new Map<string, number>();
      const onProblem = (record: CsvRecord, rowProblems: CellProblem[]): boolean => {
        result.rejected++;
        // Only the first problems are listed; keeping more would let memory grow with a bad file.
        for (const problem of rowProblems) {
          if (problems.length >= MAX_LISTED_PROBLEMS) break;
          problems.push({ file: file, line: record.line, column: problem.column, value: problem.value, expected: problem.expected, ...(problem.said ? { expectedPhrase: problem.said } : {}) });
        }
        for (const column of new Set(rowProblems.map((problem) => problem.column ?? '(the row)'))) {
          if (rowsByColumn.size < 200 || rowsByColumn.has(column)) rowsByColumn.set(column, (rowsByColumn.get(column) ?? 0) + 1);
        }
        if (options.skipInvalid) {
          rejects!.write(record, rowProblems.map((p) => rejectReason(p, options.language)).join(options.language === 'zh-CN' ? '；' : '; '));
        }
        // Strict mode reads on to count every failing row (nothing more is kept, nothing is written).
        return true;
      };
      const progress = progressReporter(source, size, () => result.rows, options.onProgress);

      const outcomes = new Map<string, number>();
      // A contacts file's ids: who the export lists (for departures and --complete).
      const contactIds = kind === 'contacts' ? new Set<string>() : undefined;
      const counts = await importRecords(store, kind, source, mapping, context, runId, result, onProblem, progress, {
        use: size >= workerMinBytes(),
        options: readAs,
        outcomes,
        onRow: contactIds && ((values, offset) => contactIds.add(values[offset] as string)),
      });
      for (const note of outcomeNotes(outcomes)) if (typeof note === 'string') result.notes.push(note);
      else addNote(result, note);
      if (contactIds && !(result.rejected > 0 && !options.skipInvalid)) {
        // A file with rejected rows is not the whole list: a contact it rejected has not left.
        const complete = options.complete === true && result.rejected === 0;
        if (options.complete && !complete) addNote(result, importPhrase('import.note.complete_not_applied', { count: result.rejected }));
        const departures = await store.recordContactDepartures({ asOf: options.asOf ?? options.now().toISOString().slice(0, 10), runId, listed: contactIds, complete });
        for (const note of departureNotes(departures, complete)) addNote(result, note);
      }

      if (!options.skipInvalid && result.rejected > 0) {
        throw strictFailure(file, result.rejected, result.rows, problems, rowsByColumn);
      }
      const currencyNote = moneyCurrencyNote(moneyFields, options.currency, outcomes);
      if (currencyNote) addNote(result, currencyNote);
      if (source.skipped.preamble) {
        const lines = source.skipped.preamble;
        addNote(result, importPhrase('import.note.preamble', { count: lines.length, lines: listPhrase(lines.slice(0, 3).map((line) => JSON.stringify(line))), more: lines.length > 3 }));
      }
      if (source.skipped.extraHeaderRows > 0) addNote(result, importPhrase('import.note.extra_header_rows', { count: source.skipped.extraHeaderRows }));
      for (const note of source.skipped.notes ?? []) result.notes.push(note);
      if (source.skipped.footer.length > 0) addNote(result, importPhrase('import.note.footer', { lines: listPhrase(source.skipped.footer.map((line) => JSON.stringify(line))) }));
      if (source.skipped.droppedNuls) addNote(result, importPhrase('import.note.dropped_nuls', { count: source.skipped.droppedNuls }));
      // An empty object's export (a Salesforce Contract file with no contracts) is a header alone.
      if (result.rows === 0) addNote(result, importPhrase('import.note.no_rows'));
      Object.assign(result, counts);
      for (const note of tallyNotes(context.tally!, canonicalValues, options.configFile ?? 'csops.config.json')) addNote(result, note);
      if (result.rejected > 0 && options.dryRun) addNote(result, importPhrase('import.note.would_reject', { count: result.rejected, first: problemPhrase(problems[0]!) }));
      if (kind === 'accounts') {
        // Tickets and surveys that landed unmatched earlier are linked to the accounts now known.
        const linked = await store.linkUnmatched();
        if (linked.tickets + linked.surveys + linked.contacts > 0) addNote(result, importPhrase('import.note.linked', { dryRun: options.dryRun, ...linked }));
      }
      if (options.dryRun) {
        await store.rollback();
        result.status = 'dry_run';
      } else {
        await store.finishRun(runId, {
          finishedAt: options.now().toISOString(), rowsRead: result.rows, inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected,
        });
        await store.commit();
        result.run_id = runId;
        // Only once the rows are in: a failed import leaves no rejects file behind.
        if (result.rejected > 0) result.rejects_file = rejects.finish();
      }
      committed = true;
      return result;
    } catch (error) {
      if (error instanceof StoredRowConflict) {
        throw new DataError(
          importPhrase('import.stored_conflict', { file, line: error.line, rule: error.rule.replace(/^CHECK constraint failed: /, '') }),
          importPhrase('import.stored_conflict_hint'),
        );
      }
      throw error;
    } finally {
      if (!committed) {
        rejects?.abort();
        await store.rollback();
      }
    }
  } finally {
    source.close();
  }
}

type ProblemHandler = (record: CsvRecord, problems: CellProblem[]) => boolean;
type WorkerChunk = Extract<ImportWorkerMessage, { type: 'chunk' }>;

/** Rows per message from the import worker, and per batch of an aggregating reader's totals. */
const ROWS_PER_CHUNK = 2_000;

/**
 * Files at least this large are parsed in a worker thread while the main thread writes; smaller
 * ones are not worth the worker's start-up. CSOPS_IMPORT_WORKER_MIN_BYTES lets tests choose a path.
 */
function workerMinBytes(): number {
  return bytesFromEnv('CSOPS_IMPORT_WORKER_MIN_BYTES', 4 * 1024 * 1024);
}

/**
 * Reads every record, writes the valid ones and hands the others to `onProblem`. Large files are
 * parsed in a worker so parsing overlaps writing; small ones in this thread (no worker start-up).
 */
async function importRecords(
  store: ImportStore,
  kind: Kind,
  source: CsvSource,
  mapping: HeaderMapping,
  context: RowContext,
  runId: number,
  result: FileImportResult,
  onProblem: ProblemHandler,
  progress: (bytesRead?: number) => void,
  worker: { use: boolean; options: ImportFileOptions; outcomes: Map<string, number>; onRow?: (values: readonly SqlValue[], offset: number) => void },
): Promise<UpsertCounts> {
  const onRow = worker.onRow;
  const reader = createRecordReader(kind, source.header, mapping, context);
  // A strict import with a failing row will be rolled back: the rest is only read, to count.
  const refusing = () => !worker.options.skipInvalid && result.rejected > 0;
  const width = reader.columns.length;
  const unmatched = kind === 'tickets' || kind === 'surveys' || kind === 'contacts' ? new UnmatchedTally(reader.columns) : undefined;
  const upserter: RowWriter =
    kind === 'usage'
      ? await store.usageWriter()
      : await store.rowWriter(KIND_SPECS[kind].table, KIND_SPECS[kind].key, reader.columns, { import_run_id: runId });

  // Event files: each user's active days per week, for contacts' last day active in the product (issue 21).
  const userWeeks = store.userWeeksWriter(runId);
  if (worker.use) {
    source.close();
    // A load that at least doubles the table rebuilds its indexes once at the end instead.
    const rebuildIndexes =
      source.estimatedRecords > upserter.rowsBefore ? store.deferIndexes(KIND_SPECS[kind].table) : () => {};
    // Returns a promise when the writer is full (PostgreSQL's COPY): the worker's next chunk waits for it.
    const write = (message: WorkerChunk): Promise<void> | undefined => {
      result.rows += message.rows;
      // A strict import that is failing reads on only to count; progress still moves.
      progress(message.bytesRead);
      if (refusing()) return undefined;
      const values = message.values;
      // Rows an aggregating reader adds at the end (event roll-ups) have no line of their own.
      for (let row = 0; row * width < values.length; row++) {
        unmatched?.add(values, row * width);
        onRow?.(values, row * width);
        upserter.add(values, row * width, message.lines[row] ?? 0);
      }
      return upserter.ready?.();
    };
    // An aggregating reader's totals are written once its worker has exited: the worker's memory
    // (every account-day it counted) is then free before SQLite's page cache fills, which keeps
    // the peak of a large event file lower. The totals are small next to what they summarise.
    const totals: WorkerChunk[] = [];
    const userWeekChunks: SqlValue[][] = [];
    await readInWorker(worker.options, kind, kind === 'usage' && (mapping.usageShape === 'events' || !mapping.fieldIndex.has('account_id')), context, {
      chunk: (message) => {
        if (!message.totals) return write(message);
        totals.push(message);
        return undefined;
      },
      userWeeks: (values) => userWeekChunks.push(values),
      problem: onProblem,
      done: (skipped, tally, outcomes) => {
        Object.assign(source.skipped, skipped);
        context.tally?.merge(tally);
        for (const [key, n] of outcomes) worker.outcomes.set(key, n);
      },
    });
    for (const message of totals) await write(message);
    await upserter.flush();
    rebuildIndexes();
    if (!refusing()) for (const values of userWeekChunks) userWeeks.add(values);
  } else {
    const values: SqlValue[] = [];
    reading: for await (const batch of source.batches) {
      progress();
      const full = upserter.ready?.();
      if (full) await full;
      for (const record of batch) {
        result.rows++;
        const problems = record.invalidText ? invalidTextProblems(record, source.header, source.encoding) : reader.read(record, values);
        if (problems) {
          if (!onProblem(record, problems)) break reading;
          continue;
        }
        if (values.length === 0) continue; // an aggregating reader keeps the row for later
        if (refusing()) {
          values.length = 0;
          continue;
        }
        unmatched?.add(values, 0);
        onRow?.(values, 0);
        upserter.add(values, 0, record.line);
        values.length = 0;
      }
    }
    for (const chunk of reader.finish?.(ROWS_PER_CHUNK) ?? []) {
      for (let offset = 0; offset < chunk.length; offset += width) upserter.add(chunk, offset, 0);
      const full = upserter.ready?.();
      if (full) await full;
    }
    if (!refusing()) for (const values of reader.userWeeks?.(ROWS_PER_CHUNK) ?? []) userWeeks.add(values);
    for (const [key, n] of reader.outcomes ?? []) worker.outcomes.set(key, n);
  }
  const counts = await upserter.counts();
  await userWeeks.finish();
  if (unmatched) for (const note of unmatched.notes(kind as 'tickets' | 'surveys' | 'contacts', context.accountIndex, context.knownAccounts, result.rows - result.rejected)) addNote(result, note);
  if (userWeeks.rows > 0) {
    addNote(result, importPhrase('import.note.user_weeks', { rows: formatNumber(userWeeks.rows), written: formatNumber(userWeeks.written) }));
  }
  if (upserter.merged !== undefined && upserter.merged > 0 && mapping.usageShape === 'wide') {
    addNote(result, importPhrase('import.note.merged_days', { count: upserter.merged }));
  }
  return counts;
}

/** The compiled worker; tests running from TypeScript sources use the built copy in dist/. */
function workerUrl(): URL {
  if (import.meta.url.endsWith('.js')) return new URL('./import-worker.js', import.meta.url);
  return new URL('../../dist/src/import/import-worker.js', import.meta.url);
}

async function readInWorker(
  options: ImportFileOptions,
  kind: Kind,
  aggregates: boolean,
  context: RowContext,
  handle: {
    chunk: (message: WorkerChunk) => Promise<void> | undefined;
    userWeeks: (values: SqlValue[]) => void;
    problem: ProblemHandler;
    done: (skipped: SkippedLines, tally: TallyData, outcomes: Array<[string, number]>) => void;
  },
): Promise<void> {
  const input: ImportWorkerInput = {
    file: options.file,
    kind,
    headerMap: [...options.headerMap],
    preset: options.preset?.label,
    encoding: options.encoding,
    delimiter: options.delimiter,
    sheet: options.sheet,
    timeZone: context.timeZone,
    defaultCurrency: context.defaultCurrency,
    surveyKind: context.surveyKind,
    dayOrder: context.dayOrder,
    knownAccounts: [...context.knownAccounts],
    accountIndex: context.accountIndex && { byName: [...context.accountIndex.byName], byDomain: [...context.accountIndex.byDomain] },
    accountOfSubscription: context.accountOfSubscription && [...context.accountOfSubscription],
    currencyOfAccount: context.currencyOfAccount && [...context.currencyOfAccount],
    chunkRows: ROWS_PER_CHUNK,
    maxChunksInFlight: 4,
    vocabularies: context.vocabularies,
    nullValues: context.nullValues,
    noEndYear: context.noEndYear,
    derivedSurveyIds: context.derivedSurveyIds && [...context.derivedSurveyIds],
    accountOfContact: context.accountOfContact && [...context.accountOfContact],
  };
  // The young generation is sized for a parser's many short-lived strings. Wide and long usage keep
  // nothing per row, so their old generation is capped to hold an import under 300 MB; other kinds
  // remember every key of the file (to refuse a repeated id, about 100 bytes a row) and event files
  // every account-day's counts and users, so theirs is left to grow.
  const limits = kind === 'usage' && !aggregates ? { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 64 } : { maxYoungGenerationSizeMb: 32 };
  const worker = new Worker(workerUrl(), { workerData: input, resourceLimits: limits });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      worker.on('message', (message: ImportWorkerMessage) => {
        if (settled) return;
        try {
          switch (message.type) {
            case 'chunk': {
              // The next chunk is asked for once this one is taken (a full writer makes it wait).
              const taken = handle.chunk(message);
              if (taken instanceof Promise) taken.then(() => worker.postMessage({ type: 'ack' } satisfies ImportWorkerCommand), finish);
              else worker.postMessage({ type: 'ack' } satisfies ImportWorkerCommand);
              break;
            }
            case 'user_weeks':
              handle.userWeeks(message.values);
              worker.postMessage({ type: 'ack' } satisfies ImportWorkerCommand);
              break;
            case 'problems': {
              const goOn = message.batch.every((row) => handle.problem({ line: row.line, cells: row.cells }, row.problems));
              if (!goOn) {
                worker.postMessage({ type: 'stop' } satisfies ImportWorkerCommand);
                finish();
              } else {
                worker.postMessage({ type: 'ack' } satisfies ImportWorkerCommand);
              }
              break;
            }
            case 'done':
              handle.done(message.skipped, message.tally, message.outcomes);
              finish();
              break;
            case 'error':
              finish(workerError(message));
              break;
          }
        } catch (error) {
          finish(error);
        }
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => finish(code === 0 ? undefined : new Error(`the import worker stopped with code ${code}`)));
    });
  } finally {
    // The worker ends on its own once told to stop (or once done): terminating a thread while V8
    // still compiles for it in the background can abort the whole process (Node 20:
    // "NodePlatform::ForIsolate: Assertion failed"). Only a worker that has not ended in 5 s is terminated.
    worker.postMessage({ type: 'stop' } satisfies ImportWorkerCommand);
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5_000)))]);
    clearTimeout(timer);
    if (!ended) await worker.terminate();
  }
}

function workerError(message: Extract<ImportWorkerMessage, { type: 'error' }>): Error {
  const text = message.phrase ?? message.message;
  const hint = message.hintPhrase ?? message.hint;
  if (message.exitCode === ExitCode.data) return new DataError(text, hint);
  if (message.exitCode === ExitCode.noInput) return new InputError(text, hint);
  const error = new Error(message.message);
  error.stack = message.stack;
  return error;
}

/** What an import learnt of who left: "2 contacts marked as left (1 from left_at, 1 from status) …". */
function departureNotes(departures: { left: number; fromLeftAt: number; alreadyLeft: number; absent: number; returned: number }, complete: boolean): Phrase[] {
  const notes: Phrase[] = [];
  if (departures.left > 0) notes.push(importPhrase('import.note.left_new', { count: departures.left, fromLeftAt: departures.fromLeftAt, onImportDay: departures.left - departures.fromLeftAt }));
  if (departures.alreadyLeft > 0) notes.push(importPhrase('import.note.already_gone', { count: departures.alreadyLeft }));
  if (complete) notes.push(importPhrase('import.note.complete_absent', { count: departures.absent }));
  if (departures.returned > 0) notes.push(importPhrase('import.note.returned', { count: departures.returned }));
  return notes;
}

/** The canonical values of a vocabulary field, for the placeholders of suggested config lines. */
function canonicalValues(field: string): readonly string[] {
  const [prefix, kind] = (
    [['ticket_', 'tickets'], ['contract_', 'contracts'], ['contact_', 'contacts'], ['touchpoint_', 'touchpoints']] as const
  ).find(([start]) => field.startsWith(start))!;
  const name = field.slice(prefix.length);
  const type = KIND_SPECS[kind].fields.find((spec) => spec.name === name)?.type;
  return type?.kind === 'enum' ? type.canonical : [];
}

/** Surveys without a kind column: any score of 0 or above 5 means the file is NPS; otherwise CSAT. */
async function surveyScaleOf(file: string, options: ImportFileOptions, mapping: HeaderMapping): Promise<'nps' | 'csat'> {
  const scoreIndex = mapping.fieldIndex.get('score')!;
  const source = await openCsv(file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  try {
    for await (const batch of source.batches) {
      for (const record of batch) {
        const score = parseInteger((record.cells[scoreIndex] ?? '').trim());
        if (typeof score === 'number' && (score === 0 || score > 5)) return 'nps';
      }
    }
    return 'csat';
  } finally {
    source.close();
  }
}

/** Progress after each batch of records; the CLI decides how often to redraw. */
function progressReporter(source: CsvSource, total: number, rows: () => number, onProgress?: (read: number, total: number, rows: number) => void): (bytesRead?: number) => void {
  if (!onProgress) return () => {};
  return (bytesRead) => onProgress(bytesRead ?? source.bytesRead(), total, rows());
}

/**
 * Money read without a currency column, said once per file: "acquisition_cost: no currency column;
 * read as USD (config currency)".
 */
function moneyCurrencyNote(moneyFields: readonly string[], configCurrency: string, outcomes: ReadonlyMap<string, number>): Phrase | undefined {
  const counts = [...outcomes].filter(([key]) => key.startsWith('currency:'));
  if (counts.length === 0 || moneyFields.length === 0) return undefined;
  const byContract = counts.filter(([key]) => key.startsWith('currency:contracts:')).map(([key, n]) => [key.slice('currency:contracts:'.length), n] as const).sort((a, b) => b[1] - a[1]);
  const fromConfig = counts.find(([key]) => key === 'currency:config')?.[1] ?? 0;
  const fields = moneyFields.join(', ');
  if (byContract.length === 0) return importPhrase('import.note.currency_config', { fields, currency: configCurrency });
  const rows = byContract.slice(0, 6).map(([currency, n]) => importPhrase('import.note.currency_rows', { currency, count: formatNumber(n), n }));
  return importPhrase('import.note.currency_accounts', { fields, list: listPhrase(rows), more: byContract.length > 6, config: configCurrency, fromConfig, count: formatNumber(fromConfig) });
}

/** Whether the source holds a record after its header (read only when the header cannot be mapped). */
async function hasDataRows(source: CsvSource): Promise<boolean> {
  for await (const batch of source.batches) if (batch.length > 0) return true;
  return false;
}
