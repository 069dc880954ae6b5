import type { CommandContext } from './context.js';
import type { Config } from '../config/schema.js';
import { HEALTH_BANDS, type HealthBand, type Tier } from '../config/names.js';
import { openDatabase, type Db } from '../db/connection.js';
import { loadBook, type Book } from '../db/portfolio.js';
import { addDays, isIsoDate } from '../core/dates.js';
import { contractOutcomes } from '../core/renewal-state.js';
import { FACTORS, type HealthResult } from '../core/health.js';
import { AUC_RESAMPLES, AUC_SEED, aucLabel, aucWithInterval, flagQuality, liftOfRiskiest, type FlagQuality, type Lift } from '../core/classification.js';
import type { CaseWindow } from '../core/churn-model.js';
import { UsageError } from '../errors.js';
import { formatNumber } from '../core/money.js';
import { scorePortfolio, type ScoredAccount } from './scoring.js';
import { isPostgresUrl } from '../config/database-url.js';
import { saveChurnModel, type ChurnModelToSave, type SavedModelInfo } from '../db/churn-models.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/**
 * One contract whose outcome is known, with the account's health as it stood `horizon` days before
 * the contract ended, computed from the rows dated on or before that day only (the `csops risk
 * --as-of` code path): what the score said, and what happened.
 */
export interface HistoricalCase {
  contract_id: string;
  account_id: string;
  name: string;
  tier: Tier;
  end_date: string;
  /** end_date − horizon: the day the health was computed as of. */
  cutoff: string;
  churned: boolean;
  /** Why the outcome is what it is (renewal rules, DOMAIN §3). */
  outcome_rule: string;
  /**
   * The first day the outcome was certainly known: the successor's start for a renewal, else the end of
   * the grace period (a status carries no date). A model may learn from a case only after this day.
   */
  known_on: string;
  health: HealthResult;
}

export interface KnownOutcome {
  contract_id: string;
  account_id: string;
  end_date: string;
  churned: boolean;
  rule: string;
  known_on: string;
}

export interface HistoricalCases {
  cases: HistoricalCase[];
  /** Contracts left out, and why. */
  left_out: { outcome_not_known: number; renewed_before_cutoff: number; not_a_customer_at_cutoff: number };
}

/** The known outcomes of a case window grouped by cut-off day, each day with the book of its accounts, before any scoring. */
export interface CasePlan {
  days: Array<{ cutoff: string; entries: KnownOutcome[]; ids: Set<string>; book: Book }>;
  outcomeNotKnown: number;
  renewedBeforeCutoff: number;
}

/**
 * Contracts of every account that ended between `from` and `to` (inclusive) and were renewed or
 * churned by `asOf`; co-termed contracts of one account ending the same day are one case (renewed if
 * any was). Health is scored once per cut-off day for the accounts cut off that day.
 */
export function historicalCases(db: Db, config: Config, asOf: string, window: CaseWindow, book: Book = loadBook(db)): HistoricalCases {
  const plan = planCases(book, config, asOf, window);
  return casesFrom(plan, plan.days.map((day) => scorePortfolio(db, day.cutoff, config, day.ids, day.book)));
}

/** The cases' outcomes by cut-off day (historicalCases without the scoring, which each backend does its way). */
export function planCases(book: Book, config: Config, asOf: string, window: CaseWindow): CasePlan {
  const grace = config.renewals.grace_days;
  const byCase = new Map<string, KnownOutcome>();
  let outcomeNotKnown = 0;
  let renewedBeforeCutoff = 0;
  for (const [accountId, contracts] of book.contracts) {
    for (const outcome of contractOutcomes(contracts, asOf, grace)) {
      const end = outcome.contract.end_date;
      if (end === null || end < window.from || end > window.to) continue;
      if (outcome.state !== 'renewed' && outcome.state !== 'churned') {
        outcomeNotKnown++;
        continue;
      }
      // An early renewal or upgrade that began by the cut-off: the outcome was known when the score was taken.
      const successorStart = outcome.successor?.start_date;
      if (successorStart !== undefined && successorStart <= addDays(end, -window.horizon)) {
        renewedBeforeCutoff++;
        continue;
      }
      const key = `${accountId}\u0000${end}`;
      const existing = byCase.get(key);
      const churned = outcome.state === 'churned';
      if (existing && !(existing.churned && !churned)) continue;
      const knownOn = successorStart !== undefined && outcome.state === 'renewed' ? successorStart : addDays(end, grace);
      byCase.set(key, { contract_id: outcome.contract.contract_id, account_id: accountId, end_date: end, churned, rule: outcome.rule, known_on: knownOn });
    }
  }

  // Group by cut-off day: each day's accounts are scored together, as csops risk --as-of that day would.
  const byCutoff = new Map<string, KnownOutcome[]>();
  for (const entry of byCase.values()) {
    const cutoff = addDays(entry.end_date, -window.horizon);
    const list = byCutoff.get(cutoff);
    if (list) list.push(entry);
    else byCutoff.set(cutoff, [entry]);
  }
  const accountsById = new Map(book.accounts.map((account) => [account.account_id, account]));
  const days = [...byCutoff.keys()].sort().map((cutoff) => {
    const entries = byCutoff.get(cutoff)!;
    const ids = new Set(entries.map((entry) => entry.account_id));
    // Only these accounts' standings are worked out: a book of just them (contracts are looked up by id).
    const dayBook: Book = { accounts: [...ids].flatMap((id) => accountsById.get(id) ?? []), contracts: book.contracts };
    return { cutoff, entries, ids, book: dayBook };
  });
  return { days, outcomeNotKnown, renewedBeforeCutoff };
}

