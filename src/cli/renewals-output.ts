// How csops renewals prints its result; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { RenewalRow, RenewalsResult, RenewalWindow } from '../commands/renewals.js';
import { printStaleness } from './freshness-output.js';
import { Painted, renderRows, type Column } from '../render/output.js';
import { bandLabel, tierLabel } from './options.js';
import type { CliRuntime } from './runtime.js';
import { moneyParts, whole } from '../render/figures.js';
import { renewalsHtml } from '../render/portfolio-html.js';
import { documentJson } from '../render/contract.js';

export function printRenewals(runtime: CliRuntime, result: RenewalsResult): void {
  printStaleness(runtime, result.data_through, result.as_of);
  const { format } = runtime.context;
  // Markdown shows what the table shows (formatted figures, bands and tiers spelled for reading).
  const table = format === 'table' || format === 'md';
  if (format === 'json') {
    runtime.out(documentJson('renewals', result));
    return;
  }
  if (format === 'html') {
    runtime.out(renewalsHtml(result));
    for (const note of result.notes) runtime.warn(note);
    return;
  }
  const columns: Column<RenewalRow>[] = [
    { key: 'window', title: 'window', value: (row) => row.window, priority: 3 },
    { key: 'account_id', title: 'account', value: (row) => row.account_id, priority: 1, shrink: 12 },
    { key: 'name', title: 'name', value: (row) => row.name, priority: 1, shrink: 12 },
    { key: 'state', title: 'state', value: (row) => (table && row.state === 'lapsed' ? new Painted(row.state, runtime.color.red) : row.state), priority: 3 },
    { key: 'end_date', title: 'ends', value: (row) => row.end_date, priority: 1 },
    { key: 'days_left', title: 'days', value: (row) => row.days_left, align: 'right', priority: 4 },
    { key: 'arr', title: `ARR ${result.currency}`, value: (row) => (table ? (row.arr === null ? moneyParts(row.arr_by_currency) : whole.format(row.arr)) : row.arr), align: 'right', priority: 1 },
    { key: 'auto_renew', title: 'auto', value: (row) => (table ? (row.auto_renew ? 'yes' : row.auto_renew === false ? 'no' : '') : row.auto_renew), priority: 6 },
    { key: 'band', title: 'health', value: (row) => (table ? `${bandLabel(row.band)}${row.score === null ? '' : ` ${row.score}`}` : row.band), priority: 2 },
    { key: 'top_reason', title: 'top reason', value: (row) => row.top_reason, priority: 3, shrink: 20 },
    { key: 'tier', title: 'tier', value: (row) => (table ? tierLabel(row.tier) : row.tier), priority: 7 },
    { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 5 },
    // Issue 21: a renewal whose decision makers nobody met within the tier's cadence. The table shows the
    // column only when some row has contact data (a team without contacts keeps its columns).
    ...(table && result.renewals.some((row) => row.no_decision_maker_contact !== null)
      ? [{ key: 'no_decision_maker_contact', title: 'decision maker', value: (row: RenewalRow) => decisionMakerCell(row, runtime.color.red), priority: 4 }]
      : []),
  ];
  if (!table) {
    columns.push(
      { key: 'score', title: 'score', value: (row) => row.score },
      { key: 'contract_ids', title: 'contracts', value: (row) => row.contract_ids.join(' '), data: (row) => row.contract_ids },
      { key: 'rule', title: 'rule', value: (row) => row.rule },
      { key: 'no_decision_maker_contact', title: 'no decision maker contact', value: (row) => row.no_decision_maker_contact },
      { key: 'last_decision_maker_touchpoint', title: 'last decision maker touchpoint', value: (row) => row.last_decision_maker_touchpoint },
      { key: 'decision_maker_note', title: 'decision maker note', value: (row) => row.decision_maker_note },
    );
  }
  runtime.out(renderRows(result.renewals, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  if (table) {
    const windowColumns: Column<RenewalWindow>[] = [
      { key: 'window', title: 'window', value: (row) => row.window },
      { key: 'accounts', title: 'accounts', value: (row) => row.accounts, align: 'right' },
      { key: 'arr', title: 'ARR up for renewal', value: (row) => moneyParts(row.arr), align: 'right' },
      { key: 'forecast', title: 'forecast (health-weighted)', value: (row) => moneyParts(row.forecast), align: 'right' },
    ];
    runtime.out('\n');
    runtime.out(renderRows(result.windows, windowColumns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
  }
  runtime.info(`${whole.format(result.renewals.length)} renewals as of ${result.as_of}: ending within ${result.within} days, and lapsed`);
  for (const note of result.notes) runtime.warn(note);
}

/** "not met (last 2026-07-01)" in red, "met 2026-11-02", or nothing when it does not apply. */
function decisionMakerCell(row: RenewalRow, red: (text: string) => string): Painted | string | null {
  if (row.no_decision_maker_contact === null) return row.last_decision_maker_touchpoint === null ? null : `met ${row.last_decision_maker_touchpoint}`;
  if (!row.no_decision_maker_contact) return `met ${row.last_decision_maker_touchpoint}`;
  return new Painted(row.last_decision_maker_touchpoint === null ? (row.decision_maker_note?.startsWith('no decision maker named') ? 'none named' : 'never met') : `not met since ${row.last_decision_maker_touchpoint}`, red);
}
