import type { BreakdownRow, DailyFigures, ReportResult, SubjectGroup } from '../core/report-result.js';
import { formatLocalMinute } from '../core/dates.js';
import { definitionEntries, escalationText, headlines, missedText, number, percent, reportNoteText, ticketPriority, ticketType } from './report-figures.js';
import type { ReportNote } from '../core/report-result.js';
import type { Messages } from '../i18n/messages.js';
import { looksLikeDomain } from '../core/account-match.js';
import { CHART, COLORS, definitionList, escape, heading, htmlDocument, htmlTable, barChart, legend, paragraph, STYLE, svg, yAxis } from './html.js';

const { width: WIDTH, height: HEIGHT, pad: PAD } = CHART;

/**
 * The ticket report as one self-contained HTML file for mail and print: inline CSS, inline SVG charts
 * (volume by day, attainment by priority, backlog trend), no scripts, no external requests, and every
 * text escaped. Mail clients that drop <style> still get readable tables.
 */
export function reportHtml(result: ReportResult, shown: { breached: number; groups: number }, messages: Messages, notes: readonly ReportNote[]): string {
  const { t } = messages;
  const kind = result.kind;
  const title = t('report.title', { kind, label: result.period.label });
  const none = t('report.none');
  const table = (headings: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]) => htmlTable(headings, rows, numeric, none);
  const parts: string[] = [];
  parts.push(`<h1 style="${STYLE.h1}">${escape(title)} <span style="font-weight:normal">${escape(t('report.span', { from: result.period.from, to: result.period.to }))}</span></h1>\n`);
  parts.push(paragraph(t('report.meta', { kind, previous: result.previous_period.label, zone: result.time_zone, clock: result.clock, as_of: messages.proseDate(result.as_of) }), 'meta'));
  for (const note of notes) parts.push(paragraph(reportNoteText(messages, note), 'note'));

  parts.push(
    table(
      [t('report.col.figure'), t('report.col.now', { kind }), t('report.col.before', { kind }), t('report.col.change')],
      headlines(result.figures, result.previous, messages).map((row) => [row.figure, row.now, row.before, row.change]),
      [false, true, true, true],
    ),
  );

  parts.push('<div class="charts">\n');
  parts.push(`<div class="chart">${heading(3, t('report.chart.by_day'))}${volumeChart(result.daily, messages)}</div>\n`);
  parts.push(`<div class="chart">${heading(3, t('report.chart.by_priority'))}${attainmentChart(result.by_priority, messages)}</div>\n`);
  parts.push(`<div class="chart">${heading(3, t('report.chart.backlog'))}${backlogChart(result.daily, messages)}</div>\n`);
  parts.push('</div>\n');

  const breakdown = (rows: readonly BreakdownRow[], title: string, label: (key: string) => string) =>
    table(
      [title, t('report.col.created'), t('report.col.resolved'), t('report.col.first_response_in_sla'), t('report.col.resolution_in_sla')],
      rows.map((row) => [label(row.key), String(row.created), String(row.resolved), percent(row.first_response_attainment), percent(row.resolution_attainment)]),
      [false, true, true, true, true],
    );
  parts.push(`${heading(2, t('report.section.by_type'))}${breakdown(result.by_type, t('report.col.type'), (key) => ticketType(messages, key))}`);
  parts.push(`${heading(2, t('report.section.by_priority'))}${breakdown(result.by_priority, t('report.col.priority'), (key) => ticketPriority(messages, key))}`);

  parts.push(heading(2, t('report.section.breached', { count: String(result.breached.length) })));
  parts.push(
    table(
      ['ticket', 'created', 'priority', 'missed', 'multiple', 'escalation', 'state', 'account', 'owner', 'subject'].map((key) => t(`report.col.${key}` as 'report.col.ticket')),
      result.breached.slice(0, shown.breached).map((row) => [
        row.ticket_id, formatLocalMinute(row.created_at, result.time_zone), ticketPriority(messages, row.priority), missedText(messages, row.breached), `${row.multiple}×`, escalationText(messages, row.escalation), t(row.open ? 'report.state.open' : 'report.state.resolved'), row.name ?? row.account_id ?? unmatchedLabel(row.organization, messages) ?? '', row.owner ?? '', row.subject ?? '',
      ]),
      [false, false, false, false, true, false, false, false, false, false],
    ),
  );
  if (result.breached.length > shown.breached) parts.push(paragraph(t('report.more_breached_html', { count: number.format(result.breached.length - shown.breached), format: 'JSON' })));

  parts.push(heading(2, t('report.section.top_accounts')));
  const tierText = (tier: string) => (messages.language === 'en' ? tier.replace('_', '-') : messages.t(`tier.${tier}` as 'tier.high_touch'));
  const bandText = (band: string) => (messages.language === 'en' ? band.replace('_', '-') : messages.t(`band.${band}` as 'band.healthy'));
  parts.push(
    table(
      [t('report.col.account'), t('report.col.tickets'), t('report.col.tier'), t('report.col.health'), t('report.col.owner')],
      [
        ...result.top_accounts.map((row) => [`${row.account_id}${row.name && row.name !== row.account_id ? ` ${row.name}` : ''}`, String(row.tickets), row.tier === null ? '' : tierText(row.tier), row.band === null ? '' : `${bandText(row.band)}${row.score === null ? '' : ` ${row.score}`}`, row.owner ?? '']),
        ...(result.unmatched.tickets > 0 ? [[t('report.unmatched'), String(result.unmatched.tickets), '', '', '']] : []),
      ],
      [false, true, false, false, false],
    ),
  );
  if (result.unmatched.tickets > 0) parts.push(paragraph(unmatchedLine(result.unmatched, messages)));
  const groups = (rows: readonly SubjectGroup[]) =>
    table([t('report.col.subject'), t('report.col.tickets'), t('report.col.accounts'), t('report.col.examples')], rows.slice(0, shown.groups).map((row) => [row.subject, String(row.tickets), String(row.accounts), row.examples.join(', ')]), [false, true, true, false]);
  parts.push(`${heading(2, t('report.section.recurring'))}${groups(result.recurring_subjects)}`);
  if (result.recurring_tags.length > 0) parts.push(paragraph(t('report.tags', { tags: result.recurring_tags.map((entry) => t('report.tag', { tag: entry.tag, count: String(entry.tickets) })).join(t('report.list_separator')) })));
  parts.push(`${heading(2, t('report.section.bugs'))}${groups(result.bugs)}`);
  parts.push(`${heading(2, t('report.section.features'))}${groups(result.feature_requests)}`);
  parts.push(`${heading(2, t('report.section.definitions'))}${definitionList(definitionEntries(messages, result.definitions))}`);
  return htmlDocument({ title, body: parts.join(''), lang: messages.language });
}

