import type { ValueMonth, ValueStatement } from '../core/value-statement.js';
import { SAID } from '../core/health/phrases.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { notesIn, sayNote, type Said } from '../i18n/notes.js';
import { number, percent, whole } from './figures.js';
import { barChart, COLORS, escape, figureTable as sharedFigureTable, heading, htmlDocument, htmlTable, paragraph } from './html.js';
import { displayWidth } from './table-layout.js';

/**
 * The value statement as the customer reads it: Markdown (mail, chat, the terminal) and one
 * self-contained HTML page (A4 print, mail). Both are made from the same figure lines below, so they
 * carry the same figures as each other and as the JSON. Words are the customer's: no internal view,
 * and in the language in force (issue 24); the JSON keeps its English sentences.
 */

const ENGLISH = messagesFor('en');

/** The footnotes and missing figures in the language in force: from their keys when the statement kept them, else its English. */
function sentencesIn(statement: ValueStatement, messages: Messages, said: ValueStatement[typeof SAID]): { footnotes: Record<string, string>; missing: string[] } {
  if (messages.language === 'en' || said === undefined) return { footnotes: statement.footnotes, missing: statement.missing };
  const say = (note: Said | undefined, english: string) => (note === undefined ? english : sayNote(messages, note));
  return {
    footnotes: Object.fromEntries(Object.entries(statement.footnotes).map(([key, text]) => [key, say(said.footnotes[key], text)])),
    missing: notesIn(messages, statement.missing, said.missing),
  };
}

/** One figure as shown: its key (the JSON path), label, text and the footnote that explains it. */
export interface FigureLine {
  key: string;
  label: string;
  value: string;
  footnote: string | null;
}

const count = (value: number | null) => (value === null ? '—' : whole.format(value));
const hoursText = (value: number | null, messages: Messages = ENGLISH) => (value === null ? '—' : messages.t('value.hours', { hours: number.format(value) }));
const trendText = (value: number | null) => (value === null ? '—' : value === 0 ? '±0%' : `${value > 0 ? '+' : '−'}${(Math.abs(value) * 100).toFixed(1)}%`);

/** An amount with its currency: "4,650 USD"; in Chinese ¥ for CNY. */
export function moneyText(amount: number | null, currency: string, messages: Messages = ENGLISH): string {
  if (amount === null) return '—';
  return messages.language === 'en' ? `${whole.format(Math.round(amount))} ${currency}` : messages.money(Math.round(amount), currency);
}

