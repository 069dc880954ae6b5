import { measureTicket, type SlaMeasure, type SlaPolicy } from './sla-clock.js';
import { groupSubjects } from './ticket-subjects.js';
import type { BreachedTicket, BreakdownRow, PeriodFigures, ReportTicketRow, TicketReport } from './report-result.js';

/**
 * The weekly or monthly ticket and SLA report (DOMAIN §4): volumes, SLA attainment, response and
 * resolution times, CSAT, breakdowns, breaches with their escalation level, the accounts that open the
 * most tickets, recurring subjects (knowledge-base candidates) and the period's bugs and feature
 * requests for the product team. Pure: tickets and instants in, figures out.
 */
export interface ReportTicket {
  ticket_id: string;
  account_id: string | null;
  /** What an unmatched ticket (account_id null) names: an organisation, an unknown account id or an e-mail domain. */
  organization?: string | null;
  createdMs: number;
  firstResponseMs: number | null;
  resolvedMs: number | null;
  /** Closed in the helpdesk without a resolution time: resolved at an unknown moment. */
  closedWithoutTime: boolean;
  priority: string | null;
  type: string | null;
  subject: string | null;
  tags: string[];
  csat: number | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  /**
   * The export gave a status no vocabulary classifies (status NULL, status_raw kept). Decided: a
   * resolution time still makes such a ticket resolved; without one it counts as open (in the backlog,
   * and measured), as a ticket without any status does; the report says how many.
   */
  statusUnclassified?: boolean;
  /** The export gave a priority no vocabulary classifies: measured against sla.default_priority, counted. */
  priorityUnclassified?: boolean;
}

export interface ReportWindow {
  /** First instant of the period (inclusive), epoch ms. */
  startMs: number;
  /** First instant after the period, epoch ms. */
  endMs: number;
}

export interface Escalation {
  /** Multiple of the target at which a ticket reaches the level, e.g. 1, 1.5, 2. */
  at: number;
  level: string;
}

export interface DayWindow extends ReportWindow {
  day: string;
}

interface Measured {
  ticket: ReportTicket;
  firstResponse: ReturnType<typeof measureTicket>['firstResponse'];
  resolution: ReturnType<typeof measureTicket>['resolution'];
  priority: string;
}

function measureAt(ticket: ReportTicket, atMs: number, policy: SlaPolicy): Measured {
  const measured = measureTicket(ticket, atMs, policy);
  return { ticket, firstResponse: measured.firstResponse, resolution: measured.resolution, priority: measured.priority };
}

function figuresFor(
  tickets: readonly ReportTicket[],
  window: ReportWindow,
  policy: SlaPolicy,
  measure: (ticket: ReportTicket) => Measured = (ticket) => measureAt(ticket, window.endMs, policy),
): { figures: PeriodFigures; measured: Measured[]; created: ReportTicket[] } {
  const inPeriod = (ms: number | null) => ms !== null && ms >= window.startMs && ms < window.endMs;
  // Oldest first, then by id, whatever order the store read them in: the subject groups take their
  // wording and examples from their first tickets.
  const created = tickets.filter((ticket) => inPeriod(ticket.createdMs)).sort((a, b) => a.createdMs - b.createdMs || (a.ticket_id < b.ticket_id ? -1 : a.ticket_id > b.ticket_id ? 1 : 0));
  // A ticket closed in the helpdesk without a resolution time has no SLA figures: it is counted, not measured.
  const measured = created.filter((ticket) => !ticket.closedWithoutTime).map(measure);
  const resolvedInPeriod = tickets.filter((ticket) => inPeriod(ticket.resolvedMs));
  const backlog = tickets.filter((ticket) => openAt(ticket, window.endMs)).length;
  const outcome = (pick: (m: Measured) => Measured['firstResponse']) => withinTarget(measured.map(pick));
  const firstResponse = outcome((m) => m.firstResponse);
  const resolution = outcome((m) => m.resolution);
  const hours = (pick: (m: Measured) => Measured['firstResponse']) =>
    measured
      .map(pick)
      .filter((measure) => measure.done && measure.elapsedMinutes !== undefined)
      .map((measure) => measure.elapsedMinutes! / 60)
      .sort((a, b) => a - b);
  const firstResponseHours = hours((m) => m.firstResponse);
  const resolutionHours = hours((m) => m.resolution);
  const csatScores = resolvedInPeriod.map((ticket) => ticket.csat).filter((score): score is number => score !== null);
  return {
    measured,
    created,
    figures: {
      created: created.length,
      resolved: resolvedInPeriod.length,
      backlog,
      first_response_met: firstResponse.met,
      first_response_breached: firstResponse.breached,
      first_response_attainment: firstResponse.attainment,
      resolution_met: resolution.met,
      resolution_breached: resolution.breached,
      resolution_attainment: resolution.attainment,
      median_first_response_hours: quantile(firstResponseHours, 0.5),
      p90_first_response_hours: quantile(firstResponseHours, 0.9),
      median_resolution_hours: quantile(resolutionHours, 0.5),
      p90_resolution_hours: quantile(resolutionHours, 0.9),
      csat: csatScores.length === 0 ? null : round(csatScores.filter((score) => score >= 4).length / csatScores.length, 4),
      csat_responses: csatScores.length,
    },
  };
}

