import type { Language } from './languages.js';
import { formatNumber } from '../core/money.js';
import { en, type Catalogue } from './messages/en.js';
import { zhCN } from './messages/zh-CN.js';
import { phraseIn, type Entry, type Phrase } from '../errors.js';

export type { Catalogue };
export type MessageKey = keyof Catalogue;
type Params<K extends MessageKey> = Catalogue[K] extends (params: infer P) => string ? [params: P] : [];

export const CATALOGUES: Record<Language, Partial<Catalogue>> = { en, 'zh-CN': zhCN };

/** A phrase (errors.ts) in a language: English is the phrase's own text (byte for byte what it always was), another language words it from its catalogue. */
export function phraseInLanguage(phrase: Phrase, language: Language): string {
  return language === 'en' ? phrase.text : phraseIn(phrase, CATALOGUES[language] as Record<string, Entry | undefined>);
}

/** What a printer writes people's text with: the language's strings (English where one is missing), dates, numbers and money. */
export interface Messages {
  language: Language;
  t<K extends MessageKey>(key: K, ...params: Params<K>): string;
  /** A day in a sentence: 2026-11-20 in English, 2026年11月20日 in Chinese (tables keep ISO). */
  proseDate(ymd: string): string;
  /** A count or amount for people: thousands grouped (1,234,567 in both languages). */
  number(value: number): string;
  /** An amount with its currency: "465,900 USD"; in Chinese ¥ for CNY, and 万 for large amounts when asked. */
  money(amount: number, currency: string, options?: { wan?: boolean }): string;
}

export function messagesFor(language: Language): Messages {
  // English where the language has no string of its own; looked up per key (no merged copy of thousands of keys).
  const own = CATALOGUES[language] as Record<string, unknown>;
  const english = en as Record<string, unknown>;
  const number = formatNumber;
  return {
    language,
    t(key, ...params) {
      const entry = (own[key] ?? english[key]) as string | ((params: unknown) => string);
      return typeof entry === 'function' ? entry(params[0]) : entry;
    },
    proseDate(ymd) {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
      if (language !== 'zh-CN' || !match) return ymd;
      return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
    },
    number,
    money(amount, currency, options = {}) {
      if (language !== 'zh-CN') return `${number(amount)} ${currency}`;
      const wan = options.wan === true && Math.abs(amount) >= 10_000;
      const shown = wan ? `${number(Math.round(amount / 100) / 100)}万` : number(amount);
      return currency === 'CNY' ? `¥${shown}` : `${shown} ${currency}`;
    },
  };
}
