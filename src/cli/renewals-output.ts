// How csops renewals prints its result; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { RenewalRow, RenewalsResult, RenewalWindow } from '../commands/renewals.js';
import { printNotes, printStaleness } from './freshness-output.js';
import { SAID } from '../core/health.js';
import { sayIn } from '../i18n/messages/reasons.js';
import type { Messages } from '../i18n/messages.js';
import { notesIn } from '../i18n/notes.js';
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
  const messages = runtime.messages;
  const t = messages.t;
  if (format === 'html') {
    runtime.out(renewalsHtml(result, messages, notesIn(messages, result.notes, result[SAID])));
    printNotes(runtime, result.notes, result[SAID]);
    return;
  }
  // Tables and Markdown are for people: windows, states and reasons in their language (csv and ndjson keep the JSON's values).
  const english = messages.language === 'en' || !table;
  const columns: Column<RenewalRow>[] = [
    { key: 'window', title: t('col.window'), value: (row) => (english ? row.window : windowLabel(row.window, messages)), priority: 3 },
    { key: 'account_id', title: t('col.account'), value: (row) => row.account_id, priority: 1, shrink: 12 },
    { key: 'name', title: t('col.name'), value: (row) => row.name, priority: 1, shrink: 12 },
    { key: 'state', title: t('col.state'), value: (row) => (table && row.state === 'lapsed' ? new Painted(english ? row.state : t('state.lapsed'), runtime.color.red) : english ? row.state : t(`state.${row.state}`)), priority: 3 },
    { key: 'end_date', title: t('col.ends'), value: (row) => row.end_date, priority: 1 },
    { key: 'days_left', title: t('col.days'), value: (row) => row.days_left, align: 'right', priority: 4 },
    { key: 'arr', title: t('col.arr', { currency: result.currency }), value: (row) => (table ? (row.arr === null ? moneyParts(row.arr_by_currency) : whole.format(row.arr)) : row.arr), align: 'right', priority: 1 },
    { key: 'auto_renew', title: t('col.auto'), value: (row) => (table ? (row.auto_renew ? t('word.yes') : row.auto_renew === false ? t('word.no') : '') : row.auto_renew), priority: 6 },
    { key: 'band', title: t('col.health'), value: (row) => (table ? `${bandLabel(row.band, messages)}${row.score === null ? '' : ` ${row.score}`}` : row.band), priority: 2 },
    { key: 'top_reason', title: t('col.top_reason'), value: (row) => (english || row[SAID] === null ? row.top_reason : sayIn(messages, row[SAID])), priority: 3, shrink: 20 },
    { key: 'tier', title: t('col.tier'), value: (row) => (table ? tierLabel(row.tier, messages) : row.tier), priority: 7 },
    { key: 'owner', title: t('col.owner'), value: (row) => row.owner, priority: 5 },
    // Issue 21: a renewal whose decision makers nobody met within the tier's cadence. The table shows the
    // column only when some row has contact data (a team without contacts keeps its columns).
    ...(table && result.renewals.some((row) => row.no_decision_maker_contact !== null)
      ? [{ key: 'no_decision_maker_contact', title: t('col.decision_maker'), value: (row: RenewalRow) => decisionMakerCell(row, runtime.color.red, messages), priority: 4 }]
      : []),
  ];
  if (!table) {
    columns.push(
      { key: 'score', title: t('col.score'), value: (row) => row.score },
      { key: 'contract_ids', title: t('col.contracts'), value: (row) => row.contract_ids.join(' '), data: (row) => row.contract_ids },
      { key: 'rule', title: t('col.rule'), value: (row) => row.rule },
      { key: 'no_decision_maker_contact', title: t('col.no_dm_contact'), value: (row) => row.no_decision_maker_contact },
      { key: 'last_decision_maker_touchpoint', title: t('col.last_dm_touchpoint'), value: (row) => row.last_decision_maker_touchpoint },
      { key: 'decision_maker_note', title: t('col.dm_note'), value: (row) => row.decision_maker_note },
    );
  }
  runtime.out(renderRows(result.renewals, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  if (table) {
    const windowColumns: Column<RenewalWindow>[] = [
      { key: 'window', title: t('col.window'), value: (row) => (english ? row.window : windowLabel(row.window, messages)) },
      { key: 'accounts', title: t('col.accounts'), value: (row) => row.accounts, align: 'right' },
      { key: 'arr', title: t('col.arr_up'), value: (row) => moneyParts(row.arr), align: 'right' },
      { key: 'forecast', title: t('col.forecast'), value: (row) => moneyParts(row.forecast), align: 'right' },
    ];
    runtime.out('\n');
    runtime.out(renderRows(result.windows, windowColumns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit }));
  }
  runtime.info(t('renewals.summary', { count: whole.format(result.renewals.length), asOf: result.as_of, within: result.within }));
  printNotes(runtime, result.notes, result[SAID]);
}

/** A renewal window for people: "0–30" as it is, lapsed in the reader's language. */
export function windowLabel(window: string, messages: Messages): string {
  return window === 'lapsed' ? messages.t('window.lapsed') : window;
}

/** "not met (last 2026-07-01)" in red, "met 2026-11-02", or nothing when it does not apply. */
function decisionMakerCell(row: RenewalRow, red: (text: string) => string, messages: Messages): Painted | string | null {
  const t = messages.t;
  if (row.no_decision_maker_contact === null) return row.last_decision_maker_touchpoint === null ? null : t('renewals.dm_met', { day: row.last_decision_maker_touchpoint });
  if (!row.no_decision_maker_contact) return t('renewals.dm_met', { day: row.last_decision_maker_touchpoint });
  return new Painted(
    row.last_decision_maker_touchpoint === null ? (row.decision_maker_note?.startsWith('no decision maker named') ? t('renewals.dm_none_named') : t('renewals.dm_never_met')) : t('renewals.dm_not_since', { day: row.last_decision_maker_touchpoint }),
    red,
  );
}
