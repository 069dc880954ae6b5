import type { ValueMonth, ValueStatement } from '../core/value-statement.js';
import { number, percent, whole } from './figures.js';
import { barChart, COLORS, escape, figureTable as sharedFigureTable, heading, htmlDocument, htmlTable, paragraph, STYLE } from './html.js';

/**
 * The value statement as the customer reads it: Markdown (mail, chat, the terminal) and one
 * self-contained HTML page (A4 print, mail). Both are made from the same figure lines below, so they
 * carry the same figures as each other and as the JSON. Words are the customer's: no internal view.
 */

/** One figure as shown: its key (the JSON path), label, text and the footnote that explains it. */
export interface FigureLine {
  key: string;
  label: string;
  value: string;
  footnote: string | null;
}

const count = (value: number | null) => (value === null ? '—' : whole.format(value));
const hoursText = (value: number | null) => (value === null ? '—' : `${number.format(value)} h`);
const trendText = (value: number | null) => (value === null ? '—' : value === 0 ? '±0%' : `${value > 0 ? '+' : '−'}${(Math.abs(value) * 100).toFixed(1)}%`);

export function moneyText(amount: number | null, currency: string): string {
  return amount === null ? '—' : `${whole.format(Math.round(amount))} ${currency}`;
}

export function multipleText(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)}×`;
}

/** The title: whose value, from whom. */
export function valueTitle(statement: ValueStatement): string {
  return `The value ${statement.account.name} got${statement.vendor ? ` from ${statement.vendor}` : ''}`;
}

export function periodLine(statement: ValueStatement): string {
  const { period } = statement;
  const span = period.complete ? `${period.from} to ${period.to}` : `${period.from} to ${period.through} (the period runs to ${period.to})`;
  return `${period.kind === 'contract' ? 'Contract year' : period.kind === '12m' ? 'The last 12 months' : period.kind === 'quarter' ? `Quarter ${period.label}` : `Year ${period.label}`}: ${span}. Prepared ${statement.as_of}${statement.vendor ? ` by ${statement.vendor}` : ''}.`;
}

export function adoptionLines(statement: ValueStatement): FigureLine[] {
  const adoption = statement.adoption;
  if (adoption.usage_days === 0) {
    return adoption.seats === null ? [] : [{ key: 'adoption.seats', label: 'seats bought', value: count(adoption.seats), footnote: 'seats' }];
  }
  const lines: FigureLine[] = [];
  if (adoption.seats !== null) lines.push({ key: 'adoption.seats', label: 'seats bought', value: count(adoption.seats), footnote: 'seats' });
  if (adoption.peak_active_users !== null) {
    lines.push({ key: 'adoption.peak_active_users', label: `active users on the busiest day (${adoption.peak_day})`, value: count(adoption.peak_active_users), footnote: 'active_users' });
    lines.push({ key: 'adoption.average_active_users', label: 'active users on an average day', value: number.format(adoption.average_active_users!), footnote: 'active_users' });
  }
  if (adoption.peak_utilisation !== null) {
    lines.push({ key: 'adoption.peak_utilisation', label: 'seats in use on the busiest day', value: percent(adoption.peak_utilisation), footnote: 'utilisation' });
    lines.push({ key: 'adoption.average_utilisation', label: 'seats in use on an average day', value: percent(adoption.average_utilisation), footnote: 'utilisation' });
  }
  if (adoption.logins !== null) lines.push({ key: 'adoption.logins', label: 'logins', value: count(adoption.logins), footnote: 'logins' });
  if (adoption.trend.logins !== null) lines.push({ key: 'adoption.trend.logins', label: 'logins, trend', value: trendText(adoption.trend.logins), footnote: 'trend' });
  lines.push({ key: 'adoption.usage_days', label: 'days with activity', value: count(adoption.usage_days), footnote: null });
  return lines;
}

export function supportLines(statement: ValueStatement): FigureLine[] {
  const support = statement.support;
  if (support === null) return [];
  return [
    { key: 'support.tickets_raised', label: 'tickets raised', value: count(support.tickets_raised), footnote: 'tickets' },
    { key: 'support.tickets_resolved', label: 'tickets resolved', value: count(support.tickets_resolved), footnote: 'tickets' },
    { key: 'support.median_first_response_hours', label: 'median time to the first answer', value: hoursText(support.median_first_response_hours), footnote: 'response_times' },
    { key: 'support.median_resolution_hours', label: 'median time to resolution', value: hoursText(support.median_resolution_hours), footnote: 'response_times' },
    { key: 'support.first_response_within_sla', label: 'answered within the agreed time', value: percent(support.first_response_within_sla), footnote: 'within_sla' },
    { key: 'support.resolution_within_sla', label: 'resolved within the agreed time', value: percent(support.resolution_within_sla), footnote: 'within_sla' },
    ...(support.satisfaction === null ? [] : [{ key: 'support.satisfaction', label: `satisfied with the answer (${support.rated} ratings)`, value: percent(support.satisfaction), footnote: 'satisfaction' }]),
  ];
}

/** One row per value driver: what, how many, what one is worth, hours saved, value. */
export function driverTable(statement: ValueStatement): { headings: string[]; rows: Array<Array<{ text: string; figure: string | null }>> } {
  const { currency } = statement;
  const rows = statement.outcomes.drivers.flatMap((driver, index) => {
    if (driver.units === null) return [];
    const key = `outcomes.drivers.${index}`;
    const worth = driver.minutes_per_unit !== null ? `${number.format(driver.minutes_per_unit)} min saved` : `${unitAmount(driver.amount_per_unit!)} ${currency}`;
    return [[
      { text: driver.label, figure: null },
      { text: count(driver.units), figure: `${key}.units` },
      { text: worth, figure: null },
      { text: hoursText(driver.hours_saved), figure: driver.hours_saved === null ? null : `${key}.hours_saved` },
      { text: moneyText(driver.value, currency), figure: driver.value === null ? null : `${key}.value` },
    ]];
  });
  return { headings: ['what your team did', 'how many', 'worth each', 'hours saved', 'value'], rows };
}

/** A per-unit amount as configured: 0.002, not 0. */
function unitAmount(amount: number): string {
  return amount >= 1 ? number.format(amount) : String(Number(amount.toPrecision(6)));
}

/** The totals under the drivers: hours, value, what was paid and the multiple. */
export function outcomeLines(statement: ValueStatement): FigureLine[] {
  const { outcomes, currency } = statement;
  const lines: FigureLine[] = [];
  if (outcomes.hours_saved !== null) lines.push({ key: 'outcomes.hours_saved', label: 'hours saved in all', value: hoursText(outcomes.hours_saved), footnote: 'value_delivered' });
  if (outcomes.value_delivered !== null) lines.push({ key: 'outcomes.value_delivered', label: 'value delivered in all', value: moneyText(outcomes.value_delivered, currency), footnote: 'value_delivered' });
  if (outcomes.paid !== null) lines.push({ key: 'outcomes.paid', label: 'paid for the period', value: moneyText(outcomes.paid, currency), footnote: 'paid' });
  else if (outcomes.paid_by_currency.length > 0) lines.push({ key: 'outcomes.paid_by_currency', label: 'paid for the period', value: outcomes.paid_by_currency.map((part) => moneyText(part.amount, part.currency)).join(' + '), footnote: 'paid' });
  if (outcomes.multiple !== null) lines.push({ key: 'outcomes.multiple', label: 'value delivered for each unit paid', value: multipleText(outcomes.multiple), footnote: 'multiple' });
  return lines;
}

/** Three sentences for the top of the page. */
export function summaryLines(statement: ValueStatement): string[] {
  const { adoption, support, outcomes, currency } = statement;
  const lines: string[] = [];
  if (adoption.peak_active_users !== null) {
    lines.push(`${count(adoption.peak_active_users)} people used it on the busiest day${adoption.seats !== null && adoption.peak_utilisation !== null ? `: ${percent(adoption.peak_utilisation)} of the ${count(adoption.seats)} seats` : ''}${adoption.logins !== null ? `, with ${count(adoption.logins)} logins over the period` : ''}.`);
  }
  if (support !== null && support.tickets_raised > 0) {
    lines.push(`${count(support.tickets_resolved)} of ${count(support.tickets_raised)} support tickets resolved${support.first_response_within_sla !== null ? `, ${percent(support.first_response_within_sla)} answered within the agreed time` : ''}.`);
  } else if (support !== null) {
    lines.push('No support tickets were needed in the period.');
  }
  if (outcomes.value_delivered !== null) {
    lines.push(`${moneyText(outcomes.value_delivered, currency)} of value delivered${outcomes.hours_saved !== null ? ` (${hoursText(outcomes.hours_saved)} saved)` : ''}${outcomes.multiple !== null ? `: ${multipleText(outcomes.multiple)} what was paid for the period` : ''}.`);
  } else if (outcomes.hours_saved !== null) {
    lines.push(`${hoursText(outcomes.hours_saved)} of work saved.`);
  }
  return lines;
}

/** The key modules, the used ones first; those not used yet are an invitation. */
export function moduleSentences(statement: ValueStatement): { used: string | null; invitation: string | null } {
  const used = statement.adoption.modules.filter((module) => module.status === 'used');
  const notYet = statement.adoption.modules.filter((module) => module.status === 'not_yet_used');
  return {
    used: used.length === 0 ? null : `Used: ${used.map((module) => `${module.label} (${count(module.uses)})`).join(', ')}.`,
    invitation: notYet.length === 0 ? null : `Not tried yet: ${notYet.map((module) => module.label).join(', ')}. We would be glad to show your team what ${notYet.length === 1 ? 'it does' : 'they do'}.`,
  };
}

export function monthColumns(statement: ValueStatement): { headings: string[]; rows: string[][]; trend: string[] | null } {
  const modules = statement.adoption.modules.filter((module) => module.status !== 'not_tracked');
  const headings = ['month', 'days with activity', 'logins', 'active users (busiest day)', ...modules.map((module) => module.label)];
  const rows = statement.adoption.months.map((month: ValueMonth) => [
    `${month.month}${month.complete ? '' : ` (${month.from.slice(8)}–${month.to.slice(8)})`}`,
    count(month.days_with_data),
    count(month.logins),
    count(month.peak_active_users),
    ...modules.map((module) => count(month.modules[module.metric] ?? null)),
  ]);
  const { trend } = statement.adoption;
  const trendRow = trend.months_compared === 0 ? null : ['trend', '', trendText(trend.logins), '', ...modules.map((module) => trendText(trend.modules[module.metric] ?? null))];
  return { headings, rows, trend: trendRow };
}

/** Footnotes numbered in reading order: the key → its number. */
function footnoteNumbers(statement: ValueStatement): Map<string, number> {
  return new Map(Object.keys(statement.footnotes).map((key, index) => [key, index + 1]));
}

/** Markdown (md) or plain text (table): the same figures as the HTML page. */
export function valueText(statement: ValueStatement, markdown: boolean): string {
  const numbers = footnoteNumbers(statement);
  const mark = (line: FigureLine) => (line.footnote !== null && numbers.has(line.footnote) ? ` [${numbers.get(line.footnote)}]` : '');
  const out: string[] = [];
  const h = (level: number, text: string) => out.push(markdown ? `${'#'.repeat(level)} ${text}\n` : `${text}\n${(level === 1 ? '=' : '-').repeat(Math.min(text.length, 78))}\n`);
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const table = (headings: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[]) => {
    if (markdown) {
      out.push(`| ${headings.map(cell).join(' | ')} |\n| ${headings.map((_, index) => (numeric[index] ? '---:' : '---')).join(' | ')} |\n${rows.map((row) => `| ${row.map(cell).join(' | ')} |\n`).join('')}`);
      return;
    }
    const widths = headings.map((text, index) => Math.max(text.length, ...rows.map((row) => row[index]!.length)));
    const line = (row: readonly string[]) => row.map((text, index) => (numeric[index] ? text.padStart(widths[index]!) : text.padEnd(widths[index]!))).join('  ').trimEnd();
    out.push(`${(headings.every((text) => text === '') ? rows : [headings, ...rows]).map(line).join('\n')}\n`);
  };
  // Markdown puts the note mark after the figure; plain text gives it a column, so the figures align.
  const figures = (lines: readonly FigureLine[]) =>
    markdown ? table(['', ''], lines.map((line) => [line.label, `${line.value}${mark(line)}`]), [false, true]) : table(['', '', ''], lines.map((line) => [line.label, line.value, mark(line).trim()]), [false, true, false]);

  h(1, valueTitle(statement));
  out.push(`${periodLine(statement)}\n\n`);
  const summary = summaryLines(statement);
  if (summary.length > 0) out.push(`${summary.map((line) => `${markdown ? '- ' : '  '}${line}`).join('\n')}\n\n`);

  h(2, 'Adoption');
  if (statement.adoption.usage_days === 0) out.push(`No usage data was recorded for this period.\n\n`);
  const adoption = adoptionLines(statement);
  if (adoption.length > 0) {
    figures(adoption);
    out.push('\n');
  }
  if (statement.adoption.usage_days > 0) {
    const months = monthColumns(statement);
    h(3, 'Month by month');
    table(months.headings, months.trend ? [...months.rows, months.trend] : months.rows, months.headings.map((_, index) => index > 0));
    out.push('\n');
    const modules = moduleSentences(statement);
    for (const sentence of [modules.used, modules.invitation]) if (sentence) out.push(`${sentence}${statement.footnotes.modules ? ` [${numbers.get('modules')}]` : ''}\n\n`);
  }

  h(2, 'Support');
  if (statement.support === null) out.push('No support data is available for this period.\n\n');
  else {
    figures(supportLines(statement));
    out.push('\n');
  }

  const outcomes = outcomeLines(statement);
  const drivers = driverTable(statement);
  if (outcomes.length > 0 || drivers.rows.length > 0) {
    h(2, 'Value delivered');
    if (drivers.rows.length > 0) {
      table(drivers.headings, drivers.rows.map((row) => row.map((entry) => entry.text)), [false, true, true, true, true]);
      out.push('\n');
    }
    figures(outcomes);
    out.push('\n');
  }

  if (statement.missing.length > 0) {
    h(2, 'Not shown');
    out.push(`${statement.missing.map((text) => `${markdown ? '- ' : '  '}${text}`).join('\n')}\n\n`);
  }
  h(2, 'How these figures were computed');
  out.push(`${Object.entries(statement.footnotes).map(([key, text]) => `${numbers.get(key)}. ${text}`).join('\n')}\n`);
  out.push(`\nDates are days in ${statement.time_zone}.\n`);
  return out.join('');
}

/** One self-contained HTML page, A4-printable, readable in a mail client that drops <style>. */
export function valueHtml(statement: ValueStatement): string {
  const numbers = footnoteNumbers(statement);
  const sup = (key: string | null) => (key !== null && numbers.has(key) ? `<sup style="color: ${COLORS.muted};">${numbers.get(key)}</sup>` : '');
  const figureTable = (lines: readonly FigureLine[]) => sharedFigureTable(lines.map((line) => ({ key: line.key, label: line.label, value: line.value, mark: line.footnote === null ? null : String(numbers.get(line.footnote) ?? '') || null })));
  const parts: string[] = [];
  const title = valueTitle(statement);
  parts.push(heading(1, title));
  parts.push(paragraph(periodLine(statement), 'meta'));
  const summary = summaryLines(statement);
  if (summary.length > 0) {
    parts.push(`<div class="keep" style="background: #f0f4f8; border-left: 4px solid ${COLORS.primary}; padding: 8px 14px; margin: 12px 0;">\n${summary.map((line) => `<p style="margin: 4px 0; font-size: 15px;">${escape(line)}</p>`).join('\n')}\n</div>\n`);
  }

  parts.push(heading(2, 'Adoption'));
  const { adoption } = statement;
  if (adoption.usage_days === 0) parts.push(paragraph('No usage data was recorded for this period.'));
  parts.push(figureTable(adoptionLines(statement)));
  if (adoption.usage_days > 0) {
    const months = adoption.months.map((month) => month.month);
    const charts: string[] = [];
    if (adoption.logins !== null) {
      charts.push(`<div class="chart keep" style="display: inline-block; vertical-align: top; margin: 0 12px 8px 0;">${heading(3, 'Logins per month')}${barChart({ categories: months, series: [{ label: 'logins', color: COLORS.primary, values: adoption.months.map((month) => month.logins) }], counts: true, label: 'logins per month', noData: 'no data', labelEvery: months.length > 8 ? 2 : 1 })}</div>`);
    }
    if (adoption.peak_active_users !== null) {
      charts.push(
        `<div class="chart keep" style="display: inline-block; vertical-align: top; margin: 0 12px 8px 0;">${heading(3, 'Active users on the busiest day of each month')}${barChart({
          categories: months,
          series: [{ label: 'active users', color: COLORS.secondary, values: adoption.months.map((month) => month.peak_active_users) }],
          counts: true,
          label: 'active users on the busiest day of each month, against the seats bought',
          noData: 'no data',
          labelEvery: months.length > 8 ? 2 : 1,
          reference: adoption.seats === null ? undefined : { label: 'seats bought', value: adoption.seats, color: COLORS.accent },
        })}</div>`,
      );
    }
    if (charts.length > 0) parts.push(`<div class="charts">\n${charts.join('\n')}\n</div>\n`);
    const table = monthColumns(statement);
    parts.push(heading(3, 'Month by month'));
    parts.push(htmlTable(table.headings, table.trend ? [...table.rows, table.trend] : table.rows, table.headings.map((_, index) => index > 0)));
    const modules = moduleSentences(statement);
    if (modules.used) parts.push(`<p>${escape(modules.used)}${sup('modules')}</p>\n`);
    if (modules.invitation) parts.push(`<p style="background: #eef6ee; padding: 6px 10px; border-left: 3px solid ${COLORS.secondary};">${escape(modules.invitation)}</p>\n`);
  }

  parts.push(heading(2, 'Support'));
  if (statement.support === null) parts.push(paragraph('No support data is available for this period.'));
  else parts.push(figureTable(supportLines(statement)));

  const outcomes = outcomeLines(statement);
  const drivers = driverTable(statement);
  if (outcomes.length > 0 || drivers.rows.length > 0) {
    parts.push(heading(2, 'Value delivered'));
    if (drivers.rows.length > 0) {
      parts.push(htmlTable(drivers.headings, drivers.rows.map((row) => row.map((entry) => (entry.figure === null ? entry.text : { text: entry.text, figure: entry.figure }))), [false, true, true, true, true]));
      parts.push(paragraph(`How each was computed: note ${numbers.get('value_delivered') ?? ''}.`, 'small'));
    }
    parts.push(figureTable(outcomes));
  }
  if (statement.missing.length > 0) {
    parts.push(heading(2, 'Not shown'));
    parts.push(`<ul>\n${statement.missing.map((text) => `<li>${escape(text)}</li>`).join('\n')}\n</ul>\n`);
  }
  parts.push(`<div class="page-break"></div>\n`);
  parts.push(heading(2, 'How these figures were computed'));
  parts.push(`<ol style="color: ${COLORS.muted}; padding-left: 22px;">\n${Object.values(statement.footnotes).map((text) => `<li style="margin: 0 0 6px 0;">${escape(text)}</li>`).join('\n')}\n</ol>\n`);
  parts.push(paragraph(`Dates are days in ${statement.time_zone}.`, 'small'));
  return htmlDocument({ title, body: parts.join('') });
}
