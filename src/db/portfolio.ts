import type { Db } from './connection.js';
import { inWorker } from './workers.js';
import type { Config } from '../config/schema.js';
import { minorToMajor } from '../core/money.js';
import { addDays, daysBetween, endOfDayUtc, utcToZonedDate } from '../core/dates.js';
import { type ContractFacts } from '../core/renewal-state.js';
import { businessCalendar, workingDaysAfter } from '../core/sla-clock.js';
import type { EarlierUsage, UsageAggregate, UsageAggregates } from '../core/usage-signals.js';
import { closedWithoutTime, type SupportTicketRow, type SupportWindow, type TicketCountRow } from '../core/support-signals.js';
import type { ReportTicket } from '../core/ticket-report.js';
import type { SurveyRow, SurveySignals, SurveyWindow } from '../core/survey-signals.js';
import { dataThrough, SOURCES, type DataThrough, type SourceKind } from '../core/freshness.js';

/**
 * Reads what tier and risk need as of one day. Every query bounds its rows by the as-of instant, so
 * a past day is replayed from the data alone (SPEC §2 --as-of): rows dated later are invisible.
 */
export interface AccountFacts {
  account_id: string;
  name: string;
  owner: string | null;
  industry: string | null;
  plan: string | null;
  employees: number | null;
  currency: string | null;
  custom_dev_amount: number | null;
  tier_override: string | null;
  channel: string | null;
  acquisition_cost: number | null;
  customer_since: string | null;
}


/**
 * Page cache for a command that reads (risk, report): it scans tickets and seeks usage once each, so a
 * page is seldom read twice and the import-sized cache (32 MiB) only adds to the peak RSS. Measured
 * on `npm run bench -- risk`: 4 MiB costs no CPU time and saves about 30 MB of peak RSS.
 */
export const READING_CACHE_PRAGMA = 'cache_size = -4096';

/** Every account, or only those in `accountIds`. */
export function loadAccounts(db: Db, accountIds?: readonly string[]): AccountFacts[] {
  const columns = 'a.account_id, a.name, a.owner, a.industry, a.plan, a.employees, a.currency, a.custom_dev_amount_minor, a.tier_override, a.channel, a.acquisition_cost_minor, a.customer_since';
  const rows = (
    accountIds === undefined
      ? db.prepare(`SELECT ${columns} FROM accounts a ORDER BY a.account_id`).raw().all()
      : db.prepare(`SELECT ${columns} FROM ${SCORED} s CROSS JOIN accounts a ON a.account_id = s.account_id ORDER BY a.account_id`).raw().all(scoredParameter(accountIds))
  ) as Array<[string, string, string | null, string | null, string | null, number | null, string | null, number | null, string | null, string | null, number | null, string | null]>;
  // Columns read by position, not by destructuring the row: destructuring walks an iterator per
  // column, which is slow in code V8 has not optimised yet (most of a command's run).
  return rows.map((row) => {
    const currency = row[6];
    const customDevMinor = row[7];
    const acquisitionCostMinor = row[10];
    return {
      account_id: row[0], name: row[1], owner: row[2], industry: row[3], plan: row[4], employees: row[5], currency, tier_override: row[8], channel: row[9], customer_since: row[11],
      custom_dev_amount: customDevMinor === null ? null : minorToMajor(customDevMinor, currency ?? 'USD'),
      acquisition_cost: acquisitionCostMinor === null ? null : minorToMajor(acquisitionCostMinor, currency ?? 'USD'),
    };
  });
}

