import { AUC_RESAMPLES, AUC_SEED, aucLabel, bootstrapStatistic, calibrationTable, ranking, weightedAuc, type CalibrationBin, type Ranking } from './classification.js';
import { FEATURES, FEATURE_NAMES, MISSING_INDICATORS } from './churn-features.js';
import { fitLogistic, fitStandardizer, predictProbability, standardize } from './logistic.js';
import { SAID } from './health/phrases.js';
import { Notes, type Said } from '../i18n/notes.js';

/** The contracts a backtest or a churn model learns from: those ending from `from` to `to`, each scored `horizon` days before its end. */
export interface CaseWindow {
  from: string;
  to: string;
  horizon: number;
}

/**
 * A churn model learned from the team's own history: a regularised logistic regression on the
 * health factors' inputs at a cut-off, validated on later cases than it was trained on.
 */

/** One known outcome with its features at the cut-off (null: the factor had no data). */
export interface TrainingCase {
  cutoff: string;
  /** The first day the outcome was known: a fold may train on the case only if this is before its first cut-off. */
  known_on: string;
  churned: boolean;
  features: ReadonlyArray<number | null>;
  /** The rule-based health score at the cut-off, to compare on the same cases. */
  score: number | null;
}

export interface LearnedModel {
  feature_names: string[];
  /** Training means that stand in for a missing value (the indicator features say it was missing). */
  fill: number[];
  means: number[];
  sds: number[];
  intercept: number;
  /** Per standard deviation of each feature. */
  coefficients: number[];
  l2: number;
  /**
   * Features whose sign the folds' models did not agree on: never named as an account's driver
   * (a model saved before this was recorded names any feature).
   */
  unstable_features?: string[];
}

export interface FoldFigures {
  fold: number;
  trained_on: number;
  tested_on: number;
  /** Cut-off days of the cases tested. */
  from: string;
  to: string;
  model_auc: number | null;
  rule_auc: number | null;
  /** 95% bootstrap intervals of the fold's AUCs (the fold's cases resampled). */
  model_auc_ci_low: number | null;
  model_auc_ci_high: number | null;
  rule_auc_ci_low: number | null;
  rule_auc_ci_high: number | null;
}

export interface FeatureEffect {
  feature: string;
  coefficient: number;
  /** Odds ratio for one standard deviation more. */
  odds_ratio_per_sd: number;
  /** Odds ratio for the feature's natural step (7 more days, one more bug…). */
  odds_ratio_per_unit: number;
  direction: 'raises_churn' | 'lowers_churn' | 'little_effect';
  /** "7 more days since the last login: churn odds ×1.42". */
  words: string;
  /**
   * Every fold's model (trained on earlier cases only) gave the coefficient the sign of the full fit,
   * and at least two folds were validated: only such effects are listed as drivers.
   */
  sign_stable: boolean;
  /** The odds ratio shown in `words` (same step), from each validated fold's model; low and high of them. */
  fold_odds_ratios: number[];
  fold_odds_ratio_low: number | null;
  fold_odds_ratio_high: number | null;
}

export interface ModelFit {
  model: LearnedModel;
  cases: number;
  churned: number;
  folds: FoldFigures[];
  /** The folds' AUCs, averaged weighted by the cases each tested (models trained on earlier cases only). */
  cv_auc: number | null;
  rule_auc: number | null;
  /** The model's cross-validated AUC again (the key every AUC-printing command carries), with its interval. */
  auc: number | null;
  auc_ci_low: number | null;
  auc_ci_high: number | null;
  auc_label: string;
  rule_auc_ci_low: number | null;
  rule_auc_ci_high: number | null;
  rule_auc_label: string;
  /** cv_auc − rule_auc, with the interval of the paired bootstrap (the same resamples for both). */
  auc_gain: number | null;
  auc_gain_ci_low: number | null;
  auc_gain_ci_high: number | null;
  /** cv_auc above rule_auc on the same folds (point estimates): what --save requires without --force. */
  beats_rule: boolean;
  auc_bootstrap: { resamples: number; seed: number };
  calibration: CalibrationBin[];
  effects: FeatureEffect[];
  notes: string[];
  /** The notes as keys and values, index for index (people's other languages; issue 24). */
  [SAID]?: Said[];
}

export interface FitSettings {
  l2: number;
  folds: number;
}

