import { addDays } from '../core/dates.js';

/**
 * Holidays from an iCalendar file (RFC 5545): every day an event covers. All-day events
 * (DTSTART;VALUE=DATE:20261126, DTEND exclusive) are what holiday calendars publish; a timed event
 * counts for the day it starts. Folded lines and other properties are ignored.
 */
export function holidaysFromIcs(text: string): string[] {
  const days = new Set<string>();
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  for (const event of unfolded.split(/BEGIN:VEVENT/).slice(1)) {
    const start = dateOf(/^DTSTART[^:\n]*:(\d{8})/m.exec(event)?.[1]);
    if (!start) continue;
    const end = dateOf(/^DTEND[^:\n]*:(\d{8})/m.exec(event)?.[1]);
    const allDay = /^DTSTART[^:\n]*VALUE=DATE[:;]/m.test(event);
    days.add(start);
    if (allDay && end) for (let day = addDays(start, 1); day < end; day = addDays(day, 1)) days.add(day);
  }
  return [...days].sort();
}

function dateOf(compact: string | undefined): string | undefined {
  return compact ? `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}` : undefined;
}
