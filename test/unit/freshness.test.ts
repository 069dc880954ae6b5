import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { businessCalendar, workingDaysAfter } from '../../src/core/sla-clock.js';
import { dataThrough, measuredTo, staleNotes } from '../../src/core/freshness.js';

const sla = configSchema.parse({}).sla;
const lags = { usage: 3, tickets: 2, surveys: null, contracts: null };

describe('working days after a day (the SLA calendar)', () => {
  it.each([
    ['Friday to the Monday after', '2026-11-20', '2026-11-23', 1],
    ['Friday to the Wednesday after', '2026-11-20', '2026-11-25', 3],
    ['the same day', '2026-11-20', '2026-11-20', 0],
    ['Saturday to Sunday', '2026-11-21', '2026-11-22', 0],
    ['across a year end', '2026-12-30', '2027-01-04', 3],
  ])('%s', (_label, from, to, expected) => {
    expect(workingDaysAfter(from, to, businessCalendar(sla, 'Asia/Shanghai'))).toBe(expected);
  });

  it('skips holidays, and counts every day when no business hours are configured', () => {
    const holidays = businessCalendar(configSchema.parse({ sla: { holidays: ['2026-11-23', '2026-11-24'] } }).sla, 'Europe/Berlin');
    expect(workingDaysAfter('2026-11-20', '2026-11-25', holidays)).toBe(1);
    const none = configSchema.parse({ sla: { business_hours: { mon: [], tue: [], wed: [], thu: [], fri: [] } } }).sla;
    expect(workingDaysAfter('2026-11-20', '2026-11-25', businessCalendar(none, 'UTC'))).toBe(5);
  });
});

describe('dataThrough', () => {
  const working = (from: string, to: string) => workingDaysAfter(from, to, businessCalendar(sla, 'UTC'));
  const last = { usage: '2026-11-20', tickets: '2026-11-20', surveys: '2026-10-01', contracts: '2026-06-01' };

  it('measures the ticket lag in working days and the others in days', () => {
    const monday = dataThrough(last, '2026-11-23', lags, working);
    expect(monday.tickets).toEqual({ last_day: '2026-11-20', days_behind: 3, working_days_behind: 1, lag_days: 2, stale: false });
    expect(monday.usage).toEqual({ last_day: '2026-11-20', days_behind: 3, working_days_behind: null, lag_days: 3, stale: false });
    const wednesday = dataThrough(last, '2026-11-25', lags, working);
    expect(wednesday.tickets.stale).toBe(true);
    expect(wednesday.usage.stale).toBe(true);
    expect(wednesday.surveys).toEqual({ last_day: '2026-10-01', days_behind: 55, working_days_behind: null, lag_days: null, stale: false });
    expect(measuredTo(wednesday, 'tickets', '2026-11-25')).toBe('2026-11-20');
    expect(measuredTo(monday, 'tickets', '2026-11-23')).toBe('2026-11-23');
    expect(measuredTo(wednesday, 'surveys', '2026-11-25')).toBe('2026-11-25');
    expect(staleNotes(wednesday, '2026-11-25')).toEqual([
      'usage data ends on 2026-11-20, 5 days before the as-of day 2026-11-25: recency is measured to 2026-11-20',
      'ticket data ends on 2026-11-20, 5 days (3 working days) before the as-of day 2026-11-25: tickets after it are not known, and SLA clocks, breaches and spikes are measured to 2026-11-20',
    ]);
  });

  it('a source without data is neither behind nor stale', () => {
    const empty = dataThrough({ usage: null, tickets: null, surveys: null, contracts: null }, '2026-11-25', lags, working);
    expect(empty.tickets).toEqual({ last_day: null, days_behind: null, working_days_behind: null, lag_days: 2, stale: false });
    expect(staleNotes(empty, '2026-11-25')).toEqual([]);
  });
});
