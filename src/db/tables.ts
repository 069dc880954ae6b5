/**
 * csops's tables, parents before children (the order a copy fills them in, so every foreign key finds
 * its row): the same names on SQLite and PostgreSQL. test/db/postgres-schema.test.ts checks the list
 * is every table of both schemas.
 */
export const TABLES: readonly string[] = [
  'import_runs',
  'accounts',
  'contracts',
  'usage_daily',
  'tickets',
  'surveys',
  'snapshot_runs',
  'tier_snapshots',
  'health_snapshots',
  'churn_models',
  'alerts',
  'alert_events',
  'alert_syncs',
  'alert_deliveries',
  'contacts',
  'contact_events',
  'contact_roles',
  'touchpoints',
  'product_user_weeks',
];

/** The tables whose `id` the database numbers (SQLite INTEGER PRIMARY KEY, PostgreSQL identity). */
export const NUMBERED_TABLES: readonly string[] = ['import_runs', 'snapshot_runs', 'churn_models', 'alerts', 'alert_events'];

export interface TableCount {
  table: string;
  /** null when the table does not exist yet (a PostgreSQL database not migrated). */
  rows: number | null;
}

/** The latest import of each kind. */
export interface LastImport {
  kind: string;
  file_name: string;
  finished_at: string;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** The same SQL on both dialects. */
export const LAST_IMPORTS_SQL = `
  SELECT kind, file_name, finished_at, rows_read, inserted, updated, unchanged, rejected
  FROM import_runs WHERE id IN (SELECT max(id) FROM import_runs GROUP BY kind)
  ORDER BY kind`;

/** A table's name quoted for SQL (both dialects quote with ""). */
export function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
