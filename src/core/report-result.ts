import type { DataThrough } from './freshness.js';
import type { TicketReport } from './ticket-report.js';

/**
 * The weekly or monthly report as `csops report` gives it to its renderers (table, md, html, json):
 * here, below both, so a renderer never imports a command.
 */
export type ReportKind = 'weekly' | 'monthly';


export interface ReportPeriod {
  label: string;
  from: string;
  to: string;
}

export interface AccountInfo {
  name: string | null;
  owner: string | null;
  tier: string | null;
}

export interface ReportResult extends Omit<TicketReport, 'breached' | 'top_accounts'> {
  kind: ReportKind;
  period: ReportPeriod;
  previous_period: ReportPeriod;
  as_of: string;
  time_zone: string;
  clock: 'business' | 'calendar';
  breached: Array<TicketReport['breached'][number] & AccountInfo>;
  top_accounts: Array<TicketReport['top_accounts'][number] & AccountInfo & { band: string | null; score: number | null }>;
  definitions: Record<string, string>;
  /** Each source kind's last data day and whether it is stale (config freshness.lag_days). */
  data_through: DataThrough;
  notes: string[];
}