export function multipleText(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}×`;
}

/** The title: whose value, from whom. */
export function valueTitle(statement: ValueStatement, messages: Messages = ENGLISH): string {
  return messages.t('value.title', { name: statement.account.name, vendor: statement.vendor });
}

export function periodLine(statement: ValueStatement, messages: Messages = ENGLISH): string {
  const { period } = statement;
  const t = messages.t;
  const kind = period.kind === 'contract' ? t('value.period.contract') : period.kind === '12m' ? t('value.period.12m') : period.kind === 'quarter' ? t('value.period.quarter', { label: period.label }) : t('value.period.year', { label: period.label });
  return t('value.period_line', { period: kind, from: period.from, to: period.to, through: period.through, complete: period.complete, asOf: statement.as_of, vendor: statement.vendor });
}

export function adoptionLines(statement: ValueStatement, messages: Messages = ENGLISH): FigureLine[] {
  const adoption = statement.adoption;
  const t = messages.t;
  if (adoption.usage_days === 0) {
    return adoption.seats === null ? [] : [{ key: 'adoption.seats', label: t('value.label.seats'), value: count(adoption.seats), footnote: 'seats' }];
  }
  const lines: FigureLine[] = [];
  if (adoption.seats !== null) lines.push({ key: 'adoption.seats', label: t('value.label.seats'), value: count(adoption.seats), footnote: 'seats' });
  if (adoption.peak_active_users !== null) {
    lines.push({ key: 'adoption.peak_active_users', label: t('value.label.peak_active_users', { day: adoption.peak_day }), value: count(adoption.peak_active_users), footnote: 'active_users' });
    lines.push({ key: 'adoption.average_active_users', label: t('value.label.average_active_users'), value: number.format(adoption.average_active_users!), footnote: 'active_users' });
  }
  if (adoption.peak_utilisation !== null) {
    lines.push({ key: 'adoption.peak_utilisation', label: t('value.label.peak_utilisation'), value: percent(adoption.peak_utilisation), footnote: 'utilisation' });
    lines.push({ key: 'adoption.average_utilisation', label: t('value.label.average_utilisation'), value: percent(adoption.average_utilisation), footnote: 'utilisation' });
  }
  if (adoption.logins !== null) lines.push({ key: 'adoption.logins', label: t('value.label.logins'), value: count(adoption.logins), footnote: 'logins' });
  if (adoption.trend.logins !== null) lines.push({ key: 'adoption.trend.logins', label: t('value.label.logins_trend'), value: trendText(adoption.trend.logins), footnote: 'trend' });
  lines.push({ key: 'adoption.usage_days', label: t('value.label.usage_days'), value: count(adoption.usage_days), footnote: null });
  return lines;
}

export function supportLines(statement: ValueStatement, messages: Messages = ENGLISH): FigureLine[] {
  const support = statement.support;
  const t = messages.t;
  if (support === null) return [];
  return [
    { key: 'support.tickets_raised', label: t('value.label.tickets_raised'), value: count(support.tickets_raised), footnote: 'tickets' },
    { key: 'support.tickets_resolved', label: t('value.label.tickets_resolved'), value: count(support.tickets_resolved), footnote: 'tickets' },
    { key: 'support.median_first_response_hours', label: t('value.label.first_response'), value: hoursText(support.median_first_response_hours, messages), footnote: 'response_times' },
    { key: 'support.median_resolution_hours', label: t('value.label.resolution'), value: hoursText(support.median_resolution_hours, messages), footnote: 'response_times' },
    { key: 'support.first_response_within_sla', label: t('value.label.first_response_within'), value: percent(support.first_response_within_sla), footnote: 'within_sla' },
    { key: 'support.resolution_within_sla', label: t('value.label.resolution_within'), value: percent(support.resolution_within_sla), footnote: 'within_sla' },
    ...(support.satisfaction === null ? [] : [{ key: 'support.satisfaction', label: t('value.label.satisfaction', { rated: support.rated }), value: percent(support.satisfaction), footnote: 'satisfaction' }]),
  ];
}

/** One row per value driver: what, how many, what one is worth, hours saved, value. */
export function driverTable(statement: ValueStatement, messages: Messages = ENGLISH): { headings: string[]; rows: Array<Array<{ text: string; figure: string | null }>> } {
  const { currency } = statement;
  const t = messages.t;
  const rows = statement.outcomes.drivers.flatMap((driver, index) => {
    if (driver.units === null) return [];
    const key = `outcomes.drivers.${index}`;
    const worth = driver.minutes_per_unit !== null ? t('value.minutes_saved', { minutes: number.format(driver.minutes_per_unit) }) : `${unitAmount(driver.amount_per_unit!)} ${currency}`;
    return [[
      { text: driver.label, figure: null },
      { text: count(driver.units), figure: `${key}.units` },
      { text: worth, figure: null },
      { text: hoursText(driver.hours_saved, messages), figure: driver.hours_saved === null ? null : `${key}.hours_saved` },
      { text: moneyText(driver.value, currency, messages), figure: driver.value === null ? null : `${key}.value` },
    ]];
  });
  return { headings: [t('value.col.what'), t('value.col.how_many'), t('value.col.worth_each'), t('value.col.hours_saved'), t('value.col.value')], rows };
}

/** A per-unit amount as configured: 0.002, not 0. */
function unitAmount(amount: number): string {
  return amount >= 1 ? number.format(amount) : String(Number(amount.toPrecision(6)));
}

/** The totals under the drivers: hours, value, what was paid and the multiple. */
export function outcomeLines(statement: ValueStatement, messages: Messages = ENGLISH): FigureLine[] {
  const { outcomes, currency } = statement;
  const t = messages.t;
  const lines: FigureLine[] = [];
  if (outcomes.hours_saved !== null) lines.push({ key: 'outcomes.hours_saved', label: t('value.label.hours_saved'), value: hoursText(outcomes.hours_saved, messages), footnote: 'value_delivered' });
  if (outcomes.value_delivered !== null) lines.push({ key: 'outcomes.value_delivered', label: t('value.label.value_delivered'), value: moneyText(outcomes.value_delivered, currency, messages), footnote: 'value_delivered' });
  if (outcomes.paid !== null) lines.push({ key: 'outcomes.paid', label: t('value.label.paid'), value: moneyText(outcomes.paid, currency, messages), footnote: 'paid' });
  else if (outcomes.paid_by_currency.length > 0) lines.push({ key: 'outcomes.paid_by_currency', label: t('value.label.paid'), value: outcomes.paid_by_currency.map((part) => moneyText(part.amount, part.currency, messages)).join(' + '), footnote: 'paid' });
  if (outcomes.multiple !== null) lines.push({ key: 'outcomes.multiple', label: t('value.label.multiple'), value: multipleText(outcomes.multiple), footnote: 'multiple' });
  return lines;
}

/** Three sentences for the top of the page. */
export function summaryLines(statement: ValueStatement, messages: Messages = ENGLISH): string[] {
  const { adoption, support, outcomes, currency } = statement;
  const t = messages.t;
  const lines: string[] = [];
  if (adoption.peak_active_users !== null) {
    const share = adoption.seats !== null && adoption.peak_utilisation !== null;
    lines.push(t('value.summary.users', { users: count(adoption.peak_active_users), share: share ? percent(adoption.peak_utilisation) : null, seats: share ? count(adoption.seats) : null, logins: adoption.logins !== null ? count(adoption.logins) : null }));
  }
  if (support !== null && support.tickets_raised > 0) {
    lines.push(t('value.summary.tickets', { resolved: count(support.tickets_resolved), raised: count(support.tickets_raised), within: support.first_response_within_sla !== null ? percent(support.first_response_within_sla) : null }));
  } else if (support !== null) {
    lines.push(t('value.summary.no_tickets'));
  }
  if (outcomes.value_delivered !== null) {
    lines.push(t('value.summary.value', { value: moneyText(outcomes.value_delivered, currency, messages), hours: outcomes.hours_saved !== null ? hoursText(outcomes.hours_saved, messages) : null, multiple: outcomes.multiple !== null ? multipleText(outcomes.multiple) : null }));
  } else if (outcomes.hours_saved !== null) {
    lines.push(t('value.summary.hours', { hours: hoursText(outcomes.hours_saved, messages) }));
  }
  return lines;
}

/** The key modules, the used ones first; those not used yet are an invitation. */
export function moduleSentences(statement: ValueStatement, messages: Messages = ENGLISH): { used: string | null; invitation: string | null } {
  const used = statement.adoption.modules.filter((module) => module.status === 'used');
  const notYet = statement.adoption.modules.filter((module) => module.status === 'not_yet_used');
  return {
    used: used.length === 0 ? null : messages.t('value.modules.used', { labels: used.map((module) => module.label), uses: used.map((module) => count(module.uses)) }),
    invitation: notYet.length === 0 ? null : messages.t('value.modules.invitation', { labels: notYet.map((module) => module.label) }),
  };
}

export function monthColumns(statement: ValueStatement, messages: Messages = ENGLISH): { headings: string[]; rows: string[][]; trend: string[] | null } {
  const t = messages.t;
  const modules = statement.adoption.modules.filter((module) => module.status !== 'not_tracked');
  const headings = [t('value.col.month'), t('value.col.days'), t('value.col.logins'), t('value.col.peak_users'), ...modules.map((module) => module.label)];
  const rows = statement.adoption.months.map((month: ValueMonth) => [
    `${month.month}${month.complete ? '' : ` (${month.from.slice(8)}–${month.to.slice(8)})`}`,
    count(month.days_with_data),
    count(month.logins),
    count(month.peak_active_users),
    ...modules.map((module) => count(month.modules[module.metric] ?? null)),
  ]);
  const { trend } = statement.adoption;
  const trendRow = trend.months_compared === 0 ? null : [t('value.row.trend'), '', trendText(trend.logins), '', ...modules.map((module) => trendText(trend.modules[module.metric] ?? null))];
  return { headings, rows, trend: trendRow };
}

/** Footnotes numbered in reading order: the key → its number. */
function footnoteNumbers(statement: ValueStatement): Map<string, number> {
  return new Map(Object.keys(statement.footnotes).map((key, index) => [key, index + 1]));
}

/** Markdown (md) or plain text (table): the same figures as the HTML page; `said`: the statement's sentences by key (a copy made safe for the terminal has lost them). */
export function valueText(statement: ValueStatement, markdown: boolean, messages: Messages = ENGLISH, said = statement[SAID]): string {
  const t = messages.t;
  const { footnotes, missing } = sentencesIn(statement, messages, said);
  const numbers = footnoteNumbers(statement);
  const mark = (line: FigureLine) => (line.footnote !== null && numbers.has(line.footnote) ? ` [${numbers.get(line.footnote)}]` : '');
  const out: string[] = [];
  const h = (level: number, text: string) => out.push(markdown ? `${'#'.repeat(level)} ${text}\n` : `${text}\n${(level === 1 ? '=' : '-').repeat(Math.min(displayWidth(text), 78))}\n`);
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  // Padded by display width: a Chinese character takes two columns.
  const pad = (text: string, width: number, right: boolean) => (right ? ' '.repeat(Math.max(0, width - displayWidth(text))) + text : text + ' '.repeat(Math.max(0, width - displayWidth(text))));
  const table = (headings: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]) => {
    if (markdown) {
      out.push(`| ${headings.map(cell).join(' | ')} |\n| ${headings.map((_, index) => (numeric[index] ? '---:' : '---')).join(' | ')} |\n${rows.map((row) => `| ${row.map(cell).join(' | ')} |\n`).join('')}`);
      return;
    }
    const widths = headings.map((text, index) => Math.max(displayWidth(text), ...rows.map((row) => displayWidth(row[index]!))));
    const line = (row: readonly string[]) => row.map((text, index) => pad(text, widths[index]!, numeric[index]!)).join('  ').trimEnd();
    out.push(`${(headings.every((text) => text === '') ? rows : [headings, ...rows]).map(line).join('\n')}\n`);
  };
  // Markdown puts the note mark after the figure; plain text gives it a column, so the figures align.
  const figures = (lines: readonly FigureLine[]) =>
    markdown ? table(['', ''], lines.map((line) => [line.label, `${line.value}${mark(line)}`]), [false, true]) : table(['', '', ''], lines.map((line) => [line.label, line.value, mark(line).trim()]), [false, true, false]);
  const list = (items: readonly string[]) => items.map((line) => `${markdown ? '- ' : '  '}${line}`).join('\n');

  h(1, valueTitle(statement, messages));
  out.push(`${periodLine(statement, messages)}\n\n`);
  const summary = summaryLines(statement, messages);
  if (summary.length > 0) out.push(`${list(summary)}\n\n`);

  h(2, t('value.adoption'));
  if (statement.adoption.usage_days === 0) out.push(`${t('value.no_usage')}\n\n`);
  const adoption = adoptionLines(statement, messages);
  if (adoption.length > 0) {
    figures(adoption);
    out.push('\n');
  }
  if (statement.adoption.usage_days > 0) {
    const months = monthColumns(statement, messages);
    h(3, t('value.month_by_month'));
    table(months.headings, months.trend ? [...months.rows, months.trend] : months.rows, months.headings.map((_, index) => index > 0));
    out.push('\n');
    const modules = moduleSentences(statement, messages);
    for (const sentence of [modules.used, modules.invitation]) if (sentence) out.push(`${sentence}${statement.footnotes.modules ? ` [${numbers.get('modules')}]` : ''}\n\n`);
  }

  h(2, t('value.support'));
  if (statement.support === null) out.push(`${t('value.no_support')}\n\n`);
  else {
    figures(supportLines(statement, messages));
    out.push('\n');
  }

  const outcomes = outcomeLines(statement, messages);
  const drivers = driverTable(statement, messages);
  if (outcomes.length > 0 || drivers.rows.length > 0) {
    h(2, t('value.value_delivered'));
    if (drivers.rows.length > 0) {
      table(drivers.headings, drivers.rows.map((row) => row.map((entry) => entry.text)), [false, true, true, true, true]);
      out.push('\n');
    }
    figures(outcomes);
    out.push('\n');
  }

  if (missing.length > 0) {
    h(2, t('value.not_shown'));
    out.push(`${list(missing)}\n\n`);
  }
  h(2, t('value.how_computed'));
  out.push(`${Object.entries(footnotes).map(([key, text]) => `${numbers.get(key)}. ${text}`).join('\n')}\n`);
  out.push(`\n${t('value.dates_in', { zone: statement.time_zone })}\n`);
  return out.join('');
}

/** One self-contained HTML page, A4-printable, readable in a mail client that drops <style>; `lang` is the language in force. */
export function valueHtml(statement: ValueStatement, messages: Messages = ENGLISH, said = statement[SAID]): string {
  const t = messages.t;
  const { footnotes, missing } = sentencesIn(statement, messages, said);
  const numbers = footnoteNumbers(statement);
  const sup = (key: string | null) => (key !== null && numbers.has(key) ? `<sup style="color: ${COLORS.muted};">${numbers.get(key)}</sup>` : '');
  const figureTable = (lines: readonly FigureLine[]) => sharedFigureTable(lines.map((line) => ({ key: line.key, label: line.label, value: line.value, mark: line.footnote === null ? null : String(numbers.get(line.footnote) ?? '') || null })));
  const parts: string[] = [];
  const title = valueTitle(statement, messages);
  parts.push(heading(1, title));
  parts.push(paragraph(periodLine(statement, messages), 'meta'));
  const summary = summaryLines(statement, messages);
  if (summary.length > 0) {
    parts.push(`<div class="keep" style="background: #f0f4f8; border-left: 4px solid ${COLORS.primary}; padding: 8px 14px; margin: 12px 0;">\n${summary.map((line) => `<p style="margin: 4px 0; font-size: 15px;">${escape(line)}</p>`).join('\n')}\n</div>\n`);
  }

  parts.push(heading(2, t('value.adoption')));
  const { adoption } = statement;
  if (adoption.usage_days === 0) parts.push(paragraph(t('value.no_usage')));
  parts.push(figureTable(adoptionLines(statement, messages)));
  if (adoption.usage_days > 0) {
    const months = adoption.months.map((month) => month.month);
    const charts: string[] = [];
    const noData = t('html.no_data');
    if (adoption.logins !== null) {
      charts.push(`<div class="chart keep" style="display: inline-block; vertical-align: top; margin: 0 12px 8px 0;">${heading(3, t('value.chart.logins'))}${barChart({ categories: months, series: [{ label: t('value.chart.logins_series'), color: COLORS.primary, values: adoption.months.map((month) => month.logins) }], counts: true, label: t('value.chart.logins_label'), noData, labelEvery: months.length > 8 ? 2 : 1 })}</div>`);
    }
    if (adoption.peak_active_users !== null) {
      charts.push(
        `<div class="chart keep" style="display: inline-block; vertical-align: top; margin: 0 12px 8px 0;">${heading(3, t('value.chart.users'))}${barChart({
          categories: months,
          series: [{ label: t('value.chart.users_series'), color: COLORS.secondary, values: adoption.months.map((month) => month.peak_active_users) }],
          counts: true,
          label: t('value.chart.users_label'),
          noData,
          labelEvery: months.length > 8 ? 2 : 1,
          reference: adoption.seats === null ? undefined : { label: t('value.chart.seats'), value: adoption.seats, color: COLORS.accent },
        })}</div>`,
      );
    }
    if (charts.length > 0) parts.push(`<div class="charts">\n${charts.join('\n')}\n</div>\n`);
    const table = monthColumns(statement, messages);
    parts.push(heading(3, t('value.month_by_month')));
    parts.push(htmlTable(table.headings, table.trend ? [...table.rows, table.trend] : table.rows, table.headings.map((_, index) => index > 0)));
    const modules = moduleSentences(statement, messages);
    if (modules.used) parts.push(`<p>${escape(modules.used)}${sup('modules')}</p>\n`);
    if (modules.invitation) parts.push(`<p style="background: #eef6ee; padding: 6px 10px; border-left: 3px solid ${COLORS.secondary};">${escape(modules.invitation)}</p>\n`);
  }

  parts.push(heading(2, t('value.support')));
  if (statement.support === null) parts.push(paragraph(t('value.no_support')));
  else parts.push(figureTable(supportLines(statement, messages)));

  const outcomes = outcomeLines(statement, messages);
  const drivers = driverTable(statement, messages);
  if (outcomes.length > 0 || drivers.rows.length > 0) {
    parts.push(heading(2, t('value.value_delivered')));
    if (drivers.rows.length > 0) {
      parts.push(htmlTable(drivers.headings, drivers.rows.map((row) => row.map((entry) => (entry.figure === null ? entry.text : { text: entry.text, figure: entry.figure }))), [false, true, true, true, true]));
      parts.push(paragraph(t('value.each_computed', { note: String(numbers.get('value_delivered') ?? '') }), 'small'));
    }
    parts.push(figureTable(outcomes));
  }
  if (missing.length > 0) {
    parts.push(heading(2, t('value.not_shown')));
    parts.push(`<ul>\n${missing.map((text) => `<li>${escape(text)}</li>`).join('\n')}\n</ul>\n`);
  }
  parts.push(`<div class="page-break"></div>\n`);
  parts.push(heading(2, t('value.how_computed')));
  parts.push(`<ol style="color: ${COLORS.muted}; padding-left: 22px;">\n${Object.values(footnotes).map((text) => `<li style="margin: 0 0 6px 0;">${escape(text)}</li>`).join('\n')}\n</ol>\n`);
  parts.push(paragraph(t('value.dates_in', { zone: statement.time_zone }), 'small'));
  return htmlDocument({ title, body: parts.join(''), lang: messages.language });
}
