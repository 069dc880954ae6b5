/**
 * How well a risk figure separates the accounts that churned from those that renewed: ROC AUC,
 * precision and recall of a flag, lift of the riskiest share, and calibration of probabilities.
 * Pure functions over (risk, churned) pairs; higher risk should mean more churn.
 */

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
