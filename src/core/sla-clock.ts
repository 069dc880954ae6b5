import type { SlaConfig, TicketPriority } from '../config/rules.js';
import { weekdayOf, zonedDayNumber, zonedWallTimeToUtc } from './dates.js';

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
  /** Working intervals of each day already converted to instants, by day number (days since 1970-01-01). */
  cache: Map<number, Array<[number, number]>>;
  /**
   * Running totals of working milliseconds, for spans of many days (an open ticket a year old is
   * measured to the as-of day): `totals[i]` is the working time of the days from `firstDay` up to
   * `firstDay + i` (excluded). Grown on demand in either direction.
   */
  running: { firstDay: number; totals: number[] };
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
  return { timeZone, week, holidays: new Set(sla.holidays), cache: new Map(), running: { firstDay: 0, totals: [] } };
}

const DAY = 24 * 60 * MINUTE;

/** The day's working intervals as [startMs, endMs) instants; DST days have their real length. */
function workingIntervals(calendar: BusinessCalendar, dayNumber: number): Array<[number, number]> {
  let intervals = calendar.cache.get(dayNumber);
  if (intervals) return intervals;
  intervals = [];
  const ymd = new Date(dayNumber * DAY).toISOString().slice(0, 10);
  if (!calendar.holidays.has(ymd)) {
    const [year, month, day] = ymd.split('-').map(Number) as [number, number, number];
    const at = (minutes: number) =>
      minutes === 24 * 60
        ? Date.parse(zonedWallTimeToUtc({ year, month, day: day + 1 }, calendar.timeZone))
        : Date.parse(zonedWallTimeToUtc({ year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60 }, calendar.timeZone));
    for (const [from, to] of calendar.week[weekdayOf(ymd)]!) intervals.push([at(from), at(to)]);
  }
  calendar.cache.set(dayNumber, intervals);
  return intervals;
}

/**
 * Working days after `from` up to and including `to` (both YYYY-MM-DD): days with business hours
 * that are not holidays. A Friday to the Monday after is 1. A calendar without business hours
 * (every target in calendar hours) counts every day.
 */
export function workingDaysAfter(from: string, to: string, calendar: BusinessCalendar): number {
  const first = Date.parse(`${from}T00:00:00Z`) / DAY + 1;
  const last = Date.parse(`${to}T00:00:00Z`) / DAY;
  const anyHours = calendar.week.some((intervals) => intervals.length > 0);
  let count = 0;
  for (let day = first; day <= last; day++) if (!anyHours || workingIntervals(calendar, day).length > 0) count++;
  return count;
}

/** Business minutes between two instants (0 when end ≤ start). */
export function businessMinutesBetween(startMs: number, endMs: number, calendar: BusinessCalendar): number {
  if (endMs <= startMs) return 0;
  const firstDay = zonedDayNumber(startMs, calendar.timeZone);
  const lastDay = zonedDayNumber(endMs, calendar.timeZone);
  if (lastDay - firstDay < 3) {
    let total = 0;
    for (let day = firstDay; day <= lastDay; day++) total += workingOverlap(calendar, day, startMs, endMs);
    return total / MINUTE;
  }
  // The first and last days in part, the whole days between from the running totals.
  // The earlier day first: it may prepend days, which moves every total; appending moves none.
  const before = workingBefore(calendar, firstDay + 1);
  const between = workingBefore(calendar, lastDay) - before;
  return (workingOverlap(calendar, firstDay, startMs, endMs) + between + workingOverlap(calendar, lastDay, startMs, endMs)) / MINUTE;
}

/** Working milliseconds of one day that fall between two instants. */
function workingOverlap(calendar: BusinessCalendar, day: number, startMs: number, endMs: number): number {
  let total = 0;
  const intervals = workingIntervals(calendar, day);
  for (let index = 0; index < intervals.length; index++) {
    const [from, to] = intervals[index]!;
    const overlap = Math.min(to, endMs) - Math.max(from, startMs);
    if (overlap > 0) total += overlap;
  }
  return total;
}

