import { whole } from './figures.js';

/**
 * The pieces every csops HTML page is made of (the ticket report, the value statement, the renewal and
 * health pages): one self-contained file, inline CSS and SVG, no scripts, no external requests, every
 * text from the data escaped. Tables, headings and notes carry inline styles too, so a mail client that
 * drops the <style> in the head still shows a readable page; the <style> adds the print layout (A4).
 */

export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export const COLORS = { ink: '#1f2933', muted: '#52606d', rule: '#e4e7eb', head: '#f5f7fa', primary: '#3f7cac', secondary: '#8fbc8f', accent: '#f0b429', alarm: '#c62828' } as const;

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";

/** Inline styles of the common elements (the <style> block repeats them for clients that keep it). */
export const STYLE = {
  body: `font-family: ${FONT}; color: ${COLORS.ink}; line-height: 1.45;`,
  h1: 'font-size: 22px; margin: 0 0 4px 0;',
  h2: `font-size: 17px; margin: 28px 0 8px 0; border-bottom: 1px solid #d9e2ec; padding-bottom: 4px;`,
  h3: 'font-size: 14px; margin: 8px 0 4px 0;',
  meta: `color: ${COLORS.muted}; margin-top: 0;`,
  note: `background: #fff8e1; padding: 6px 10px; border-left: 3px solid ${COLORS.accent};`,
  small: `color: ${COLORS.muted}; font-size: 12px;`,
  table: 'border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0;',
  th: `border-bottom: 1px solid ${COLORS.rule}; padding: 4px 8px; text-align: left; vertical-align: top; background: ${COLORS.head}; font-weight: 600;`,
  td: `border-bottom: 1px solid ${COLORS.rule}; padding: 4px 8px; text-align: left; vertical-align: top;`,
  numeric: 'text-align: right; white-space: nowrap;',
} as const;

const BASE_CSS = `body { ${STYLE.body} max-width: 980px; margin: 24px auto; padding: 0 16px; }
h1 { ${STYLE.h1} } h2 { ${STYLE.h2} } h3 { ${STYLE.h3} }
p.meta { ${STYLE.meta} } p.note { ${STYLE.note} }
table { ${STYLE.table} } th { ${STYLE.th} } td { ${STYLE.td} } td.n, th.n { ${STYLE.numeric} }
.charts { display: flex; flex-wrap: wrap; gap: 16px; } .chart { flex: 1 1 300px; }
dl dt { font-weight: 600; } dl dd { margin: 0 0 6px 0; color: ${COLORS.muted}; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; max-width: none; padding: 0; font-size: 12px; } h2 { page-break-after: avoid; break-after: avoid; } table, .chart, .keep { page-break-inside: avoid; break-inside: avoid; } .page-break { page-break-before: always; break-before: page; } }`;

/** A whole page: the document shell around `body`, with the shared style and the page's own. */
/** `lang`: the language of the page (issue 24), English unless said. */
export function htmlDocument(options: { title: string; body: string; css?: string; lang?: string }): string {
  return `<!DOCTYPE html>
<html lang="${escape(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(options.title)}</title>
<style>
${BASE_CSS}${options.css ? `\n${options.css}` : ''}
</style>
</head>
<body style="${STYLE.body}">
${options.body}</body>
</html>
`;
}

export function heading(level: 1 | 2 | 3, text: string, extra = ''): string {
  const style = level === 1 ? STYLE.h1 : level === 2 ? STYLE.h2 : STYLE.h3;
  return `<h${level} style="${style}"${extra}>${escape(text)}</h${level}>\n`;
}

export function paragraph(text: string, kind: 'plain' | 'meta' | 'note' | 'small' = 'plain'): string {
  const style = kind === 'plain' ? '' : ` class="${kind}" style="${STYLE[kind]}"`;
  return `<p${style}>${escape(text)}</p>\n`;
}

/** A table cell: its text, and optionally the figure it shows (`data-figure`, so tests and scripts can read it back). */
export type Cell = string | { text: string; figure: string };

