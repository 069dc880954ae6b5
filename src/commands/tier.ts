import type { CommandContext } from './context.js';
import { Notes, type Said } from '../i18n/notes.js';
import { SAID } from '../core/health.js';
import { openDatabase } from '../db/connection.js';
import { latestSnapshotRun, loadTierRows, replaceSnapshotRun, saveTierRows, type SnapshotRun, type TierSnapshotRow } from '../db/snapshots.js';
import { isPostgresUrl } from '../config/database-url.js';
import { summarizeTiers, TIER_ORDER, type TierReason, type TierRule, type TierSummaryRow } from '../core/tiers.js';
import type { Tier } from '../config/rules.js';
import type { Money } from '../core/money.js';
import { tierPortfolio } from './scoring.js';
import { accountOwners, loadBook, loadDataThrough, type Book } from '../db/portfolio.js';
import { sameFilterValue, unmatchedFilterNote } from '../core/filter-match.js';
import type { DataThrough } from '../core/freshness.js';

export interface TierOptions {
  summary: boolean;
  save: boolean;
  changes: boolean;
  tier?: Tier;
  owner?: string;
}

export interface TierRow {
  account_id: string;
  name: string;
  owner: string | null;
  tier: Tier;
  rule: TierRule;
  reason: string;
  /** The reason's parts by key, for people reading another language (not in JSON). */
  [SAID]?: TierReason[];
  /** ARR in the reporting currency; null when a currency has no exchange rate. */
  arr: number | null;
  arr_by_currency: Money[];
  state: 'active' | 'lapsed';
}

export interface TierChange {
  account_id: string;
  name: string;
  owner: string | null;
  change: 'promotion' | 'demotion' | 'new';
  from: string | null;
  to: Tier;
  reason: string;
  [SAID]?: TierReason[];
  arr: number | null;
}

export interface TierResult {
  as_of: string;
  time_zone: string;
  currency: string;
  accounts: TierRow[];
  summary?: TierSummaryRow[];
  /** Against the last saved assignment; undefined when none was saved. */
  changes?: TierChange[];
  compared_with?: string;
  saved?: string;
  /** Each source kind's last data day and whether it is stale (config freshness.lag_days). */
  data_through: DataThrough;
  notes: string[];
  /** The notes as catalogue keys and values, for people reading another language (a symbol key: not in JSON). */
  [SAID]?: Said[];
}

/** Tiers every customer on the as-of day (DOMAIN §1); optionally summarises, compares with and saves. */
/** What csops tier reads, from either backend: read before the rules run. */
interface TierReads {
  book: Book;
  dataThrough: DataThrough;
  owners: string[];
  /** The tier assignment saved last before the day (for --changes). */
  previous: { run: SnapshotRun; rows: Map<string, TierSnapshotRow> } | undefined;
}