/** The cases of a plan, given each of its days' accounts scored on that day (`scored[i]` for `plan.days[i]`). */
export function casesFrom(plan: CasePlan, scored: ReadonlyArray<readonly ScoredAccount[]>): HistoricalCases {
  const cases: HistoricalCase[] = [];
  let notCustomer = 0;
  plan.days.forEach(({ cutoff, entries }, index) => {
    const byId = new Map(scored[index]!.map((entry) => [entry.account.account_id, entry]));
    for (const entry of entries) {
      const account = byId.get(entry.account_id);
      if (!account) {
        notCustomer++;
        continue;
      }
      cases.push({
        contract_id: entry.contract_id,
        account_id: entry.account_id,
        name: account.account.name,
        tier: account.tier.tier,
        end_date: entry.end_date,
        cutoff,
        churned: entry.churned,
        outcome_rule: entry.rule,
        known_on: entry.known_on,
        health: account.health,
      });
    }
  });
  cases.sort((a, b) => a.cutoff.localeCompare(b.cutoff) || a.account_id.localeCompare(b.account_id));
  return { cases, left_out: { outcome_not_known: plan.outcomeNotKnown, renewed_before_cutoff: plan.renewedBeforeCutoff, not_a_customer_at_cutoff: notCustomer } };
}

/** What the backtest and the churn model read and write, from a SQLite file or a PostgreSQL database (issue 25). */
export interface CaseSource {
  cases(window: CaseWindow): Promise<HistoricalCases>;
  saveModel(input: ChurnModelToSave): Promise<SavedModelInfo>;
  close(): Promise<void>;
}

export async function openCaseSource(context: CommandContext, writes: boolean): Promise<CaseSource> {
  const { config, asOf } = context;
  if (isPostgresUrl(context.dbPath)) {
    const { openPostgresForReading } = await import('../db/pg/open.js');
    const { pgLoadBook } = await import('../db/pg/portfolio-reads.js');
    const { pgSaveChurnModel } = await import('../db/pg/churn-models.js');
    const { scoreOnPostgres } = await import('./postgres-scoring.js');
    const session = await openPostgresForReading(context.dbPath, context.version);
    return {
      cases: async (window) => {
        const plan = planCases(await pgLoadBook(session), config, asOf, window);
        const scored: ScoredAccount[][] = [];
        for (const day of plan.days) scored.push(await scoreOnPostgres(session, day.cutoff, config, day.book, day.ids));
        return casesFrom(plan, scored);
      },
      saveModel: (input) => pgSaveChurnModel(session, input),
      close: () => session.close(),
    };
  }
  const db = openDatabase(context.dbPath, { busyTimeoutMs: config.busy_timeout_ms, mustExist: true, writes });
  return {
    cases: async (window) => historicalCases(db, config, asOf, window),
    saveModel: async (input) => saveChurnModel(db, input),
    close: async () => {
      db.close();
    },
  };
}

export interface BacktestOptions {
  from?: string;
  to?: string;
  horizon: number;
}

export interface BandRow {
  band: HealthBand | 'unknown';
  accounts: number;
  churned: number;
  churn_rate: number | null;
  /** At least MIN_BAND_CASES cases: the rate is worth reading and the band counts towards bands_in_order. */
  enough_cases: boolean;
}

/** Fewest cases a band needs for its churn rate to be read (and judged in bands_in_order). */
export const MIN_BAND_CASES = 10;

