import type { Command } from 'commander';
import { parseDaysOption, wideOption } from './options.js';
import { resolveRuntime, type Io } from './runtime.js';

/** `csops risk backtest`, a subcommand of `csops risk` (registered after it). */
export function registerRiskBacktest(program: Command, io: Io): void {
  const risk = program.commands.find((command) => command.name() === 'risk')!;
  risk
    .command('backtest')
    .description('check the health score against what happened: for contracts renewed or churned, the score it gave --horizon days before their end')
    .addOption(wideOption())
    .option('--from <date>', 'first end date of the contracts checked (default: a year before --to)')
    .option('--to <date>', 'last end date (default: the as-of day)')
    .option('--horizon <days>', 'score each account this many days before its contract ended, e.g. 90d', parseDaysOption, 90)
    .addHelpText(
      'after',
      `
Each contract's health is recomputed as of its cut-off day from the rows dated on or before it only,
exactly as csops risk --as-of would, and compared with the outcome the renewal rules give it. Printed:
the number of outcomes and the churn base rate, ROC AUC of the score, precision and recall of "at risk or
worse", churn per band (each band should churn more than the one above), lift of the worst 10%, and how
each factor's points differed between churned and renewed accounts. csv and ndjson give one row per case.

Examples:
  $ csops risk backtest
  $ csops risk backtest --horizon 60d --from 2025-07-01 --to 2026-06-30
  $ csops risk backtest --format md > backtest.md
  $ csops risk backtest --format csv > cases.csv`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { from?: string; to?: string; horizon: number };
      const { runBacktest } = await import('../commands/backtest.js');
      (await import('./backtest-output.js')).printBacktest(runtime, await runBacktest(runtime.context, options));
    });
}
