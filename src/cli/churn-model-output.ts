import type { FitResult } from '../commands/churn-model.js';
import type { FeatureEffect, FoldFigures } from '../core/churn-model.js';
import type { CalibrationBin } from '../core/classification.js';
import { renderRows, type Column } from '../render/output.js';
import { percent } from '../render/figures.js';
import { printDataForms, printDefinitions } from './metrics-output.js';
import type { CliRuntime } from './main.js';

const auc = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export function printFit(runtime: CliRuntime, result: FitResult): void {
  if (printDataForms(runtime, result, result.effects, EFFECT_COLUMNS)) return;
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const md = format === 'md';
  const heading = (text: string) => runtime.out(`\n${md ? '### ' : ''}${text}\n\n`);
  runtime.out(
    `${md ? '## ' : ''}Churn model as of ${result.as_of}: ${result.cases} contracts ending ${result.from} … ${result.to} (${result.churned} churned), features ${result.horizon_days} days before the end\n\n`,
  );
  const gain = result.cv_auc !== null && result.rule_auc !== null ? ` (${result.cv_auc >= result.rule_auc ? '+' : ''}${(result.cv_auc - result.rule_auc).toFixed(3)} against the health score)` : '';
  runtime.out(`Cross-validated AUC ${auc(result.cv_auc)}${gain}; health score ${auc(result.rule_auc)} on the same cases. 0.5 is a coin toss.\n`);
  heading('Folds (each predicted by a model trained on the folds before it)');
  runtime.out(renderRows(result.folds, FOLD_COLUMNS, { format, tty }));
  heading('What the model learned (features ordered by strength; odds ratios per step)');
  runtime.out(renderRows(result.effects, EFFECT_COLUMNS.filter((column) => column.key !== 'coefficient' || !tty), { format, tty }));
  heading('Calibration (out-of-fold cases in five groups by predicted churn)');
  runtime.out(renderRows(result.calibration, CALIBRATION_COLUMNS, { format, tty }));
  printDefinitions(runtime, result.definitions);
  for (const note of result.notes) runtime.info(note);
  if (result.saved) runtime.info(`saved as model ${result.saved.id}: csops risk --model learned scores with it`);
}

/** The AUCs and the strongest effects only, for csops demo. */
export function printFitSummary(runtime: CliRuntime, result: FitResult): void {
  const strongest = result.effects.filter((effect) => effect.direction !== 'little effect').slice(0, 3);
  runtime.out(
    `A churn model learned from the same ${result.cases} contracts: cross-validated AUC ${auc(result.cv_auc)} against the health score's ${auc(result.rule_auc)} on the same folds.\n` +
      (strongest.length > 0 ? `Strongest: ${strongest.map((effect) => effect.words).join('; ')}.\n` : '') +
      `Full output: csops churn-model fit\n`,
  );
}

const FOLD_COLUMNS: Column<FoldFigures>[] = [
  { key: 'fold', title: 'fold', value: (row) => row.fold, align: 'right' },
  { key: 'cutoffs', title: 'cut-offs', value: (row) => `${row.from} … ${row.to}` },
  { key: 'trained_on', title: 'trained on', value: (row) => row.trained_on, align: 'right' },
  { key: 'tested_on', title: 'tested on', value: (row) => row.tested_on, align: 'right' },
  { key: 'model_auc', title: 'model AUC', value: (row) => auc(row.model_auc), align: 'right' },
  { key: 'rule_auc', title: 'health score AUC', value: (row) => auc(row.rule_auc), align: 'right' },
];

const EFFECT_COLUMNS: Column<FeatureEffect>[] = [
  { key: 'feature', title: 'feature', value: (row) => row.feature },
  { key: 'direction', title: 'direction', value: (row) => row.direction },
  { key: 'words', title: 'in words', value: (row) => row.words },
  { key: 'coefficient', title: 'coefficient', value: (row) => Number(row.coefficient.toFixed(4)), align: 'right' },
  { key: 'odds_ratio_per_sd', title: 'odds ratio per SD', value: (row) => Number(row.odds_ratio_per_sd.toFixed(3)), align: 'right' },
];

const CALIBRATION_COLUMNS: Column<CalibrationBin>[] = [
  { key: 'range', title: 'predicted', value: (row) => `${percent(row.from)} – ${percent(row.to)}` },
  { key: 'accounts', title: 'cases', value: (row) => row.accounts, align: 'right' },
  { key: 'mean_predicted', title: 'mean predicted', value: (row) => percent(row.mean_predicted), align: 'right' },
  { key: 'observed_rate', title: 'churned', value: (row) => percent(row.observed_rate), align: 'right' },
];
