import path from 'node:path';
import { openDatabase, translateSqliteError } from '../db/connection.js';
import fs from 'node:fs';
import { InputError, UsageError, unreadableFile } from '../errors.js';
import { parseMapFlags, resolveUserMap } from '../import/header-map.js';
import { importFile, rejectsPathFor, type FileImportResult } from '../import/import-file.js';
import { KINDS, isKind, type Kind } from '../import/kinds.js';
import { detectFileShape, type FileShape } from '../import/detect.js';
import { PRESET_NAMES, isPresetName } from '../import/presets.js';
import { parseDateFormatFlag } from '../import/date-dialects.js';
import { normalizeEncoding } from '../import/encoding.js';
import type { CommandContext } from './context.js';

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
  encoding?: string;
  delimiter?: string;
  /** --date-format DD/MM/YYYY or MM/DD/YYYY. */
  dateFormat?: string;
  onProgress?: (file: string, bytesRead: number, totalBytes: number) => void;
  /** Called as each file lands, so a later failure does not hide what already landed. */
  onFileDone?: (result: FileImportResult) => void;
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
    throw new UsageError(`unknown import kind "${options.kind}"`, `kinds: ${KINDS.join(', ')}; e.g. csops import accounts accounts.csv`);
  }
  const givenKind = options.kind as Kind | undefined;
  if (options.preset !== undefined && !isPresetName(options.preset)) {
    throw new UsageError(`--preset "${options.preset}" is not a known export`, `presets: ${PRESET_NAMES.join(', ')}`);
  }
  if (options.files.length === 0) throw new UsageError('name at least one file to import', `e.g. csops import ${givenKind ?? 'accounts'} ${givenKind ?? 'accounts'}.csv`);
  if (options.rejects && !options.skipInvalid) throw new UsageError('--rejects goes with --skip-invalid', 'add --skip-invalid to import the valid rows and write the others to the rejects file');
  if (options.rejects && options.files.length > 1) throw new UsageError('--rejects names one file, but several inputs were given', 'import the files one at a time, or leave out --rejects to get <input>.rejects.csv for each');
  const delimiter = options.delimiter === '\\t' || options.delimiter === 'tab' ? '\t' : options.delimiter;
  if (delimiter !== undefined && delimiter.length !== 1) throw new UsageError(`--delimiter "${options.delimiter}" must be one character (or "tab")`);

  const dayOrder = options.dateFormat === undefined ? undefined : parseDateFormatFlag(options.dateFormat);
  if (options.dateFormat !== undefined && !dayOrder) {
    throw new UsageError(`--date-format "${options.dateFormat}" is not a day-month order`, 'use --date-format DD/MM/YYYY (day first) or --date-format MM/DD/YYYY (month first)');
  }
  const encoding = options.encoding === undefined ? undefined : normalizeEncoding(options.encoding);
  for (const file of options.files) checkReadable(file);
  if (options.skipInvalid && !options.rejects) {
    const byRejectsFile = new Map<string, string>();
    for (const file of options.files) {
      const rejectsFile = rejectsPathFor({ file });
      const other = byRejectsFile.get(rejectsFile);
      if (other) throw new UsageError(`${other} and ${file} would both write their rejected rows to ${rejectsFile}`, 'import them one at a time with --rejects <file> each');
      byRejectsFile.set(rejectsFile, file);
    }
  }

  const mapFlags = parseMapFlags(options.map);
  const headerMapFor = (kind: Kind) => {
    const headerMap = new Map<string, string>(Object.entries(context.config.import.mappings[kind] ?? {}));
    for (const [header, field] of mapFlags) headerMap.set(header, field);
    resolveUserMap(kind, headerMap);
    return headerMap;
  };
  if (givenKind) headerMapFor(givenKind);

  // Each file's kind and export are read from its header, then files go in dependency order
  // (accounts before what refers to them), whatever order they were named in.
  const plans: Array<{ file: string; shape: FileShape }> = [];
  for (const file of options.files) {
    plans.push({ file, shape: await detectFileShape(file, { kind: givenKind, preset: options.preset, userMap: mapFlags, encoding, delimiter }) });
  }
  plans.sort((a, b) => KINDS.indexOf(a.shape.kind) - KINDS.indexOf(b.shape.kind));

  const db = openDatabase(context.dbPath, { busyTimeoutMs: context.config.busy_timeout_ms });
  const summary = emptySummary(options.dryRun);
  try {
    for (const { file, shape } of plans) {
      const result = await importFile({
        db,
        file,
        kind: shape.kind,
        preset: shape.preset,
        headerMap: headerMapFor(shape.kind),
        timeZone: context.config.time_zone,
        currency: context.config.currency,
        dryRun: options.dryRun,
        skipInvalid: options.skipInvalid,
        // Relative to the directory csops runs in (the command's cwd), like every other path.
        rejectsPath: options.skipInvalid ? path.resolve(context.cwd, options.rejects ?? rejectsPathFor({ file })) : undefined,
        force: options.force,
        encoding,
        delimiter,
        dayOrder,
        version: context.version,
        now: context.now,
        onProgress: options.onProgress && ((read, total) => options.onProgress!(file, read, total)),
      });
      if (shape.reason !== 'given') result.notes.unshift(`read as ${shape.kind}: ${shape.reason}`);
      addToSummary(summary, result);
      options.onFileDone?.(result);
    }
  } catch (error) {
    throw translateSqliteError(error, context.dbPath);
  } finally {
    db.close();
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
  if (stat.isDirectory()) throw new InputError(`cannot read ${file}: it is a directory`, 'name the CSV files inside it, e.g. folder/*.csv');
}