export function buildTicketReport(
  tickets: readonly ReportTicket[],
  window: ReportWindow,
  previousWindow: ReportWindow,
  policy: SlaPolicy,
  escalations: readonly Escalation[],
  days: readonly DayWindow[] = [],
): TicketReport {
  // The period's tickets are measured at its end once: for its figures, then again for its breaches.
  const atEnd = new Map<ReportTicket, Measured>();
  const measureAtEnd = (ticket: ReportTicket): Measured => {
    let entry = atEnd.get(ticket);
    if (!entry) atEnd.set(ticket, (entry = measureAt(ticket, window.endMs, policy)));
    return entry;
  };
  const { figures, measured, created } = figuresFor(tickets, window, policy, measureAtEnd);
  const previous = figuresFor(tickets, previousWindow, policy).figures;
  const breakdown = (keyOf: (entry: Measured) => string, order: readonly string[]): BreakdownRow[] => {
    const groups = new Map<string, Measured[]>();
    for (const entry of measured) {
      const key = keyOf(entry);
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
    const createdBy = new Map<string, number>();
    for (const ticket of created) {
      const key = keyOf({ ticket, priority: ticket.priority && ticket.priority in policy.targets ? ticket.priority : policy.defaultPriority } as Measured);
      createdBy.set(key, (createdBy.get(key) ?? 0) + 1);
    }
    const resolvedBy = new Map<string, number>();
    for (const ticket of tickets) {
      if (ticket.resolvedMs === null || ticket.resolvedMs < window.startMs || ticket.resolvedMs >= window.endMs) continue;
      const key = keyOf({ ticket, priority: ticket.priority && ticket.priority in policy.targets ? ticket.priority : policy.defaultPriority } as Measured);
      resolvedBy.set(key, (resolvedBy.get(key) ?? 0) + 1);
    }
    const keys = [...new Set([...createdBy.keys(), ...resolvedBy.keys()])].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
    return keys.map((key) => {
      const members = groups.get(key) ?? [];
      const attainment = (pick: (m: Measured) => Measured['firstResponse']) => {
        const met = members.filter((m) => !pick(m).breached && pick(m).done).length;
        const breached = members.filter((m) => pick(m).breached).length;
        return met + breached === 0 ? null : round(met / (met + breached), 4);
      };
      return { key, created: createdBy.get(key) ?? 0, resolved: resolvedBy.get(key) ?? 0, first_response_attainment: attainment((m) => m.firstResponse), resolution_attainment: attainment((m) => m.resolution) };
    });
  };

  // Breached tickets: every ticket open at some point in the period whose target was missed by its end.
  const sorted = [...escalations].sort((a, b) => a.at - b.at);
  const breached: BreachedTicket[] = [];
  let fromDurations = 0;
  for (const ticket of tickets) {
    if (ticket.createdMs >= window.endMs) continue;
    if (ticket.resolvedMs !== null && ticket.resolvedMs < window.startMs) continue;
    if (ticket.closedWithoutTime) continue;
    const entry = measureAtEnd(ticket);
    if (entry.firstResponse.fromDuration || entry.resolution.fromDuration) fromDurations++;
    if (!entry.firstResponse.breached && !entry.resolution.breached) continue;
    const multiples = [entry.firstResponse, entry.resolution].filter((m) => m.breached && m.elapsedMinutes !== undefined).map((m) => m.elapsedMinutes! / m.targetMinutes);
    const multiple = round(Math.max(1, ...multiples), 2);
    const level = [...sorted].reverse().find((escalation) => multiple >= escalation.at)?.level ?? sorted[0]?.level ?? '';
    breached.push({
      ticket_id: ticket.ticket_id,
      account_id: ticket.account_id,
      organization: ticket.account_id === null ? (ticket.organization ?? null) : null,
      created_at: new Date(ticket.createdMs).toISOString(),
      priority: entry.priority,
      type: ticket.type,
      subject: ticket.subject,
      breached: [entry.firstResponse.breached ? 'first response' : null, entry.resolution.breached ? 'resolution' : null].filter(Boolean).join(' + '),
      multiple,
      escalation: level,
      open: !entry.resolution.done,
    });
  }
  breached.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.ticket_id.localeCompare(b.ticket_id));

  const perAccount = new Map<string, number>();
  const perOrganization = new Map<string | null, number>();
  for (const ticket of created) {
    if (ticket.account_id) perAccount.set(ticket.account_id, (perAccount.get(ticket.account_id) ?? 0) + 1);
    else perOrganization.set(ticket.organization ?? null, (perOrganization.get(ticket.organization ?? null) ?? 0) + 1);
  }
  const tags = new Map<string, number>();
  for (const ticket of created) for (const tag of new Set(ticket.tags)) tags.set(tag, (tags.get(tag) ?? 0) + 1);

  return {
    figures,
    previous,
    by_type: breakdown((entry) => entry.ticket.type ?? 'unknown', ['bug', 'feature', 'question', 'other', 'unknown']),
    by_priority: breakdown((entry) => entry.priority, ['urgent', 'high', 'normal', 'low']),
    breached,
    top_accounts: [...perAccount].map(([account_id, count]) => ({ account_id, tickets: count })).sort((a, b) => b.tickets - a.tickets || a.account_id.localeCompare(b.account_id)).slice(0, 10),
    unmatched: {
      tickets: [...perOrganization.values()].reduce((sum, count) => sum + count, 0),
      organizations: [...perOrganization]
        .map(([organization, count]) => ({ organization, tickets: count }))
        .sort((a, b) => b.tickets - a.tickets || (a.organization ?? '\uffff').localeCompare(b.organization ?? '\uffff'))
        .slice(0, 10),
    },
    recurring_subjects: groupSubjects(created).filter((group) => group.tickets >= 3),
    recurring_tags: [...tags].map(([tag, count]) => ({ tag, tickets: count })).filter((entry) => entry.tickets >= 3).sort((a, b) => b.tickets - a.tickets || a.tag.localeCompare(b.tag)).slice(0, 15),
    bugs: groupSubjects(created.filter((ticket) => ticket.type === 'bug')),
    feature_requests: groupSubjects(created.filter((ticket) => ticket.type === 'feature')),
    from_durations: fromDurations,
    unknown_status_open: tickets.filter((ticket) => ticket.statusUnclassified && openAt(ticket, window.endMs)).length,
    unknown_priority: created.filter((ticket) => ticket.priorityUnclassified).length,
    daily: days.map((day) => ({
      day: day.day,
      created: tickets.filter((ticket) => ticket.createdMs >= day.startMs && ticket.createdMs < day.endMs).length,
      resolved: tickets.filter((ticket) => ticket.resolvedMs !== null && ticket.resolvedMs >= day.startMs && ticket.resolvedMs < day.endMs).length,
      backlog: tickets.filter((ticket) => openAt(ticket, day.endMs)).length,
    })),
    tickets: measured.map(ticketRow).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.ticket_id.localeCompare(b.ticket_id)),
  };
}

