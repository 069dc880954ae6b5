// How csops import prints its summary and notes; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { ImportSummary } from '../commands/import.js';
import type { FileImportResult } from '../import/import-file.js';
import { renderRows, type Column } from '../render/output.js';
import { formatNumber } from '../core/money.js';
import type { CliRuntime } from './runtime.js';

/** Ignored columns listed in full up to this many; beyond, the first few and a count (all with --verbose). */
const IGNORED_LISTED = 8;

export function reportFileNotes(runtime: CliRuntime, result: FileImportResult): void {
  const ignored = result.ignored_columns;
  if (ignored.length > 0 && (ignored.length <= IGNORED_LISTED || runtime.flags.verbose)) {
    runtime.info(`${result.file}: ignored column${ignored.length > 1 ? 's' : ''} ${ignored.map((c) => `"${c}"`).join(', ')} (no matching field; map one with --map "Header=field")`);
  } else if (ignored.length > 0) {
    const shown = ignored.slice(0, 4).join(', ');
    runtime.info(`${result.file}: ${formatNumber(ignored.length)} columns ignored: ${shown}, … (see --verbose; map one with --map "Header=field")`);
  }
  for (const note of result.notes) runtime.warn(`${result.file}: ${note}`);
  if (result.rejects_file) runtime.warn(`${result.file}: ${formatNumber(result.rejected)} rejected rows written to ${result.rejects_file}`);
  else if (result.rejected > 0 && result.status !== 'dry_run') runtime.warn(`${result.file}: ${formatNumber(result.rejected)} rows rejected`);
}

export function describeLanded(result: FileImportResult): string {
  if (result.status === 'skipped') return `${result.file}: skipped (identical file already imported)`;
  const verb = result.status === 'dry_run' ? 'checked' : 'imported';
  const n = formatNumber;
  return `${result.file}: ${verb} ${n(result.rows)} row${result.rows === 1 ? '' : 's'} (${n(result.inserted)} inserted, ${n(result.updated)} updated, ${n(result.unchanged)} unchanged, ${n(result.rejected)} rejected)`;
}

/** The summary's columns; on a terminal-style table counts are grouped by thousands, elsewhere (csv, md, json) they stay plain numbers. */
const summaryColumns = (table: boolean): Column<FileImportResult>[] => {
  const count = (value: number) => (table ? formatNumber(value) : value);
  return [
    { key: 'file', title: 'file', value: (r) => r.file },
    { key: 'kind', title: 'kind', value: (r) => r.kind },
    { key: 'status', title: 'status', value: (r) => r.status },
    { key: 'rows', title: 'rows', value: (r) => count(r.rows), align: 'right' },
    { key: 'inserted', title: 'inserted', value: (r) => count(r.inserted), align: 'right' },
    { key: 'updated', title: 'updated', value: (r) => count(r.updated), align: 'right' },
    { key: 'unchanged', title: 'unchanged', value: (r) => count(r.unchanged), align: 'right' },
    { key: 'rejected', title: 'rejected', value: (r) => count(r.rejected), align: 'right' },
  ];
};

export function printImportSummary(runtime: CliRuntime, summary: ImportSummary): void {
  const format = runtime.context.format;
  runtime.out(renderRows(summary.files, summaryColumns(format === 'table'), { format, tty: runtime.stdoutIsTty, fit: runtime.fit, kind: 'import' }, summary));
  if (format === 'table' && summary.dry_run) runtime.info('dry run: nothing was written');
  if (format === 'table' && summary.files.some((f) => f.kind === 'usage')) runtime.info('usage counts are account-days (one stored row per account and day)');
}
