import { accountAlerts, accountAlertViews, type AlertView } from './alerts.js';
import type { CommandContext } from './context.js';
import { openDatabase } from '../db/connection.js';
import { isPostgresUrl } from '../config/database-url.js';
import { loadAccountRow, loadAccountSurveys, loadAccountTickets, loadAccountUsage, loadBook, loadDataThrough, type AccountSurvey, type AccountTicket, type Book } from '../db/portfolio.js';
import { closedWithoutTime } from '../core/support-signals.js';
import type { DataThrough } from '../core/freshness.js';
import { healthHistory, tierHistoryOf } from '../db/snapshots.js';
import { type ContractFacts, contractOutcomes, type RenewalState } from '../core/renewal-state.js';
import { addDays, daysBetween, endOfDayUtc, weekdayOf } from '../core/dates.js';
import { minorToMajor, type Money } from '../core/money.js';
import { measureTicket, slaPolicy } from '../core/sla-clock.js';
import { SAID, type HealthResult } from '../core/health.js';
import type { TierAssignment } from '../core/tiers.js';
import { resolveAccount, scorePortfolio, tierPortfolio, type ScoredAccount } from './scoring.js';
import { accountPeople, loadAccountPeople, type AccountContact } from './relationship.js';
import { loadAccountTouchpoints, type StoredTouchpoint } from '../db/contacts.js';

export interface AccountContract {
  contract_id: string;
  start_date: string;
  end_date: string | null;
  arr: number;
  currency: string;
  seats: number | null;
  plan: string | null;
  status: string | null;
  auto_renew: boolean | null;
  /** A trial or a $0 contract has no renewal state: `trial` or `free` (it never renews, replaces or adds ARR). */
  state: RenewalState | 'trial' | 'free';
  rule: string;
}

export interface UsageTrend {
  metric: string;
  /** Monday of each of the last 12 weeks, oldest first. */
  weeks: string[];
  /** Weekly totals (peak of the days for active users); null for a week without data. */
  values: Array<number | null>;
}

export interface OpenTicket {
  ticket_id: string;
  created_at: string;
  priority: string;
  type: string | null;
  subject: string | null;
  status: string | null;
  /** The status as the export wrote it; kept when csops cannot classify it (status is then null). */
  status_raw: string | null;
  first_response: 'done' | 'due' | 'breached';
  resolution: 'due' | 'breached';
  /** When resolution falls (or fell) due, UTC. */
  resolution_due: string | null;
}

export interface ValueDelivered {
  /** The span measured: the current contract's start (or the customer's first day) to the as-of day. */
  from: string;
  to: string;
  usage_totals: Record<string, number>;
  active_days: number;
  peak_active_users: number | null;
  tickets_resolved: number;
  median_resolution_hours: number | null;
}

export interface AccountView {
  as_of: string;
  time_zone: string;
  currency: string;
  profile: Record<string, unknown>;
  state: 'active' | 'lapsed' | 'inactive';
  arr: Money[];
  renewal_date: string | null;
  days_to_renewal: number | null;
  contracts: AccountContract[];
  /** With the reason's parts by key under SAID (not in JSON). */
  tier: Pick<TierAssignment, 'tier' | 'rule' | 'reason' | typeof SAID> | null;
  /** With the reasons and missing lines as phrases under SAID (a symbol key: not in JSON). */
  health: Pick<HealthResult, 'score' | 'band' | 'confidence' | 'reasons' | 'missing' | 'factors' | typeof SAID> | null;
  health_history: Array<{ as_of: string; score: number | null; band: string }>;
  tier_history: Array<{ as_of: string; tier: string }>;
  usage_trend: UsageTrend[];
  open_tickets: OpenTicket[];
  surveys: AccountSurvey[];
  value: ValueDelivered | null;
  /** Each source kind's last data day and whether it is stale (config freshness.lag_days). */
  data_through: DataThrough;
  /** Its alerts (csops alerts), every state, newest first, each with its history. */
  alerts: AlertView[];
  /** Its people known on the day (issue 21): those there first, by role; those who left after, latest first. */
  contacts: AccountContact[];
  /** Its last touchpoints (calls, meetings, visits, e-mails, business reviews) on or before the day, newest first. */
  touchpoints: StoredTouchpoint[];
}

