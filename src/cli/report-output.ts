// How csops report writes the report; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { BreakdownRow, PeriodFigures, ReportResult, ReportTicketRow, SubjectGroup } from '../core/report-result.js';
import { formatLocalMinute } from '../core/dates.js';
import { renderRows, type Column, type Format } from '../render/output.js';
import { terminalSafe } from '../render/terminal-text.js';
import { writeJsonDocument } from '../render/json-stream.js';
import { figureReplacer, withKind } from '../render/contract.js';
import { headlines, number, percent } from '../render/report-figures.js';
import { UNMATCHED, reportHtml, unmatchedLabel, unmatchedLine } from '../render/report-html.js';
import { bandLabel, tierLabel } from './options.js';
import type { CliRuntime } from './runtime.js';
import type { HealthBand } from '../config/names.js';

/** The --out placeholders of a report: reports/{week}.md → reports/2026-W47.md. */
export function reportPlaceholders(result: ReportResult): Record<string, string> {
  return {
    week: result.period.label,
    month: result.kind === 'monthly' ? result.period.label : result.period.from.slice(0, 7),
    period: result.period.label,
    from: result.period.from,
    to: result.period.to,
    as_of: result.as_of,
  };
}

/** A mail stays readable: the oldest breaches and the largest groups; JSON carries them all. */
const BREACHED_SHOWN = 50;
const GROUPS_SHOWN = 20;

const TICKET_COLUMNS: Column<ReportTicketRow>[] = [
  { key: 'ticket_id', title: 'ticket', value: (row) => row.ticket_id },
  { key: 'account_id', title: 'account', value: (row) => row.account_id },
  { key: 'created_at', title: 'created', value: (row) => row.created_at },
  { key: 'priority', title: 'priority', value: (row) => row.priority },
  { key: 'type', title: 'type', value: (row) => row.type },
  { key: 'subject', title: 'subject', value: (row) => row.subject },
  { key: 'first_response', title: 'first response', value: (row) => row.first_response },
  { key: 'first_response_due', title: 'first response due', value: (row) => row.first_response_due },
  { key: 'first_response_hours', title: 'first response hours', value: (row) => row.first_response_hours },
  { key: 'resolution', title: 'resolution', value: (row) => row.resolution },
  { key: 'resolution_due', title: 'resolution due', value: (row) => row.resolution_due },
  { key: 'resolution_hours', title: 'resolution hours', value: (row) => row.resolution_hours },
  { key: 'from_duration', title: 'from export durations', value: (row) => row.from_duration },
];

/** The headline figures and the breach count, for `csops demo`. */
export function printReportHeadline(runtime: CliRuntime, result: ReportResult): void {
  const { format } = runtime.context;
  const unit = result.kind === 'weekly' ? 'week' : 'month';
  runtime.out(`Week ${result.period.label} (${result.period.from} – ${result.period.to}) against ${result.previous_period.label}:\n`);
  runtime.out(
    renderRows(headlines(result.figures, result.previous), [
      { key: 'figure', title: 'figure', value: (row) => row.figure },
      { key: 'now', title: `this ${unit}`, value: (row) => row.now, align: 'right' },
      { key: 'before', title: `previous ${unit}`, value: (row) => row.before, align: 'right' },
      { key: 'change', title: 'change', value: (row) => row.change, align: 'right' },
    ], { format, tty: runtime.stdoutIsTty, fit: runtime.fit }),
  );
  runtime.out(`${number.format(result.breached.length)} tickets breached their SLA (${number.format(result.breached.filter((ticket) => ticket.open).length)} still open); the full report: csops report weekly --format md\n`);
}

