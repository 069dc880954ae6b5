import type { Config } from '../config/schema.js';
import { addDays, endOfDayUtc } from './dates.js';
import type { HealthInputs } from './health.js';
import { createdSinceDueFrom, measureTicket, slaPolicy, type SlaMeasure, type SlaTicket } from './sla-clock.js';
import { TICKET_PRIORITIES, type TicketPriority } from '../config/rules.js';

/**
 * The support inputs of the health score (DOMAIN §2, §4): open urgent and high bugs and whether they
 * are past SLA, tickets that breached a target in the last breach_days, and ticket counts for spike
 * detection. Pure: the store gives the tickets of the window (`SupportWindow`), this measures them.
 */
export type SupportSignals = HealthInputs['support'];

/** ticket_id, account_id, created_at, first_response_at, resolved_at, status, priority, type, first_response_minutes, resolution_minutes, priority_raw */
export type SupportTicketRow = [string, string, string, string | null, string | null, string | null, string | null, string | null, number | null, number | null, string | null];

/** account_id, tickets created in the spike window, tickets created in the baseline before it. */
export type TicketCountRow = [string, number, number];

/** The instants (ISO, UTC) bounding what the store reads for the support signals of a day. */
export interface SupportWindow {
  /** The end of the as-of day in the configured zone: nothing later is seen. */
  asOfEnd: string;
  /**
   * Per priority (`other`: a ticket of no priority, measured at the default priority's targets), the
   * first creation instant whose targets can fall due in the breach window: tickets of that priority
   * created from then on are read; older ones only while they are open urgent, high or
   * unclassified-priority bugs.
   */
  createdSince: Record<TicketPriority | 'other', string>;
  /** The earliest of createdSince (the bound of the open bugs' resolution). */
  oldestRelevant: string;
  spikeStart: string;
  baselineStart: string;
}

export function supportWindow(asOf: string, config: Config): SupportWindow {
  const zone = config.time_zone;
  const health = config.health;
  // A ticket whose target fell due in the breach window was created at most its priority's longest
  // target (on the SLA clock, whatever its type) before the window's start.
  const breachStartMs = Date.parse(endOfDayUtc(addDays(asOf, -health.factors.support.breach_days), zone));
  const policy = slaPolicy(config.sla, zone);
  const createdSince = {} as SupportWindow['createdSince'];
  let oldest = breachStartMs;
  for (const priority of TICKET_PRIORITIES) {
    const since = createdSinceDueFrom(breachStartMs, longestTargetHours(config.sla, priority) * 60, policy);
    createdSince[priority] = new Date(since).toISOString();
    oldest = Math.min(oldest, since);
  }
  createdSince.other = createdSince[config.sla.default_priority];
  return {
    asOfEnd: endOfDayUtc(asOf, zone),
    createdSince,
    oldestRelevant: new Date(oldest).toISOString(),
    spikeStart: endOfDayUtc(addDays(asOf, -health.spike.days), zone),
    baselineStart: endOfDayUtc(addDays(asOf, -health.spike.days - health.spike.baseline_days), zone),
  };
}

/** The longest first-response or resolution target of a priority, over every ticket type. */
function longestTargetHours(sla: Config['sla'], priority: TicketPriority): number {
  let hours = Math.max(sla.targets[priority].first_response_hours, sla.targets[priority].resolution_hours);
  for (const byPriority of Object.values(sla.type_targets)) {
    const target = byPriority[priority];
    hours = Math.max(hours, target?.first_response_hours ?? 0, target?.resolution_hours ?? 0);
  }
  return hours;
}

/** measureTicket's options for the health signals (made once, not per ticket). */
const AT_THE_DAY = { elapsed: false } as const;

const CLOSED_STATUSES = new Set(['solved', 'closed']);

/** A ticket the helpdesk closed without recording when: resolved at an unknown moment (no SLA figures). */
export function closedWithoutTime(resolvedAt: string | null, status: string | null): boolean {
  return resolvedAt === null && status !== null && CLOSED_STATUSES.has(status);
}

/** Each account's support signals, from a map of those with any ticket (another thread may have built it). */
export function supportSignalsLookup(signals: ReadonlyMap<string, SupportSignals>, covered: boolean): (accountId: string) => SupportSignals {
  return (accountId) => signals.get(accountId) ?? { covered, openBugs: [], breaches: [], ticketsRecent: 0, ticketsBaseline: 0 };
}

