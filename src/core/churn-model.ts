import { calibrationTable, rocAuc, type CalibrationBin } from './classification.js';
import { FEATURES, FEATURE_NAMES, MISSING_INDICATORS } from './churn-features.js';
import { fitLogistic, fitStandardizer, predictProbability, standardize } from './logistic.js';

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
}

export interface FeatureEffect {
  feature: string;
  coefficient: number;
  /** Odds ratio for one standard deviation more. */
  odds_ratio_per_sd: number;
  /** Odds ratio for the feature's natural step (7 more days, one more bug…). */
  odds_ratio_per_unit: number;
  direction: 'raises churn' | 'lowers churn' | 'little effect';
  /** "7 more days since the last login: churn odds ×1.42". */
  words: string;
}

export interface ModelFit {
  model: LearnedModel;
  cases: number;
  churned: number;
  folds: FoldFigures[];
  /** The folds' AUCs, averaged weighted by the cases each tested (models trained on earlier cases only). */
  cv_auc: number | null;
  rule_auc: number | null;
  calibration: CalibrationBin[];
  effects: FeatureEffect[];
  notes: string[];
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
  const notes: string[] = [];
  const folds: FoldFigures[] = [];
  const outOfFold: Array<{ probability: number; churned: boolean; ruleRisk: number }> = [];
  const bounds = foldBounds(ordered, settings.folds);
  for (let fold = 1; fold < bounds.length - 1; fold++) {
    const test = ordered.slice(bounds[fold], bounds[fold + 1]);
    if (test.length === 0) continue;
    const firstCutoff = test[0]!.cutoff;
    const train = ordered.slice(0, bounds[fold]).filter((entry) => entry.known_on < firstCutoff);
    const churnedInTrain = train.filter((entry) => entry.churned).length;
    if (churnedInTrain < MIN_PER_CLASS || train.length - churnedInTrain < MIN_PER_CLASS) {
      notes.push(`fold ${fold} (cut-offs from ${firstCutoff}) not validated: before it, only ${churnedInTrain} churned and ${train.length - churnedInTrain} renewed outcomes were known`);
      continue;
    }
    const model = trainModel(train, settings.l2, notes);
    const predicted = test.map((entry) => ({ probability: predictChurn(model, entry.features), churned: entry.churned, ruleRisk: ruleRisk(entry) }));
    outOfFold.push(...predicted);
    folds.push({
      fold,
      trained_on: train.length,
      tested_on: test.length,
      from: test[0]!.cutoff,
      to: test[test.length - 1]!.cutoff,
      model_auc: rocAuc(predicted.map((row) => ({ risk: row.probability, churned: row.churned }))),
      rule_auc: rocAuc(predicted.map((row) => ({ risk: row.ruleRisk, churned: row.churned }))),
    });
  }
  const model = trainModel(ordered, settings.l2, notes);
  return {
    model,
    cases: ordered.length,
    churned: ordered.filter((entry) => entry.churned).length,
    folds,
    // Each fold's model has its own base rate, so one AUC over every fold's predictions would mix
    // scales; the folds' AUCs are averaged instead, weighted by the cases they tested.
    cv_auc: meanOverFolds(folds, (fold) => fold.model_auc),
    rule_auc: meanOverFolds(folds, (fold) => fold.rule_auc),
    calibration: calibrationTable(outOfFold, 5),
    effects: featureEffects(model),
    notes,
  };
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

function trainModel(cases: readonly TrainingCase[], l2: number, notes: string[]): LearnedModel {
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
  if (!fitted.converged) notes.push(`the fit on ${cases.length} cases did not settle in ${fitted.iterations} steps: a larger --l2 steadies it`);
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
export function featureEffects(model: LearnedModel): FeatureEffect[] {
  return model.feature_names
    .map((feature, index) => {
      const coefficient = model.coefficients[index]!;
      const sd = model.sds[index]!;
      const spec = FEATURES[index];
      const unit = spec?.unit ?? 1;
      const perUnit = Math.exp((coefficient / sd) * unit);
      const perStep = sd >= unit / 4;
      const shown = perStep ? perUnit : Math.exp(coefficient);
      const direction = Math.abs(Math.log(shown)) < 0.05 ? 'little effect' : shown > 1 ? 'raises churn' : 'lowers churn';
      const what = spec ? spec.words : `no ${MISSING_INDICATORS[index - FEATURES.length]!.replace(/_/g, ' ')} data`;
      const subject = !perStep ? `${what}, per its usual spread (${round(sd)})` : spec ? spec.stepWords : what;
      const words = direction === 'little effect' ? `${subject}: little effect on churn` : `${subject}: churn odds ×${shown.toFixed(2)}`;
      return { feature, coefficient, odds_ratio_per_sd: Math.exp(coefficient), odds_ratio_per_unit: perUnit, direction, words } as FeatureEffect;
    })
    .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
}
