import type { Command } from 'commander';
import { Option } from 'commander';
import { GROUPINGS, type Grouping } from '../config/names.js';
import { resolveRuntime, type Io } from './runtime.js';
import { wideOption, columnsOption } from './options.js';

export function registerMetrics(program: Command, io: Io): void {
  const metrics = program
    .command('metrics')
    .description('revenue retention (GRR, NRR, logo churn, renewal rate) and return on acquisition, with their definitions')
    .addHelpText(
      'after',
      `
Examples:
  $ csops metrics retention --period 2026-Q3
  $ csops metrics retention --period 2026 --by tier
  $ csops metrics acquisition --by channel`,
    );

  metrics
    .command('retention')
    .description('starting ARR, expansion, contraction, churn, ending ARR, GRR, NRR, logo churn and renewal rate for a period')
    .addOption(wideOption())
    .addOption(columnsOption())
    .option('--period <period>', 'a month (2026-10), a quarter (2026-Q3) or a year (2026); default: the last complete quarter')
    .option('--from <date>', 'first day of a custom period (with --to)')
    .option('--to <date>', 'last day of a custom period (with --from)')
    .addOption(new Option('--by <group>', 'break every figure down by').choices(GROUPINGS as unknown as string[]))
    .addHelpText(
      'after',
      `
Definitions (SPEC §4) are printed under the figures and carried in JSON. ARR on a day follows the renewal
rules: an early renewal replaces the old contract, a late one within the grace period bridges the gap, a
lapsed contract still in grace counts. Currencies are never added up unless exchange_rates covers them.

Examples:
  $ csops metrics retention --period 2026-Q3
  $ csops metrics retention --period 2026-10 --by industry --format md
  $ csops metrics retention --from 2026-01-01 --to 2026-06-30 --by tier --format json`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { period?: string; from?: string; to?: string; by?: Grouping };
      const { runRetentionOn } = await import('../commands/metrics.js');
      const { printRetention } = await import('./metrics-output.js');
      printRetention(runtime, await runRetentionOn(runtime.context, options));
    });

  metrics
    .command('acquisition')
    .description('per channel, industry or tier: accounts won, acquisition cost, lifetime revenue, return on acquisition (收益度) and 12-month logo retention')
    .addOption(wideOption())
    .addOption(columnsOption())
    .addOption(new Option('--by <group>', 'group accounts by').choices(['channel', 'industry', 'tier']).default('channel'))
    .addHelpText(
      'after',
      `
Return on acquisition = lifetime revenue ÷ acquisition cost (DOMAIN §5: paid 8,000, 5,000 and 5,000, won
for 105 → 171.4). Lifetime revenue counts every contract year begun by --as-of (billed yearly in advance)
plus setup fees. Tier is the tier when the account was won.

Examples:
  $ csops metrics acquisition
  $ csops metrics acquisition --by industry --format csv`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { by: 'channel' | 'industry' | 'tier' };
      const { runAcquisitionOn } = await import('../commands/metrics.js');
      const { printAcquisition } = await import('./metrics-output.js');
      printAcquisition(runtime, await runAcquisitionOn(runtime.context, { by: options.by }));
    });
}
