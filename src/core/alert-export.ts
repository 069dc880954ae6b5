import type { AlertSeverity, ExportTarget } from '../config/names.js';
import type { AlertsConfig } from '../config/alerts.js';
import type { AlertRow } from './alert-rules.js';
import { alertReason, ruleWord, severityWord } from './alert-text.js';
import { messagesFor, type Messages } from '../i18n/messages.js';

/** The words of a file, and of its notes, when no language is given. */
const ENGLISH = messagesFor('en');

/**
 * csops alerts export (issue 20): the alert queue as the files CRMs import tasks from. Pure: the
 * command picks the alerts and writes the file. Each target's columns are the import names its tool
 * documents, so the import wizard maps them without a question.
 */

/** The alert fields an export reads (AlertView's, as every command shows them). */
export interface ExportableAlert extends Omit<AlertRow, 'cleared_on' | 'closed_how'> {
  closed_how: string | null;
  overdue: boolean;
  age_days: number;
}

export type ExportValue = string | number | boolean | null | Record<string, unknown>;

export interface ExportTable {
  /** The header row, in order. */
  columns: readonly string[];
  /** One record per alert, keyed by column; JSON keeps the values' types, CSV writes them as text. */
  records: Array<Record<string, ExportValue>>;
  /** What the reader of the file should know (owners without a CRM id, …). */
  notes: string[];
}

/**
 * Salesforce Task fields by their API names, which Data Loader maps automatically (Object Reference
 * for the Salesforce Platform, "Task": Subject, WhatId, OwnerId, ActivityDate, Priority, Status,
 * Description). WhatId is the related Account's id: csops's account id, which is the Salesforce
 * Account Id when the accounts were imported from Salesforce's Account export. OwnerId must be a User
 * Id: config alerts.export.salesforce_owner_ids maps owners to theirs.
 */
export const SALESFORCE_TASK_COLUMNS = ['Subject', 'WhatId', 'OwnerId', 'ActivityDate', 'Priority', 'Status', 'Description'] as const;

/**
 * HubSpot task import columns, named as the task properties' labels so the import tool maps them
 * (developers.hubspot.com/docs/api/crm/tasks: hs_task_subject "Task Title", hs_timestamp the due date,
 * hs_task_priority LOW/MEDIUM/HIGH, hs_task_status NOT_STARTED/COMPLETED, hs_task_type TODO,
 * hs_task_body the notes, hubspot_owner_id the user it is assigned to), then the company the task is
 * associated with, by the Company object's identifiers (its Record ID, name and "Company Domain
 * Name", which HubSpot uses to recognise a company; knowledge.hubspot.com "Set up your import files").
 */
export const HUBSPOT_TASK_COLUMNS = ['Task Title', 'Due Date', 'Priority', 'Task Status', 'Task Type', 'Notes', 'Assigned to', 'Company Record ID', 'Company Name', 'Company Domain Name'] as const;

/** Every field of an alert, as csops alerts --format json gives it. */
export const GENERIC_COLUMNS = [
  'id', 'rule', 'account_id', 'account_name', 'subject', 'owner', 'tier', 'severity', 'state', 'reason', 'evidence', 'opened_on', 'due_by',
  'last_seen_on', 'changed_on', 'revision', 'snoozed_until', 'closed_on', 'closed_how', 'overdue', 'age_days',
] as const;

/** Salesforce's default Task priorities are High, Normal and Low. */
const SALESFORCE_PRIORITY: Record<AlertSeverity, string> = { critical: 'High', high: 'High', medium: 'Normal', low: 'Low' };
/** Salesforce's default Task statuses: Not Started, In Progress, Completed, Waiting on someone else, Deferred. */
const SALESFORCE_STATUS = { open: 'Not Started', acked: 'In Progress', snoozed: 'Deferred', closed: 'Completed' } as const;
const HUBSPOT_PRIORITY: Record<AlertSeverity, string> = { critical: 'HIGH', high: 'HIGH', medium: 'MEDIUM', low: 'LOW' };

/** The task's title: the alert id first, so a task in the CRM leads back to `csops alerts ack <id>`. */
export function taskTitle(alert: ExportableAlert, messages: Messages = ENGLISH): string {
  const account = alert.account_name ?? alert.account_id;
  return messages.t('alerts.task.title', { app: 'csops', id: alert.id, severity: messages.language === 'en' ? alert.severity : severityWord(messages, alert.severity), rule: ruleWord(messages, alert.rule), account }).slice(0, 255);
}

