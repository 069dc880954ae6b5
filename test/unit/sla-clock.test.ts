import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { configSchema } from '../../src/config/schema.js';
import { addBusinessMinutes, businessCalendar, businessInstantBefore, businessMinutesBetween, createdSinceDueFrom, measureTicket, slaPolicy } from '../../src/core/sla-clock.js';

const NEW_YORK = 'America/New_York';
const sla = configSchema.parse({}).sla;
const calendar = () => businessCalendar(sla, NEW_YORK);
const ms = (iso: string) => Date.parse(iso);
const iso = (epoch: number | undefined) => (epoch === undefined ? undefined : new Date(epoch).toISOString());

describe('business-hours clock (Mon–Fri 09:00–18:00, New York)', () => {
  it.each([
    ['Friday 17:00 EST + 4 h is Monday 12:00', '2026-11-20T22:00:00.000Z', 240, '2026-11-23T17:00:00.000Z'],
    ['Saturday + 1 h is Monday 10:00', '2026-11-21T15:00:00.000Z', 60, '2026-11-23T15:00:00.000Z'],
    ['before opening starts at 09:00', '2026-11-18T11:00:00.000Z', 30, '2026-11-18T14:30:00.000Z'],
    ['ending exactly at closing time', '2026-11-18T22:00:00.000Z', 60, '2026-11-18T23:00:00.000Z'],
    ['across the spring-forward weekend (EST → EDT)', '2026-03-06T22:00:00.000Z', 120, '2026-03-09T14:00:00.000Z'],
  ])('%s', (_label, start, minutes, due) => {
    expect(iso(addBusinessMinutes(ms(start), minutes, calendar()))).toBe(due);
  });

  it('counts the 25 hours of the day New York falls back (1 Nov 2026) on a round-the-clock schedule', () => {
    const always = [['00:00', '24:00']] as Array<[string, string]>;
    const allDay = businessCalendar(configSchema.parse({ sla: { business_hours: { mon: always, tue: always, wed: always, thu: always, fri: always, sat: always, sun: always } } }).sla, NEW_YORK);
    expect(businessMinutesBetween(ms('2026-11-01T04:00:00.000Z'), ms('2026-11-02T05:00:00.000Z'), allDay)).toBe(25 * 60);
    expect(iso(addBusinessMinutes(ms('2026-11-01T04:00:00.000Z'), 25 * 60, allDay))).toBe('2026-11-02T05:00:00.000Z');
  });

  it('skips configured holidays', () => {
    const withHoliday = businessCalendar(configSchema.parse({ sla: { holidays: ['2026-11-26'] } }).sla, NEW_YORK);
    expect(iso(addBusinessMinutes(ms('2026-11-25T22:00:00.000Z'), 120, withHoliday))).toBe('2026-11-27T15:00:00.000Z');
  });

  it('supports several intervals a day (split shifts)', () => {
    const split = businessCalendar(configSchema.parse({ sla: { business_hours: { mon: [['09:00', '12:00'], ['13:00', '17:00']] } } }).sla, 'UTC');
    expect(businessMinutesBetween(ms('2026-11-23T08:00:00.000Z'), ms('2026-11-23T18:00:00.000Z'), split)).toBe(7 * 60);
    expect(iso(addBusinessMinutes(ms('2026-11-23T11:30:00.000Z'), 60, split))).toBe('2026-11-23T13:30:00.000Z');
  });

  it('counts a weekend as no time at all', () => {
    expect(businessMinutesBetween(ms('2026-11-20T23:00:00.000Z'), ms('2026-11-23T14:00:00.000Z'), calendar())).toBe(0);
  });

  const instant = fc.integer({ min: ms('2026-01-01T00:00:00Z'), max: ms('2026-12-31T00:00:00Z') });

  it('never gives negative business time, nor more than the calendar time', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const minutes = businessMinutesBetween(start, end, calendar());
        return minutes >= 0 && minutes <= (end - start) / 60_000 + 1e-9;
      }),
      { numRuns: 200 },
    );
  });

  it('adds up: the time of two adjacent spans is the time of their union', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        const [start, middle, end] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        const cal = calendar();
        return Math.abs(businessMinutesBetween(start, middle, cal) + businessMinutesBetween(middle, end, cal) - businessMinutesBetween(start, end, cal)) < 1e-6;
      }),
      { numRuns: 200 },
    );
  });

  it('measures spans of many days (a year-old open ticket) as the sum of their days, whatever order one calendar is asked in', () => {
    // Long spans use running totals kept in the calendar, grown forwards and backwards as spans come;
    // the reference cuts each span into pieces of at most a day, which are measured day by day.
    const zones = [NEW_YORK, 'Pacific/Chatham', 'Asia/Shanghai'];
    const hours = configSchema.parse({ sla: { holidays: ['2026-07-03', '2026-12-25', '2027-01-01'], business_hours: { mon: [['08:30', '12:00'], ['13:00', '17:30']], sat: [['10:00', '14:00']] } } }).sla;
    const wide = fc.integer({ min: ms('2025-06-01T00:00:00Z'), max: ms('2027-06-01T00:00:00Z') });
    for (const zone of zones) {
      const shared = businessCalendar(hours, zone);
      fc.assert(
        fc.property(wide, wide, (a, b) => {
          const [start, end] = a <= b ? [a, b] : [b, a];
          const piecewise = businessCalendar(hours, zone);
          let expected = 0;
          for (let from = start; from < end; from += 86_400_000) expected += businessMinutesBetween(from, Math.min(from + 86_400_000, end), piecewise);
          return Math.abs(businessMinutesBetween(start, end, shared) - expected) < 1e-6;
        }),
        { numRuns: 60 },
      );
    }
  });

  it('adding business minutes and measuring them back agree', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 5_000 }), (start, minutes) => {
        const cal = calendar();
        const due = addBusinessMinutes(start, minutes, cal)!;
        return Math.abs(businessMinutesBetween(start, due, cal) - minutes) < 1e-6;
      }),
      { numRuns: 200 },
    );
  });
});

