/**
 * How wide text is on a terminal, and how a table is made to fit one (issue 23): long text cells are
 * shortened with "…" down to a minimum, then the least important columns are left out. Pure: the
 * renderer (output.ts) gives the measured widths and the room there is.
 */
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Columns a text takes on a terminal: CJK and emoji take two, combining marks and ANSI escape sequences
 * none (string-width, measured as terminals draw it). Printable ASCII, the common case, is its length;
 * text of ASCII, Latin letters, common punctuation and CJK ideographs, kana and Hangul (a Chinese
 * account name) is counted character by character; anything else (emoji, combining marks, escapes) is
 * left to string-width. The 20,000-row risk table is measured cell by cell.
 */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (let index = 0; index < text.length; index++) {
    const columns = simpleWidth(text.charCodeAt(index));
    if (columns === undefined) return stringWidth(text);
    width += columns;
  }
  return width;
}

/**
 * The width of a UTF-16 code unit that is a whole character of fixed width (East Asian Width wide or
 * fullwidth: 2; narrow, and ambiguous as string-width counts it: 1), or undefined for the rest.
 * test/unit/table-layout.test.ts checks every code unit this answers for against string-width.
 */
function simpleWidth(code: number): 1 | 2 | undefined {
  if (code >= 0x20 && code <= 0x7e) return 1;
  if (code >= 0xa0 && code <= 0x2ff) return code === 0xad ? undefined : 1; // Latin-1, Latin Extended (not the soft hyphen)
  if (code >= 0x2010 && code <= 0x2027) return 1; // dashes, quotes, bullet, ellipsis
  if ((code >= 0x3000 && code <= 0x3029) || (code >= 0x3030 && code <= 0x303e)) return 2; // CJK punctuation (not the tone marks)
  if ((code >= 0x3041 && code <= 0x3096) || (code >= 0x30a1 && code <= 0x30fa)) return 2; // kana
  if ((code >= 0x3400 && code <= 0x4dbf) || (code >= 0x4e00 && code <= 0x9fff)) return 2; // CJK ideographs
  if (code >= 0xac00 && code <= 0xd7a3) return 2; // Hangul syllables
  if (code >= 0xff01 && code <= 0xff60) return 2; // fullwidth forms
  return undefined;
}

let graphemes: Intl.Segmenter | undefined;

/**
 * The text cut to at most `width` columns, ending in "…" when cut. It is cut between grapheme clusters,
 * so an accent stays on its letter and a family emoji is not split; spaces before the "…" are dropped.
 */
export function shortenToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return width === 1 ? '…' : '';
  if (PRINTABLE_ASCII.test(text)) return `${text.slice(0, width - 1).trimEnd()}…`;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const segmentWidth = stringWidth(segment);
    if (used + segmentWidth > width - 1) break;
    kept += segment;
    used += segmentWidth;
  }
  return `${kept.trimEnd()}…`;
}

/** What the fitting needs to know of one column. */
export interface ColumnSpace {
  /** The widest cell or heading, in terminal columns. */
  natural: number;
  /** 1 is kept longest; the highest number is left out first (ties: the rightmost). */
  priority: number;
  /** Long text that may be shortened with "…", down to this many columns; undefined: never shortened. */
  shrinkTo?: number;
}

export interface ColumnFit {
  /** Indexes of the columns shown, in their order. */
  shown: number[];
  /** Width of each shown column (same order as `shown`). */
  widths: number[];
  /** Indexes of the columns left out, in the order they were dropped. */
  hidden: number[];
  /** Indexes of the shown columns narrower than their widest cell (their long cells end in "…"). */
  shortened: number[];
}

/**
 * Fits columns into `room` terminal columns, of which `frame(n)` go to borders and gaps between n
 * columns. First the shortenable columns give up width, the widest first (their widths are capped at
 * one level, never below their minimum); when that is not enough, the column with the highest priority
 * number is left out and the fitting starts again with the others' full widths. One column is always
 * shown, shortened to its minimum if need be (a terminal narrower than that wraps it).
 */
export function fitColumns(columns: readonly ColumnSpace[], room: number, frame: (count: number) => number): ColumnFit {
  const shown = columns.map((_, index) => index);
  const hidden: number[] = [];
  for (;;) {
    const spaces = shown.map((index) => columns[index]!);
    const widths = shrinkInto(spaces, room - frame(shown.length));
    if (widths !== undefined || shown.length === 1) {
      const final = widths ?? spaces.map((space) => floorOf(space));
      return { shown, widths: final, hidden, shortened: shown.filter((index, at) => final[at]! < columns[index]!.natural) };
    }
    let drop = shown.length - 1;
    for (let at = shown.length - 2; at >= 0; at--) if (columns[shown[at]!]!.priority > columns[shown[drop]!]!.priority) drop = at;
    hidden.push(shown[drop]!);
    shown.splice(drop, 1);
  }
}

function floorOf(space: ColumnSpace): number {
  return space.shrinkTo === undefined ? space.natural : Math.min(space.natural, space.shrinkTo);
}

/** Widths that sum to at most `room`, shortening the widest shortenable columns first; undefined when even their minimums do not fit. */
function shrinkInto(spaces: readonly ColumnSpace[], room: number): number[] | undefined {
  const total = spaces.reduce((sum, space) => sum + space.natural, 0);
  if (total <= room) return spaces.map((space) => space.natural);
  const floors = spaces.map(floorOf);
  if (floors.reduce((sum, floor) => sum + floor, 0) > room) return undefined;
  // The highest cap (one level for every shortenable column) at which the widths fit.
  const capped = (level: number) => spaces.map((space, at) => (space.shrinkTo === undefined ? space.natural : Math.max(floors[at]!, Math.min(space.natural, level))));
  const sum = (widths: number[]) => widths.reduce((total, width) => total + width, 0);
  let low = 0;
  let high = Math.max(...spaces.map((space) => space.natural));
  while (low < high) {
    const level = Math.ceil((low + high) / 2);
    if (sum(capped(level)) <= room) low = level;
    else high = level - 1;
  }
  const widths = capped(low);
  // The columns held at the cap share what is left, one column each from the left.
  let spare = room - sum(widths);
  for (let at = 0; at < widths.length && spare > 0; at++) {
    if (spaces[at]!.shrinkTo !== undefined && widths[at]! === low && widths[at]! < spaces[at]!.natural) {
      widths[at] = widths[at]! + 1;
      spare--;
    }
  }
  return widths;
}

/**
 * Free text for a terminal of `width` columns: each line longer than that is broken at spaces, and its
 * continuation lines are indented two columns past the line's own indent (a bullet's text stays under
 * it). A word longer than the room is left whole (the terminal wraps it).
 */
export function wrapToWidth(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (displayWidth(line) <= width) return line;
      const indent = /^ */.exec(line)![0] + '  ';
      const lines: string[] = [];
      let current = '';
      for (const word of line.trimStart().split(/ +/)) {
        const candidate = current === '' ? `${lines.length === 0 ? indent.slice(2) : indent}${word}` : `${current} ${word}`;
        if (current !== '' && displayWidth(candidate) > width) {
          lines.push(current);
          current = `${indent}${word}`;
        } else current = candidate;
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}
