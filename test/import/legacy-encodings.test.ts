/**
 * Issue 15, bytes: legacy encodings detected by chardet (or refused naming --encoding), invalid bytes
 * as errors of their rows, NULs inside quoted fields, binary files with a hint that fits.
 */
import path from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeAll, detectEncoding } from '../../src/import/encoding.js';
import { configSchema } from '../../src/config/schema.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runImport } from '../../src/commands/import.js';
import { queryAll, runCli, tableChecksums, tempDir, writeFile } from '../helpers/cli.js';

function context(dir: string): CommandContext {
  return {
    cwd: dir, config: configSchema.parse({}), configSource: undefined, dbPath: path.join(dir, 'csops.db'),
    asOf: '2026-11-20', format: 'json', now: () => new Date('2026-11-20T12:00:00Z'), version: 'test',
  };
}

async function importAccounts(bytes: Buffer, name: string, encoding?: string) {
  const dir = tempDir();
  const file = writeFile(dir, name, bytes);
  const summary = await runImport(context(dir), { kind: 'accounts', files: [file], map: [], dryRun: false, skipInvalid: false, force: false, encoding });
  const names = queryAll<{ account_id: string; name: string; industry: string; owner: string }>(path.join(dir, 'csops.db'), 'SELECT account_id, name, industry, owner FROM accounts ORDER BY account_id');
  return { result: summary.files[0]!, names };
}

type Row = [name: string, industry: string, owner: string];

/** Accounts in two shapes: a plain header, CRLF; and a quoted Salesforce-like header, LF, with a comma inside a name. */
function accountsCsv(rows: Row[], shape: 'plain' | 'quoted'): string {
  if (shape === 'plain') return `account_id,name,industry,owner\r\n${rows.map((row, index) => `A-${index + 1},${row.join(',')}`).join('\r\n')}\r\n`;
  return `"Account ID","Account Name","Industry","Owner"\n${rows.map((row, index) => `"A-${index + 1}","${row[0]}, Ltd","${row[1]}","${row[2]}"`).join('\n')}\n`;
}

const JAPANESE: Row[] = [
  ['株式会社山田製作所', '製造業', '山田太郎'], ['東京データ株式会社', 'ソフトウェア', '佐藤花子'],
  ['大阪商事合同会社', '小売', '鈴木一郎'], ['名古屋システム株式会社', '情報通信', '高橋美咲'],
];
const KOREAN: Row[] = [
  ['삼성전자 주식회사', '제조업', '김민수'], ['서울데이터 주식회사', '소프트웨어', '이지은'],
  ['부산무역 유한회사', '소매', '박서준'], ['한국정보통신', '정보통신', '최유진'],
];
const TRADITIONAL_CHINESE: Row[] = [
  ['台北星辰科技股份有限公司', '軟體', '王偉'], ['高雄雲帆貿易有限公司', '零售', '李娜'],
  ['台中數據服務公司', '金融業', '張敏'], ['新竹半導體股份有限公司', '製造業', '陳志明'],
];
const RUSSIAN: Row[] = [
  ['ООО Ромашка', 'Производство', 'Иванов Иван'], ['АО Северсталь Трейд', 'Металлургия', 'Петров Пётр'],
  ['ЗАО Московские Данные', 'Программное обеспечение', 'Сидорова Анна'], ['ИП Кузнецов', 'Розничная торговля', 'Кузнецов Олег'],
];
const POLISH: Row[] = [
  ['Zakład Produkcyjny Łódź', 'Przemysł', 'Paweł Wiśniewski'], ['Żółta Łódka Sp. z o.o.', 'Handel', 'Małgorzata Dąbrowska'],
  ['Spółdzielnia Mleczarska Gdańsk', 'Spożywczy', 'Krzysztof Wójcik'], ['Przedsiębiorstwo Źródło', 'Usługi', 'Bożena Kołodziej'],
];
const CZECH: Row[] = [
  ['Česká Spořitelna', 'Bankovnictví', 'Jiří Dvořák'], ['Příliš žluťoučký kůň', 'Doprava', 'Zdeněk Šťastný'],
  ['Škoda Strojírny', 'Průmysl', 'Petr Novák'], ['Učení Brno s.r.o.', 'Vzdělávání', 'Tereza Černá'],
];
const WESTERN: Row[] = [
  ['Café Müller', 'Gastronomie', 'Jürgen Groß'], ['Construção São Paulo Ltda', 'Comércio', 'João Conceição'],
  ['Zürich Ärzte GmbH', 'Gesundheit', 'Anaïs Dupré'], ['Compañía Española SA', 'Educación', 'José Núñez'],
];