export interface FactorComparison {
  factor: string;
  weight: number;
  /** Mean share of the weight earned (0–1), among the accounts where the factor had data. */
  churned_share: number | null;
  renewed_share: number | null;
  /** renewed − churned: how much more of the factor the renewed accounts earned. */
  difference: number | null;
  /** Accounts where the factor had no data. */
  missing: number;
}

export interface BacktestResult {
  as_of: string;
  from: string;
  to: string;
  horizon_days: number;
  outcomes: number;
  churned: number;
  renewed: number;
  base_rate: number | null;
  /** ROC AUC of (100 − score): 0.5 is chance, 1 a perfect ranking; over the scored accounts. */
  auc: number | null;
  /** 95% bootstrap interval of the AUC (AUC_RESAMPLES stratified resamples, seed AUC_SEED). */
  auc_ci_low: number | null;
  auc_ci_high: number | null;
  /** What the interval allows one to say ("no better than chance" when it spans 0.5…). */
  auc_label: string;
  auc_bootstrap: { resamples: number; seed: number };
  unscored: number;
  at_risk_flag: FlagQuality & { flag: string };
  bands: BandRow[];
  /** Each band churns more than the one above it, judged over the bands with at least MIN_BAND_CASES cases only. */
  bands_in_order: boolean;
  /** The bands bands_in_order was judged over, and those left out for too few cases (but not empty). */
  bands_judged: string[];
  bands_too_few: string[];
  min_band_cases: number;
  worst_decile: Lift;
  factors: FactorComparison[];
  left_out: HistoricalCases['left_out'];
  definitions: Record<string, string>;
  /** Every case: what the score said at the cut-off, and what happened. */
  cases: CaseRow[];
}

/** A case as listed (csv, ndjson, json): what the score said at the cut-off, and what happened. */
export type CaseRow = Pick<HistoricalCase, 'contract_id' | 'account_id' | 'name' | 'tier' | 'end_date' | 'cutoff' | 'churned'> & Pick<HealthResult, 'score' | 'band'>;

/** `csops risk backtest`: how well the health score, computed `horizon` days ahead, foretold renewals and churn. */
export async function runBacktest(context: CommandContext, options: BacktestOptions): Promise<BacktestResult> {
  const window = caseWindow(context.asOf, options, context.config.renewals.grace_days);
  const source = await openCaseSource(context, false);
  try {
    return backtestOf(context.asOf, window, await source.cases(window));
  } finally {
    await source.close();
  }
}

/** The backtest of cases already worked out (csops demo shares them with the churn model). */
export function backtestOf(asOf: string, window: CaseWindow, { cases, left_out }: HistoricalCases): BacktestResult {
  const rows = cases.map(({ contract_id, account_id, name, tier, end_date, cutoff, churned, health }) => ({ contract_id, account_id, name, tier, end_date, cutoff, score: health.score, band: health.band, churned }));
  return { as_of: asOf, from: window.from, to: window.to, horizon_days: window.horizon, ...backtestFigures(cases), left_out, definitions: DEFINITIONS, cases: rows };
}

/**
 * --from/--to and --horizon, checked. --to defaults to the as-of day less the grace period: closer to
 * it, renewals with a successor are known but churns without a status are not yet, and churn would be
 * undercounted. --from defaults to a year before --to.
 */
export function caseWindow(asOf: string, options: BacktestOptions, graceDays: number): CaseWindow {
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw new UsageError(errorPhrase('error.flag_not_date', { flag, value }), errorPhrase('error.backtest.date_hint', { flag, asOf }));
  }
  const to = options.to ?? addDays(asOf, -graceDays);
  const from = options.from ?? addDays(to, -364);
  if (from > to) throw new UsageError(errorPhrase('error.backtest.from_after_to', { from, to }), errorPhrase('error.backtest.from_after_to_hint'));
  if (to > asOf) throw new UsageError(errorPhrase('error.backtest.to_after_as_of', { to, asOf }), errorPhrase('error.backtest.to_after_as_of_hint', { asOf }));
  if (!Number.isInteger(options.horizon) || options.horizon < 0) throw new UsageError(errorPhrase('error.backtest.horizon', { horizon: String(options.horizon) }), errorPhrase('error.backtest.horizon_hint'));
  return { from, to, horizon: options.horizon };
}

const AT_RISK_OR_WORSE: ReadonlySet<string> = new Set(['at_risk', 'critical']);

