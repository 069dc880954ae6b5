// How csops metrics retention and acquisition print their results; loaded by the actions, so that declaring the commands (and --help) loads no renderer.
import type { AcquisitionResult, RetentionResult } from '../commands/metrics.js';
import type { RetentionFigures } from '../core/retention.js';
import type { AcquisitionFigures } from '../core/acquisition.js';
import { renderRows, type Column } from '../render/output.js';
import type { CliRuntime } from './runtime.js';
import { percent, whole } from '../render/figures.js';
import { documentJson } from '../render/contract.js';
import { tierLabel } from './options.js';

/**
 * The machine-readable forms of a multi-section result: JSON is the whole document; csv and ndjson
 * are its rows. Returns false for table and md, which the caller lays out in sections.
 */
export function printDataForms<Row>(runtime: CliRuntime, kind: string, document: object, rows: readonly Row[], columns: readonly Column<Row>[]): boolean {
  const { format } = runtime.context;
  if (format === 'json') runtime.out(documentJson(kind, document));
  else if (format === 'csv' || format === 'ndjson') runtime.out(renderRows(rows, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
  else return false;
  return true;
}

/** Definitions under the figures, in table and Markdown forms (JSON carries them as a field). */
export function printDefinitions(runtime: CliRuntime, definitions: Record<string, string>): void {
  const { format } = runtime.context;
  if (format !== 'table' && format !== 'md') return;
  const lines = Object.entries(definitions).map(([key, text]) => (format === 'md' ? `- **${key}**: ${text}` : `  ${key}: ${text}`));
  runtime.out(`\n${format === 'md' ? '**Definitions**' : 'Definitions:'}\n${lines.join('\n')}\n`);
}

export function printRetention(runtime: CliRuntime, result: RetentionResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(documentJson('metrics_retention', result));
    return;
  }
  // Markdown shows what the table shows: formatted figures, not 12404540 and 0.9864.
  const table = format === 'table' || format === 'md';
  const money = (value: number) => (table ? whole.format(value) : value);
  const ratio = (value: number | null) => (table ? percent(value) : value);
  const columns: Column<RetentionFigures>[] = [
    ...(result.by ? [{ key: 'group', title: result.by, value: (row: RetentionFigures) => (table && result.by === 'tier' ? tierLabel(row.group) : row.group) }] : []),
    { key: 'currency', title: 'currency', value: (row) => row.currency },
    { key: 'starting_arr', title: 'starting ARR', value: (row) => money(row.starting_arr), align: 'right' },
    { key: 'expansion', title: 'expansion', value: (row) => money(row.expansion), align: 'right' },
    { key: 'contraction', title: 'contraction', value: (row) => money(row.contraction), align: 'right' },
    { key: 'churned_arr', title: 'churned', value: (row) => money(row.churned_arr), align: 'right' },
    { key: 'new_arr', title: 'new', value: (row) => money(row.new_arr), align: 'right' },
    { key: 'ending_arr', title: 'ending ARR', value: (row) => money(row.ending_arr), align: 'right' },
    { key: 'grr', title: 'GRR', value: (row) => ratio(row.grr), align: 'right' },
    { key: 'nrr', title: 'NRR', value: (row) => ratio(row.nrr), align: 'right' },
    { key: 'logo_churn', title: 'logo churn', value: (row) => (table ? `${percent(row.logo_churn)} (${whole.format(row.churned_accounts)}/${whole.format(row.accounts_at_start)})` : row.logo_churn), align: 'right' },
    { key: 'renewal_rate', title: 'renewal rate', value: (row) => ratio(row.renewal_rate), align: 'right' },
  ];
  if (table) columns.push({ key: 'due', title: 'due (pending)', value: (row) => `${whole.format(row.due_arr)}${row.pending_arr > 0 ? ` (${whole.format(row.pending_arr)})` : ''}`, align: 'right' });
  if (!table) {
    columns.push(
      { key: 'accounts_at_start', title: 'accounts at start', value: (row) => row.accounts_at_start },
      { key: 'churned_accounts', title: 'churned accounts', value: (row) => row.churned_accounts },
      { key: 'new_accounts', title: 'new accounts', value: (row) => row.new_accounts },
      { key: 'due_arr', title: 'due ARR', value: (row) => row.due_arr },
      { key: 'renewed_arr', title: 'renewed ARR', value: (row) => row.renewed_arr },
      { key: 'pending_arr', title: 'pending ARR', value: (row) => row.pending_arr },
    );
  }
  if (table) runtime.out(`Retention ${result.period.label} (${result.period.from} … ${result.period.to}), as of ${result.as_of}\n\n`);
  runtime.out(renderRows(result.figures, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  printDefinitions(runtime, result.definitions);
  for (const note of result.notes) runtime.info(note);
}

export function printAcquisition(runtime: CliRuntime, result: AcquisitionResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(documentJson('metrics_acquisition', result));
    return;
  }
  const table = format === 'table' || format === 'md';
  const money = (value: number | null) => (table ? (value === null ? '—' : whole.format(value)) : value);
  const columns: Column<AcquisitionFigures>[] = [
    { key: 'group', title: result.by, value: (row) => (table && result.by === 'tier' ? tierLabel(row.group) : row.group) },
    { key: 'currency', title: 'currency', value: (row) => row.currency },
    { key: 'accounts_won', title: 'won', value: (row) => row.accounts_won, align: 'right' },
    { key: 'acquisition_cost', title: 'acquisition cost', value: (row) => money(row.acquisition_cost), align: 'right' },
    { key: 'average_acquisition_cost', title: 'average cost', value: (row) => money(row.average_acquisition_cost), align: 'right' },
    { key: 'lifetime_revenue', title: 'lifetime revenue', value: (row) => money(row.lifetime_revenue), align: 'right' },
    { key: 'return_on_acquisition', title: 'return', value: (row) => (table ? (row.return_on_acquisition === null ? '—' : row.return_on_acquisition.toFixed(1)) : row.return_on_acquisition), align: 'right' },
    { key: 'logo_retention_12_months', title: '12-month retention', value: (row) => (table ? `${percent(row.logo_retention_12_months)} (${whole.format(row.retained_12_months)}/${whole.format(row.accounts_won_12_months_ago)})` : row.logo_retention_12_months), align: 'right' },
  ];
  if (!table) {
    columns.push(
      { key: 'accounts_with_cost', title: 'accounts with cost', value: (row) => row.accounts_with_cost },
      { key: 'accounts_won_12_months_ago', title: 'won 12+ months ago', value: (row) => row.accounts_won_12_months_ago },
      { key: 'retained_12_months', title: 'retained 12 months', value: (row) => row.retained_12_months },
    );
  }
  if (table) runtime.out(`Acquisition by ${result.by}, as of ${result.as_of}\n\n`);
  runtime.out(renderRows(result.figures, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  printDefinitions(runtime, result.definitions);
  for (const note of result.notes) runtime.info(note);
}
