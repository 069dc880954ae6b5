import type { CommandContext } from './context.js';
import { openDeliveriesStore } from './alert-deliveries-store.js';
import { exportTable } from '../core/alert-export.js';
import { exportFileText, type ExportFileFormat } from '../render/export-file.js';
import type { ExportTarget } from '../config/names.js';
import { messagesFor } from '../i18n/messages.js';
import { UsageError } from '../errors.js';
import { viewOf } from './alerts.js';
import { errorPhrase } from '../i18n/messages/errors.js';

export interface AlertsExportOptions {
  target: ExportTarget;
  format: ExportFileFormat;
  /** Every alert, whatever was exported before. */
  all?: boolean;
  /** Only alerts never exported for the target (a CRM whose import cannot update a task). */
  newOnly?: boolean;
}

export interface AlertsExportResult {
  for: ExportTarget;
  as_of: string;
  format: ExportFileFormat;
  all: boolean;
  new_only: boolean;
  /** Alerts in the file: never exported for this target before, and exported before at an older revision. */
  exported: number;
  new: number;
  changed: number;
  alert_ids: number[];
  columns: readonly string[];
  notes: string[];
}

/** The destination an export is recorded under in alert_deliveries. */
export const exportDestination = (target: ExportTarget) => `export:${target}`;

/**
 * csops alerts export: the alerts new or changed since the last export for the target (every alert
 * with `all`) as the file its tool imports. `write` receives the file's text inside the transaction
 * that records the alerts as exported: if it throws (a full disk, a folder that cannot be written),
 * nothing is recorded and the next export gives the same alerts again.
 */
export async function runAlertsExport(context: CommandContext, options: AlertsExportOptions, write: (text: string) => void): Promise<AlertsExportResult> {
  if (options.all && options.newOnly) throw new UsageError(errorPhrase('error.alerts.all_and_new_only'), errorPhrase('error.alerts.all_and_new_only_hint'));
  const { asOf } = context;
  const store = await openDeliveriesStore(context);
  try {
    const destination = exportDestination(options.target);
    const sent = await store.deliveredRevisions(destination);
    const chosen = (await store.alerts())
      .filter((row) => row.opened_on <= asOf)
      .filter((row) => {
        if (options.all) return true;
        const revision = sent.get(row.id);
        // A closed alert never exported is no task to create; one exported before goes again, closed.
        if (revision === undefined) return row.state !== 'closed';
        return !options.newOnly && row.revision > revision;
      })
      .map((row) => viewOf(row, asOf));
    const domains = options.target === 'hubspot_tasks' ? await store.accountDomains(chosen.map((alert) => alert.account_id)) : new Map<string, string | null>();
    // The tasks' titles and notes are for people: in the language in force (the columns and the values tools map stay as documented).
    const table = exportTable(options.target, chosen, context.config.alerts.export, domains, messagesFor(context.language ?? 'en'));
    const text = exportFileText(table, options.format, { for: options.target, as_of: asOf });
    const recordedAt = context.now().toISOString();
    await store.recordDeliveries(destination, chosen, recordedAt, () => write(text));
    const fresh = chosen.filter((alert) => !sent.has(alert.id)).length;
    return {
      for: options.target,
      as_of: asOf,
      format: options.format,
      all: Boolean(options.all),
      new_only: Boolean(options.newOnly),
      exported: chosen.length,
      new: fresh,
      changed: chosen.length - fresh,
      alert_ids: chosen.map((alert) => alert.id),
      columns: table.columns,
      notes: table.notes,
    };
  } finally {
    await store.close();
  }
}
