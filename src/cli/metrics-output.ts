// How csops metrics retention and acquisition print their results; loaded by the actions, so that declaring the commands (and --help) loads no renderer.
import type { AcquisitionResult, RetentionResult } from '../commands/metrics.js';
import type { RetentionFigures } from '../core/retention.js';
import type { AcquisitionFigures } from '../core/acquisition.js';
import { renderRows, type Column } from '../render/output.js';
import type { CliRuntime } from './runtime.js';
import { percent, whole } from '../render/figures.js';
import { documentJson } from '../render/contract.js';
import { tierLabel } from './options.js';
import { printNotes } from './freshness-output.js';
import { SAID } from '../core/health.js';
import { definitionsZhCN } from '../i18n/messages/scores.js';

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
  const { t, language } = runtime.messages;
  // In Chinese the term is named in words (the key stays the JSON's); a definition without its Chinese keeps its English.
  const said = (key: string, text: string) => (language === 'zh-CN' && definitionsZhCN[key] ? definitionsZhCN[key] : { term: key, text });
  const colon = language === 'en' ? ': ' : '：';
  const lines = Object.entries(definitions).map(([key, english]) => {
    const { term, text } = said(key, english);
    return format === 'md' ? `- **${term}**${colon}${text}` : `  ${term}${colon}${text}`;
  });
  runtime.out(`\n${format === 'md' ? t('metrics.definitions_md') : t('metrics.definitions')}\n${lines.join('\n')}\n`);
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
  const { t } = runtime.messages;
  const groupWord = (group: string) => (table && result.by === 'tier' ? (group === 'all' ? t('tier.all') : tierLabel(group, runtime.messages)) : group);
  const columns: Column<RetentionFigures>[] = [
    ...(result.by ? [{ key: 'group', title: t('col.group', { by: result.by }), value: (row: RetentionFigures) => groupWord(row.group) }] : []),
    { key: 'currency', title: t('col.currency'), value: (row) => row.currency },
    { key: 'starting_arr', title: t('col.starting_arr'), value: (row) => money(row.starting_arr), align: 'right' },
    { key: 'expansion', title: t('col.expansion'), value: (row) => money(row.expansion), align: 'right' },
    { key: 'contraction', title: t('col.contraction'), value: (row) => money(row.contraction), align: 'right' },
    { key: 'churned_arr', title: t('col.churned'), value: (row) => money(row.churned_arr), align: 'right' },
    { key: 'new_arr', title: t('col.new'), value: (row) => money(row.new_arr), align: 'right' },
    { key: 'ending_arr', title: t('col.ending_arr'), value: (row) => money(row.ending_arr), align: 'right' },
    { key: 'grr', title: t('col.grr'), value: (row) => ratio(row.grr), align: 'right' },
    { key: 'nrr', title: t('col.nrr'), value: (row) => ratio(row.nrr), align: 'right' },
    { key: 'logo_churn', title: t('col.logo_churn'), value: (row) => (table ? `${percent(row.logo_churn)} (${whole.format(row.churned_accounts)}/${whole.format(row.accounts_at_start)})` : row.logo_churn), align: 'right' },
    { key: 'renewal_rate', title: t('col.renewal_rate'), value: (row) => ratio(row.renewal_rate), align: 'right' },
  ];
  if (table) columns.push({ key: 'due', title: t('col.due'), value: (row) => `${whole.format(row.due_arr)}${row.pending_arr > 0 ? ` (${whole.format(row.pending_arr)})` : ''}`, align: 'right' });
  if (!table) {
    columns.push(
      { key: 'accounts_at_start', title: t('col.accounts_at_start'), value: (row) => row.accounts_at_start },
      { key: 'churned_accounts', title: t('col.churned_accounts'), value: (row) => row.churned_accounts },
      { key: 'new_accounts', title: t('col.new_accounts'), value: (row) => row.new_accounts },
      { key: 'due_arr', title: t('col.due_arr'), value: (row) => row.due_arr },
      { key: 'renewed_arr', title: t('col.renewed_arr'), value: (row) => row.renewed_arr },
      { key: 'pending_arr', title: t('col.pending_arr'), value: (row) => row.pending_arr },
    );
  }
  if (table) runtime.out(`${t('metrics.retention_heading', { label: result.period.label, from: result.period.from, to: result.period.to, asOf: result.as_of })}\n\n`);
  runtime.out(renderRows(result.figures, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  printDefinitions(runtime, result.definitions);
  printNotes(runtime, result.notes, result[SAID], 'info');
}

export function printAcquisition(runtime: CliRuntime, result: AcquisitionResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(documentJson('metrics_acquisition', result));
    return;
  }
  const table = format === 'table' || format === 'md';
  const money = (value: number | null) => (table ? (value === null ? '—' : whole.format(value)) : value);
  const { t } = runtime.messages;
  const columns: Column<AcquisitionFigures>[] = [
    { key: 'group', title: t('col.group', { by: result.by }), value: (row) => (table && result.by === 'tier' ? (row.group === 'all' ? t('tier.all') : tierLabel(row.group, runtime.messages)) : row.group) },
    { key: 'currency', title: t('col.currency'), value: (row) => row.currency },
    { key: 'accounts_won', title: t('col.won'), value: (row) => row.accounts_won, align: 'right' },
    { key: 'acquisition_cost', title: t('col.acquisition_cost'), value: (row) => money(row.acquisition_cost), align: 'right' },
    { key: 'average_acquisition_cost', title: t('col.average_cost'), value: (row) => money(row.average_acquisition_cost), align: 'right' },
    { key: 'lifetime_revenue', title: t('col.lifetime_revenue'), value: (row) => money(row.lifetime_revenue), align: 'right' },
    { key: 'return_on_acquisition', title: t('col.return'), value: (row) => (table ? (row.return_on_acquisition === null ? '—' : row.return_on_acquisition.toFixed(1)) : row.return_on_acquisition), align: 'right' },
    { key: 'logo_retention_12_months', title: t('col.retention_12'), value: (row) => (table ? `${percent(row.logo_retention_12_months)} (${whole.format(row.retained_12_months)}/${whole.format(row.accounts_won_12_months_ago)})` : row.logo_retention_12_months), align: 'right' },
  ];
  if (!table) {
    columns.push(
      { key: 'accounts_with_cost', title: t('col.accounts_with_cost'), value: (row) => row.accounts_with_cost },
      { key: 'accounts_won_12_months_ago', title: t('col.won_12_months_ago'), value: (row) => row.accounts_won_12_months_ago },
      { key: 'retained_12_months', title: t('col.retained_12_months'), value: (row) => row.retained_12_months },
    );
  }
  if (table) runtime.out(`${t('metrics.acquisition_heading', { by: result.by, asOf: result.as_of })}\n\n`);
  runtime.out(renderRows(result.figures, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  printDefinitions(runtime, result.definitions);
  printNotes(runtime, result.notes, result[SAID], 'info');
}