export function htmlTable(headings: readonly string[], rows: ReadonlyArray<readonly Cell[]>, numeric: readonly boolean[], none = 'none'): string {
  if (rows.length === 0) return `<p><em>${escape(none)}</em></p>\n`;
  const cell = (tag: 'th' | 'td', content: Cell, index: number) => {
    const text = typeof content === 'string' ? content : content.text;
    const figure = typeof content === 'string' ? '' : ` data-figure="${escape(content.figure)}"`;
    const base = tag === 'th' ? STYLE.th : STYLE.td;
    return `<${tag}${numeric[index] ? ' class="n"' : ''} style="${base}${numeric[index] ? ` ${STYLE.numeric}` : ''}"${figure}>${escape(text)}</${tag}>`;
  };
  return `<table style="${STYLE.table}">\n<tr>${headings.map((text, index) => cell('th', text, index)).join('')}</tr>\n${rows.map((row) => `<tr>${row.map((text, index) => cell('td', text, index)).join('')}</tr>`).join('\n')}\n</table>\n`;
}

/** A headline figure: label, the text shown, the key it is read back by (`data-figure`) and a note mark. */
export interface FigureLine {
  key: string;
  label: string;
  value: string;
  /** What the superscript after the figure refers to (a footnote number), or null. */
  mark?: string | null;
}

/** Figures as a two-column table, labels left, values right. */
export function figureTable(lines: readonly FigureLine[]): string {
  if (lines.length === 0) return '';
  const rows = lines
    .map((line) => `<tr><td style="${STYLE.td}">${escape(line.label)}</td><td class="n" style="${STYLE.td} ${STYLE.numeric}" data-figure="${escape(line.key)}">${escape(line.value)}</td><td style="${STYLE.td} width: 24px;">${line.mark ? `<sup style="color: ${COLORS.muted};">${escape(line.mark)}</sup>` : ''}</td></tr>`)
    .join('\n');
  return `<table style="${STYLE.table} width: auto; min-width: 60%;">\n${rows}\n</table>\n`;
}

/** A definition list: figure names and how each was computed. */
export function definitionList(entries: ReadonlyArray<readonly [string, string]>): string {
  return `<dl>\n${entries.map(([term, text]) => `<dt style="font-weight: 600;">${escape(term)}</dt><dd style="margin: 0 0 6px 0; color: ${COLORS.muted};">${escape(text)}</dd>`).join('\n')}\n</dl>\n`;
}

// ---------------------------------------------------------------- charts (inline SVG)

export interface ChartBox {
  width: number;
  height: number;
  pad: { left: number; right: number; top: number; bottom: number };
}

export const CHART: ChartBox = { width: 300, height: 160, pad: { left: 34, right: 8, top: 10, bottom: 28 } };

export function svg(body: string, label: string, box: ChartBox = CHART): string {
  return `<svg width="${box.width}" height="${box.height}" viewBox="0 0 ${box.width} ${box.height}" role="img" aria-label="${escape(label)}" font-family="Helvetica, Arial, sans-serif" font-size="10">${body}</svg>`;
}

/**
 * The ticks of a y axis from 0: about four steps of a round size. Counts get whole-number steps (no
 * "2.5 tickets"); amounts any round step. The top tick is at or above `max`.
 */
export function axisTicks(max: number, counts: boolean): number[] {
  if (!(max > 0)) return counts ? [0, 1] : [0, 1];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const steps = counts ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  let step = steps.map((candidate) => candidate * magnitude).find((candidate) => candidate >= raw)!;
  if (counts) step = Math.max(1, Math.round(step));
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(Math.round(value * 1e6) / 1e6);
  return ticks;
}

/** "1.2M", "350k", "900": axis labels for amounts stay short. */
export function shortAmount(value: number): string {
  const abs = Math.abs(value);
  const trim = (text: string) => text.replace(/\.0$/, '');
  if (abs >= 1e6) return `${trim((value / 1e6).toFixed(1))}M`;
  if (abs >= 1e4) return `${trim((value / 1e3).toFixed(0))}k`;
  if (abs >= 1e3) return `${trim((value / 1e3).toFixed(1))}k`;
  return whole.format(value);
}

export interface YAxis {
  top: number;
  y: (value: number) => number;
  marks: string;
}