/**
 * Fits on every case, after validating on time-ordered folds. Each fold is predicted by a model
 * trained only on earlier cases whose outcome was already known at the fold's first cut-off, so no
 * fold learns from its future; a cut-off day is never split between folds.
 */
export function fitChurnModel(cases: readonly TrainingCase[], settings: FitSettings): ModelFit {
  const ordered = [...cases].sort((a, b) => a.cutoff.localeCompare(b.cutoff));
  const notes = new Notes();
  const folds: FoldFigures[] = [];
  const outOfFold: Predicted[] = [];
  const foldRows: Predicted[][] = [];
  const foldModels: LearnedModel[] = [];
  const foldRankings: Array<{ model: Ranking; rule: Ranking }> = [];
  const bounds = foldBounds(ordered, settings.folds);
  for (let fold = 1; fold < bounds.length - 1; fold++) {
    const test = ordered.slice(bounds[fold], bounds[fold + 1]);
    if (test.length === 0) continue;
    const firstCutoff = test[0]!.cutoff;
    const train = ordered.slice(0, bounds[fold]).filter((entry) => entry.known_on < firstCutoff);
    const churnedInTrain = train.filter((entry) => entry.churned).length;
    if (churnedInTrain < MIN_PER_CLASS || train.length - churnedInTrain < MIN_PER_CLASS) {
      notes.add('churn.note.fold_not_validated', { fold, from: firstCutoff, churned: churnedInTrain, renewed: train.length - churnedInTrain });
      continue;
    }
    const model = trainModel(train, settings.l2, notes);
    const predicted = test.map((entry) => ({ probability: predictChurn(model, entry.features), churned: entry.churned, ruleRisk: ruleRisk(entry) }));
    outOfFold.push(...predicted);
    foldRows.push(predicted);
    foldModels.push(model);
    const rankings = { model: ranking(predicted.map((row) => ({ risk: row.probability, churned: row.churned }))), rule: ranking(predicted.map((row) => ({ risk: row.ruleRisk, churned: row.churned }))) };
    foldRankings.push(rankings);
    const modelAuc = bootstrapStatistic([predicted], churnedOf, ([weights]) => weightedAuc(rankings.model, weights!));
    const ruleAuc = bootstrapStatistic([predicted], churnedOf, ([weights]) => weightedAuc(rankings.rule, weights!));
    folds.push({
      fold,
      trained_on: train.length,
      tested_on: test.length,
      from: test[0]!.cutoff,
      to: test[test.length - 1]!.cutoff,
      model_auc: modelAuc.value,
      rule_auc: ruleAuc.value,
      model_auc_ci_low: modelAuc.ci_low,
      model_auc_ci_high: modelAuc.ci_high,
      rule_auc_ci_low: ruleAuc.ci_low,
      rule_auc_ci_high: ruleAuc.ci_high,
    });
  }
  const model = trainModel(ordered, settings.l2, notes);
  const effects = featureEffects(model, foldModels);
  model.unstable_features = effects.filter((effect) => !effect.sign_stable).map((effect) => effect.feature);
  // The folds' cases are resampled within each fold, the same resamples for the model, the rule and
  // their difference (one seed): the intervals are of the figures as computed, a weighted mean over folds.
  const modelRankings = foldRankings.map((entry) => entry.model);
  const ruleRankings = foldRankings.map((entry) => entry.rule);
  const cv = bootstrapStatistic(foldRows, churnedOf, (weights) => weightedMean(modelRankings, weights));
  const rule = bootstrapStatistic(foldRows, churnedOf, (weights) => weightedMean(ruleRankings, weights));
  const gain = bootstrapStatistic(foldRows, churnedOf, (weights) => {
    const [a, b] = [weightedMean(modelRankings, weights), weightedMean(ruleRankings, weights)];
    return a === null || b === null ? null : a - b;
  });
  return {
    model,
    cases: ordered.length,
    churned: ordered.filter((entry) => entry.churned).length,
    folds,
    // Each fold's model has its own base rate, so one AUC over every fold's predictions would mix
    // scales; the folds' AUCs are averaged instead, weighted by the cases they tested.
    cv_auc: meanOverFolds(folds, (fold) => fold.model_auc),
    rule_auc: meanOverFolds(folds, (fold) => fold.rule_auc),
    auc: cv.value,
    auc_ci_low: cv.ci_low,
    auc_ci_high: cv.ci_high,
    auc_label: aucLabel({ auc: cv.value, ci_low: cv.ci_low, ci_high: cv.ci_high }),
    rule_auc_ci_low: rule.ci_low,
    rule_auc_ci_high: rule.ci_high,
    rule_auc_label: aucLabel({ auc: rule.value, ci_low: rule.ci_low, ci_high: rule.ci_high }),
    auc_gain: gain.value,
    auc_gain_ci_low: gain.ci_low,
    auc_gain_ci_high: gain.ci_high,
    beats_rule: cv.value !== null && rule.value !== null && cv.value > rule.value,
    auc_bootstrap: { resamples: AUC_RESAMPLES, seed: AUC_SEED },
    calibration: calibrationTable(outOfFold, 5),
    effects,
    notes: notes.english,
    [SAID]: notes.said,
  };
}

