import type { CommandContext } from './context.js';
import { openDatabase } from '../db/connection.js';
import { isPostgresUrl } from '../config/database-url.js';
import { loadAccounts, loadAccountUsage, loadContracts, loadDataThrough, type AccountFacts } from '../db/portfolio.js';
import { loadValueTickets, ticketsImportedBefore } from '../db/value.js';
import type { DataThrough } from '../core/freshness.js';
import type { ContractFacts } from '../core/renewal-state.js';
import { addDays, startOfDayUtc } from '../core/dates.js';
import { slaPolicy } from '../core/sla-clock.js';
import { buildValueStatement, parseValuePeriod, resolveValuePeriod, type ValueStatement, type ValueTicket } from '../core/value-statement.js';
import { UsageError } from '../errors.js';
import { resolveAccount } from './scoring.js';
import { SAID } from '../core/health/phrases.js';
import { Notes, type Said } from '../i18n/notes.js';
import { valuePhrase } from '../i18n/messages/value.js';

export interface ValueOptions {
  /** Account id or name. */
  account: string;
  /** contract (default), 12m, YYYY or YYYY-Qn. */
  period: string;
}

export interface ValueResult {
  /** What the customer reads (every format carries exactly this). */
  statement: ValueStatement;
  /** For the CSM, on stderr: what to configure or import to make the statement fuller. */
  notes: string[];
  /** The notes as keys and values, index for index (issue 24). */
  [SAID]?: Said[];
  data_through: DataThrough;
}

/** What csops value reads, from a SQLite file or a PostgreSQL database (issue 25). */
interface ValueReads {
  accounts(): Promise<AccountFacts[]>;
  contracts(accountId: string): Promise<ContractFacts[]>;
  usage(accountId: string, from: string, to: string): Promise<Array<{ day: string; metrics: Record<string, number> }>>;
  /** The account's tickets created in [since, until), or null when no ticket at all was imported before `until` (support is then missing, not zero). */
  tickets(accountId: string, since: string, until: string): Promise<ValueTicket[] | null>;
  dataThrough(): Promise<DataThrough>;
  close(): Promise<void>;
}

function sqliteReads(context: CommandContext): ValueReads {
  const { config, asOf } = context;
  const db = openDatabase(context.dbPath, { busyTimeoutMs: config.busy_timeout_ms, mustExist: true });
  return {
    accounts: async () => loadAccounts(db),
    contracts: async (id) => loadContracts(db, [id]).get(id) ?? [],
    usage: async (id, from, to) => loadAccountUsage(db, id, from, to),
    tickets: async (id, since, until) => (ticketsImportedBefore(db, until) ? loadValueTickets(db, id, since, until) : null),
    dataThrough: async () => loadDataThrough(db, asOf, config, ['usage', 'tickets']),
    close: async () => {
      db.close();
    },
  };
}

/** PostgreSQL: the same reads through one connection; loaded only for a PostgreSQL URL. */
async function postgresReads(context: CommandContext): Promise<ValueReads> {
  const { config, asOf } = context;
  const { openPostgresForReading } = await import('../db/pg/open.js');
  const reads = await import('../db/pg/portfolio-reads.js');
  const one = await import('../db/pg/account-reads.js');
  const session = await openPostgresForReading(context.dbPath, context.version);
  return {
    accounts: () => reads.pgLoadAccounts(session),
    contracts: async (id) => (await reads.pgLoadContracts(session, [id])).get(id) ?? [],
    usage: (id, from, to) => one.pgAccountUsage(session, id, from, to),
    tickets: async (id, since, until) => ((await one.pgTicketsImportedBefore(session, until)) ? one.pgValueTickets(session, id, since, until) : null),
    dataThrough: () => reads.pgDataThrough(session, asOf, config, ['usage', 'tickets']),
    close: () => session.close(),
  };
}

/** The customer-facing value statement of one account for a period (DOMAIN §3). */
export async function runValue(context: CommandContext, options: ValueOptions): Promise<ValueResult> {
  const { config, asOf } = context;
  const zone = config.time_zone;
  const spec = parseValuePeriod(options.period);
  if (spec === undefined) throw new UsageError(valuePhrase('value.error.period', { period: options.period }), valuePhrase('value.error.period_hint'));
  const source = isPostgresUrl(context.dbPath) ? await postgresReads(context) : sqliteReads(context);
  try {
    const account = resolveAccount(await source.accounts(), options.account);
    const contracts = await source.contracts(account.account_id);
    const period = resolveValuePeriod(spec, asOf, contracts, config.renewals.grace_days);
    if (period === undefined) {
      throw new UsageError(valuePhrase('value.error.no_contract', { account: account.account_id, name: account.name, asOf }), valuePhrase('value.error.no_contract_hint'));
    }
    if (period.from > asOf) throw new UsageError(valuePhrase('value.error.after_as_of', { period: period.label, asOf }), valuePhrase('value.error.after_as_of_hint'));
    const through = period.to < asOf ? period.to : asOf;
    const since = startOfDayUtc(period.from, zone);
    const until = startOfDayUtc(addDays(through, 1), zone);
    const statement = buildValueStatement({
      account: { account_id: account.account_id, name: account.name },
      vendor: config.company_name ?? null,
      period,
      asOf,
      timeZone: zone,
      currency: config.currency,
      exchangeRates: config.exchange_rates,
      contracts,
      graceDays: config.renewals.grace_days,
      usage: await source.usage(account.account_id, period.from, through),
      tickets: await source.tickets(account.account_id, since, until),
      untilMs: Date.parse(until),
      policy: slaPolicy(config.sla, zone),
      loginMetric: config.health.login_metric,
      activeUsersMetric: config.health.active_users_metric,
      keyModules: config.health.key_modules,
      value: config.value,
    });
    const notes = new Notes();
    if (!statement.period.complete) notes.add('value.note.period_runs', { to: period.to, asOf });
    if (config.value.drivers.length === 0) notes.add('value.note.no_drivers');
    if (config.company_name === undefined) notes.add('value.note.no_company');
    if (config.health.key_modules.length === 0) notes.add('value.note.no_modules');
    return { statement, notes: notes.english, [SAID]: notes.said, data_through: await source.dataThrough() };
  } finally {
    await source.close();
  }
}