/** A y axis with gridlines and labelled ticks (whole numbers for counts). */
export function yAxis(max: number, counts: boolean, box: ChartBox = CHART): YAxis {
  const ticks = axisTicks(max, counts);
  const top = ticks[ticks.length - 1]!;
  const plot = box.height - box.pad.top - box.pad.bottom;
  const y = (value: number) => box.pad.top + plot - (value / top) * plot;
  let marks = '';
  for (const value of ticks) {
    marks += `<line x1="${box.pad.left}" x2="${box.width - box.pad.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="${COLORS.rule}"/>`;
    marks += `<text x="${box.pad.left - 4}" y="${(y(value) + 3).toFixed(1)}" text-anchor="end" fill="${COLORS.muted}">${counts ? whole.format(value) : shortAmount(value)}</text>`;
  }
  return { top, y, marks };
}

/** About how wide a legend label is drawn at font size 10: a wide (CJK) character takes two narrow ones' room. */
function labelWidth(label: string): number {
  let width = 0;
  for (const character of label) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(character) ? 10 : 5.5;
  return width;
}

export function legend(entries: ReadonlyArray<readonly [string, string]>, box: ChartBox = CHART): string {
  let x = box.pad.left;
  return entries
    .map(([label, color]) => {
      const item = `<rect x="${x}" y="${box.height - 10}" width="8" height="8" fill="${color}"/><text x="${x + 11}" y="${box.height - 3}" fill="${COLORS.ink}">${escape(label)}</text>`;
      x += 16 + labelWidth(label);
      return item;
    })
    .join('');
}

export interface BarSeries {
  label: string;
  color: string;
  /** One value per category; null draws nothing (no data), which is not a zero bar. */
  values: ReadonlyArray<number | null>;
}

/**
 * Grouped vertical bars, one group per category, with a y axis (whole-number ticks when `counts`),
 * a hover title per bar, category labels (every `labelEvery`-th) and a legend when there are several
 * series. `reference` draws a horizontal line (seats bought, a target).
 */
export function barChart(options: {
  categories: readonly string[];
  series: readonly BarSeries[];
  counts: boolean;
  label: string;
  /** What stands in for the chart when there is no category, in the reader's language. */
  noData: string;
  labelEvery?: number;
  reference?: { label: string; value: number; color: string };
  format?: (value: number) => string;
  box?: ChartBox;
}): string {
  const box = options.box ?? CHART;
  const { categories, series } = options;
  if (categories.length === 0) return `<p><em>${escape(options.noData)}</em></p>`;
  const values = series.flatMap((entry) => entry.values.filter((value): value is number => value !== null));
  const axis = yAxis(Math.max(0, ...values, options.reference?.value ?? 0), options.counts, box);
  const slot = (box.width - box.pad.left - box.pad.right) / categories.length;
  const bar = Math.max(1, (slot * 0.76) / series.length);
  const format = options.format ?? ((value: number) => whole.format(value));
  const every = options.labelEvery ?? 1;
  let body = axis.marks;
  categories.forEach((category, index) => {
    const x = box.pad.left + index * slot + slot * 0.12;
    series.forEach((entry, seriesIndex) => {
      const value = entry.values[index];
      if (value === null || value === undefined) return;
      const left = x + seriesIndex * bar;
      body += `<rect x="${left.toFixed(1)}" y="${axis.y(value).toFixed(1)}" width="${bar.toFixed(1)}" height="${(axis.y(0) - axis.y(value)).toFixed(1)}" fill="${entry.color}"><title>${escape(`${category}: ${format(value)} ${entry.label}`)}</title></rect>`;
    });
    if (index % every === 0) body += `<text x="${(x + (bar * series.length) / 2).toFixed(1)}" y="${box.height - box.pad.bottom + 12}" text-anchor="middle" fill="${COLORS.muted}">${escape(category)}</text>`;
  });
  const entries: Array<readonly [string, string]> = series.length > 1 || options.reference ? series.map((entry) => [entry.label, entry.color] as const) : [];
  if (options.reference) {
    const y = axis.y(options.reference.value).toFixed(1);
    body += `<line x1="${box.pad.left}" x2="${box.width - box.pad.right}" y1="${y}" y2="${y}" stroke="${options.reference.color}" stroke-width="1.5" stroke-dasharray="4 3"><title>${escape(`${options.reference.label}: ${format(options.reference.value)}`)}</title></line>`;
    entries.push([options.reference.label, options.reference.color]);
  }
  if (entries.length > 0) body += legend(entries, box);
  return svg(body, options.label, box);
}
