import type { CommandContext } from './context.js';
import { Notes, type Said } from '../i18n/notes.js';
import { SAID } from '../core/health.js';
import type { Config } from '../config/schema.js';
import { openDatabase } from '../db/connection.js';
import { loadBook, type AccountFacts, type Book } from '../db/portfolio.js';
import { isPostgresUrl } from '../config/database-url.js';
import { computeRetention, lastCompleteQuarter, parsePeriod, RETENTION_DEFINITIONS, type Period, type RetentionFigures } from '../core/retention.js';
import { ACQUISITION_DEFINITIONS, computeAcquisition, describeSplit, type AcquisitionFigures } from '../core/acquisition.js';
import { assignTier } from '../core/tiers.js';
import { standingOn } from '../core/standing.js';
import { statusUnclassified, type ContractFacts } from '../core/renewal-state.js';
import { isIsoDate } from '../core/dates.js';
import { UsageError } from '../errors.js';

import type { Grouping } from '../config/names.js';
import { errorPhrase } from '../i18n/messages/errors.js';

export type { Grouping };

export interface RetentionOptions {
  period?: string;
  from?: string;
  to?: string;
  by?: Grouping;
}

export interface RetentionResult {
  period: Period;
  as_of: string;
  by: Grouping | null;
  currency: string;
  /** Amounts were converted to the reporting currency with the config's exchange rates. */
  converted: boolean;
  figures: RetentionFigures[];
  definitions: Record<string, string>;
  /** Contracts whose status csops could not classify: read as no status (the grace period decides). */
  unknown_status_contracts: number;
  notes: string[];
  /** The notes as catalogue keys and values, for people reading another language (a symbol key: not in JSON). */
  [SAID]?: Said[];
}

/** GRR, NRR, logo churn and renewal rate for a period (SPEC §4), optionally by group. */
export function runRetention(context: CommandContext, options: RetentionOptions): RetentionResult {
  resolvePeriod(options, context.asOf); // a bad --period is said before the database is opened
  return retentionFrom(readBook(context), context, options);
}

/** csops metrics retention on either backend (issue 25). */
export async function runRetentionOn(context: CommandContext, options: RetentionOptions): Promise<RetentionResult> {
  resolvePeriod(options, context.asOf); // a bad --period is said before the database is opened
  return retentionFrom(await readBookOn(context), context, options);
}

function retentionFrom(book: Book, context: CommandContext, options: RetentionOptions): RetentionResult {
  const { config, asOf } = context;
  const period = resolvePeriod(options, asOf);
  const { accounts, contracts } = withContracts(book);
  const groupOf = grouper(options.by, config, contracts, period.from, period.to < asOf ? period.to : asOf);
  const { figures, converted } = computeRetention(
    accounts.map((account) => ({ account_id: account.account_id, group: groupOf(account), contracts: contracts.get(account.account_id)! })),
    period,
    asOf,
    config.renewals.grace_days,
    { currency: config.currency, rates: config.exchange_rates },
  );
  const notes = new Notes();
  if (period.to > asOf) notes.add('note.period_past_as_of', { day: asOf });
  if (!converted && new Set(figures.map((f) => f.currency)).size > 1) notes.add('note.figures_per_currency');
  if (converted && Object.keys(config.exchange_rates).length > 0) notes.add('note.amounts_converted', { currency: config.currency });
  const unknownStatus = [...contracts.values()].flat().filter(statusUnclassified).length;
  if (unknownStatus > 0) notes.add('note.metrics_unknown_status', { count: unknownStatus, grace: config.renewals.grace_days });
  return { period, as_of: asOf, by: options.by ?? null, currency: config.currency, converted, figures, definitions: RETENTION_DEFINITIONS, unknown_status_contracts: unknownStatus, notes: notes.english, [SAID]: notes.said };
}

export interface AcquisitionOptions {
  by: Exclude<Grouping, 'owner'>;
}

export interface AcquisitionResult {
  as_of: string;
  by: Exclude<Grouping, 'owner'>;
  currency: string;
  converted: boolean;
  figures: AcquisitionFigures[];
  definitions: Record<string, string>;
  notes: string[];
  /** The notes as catalogue keys and values, for people reading another language (a symbol key: not in JSON). */
  [SAID]?: Said[];
}

/** Lifetime revenue, acquisition cost, return (收益度) and 12-month logo retention per channel, industry or tier (DOMAIN §5). */
export function runAcquisition(context: CommandContext, options: AcquisitionOptions): AcquisitionResult {
  return acquisitionFrom(readBook(context), context, options);
}

/** csops metrics acquisition on either backend (issue 25). */
export async function runAcquisitionOn(context: CommandContext, options: AcquisitionOptions): Promise<AcquisitionResult> {
  return acquisitionFrom(await readBookOn(context), context, options);
}

