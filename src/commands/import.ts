import path from 'node:path';
import { openImportStore } from '../db/import-store.js';
import fs from 'node:fs';
import { DataError, InputError, UsageError, unreadableFile, type Phrase } from '../errors.js';
import { MissingColumnsError, checkMapHeaders, ignoredByUser, mapHeader, parseMapFlags, resolveUserMap, type HeaderMapping } from '../import/header-map.js';
import { guessColumns, headerSignature, hintable, moneyFieldFor, unreadColumnHints } from '../import/guess-columns.js';
import { openCsv } from '../import/csv-source.js';
import { CONFIG_FILE_NAME, readConfigObject, validateConfig } from '../config/load.js';
import { writeConfigFile } from '../config/write.js';
import { schemaReferenceFor } from '../config/json-schema.js';
import { addNote, importFile, type FileImportResult } from '../import/import-file.js';
import { importPhrase } from '../i18n/messages/import.js';
import { rejectsPathFor } from '../import/rejects.js';
import { KINDS, KIND_SPECS, isKind, normalizeHeader, type Kind } from '../import/kinds.js';
import { detectFileShape, type FileShape } from '../import/detect.js';
import { PRESET_NAMES, isPresetName } from '../import/presets.js';
import { parseDateFormatFlag } from '../import/date-dialects.js';
import { normalizeEncoding } from '../import/encoding.js';
import type { CommandContext } from './context.js';
import type { Config } from '../config/schema.js';

export interface ImportOptions {
  /** accounts, contracts, …; undefined: decided per file from its header. */
  kind?: string;
  /** --preset: the tool the files were exported from. */
  preset?: string;
  files: string[];
  map: string[];
  dryRun: boolean;
  skipInvalid: boolean;
  rejects?: string;
  force: boolean;
  /** --complete: a contacts file lists every current contact (one it leaves out has left). */
  complete?: boolean;
  encoding?: string;
  delimiter?: string;
  /** --sheet: the worksheet of each .xlsx workbook (default: its first). */
  sheet?: string;
  /** --date-format DD/MM/YYYY or MM/DD/YYYY. */
  dateFormat?: string;
  /** On a terminal: asks what a file holds and which column is which, instead of failing. */
  ask?: MappingQuestions;
  onProgress?: (progress: ImportProgress) => void;
  /** Called as each file lands, so a later failure does not hide what already landed. */
  onFileDone?: (result: FileImportResult) => void;
}

/** The questions an import may ask on a terminal (SPEC §3: ask once, offer to save the mapping). */
export interface MappingQuestions {
  /** The file's header fits no kind well enough: which kind is it? `likely` comes first. */
  kind(file: string, header: readonly string[], likely: readonly Kind[]): Promise<Kind>;
  /** Which column is each missing field? Returns header → field, and whether to save it in `configFile`. */
  columns(question: ColumnQuestion): Promise<{ columns: Map<string, string>; save: boolean }>;
}

export interface ColumnQuestion {
  file: string;
  kind: Kind;
  header: readonly string[];
  /** The first few data rows, to show sample values. */
  samples: readonly string[][];
  /** Fields to choose a column for, with how they are described ("arr (or mrr, …)"). */
  missing: ReadonlyArray<{ field: string; description: string }>;
  /** Optional fields the file seems to hold (end_date, currency, seats …): a column, or none. */
  optional: ReadonlyArray<{ field: string; description: string }>;
  /** Columns no field claims (the choices), and the best guess per field. */
  unclaimed: readonly number[];
  guesses: ReadonlyMap<string, number>;
  /** Where a saved mapping goes. */
  configFile: string;
}

export interface ImportSummary {
  dry_run: boolean;
  files: FileImportResult[];
  totals: { rows: number; inserted: number; updated: number; unchanged: number; rejected: number };
}

export function emptySummary(dryRun: boolean): ImportSummary {
  return { dry_run: dryRun, files: [], totals: { rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 } };
}

export function addToSummary(summary: ImportSummary, result: FileImportResult): void {
  summary.files.push(result);
  for (const key of ['rows', 'inserted', 'updated', 'unchanged', 'rejected'] as const) summary.totals[key] += result[key];
}