/** Every account's contracts (or only those of `accountIds`), by account, oldest first. */
export function loadContracts(db: Db, accountIds?: readonly string[]): Map<string, ContractFacts[]> {
  const columns = 'c.contract_id, c.account_id, c.start_date, c.end_date, c.currency, c.arr_minor, c.status, c.seats, c.auto_renew, c.plan, c.setup_fee_minor, c.type, c.status_raw, c.cancelled_on';
  const rows = (
    accountIds === undefined
      ? db.prepare(`SELECT ${columns} FROM contracts c ORDER BY c.account_id, c.start_date`).raw().all()
      : db.prepare(`SELECT ${columns} FROM ${SCORED} s CROSS JOIN contracts c ON c.account_id = s.account_id ORDER BY c.account_id, c.start_date`).raw().all(scoredParameter(accountIds))
  ) as Array<[string, string, string, string | null, string, number, string | null, number | null, number | null, string | null, number | null, string | null, string | null, string | null]>;
  const byAccount = new Map<string, ContractFacts[]>();
  for (const row of rows) {
    // By position, as in loadAccounts.
    const accountId = row[1];
    const currency = row[4];
    const autoRenew = row[8];
    const setupFeeMinor = row[10];
    let list = byAccount.get(accountId);
    if (!list) byAccount.set(accountId, (list = []));
    list.push({
      contract_id: row[0], start_date: row[2], end_date: row[3], currency, status: row[6], seats: row[7], plan: row[9], type: row[11], status_raw: row[12], cancelled_on: row[13],
      arr: minorToMajor(row[5], currency),
      auto_renew: autoRenew === null ? null : autoRenew === 1,
      setup_fee: setupFeeMinor === null ? null : minorToMajor(setupFeeMinor, currency),
    });
  }
  return byAccount;
}

/** The accounts and their contracts, read once per command. */
export interface Book {
  accounts: AccountFacts[];
  contracts: Map<string, ContractFacts[]>;
}

export function loadBook(db: Db, accountIds?: readonly string[]): Book {
  return { accounts: loadAccounts(db, accountIds), contracts: loadContracts(db, accountIds) };
}

/** Every owner (CSM) an account names, as written: what an --owner filter can match. */
export function accountOwners(db: Db): string[] {
  return db.prepare('SELECT DISTINCT owner FROM accounts WHERE owner IS NOT NULL ORDER BY owner').pluck().all() as string[];
}

/** Accounts with a contract ending between two days (inclusive): those renewals has to look at. */
export function accountsWithContractsEnding(db: Db, from: string, to: string): string[] {
  return db.prepare('SELECT DISTINCT account_id FROM contracts WHERE end_date BETWEEN ? AND ? ORDER BY account_id').pluck().all(from, to) as string[];
}

/**
 * The last day with usage data on or before the day, for any account: one seek per account through
 * the (account_id, day) key, not a scan of every row. A command asks twice (the scoring windows and
 * the freshness note): the second answer comes from memory while the database is unchanged.
 */
export function lastUsageDay(db: Db, asOf: string): string | null {
  const version = databaseVersion(db);
  const known = lastUsageDays.get(db);
  if (known?.version === version && known.days.has(asOf)) return known.days.get(asOf)!;
  const day = db
    .prepare('SELECT max((SELECT max(u.day) FROM usage_daily u WHERE u.account_id = a.account_id AND u.day <= ?)) FROM accounts a')
    .pluck()
    .get(asOf) as string | null;
  rememberLastUsageDay(db, asOf, day, version);
  return day;
}

/** A source's last instant, asked by scoring and again by the freshness note: computed once while the database is unchanged. */
const lastInstants = new WeakMap<Db, { version: string; values: Map<string, string | null> }>();

function remembered(db: Db, key: string, compute: () => string | null): string | null {
  const version = databaseVersion(db);
  let known = lastInstants.get(db);
  if (known?.version !== version) lastInstants.set(db, (known = { version, values: new Map() }));
  if (!known.values.has(key)) known.values.set(key, compute());
  return known.values.get(key)!;
}

/** lastUsageDay's answers per connection, valid while the database's version (below) is the same. */
const lastUsageDays = new WeakMap<Db, { version: string; days: Map<string, string | null> }>();

/**
 * Changes when anything writes to the database: data_version moves when another connection commits,
 * total_changes() counts this connection's own writes.
 */
function databaseVersion(db: Db): string {
  return `${db.pragma('data_version', { simple: true }) as number}:${db.prepare('SELECT total_changes()').pluck().get() as number}`;
}

/**
 * Records an answer computed elsewhere (the usage worker reads it on its own connection) so the
 * freshness note does not seek every account again.
 */
export function rememberLastUsageDay(db: Db, asOf: string, day: string | null, version = databaseVersion(db)): void {
  let known = lastUsageDays.get(db);
  if (known?.version !== version) lastUsageDays.set(db, (known = { version, days: new Map() }));
  known.days.set(asOf, day);
}

/** SQL true (1) when the usage row `u` has any numeric metric above 0: "any usage", used when there is no login metric. */
const ANY_USAGE = `(CASE WHEN EXISTS (SELECT 1 FROM json_each(u.metrics) m WHERE m.type IN ('integer', 'real') AND m.value > 0) THEN 1 END)`;


