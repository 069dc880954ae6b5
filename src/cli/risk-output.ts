// How csops risk prints its result; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { Chalk } from 'chalk';
import { phrasesOf, type RiskChange, type RiskResult, type RiskRow } from '../commands/risk.js';
import { FACTOR_LABELS, SAID, type FactorName, type FactorResult } from '../core/health.js';
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
import type { Messages } from '../i18n/messages.js';
import { sayIn } from '../i18n/messages/reasons.js';
import { driverWords, factorLabel, sentences } from './score-words.js';

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

function bandText(color: InstanceType<typeof Chalk>, band: HealthBand | 'unknown', messages: Messages): string {
  return bandPaint(color, band)(bandLabel(band, messages));
}

/** Each band's cell, made once per chalk instance: a chalk chain per row is a builder per call. */
const bandCells = new WeakMap<InstanceType<typeof Chalk>, Map<string, Painted>>();

/**
 * The band as a table cell, coloured after the cell is made safe for the terminal; `forced`: a
 * signal made it at-risk whatever the score, marked `at-risk*` (the footnote under the table says so).
 */
function bandCell(color: InstanceType<typeof Chalk>, messages: Messages, band: HealthBand | 'unknown', forced = false): Painted {
  let cells = bandCells.get(color);
  if (!cells) bandCells.set(color, (cells = new Map()));
  const key = `${messages.language} ${band}${forced ? '*' : ''}`;
  let cell = cells.get(key);
  if (cell === undefined) cells.set(key, (cell = new Painted(`${bandLabel(band, messages)}${forced ? '*' : ''}`, bandPaint(color, band))));
  return cell;
}