function acquisitionFrom(book: Book, context: CommandContext, options: AcquisitionOptions): AcquisitionResult {
  const { config, asOf } = context;
  const { accounts, contracts } = withContracts(book);
  // Tier at the time the account was won: what marketing brought in, not what it grew into.
  const groupOf = options.by === 'tier' ? (account: AccountFacts) => tierWhenWon(account, contracts.get(account.account_id)!, config, asOf) : grouper(options.by, config, contracts, asOf, asOf);
  const { figures, converted, split } = computeAcquisition(
    accounts.map((account) => ({
      account_id: account.account_id,
      group: groupOf(account),
      cost: account.acquisition_cost,
      costCurrency: account.currency ?? config.currency,
      contracts: contracts.get(account.account_id)!,
      customerSince: account.customer_since,
    })),
    asOf,
    config.renewals.grace_days,
    { currency: config.currency, rates: config.exchange_rates },
  );
  const notes = new Notes();
  if (!converted && new Set(figures.map((f) => f.currency)).size > 1) notes.add('note.figures_per_currency');
  for (const entry of split) notes.addText(describeSplit(entry));
  return { as_of: asOf, by: options.by, currency: config.currency, converted, figures, definitions: ACQUISITION_DEFINITIONS, notes: notes.english, [SAID]: notes.said };
}

function resolvePeriod(options: RetentionOptions, asOf: string): Period {
  if (options.period !== undefined && (options.from !== undefined || options.to !== undefined)) {
    throw new UsageError(errorPhrase('error.metrics.period_and_range'));
  }
  let period: Period;
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined || options.to === undefined) throw new UsageError(errorPhrase('error.metrics.from_to_together'), errorPhrase('error.metrics.from_to_together_hint'));
    for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
      if (!isIsoDate(value)) throw new UsageError(errorPhrase('error.flag_not_date', { flag, value }), errorPhrase('error.give_iso_date_hint'));
    }
    if (options.to < options.from) throw new UsageError(errorPhrase('error.metrics.to_before_from', { from: options.from, to: options.to }));
    period = { from: options.from, to: options.to, label: `${options.from}…${options.to}` };
  } else if (options.period !== undefined) {
    const parsed = parsePeriod(options.period);
    if (!parsed) throw new UsageError(errorPhrase('error.metrics.bad_period', { period: options.period }), errorPhrase('error.metrics.bad_period_hint'));
    period = parsed;
  } else {
    period = lastCompleteQuarter(asOf);
  }
  if (period.from > asOf) throw new UsageError(errorPhrase('error.metrics.period_after_as_of', { period: period.label, asOf }), errorPhrase('error.earlier_period_hint'));
  return period;
}

/** The group of an account for --by; tier is the one it had at the period start (else at its end). */
function grouper(by: Grouping | undefined, config: Config, contracts: Map<string, ContractFacts[]>, startDay: string, endDay: string): (account: AccountFacts) => string {
  const none = '(none)';
  switch (by) {
    case undefined:
      return () => '';
    case 'industry':
      return (account) => account.industry ?? none;
    case 'channel':
      return (account) => account.channel ?? none;
    case 'owner':
      return (account) => account.owner ?? none;
    case 'tier':
      return (account) => {
        const own = contracts.get(account.account_id)!;
        const atStart = standingOn(own, startDay, config.renewals.grace_days);
        const standing = atStart.state === 'inactive' ? standingOn(own, endDay, config.renewals.grace_days) : atStart;
        return tierFor(account, standing.arr, standing.plan, config);
      };
  }
}

function tierWhenWon(account: AccountFacts, contracts: readonly ContractFacts[], config: Config, asOf: string): string {
  const known = contracts.filter((contract) => contract.start_date <= asOf);
  if (known.length === 0) return '(none)';
  const wonOn = known.reduce((first, contract) => (contract.start_date < first ? contract.start_date : first), known[0]!.start_date);
  const standing = standingOn(contracts, wonOn, config.renewals.grace_days);
  return tierFor(account, standing.arr, standing.plan, config);
}

function tierFor(account: AccountFacts, arr: ReturnType<typeof standingOn>['arr'], plan: string | null, config: Config): string {
  return assignTier(
    {
      account_id: account.account_id,
      arr,
      employees: account.employees,
      customDev: account.custom_dev_amount === null ? null : { currency: account.currency ?? config.currency, amount: account.custom_dev_amount },
      plan: account.plan ?? plan,
      tierOverride: account.tier_override,
    },
    { rules: config.tiers, currency: config.currency, exchangeRates: config.exchange_rates },
  ).tier;
}


/** Every account and its contracts, from the SQLite file. */
function readBook(context: CommandContext): Book {
  const db = openDatabase(context.dbPath, { busyTimeoutMs: context.config.busy_timeout_ms, mustExist: true });
  try {
    return loadBook(db);
  } finally {
    db.close();
  }
}

/** The same from either backend: PostgreSQL's through one connection (issue 25), loaded only for its URL. */
async function readBookOn(context: CommandContext): Promise<Book> {
  if (!isPostgresUrl(context.dbPath)) return readBook(context);
  const { withPostgres } = await import('../db/pg/open.js');
  const { pgLoadBook } = await import('../db/pg/portfolio-reads.js');
  return withPostgres(context.dbPath, context.version, pgLoadBook);
}

/** The accounts that have contracts (the only ones with revenue to measure), with their contracts. */
function withContracts(book: Book): Book {
  return { accounts: book.accounts.filter((account) => book.contracts.has(account.account_id)), contracts: book.contracts };
}
