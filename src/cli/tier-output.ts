// How csops tier prints its result; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { TierChange, TierResult, TierRow } from '../commands/tier.js';
import { printNotes, printStaleness } from './freshness-output.js';
import { SAID } from '../core/health.js';
import type { Messages } from '../i18n/messages.js';
import type { TierReason, TierSummaryRow } from '../core/tiers.js';
import { sayNote } from '../i18n/notes.js';
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
  const messages = runtime.messages;
  const t = messages.t;
  // Reasons and changes in the reader's language in tables and Markdown; csv and ndjson keep the JSON's.
  const people = table && messages.language !== 'en';
  const reason = (row: { reason: string; [SAID]?: TierReason[] }) => (people ? tierReason(row.reason, row[SAID], messages) : row.reason);
  const list = messages.language === 'en' ? ', ' : '，';
  if (format === 'json') {
    // --summary and --changes return what they ask for, not every account beside it.
    const { accounts: _accounts, ...rest } = result;
    runtime.out(documentJson('tier', result.summary || changesAsked ? rest : result));
    return;
  }
  if (result.summary) {
    const columns: Column<TierSummaryRow>[] = [
      { key: 'tier', title: t('col.tier'), value: (row) => (table ? (row.tier === 'all' ? t('tier.all') : tierLabel(row.tier, messages)) : row.tier) },
      { key: 'accounts', title: t('col.accounts'), value: (row) => row.accounts, align: 'right' },
      { key: 'account_share', title: t('col.of_accounts'), value: (row) => (table ? percent(row.account_share) : row.account_share), align: 'right' },
      { key: 'arr', title: t('col.arr', { currency: result.currency }), value: (row) => (table ? whole.format(row.arr) : row.arr), align: 'right' },
      { key: 'arr_share', title: t('col.of_arr'), value: (row) => (table ? percent(row.arr_share) : row.arr_share), align: 'right' },
      { key: 'top_20_percent_arr_share', title: t('col.top_20'), value: (row) => (table ? percent(row.top_20_percent_arr_share) : row.top_20_percent_arr_share), align: 'right' },
    ];
    runtime.out(renderRows(result.summary, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    const all = result.summary.find((row) => row.tier === 'all');
    if (all) runtime.info(t('tier.pareto', { share: percent(all.top_20_percent_arr_share), asOf: result.as_of, zone: result.time_zone }));
  } else if (result.changes) {
    const columns: Column<TierChange>[] = [
      { key: 'account_id', title: t('col.account'), value: (row) => row.account_id, priority: 1, shrink: 12 },
      { key: 'name', title: t('col.name'), value: (row) => row.name, priority: 1, shrink: 12 },
      { key: 'change', title: t('col.change'), value: (row) => (table ? (row.change === 'promotion' ? new Painted(t('change.promotion'), runtime.color.green) : row.change === 'demotion' ? new Painted(t('change.demotion'), runtime.color.yellow) : t('change.new')) : row.change), priority: 2 },
      { key: 'from', title: t('col.tier_on', { day: result.compared_with! }), value: (row) => (table ? tierLabel(row.from, messages) : row.from), priority: 3 },
      { key: 'to', title: t('col.tier_on', { day: result.as_of }), value: (row) => (table ? tierLabel(row.to, messages) : row.to), priority: 1 },
      { key: 'reason', title: t('col.why'), value: (row) => reason(row), priority: 2, shrink: 20 },
      { key: 'owner', title: t('col.owner'), value: (row) => row.owner, priority: 5 },
    ];
    runtime.out(renderRows(result.changes, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    runtime.info(t('tier.changes_summary', { count: whole.format(result.changes.length), day: result.compared_with! }));
  } else if (!changesAsked) {
    const columns: Column<TierRow>[] = [
      { key: 'account_id', title: t('col.account'), value: (row) => row.account_id, priority: 1, shrink: 12 },
      { key: 'name', title: t('col.name'), value: (row) => row.name, priority: 1, shrink: 12 },
      { key: 'tier', title: t('col.tier'), value: (row) => (table ? tierLabel(row.tier, messages) : row.tier), priority: 1 },
      { key: 'reason', title: t('col.why'), value: (row) => reason(row), priority: 2, shrink: 20 },
      { key: 'rule', title: t('col.rule'), value: (row) => (people ? t(`tier_rule.${row.rule}`) : row.rule), priority: 6 },
      { key: 'arr', title: t('col.arr', { currency: result.currency }), value: (row) => (table && row.arr !== null ? whole.format(row.arr) : row.arr), align: 'right', priority: 3 },
      { key: 'owner', title: t('col.owner'), value: (row) => row.owner, priority: 5 },
    ];
    runtime.out(renderRows(result.accounts, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    const counts = TIERS.map((tier) => t('tier.tier_count', { tier: tierLabel(tier, messages), count: whole.format(result.accounts.filter((row) => row.tier === tier).length) })).join(list);
    runtime.info(t('tier.summary', { count: whole.format(result.accounts.length), asOf: result.as_of, zone: result.time_zone, counts }));
  }
  printNotes(runtime, result.notes, result[SAID]);
  if (result.saved) runtime.info(t('tier.saved', { day: result.saved }));
}

/**
 * A tier reason (core/tiers.ts) in the language in force: from its parts' keys (the figures, plans and
 * override values are the data's own); a reason kept without them (read back as English text) as it is.
 */
export function tierReason(english: string, parts: readonly TierReason[] | undefined, messages: Messages): string {
  if (messages.language === 'en' || parts === undefined || parts.length === 0) return english;
  return parts.map((part) => sayNote(messages, part)).join(messages.t('list.sep'));
}
