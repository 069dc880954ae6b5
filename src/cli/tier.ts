import type { Command } from 'commander';
import type { Tier } from '../config/names.js';
import { columnsOption, tierOption, wideOption } from './options.js';
import { resolveRuntime, type Io } from './runtime.js';

export function registerTier(program: Command, io: Io): void {
  program
    .command('tier')
    .description('place every customer in high-touch, low-touch or tech-touch, with the rule that placed it')
    .addOption(wideOption())
    .addOption(columnsOption())
    .option('--summary', 'per tier: accounts, ARR, share of ARR and the share held by the top 20% of accounts (the 80/20 check)')
    .option('--changes', 'promotions and demotions since the last saved assignment')
    .option('--save', 'record this assignment, for a later --changes')
    .addOption(tierOption())
    .option('--owner <name>', 'only accounts of this owner (CSM)')
    .addHelpText(
      'after',
      `
Rules (config "tiers"; SPEC defaults): a tier_override from the CRM wins; high-touch when ARR ≥ 200,000
or employees ≥ 2,000 or custom development ≥ 100,000 (or a plan listed in tiers.high_touch.plans);
low-touch when ARR ≥ 20,000; otherwise tech-touch. ARR is that of the contracts in force on the as-of day,
in the config currency (other currencies through exchange_rates).

Examples:
  $ csops tier                         every customer, its tier and why
  $ csops tier --summary               is the 80/20 rule holding?
  $ csops tier --save                  record this month's assignment
  $ csops tier --changes               who was promoted or demoted since the last --save
  $ csops tier --tier high_touch --format csv > key-accounts.csv
  $ csops tier --columns account_id,tier,arr --format csv    only these columns, in this order`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { summary?: boolean; changes?: boolean; save?: boolean; tier?: Tier; owner?: string };
      const { runTierOn } = await import('../commands/tier.js');
      const { printTier } = await import('./tier-output.js');
      const result = await runTierOn(runtime.context, { summary: Boolean(options.summary), changes: Boolean(options.changes), save: Boolean(options.save), tier: options.tier, owner: options.owner });
      printTier(runtime, result, Boolean(options.changes));
    });
}
