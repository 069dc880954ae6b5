import type { SlaConfig, TicketPriority } from '../config/rules.js';
import { addDays, utcToZonedDate, weekdayOf, zonedWallTimeToUtc } from './dates.js';

/**
 * The SLA clock (DOMAIN §4, SPEC §4): targets per priority measured in business hours (weekly
 * intervals in one IANA zone, minus holidays) or calendar hours. Pure: instants are epoch
 * milliseconds, the as-of moment is passed in, nothing reads the machine's clock or zone.
 */
export interface BusinessCalendar {
  timeZone: string;
  /** Per weekday (0 = Sunday), the working intervals as minutes after midnight, sorted. */
  week: Array<Array<[number, number]>>;
  holidays: ReadonlySet<string>;
  /** Working intervals of each day already converted to instants, by 'YYYY-MM-DD'. */
  cache: Map<string, Array<[number, number]>>;
}

const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const MINUTE = 60_000;
/** A target longer than this many days of searching for business time has no due time (no hours configured). */
const SEARCH_LIMIT_DAYS = 3 * 366;

export function businessCalendar(sla: SlaConfig, timeZone: string): BusinessCalendar {
  const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  const week = WEEKDAY_KEYS.map((key) =>
    sla.business_hours[key].map(([from, to]) => [toMinutes(from), toMinutes(to)] as [number, number]).sort((a, b) => a[0] - b[0]),
  );
  return { timeZone, week, holidays: new Set(sla.holidays), cache: new Map() };
}

/** The day's working intervals as [startMs, endMs) instants; DST days have their real length. */
function workingIntervals(calendar: BusinessCalendar, ymd: string): Array<[number, number]> {
  let intervals = calendar.cache.get(ymd);
  if (intervals) return intervals;
  intervals = [];
  if (!calendar.holidays.has(ymd)) {
    const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
    const at = (minutes: number) =>
      minutes === 24 * 60
        ? Date.parse(zonedWallTimeToUtc({ year, month, day: day + 1 }, calendar.timeZone))
        : Date.parse(zonedWallTimeToUtc({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, calendar.timeZone));
    for (const [from, to] of calendar.week[weekdayOf(ymd)]!) intervals.push([at(from), at(to)]);
  }
  calendar.cache.set(ymd, intervals);
  return intervals;
}

/** Business minutes between two instants (0 when end ≤ start). */
export function businessMinutesBetween(startMs: number, endMs: number, calendar: BusinessCalendar): number {
  if (endMs <= startMs) return 0;
  let total = 0;
  const lastDay = utcToZonedDate(new Date(endMs), calendar.timeZone);
  for (let ymd = utcToZonedDate(new Date(startMs), calendar.timeZone); ymd <= lastDay; ymd = addDays(ymd, 1)) {
    for (const [from, to] of workingIntervals(calendar, ymd)) {
      const overlap = Math.min(to, endMs) - Math.max(from, startMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE;
}

/** The instant `minutes` business minutes after `startMs`; undefined when no business time is configured. */
export function addBusinessMinutes(startMs: number, minutes: number, calendar: BusinessCalendar): number | undefined {
  let remaining = minutes * MINUTE;
  let ymd = utcToZonedDate(new Date(startMs), calendar.timeZone);
  for (let searched = 0; searched <= SEARCH_LIMIT_DAYS; searched++, ymd = addDays(ymd, 1)) {
    for (const [from, to] of workingIntervals(calendar, ymd)) {
      const begin = Math.max(from, startMs);
      if (begin >= to) continue;
      if (begin + remaining <= to) return begin + remaining;
      remaining -= to - begin;
    }
  }
  return undefined;
}

export interface SlaTicket {
  createdMs: number;
  firstResponseMs: number | null;
  resolvedMs: number | null;
  priority: string | null;
  /** Durations the export gave instead of timestamps (already in the clock's kind of minutes). */
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

export interface SlaMeasure {
  /** When the target falls due; undefined when only a duration was known. */
  dueMs: number | undefined;
  targetMinutes: number;
  /** Minutes taken (or, still open, elapsed so far), on the policy's clock. */
  elapsedMinutes: number | undefined;
  breached: boolean;
  /** The metric happened (or, open, is still running). */
  done: boolean;
  /** The breach is known from a duration column, not from timestamps. */
  fromDuration: boolean;
}

export interface SlaPolicy {
  clock: 'business' | 'calendar';
  calendar: BusinessCalendar;
  targets: SlaConfig['targets'];
  defaultPriority: TicketPriority;
}

export function slaPolicy(sla: SlaConfig, timeZone: string): SlaPolicy {
  return { clock: sla.clock, calendar: businessCalendar(sla, timeZone), targets: sla.targets, defaultPriority: sla.default_priority };
}

function dueAfter(startMs: number, minutes: number, policy: SlaPolicy): number | undefined {
  return policy.clock === 'calendar' ? startMs + minutes * MINUTE : addBusinessMinutes(startMs, minutes, policy.calendar);
}

function elapsed(startMs: number, endMs: number, policy: SlaPolicy): number {
  return policy.clock === 'calendar' ? Math.max(0, endMs - startMs) / MINUTE : businessMinutesBetween(startMs, endMs, policy.calendar);
}

/**
 * First response and resolution of one ticket against its priority's targets, as known at `asOfMs`.
 * A metric that happened after the as-of moment is treated as not yet happened (replayable history).
 * A ticket resolved without a recorded reply counts its resolution as its first response.
 */
export function measureTicket(ticket: SlaTicket, asOfMs: number, policy: SlaPolicy): { firstResponse: SlaMeasure; resolution: SlaMeasure; priority: TicketPriority } {
  const priority = (ticket.priority && ticket.priority in policy.targets ? ticket.priority : policy.defaultPriority) as TicketPriority;
  const target = policy.targets[priority];
  const known = (ms: number | null) => (ms !== null && ms <= asOfMs ? ms : null);
  const resolvedMs = known(ticket.resolvedMs);
  const firstResponseMs = known(ticket.firstResponseMs) ?? resolvedMs;
  const measure = (happenedMs: number | null, durationMinutes: number | null, targetMinutes: number): SlaMeasure => {
    const dueMs = dueAfter(ticket.createdMs, targetMinutes, policy);
    if (happenedMs === null && durationMinutes !== null && ticket.resolvedMs === null && ticket.firstResponseMs === null) {
      return { dueMs: undefined, targetMinutes, elapsedMinutes: durationMinutes, breached: durationMinutes > targetMinutes, done: true, fromDuration: true };
    }
    const endMs = happenedMs ?? asOfMs;
    const breached = dueMs !== undefined && endMs > dueMs;
    return { dueMs, targetMinutes, elapsedMinutes: elapsed(ticket.createdMs, endMs, policy), breached, done: happenedMs !== null, fromDuration: false };
  };
  return {
    priority,
    firstResponse: measure(firstResponseMs, ticket.firstResponseMinutes, target.first_response_hours * 60),
    resolution: measure(resolvedMs, ticket.resolutionMinutes, target.resolution_hours * 60),
  };
}