describe('legacy encodings, detected (names read exactly as written)', () => {
  const cases: Array<[string, string, Row[]]> = [
    ['Shift_JIS', 'shift_jis', JAPANESE],
    ['EUC-JP', 'euc-jp', JAPANESE],
    ['EUC-KR', 'euc-kr', KOREAN],
    ['Big5', 'big5', TRADITIONAL_CHINESE],
    ['Windows-1251 (Russian)', 'windows-1251', RUSSIAN],
    ['Windows-1250 (Polish)', 'windows-1250', POLISH],
    ['Windows-1252 (German, Portuguese, French, Spanish)', 'windows-1252', WESTERN],
  ];
  for (const [label, encoding, rows] of cases) {
    for (const shape of ['plain', 'quoted'] as const) {
      it(`${label}, ${shape} header`, async () => {
        const csv = accountsCsv(rows, shape);
        const { result, names } = await importAccounts(iconv.encode(csv, encoding), 'legacy.csv');
        expect(result.encoding).toBe(encoding);
        expect(result.notes.join('\n')).toMatch(new RegExp(`read as ${encoding.toUpperCase()} \\(not UTF-8; detected with \\d+% confidence[^)]*\\); pass --encoding if that is wrong`));
        expect(names).toEqual((await importAccounts(Buffer.from(csv, 'utf8'), 'same.csv')).names);
        expect(names.map((row) => row.owner)).toEqual(rows.map((row) => row[2]));
      });
    }
  }

  it('Czech in Windows-1250: read right with four rows; with one row detection cannot tell and exits 65 naming --encoding', async () => {
    const four = await importAccounts(iconv.encode(accountsCsv(CZECH, 'plain'), 'windows-1250'), 'cz.csv');
    expect(four.result.encoding).toBe('windows-1250');
    expect(four.names.map((row) => row.name)).toEqual(CZECH.map((row) => row[0]));
    const one = iconv.encode(accountsCsv(CZECH.slice(0, 1), 'plain'), 'windows-1250');
    await expect(importAccounts(one, 'cz1.csv')).rejects.toMatchObject({ exitCode: 65, message: expect.stringContaining('cannot tell the file\'s text encoding'), hint: expect.stringContaining('--encoding') });
    expect((await importAccounts(one, 'cz1.csv', 'windows-1250')).names[0]!.owner).toBe('Jiří Dvořák');
  });

  for (const [label, encoding, rows] of [['Shift_JIS', 'shift_jis', JAPANESE], ['EUC-KR', 'euc-kr', KOREAN], ['Big5', 'big5', TRADITIONAL_CHINESE], ['EUC-JP', 'euc-jp', JAPANESE]] as const) {
    it(`${label} with one short row: too little text to tell, exit 65 naming --encoding; with --encoding ${encoding} it reads right`, async () => {
      const bytes = iconv.encode(accountsCsv(rows.slice(0, 1) as Row[], 'plain'), encoding);
      await expect(importAccounts(bytes, 'one.csv')).rejects.toMatchObject({ exitCode: 65, message: expect.stringContaining('one.csv: cannot tell the file\'s text encoding'), hint: expect.stringContaining('--encoding') });
      const { names } = await importAccounts(bytes, 'one.csv', encoding);
      expect(names[0]!.name).toBe(rows[0]![0]);
    });
  }

  it('--encoding takes any name iconv-lite knows (koi8-r, iso-8859-2, cp1251) and refuses others', async () => {
    const csv = accountsCsv(RUSSIAN, 'plain');
    expect((await importAccounts(iconv.encode(csv, 'koi8-r'), 'k.csv', 'KOI8-R')).names.map((row) => row.name)).toEqual(RUSSIAN.map((row) => row[0]));
    expect((await importAccounts(iconv.encode(csv, 'windows-1251'), 'c.csv', 'cp1251')).result.encoding).toBe('windows-1251');
    expect((await importAccounts(iconv.encode(accountsCsv(CZECH, 'plain'), 'iso-8859-2'), 'i.csv', 'iso-8859-2')).names[1]!.owner).toBe('Zdeněk Šťastný');
    await expect(importAccounts(Buffer.from(csv), 'x.csv', 'base64')).rejects.toMatchObject({ exitCode: 2 });
    await expect(importAccounts(Buffer.from(csv), 'x.csv', 'klingon-8')).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--encoding "klingon-8"') });
  });
});

