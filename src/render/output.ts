import { createRequire } from 'node:module';
import type { stringify as StringifyType } from 'csv-stringify/sync';

// The CSV library loads on first use, not when the CLI starts (`csops --help` stays fast; this module
// itself is loaded only by the commands' printers).
const require = createRequire(import.meta.url);
const stringify: typeof StringifyType = (...args: Parameters<typeof StringifyType>) => (require('csv-stringify/sync') as { stringify: typeof StringifyType }).stringify(...args);

import type { Format } from './formats.js';
import { terminalCell } from './terminal-text.js';
import { displayWidth, fitColumns, shortenToWidth } from './table-layout.js';
import { ColumnsListing, UsageError } from '../errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import { editDistance } from '../core/filter-match.js';
import { whole } from './figures.js';
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
  /**
   * Which columns a terminal too narrow for the table leaves out first: 1 is kept longest, the highest
   * number goes first (ties: the rightmost). Default 5.
   */
  priority?: number;
  /** Long text (a name, a reason, a subject): on a narrow terminal it may be shortened with "…" down to this many columns. */
  shrink?: number;
  /** An id that is a number: shown as it is in tables, never grouped by thousands like counts and amounts. */
  plain?: boolean;
}

/** How tables on a terminal fit it (issue 23). Piped output is never fitted: plain, aligned, whole. */
export interface TableFit {
  /** The terminal's width in columns; undefined: no limit. */
  width?: number;
  /** --wide: every column whole; lines wider than the terminal wrap. */
  wide?: boolean;
  /** Told when a table was fitted: what was left out or shortened. */
  fitted?: (table: FittedTable) => void;
}

export interface FittedTable {
  width: number;
  /** Keys of the columns left out. */
  hidden: string[];
  /** Keys of the columns whose long cells were shortened with "…". */
  shortened: string[];
  /** The headings of the same columns (--columns takes a heading too): what a note in another language names. */
  headings: { hidden: string[]; shortened: string[] };
  /** --columns would choose this table's columns (it was given a pick). */
  choosable: boolean;
}

/**
 * --columns: keys (or headings) in the order wanted; `help` lists them instead of printing the table;
 * empty: every column (the table takes --columns, which was not given).
 */
export type ColumnPick = readonly string[];

export interface RenderOptions {
  format: Format;
  /** stdout is a terminal: tables get box-drawing; otherwise plain aligned text. */
  tty: boolean;
  /** On a terminal: its width and --wide. */
  fit?: TableFit;
  /** --columns: these columns in this order, in table, csv, ndjson and md output; JSON stays whole. */
  pick?: ColumnPick;
  /** The JSON document's `kind` (README "Output contract"); needed for --format json. */
  kind?: string;
  /** The currency of money in rows that carry none of their own (the result's reporting currency). */
  currency?: string;
}

/**
 * The one renderer every listing command uses (STYLE §5). `document` is what JSON prints whole;
 * rows are what table, csv, md and ndjson print.
 */
