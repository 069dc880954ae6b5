import { daysBetween } from './dates.js';

/**
 * Freshness (issue 16): each source kind's last data day on or before the as-of day. A source that
 * ends before the as-of day by more than its configured lag is stale: commands that score or report
 * say so, and recency is measured to the last data day, so stale data is never read as silence.
 */
export const SOURCES = ['usage', 'tickets', 'surveys', 'contracts'] as const;
export type SourceKind = (typeof SOURCES)[number];

export interface SourceFreshness {
  /** The last day with data on or before the as-of day; null when the source has none. */
  last_day: string | null;
  /** Days from the last day to the as-of day; null without data. */
  days_behind: number | null;
  /**
   * Working days (the helpdesk's SLA calendar: business hours, holidays) from the last day to the
   * as-of day, for tickets only; null for the other sources and without data.
   */
  working_days_behind: number | null;
  /** The configured lag (freshness.lag_days); null when this source is never called stale. */
  lag_days: number | null;
  /** days_behind > lag_days (for tickets: working_days_behind > lag_days, so a quiet weekend is not stale). */
  stale: boolean;
}

export type DataThrough = Record<SourceKind, SourceFreshness>;

const CONSEQUENCE: Record<SourceKind, (day: string) => string> = {
  usage: (day) => `recency is measured to ${day}`,
  tickets: (day) => `tickets after it are not known, and SLA clocks, breaches and spikes are measured to ${day}`,
  surveys: (day) => `answers after it are not known, and follow-up deadlines are measured to ${day}`,
  contracts: () => 'contracts starting after it are not known',
};

const LABEL: Record<SourceKind, string> = { usage: 'usage', tickets: 'ticket', surveys: 'survey', contracts: 'contract' };

/**
 * `workingDaysAfter` counts the helpdesk's working days after a day up to the as-of day: a ticket
 * export's lag is measured in them, since a helpdesk is quiet when its team is off.
 */
export function dataThrough(
  lastDays: Record<SourceKind, string | null>,
  asOf: string,
  lags: Record<SourceKind, number | null>,
  workingDaysAfter: (from: string, to: string) => number,
): DataThrough {
  const entry = (kind: SourceKind): SourceFreshness => {
    const last = lastDays[kind];
    const behind = last === null ? null : Math.max(0, daysBetween(last, asOf));
    const working = kind === 'tickets' && last !== null ? (last < asOf ? workingDaysAfter(last, asOf) : 0) : null;
    const lag = lags[kind];
    const counted = kind === 'tickets' ? working : behind;
    return { last_day: last, days_behind: behind, working_days_behind: working, lag_days: lag, stale: counted !== null && lag !== null && counted > lag };
  };
  return { usage: entry('usage'), tickets: entry('tickets'), surveys: entry('surveys'), contracts: entry('contracts') };
}

/** One sentence per stale source, e.g. "usage data ends on 2026-11-20, 16 days before the as-of day 2026-12-06: recency is measured to 2026-11-20". */
export function staleNotes(through: DataThrough, asOf: string): string[] {
  return SOURCES.filter((kind) => through[kind].stale).map((kind) => {
    const { last_day: day, days_behind: behind, working_days_behind: working } = through[kind];
    const gap = `${behind} day${behind === 1 ? '' : 's'}${working === null ? '' : ` (${working} working day${working === 1 ? '' : 's'})`}`;
    return `${LABEL[kind]} data ends on ${day}, ${gap} before the as-of day ${asOf}: ${CONSEQUENCE[kind](day!)}`;
  });
}

export function staleSources(through: DataThrough): SourceKind[] {
  return SOURCES.filter((kind) => through[kind].stale);
}

/**
 * The day a source's windows end on: its last data day when it is stale (so days without data are
 * not read as days without tickets or answers), else the as-of day.
 */
export function measuredTo(through: DataThrough, kind: SourceKind, asOf: string): string {
  const source = through[kind];
  return source.stale && source.last_day !== null ? source.last_day : asOf;
}
