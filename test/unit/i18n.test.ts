import { describe, expect, it } from 'vitest';
import { languageNamed, resolveLanguage } from '../../src/i18n/languages.js';
import { CATALOGUES, messagesFor, type MessageKey } from '../../src/i18n/messages.js';
import { en } from '../../src/i18n/messages/en.js';
import { GLOSSARY } from '../../src/i18n/glossary.js';
import { ExitCode, UsageError } from '../../src/errors.js';
import { englishWords, KEPT_WORDS, PRODUCT_NAMES } from '../helpers/english-words.js';
import { KINDS } from '../../src/import/kinds.js';
import { PRESET_SHAPES } from '../../src/import/presets.js';

/** Each message as a reader sees it: functions called with sample values (the values themselves are not checked). */
function rendered(language: 'en' | 'zh-CN'): Array<[MessageKey, string]> {
  const catalogue = CATALOGUES[language] as Record<string, unknown>;
  // A value reads as {name} in the text; as a list it is one item, {name} (an array whose text is its name).
  const value = (name: string) => Object.assign([`{${name}}`], { toString: () => `{${name}}` });
  return Object.entries(catalogue).map(([key, entry]) => [key as MessageKey, typeof entry === 'function' ? String((entry as (p: unknown) => string)(new Proxy({}, { get: (_, name) => value(String(name)) }))) : String(entry)]);
}

