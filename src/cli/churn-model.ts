import type { Command } from 'commander';
import type { FitResult } from '../commands/churn-model.js';
import type { FeatureEffect, FoldFigures } from '../core/churn-model.js';
import type { CalibrationBin } from '../core/classification.js';
import { InvalidArgumentError } from 'commander';
import { renderRows, type Column } from '../render/output.js';
import { percent } from '../render/figures.js';
import { parseDaysOption } from './options.js';
import { printDefinitions } from './metrics.js';
import { resolveRuntime, type CliRuntime, type Io } from './main.js';

export function registerChurnModel(program: Command, io: Io): void {
  const churnModel = program
    .command('churn-model')
    .description("learn what predicts churn from the team's own renewals and churns, and check it against the health score")
    .addHelpText(
      'after',
      `
Examples:
  $ csops churn-model fit
  $ csops churn-model fit --save          then: csops risk --model learned`,
    );

  churnModel
    .command('fit')
    .description('fit a regularised logistic regression on the factor inputs at each cut-off, validated on time-ordered folds against the rule-based score')
    .option('--from <date>', 'first end date of the contracts learned from (default: a year before --to)')
    .option('--to <date>', 'last end date (default: the as-of day)')
    .option('--horizon <days>', 'features as of this many days before each contract ended, e.g. 90d', parseDaysOption, 90)
    .option('--l2 <penalty>', 'L2 penalty on the standardised coefficients (larger: simpler model)', parseNonNegative, 10)
    .option('--folds <n>', 'time-ordered folds for cross-validation', (value: string) => Math.round(parseNonNegative(value)), 5)
    .option('--save', 'store the model in the database, for csops risk --model learned')
    .addHelpText(
      'after',
      `
The cases are those of csops risk backtest: contracts renewed or churned with their end in the window,
each with the inputs of the health factors as of --horizon days before the end, computed from rows dated
on or before that day only. Cases are ordered in time; each fold is predicted by a model trained on the
folds before it, and its AUC is printed beside the health score's on the same cases. Then the model is
fitted on every case: each feature's coefficient, odds ratio and direction in words, and a calibration
table (predicted against observed churn).

Examples:
  $ csops churn-model fit
  $ csops churn-model fit --from 2024-11-01 --to 2026-10-31 --folds 6
  $ csops churn-model fit --save --format json`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { from?: string; to?: string; horizon: number; l2: number; folds: number; save?: boolean };
      const { runChurnModelFit } = await import('../commands/churn-model.js');
      printFit(runtime, runChurnModelFit(runtime.context, { ...options, save: Boolean(options.save) }));
    });
}

function parseNonNegative(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError(`expected a number of 0 or more (got "${value}")`);
  return number;
}

const auc = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export function printFit(runtime: CliRuntime, result: FitResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const tty = runtime.stdoutIsTty;
  if (format === 'csv' || format === 'ndjson') {
    runtime.out(renderRows(result.effects, EFFECT_COLUMNS, { format, tty }));
    return;
  }
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
  { key: 'mean_predicted', title: 'mean predicted', value: (row) => percent(row.meanPredicted), align: 'right' },
  { key: 'observed_rate', title: 'churned', value: (row) => percent(row.observedRate), align: 'right' },
];