/** `csops import <kind> <file…>`: each file is one transaction; files before a failing one stay imported. */
export async function runImport(context: CommandContext, options: ImportOptions): Promise<ImportSummary> {
  if (options.kind !== undefined && !isKind(options.kind)) {
    throw new UsageError(importPhrase('import.usage.unknown_kind', { kind: options.kind }), importPhrase('import.usage.unknown_kind_hint', { kinds: KINDS.join(', ') }));
  }
  const givenKind = options.kind as Kind | undefined;
  if (options.preset !== undefined && !isPresetName(options.preset)) {
    throw new UsageError(importPhrase('import.usage.unknown_preset', { preset: options.preset }), importPhrase('import.usage.presets_hint', { presets: PRESET_NAMES.join(', ') }));
  }
  if (options.files.length === 0) throw new UsageError(importPhrase('import.usage.no_files'), importPhrase('import.usage.no_files_hint', { kind: givenKind ?? 'accounts' }));
  if (options.complete && givenKind !== undefined && givenKind !== 'contacts') throw new UsageError(importPhrase('import.usage.complete_kind', { kind: givenKind }), importPhrase('import.usage.complete_kind_hint'));
  if (options.rejects && !options.skipInvalid) throw new UsageError(importPhrase('import.usage.rejects_alone'), importPhrase('import.usage.rejects_alone_hint'));
  if (options.rejects && options.files.length > 1) throw new UsageError(importPhrase('import.usage.rejects_many'), importPhrase('import.usage.rejects_many_hint'));
  const delimiter = options.delimiter === '\\t' || options.delimiter === 'tab' ? '\t' : options.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1) throw new UsageError(importPhrase('import.usage.delimiter', { delimiter: options.delimiter ?? '' }));

  const dayOrder = options.dateFormat === undefined ? undefined : parseDateFormatFlag(options.dateFormat);
  if (options.dateFormat !== undefined && !dayOrder) {
    throw new UsageError(importPhrase('import.usage.date_format', { format: options.dateFormat }), importPhrase('import.usage.date_format_hint'));
  }
  const encoding = options.encoding === undefined ? undefined : normalizeEncoding(options.encoding);
  for (const file of options.files) checkReadable(file);
  if (options.skipInvalid && !options.rejects) {
    const byRejectsFile = new Map<string, string>();
    for (const file of options.files) {
      const rejectsFile = rejectsPathFor({ file });
      const other = byRejectsFile.get(rejectsFile);
      if (other) throw new UsageError(importPhrase('import.usage.rejects_clash', { other, file, rejects: rejectsFile }), importPhrase('import.usage.rejects_clash_hint'));
      byRejectsFile.set(rejectsFile, file);
    }
  }

  const mapFlags = parseMapFlags(options.map);
  const headerMapFor = (kind: Kind, fileMap: ReadonlyMap<string, string>) => {
    const headerMap = new Map<string, string>(Object.entries(context.config.import.mappings[kind] ?? {}));
    for (const [header, field] of fileMap) headerMap.set(header, field);
    resolveUserMap(kind, headerMap);
    return headerMap;
  };
  if (givenKind) headerMapFor(givenKind, mapFlags);

  // Each file's kind, export and columns are settled from its header before the database is touched
  // (asking, on a terminal, what cannot be told); then files go in dependency order (accounts before
  // what refers to them), whatever order they were named in.
  const plans: FilePlan[] = [];
  // Answers given in this run, by header signature: a second file with the same header is not asked again.
  const answered = new Map<string, SavedMapping>();
  // A --map header no file has is a typo, not a column to skip: one file must have it (each file of
  // several need not: one --map may be meant for one of them).
  // A file that cannot be planned (a misspelt --map often leaves a required column unmapped) waits
  // until every header is read, so the --map check speaks first; a file that cannot be read at all
  // stops at once.
  const headers: string[] = [];
  let planError: unknown;
  for (const file of options.files) {
    const headersBefore = headers.length;
    try {
      plans.push(await planFile(context, file, { givenKind, preset: options.preset, mapFlags, encoding, delimiter, sheet: options.sheet, ask: options.ask, headerMapFor, answered, strictMap: options.files.length === 1, headers }));
    } catch (error) {
      if (options.files.length === 1 || headers.length === headersBefore) throw error;
      planError ??= error;
    }
  }
  if (options.files.length > 1) checkMapHeaders(mapFlags, headers, options.files.map((file) => path.basename(file)));
  if (planError !== undefined) throw planError;
  plans.sort((a, b) => KINDS.indexOf(a.shape.kind) - KINDS.indexOf(b.shape.kind));
  if (options.complete && plans.some((plan) => plan.shape.kind !== 'contacts')) {
    const other = plans.find((plan) => plan.shape.kind !== 'contacts')!;
    throw new UsageError(importPhrase('import.usage.complete_other', { file: other.file, kind: importPhrase('import.kind_word', { kind: other.shape.kind }) }), importPhrase('import.usage.complete_other_hint'));
  }

  const store = await openImportStore(context.dbPath, { busyTimeoutMs: context.config.busy_timeout_ms, version: context.version });
  const summary = emptySummary(options.dryRun);
  try {
    for (const [index, { file, shape, fileMap, note, hints }] of plans.entries()) {
      const result = await importFile({
        store,
        file,
        kind: shape.kind,
        preset: shape.preset,
        headerMap: headerMapFor(shape.kind, fileMap),
        timeZone: context.config.time_zone,
        currency: context.config.currency,
        dryRun: options.dryRun,
        skipInvalid: options.skipInvalid,
        // Relative to the directory csops runs in (the command's cwd), like every other path.
        rejectsPath: options.skipInvalid ? path.resolve(context.cwd, options.rejects ?? rejectsPathFor({ file })) : undefined,
        force: options.force,
        encoding,
        delimiter,
        sheet: options.sheet,
        dayOrder,
        version: context.version,
        now: context.now,
        onProgress: options.onProgress && ((bytesRead, totalBytes, rows) => options.onProgress!({ file, index: index + 1, files: plans.length, bytesRead, totalBytes, rows })),
        vocabularies: context.config.vocabularies,
        nullValues: context.config.import.null_values,
        noEndYear: context.config.import.no_end_year,
        asOf: context.asOf,
        complete: options.complete === true,
        configFile: context.configSource ? path.basename(context.configSource) : CONFIG_FILE_NAME,
        language: context.language,
      });
      for (const hint of hints) addNote(result, hint);
      if (note) addNote(result, note, 'start');
      if (shape.reason !== 'given') addNote(result, importPhrase('import.note.read_as_kind', { kind: importPhrase('import.kind_word', { kind: shape.kind }), reason: shape.reason }), 'start');
      addToSummary(summary, result);
      options.onFileDone?.(result);
    }
  } catch (error) {
    throw store.translate(error);
  } finally {
    await store.close();
  }
  return summary;
}

