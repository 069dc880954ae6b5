import { describe, expect, it } from 'vitest';
import { englishWords } from '../helpers/english-words.js';

/** The shared no-English checker of Chinese output (issue 24) fails on English and keeps what stays as it is. */
describe('englishWords', () => {
  it('finds the English words left in Chinese text, each once', () => {
    expect(englishWords('客户 ACC-0023 at risk：no login for 21 days，no login')).toEqual(['at', 'risk', 'no', 'login', 'for', 'days']);
    expect(englishWords('healthy 12')).toEqual(['healthy']);
  });

  it('keeps codes, units, ids, dates, paths, options, commands and config keys', () => {
    const text = '截至 2026-11-20（UTC）ARR 590,800 USD，GRR 98.6%，NPS 9 分；ACC-0023、T-1042；见 ./out/report.html 与 data.csv；--wide 显示全部；--columns help；见 --format json；csops import contacts；health.login_metric、exchange_rates；P1';
    expect(englishWords(text)).toEqual([]);
  });

  it('keeps the data values it is given, where they stand whole', () => {
    expect(englishWords('负责人 Liam Novak；客户 Bramble Shipping Ltd', { allow: ['Liam Novak', 'Bramble Shipping Ltd'] })).toEqual([]);
    // "login" given as a value is not cut out of a longer word or key
    expect(englishWords('logins down，health.login_metric', { allow: ['login'] })).toEqual(['logins', 'down']);
    // a command name is kept after csops only
    expect(englishWords('risk 有风险')).toEqual(['risk']);
  });
});
