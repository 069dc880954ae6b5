import type { DataThrough } from './freshness.js';

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

/** The ticket report's figures (core/ticket-report.ts computes them). */
export interface PeriodFigures {
  created: number;
  resolved: number;
  /** Open at the end of the period. */
  backlog: number;
  first_response_met: number;
  first_response_breached: number;
  /** met ÷ (met + breached); null when no ticket created in the period has an outcome yet. */
  first_response_attainment: number | null;
  resolution_met: number;
  resolution_breached: number;
  resolution_attainment: number | null;
  /** Business (or calendar, per policy) hours, tickets created in the period. */
  median_first_response_hours: number | null;
  p90_first_response_hours: number | null;
  median_resolution_hours: number | null;
  p90_resolution_hours: number | null;
  /** Share of 4–5 among the CSAT scores of tickets resolved in the period (SPEC §4). */
  csat: number | null;
  csat_responses: number;
}

export interface BreakdownRow extends Pick<PeriodFigures, 'created' | 'resolved' | 'first_response_attainment' | 'resolution_attainment'> {
  key: string;
}

/** What every ticket line of the report shows about the ticket itself. */
export interface TicketLine {
  ticket_id: string;
  account_id: string | null;
  /** The organisation an unmatched ticket names (null when the ticket has its account, or names none). */
  organization: string | null;
  created_at: string;
  priority: string;
  type: string | null;
  subject: string | null;
}

export interface BreachedTicket extends TicketLine {
  /** Which target: first response, resolution or both. */
  breached: string;
  /** Elapsed ÷ target of the worse measure, at the end of the period (or when it happened). */
  multiple: number;
  escalation: string;
  open: boolean;
}

/** One ticket created in the period with its SLA state at the period's end (the CSV rows). */
export interface ReportTicketRow extends TicketLine {
  first_response_due: string | null;
  first_response_hours: number | null;
  first_response: 'met' | 'breached' | 'pending';
  resolution_due: string | null;
  resolution_hours: number | null;
  resolution: 'met' | 'breached' | 'pending';
  from_duration: boolean;
}

export interface SubjectGroup {
  subject: string;
  tickets: number;
  accounts: number;
  examples: string[];
}

export interface TicketReport {
  figures: PeriodFigures;
  previous: PeriodFigures;
  by_type: BreakdownRow[];
  by_priority: BreakdownRow[];
  breached: BreachedTicket[];
  /** account → tickets created in the period, most first. */
  top_accounts: Array<{ account_id: string; tickets: number }>;
  /** The tickets created in the period that no account matches, as one group beside the accounts. */
  unmatched: UnmatchedGroup;
  recurring_subjects: SubjectGroup[];
  recurring_tags: Array<{ tag: string; tickets: number }>;
  bugs: SubjectGroup[];
  feature_requests: SubjectGroup[];
  /** Tickets measured from the export's durations instead of timestamps. */
  from_durations: number;
  /** Tickets open at the period's end (backlog) whose status csops could not classify: counted as open. */
  unknown_status_open: number;
  /** Tickets created in the period whose priority csops could not classify: measured at sla.default_priority. */
  unknown_priority: number;
  tickets: ReportTicketRow[];
  /** Per day of the period: tickets created and resolved, and the backlog at the day's end. */
  daily: DailyFigures[];
}

/**
 * "unmatched organisation": tickets whose account is unknown, counted in every figure like the others
 * and grouped here by what they name (organisation null: they name none), most first.
 */
export interface UnmatchedGroup {
  tickets: number;
  organizations: Array<{ organization: string | null; tickets: number }>;
}

export interface DailyFigures {
  day: string;
  created: number;
  resolved: number;
  backlog: number;
}

/** A calendar day of the period and its instants in the configured zone. */

/** What the report warns about, as structured notes: the JSON's English "notes" and the printed ones in any language come from these. */
export type ReportNote =
  | { key: 'period_open'; kind: ReportKind; as_of: string }
  | { key: 'unknown_status'; count: number }
  | { key: 'unknown_priority'; count: number; priority: string }
  | { key: 'from_durations'; count: number };

export function reportNotes(result: Pick<ReportResult, 'kind' | 'as_of' | 'period' | 'unknown_status_open' | 'unknown_priority' | 'from_durations'>, defaultPriority: string): ReportNote[] {
  const notes: ReportNote[] = [];
  // Nothing dated after the as-of day is seen: the period is not over while the as-of day is before its last day.
  if (result.as_of < result.period.to) notes.push({ key: 'period_open', kind: result.kind, as_of: result.as_of });
  if (result.unknown_status_open > 0) notes.push({ key: 'unknown_status', count: result.unknown_status_open });
  if (result.unknown_priority > 0) notes.push({ key: 'unknown_priority', count: result.unknown_priority, priority: defaultPriority });
  if (result.from_durations > 0) notes.push({ key: 'from_durations', count: result.from_durations });
  return notes;
}