/** Every input is checked before the database is touched, so a typo in the last name costs nothing. */
function checkReadable(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    throw unreadableFile(file, error);
  }
  if (stat.isDirectory()) throw new InputError(importPhrase('import.usage.directory', { file }), importPhrase('import.usage.directory_hint'));
}

/** Where an import stands, after each chunk of a file: the CLI's progress bar draws it. */
export interface ImportProgress {
  file: string;
  /** This file's place among the files of the command (1-based), and how many there are. */
  index: number;
  files: number;
  bytesRead: number;
  totalBytes: number;
  /** Rows read from this file so far. */
  rows: number;
}

interface FilePlan {
  file: string;
  shape: FileShape;
  /** Header → field for this file: a saved mapping for its header, answers given now, then --map. */
  fileMap: Map<string, string>;
  note?: Phrase;
  /** Unread columns that look like an optional field, with the --map that would read them. */
  hints: Phrase[];
}

interface PlanOptions {
  givenKind?: Kind;
  preset?: string;
  mapFlags: ReadonlyMap<string, string>;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  ask?: MappingQuestions;
  headerMapFor: (kind: Kind, fileMap: ReadonlyMap<string, string>) => Map<string, string>;
  answered: Map<string, SavedMapping>;
  /** One file: a --map header it lacks is an error at once. */
  strictMap: boolean;
  /** Every file's header is added here (for the check across several files). */
  headers: string[];
}

type SavedMapping = Config['import']['saved_mappings'][string];

/**
 * Settles what a file holds and which column is which. A mapping saved for the file's header
 * signature applies first; what is still missing is asked on a terminal (and may be saved), or
 * fails with the exact --map flags to add.
 */