const metricPath = (metric: string) => `$."${metric.replace(/"/g, '\\"')}"`;

/** Metrics that usage_daily also holds in a column of the same name (schema migration 3). */
const METRIC_COLUMNS: ReadonlySet<string> = new Set(['logins', 'active_users']);

/**
 * SQL for one metric of the usage row `u`: its column when it has one (no JSON to parse), else
 * json_extract with the metric's path bound as `@parameter`.
 */
function metricValue(metric: string, parameter: string): string {
  return METRIC_COLUMNS.has(metric) ? `u.${metric}` : `json_extract(u.metrics, @${parameter})`;
}

/**
 * The per-account sums behind the usage signals, for the accounts given or, without them, for every
 * account (what a background worker computes while the main thread reads tickets and surveys).
 */
export function usageAggregates(db: Db, asOfDay: string, config: Config, accountIds?: readonly string[]): UsageAggregates {
  const health = config.health;
  const weeks = health.factors.login_trend.weeks;
  // The windows end on the last day of usage data: data that stops early is not weeks of silence.
  const end = lastUsageDay(db, asOfDay);
  const asOf = end ?? asOfDay;
  const windowStart = addDays(asOf, -(2 * weeks * 7) + 1);
  const recentStart = addDays(asOf, -(weeks * 7) + 1);
  const monthStart = addDays(asOf, -27);
  const loginTracked =
    end === null ||
    db.prepare(`SELECT EXISTS (SELECT 1 FROM usage_daily u WHERE u.day BETWEEN @windowStart AND @asOf AND ${metricValue(health.login_metric, 'login')} IS NOT NULL)`).pluck().get({ login: metricPath(health.login_metric), windowStart, asOf }) === 1;
  const modules = health.key_modules;
  // One placeholder per configured module: the statement's shape depends only on how many there are.
  const moduleColumns = modules.map((_, index) => `, sum(CASE WHEN u.day >= @monthStart THEN json_extract(u.metrics, @module${index}) END) AS module_${index}`).join('');
  const logins = loginTracked ? metricValue(health.login_metric, 'login') : ANY_USAGE;
  const activeUsers = metricValue(health.active_users_metric, 'activeUsers');
  const sql = `SELECT a.account_id,
            max(CASE WHEN ${logins} > 0 THEN u.day END) AS last_login_day,
            sum(CASE WHEN u.day >= @recentStart THEN ${logins} END) AS logins_recent,
            sum(CASE WHEN u.day < @recentStart THEN ${logins} END) AS logins_previous,
            max(CASE WHEN u.day >= @monthStart THEN ${activeUsers} END) AS peak_active_users,
            count(CASE WHEN u.day < @recentStart THEN 1 END) AS days_previous
            ${moduleColumns}
     FROM ${accountIds === undefined ? 'accounts' : SCORED} a CROSS JOIN usage_daily u ON u.account_id = a.account_id AND u.day BETWEEN @windowStart AND @asOf
     GROUP BY a.account_id`;
  const parameters: Record<string, string> = { login: metricPath(health.login_metric), activeUsers: metricPath(health.active_users_metric), recentStart, monthStart, windowStart, asOf };
  modules.forEach((module, index) => (parameters[`module${index}`] = metricPath(module)));
  if (!loginTracked) delete parameters.login;
  const rows = db.prepare(sql).all(accountIds === undefined ? parameters : { ...parameters, ...scoredParameter(accountIds) }) as UsageAggregate[];
  return { rows, end, loginTracked };
}

/**
 * For an account without a login in the window: its last day with any usage and its last login day
 * (or, without a login metric, its last day with any usage above 0) before the window.
 */
export function earlierUsageLookup(db: Db, windowStart: string, loginTracked: boolean, loginMetric: string): EarlierUsage {
  const earlier = db.prepare(
    `SELECT max(u.day) AS any_day, max(CASE WHEN ${loginTracked ? metricValue(loginMetric, 'login') : ANY_USAGE} > 0 THEN u.day END) AS login_day FROM usage_daily u WHERE u.account_id = @accountId AND u.day < @windowStart`,
  );
  const login = metricPath(loginMetric);
  return (accountId) => earlier.get(loginTracked ? { login, accountId, windowStart } : { accountId, windowStart }) as { any_day: string | null; login_day: string | null };
}