const CHINESE_ACCOUNTS: Row[] = [
  ['北京星辰科技有限公司', '软件', '王伟'], ['上海云帆贸易有限公司', '零售', '李娜'], ['深圳「数据」服务', '金融业', '张敏'],
  ['广州半导体有限公司', '制造业', '陈志明'], ['杭州电子商务有限公司', '电子商务', '刘洋'], ['成都熊猫物流', '物流', '赵丽'],
];

describe('a stray invalid byte in a UTF-8 file is an error of its row, never a reason to re-read the file', () => {
  for (const [label, env] of [['in this thread', {}], ['in the import worker', { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' }]] as const) {
    it(`over a database holding the same Chinese accounts (${label})`, { timeout: 60_000 }, () => {
      const dir = tempDir();
      const db = path.join(dir, 'csops.db');
      const cli = (args: string[]) => runCli(['--db', db, ...args], { cwd: dir, env });
      writeFile(dir, 'accounts.csv', accountsCsv(CHINESE_ACCOUNTS, 'plain'));
      expect(cli(['import', 'accounts', 'accounts.csv']).code).toBe(0);
      const stored = () => queryAll<{ account_id: string; name: Buffer }>(db, 'SELECT account_id, CAST(name AS BLOB) AS name FROM accounts ORDER BY account_id');
      const before = stored();
      const checksums = tableChecksums(db);

      // Line 4 (account A-3) gets one stray byte in the middle of its name: 0xFF never occurs in UTF-8.
      const good = Buffer.from(accountsCsv(CHINESE_ACCOUNTS, 'plain'), 'utf8');
      const at = good.indexOf(Buffer.from('「', 'utf8'));
      const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0xff]), good.subarray(at)]);
      writeFile(dir, 'again.csv', bad);

      const strict = cli(['import', 'accounts', 'again.csv', '--force']);
      expect(strict.code, strict.stderr).toBe(65);
      expect(strict.stderr).toMatch(/again\.csv:4: column "name": text in UTF-8; bytes here are not valid UTF-8 .*\(got "深圳\uFFFD「数据」服务"\)/);
      expect(strict.stderr.match(/again\.csv:\d+:/g)).toEqual(['again.csv:4:']);
      expect(tableChecksums(db)).toEqual(checksums);

      const lenient = cli(['import', 'accounts', 'again.csv', '--force', '--skip-invalid', '--rejects', 'rejects.csv', '--format', 'json']);
      expect(lenient.code, lenient.stderr).toBe(0);
      const [file] = JSON.parse(lenient.stdout).files;
      expect(file).toMatchObject({ encoding: 'utf-8', rows: 6, rejected: 1, unchanged: 5 });
      expect(stored(), 'every name byte for byte as it was').toEqual(before);
    });
  }
});