/** Working milliseconds of every day before `day`, counted from the running totals' first day (only differences mean anything). */
function workingBefore(calendar: BusinessCalendar, day: number): number {
  const running = calendar.running;
  const dayLength = (d: number) => workingOverlap(calendar, d, -Infinity, Infinity);
  if (running.totals.length === 0) {
    running.firstDay = day;
    running.totals.push(0);
  }
  while (day < running.firstDay) {
    // Prepend the day before the first: every total grows by its length.
    running.firstDay--;
    const length = dayLength(running.firstDay);
    for (let index = 0; index < running.totals.length; index++) running.totals[index]! += length;
    running.totals.unshift(0);
  }
  while (running.firstDay + running.totals.length - 1 < day) {
    const last = running.firstDay + running.totals.length - 1;
    running.totals.push(running.totals[running.totals.length - 1]! + dayLength(last));
  }
  return running.totals[day - running.firstDay]!;
}

/** The instant `minutes` business minutes after `startMs`; undefined when no business time is configured. */
export function addBusinessMinutes(startMs: number, minutes: number, calendar: BusinessCalendar): number | undefined {
  let remaining = minutes * MINUTE;
  const firstDay = zonedDayNumber(startMs, calendar.timeZone);
  for (let day = firstDay; day <= firstDay + SEARCH_LIMIT_DAYS; day++) {
    for (const [from, to] of workingIntervals(calendar, day)) {
      const begin = Math.max(from, startMs);
      if (begin >= to) continue;
      if (begin + remaining <= to) return begin + remaining;
      remaining -= to - begin;
    }
  }
  return undefined;
}

/**
 * The instant from which exactly `minutes` business minutes remain until `endMs` (the working time
 * before `endMs`, walked backwards); undefined when the calendar has less than that in the
 * SEARCH_LIMIT_DAYS before it. addBusinessMinutes from that instant lands on `endMs` (or, when
 * `endMs` is outside business hours, on the end of the last working interval before it).
 */
export function businessInstantBefore(endMs: number, minutes: number, calendar: BusinessCalendar): number | undefined {
  let remaining = minutes * MINUTE;
  const lastDay = zonedDayNumber(endMs, calendar.timeZone);
  for (let day = lastDay; day >= lastDay - SEARCH_LIMIT_DAYS; day--) {
    const intervals = workingIntervals(calendar, day);
    for (let index = intervals.length - 1; index >= 0; index--) {
      const [from, to] = intervals[index]!;
      const end = Math.min(to, endMs);
      if (end <= from) continue;
      if (end - remaining >= from) return end - remaining;
      remaining -= end - from;
    }
  }
  return undefined;
}

