import type { CommandContext } from './context.js';
import { openDatabase } from '../db/connection.js';
import { loadBook, loadDataThrough, loadReportTickets, useReadingCache } from '../db/portfolio.js';
import { addDays, firstOfMonthAfter, isoWeekMonday, isoWeekOf, startOfDayUtc, weekdayOf } from '../core/dates.js';
import { slaPolicy } from '../core/sla-clock.js';
import { buildTicketReport, REPORT_DEFINITIONS, type DayWindow } from '../core/ticket-report.js';
import { reportNotes, type AccountInfo, type ReportKind, type ReportPeriod, type ReportResult } from '../core/report-result.js';
import { reportNoteText } from '../render/report-figures.js';
import { messagesFor } from '../i18n/messages.js';
import { UsageError } from '../errors.js';
import { scorePortfolio, tierPortfolio } from './scoring.js';

export interface ReportOptions {
  kind: ReportKind;
  /** ISO week such as 2026-W47 (weekly). */
  week?: string;
  /** Month such as 2026-11 (monthly). */
  month?: string;
}

/** The ticket and SLA report of an ISO week or a month (DOMAIN §4), as of the as-of day. */
export function runReport(context: CommandContext, options: ReportOptions): ReportResult {
  const { config, asOf } = context;
  const zone = config.time_zone;
  const { period, previous } = resolveReportPeriod(options, asOf);
  const policy = slaPolicy(config.sla, zone);
  const startMs = Date.parse(startOfDayUtc(period.from, zone));
  const endMs = Date.parse(startOfDayUtc(addDays(period.to, 1), zone));
  const previousStartMs = Date.parse(startOfDayUtc(previous.from, zone));
  // Nothing dated after the as-of day is seen: a report of a week not yet over shows it so far.
  const knownUntilMs = Math.min(endMs, Date.parse(startOfDayUtc(addDays(asOf, 1), zone)));
  const db = openDatabase(context.dbPath, { busyTimeoutMs: config.busy_timeout_ms, mustExist: true });
  useReadingCache(db);
  try {
    const tickets = loadReportTickets(db, new Date(previousStartMs).toISOString(), new Date(knownUntilMs).toISOString());
    const days: DayWindow[] = [];
    for (let day = period.from; day <= period.to && day <= asOf; day = addDays(day, 1)) {
      days.push({ day, startMs: Date.parse(startOfDayUtc(day, zone)), endMs: Date.parse(startOfDayUtc(addDays(day, 1), zone)) });
    }
    const report = buildTicketReport(tickets, { startMs, endMs: knownUntilMs }, { startMs: previousStartMs, endMs: startMs }, policy, config.sla.escalation, days);
    const ids = new Set([...report.breached.map((ticket) => ticket.account_id), ...report.top_accounts.map((entry) => entry.account_id)].filter((id): id is string => id !== null));
    const book = loadBook(db, [...ids]);
    const tiers = new Map(tierPortfolio(book, asOf, config, ids).map((entry) => [entry.account.account_id, entry.tier.tier]));
    const accounts = new Map(book.accounts.map((account) => [account.account_id, account]));
    const info = (id: string | null): AccountInfo => ({ name: id ? (accounts.get(id)?.name ?? null) : null, owner: id ? (accounts.get(id)?.owner ?? null) : null, tier: id ? (tiers.get(id) ?? null) : null });
    const health = new Map(scorePortfolio(db, asOf, config, new Set(report.top_accounts.map((entry) => entry.account_id)), book).map((entry) => [entry.account.account_id, entry.health]));
    const result: ReportResult = {
      ...report,
      kind: options.kind,
      period,
      previous_period: previous,
      as_of: asOf,
      time_zone: zone,
      clock: config.sla.clock,
      breached: report.breached.map((ticket) => ({ ...ticket, ...info(ticket.account_id) })),
      top_accounts: report.top_accounts.map((entry) => ({ ...entry, ...info(entry.account_id), band: health.get(entry.account_id)?.band ?? null, score: health.get(entry.account_id)?.score ?? null })),
      definitions: REPORT_DEFINITIONS,
      data_through: loadDataThrough(db, asOf, config),
      notes: [],
    };
    // The JSON's notes are English (an API); printed notes are written from the same structured notes in the language in force.
    const english = messagesFor('en');
    result.notes = reportNotes(result, config.sla.default_priority).map((note) => reportNoteText(english, note));
    return result;
  } finally {
    db.close();
  }
}

/** The period asked for and the one before it; by default the last complete week or month before the as-of day. */
export function resolveReportPeriod(options: ReportOptions, asOf: string): { period: ReportPeriod; previous: ReportPeriod } {
  if (options.kind === 'weekly') {
    if (options.month !== undefined) throw new UsageError('--month goes with `csops report monthly`', 'use --week 2026-W47 for a weekly report');
    let monday: string;
    if (options.week !== undefined) {
      const match = /^(\d{4})-?W(\d{1,2})$/i.exec(options.week.trim());
      const found = match ? isoWeekMonday(Number(match[1]), Number(match[2])) : undefined;
      if (!found) throw new UsageError(`--week "${options.week}" is not an ISO week`, 'give it as YYYY-Www, e.g. --week 2026-W47');
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
    if (period.from > asOf) throw new UsageError(`week ${period.label} starts after the as-of day ${asOf}`, 'pick an earlier week or a later --as-of');
    return { period, previous: week(addDays(monday, -7)) };
  }
  if (options.week !== undefined) throw new UsageError('--week goes with `csops report weekly`', 'use --month 2026-11 for a monthly report');
  let first: string;
  if (options.month !== undefined) {
    const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(options.month.trim());
    if (!match) throw new UsageError(`--month "${options.month}" is not a month`, 'give it as YYYY-MM, e.g. --month 2026-11');
    first = `${match[1]}-${match[2]}-01`;
  } else {
    // The last month that ended on or before the as-of day.
    const thisMonth = `${asOf.slice(0, 7)}-01`;
    first = addDays(firstOfMonthAfter(asOf, 1), -1) === asOf ? thisMonth : `${addDays(thisMonth, -1).slice(0, 7)}-01`;
  }
  const month = (start: string): ReportPeriod => ({ label: start.slice(0, 7), from: start, to: addDays(firstOfMonthAfter(start, 1), -1) });
  const period = month(first);
  if (period.from > asOf) throw new UsageError(`month ${period.label} starts after the as-of day ${asOf}`, 'pick an earlier month or a later --as-of');
  return { period, previous: month(`${addDays(first, -1).slice(0, 7)}-01`) };
}
