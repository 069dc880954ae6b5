import type { Command } from 'commander';
import { parseDaysOption, parsePositiveInteger, wideOption } from './options.js';
import { resolveRuntime, type Io } from './runtime.js';
import { invalidArgument } from './commander-errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';

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
    .addOption(wideOption())
    .option('--from <date>', 'first end date of the contracts learned from (default: a year before --to)')
    .option('--to <date>', 'last end date (default: the as-of day)')
    .option('--horizon <days>', 'features as of this many days before each contract ended, e.g. 90d', parseDaysOption, 90)
    .option('--l2 <penalty>', 'L2 penalty on the standardised coefficients, at least 0.01 (larger: simpler model)', parseNonNegative, 10)
    .option('--folds <n>', 'time-ordered folds for cross-validation (2–20)', parsePositiveInteger, 5)
    .option('--save', 'store the model in the database, for csops risk --model learned (only if it beats the health score on the same folds)')
    .option('--force', 'with --save: store the model even if it does not beat the health score (a warning says so)')
    .addHelpText(
      'after',
      `
The cases are those of csops risk backtest: contracts renewed or churned with their end in the window,
each with the inputs of the health factors as of --horizon days before the end, computed from rows dated
on or before that day only. Cases are ordered in time; each fold is predicted by a model trained on the
folds before it, and its AUC is printed beside the health score's on the same cases. Then the model is
fitted on every case: each feature's coefficient, odds ratio and direction in words, and a calibration
table (predicted against observed churn). Every AUC has a 95% bootstrap interval (seeded: the same
cases give the same interval); only effects whose sign every fold's model agrees on are listed as
drivers. --save refuses (exit 1) a model whose cross-validated AUC is not above the health score's on
the same folds; --force saves it anyway.

Examples:
  $ csops churn-model fit
  $ csops churn-model fit --from 2024-11-01 --to 2026-10-31 --folds 6
  $ csops churn-model fit --save --format json`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { from?: string; to?: string; horizon: number; l2: number; folds: number; save?: boolean; force?: boolean };
      const { runChurnModelFit } = await import('../commands/churn-model.js');
      (await import('./churn-model-output.js')).printFit(runtime, await runChurnModelFit(runtime.context, { ...options, save: Boolean(options.save), force: Boolean(options.force) }));
    });
}

function parseNonNegative(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw invalidArgument(errorPhrase('error.cli.expected_non_negative', { value }));
  return number;
}
