import type { CommandContext } from './context.js';
import { openDatabase } from '../db/connection.js';
import { accountOwners, loadBook, useReadingCache, loadDataThrough, type Book } from '../db/portfolio.js';
import { isPostgresUrl } from '../config/database-url.js';
import { sameFilterValue, unmatchedFilterNote } from '../core/filter-match.js';
import { staleSources, type DataThrough, type SourceKind } from '../core/freshness.js';
import { latestSnapshotRun, loadHealthRows, replaceSnapshotRun, saveHealthRows, type HealthSnapshotRow, type SnapshotRun } from '../db/snapshots.js';
import { bandSeverity, SAID, type FactorResult, type HealthPhrases, type HealthResult, type Phrase } from '../core/health.js';
import { churnDrivers, predictChurn, type Driver, type LearnedModel } from '../core/churn-model.js';
import { featuresOf } from '../core/churn-features.js';
import { latestChurnModel, modelMatchesFeatures, type LatestChurnModel, type SavedModel, type SavedModelInfo } from '../db/churn-models.js';
import { daysBetween } from '../core/dates.js';
import type { HealthBand, Tier } from '../config/rules.js';
import type { Money } from '../core/money.js';
import { UsageError } from '../errors.js';
import { resolveAccount, scoreEveryCustomer, startScoring, type ScoredAccount } from './scoring.js';
import { errorPhrase } from '../i18n/messages/errors.js';

export interface RiskOptions {
  owner?: string;
  tier?: Tier;
  bands?: HealthBand[];
  /** Only accounts whose renewal date is within this many days (lapsed ones included). */
  renewingWithin?: number;
  limit?: number;
  /** Account id or name: explain every factor of that one account. */
  explain?: string;
  /** Compare with the score recomputed as of this earlier day. */
  since?: string;
  save: boolean;
  /** Count the accounts (after filters, before --limit) in this band or worse. */
  failOn?: HealthBand;
  /** 'learned': add the saved churn model's probability and drivers, and list by probability. */
  model?: 'rules' | 'learned';
}

export interface RiskRow {
  account_id: string;
  name: string;
  owner: string | null;
  tier: Tier;
  score: number | null;
  band: HealthBand | 'unknown';
  /** The signals (by name) that made the band at-risk although the score alone gave a better one; empty when the score set it. */
  band_forced_by: string[];
  confidence: number;
  /** Against the previous saved snapshot: up, down, same, or null without one. */
  trend: 'up' | 'down' | 'same' | null;
  previous: { as_of: string; score: number | null; band: string } | null;
  reasons: string[];
  /** The reasons that put it at risk whatever the score (config health.at_risk_when). */
  at_risk_signals: string[];
  /** The same signals by name (no_login, login_drop, bugs_past_sla, unfollowed_detractor, champion_left), each with its sentence. */
  signals: Array<{ signal: string; reason: string }>;
  missing: string[];
  arr: number | null;
  currency: string;
  arr_by_currency: Money[];
  renewal_date: string | null;
  days_to_renewal: number | null;
  lapsed: boolean;
  /** Every factor with its inputs and points (the sentences are in `reasons`); empty in a table, CSV or Markdown listing, which prints none. */
  factors: RiskFactor[];
  /** With --model learned: the churn probability and the features that raised it most; else null. */
  churn: { probability: number; drivers: Driver[] } | null;
  /**
   * reasons, missing and at_risk_signals as phrases, for people reading another language (a symbol key:
   * not in JSON). Left out of an English table, CSV or Markdown listing, which prints the English
   * sentences (with --explain, --changes and --save they are kept, in any language).
   */
  [SAID]?: HealthPhrases;
}

/** A factor as risk lists it: its reasons are the row's. */
export type RiskFactor = Omit<FactorResult, 'reasons'>;

