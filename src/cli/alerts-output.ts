// How csops alerts prints the queue, a sync and an owner's action; loaded by the actions.
import type { AlertView, AlertsListResult, AlertsSyncResult, AlertWorkResult } from '../commands/alerts.js';
import type { AlertsPushResult, PushDelivery } from '../commands/alerts-push.js';
import { renderRows, type Column } from '../render/output.js';
import { whole } from '../render/figures.js';
import type { CliRuntime } from './runtime.js';
import { tierLabel } from './options.js';
import { documentJson } from '../render/contract.js';
import { printStaleness } from './freshness-output.js';

function severityText(runtime: CliRuntime, severity: string): string {
  if (runtime.context.format !== 'table') return severity;
  const color = runtime.color;
  return severity === 'critical' ? color.bold.red(severity) : severity === 'high' ? color.red(severity) : severity === 'medium' ? color.yellow(severity) : severity;
}

function stateText(alert: AlertView, table: boolean): string {
  if (!table) return alert.state;
  if (alert.state === 'snoozed') return `snoozed to ${alert.snoozed_until}`;
  if (alert.state === 'closed') return `${alert.closed_how} ${alert.closed_on}`;
  return alert.state;
}

/** The queue's columns; csv, ndjson and md get every field, the table the ones a CSM reads. */
export function alertColumns(runtime: CliRuntime): Column<AlertView>[] {
  const table = runtime.context.format === 'table';
  const columns: Column<AlertView>[] = [
    { key: 'id', title: 'id', value: (alert) => alert.id, align: 'right', priority: 1, plain: true },
    { key: 'severity', title: 'severity', value: (alert) => severityText(runtime, alert.severity), priority: 1 },
    { key: 'rule', title: 'rule', value: (alert) => alert.rule, priority: 3 },
    { key: 'account_id', title: 'account', value: (alert) => alert.account_id, priority: 1, shrink: 12 },
    { key: 'account_name', title: 'name', value: (alert) => alert.account_name, priority: 2, shrink: 14 },
    { key: 'owner', title: 'owner', value: (alert) => alert.owner, priority: 5 },
    { key: 'state', title: 'state', value: (alert) => stateText(alert, table), priority: 4 },
    { key: 'opened_on', title: 'opened', value: (alert) => alert.opened_on, priority: 6 },
    { key: 'due_by', title: 'due', value: (alert) => (table && alert.overdue ? runtime.color.red(`${alert.due_by} overdue`) : alert.due_by), priority: 3 },
    { key: 'reason', title: 'why', value: (alert) => alert.reason, priority: 2, shrink: 20 },
  ];
  if (!table) {
    columns.push(
      { key: 'subject', title: 'subject', value: (alert) => alert.subject },
      { key: 'tier', title: 'tier', value: (alert) => (runtime.context.format === 'md' ? tierLabel(alert.tier) : alert.tier) },
      { key: 'overdue', title: 'overdue', value: (alert) => (runtime.context.format === 'md' ? (alert.overdue ? 'yes' : 'no') : alert.overdue) },
      { key: 'age_days', title: 'age (days)', value: (alert) => alert.age_days },
      { key: 'snoozed_until', title: 'snoozed until', value: (alert) => alert.snoozed_until },
      { key: 'closed_on', title: 'closed on', value: (alert) => alert.closed_on },
      { key: 'closed_how', title: 'closed how', value: (alert) => alert.closed_how },
      { key: 'last_seen_on', title: 'last seen', value: (alert) => alert.last_seen_on },
      { key: 'evidence', title: 'evidence', value: (alert) => JSON.stringify(alert.evidence), data: (alert) => alert.evidence },
    );
  }
  return columns;
}

export function printAlertsList(runtime: CliRuntime, result: AlertsListResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(documentJson('alerts', result));
  } else {
    runtime.out(renderRows(result.alerts, alertColumns(runtime), { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick }));
  }
  const { counts } = result;
  runtime.info(`${whole.format(result.alerts.length)} alert${result.alerts.length === 1 ? '' : 's'} shown as of ${result.as_of}; queue: ${whole.format(counts.open)} open, ${whole.format(counts.acked)} acknowledged, ${whole.format(counts.snoozed)} snoozed, ${whole.format(counts.overdue)} overdue (last sync ${result.last_sync ?? 'never'})`);
  for (const note of result.notes) runtime.warn(note);
}

