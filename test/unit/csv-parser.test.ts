import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvParser, CsvSyntaxError, type ParsedRecord } from '../../src/import/csv-parser.js';

/** Parses `text` fed in the given chunk sizes, as the file reader feeds it. */
function parseInChunks(text: string, chunkSizes: number[], options: { delimiter?: string; recordDelimiter?: '\n' | '\r' } = {}): ParsedRecord[] {
  const parser = new CsvParser(options.delimiter ?? ',', options.recordDelimiter ?? '\n', 1_000_000);
  const out: ParsedRecord[] = [];
  let offset = 0;
  for (const size of chunkSizes) {
    if (offset >= text.length) break;
    parser.push(text.slice(offset, offset + size), false, out);
    offset += size;
  }
  parser.push(text.slice(offset), true, out);
  return out;
}

/** csv-parse with the options csops relies on: the reference the fast parser must agree with. */
function reference(text: string, delimiter = ','): string[][] {
  return parse(text, { bom: true, delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
}

const cellText = fc.stringMatching(/^[a-z0-9 ,;"\n\r|é中]{0,8}$/);

/** A well-formed CSV document: cells quoted when they need it (and sometimes when not). */
const csvDocument = fc
  .record({
    rows: fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
    quoteAll: fc.boolean(),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
    blankLines: fc.array(fc.nat(9), { maxLength: 2 }),
  })
  .map(({ rows, quoteAll, crlf, finalNewline, blankLines }) => {
    const newline = crlf ? '\r\n' : '\n';
    const lines = rows.map((cells) =>
      cells.map((cell) => (quoteAll || /[",\n\r]/.test(cell) || cell === '' ? `"${cell.replace(/"/g, '""')}"` : cell)).join(','),
    );
    for (const at of blankLines) lines.splice(Math.min(at, lines.length), 0, '');
    return lines.join(newline) + (finalNewline ? newline : '');
  });

describe('CsvParser', () => {
  it('agrees with csv-parse on well-formed documents, however the input is chunked', () => {
    fc.assert(
      fc.property(csvDocument, fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 30 }), (text, chunks) => {
        const expected = reference(text);
        const actual = parseInChunks(text, chunks).map((record) => record.cells);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with csv-parse on unquoted text with stray quotes (relax_quotes)', () => {
    const loose = fc.array(fc.stringMatching(/^[a-z "]{0,6}$/).filter((cell) => !cell.startsWith('"')), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(loose, { minLength: 1, maxLength: 5 }), (rows) => {
        const text = rows.map((cells) => cells.join(',')).join('\n');
        expect(parseInChunks(text, [3, 5]).map((r) => r.cells)).toEqual(reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it('numbers each record by the line it starts on, counting blank lines and breaks inside quotes', () => {
    const text = 'a,b\n\n"x\ny",1\r\n3,4\n\n\n"p""q",5';
    const records = parseInChunks(text, [2, 2, 2]);
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 3, cells: ['x\ny', '1'] },
      { line: 5, cells: ['3', '4'] },
      { line: 8, cells: ['p"q', '5'] },
    ]);
  });

  it('strips a byte-order mark and keeps trailing empty fields', () => {
    expect(parseInChunks('\uFEFFid,name,\n1,,\n', [100]).map((r) => r.cells)).toEqual([
      ['id', 'name', ''],
      ['1', '', ''],
    ]);
  });

  it('reads files whose lines end in a bare CR', () => {
    expect(parseInChunks('a,b\r1,"x\ry"\r2,3', [4], { recordDelimiter: '\r' }).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1', 'x\ry'],
      ['2', '3'],
    ]);
  });

  it('uses the given delimiter', () => {
    expect(parseInChunks('a;b\n"1;2";3\n', [100], { delimiter: ';' }).map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['1;2', '3'],
    ]);
  });

  it('reports an unclosed quote with the line it opened on', () => {
    const error = (() => {
      try {
        parseInChunks('a,b\n1,2\n"open,3\n4,5\n', [5]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ code: 'unclosed-quote', line: 3 });
  });

  it('reports an unclosed quote even when a later field opens a quote', () => {
    const text = 'id,name,industry\nA-5,"Epsilon Ltd,Retail\nA-6,Zeta,Retail\nA-7,"Eta, Inc.",Retail\n';
    expect(() => parseInChunks(text, [7])).toThrow(expect.objectContaining({ code: 'unclosed-quote', line: 2 }));
  });

  it('reads a quoted field followed by other characters as literal text, as csv-parse does', () => {
    for (const text of ['a,b\n"x"y,1\n', 'a,b\n"x" ,1\n', 'a\n"x"y\n']) {
      expect(parseInChunks(text, [3]).map((r) => r.cells)).toEqual(reference(text));
    }
  });

  it('refuses a record longer than the limit', () => {
    const parser = new CsvParser(',', '\n', 10);
    expect(() => parser.push('"0123456789012345', false, [])).toThrow(/too large/);
  });
});

describe('CsvParser and NUL characters (issue 15)', () => {
  function parseWatching(text: string, chunkSizes: number[]): { records: ParsedRecord[]; dropped: number } {
    const parser = new CsvParser(',', '\n', 1_000_000);
    parser.watchNuls();
    const out: ParsedRecord[] = [];
    let offset = 0;
    for (const size of chunkSizes) {
      if (offset >= text.length) break;
      parser.push(text.slice(offset, offset + size), false, out);
      offset += size;
    }
    parser.push(text.slice(offset), true, out);
    return { records: out, dropped: parser.droppedNuls };
  }

  it('drops NULs inside quoted fields and counts them, however the input is chunked', () => {
    const text = 'id,description\n1,"rich\0 text\0\nsecond line"\n2,"a""\0b"\n3,plain\n';
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 10 }), (chunks) => {
        const { records, dropped } = parseWatching(text, chunks);
        expect(records.map((record) => record.cells)).toEqual([['id', 'description'], ['1', 'rich text\nsecond line'], ['2', 'a"b'], ['3', 'plain']]);
        expect(records.map((record) => record.line)).toEqual([1, 2, 4, 5]);
        expect(dropped).toBe(3);
      }),
    );
  });

  it('refuses a NUL outside quotes with its line, in a quote-free line and in a line that also holds a quoted field', () => {
    for (const [text, line] of [['a,b\n1,x\0y\n', 2], ['a,b\n1,"ok"\n2,"fine",x\0\n', 3]] as const) {
      try {
        parseWatching(text, [1000]);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(CsvSyntaxError);
        expect(error).toMatchObject({ code: 'nul-outside-quotes', line });
      }
    }
  });
});