export interface SlaTicket {
  createdMs: number;
  firstResponseMs: number | null;
  resolvedMs: number | null;
  priority: string | null;
  /** Ticket type (bug, feature, question, other): sla.type_targets may set other targets for it. */
  type?: string | null;
  /** Durations the export gave instead of timestamps (already in the clock's kind of minutes). */
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

export interface SlaMeasure {
  /** When the target falls due; undefined when only a duration was known. */
  dueMs: number | undefined;
  targetMinutes: number;
  /** Minutes taken (or, still open, elapsed so far), on the policy's clock; undefined when not asked for. */
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
  typeTargets: SlaConfig['type_targets'];
  defaultPriority: TicketPriority;
}

/**
 * The policy of a config's SLA section in a zone, made once per section and zone: its calendar keeps
 * each day's working intervals (several time-zone conversions each) for every later measure, so the
 * support window, the support signals and the report of one command, and the hundreds of days a
 * backtest scores, convert each day once. The calendar's caches only ever hold what the same
 * computation would give again.
 */
const policies = new WeakMap<SlaConfig, Map<string, SlaPolicy>>();
export function slaPolicy(sla: SlaConfig, timeZone: string): SlaPolicy {
  let byZone = policies.get(sla);
  if (!byZone) policies.set(sla, (byZone = new Map()));
  let policy = byZone.get(timeZone);
  if (!policy) {
    policy = { clock: sla.clock, calendar: businessCalendar(sla, timeZone), targets: sla.targets, typeTargets: sla.type_targets, defaultPriority: sla.default_priority };
    byZone.set(timeZone, policy);
  }
  return policy;
}

function dueAfter(startMs: number, minutes: number, policy: SlaPolicy): number | undefined {
  return policy.clock === 'calendar' ? startMs + minutes * MINUTE : addBusinessMinutes(startMs, minutes, policy.calendar);
}

function elapsed(startMs: number, endMs: number, policy: SlaPolicy): number {
  return policy.clock === 'calendar' ? Math.max(0, endMs - startMs) / MINUTE : businessMinutesBetween(startMs, endMs, policy.calendar);
}

/**
 * The earliest creation instant from which a target of `minutes` can fall due at or after `dueFromMs`:
 * a ticket created before it had more than `minutes` on the policy's clock before `dueFromMs`, so its
 * target fell due earlier. Epoch 0 (every ticket) when the calendar has too little working time to tell.
 */
export function createdSinceDueFrom(dueFromMs: number, minutes: number, policy: SlaPolicy): number {
  // One minute more than the target: a ticket created at the instant itself is due strictly before dueFromMs.
  if (policy.clock === 'calendar') return dueFromMs - (minutes + 1) * MINUTE;
  return businessInstantBefore(dueFromMs, minutes + 1, policy.calendar) ?? 0;
}

/**
 * First response and resolution of one ticket against its priority's targets, as known at `asOfMs`
 * (an exclusive bound: the start of the day after the as-of day). A metric that happened at or after
 * it is treated as not yet happened (replayable history). A duration from the export (minutes to first
 * reply or resolution, on the policy's clock) stands in for a missing timestamp: it is placed on the
 * clock after the creation time. A ticket resolved without a recorded reply counts its resolution as
 * its first response.
 */
export function measureTicket(
  ticket: SlaTicket,
  asOfMs: number,
  policy: SlaPolicy,
  options: { elapsed: boolean } = { elapsed: true },
): { firstResponse: SlaMeasure; resolution: SlaMeasure; priority: TicketPriority } {
  const priority = (ticket.priority && ticket.priority in policy.targets ? ticket.priority : policy.defaultPriority) as TicketPriority;
  const typeTarget = ticket.type ? policy.typeTargets[ticket.type]?.[priority] : undefined;
  const firstResponseHours = typeTarget?.first_response_hours ?? policy.targets[priority].first_response_hours;
  const resolutionHours = typeTarget?.resolution_hours ?? policy.targets[priority].resolution_hours;
  const afterDuration = (minutes: number | null) => (minutes === null ? null : (dueAfter(ticket.createdMs, minutes, policy) ?? null));
  const resolution = { at: ticket.resolvedMs ?? afterDuration(ticket.resolutionMinutes), minutes: ticket.resolvedMs === null ? ticket.resolutionMinutes : null };
  const firstResponse =
    ticket.firstResponseMs !== null || ticket.firstResponseMinutes !== null
      ? { at: ticket.firstResponseMs ?? afterDuration(ticket.firstResponseMinutes), minutes: ticket.firstResponseMs === null ? ticket.firstResponseMinutes : null }
      : resolution;
  const measure = (event: { at: number | null; minutes: number | null }, targetMinutes: number): SlaMeasure => {
    const dueMs = dueAfter(ticket.createdMs, targetMinutes, policy);
    const happenedMs = event.at !== null && event.at < asOfMs ? event.at : null;
    const fromDuration = happenedMs !== null && event.minutes !== null;
    const endMs = happenedMs ?? asOfMs;
    const breached = fromDuration ? event.minutes! > targetMinutes : dueMs !== undefined && endMs > dueMs;
    const elapsedMinutes = !options.elapsed ? undefined : fromDuration ? event.minutes! : elapsed(ticket.createdMs, endMs, policy);
    return { dueMs, targetMinutes, elapsedMinutes, breached, done: happenedMs !== null, fromDuration };
  };
  return {
    priority,
    firstResponse: measure(firstResponse, firstResponseHours * 60),
    resolution: measure(resolution, resolutionHours * 60),
  };
}