/** The whole report in one format, through `write` (stdout or the --out file). */
export function writeReport(data: ReportResult, format: Format, tty: boolean, write: (text: string) => void, runtime: CliRuntime): void {
  // Table and Markdown show subjects, tags and names terminal-safe, in cells and in the text around them:
  // only what they print is made safe (not every ticket of the period, nor breaches past those shown).
  const breachedTotal = data.breached.length;
  const result = format === 'table' || format === 'md' ? terminalSafe({ ...data, tickets: [], breached: data.breached.slice(0, BREACHED_SHOWN) }) : data;
  if (format === 'json') {
    // The document's kind is "report"; weekly or monthly is the period's kind (as in csops value's period).
    const { kind: periodKind, period, ...rest } = result;
    const document = withKind('report', { period: { kind: periodKind, ...period }, ...rest });
    writeJsonDocument(write, document, 'tickets', undefined, figureReplacer(undefined));
    return;
  }
  if (format === 'csv' || format === 'ndjson') {
    write(renderRows(result.tickets, TICKET_COLUMNS, { format, tty, fit: runtime.fit }));
    return;
  }
  if (format === 'html') {
    write(reportHtml(result, { breached: BREACHED_SHOWN, groups: GROUPS_SHOWN }));
    return;
  }
  const md = format === 'md';
  const heading = (level: number, text: string) => write(md ? `${'#'.repeat(level)} ${text}\n\n` : `${runtime.color.bold(text)}\n`);
  const table = <Row>(rows: readonly Row[], columns: Column<Row>[]) => write(`${rows.length === 0 ? (md ? '_none_\n' : '  none\n') : renderRows(rows, columns, { format, tty, fit: runtime.fit })}\n`);
  const { period } = result;
  const unit = result.kind === 'weekly' ? 'week' : 'month';
  heading(1, `Tickets and SLA, ${result.kind === 'weekly' ? 'week' : 'month'} ${period.label} (${period.from} – ${period.to})`);
  write(`${md ? '' : ''}Compared with the previous ${unit} (${result.previous_period.label}). Time zone ${result.time_zone}; SLA on ${result.clock === 'business' ? 'business hours' : 'calendar hours'}; as of ${result.as_of}.\n\n`);
  for (const note of result.notes) write(`${md ? '> ' : '  '}${note}\n`);
  if (result.notes.length > 0) write('\n');

  table(headlines(result.figures, result.previous), [
    { key: 'figure', title: 'figure', value: (row) => row.figure },
    { key: 'now', title: `this ${unit}`, value: (row) => row.now, align: 'right' },
    { key: 'before', title: `previous ${unit}`, value: (row) => row.before, align: 'right' },
    { key: 'change', title: 'change', value: (row) => row.change, align: 'right' },
  ]);

  const breakdownColumns = (title: string): Column<BreakdownRow>[] => [
    { key: 'key', title, value: (row) => row.key },
    { key: 'created', title: 'created', value: (row) => row.created, align: 'right' },
    { key: 'resolved', title: 'resolved', value: (row) => row.resolved, align: 'right' },
    { key: 'first_response_attainment', title: 'first response in SLA', value: (row) => percent(row.first_response_attainment), align: 'right' },
    { key: 'resolution_attainment', title: 'resolution in SLA', value: (row) => percent(row.resolution_attainment), align: 'right' },
  ];
  heading(2, 'By type');
  table(result.by_type, breakdownColumns('type'));
  heading(2, 'By priority');
  table(result.by_priority, breakdownColumns('priority'));

  heading(2, `Breached and escalated (${number.format(breachedTotal)}), oldest first`);
  table(result.breached.slice(0, BREACHED_SHOWN), [
    { key: 'ticket_id', title: 'ticket', value: (row) => row.ticket_id },
    { key: 'created_at', title: 'created', value: (row) => formatLocalMinute(row.created_at, result.time_zone) },
    { key: 'priority', title: 'priority', value: (row) => row.priority },
    { key: 'breached', title: 'missed', value: (row) => row.breached },
    { key: 'multiple', title: '× target', value: (row) => `${row.multiple}×`, align: 'right' },
    { key: 'escalation', title: 'escalated to', value: (row) => row.escalation, priority: 6 },
    { key: 'open', title: 'state', value: (row) => (row.open ? 'open' : 'resolved') },
    { key: 'account', title: 'account', value: (row) => row.name ?? row.account_id ?? unmatchedLabel(row.organization), priority: 3, shrink: 14 },
    { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 7 },
    { key: 'subject', title: 'subject', value: (row) => row.subject, priority: 4, shrink: 16 },
  ]);
  if (breachedTotal > BREACHED_SHOWN) write(`… and ${number.format(breachedTotal - BREACHED_SHOWN)} more; --format json lists every one.\n\n`);

  heading(2, 'Accounts with the most tickets');
  // Tickets no account matches are a group of their own, after the accounts (every ticket counts).
  type AccountRow = ReportResult['top_accounts'][number] | { account_id: null; tickets: number };
  const accountRows: AccountRow[] = [...result.top_accounts, ...(result.unmatched.tickets > 0 ? [{ account_id: null, tickets: result.unmatched.tickets }] : [])];
  table(accountRows, [
    { key: 'account', title: 'account', value: (row) => (row.account_id === null ? UNMATCHED : `${row.account_id}${row.name && row.name !== row.account_id ? ` ${row.name}` : ''}`), priority: 1, shrink: 20 },
    { key: 'tickets', title: 'tickets', value: (row) => row.tickets, align: 'right' },
    { key: 'tier', title: 'tier', value: (row) => (row.account_id === null ? null : tierLabel(row.tier)) },
    { key: 'band', title: 'health', value: (row) => (row.account_id === null || row.band === null ? '' : `${bandLabel(row.band as HealthBand)}${row.score === null ? '' : ` ${row.score}`}`) },
    { key: 'owner', title: 'owner', value: (row) => (row.account_id === null ? null : row.owner) },
  ]);
  if (result.unmatched.tickets > 0) write(`${unmatchedLine(result.unmatched)}\n\n`);

  const groupColumns: Column<SubjectGroup>[] = [
    { key: 'subject', title: 'subject', value: (row) => row.subject, priority: 1, shrink: 20 },
    { key: 'tickets', title: 'tickets', value: (row) => row.tickets, align: 'right' },
    { key: 'accounts', title: 'accounts', value: (row) => row.accounts, align: 'right' },
    { key: 'examples', title: 'e.g.', value: (row) => row.examples.join(', '), priority: 6, shrink: 12 },
  ];
  heading(2, 'Recurring questions and subjects (knowledge-base candidates)');
  table(result.recurring_subjects.slice(0, 15), groupColumns);
  if (result.recurring_tags.length > 0) write(`Frequent tags: ${result.recurring_tags.map((entry) => `${entry.tag} (${number.format(entry.tickets)})`).join(', ')}\n\n`);
  heading(2, `For the product team: bugs (${number.format(result.bugs.reduce((sum, group) => sum + group.tickets, 0))})`);
  table(result.bugs.slice(0, GROUPS_SHOWN), groupColumns);
  heading(2, `For the product team: feature requests (${number.format(result.feature_requests.reduce((sum, group) => sum + group.tickets, 0))})`);
  table(result.feature_requests.slice(0, GROUPS_SHOWN), groupColumns);

  heading(2, 'Definitions');
  for (const [key, text] of Object.entries(result.definitions)) write(`${md ? '- ' : '  '}${md ? `**${key}**` : key}: ${text}\n`);
}
