import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { slaPolicy } from '../../src/core/sla-clock.js';
import { buildTicketReport, quantile, type ReportTicket } from '../../src/core/ticket-report.js';
import { groupSubjects, subjectKey } from '../../src/core/ticket-subjects.js';
import { resolveReportPeriod } from '../../src/commands/report.js';

const policy = slaPolicy(configSchema.parse({}).sla, 'UTC');
const escalations = configSchema.parse({}).sla.escalation;
const ms = (iso: string) => Date.parse(iso);
// Week 2026-W47 in UTC: Mon 16 Nov … Sun 22 Nov; the week before: 9–15 Nov.
const week = { startMs: ms('2026-11-16T00:00:00Z'), endMs: ms('2026-11-23T00:00:00Z') };
const before = { startMs: ms('2026-11-09T00:00:00Z'), endMs: week.startMs };

let sequence = 0;
function ticket(created: string, change: Partial<ReportTicket> = {}): ReportTicket {
  return {
    ticket_id: `T${++sequence}`, account_id: 'A', createdMs: ms(created), firstResponseMs: null, resolvedMs: null, closedWithoutTime: false, priority: 'normal', type: 'question',
    subject: null, tags: [], csat: null, firstResponseMinutes: null, resolutionMinutes: null, ...change,
  };
}

describe('buildTicketReport', () => {
  it('counts created, resolved and backlog, and attainment of the targets that came due', () => {
    const tickets = [
      // Mon 10:00, answered in 1 h, resolved in 5 h: both met (normal: 8 h / 40 h).
      ticket('2026-11-16T10:00:00Z', { firstResponseMs: ms('2026-11-16T11:00:00Z'), resolvedMs: ms('2026-11-16T15:00:00Z'), csat: 5 }),
      // Urgent, Tue 10:00, answered Tue 13:00 (1 h target): breached; still open at the end (4 h target): breached.
      ticket('2026-11-17T10:00:00Z', { priority: 'urgent', firstResponseMs: ms('2026-11-17T13:00:00Z') }),
      // Fri 17:00, not answered: 8 business hours run to Mon 16:00, after the week: pending.
      ticket('2026-11-20T17:00:00Z'),
      // Created the week before, resolved this week, CSAT 2.
      ticket('2026-11-12T10:00:00Z', { firstResponseMs: ms('2026-11-12T11:00:00Z'), resolvedMs: ms('2026-11-17T09:30:00Z'), csat: 2 }),
      // Closed in the helpdesk without a time: not in the backlog.
      ticket('2026-11-10T10:00:00Z', { closedWithoutTime: true }),
    ];
    const { figures, previous } = buildTicketReport(tickets, week, before, policy, escalations);
    expect(figures).toMatchObject({
      created: 3, resolved: 2, backlog: 2,
      first_response_met: 1, first_response_breached: 1, first_response_attainment: 0.5,
      resolution_met: 1, resolution_breached: 1, resolution_attainment: 0.5,
      csat: 0.5, csat_responses: 2,
      median_first_response_hours: 1, median_resolution_hours: 5,
    });
    expect(previous).toMatchObject({ created: 2, resolved: 0, backlog: 1 });
  });

  it('lists breached tickets oldest first with their escalation level', () => {
    const tickets = [
      // Urgent, 4 h to resolution: open at the end of the week after 80 business hours → far past 200%.
      ticket('2026-11-10T10:00:00Z', { priority: 'urgent', firstResponseMs: ms('2026-11-10T10:30:00Z') }),
      // High, 4 h to first response: answered after 5 business hours = 125% → owner.
      ticket('2026-11-18T09:00:00Z', { priority: 'high', firstResponseMs: ms('2026-11-18T14:00:00Z'), resolvedMs: ms('2026-11-18T15:00:00Z') }),
      // High, answered after 6.5 h = 162% → team lead.
      ticket('2026-11-19T09:00:00Z', { priority: 'high', firstResponseMs: ms('2026-11-19T15:30:00Z'), resolvedMs: ms('2026-11-19T16:00:00Z') }),
    ];
    const { breached } = buildTicketReport(tickets, week, before, policy, escalations);
    expect(breached.map((entry) => [entry.ticket_id, entry.breached, entry.multiple, entry.escalation, entry.open])).toEqual([
      [tickets[0]!.ticket_id, 'resolution', 20, 'head of CS', true], // 80 business hours against 4
      [tickets[1]!.ticket_id, 'first response', 1.25, 'owner', false],
      [tickets[2]!.ticket_id, 'first response', 1.63, 'team lead', false],
    ]);
  });

  it("groups recurring subjects and the product team's bugs and feature requests", () => {
    const tickets = [
      ticket('2026-11-16T10:00:00Z', { subject: 'Export to CSV times out', type: 'bug', account_id: 'A' }),
      ticket('2026-11-17T10:00:00Z', { subject: 'export to csv times out (#4411)', type: 'bug', account_id: 'B' }),
      ticket('2026-11-18T10:00:00Z', { subject: 'Re: Export to CSV times out', type: 'bug', account_id: 'A' }),
      ticket('2026-11-18T11:00:00Z', { subject: 'Feature request: dark mode', type: 'feature', account_id: 'C' }),
    ];
    const report = buildTicketReport(tickets, week, before, policy, escalations);
    expect(report.recurring_subjects).toEqual([{ subject: 'Export to CSV times out', tickets: 3, accounts: 2, examples: tickets.slice(0, 3).map((t) => t.ticket_id) }]);
    expect(report.bugs[0]).toMatchObject({ tickets: 3 });
    expect(report.feature_requests).toEqual([{ subject: 'Feature request: dark mode', tickets: 1, accounts: 1, examples: [tickets[3]!.ticket_id] }]);
  });

  it('counts a ticket closed without a resolution time but gives it no SLA figures', () => {
    const tickets = [ticket('2026-11-16T10:00:00Z', { closedWithoutTime: true, priority: 'urgent' })];
    const report = buildTicketReport(tickets, week, before, policy, escalations);
    expect(report.figures).toMatchObject({ created: 1, backlog: 0, first_response_met: 0, first_response_breached: 0, resolution_breached: 0 });
    expect(report.breached).toEqual([]);
    expect(report.by_priority).toEqual([{ key: 'urgent', created: 1, resolved: 0, first_response_attainment: null, resolution_attainment: null }]);
  });

  it('uses export durations when timestamps are missing, and counts them', () => {
    const tickets = [ticket('2026-11-16T10:00:00Z', { priority: 'high', firstResponseMinutes: 300, resolutionMinutes: 420 })];
    const report = buildTicketReport(tickets, week, before, policy, escalations);
    expect(report.from_durations).toBe(1);
    expect(report.figures).toMatchObject({ first_response_breached: 1, resolution_met: 1, median_first_response_hours: 5 });
    expect(report.tickets[0]).toMatchObject({ first_response: 'breached', resolution: 'met', from_duration: true });
  });
});