/** An unmatched ticket's account cell: what it names, marked unmatched. */
export function unmatchedLabel(organization: string | null, messages: Messages): string | null {
  return organization === null ? null : messages.t('report.unmatched_cell', { organization });
}

/** "Unmatched organisation: "Acme Inc" (12), example.com (3), no organisation (2); …" */
export function unmatchedLine(group: ReportResult['unmatched'], messages: Messages): string {
  const { t } = messages;
  const named = group.organizations.map((entry) =>
    t('report.unmatched_entry', { organization: entry.organization === null ? t('report.unmatched_none') : looksLikeDomain(entry.organization) ? entry.organization : JSON.stringify(entry.organization), count: entry.tickets }),
  );
  const shown = group.organizations.reduce((sum, entry) => sum + entry.tickets, 0);
  const more = group.tickets > shown ? t('report.unmatched_others', { count: group.tickets - shown }) : '';
  return t('report.unmatched_line', { count: group.tickets, named: named.join(t('report.list_separator')), more, command: 'csops import accounts' });
}

const CREATED = COLORS.primary;
const RESOLVED = COLORS.secondary;

/** Label every day of a week, and every fifth day of a month. */
function dayLabel(days: readonly DailyFigures[], index: number): string {
  const every = days.length > 10 ? 5 : 1;
  return index % every === 0 ? days[index]!.day.slice(5) : '';
}

