/**
 * Issue 17: data shown on a terminal (table and Markdown) has its control characters made visible as
 * \xNN; CSV, JSON and NDJSON keep the data exact; csops's own colours survive.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Painted, renderRows, type Column } from '../../src/render/output.js';
import { quotedValue, terminalCell, terminalSafe, terminalText } from '../../src/render/terminal-text.js';

/** Any control character a terminal acts on: C0 but tab and line feed, DEL, C1. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('terminalText and terminalCell', () => {
  it.each([
    ['Acme\x1b[2J', 'Acme\\x1b[2J'],
    ['\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', '\\x1b]8;;https://evil.example\\x1b\\click\\x1b]8;;\\x1b\\'],
    ['red \u009b31m csi', 'red \\x9b31m csi'],
    ['osc \u009d0;title\u009c', 'osc \\x9d0;title\\x9c'],
    ['bell\x07 nul\x00 del\x7f', 'bell\\x07 nul\\x00 del\\x7f'],
    ['over\rwrite', 'over\\x0dwrite'],
    ['two\r\nlines', 'two\nlines'],
    ['tab\tkept\nline kept', 'tab\tkept\nline kept'],
    ['Zürich 北京 😀 ok', 'Zürich 北京 😀 ok'],
  ])('free text %j → %j', (input, shown) => {
    expect(terminalText(input)).toBe(shown);
  });

  it('a cell shows a tab too, keeps line feeds (the renderers fold them)', () => {
    expect(terminalCell('a\tb\nc\x1b')).toBe('a\\x09b\nc\\x1b');
  });

  it('leaves no control character a terminal would act on, whatever the text, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x9f }), fc.integer({ min: 0, max: 0x2fff })).map((code) => String.fromCodePoint(code)) }), (text) => {
        const free = terminalText(text);
        const cell = terminalCell(text);
        expect(free).not.toMatch(CONTROL);
        expect(cell).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
        expect(terminalText(free)).toBe(free);
        expect(terminalCell(cell)).toBe(cell);
      }),
      { numRuns: 500 },
    );
  });

  it('quotes a value in a message as a JSON string with \\xNN for control characters', () => {
    expect(quotedValue('20\x1b[2J26\u009b"x"\x7f')).toBe('"20\\x1b[2J26\\x9b\\"x\\"\\x7f"');
    expect(quotedValue('plain')).toBe('"plain"');
  });

  it('terminalSafe copies a result with every string made safe, numbers and nulls as they were', () => {
    const data = { name: 'A\x1b[31m', n: 3, none: null, list: ['x\x07', { deep: '\u009b' }] };
    expect(terminalSafe(data)).toEqual({ name: 'A\\x1b[31m', n: 3, none: null, list: ['x\\x07', { deep: '\\x9b' }] });
    expect(data.name).toBe('A\x1b[31m');
  });
});

interface Row {
  id: string;
  name: string;
  count: number;
}

const COLUMNS: Column<Row>[] = [
  { key: 'id', title: 'id', value: (row) => row.id },
  { key: 'name', title: 'name', value: (row) => row.name },
  { key: 'count', title: 'count', value: (row) => row.count, align: 'right' },
];

const hostile = fc.string({ unit: fc.oneof(fc.constantFrom('\x1b', '[', ']', '8', ';', '\\', '\x07', '\u009b', '\u009d', '\x00', '\x7f', '\r', '\n', '\t', '|', 'a', ' ', '北'), fc.string({ maxLength: 1, minLength: 1 })) });
const rows = fc.array(fc.record({ id: hostile, name: hostile, count: fc.integer() }), { maxLength: 6 });

describe('renderRows', () => {
  it('table (terminal and plain) and Markdown never print a control character from the data', () => {
    fc.assert(
      fc.property(rows, (data) => {
        for (const options of [{ format: 'table', tty: true }, { format: 'table', tty: false }, { format: 'md', tty: false }] as const) {
          const text = renderRows(data, COLUMNS, options);
          expect(text.replace(/\n/g, '')).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('CSV, JSON and NDJSON keep the data exactly', () => {
    fc.assert(
      fc.property(rows, (data) => {
        expect(JSON.parse(renderRows(data, COLUMNS, { format: 'json', tty: false, kind: 'rows' }, { rows: data }))).toEqual({ kind: 'rows', rows: data });
        const ndjson = renderRows(data, COLUMNS, { format: 'ndjson', tty: false });
        expect(ndjson === '' ? [] : ndjson.trimEnd().split('\n').map((line) => JSON.parse(line) as Row)).toEqual(data);
        const csv = parse(renderRows(data, COLUMNS, { format: 'csv', tty: false }), { columns: true, relax_column_count: false }) as Array<Record<string, string>>;
        // formulaSafe puts a quote before = + - @ tab CR (issue 14); apart from that the text is the data's.
        expect(csv.map((row) => row.name)).toEqual(data.map((row) => (/^[=+\-@\t\r]/.test(row.name) ? `'${row.name}` : row.name)));
      }),
      { numRuns: 200 },
    );
  });

  it('an example: the escape is shown, the cell keeps its column', () => {
    const data: Row[] = [{ id: 'A-1', name: 'Acme\x1b[2J\x1b]8;;http://x\x1b\\link', count: 5 }];
    const lines = renderRows(data, COLUMNS, { format: 'table', tty: false }).split('\n');
    expect(lines[1]).toBe('A-1  Acme\\x1b[2J\\x1b]8;;http://x\\x1b\\link      5');
    // The right-aligned count ends where its heading does: the shown escapes are measured, not the raw bytes.
    expect(lines[0]!.length).toBe(lines[1]!.length);
    expect(renderRows(data, COLUMNS, { format: 'md', tty: false })).toContain('| A-1 | Acme\\x1b[2J\\x1b]8;;http://x\\x1b\\link | 5 |');
  });

  it("csops's own colour (Painted) goes on after the text is made safe, and is plain text in CSV and NDJSON", () => {
    const paint = (text: string) => `\x1b[31m${text}\x1b[39m`;
    const columns: Column<Row>[] = [...COLUMNS, { key: 'state', title: 'state', value: (row) => new Painted(row.name, paint) }];
    const data: Row[] = [{ id: 'A-1', name: 'lapsed\x1b[2J', count: 1 }];
    for (const tty of [true, false]) expect(renderRows(data, columns, { format: 'table', tty })).toContain('\x1b[31mlapsed\\x1b[2J\x1b[39m');
    expect(renderRows(data, columns, { format: 'md', tty: false })).toContain('| lapsed\\x1b[2J |');
    expect(JSON.parse(renderRows(data, columns, { format: 'ndjson', tty: false }))).toEqual({ ...data[0], state: 'lapsed\x1b[2J' });
    expect(renderRows(data, columns, { format: 'csv', tty: false })).toContain('lapsed\x1b[2J\n');
    // Plain aligned text: the colour takes no width (the column after it stays aligned).
    const plain = renderRows([...data, { id: 'A-22', name: 'x', count: 2 }], columns, { format: 'table', tty: false }).split('\n');
    expect(plain[1]!.replace(/\x1b\[\d+m/g, '').lastIndexOf('lapsed')).toBe(plain[0]!.indexOf('state'));
    expect(plain[2]!.replace(/\x1b\[\d+m/g, '').lastIndexOf('x')).toBe(plain[0]!.indexOf('state'));
  });
});