export function printAlertsSync(runtime: CliRuntime, result: AlertsSyncResult): void {
  const { format } = runtime.context;
  printStaleness(runtime, result.data_through, result.as_of);
  if (format === 'json') {
    runtime.out(documentJson('alerts_sync', result));
  } else {
    // The rows are the changes of the day: what opened, reopened and resolved.
    const rows = [...result.opened, ...result.reopened, ...result.resolved];
    if (rows.length > 0 || format !== 'table') runtime.out(renderRows(rows, alertColumns(runtime), { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
  }
  const { queue } = result;
  runtime.info(
    `synced ${result.days_synced.length === 1 ? `as of ${result.as_of}` : `${result.days_synced[0]} … ${result.as_of} (${result.days_synced.length} days, in order)`}: ${whole.format(result.conditions)} condition${result.conditions === 1 ? '' : 's'} hold; ${whole.format(result.opened.length)} opened, ${whole.format(result.reopened.length)} reopened, ${whole.format(result.resolved.length)} resolved by data, ${whole.format(result.updated)} updated; queue ${whole.format(queue.open)} open, ${whole.format(queue.acked)} acknowledged, ${whole.format(queue.snoozed)} snoozed`,
  );
  for (const note of result.notes) runtime.warn(note);
}

export function printAlertWork(runtime: CliRuntime, result: AlertWorkResult): void {
  const { format } = runtime.context;
  const { alert } = result;
  if (format === 'json') {
    runtime.out(documentJson(`alerts_${result.action}`, result));
    return;
  }
  const history = alert.history ?? [];
  const columns: Column<(typeof history)[number]>[] = [
    { key: 'day', title: 'day', value: (event) => event.day },
    { key: 'action', title: 'action', value: (event) => event.action },
    { key: 'by', title: 'by', value: (event) => event.by },
    { key: 'until', title: 'until', value: (event) => event.until },
    { key: 'note', title: 'note', value: (event) => event.note, priority: 2, shrink: 20 },
  ];
  if (format === 'table') runtime.out(`alert ${alert.id} (${alert.rule}, ${alert.account_id} ${alert.account_name ?? ''}): ${stateText(alert, true)}\n${alert.reason}\n\n`);
  runtime.out(renderRows(history, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
}

/** A push: one row per alert and webhook (sent, unsent with why, or dry-run), and a line per webhook on stderr. */
export function printAlertsPush(runtime: CliRuntime, result: AlertsPushResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(documentJson('alerts_push', result));
  } else {
    const columns: Column<PushDelivery>[] = [
      { key: 'alert_id', title: 'id', value: (row) => row.alert_id, align: 'right', plain: true },
      { key: 'severity', title: 'severity', value: (row) => severityText(runtime, row.severity) },
      { key: 'rule', title: 'rule', value: (row) => row.rule },
      { key: 'account_id', title: 'account', value: (row) => row.account_id },
      { key: 'account_name', title: 'name', value: (row) => row.account_name, priority: 2, shrink: 14 },
      { key: 'owner', title: 'owner', value: (row) => row.owner },
      { key: 'destination', title: 'webhook', value: (row) => row.destination, priority: 3, shrink: 20 },
      { key: 'result', title: 'result', value: (row) => (format === 'table' && row.result === 'unsent' ? runtime.color.red(row.result) : row.result) },
      { key: 'problem', title: 'problem', value: (row) => row.problem, priority: 2, shrink: 20 },
    ];
    if (result.deliveries.length > 0 || format !== 'table') runtime.out(renderRows(result.deliveries, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
  }
  for (const destination of result.destinations) {
    const verb = result.dry_run ? 'would post' : 'posted';
    runtime.info(
      `${destination.url} (${destination.kind}${destination.signed ? ', signed' : ''}): ${verb} ${whole.format(destination.messages)} message${destination.messages === 1 ? '' : 's'}${destination.digest ? ' (digest)' : ''}${result.dry_run ? '' : `, ${whole.format(destination.sent)} alert${destination.sent === 1 ? '' : 's'} sent, ${whole.format(destination.unsent)} unsent`}; ${whole.format(destination.already_sent)} sent before`,
    );
  }
  for (const note of result.notes) runtime.warn(note);
}