describe('helpers', () => {
  it('takes nearest-rank quantiles', () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('keys subjects without ids, numbers, replies and punctuation', () => {
    expect(subjectKey('RE: Invoice #2024-117 question?')).toBe(subjectKey('Invoice question'));
    expect(groupSubjects([])).toEqual([]);
  });
});

describe('report periods', () => {
  it.each([
    ['weekly, Friday 20 Nov: the week that ended on Sunday 15 Nov', { kind: 'weekly' as const }, '2026-11-20', '2026-W46', '2026-11-09', '2026-11-15', '2026-W45'],
    ['weekly, on the Sunday itself the week is complete', { kind: 'weekly' as const }, '2026-11-22', '2026-W47', '2026-11-16', '2026-11-22', '2026-W46'],
    ['weekly, an ISO week across the new year', { kind: 'weekly' as const, week: '2026-W53' }, '2027-01-10', '2026-W53', '2026-12-28', '2027-01-03', '2026-W52'],
    ['monthly, mid-month: the month before', { kind: 'monthly' as const }, '2026-11-20', '2026-10', '2026-10-01', '2026-10-31', '2026-09'],
    ['monthly, on its last day the month is complete', { kind: 'monthly' as const }, '2026-11-30', '2026-11', '2026-11-01', '2026-11-30', '2026-10'],
    ['monthly, January looks back to December', { kind: 'monthly' as const, month: '2027-01' }, '2027-02-05', '2027-01', '2027-01-01', '2027-01-31', '2026-12'],
  ])('%s', (_label, options, asOf, label, from, to, previousLabel) => {
    const { period, previous } = resolveReportPeriod(options, asOf);
    expect(period).toEqual({ label, from, to });
    expect(previous.label).toBe(previousLabel);
  });

  it('refuses weeks that do not exist and periods after the as-of day', () => {
    expect(() => resolveReportPeriod({ kind: 'weekly', week: '2025-W53' }, '2026-11-20')).toThrow(/not an ISO week/);
    expect(() => resolveReportPeriod({ kind: 'weekly', week: '2026-W50' }, '2026-11-20')).toThrow(/starts after the as-of day/);
    expect(() => resolveReportPeriod({ kind: 'monthly', week: '2026-W40' }, '2026-11-20')).toThrow(/--week goes with/);
  });
});

describe('tickets no account matches', () => {
  it('count in every figure and form the unmatched group, by the organisation they name', () => {
    const tickets = [
      ticket('2026-11-16T10:00:00Z', { account_id: 'A' }),
      ticket('2026-11-16T11:00:00Z', { account_id: null, organization: 'Initech' }),
      ticket('2026-11-17T11:00:00Z', { account_id: null, organization: 'Initech', priority: 'urgent' }),
      ticket('2026-11-18T11:00:00Z', { account_id: null, organization: 'example.com' }),
      ticket('2026-11-18T12:00:00Z', { account_id: null }),
      // Created the week before: not in this week's group.
      ticket('2026-11-12T11:00:00Z', { account_id: null, organization: 'Umbrella' }),
    ];
    const report = buildTicketReport(tickets, week, before, policy, escalations);
    expect(report.figures.created).toBe(5);
    expect(report.top_accounts).toEqual([{ account_id: 'A', tickets: 1 }]);
    expect(report.unmatched).toEqual({
      tickets: 4,
      organizations: [
        { organization: 'Initech', tickets: 2 },
        { organization: 'example.com', tickets: 1 },
        { organization: null, tickets: 1 },
      ],
    });
    expect(report.breached.find((entry) => entry.priority === 'urgent')).toMatchObject({ account_id: null, organization: 'Initech' });
    expect(report.tickets.filter((row) => row.account_id === null).map((row) => row.organization)).toEqual(['Initech', 'Initech', 'example.com', null]);
    expect(report.previous.created).toBe(1);
  });
});
