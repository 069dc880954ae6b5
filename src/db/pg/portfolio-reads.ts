import type { PgSession } from './client.js';
import type { Config } from '../../config/schema.js';
import type { AccountFacts, Book } from '../portfolio.js';
import type { SnapshotKind, SnapshotRun, HealthSnapshotRow, TierSnapshotRow } from '../snapshots.js';
import { minorToMajor } from '../../core/money.js';
import { addDays, daysBetween, endOfDayUtc, utcToZonedDate, weekdayOf } from '../../core/dates.js';
import type { ContractFacts } from '../../core/renewal-state.js';
import { businessCalendar, workingDaysAfter } from '../../core/sla-clock.js';
import type { UsageAggregate, UsageAggregates } from '../../core/usage-signals.js';
import type { SupportTicketRow, SupportWindow, TicketCountRow } from '../../core/support-signals.js';
import type { SurveyRow, SurveyWindow } from '../../core/survey-signals.js';
import { closedWithoutTime } from '../../core/support-signals.js';
import type { ReportTicket } from '../../core/ticket-report.js';
import type { ContactEventRow, ContactRow, RelationshipRows } from '../../core/relationship.js';
import { dataThrough, SOURCES, type DataThrough, type SourceKind } from '../../core/freshness.js';
import { lastActiveDays } from '../product-users.js';

/**
 * The reads of tier and risk on PostgreSQL (issue 25): the same rows, in the same order, as
 * src/db/portfolio.ts, contacts.ts, product-users.ts and snapshots.ts read from SQLite, so core scores
 * both alike. Each function is one or two set-oriented queries; the accounts to read, when not all, go
 * in as one text[] parameter.
 *
 * Text is compared and ordered byte-wise (COLLATE "C"), as SQLite does: a server whose default
 * collation is a language's (en_US.UTF-8) would otherwise order ids differently and compare ISO
 * instants ignoring their punctuation.
 */

const C = 'COLLATE "C"';

export async function pgLoadAccounts(session: PgSession, accountIds?: readonly string[]): Promise<AccountFacts[]> {
  const rows = await session.query<Record<string, unknown>>(
    `SELECT a.account_id, a.name, a.owner, a.industry, a.plan, a.employees, a.currency, a.custom_dev_amount_minor, a.tier_override, a.channel, a.acquisition_cost_minor, a.customer_since
     FROM accounts a ${accountIds === undefined ? '' : 'WHERE a.account_id = ANY($1::text[])'} ORDER BY a.account_id ${C}`,
    accountIds === undefined ? [] : [accountIds],
  );
  return rows.map((row) => {
    const currency = row.currency as string | null;
    const customDevMinor = row.custom_dev_amount_minor as number | null;
    const acquisitionCostMinor = row.acquisition_cost_minor as number | null;
    return {
      account_id: row.account_id as string,
      name: row.name as string,
      owner: row.owner as string | null,
      industry: row.industry as string | null,
      plan: row.plan as string | null,
      employees: row.employees as number | null,
      currency,
      tier_override: row.tier_override as string | null,
      channel: row.channel as string | null,
      customer_since: row.customer_since as string | null,
      custom_dev_amount: customDevMinor === null ? null : minorToMajor(customDevMinor, currency ?? 'USD'),
      acquisition_cost: acquisitionCostMinor === null ? null : minorToMajor(acquisitionCostMinor, currency ?? 'USD'),
    };
  });
}

export async function pgLoadContracts(session: PgSession, accountIds?: readonly string[]): Promise<Map<string, ContractFacts[]>> {
  const rows = await session.query<Record<string, unknown>>(
    `SELECT c.contract_id, c.account_id, c.start_date, c.end_date, c.currency, c.arr_minor, c.status, c.seats, c.auto_renew, c.plan, c.setup_fee_minor, c.type, c.status_raw, c.cancelled_on
     FROM contracts c ${accountIds === undefined ? '' : 'WHERE c.account_id = ANY($1::text[])'}
     ORDER BY c.account_id ${C}, c.start_date, c.contract_id ${C}`,
    accountIds === undefined ? [] : [accountIds],
  );
  const byAccount = new Map<string, ContractFacts[]>();
  for (const row of rows) {
    const accountId = row.account_id as string;
    const currency = row.currency as string;
    const autoRenew = row.auto_renew as number | null;
    const setupFeeMinor = row.setup_fee_minor as number | null;
    let list = byAccount.get(accountId);
    if (!list) byAccount.set(accountId, (list = []));
    list.push({
      contract_id: row.contract_id as string,
      start_date: row.start_date as string,
      end_date: row.end_date as string | null,
      currency,
      status: row.status as string | null,
      seats: row.seats as number | null,
      plan: row.plan as string | null,
      type: row.type as string | null,
      status_raw: row.status_raw as string | null,
      cancelled_on: row.cancelled_on as string | null,
      arr: minorToMajor(row.arr_minor as number, currency),
      auto_renew: autoRenew === null ? null : autoRenew === 1,
      setup_fee: setupFeeMinor === null ? null : minorToMajor(setupFeeMinor, currency),
    });
  }
  return byAccount;
}