async function planFile(context: CommandContext, file: string, options: PlanOptions): Promise<FilePlan> {
  const { header, samples } = await readHeaderAndSamples(file, options);
  options.headers.push(...header);
  if (options.strictMap) checkMapHeaders(options.mapFlags, header, [path.basename(file)]);
  const signature = headerSignature(header);
  const answeredNow = options.answered.get(signature);
  const saved = answeredNow ?? context.config.import.saved_mappings[signature];
  const savedApplies = saved !== undefined && (options.givenKind === undefined || saved.kind === options.givenKind) && options.preset === undefined;
  const fileMap = new Map<string, string>(savedApplies ? Object.entries(saved.columns) : []);
  for (const [column, field] of options.mapFlags) fileMap.set(column, field);
  const note = !savedApplies
    ? undefined
    : answeredNow
      ? importPhrase('import.note.mapped_as_answered')
      : importPhrase('import.note.mapped_as_saved', { signature, config: String(context.configSource) });

  let kind = options.givenKind ?? (savedApplies ? saved.kind : undefined);
  let shape: FileShape;
  try {
    shape = detectFileShape(file, header, { kind, preset: options.preset, userMap: fileMap });
  } catch (error) {
    if (!(error instanceof UsageError) || kind !== undefined || !options.ask) throw error;
    kind = await options.ask.kind(file, header, likelyKinds(header));
    shape = { kind, reason: importPhrase('import.kind.prompt') };
  }

  let missingError: MissingColumnsError | undefined;
  let mapped: HeaderMapping | undefined;
  const userMap = options.headerMapFor(shape.kind, fileMap);
  try {
    mapped = mapHeader(file, header, shape.kind, userMap, shape.preset);
  } catch (error) {
    if (!(error instanceof MissingColumnsError)) throw error;
    missingError = error;
  }
  // Columns nothing reads (those the user ignored with --map "Header=" aside), and the fields read.
  const userIgnored = ignoredByUser(userMap);
  const unreadNames = new Set(missingError ? missingError.unmapped : mapped!.ignored);
  const unread = header.flatMap((name, index) => (unreadNames.has(name) && !userIgnored.has(normalizeHeader(name)) ? [index] : []));
  const mappedFields = new Set(missingError ? missingError.mappedFields : mapped!.fieldIndex.keys());
  const required = missingError?.fields ?? [];
  // Optional fields the file seems to hold: asked about on a terminal for files no preset or saved
  // mapping describes; otherwise named in a hint with the --map that would read them.
  const optional = shape.kind === 'usage' || savedApplies || shape.preset || !options.ask ? [] : optionalFieldsOf(shape.kind, mappedFields, required);
  // One round of guesses, required fields first: a column is proposed for one field at most.
  const guesses = new Map([...guessColumns(shape.kind, [...required, ...optional], header, new Set(unread), samples)].filter(([field]) => required.includes(field)));
  const taken = new Set(guesses.values());
  const optionalGuesses = guessColumns(shape.kind, optional, header, new Set(unread.filter((index) => !taken.has(index))), samples, OPTIONAL_GUESS_SCORE);

  if (!missingError && optionalGuesses.size === 0) {
    const hints = shape.kind === 'usage' ? [] : unreadColumnHints(shape.kind, header, new Set(unread), mappedFields, samples);
    return { file, shape, fileMap, note, hints };
  }
  // A file with a header and no rows has nothing to misread: it imports 0 rows (importFile says what
  // the columns would lack), with no question and no refusal.
  if (missingError && samples.length === 0) return { file, shape, fileMap, note, hints: [] };
  if (missingError && !options.ask) {
    const preset = shape.preset;
    if (preset?.missingHint) {
      throw new DataError(
        importPhrase('import.preset_missing', { file, label: importPhrase('import.preset_label', { label: preset.label }), list: missingError.missing.map((name) => `"${name}"`).join(', '), kind: importPhrase('import.kind_word', { kind: shape.kind }) }),
        importPhrase(preset.missingHint),
      );
    }
    const flags = required.map((field) => {
      const column = guesses.get(field);
      return column === undefined || !hintable(shape.kind, field, header[column]!) ? `--map "<column>=${field}"` : `--map "${header[column]}=${moneyFieldFor(field, header[column]!)}"`;
    });
    throw new MissingColumnsError(file, shape.kind, missingError.missing, missingError.unmapped, flags);
  }
  const configFile = context.configSource ?? path.join(context.cwd, CONFIG_FILE_NAME);
  const missing = required.map((field, index) => ({ field, description: missingError!.missing[index]! }));
  const optionalQuestions = [...optionalGuesses].sort((a, b) => a[1] - b[1]).map(([field]) => ({ field, description: `${field} (optional)` }));
  const answer = await options.ask!.columns({
    file, kind: shape.kind, header, samples, missing, optional: optionalQuestions, unclaimed: unread, guesses: new Map([...guesses, ...optionalGuesses]), configFile,
  });
  for (const [column, field] of answer.columns) fileMap.set(column, field);
  // Checked again: an answer can still leave a field missing or map two columns to one field.
  mapHeader(file, header, shape.kind, options.headerMapFor(shape.kind, fileMap), shape.preset);
  const mapping = { kind: shape.kind, columns: Object.fromEntries(fileMap), example: path.basename(file) };
  options.answered.set(signature, mapping);
  if (answer.save) saveMapping(configFile, signature, mapping);
  return { file, shape, fileMap, note: answer.save ? importPhrase('import.note.mapping_saved', { config: configFile }) : undefined, hints: [] };
}

