import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, FEATURES } from '../../src/core/churn-features.js';
import { churnDrivers, featureEffects, fitChurnModel, type LearnedModel, type TrainingCase } from '../../src/core/churn-model.js';
import { addDays } from '../../src/core/dates.js';
import { seededRandom } from '../../src/core/seeded-random.js';
import { sigmoid } from '../../src/core/logistic.js';

/** Cases over 400 cut-off days (several a day), outcomes known 120 days after the cut-off; silence drives churn. */
function cases(count: number, seed: number): TrainingCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const cutoff = addDays('2025-01-01', Math.floor((index / count) * 400));
    const features = FEATURE_NAMES.map((_, feature) => (feature < FEATURES.length ? random() * 10 : random() < 0.2 ? 1 : 0));
    return { cutoff, known_on: addDays(cutoff, 120), churned: random() < sigmoid(-2 + 0.4 * features[0]!), features, score: Math.round(100 - 8 * features[0]!) };
  });
}

describe('fitChurnModel: time-ordered folds', () => {
  const history = cases(2_000, 5);
  const fit = fitChurnModel(history, { l2: 10, folds: 5 });

  it('trains each fold only on cases whose outcome was known before its first cut-off', () => {
    expect(fit.folds.length).toBeGreaterThan(1);
    for (const fold of fit.folds) {
      expect(fold.trained_on).toBe(history.filter((entry) => entry.cutoff < fold.from && entry.known_on < fold.from).length);
    }
  });

  it('never splits a cut-off day between folds, and says which folds it could not validate', () => {
    for (let index = 1; index < fit.folds.length; index++) expect(fit.folds[index]!.from > fit.folds[index - 1]!.to).toBe(true);
    // The first part after the opening one has no outcome known 120 days before it.
    expect(fit.notes.some((note) => /^fold 1 .* not validated/.test(note))).toBe(true);
  });

  it('learns the planted driver and beats nothing-better-than-chance', () => {
    expect(fit.cv_auc!).toBeGreaterThan(0.7);
    expect(fit.effects.find((effect) => effect.feature === FEATURE_NAMES[0])!.direction).toBe('raises churn');
  });
});

describe('churnDrivers and featureEffects', () => {
  const size = FEATURE_NAMES.length;
  const model: LearnedModel = {
    feature_names: [...FEATURE_NAMES],
    fill: Array(size).fill(0),
    means: FEATURE_NAMES.map((_, index) => (index < FEATURES.length ? 5 : 0.5)),
    sds: FEATURE_NAMES.map((_, index) => (index < FEATURES.length ? 2 : 0.5)),
    intercept: -2,
    // Silence raises churn; the first missing-data indicator lowers it (its 0 would push the odds up).
    coefficients: FEATURE_NAMES.map((_, index) => (index === 0 ? 1 : index === FEATURES.length ? -1 : 0)),
    l2: 10,
  };
  const row = (days: number, missing: number) => FEATURE_NAMES.map((_, index) => (index === 0 ? days : index === FEATURES.length ? missing : index < FEATURES.length ? 5 : 0));

  it('names a missing-data indicator only when the data is missing', () => {
    const drivers = churnDrivers(model, row(15, 0));
    expect(drivers.map((driver) => driver.feature)).toEqual([FEATURE_NAMES[0]]);
    expect(drivers[0]!.words).toMatch(/^days since the last login 15 \(typical 5\): churn odds ×/);
  });

  it('words a feature that seldom varies per its usual spread, not per step', () => {
    const rare = { ...model, sds: model.sds.map((sd, index) => (index === FEATURE_NAMES.indexOf('unhappy_not_followed_up') ? 0.1 : sd)), coefficients: model.coefficients.map((c, index) => (index === FEATURE_NAMES.indexOf('unhappy_not_followed_up') ? 0.5 : c)) };
    const effect = featureEffects(rare).find((candidate) => candidate.feature === 'unhappy_not_followed_up')!;
    expect(effect.words).toMatch(/per its usual spread \(0\.1\): churn odds ×1\.65/);
    expect(effect.direction).toBe('raises churn');
  });
});