export async function pgLoadBook(session: PgSession, accountIds?: readonly string[]): Promise<Book> {
  return { accounts: await pgLoadAccounts(session, accountIds), contracts: await pgLoadContracts(session, accountIds) };
}

export async function pgAccountOwners(session: PgSession): Promise<string[]> {
  const rows = await session.query<{ owner: string }>(`SELECT DISTINCT owner ${C} AS owner FROM accounts WHERE owner IS NOT NULL ORDER BY 1`);
  return rows.map((row) => row.owner);
}

/** Accounts with a contract ending between two days (inclusive), by id (portfolio.ts accountsWithContractsEnding). */
export async function pgAccountsWithContractsEnding(session: PgSession, from: string, to: string): Promise<string[]> {
  const rows = await session.query<{ account_id: string }>(`SELECT DISTINCT account_id ${C} AS account_id FROM contracts WHERE end_date BETWEEN $1::date AND $2::date ORDER BY 1`, [from, to]);
  return rows.map((row) => row.account_id);
}

/** The metric names of the latest 5,000 usage rows, in order (portfolio.ts recentMetricNames). */
export async function pgRecentMetricNames(session: PgSession): Promise<string[]> {
  const rows = await session.query<{ metric: string }>(
    `SELECT DISTINCT m.key ${C} AS metric FROM (SELECT metrics FROM usage_daily ORDER BY day DESC LIMIT 5000) u, jsonb_each(u.metrics::jsonb) m ORDER BY 1`,
  );
  return rows.map((row) => row.metric);
}

/** The last day with usage data on or before the day (portfolio.ts lastUsageDay): one seek per account. */
export async function pgLastUsageDay(session: PgSession, asOf: string): Promise<string | null> {
  const rows = await session.query<{ day: string | null }>(
    'SELECT max((SELECT max(u.day) FROM usage_daily u WHERE u.account_id = a.account_id AND u.day <= $1::date)) AS day FROM accounts a',
    [asOf],
  );
  return rows[0]?.day ?? null;
}

/** Metrics usage_daily also holds in a column of the same name (migration 3). */
const METRIC_COLUMNS: ReadonlySet<string> = new Set(['logins', 'active_users']);

/** Binds a parameter, returning its placeholder ($n). */
type Bind = (value: unknown) => string;

function binder(parameters: unknown[]): Bind {
  return (value) => `$${parameters.push(value)}`;
}

/** SQL for one metric of the usage row `u`: its column, else the JSON number (a non-number is no value), the name bound. */
function metricValue(metric: string, bind: Bind): string {
  if (METRIC_COLUMNS.has(metric)) return `u.${metric}`;
  const name = `${bind(metric)}::text`;
  return `(CASE WHEN jsonb_typeof(u.metrics::jsonb -> ${name}) = 'number' THEN (u.metrics::jsonb ->> ${name})::double precision END)`;
}

/** SQL true (1) when the usage row `u` has any numeric metric above 0. */
const ANY_USAGE = `(CASE WHEN EXISTS (SELECT 1 FROM jsonb_each(u.metrics::jsonb) m WHERE jsonb_typeof(m.value) = 'number' AND (m.value #>> '{}')::double precision > 0) THEN 1 END)`;

