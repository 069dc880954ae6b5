import type { Command } from 'commander';
import type { TierChange, TierResult, TierRow } from '../commands/tier.js';
import type { TierSummaryRow } from '../core/tiers.js';
import { TIERS, type Tier } from '../config/names.js';
import { renderRows, type Column } from '../render/output.js';
import { parseTier } from './options.js';
import { resolveRuntime, type CliRuntime, type Io } from './main.js';
import { percent, whole } from '../render/figures.js';

export function registerTier(program: Command, io: Io): void {
  program
    .command('tier')
    .description('place every customer in high-touch, low-touch or tech-touch, with the rule that placed it')
    .option('--summary', 'per tier: accounts, ARR, share of ARR and the share held by the top 20% of accounts (the 80/20 check)')
    .option('--changes', 'promotions and demotions since the last saved assignment')
    .option('--save', 'record this assignment, for a later --changes')
    .option('--tier <tier>', `only accounts of this tier: ${TIERS.join(', ')}`, parseTier)
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
  $ csops tier --tier high-touch --format csv > key-accounts.csv`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { summary?: boolean; changes?: boolean; save?: boolean; tier?: Tier; owner?: string };
      const { runTier } = await import('../commands/tier.js');
      const result = runTier(runtime.context, { summary: Boolean(options.summary), changes: Boolean(options.changes), save: Boolean(options.save), tier: options.tier, owner: options.owner });
      printTier(runtime, result, Boolean(options.changes));
    });
}


/** `changesAsked`: --changes was given, so the list is never printed (only the changes, or a note that there is nothing to compare with). */
export function printTier(runtime: CliRuntime, result: TierResult, changesAsked = false): void {
  const { format } = runtime.context;
  const table = format === 'table';
  const tty = runtime.stdoutIsTty;
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (result.summary) {
    const columns: Column<TierSummaryRow>[] = [
      { key: 'tier', title: 'tier', value: (row) => row.tier },
      { key: 'accounts', title: 'accounts', value: (row) => row.accounts, align: 'right' },
      { key: 'account_share', title: 'of accounts', value: (row) => (table ? percent(row.account_share) : row.account_share), align: 'right' },
      { key: 'arr', title: `ARR ${result.currency}`, value: (row) => (table ? whole.format(row.arr) : row.arr), align: 'right' },
      { key: 'arr_share', title: 'of ARR', value: (row) => (table ? percent(row.arr_share) : row.arr_share), align: 'right' },
      { key: 'top_20_percent_arr_share', title: 'ARR of top 20%', value: (row) => (table ? percent(row.top_20_percent_arr_share) : row.top_20_percent_arr_share), align: 'right' },
    ];
    runtime.out(renderRows(result.summary, columns, { format, tty }));
    const all = result.summary.find((row) => row.tier === 'all');
    if (all) runtime.info(`80/20 check: the top 20% of accounts hold ${percent(all.top_20_percent_arr_share)} of ARR (as of ${result.as_of}, ${result.time_zone})`);
  } else if (result.changes) {
    const columns: Column<TierChange>[] = [
      { key: 'account_id', title: 'account', value: (row) => row.account_id },
      { key: 'name', title: 'name', value: (row) => row.name },
      { key: 'change', title: 'change', value: (row) => (table ? (row.change === 'promotion' ? runtime.color.green(row.change) : row.change === 'demotion' ? runtime.color.yellow(row.change) : row.change) : row.change) },
      { key: 'from', title: `tier ${result.compared_with}`, value: (row) => row.from },
      { key: 'to', title: `tier ${result.as_of}`, value: (row) => row.to },
      { key: 'reason', title: 'why', value: (row) => row.reason },
      { key: 'owner', title: 'owner', value: (row) => row.owner },
    ];
    runtime.out(renderRows(result.changes, columns, { format, tty }));
    runtime.info(`${result.changes.length} tier changes since the assignment saved for ${result.compared_with}`);
  } else if (!changesAsked) {
    const columns: Column<TierRow>[] = [
      { key: 'account_id', title: 'account', value: (row) => row.account_id },
      { key: 'name', title: 'name', value: (row) => row.name },
      { key: 'tier', title: 'tier', value: (row) => row.tier },
      { key: 'reason', title: 'why', value: (row) => row.reason },
      { key: 'rule', title: 'rule', value: (row) => row.rule },
      { key: 'arr', title: `ARR ${result.currency}`, value: (row) => (table && row.arr !== null ? whole.format(row.arr) : row.arr), align: 'right' },
      { key: 'owner', title: 'owner', value: (row) => row.owner },
    ];
    runtime.out(renderRows(result.accounts, columns, { format, tty }));
    const counts = TIERS.map((tier) => `${result.accounts.filter((row) => row.tier === tier).length} ${tier}`).join(', ');
    runtime.info(`${result.accounts.length} customers as of ${result.as_of} (${result.time_zone}): ${counts}`);
  }
  for (const note of result.notes) runtime.warn(note);
  if (result.saved) runtime.info(`saved as the tier assignment of ${result.saved}`);
}
