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
  /** The configured lag (freshness.lag_days); null when this source is never called stale. */
  lag_days: number | null;
  /** days_behind > lag_days. */
  stale: boolean;
}

export type DataThrough = Record<SourceKind, SourceFreshness>;

const CONSEQUENCE: Record<SourceKind, (day: string) => string> = {
  usage: (day) => `recency is measured to ${day}`,
  tickets: () => 'tickets after it are not counted',
  surveys: () => 'answers after it are not known',
  contracts: () => 'contracts starting after it are not known',
};

const LABEL: Record<SourceKind, string> = { usage: 'usage', tickets: 'ticket', surveys: 'survey', contracts: 'contract' };

export function dataThrough(lastDays: Record<SourceKind, string | null>, asOf: string, lags: Record<SourceKind, number | null>): DataThrough {
  const entry = (kind: SourceKind): SourceFreshness => {
    const last = lastDays[kind];
    const behind = last === null ? null : Math.max(0, daysBetween(last, asOf));
    const lag = lags[kind];
    return { last_day: last, days_behind: behind, lag_days: lag, stale: behind !== null && lag !== null && behind > lag };
  };
  return { usage: entry('usage'), tickets: entry('tickets'), surveys: entry('surveys'), contracts: entry('contracts') };
}

/** One sentence per stale source, e.g. "usage data ends on 2026-11-20, 16 days before the as-of day 2026-12-06: recency is measured to 2026-11-20". */
export function staleNotes(through: DataThrough, asOf: string): string[] {
  return SOURCES.filter((kind) => through[kind].stale).map((kind) => {
    const { last_day: day, days_behind: behind } = through[kind];
    return `${LABEL[kind]} data ends on ${day}, ${behind} day${behind === 1 ? '' : 's'} before the as-of day ${asOf}: ${CONSEQUENCE[kind](day!)}`;
  });
}

export function staleSources(through: DataThrough): SourceKind[] {
  return SOURCES.filter((kind) => through[kind].stale);
}
