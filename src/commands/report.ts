import type { CommandContext } from './context.js';
import { openDatabase } from '../db/connection.js';
import { loadBook, loadDataThrough, loadReportTickets, useReadingCache, type Book } from '../db/portfolio.js';
import { isPostgresUrl } from '../config/database-url.js';
import type { DataThrough } from '../core/freshness.js';
import { addDays, firstOfMonthAfter, isoWeekMonday, isoWeekOf, startOfDayUtc, weekdayOf } from '../core/dates.js';
import { slaPolicy } from '../core/sla-clock.js';
import { buildTicketReport, REPORT_DEFINITIONS, type DayWindow, type ReportTicket } from '../core/ticket-report.js';
import { reportNotes, type AccountInfo, type ReportKind, type ReportPeriod, type ReportResult } from '../core/report-result.js';
import { reportNoteText } from '../render/report-figures.js';
import { messagesFor } from '../i18n/messages.js';
import { UsageError } from '../errors.js';
import { scorePortfolio, tierPortfolio, type ScoredAccount } from './scoring.js';
import { errorPhrase } from '../i18n/messages/errors.js';

export interface ReportOptions {
  kind: ReportKind;
  /** ISO week such as 2026-W47 (weekly). */
  week?: string;
  /** Month such as 2026-11 (monthly). */
  month?: string;
}

/** The ticket and SLA report of an ISO week or a month (DOMAIN §4), as of the as-of day. */
export function runReport(context: CommandContext, options: ReportOptions): ReportResult {
  const window = reportWindow(context, options);
  const db = openDatabase(context.dbPath, { busyTimeoutMs: context.config.busy_timeout_ms, mustExist: true });
  useReadingCache(db);
  try {
    const report = ticketReport(window, context, loadReportTickets(db, window.since, window.until));
    const ids = reportAccounts(report);
    const book = loadBook(db, [...ids]);
    const scored = scorePortfolio(db, context.asOf, context.config, new Set(report.top_accounts.map((entry) => entry.account_id)), book);
    return finishReport(window, context, options, report, book, scored, loadDataThrough(db, context.asOf, context.config));
  } finally {
    db.close();
  }
}

/** csops report on either backend: PostgreSQL's reads are set-oriented queries through one connection (issue 25). */
export async function runReportOn(context: CommandContext, options: ReportOptions): Promise<ReportResult> {
  if (!isPostgresUrl(context.dbPath)) return runReport(context, options);
  const window = reportWindow(context, options);
  const { withPostgres } = await import('../db/pg/open.js');
  const reads = await import('../db/pg/portfolio-reads.js');
  const { scoreOnPostgres } = await import('./postgres-scoring.js');
  return withPostgres(context.dbPath, context.version, async (session) => {
    const report = ticketReport(window, context, await reads.pgReportTickets(session, window.since, window.until));
    const book = await reads.pgLoadBook(session, [...reportAccounts(report)]);
    const scored = await scoreOnPostgres(session, context.asOf, context.config, book, new Set(report.top_accounts.map((entry) => entry.account_id)));
    return finishReport(window, context, options, report, book, scored, await reads.pgDataThrough(session, context.asOf, context.config));
  });
}

/** The period, the one before it, and the instants that bound the tickets read. */
interface ReportWindow {
  period: ReportPeriod;
  previous: ReportPeriod;
  startMs: number;
  endMs: number;
  previousStartMs: number;
  /** Nothing dated after the as-of day is seen: a report of a week not yet over shows it so far. */
  knownUntilMs: number;
  /** The tickets to read: created before `until`, and since `since` or still open then. */
  since: string;
  until: string;
}

function reportWindow(context: CommandContext, options: ReportOptions): ReportWindow {
  const { config, asOf } = context;
  const zone = config.time_zone;
  const { period, previous } = resolveReportPeriod(options, asOf);
  const startMs = Date.parse(startOfDayUtc(period.from, zone));
  const endMs = Date.parse(startOfDayUtc(addDays(period.to, 1), zone));
  const previousStartMs = Date.parse(startOfDayUtc(previous.from, zone));
  const knownUntilMs = Math.min(endMs, Date.parse(startOfDayUtc(addDays(asOf, 1), zone)));
  return { period, previous, startMs, endMs, previousStartMs, knownUntilMs, since: new Date(previousStartMs).toISOString(), until: new Date(knownUntilMs).toISOString() };
}

function ticketReport(window: ReportWindow, context: CommandContext, tickets: ReportTicket[]): ReturnType<typeof buildTicketReport> {
  const { config, asOf } = context;
  const zone = config.time_zone;
  const days: DayWindow[] = [];
  for (let day = window.period.from; day <= window.period.to && day <= asOf; day = addDays(day, 1)) {
    days.push({ day, startMs: Date.parse(startOfDayUtc(day, zone)), endMs: Date.parse(startOfDayUtc(addDays(day, 1), zone)) });
  }
  return buildTicketReport(tickets, { startMs: window.startMs, endMs: window.knownUntilMs }, { startMs: window.previousStartMs, endMs: window.startMs }, slaPolicy(config.sla, zone), config.sla.escalation, days);
}

