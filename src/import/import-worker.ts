/**
 * Parses and checks a large file in a worker thread while the main thread writes to SQLite, so
 * parsing and writing overlap (better-sqlite3 is synchronous and single-threaded). At most a few
 * chunks are in flight: the worker waits for the main thread's acknowledgement, which keeps
 * memory flat however large the file.
 */
import type { StoredSurvey } from './rows.js';
import { parentPort, workerData } from 'node:worker_threads';
import { CsopsError, type Phrase } from '../errors.js';
import type { SqlValue } from '../db/upserts.js';
import { invalidTextProblems, openCsv } from './csv-source.js';
import type { CellProblem, SkippedLines } from './table-source.js';
import { mapHeader } from './header-map.js';
import { PRESET_SHAPES } from './presets.js';
import type { Kind } from './kinds.js';
import { createRecordReader } from './record-reader.js';
import type { FileDayOrder } from './date-dialects.js';
import { ValueTally, type TallyData, type Vocabularies } from './values.js';

export interface ImportWorkerInput {
  file: string;
  kind: Kind;
  headerMap: Array<[string, string]>;
  /** The preset the main thread chose, by its label (a tool can have several shapes of one kind). */
  preset?: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  timeZone: string;
  defaultCurrency: string;
  surveyKind?: 'nps' | 'csat';
  dayOrder?: FileDayOrder;
  knownAccounts: string[];
  accountIndex?: { byName: Array<[string, string | null]>; byDomain: Array<[string, string | null]> };
  accountOfSubscription?: Array<[string, string]>;
  currencyOfAccount?: Array<[string, string]>;
  chunkRows: number;
  maxChunksInFlight: number;
  vocabularies?: Vocabularies;
  nullValues?: readonly string[];
  noEndYear?: number;
  derivedSurveyIds?: Array<[string, StoredSurvey]>;
  accountOfContact?: Array<[string, string | null]>;
}

export type ImportWorkerMessage =
  /**
   * `values` holds the valid rows' values one after another, `width` values each; `totals` marks
   * the rows an aggregating reader builds once the file is read.
   */
  | { type: 'chunk'; rows: number; values: SqlValue[]; lines: number[]; bytesRead: number; totals: boolean }
  /** An event file's users' active days per week (account_id, user_key, week, days per row), once the totals are out. */
  | { type: 'user_weeks'; values: SqlValue[] }
  /** Rejected rows, a batch at a time; acknowledged like chunks, so a file of bad rows keeps memory flat. */
  | { type: 'problems'; batch: Array<{ line: number; cells: string[]; problems: CellProblem[] }> }
  | { type: 'done'; skipped: SkippedLines; tally: TallyData; outcomes: Array<[string, number]> }
  | { type: 'error'; message: string; hint?: string; phrase?: Phrase; hintPhrase?: Phrase; exitCode?: number; stack?: string };

export type ImportWorkerCommand = { type: 'ack' } | { type: 'stop' };

/** Rejected rows per message at most (a batch of records can hold more; then it waits for room). */
const PROBLEMS_PER_BATCH = 500;

async function run(input: ImportWorkerInput): Promise<void> {
  const port = parentPort!;
  let inFlight = 0;
  let stopped = false;
  let wake: (() => void) | undefined;
  port.on('message', (command: ImportWorkerCommand) => {
    if (command.type === 'ack') inFlight--;
    else stopped = true;
    wake?.();
  });
  const source = await openCsv(input.file, { encoding: input.encoding, delimiter: input.delimiter, sheet: input.sheet });
  try {
    const preset = PRESET_SHAPES.find((shape) => shape.label === input.preset && shape.kind === input.kind);
    const mapping = mapHeader(input.file, source.header, input.kind, new Map(input.headerMap), preset);
    const tally = new ValueTally();
    const reader = createRecordReader(input.kind, source.header, mapping, {
      timeZone: input.timeZone,
      defaultCurrency: input.defaultCurrency,
      knownAccounts: new Set(input.knownAccounts),
      accountIndex: input.accountIndex && { byName: new Map(input.accountIndex.byName), byDomain: new Map(input.accountIndex.byDomain) },
      accountOfSubscription: input.accountOfSubscription && new Map(input.accountOfSubscription),
      currencyOfAccount: input.currencyOfAccount && new Map(input.currencyOfAccount),
      surveyKind: input.surveyKind,
      dayOrder: input.dayOrder,
      decimalComma: source.delimiter === ';',
      vocabularies: input.vocabularies,
      nullValues: input.nullValues,
      noEndYear: input.noEndYear,
      derivedSurveyIds: input.derivedSurveyIds && new Map(input.derivedSurveyIds),
      accountOfContact: input.accountOfContact && new Map(input.accountOfContact),
      tally,
    });
    let values: SqlValue[] = [];
    let lines: number[] = [];
    let rows = 0;
    let problemBatch: Extract<ImportWorkerMessage, { type: 'problems' }>['batch'] = [];
    const waitForRoom = async () => {
      inFlight++;
      while (inFlight >= input.maxChunksInFlight && !stopped) await new Promise<void>((resolve) => (wake = resolve));
    };
    const sendProblems = async () => {
      if (problemBatch.length === 0) return;
      port.postMessage({ type: 'problems', batch: problemBatch } satisfies ImportWorkerMessage);
      problemBatch = [];
      await waitForRoom();
    };
    const send = async (totals = false) => {
      await sendProblems();
      port.postMessage({ type: 'chunk', rows, values, lines, bytesRead: source.bytesRead(), totals } satisfies ImportWorkerMessage);
      values = [];
      lines = [];
      rows = 0;
      await waitForRoom();
    };
    for await (const batch of source.batches) {
      for (const record of batch) {
        rows++;
        const before = values.length;
        const problems = record.invalidText ? invalidTextProblems(record, source.header, source.encoding) : reader.read(record, values);
        if (problems) problemBatch.push({ line: record.line, cells: record.cells, problems });
        else if (values.length > before) lines.push(record.line);
      }
      if (problemBatch.length >= PROBLEMS_PER_BATCH) await sendProblems();
      if (rows >= input.chunkRows) await send();
      if (stopped) return;
    }
    // A pending problem always came with a counted row, so this send flushes the problems too.
    if (rows > 0 || values.length > 0) await send();
    if (stopped) return;
    if (reader.finish) {
      // An aggregating reader's rows go in chunks too, each sent as soon as it is built.
      for (const chunk of reader.finish(input.chunkRows)) {
        values = chunk;
        await send(true);
      }
    }
    for (const chunk of reader.userWeeks?.(input.chunkRows) ?? []) {
      port.postMessage({ type: 'user_weeks', values: chunk } satisfies ImportWorkerMessage);
      await waitForRoom();
      if (stopped) return;
    }
    port.postMessage({ type: 'done', skipped: source.skipped, tally: tally.toData(), outcomes: [...(reader.outcomes ?? [])] } satisfies ImportWorkerMessage);
  } finally {
    source.close();
  }
}

run(workerData as ImportWorkerInput).catch((error: unknown) => {
  const known = error instanceof CsopsError ? error : undefined;
  parentPort!.postMessage({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    hint: known?.hint,
    phrase: known?.phrase,
    hintPhrase: known?.hintPhrase,
    exitCode: known?.exitCode,
    stack: error instanceof Error ? error.stack : undefined,
  } satisfies ImportWorkerMessage);
}).finally(() => {
  // Nothing more to say or hear: with the port unreferenced the thread ends on its own once what it
  // posted is delivered (it is never terminated mid-work; see readInWorker).
  parentPort!.removeAllListeners('message');
  parentPort!.unref();
});