/**
 * The accounts to score, as a table a statement can seek each one's rows from: the ids go in as one
 * JSON array parameter (`scoredParameter`). Not a temporary table: filling one was a write, which took
 * a transaction per read and made the connection's change count move, so the answers remembered
 * while the database is unchanged (lastUsageDay, loadDataThrough) were thrown away after every read.
 */
const SCORED = '(SELECT DISTINCT j.value AS account_id FROM json_each(@scored) j)';

function scoredParameter(accountIds: readonly string[]): { scored: string } {
  return { scored: JSON.stringify(accountIds) };
}

/** SQL: the first creation instant read for the ticket `t`'s priority (SupportWindow.createdSince, bound as @since…). */
const CREATED_SINCE = `CASE t.priority WHEN 'urgent' THEN @sinceUrgent WHEN 'high' THEN @sinceHigh WHEN 'normal' THEN @sinceNormal WHEN 'low' THEN @sinceLow ELSE @sinceOther END`;

/**
 * The tickets the support signals of a day read (core/support-signals.ts measures them), and the
 * per-account counts for spikes; `covered`: any ticket at all before the day.
 */
export function loadSupportRows(db: Db, window: SupportWindow, accountIds?: readonly string[]): { rows: SupportTicketRow[]; counts: TicketCountRow[]; covered: boolean } {
  const covered = db.prepare('SELECT EXISTS (SELECT 1 FROM tickets WHERE created_at < ?)').pluck().get(window.asOfEnd) === 1;
  const columns = 't.ticket_id, t.account_id, t.created_at, t.first_response_at, t.resolved_at, t.status, t.priority, t.type, t.first_response_minutes, t.resolution_minutes, t.priority_raw';
  // An older ticket matters only as an open bug (urgent or high, or of a priority csops could not
  // classify): its targets fell due before the breach window. Most open tickets of the year are not
  // bugs of those priorities, and are not read.
  const relevant = `t.created_at < @asOfEnd AND (t.created_at >= ${CREATED_SINCE} OR ((t.resolved_at IS NULL OR t.resolved_at >= @oldestRelevant) AND t.type = 'bug' AND (t.priority IN ('urgent', 'high') OR (t.priority IS NULL AND t.priority_raw IS NOT NULL))))`;
  // Ticket counts for spikes come from the (account_id, created_at) index alone.
  const counting = `count(CASE WHEN t.created_at >= @spikeStart THEN 1 END), count(CASE WHEN t.created_at < @spikeStart THEN 1 END)`;
  const counted = 't.created_at >= @baselineStart AND t.created_at < @asOfEnd';
  const since = window.createdSince;
  const parameters = {
    asOfEnd: window.asOfEnd, oldestRelevant: window.oldestRelevant, spikeStart: window.spikeStart, baselineStart: window.baselineStart,
    sinceUrgent: since.urgent, sinceHigh: since.high, sinceNormal: since.normal, sinceLow: since.low, sinceOther: since.other,
  };
  const read = <Row>(sql: string) => db.prepare(sql).raw().all(accountIds === undefined ? parameters : { ...parameters, ...scoredParameter(accountIds) }) as Row[];
  const [rows, counts] =
    accountIds === undefined
      ? // Every account: a plain scan (nearly every ticket was created before the day, so the
        // created_at index would only add a lookup per row).
        [
          read<SupportTicketRow>(`SELECT ${columns} FROM tickets t NOT INDEXED WHERE t.account_id IS NOT NULL AND ${relevant}`),
          read<TicketCountRow>(`SELECT t.account_id, ${counting} FROM tickets t INDEXED BY tickets_by_account WHERE t.account_id IS NOT NULL AND ${counted} GROUP BY t.account_id`),
        ]
      : // Some accounts: seek each one's tickets through the (account_id, created_at) index.
        [
          read<SupportTicketRow>(`SELECT ${columns} FROM ${SCORED} a CROSS JOIN tickets t ON t.account_id = a.account_id AND ${relevant}`),
          read<TicketCountRow>(`SELECT t.account_id, ${counting} FROM ${SCORED} a CROSS JOIN tickets t ON t.account_id = a.account_id AND ${counted} GROUP BY t.account_id`),
        ];
  return { rows, counts, covered };
}