/** The accounts the report names: those with breached tickets and the top accounts by tickets. */
function reportAccounts(report: ReturnType<typeof buildTicketReport>): Set<string> {
  return new Set([...report.breached.map((ticket) => ticket.account_id), ...report.top_accounts.map((entry) => entry.account_id)].filter((id): id is string => id !== null));
}

function finishReport(window: ReportWindow, context: CommandContext, options: ReportOptions, report: ReturnType<typeof buildTicketReport>, book: Book, scored: ScoredAccount[], dataThrough: DataThrough): ReportResult {
  const { config, asOf } = context;
  const ids = reportAccounts(report);
  const tiers = new Map(tierPortfolio(book, asOf, config, ids).map((entry) => [entry.account.account_id, entry.tier.tier]));
  const accounts = new Map(book.accounts.map((account) => [account.account_id, account]));
  const info = (id: string | null): AccountInfo => ({ name: id ? (accounts.get(id)?.name ?? null) : null, owner: id ? (accounts.get(id)?.owner ?? null) : null, tier: id ? (tiers.get(id) ?? null) : null });
  const health = new Map(scored.map((entry) => [entry.account.account_id, entry.health]));
  const result: ReportResult = {
    ...report,
    kind: options.kind,
    period: window.period,
    previous_period: window.previous,
    as_of: asOf,
    time_zone: config.time_zone,
    clock: config.sla.clock,
    breached: report.breached.map((ticket) => ({ ...ticket, ...info(ticket.account_id) })),
    top_accounts: report.top_accounts.map((entry) => ({ ...entry, ...info(entry.account_id), band: health.get(entry.account_id)?.band ?? null, score: health.get(entry.account_id)?.score ?? null })),
    definitions: REPORT_DEFINITIONS,
    data_through: dataThrough,
    notes: [],
  };
  // The JSON's notes are English (an API); printed notes are written from the same structured notes in the language in force.
  const english = messagesFor('en');
  result.notes = reportNotes(result, config.sla.default_priority).map((note) => reportNoteText(english, note));
  return result;
}

/** The period asked for and the one before it; by default the last complete week or month before the as-of day. */
export function resolveReportPeriod(options: ReportOptions, asOf: string): { period: ReportPeriod; previous: ReportPeriod } {
  if (options.kind === 'weekly') {
    if (options.month !== undefined) throw new UsageError(errorPhrase('error.report.month_with_weekly'), errorPhrase('error.report.month_with_weekly_hint'));
    let monday: string;
    if (options.week !== undefined) {
      const match = /^(\d{4})-?W(\d{1,2})$/i.exec(options.week.trim());
      const found = match ? isoWeekMonday(Number(match[1]), Number(match[2])) : undefined;
      if (!found) throw new UsageError(errorPhrase('error.report.bad_week', { week: options.week }), errorPhrase('error.report.bad_week_hint'));
      monday = found;
    } else {
      // The last week whose Sunday is on or before the as-of day.
      const sunday = addDays(asOf, -(weekdayOf(asOf) % 7));
      monday = addDays(sunday, -6);
    }
    const week = (start: string): ReportPeriod => {
      const { year, week: number } = isoWeekOf(start);
      return { label: `${year}-W${String(number).padStart(2, '0')}`, from: start, to: addDays(start, 6) };
    };
    const period = week(monday);
    if (period.from > asOf) throw new UsageError(errorPhrase('error.report.week_after_as_of', { week: period.label, asOf }), errorPhrase('error.report.week_after_as_of_hint'));
    return { period, previous: week(addDays(monday, -7)) };
  }
  if (options.week !== undefined) throw new UsageError(errorPhrase('error.report.week_with_monthly'), errorPhrase('error.report.week_with_monthly_hint'));
  let first: string;
  if (options.month !== undefined) {
    const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(options.month.trim());
    if (!match) throw new UsageError(errorPhrase('error.report.bad_month', { month: options.month }), errorPhrase('error.report.bad_month_hint'));
    first = `${match[1]}-${match[2]}-01`;
  } else {
    // The last month that ended on or before the as-of day.
    const thisMonth = `${asOf.slice(0, 7)}-01`;
    first = addDays(firstOfMonthAfter(asOf, 1), -1) === asOf ? thisMonth : `${addDays(thisMonth, -1).slice(0, 7)}-01`;
  }
  const month = (start: string): ReportPeriod => ({ label: start.slice(0, 7), from: start, to: addDays(firstOfMonthAfter(start, 1), -1) });
  const period = month(first);
  if (period.from > asOf) throw new UsageError(errorPhrase('error.report.month_after_as_of', { month: period.label, asOf }), errorPhrase('error.report.month_after_as_of_hint'));
  return { period, previous: month(`${addDays(first, -1).slice(0, 7)}-01`) };
}
