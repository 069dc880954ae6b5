import type { CommandContext } from './context.js';
import { openDatabase } from '../db/connection.js';
import { isPostgresUrl } from '../config/database-url.js';
import { loadAlerts, type AlertFilter } from '../db/alerts.js';
import { accountDomains, deliveredRevisions, recordDeliveries } from '../db/alert-deliveries.js';
import type { AlertRow } from '../core/alert-rules.js';

/** What csops alerts export and push read and write, from a SQLite file or a PostgreSQL database (issue 25). */
export interface DeliveriesStore {
  alerts(filter?: AlertFilter): Promise<AlertRow[]>;
  /** alert id → the revision last sent to the destination. */
  deliveredRevisions(destination: string): Promise<Map<number, number>>;
  /** The alerts recorded as sent to the destination, in one transaction with `during` (if it throws, nothing is recorded). */
  recordDeliveries(destination: string, sent: ReadonlyArray<{ id: number; revision: number }>, sentAt: string, during?: () => void): Promise<void>;
  accountDomains(accountIds: readonly string[]): Promise<Map<string, string | null>>;
  close(): Promise<void>;
}

export async function openDeliveriesStore(context: CommandContext): Promise<DeliveriesStore> {
  if (isPostgresUrl(context.dbPath)) {
    const { openPostgresForReading } = await import('../db/pg/open.js');
    const { pgLoadAlerts } = await import('../db/pg/alerts.js');
    const deliveries = await import('../db/pg/alert-deliveries.js');
    const session = await openPostgresForReading(context.dbPath, context.version);
    return {
      alerts: (filter) => pgLoadAlerts(session, filter),
      deliveredRevisions: (destination) => deliveries.pgDeliveredRevisions(session, destination),
      recordDeliveries: (...delivery) => deliveries.pgRecordDeliveries(session, ...delivery),
      accountDomains: (ids) => deliveries.pgAccountDomains(session, ids),
      close: () => session.close(),
    };
  }
  const db = openDatabase(context.dbPath, { busyTimeoutMs: context.config.busy_timeout_ms, mustExist: true });
  return {
    alerts: async (filter) => loadAlerts(db, filter),
    deliveredRevisions: async (destination) => deliveredRevisions(db, destination),
    recordDeliveries: async (...delivery) => recordDeliveries(db, ...delivery),
    accountDomains: async (ids) => accountDomains(db, ids),
    close: async () => {
      db.close();
    },
  };
}