/** The per-account sums behind the usage signals (portfolio.ts usageAggregates), for the accounts given or all. */
export async function pgUsageAggregates(session: PgSession, asOfDay: string, config: Config, accountIds?: readonly string[]): Promise<UsageAggregates> {
  const health = config.health;
  const weeks = health.factors.login_trend.weeks;
  const end = await pgLastUsageDay(session, asOfDay);
  const asOf = end ?? asOfDay;
  const windowStart = addDays(asOf, -(2 * weeks * 7) + 1);
  const recentStart = addDays(asOf, -(weeks * 7) + 1);
  const monthStart = addDays(asOf, -27);
  const tracked: unknown[] = [windowStart, asOf];
  const loginTracked =
    end === null ||
    (await session.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM usage_daily u WHERE u.day BETWEEN $1::date AND $2::date AND ${metricValue(health.login_metric, binder(tracked))} IS NOT NULL) AS found`, tracked))[0]!.found;
  const parameters: unknown[] = [windowStart, asOf, recentStart, monthStart];
  const bind = binder(parameters);
  const logins = loginTracked ? metricValue(health.login_metric, bind) : ANY_USAGE;
  const activeUsers = metricValue(health.active_users_metric, bind);
  const moduleColumns = health.key_modules.map((module, index) => `, sum(CASE WHEN u.day >= $4::date THEN ${metricValue(module, bind)} END) AS module_${index}`).join('');
  const scored = accountIds === undefined ? '' : `AND u.account_id = ANY(${bind(accountIds)}::text[])`;
  const rows = await session.query<Record<string, unknown>>(
    `SELECT u.account_id,
            max(CASE WHEN ${logins} > 0 THEN u.day END) AS last_login_day,
            sum(CASE WHEN u.day >= $3::date THEN ${logins} END) AS logins_recent,
            sum(CASE WHEN u.day < $3::date THEN ${logins} END) AS logins_previous,
            max(CASE WHEN u.day >= $4::date THEN ${activeUsers} END) AS peak_active_users,
            count(CASE WHEN u.day < $3::date THEN 1 END) AS days_previous
            ${moduleColumns}
     FROM usage_daily u JOIN accounts a ON a.account_id = u.account_id
     WHERE u.day BETWEEN $1::date AND $2::date ${scored}
     GROUP BY u.account_id ORDER BY u.account_id ${C}`,
    parameters,
  );
  return { rows: rows as unknown as UsageAggregate[], end, loginTracked };
}

/**
 * For accounts without a login in the window: each one's last day with any usage and last login day
 * before it (portfolio.ts earlierUsageLookup, asked for all of them at once).
 */
export async function pgEarlierUsage(session: PgSession, windowStart: string, loginTracked: boolean, loginMetric: string, accountIds: readonly string[]): Promise<Map<string, { any_day: string | null; login_day: string | null }>> {
  const earlier = new Map<string, { any_day: string | null; login_day: string | null }>();
  if (accountIds.length === 0) return earlier;
  const parameters: unknown[] = [accountIds, windowStart];
  const login = loginTracked ? metricValue(loginMetric, binder(parameters)) : ANY_USAGE;
  const rows = await session.query<{ account_id: string; any_day: string | null; login_day: string | null }>(
    `SELECT u.account_id, max(u.day) AS any_day, max(CASE WHEN ${login} > 0 THEN u.day END) AS login_day
     FROM usage_daily u WHERE u.account_id = ANY($1::text[]) AND u.day < $2::date GROUP BY u.account_id`,
    parameters,
  );
  for (const row of rows) earlier.set(row.account_id, { any_day: row.any_day, login_day: row.login_day });
  return earlier;
}

/** The tickets the support signals of a day read, and the per-account counts for spikes (portfolio.ts loadSupportRows). */
export async function pgSupportRows(session: PgSession, window: SupportWindow, accountIds?: readonly string[]): Promise<{ rows: SupportTicketRow[]; counts: TicketCountRow[]; covered: boolean }> {
  const covered = (await session.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM tickets WHERE created_at ${C} < $1) AS found`, [window.asOfEnd]))[0]!.found;
  const scored = (at: number) => (accountIds === undefined ? '' : `AND t.account_id = ANY($${at}::text[])`);
  const ids = accountIds === undefined ? [] : [accountIds];
  const since = window.createdSince;
  // One query at a time: a connection runs its queries in turn.
  const rows = await session.query<Record<string, unknown>>(
    `SELECT t.ticket_id, t.account_id, t.created_at, t.first_response_at, t.resolved_at, t.status, t.priority, t.type, t.first_response_minutes, t.resolution_minutes, t.priority_raw
     FROM tickets t
     WHERE t.account_id IS NOT NULL ${scored(8)} AND t.created_at ${C} < $1
       AND (t.created_at ${C} >= CASE t.priority WHEN 'urgent' THEN $3 WHEN 'high' THEN $4 WHEN 'normal' THEN $5 WHEN 'low' THEN $6 ELSE $7 END
         OR ((t.resolved_at IS NULL OR t.resolved_at ${C} >= $2) AND t.type = 'bug' AND (t.priority IN ('urgent', 'high') OR (t.priority IS NULL AND t.priority_raw IS NOT NULL))))
     ORDER BY t.account_id ${C}, t.created_at ${C}, t.ticket_id ${C}`,
    [window.asOfEnd, window.oldestRelevant, since.urgent, since.high, since.normal, since.low, since.other, ...ids],
  );
  const counts = await session.query<Record<string, unknown>>(
    `SELECT t.account_id, count(CASE WHEN t.created_at ${C} >= $2 THEN 1 END) AS recent, count(CASE WHEN t.created_at ${C} < $2 THEN 1 END) AS before
     FROM tickets t WHERE t.account_id IS NOT NULL ${scored(4)} AND t.created_at ${C} >= $3 AND t.created_at ${C} < $1
     GROUP BY t.account_id ORDER BY t.account_id ${C}`,
    [window.asOfEnd, window.spikeStart, window.baselineStart, ...ids],
  );
  return {
    rows: rows.map((row) => [row.ticket_id, row.account_id, row.created_at, row.first_response_at, row.resolved_at, row.status, row.priority, row.type, row.first_response_minutes, row.resolution_minutes, row.priority_raw] as SupportTicketRow),
    counts: counts.map((row) => [row.account_id, row.recent, row.before] as TicketCountRow),
    covered,
  };
}