export function printRisk(runtime: CliRuntime, result: RiskResult, explain: boolean, page: { limit?: number; filtered: boolean } = { filtered: false }): void {
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const color = runtime.color;
  const messages = runtime.messages;
  const t = messages.t;
  printStaleness(runtime, result.data_through, result.as_of);
  if (format === 'json') {
    // --changes returns the changes (and the counts), not every account beside them (1 MB for 42 changes).
    const { accounts: _accounts, ...rest } = result;
    const document = withKind('risk', result.changes ? rest : result);
    writeJsonDocument(runtime.out, document, 'accounts', undefined, figureReplacer(result.currency));
    return;
  }
  if (format === 'html') {
    runtime.out(riskHtml(result, { limit: page.limit, filtered: page.filtered }, messages));
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
  // Sentences in tables and Markdown are for people (their language); in csv and ndjson they are the JSON's English.
  const said = table ? messages : undefined;
  const sep = table ? t('list.sep') : '; ';
  const lapsed = t('word.lapsed_suffix');
  const columns: Column<RiskRow>[] = [
    { key: 'account_id', title: t('col.account'), value: (row) => row.account_id, priority: 1, shrink: 12 },
    { key: 'name', title: t('col.name'), value: (row) => row.name, priority: 1, shrink: 12 },
    { key: 'score', title: t('col.score'), value: (row) => row.score, align: 'right', priority: 1 },
    { key: 'band', title: t('col.band'), value: (row) => (table ? bandCell(color, messages, row.band, row.band_forced_by.length > 0) : row.band), priority: 1 },
    { key: 'trend', title: t('col.trend'), value: (row) => (table ? (row.trend ? ARROWS[row.trend] : '') : row.trend), priority: 4 },
    { key: 'confidence', title: t('col.confidence'), value: (row) => (table ? `${row.confidence}%` : row.confidence), align: 'right', priority: 4 },
    { key: 'reasons', title: t('col.why'), value: (row) => (said ? sentences(row.reasons, row[SAID]?.reasons, said, 2).join(sep) : row.reasons.join('; ')), priority: 2, shrink: 20 },
    ...(result.model ? CHURN_COLUMNS(table, messages) : []),
    { key: 'arr', title: t('col.arr', { currency: result.currency }), value: (row) => (table ? (row.arr === null ? formatArrByCurrency(row) : whole.format(row.arr)) : row.arr), align: 'right', priority: 2 },
    { key: 'tier', title: t('col.tier'), value: (row) => (table ? tierLabel(row.tier, messages) : row.tier), priority: 6 },
    { key: 'owner', title: t('col.owner'), value: (row) => row.owner, priority: 5 },
    { key: 'renewal_date', title: t('col.renews'), value: (row) => (table && row.renewal_date ? `${row.renewal_date}${row.lapsed ? lapsed : ''}` : row.renewal_date), priority: 3 },
  ];
  if (!table) {
    columns.push(
      { key: 'days_to_renewal', title: t('col.days_to_renewal'), value: (row) => row.days_to_renewal },
      { key: 'missing', title: t('col.missing'), value: (row) => row.missing.join('; ') },
      { key: 'band_forced_by', title: t('col.band_forced_by'), value: (row) => row.band_forced_by.join('; ') },
    );
  }
  runtime.out(renderRows(result.accounts, columns, { format, tty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
  const forced = result.accounts.filter((row) => row.band_forced_by.length > 0);
  if (table && forced.length > 0) {
    const bySignal = new Map<string, number>();
    for (const row of forced) for (const signal of row.band_forced_by) bySignal.set(signal, (bySignal.get(signal) ?? 0) + 1);
    const named = [...bySignal].map(([signal, count]) => t('risk.signal_count', { signal: signalLabel(signal, messages), count: whole.format(count) })).join(messages.language === 'en' ? ', ' : '，');
    runtime.info(t('risk.forced_note', { named }));
  }
  const counts = HEALTH_BANDS.map((band) => t('risk.band_count', { band: bandLabel(band, messages), count: whole.format(result.counts[band]) })).join(messages.language === 'en' ? ', ' : '，');
  runtime.info(
    t('risk.summary', { scored: whole.format(result.scored), asOf: result.as_of, zone: result.time_zone, counts, unknown: result.counts.unknown ? whole.format(result.counts.unknown) : null, shown: whole.format(result.accounts.length) }),
  );
  if (result.model) {
    const { model } = result;
    runtime.info(t('risk.model', { id: model.id, cases: whole.format(model.cases), from: model.trained_from, to: model.trained_to, cv: model.cv_auc?.toFixed(3) ?? '—', rule: model.rule_auc?.toFixed(3) ?? '—' }));
  }
  for (const note of result.notes) runtime.warn(note);
  if (result.saved) runtime.info(t('risk.saved', { day: result.saved }));
}

/** An at-risk signal's name for people: "no login" (no_login), or the language's words. */
function signalLabel(signal: string, messages: Messages): string {
  const known = ['no_login', 'login_drop', 'bugs_past_sla', 'unfollowed_detractor', 'champion_left'] as const;
  const name = known.find((candidate) => candidate === signal);
  return name === undefined || messages.language === 'en' ? signal.replace(/_/g, ' ') : messages.t(`signal.${name}`);
}

/** With --model learned: the probability, and the features that raised it most. */
const CHURN_COLUMNS = (table: boolean, messages: Messages): Column<RiskRow>[] => [
  { key: 'churn_probability', title: messages.t('col.churn'), value: (row) => (table ? percent(row.churn?.probability ?? null) : row.churn?.probability ?? null), align: 'right', priority: 3 },
  { key: 'churn_drivers', title: messages.t('col.raised_by'), value: (row) => (row.churn?.drivers ?? []).slice(0, table ? 2 : 3).map((driver) => (table ? driverWords(driver, messages) : driver.words)).join(table ? messages.t('list.sep') : '; '), priority: 4, shrink: 16 },
];

function formatArrByCurrency(row: RiskRow): string {
  return moneyParts(row.arr_by_currency);
}

function printChanges(runtime: CliRuntime, result: RiskResult): void {
  const { format } = runtime.context;
  const table = format === 'table' || format === 'md';
  const changes = result.changes!;
  const messages = runtime.messages;
  const t = messages.t;
  const worse = new Painted(t('word.worse'), runtime.color.red);
  const better = new Painted(t('word.better'), runtime.color.green);
  const columns: Column<RiskChange>[] = [
    { key: 'account_id', title: t('col.account'), value: (row) => row.account_id, priority: 1, shrink: 12 },
    { key: 'name', title: t('col.name'), value: (row) => row.name, priority: 1, shrink: 12 },
    { key: 'direction', title: t('col.direction'), value: (row) => (table ? (row.direction === 'worse' ? worse : better) : row.direction), priority: 2 },
    { key: 'previous_band', title: t('col.band_on', { day: changes.since }), value: (row) => (table && row.previous_band ? bandLabel(row.previous_band, messages) : row.previous_band), priority: 3 },
    { key: 'band', title: t('col.band_on', { day: result.as_of }), value: (row) => (table ? bandCell(runtime.color, messages, row.band) : row.band), priority: 1 },
    { key: 'previous_score', title: t('col.was'), value: (row) => row.previous_score, align: 'right', priority: 3 },
    { key: 'score', title: t('col.now'), value: (row) => row.score, align: 'right', priority: 2 },
    { key: 'change', title: t('col.change'), value: (row) => (table && row.change !== null ? `${row.change > 0 ? '+' : ''}${row.change}` : row.change), align: 'right', priority: 2 },
    { key: 'factor_changes', title: t('col.what_changed'), value: (row) => describeChange(row, table, table ? messages : undefined), priority: 3, shrink: 24 },
    { key: 'owner', title: t('col.owner'), value: (row) => row.owner, priority: 5 },
  ];
  runtime.out(renderRows(changes.accounts, columns, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick }));
  runtime.info(t('risk.changes_summary', { count: whole.format(changes.accounts.length), threshold: changes.threshold, since: changes.since, asOf: result.as_of }));
  if (changes.stale_sources.length > 0) {
    const sources = messages.language === 'en' ? changes.stale_sources.join(', ') : changes.stale_sources.map((kind) => t(`stale.${kind}`)).join('、');
    runtime.warn(t('risk.changes_stale', { sources }));
  }
}

/** What changed, for a table (the first three, in the reader's language) or csv and ndjson (all, the JSON's English). */
function describeChange(row: RiskChange, table: boolean, messages?: Messages): string {
  if (messages === undefined || messages.language === 'en') {
    const points = (value: number | null) => (value === null ? 'missing' : String(value));
    const parts = [...row.new_at_risk_signals.map((signal) => `now at risk: ${signal}`), ...row.factor_changes.map((change) => `${FACTOR_LABELS[change.factor as keyof typeof FACTOR_LABELS] ?? change.factor} ${points(change.points_before)}→${points(change.points_now)}: ${change.detail_now}`)];
    return (table ? parts.slice(0, 3) : parts).join('; ');
  }
  const t = messages.t;
  const points = (value: number | null) => (value === null ? t('word.missing') : String(value));
  const parts = [
    ...row[SAID].newAtRiskSignals.map((signal) => t('risk.now_at_risk', { reason: sayIn(messages, signal) })),
    ...row.factor_changes.map((change) =>
      t('risk.factor_change', { factor: factorLabel(change.factor as FactorName, messages), before: points(change.points_before), now: points(change.points_now), detail: sayIn(messages, change[SAID].now) }),
    ),
  ];
  return parts.slice(0, 3).join(t('list.sep'));
}

function printExplain(runtime: CliRuntime, rawRow: RiskRow, result: RiskResult): void {
  // Names, owners and reasons go into free text below, not only into cells.
  const row = terminalSafe(rawRow);
  const said = phrasesOf(rawRow);
  const { format } = runtime.context;
  const table = format === 'table' || format === 'md';
  const md = format === 'md';
  const messages = runtime.messages;
  const t = messages.t;
  const english = messages.language === 'en';
  const safe = (text: string) => terminalSafe(text);
  // terminalSafe copies the row's plain data, not the phrases beside it: they are read from the row as given.
  const details = new Map(rawRow.factors.map((factor) => [factor.factor, factor[SAID].detail]));
  const columns: Column<RiskRow['factors'][number]>[] = [
    { key: 'factor', title: t('col.factor'), value: (factor) => (table ? factorLabel(factor.factor, messages) : factor.factor) },
    { key: 'points', title: t('col.points'), value: (factor) => (table ? (factor.missing ? t('word.missing') : `${factor.points} / ${factor.weight}`) : factor.points), align: 'right' },
    { key: 'weight', title: t('col.weight'), value: (factor) => factor.weight, align: 'right' },
    { key: 'detail', title: t('col.what_it_saw'), value: (factor) => (table && !english ? safe(sayIn(messages, details.get(factor.factor)!)) : factor.detail), priority: 2, shrink: 24 },
    { key: 'inputs', title: t('col.inputs'), value: (factor) => formatInputs(factor.inputs, table), priority: 6, shrink: 16 },
  ];
  if (table) {
    const score = row.score === null ? t('word.no_score') : `${row.score}/100`;
    const atRisk = sentences(row.at_risk_signals, said.atRiskSignals, messages).map(safe);
    const forced = atRisk.length > 0 ? t('explain.forced', { signals: atRisk.join(t('list.sep')) }) : '';
    const arr = row.arr === null ? formatArrByCurrency(row) : `${whole.format(row.arr)} ${row.currency}`;
    runtime.out(
      `${md ? `## ${row.account_id} ${row.name}\n\n` : `${runtime.color.bold(`${row.account_id} ${row.name}`)}: `}${md ? t('explain.md_heading_score', { score, band: bandLabel(row.band, messages) }) : t('explain.score', { score, band: bandText(runtime.color, row.band, messages) })}${forced}${t('explain.confidence', { confidence: row.confidence, asOf: result.as_of, zone: result.time_zone })}\n` +
        `${md ? '\n' : ''}${t('explain.facts', { tier: tierLabel(row.tier, messages), owner: row.owner ?? '—', arr, renews: row.renewal_date ?? '—', lapsed: row.lapsed })}\n\n`,
    );
    // The inputs are the data's own keys and values (key=value): a reader of another language has them in --format csv or json.
    const shown = columns.filter((column) => column.key !== 'weight' && (english || column.key !== 'inputs'));
    runtime.out(renderRows(row.factors, shown, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, pick: runtime.pick, currency: result.currency }));
    const reasons = sentences(row.reasons, said.reasons, messages).map(safe);
    const missing = sentences(row.missing, said.missing, messages).map(safe);
    if (reasons.length > 0) runtime.out(`\n${t('explain.why')}\n${reasons.map((reason) => `  - ${reason}`).join('\n')}\n`);
    if (missing.length > 0) runtime.out(`\n${t('explain.missing')}\n${missing.map((text) => `  - ${text}`).join('\n')}\n`);
    if (row.previous) runtime.out(`\n${t('explain.last_snapshot', { day: row.previous.as_of, score: row.previous.score === null ? t('word.no_score') : String(row.previous.score), band: bandLabel(row.previous.band as HealthBand, messages) })}\n`);
    if (row.churn && result.model) {
      const drivers = row.churn.drivers.length > 0 ? row.churn.drivers.map((driver) => `  - ${driverWords(driver, messages)}`).join('\n') : `  - ${t('explain.churn_none')}`;
      runtime.out(`\n${t('explain.churn', { probability: percent(row.churn.probability), id: result.model.id, asOf: result.model.as_of })}\n${drivers}\n`);
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