/** The tiers of the day from what was read: the same on SQLite and PostgreSQL. */
function tierFrom(reads: TierReads, context: CommandContext, options: TierOptions): { result: TierResult; all: TierRow[] } {
  const portfolio = tierPortfolio(reads.book, context.asOf, context.config);
  const all: TierRow[] = portfolio
    .map(({ account, standing, tier }) => ({
      account_id: account.account_id,
      name: account.name,
      owner: account.owner,
      tier: tier.tier,
      rule: tier.rule,
      reason: tier.reason,
      [SAID]: tier[SAID],
      arr: tier.arr ?? null,
      arr_by_currency: standing.arr,
      state: standing.state === 'lapsed' ? ('lapsed' as const) : ('active' as const),
    }))
    .sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || (b.arr ?? 0) - (a.arr ?? 0) || a.account_id.localeCompare(b.account_id));
  const owner = options.owner;
  const accounts = all.filter((row) => (options.tier === undefined || row.tier === options.tier) && (owner === undefined || sameFilterValue(owner, row.owner)));
  // The notes in English (JSON's) and as catalogue keys (people's language), filled in below.
  const notes = new Notes();
  const result: TierResult = { as_of: context.asOf, time_zone: context.config.time_zone, currency: context.config.currency, accounts, data_through: reads.dataThrough, notes: notes.english, [SAID]: notes.said };
  const unmatchedOwner = owner === undefined ? undefined : unmatchedFilterNote('--owner', owner, reads.owners, "account's owner");
  if (unmatchedOwner) notes.addText(unmatchedOwner);
  const unconverted = new Set(all.flatMap((row) => (row.arr === null ? row.arr_by_currency.map((part) => part.currency).filter((c) => c !== context.config.currency) : [])));
  if (unconverted.size > 0) {
    notes.add('note.tier_no_rate', { currencies: [...unconverted].join(', ') });
  }
  if (options.summary) {
    const shown = new Set(accounts.map((row) => row.account_id));
    result.summary = summarizeTiers(portfolio.filter((entry) => shown.has(entry.account.account_id)).map((entry) => entry.tier));
  }
  if (options.changes) {
    if (reads.previous) {
      const { run: previousRun, rows: previous } = reads.previous;
      result.compared_with = previousRun.as_of;
      result.changes = accounts
        .filter((row) => previous.get(row.account_id)?.tier !== row.tier)
        .map((row): TierChange => {
          const before = previous.get(row.account_id)?.tier ?? null;
          const change = before === null ? 'new' : TIER_ORDER[row.tier] < TIER_ORDER[before as Tier] ? 'promotion' : 'demotion';
          return { account_id: row.account_id, name: row.name, owner: row.owner, change, from: before, to: row.tier, reason: row.reason, [SAID]: row[SAID], arr: row.arr };
        });
    } else {
      notes.add('note.tier_nothing_saved', { day: context.asOf });
    }
  }
  return { result, all };
}

export function runTier(context: CommandContext, options: TierOptions): TierResult {
  const db = openDatabase(context.dbPath, { busyTimeoutMs: context.config.busy_timeout_ms, mustExist: true, writes: options.save === true });
  try {
    const previousRun = options.changes ? latestSnapshotRun(db, 'tier', context.asOf, true) : undefined;
    const { result, all } = tierFrom(
      {
        book: loadBook(db),
        dataThrough: loadDataThrough(db, context.asOf, context.config),
        owners: options.owner === undefined ? [] : accountOwners(db),
        previous: previousRun ? { run: previousRun, rows: loadTierRows(db, previousRun.id) } : undefined,
      },
      context,
      options,
    );
    if (options.save) {
      db.transaction(() => {
        const runId = replaceSnapshotRun(db, 'tier', context.asOf, context.now().toISOString(), { tiers: context.config.tiers, currency: context.config.currency, exchange_rates: context.config.exchange_rates }, context.version);
        saveTierRows(db, runId, all);
      }).immediate();
      result.saved = context.asOf;
    }
    return result;
  } finally {
    db.close();
  }
}

/** csops tier on either backend: PostgreSQL's reads are set-oriented queries through one connection (issue 25). */
export async function runTierOn(context: CommandContext, options: TierOptions): Promise<TierResult> {
  if (!isPostgresUrl(context.dbPath)) return runTier(context, options);
  const { withPostgres } = await import('../db/pg/open.js');
  const reads = await import('../db/pg/portfolio-reads.js');
  return withPostgres(context.dbPath, context.version, async (session) => {
    const previousRun = options.changes ? await reads.pgLatestSnapshotRun(session, 'tier', context.asOf, true) : undefined;
    const { result, all } = tierFrom(
      {
        book: await reads.pgLoadBook(session),
        dataThrough: await reads.pgDataThrough(session, context.asOf, context.config),
        owners: options.owner === undefined ? [] : await reads.pgAccountOwners(session),
        previous: previousRun ? { run: previousRun, rows: await reads.pgTierRows(session, previousRun.id) } : undefined,
      },
      context,
      options,
    );
    if (options.save) {
      const { pgSaveSnapshot } = await import('../db/pg/snapshots.js');
      const { config } = context;
      await pgSaveSnapshot(session, { kind: 'tier', asOf: context.asOf, savedAt: context.now().toISOString(), rules: { tiers: config.tiers, currency: config.currency, exchange_rates: config.exchange_rates }, version: context.version }, { tier: all });
      result.saved = context.asOf;
    }
    return result;
  });
}
