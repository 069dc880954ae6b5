// How csops alerts prints the queue, a sync and an owner's action; loaded by the actions.
import { syncNotes, type AlertView, type AlertsListResult, type AlertsSyncResult, type AlertWorkResult } from '../commands/alerts.js';
import type { AlertsPushResult, PushDelivery } from '../commands/alerts-push.js';
import { renderRows, type Column } from '../render/output.js';
import { whole } from '../render/figures.js';
import type { CliRuntime } from './runtime.js';
import { tierLabel } from './options.js';
import { documentJson } from '../render/contract.js';
import { messagesFor } from '../i18n/messages.js';
import { printNotes, printStaleness } from './freshness-output.js';
import { alertReason, ruleWord, severityWord } from '../core/alert-text.js';
import type { Messages } from '../i18n/messages.js';
import type { AlertSeverity } from '../config/names.js';
import { phraseInLanguage } from '../i18n/messages.js';
import { SAID } from '../core/health/phrases.js';

/**
 * The list's notes in the language in force: the queue never synced, or synced before the as-of day,
 * written from the result; any other note (an --owner no account names) as the command wrote it.
 */
function listNotes(runtime: CliRuntime, result: AlertsListResult): string[] {
  if (runtime.messages.language === 'en') return result.notes;
  const { t } = runtime.messages;
  const english = messagesFor('en');
  const command = 'csops alerts sync';
  const empty = english.t('alerts.note.empty', { command });
  const stale = result.last_sync === null ? null : english.t('alerts.note.stale_sync', { last: result.last_sync, as_of: result.as_of, command });
  return result.notes.map((note) => (note === empty ? t('alerts.note.empty', { command }) : note === stale ? t('alerts.note.stale_sync', { last: result.last_sync!, as_of: result.as_of, command }) : note));
}

/** English shows the enum values as they are (they are also the --severity, --rule and --state words); another language its own words. */
function severityText(runtime: CliRuntime, severity: AlertSeverity): string {
  if (runtime.context.format !== 'table') return english(runtime) ? severity : severityWord(runtime.messages, severity);
  const color = runtime.color;
  const shown = english(runtime) ? severity : severityWord(runtime.messages, severity);
  return severity === 'critical' ? color.bold.red(shown) : severity === 'high' ? color.red(shown) : severity === 'medium' ? color.yellow(shown) : shown;
}

const english = (runtime: CliRuntime) => runtime.messages.language === 'en';

function stateText(alert: AlertView, table: boolean, messages: Messages): string {
  const { t } = messages;
  const en = messages.language === 'en';
  if (!table) return en ? alert.state : t(`alerts.state.${alert.state}`);
  if (alert.state === 'snoozed') return t('alerts.state.snoozed_to', { until: alert.snoozed_until ?? '' });
  if (alert.state === 'closed') return en ? `${alert.closed_how} ${alert.closed_on}` : t('alerts.state.closed_as', { how: alert.closed_how ?? 'done', on: alert.closed_on ?? '' });
  return en ? alert.state : t(`alerts.state.${alert.state}`);
}