export interface RiskChange extends Pick<RiskRow, 'account_id' | 'name' | 'owner' | 'tier' | 'score' | 'band'> {
  previous_score: number | null;
  previous_band: HealthBand | 'unknown' | null;
  change: number | null;
  direction: 'worse' | 'better';
  band_changed: boolean;
  /** Signals that put it at risk now and did not on the earlier day. */
  new_at_risk_signals: string[];
  /** The same, by name with the sentence (e.g. champion_left on the day the champion left). */
  new_signals: Array<{ signal: string; reason: string }>;
  /** The factors whose points moved, most points lost first: what the data changed. */
  factor_changes: FactorChange[];
  reasons: string[];
  /** reasons and new_at_risk_signals as phrases (a symbol key: not in JSON). */
  [SAID]: { reasons: Phrase[]; newAtRiskSignals: Phrase[] };
}

export interface FactorChange {
  factor: string;
  /** null when the factor had no data that day. */
  points_before: number | null;
  points_now: number | null;
  detail_before: string;
  detail_now: string;
  /** The details as phrases (a symbol key: not in JSON). */
  [SAID]: { before: Phrase; now: Phrase };
}

export interface RiskResult {
  as_of: string;
  time_zone: string;
  currency: string;
  accounts: RiskRow[];
  /** How many customers were scored before filters. */
  scored: number;
  counts: Record<HealthBand | 'unknown', number>;
  /**
   * Accounts whose band changed or whose score moved by more than `threshold` points; `stale_sources`
   * names the sources whose data ends before the as-of day (a change is never made of that alone).
   */
  changes?: { since: string; threshold: number; accounts: RiskChange[]; stale_sources: SourceKind[] };
  saved?: string;
  /** With --model learned: the saved model that gave the probabilities. */
  model?: SavedModelInfo;
  /**
   * With --fail-on: how many of the selected accounts are in that band or worse, and the sources
   * whose data is stale (those accounts are not made at risk by the staleness: recency ends with the data).
   */
  fail_on?: { band: HealthBand; accounts: number; stale_sources: SourceKind[] };
  /** Each source kind's last data day and whether it is stale (config freshness.lag_days). */
  data_through: DataThrough;
  notes: string[];
}

/** What csops risk reads and writes, from a SQLite file or a PostgreSQL database. */
interface RiskSource {
  book: Book;
  /** Every customer scored on the day, each turned into what the caller keeps as soon as it is scored. */
  score<T>(day: string, each: (entry: ScoredAccount) => T): Promise<T[]>;
  /** The health snapshot saved last before the day, and its rows. */
  previous(): Promise<{ run: SnapshotRun | undefined; rows: Map<string, HealthSnapshotRow> }>;
  learnedModel(): Promise<SavedModel>;
  dataThrough(): Promise<DataThrough>;
  owners(): Promise<string[]>;
  save(rows: readonly RiskRow[]): Promise<void>;
  close(): Promise<void>;
}