describe('the message catalogues', () => {
  it('zh-CN has every key English has, and no key English lacks', () => {
    expect(Object.keys(CATALOGUES['zh-CN']).sort()).toEqual(Object.keys(en).sort());
  });

  it('zh-CN text holds no English words but the codes people use as they are (GRR, NRR, SLA, ARR …)', () => {
    // Product names (Salesforce …) are names: the shared checker keeps them too.
    const codes = new Set(['GRR', 'NRR', 'SLA', 'ARR', 'CSAT', 'NPS', 'CSM', ...KEPT_WORDS, ...PRODUCT_NAMES.flatMap((name) => name.split(' '))]);
    // What a user types or reads as it is (i24i: errors and import): option names and their values,
    // csops command lines, quoted text, file names and config keys, shell commands, codes and formats.
    const asTyped = new Set(['ISO', 'ASCII', 'Unicode', 'MB', 'tr', 'Qualtrics', 'NUL', 'FIFO', 'JSON', 'CI', 'accounts', 'contracts', 'usage', 'tickets', 'surveys', 'contacts', 'touchpoints', 'MRR', 'ID', 'HH', 'SS', 'nps', 'csat', 'UTF', 'NUL', 'FIFO', 'CSV', 'HTML', 'SQLite', 'PostgreSQL', 'Excel', 'LibreOffice', 'Unix', 'USD', 'EUR', 'CNY', 'YYYY', 'MM', 'DD', 'df', 'dmesg', 'sqlite', 'true', 'false', 'yes', 'no', 'Good', 'Bad', 'table', 'json', 'ndjson', 'csv', 'md', 'risk', 'tier', 'renewals', 'report', 'account', 'metrics', 'value', 'zh', 'zh_CN', 'Hans', 'CN', 'wal', 'shm',
      // errors of the commands (command-errors.ts): formats, codes, file types and shell commands as typed
      'Www', 'URL', 'http', 'https', 'export', 'iCalendar', 'PDF', 'PNG', 'BLOB', 'PRAGMA', 'zip', 'gzip', 'gunzip', 'createdb', 'npm', 'install', 'PGPASSWORD', 'header',
      // PostgreSQL errors (postgres-errors.ts): libpq variables, SQL as typed, sslmode values, type names
      'PGUSER', 'PGHOST', 'PGPORT', 'PG', 'SQLSTATE', 'GRANT', 'CREATE', 'USAGE', 'ON', 'SCHEMA', 'TO', 'DATABASE', 'schema', 'sslmode', 'disable', 'prefer', 'require', 'verify', 'ca', 'full', 'sslrootcert', 'numeric', 'JavaScript',
      // alerts push's problems: the HTTP header a server asks a wait with (Retry-After), as named
      'Retry', 'After']);
    const typed = (text: string) =>
      text
        .replace(/--[\w-]+(?: [\w-]+)?/g, '')
        // a csops command line (a {value} or an option taken out leaves two spaces in it), then <placeholders>
        .replace(/csops(?: +[\w<>./-]+)*/g, '')
        .replace(/<[\w-]+>/g, '')
        .replace(/"[^"]*"/g, '')
        .replace(/[\w.-]*[._/=:@][\w./=:@-]*/g, '');
    for (const [key, text] of rendered('zh-CN')) {
      const words = (typed(text.replace(/\{[A-Za-z_]+\}/g, '')).match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !asTyped.has(word));
      expect(words.filter((word) => !codes.has(word)), key).toEqual([]);
    }
  });

  it('names every kind of file and every export csops knows in Chinese, keeping product names (the catalogue test above sees neither: they are looked up)', () => {
    const zh = messagesFor('zh-CN');
    const en = messagesFor('en');
    for (const kind of KINDS) {
      expect(en.t('import.kind_word', { kind })).toBe(kind);
      expect(englishWords(zh.t('import.kind_word', { kind })), kind).toEqual([]);
    }
    for (const { label } of PRESET_SHAPES) {
      expect(en.t('import.preset_label', { label })).toBe(label);
      const said = zh.t('import.preset_label', { label });
      expect(said, label).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(said), label).toEqual([]);
    }
  });

  it('one idea, one word: no zh-CN message uses a translation the glossary avoids', () => {
    for (const [key, text] of rendered('zh-CN')) {
      for (const entry of Object.values(GLOSSARY)) for (const avoided of 'avoid' in entry ? entry.avoid : []) expect(text, `${key} uses ${avoided}`).not.toContain(avoided);
    }
  });

  it('a key missing in a language falls back to English', () => {
    const saved = CATALOGUES['zh-CN']['band.unknown'];
    delete CATALOGUES['zh-CN']['band.unknown'];
    try {
      expect(messagesFor('zh-CN').t('band.unknown')).toBe('unknown');
    } finally {
      CATALOGUES['zh-CN']['band.unknown'] = saved;
    }
    expect(messagesFor('zh-CN').t('band.unknown')).toBe('未知');
  });

  it('writes values into their messages', () => {
    expect(messagesFor('en').t('common.as_of', { day: '2026-11-20', zone: 'Asia/Shanghai' })).toBe('as of 2026-11-20 (Asia/Shanghai)');
    expect(messagesFor('zh-CN').t('common.as_of', { day: '2026-11-20', zone: 'Asia/Shanghai' })).toBe('截至 2026-11-20（Asia/Shanghai）');
    expect(messagesFor('zh-CN').t('metric.grr')).toBe('总收入留存率（GRR）');
  });

  it("words a config problem zod found from its code, and one it has no words for with zod's English as the detail", () => {
    const problem = { message: 'Invalid input: expected number, received string', code: 'invalid_type', expected: 'number', limit: null, inclusive: false, origin: null, values: null };
    expect(messagesFor('zh-CN').t('config.problem', problem)).toBe('类型不对：应为数字');
    expect(messagesFor('zh-CN').t('config.problem', { ...problem, code: 'invalid_union', message: 'Invalid input' })).toBe('值无效（Invalid input）');
    expect(messagesFor('en').t('config.problem', { ...problem, code: 'invalid_union', message: 'Invalid input' })).toBe('Invalid input');
  });
});

