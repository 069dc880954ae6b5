// How csops risk prints its result; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { Chalk } from 'chalk';
import type { RiskChange, RiskResult, RiskRow } from '../commands/risk.js';
import { FACTOR_LABELS, type FactorResult } from '../core/health.js';
import { HEALTH_BANDS, type HealthBand } from '../config/names.js';
import { Painted, renderRows, type Column } from '../render/output.js';
import { terminalSafe } from '../render/terminal-text.js';
import { writeJsonDocument } from '../render/json-stream.js';
import { bandLabel, tierLabel } from './options.js';
import type { CliRuntime } from './runtime.js';
import { moneyParts, percent, whole } from '../render/figures.js';
import { printStaleness } from './freshness-output.js';
import { riskHtml } from '../render/portfolio-html.js';
import { figureReplacer, ndjsonLines, withKind } from '../render/contract.js';

const ARROWS = { up: '↑', down: '↓', same: '→' } as const;

function bandPaint(color: InstanceType<typeof Chalk>, band: HealthBand | 'unknown'): (text: string) => string {
  switch (band) {
    case 'healthy':
      return color.green;
    case 'watch':
      return color.yellow;
    case 'at_risk':
      return color.red;
    case 'critical':
      return color.bold.red;
    default:
      return color.dim;
  }
}

function bandText(color: InstanceType<typeof Chalk>, band: HealthBand | 'unknown'): string {
  return bandPaint(color, band)(bandLabel(band));
}

/** Each band's cell, made once per chalk instance: a chalk chain per row is a builder per call. */
const bandCells = new WeakMap<InstanceType<typeof Chalk>, Map<string, Painted>>();

/**
 * The band as a table cell, coloured after the cell is made safe for the terminal; `forced`: a
 * signal made it at-risk whatever the score, marked `at-risk*` (the footnote under the table says so).
 */
function bandCell(color: InstanceType<typeof Chalk>, band: HealthBand | 'unknown', forced = false): Painted {
  let cells = bandCells.get(color);
  if (!cells) bandCells.set(color, (cells = new Map()));
  const key = forced ? `${band}*` : band;
  let cell = cells.get(key);
  if (cell === undefined) cells.set(key, (cell = new Painted(`${bandLabel(band)}${forced ? '*' : ''}`, bandPaint(color, band))));
  return cell;
}


