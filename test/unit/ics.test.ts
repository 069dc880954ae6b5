import { describe, expect, it } from 'vitest';
import { holidaysFromIcs } from '../../src/config/ics.js';

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
});