/** The survey answers of the window, per account oldest first (core/survey-signals.ts reads them). */
export function loadSurveyRows(db: Db, window: SurveyWindow, accountIds?: readonly string[]): SurveyRow[] {
  const columns = 's.account_id, s.kind, s.score, s.responded_at, s.followed_up_at';
  const inWindow = 's.account_id IS NOT NULL AND s.responded_at < @asOfEnd AND s.responded_at >= @lookbackStart';
  const bounds = { asOfEnd: window.asOfEnd, lookbackStart: window.lookbackStart };
  return accountIds === undefined
    ? (db.prepare(`SELECT ${columns} FROM surveys s WHERE ${inWindow} ORDER BY s.account_id, s.responded_at, s.response_id`).all(bounds) as SurveyRow[])
    : (db.prepare(`SELECT ${columns} FROM ${SCORED} a CROSS JOIN surveys s ON s.account_id = a.account_id AND ${inWindow} ORDER BY s.account_id, s.responded_at, s.response_id`).all({ ...bounds, ...scoredParameter(accountIds) }) as SurveyRow[]);
}

/** The account's row as imported, every column. */
export function loadAccountRow(db: Db, accountId: string): Record<string, unknown> | undefined {
  return db.prepare('SELECT * FROM accounts WHERE account_id = ?').get(accountId) as Record<string, unknown> | undefined;
}

export interface AccountTicket {
  ticket_id: string;
  created_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  status: string | null;
  /** The status as the export wrote it (a team's own word, e.g. "In Review"). */
  status_raw: string | null;
  priority: string | null;
  type: string | null;
  subject: string | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
}

export function loadAccountTickets(db: Db, accountId: string, before: string): AccountTicket[] {
  return db
    .prepare(
      `SELECT ticket_id, created_at, first_response_at, resolved_at, status, status_raw, priority, type, subject, first_response_minutes, resolution_minutes
       FROM tickets WHERE account_id = ? AND created_at < ? ORDER BY created_at`,
    )
    .all(accountId, before) as AccountTicket[];
}

export interface AccountSurvey {
  response_id: string;
  responded_at: string;
  kind: 'nps' | 'csat';
  score: number;
  comment: string | null;
  respondent: string | null;
  followed_up_at: string | null;
}

export function loadAccountSurveys(db: Db, accountId: string, before: string, limit: number): AccountSurvey[] {
  return db
    .prepare(
      `SELECT response_id, responded_at, kind, score, comment, respondent, followed_up_at
       FROM surveys WHERE account_id = ? AND responded_at < ? ORDER BY responded_at DESC, response_id LIMIT ?`,
    )
    .all(accountId, before, limit) as AccountSurvey[];
}

/** The account's daily metrics between two days (inclusive), oldest first. */
export function loadAccountUsage(db: Db, accountId: string, from: string, to: string): Array<{ day: string; metrics: Record<string, number> }> {
  const rows = db.prepare('SELECT day, metrics FROM usage_daily WHERE account_id = ? AND day BETWEEN ? AND ? ORDER BY day').all(accountId, from, to) as Array<{ day: string; metrics: string }>;
  return rows.map((row) => ({ day: row.day, metrics: JSON.parse(row.metrics) as Record<string, number> }));
}

/**
 * Starts computing the usage sums of every account (or of those given) in a worker thread, and then
 * their survey signals (window-signals.ts surveySignalsThrough: the usage worker finishes sooner than
 * the support one, whose tickets take longest, so the surveys ride with usage). Resolves to undefined
 * if the worker fails for any reason: the caller then computes them itself, so the worker only ever saves time.
 */
export function usageAggregatesInBackground(dbPath: string, asOf: string, config: Config, accountIds?: readonly string[]): Promise<{ usage: UsageAggregates; surveys: Map<string, SurveySignals> } | undefined> {
  return inWorker('scoring-worker.js', { task: 'usage', dbPath, asOf, config, busyTimeoutMs: config.busy_timeout_ms, accountIds });
}
/**
 * Each source kind's last data day on or before the day, and whether it is stale against the
 * configured lag (config freshness.lag_days). Tickets and surveys are dated by their instant in the
 * configured zone; contracts by their latest start. Sources left out of `only` are not read (and
 * read as having no data).
 */
