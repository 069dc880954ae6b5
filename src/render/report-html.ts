import type { BreakdownRow, DailyFigures, ReportResult, SubjectGroup } from '../core/report-result.js';
import { formatLocalMinute } from '../core/dates.js';
import { headlines, number, percent } from './report-figures.js';
import { looksLikeDomain } from '../core/account-match.js';
import { CHART, COLORS, definitionList, escape, heading, htmlDocument, htmlTable as table, barChart, legend, paragraph, STYLE, svg, yAxis } from './html.js';

const { width: WIDTH, height: HEIGHT, pad: PAD } = CHART;

/**
 * The ticket report as one self-contained HTML file for mail and print: inline CSS, inline SVG charts
 * (volume by day, attainment by priority, backlog trend), no scripts, no external requests, and every
 * text escaped. Mail clients that drop <style> still get readable tables.
 */
export function reportHtml(result: ReportResult, shown: { breached: number; groups: number }): string {
  const unit = result.kind === 'weekly' ? 'week' : 'month';
  const title = `Tickets and SLA, ${unit} ${result.period.label}`;
  const parts: string[] = [];
  parts.push(`<h1 style="${STYLE.h1}">${escape(title)} <span style="font-weight:normal">(${escape(result.period.from)} – ${escape(result.period.to)})</span></h1>\n`);
  parts.push(paragraph(`Compared with the previous ${unit} (${result.previous_period.label}). Time zone ${result.time_zone}; SLA on ${result.clock === 'business' ? 'business hours' : 'calendar hours'}; as of ${result.as_of}.`, 'meta'));
  for (const note of result.notes) parts.push(paragraph(note, 'note'));

  parts.push(
    table(
      ['figure', `this ${unit}`, `previous ${unit}`, 'change'],
      headlines(result.figures, result.previous).map((row) => [row.figure, row.now, row.before, row.change]),
      [false, true, true, true],
    ),
  );

  parts.push('<div class="charts">\n');
  parts.push(`<div class="chart">${heading(3, 'Tickets by day')}${volumeChart(result.daily)}</div>\n`);
  parts.push(`<div class="chart">${heading(3, 'Within SLA by priority')}${attainmentChart(result.by_priority)}</div>\n`);
  parts.push(`<div class="chart">${heading(3, 'Backlog at the end of each day')}${backlogChart(result.daily)}</div>\n`);
  parts.push('</div>\n');

  const breakdown = (rows: readonly BreakdownRow[], title: string) =>
    table(
      [title, 'created', 'resolved', 'first response in SLA', 'resolution in SLA'],
      rows.map((row) => [row.key, String(row.created), String(row.resolved), percent(row.first_response_attainment), percent(row.resolution_attainment)]),
      [false, true, true, true, true],
    );
  parts.push(`${heading(2, 'By type')}${breakdown(result.by_type, 'type')}`);
  parts.push(`${heading(2, 'By priority')}${breakdown(result.by_priority, 'priority')}`);

  parts.push(heading(2, `Breached and escalated (${result.breached.length}), oldest first`));
  parts.push(
    table(
      ['ticket', 'created', 'priority', 'missed', '× target', 'escalated to', 'state', 'account', 'owner', 'subject'],
      result.breached.slice(0, shown.breached).map((row) => [
        row.ticket_id, formatLocalMinute(row.created_at, result.time_zone), row.priority, row.breached, `${row.multiple}×`, row.escalation, row.open ? 'open' : 'resolved', row.name ?? row.account_id ?? unmatchedLabel(row.organization) ?? '', row.owner ?? '', row.subject ?? '',
      ]),
      [false, false, false, false, true, false, false, false, false, false],
    ),
  );
  if (result.breached.length > shown.breached) parts.push(paragraph(`… and ${number.format(result.breached.length - shown.breached)} more; the JSON form lists every one.`));

  parts.push(heading(2, 'Accounts with the most tickets'));
  parts.push(
    table(
      ['account', 'tickets', 'tier', 'health', 'owner'],
      [
        ...result.top_accounts.map((row) => [`${row.account_id}${row.name && row.name !== row.account_id ? ` ${row.name}` : ''}`, String(row.tickets), row.tier?.replace('_', '-') ?? '', row.band === null ? '' : `${row.band.replace('_', '-')}${row.score === null ? '' : ` ${row.score}`}`, row.owner ?? '']),
        ...(result.unmatched.tickets > 0 ? [[UNMATCHED, String(result.unmatched.tickets), '', '', '']] : []),
      ],
      [false, true, false, false, false],
    ),
  );
  if (result.unmatched.tickets > 0) parts.push(paragraph(unmatchedLine(result.unmatched)));
  const groups = (rows: readonly SubjectGroup[]) =>
    table(['subject', 'tickets', 'accounts', 'e.g.'], rows.slice(0, shown.groups).map((row) => [row.subject, String(row.tickets), String(row.accounts), row.examples.join(', ')]), [false, true, true, false]);
  parts.push(`${heading(2, 'Recurring questions and subjects (knowledge-base candidates)')}${groups(result.recurring_subjects)}`);
  if (result.recurring_tags.length > 0) parts.push(paragraph(`Frequent tags: ${result.recurring_tags.map((entry) => `${entry.tag} (${entry.tickets})`).join(', ')}`));
  parts.push(`${heading(2, 'For the product team: bugs')}${groups(result.bugs)}`);
  parts.push(`${heading(2, 'For the product team: feature requests')}${groups(result.feature_requests)}`);
  parts.push(`${heading(2, 'Definitions')}${definitionList(Object.entries(result.definitions))}`);
  return htmlDocument({ title, body: parts.join('') });
}

