import type { BreakdownRow, DailyFigures, ReportResult, SubjectGroup } from '../core/report-result.js';
import { formatLocalMinute } from '../core/dates.js';
import { headlines, number, percent } from './report-figures.js';
import { looksLikeDomain } from '../core/account-match.js';

/**
 * The ticket report as one self-contained HTML file for mail and print: inline CSS, inline SVG charts
 * (volume by day, attainment by priority, backlog trend), no scripts, no external requests, and every
 * text escaped. Mail clients that drop <style> still get readable tables.
 */
export function reportHtml(result: ReportResult, shown: { breached: number; groups: number }): string {
  const unit = result.kind === 'weekly' ? 'week' : 'month';
  const title = `Tickets and SLA, ${unit} ${result.period.label}`;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2933; max-width: 980px; margin: 24px auto; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #d9e2ec; padding-bottom: 4px; }
p.meta { color: #52606d; margin-top: 0; } p.note { background: #fff8e1; padding: 6px 10px; border-left: 3px solid #f0b429; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f7fa; font-weight: 600; } td.n, th.n { text-align: right; white-space: nowrap; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } .chart { flex: 1 1 300px; } .chart h3 { font-size: 14px; margin: 8px 0 4px; }
.worse { color: #c62828; } .better { color: #2e7d32; } dl dt { font-weight: 600; } dl dd { margin: 0 0 6px 0; color: #52606d; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; } table, .chart { page-break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escape(title)} <span style="font-weight:normal">(${escape(result.period.from)} – ${escape(result.period.to)})</span></h1>
<p class="meta">Compared with the previous ${unit} (${escape(result.previous_period.label)}). Time zone ${escape(result.time_zone)}; SLA on ${result.clock === 'business' ? 'business hours' : 'calendar hours'}; as of ${escape(result.as_of)}.</p>
`);
  for (const note of result.notes) parts.push(`<p class="note">${escape(note)}</p>\n`);

  parts.push(
    table(
      ['figure', `this ${unit}`, `previous ${unit}`, 'change'],
      headlines(result.figures, result.previous).map((row) => [row.figure, row.now, row.before, row.change]),
      [false, true, true, true],
    ),
  );

  parts.push('<div class="charts">\n');
  parts.push(`<div class="chart"><h3>Tickets by day</h3>${volumeChart(result.daily)}</div>\n`);
  parts.push(`<div class="chart"><h3>Within SLA by priority</h3>${attainmentChart(result.by_priority)}</div>\n`);
  parts.push(`<div class="chart"><h3>Backlog at the end of each day</h3>${backlogChart(result.daily)}</div>\n`);
  parts.push('</div>\n');

  const breakdown = (rows: readonly BreakdownRow[], title: string) =>
    table(
      [title, 'created', 'resolved', 'first response in SLA', 'resolution in SLA'],
      rows.map((row) => [row.key, String(row.created), String(row.resolved), percent(row.first_response_attainment), percent(row.resolution_attainment)]),
      [false, true, true, true, true],
    );
  parts.push(`<h2>By type</h2>\n${breakdown(result.by_type, 'type')}`);
  parts.push(`<h2>By priority</h2>\n${breakdown(result.by_priority, 'priority')}`);

  parts.push(`<h2>Breached and escalated (${result.breached.length}), oldest first</h2>\n`);
  parts.push(
    table(
      ['ticket', 'created', 'priority', 'missed', '× target', 'escalated to', 'state', 'account', 'owner', 'subject'],
      result.breached.slice(0, shown.breached).map((row) => [
        row.ticket_id, formatLocalMinute(row.created_at, result.time_zone), row.priority, row.breached, `${row.multiple}×`, row.escalation, row.open ? 'open' : 'resolved', row.name ?? row.account_id ?? unmatchedLabel(row.organization) ?? '', row.owner ?? '', row.subject ?? '',
      ]),
      [false, false, false, false, true, false, false, false, false, false],
    ),
  );
  if (result.breached.length > shown.breached) parts.push(`<p>… and ${number.format(result.breached.length - shown.breached)} more; the JSON form lists every one.</p>\n`);

  parts.push('<h2>Accounts with the most tickets</h2>\n');
  parts.push(
    table(
      ['account', 'tickets', 'tier', 'health', 'owner'],
      [
        ...result.top_accounts.map((row) => [`${row.account_id}${row.name && row.name !== row.account_id ? ` ${row.name}` : ''}`, String(row.tickets), row.tier ?? '', row.band === null ? '' : `${row.band.replace('_', '-')}${row.score === null ? '' : ` ${row.score}`}`, row.owner ?? '']),
        ...(result.unmatched.tickets > 0 ? [[UNMATCHED, String(result.unmatched.tickets), '', '', '']] : []),
      ],
      [false, true, false, false, false],
    ),
  );
  if (result.unmatched.tickets > 0) parts.push(`<p>${escape(unmatchedLine(result.unmatched))}</p>\n`);
  const groups = (rows: readonly SubjectGroup[]) =>
    table(['subject', 'tickets', 'accounts', 'e.g.'], rows.slice(0, shown.groups).map((row) => [row.subject, String(row.tickets), String(row.accounts), row.examples.join(', ')]), [false, true, true, false]);
  parts.push(`<h2>Recurring questions and subjects (knowledge-base candidates)</h2>\n${groups(result.recurring_subjects)}`);
  if (result.recurring_tags.length > 0) parts.push(`<p>Frequent tags: ${escape(result.recurring_tags.map((entry) => `${entry.tag} (${entry.tickets})`).join(', '))}</p>\n`);
  parts.push(`<h2>For the product team: bugs</h2>\n${groups(result.bugs)}`);
  parts.push(`<h2>For the product team: feature requests</h2>\n${groups(result.feature_requests)}`);
  parts.push(`<h2>Definitions</h2>\n<dl>\n${Object.entries(result.definitions).map(([key, text]) => `<dt>${escape(key)}</dt><dd>${escape(text)}</dd>`).join('\n')}\n</dl>\n`);
  parts.push('</body>\n</html>\n');
  return parts.join('');
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

export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function table(headings: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]): string {
  if (rows.length === 0) return '<p><em>none</em></p>\n';
  const cell = (tag: string, text: string, index: number) => `<${tag}${numeric[index] ? ' class="n"' : ''}>${escape(text)}</${tag}>`;
  return `<table>\n<tr>${headings.map((text, index) => cell('th', text, index)).join('')}</tr>\n${rows.map((row) => `<tr>${row.map((text, index) => cell('td', text, index)).join('')}</tr>`).join('\n')}\n</table>\n`;
}

const WIDTH = 300;
const HEIGHT = 160;
const PAD = { left: 34, right: 8, top: 10, bottom: 28 };
const CREATED = '#3f7cac';
const RESOLVED = '#8fbc8f';

function svg(body: string, label: string): string {
  return `<svg width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escape(label)}" font-family="Helvetica, Arial, sans-serif" font-size="10">${body}</svg>`;
}

/** A y axis from 0 to a round maximum, with three gridlines. */
function yAxis(max: number): { top: number; y: (value: number) => number; marks: string } {
  const top = niceMax(max);
  const plot = HEIGHT - PAD.top - PAD.bottom;
  const y = (value: number) => PAD.top + plot - (value / top) * plot;
  let marks = '';
  for (const fraction of [0, 0.5, 1]) {
    const value = top * fraction;
    marks += `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e4e7eb"/>`;
    marks += `<text x="${PAD.left - 4}" y="${(y(value) + 3).toFixed(1)}" text-anchor="end" fill="#52606d">${number.format(value)}</text>`;
  }
  return { top, y, marks };
}

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value)!;
}