export function printRisk(runtime: CliRuntime, result: RiskResult, explain: boolean, page: { limit?: number; filtered: boolean } = { filtered: false }): void {
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const color = runtime.color;
  printStaleness(runtime, result.data_through, result.as_of);
  if (format === 'json') {
    // --changes returns the changes (and the counts), not every account beside them (1 MB for 42 changes).
    const { accounts: _accounts, ...rest } = result;
    const document = withKind('risk', result.changes ? rest : result);
    writeJsonDocument(runtime.out, document, 'accounts', undefined, figureReplacer(result.currency));
    return;
  }
  if (format === 'html') {
    runtime.out(riskHtml(result, { limit: page.limit, filtered: page.filtered }));
    for (const note of result.notes) runtime.warn(note);
    return;
  }
  if (format === 'ndjson' && !runtime.pick?.length) {
    // One account (or, with --changes, one change) per line: the elements of --format json's list, nested
    // values kept (--columns: the columns chosen, as csv).
    runtime.out(ndjsonLines(result.changes ? result.changes.accounts : result.accounts, result.currency));
    return;
  }
  if (explain) {
    printExplain(runtime, result.accounts[0]!, result);
    return;
  }
  if (result.changes) {
    printChanges(runtime, result);
    return;
  }
  // Markdown shows what the table shows (formatted figures, bands and tiers spelled for reading).
  const table = format === 'table' || format === 'md';
  const columns: Column<RiskRow>[] = [
    { key: 'account_id', title: 'account', value: (row) => row.account_id, priority: 1, shrink: 12 },
    { key: 'name', title: 'name', value: (row) => row.name, priority: 1, shrink: 12 },
    { key: 'score', title: 'score', value: (row) => row.score, align: 'right', priority: 1 },
    { key: 'band', title: 'band', value: (row) => (table ? bandCell(color, row.band, row.band_forced_by.length > 0) : row.band), priority: 1 },
    { key: 'trend', title: 'trend', value: (row) => (table ? (row.trend ? ARROWS[row.trend] : '') : row.trend), priority: 4 },
    { key: 'confidence', title: 'conf', value: (row) => (table ? `${row.confidence}%` : row.confidence), align: 'right', priority: 4 },
    { key: 'reasons', title: 'why', value: (row) => (table ? row.reasons.slice(0, 2).join('; ') : row.reasons.join('; ')), priority: 2, shrink: 20 },
    ...(result.model ? CHURN_COLUMNS(table) : []),
    { key: 'arr', title: `ARR ${result.currency}`, value: (row) => (table ? (row.arr === null ? formatArrByCurrency(row) : whole.format(row.arr)) : row.arr), align: 'right', priority: 2 },
    { key: 'tier', title: 'tier', value: (row) => (table ? tierLabel(row.tier) : row.tier), priority: 6 },
    { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 5 },
    { key: 'renewal_date', title: 'renews', value: (row) => (table && row.renewal_date ? `${row.renewal_date}${row.lapsed ? ' (lapsed)' : ''}` : row.renewal_date), priority: 3 },
  ];
  if (!table) {
    columns.push(
      { key: 'days_to_renewal', title: 'days to renewal', value: (row) => row.days_to_renewal },
      { key: 'missing', title: 'missing', value: (row) => row.missing.join('; ') },
      { key: 'band_forced_by', title: 'band forced by', value: (row) => row.band_forced_by.join('; ') },
    );
  }
  runtime.out(renderRows(result.accounts, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  const forced = result.accounts.filter((row) => row.band_forced_by.length > 0);
  if (table && forced.length > 0) {
    const bySignal = new Map<string, number>();
    for (const row of forced) for (const signal of row.band_forced_by) bySignal.set(signal, (bySignal.get(signal) ?? 0) + 1);
    const named = [...bySignal].map(([signal, count]) => `${signal.replace(/_/g, ' ')} (${whole.format(count)})`).join(', ');
    runtime.info(`* at-risk whatever the score: a signal of health.at_risk_when held (${named}); its reason comes first`);
  }
  const counts = HEALTH_BANDS.map((band) => `${whole.format(result.counts[band])} ${bandLabel(band)}`).join(', ');
  runtime.info(
    `${whole.format(result.scored)} customers scored as of ${result.as_of} (${result.time_zone}): ${counts}${result.counts.unknown ? `, ${whole.format(result.counts.unknown)} without data` : ''}; ${whole.format(result.accounts.length)} shown`,
  );
  if (result.model) {
    const { model } = result;
    runtime.info(`churn probabilities from model ${model.id}, learned on ${whole.format(model.cases)} contracts ending ${model.trained_from} … ${model.trained_to} (cross-validated AUC ${model.cv_auc?.toFixed(3) ?? '—'}; health score ${model.rule_auc?.toFixed(3) ?? '—'})`);
  }
  for (const note of result.notes) runtime.warn(note);
  if (result.saved) runtime.info(`saved as the snapshot of ${result.saved}`);
}

/** With --model learned: the probability, and the features that raised it most. */
const CHURN_COLUMNS = (table: boolean): Column<RiskRow>[] => [
  { key: 'churn_probability', title: 'churn', value: (row) => (table ? percent(row.churn?.probability ?? null) : row.churn?.probability ?? null), align: 'right', priority: 3 },
  { key: 'churn_drivers', title: 'raised by', value: (row) => (row.churn?.drivers ?? []).map((driver) => driver.words).slice(0, table ? 2 : 3).join('; '), priority: 4, shrink: 16 },
];

function formatArrByCurrency(row: RiskRow): string {
  return moneyParts(row.arr_by_currency);
}

function printChanges(runtime: CliRuntime, result: RiskResult): void {
  const { format } = runtime.context;
  const table = format === 'table' || format === 'md';
  const changes = result.changes!;
  const columns: Column<RiskChange>[] = [
    { key: 'account_id', title: 'account', value: (row) => row.account_id, priority: 1, shrink: 12 },
    { key: 'name', title: 'name', value: (row) => row.name, priority: 1, shrink: 12 },
    { key: 'direction', title: 'direction', value: (row) => (table ? (row.direction === 'worse' ? new Painted('worse', runtime.color.red) : new Painted('better', runtime.color.green)) : row.direction), priority: 2 },
    { key: 'previous_band', title: `band ${changes.since}`, value: (row) => (table && row.previous_band ? bandLabel(row.previous_band) : row.previous_band), priority: 3 },
    { key: 'band', title: `band ${result.as_of}`, value: (row) => (table ? bandCell(runtime.color, row.band) : row.band), priority: 1 },
    { key: 'previous_score', title: 'was', value: (row) => row.previous_score, align: 'right', priority: 3 },
    { key: 'score', title: 'now', value: (row) => row.score, align: 'right', priority: 2 },
    { key: 'change', title: 'change', value: (row) => (table && row.change !== null ? `${row.change > 0 ? '+' : ''}${row.change}` : row.change), align: 'right', priority: 2 },
    { key: 'factor_changes', title: 'what changed (points)', value: (row) => describeChange(row, table), priority: 3, shrink: 24 },
    { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 5 },
  ];
  runtime.out(renderRows(changes.accounts, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick }));
  runtime.info(`${whole.format(changes.accounts.length)} accounts changed band or moved more than ${changes.threshold} points between ${changes.since} and ${result.as_of}, both recomputed from the data`);
  if (changes.stale_sources.length > 0) runtime.warn(`the ${changes.stale_sources.join(', ')} data is stale: no change above is made of the gap alone (recency ends with the data); import fresher data to see what changed since`);
}

function describeChange(row: RiskChange, table: boolean): string {
  const points = (value: number | null) => (value === null ? 'missing' : String(value));
  const parts = [...row.new_at_risk_signals.map((signal) => `now at risk: ${signal}`), ...row.factor_changes.map((change) => `${FACTOR_LABELS[change.factor as keyof typeof FACTOR_LABELS] ?? change.factor} ${points(change.points_before)}→${points(change.points_now)}: ${change.detail_now}`)];
  return (table ? parts.slice(0, 3) : parts).join('; ');
}

function printExplain(runtime: CliRuntime, rawRow: RiskRow, result: RiskResult): void {
  // Names, owners and reasons go into free text below, not only into cells.
  const row = terminalSafe(rawRow);
  const { format } = runtime.context;
  const table = format === 'table' || format === 'md';
  const md = format === 'md';
  const columns: Column<RiskRow['factors'][number]>[] = [
    { key: 'factor', title: 'factor', value: (factor) => (table ? FACTOR_LABELS[factor.factor] : factor.factor) },
    { key: 'points', title: 'points', value: (factor) => (table ? (factor.missing ? 'missing' : `${factor.points} / ${factor.weight}`) : factor.points), align: 'right' },
    { key: 'weight', title: 'weight', value: (factor) => factor.weight, align: 'right' },
    { key: 'detail', title: 'what it saw', value: (factor) => factor.detail, priority: 2, shrink: 24 },
    { key: 'inputs', title: 'inputs', value: (factor) => formatInputs(factor.inputs, table), priority: 6, shrink: 16 },
  ];
  if (table) {
    const score = row.score === null ? 'no score' : `${row.score}/100`;
    const forced = row.at_risk_signals.length > 0 ? ` (at risk whatever the score: ${row.at_risk_signals.join('; ')})` : '';
    runtime.out(
      `${md ? `## ${row.account_id} ${row.name}\n\n` : `${runtime.color.bold(`${row.account_id} ${row.name}`)}: `}${md ? `Score ${score}, ${bandLabel(row.band)}` : `${score}, ${bandText(runtime.color, row.band)}`}${forced}, confidence ${row.confidence}% (as of ${result.as_of}, ${result.time_zone})\n` +
        `${md ? '\n' : ''}tier ${tierLabel(row.tier)}; owner ${row.owner ?? '—'}; ARR ${row.arr === null ? formatArrByCurrency(row) : `${whole.format(row.arr)} ${row.currency}`}; renews ${row.renewal_date ?? '—'}${row.lapsed ? ' (lapsed)' : ''}\n\n`,
    );
    runtime.out(renderRows(row.factors, columns.filter((column) => column.key !== 'weight'), { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    if (row.reasons.length > 0) runtime.out(`\nWhy it lost points:\n${row.reasons.map((reason) => `  - ${reason}`).join('\n')}\n`);
    if (row.missing.length > 0) runtime.out(`\nMissing signals (left out of the score, lower the confidence):\n${row.missing.map((text) => `  - ${text}`).join('\n')}\n`);
    if (row.previous) runtime.out(`\nLast snapshot ${row.previous.as_of}: ${row.previous.score ?? 'no score'}, ${bandLabel(row.previous.band as HealthBand)}\n`);
    if (row.churn && result.model) {
      const drivers = row.churn.drivers.length > 0 ? row.churn.drivers.map((driver) => `  - ${driver.words}`).join('\n') : '  - nothing raises it above a typical account';
      runtime.out(`\nChurn probability ${percent(row.churn.probability)} (model ${result.model.id}, learned as of ${result.model.as_of}); raised most by:\n${drivers}\n`);
    }
    return;
  }
  runtime.out(renderRows(row.factors, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick }));
}

/** An input as people read it: grouped, at most two decimals (utilisation=0.71, logins_recent=1,462). */
const inputNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** key=value pairs; in a table or Markdown, numbers as people read them (grouped, at most two decimals); in csv as they are. */
function formatInputs(inputs: FactorResult['inputs'], table: boolean): string {
  const shown = (value: unknown) => (table && typeof value === 'number' ? inputNumber.format(value) : String(value));
  return Object.entries(inputs)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? `[${value.map(shown).join(', ')}]` : value === null ? '—' : shown(value)}`)
    .join(' ');
}