/** The group of tickets no imported account matches. */
export const UNMATCHED = 'unmatched organisation';

/** An unmatched ticket's account cell: what it names, marked unmatched. */
export function unmatchedLabel(organization: string | null): string | null {
  return organization === null ? null : `${organization} (unmatched)`;
}

/** "Unmatched organisation: "Acme Inc" (12), example.com (3), no organisation (2); …" */
export function unmatchedLine(group: ReportResult['unmatched']): string {
  const named = group.organizations.map((entry) => `${entry.organization === null ? 'no organisation' : looksLikeDomain(entry.organization) ? entry.organization : JSON.stringify(entry.organization)} (${entry.tickets})`);
  const shown = group.organizations.reduce((sum, entry) => sum + entry.tickets, 0);
  const more = group.tickets > shown ? `, others (${group.tickets - shown})` : '';
  return `Unmatched organisation, ${group.tickets} tickets: ${named.join(', ')}${more}; csops import accounts (with their names or domains) links them`;
}

const CREATED = COLORS.primary;
const RESOLVED = COLORS.secondary;

/** Label every day of a week, and every fifth day of a month. */
function dayLabel(days: readonly DailyFigures[], index: number): string {
  const every = days.length > 10 ? 5 : 1;
  return index % every === 0 ? days[index]!.day.slice(5) : '';
}

function volumeChart(days: readonly DailyFigures[]): string {
  if (days.length === 0) return '<p><em>no days yet</em></p>';
  return barChart({
    categories: days.map((day) => day.day.slice(5)),
    series: [
      { label: 'created', color: CREATED, values: days.map((day) => day.created) },
      { label: 'resolved', color: RESOLVED, values: days.map((day) => day.resolved) },
    ],
    counts: true,
    labelEvery: days.length > 10 ? 5 : 1,
    label: 'tickets created and resolved per day',
  });
}

function attainmentChart(rows: readonly BreakdownRow[]): string {
  if (rows.length === 0) return '<p><em>no tickets</em></p>';
  const left = 60;
  const plot = WIDTH - left - PAD.right - 30;
  const rowHeight = (HEIGHT - PAD.top - PAD.bottom) / rows.length;
  let body = '';
  rows.forEach((row, index) => {
    const y = PAD.top + index * rowHeight;
    const barHeight = Math.max(2, rowHeight * 0.32);
    body += `<text x="${left - 6}" y="${(y + rowHeight * 0.45).toFixed(1)}" text-anchor="end" fill="#1f2933">${escape(row.key)}</text>`;
    for (const [offset, value, color] of [[0, row.first_response_attainment, CREATED], [barHeight + 1, row.resolution_attainment, RESOLVED]] as const) {
      const width = value === null ? 0 : value * plot;
      body += `<rect x="${left}" y="${(y + offset).toFixed(1)}" width="${width.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${color}"/>`;
      body += `<text x="${(left + width + 3).toFixed(1)}" y="${(y + offset + barHeight - 1).toFixed(1)}" fill="#52606d">${percent(value)}</text>`;
    }
  });
  body += legend([['first response', CREATED], ['resolution', RESOLVED]]);
  return svg(body, 'share of tickets within SLA by priority');
}

function backlogChart(days: readonly DailyFigures[]): string {
  if (days.length === 0) return '<p><em>no days yet</em></p>';
  const axis = yAxis(Math.max(...days.map((day) => day.backlog)), true);
  const step = days.length > 1 ? (WIDTH - PAD.left - PAD.right - 10) / (days.length - 1) : 0;
  const points = days.map((day, index) => `${(PAD.left + 5 + index * step).toFixed(1)},${axis.y(day.backlog).toFixed(1)}`);
  let body = axis.marks + `<polyline points="${points.join(' ')}" fill="none" stroke="${CREATED}" stroke-width="2"/>`;
  days.forEach((day, index) => {
    const [x, y] = points[index]!.split(',');
    body += `<circle cx="${x}" cy="${y}" r="2.5" fill="${CREATED}"><title>${escape(`${day.day}: ${day.backlog} open`)}</title></circle>`;
    const label = dayLabel(days, index);
    if (label) body += `<text x="${x}" y="${HEIGHT - PAD.bottom + 12}" text-anchor="middle" fill="#52606d">${label}</text>`;
  });
  return svg(body, 'tickets open at the end of each day');
}
