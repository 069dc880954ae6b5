// How csops import prints its summary and notes; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { ImportSummary } from '../commands/import.js';
import { notePhrase, type FileImportResult } from '../import/import-file.js';
import type { Phrase } from '../errors.js';
import { importPhrase, listPhrase } from '../i18n/messages/import.js';
import { phraseInLanguage } from '../i18n/messages.js';
import { renderRows, type Column } from '../render/output.js';
import { formatNumber } from '../core/money.js';
import type { CliRuntime } from './runtime.js';

/** Ignored columns listed in full up to this many; beyond, the first few and a count (all with --verbose). */
const IGNORED_LISTED = 8;

/** A note of an import in the language in force (its English when it was not added by its phrase). */
export function noteText(runtime: CliRuntime, result: FileImportResult, note: string): string {
  const phrase = notePhrase(result, note);
  return phrase ? worded(runtime, phrase) : note;
}

/** A phrase in the language in force: English is the phrase's own text (byte for byte what it always was). */
function worded(runtime: CliRuntime, phrase: Phrase): string {
  return phraseInLanguage(phrase, runtime.messages.language);
}

export function reportFileNotes(runtime: CliRuntime, result: FileImportResult): void {
  const ignored = result.ignored_columns;
  const say = (phrase: Phrase) => worded(runtime, phrase);
  if (ignored.length > 0 && (ignored.length <= IGNORED_LISTED || runtime.flags.verbose)) {
    runtime.info(say(importPhrase('import.ignored_columns', { file: result.file, count: ignored.length, list: listPhrase(ignored.map((c) => `"${c}"`)) })));
  } else if (ignored.length > 0) {
    runtime.info(say(importPhrase('import.ignored_many', { file: result.file, count: formatNumber(ignored.length), shown: listPhrase(ignored.slice(0, 4)) })));
  }
  const zh = runtime.messages.language === 'zh-CN';
  for (const note of result.notes) {
    const phrase = notePhrase(result, note);
    runtime.warn(`${result.file}${zh ? '：' : ': '}${phrase ? say(phrase) : note}`);
  }
  if (result.rejects_file) runtime.warn(say(importPhrase('import.rejects_written', { file: result.file, count: formatNumber(result.rejected), rejects: result.rejects_file })));
  else if (result.rejected > 0 && result.status !== 'dry_run') runtime.warn(say(importPhrase('import.rows_rejected', { file: result.file, count: formatNumber(result.rejected) })));
}

export function describeLanded(result: FileImportResult, runtime?: CliRuntime): string {
  const phrase =
    result.status === 'skipped'
      ? importPhrase('import.skipped', { file: result.file })
      : importPhrase('import.landed', {
          file: result.file, dryRun: result.status === 'dry_run', rows: formatNumber(result.rows), n: result.rows,
          inserted: formatNumber(result.inserted), updated: formatNumber(result.updated), unchanged: formatNumber(result.unchanged), rejected: formatNumber(result.rejected),
        });
  return runtime ? worded(runtime, phrase) : phrase.text;
}

type SummaryKey = 'file' | 'kind' | 'status' | 'rows' | 'inserted' | 'updated' | 'unchanged' | 'rejected';

/**
 * The summary's columns; on a terminal-style table counts are grouped by thousands, elsewhere (csv, md, json) they stay plain numbers.
 * Titles (table and md) and kinds and statuses (table and md only) are in the language in force; csv, ndjson and json keep the keys and values (an API).
 */
const summaryColumns = (table: boolean, runtime: CliRuntime, forPeople: boolean): Column<FileImportResult>[] => {
  const count = (value: number) => (table ? formatNumber(value) : value);
  const title = (key: SummaryKey) => runtime.messages.t(`import.column.${key}`);
  const status = (value: FileImportResult['status']) => (forPeople ? runtime.messages.t(`import.status.${value}`) : value);
  return [
    { key: 'file', title: title('file'), value: (r) => r.file },
    { key: 'kind', title: title('kind'), value: (r) => (forPeople ? runtime.messages.t('import.kind_word', { kind: r.kind }) : r.kind) },
    { key: 'status', title: title('status'), value: (r) => status(r.status) },
    { key: 'rows', title: title('rows'), value: (r) => count(r.rows), align: 'right' },
    { key: 'inserted', title: title('inserted'), value: (r) => count(r.inserted), align: 'right' },
    { key: 'updated', title: title('updated'), value: (r) => count(r.updated), align: 'right' },
    { key: 'unchanged', title: title('unchanged'), value: (r) => count(r.unchanged), align: 'right' },
    { key: 'rejected', title: title('rejected'), value: (r) => count(r.rejected), align: 'right' },
  ];
};

export function printImportSummary(runtime: CliRuntime, summary: ImportSummary): void {
  const format = runtime.context.format;
  const forPeople = format === 'table' || format === 'md';
  runtime.out(renderRows(summary.files, summaryColumns(format === 'table', runtime, forPeople), { format, tty: runtime.stdoutIsTty, fit: runtime.fit, kind: 'import' }, summary));
  if (format === 'table' && summary.dry_run) runtime.info(runtime.messages.t('import.dry_run'));
  if (format === 'table' && summary.files.some((f) => f.kind === 'usage')) runtime.info(runtime.messages.t('import.usage_account_days'));
}
