import { createRequire } from 'node:module';
import type ICALModule from 'ical.js';

type Component = InstanceType<(typeof ICALModule)['Component']>;
type Event = InstanceType<(typeof ICALModule)['Event']>;
type Time = InstanceType<(typeof ICALModule)['Time']>;
import { UsageError, type Wording } from '../errors.js';
import { addDays, formatYmd, utcToZonedDate, zonedWallTimeToUtc } from './dates.js';
import { isTimeZone } from '../config/schema.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/**
 * Holidays from an iCalendar file (RFC 5545), read with ical.js: every day an event covers.
 *
 * - All-day events (DTSTART;VALUE=DATE, DTEND exclusive) are their dates.
 * - Timed events are the dates they cover in `timeZone` (the config's zone), from the day they start
 *   to the day they end: a time with a TZID is read in that zone (the calendar's VTIMEZONE, as
 *   Outlook writes for "W. Europe Standard Time", else the IANA zone of that name), one ending in Z
 *   in UTC, and a floating time as a wall time in `timeZone`.
 * - Recurring events (RRULE, RDATE) are expanded between RECURRENCE_FROM and RECURRENCE_UNTIL, the
 *   years SLA clocks are asked about; EXDATE removes an occurrence, an instance with RECURRENCE-ID
 *   moves (or, with STATUS:CANCELLED, cancels) one. An event recurring more often than a holiday
 *   can (over MAX_OCCURRENCES times in that range, e.g. a weekly meeting) is refused by name.
 * - Cancelled events (STATUS:CANCELLED) and free-time entries are left out.
 */
export function holidaysFromIcs(text: string, timeZone = 'UTC', source: Wording = errorPhrase('error.holidays.the_calendar')): string[] {
  const ICAL = ical();
  let roots: Component[];
  try {
    const parsed = ICAL.parse(text) as unknown[];
    // One calendar parses to ['vcalendar', …]; several to a list of them.
    const calendars = typeof parsed[0] === 'string' ? [parsed] : parsed;
    roots = calendars.map((jcal) => new ICAL.Component(jcal as never));
  } catch (error) {
    throw unreadable(source, error);
  }
  const days = new Set<string>();
  try {
    for (const root of roots) {
      for (const zone of root.getAllSubcomponents('vtimezone')) startZoneRulesLater(zone);
      const events = root.name === 'vevent' ? [root] : root.getAllSubcomponents('vevent');
      const masters = new Map<string, Component>();
      const moved = new Map<string, Component[]>();
      for (const vevent of events) {
        const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
        if (vevent.hasProperty('recurrence-id')) moved.set(uid, [...(moved.get(uid) ?? []), vevent]);
        else masters.set(uid === '' ? `#${masters.size}` : uid, vevent);
      }
      for (const [uid, vevent] of masters) {
        const event = new ICAL.Event(vevent, { exceptions: moved.get(uid) ?? [], strictExceptions: false });
        moved.delete(uid);
        if (!counts(vevent)) continue;
        if (!event.isRecurring()) addSpan(days, event.startDate, event.endDate, timeZone, vevent);
        else expand(days, event, timeZone, source);
      }
      // An instance whose series is not in the file stands alone.
      for (const instances of moved.values()) {
        for (const vevent of instances) {
          const event = new ICAL.Event(vevent);
          if (counts(vevent)) addSpan(days, event.startDate, event.endDate, timeZone, vevent);
        }
      }
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw unreadable(source, error);
  }
  return [...days].sort();
}

/** Recurring events are expanded over these years (dates as YYYY-MM-DD, the end exclusive). */
export const RECURRENCE_FROM = '2000-01-01';
export const RECURRENCE_UNTIL = '2050-01-01';
/** A yearly holiday has 50 occurrences in that range and a monthly one 600; a weekly meeting has 2,600. */
const MAX_OCCURRENCES = 1_000;

let loaded: typeof ICALModule | undefined;

/** ical.js, loaded when a config names a calendar (not by every command that loads the config). */
function ical(): typeof ICALModule {
  loaded ??= createRequire(import.meta.url)('ical.js') as typeof ICALModule;
  return loaded;
}

function unreadable(source: Wording, error: unknown): UsageError {
  const reason = error instanceof Error ? error.message : String(error);
  return new UsageError(errorPhrase('error.holidays.unreadable', { source, reason }), errorPhrase('error.holidays.unreadable_hint'));
}

/** Cancelled events and entries marked as free time (TRANSP:TRANSPARENT is not) are no holidays. */
function counts(vevent: Component): boolean {
  return String(vevent.getFirstPropertyValue('status') ?? '').toUpperCase() !== 'CANCELLED';
}

function expand(days: Set<string>, event: Event, timeZone: string, source: Wording): void {
  const iterator = event.iterator();
  let occurrences = 0;
  for (let next = iterator.next(); next; next = iterator.next()) {
    const day = ymdOf(next);
    if (day >= RECURRENCE_UNTIL) break;
    if (day < RECURRENCE_FROM) continue;
    if (++occurrences > MAX_OCCURRENCES) {
      throw new UsageError(
        errorPhrase('error.holidays.recurs', { source, event: String(event.summary ?? event.uid), max: MAX_OCCURRENCES, from: RECURRENCE_FROM, until: RECURRENCE_UNTIL }),
        errorPhrase('error.holidays.recurs_hint'),
      );
    }
    const details = event.getOccurrenceDetails(next);
    if (!counts(details.item.component)) continue;
    addSpan(days, details.startDate, details.endDate, timeZone, details.item.component);
  }
}

function ymdOf(time: Time): string {
  return formatYmd(time.year, time.month, time.day);
}

/** The days from `start` to `end`: all-day ends are exclusive; a timed event covers each day it touches in `timeZone`. */
function addSpan(days: Set<string>, start: Time, end: Time | undefined, timeZone: string, vevent: Component): void {
  if (start.isDate) {
    const first = ymdOf(start);
    const last = end && end.compare(start) > 0 ? addDays(ymdOf(end), end.isDate ? -1 : 0) : first;
    for (let day = first; day <= last; day = addDays(day, 1)) days.add(day);
    return;
  }
  const startMs = epochOf(start, timeZone, tzidOf(vevent, 'dtstart'));
  const endMs = end ? epochOf(end, timeZone, tzidOf(vevent, 'dtend') ?? tzidOf(vevent, 'dtstart')) : startMs;
  const first = utcToZonedDate(new Date(startMs), timeZone);
  // An event ending at midnight does not take the next day.
  const last = utcToZonedDate(new Date(Math.max(startMs, endMs - 1)), timeZone);
  for (let day = first; day <= last; day = addDays(day, 1)) days.add(day);
}

/** The instant a date-time names (see holidaysFromIcs for the zone rules). */
function epochOf(time: Time, timeZone: string, tzid: string | undefined): number {
  const wall = { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second };
  const zone = time.zone;
  if (zone?.tzid === 'UTC') return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // An IANA name (Google, Apple) is read with the runtime's zone data; another name (Outlook's
  // "W. Europe Standard Time") with the calendar's VTIMEZONE, which ical.js finds by the TZID.
  if (tzid && isTimeZone(tzid)) return Date.parse(zonedWallTimeToUtc(wall, tzid));
  if (zone && zone.tzid !== 'floating' && zone.component) return time.toUnixTime() * 1000;
  return Date.parse(zonedWallTimeToUtc(wall, timeZone));
}

/**
 * Outlook's VTIMEZONE rules start in 1601 (DTSTART:16011028T030000 with a yearly RRULE); ical.js
 * would walk every year from there to each event's. Rules that start before 1900 are moved to 1970
 * (same month, day and time; the RRULE decides the dates), which gives the same offsets for any
 * date a support calendar holds and takes a fraction of the time.
 */
function startZoneRulesLater(vtimezone: Component): void {
  for (const rule of [...vtimezone.getAllSubcomponents('standard'), ...vtimezone.getAllSubcomponents('daylight')]) {
    if (!rule.hasProperty('rrule') || rule.hasProperty('rdate')) continue;
    const property = rule.getFirstProperty('dtstart');
    const start = property?.getFirstValue() as Time | undefined;
    if (!property || !start || typeof start !== 'object' || start.year >= 1900) continue;
    const moved = start.clone();
    moved.year = 1970;
    property.setValue(moved);
  }
}

/** The TZID a date-time property names (ical.js falls back to floating time when the file does not define it). */
function tzidOf(vevent: Component, property: string): string | undefined {
  const tzid = vevent.getFirstProperty(property)?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

