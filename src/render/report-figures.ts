import type { PeriodFigures } from '../core/report-result.js';
import { hours, number, percent } from './figures.js';

export { number, percent, hours };

/** The report's headline figures as text, shared by the Markdown, terminal and HTML forms. */
export interface Headline {
  figure: string;
  now: string;
  before: string;
  change: string;
}

export function headlines(now: PeriodFigures, before: PeriodFigures): Headline[] {
  const count = (label: string, a: number, b: number): Headline => ({ figure: label, now: number.format(a), before: number.format(b), change: signed(a - b, '') });
  const share = (label: string, a: number | null, b: number | null): Headline => ({
    figure: label,
    now: percent(a),
    before: percent(b),
    change: a === null || b === null ? '—' : signed(Math.round((a - b) * 1000) / 10, ' pts'),
  });
  const time = (label: string, a: number | null, b: number | null): Headline => ({ figure: label, now: hours(a), before: hours(b), change: a === null || b === null ? '—' : signed(Math.round((a - b) * 10) / 10, ' h') });
  return [
    count('created', now.created, before.created),
    count('resolved', now.resolved, before.resolved),
    count('backlog at end', now.backlog, before.backlog),
    share('first response within SLA', now.first_response_attainment, before.first_response_attainment),
    share('resolution within SLA', now.resolution_attainment, before.resolution_attainment),
    time('median first response', now.median_first_response_hours, before.median_first_response_hours),
    time('90th pct first response', now.p90_first_response_hours, before.p90_first_response_hours),
    time('median resolution', now.median_resolution_hours, before.median_resolution_hours),
    time('90th pct resolution', now.p90_resolution_hours, before.p90_resolution_hours),
    share(`CSAT (${now.csat_responses} answers)`, now.csat, before.csat),
  ];
}

function signed(value: number, unit: string): string {
  if (value === 0) return `±0${unit}`;
  return `${value > 0 ? '+' : '−'}${number.format(Math.abs(value))}${unit}`;
}