/** The queue's columns; csv, ndjson and md get every field, the table the ones a CSM reads. */
export function alertColumns(runtime: CliRuntime): Column<AlertView>[] {
  const table = runtime.context.format === 'table';
  // Words for people in the table and Markdown; csv and ndjson keep the values (an API) in every language.
  const people = table || runtime.context.format === 'md';
  const { messages } = runtime;
  const { t } = messages;
  const en = messages.language === 'en';
  const columns: Column<AlertView>[] = [
    { key: 'id', title: t('alerts.col.id'), value: (alert) => alert.id, align: 'right', priority: 1, plain: true },
    { key: 'severity', title: t('alerts.col.severity'), value: (alert) => (people ? severityText(runtime, alert.severity) : alert.severity), priority: 1 },
    { key: 'rule', title: t('alerts.col.rule'), value: (alert) => (people && !en ? ruleWord(messages, alert.rule) : alert.rule), priority: 3 },
    { key: 'account_id', title: t('alerts.col.account'), value: (alert) => alert.account_id, priority: 1, shrink: 12 },
    { key: 'account_name', title: t('alerts.col.name'), value: (alert) => alert.account_name, priority: 2, shrink: 14 },
    { key: 'owner', title: t('alerts.col.owner'), value: (alert) => alert.owner, priority: 5 },
    { key: 'state', title: t('alerts.col.state'), value: (alert) => (people ? stateText(alert, table, messages) : alert.state), priority: 4 },
    { key: 'opened_on', title: t('alerts.col.opened'), value: (alert) => alert.opened_on, priority: 6 },
    { key: 'due_by', title: t('alerts.col.due'), value: (alert) => (table && alert.overdue ? runtime.color.red(t('alerts.due_overdue', { due: alert.due_by })) : alert.due_by), priority: 3 },
    { key: 'reason', title: t('alerts.col.why'), value: (alert) => (people ? alertReason(messages, alert) : alert.reason), priority: 2, shrink: 20 },
  ];
  if (!table) {
    const md = runtime.context.format === 'md';
    columns.push(
      { key: 'subject', title: t('alerts.col.subject'), value: (alert) => alert.subject },
      { key: 'tier', title: t('alerts.col.tier'), value: (alert) => (md ? (en || alert.tier === null ? tierLabel(alert.tier) : t(`tier.${alert.tier}` as 'tier.high_touch')) : alert.tier) },
      { key: 'overdue', title: t('alerts.col.overdue'), value: (alert) => (md ? t(alert.overdue ? 'alerts.yes' : 'alerts.no') : alert.overdue) },
      { key: 'age_days', title: t('alerts.col.age_days'), value: (alert) => alert.age_days },
      { key: 'snoozed_until', title: t('alerts.col.snoozed_until'), value: (alert) => alert.snoozed_until },
      { key: 'closed_on', title: t('alerts.col.closed_on'), value: (alert) => alert.closed_on },
      { key: 'closed_how', title: t('alerts.col.closed_how'), value: (alert) => (md && !en && alert.closed_how !== null ? t(`alerts.closed_how.${alert.closed_how}`) : alert.closed_how) },
      { key: 'last_seen_on', title: t('alerts.col.last_seen'), value: (alert) => alert.last_seen_on },
      { key: 'evidence', title: t('alerts.col.evidence'), value: (alert) => JSON.stringify(alert.evidence), data: (alert) => alert.evidence },
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
  const { t } = runtime.messages;
  runtime.info(
    t('alerts.list_summary', {
      shown: result.alerts.length, shown_text: whole.format(result.alerts.length), as_of: result.as_of,
      open: whole.format(counts.open), acked: whole.format(counts.acked), snoozed: whole.format(counts.snoozed), overdue: whole.format(counts.overdue), last_sync: result.last_sync,
    }),
  );
  for (const note of listNotes(runtime, result)) runtime.warn(note);
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
  const notes = runtime.messages.language === 'en' ? result.notes : syncNotes(runtime.messages, result);
  const { queue } = result;
  const { t } = runtime.messages;
  runtime.info(
    t('alerts.sync_summary', {
      days: t('alerts.sync_days', { as_of: result.as_of, first: result.days_synced[0] ?? result.as_of, count: result.days_synced.length }),
      conditions: result.conditions, conditions_text: whole.format(result.conditions),
      opened: whole.format(result.opened.length), reopened: whole.format(result.reopened.length), resolved: whole.format(result.resolved.length), updated: whole.format(result.updated),
      open: whole.format(queue.open), acked: whole.format(queue.acked), snoozed: whole.format(queue.snoozed),
    }),
  );
  for (const note of notes) runtime.warn(note);
}

export function printAlertWork(runtime: CliRuntime, result: AlertWorkResult): void {
  const { format } = runtime.context;
  const { alert } = result;
  if (format === 'json') {
    runtime.out(documentJson(`alerts_${result.action}`, result));
    return;
  }
  const history = alert.history ?? [];
  const { messages } = runtime;
  const { t } = messages;
  const people = (format === 'table' || format === 'md') && messages.language !== 'en';
  const columns: Column<(typeof history)[number]>[] = [
    { key: 'day', title: t('alerts.col.day'), value: (event) => event.day },
    { key: 'action', title: t('alerts.col.action'), value: (event) => (people ? t(`alerts.action.${event.action}`) : event.action) },
    { key: 'by', title: t('alerts.col.by'), value: (event) => event.by },
    { key: 'until', title: t('alerts.col.until'), value: (event) => event.until },
    { key: 'note', title: t('alerts.col.note'), value: (event) => event.note, priority: 2, shrink: 20 },
  ];
  if (format === 'table') {
    const rule = messages.language === 'en' ? alert.rule : ruleWord(messages, alert.rule);
    runtime.out(`${t('alerts.work_header', { id: alert.id, rule, account: `${alert.account_id} ${alert.account_name ?? ''}`, state: stateText(alert, true, messages) })}\n${alertReason(messages, alert)}\n\n`);
  }
  runtime.out(renderRows(history, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
}

/** Why a push's message did not land, in the language: the English as the JSON has it, another language from its key. */
function problemText(messages: Messages, row: PushDelivery): string | null {
  const phrase = row[SAID];
  if (messages.language === 'en' || !phrase) return row.problem;
  return phraseInLanguage(phrase, messages.language);
}

/** A push: one row per alert and webhook (sent, unsent with why, or dry-run), and a line per webhook on stderr. */
export function printAlertsPush(runtime: CliRuntime, result: AlertsPushResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(documentJson('alerts_push', result));
  } else {
    const { messages } = runtime;
    const { t } = messages;
    const people = (format === 'table' || format === 'md') && messages.language !== 'en';
    const resultText = (result: PushDelivery['result']) => (people ? t(`alerts.push.${result}`) : result);
    const columns: Column<PushDelivery>[] = [
      { key: 'alert_id', title: t('alerts.col.id'), value: (row) => row.alert_id, align: 'right', plain: true },
      { key: 'severity', title: t('alerts.col.severity'), value: (row) => (format === 'table' || format === 'md' ? severityText(runtime, row.severity) : row.severity) },
      { key: 'rule', title: t('alerts.col.rule'), value: (row) => (people ? ruleWord(messages, row.rule) : row.rule) },
      { key: 'account_id', title: t('alerts.col.account'), value: (row) => row.account_id },
      { key: 'account_name', title: t('alerts.col.name'), value: (row) => row.account_name, priority: 2, shrink: 14 },
      { key: 'owner', title: t('alerts.col.owner'), value: (row) => row.owner },
      { key: 'destination', title: t('alerts.col.webhook'), value: (row) => row.destination, priority: 3, shrink: 20 },
      { key: 'result', title: t('alerts.col.result'), value: (row) => (format === 'table' && row.result === 'unsent' ? runtime.color.red(resultText(row.result)) : resultText(row.result)) },
      { key: 'problem', title: t('alerts.col.problem'), value: (row) => (people ? problemText(messages, row) : row.problem), priority: 2, shrink: 20 },
    ];
    if (result.deliveries.length > 0 || format !== 'table') runtime.out(renderRows(result.deliveries, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
  }
  for (const destination of result.destinations) {
    runtime.info(
      runtime.messages.t('alerts.push_line', {
        url: destination.url, kind: destination.kind, signed: destination.signed, dry_run: result.dry_run,
        messages: destination.messages, messages_text: whole.format(destination.messages), digest: destination.digest,
        sent: destination.sent, sent_text: whole.format(destination.sent), unsent: whole.format(destination.unsent), before: whole.format(destination.already_sent),
      }),
    );
  }
  printNotes(runtime, result.notes, result[SAID]);
}
