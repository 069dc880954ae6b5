import type { Command } from 'commander';
import { resolveRuntime, type Io } from './runtime.js';
import { wideOption } from './options.js';

export function registerAccount(program: Command, io: Io): void {
  program
    .command('account')
    .description('everything about one customer: profile, contracts and their states, tier and health with history, the people and last touchpoints, 12-week usage, open tickets, surveys, and the value delivered this term')
    .addOption(wideOption())
    .argument('<account>', 'account id, or name (case, spacing, full-width characters and legal suffixes do not matter)')
    .addHelpText(
      'after',
      `
An ambiguous name lists the matching accounts. The value delivered (usage totals, peak active users,
tickets resolved and their median resolution time, since the current contract started) is what to show
the customer before the renewal call (DOMAIN §3). Health and tier history come from snapshots saved with
csops risk --save and csops tier --save. With contacts imported (csops import contacts, touchpoints),
the people are listed with role, title, last touchpoint and last activity, those who left struck
through on a colour terminal and marked "left on DATE", then the last touchpoints.

Examples:
  $ csops account ACC-0023
  $ csops account "bramble shipping"
  $ csops account ACC-0023 --wide                   every column of its tables whole, lines may wrap
  $ csops account 北京云帆零售 --format md > account.md
  $ csops account ACC-0023 --format json | jq .value
  $ csops account ACC-0023 --format json | jq '.contacts[] | select(.status == "left")'`,
    )
    .action(async (query: string, _options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const { runAccount } = await import('../commands/account.js');
      const { printAccount } = await import('./account-output.js');
      printAccount(runtime, await runAccount(runtime.context, query));
    });
}