/** Guesses for optional fields need the name or the values to speak clearly. */
const OPTIONAL_GUESS_SCORE = 1;

/** Optional fields a file might hold, beyond the ones mapped and the required ones being asked for. */
function optionalFieldsOf(kind: Kind, mapped: ReadonlySet<string>, required: readonly string[]): string[] {
  // The ARR question already covers mrr and amount; and the minute and hour spans are one field each.
  const asked = new Set(required.flatMap((field) => (field === 'arr' ? ['arr', 'mrr', 'amount', 'unit_amount'] : [field])));
  return KIND_SPECS[kind].fields
    .filter((field) => !field.required && !mapped.has(field.name) && !asked.has(field.name))
    .filter((field) => !(field.name.endsWith('_hours') && mapped.has(field.name.replace(/_hours$/, '_minutes'))) && !(field.name.endsWith('_minutes') && mapped.has(field.name.replace(/_minutes$/, '_hours'))))
    .map((field) => field.name);
}

/** Rows read to guess columns and to show sample values (the question shows the first three). */
const SAMPLE_ROWS = 20;

/** The header and the first few data rows (sample values for the question). */
async function readHeaderAndSamples(file: string, options: { encoding?: string; delimiter?: string; sheet?: string }): Promise<{ header: string[]; samples: string[][] }> {
  const source = await openCsv(file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  try {
    const samples: string[][] = [];
    for await (const batch of source.batches) {
      for (const record of batch) {
        if (samples.length < SAMPLE_ROWS) samples.push(record.cells);
      }
      if (samples.length >= SAMPLE_ROWS) break;
    }
    return { header: source.header, samples };
  } finally {
    source.close();
  }
}

/** Kinds ordered by how many of the header's columns they know by name (the first is proposed). */
function likelyKinds(header: readonly string[]): Kind[] {
  const known = (kind: Kind) => {
    const names = new Set(KIND_SPECS[kind].fields.flatMap((field) => [field.name, ...(field.aliases ?? [])]).map(normalizeHeader));
    return header.filter((name) => names.has(normalizeHeader(name))).length;
  };
  return [...KINDS].sort((a, b) => known(b) - known(a));
}

/** Adds a mapping to the config file (creating a minimal one when there is none), checked before it is written. */
function saveMapping(configFile: string, signature: string, mapping: { kind: Kind; columns: Record<string, string>; example: string }): void {
  let raw: Record<string, unknown> = { $schema: schemaReferenceFor(configFile) };
  if (fs.existsSync(configFile)) raw = readConfigObject(configFile);
  const importSection = (raw.import ?? {}) as Record<string, unknown>;
  const savedMappings = (importSection.saved_mappings ?? {}) as Record<string, unknown>;
  const updated = { ...raw, import: { ...importSection, saved_mappings: { ...savedMappings, [signature]: mapping } } };
  validateConfig(updated, configFile);
  writeConfigFile(configFile, updated);
}