/** How many of the last touchpoints the view lists. */
const TOUCHPOINTS_SHOWN = 10;

const TREND_WEEKS = 12;

/** What csops account reads about one customer, from a SQLite file or a PostgreSQL database (issue 25). */
interface AccountReads {
  book(): Promise<Book>;
  /** The customer scored on the day (undefined when it is none then). */
  score(accountId: string, book: Book): Promise<ScoredAccount | undefined>;
  row(accountId: string): Promise<Record<string, unknown> | undefined>;
  tickets(accountId: string, before: string): Promise<AccountTicket[]>;
  usage(accountId: string, from: string, to: string): Promise<Array<{ day: string; metrics: Record<string, number> }>>;
  surveys(accountId: string, before: string, limit: number): Promise<AccountSurvey[]>;
  healthHistory(accountId: string): Promise<Array<{ as_of: string; score: number | null; band: string }>>;
  tierHistory(accountId: string): Promise<Array<{ as_of: string; tier: string }>>;
  dataThrough(): Promise<DataThrough>;
  alerts(accountId: string): Promise<AlertView[]>;
  people(accountId: string): Promise<AccountContact[]>;
  touchpoints(accountId: string, limit: number): Promise<StoredTouchpoint[]>;
  close(): Promise<void>;
}

function sqliteReads(context: CommandContext): AccountReads {
  const { config, asOf } = context;
  const db = openDatabase(context.dbPath, { busyTimeoutMs: config.busy_timeout_ms, mustExist: true });
  return {
    book: async () => loadBook(db),
    score: async (id, book) => scorePortfolio(db, asOf, config, new Set([id]), book)[0],
    row: async (id) => loadAccountRow(db, id),
    tickets: async (id, before) => loadAccountTickets(db, id, before),
    usage: async (id, from, to) => loadAccountUsage(db, id, from, to),
    surveys: async (id, before, limit) => loadAccountSurveys(db, id, before, limit),
    healthHistory: async (id) => healthHistory(db, id),
    tierHistory: async (id) => tierHistoryOf(db, id, asOf),
    dataThrough: async () => loadDataThrough(db, asOf, config),
    alerts: async (id) => accountAlerts(db, id, asOf),
    people: async (id) => loadAccountPeople(db, asOf, config, id),
    touchpoints: async (id, limit) => loadAccountTouchpoints(db, id, asOf, limit),
    close: async () => {
      db.close();
    },
  };
}

/** PostgreSQL: the same reads through one connection; loaded only for a PostgreSQL URL. */
async function postgresReads(context: CommandContext): Promise<AccountReads> {
  const { config, asOf } = context;
  const { openPostgresForReading } = await import('../db/pg/open.js');
  const reads = await import('../db/pg/portfolio-reads.js');
  const one = await import('../db/pg/account-reads.js');
  const queue = await import('../db/pg/alerts.js');
  const { scoreOnPostgres } = await import('./postgres-scoring.js');
  const session = await openPostgresForReading(context.dbPath, context.version);
  return {
    book: () => reads.pgLoadBook(session),
    score: async (id, book) => (await scoreOnPostgres(session, asOf, config, book, new Set([id])))[0],
    row: (id) => one.pgAccountRow(session, id),
    tickets: (id, before) => one.pgAccountTickets(session, id, before),
    usage: (id, from, to) => one.pgAccountUsage(session, id, from, to),
    surveys: (id, before, limit) => one.pgAccountSurveys(session, id, before, limit),
    healthHistory: (id) => one.pgHealthHistory(session, id),
    tierHistory: (id) => one.pgTierHistory(session, id, asOf),
    dataThrough: () => reads.pgDataThrough(session, asOf, config),
    alerts: async (id) => {
      const rows = (await queue.pgLoadAlerts(session, { accountId: id })).filter((row) => row.opened_on <= asOf);
      return accountAlertViews(rows, await queue.pgLoadAlertEvents(session, rows.map((row) => row.id)), asOf);
    },
    people: async (id) => accountPeople(await reads.pgRelationshipRows(session, asOf, [id]), await one.pgAccountContacts(session, id, asOf), asOf, config, id),
    touchpoints: (id, limit) => one.pgAccountTouchpoints(session, id, asOf, limit),
    close: () => session.close(),
  };
}

