import { createRequire } from 'node:module';
import type TableType from 'cli-table3';
import type { stringify as StringifyType } from 'csv-stringify/sync';

// The table and CSV libraries load on first use, not when the CLI starts (`csops --help` stays fast).
const require = createRequire(import.meta.url);
const Table = (...args: ConstructorParameters<typeof TableType>) => new (require('cli-table3') as typeof TableType)(...args);
const stringify: typeof StringifyType = (...args: Parameters<typeof StringifyType>) => (require('csv-stringify/sync') as { stringify: typeof StringifyType }).stringify(...args);

import type { Format } from './formats.js';
import { terminalCell } from './terminal-text.js';
import { documentJson, figureReplacer, roundFigure } from './contract.js';

export { FORMATS, HTML_COMMANDS, type Format } from './formats.js';

/**
 * A table cell csops colours itself ("lapsed" in red): the colour goes on after the text is made safe
 * for the terminal, so it survives while colours in the data do not. Elsewhere it is its plain text.
 */
export class Painted {
  constructor(
    readonly text: string,
    readonly paint: (text: string) => string,
  ) {}

  toString(): string {
    return this.text;
  }
}

export type CellValue = string | number | boolean | null | undefined | Painted;

export interface Column<Row> {
  /** snake_case key: the JSON key and the CSV header. */
  key: string;
  /** Heading in table and Markdown output. */
  title: string;
  value: (row: Row) => CellValue;
  /**
   * The value in json and ndjson records when it is not `value`: nested data kept as data (a list of
   * reasons, an evidence object), where csv and tables need one cell of text.
   */
  data?: (row: Row) => unknown;
  align?: 'left' | 'right';
}

export interface RenderOptions {
  format: Format;
  /** stdout is a terminal: tables get box-drawing; otherwise plain aligned text. */
  tty: boolean;
  /** The JSON document's `kind` (README "Output contract"); needed for --format json. */
  kind?: string;
  /** The currency of money in rows that carry none of their own (the result's reporting currency). */
  currency?: string;
}

/**
 * The one renderer every listing command uses (STYLE §5). `document` is what JSON prints whole;
 * rows are what table, csv, md and ndjson print.
 */
export function renderRows<Row>(rows: readonly Row[], columns: readonly Column<Row>[], options: RenderOptions, document?: unknown): string {
  switch (options.format) {
    case 'json':
      if (options.kind === undefined || document === undefined) throw new Error('--format json prints a document with a kind: the command gives both');
      return documentJson(options.kind, document as object);
    case 'ndjson': {
      const replacer = figureReplacer(options.currency);
      return rows.map((row) => JSON.stringify(toRecord(row, columns), replacer)).join('\n') + (rows.length ? '\n' : '');
    }
    case 'csv':
      return stringify([columns.map((c) => c.key), ...rows.map((row) => columns.map((c) => formulaSafe(csvFigure(c.key, c.value(row), row, options.currency))))]);
    case 'md':
      return markdownTable(rows, columns);
    case 'table':
    case 'html': // the commands that take html (report, value, renewals, risk) render their own document
      return options.tty ? boxTable(rows, columns) : plainTable(rows, columns);
  }
}

function toRecord<Row>(row: Row, columns: readonly Column<Row>[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of columns) {
    const value = column.data ? column.data(row) : column.value(row);
    record[column.key] = value instanceof Painted ? value.text : (value ?? null);
  }
  // The row's own currency rounds its money (the replacer reads it from the record).
  const currency = (row as { currency?: unknown } | null)?.currency;
  if (typeof currency === 'string' && !('currency' in record)) Object.defineProperty(record, 'currency', { value: currency, enumerable: false });
  return record;
}

/** A CSV cell's number rounded like JSON's (money to the minor unit of the row's currency, ratios to 4 places). */
function csvFigure<Row>(key: string, value: CellValue, row: Row, currency: string | undefined): CellValue {
  if (typeof value !== 'number') return value;
  const own = (row as { currency?: unknown } | null)?.currency;
  return roundFigure(key, value, typeof own === 'string' ? own : currency);
}

/** Spreadsheets run cells that start with = + - @ tab or CR as formulas; a leading quote stops that. */
export function formulaSafe(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Painted) return formulaSafe(value.text);
  const text = String(value);
  if (typeof value === 'number') return text;
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** A table or Markdown cell as shown: control characters from the data made visible (terminal-text.ts). */
function cellText(value: CellValue): string {
  if (typeof value === 'string') return terminalCell(value);
  if (value === null || value === undefined) return '';
  return value instanceof Painted ? terminalCell(value.text) : String(value);
}

/** The cell with csops's own colour, if it has one. */
function shownCell(value: CellValue, text: string): string {
  return value instanceof Painted ? value.paint(text) : text;
}

function boxTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const table = Table({
    head: columns.map((c) => terminalCell(c.title)),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    table.push(
      columns.map((c) => {
        const value = c.value(row);
        return shownCell(value, cellText(value));
      }),
    );
  }
  return `${table.toString()}\n`;
}

/**
 * Aligned columns separated by two spaces: greppable and pasteable, no box-drawing characters.
 * Written as plain loops (no per-cell arrays or padding strings): a 20,000-account risk table has
 * 220,000 cells.
 */
function plainTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  // csops's own colours go on once the widths are measured: they take no columns on the screen.
  const painted: Array<[line: number, index: number, paint: (text: string) => string]> = [];
  const grid = [
    columns.map((c) => terminalCell(c.title)),
    ...rows.map((row, line) =>
      columns.map((c, index) => {
        const value = c.value(row);
        if (typeof value === 'object' && value instanceof Painted) painted.push([line + 1, index, value.paint]);
        return oneLine(cellText(value));
      }),
    ),
  ];
  const cellWidths = grid.map((line) => line.map(displayWidth));
  for (const [line, index, paint] of painted) grid[line]![index] = paint(grid[line]![index]!);
  const widths = columns.map((_, index) => Math.max(...cellWidths.map((line) => line[index]!)));
  const spaces = ' '.repeat(Math.max(0, ...widths));
  const rightAligned = columns.map((c) => c.align === 'right');
  let text = '';
  for (let line = 0; line < grid.length; line++) {
    let out = '';
    for (let index = 0; index < columns.length; index++) {
      const cell = grid[line]![index]!;
      const pad = spaces.slice(0, widths[index]! - cellWidths[line]![index]!);
      out += (index > 0 ? '  ' : '') + (rightAligned[index] ? pad + cell : cell + pad);
    }
    text += `${out.trimEnd()}\n`;
  }
  return text;
}

/** A cell on one line: line breaks (and the spaces around them) become one space. */
function oneLine(text: string): string {
  return text.includes('\n') ? text.replace(/\s*\n\s*/g, ' ') : text;
}

function markdownTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `| ${columns.map((c) => escape(terminalCell(c.title))).join(' | ')} |`,
    `| ${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map((c) => escape(cellText(c.value(row)))).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** CJK and other wide characters take two terminal columns. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x20000 && code <= 0x3fffd) ? 2 : 1;
  }
  return width;
}