/** The survey answers of the window, per account oldest first (portfolio.ts loadSurveyRows). */
export async function pgSurveyRows(session: PgSession, window: SurveyWindow, accountIds?: readonly string[]): Promise<SurveyRow[]> {
  return session.query<SurveyRow>(
    `SELECT s.account_id, s.kind, s.score, s.responded_at, s.followed_up_at FROM surveys s
     WHERE s.account_id IS NOT NULL AND s.responded_at ${C} < $1 AND s.responded_at ${C} >= $2 ${accountIds === undefined ? '' : 'AND s.account_id = ANY($3::text[])'}
     ORDER BY s.account_id ${C}, s.responded_at ${C}, s.response_id ${C}`,
    accountIds === undefined ? [window.asOfEnd, window.lookbackStart] : [window.asOfEnd, window.lookbackStart, accountIds],
  );
}

/** Each source kind's last data day on or before the day, and whether it is stale (portfolio.ts loadDataThrough). */
export async function pgDataThrough(session: PgSession, asOf: string, config: Config, only: readonly SourceKind[] = SOURCES): Promise<DataThrough> {
  const calendar = businessCalendar(config.sla, config.time_zone);
  const asOfEnd = endOfDayUtc(asOf, config.time_zone);
  const workingDays = (from: string, to: string) => (config.sla.clock === 'calendar' ? daysBetween(from, to) : workingDaysAfter(from, to, calendar));
  const value = async (sql: string, parameters: unknown[]) => ((await session.query<{ value: string | null }>(sql, parameters))[0]?.value ?? null);
  const zoned = (instant: string | null) => (instant === null ? null : utcToZonedDate(instant, config.time_zone));
  const ticketsLastDay = async () => {
    const created = await value(`SELECT max(created_at ${C}) AS value FROM tickets WHERE created_at ${C} < $1`, [asOfEnd]);
    const opened = zoned(created);
    const lag = config.freshness.lag_days.tickets;
    if (created === null || opened === null || lag === null || opened >= asOf || workingDays(opened, asOf) <= lag) return opened;
    // The last ticket activity among the tickets opened in the 30 days before the last one, as
    // SQLite's strftime('%Y-%m-%dT%H:%M:%fZ', created, '-30 days') writes the bound.
    const from = new Date(Date.parse(created) - 30 * 86_400_000).toISOString();
    const activity = await value(
      `SELECT greatest(max(t.resolved_at ${C}), max(t.first_response_at ${C})) AS value FROM tickets t
       WHERE t.created_at ${C} >= $1 AND t.created_at ${C} < $2 AND (t.resolved_at ${C} < $2 OR t.first_response_at ${C} < $2)`,
      [from, asOfEnd],
    );
    // SQLite's max(created, coalesce(…, ''), …): the greatest as text.
    return zoned([created, activity ?? ''].reduce((a, b) => (b > a ? b : a)));
  };
  return dataThrough(
    {
      usage: only.includes('usage') ? await pgLastUsageDay(session, asOf) : null,
      tickets: only.includes('tickets') ? await ticketsLastDay() : null,
      surveys: only.includes('surveys') ? zoned(await value(`SELECT max(responded_at ${C}) AS value FROM surveys WHERE responded_at ${C} < $1`, [asOfEnd])) : null,
      contracts: only.includes('contracts') ? await value('SELECT max(start_date)::text AS value FROM contracts WHERE start_date <= $1::date', [asOf]) : null,
    },
    asOf,
    config.freshness.lag_days,
    workingDays,
  );
}

