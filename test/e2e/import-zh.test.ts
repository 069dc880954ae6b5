import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, sampleDatabase, tempDir, writeFile, type CliResult } from '../helpers/cli.js';
import { englishWords } from '../helpers/english-words-import.js';
import { ENCODING_NAMES } from '../../src/import/encoding-names.js';

/**
 * Issue 24, i24i: what `csops import` says when a file is wrong — and the errors around it (a bad
 * --as-of, a busy database) — in Simplified Chinese when asked (--lang, CSOPS_LANG, the config's
 * language), with the file:line context, the column and the value exactly as in English, the same
 * exit codes, and no English words but names, codes and what the user types.
 */

const csops = (dir: string, args: string[], env: Record<string, string> = {}): CliResult => runCli(args, { cwd: dir, env });

function expectChinese(result: CliResult, code: number, extra: readonly string[] = []): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(/[\u4e00-\u9fff]/);
  expect(englishWords(result.stderr, extra), result.stderr).toEqual([]);
}

describe('import refusals in Chinese, with file:line, column and value as in English', () => {
  it('a date that does not exist: exit 65, the line, the column, the value and what was expected; nothing imported', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name,customer_since\nA-1,Acme,2024-01-15\nA-2,Beta,2024-13-01\n');
    const zh = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv']);
    expectChinese(zh, 65, ['customer_since', 'account_id']);
    expect(zh.stderr).toContain('csops: accounts.csv：2 行中有 1 行有错误；该文件未导入任何数据');
    expect(zh.stderr).toContain('accounts.csv:3: "customer_since" 列：应为真实存在的日历日期（YYYY-MM-DD）；2024-13-01 不存在（实际为 "2024-13-01"）');
    expect(zh.stderr).toMatch(/^提示：请修正这些行/m);
    const en = csops(dir, ['--db', 'cs.db', 'import', 'accounts', 'accounts.csv']);
    expect(en.code).toBe(65);
    expect(en.stderr).toContain('accounts.csv:3: column "customer_since": expected a real calendar date (YYYY-MM-DD); 2024-13-01 does not exist (got "2024-13-01")');
    expect(en.stderr).toMatch(/^hint: fix the rows/m);
  });

  it('an unknown account, a bad amount and a day/month order it cannot tell, by CSOPS_LANG', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\n');
    expect(csops(dir, ['--db', 'cs.db', 'import', 'accounts', 'accounts.csv', '-q']).code).toBe(0);
    writeFile(dir, 'contracts.csv', 'contract_id,account_id,start_date,arr\nC-1,A-9,2026-01-01,1200\nC-2,A-1,2026-01-01,12%\nC-3,A-1,2026-01-01,1200\n');
    const result = csops(dir, ['--db', 'cs.db', 'import', 'contracts', 'contracts.csv'], { CSOPS_LANG: 'zh-CN' });
    expectChinese(result, 65, ['account_id', 'start_date', 'arr']);
    expect(result.stderr).toContain('contracts.csv:2: "account_id" 列：应为已导入的客户；客户 "A-9" 不存在（请先导入客户：csops import accounts <file>）（实际为 "A-9"）');
    expect(result.stderr).toContain('contracts.csv:3: "arr" 列：应为金额，而不是百分比（实际为 "12%"）');
    expect(result.stderr).toContain('按列：account_id 列：1 行；arr 列：1 行');
    // A day-month date no other date in the file settles.
    writeFile(dir, 'later.csv', 'contract_id,account_id,start_date,arr\nC-4,A-1,03/04/2026,1200\n');
    const ambiguous = csops(dir, ['--db', 'cs.db', 'import', 'contracts', 'later.csv'], { CSOPS_LANG: 'zh-CN' });
    expectChinese(ambiguous, 65, ['start_date']);
    expect(ambiguous.stderr).toBe('csops: later.csv:2: "start_date" 列：03/04/2026 既可能是日在前，也可能是月在前，文件中没有能确定顺序的日期\n提示：请指定 --date-format DD/MM/YYYY 或 --date-format MM/DD/YYYY\n');
  });

  it('a repeated key and an enumeration value it does not know, with the config asking for Chinese', () => {
    const dir = tempDir();
    writeFile(dir, 'csops.config.json', JSON.stringify({ language: 'zh-CN' }));
    writeFile(dir, 'surveys.csv', 'response_id,account_id,responded_at,kind,score\nR-1,A-1,2026-01-02,nps,9\nR-1,A-1,2026-01-03,nps,8\nR-2,A-1,2026-01-03,ces,3\n');
    writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\n');
    expect(csops(dir, ['--db', 'cs.db', 'import', 'accounts', 'accounts.csv', '-q']).code).toBe(0);
    const result = csops(dir, ['--db', 'cs.db', 'import', 'surveys', 'surveys.csv']);
    expectChinese(result, 65, ['response_id', 'kind', 'nps', 'csat', 'ces']);
    expect(result.stderr).toContain('surveys.csv:3: "response_id" 列：应为唯一的 response_id；该值已在第 2 行出现过（实际为 "R-1"）');
    expect(result.stderr).toMatch(/surveys\.csv:4: "kind" 列：应为以下之一：nps, csat（实际为 "ces"）/);
  });

  it('a missing required column: exit 65, the columns that map to nothing and the --map flags to add', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'Kundennummer,Firma\n1,Acme\n');
    const result = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv', '--yes']);
    expectChinese(result, 65, ['account_id', 'name', 'Kundennummer', 'Firma']);
    expect(result.stderr).toMatch(/^csops: accounts\.csv：缺少客户必需的列 "account_id", "name"（没有对应任何字段的列："Kundennummer", "Firma"）$/m);
    expect(result.stderr).toMatch(/^提示：请用 --map "\S+=account_id" --map "\S+=name" 指定列的对应关系/m);
  });

  it('a usage file without a metric (an activity log by user, as a product exports it): exit 65, what it lacks and what to export', () => {
    const dir = tempDir();
    writeFile(dir, 'logins.csv', 'user_id,activity_date\r\nu-1,2026-11-02\r\nu-2,2026-11-02\r\n');
    const result = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'usage', 'logins.csv']);
    expectChinese(result, 65, ['metric', 'value', 'event', 'login']); // column names and a value, quoted
    expect(result.stderr).toMatch(/^csops: logins\.csv：各行只有用户和日期，没有任何指标/m);
    expect(result.stderr).toMatch(/^提示：这像是按用户记录的活跃日志/m);
  });

  it('an empty file, a file with bytes that are not its encoding, and a missing file', () => {
    const dir = tempDir();
    writeFile(dir, 'empty.csv', '');
    expectChinese(csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'empty.csv']), 65);
    expect(csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'empty.csv']).stderr).toBe('csops: empty.csv：文件是空的\n提示：请重新导出数据；CSV 导出文件的第一行应是列名\n');
    // UTF-8 with one broken byte sequence: the row holding it is refused, naming the cell.
    writeFile(dir, 'broken.csv', Buffer.concat([Buffer.from('account_id,name\nA-1,Acme 上海\nA-2,Beta 广州\nA-3,Gamma 深圳\nA-4,Delta 北京\nA-5,'), Buffer.from([0xe5, 0x8c]), Buffer.from(' Ltd\n')]));
    const broken = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'broken.csv']);
    expectChinese(broken, 65, ['account_id', 'name', 'Ltd']);
    expect(broken.stderr).toContain('broken.csv:6: "name" 列：应为 UTF-8 编码的文本；此处的字节不是有效的 UTF-8');
    const missing = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'nowhere.csv']);
    expectChinese(missing, 66);
    expect(missing.stderr).toBe('csops: 无法读取 nowhere.csv：文件不存在\n提示：请检查路径；未导入任何数据\n');
  });
});