/** Everything about one customer on one screen (DOMAIN §3: show the value before the renewal call). */
export async function runAccount(context: CommandContext, query: string): Promise<AccountView> {
  const { config, asOf } = context;
  const zone = config.time_zone;
  const source = isPostgresUrl(context.dbPath) ? await postgresReads(context) : sqliteReads(context);
  try {
    const book = await source.book();
    const account = resolveAccount(book.accounts, query);
    const id = account.account_id;
    const contracts = book.contracts.get(id) ?? [];
    const tiered = tierPortfolio(book, asOf, config, new Set([id]))[0];
    const scored = tiered ? await source.score(id, book) : undefined;
    const asOfEnd = endOfDayUtc(asOf, zone);
    const asOfMs = Date.parse(asOfEnd);
    const policy = slaPolicy(config.sla, zone);
    const tickets = await source.tickets(id, asOfEnd);
    const openTickets: OpenTicket[] = [];
    for (const ticket of tickets) {
      if (closedWithoutTime(ticket.resolved_at, ticket.status)) continue;
      const sla = measureTicket(
        {
          createdMs: Date.parse(ticket.created_at),
          firstResponseMs: ticket.first_response_at === null ? null : Date.parse(ticket.first_response_at),
          resolvedMs: ticket.resolved_at === null ? null : Date.parse(ticket.resolved_at),
          priority: ticket.priority,
          type: ticket.type,
          firstResponseMinutes: ticket.first_response_minutes,
          resolutionMinutes: ticket.resolution_minutes,
        },
        asOfMs,
        policy,
        { elapsed: false },
      );
      if (sla.resolution.done) continue;
      openTickets.push({
        ticket_id: ticket.ticket_id,
        created_at: ticket.created_at,
        priority: sla.priority,
        type: ticket.type,
        subject: ticket.subject,
        status: ticket.status,
        status_raw: ticket.status_raw,
        first_response: sla.firstResponse.done ? (sla.firstResponse.breached ? 'breached' : 'done') : sla.firstResponse.breached ? 'breached' : 'due',
        resolution: sla.resolution.breached ? 'breached' : 'due',
        resolution_due: sla.resolution.dueMs === undefined ? null : new Date(sla.resolution.dueMs).toISOString(),
      });
    }
    const standing = tiered?.standing;
    const termStart = standing && standing.contracts.length > 0 ? standing.contracts.reduce((first, contract) => (contract.start_date < first ? contract.start_date : first), standing.contracts[0]!.start_date) : null;
    const trendStart = addDays(mondayOf(asOf), -7 * (TREND_WEEKS - 1));
    const usageFrom = termStart !== null && termStart < trendStart ? termStart : trendStart;
    const usage = await source.usage(id, usageFrom, asOf);
    const metricsShown = [config.health.login_metric, config.health.active_users_metric, ...config.health.key_modules];
    const weeks = Array.from({ length: TREND_WEEKS }, (_, index) => addDays(trendStart, 7 * index));
    const usageTrend: UsageTrend[] = metricsShown
      .filter((metric) => usage.some((day) => day.metrics[metric] !== undefined))
      .map((metric) => {
        const values: Array<number | null> = weeks.map(() => null);
        for (const day of usage) {
          if (day.day < trendStart || day.metrics[metric] === undefined) continue;
          const week = Math.floor(daysBetween(trendStart, day.day) / 7);
          const value = day.metrics[metric]!;
          values[week] = metric === config.health.active_users_metric ? Math.max(values[week] ?? 0, value) : (values[week] ?? 0) + value;
        }
        return { metric, weeks, values };
      });
    let value: ValueDelivered | null = null;
    if (termStart !== null) {
      const inTerm = usage.filter((day) => day.day >= termStart);
      const totals: Record<string, number> = {};
      let peak: number | null = null;
      for (const day of inTerm) {
        for (const [metric, amount] of Object.entries(day.metrics)) {
          if (metric === config.health.active_users_metric) peak = Math.max(peak ?? 0, amount);
          else totals[metric] = (totals[metric] ?? 0) + amount;
        }
      }
      const termStartInstant = endOfDayUtc(addDays(termStart, -1), zone);
      const resolvedHours = tickets
        .filter((ticket) => ticket.resolved_at !== null && ticket.resolved_at < asOfEnd && ticket.resolved_at >= termStartInstant)
        .map((ticket) => (Date.parse(ticket.resolved_at!) - Date.parse(ticket.created_at)) / 3_600_000)
        .sort((a, b) => a - b);
      value = {
        from: termStart,
        to: asOf,
        usage_totals: Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b))),
        active_days: inTerm.length,
        peak_active_users: peak,
        tickets_resolved: resolvedHours.length,
        median_resolution_hours: median(resolvedHours),
      };
    }
    const row = (await source.row(id))!;
    return {
      as_of: asOf,
      time_zone: zone,
      currency: config.currency,
      profile: profileOf(row, config.currency),
      state: standing?.state ?? 'inactive',
      arr: standing?.arr ?? [],
      renewal_date: standing?.renewalDate ?? null,
      days_to_renewal: standing?.renewalDate ? daysBetween(asOf, standing.renewalDate) : null,
      contracts: everyContractOn(contracts, asOf, config.renewals.grace_days).map(({ contract, state, rule }) => ({
        contract_id: contract.contract_id,
        start_date: contract.start_date,
        end_date: contract.end_date,
        arr: contract.arr,
        currency: contract.currency,
        seats: contract.seats,
        plan: contract.plan,
        status: contract.status,
        auto_renew: contract.auto_renew,
        state,
        rule,
      })),
      tier: tiered ? { tier: tiered.tier.tier, rule: tiered.tier.rule, reason: tiered.tier.reason, [SAID]: tiered.tier[SAID] } : null,
      health: scored ? { score: scored.health.score, band: scored.health.band, confidence: scored.health.confidence, reasons: scored.health.reasons, missing: scored.health.missing, factors: scored.health.factors, [SAID]: scored.health[SAID] } : null,
      health_history: (await source.healthHistory(id)).filter((entry) => entry.as_of <= asOf),
      tier_history: await source.tierHistory(id),
      usage_trend: usageTrend,
      open_tickets: openTickets,
      surveys: await source.surveys(id, asOfEnd, 5),
      value,
      data_through: await source.dataThrough(),
      alerts: await source.alerts(id),
      contacts: await source.people(id),
      touchpoints: await source.touchpoints(id, TOUCHPOINTS_SHOWN),
    };
  } finally {
    await source.close();
  }
}