interface Predicted {
  probability: number;
  churned: boolean;
  ruleRisk: number;
}

const churnedOf = (row: Predicted) => row.churned;

/** The folds' AUCs (each case counted as weighted) averaged by the folds' sizes, over the folds with both outcomes (as cv_auc is). */
function weightedMean(rankings: readonly Ranking[], weights: ReadonlyArray<ArrayLike<number>>): number | null {
  let sum = 0;
  let cases = 0;
  rankings.forEach((ranked, index) => {
    const value = weightedAuc(ranked, weights[index]!);
    if (value === null) return;
    sum += value * ranked.order.length;
    cases += ranked.order.length;
  });
  return cases > 0 ? sum / cases : null;
}

function meanOverFolds(folds: readonly FoldFigures[], auc: (fold: FoldFigures) => number | null): number | null {
  const rated = folds.filter((fold) => auc(fold) !== null);
  const cases = rated.reduce((sum, fold) => sum + fold.tested_on, 0);
  return cases > 0 ? rated.reduce((sum, fold) => sum + auc(fold)! * fold.tested_on, 0) / cases : null;
}

/** Fewest churned and fewest renewed cases a model is trained on. */
const MIN_PER_CLASS = 5;

/** Indexes where the folds start (and the end): about equal counts, moved forward so no cut-off day is split. */
function foldBounds(ordered: readonly TrainingCase[], folds: number): number[] {
  const bounds = [0];
  for (let fold = 1; fold < folds; fold++) {
    let index = Math.max(Math.round((fold * ordered.length) / folds), bounds[bounds.length - 1]!);
    while (index > 0 && index < ordered.length && ordered[index]!.cutoff === ordered[index - 1]!.cutoff) index++;
    if (index > bounds[bounds.length - 1]! && index < ordered.length) bounds.push(index);
  }
  bounds.push(ordered.length);
  return bounds;
}

/** The rule-based score as a risk (higher = riskier); an unscored case sits in the middle. */
function ruleRisk(entry: TrainingCase): number {
  return entry.score === null ? 50 : 100 - entry.score;
}

function trainModel(cases: readonly TrainingCase[], l2: number, notes: Notes): LearnedModel {
  const fill = FEATURE_NAMES.map((_, index) => {
    const present = cases.map((entry) => entry.features[index]).filter((value): value is number => value !== null);
    return present.length > 0 ? present.reduce((sum, value) => sum + value, 0) / present.length : 0;
  });
  const filled = cases.map((entry) => entry.features.map((value, index) => value ?? fill[index]!));
  const { means, sds } = fitStandardizer(filled);
  const rows = filled.map((row) => standardize(row, { means, sds }));
  const fitted = fitLogistic(
    rows,
    cases.map((entry) => (entry.churned ? 1 : 0)),
    { l2 },
  );
  if (!fitted.converged) notes.add('churn.note.not_settled', { cases: cases.length, steps: fitted.iterations });
  return { feature_names: [...FEATURE_NAMES], fill, means, sds, intercept: fitted.intercept, coefficients: fitted.coefficients, l2 };
}

export function predictChurn(model: LearnedModel, features: ReadonlyArray<number | null>): number {
  return predictProbability(model, standardizedRow(model, features));
}

function standardizedRow(model: LearnedModel, features: ReadonlyArray<number | null>): number[] {
  return features.map((value, index) => ((value ?? model.fill[index]!) - model.means[index]!) / model.sds[index]!);
}