describe('exports csops refuses or finds lacking, workbooks, --encoding and --db in Chinese', () => {
  it('a Stripe invoices export, a Zoho export without its id, an old .xls, an unknown --encoding, a --db it cannot use; English as it was', () => {
    const dir = tempDir();
    writeFile(dir, 'invoices.csv', 'id,Amount Due,Customer,Subscription,Amount Paid\nin_1,100,cus_1,sub_1,100\n');
    writeFile(dir, 'zoho.csv', 'Account Name,Account Owner,Account Type\nAcme,Ann,Customer\n');
    // An OLE2 compound file: what Excel 97–2003 wrote.
    writeFile(dir, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const zh = (args: string[]) => csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', ...args]);
    const invoices = zh(['import', 'contracts', 'invoices.csv']);
    expectChinese(invoices, 65, ['Stripe', 'Dashboard', 'Billing', 'Subscriptions', 'Export', 'Customers']);
    expect(invoices.stderr).toMatch(/^csops: invoices\.csv 是 Stripe 发票导出文件：csops 不导入这类文件；发票是付款记录，不是合同/);
    expect(invoices.stderr).toMatch(/^提示：请改为导出 Stripe 订阅/m);
    const zoho = zh(['import', 'accounts', 'zoho.csv']);
    expectChinese(zoho, 65, ['Zoho', 'CRM', 'ACCOUNTID', 'account_id']);
    expect(zoho.stderr).toMatch(/^提示：请在 Zoho CRM 导出中加入 "ACCOUNTID"/m);
    const xls = zh(['import', 'accounts', 'old.xls']);
    expectChinese(xls, 65, ['Excel', 'LibreOffice', 'UTF']);
    expect(xls.stderr).toBe('csops: old.xls：这是旧的二进制 Excel 工作簿（.xls，Excel 97–2003），csops 不读取这种格式\n提示：请在 Excel 或 LibreOffice 中打开，另存为 .xlsx（Excel 工作簿）或 "CSV UTF-8"，再导入该文件\n');
    const encoding = zh(['import', 'accounts', 'zoho.csv', '--encoding', 'klingon']);
    expectChinese(encoding, 2, ['klingon', ...ENCODING_NAMES]);
    expect(encoding.stderr).toMatch(/^csops: --encoding "klingon" 不是 csops 能读取的编码\n提示：请使用以下之一：utf-8, /);
    const db = csops(dir, ['--lang', 'zh-CN', '--db', 'mysql://u:secret@h/db', 'risk']);
    expectChinese(db, 2, ['mysql', 'SQLite', 'PostgreSQL']);
    expect(db.stderr).toMatch(/^csops: --db mysql:\/\/u:\*\*\*@h\/db 是 mysql: 地址，csops 无法使用$/m);
    expect(csops(dir, ['--db', 'cs.db', 'import', 'accounts', 'old.xls']).stderr).toBe(
      'csops: old.xls: this is an old binary Excel workbook (.xls, Excel 97–2003), which csops does not read\nhint: open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook) or as "CSV UTF-8", then import that file\n',
    );
  });
});

describe('the import summary and its notes in Chinese', () => {
  it('says the guesses out loud (encoding, day/month order, currency), lists ignored columns, and the table has Chinese titles', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', iconv.encode('account_id,name,区域备注\nA-1,北京远航科技有限公司,华北\nA-2,上海云帆信息技术有限公司,华东\nA-3,深圳星河数据服务有限公司,华南\n', 'gb18030'));
    writeFile(dir, 'contracts.csv', 'contract_id,account_id,start_date,end_date,arr\nC-1,A-1,25/03/2026,24/03/2027,120000\nC-2,A-2,01/02/2026,31/01/2027,"88,000"\n');
    const result = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts.csv', 'contracts.csv']);
    expect(result.code, result.stderr).toBe(0);
    expect(englishWords(result.stderr + result.stdout, ['account_id', 'start_date', 'end_date', 'arr', 'GB18030'])).toEqual([]);
    expect(result.stderr).toContain('accounts.csv：忽略了列 "区域备注"（没有对应的字段；可用 --map "列名=字段" 把列对应到字段）');
    expect(result.stderr).toMatch(/警告：accounts\.csv：按 GB18030 读取（不是 UTF-8；检测置信度 \d+%/);
    expect(result.stderr).toContain('警告：contracts.csv：日期按日/月/年读取（根据文件中的日期判断）');
    expect(result.stderr).toContain('警告：contracts.csv：arr：没有币种列；按 USD（配置的币种）读取');
    expect(result.stderr).toMatch(/contracts\.csv：导入了 2 行（新增 2，更新 0，未变 0，拒绝 0）/);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^文件\s+类型\s+状态\s+行数\s+新增\s+更新\s+未变\s+拒绝$/);
    expect(lines[1]).toMatch(/^accounts\.csv\s+客户\s+已导入\s+3\s+3\s+0\s+0\s+0$/);
    // Importing the same file again is skipped, and said so.
    const again = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/警告：accounts\.csv：与 accounts\.csv 相同，已于 \S+ 以相同设置导入（第 1 次运行）；如需再次导入，请加 --force/);
    expect(again.stdout).toMatch(/已跳过/);
    // JSON stays the API: English keys, values and notes.
    const json = JSON.parse(csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv', '--format', 'json']).stdout) as { files: Array<{ status: string; notes: string[] }> };
    expect(json.files[0]!.status).toBe('skipped');
    expect(json.files[0]!.notes[0]).toMatch(/^identical to accounts\.csv, imported with the same settings/);
    const md = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv', '--format', 'md', '--force']);
    expect(md.stdout.split('\n')[0]).toBe('| 文件 | 类型 | 状态 | 行数 | 新增 | 更新 | 未变 | 拒绝 |');
    const csv = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv', '--format', 'csv', '--force']);
    expect(csv.stdout.split('\n')[0]).toBe('file,kind,status,rows,inserted,updated,unchanged,rejected');
    expect(csv.stdout.split('\n')[1]).toMatch(/^accounts\.csv,accounts,imported,/);
  });

  it('--skip-invalid: the rejects file keeps its English header and gives the reason in Chinese', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name,employees\nA-1,Acme,120\nA-2,Beta,many\n');
    const result = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv', '--skip-invalid', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('将有 1 行被拒绝；第一个问题：accounts.csv:3: "employees" 列：应为整数（实际为 "many"）');
    expect(result.stderr).toContain('试运行：未写入任何内容');
    const real = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv', '--skip-invalid']);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).toContain(`警告：accounts.csv：1 行被拒绝，已写入 ${path.join(dir, 'accounts.rejects.csv')}`);
    const rejects = fs.readFileSync(path.join(dir, 'accounts.rejects.csv'), 'utf8').split('\n');
    expect(rejects[0]).toBe('line,reason,account_id,name,employees');
    expect(rejects[1]).toBe('3,"employees：应为整数（实际为 ""many""）",A-2,Beta,many');
  });
});

