import { describe, expect, it } from 'vitest';
import { englishWords } from '../helpers/english-words.js';

/** The shared no-English checker of Chinese output (issue 24) fails on English and keeps what stays as it is. */
describe('englishWords', () => {
  it('finds the English words left in Chinese text, each once', () => {
    expect(englishWords('客户 ACC-0023 at risk：no login for 21 days，no login')).toEqual(['at', 'risk', 'no', 'login', 'for', 'days']);
    expect(englishWords('healthy 12')).toEqual(['healthy']);
    expect(englishWords('YYYY-MM-DD Www MM')).toEqual(['Www', 'MM']);
  });

  it('keeps codes, units, ids, dates, paths, options, commands and config keys', () => {
    const text = '截至 2026-11-20（UTC）ARR 590,800 USD，GRR 98.6%，NPS 9 分；ACC-0023、T-1042；见 ./out/report.html 与 data.csv；--wide 显示全部；--columns help；见 --format json；csops import contacts；health.login_metric、exchange_rates；P1；请按 YYYY-MM-DD、YYYY-Www、DD/MM/YYYY 或 HH:MM 格式给出（ISO 周）';
    expect(englishWords(text)).toEqual([]);
  });

  it('keeps the data values it is given, where they stand whole', () => {
    expect(englishWords('负责人 Liam Novak；客户 Bramble Shipping Ltd', { allow: ['Liam Novak', 'Bramble Shipping Ltd'] })).toEqual([]);
    // "login" given as a value is not cut out of a longer word or key
    expect(englishWords('logins down，health.login_metric', { allow: ['login'] })).toEqual(['logins', 'down']);
    // a command name is kept after csops only
    expect(englishWords('risk 有风险')).toEqual(['risk']);
  });

  it('takes a csops command as typed: its commands, options with their values and arguments, up to the first word that is none of these', () => {
    expect(englishWords('有风险的客户（csops risk --band at_risk,critical）')).toEqual([]);
    expect(englishWords('  csops --as-of 2026-11-20 renewals --within 120d\n  csops import <accounts|contracts> data/a.csv --map "Org ID=account_id"\n  csops alerts ack 11 --note "called them"')).toEqual([]);
    // prose after a command is prose: an English sentence is caught, and an option does not hide one
    expect(englishWords('csops demo: the sample company')).toEqual(['the', 'sample', 'company']);
    expect(englishWords('请运行 csops risk --wide to see every column')).toEqual(['see', 'every', 'column']);
    expect(englishWords('csops risk shows accounts at risk')).toEqual(['shows', 'accounts', 'at', 'risk']);
    // a value typed for an option is kept only after a csops command, not in a sentence
    expect(englishWords('请用 --band critical 筛选')).toEqual(['critical']);
  });

  it('takes a `cd <folder>` line, paths up to CJK text, encodings and product names as they are, and nothing around them', () => {
    expect(englishWords('已写入 /tmp/csops-demo-FXg2Ti：\n  cd /tmp/csops-demo-FXg2Ti\n  value-ACC-0003.html  价值报告', { allow: ['ACC-0003'] })).toEqual([]);
    expect(englishWords('cd to the folder')).toEqual(['cd', 'to', 'the', 'folder']);
    // a path ends where Chinese starts: the words after it are read
    expect(englishWords('正在导入 sample-data/exports/（Salesforce、Zendesk 和 Other formats）')).toEqual(['Other', 'formats']);
    expect(englishWords('按 GB18030 读取；GBK 或 Big5；Google Ads 报告；Google Docs')).toEqual(['Google', 'Docs']);
  });
});