function ticketRow(entry: Measured): ReportTicketRow {
  const state = (measure: Measured['firstResponse']) => (measure.breached ? 'breached' : measure.done ? 'met' : 'pending');
  const due = (measure: Measured['firstResponse']) => (measure.dueMs === undefined ? null : new Date(measure.dueMs).toISOString());
  const hours = (measure: Measured['firstResponse']) => (measure.done && measure.elapsedMinutes !== undefined ? round(measure.elapsedMinutes / 60, 2) : null);
  return {
    ticket_id: entry.ticket.ticket_id,
    account_id: entry.ticket.account_id,
    organization: entry.ticket.account_id === null ? (entry.ticket.organization ?? null) : null,
    created_at: new Date(entry.ticket.createdMs).toISOString(),
    priority: entry.priority,
    type: entry.ticket.type,
    subject: entry.ticket.subject,
    first_response_due: due(entry.firstResponse),
    first_response_hours: hours(entry.firstResponse),
    first_response: state(entry.firstResponse),
    resolution_due: due(entry.resolution),
    resolution_hours: hours(entry.resolution),
    resolution: state(entry.resolution),
    from_duration: entry.firstResponse.fromDuration || entry.resolution.fromDuration,
  };
}

/**
 * SLA attainment of a set of measures: met (done within the target) against breached; pending ones
 * (not done, not yet due) do not count. Null when none counts.
 */
