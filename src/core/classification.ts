/**
 * How well a risk figure separates the accounts that churned from those that renewed: ROC AUC,
 * precision and recall of a flag, lift of the riskiest share, and calibration of probabilities.
 * Pure functions over (risk, churned) pairs; higher risk should mean more churn.
 */

import { seededRandom } from './seeded-random.js';

export interface Outcome {
  /** Higher = more likely to churn (100 − health score, or a churn probability). */
  risk: number;
  churned: boolean;
}

/**
 * The probability that a churned account has a higher risk than a renewed one (ties count half):
 * the Mann–Whitney statistic, from average ranks. 0.5 is a coin toss; null when one class is empty.
 */
export function rocAuc(outcomes: readonly Outcome[]): number | null {
  const positives = outcomes.filter((outcome) => outcome.churned).length;
  const negatives = outcomes.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const sorted = [...outcomes].sort((a, b) => a.risk - b.risk);
  let rankSumOfPositives = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]!.risk === sorted[start]!.risk) end++;
    // Ranks start .. end (1-based start+1 .. end+1) share their average.
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index++) if (sorted[index]!.churned) rankSumOfPositives += averageRank;
    start = end + 1;
  }
  return (rankSumOfPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface FlagQuality {
  flagged: number;
  /** Of the flagged, the share that churned; null when none was flagged. */
  precision: number | null;
  /** Of the churned, the share that was flagged; null when none churned. */
  recall: number | null;
}

/** Precision and recall of a yes/no flag (e.g. "at risk or worse") as a churn prediction. */
export function flagQuality(rows: ReadonlyArray<{ flagged: boolean; churned: boolean }>): FlagQuality {
  const flagged = rows.filter((row) => row.flagged);
  const churned = rows.filter((row) => row.churned).length;
  const caught = flagged.filter((row) => row.churned).length;
  return { flagged: flagged.length, precision: flagged.length > 0 ? caught / flagged.length : null, recall: churned > 0 ? caught / churned : null };
}

export interface Lift {
  /** Accounts in the riskiest share. */
  accounts: number;
  churn_rate: number | null;
  base_rate: number | null;
  /** churn_rate ÷ base_rate: 2 means the riskiest share churns twice as often as all accounts. */
  lift: number | null;
}

/**
 * Keys are snake_case: they are JSON output as they are.
 *
 * Churn in the riskiest `share` of accounts against churn overall. Ties at the cut are settled by
 * the order given, so callers pass a stable order.
 */
export function liftOfRiskiest(outcomes: readonly Outcome[], share: number): Lift {
  const baseRate = outcomes.length > 0 ? outcomes.filter((outcome) => outcome.churned).length / outcomes.length : null;
  const count = Math.max(1, Math.ceil(outcomes.length * share));
  const riskiest = [...outcomes].sort((a, b) => b.risk - a.risk).slice(0, count);
  const churnRate = riskiest.length > 0 ? riskiest.filter((outcome) => outcome.churned).length / riskiest.length : null;
  return { accounts: riskiest.length, churn_rate: churnRate, base_rate: baseRate, lift: churnRate !== null && baseRate ? churnRate / baseRate : null };
}

export interface CalibrationBin {
  /** Predicted probabilities from … to (the bin's range). */
  from: number;
  to: number;
  accounts: number;
  mean_predicted: number | null;
  observed_rate: number | null;
}

/**
 * Predicted against observed churn in `bins` equal-count groups of accounts (ordered by prediction):
 * a calibrated model's observed rate sits near its mean prediction in every group.
 */
export function calibrationTable(predictions: ReadonlyArray<{ probability: number; churned: boolean }>, bins: number): CalibrationBin[] {
  const sorted = [...predictions].sort((a, b) => a.probability - b.probability);
  const table: CalibrationBin[] = [];
  for (let bin = 0; bin < bins; bin++) {
    const slice = sorted.slice(Math.floor((bin * sorted.length) / bins), Math.floor(((bin + 1) * sorted.length) / bins));
    if (slice.length === 0) continue;
    table.push({
      from: slice[0]!.probability,
      to: slice[slice.length - 1]!.probability,
      accounts: slice.length,
      mean_predicted: slice.reduce((sum, row) => sum + row.probability, 0) / slice.length,
      observed_rate: slice.filter((row) => row.churned).length / slice.length,
    });
  }
  return table;
}

/** Bootstrap resamples behind every AUC interval csops prints. */
export const AUC_RESAMPLES = 1000;
/** The bootstrap's seed: the same cases always give the same interval. */
export const AUC_SEED = 20_261_116;

export interface AucInterval {
  auc: number | null;
  /** 2.5th and 97.5th percentiles of the bootstrap AUCs (null when the AUC is). */
  ci_low: number | null;
  ci_high: number | null;
}

/**
 * A 95% percentile bootstrap interval for a figure of several groups of cases, resampled together.
 * A resample is a weight per case (how many times it was drawn): each group's churned cases are drawn
 * with replacement from its churned cases and its renewed from its renewed (a stratified bootstrap: a
 * resample never lacks one outcome, so none is dropped). `statistic` computes the figure from each
 * group's weights (all 1: the figure itself), e.g. with weightedAuc over a ranking prepared once.
 */
export function bootstrapStatistic<T>(
  groups: ReadonlyArray<readonly T[]>,
  churnedOf: (row: T) => boolean,
  statistic: (weights: ReadonlyArray<ArrayLike<number>>) => number | null,
  options: { resamples?: number; seed?: number } = {},
): { value: number | null; ci_low: number | null; ci_high: number | null } {
  const value = statistic(groups.map((rows) => new Float64Array(rows.length).fill(1)));
  if (value === null) return { value, ci_low: null, ci_high: null };
  const random = seededRandom(options.seed ?? AUC_SEED);
  const split = groups.map((rows) => {
    const churned: number[] = [];
    const renewed: number[] = [];
    rows.forEach((row, index) => (churnedOf(row) ? churned : renewed).push(index));
    return { size: rows.length, churned, renewed };
  });
  const draws: number[] = [];
  for (let resample = 0; resample < (options.resamples ?? AUC_RESAMPLES); resample++) {
    const weights = split.map(({ size, churned, renewed }) => {
      const drawn = new Float64Array(size);
      for (const pool of [churned, renewed]) for (let count = 0; count < pool.length; count++) drawn[pool[Math.floor(random() * pool.length)]!]!++;
      return drawn;
    });
    const figure = statistic(weights);
    if (figure !== null) draws.push(figure);
  }
  if (draws.length === 0) return { value, ci_low: null, ci_high: null };
  draws.sort((a, b) => a - b);
  return { value, ci_low: percentile(draws, 0.025), ci_high: percentile(draws, 0.975) };
}

/** Outcomes put in order of risk once, for many weighted AUCs. */
export interface Ranking {
  order: number[];
  outcomes: readonly Outcome[];
}

export function ranking(outcomes: readonly Outcome[]): Ranking {
  return { order: outcomes.map((_, index) => index).sort((a, b) => outcomes[a]!.risk - outcomes[b]!.risk), outcomes };
}

/** rocAuc with each case counted `weights[i]` times (ties count half): one pass over a ranking. */
export function weightedAuc({ order, outcomes }: Ranking, weights: ArrayLike<number>): number | null {
  let renewedBelow = 0;
  let positives = 0;
  let sum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && outcomes[order[end + 1]!]!.risk === outcomes[order[start]!]!.risk) end++;
    let tiedChurned = 0;
    let tiedRenewed = 0;
    for (let index = start; index <= end; index++) {
      const row = order[index]!;
      if (outcomes[row]!.churned) tiedChurned += weights[row]!;
      else tiedRenewed += weights[row]!;
    }
    sum += tiedChurned * (renewedBelow + tiedRenewed / 2);
    renewedBelow += tiedRenewed;
    positives += tiedChurned;
    start = end + 1;
  }
  return positives === 0 || renewedBelow === 0 ? null : sum / (positives * renewedBelow);
}