/** Days (date columns), compared as dates and read as YYYY-MM-DD text. */
export const KNOWN_FROM = `(CASE WHEN created_at IS NOT NULL AND (first_seen_on IS NULL OR created_at < first_seen_on) THEN created_at ELSE first_seen_on END)`;

/** Contacts, departures, deal roles, touchpoints and product activity as of the day (contacts.ts loadRelationshipRows). */
export async function pgRelationshipRows(session: PgSession, asOf: string, accountIds?: readonly string[]): Promise<RelationshipRows> {
  const known = (await session.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM contacts WHERE account_id IS NOT NULL AND ${KNOWN_FROM} <= $1::date) AS found`, [asOf]))[0]!.found;
  if (!known) return { contacts: [], events: [], dealRoles: new Map(), lastTouch: new Map(), touchpointsFrom: null, contactsKnown: false, productActive: new Map() };
  // The accounts asked for, when not all, filtered by the server (contacts.ts filters the rows it read: the same rows).
  const scored = (at: number) => (accountIds === undefined ? '' : `AND account_id = ANY($${at}::text[])`);
  const ids = accountIds === undefined ? [] : [accountIds];
  const contacts = await session.query<ContactRow>(
    `SELECT contact_id, account_id, name, title, email, role, role_raw, is_decision_maker, last_activity_at::text AS last_activity_at, ${KNOWN_FROM}::text AS known_from
     FROM contacts WHERE account_id IS NOT NULL AND ${KNOWN_FROM} <= $1::date ${scored(2)} ORDER BY account_id ${C}, contact_id ${C}`,
    [asOf, ...ids],
  );
  const events = await session.query<ContactEventRow>(
    `SELECT contact_id, day::text AS day, event, how FROM contact_events WHERE day <= $1::date ORDER BY contact_id ${C}, day, event = 'left' DESC`,
    [asOf],
  );
  const dealRoles = new Map<string, string[]>();
  for (const row of await session.query<{ contact_id: string; role: string }>(`SELECT contact_id, role FROM contact_roles WHERE role IS NOT NULL ORDER BY contact_id ${C}, role ${C}`)) {
    const roles = dealRoles.get(row.contact_id);
    if (roles) roles.push(row.role);
    else dealRoles.set(row.contact_id, [row.role]);
  }
  const lastTouch = new Map<string, Map<string, string>>();
  const touches = await session.query<{ account_id: string; contact_id: string; day: string }>(
    `SELECT account_id, coalesce(contact_id, '') AS contact_id, max(date)::text AS day FROM touchpoints WHERE date <= $1::date ${scored(2)} GROUP BY account_id, coalesce(contact_id, '')`,
    [asOf, ...ids],
  );
  for (const touch of touches) {
    let byContact = lastTouch.get(touch.account_id);
    if (!byContact) lastTouch.set(touch.account_id, (byContact = new Map()));
    byContact.set(touch.contact_id, touch.day);
  }
  const touchpointsFrom = (await session.query<{ day: string | null }>('SELECT min(date)::text AS day FROM touchpoints WHERE date <= $1::date', [asOf]))[0]?.day ?? null;
  const productActive = contacts.length > 0 ? await pgProductActivity(session, asOf, accountIds) : new Map<string, string>();
  return { contacts, events, dealRoles, lastTouch, touchpointsFrom, contactsKnown: true, productActive };
}

/** The last day each contact (of the accounts given, or all) was active in the product on or before the day (product-users.ts loadProductActivity). */
async function pgProductActivity(session: PgSession, asOf: string, accountIds?: readonly string[]): Promise<Map<string, string>> {
  const offset = (weekdayOf(asOf) + 6) % 7;
  const monday = addDays(asOf, -offset);
  const rows = await session.query<{ contact_id: string; week: string; days: number }>(
    `SELECT c.contact_id, w.week, w.days
     FROM contacts c JOIN product_user_weeks w ON w.account_id = c.account_id AND w.user_key = lower(trim(c.email))
     WHERE c.account_id IS NOT NULL AND c.email IS NOT NULL ${accountIds === undefined ? '' : 'AND c.account_id = ANY($2::text[])'} AND (w.week = $1 OR w.week = (
       SELECT max(e.week ${C}) FROM product_user_weeks e WHERE e.account_id = c.account_id AND e.user_key = lower(trim(c.email)) AND e.week ${C} < $1))
     ORDER BY c.contact_id ${C}, w.week ${C} DESC`,
    accountIds === undefined ? [monday] : [monday, accountIds],
  );
  return lastActiveDays(rows, asOf);
}

export async function pgLatestSnapshotRun(session: PgSession, kind: SnapshotKind, asOf: string, strictlyBefore: boolean): Promise<SnapshotRun | undefined> {
  const rows = await session.query<SnapshotRun>(`SELECT id, as_of::text AS as_of, saved_at FROM snapshot_runs WHERE kind = $1 AND as_of ${strictlyBefore ? '<' : '<='} $2::date ORDER BY as_of DESC LIMIT 1`, [kind, asOf]);
  return rows[0];
}

export async function pgHealthRows(session: PgSession, runId: number): Promise<Map<string, HealthSnapshotRow>> {
  const rows = await session.query<HealthSnapshotRow>('SELECT account_id, score, band, confidence, detail FROM health_snapshots WHERE run_id = $1', [runId]);
  return new Map(rows.map((row) => [row.account_id, row]));
}

export async function pgTierRows(session: PgSession, runId: number): Promise<Map<string, TierSnapshotRow>> {
  const rows = await session.query<TierSnapshotRow>('SELECT account_id, tier, rule, reason FROM tier_snapshots WHERE run_id = $1', [runId]);
  return new Map(rows.map((row) => [row.account_id, row]));
}

/** Tickets that matter to a report (portfolio.ts loadReportTickets): created before its end, and since the previous period began or still open then. */
export async function pgReportTickets(session: PgSession, since: string, until: string): Promise<ReportTicket[]> {
  const rows = await session.query<Record<string, unknown>>(
    `SELECT ticket_id, account_id, organization, created_at, first_response_at, resolved_at, status, priority, type, subject, tags, csat, first_response_minutes, resolution_minutes,
            (status IS NULL AND status_raw IS NOT NULL) AS status_unclassified, (priority IS NULL AND priority_raw IS NOT NULL) AS priority_unclassified
     FROM tickets
     WHERE created_at ${C} < $2 AND (created_at ${C} >= $1 OR resolved_at IS NULL OR resolved_at ${C} >= $1)
     ORDER BY created_at ${C}, ticket_id ${C}`,
    [since, until],
  );
  return rows.map((row) => {
    const resolved = row.resolved_at as string | null;
    const firstResponse = row.first_response_at as string | null;
    const tags = row.tags as string | null;
    return {
      ticket_id: row.ticket_id as string,
      account_id: row.account_id as string | null,
      organization: row.organization as string | null,
      createdMs: Date.parse(row.created_at as string),
      firstResponseMs: firstResponse === null ? null : Date.parse(firstResponse),
      resolvedMs: resolved === null ? null : Date.parse(resolved),
      closedWithoutTime: closedWithoutTime(resolved, row.status as string | null),
      priority: row.priority as string | null,
      type: row.type as string | null,
      subject: row.subject as string | null,
      tags: tags === null ? [] : (JSON.parse(tags) as string[]),
      csat: row.csat as number | null,
      firstResponseMinutes: row.first_response_minutes as number | null,
      resolutionMinutes: row.resolution_minutes as number | null,
      statusUnclassified: row.status_unclassified === true,
      priorityUnclassified: row.priority_unclassified === true,
    };
  });
}