/** Label every day of a week, and every fifth day of a month. */
function dayLabel(days: readonly DailyFigures[], index: number): string {
  const every = days.length > 10 ? 5 : 1;
  return index % every === 0 ? days[index]!.day.slice(5) : '';
}

function volumeChart(days: readonly DailyFigures[]): string {
  if (days.length === 0) return '<p><em>no days yet</em></p>';
  const axis = yAxis(Math.max(...days.map((day) => Math.max(day.created, day.resolved))));
  const slot = (WIDTH - PAD.left - PAD.right) / days.length;
  const bar = Math.max(1, slot * 0.38);
  let body = axis.marks;
  days.forEach((day, index) => {
    const x = PAD.left + index * slot + slot * 0.1;
    body += `<rect x="${x.toFixed(1)}" y="${axis.y(day.created).toFixed(1)}" width="${bar.toFixed(1)}" height="${(axis.y(0) - axis.y(day.created)).toFixed(1)}" fill="${CREATED}"><title>${escape(`${day.day}: ${day.created} created`)}</title></rect>`;
    body += `<rect x="${(x + bar).toFixed(1)}" y="${axis.y(day.resolved).toFixed(1)}" width="${bar.toFixed(1)}" height="${(axis.y(0) - axis.y(day.resolved)).toFixed(1)}" fill="${RESOLVED}"><title>${escape(`${day.day}: ${day.resolved} resolved`)}</title></rect>`;
    const label = dayLabel(days, index);
    if (label) body += `<text x="${(x + bar).toFixed(1)}" y="${HEIGHT - PAD.bottom + 12}" text-anchor="middle" fill="#52606d">${label}</text>`;
  });
  body += legend([['created', CREATED], ['resolved', RESOLVED]]);
  return svg(body, 'tickets created and resolved per day');
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
  const axis = yAxis(Math.max(...days.map((day) => day.backlog)));
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

function legend(entries: ReadonlyArray<readonly [string, string]>): string {
  let x = PAD.left;
  return entries
    .map(([label, color]) => {
      const item = `<rect x="${x}" y="${HEIGHT - 10}" width="8" height="8" fill="${color}"/><text x="${x + 11}" y="${HEIGHT - 3}" fill="#1f2933">${escape(label)}</text>`;
      x += 16 + label.length * 5.5;
      return item;
    })
    .join('');
}