describe('dates, numbers and money for people', () => {
  it('writes a day in a sentence as 2026年11月20日 in Chinese, ISO in English', () => {
    expect(messagesFor('zh-CN').proseDate('2026-11-20')).toBe('2026年11月20日');
    expect(messagesFor('zh-CN').proseDate('2026-01-05')).toBe('2026年1月5日');
    expect(messagesFor('en').proseDate('2026-11-20')).toBe('2026-11-20');
    expect(messagesFor('zh-CN').proseDate('not a day')).toBe('not a day');
  });

  it('groups thousands the same way in both languages', () => {
    for (const language of ['en', 'zh-CN'] as const) {
      expect([0, 999, 1000, 1_234_567.5, -2_500, 0.125].map(messagesFor(language).number)).toEqual(['0', '999', '1,000', '1,234,567.5', '-2,500', '0.13']);
    }
  });

  it('shows money with its currency, ¥ for yuan in Chinese, 万 for large amounts when asked', () => {
    const zh = messagesFor('zh-CN');
    expect(zh.money(465_900, 'CNY')).toBe('¥465,900');
    expect(zh.money(465_900, 'CNY', { wan: true })).toBe('¥46.59万');
    expect(zh.money(1_234_567_890, 'CNY', { wan: true })).toBe('¥123,456.79万');
    expect(zh.money(9_999, 'CNY', { wan: true })).toBe('¥9,999');
    expect(zh.money(465_900, 'USD', { wan: true })).toBe('46.59万 USD');
    expect(messagesFor('en').money(465_900, 'CNY', { wan: true })).toBe('465,900 CNY');
  });
});

describe('the language in force', () => {
  it('reads the names people and locales give a language', () => {
    expect(['zh', 'zh-CN', 'zh_CN', 'ZH-cn', 'zh-Hans', 'zh-Hans-CN', 'zh_CN.UTF-8', 'zh_CN.GB18030', 'zh_SG'].map(languageNamed)).toEqual(Array(9).fill('zh-CN'));
    expect(['en', 'en_US.UTF-8', 'en-GB'].map(languageNamed)).toEqual(['en', 'en', 'en']);
    expect(['zh_TW.UTF-8', 'zh-Hant', 'zh_HK', 'de_DE.UTF-8', 'C', 'POSIX', ''].map(languageNamed)).toEqual(Array(7).fill(undefined));
  });

  it('takes --lang, then CSOPS_LANG, then the config, then LC_ALL, LC_MESSAGES and LANG, else English', () => {
    const env = { CSOPS_LANG: 'en', LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' };
    expect(resolveLanguage({ flag: 'zh-CN', env })).toEqual({ language: 'zh-CN', source: '--lang' });
    expect(resolveLanguage({ env, configured: 'zh-CN' })).toEqual({ language: 'en', source: 'CSOPS_LANG' });
    expect(resolveLanguage({ env: { LC_ALL: 'zh_CN.UTF-8' }, configured: 'en' })).toEqual({ language: 'en', source: 'config language' });
    expect(resolveLanguage({ env: { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' } })).toEqual({ language: 'zh-CN', source: 'LC_ALL' });
    expect(resolveLanguage({ env: { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' } })).toEqual({ language: 'zh-CN', source: 'LC_MESSAGES' });
    expect(resolveLanguage({ env: { LANG: 'zh_CN.UTF-8' } })).toEqual({ language: 'zh-CN', source: 'LANG' });
    // The first locale variable set decides, even when it is another language (POSIX).
    expect(resolveLanguage({ env: { LC_ALL: 'de_DE.UTF-8', LANG: 'zh_CN.UTF-8' } })).toEqual({ language: 'en', source: 'LC_ALL' });
    expect(resolveLanguage({ env: { CSOPS_LANG: '  ', LANG: '' } })).toEqual({ language: 'en', source: 'default' });
  });

  it('refuses a --lang or CSOPS_LANG it does not write, as a usage error naming the choices', () => {
    for (const settings of [{ flag: 'fr', env: {} }, { env: { CSOPS_LANG: 'zh-TW' } }]) {
      let error: unknown;
      try {
        resolveLanguage(settings);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(ExitCode.usage);
      expect((error as UsageError).hint).toContain('en or zh-CN');
    }
  });
});