/** The task's notes: the reason, then what the alert is and how to work it. */
export function taskNotes(alert: ExportableAlert, messages: Messages = ENGLISH): string {
  const { t } = messages;
  const en = messages.language === 'en';
  const how = en || alert.closed_how === null ? String(alert.closed_how) : t(`alerts.closed_how.${alert.closed_how}` as 'alerts.closed_how.done');
  const state = alert.state === 'closed' ? t('alerts.task.closed', { how, on: String(alert.closed_on) }) : alert.state === 'snoozed' ? t('alerts.task.snoozed', { until: String(alert.snoozed_until) }) : en ? alert.state : t(`alerts.state.${alert.state}`);
  return [
    alertReason(messages, alert),
    '',
    t('alerts.task.account', { name: alert.account_name ?? '', id: alert.account_id }),
    t('alerts.task.rule', { rule: en ? alert.rule : ruleWord(messages, alert.rule), subject: alert.subject, severity: en ? alert.severity : severityWord(messages, alert.severity), opened: alert.opened_on, due: alert.due_by, state }),
    // The reasons' phrases are for csops to write them in another language; the notes quote the reason itself above.
    t('alerts.task.evidence', { json: JSON.stringify({ ...alert.evidence, reason_phrases: undefined }) }),
    t('alerts.task.footer', { app: 'csops', id: alert.id, revision: alert.revision, command: `csops alerts ack|done|snooze ${alert.id}` }),
  ].join('\n');
}

/** A Salesforce record id: 15 or 18 letters and digits. */
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** The file for one target: its documented columns and one record per alert. */
export function exportTable(target: ExportTarget, alerts: readonly ExportableAlert[], config: AlertsConfig['export'], domains: ReadonlyMap<string, string | null> = new Map(), messages: Messages = ENGLISH): ExportTable {
  const notes: string[] = [];
  if (target === 'salesforce_tasks') {
    const unmapped = new Set<string>();
    const records = alerts.map((alert) => {
      const owner = alert.owner ?? '';
      const mapped = config.salesforce_owner_ids[owner] ?? (SALESFORCE_ID.test(owner) ? owner : null);
      if (mapped === null && owner !== '') unmapped.add(owner);
      return {
        Subject: taskTitle(alert, messages),
        WhatId: alert.account_id,
        OwnerId: mapped,
        ActivityDate: alert.due_by,
        Priority: SALESFORCE_PRIORITY[alert.severity],
        Status: SALESFORCE_STATUS[alert.state],
        Description: taskNotes(alert, messages),
      };
    });
    if (unmapped.size > 0) {
      const names = [...unmapped].sort();
      notes.push(messages.t('alerts.task.owner_ids', { count: names.length, names: `${names.slice(0, 5).map((name) => JSON.stringify(name)).join(', ')}${names.length > 5 ? ', …' : ''}`, field: 'OwnerId', user_id: 'Salesforce User Id', tool: 'Data Loader', setting: 'alerts.export.salesforce_owner_ids' }));
    }
    return { columns: SALESFORCE_TASK_COLUMNS, records, notes };
  }
  if (target === 'hubspot_tasks') {
    const records = alerts.map((alert) => ({
      'Task Title': taskTitle(alert, messages),
      'Due Date': alert.due_by,
      Priority: HUBSPOT_PRIORITY[alert.severity],
      // HubSpot's task status is NOT_STARTED or COMPLETED (the tasks API's documented values).
      'Task Status': alert.state === 'closed' ? 'COMPLETED' : 'NOT_STARTED',
      'Task Type': 'TODO',
      Notes: taskNotes(alert, messages),
      'Assigned to': alert.owner === null ? null : (config.hubspot_owners[alert.owner] ?? alert.owner),
      'Company Record ID': alert.account_id,
      'Company Name': alert.account_name,
      'Company Domain Name': domains.get(alert.account_id) ?? null,
    }));
    return { columns: HUBSPOT_TASK_COLUMNS, records, notes };
  }
  const records = alerts.map((alert) => {
    const record: Record<string, ExportValue> = {};
    for (const column of GENERIC_COLUMNS) record[column] = alert[column];
    return record;
  });
  return { columns: GENERIC_COLUMNS, records, notes };
}