function volumeChart(days: readonly DailyFigures[], messages: Messages): string {
  const { t } = messages;
  if (days.length === 0) return `<p><em>${escape(t('report.chart.no_days'))}</em></p>`;
  return barChart({
    categories: days.map((day) => day.day.slice(5)),
    series: [
      { label: t('report.col.created'), color: CREATED, values: days.map((day) => day.created) },
      { label: t('report.col.resolved'), color: RESOLVED, values: days.map((day) => day.resolved) },
    ],
    counts: true,
    labelEvery: days.length > 10 ? 5 : 1,
    label: t('report.chart.volume_label'),
    noData: t('report.chart.no_days'),
  });
}

function attainmentChart(rows: readonly BreakdownRow[], messages: Messages): string {
  const { t } = messages;
  if (rows.length === 0) return `<p><em>${escape(t('report.chart.no_tickets'))}</em></p>`;
  const left = 60;
  const plot = WIDTH - left - PAD.right - 30;
  const rowHeight = (HEIGHT - PAD.top - PAD.bottom) / rows.length;
  let body = '';
  rows.forEach((row, index) => {
    const y = PAD.top + index * rowHeight;
    const barHeight = Math.max(2, rowHeight * 0.32);
    body += `<text x="${left - 6}" y="${(y + rowHeight * 0.45).toFixed(1)}" text-anchor="end" fill="#1f2933">${escape(ticketPriority(messages, row.key))}</text>`;
    for (const [offset, value, color] of [[0, row.first_response_attainment, CREATED], [barHeight + 1, row.resolution_attainment, RESOLVED]] as const) {
      const width = value === null ? 0 : value * plot;
      body += `<rect x="${left}" y="${(y + offset).toFixed(1)}" width="${width.toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${color}"/>`;
      body += `<text x="${(left + width + 3).toFixed(1)}" y="${(y + offset + barHeight - 1).toFixed(1)}" fill="#52606d">${percent(value)}</text>`;
    }
  });
  body += legend([[t('report.breach.first_response'), CREATED], [t('report.breach.resolution'), RESOLVED]]);
  return svg(body, t('report.chart.attainment_label'));
}

function backlogChart(days: readonly DailyFigures[], messages: Messages): string {
  const { t } = messages;
  if (days.length === 0) return `<p><em>${escape(t('report.chart.no_days'))}</em></p>`;
  const axis = yAxis(Math.max(...days.map((day) => day.backlog)), true);
  const step = days.length > 1 ? (WIDTH - PAD.left - PAD.right - 10) / (days.length - 1) : 0;
  const points = days.map((day, index) => `${(PAD.left + 5 + index * step).toFixed(1)},${axis.y(day.backlog).toFixed(1)}`);
  let body = axis.marks + `<polyline points="${points.join(' ')}" fill="none" stroke="${CREATED}" stroke-width="2"/>`;
  days.forEach((day, index) => {
    const [x, y] = points[index]!.split(',');
    body += `<circle cx="${x}" cy="${y}" r="2.5" fill="${CREATED}"><title>${escape(t('report.chart.backlog_point', { day: day.day, count: day.backlog }))}</title></circle>`;
    const label = dayLabel(days, index);
    if (label) body += `<text x="${x}" y="${HEIGHT - PAD.bottom + 12}" text-anchor="middle" fill="#52606d">${label}</text>`;
  });
  return svg(body, t('report.chart.backlog_label'));
}