export function loadDataThrough(db: Db, asOf: string, config: Config, only: readonly SourceKind[] = SOURCES): DataThrough {
  const calendar = businessCalendar(config.sla, config.time_zone);
  const asOfEnd = endOfDayUtc(asOf, config.time_zone);
  const workingDays = (from: string, to: string) => (config.sla.clock === 'calendar' ? daysBetween(from, to) : workingDaysAfter(from, to, calendar));
  const lastInstant = (kind: SourceKind, key: string, sql: string) => {
    if (!only.includes(kind)) return null;
    const value = remembered(db, `${key}:${asOfEnd}`, () => db.prepare(sql).pluck().get({ end: asOfEnd }) as string | null);
    return value === null ? null : utcToZonedDate(value, config.time_zone);
  };
  // The last ticket opened; when that is older than the lag, the last ticket activity (a ticket
  // answered or resolved since), looked for among the tickets opened in the 30 days before the last
  // one (the created_at index bounds the read; older tickets answered since are rare).
  const ticketsLastDay = () => {
    const opened = lastInstant('tickets', 'tickets:created', 'SELECT max(created_at) FROM tickets WHERE created_at < @end');
    const lag = config.freshness.lag_days.tickets;
    if (opened === null || lag === null || opened >= asOf || workingDays(opened, asOf) <= lag) return opened;
    return lastInstant(
      'tickets',
      'tickets:activity',
      `WITH last AS (SELECT max(created_at) AS created FROM tickets WHERE created_at < @end)
       SELECT max(last.created, coalesce(max(t.resolved_at), ''), coalesce(max(t.first_response_at), ''))
       FROM last LEFT JOIN tickets t INDEXED BY tickets_by_created
         ON t.created_at >= strftime('%Y-%m-%dT%H:%M:%fZ', last.created, '-30 days') AND t.created_at < @end
         AND (t.resolved_at < @end OR t.first_response_at < @end)`,
    );
  };
  return dataThrough(
    {
      usage: only.includes('usage') ? lastUsageDay(db, asOf) : null,
      tickets: ticketsLastDay(),
      surveys: lastInstant('surveys', 'surveys', 'SELECT max(responded_at) FROM surveys WHERE responded_at < @end'),
      contracts: only.includes('contracts') ? (db.prepare('SELECT max(start_date) FROM contracts WHERE start_date <= ?').pluck().get(asOf) as string | null) : null,
    },
    asOf,
    config.freshness.lag_days,
    workingDays,
  );
}

/** The metric names of the latest 5,000 usage rows, sorted (csops init proposes key modules from them). */
export function recentMetricNames(db: Db): string[] {
  return db.prepare('SELECT DISTINCT m.key AS metric FROM (SELECT metrics FROM usage_daily ORDER BY day DESC LIMIT 5000) u, json_each(u.metrics) m ORDER BY 1').pluck().all() as string[];
}

/** For a command that only reads (risk, report): a small page cache (see READING_CACHE_PRAGMA). */
export function useReadingCache(db: Db): void {
  db.pragma(READING_CACHE_PRAGMA);
}

/** Tickets that matter to a report: created up to its end and either created since the previous period began or still open then. */
export function loadReportTickets(db: Db, since: string, until: string): ReportTicket[] {
  const rows = db
    .prepare(
      `SELECT ticket_id, account_id, organization, created_at, first_response_at, resolved_at, status, priority, type, subject, tags, csat, first_response_minutes, resolution_minutes,
              status IS NULL AND status_raw IS NOT NULL, priority IS NULL AND priority_raw IS NOT NULL
       FROM tickets NOT INDEXED
       WHERE created_at < @until AND (created_at >= @since OR resolved_at IS NULL OR resolved_at >= @since)`,
    )
    .raw()
    .all({ since, until }) as Array<[string, string | null, string | null, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, number | null, number | null, number | null, number, number]>;
  return rows.map(([ticket_id, account_id, organization, created, firstResponse, resolved, status, priority, type, subject, tags, csat, firstResponseMinutes, resolutionMinutes, statusUnclassified, priorityUnclassified]) => ({
    ticket_id,
    account_id,
    organization,
    createdMs: Date.parse(created),
    firstResponseMs: firstResponse === null ? null : Date.parse(firstResponse),
    resolvedMs: resolved === null ? null : Date.parse(resolved),
    closedWithoutTime: closedWithoutTime(resolved, status),
    priority,
    type,
    subject,
    tags: tags === null ? [] : (JSON.parse(tags) as string[]),
    csat,
    firstResponseMinutes,
    resolutionMinutes,
    statusUnclassified: statusUnclassified === 1,
    priorityUnclassified: priorityUnclassified === 1,
  }));
}
