import { UsageError } from '../errors.js';
import { errorPhrase } from './messages/errors.js';

import { LANGUAGES, type Language } from './language-codes.js';

export { LANGUAGES, type Language };

/** Where the language in force came from, for `csops config show` and error hints. */
export type LanguageSource = '--lang' | 'CSOPS_LANG' | 'config language' | 'LC_ALL' | 'LC_MESSAGES' | 'LANG' | 'default';

/**
 * A language as a person types it or a locale names it, in csops's spelling: `zh`, `zh-CN`, `zh_CN`,
 * `zh-Hans`, `zh-Hans-CN` (any case) are Simplified Chinese; `en`, `en-US`, `en_GB` … English.
 * Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not Simplified: undefined, as for any other language.
 */
export function languageNamed(name: string): Language | undefined {
  const tag = name.trim().replace(/_/g, '-').replace(/[.@].*$/, '').toLowerCase();
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag === 'zh-hans' || tag.startsWith('zh-hans-') || tag.startsWith('zh-cn-')) return 'zh-CN';
  return undefined;
}

export interface LanguageSettings {
  /** --lang, when given. */
  flag?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The config file's `language`, already validated. */
  configured?: Language;
}

/**
 * The language in force: --lang, then CSOPS_LANG, then the config's `language`, then the locale
 * (LC_ALL, else LC_MESSAGES, else LANG, as POSIX orders them: the first one set decides), else English.
 * A --lang or CSOPS_LANG csops does not speak is an error (it was asked for by name); a locale in
 * another language (de_DE.UTF-8, C, POSIX) means English.
 */
export function resolveLanguage({ flag, env, configured }: LanguageSettings): { language: Language; source: LanguageSource } {
  if (flag !== undefined) return { language: named(flag, '--lang'), source: '--lang' };
  const fromEnv = env.CSOPS_LANG?.trim();
  if (fromEnv) return { language: named(fromEnv, 'CSOPS_LANG'), source: 'CSOPS_LANG' };
  if (configured !== undefined) return { language: configured, source: 'config language' };
  for (const variable of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const locale = env[variable]?.trim();
    if (locale) return { language: languageNamed(locale) ?? 'en', source: variable };
  }
  return { language: 'en', source: 'default' };
}

function named(value: string, where: '--lang' | 'CSOPS_LANG'): Language {
  const language = languageNamed(value);
  if (language === undefined) {
    throw new UsageError(errorPhrase('error.bad_language', { where, value }), errorPhrase('error.bad_language_hint', { languages: LANGUAGES.join(' or ') }));
  }
  return language;
}
