import type { CommandContext } from './context.js';
import { featuresOf } from '../core/churn-features.js';
import { type CaseWindow, fitChurnModel, type ModelFit } from '../core/churn-model.js';
import { CsopsError, ExitCode, UsageError } from '../errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import { messagesFor } from '../i18n/messages.js';
import { SAID } from '../core/health/phrases.js';
import { caseWindow, openCaseSource, type BacktestOptions, type HistoricalCase } from './backtest.js';
import type { ChurnModelToSave, SavedModelInfo } from '../db/churn-models.js';

export interface FitOptions extends BacktestOptions {
  /** L2 penalty on the standardised coefficients. */
  l2: number;
  /** Time-ordered folds; the first is only trained on. */
  folds: number;
  save: boolean;
  /** Save even a model that does not beat the health score on the same folds. */
  force?: boolean;
}

export interface FitResult extends Omit<ModelFit, 'model'> {
  as_of: string;
  from: string;
  to: string;
  horizon_days: number;
  l2: number;
  /** The stored model, with --save. */
  saved: SavedModelInfo | null;
  model: ModelFit['model'];
  definitions: Record<string, string>;
}

/**
 * `csops churn-model fit`: a logistic regression on the factor inputs of the same cases the
 * backtest checks (features from `csops risk --as-of` at each cut-off), validated on time-ordered
 * folds against the rule-based score.
 */
export async function runChurnModelFit(context: CommandContext, options: FitOptions): Promise<FitResult> {
  const window = caseWindow(context.asOf, options, context.config.renewals.grace_days);
  const source = await openCaseSource(context, options.save === true);
  try {
    const result = fitOf(context, window, (await source.cases(window)).cases, options);
    if (options.save) result.saved = await source.saveModel(modelToSave(context, window, result));
    return result;
  } finally {
    await source.close();
  }
}

function modelToSave(context: CommandContext, window: CaseWindow, fit: FitResult): ChurnModelToSave {
  return { fit, asOf: context.asOf, window, version: context.version, savedAt: context.now().toISOString() };
}

/** The fit and its checks (--save refused when the model does not beat the health score, unless --force), nothing stored yet. */
/** The fit on cases already worked out (csops demo shares them with the backtest); saving is the caller's (runChurnModelFit). */
export function fitOf(context: CommandContext, window: CaseWindow, cases: readonly HistoricalCase[], options: FitOptions): FitResult {
  if (!Number.isInteger(options.folds) || options.folds < 2 || options.folds > 20) throw new UsageError(errorPhrase('error.churn.folds', { folds: String(options.folds) }), errorPhrase('error.churn.folds_hint'));
  // Without a penalty a feature that separates the outcomes drives its coefficient towards infinity.
  if (!(options.l2 >= 0.01)) throw new UsageError(errorPhrase('error.churn.l2', { l2: String(options.l2) }), errorPhrase('error.churn.l2_hint'));
  const churned = cases.filter((entry) => entry.churned).length;
  if (churned < 5 || cases.length - churned < 5) {
    throw new UsageError(errorPhrase('error.churn.too_few', { cases: cases.length, from: window.from, to: window.to, churned }), errorPhrase('error.churn.too_few_hint'));
  }
  const fit = fitChurnModel(
    cases.map((entry) => ({ cutoff: entry.cutoff, known_on: entry.known_on, churned: entry.churned, features: featuresOf(entry.health), score: entry.health.score })),
    { l2: options.l2, folds: options.folds },
  );
  if (options.save && !fit.beats_rule) {
    const figures = { auc: figure(fit.cv_auc), rule_auc: figure(fit.rule_auc) };
    if (!options.force) throw new CsopsError(errorPhrase('error.churn.not_saved', figures), ExitCode.failOn, errorPhrase('error.churn.not_saved_hint'));
    const forced = messagesFor('en').t('churn.note.saved_forced', figures);
    fit.notes.push(forced);
    fit[SAID]?.push({ key: 'churn.note.saved_forced', params: figures });
  }
  return { as_of: context.asOf, from: window.from, to: window.to, horizon_days: window.horizon, l2: options.l2, saved: null, ...fit, definitions: DEFINITIONS };
}

const figure = (value: number | null) => (value === null ? '—' : value.toFixed(3));

const DEFINITIONS: Record<string, string> = {
  features: "the health factors' inputs at each cut-off (days since the last login, login trend, licence utilisation, key modules used, open urgent/high bugs, SLA breaches, ticket spike, latest survey score, unhappy answers not followed up, auto-renewal) and whether each factor had data; a missing value is taken as the training mean",
  model: 'logistic regression on standardised features with an L2 penalty (--l2) on the coefficients, fitted by Newton steps',
  cross_validation: 'cases ordered by cut-off day and cut into --folds parts of about equal size (a day never split); each part after the first is predicted by a model trained only on earlier cases whose outcome was known before the part\'s first cut-off (a renewal from its successor\'s start, anything else from the end of the grace period), so no fold learns from its future',
  cv_auc: "ROC AUC of each fold's predictions, averaged over the folds weighted by their cases; rule_auc is the health score (100 − score) on the same folds",
  auc_interval: "95% bootstrap interval: each fold's cases resampled with replacement 1,000 times (churned from the churned, renewed from the renewed; fixed seed, so reproducible), the same resamples for the model, the health score and their difference (gain); labels as in csops risk backtest: all below 0.5 'worse than chance', spanning 0.5 'no better than chance', above 0.5 graded by the lower end",
  drivers: "only effects whose sign every validated fold's model agrees on (at least two folds) are listed as drivers; the range is the lowest and highest odds ratio of the folds' models, per the same step",
  save: '--save stores the model only if its cross-validated AUC is above the health score\'s on the same folds (point estimates); --force stores it anyway, with a warning',
  odds_ratio: 'how the churn odds change with one step of the feature (per_unit) or one standard deviation (per_sd); above 1 raises churn',
  calibration: 'out-of-fold cases in five equal groups by predicted probability: mean prediction against the share that churned',
};
