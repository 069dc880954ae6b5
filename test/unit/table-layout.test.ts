import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { displayWidth, fitColumns, shortenToWidth, wrapToWidth, type ColumnSpace } from '../../src/render/table-layout.js';
import { Painted, pickColumns, renderRows, type Column, type FittedTable } from '../../src/render/output.js';
import { ColumnsListing, UsageError } from '../../src/errors.js';

const BOX = (count: number) => 3 * count + 1;
// Every line's width on the screen: ANSI colour codes take no columns.
const lineWidths = (text: string) => text.trimEnd().split('\n').map(displayWidth);

describe('displayWidth', () => {
  it.each([
    ['plain ASCII', 'Acme Corp', 9],
    ['CJK takes two columns each', '上海鼎盛零售有限公司', 20],
    ['full-width Latin', 'ＡＢＣ', 6],
    ['an emoji takes two', 'Acme 🚀', 7],
    ['a family emoji (ZWJ sequence) is one glyph of two', '👨‍👩‍👧', 2],
    ['a flag is one glyph of two', '🇩🇪', 2],
    ['a combining accent takes none', 'Cafe\u0301', 4],
    ['ANSI colour codes take none', '\x1b[31mlapsed\x1b[39m', 6],
    ['an OSC 8 link takes none', '\x1b]8;;https://x.example\x07link\x1b]8;;\x07', 4],
    ['empty', '', 0],
  ])('%s', (_name, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('counts as string-width does for every character it counts itself, alone and mixed with others', () => {
    // Every BMP code unit that is not a surrogate: the fast path answers for some, string-width for the rest.
    const disagree: string[] = [];
    const sample: string[] = [];
    for (let code = 0x20; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCharCode(code);
      if (displayWidth(character) !== stringWidth(character)) disagree.push(code.toString(16));
      if (code % 97 === 0) sample.push(character);
    }
    expect(disagree).toEqual([]);
    // Mixed texts: a fast-path character beside one that needs string-width (a combining mark, an emoji).
    for (const text of ['上海·鼎盛—零售…', 'Zoë Müller (Köln)', 'ｶﾀｶﾅ と かな', '한국어 이름', `${sample.join('')}`, '鼎盛\u0301', '零售 🚀']) {
      expect(displayWidth(text), text).toBe(stringWidth(text));
    }
  });
});

describe('shortenToWidth', () => {
  it('leaves text that fits alone', () => {
    expect(shortenToWidth('Acme', 4)).toBe('Acme');
    expect(shortenToWidth('中文', 4)).toBe('中文');
  });

  it('cuts ASCII and ends with …, never wider than asked', () => {
    expect(shortenToWidth('Brightline Logistics plc', 12)).toBe('Brightline…');
    expect(shortenToWidth('abcdefghij', 5)).toBe('abcd…');
    expect(displayWidth(shortenToWidth('abcdefghij', 5))).toBe(5);
  });

  it('drops the spaces before the …', () => {
    expect(shortenToWidth('logins down 86%', 8)).toBe('logins…');
  });

  it('counts wide characters as two and never splits one', () => {
    const cut = shortenToWidth('上海鼎盛零售有限公司', 9);
    expect(cut).toBe('上海鼎盛…');
    expect(displayWidth(cut)).toBe(9);
    expect(displayWidth(shortenToWidth('上海鼎盛零售有限公司', 10))).toBeLessThanOrEqual(10);
  });

  it('keeps an accent on its letter and an emoji whole', () => {
    expect(shortenToWidth('Cafe\u0301 Cafe\u0301 Cafe\u0301', 5)).toBe('Cafe\u0301…');
    expect(shortenToWidth('ab👨‍👩‍👧cd', 4)).toBe('ab…');
    expect(shortenToWidth('ab👨‍👩‍👧cd', 5)).toBe('ab👨‍👩‍👧…');
  });

  it('gives … or nothing when there is no room', () => {
    expect(shortenToWidth('abc', 1)).toBe('…');
    expect(shortenToWidth('abc', 0)).toBe('');
  });
});

describe('fitColumns', () => {
  const column = (natural: number, priority = 5, shrinkTo?: number): ColumnSpace => ({ natural, priority, shrinkTo });

  it('keeps natural widths when they fit', () => {
    const fit = fitColumns([column(10), column(20)], 40, BOX);
    expect(fit).toEqual({ shown: [0, 1], widths: [10, 20], hidden: [], shortened: [] });
  });

  it('shortens the shortenable columns, widest first, before leaving any out', () => {
    // 10 + 40 + 30 + frame 10 = 90, room 70: 20 to give up; both long columns are capped at one level.
    const fit = fitColumns([column(10, 1), column(40, 2, 12), column(30, 9, 12)], 70, BOX);
    expect(fit.hidden).toEqual([]);
    expect(fit.widths.reduce((a, b) => a + b, 0) + BOX(3)).toBe(70);
    expect(fit.widths[0]).toBe(10);
    expect(fit.widths[1]).toBe(25);
    expect(fit.widths[2]).toBe(25);
    expect(fit.shortened).toEqual([1, 2]);
  });

  it('never shortens below the minimum: leaves out the highest priority number instead', () => {
    // Minimums 10 + 12 + 12 + 8 = 42 + frame 13 = 55 > 50: the priority 9 column goes.
    const fit = fitColumns([column(10, 1), column(40, 2, 12), column(30, 3, 12), column(8, 9)], 50, BOX);
    expect(fit.hidden).toEqual([3]);
    expect(fit.shown).toEqual([0, 1, 2]);
    expect(fit.widths.reduce((a, b) => a + b, 0) + BOX(3)).toBeLessThanOrEqual(50);
  });

  it('leaves out the rightmost of equal priorities first, and gives the room back to the others', () => {
    const fit = fitColumns([column(10), column(10), column(10), column(10)], 40, BOX);
    expect(fit.hidden).toEqual([3]);
    expect(fit.widths).toEqual([10, 10, 10]);
  });

  it('leaves columns out in priority order until the rest fit', () => {
    const fit = fitColumns([column(8, 1), column(8, 7), column(8, 3), column(8, 5)], 25, BOX);
    expect(fit.hidden).toEqual([1, 3]);
    expect(fit.shown).toEqual([0, 2]);
  });

  it('keeps one column, at its minimum, on a terminal narrower than anything', () => {
    const fit = fitColumns([column(30, 1, 12), column(10, 2)], 5, BOX);
    expect(fit.shown).toEqual([0]);
    expect(fit.widths).toEqual([12]);
  });
});

describe('wrapToWidth', () => {
  it('breaks long lines at spaces and indents the rest under the text', () => {
    const wrapped = wrapToWidth('  #18 critical urgent_bug: urgent bug T-103028 open past SLA', 30);
    expect(wrapped.split('\n')).toEqual(['  #18 critical urgent_bug:', '    urgent bug T-103028 open', '    past SLA']);
    for (const line of wrapped.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(30);
  });

  it('leaves short lines and a word longer than the room alone', () => {
    expect(wrapToWidth('short\nlines', 10)).toBe('short\nlines');
    expect(wrapToWidth('averyveryverylongword x', 10)).toBe('averyveryverylongword\n  x');
  });
});

interface Account {
  id: string;
  name: string;
  score: number;
  reasons: string;
  owner: string;
}

const COLUMNS: Column<Account>[] = [
  { key: 'account_id', title: 'account', value: (row) => row.id, priority: 1 },
  { key: 'name', title: 'name', value: (row) => row.name, priority: 1, shrink: 12 },
  { key: 'score', title: 'score', value: (row) => row.score, align: 'right', priority: 1 },
  { key: 'reasons', title: 'why', value: (row) => row.reasons, priority: 2, shrink: 16 },
  { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 5 },
];

const ROWS: Account[] = [
  { id: 'ACC-0091', name: 'Bluepeak Systems LLC', score: 35, reasons: 'logins down 86% (44 in the last 4 weeks vs 324 in the 4 before)', owner: 'Jonas Weber' },
  { id: '杭州云栖数据科技有限公司', name: '杭州云栖数据科技有限公司', score: 49, reasons: 'no champion named; no touchpoint with a decision maker in 90 days', owner: '李娜' },
  { id: 'ACC-0300', name: 'Café Ünïcödé 🚀 GmbH', score: 68, reasons: 'champion Jan O\u0301Connor left', owner: 'Maya Chen' },
];

function fitted(width: number, rows = ROWS, columns = COLUMNS) {
  const notes: FittedTable[] = [];
  const text = renderRows(rows, columns, { format: 'table', tty: true, fit: { width, fitted: (table) => notes.push(table) } });
  return { text, notes };
}

describe('tables on a terminal', () => {
  it('draw no rule between body rows: one under the headings only', () => {
    const { text } = fitted(400);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(ROWS.length + 4);
    expect(lines.filter((line) => line.startsWith('├'))).toHaveLength(1);
    expect(lines[2]!.startsWith('├')).toBe(true);
  });

  it.each([60, 72, 80, 100, 120, 200])('fit %i columns, every line of one display width (CJK, emoji and accents aligned)', (width) => {
    const { text } = fitted(width);
    const widths = lineWidths(text);
    expect(Math.max(...widths)).toBeLessThanOrEqual(width);
    expect(new Set(widths).size).toBe(1);
  });

  it('say what they left out and shortened, once per table', () => {
    const { text, notes } = fitted(70);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.width).toBe(70);
    expect(notes[0]!.hidden).toContain('owner');
    expect(notes[0]!.shortened).toContain('reasons');
    expect(text).not.toContain('owner');
    expect(text).toContain('…');
  });

  it('say nothing and cut nothing when the table fits', () => {
    const { text, notes } = fitted(300);
    expect(notes).toEqual([]);
    expect(text).not.toContain('…');
    expect(text).toContain('logins down 86% (44 in the last 4 weeks vs 324 in the 4 before)');
  });

  it('with --wide show every column whole, however wide', () => {
    const notes: FittedTable[] = [];
    const text = renderRows(ROWS, COLUMNS, { format: 'table', tty: true, fit: { width: 60, wide: true, fitted: (table) => notes.push(table) } });
    expect(notes).toEqual([]);
    expect(text).toContain('Jonas Weber');
    expect(text).toContain('no champion named; no touchpoint with a decision maker in 90 days');
    expect(Math.max(...lineWidths(text))).toBeGreaterThan(60);
  });

  it('measure before colouring: a painted cell takes only its text (FORCE_COLOR into a pipe shifts nothing)', () => {
    const red = (text: string) => `\x1b[31m${text}\x1b[39m`;
    const columns: Column<Account>[] = [
      { key: 'state', title: 'state', value: (row) => new Painted(row.score < 50 ? 'lapsed' : 'open', red) },
      { key: 'owner', title: 'owner', value: (row) => row.owner },
    ];
    const box = renderRows(ROWS, columns, { format: 'table', tty: true, fit: { width: 50 } });
    expect(box).toContain('\x1b[31mlapsed\x1b[39m');
    expect(new Set(lineWidths(box)).size).toBe(1);
    const plain = renderRows(ROWS, columns, { format: 'table', tty: false });
    expect(plain).toContain('\x1b[31m');
    const ownerStarts = plain.trimEnd().split('\n').map((line, index) => displayWidth(line.slice(0, line.indexOf(index === 0 ? 'owner' : ROWS[index - 1]!.owner))));
    expect(new Set(ownerStarts).size).toBe(1);
  });
});

describe('piped tables', () => {
  it('stay plain, aligned and whole whatever the width given', () => {
    const text = renderRows(ROWS, COLUMNS, { format: 'table', tty: false, fit: { width: 40 } });
    expect(text).not.toMatch(/[│─┌]/);
    expect(text).not.toContain('…');
    expect(text).toContain('杭州云栖数据科技有限公司');
    expect(text).toContain('Jonas Weber');
    // Aligned by display width: the owner column starts at the same screen column on every line.
    const starts = text.trimEnd().split('\n').map((line, index) => displayWidth(line.slice(0, line.indexOf(index === 0 ? 'owner' : ROWS[index - 1]!.owner))));
    expect(new Set(starts).size).toBe(1);
  });
});

describe('--columns', () => {
  it('chooses and orders the columns by key or heading, in every row format but json', () => {
    const picked = pickColumns(COLUMNS, ['score', 'account_id', 'why']);
    expect(picked.map((column) => column.key)).toEqual(['score', 'account_id', 'reasons']);
    expect(renderRows(ROWS, COLUMNS, { format: 'csv', tty: false, pick: ['score', 'name'] }).split('\n')[0]).toBe('score,name');
    expect(Object.keys(JSON.parse(renderRows(ROWS, COLUMNS, { format: 'ndjson', tty: false, pick: ['owner'] }).split('\n')[0]!))).toEqual(['owner']);
    expect(renderRows(ROWS, COLUMNS, { format: 'md', tty: false, pick: ['name', 'score'] }).split('\n')[0]).toBe('| name | score |');
    // JSON prints the command's whole document (with its kind): --columns is checked, nothing is left out.
    expect(Object.keys(JSON.parse(renderRows(ROWS, COLUMNS, { format: 'json', tty: false, pick: ['owner'], kind: 'test' }, { rows: ROWS })).rows[0])).toEqual(Object.keys(ROWS[0]!));
  });

  it('names the nearest key for an unknown one (a usage error, exit 2)', () => {
    let error: unknown;
    try {
      pickColumns(COLUMNS, ['name', 'ownr']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toBe('--columns: this table has no column "ownr"; did you mean "owner"?');
    expect((error as UsageError).hint).toContain('account_id, name, score, reasons, owner');
  });

  it('help lists every key with its heading', () => {
    let listing = '';
    try {
      pickColumns(COLUMNS, ['help']);
    } catch (caught) {
      expect(caught).toBeInstanceOf(ColumnsListing);
      expect((caught as ColumnsListing).exitCode).toBe(0);
      listing = (caught as ColumnsListing).listing;
      // The line above the list is a phrase: main.ts words it in the language in force.
      expect((caught as ColumnsListing).heading.text).toBe('Columns of this table, for --columns (comma-separated, in the order wanted):');
    }
    expect(listing.split('\n').slice(0, -1)).toEqual(['  account_id  account', '  name        name', '  score       score', '  reasons     why', '  owner       owner']);
  });
});

describe('numbers in tables', () => {
  const columns: Column<{ id: number; seats: number; ratio: number; arr: number | null }>[] = [
    { key: 'id', title: 'id', value: (row) => row.id, plain: true },
    { key: 'seats', title: 'seats', value: (row) => row.seats, align: 'right' },
    { key: 'ratio', title: 'ratio', value: (row) => row.ratio },
    { key: 'arr', title: 'arr', value: (row) => row.arr },
  ];
  const rows = [{ id: 10234, seats: 1500, ratio: 1234.5, arr: -25000 }, { id: 7, seats: 999, ratio: 0.25, arr: null }];

  it('group whole numbers from 1,000 in table output, piped or on a terminal; ids and fractions stay as they are', () => {
    for (const tty of [false, true]) {
      const text = renderRows(rows, columns, { format: 'table', tty });
      expect(text).toContain('10234');
      expect(text).toContain('1,500');
      expect(text).toContain('1234.5');
      expect(text).toContain('-25,000');
      expect(text).toContain('999');
    }
  });

  it('stay raw in csv and json', () => {
    expect(renderRows(rows, columns, { format: 'csv', tty: false })).toContain('10234,1500,1234.5,-25000');
    expect(renderRows(rows, columns, { format: 'json', tty: false, kind: 'test' }, { rows })).toContain('"seats": 1500');
  });
});