describe('NUL characters and binary files', () => {
  // A Salesforce rich-text field (Description) with NULs inside its quotes, in two rows.
  const withNuls = 'account_id,name,description\r\nSF-1,Acme,"Line one\0\r\nline two\0"\r\nSF-2,"Beta\0 Corp",plain\r\nSF-3,Gamma,"ok"\r\n';

  it('drops NULs inside quoted fields and counts them in a note', async () => {
    const { result, names } = await importAccounts(Buffer.from(withNuls, 'latin1'), 'sf.csv');
    expect(result).toMatchObject({ rows: 3, inserted: 3, rejected: 0 });
    expect(result.notes).toContain('dropped 3 NUL characters inside quoted fields');
    expect(names.map((row) => row.name)).toEqual(['Acme', 'Beta Corp', 'Gamma']);
  });

  it('drops them in the import worker too (note in --format json)', { timeout: 30_000 }, () => {
    const dir = tempDir();
    writeFile(dir, 'sf.csv', withNuls);
    const result = runCli(['--db', path.join(dir, 'csops.db'), 'import', 'accounts', 'sf.csv', '--format', 'json'], { cwd: dir, env: { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).files[0].notes).toContain('dropped 3 NUL characters inside quoted fields');
    expect(result.stderr).toContain('warning: sf.csv: dropped 3 NUL characters inside quoted fields');
  });

  it('a NUL outside quotes, early or past the first 64 KB, is refused as binary with its line', async () => {
    await expect(importAccounts(Buffer.from('account_id,name\nA-1,Ac\0me\n'), 'nul.csv')).rejects.toMatchObject({ exitCode: 65, message: expect.stringMatching(/nul\.csv: this looks like a binary file, not CSV \(a NUL byte outside any quoted field/) });
    const rows = Array.from({ length: 5000 }, (_, index) => `A-${index},Name number ${index}`).join('\n');
    await expect(importAccounts(Buffer.from(`account_id,name\n${rows}\nA-X,Bad\0\n`), 'late.csv')).rejects.toMatchObject({ exitCode: 65, message: expect.stringMatching(/late\.csv:5002: a NUL byte outside any quoted field/) });
  });

  const binaries: Array<[string, Buffer, RegExp, RegExp]> = [
    // Real workbooks are read (test/import/xlsx.test.ts); a zip that holds no workbook is refused.
    ['a zip that is not a workbook', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.from('[Content_Types].xml'), Buffer.alloc(64)]), /a zip file, not CSV and not an \.xlsx workbook/, /unzip it/],
    ['a PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'), /a PDF document/, /export the report as CSV/],
    ['an SQLite database', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(100)]), /an SQLite database/, /--db/],
    ['a gzip file', Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x4b, 0x4c]), /gzip-compressed/, /gunzip/],
  ];
  for (const [label, bytes, says, hint] of binaries) {
    it(`${label}: exit 65 with a hint that fits`, async () => {
      await expect(importAccounts(bytes, 'export.csv')).rejects.toMatchObject({ exitCode: 65, message: expect.stringMatching(says), hint: expect.stringMatching(hint) });
    });
  }
});

describe('detection never reads text wrong: right, or exit 65 naming --encoding', () => {
  const words: Record<string, string[]> = {
    'windows-1251': RUSSIAN.flat(),
    'windows-1250': [...POLISH.flat(), ...CZECH.flat()],
    'windows-1252': WESTERN.flat(),
    shift_jis: JAPANESE.flat(),
    'euc-jp': JAPANESE.flat(),
    'euc-kr': KOREAN.flat(),
    big5: TRADITIONAL_CHINESE.flat(),
    gb18030: CHINESE_ACCOUNTS.flat(),
  };
  for (const [encoding, list] of Object.entries(words)) {
    it(`${encoding}: 1 to 10 rows of its names, picked at random`, () => {
      fc.assert(
        fc.property(fc.array(fc.array(fc.constantFrom(...list), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 10 }), (rows) => {
          const text = `account_id,name,city,owner,industry\n${rows.map((row, index) => `A-${index},${row.join(',')},Tech`).join('\n')}\n`;
          const bytes = iconv.encode(text, encoding);
          let detected: string;
          try {
            detected = detectEncoding(bytes, 'f.csv').encoding;
          } catch (error) {
            expect(error).toMatchObject({ exitCode: 65, hint: expect.stringContaining('--encoding') });
            return;
          }
          expect(decodeAll(bytes, detected)).toBe(text);
        }),
        { numRuns: 60, seed: 15 },
      );
    });
  }
});
