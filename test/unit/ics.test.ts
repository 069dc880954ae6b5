import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { holidaysFromIcs } from '../../src/core/holiday-calendar.js';
import { loadConfigWithHolidays } from '../../src/commands/context.js';
import { businessCalendar, businessMinutesBetween } from '../../src/core/sla-clock.js';
import { REPO_ROOT, tempDir, writeFile } from '../helpers/cli.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/ics');
/** Shaped like Google Calendar's export of a shared calendar: VTIMEZONE, yearly all-day events, CRLF. */
const GOOGLE = fs.readFileSync(path.join(FIXTURES, 'google-calendar-export.ics'), 'utf8');
/**
 * Shaped like Outlook 16's export: X-MICROSOFT-CDO-* properties, a Windows zone name with its
 * VTIMEZONE (rules from 1601), EXDATE, an occurrence moved with RECURRENCE-ID, CRLF, folded lines.
 */
const OUTLOOK = fs.readFileSync(path.join(FIXTURES, 'outlook-export.ics'), 'utf8');

const between = (days: string[], from: string, to: string) => days.filter((day) => day >= from && day < to);

describe('holidaysFromIcs', () => {
  it('reads all-day events, multi-day ones with their exclusive end, timed ones and folded lines', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261126',
      'DTEND;VALUE=DATE:20261128',
      'SUMMARY:Thanksgiving',
      ' (and the day after)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261225',
      'SUMMARY:Christmas',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;TZID=America/New_York:20261231T120000',
      'DTEND;TZID=America/New_York:20261231T180000',
      'SUMMARY:Half day',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(holidaysFromIcs(ics)).toEqual(['2026-11-26', '2026-11-27', '2026-12-25', '2026-12-31']);
  });

  it('a Google Calendar export: yearly rules (with UNTIL and BYDAY) expanded, a cancelled event left out, a timed event on the days it covers in the configured zone', () => {
    const newYork = holidaysFromIcs(GOOGLE, 'America/New_York');
    expect(between(newYork, '2025-01-01', '2028-01-01')).toEqual([
      '2025-01-01', '2025-05-01', '2025-10-03', '2025-11-27', '2025-11-28', '2025-12-25', '2025-12-26',
      // 2026-03-09 was cancelled; the migration window (22:00–02:00 Berlin) is 16:00–20:00 in New York.
      '2026-01-01', '2026-05-01', '2026-06-30', '2026-10-03', '2026-11-26', '2026-11-27', '2026-12-25', '2026-12-26',
      // German Unity Day ends with UNTIL=20261003.
      '2027-01-01', '2027-05-01', '2027-11-25', '2027-11-26', '2027-12-25', '2027-12-26',
    ]);
    // In Berlin the migration window runs past midnight: both days.
    expect(between(holidaysFromIcs(GOOGLE, 'Europe/Berlin'), '2026-06-01', '2026-08-01')).toEqual(['2026-06-30', '2026-07-01']);
    // Recurring events are expanded over a bounded range: from their start to 2049.
    expect(newYork[0]).toBe('2020-12-25');
    expect(newYork.at(-1)).toBe('2049-12-26');
    // LF line endings read the same.
    expect(holidaysFromIcs(GOOGLE.replace(/\r\n/g, '\n'), 'America/New_York')).toEqual(newYork);
  });

  it('an Outlook export: EXDATE removes a day, RECURRENCE-ID moves one, a timed yearly event follows its Windows-named VTIMEZONE', () => {
    const berlin = holidaysFromIcs(OUTLOOK, 'Europe/Berlin');
    expect(between(berlin, '2024-01-01', '2029-01-01')).toEqual([
      '2024-01-01', '2024-08-02', '2024-12-24',
      '2025-01-01', '2025-12-24', // Summer Friday 2025-08-01 excluded (EXDATE)
      '2026-01-01', '2026-08-14', '2026-09-14', '2026-09-15', '2026-09-16', // 2026-08-07 moved to the 14th; the retreat ends on the 17th (exclusive); Christmas Eve excluded
      '2027-01-01', '2027-08-06', '2027-12-24',
      '2028-01-01', '2028-08-04', '2028-12-24', // Christmas Eve: COUNT=5 ends in 2028
    ]);
    expect(berlin.filter((day) => day.endsWith('-12-24'))).toEqual(['2024-12-24', '2025-12-24', '2027-12-24', '2028-12-24']);
    // 12:00–23:59 in Berlin is 20:00 to 07:59 the next morning in Tokyo: two days there.
    expect(between(holidaysFromIcs(OUTLOOK, 'Asia/Tokyo'), '2027-12-01', '2028-01-01')).toEqual(['2027-12-24', '2027-12-25']);
    // 03:00 to 14:59 in Los Angeles: one day.
    expect(between(holidaysFromIcs(OUTLOOK, 'America/Los_Angeles'), '2027-12-01', '2028-01-01')).toEqual(['2027-12-24']);
  });

  it('a floating time is read in the configured zone, a UTC time converted to it', () => {
    const ics = (start: string, end: string) =>
      ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:x', `DTSTART:${start}`, `DTEND:${end}`, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    expect(holidaysFromIcs(ics('20260410T230000', '20260410T235900'), 'Asia/Tokyo')).toEqual(['2026-04-10']);
    expect(holidaysFromIcs(ics('20260410T230000Z', '20260410T235900Z'), 'Asia/Tokyo')).toEqual(['2026-04-11']);
    // An event ending at midnight does not take the next day.
    expect(holidaysFromIcs(ics('20260410T090000Z', '20260411T000000Z'), 'UTC')).toEqual(['2026-04-10']);
  });

  it('refuses a calendar that is not iCalendar, and an event recurring more often than a holiday can', () => {
    expect(() => holidaysFromIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026\r\n', 'UTC', 'holidays.ics')).toThrow(/cannot read holidays.ics \(sla.holidays_ics\)/);
    const weekly = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:w', 'SUMMARY:Team sync', 'DTSTART:20240102T100000Z', 'DTEND:20240102T103000Z', 'RRULE:FREQ=WEEKLY', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    expect(() => holidaysFromIcs(weekly, 'UTC', 'holidays.ics')).toThrow(/"Team sync" recurs more than 1000 times/);
  });
});

describe('sla.holidays_ics', () => {
  it('merges the calendar into sla.holidays, in the config zone, and the SLA clock skips those days', () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(FIXTURES, 'outlook-export.ics'), path.join(dir, 'holidays.ics'));
    writeFile(dir, 'csops.config.json', JSON.stringify({ time_zone: 'Europe/Berlin', sla: { holidays: ['2026-08-13'], holidays_ics: 'holidays.ics' } }));
    const { config } = loadConfigWithHolidays({ cwd: dir, env: {} });
    expect(between(config.sla.holidays, '2026-08-01', '2026-09-01')).toEqual(['2026-08-13', '2026-08-14']);
    const calendar = businessCalendar(config.sla, config.time_zone);
    // Wednesday 12 Aug 09:00 to Monday 17 Aug 09:00 Berlin (CEST): only Wednesday's 9 hours count.
    expect(businessMinutesBetween(Date.parse('2026-08-12T07:00:00Z'), Date.parse('2026-08-17T07:00:00Z'), calendar)).toBe(9 * 60);
  });
});
