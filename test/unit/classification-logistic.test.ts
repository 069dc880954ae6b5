import { describe, expect, it } from 'vitest';
import { calibrationTable, flagQuality, liftOfRiskiest, rocAuc } from '../../src/core/classification.js';
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