describe('errors around the import in Chinese, exit codes unchanged', () => {
  const holders: ChildProcess[] = [];
  afterAll(() => {
    for (const holder of holders) holder.kill('SIGKILL');
  });

  it('a bad --as-of exits 2 in Chinese, even when the config asking for Chinese is the language source', () => {
    const dir = tempDir();
    const flagged = csops(dir, ['--lang', 'zh-CN', '--as-of', '2026-02-30', 'risk']);
    expectChinese(flagged, 2);
    expect(flagged.stderr).toBe('csops: --as-of "2026-02-30" 不是日期\n提示：请给出 YYYY-MM-DD 格式的日历日期，例如 --as-of 2026-11-20\n');
    writeFile(dir, 'csops.config.json', JSON.stringify({ language: 'zh-CN' }));
    expect(csops(dir, ['--as-of', 'tomorrow', 'risk']).stderr).toMatch(/^csops: --as-of "tomorrow" 不是日期$/m);
    // The locale alone: LANG=zh_CN.UTF-8 with no config.
    fs.rmSync(path.join(dir, 'csops.config.json'));
    expect(csops(dir, ['--as-of', 'tomorrow', 'risk'], { LANG: 'zh_CN.UTF-8' }).stderr).toMatch(/^提示：/m);
    expect(csops(dir, ['--as-of', 'tomorrow', 'risk']).stderr).toBe('csops: --as-of "tomorrow" is not a date\nhint: give a calendar date as YYYY-MM-DD, e.g. --as-of 2026-11-20\n');
  });

  it('a --lang or CSOPS_LANG csops does not speak is refused (exit 2), worded in the language of the locale when it has one', () => {
    const dir = tempDir();
    const bad = csops(dir, ['--lang', 'fr', 'risk']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('csops: --lang "fr" is not a language csops writes');
    const viaEnv = csops(dir, ['risk'], { CSOPS_LANG: 'klingon', LANG: 'zh_CN.UTF-8' });
    expect(viaEnv.code).toBe(2);
    // CSOPS_LANG is not a language: the locale words the error about it.
    expect(viaEnv.stderr).toBe('csops: CSOPS_LANG "klingon" 不是 csops 支持的语言\n提示：请用 en or zh-CN（zh、zh_CN 和 zh-Hans 都表示 zh-CN）\n');
  });

  it('a bad --format (flag or CSOPS_FORMAT) and a config that is not valid: exit 2 in Chinese; English byte for byte as Commander wrote it', () => {
    const dir = tempDir();
    const flag = csops(dir, ['--lang', 'zh-CN', 'risk', '--format', 'xml']);
    expectChinese(flag, 2);
    expect(flag.stderr).toBe('csops: --format 不接受 "xml"，可选值为 table, json, ndjson, csv, md, html\n提示：用 --help 运行该命令可查看其选项和示例\n');
    const env = csops(dir, ['risk'], { CSOPS_FORMAT: 'xml', CSOPS_LANG: 'zh-CN' });
    expectChinese(env, 2);
    expect(env.stderr).toMatch(/^csops: 环境变量 CSOPS_FORMAT 的值 "xml" 不可用作 --format/);
    expect(csops(dir, ['risk', '--format', 'xml']).stderr).toBe("csops: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, ndjson, csv, md, html.\nhint: run the command with --help for its options and examples\n");
    expect(csops(dir, ['risk'], { CSOPS_FORMAT: 'xml' }).stderr).toBe("csops: option '--format <format>' value 'xml' from env 'CSOPS_FORMAT' is invalid. Allowed choices are table, json, ndjson, csv, md, html.\nhint: run the command with --help for its options and examples\n");
    writeFile(dir, 'csops.config.json', '{"time_zone": ');
    const broken = csops(dir, ['--lang', 'zh-CN', 'risk']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^csops: 配置文件 \S+csops\.config\.json 不是有效的 JSON：/);
    // Every line of it too: zod's findings (a type, a bound), the schema's own rules, an unknown key, a record's bad key.
    writeFile(dir, 'csops.config.json', JSON.stringify({ busy_timeout_ms: 'soon', time_zone: 'Mars/Base', tiers: { high_touch: { min_arr: -5 } }, exchange_rates: { eur: 1.1 }, bogus: 1 }));
    const invalid = csops(dir, ['risk'], { LANG: 'zh_CN.UTF-8' });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^csops: 配置（\S+csops\.config\.json）无效：$/m);
    expect(invalid.stderr).toMatch(/^  busy_timeout_ms：类型不对：应为数字；实际为 "soon"$/m);
    expect(invalid.stderr).toMatch(/^  time_zone：不是时区名称，例如 "Asia\/Shanghai" 或 "UTC"；实际为 "Mars\/Base"$/m);
    expect(invalid.stderr).toMatch(/^  tiers\.high_touch\.min_arr：太小：应 ≥ 0；实际为 -5$/m);
    expect(invalid.stderr).toMatch(/^  exchange_rates：键 "eur" 不是 ISO-4217 货币代码$/m);
    expect(invalid.stderr).toMatch(/^  bogus：未知的键；此处可用的键：database, /m);
    expect(invalid.stderr).toMatch(/^提示：请修正上面列出的键/m);
    const keys = invalid.stderr.split('此处可用的键：')[1]!.split('\n')[0]!.split(', ');
    expectChinese(invalid, 2, [...keys, 'bogus', 'eur', 'soon', 'Mars/Base', 'busy_timeout_ms', 'time_zone', 'exchange_rates']);
    const english = csops(dir, ['risk']);
    expect(english.stderr).toContain('\n  busy_timeout_ms: Invalid input: expected number, received string; found "soon"\n');
    expect(english.stderr).toContain('\n  tiers.high_touch.min_arr: Too small: expected number to be >=0; found -5\n');
    expect(english.stderr).toContain('\n  exchange_rates: key "eur" is not an ISO-4217 code\n');
  });

  it('csops db info and db migrate speak Chinese too; an unknown organisation is said with its rows', () => {
    const dir = tempDir();
    writeFile(dir, 'accounts.csv', 'account_id,name\nA-1,Acme\n');
    writeFile(dir, 'tickets.csv', 'ticket_id,organization,created_at,priority\nT-1,Globex,2026-01-02T10:00:00Z,high\nT-2,Globex,2026-01-03T10:00:00Z,low\nT-3,Initech,2026-01-04T10:00:00Z,low\n');
    expect(csops(dir, ['--db', 'cs.db', 'import', 'accounts', 'accounts.csv', '-q']).code).toBe(0);
    const tickets = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'import', 'tickets', 'tickets.csv']);
    expect(tickets.code, tickets.stderr).toBe(0);
    expect(englishWords(tickets.stderr, ['Globex', 'Initech'])).toEqual([]);
    expect(tickets.stderr).toContain('警告：tickets.csv：有 3 条工单所写的组织 csops 不认识，已作为未匹配数据导入："Globex"（2），"Initech"（1）；导入这些客户（或为其设置域名）后即会关联');
    const info = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'db', 'info']);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/^SQLite \S+ · cs\.db · 结构版本 \d+（最新 \d+）$/m);
    expect(info.stdout).toMatch(/^最近导入\s+文件\s+完成时间\s+行数\s+新增\s+更新\s+拒绝$/m);
    expect(englishWords(info.stdout, ['import_runs', 'usage_daily', 'snapshot_runs', 'tier_snapshots', 'health_snapshots', 'churn_models', 'alert_events', 'alert_syncs', 'alert_deliveries', 'contact_events', 'contact_roles', 'product_user_weeks', 'alerts', 'SQLite'])).toEqual([]);
    // csv keeps its keys whatever the language.
    expect(csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'db', 'info', '--format', 'csv']).stdout.split('\n')[0]).toBe('table,rows');
    const migrate = csops(dir, ['--db', 'cs.db', '--lang', 'zh-CN', 'db', 'migrate']);
    expect(migrate.stderr).toMatch(/^cs\.db 已是最新（结构版本 \d+）$/m);
  });

  it('a busy database: exit 75 in Chinese, nothing written', async () => {
    const dir = tempDir();
    const db = sampleDatabase(dir);
    writeFile(dir, 'csops.config.json', JSON.stringify({ busy_timeout_ms: 100 }));
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const script = `const D = require(${JSON.stringify(betterSqlite)}); const d = new D(${JSON.stringify(db)}); d.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
    const holder = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    holders.push(holder);
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => (chunk.toString().includes('locked') ? resolve() : undefined));
      holder.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
    });
    try {
      const result = csops(dir, ['--db', db, '--lang', 'zh-CN', 'import', 'accounts', 'accounts.csv', '-q']);
      expectChinese(result, 75);
      expect(result.stderr).toContain(`csops: 数据库 ${db} 正忙：另一个进程正在写入`);
      expect(result.stderr).toMatch(/^提示：请等它完成后再试（csops 已按配置中的 busy_timeout_ms 等待后放弃）；本命令正在写入的内容已回滚$/m);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
