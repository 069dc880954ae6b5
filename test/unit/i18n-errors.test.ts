import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsEn, errorsZhCN } from '../../src/i18n/messages/errors.js';
import { importEn, importZhCN, importPhrase, listPhrase } from '../../src/i18n/messages/import.js';
import { CATALOGUES, messagesFor } from '../../src/i18n/messages.js';
import { BusyError, DataError, phraseIn, unreadableFile, type Entry, type UsageError } from '../../src/errors.js';
import { damagedDatabase, environmentError, readOnlyDatabase } from '../../src/environment-errors.js';
import { strictFailure, rejectReason, describeProblem } from '../../src/import/rejects.js';
import { parseDate, parseMoney } from '../../src/import/values.js';
import { parseMapFlags, resolveUserMap } from '../../src/import/header-map.js';
import { tempDir } from '../helpers/cli.js';

const zh = CATALOGUES['zh-CN'] as Record<string, Entry | undefined>;

describe('error and import messages by key (issue 24)', () => {
  it('every error and import key has a zh-CN text, and no zh-CN key is unknown to English', () => {
    for (const [english, chinese] of [[errorsEn, errorsZhCN], [importEn, importZhCN]] as const) {
      expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
      for (const key of Object.keys(english)) expect(typeof (chinese as Record<string, unknown>)[key], key).toBe(typeof (english as Record<string, unknown>)[key]);
    }
  });

  it('an error keeps its English message byte for byte, and words it in Chinese from the same key', () => {
    const error = unreadableFile('missing.csv', Object.assign(new Error('x'), { code: 'ENOENT' }));
    expect(error.message).toBe('cannot read missing.csv: no such file');
    expect(error.hint).toBe('check the path; nothing was imported');
    expect(phraseIn(error.phrase!, zh)).toBe('无法读取 missing.csv：文件不存在');
    expect(phraseIn(error.hintPhrase!, zh)).toBe('请检查路径；未导入任何数据');
  });

  it('words the faults of the machine: a busy, read-only or damaged database', () => {
    const busy = environmentError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), { path: '/data/cs.db' })!;
    expect(busy).toBeInstanceOf(BusyError);
    expect(busy.message).toBe('database /data/cs.db is busy: another process is writing to it');
    expect(phraseIn(busy.phrase!, zh)).toBe('数据库 /data/cs.db 正忙：另一个进程正在写入');
    expect(phraseIn(busy.hintPhrase!, zh)).toContain('busy_timeout_ms');
    const readOnly = readOnlyDatabase('/data/cs.db', 'permission denied');
    expect(readOnly.message).toBe('cannot write database /data/cs.db: permission denied');
    const dir = tempDir();
    const file = path.join(dir, 'cs.db');
    fs.writeFileSync(`${file}.bak-3`, '');
    const damaged = damagedDatabase(file, 'page 2 is wrong');
    expect(damaged.hint).toContain(`or go back to the latest backup, ${file}.bak-3`);
    // The nested restore step is worded in Chinese too, not left in English inside a Chinese sentence.
    expect(phraseIn(damaged.hintPhrase!, zh)).toContain(`或者回到最近的备份 ${file}.bak-3`);
  });

  it('a row problem says what was expected in either language, with the file, line, column and value unchanged', () => {
    const date = parseDate('2026-02-30', 'UTC');
    const money = parseMoney('12%', 'USD');
    if (typeof date !== 'object' || typeof money !== 'object') throw new Error('expected problems');
    const problems = [
      { file: 'c.csv', line: 3, column: 'start_date', value: '2026-02-30', expected: date.expected, expectedPhrase: date.said },
      { file: 'c.csv', line: 4, column: 'arr', value: '12%', expected: money.expected, expectedPhrase: money.said },
    ];
    expect(describeProblem(problems[0]!)).toBe('c.csv:3: column "start_date": expected a real calendar date (YYYY-MM-DD); 2026-02-30 does not exist (got "2026-02-30")');
    const error: DataError = strictFailure('c.csv', 2, 5, problems, new Map([['start_date', 1], ['arr', 1]]));
    expect(error.message).toBe(
      'c.csv: 2 of 5 rows have errors; nothing was imported from this file\n' +
        '  c.csv:3: column "start_date": expected a real calendar date (YYYY-MM-DD); 2026-02-30 does not exist (got "2026-02-30")\n' +
        '  c.csv:4: column "arr": expected an amount, not a percentage (got "12%")\n' +
        '  by column: column start_date: 1 row; column arr: 1 row',
    );
    const chinese = phraseIn(error.phrase!, zh);
    expect(chinese).toContain('c.csv：5 行中有 2 行有错误');
    expect(chinese).toContain('c.csv:3: "start_date" 列：应为真实存在的日历日期（YYYY-MM-DD）；2026-02-30 不存在（实际为 "2026-02-30"）');
    expect(chinese).toContain('c.csv:4: "arr" 列：应为金额，而不是百分比（实际为 "12%"）');
    expect(rejectReason({ column: 'arr', value: '12%', expected: money.expected, said: money.said }, 'zh-CN')).toBe('arr：应为金额，而不是百分比（实际为 "12%"）');
    expect(rejectReason({ column: 'arr', value: '12%', expected: money.expected, said: money.said })).toBe('arr: expected an amount, not a percentage (got "12%")');
  });

  it('a bad --map names the kind in the reader’s words and explains the form in Chinese, the flag as typed', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as UsageError;
      }
      throw new Error('expected a refusal');
    };
    const form = refusal(() => parseMapFlags(['Org ID account_id']));
    expect(form.message).toBe('--map "Org ID account_id" is not of the form "Header=field"');
    expect(phraseIn(form.phrase!, zh)).toBe('--map "Org ID account_id" 的格式不对：应为 --map "列名=字段"（文件中的列名，等号，csops 的字段名）');
    const noField = refusal(() => resolveUserMap('contracts', new Map([['Betrag', 'amount_usd']])));
    expect(noField.message).toBe('--map "Betrag=amount_usd": contracts has no field "amount_usd"');
    const contracts = messagesFor('zh-CN').t('import.kind_word', { kind: 'contracts' });
    expect(contracts).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(phraseIn(noField.phrase!, zh)).toBe(`--map "Betrag=amount_usd"：${contracts}没有 "amount_usd" 字段`);
    expect(phraseIn(noField.hintPhrase!, zh)).toMatch(new RegExp(`^${contracts}的字段：contract_id, `));
  });

  it('a key repeated down the file says in either language that it looks like one row per transaction', () => {
    const problems = [3, 4, 5].map((line) => {
      const expectedPhrase = importPhrase('import.expected.unique', { column: 'account_id', line: '2' });
      return { file: 'orders.csv', line, column: 'account_id', value: 'A-1', expected: expectedPhrase.text, expectedPhrase };
    });
    const error = strictFailure('orders.csv', 3, 4, problems, new Map([['account_id', 3]]));
    expect(error.hint).toBe('account_id repeats on many rows: the file looks like one row per transaction (an order line, a payment), while csops keeps one row per key; export one row per account, map a column that is unique per row as the key, or pass --skip-invalid to keep the first row of each');
    expect(phraseIn(error.hintPhrase!, zh)).toBe('account_id 在许多行中重复：该文件看起来是每条流水一行（一条订单明细、一笔付款），而 csops 每个键只保留一行；请按每个客户一行导出，或把每行都唯一的列映射为键，或加上 --skip-invalid 保留每个键的第一行');
    // one repeat in a long file is a mistake in a row, not the file's shape
    expect(strictFailure('orders.csv', 1, 40, problems.slice(0, 1), new Map([['account_id', 1]])).hintPhrase!.key).toBe('import.strict_hint');
  });

  it('lists in each language’s punctuation', () => {
    const list = listPhrase(['"a"', importPhrase('import.expected.number')]);
    expect(list.text).toBe('"a", expected a number');
    expect(phraseIn(list, zh)).toBe('"a"，应为数字');
  });
});