/** The imported row with money in major units of the account's currency. */
function profileOf(row: Record<string, unknown>, defaultCurrency: string): Record<string, unknown> {
  const currency = (row.currency as string | null) ?? defaultCurrency;
  const profile: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'import_run_id') continue;
    if (key.endsWith('_minor')) profile[key.slice(0, -'_minor'.length)] = value === null ? null : minorToMajor(value as number, currency);
    else profile[key] = value;
  }
  return profile;
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 10) / 10;
}

/** The Monday of the ISO week a day falls in. */
function mondayOf(ymd: string): string {
  return addDays(ymd, -((weekdayOf(ymd) + 6) % 7));
}

/**
 * Every contract started by the day, oldest first: paying ones with their renewal state, trials and
 * $0 contracts marked as such (they never renew, replace or add ARR, so they have no renewal state).
 */
function everyContractOn(contracts: readonly ContractFacts[], asOf: string, graceDays: number): Array<{ contract: ContractFacts; state: AccountContract['state']; rule: string }> {
  const outcomes = new Map(contractOutcomes(contracts, asOf, graceDays).map((outcome) => [outcome.contract, outcome]));
  return contracts
    .filter((contract) => contract.start_date <= asOf)
    .map((contract) => {
      const outcome = outcomes.get(contract);
      if (outcome) return outcome;
      const trial = contract.status === 'trial';
      return { contract, state: trial ? 'trial' : 'free', rule: `${trial ? 'a trial' : 'no charge'}: never renews, replaces or adds ARR` } as const;
    });
}
