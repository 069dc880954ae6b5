import type { Command } from 'commander';
import { Option } from 'commander';
import type { RenewalRow, RenewalsResult, RenewalWindow } from '../commands/renewals.js';
import { HEALTH_BANDS, TIERS, type HealthBand, type Tier } from '../config/names.js';
import { renderRows, type Column } from '../render/output.js';
import { bandLabel, collectBands, parseDaysOption, parseTier } from './options.js';
import { resolveRuntime, type CliRuntime, type Io } from './main.js';
import { moneyParts, whole } from '../render/figures.js';

export function registerRenewals(program: Command, io: Io): void {
  program
    .command('renewals')
    .description('contracts coming up for renewal and lapsed ones, by window, worst health and largest ARR first, with a health-weighted forecast')
    .addOption(new Option('--within <days>', 'contracts ending within this many days, e.g. 120d (lapsed ones are always listed)').default(90).argParser(parseDaysOption))
    .option('--owner <name>', 'only accounts of this owner (CSM)')
    .option('--tier <tier>', `only accounts of this tier: ${TIERS.join(', ')}`, parseTier)
    .option('--band <band>', `only accounts in these health bands: ${HEALTH_BANDS.map(bandLabel).join(', ')}`, collectBands)
    .addHelpText(
      'after',
      `
States (SPEC §4): renewed (status says so, or another contract starts within renewals.grace_days = 30 of
the end), churned (status says so, or the grace period passed), lapsed (ended within the grace period,
nothing recorded yet: work these today), open. Windows come from renewals.windows (0–30, 31–60, 61–90,
91–120 days); the forecast weights ARR by health band (renewals.forecast_weights).

Examples:
  $ csops renewals                          the next 90 days and everything lapsed
  $ csops renewals --within 120d --tier high-touch
  $ csops renewals --owner "Maya Chen" --format md
  $ csops renewals --band at-risk,critical --format csv > renewals-at-risk.csv`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { within: number; owner?: string; tier?: Tier; band?: HealthBand[] };
      const { runRenewals } = await import('../commands/renewals.js');
      printRenewals(runtime, await runRenewals(runtime.context, { within: options.within, owner: options.owner, tier: options.tier, bands: options.band }));
    });
}

export function printRenewals(runtime: CliRuntime, result: RenewalsResult): void {
  const { format } = runtime.context;
  const table = format === 'table';
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const columns: Column<RenewalRow>[] = [
    { key: 'window', title: 'window', value: (row) => row.window },
    { key: 'account_id', title: 'account', value: (row) => row.account_id },
    { key: 'name', title: 'name', value: (row) => row.name },
    { key: 'state', title: 'state', value: (row) => (table && row.state === 'lapsed' ? runtime.color.red(row.state) : row.state) },
    { key: 'end_date', title: 'ends', value: (row) => row.end_date },
    { key: 'days_left', title: 'days', value: (row) => row.days_left, align: 'right' },
    { key: 'arr', title: `ARR ${result.currency}`, value: (row) => (table ? (row.arr === null ? moneyParts(row.arr_by_currency) : whole.format(row.arr)) : row.arr), align: 'right' },
    { key: 'auto_renew', title: 'auto', value: (row) => (table ? (row.auto_renew ? 'yes' : row.auto_renew === false ? 'no' : '') : row.auto_renew) },
    { key: 'band', title: 'health', value: (row) => (table ? `${bandLabel(row.band)}${row.score === null ? '' : ` ${row.score}`}` : row.band) },
    { key: 'top_reason', title: 'top reason', value: (row) => row.top_reason },
    { key: 'tier', title: 'tier', value: (row) => row.tier },
    { key: 'owner', title: 'owner', value: (row) => row.owner },
  ];
  if (!table) {
    columns.push(
      { key: 'score', title: 'score', value: (row) => row.score },
      { key: 'contract_ids', title: 'contracts', value: (row) => row.contract_ids.join(' ') },
      { key: 'rule', title: 'rule', value: (row) => row.rule },
    );
  }
  runtime.out(renderRows(result.renewals, columns, { format, tty: runtime.stdoutIsTty }));
  if (table || format === 'md') {
    const windowColumns: Column<RenewalWindow>[] = [
      { key: 'window', title: 'window', value: (row) => row.window },
      { key: 'accounts', title: 'accounts', value: (row) => row.accounts, align: 'right' },
      { key: 'arr', title: 'ARR up for renewal', value: (row) => moneyParts(row.arr), align: 'right' },
      { key: 'forecast', title: 'forecast (health-weighted)', value: (row) => moneyParts(row.forecast), align: 'right' },
    ];
    runtime.out(format === 'md' ? '\n' : '\n');
    runtime.out(renderRows(result.windows, windowColumns, { format, tty: runtime.stdoutIsTty }));
  }
  runtime.info(`${result.renewals.length} renewals as of ${result.as_of}: ending within ${result.within} days, and lapsed`);
  for (const note of result.notes) runtime.warn(note);
}
