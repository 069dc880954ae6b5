import { describe, expect, it } from 'vitest';
import { aucLabel, aucWithInterval, bootstrapStatistic, ranking, weightedAuc, calibrationTable, flagQuality, liftOfRiskiest, rocAuc } from '../../src/core/classification.js';
import { fitLogistic, fitStandardizer, predictProbability, sigmoid, standardize } from '../../src/core/logistic.js';
import { seededRandom } from '../../src/core/seeded-random.js';

const outcomes = (risks: number[], churned: number[]) => risks.map((risk, index) => ({ risk, churned: churned[index] === 1 }));

describe('rocAuc', () => {
  it.each([
    { case: 'the textbook example (scikit-learn roc_auc_score gives 0.75)', risks: [0.1, 0.4, 0.35, 0.8], churned: [0, 0, 1, 1], auc: 0.75 },
    { case: 'perfect separation', risks: [1, 2, 3, 4], churned: [0, 0, 1, 1], auc: 1 },
    { case: 'perfectly wrong', risks: [4, 3, 2, 1], churned: [0, 0, 1, 1], auc: 0 },
    { case: 'all tied: a coin toss', risks: [5, 5, 5, 5], churned: [0, 1, 0, 1], auc: 0.5 },
    { case: 'ties across classes count half', risks: [1, 2, 2, 3], churned: [0, 0, 1, 1], auc: 0.875 },
  ])('$case', ({ risks, churned, auc }) => {
    expect(rocAuc(outcomes(risks, churned))).toBeCloseTo(auc, 12);
  });

  it('is undefined with one class only', () => {
    expect(rocAuc(outcomes([1, 2], [1, 1]))).toBeNull();
    expect(rocAuc([])).toBeNull();
  });
});

describe('flagQuality, liftOfRiskiest, calibrationTable', () => {
  it('precision and recall of a flag', () => {
    const rows = [
      { flagged: true, churned: true },
      { flagged: true, churned: false },
      { flagged: false, churned: true },
      { flagged: false, churned: false },
      { flagged: true, churned: true },
    ];
    expect(flagQuality(rows)).toEqual({ flagged: 3, precision: 2 / 3, recall: 2 / 3 });
    expect(flagQuality([{ flagged: false, churned: false }])).toEqual({ flagged: 0, precision: null, recall: null });
  });

  it('lift of the riskiest 10%: churn among them over churn overall', () => {
    // 20 accounts, 4 churned; the riskiest two both churned: 100% against 20% is a lift of 5.
    const rows = Array.from({ length: 20 }, (_, index) => ({ risk: index, churned: index >= 18 || index === 3 || index === 7 }));
    expect(liftOfRiskiest(rows, 0.1)).toEqual({ accounts: 2, churn_rate: 1, base_rate: 0.2, lift: 5 });
  });

  it('calibration in equal-count bins', () => {
    const rows = [0.1, 0.1, 0.2, 0.2, 0.8, 0.9].map((probability, index) => ({ probability, churned: index >= 4 }));
    const table = calibrationTable(rows, 3);
    expect(table.map((bin) => [bin.accounts, bin.observed_rate])).toEqual([
      [2, 0],
      [2, 0],
      [2, 1],
    ]);
    expect(table[2]!.mean_predicted).toBeCloseTo(0.85, 12);
  });
});