export function withinTarget(measures: readonly SlaMeasure[]): { met: number; breached: number; attainment: number | null } {
  let met = 0;
  let breached = 0;
  for (const measure of measures) {
    if (measure.breached) breached++;
    else if (measure.done) met++;
  }
  return { met, breached, attainment: met + breached === 0 ? null : round(met / (met + breached), 4) };
}

/** Nearest-rank quantile of sorted values, rounded to a tenth. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return round(sorted[index]!, 1);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function rank(order: readonly string[], key: string): number {
  const index = order.indexOf(key);
  return index === -1 ? order.length : index;
}

export const REPORT_DEFINITIONS: Record<string, string> = {
  created: 'tickets created in the period',
  resolved: 'tickets resolved in the period',
  backlog: 'tickets open at the end of the period',
  first_response_attainment: 'of the tickets created in the period whose first-response target has come due or been met by its end: the share answered within the target',
  resolution_attainment: 'the same for resolution',
  median_first_response_hours: 'median (and 90th percentile) hours from creation to first response of the tickets created in the period and answered by its end, on the SLA clock (business hours unless sla.clock is calendar)',
  median_resolution_hours: 'the same from creation to resolution',
  csat: 'share of 4 and 5 among the CSAT scores (1–5) of the tickets resolved in the period',
  unmatched: 'tickets whose organisation no imported account matches ("unmatched organisation"), counted in every figure above and grouped by the organisation they name; csops import accounts links them',
  escalation: 'a breached ticket escalates by how far past its target it is: 100% owner, 150% team lead, 200% head of CS (sla.escalation)',
};

/** In the backlog at `ms`: created before it, not closed without a time, and not resolved by then. */
function openAt(ticket: ReportTicket, ms: number): boolean {
  return ticket.createdMs < ms && !ticket.closedWithoutTime && (ticket.resolvedMs === null || ticket.resolvedMs >= ms);
}