/**
 * The support signals of the accounts with any ticket in the window, by account, from the window's
 * tickets and counts; `covered` says whether the database holds any ticket before the day (without,
 * support is missing, not perfect).
 */
export function supportSignalsByAccount(
  rows: readonly SupportTicketRow[],
  counts: readonly TicketCountRow[],
  covered: boolean,
  asOf: string,
  config: Config,
): Map<string, SupportSignals> {
  const zone = config.time_zone;
  const asOfMs = Date.parse(endOfDayUtc(asOf, zone));
  const breachStartMs = Date.parse(endOfDayUtc(addDays(asOf, -config.health.factors.support.breach_days), zone));
  const policy = slaPolicy(config.sla, zone);
  const signals = new Map<string, SupportSignals>();
  const entryFor = (accountId: string) => {
    let entry = signals.get(accountId);
    if (!entry) signals.set(accountId, (entry = { covered, openBugs: [], breaches: [], ticketsRecent: 0, ticketsBaseline: 0 }));
    return entry;
  };
  // Rows read by position, not destructured: this runs for every ticket of the window.
  for (let index = 0; index < counts.length; index++) {
    const row = counts[index]!;
    const entry = entryFor(row[0]);
    entry.ticketsRecent = row[1];
    entry.ticketsBaseline = row[2];
  }
  const ticket: SlaTicket = { createdMs: 0, firstResponseMs: null, resolvedMs: null, priority: null, type: null, firstResponseMinutes: null, resolutionMinutes: null };
  // When each breached ticket was created: the lists are put in that order below, whatever order the store read them in.
  const breachedAt = new Map<string, string>();
  const inWindow = (measure: SlaMeasure) => measure.breached && (measure.dueMs ?? ticket.createdMs) >= breachStartMs;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const ticketId = row[0];
    const createdAt = row[2];
    const firstResponseAt = row[3];
    const resolvedAt = row[4];
    const status = row[5];
    const priority = row[6];
    const type = row[7];
    const firstResponseMinutes = row[8];
    const priorityRaw = row[10];
    const entry = entryFor(row[1]);
    // A ticket closed in the helpdesk without a resolution time is treated as resolved.
    const resolvedUnknown = closedWithoutTime(resolvedAt, status);
    if (resolvedUnknown && firstResponseAt === null && firstResponseMinutes === null) continue;
    ticket.createdMs = Date.parse(createdAt);
    ticket.firstResponseMs = firstResponseAt === null ? null : Date.parse(firstResponseAt);
    ticket.resolvedMs = resolvedAt === null ? null : Date.parse(resolvedAt);
    ticket.priority = priority;
    ticket.type = type;
    ticket.firstResponseMinutes = firstResponseMinutes;
    ticket.resolutionMinutes = row[9];
    const sla = measureTicket(ticket, asOfMs, policy, AT_THE_DAY);
    if (inWindow(sla.firstResponse) || (!resolvedUnknown && inWindow(sla.resolution))) {
      entry.breaches.push(ticketId);
      breachedAt.set(ticketId, createdAt);
    }
    const open = !resolvedUnknown && !sla.resolution.done;
    if (open && type === 'bug' && (priority === 'urgent' || priority === 'high')) {
      entry.openBugs.push({ ticket_id: ticketId, priority, created_at: createdAt, pastSla: sla.firstResponse.breached || sla.resolution.breached });
    } else if (open && type === 'bug' && priority === null && priorityRaw !== null) {
      entry.openBugsUnknownPriority = (entry.openBugsUnknownPriority ?? 0) + 1;
    }
  }
  // Oldest first, then by id: the same lists from SQLite's scan and PostgreSQL's (or any store's) order.
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const entry of signals.values()) {
    if (entry.breaches.length > 1) entry.breaches.sort((a, b) => byId(breachedAt.get(a)!, breachedAt.get(b)!) || byId(a, b));
    if (entry.openBugs.length > 1) entry.openBugs.sort((a, b) => byId(a.created_at, b.created_at) || byId(a.ticket_id, b.ticket_id));
  }
  return signals;
}
