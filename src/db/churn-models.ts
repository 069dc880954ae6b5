import type { Db } from './connection.js';
import type { CaseWindow, LearnedModel, ModelFit } from '../core/churn-model.js';
import { FEATURE_NAMES } from '../core/churn-features.js';

export interface SavedModelInfo {
  id: number;
  saved_at: string;
  as_of: string;
  trained_from: string;
  trained_to: string;
  horizon_days: number;
  cases: number;
  churned: number;
  cv_auc: number | null;
  rule_auc: number | null;
}

export interface SavedModel extends SavedModelInfo {
  model: LearnedModel;
}

/** A fitted model to store, with its training window. */
export interface ChurnModelToSave {
  fit: ModelFit;
  asOf: string;
  window: CaseWindow;
  version: string;
  savedAt: string;
}

/** The columns of churn_models for a model (either backend writes these): what is reported back, and the model and figures as JSON. */
export function churnModelColumns(input: ChurnModelToSave): { info: Omit<SavedModelInfo, 'id'>; model: string; figures: string } {
  const { fit, window } = input;
  const info = {
    saved_at: input.savedAt,
    as_of: input.asOf,
    trained_from: window.from,
    trained_to: window.to,
    horizon_days: window.horizon,
    cases: fit.cases,
    churned: fit.churned,
    cv_auc: fit.cv_auc,
    rule_auc: fit.rule_auc,
  };
  const figures = { folds: fit.folds, calibration: fit.calibration, effects: fit.effects, notes: fit.notes };
  return { info, model: JSON.stringify(fit.model), figures: JSON.stringify(figures) };
}

/** Stores a fitted model with its training window and figures; returns what was stored. */
export function saveChurnModel(db: Db, input: ChurnModelToSave): SavedModelInfo {
  const { info, model, figures } = churnModelColumns(input);
  const id = db
    .prepare(
      `INSERT INTO churn_models (saved_at, as_of, trained_from, trained_to, horizon_days, cases, churned, cv_auc, rule_auc, model, figures, csops_version)
       VALUES (@saved_at, @as_of, @trained_from, @trained_to, @horizon_days, @cases, @churned, @cv_auc, @rule_auc, @model, @figures, @version)`,
    )
    .run({ ...info, model, figures, version: input.version }).lastInsertRowid;
  return { id: Number(id), ...info };
}

export interface LatestChurnModel {
  model: SavedModel | undefined;
  earliestAsOf: string | null;
}

/**
 * The model saved last among those learned as of `asOf` or before (a replay of a past day must not
 * use outcomes learned later), or undefined; `later` says when one exists only after it. A model over
 * other features than this csops computes is refused by the caller: its coefficients would be read
 * against the wrong inputs.
 */
export function latestChurnModel(db: Db, asOf: string): LatestChurnModel {
  const row = db
    .prepare('SELECT id, saved_at, as_of, trained_from, trained_to, horizon_days, cases, churned, cv_auc, rule_auc, model FROM churn_models WHERE as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1')
    .get(asOf) as (SavedModelInfo & { model: string }) | undefined;
  const earliestAsOf = db.prepare('SELECT min(as_of) FROM churn_models').pluck().get() as string | null;
  return { model: row && { ...row, model: JSON.parse(row.model) as LearnedModel }, earliestAsOf };
}

export function modelMatchesFeatures(model: LearnedModel): boolean {
  return model.feature_names.length === FEATURE_NAMES.length && model.feature_names.every((name, index) => name === FEATURE_NAMES[index]);
}
