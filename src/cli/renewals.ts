import type { Command } from 'commander';
import { Option } from 'commander';
import type { HealthBand, Tier } from '../config/names.js';
import { bandsOption, parseDaysOption, tierOption } from './options.js';
import { resolveRuntime, type Io } from './runtime.js';

export function registerRenewals(program: Command, io: Io): void {
  program
    .command('renewals')
    .description('contracts coming up for renewal and lapsed ones, by window, worst health and largest ARR first, with a health-weighted forecast')
    .addOption(new Option('--within <days>', 'contracts ending within this many days, e.g. 120d (lapsed ones are always listed)').default(90).argParser(parseDaysOption))
    .option('--owner <name>', 'only accounts of this owner (CSM)')
    .addOption(tierOption())
    .addOption(bandsOption('only accounts in these health bands (comma-separated or repeated)'))
    .addHelpText(
      'after',
      `
States (SPEC §4): renewed (status says so, or another contract starts within renewals.grace_days = 30 of
the end), churned (status says so, or the grace period passed), lapsed (ended within the grace period,
nothing recorded yet: work these today), open. Windows come from renewals.windows (0–30, 31–60, 61–90,
91–120 days); the forecast weights ARR by health band (renewals.forecast_weights). With contacts imported,
a high- or low-touch renewal whose decision makers nobody met within the tier's cadence
(health.factors.relationship.cadence_days), or that names none, is flagged (no_decision_maker_contact).

Examples:
  $ csops renewals                          the next 90 days and everything lapsed
  $ csops renewals --within 120d --tier high-touch
  $ csops renewals --owner "Maya Chen" --format md
  $ csops renewals --band at-risk,critical --format csv > renewals-at-risk.csv
  $ csops renewals --format json | jq '.renewals[] | select(.no_decision_maker_contact)'`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { within: number; owner?: string; tier?: Tier; band?: HealthBand[] };
      const { runRenewals } = await import('../commands/renewals.js');
      const { printRenewals } = await import('./renewals-output.js');
      printRenewals(runtime, await runRenewals(runtime.context, { within: options.within, owner: options.owner, tier: options.tier, bands: options.band }));
    });
}