describe('fitLogistic', () => {
  it('one binary feature without a penalty: the closed form (log-odds and log odds ratio)', () => {
    // x = 1: 30 churned, 10 renewed; x = 0: 20 churned, 40 renewed.
    const rows: number[][] = [];
    const labels: number[] = [];
    const add = (x: number, y: number, count: number) => {
      for (let index = 0; index < count; index++) {
        rows.push([x]);
        labels.push(y);
      }
    };
    add(1, 1, 30);
    add(1, 0, 10);
    add(0, 1, 20);
    add(0, 0, 40);
    const model = fitLogistic(rows, labels, { l2: 0 });
    expect(model.converged).toBe(true);
    expect(model.intercept).toBeCloseTo(Math.log(20 / 40), 10);
    expect(model.coefficients[0]).toBeCloseTo(Math.log(30 / 10 / (20 / 40)), 10);
  });

  it('with a penalty: the optimum meets its stationarity condition X\'(p − y) + λβ = 0', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 500 }, () => [random() * 2 - 1, random() * 4, random() < 0.3 ? 1 : 0]);
    const labels = rows.map((row) => (random() < sigmoid(0.5 + 2 * row[0]! - 0.5 * row[1]! + row[2]!) ? 1 : 0));
    const l2 = 3;
    const model = fitLogistic(rows, labels, { l2 });
    expect(model.converged).toBe(true);
    const gradient = [0, 0, 0, 0];
    rows.forEach((row, index) => {
      const residual = predictProbability(model, row) - labels[index]!;
      gradient[0]! += residual;
      row.forEach((value, j) => (gradient[j + 1]! += residual * value));
    });
    model.coefficients.forEach((coefficient, j) => (gradient[j + 1]! += l2 * coefficient));
    for (const component of gradient) expect(Math.abs(component)).toBeLessThan(1e-8);
    // The penalty shrinks: the same fit without it has larger coefficients.
    const free = fitLogistic(rows, labels, { l2: 0 });
    expect(Math.hypot(...model.coefficients)).toBeLessThan(Math.hypot(...free.coefficients));
  });

  it('recovers planted coefficients from simulated data', () => {
    const random = seededRandom(11);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const truth = [1.5, -1, 0];
    const rows = Array.from({ length: 20_000 }, () => [gaussian(), gaussian(), gaussian()]);
    const labels = rows.map((row) => (random() < sigmoid(-1 + row.reduce((sum, value, j) => sum + truth[j]! * value, 0)) ? 1 : 0));
    const model = fitLogistic(rows, labels, { l2: 0.01 });
    expect(model.intercept).toBeCloseTo(-1, 1);
    model.coefficients.forEach((coefficient, j) => expect(Math.abs(coefficient - truth[j]!)).toBeLessThan(0.08));
  });

  it('standardises columns, leaving a constant column at 0', () => {
    const standardizer = fitStandardizer([
      [1, 5],
      [3, 5],
    ]);
    expect(standardizer).toEqual({ means: [2, 5], sds: [1, 1] });
    expect(standardize([3, 5], standardizer)).toEqual([1, 0]);
  });
});

/** `count` cases, a third churned; with `signal` the churned have a higher risk on average. */
function simulated(count: number, seed: number, signal: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const churned = random() < 1 / 3;
    return { risk: random() + (churned ? signal : 0), churned };
  });
}

