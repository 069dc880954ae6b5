// How csops tier prints its result; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { TierChange, TierResult, TierRow } from '../commands/tier.js';
import { printStaleness } from './freshness-output.js';
import type { TierSummaryRow } from '../core/tiers.js';
import { TIERS } from '../config/names.js';
import { Painted, renderRows, type Column } from '../render/output.js';
import type { CliRuntime } from './runtime.js';
import { percent, whole } from '../render/figures.js';
import { documentJson } from '../render/contract.js';
import { tierLabel } from './options.js';

/** `changesAsked`: --changes was given, so the list is never printed (only the changes, or a note that there is nothing to compare with). */
export function printTier(runtime: CliRuntime, result: TierResult, changesAsked = false): void {
  printStaleness(runtime, result.data_through, result.as_of);
  const { format } = runtime.context;
  // Markdown shows what the table shows (formatted figures, tiers spelled for reading).
  const table = format === 'table' || format === 'md';
  const tty = runtime.stdoutIsTty;
  if (format === 'json') {
    // --summary and --changes return what they ask for, not every account beside it.
    const { accounts: _accounts, ...rest } = result;
    runtime.out(documentJson('tier', result.summary || changesAsked ? rest : result));
    return;
  }
  if (result.summary) {
    const columns: Column<TierSummaryRow>[] = [
      { key: 'tier', title: 'tier', value: (row) => (table ? tierLabel(row.tier) : row.tier) },
      { key: 'accounts', title: 'accounts', value: (row) => row.accounts, align: 'right' },
      { key: 'account_share', title: 'of accounts', value: (row) => (table ? percent(row.account_share) : row.account_share), align: 'right' },
      { key: 'arr', title: `ARR ${result.currency}`, value: (row) => (table ? whole.format(row.arr) : row.arr), align: 'right' },
      { key: 'arr_share', title: 'of ARR', value: (row) => (table ? percent(row.arr_share) : row.arr_share), align: 'right' },
      { key: 'top_20_percent_arr_share', title: 'ARR of top 20%', value: (row) => (table ? percent(row.top_20_percent_arr_share) : row.top_20_percent_arr_share), align: 'right' },
    ];
    runtime.out(renderRows(result.summary, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    const all = result.summary.find((row) => row.tier === 'all');
    if (all) runtime.info(`80/20 check: the top 20% of accounts hold ${percent(all.top_20_percent_arr_share)} of ARR (as of ${result.as_of}, ${result.time_zone})`);
  } else if (result.changes) {
    const columns: Column<TierChange>[] = [
      { key: 'account_id', title: 'account', value: (row) => row.account_id, priority: 1, shrink: 12 },
      { key: 'name', title: 'name', value: (row) => row.name, priority: 1, shrink: 12 },
      { key: 'change', title: 'change', value: (row) => (table ? (row.change === 'promotion' ? new Painted(row.change, runtime.color.green) : row.change === 'demotion' ? new Painted(row.change, runtime.color.yellow) : row.change) : row.change), priority: 2 },
      { key: 'from', title: `tier ${result.compared_with}`, value: (row) => (table ? tierLabel(row.from) : row.from), priority: 3 },
      { key: 'to', title: `tier ${result.as_of}`, value: (row) => (table ? tierLabel(row.to) : row.to), priority: 1 },
      { key: 'reason', title: 'why', value: (row) => row.reason, priority: 2, shrink: 20 },
      { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 5 },
    ];
    runtime.out(renderRows(result.changes, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    runtime.info(`${whole.format(result.changes.length)} tier changes since the assignment saved for ${result.compared_with}`);
  } else if (!changesAsked) {
    const columns: Column<TierRow>[] = [
      { key: 'account_id', title: 'account', value: (row) => row.account_id, priority: 1, shrink: 12 },
      { key: 'name', title: 'name', value: (row) => row.name, priority: 1, shrink: 12 },
      { key: 'tier', title: 'tier', value: (row) => (table ? tierLabel(row.tier) : row.tier), priority: 1 },
      { key: 'reason', title: 'why', value: (row) => row.reason, priority: 2, shrink: 20 },
      { key: 'rule', title: 'rule', value: (row) => row.rule, priority: 6 },
      { key: 'arr', title: `ARR ${result.currency}`, value: (row) => (table && row.arr !== null ? whole.format(row.arr) : row.arr), align: 'right', priority: 3 },
      { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 5 },
    ];
    runtime.out(renderRows(result.accounts, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    const counts = TIERS.map((tier) => `${whole.format(result.accounts.filter((row) => row.tier === tier).length)} ${tierLabel(tier)}`).join(', ');
    runtime.info(`${whole.format(result.accounts.length)} customers as of ${result.as_of} (${result.time_zone}): ${counts}`);
  }
  for (const note of result.notes) runtime.warn(note);
  if (result.saved) runtime.info(`saved as the tier assignment of ${result.saved}`);
}
