import type { Command } from 'commander';
import { Option } from 'commander';
import type { HealthBand, Tier } from '../config/names.js';
import { bandsOption, columnsOption, parseDaysOption, tierOption, wideOption } from './options.js';
import { completeWith } from './completion-values.js';
import { resolveRuntime, type Io } from './runtime.js';

export function registerRenewals(program: Command, io: Io): void {
  program
    .command('renewals')
    .description('contracts coming up for renewal and lapsed ones, by window, worst health and largest ARR first, with a health-weighted forecast')
    .addOption(wideOption())
    .addOption(columnsOption())
    .addOption(new Option('--within <days>', 'contracts ending within this many days, e.g. 120d (lapsed ones are always listed)').default(90).argParser(parseDaysOption))
    .option('--owner <name>', 'only accounts of this owner (CSM)')
    .addOption(tierOption())
    .addOption(bandsOption('only accounts in these health bands (comma-separated or repeated)'))
    .addOption(completeWith(new Option('--out <path>', 'write the output to this file instead of stdout, e.g. vp/renewals-{as_of}.html; placeholders {as_of} {within}; folders are created, the file is replaced atomically'), { files: true }))
    .addHelpText(
      'after',
      `
States (SPEC §4): renewed (status says so, or another contract starts within renewals.grace_days = 30 of
the end), churned (status says so, or the grace period passed), lapsed (ended within the grace period,
nothing recorded yet: work these today), open. Windows come from renewals.windows (0–30, 31–60, 61–90,
91–120 days); the forecast weights ARR by health band (renewals.forecast_weights).
--format html writes the VP's page: ARR up for renewal and the forecast per window (with a chart),
lapsed ARR, the renewals at risk with their top reason, and each owner's share; one self-contained file.
With contacts imported, a high- or low-touch renewal whose decision makers nobody met within the tier's cadence
(health.factors.relationship.cadence_days), or that names none, is flagged (no_decision_maker_contact).

Examples:
  $ csops renewals                          the next 90 days and everything lapsed
  $ csops renewals --within 120d --tier high_touch
  $ csops renewals --owner "Maya Chen" --format md
  $ csops renewals --columns name,ends,arr,health   only these columns (--columns help lists them)
  $ csops renewals --band at_risk,critical --format csv > renewals-at-risk.csv
  $ csops renewals --within 120d --format html --out vp/renewals-{as_of}.html
  $ csops renewals --format json | jq '.renewals[] | select(.no_decision_maker_contact)'`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { within: number; owner?: string; tier?: Tier; band?: HealthBand[]; out?: string };
      const { runRenewals } = await import('../commands/renewals.js');
      const { printRenewals } = await import('./renewals-output.js');
      const { writeDocument } = await import('./out-file.js');
      const result = await runRenewals(runtime.context, { within: options.within, owner: options.owner, tier: options.tier, bands: options.band });
      writeDocument(runtime, options.out, { as_of: result.as_of, within: `${result.within}d` }, (write, tty) => printRenewals({ ...runtime, out: write, stdoutIsTty: tty }, result));
    });
}