export interface Driver {
  feature: string;
  /** The account's value (null: no data). */
  value: number | null;
  /** Contribution to the log-odds against an average account. */
  contribution: number;
  words: string;
}

/**
 * What moved one account's probability most: each feature's contribution to the log-odds against
 * an account at the training means, largest first (only those raising churn when `raising`).
 */
export function churnDrivers(model: LearnedModel, features: ReadonlyArray<number | null>, limit = 3): Driver[] {
  const row = standardizedRow(model, features);
  return row
    .map((z, index) => ({ index, contribution: model.coefficients[index]! * z }))
    // A "had no data" indicator speaks only when the data is missing (its 0 is no reason to name).
    .filter((entry) => entry.contribution > 0.05 && (entry.index < FEATURES.length || features[entry.index] === 1))
    // An effect whose direction flips between folds is no reason to give.
    .filter((entry) => !(model.unstable_features ?? []).includes(model.feature_names[entry.index]!))
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, limit)
    .map(({ index, contribution }) => ({ feature: model.feature_names[index]!, value: features[index] ?? null, contribution, words: driverWords(model, index, features[index] ?? null, contribution) }));
}

function driverWords(model: LearnedModel, index: number, value: number | null, contribution: number): string {
  const odds = `churn odds ×${Math.exp(contribution).toFixed(1)}`;
  const spec = FEATURES[index];
  if (!spec) return `no ${MISSING_INDICATORS[index - FEATURES.length]!.replace(/_/g, ' ')} data: ${odds}`;
  if (value === null) return `${spec.words}: no data (taken as typical)`;
  return `${spec.words} ${round(value)} (typical ${round(model.means[index]!)}): ${odds}`;
}

const round = (value: number) => (Math.abs(value) >= 10 ? Math.round(value).toString() : (Math.round(value * 100) / 100).toString());

/**
 * Each feature's coefficient in plain words: per its natural step (7 more days, one more bug, data
 * missing) when the feature varies by at least a quarter of a step, else per its usual spread, so a
 * rare feature's effect is not extrapolated to a step few accounts take. Strength and direction come
 * from the figure shown.
 */
export function featureEffects(model: LearnedModel, foldModels: readonly LearnedModel[] = []): FeatureEffect[] {
  return model.feature_names
    .map((feature, index) => {
      const coefficient = model.coefficients[index]!;
      const sd = model.sds[index]!;
      const spec = FEATURES[index];
      const unit = spec?.unit ?? 1;
      const perUnit = Math.exp((coefficient / sd) * unit);
      const perStep = sd >= unit / 4;
      const shown = perStep ? perUnit : Math.exp(coefficient);
      const direction = Math.abs(Math.log(shown)) < 0.05 ? 'little_effect' : shown > 1 ? 'raises_churn' : 'lowers_churn';
      const what = spec ? spec.words : `no ${MISSING_INDICATORS[index - FEATURES.length]!.replace(/_/g, ' ')} data`;
      const subject = !perStep ? `${what}, per its usual spread (${round(sd)})` : spec ? spec.stepWords : what;
      const words = direction === 'little_effect' ? `${subject}: little effect on churn` : `${subject}: churn odds ×${shown.toFixed(2)}`;
      // Each fold's model, in the same step as shown (a constant feature in a fold has no effect there).
      const foldOdds = foldModels.map((fold) => {
        const foldSd = fold.sds[index]!;
        const foldCoefficient = fold.coefficients[index]!;
        return perStep ? Math.exp((foldCoefficient / foldSd) * unit) : Math.exp((foldCoefficient / foldSd) * sd);
      });
      const signStable = foldModels.length >= 2 && coefficient !== 0 && foldModels.every((fold) => Math.sign(fold.coefficients[index]!) === Math.sign(coefficient));
      return {
        feature,
        coefficient,
        odds_ratio_per_sd: Math.exp(coefficient),
        odds_ratio_per_unit: perUnit,
        direction,
        words,
        sign_stable: signStable,
        fold_odds_ratios: foldOdds,
        fold_odds_ratio_low: foldOdds.length > 0 ? Math.min(...foldOdds) : null,
        fold_odds_ratio_high: foldOdds.length > 0 ? Math.max(...foldOdds) : null,
      } as FeatureEffect;
    })
    .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
}
