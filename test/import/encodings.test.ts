import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport } from '../../src/commands/import.js';
import { detectEncoding } from '../../src/import/encoding.js';
import { tableChecksums, tempDir, writeFile } from '../helpers/cli.js';
import { encodeGb18030 } from '../../sample-data/gb18030.js';

const CHINESE_ACCOUNTS = 'account_id,name,industry,owner\r\nCN-1,北京星辰科技有限公司,软件,王伟\r\nCN-2,"上海云帆贸易, 有限公司",零售,李娜\r\nCN-3,深圳「数据」服务,金融业,张敏\r\n';

function context(dir: string): CommandContext {
  return {
    cwd: dir, config: configSchema.parse({}), configSource: undefined, dbPath: path.join(dir, 'csops.db'),
    asOf: '2026-11-20', format: 'json', now: () => new Date('2026-11-20T12:00:00Z'), version: 'test',
  };
}

async function importInto(bytes: Buffer, name: string, encoding?: string) {
  const dir = tempDir();
  const file = writeFile(dir, name, bytes);
  const summary = await runImport(context(dir), { kind: 'accounts', files: [file], map: [], dryRun: false, skipInvalid: false, force: false, encoding });
  const { import_runs: _runs, ...tables } = tableChecksums(path.join(dir, 'csops.db'));
  return { result: summary.files[0]!, tables };
}

const utf16 = (text: string, endian: 'le' | 'be', bom = true) => {
  const le = Buffer.from(text, 'utf16le');
  const body = endian === 'le' ? le : Buffer.from(le).swap16();
  return Buffer.concat([bom ? Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), body]);
};

describe('encodings', () => {
  it('a GB18030 file, the same as UTF-8 with BOM and as UTF-16 import to identical tables', async () => {
    const gb = await importInto(encodeGb18030(CHINESE_ACCOUNTS), 'gb.csv');
    expect(gb.result.encoding).toBe('gb18030');
    expect(gb.result.rows).toBe(3);
    const variants = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CHINESE_ACCOUNTS, 'utf8')]),
      Buffer.from(CHINESE_ACCOUNTS, 'utf8'),
      utf16(CHINESE_ACCOUNTS, 'le'),
      utf16(CHINESE_ACCOUNTS, 'be'),
      utf16(CHINESE_ACCOUNTS, 'le', false),
    ];
    for (const bytes of variants) expect((await importInto(bytes, 'same.csv')).tables).toEqual(gb.tables);
  });

  it('reads Latin-1 / Windows-1252 exports', async () => {
    const text = 'account_id,name,country\nES-1,Café Müller,España\nDE-1,Zürich Ärzte GmbH,Schweiz\n';
    const { result, tables } = await importInto(Buffer.from(text, 'latin1'), 'latin.csv');
    expect(result.encoding).toBe('windows-1252');
    expect(tables).toEqual((await importInto(Buffer.from(text, 'utf8'), 'utf8.csv')).tables);
  });

  it('--encoding overrides detection and unknown names are refused', async () => {
    const text = 'account_id,name\nX-1,Größe\n';
    expect((await importInto(Buffer.from(text, 'latin1'), 'x.csv', 'latin1')).result.encoding).toBe('windows-1252');
    await expect(importInto(Buffer.from(text, 'utf8'), 'x.csv', 'ebcdic')).rejects.toThrow(/--encoding "ebcdic" is not an encoding csops reads/);
  });

  it.each([
    ['UTF-8 with BOM', Buffer.from('\uFEFFa,b\n', 'utf8'), 'utf-8'],
    ['plain ASCII', Buffer.from('a,b\n1,2\n'), 'utf-8'],
    ['UTF-16 LE without BOM', utf16('account_id,name\nA,B\n', 'le', false), 'utf-16le'],
    ['UTF-16 BE without BOM', utf16('account_id,name\nA,B\n', 'be', false), 'utf-16be'],
    ['GBK Chinese', encodeGb18030('客户名称,行业\n北京星辰科技有限公司,软件\n上海云帆贸易有限公司,零售\n深圳数据服务,金融业\n'), 'gb18030'],
    ['Latin-1 accents', Buffer.from('name\nSão Paulo Ltda\nZürich\n', 'latin1'), 'windows-1252'],
  ])('detects %s', (_label, bytes, encoding) => {
    expect(detectEncoding(bytes, 'f.csv').encoding).toBe(encoding);
  });
});

describe('invalid text', () => {
  // Issue 15: an invalid byte is an error of the row holding it (file:line, column, the value with
  // U+FFFD), no longer a stop of the whole read; strict mode still refuses the file.
  it('a byte that is not valid in the detected encoding rejects its row, named by line and column (no silent U+FFFD)', async () => {
    const rows = ['account_id,name', ...Array.from({ length: 30000 }, (_, index) => `U-${index},Name ${index}`)].join('\n');
    const bytes = Buffer.concat([Buffer.from(`${rows}\n`), Buffer.from('A-X,Caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    await expect(importInto(bytes, 'mixed.csv')).rejects.toThrow(/mixed\.csv:30002: column "name": text in UTF-8; bytes here are not valid UTF-8 .*--encoding.*\(got "Caf\uFFFD"\)/);
    expect((await importInto(bytes, 'mixed.csv', 'windows-1252')).result.rows).toBe(30001);
  });

  it('a file too short to tell its CJK encoding apart exits 65 naming --encoding', async () => {
    const short = encodeGb18030('account_id,name,industry\nCN-1,北京公司,软件\n');
    await expect(importInto(short, 'short.csv')).rejects.toMatchObject({
      exitCode: 65,
      message: expect.stringMatching(/short\.csv: cannot tell the file's text encoding/),
      hint: expect.stringContaining('--encoding gb18030'),
    });
    expect((await importInto(short, 'short.csv', 'gbk')).result.rows).toBe(1);
  });
});

describe('lines that are not data', () => {
  it('skips a Salesforce report footer and says so', async () => {
    const text = '"account_id","name"\r\n"A-1","Acme"\r\n"A-2","Beta"\r\n\r\n"Grand Totals (2 records)"\r\n"Confidential Information - Do Not Distribute"\r\nCopyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\r\n';
    const { result } = await importInto(Buffer.from(text), 'report.csv');
    expect(result).toMatchObject({ rows: 2, inserted: 2, rejected: 0 });
    expect(result.notes.join(' ')).toContain('"Grand Totals (2 records)"');
  });

  it('keeps footer-like text that is followed by data, as data', async () => {
    const { result } = await importInto(Buffer.from('account_id,name\nA-1,Copyright Holdings\nTotal: 3,Ltd\nA-3,Gamma\n'), 'f.csv');
    expect(result).toMatchObject({ rows: 3, inserted: 3 });
  });

  it('skips the two extra header rows of a Qualtrics export', async () => {
    const text =
      'account_id,responded_at,score\n' +
      'Account,Recorded Date,How likely are you to recommend us?\n' +
      '"{""ImportId"":""account""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""QID1""}"\n' +
      'A-1,2026-10-01,9\n';
    const dir = tempDir();
    const ctx = context(dir);
    await runImport(ctx, { kind: 'accounts', files: [writeFile(dir, 'a.csv', 'account_id,name\nA-1,Acme\n')], map: [], dryRun: false, skipInvalid: false, force: false });
    const summary = await runImport(ctx, { kind: 'surveys', files: [writeFile(dir, 'q.csv', text)], map: [], dryRun: false, skipInvalid: false, force: false });
    expect(summary.files[0]).toMatchObject({ rows: 1, inserted: 1 });
    expect(summary.files[0]!.notes.join(' ')).toContain('2 extra header rows');
  });
});