describe('aucWithInterval: a seeded, stratified bootstrap', () => {
  it('gives the same interval for the same cases and seed, another for another seed', () => {
    const cases = simulated(300, 11, 0.2);
    const first = aucWithInterval(cases);
    expect(aucWithInterval(cases)).toEqual(first);
    expect(first.auc).toBe(rocAuc(cases));
    expect(first.ci_low!).toBeLessThan(first.auc!);
    expect(first.ci_high!).toBeGreaterThan(first.auc!);
    const other = aucWithInterval(cases, { seed: 5 });
    expect(other.auc).toBe(first.auc);
    expect(other.ci_low).not.toBe(first.ci_low);
    // Another seed moves the ends by sampling noise only.
    expect(Math.abs(other.ci_low! - first.ci_low!)).toBeLessThan(0.02);
  });

  it('with no signal the interval spans 0.5 and the label says no better than chance', () => {
    const interval = aucWithInterval(simulated(400, 11, 0));
    expect(interval.ci_low!).toBeLessThan(0.5);
    expect(interval.ci_high!).toBeGreaterThan(0.5);
    expect(aucLabel(interval)).toBe('no better than chance');
  });

  it('with no signal, a 95% interval holds 0.5 about 95% of the time (40 histories: at least 34)', () => {
    let covered = 0;
    for (let seed = 100; seed < 140; seed++) {
      const interval = aucWithInterval(simulated(200, seed, 0), { resamples: 400 });
      if (interval.ci_low! <= 0.5 && interval.ci_high! >= 0.5) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(34);
  });

  it('with a planted signal the interval lies above 0.5; a reversed one lies below it: worse than chance', () => {
    const planted = aucWithInterval(simulated(400, 21, 0.3));
    expect(planted.ci_low!).toBeGreaterThan(0.5);
    expect(aucLabel(planted)).not.toMatch(/chance$/);
    const reversed = aucWithInterval(simulated(400, 21, 0.3).map((row) => ({ ...row, risk: -row.risk })));
    expect(reversed.ci_high!).toBeLessThan(0.5);
    expect(aucLabel(reversed)).toBe('worse than chance');
  });

  it('the interval narrows as the cases grow (about as 1/√n)', () => {
    const width = (count: number) => {
      const interval = aucWithInterval(simulated(count, 31, 0.2));
      return interval.ci_high! - interval.ci_low!;
    };
    const ratio = width(100) / width(1600);
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(6);
  });

  it('a resample never lacks an outcome (churned drawn from the churned): 2 churned among 50 still gives an interval', () => {
    const cases = Array.from({ length: 50 }, (_, index) => ({ risk: index, churned: index === 10 || index === 40 }));
    const interval = aucWithInterval(cases);
    // Churned ranks 11 and 41 of 50: (52 − 3) / (2 × 48).
    expect(interval.auc).toBeCloseTo(49 / 96, 12);
    expect(interval.ci_low).not.toBeNull();
    expect(interval.ci_low!).toBeGreaterThanOrEqual(0);
    expect(interval.ci_high!).toBeLessThanOrEqual(1);
  });

  it('resamples several groups together (a mean over folds) and is null when the figure is', () => {
    const groups = [simulated(100, 41, 0.3), simulated(120, 42, 0.3)];
    const ranked = groups.map(ranking);
    const mean = (weights: ReadonlyArray<ArrayLike<number>>) => (weightedAuc(ranked[0]!, weights[0]!)! + weightedAuc(ranked[1]!, weights[1]!)!) / 2;
    const result = bootstrapStatistic(groups, (row) => row.churned, mean);
    expect(result.value).toBeCloseTo((rocAuc(groups[0]!)! + rocAuc(groups[1]!)!) / 2, 12);
    expect(result.ci_low!).toBeLessThan(result.value!);
    expect(aucWithInterval([{ risk: 1, churned: true }])).toEqual({ auc: null, ci_low: null, ci_high: null });
  });
});

describe('weightedAuc: rocAuc with cases counted several times', () => {
  it('equals rocAuc on the cases repeated as weighted, ties included', () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 20; trial++) {
      const cases = Array.from({ length: 30 }, () => ({ risk: Math.floor(random() * 6), churned: random() < 0.4 }));
      const weights = cases.map(() => Math.floor(random() * 3));
      const repeated = cases.flatMap((row, index) => Array.from({ length: weights[index]! }, () => row));
      const expected = rocAuc(repeated);
      const actual = weightedAuc(ranking(cases), weights);
      if (expected === null) expect(actual).toBeNull();
      else expect(actual!).toBeCloseTo(expected, 12);
    }
    expect(weightedAuc(ranking(outcomes([1, 2, 3], [0, 1, 1])), [1, 0, 0])).toBeNull();
  });
});

describe('aucLabel: read from the interval, never from the point alone', () => {
  it.each([
    { auc: 0.44, low: 0.38, high: 0.49, label: 'worse than chance' },
    { auc: 0.44, low: 0.33, high: 0.55, label: 'no better than chance' },
    { auc: 0.62, low: 0.51, high: 0.72, label: 'better than chance, but weak' },
    { auc: 0.75, low: 0.5, high: 0.9, label: 'no better than chance' },
    { auc: 0.72, low: 0.65, high: 0.79, label: 'modest' },
    { auc: 0.8, low: 0.74, high: 0.86, label: 'useful' },
    { auc: 0.9, low: 0.85, high: 0.94, label: 'strong' },
  ])('AUC $auc with interval $low–$high: $label', ({ auc, low, high, label }) => {
    expect(aucLabel({ auc, ci_low: low, ci_high: high })).toBe(label);
  });

  it('never calls an AUC below 0.5 better than chance', () => {
    for (let low = 0.3; low < 0.5; low += 0.01) expect(aucLabel({ auc: 0.44, ci_low: low, ci_high: Math.min(0.49, low + 0.1) })).toBe('worse than chance');
  });
});
