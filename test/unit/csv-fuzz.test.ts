/**
 * Issue 15: the reader never throws anything but a csops error, whatever the bytes. Random bytes,
 * random quoting, random headers and delimiters, and text in random encodings are written to temp
 * files and read through the real openCsv (every record), then a few through the built binary.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { CsopsError } from '../../src/errors.js';
import { invalidTextProblems, openCsv } from '../../src/import/csv-source.js';
import { execFile } from 'node:child_process';
import { CSOPS_BIN, tempDir, testEnv } from '../helpers/cli.js';

/** The built binary, run without blocking the test worker's event loop (spawnSync would stall vitest's RPC). */
function runCliAsync(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CSOPS_BIN, ...args], { cwd, env: testEnv(), encoding: 'utf8' }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr });
    });
  });
}

const dir = tempDir('csops-fuzz-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** Reads the whole file; returns 'ok' or the csops error's exit code, and rethrows anything else. */
async function readAll(bytes: Uint8Array, options: { encoding?: string; delimiter?: string } = {}): Promise<'ok' | number> {
  const file = path.join(dir, `f${counter++}.csv`);
  fs.writeFileSync(file, bytes);
  try {
    const source = await openCsv(file, options);
    try {
      for await (const batch of source.batches) {
        for (const record of batch) {
          expect(Array.isArray(record.cells)).toBe(true);
          if (record.invalidText) expect(invalidTextProblems(record, source.header, source.encoding).length).toBeGreaterThan(0);
        }
      }
    } finally {
      source.close();
    }
    return 'ok';
  } catch (error) {
    if (error instanceof CsopsError) return error.exitCode;
    throw error;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'windows-1250', 'windows-1251', 'windows-1252'] as const;
const DELIMITERS = [',', ';', '\t', '|'] as const;

/** A cell: plain, quoted (with delimiters, quotes, line breaks, NULs inside), or broken quoting. */
const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ maxLength: 10 }).map((text) => `"${text.replaceAll('"', '""')}"`),
  fc.constantFrom('"', '""', '"a"b', 'a"b"', '"open', '"x\ny"', '"\0"', '\0', '\r', '\n', '"a""', '名前', 'Zürich', 'Москва', '한국', '"\r\n"'),
);

const csvText = fc.record({
  header: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('account_id', 'name', '"Account Name"', '', ' ')), { minLength: 0, maxLength: 6 }),
  rows: fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 8 }),
  delimiter: fc.constantFrom(...DELIMITERS),
  lineBreak: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
});

describe('the CSV reader on arbitrary input', () => {
  it('random bytes: only csops errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        const outcome = await readAll(bytes);
        expect(outcome === 'ok' || outcome === 65 || outcome === 66).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('random CSV text (quoting, headers, delimiters, line breaks) in random encodings: only csops errors', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.constantFrom(...ENCODINGS), fc.boolean(), async (csv, encoding, pass) => {
        const text = [csv.header.join(csv.delimiter), ...csv.rows.map((row) => row.join(csv.delimiter))].join(csv.lineBreak);
        const body = iconv.encode(text, encoding);
        const bytes = csv.bom && encoding.startsWith('utf') ? Buffer.concat([iconv.encode('\uFEFF', encoding), body]) : body;
        const outcome = await readAll(bytes, pass ? { encoding, delimiter: csv.delimiter } : {});
        expect(outcome === 'ok' || outcome === 65).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('valid CSV with random bytes spliced in (stray bytes, NULs, truncation): only csops errors', async () => {
    const base = Buffer.from('account_id,name,notes\r\nA-1,"北京, 公司","x\r\ny"\r\nA-2,Zürich,ok\r\n', 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(base.length), fc.uint8Array({ minLength: 1, maxLength: 3 })), { maxLength: 4 }), fc.nat(base.length), async (splices, cut) => {
        let bytes = Buffer.from(base);
        for (const [at, inserted] of splices) bytes = Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)]);
        const outcome = await readAll(bytes.subarray(0, Math.max(cut, 1)));
        expect(outcome === 'ok' || outcome === 65).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the import command (built binary) on arbitrary input', () => {
  it('exits with a documented code, never 70', { timeout: 60_000 }, async () => {
    const work = tempDir('csops-fuzz-cli-');
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 300 }), csvText.map((csv) => Buffer.from([csv.header.join(csv.delimiter), ...csv.rows.map((row) => row.join(csv.delimiter))].join(csv.lineBreak)))), fc.constantFrom('accounts', 'tickets', undefined), async (bytes, kind) => {
          const file = path.join(work, 'in.csv');
          fs.writeFileSync(file, bytes);
          const result = await runCliAsync(['--db', path.join(work, 'fuzz.db'), 'import', ...(kind ? [kind] : []), 'in.csv', '--skip-invalid', '--rejects', 'rejects.csv', '--force'], work);
          expect([0, 2, 65, 66], `exit ${result.code}: ${result.stderr.slice(0, 500)}`).toContain(result.code);
        }),
        { numRuns: 8 },
      );
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