/** The figures of a backtest from its cases (pure: tested on hand-made cases). */
export function backtestFigures(cases: readonly HistoricalCase[]): Omit<BacktestResult, 'as_of' | 'from' | 'to' | 'horizon_days' | 'left_out' | 'definitions' | 'cases'> {
  const churned = cases.filter((entry) => entry.churned).length;
  const scoredCases = cases.filter((entry) => entry.health.score !== null);
  const outcomes = scoredCases.map((entry) => ({ risk: 100 - entry.health.score!, churned: entry.churned }));
  const bands: BandRow[] = [...HEALTH_BANDS, 'unknown' as const].map((band) => {
    const inBand = cases.filter((entry) => entry.health.band === band);
    const churnedInBand = inBand.filter((entry) => entry.churned).length;
    return { band, accounts: inBand.length, churned: churnedInBand, churn_rate: inBand.length > 0 ? churnedInBand / inBand.length : null, enough_cases: inBand.length >= MIN_BAND_CASES };
  });
  const rated = bands.filter((row) => row.band !== 'unknown' && row.enough_cases);
  const interval = aucWithInterval(outcomes);
  const factors: FactorComparison[] = FACTORS.map((factor) => {
    const shares = (wanted: boolean) => {
      const values = cases
        .filter((entry) => entry.churned === wanted)
        .flatMap((entry) => entry.health.factors.filter((result) => result.factor === factor && !result.missing && result.weight > 0).map((result) => result.points! / result.weight));
      return values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
    };
    const churnedShare = shares(true);
    const renewedShare = shares(false);
    const weight = cases[0]?.health.factors.find((result) => result.factor === factor)?.weight ?? 0;
    const missing = cases.filter((entry) => entry.health.factors.some((result) => result.factor === factor && result.missing)).length;
    return { factor, weight, churned_share: churnedShare, renewed_share: renewedShare, difference: churnedShare !== null && renewedShare !== null ? renewedShare - churnedShare : null, missing };
  }).sort((a, b) => (b.difference ?? -Infinity) - (a.difference ?? -Infinity));
  return {
    outcomes: cases.length,
    churned,
    renewed: cases.length - churned,
    base_rate: cases.length > 0 ? churned / cases.length : null,
    auc: interval.auc,
    auc_ci_low: interval.ci_low,
    auc_ci_high: interval.ci_high,
    auc_label: aucLabel(interval),
    auc_bootstrap: { resamples: AUC_RESAMPLES, seed: AUC_SEED },
    unscored: cases.length - scoredCases.length,
    at_risk_flag: { flag: 'band at risk or critical', ...flagQuality(cases.map((entry) => ({ flagged: AT_RISK_OR_WORSE.has(entry.health.band), churned: entry.churned }))) },
    bands,
    // Fewer than two bands with enough cases: there is no order to judge, and "yes" would claim one.
    bands_in_order: rated.length >= 2 && rated.every((row, index) => index === 0 || row.churn_rate! > rated[index - 1]!.churn_rate!),
    bands_judged: rated.map((row) => row.band),
    bands_too_few: bands.filter((row) => row.band !== 'unknown' && row.accounts > 0 && !row.enough_cases).map((row) => row.band),
    min_band_cases: MIN_BAND_CASES,
    worst_decile: liftOfRiskiest(outcomes, 0.1),
    factors,
  };
}

const DEFINITIONS: Record<string, string> = {
  cases: 'contracts that ended between --from and --to (default: the year up to the as-of day less the grace period) and were renewed or churned by the as-of day (renewal rules of csops renewals); co-termed contracts of one account ending the same day are one case; a contract whose renewal had already started by the cut-off is left out',
  cutoff: 'each case is scored as of --horizon days before its end date, from rows dated on or before that day only (csops risk --as-of)',
  auc: 'ROC AUC of 100 − score: the chance that a churned account scored lower than a renewed one (ties count half); 0.5 is a coin toss',
  auc_interval: `95% bootstrap interval: the cases are resampled with replacement ${formatNumber(AUC_RESAMPLES)} times (churned from the churned, renewed from the renewed; seed ${AUC_SEED}, so the same cases give the same interval) and the middle 95% of the resampled AUCs is kept`,
  auc_label: 'read from the interval: all of it below 0.5 "worse than chance"; spanning 0.5 "no better than chance"; above 0.5, by its lower end: below 0.6 "better than chance, but weak", below 0.7 "modest", below 0.8 "useful", else "strong"',
  bands: `a band's churn rate is read only with at least ${MIN_BAND_CASES} cases ("too few cases" below); bands in order is judged over those bands only, and needs two of them`,
  precision: 'of the accounts flagged at risk or critical, the share that churned',
  recall: 'of the accounts that churned, the share flagged at risk or critical',
  lift: 'churn rate of the 10% lowest scores ÷ churn rate of all cases',
  factor_difference: 'mean share of its weight a factor gave the renewed accounts minus the churned ones: the larger, the better the factor told them apart',
};
