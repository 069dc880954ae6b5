// How csops report writes the report; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { BreakdownRow, ReportResult, ReportTicketRow, SubjectGroup } from '../core/report-result.js';
import { formatLocalMinute } from '../core/dates.js';
import { renderRows, type Column, type Format } from '../render/output.js';
import { terminalSafe } from '../render/terminal-text.js';
import { writeJsonDocument } from '../render/json-stream.js';
import { figureReplacer, withKind } from '../render/contract.js';
import { definitionEntries, escalationText, headlines, missedText, number, percent, reportNoteText, ticketPriority, ticketType, type Headline } from '../render/report-figures.js';
import { reportHtml, unmatchedLabel, unmatchedLine } from '../render/report-html.js';
import { reportNotes } from '../core/report-result.js';
import type { Messages } from '../i18n/messages.js';
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
  const { messages } = runtime;
  const { t } = messages;
  const kind = result.kind;
  runtime.out(`${t('report.headline.intro', { label: result.period.label, from: result.period.from, to: result.period.to, previous: result.previous_period.label })}\n`);
  runtime.out(renderRows(headlines(result.figures, result.previous, messages), headlineColumns(messages, kind), { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
  runtime.out(`${t('report.headline.breaches', { count: number.format(result.breached.length), open: number.format(result.breached.filter((ticket) => ticket.open).length), command: 'csops report weekly --format md' })}\n`);
}

function headlineColumns(messages: Messages, kind: ReportResult['kind']): Column<Headline>[] {
  const { t } = messages;
  return [
    { key: 'figure', title: t('report.col.figure'), value: (row) => row.figure },
    { key: 'now', title: t('report.col.now', { kind }), value: (row) => row.now, align: 'right' },
    { key: 'before', title: t('report.col.before', { kind }), value: (row) => row.before, align: 'right' },
    { key: 'change', title: t('report.col.change'), value: (row) => row.change, align: 'right' },
  ];
}

/** The report's notes in the language in force (the JSON keeps its English "notes"). */
export function reportNoteLines(runtime: CliRuntime, result: ReportResult): string[] {
  return reportNotes(result, runtime.context.config.sla.default_priority).map((note) => reportNoteText(runtime.messages, note));
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
  const { messages } = runtime;
  const { t } = messages;
  const notes = reportNoteLines(runtime, data);
  if (format === 'html') {
    write(reportHtml(result, { breached: BREACHED_SHOWN, groups: GROUPS_SHOWN }, messages, reportNotes(data, runtime.context.config.sla.default_priority)));
    return;
  }
  const md = format === 'md';
  const heading = (level: number, text: string) => write(md ? `${'#'.repeat(level)} ${text}\n\n` : `${runtime.color.bold(text)}\n`);
  const table = <Row>(rows: readonly Row[], columns: Column<Row>[]) => write(`${rows.length === 0 ? (md ? `${t('report.none_md')}\n` : `  ${t('report.none')}\n`) : renderRows(rows, columns, { format, tty, fit: runtime.fit })}\n`);
  const { period, kind } = result;
  const separator = t('report.list_separator');
  heading(1, t('report.heading', { title: t('report.title', { kind, label: period.label }), from: period.from, to: period.to }));
  write(`${t('report.meta', { kind, previous: result.previous_period.label, zone: result.time_zone, clock: result.clock, as_of: messages.proseDate(result.as_of) })}\n\n`);
  for (const note of notes) write(`${md ? '> ' : '  '}${note}\n`);
  if (notes.length > 0) write('\n');

  table(headlines(result.figures, result.previous, messages), headlineColumns(messages, kind));

  const breakdownColumns = (title: string, label: (key: string) => string): Column<BreakdownRow>[] => [
    { key: 'key', title, value: (row) => label(row.key) },
    { key: 'created', title: t('report.col.created'), value: (row) => row.created, align: 'right' },
    { key: 'resolved', title: t('report.col.resolved'), value: (row) => row.resolved, align: 'right' },
    { key: 'first_response_attainment', title: t('report.col.first_response_in_sla'), value: (row) => percent(row.first_response_attainment), align: 'right' },
    { key: 'resolution_attainment', title: t('report.col.resolution_in_sla'), value: (row) => percent(row.resolution_attainment), align: 'right' },
  ];
  heading(2, t('report.section.by_type'));
  table(result.by_type, breakdownColumns(t('report.col.type'), (key) => ticketType(messages, key)));
  heading(2, t('report.section.by_priority'));
  table(result.by_priority, breakdownColumns(t('report.col.priority'), (key) => ticketPriority(messages, key)));

  heading(2, t('report.section.breached', { count: number.format(breachedTotal) }));
  table(result.breached.slice(0, BREACHED_SHOWN), [
    { key: 'ticket_id', title: t('report.col.ticket'), value: (row) => row.ticket_id },
    { key: 'created_at', title: t('report.col.created'), value: (row) => formatLocalMinute(row.created_at, result.time_zone) },
    { key: 'priority', title: t('report.col.priority'), value: (row) => ticketPriority(messages, row.priority) },
    { key: 'breached', title: t('report.col.missed'), value: (row) => missedText(messages, row.breached) },
    { key: 'multiple', title: t('report.col.multiple'), value: (row) => `${row.multiple}×`, align: 'right' },
    { key: 'escalation', title: t('report.col.escalation'), value: (row) => escalationText(messages, row.escalation), priority: 6 },
    { key: 'open', title: t('report.col.state'), value: (row) => t(row.open ? 'report.state.open' : 'report.state.resolved') },
    { key: 'account', title: t('report.col.account'), value: (row) => row.name ?? row.account_id ?? unmatchedLabel(row.organization, messages), priority: 3, shrink: 14 },
    { key: 'owner', title: t('report.col.owner'), value: (row) => row.owner, priority: 7 },
    { key: 'subject', title: t('report.col.subject'), value: (row) => row.subject, priority: 4, shrink: 16 },
  ]);
  if (breachedTotal > BREACHED_SHOWN) write(`${t('report.more_breached', { count: number.format(breachedTotal - BREACHED_SHOWN), option: '--format json' })}\n\n`);

  heading(2, t('report.section.top_accounts'));
  // Tickets no account matches are a group of their own, after the accounts (every ticket counts).
  type AccountRow = ReportResult['top_accounts'][number] | { account_id: null; tickets: number };
  const accountRows: AccountRow[] = [...result.top_accounts, ...(result.unmatched.tickets > 0 ? [{ account_id: null, tickets: result.unmatched.tickets }] : [])];
  const english = messages.language === 'en';
  const tierText = (tier: string | null) => (english || tier === null ? tierLabel(tier) : t(`tier.${tier}` as 'tier.high_touch'));
  const bandText = (band: string) => (english ? bandLabel(band as HealthBand) : t(`band.${band}` as 'band.healthy'));
  table(accountRows, [
    { key: 'account', title: t('report.col.account'), value: (row) => (row.account_id === null ? t('report.unmatched') : `${row.account_id}${row.name && row.name !== row.account_id ? ` ${row.name}` : ''}`), priority: 1, shrink: 20 },
    { key: 'tickets', title: t('report.col.tickets'), value: (row) => row.tickets, align: 'right' },
    { key: 'tier', title: t('report.col.tier'), value: (row) => (row.account_id === null ? null : tierText(row.tier)) },
    { key: 'band', title: t('report.col.health'), value: (row) => (row.account_id === null || row.band === null ? '' : `${bandText(row.band)}${row.score === null ? '' : ` ${row.score}`}`) },
    { key: 'owner', title: t('report.col.owner'), value: (row) => (row.account_id === null ? null : row.owner) },
  ]);
  if (result.unmatched.tickets > 0) write(`${unmatchedLine(result.unmatched, messages)}\n\n`);

  const groupColumns: Column<SubjectGroup>[] = [
    { key: 'subject', title: t('report.col.subject'), value: (row) => row.subject, priority: 1, shrink: 20 },
    { key: 'tickets', title: t('report.col.tickets'), value: (row) => row.tickets, align: 'right' },
    { key: 'accounts', title: t('report.col.accounts'), value: (row) => row.accounts, align: 'right' },
    { key: 'examples', title: t('report.col.examples'), value: (row) => row.examples.join(', '), priority: 6, shrink: 12 },
  ];
  heading(2, t('report.section.recurring'));
  table(result.recurring_subjects.slice(0, 15), groupColumns);
  if (result.recurring_tags.length > 0) write(`${t('report.tags', { tags: result.recurring_tags.map((entry) => t('report.tag', { tag: entry.tag, count: number.format(entry.tickets) })).join(separator) })}\n\n`);
  heading(2, t('report.section.counted', { title: t('report.section.bugs'), count: number.format(result.bugs.reduce((sum, group) => sum + group.tickets, 0)) }));
  table(result.bugs.slice(0, GROUPS_SHOWN), groupColumns);
  heading(2, t('report.section.counted', { title: t('report.section.features'), count: number.format(result.feature_requests.reduce((sum, group) => sum + group.tickets, 0)) }));
  table(result.feature_requests.slice(0, GROUPS_SHOWN), groupColumns);

  heading(2, t('report.section.definitions'));
  const colon = english ? ': ' : '：';
  for (const [key, text] of definitionEntries(messages, result.definitions)) write(`${md ? '- ' : '  '}${md ? `**${key}**` : key}${colon}${text}\n`);
}