export function renderRows<Row>(rows: readonly Row[], allColumns: readonly Column<Row>[], options: RenderOptions, document?: unknown): string {
  // --columns is checked in every format (an unknown key is an error), but JSON stays whole.
  const picked = options.pick === undefined || options.pick.length === 0 ? allColumns : pickColumns(allColumns, options.pick);
  const columns = options.format === 'json' ? allColumns : picked;
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
      return options.tty ? boxTable(rows, columns, options.fit ?? {}, options.pick !== undefined) : plainTable(rows, columns);
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

/**
 * The columns --columns names, in its order: by key, else by heading (case aside). An unknown name is
 * a usage error naming the nearest key; `help` alone lists the keys and headings (ColumnsListing).
 */
export function pickColumns<Row>(columns: readonly Column<Row>[], pick: ColumnPick): Column<Row>[] {
  const keys = columns.map((column) => column.key);
  if (pick.length === 1 && pick[0] === 'help' && !keys.includes('help')) {
    const width = Math.max(...keys.map((key) => key.length));
    throw new ColumnsListing(errorPhrase('error.columns.listing'), `${columns.map((column) => `  ${column.key.padEnd(width)}  ${terminalCell(column.title)}`).join('\n')}\n`);
  }
  const picked: Column<Row>[] = [];
  for (const wanted of pick) {
    const name = wanted.trim().toLowerCase();
    const column = columns.find((candidate) => candidate.key === name) ?? columns.find((candidate) => candidate.title.toLowerCase() === name);
    if (column === undefined) {
      const nearest = [...keys].sort((a, b) => editDistance(name, a) - editDistance(name, b) || a.localeCompare(b))[0];
      throw new UsageError(errorPhrase('error.columns.unknown', { wanted, nearest: nearest ?? null }), errorPhrase('error.columns.unknown_hint', { keys: keys.join(', ') }));
    }
    if (!picked.includes(column)) picked.push(column);
  }
  return picked;
}

const DEFAULT_PRIORITY = 5;

/**
 * Box-drawn, for a terminal: a rule under the headings and none between rows. Fitted to the terminal's
 * width (unless --wide): long text shortened with "…", then the least important columns left out
 * (table-layout.ts); whoever asked is told which.
 */
function boxTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], fit: TableFit, choosable: boolean): string {
  const { grid, cellWidths, painted } = cellGrid(rows, columns);
  const natural = columns.map((_, index) => maxOf(cellWidths, index));
  let shown = columns.map((_, index) => index);
  let widths = natural;
  if (fit.width !== undefined && !fit.wide) {
    const titleWidths = cellWidths[0]!;
    const layout = fitColumns(
      columns.map((column, index) => ({
        natural: natural[index]!,
        priority: column.priority ?? DEFAULT_PRIORITY,
        shrinkTo: column.shrink === undefined ? undefined : Math.max(column.shrink, titleWidths[index]!),
      })),
      fit.width,
      (count) => 3 * count + 1,
    );
    shown = layout.shown;
    widths = columns.map((_, index) => (shown.includes(index) ? layout.widths[shown.indexOf(index)]! : 0));
    if (layout.hidden.length > 0 || layout.shortened.length > 0) {
      for (let line = 0; line < grid.length; line++) {
        for (const index of layout.shortened) {
          if (cellWidths[line]![index]! > widths[index]!) {
            grid[line]![index] = shortenToWidth(grid[line]![index]!, widths[index]!);
            cellWidths[line]![index] = displayWidth(grid[line]![index]!);
          }
        }
      }
      fit.fitted?.({
        width: fit.width,
        hidden: layout.hidden.map((index) => columns[index]!.key),
        shortened: layout.shortened.map((index) => columns[index]!.key),
        headings: { hidden: layout.hidden.map((index) => columns[index]!.title), shortened: layout.shortened.map((index) => columns[index]!.title) },
        choosable,
      });
    }
  }
  for (const [line, index, paint] of painted) grid[line]![index] = paint(grid[line]![index]!);
  const rule = (left: string, join: string, right: string) => `${left}${shown.map((index) => '─'.repeat(widths[index]! + 2)).join(join)}${right}\n`;
  const rightAligned = columns.map((column) => column.align === 'right');
  let text = rule('┌', '┬', '┐');
  for (let line = 0; line < grid.length; line++) {
    let out = '│';
    for (const index of shown) {
      const cell = grid[line]![index]!;
      const pad = ' '.repeat(widths[index]! - cellWidths[line]![index]!);
      out += ` ${rightAligned[index] ? pad + cell : cell + pad} │`;
    }
    text += `${out}\n`;
    if (line === 0) text += rule('├', '┼', '┤');
  }
  return text + rule('└', '┴', '┘');
}

/**
 * Every cell as shown (the headings first), its display width measured before csops's own colours go
 * on, and where those colours go. Plain loops: a 20,000-account risk table has 220,000 cells.
 */
function cellGrid<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): { grid: string[][]; cellWidths: number[][]; painted: Array<[line: number, index: number, paint: (text: string) => string]> } {
  const painted: Array<[line: number, index: number, paint: (text: string) => string]> = [];
  const grid = [
    columns.map((c) => terminalCell(c.title)),
    ...rows.map((row, line) =>
      columns.map((c, index) => {
        const value = c.value(row);
        if (typeof value === 'object' && value instanceof Painted) painted.push([line + 1, index, value.paint]);
        return typeof value === 'number' ? tableNumber(value, c) : oneLine(cellText(value));
      }),
    ),
  ];
  return { grid, cellWidths: grid.map((line) => line.map(displayWidth)), painted };
}

/** A number a person reads in a table: whole numbers from 1,000 up grouped by thousands (en-US), unless the column holds ids. */
function tableNumber(value: number, column: Column<never>): string {
  return !column.plain && Number.isInteger(value) && Math.abs(value) >= 1000 ? whole.format(value) : String(value);
}

function maxOf(cellWidths: readonly number[][], index: number): number {
  let widest = 0;
  for (const line of cellWidths) if (line[index]! > widest) widest = line[index]!;
  return widest;
}

/**
 * Aligned columns separated by two spaces: greppable and pasteable, no box-drawing characters.
 * Written as plain loops (no per-cell arrays or padding strings): a 20,000-account risk table has
 * 220,000 cells.
 */
function plainTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const { grid, cellWidths, painted } = cellGrid(rows, columns);
  // csops's own colours go on once the widths are measured: they take no columns on the screen.
  for (const [line, index, paint] of painted) grid[line]![index] = paint(grid[line]![index]!);
  const widths = columns.map((_, index) => maxOf(cellWidths, index));
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