describe('against the Zendesk export sample (../shared/corpus/formats/zendesk_real_export_excel_resaved_sample.csv)', () => {
  // The two rows give "Created at" and "Solved at" (DD-MM-YYYY HH:MM, local time, seconds dropped by
  // Excel) and Zendesk's own "Full resolution time in minutes" and "… within business hours". The
  // calendar minutes match exactly; the business minutes match a schedule of 09:00–21:00 every day
  // (and no standard Mon–Fri office schedule), to the minute for the first row and within the one
  // minute the dropped seconds explain for the second.
  const every = [['09:00', '21:00']] as Array<[string, string]>;
  const sevenDays = businessCalendar(configSchema.parse({ sla: { business_hours: { mon: every, tue: every, wed: every, thu: every, fri: every, sat: every, sun: every } } }).sla, 'UTC');
  it.each([
    ['297732', '2023-04-08T20:52:00Z', '2023-06-14T16:30:00Z', 96_218, 47_978],
    ['301553', '2023-04-13T11:03:00Z', '2023-06-15T20:55:00Z', 91_313, 45_953],
  ])('ticket %s', (_id, created, solved, calendarMinutes, businessMinutes) => {
    expect(Math.abs((ms(solved) - ms(created)) / 60_000 - calendarMinutes)).toBeLessThanOrEqual(1);
    expect(Math.abs(businessMinutesBetween(ms(created), ms(solved), sevenDays) - businessMinutes)).toBeLessThanOrEqual(1);
  });
});