/** The AUC of `outcomes` with its 95% bootstrap interval (seeded: reproducible). */
export function aucWithInterval(outcomes: readonly Outcome[], options: { resamples?: number; seed?: number } = {}): AucInterval {
  const ranked = ranking(outcomes);
  const { value, ci_low, ci_high } = bootstrapStatistic([outcomes], (row) => row.churned, ([weights]) => weightedAuc(ranked, weights!), options);
  return { auc: value, ci_low, ci_high };
}

/** Linear interpolation between the order statistics around quantile `q` of sorted `values`. */
function percentile(values: readonly number[], q: number): number {
  const position = q * (values.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, values.length - 1);
  return values[below]! + (values[above]! - values[below]!) * (position - below);
}

/**
 * What an AUC interval allows one to say. Below 0.5 entirely: worse than chance (the score points the
 * wrong way); spanning 0.5: no better than chance; above 0.5, graded by the interval's LOWER end (the
 * least the data supports): below 0.6 "better than chance, but weak", below 0.7 "modest", below 0.8
 * "useful", else "strong".
 */
export function aucLabel(interval: Pick<AucInterval, 'auc' | 'ci_low' | 'ci_high'>): string {
  const { auc, ci_low: low, ci_high: high } = interval;
  if (auc === null) return 'not known (needs both outcomes)';
  if (low === null || high === null) return 'no interval';
  if (high < 0.5) return 'worse than chance';
  if (low <= 0.5) return 'no better than chance';
  if (low < 0.6) return 'better than chance, but weak';
  if (low < 0.7) return 'modest';
  if (low < 0.8) return 'useful';
  return 'strong';
}

/** "0.620 (95% CI 0.510–0.720): no better than chance" */
export function aucWords(interval: AucInterval): string {
  if (interval.auc === null) return '— (needs both outcomes)';
  const range = interval.ci_low === null || interval.ci_high === null ? '' : ` (95% CI ${interval.ci_low.toFixed(3)}–${interval.ci_high.toFixed(3)})`;
  return `${interval.auc.toFixed(3)}${range}: ${aucLabel(interval)}`;
}