/** SQLite: the usage sums and the support and survey signals start in their workers first, and the book is read while they run. */
function sqliteSource(context: CommandContext, options: RiskOptions): RiskSource {
  const { config, asOf } = context;
  const db = openDatabase(context.dbPath, { busyTimeoutMs: config.busy_timeout_ms, mustExist: true, writes: options.save === true });
  try {
    useReadingCache(db);
    const scoring = startScoring(db, context.dbPath, asOf, config);
    const book = loadBook(db);
    return {
      book,
      score: (day, each) => (day === asOf ? scoring.finish(book, each) : scoreEveryCustomer(db, context.dbPath, day, config, book).then((entries) => entries.map(each))),
      previous: async () => {
        const run = latestSnapshotRun(db, 'health', asOf, true);
        return { run, rows: run ? loadHealthRows(db, run.id) : new Map() };
      },
      learnedModel: async () => checkedModel(latestChurnModel(db, asOf), asOf),
      dataThrough: async () => loadDataThrough(db, asOf, config),
      owners: async () => accountOwners(db),
      save: async (rows) => {
        db.transaction(() => {
          const runId = replaceSnapshotRun(db, 'health', asOf, context.now().toISOString(), { health: config.health, sla: config.sla, time_zone: config.time_zone }, context.version);
          saveHealthRows(db, runId, rows.map(snapshotRow));
        }).immediate();
      },
      close: async () => {
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** PostgreSQL (issue 25): the same reads, set-oriented, through one connection; loaded only for a PostgreSQL URL. */
async function postgresSource(context: CommandContext, options: RiskOptions): Promise<RiskSource> {
  const { config, asOf } = context;
  const { openPostgresForReading } = await import('../db/pg/open.js');
  const reads = await import('../db/pg/portfolio-reads.js');
  const { scoreOnPostgres } = await import('./postgres-scoring.js');
  const session = await openPostgresForReading(context.dbPath, context.version);
  try {
    const book = await reads.pgLoadBook(session);
    return {
      book,
      score: (day, each) => scoreOnPostgres(session, day, config, book, undefined, each),
      previous: async () => {
        const run = await reads.pgLatestSnapshotRun(session, 'health', asOf, true);
        return { run, rows: run ? await reads.pgHealthRows(session, run.id) : new Map() };
      },
      learnedModel: async () => {
        const { pgLatestChurnModel } = await import('../db/pg/churn-models.js');
        return checkedModel(await pgLatestChurnModel(session, asOf), asOf);
      },
      dataThrough: () => reads.pgDataThrough(session, asOf, config),
      owners: () => reads.pgAccountOwners(session),
      save: async (rows) => {
        const { pgSaveSnapshot } = await import('../db/pg/snapshots.js');
        const run = { kind: 'health' as const, asOf, savedAt: context.now().toISOString(), rules: { health: config.health, sla: config.sla, time_zone: config.time_zone }, version: context.version };
        await pgSaveSnapshot(session, run, { health: rows.map(snapshotRow) });
      },
      close: () => session.close(),
    };
  } catch (error) {
    await session.close();
    throw error;
  }
}

function snapshotRow(row: RiskRow): HealthSnapshotRow {
  return { account_id: row.account_id, score: row.score, band: row.band, confidence: row.confidence, detail: JSON.stringify({ reasons: row.reasons, missing: row.missing, factors: row.factors }) };
}

/** Scores every customer's health on the as-of day (DOMAIN §2) and lists them worst first. */
export async function runRisk(context: CommandContext, options: RiskOptions): Promise<RiskResult> {
  const { config, asOf } = context;
  const source = isPostgresUrl(context.dbPath) ? await postgresSource(context, options) : sqliteSource(context, options);
  try {
    const { book } = source;
    const { run: previousRun, rows: previous } = await source.previous();
    const learned = options.model === 'learned' ? await source.learnedModel() : undefined;
    // No variable holds the scored accounts: once each is a row, its factor objects can be collected.
    // Each account's factors (some 3 KB of objects) are kept only where they are printed or compared:
    // JSON and NDJSON, --explain, --changes and --save. A table, CSV or Markdown of every account shows
    // none, and holding them made the heap grow by the book (100,000 accounts: over 600 MB).
    const keepFactors = context.format === 'json' || context.format === 'ndjson' || options.explain !== undefined || options.since !== undefined || options.save;
    // The same for the sentences' phrases, which only another language prints: an English listing of
    // 20,000 accounts kept some 15 MB of them alive until printing, copied by every scavenge on the way.
    const keepPhrases = keepFactors || (context.language ?? 'en') !== 'en';
    const rows = await source.score(asOf, (entry) => toRow(entry, context, previousRun?.as_of, previous.get(entry.account.account_id), learned?.model, keepFactors, keepPhrases));
    rows.sort(learned ? likeliestToChurnFirst : worstFirst);
    const result: RiskResult = {
      as_of: asOf,
      time_zone: config.time_zone,
      currency: config.currency,
      accounts: [],
      scored: rows.length,
      counts: { healthy: 0, watch: 0, at_risk: 0, critical: 0, unknown: 0 },
      data_through: await source.dataThrough(),
      notes: [],
    };
    const stale = staleSources(result.data_through);
    const unmatchedOwner = options.owner === undefined ? undefined : unmatchedFilterNote('--owner', options.owner, await source.owners(), "account's owner");
    if (unmatchedOwner) result.notes.push(unmatchedOwner);
    for (const row of rows) result.counts[row.band]++;
    if (learned) {
      const { model: _model, ...info } = learned;
      result.model = info;
    }
    let selected: RiskRow[];
    if (options.explain !== undefined) {
      const account = resolveAccount(book.accounts, options.explain);
      selected = rows.filter((row) => row.account_id === account.account_id);
      if (selected.length === 0) {
        throw new UsageError(errorPhrase('error.risk.not_customer', { id: account.account_id, name: account.name, asOf }), errorPhrase('error.risk.not_customer_hint', { id: account.account_id }));
      }
    } else {
      selected = applyFilters(rows, options);
    }
    const limit = <T>(list: T[]) => (options.limit === undefined ? list : list.slice(0, options.limit));
    result.accounts = limit(selected);
    if (options.failOn !== undefined) {
      const severity = bandSeverity(options.failOn);
      result.fail_on = { band: options.failOn, accounts: selected.filter((row) => bandSeverity(row.band) >= severity).length, stale_sources: stale };
    }
    if (options.since !== undefined) {
      if (options.since >= asOf) throw new UsageError(errorPhrase('error.risk.since_not_before', { since: options.since, asOf }), errorPhrase('error.risk.since_not_before_hint'));
      const before = new Map(await source.score(options.since, (entry) => [entry.account.account_id, entry] as const));
      const threshold = config.health.change_threshold;
      const changes: RiskChange[] = [];
      for (const row of selected) {
        const then = before.get(row.account_id)?.health;
        if (then === undefined) continue; // not a customer yet on the earlier day
        const change = then.score !== null && row.score !== null ? row.score - then.score : null;
        const bandChanged = then.band !== row.band;
        if (!bandChanged && (change === null || Math.abs(change) <= threshold)) continue;
        const bothKnown = then.band !== 'unknown' && row.band !== 'unknown';
        const worse = bandChanged && bothKnown ? bandSeverity(row.band) > bandSeverity(then.band) : (change ?? 0) < 0;
        changes.push({
          account_id: row.account_id,
          name: row.name,
          owner: row.owner,
          tier: row.tier,
          score: row.score,
          band: row.band,
          previous_score: then.score,
          previous_band: then.band,
          change,
          direction: worse ? 'worse' : 'better',
          band_changed: bandChanged,
          new_at_risk_signals: row.at_risk_signals.filter((signal) => !then.atRiskSignals.includes(signal)),
          new_signals: row.signals.filter((entry) => !then.atRiskSignals.includes(entry.reason)),
          factor_changes: factorChanges(then.factors, row.factors),
          reasons: row.reasons,
          [SAID]: { reasons: phrasesOf(row).reasons, newAtRiskSignals: phrasesOf(row).atRiskSignals.filter((_, index) => !then.atRiskSignals.includes(row.at_risk_signals[index]!)) },
        });
      }
      // Worst first: what got worse before what got better; band crossings before moves within a band;
      // then the worse band now, then the bigger move.
      changes.sort(
        (a, b) =>
          Number(a.direction === 'better') - Number(b.direction === 'better') ||
          Number(b.band_changed) - Number(a.band_changed) ||
          (a.direction === 'worse' ? bandSeverity(b.band) - bandSeverity(a.band) : bandSeverity(a.band) - bandSeverity(b.band)) ||
          (a.direction === 'worse' ? (a.change ?? 0) - (b.change ?? 0) : (b.change ?? 0) - (a.change ?? 0)) ||
          a.account_id.localeCompare(b.account_id),
      );
      result.changes = { since: options.since, threshold, accounts: limit(changes), stale_sources: stale };
    }
    if (options.save) {
      await source.save(rows);
      result.saved = asOf;
    }
    return result;
  } finally {
    await source.close();
  }
}

/** Factors whose points moved between two days, the biggest loss first. */
function factorChanges(before: readonly RiskFactor[], now: readonly RiskFactor[]): FactorChange[] {
  const changes: FactorChange[] = [];
  for (const factor of now) {
    const then = before.find((candidate) => candidate.factor === factor.factor)!;
    if (then.points === factor.points) continue;
    changes.push({ factor: factor.factor, points_before: then.points, points_now: factor.points, detail_before: then.detail, detail_now: factor.detail, [SAID]: { before: then[SAID].detail, now: factor[SAID].detail } });
  }
  const delta = (change: FactorChange) => (change.points_now ?? 0) - (change.points_before ?? 0);
  return changes.sort((a, b) => delta(a) - delta(b));
}

/** The churn model saved last as of the day or before (either backend's latestChurnModel), checked to read the features this csops computes. */
function checkedModel({ model: saved, earliestAsOf }: LatestChurnModel, asOf: string): SavedModel {
  if (!saved && earliestAsOf !== null) {
    throw new UsageError(errorPhrase('error.risk.no_model_then', { asOf, earliest: earliestAsOf }), errorPhrase('error.risk.no_model_then_hint', { asOf }));
  }
  if (!saved) throw new UsageError(errorPhrase('error.risk.no_model'), errorPhrase('error.risk.no_model_hint'));
  if (!modelMatchesFeatures(saved.model)) {
    throw new UsageError(errorPhrase('error.risk.model_features', { id: String(saved.id), savedAt: saved.saved_at }), errorPhrase('error.risk.model_features_hint'));
  }
  return saved;
}

function toRow(
  entry: ScoredAccount,
  context: CommandContext,
  previousAsOf: string | undefined,
  previous: { score: number | null; band: string } | undefined,
  model: LearnedModel | undefined,
  keepFactors = true,
  keepPhrases = true,
): RiskRow {
  const { account, standing, tier, health } = entry;
  const trend =
    previous === undefined || previous.score === null || health.score === null
      ? null
      : health.score > previous.score
        ? 'up'
        : health.score < previous.score
          ? 'down'
          : 'same';
  return {
    account_id: account.account_id,
    name: account.name,
    owner: account.owner,
    tier: tier.tier,
    score: health.score,
    band: health.band,
    band_forced_by: health.bandForcedBy,
    confidence: health.confidence,
    trend,
    previous: previous && previousAsOf ? { as_of: previousAsOf, score: previous.score, band: previous.band } : null,
    reasons: health.reasons,
    at_risk_signals: health.atRiskSignals,
    signals: health.signals,
    missing: health.missing,
    arr: tier.arr ?? null,
    currency: context.config.currency,
    arr_by_currency: standing.arr,
    renewal_date: standing.renewalDate,
    days_to_renewal: standing.renewalDate === null ? null : daysBetween(context.asOf, standing.renewalDate),
    lapsed: standing.state === 'lapsed',
    factors: keepFactors ? health.factors.map(withoutReasons) : [],
    churn: model ? churnOutlook(model, health) : null,
    [SAID]: keepPhrases ? health[SAID] : undefined,
  };
}

/** A row's phrases, which --explain, --changes and --save always keep (toRow's keepPhrases). */
export function phrasesOf(row: RiskRow): HealthPhrases {
  if (row[SAID] === undefined) throw new Error(`risk row ${row.account_id} was made without its phrases`);
  return row[SAID];
}

/** The factor as risk lists it (its reasons are in the row's). Written out: a rest copy is a slow runtime call per factor. */
function withoutReasons({ factor, weight, points, missing, inputs, detail, [SAID]: said }: FactorResult): RiskFactor {
  return { factor, weight, points, missing, inputs, detail, [SAID]: said };
}

function churnOutlook(model: LearnedModel, health: HealthResult): { probability: number; drivers: Driver[] } {
  const features = featuresOf(health);
  return { probability: predictChurn(model, features), drivers: churnDrivers(model, features) };
}

/** Highest churn probability first, then as worstFirst. */
function likeliestToChurnFirst(a: RiskRow, b: RiskRow): number {
  return (b.churn?.probability ?? 0) - (a.churn?.probability ?? 0) || worstFirst(a, b);
}

/** Worst band first, then lowest score, then largest ARR. */
function worstFirst(a: RiskRow, b: RiskRow): number {
  return bandSeverity(b.band) - bandSeverity(a.band) || (a.score ?? 101) - (b.score ?? 101) || (b.arr ?? 0) - (a.arr ?? 0) || a.account_id.localeCompare(b.account_id);
}

function applyFilters(rows: RiskRow[], options: RiskOptions): RiskRow[] {
  const owner = options.owner;
  return rows.filter(
    (row) =>
      (owner === undefined || sameFilterValue(owner, row.owner)) &&
      (options.tier === undefined || row.tier === options.tier) &&
      (options.bands === undefined || options.bands.includes(row.band as HealthBand)) &&
      (options.renewingWithin === undefined || (row.days_to_renewal !== null && row.days_to_renewal <= options.renewingWithin)),
  );
}