describe('measureTicket', () => {
  const policy = slaPolicy(sla, NEW_YORK);
  const ticket = { createdMs: ms('2026-11-17T15:00:00.000Z'), firstResponseMs: null, resolvedMs: null, priority: 'urgent', firstResponseMinutes: null, resolutionMinutes: null };

  it('breaches an open urgent ticket once the as-of moment passes its due time', () => {
    const measured = measureTicket(ticket, ms('2026-11-17T15:30:00.000Z'), policy);
    expect(measured.firstResponse).toMatchObject({ breached: false, done: false, elapsedMinutes: 30 });
    expect(measureTicket(ticket, ms('2026-11-20T23:00:00.000Z'), policy).resolution).toMatchObject({ breached: true, done: false, dueMs: ms('2026-11-17T19:00:00.000Z') });
  });

  it('does not see a reply that came after the as-of moment', () => {
    const answered = { ...ticket, firstResponseMs: ms('2026-11-18T15:00:00.000Z') };
    expect(measureTicket(answered, ms('2026-11-17T15:30:00.000Z'), policy).firstResponse.done).toBe(false);
    expect(measureTicket(answered, ms('2026-11-19T00:00:00.000Z'), policy).firstResponse).toMatchObject({ done: true, breached: true });
  });

  it('uses a duration from the export when the timestamps are absent, and says so', () => {
    const measured = measureTicket({ ...ticket, priority: 'high', firstResponseMinutes: 300 }, ms('2026-11-20T23:00:00.000Z'), policy);
    expect(measured.firstResponse).toMatchObject({ breached: true, fromDuration: true, elapsedMinutes: 300 });
  });

  it("prefers the export's first-reply minutes over the resolution time when no reply time is recorded", () => {
    const zendesk = { ...ticket, priority: 'normal', firstResponseMinutes: 140, resolvedMs: ms('2026-11-20T20:00:00.000Z') };
    const measured = measureTicket(zendesk, ms('2026-11-21T05:00:00.000Z'), policy);
    expect(measured.firstResponse).toMatchObject({ breached: false, done: true, fromDuration: true, elapsedMinutes: 140 });
  });

  it('places a duration on the clock: a reply 300 minutes after creation has not happened an hour in', () => {
    const measured = measureTicket({ ...ticket, priority: 'high', firstResponseMinutes: 300 }, ms('2026-11-17T16:00:00.000Z'), policy);
    expect(measured.firstResponse).toMatchObject({ done: false, breached: false });
  });

  it("takes a ticket type's own targets from sla.type_targets, the rest from its priority", () => {
    const typed = slaPolicy(configSchema.parse({ sla: { type_targets: { question: { urgent: { resolution_hours: 8 } } } } }).sla, NEW_YORK);
    const question = measureTicket({ ...ticket, type: 'question' }, ms('2026-11-17T20:00:00.000Z'), typed); // 5 business hours in
    expect(question.resolution).toMatchObject({ targetMinutes: 480, breached: false });
    expect(question.firstResponse.targetMinutes).toBe(60);
    expect(measureTicket({ ...ticket, type: 'bug' }, ms('2026-11-17T20:00:00.000Z'), typed).resolution).toMatchObject({ targetMinutes: 240, breached: true });
  });

  it('measures a ticket without a priority against the default priority', () => {
    expect(measureTicket({ ...ticket, priority: null }, ms('2026-11-17T16:00:00.000Z'), policy).priority).toBe('normal');
  });
});

describe('the earliest creation whose target can fall due from an instant on (the support window)', () => {
  const zones = ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham'];
  const short = [['09:00', '11:00']] as Array<[string, string]>;
  const policies = zones.flatMap((zone) => [
    slaPolicy(configSchema.parse({ sla: { holidays: ['2026-03-09', '2026-11-02', '2026-12-25'] } }).sla, zone),
    slaPolicy(configSchema.parse({ sla: { business_hours: { mon: short, wed: [['08:00', '12:00'], ['13:00', '17:30']], sat: short } } }).sla, zone),
    slaPolicy(configSchema.parse({ sla: { clock: 'calendar' } }).sla, zone),
  ]);
  // Instants across 2026 (both changes of clocks in each hemisphere), targets up to 600 hours.
  const instant = fc.integer({ min: ms('2026-01-05T00:00:00.000Z'), max: ms('2026-12-20T00:00:00.000Z') });

  it('is tight: a ticket created then falls due at (or, outside business hours, just before) the instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 36_000 }), fc.nat(policies.length - 1), (end, minutes, which) => {
        const policy = policies[which]!;
        const since = policy.clock === 'calendar' ? end - minutes * 60_000 : businessInstantBefore(end, minutes, policy.calendar)!;
        const due = policy.clock === 'calendar' ? since + minutes * 60_000 : addBusinessMinutes(since, minutes, policy.calendar)!;
        expect(due).toBeLessThanOrEqual(end);
        if (policy.clock === 'business') expect(businessMinutesBetween(since, end, policy.calendar)).toBeCloseTo(minutes, 6);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out only tickets whose target fell due before the instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 36_000 }), fc.integer({ min: 1, max: 60 * 86_400_000 }), fc.nat(policies.length - 1), (end, minutes, earlier, which) => {
        const policy = policies[which]!;
        const since = createdSinceDueFrom(end, minutes, policy);
        const created = since - earlier;
        const due = policy.clock === 'calendar' ? created + minutes * 60_000 : addBusinessMinutes(created, minutes, policy.calendar)!;
        expect(due).toBeLessThan(end);
      }),
      { numRuns: 300 },
    );
  });
});
