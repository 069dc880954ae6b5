/**
 * The no-English check of Chinese output (issue 24): what is left of a text once the things that stay
 * as they are in any language are taken out (names and other values from the user's data, ids, codes,
 * units, file paths, option and command names, config keys, numbers) must hold no English word. Shared
 * by the e2e tests of every command with Chinese output.
 */
import Database from 'better-sqlite3';
import { ENCODING_NAMES } from '../../src/import/encoding-names.js';

/** Acronyms, units and codes csops's Chinese output keeps as they are. */
export const KEPT_WORDS: readonly string[] = [
  'ARR', 'GRR', 'NRR', 'SLA', 'CSV', 'JSON', 'NDJSON', 'HTML', 'HTTP', 'CRM', 'NPS', 'CSAT', 'AUC', 'ROC', 'UTC', 'ID', 'KPI', 'CSM', 'P1', 'P2', 'P3', 'P4', 'ISO',
  // currencies (ISO 4217 codes as csops prints them)
  'USD', 'CNY', 'EUR', 'GBP', 'JPY', 'HKD', 'SGD', 'AUD', 'CAD', 'CHF', 'INR',
  // the program itself and the documents its sentences cite (DOMAIN §5)
  'csops', 'DOMAIN', 'SPEC',
];

/** csops's commands and subcommands: named in hints ("csops import contacts"), never translated. */
export const COMMAND_WORDS: ReadonlySet<string> = new Set([
  'risk', 'renewals', 'tier', 'metrics', 'retention', 'acquisition', 'import', 'contacts', 'contact_roles', 'touchpoints', 'usage', 'tickets', 'surveys', 'contracts', 'accounts',
  'account', 'value', 'alerts', 'sync', 'export', 'report', 'weekly', 'monthly', 'demo', 'init', 'config', 'show', 'db', 'churn-model', 'fit', 'backtest', 'completion',
  'validate', 'schema', 'info', 'migrate', 'copy', 'ack', 'done', 'snooze', 'push',
]);

/**
 * The products whose exports csops reads (import/presets.ts, and the usage export of the demo) and
 * whose names its Chinese output keeps: names, as a person's or a company's are. Whole names, so
 * "Google Ads" keeps "Ads" there only.
 */
export const PRODUCT_NAMES: readonly string[] = [
  'Salesforce', 'HubSpot', 'Zendesk', 'Freshdesk', 'Jira', 'WukongCRM', 'Stripe', 'Zoho CRM', 'ServiceNow', 'Google Analytics 4', 'Google Ads', 'Mixpanel',
];

/** Text that is not prose: CJK characters and full-width punctuation end a path, a command or a value. */
const TYPED = "[^\\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]";

/** A typed value after an option: `json`, `at_risk,critical`, `2026-11-20`, `120d`, `"Org ID=account_id"`; no trailing comma or full stop. */
const OPTION_VALUE = new RegExp(`^ +("[^"]*"|'[^']*'|(?!--)${TYPED}*[A-Za-z0-9_>*"'])`);

/**
 * A csops command line as typed: `csops`, then commands (COMMAND_WORDS), options with their values,
 * and arguments that are ids, numbers, dates, paths or <placeholders>. It ends at the first word that
 * is none of these, so prose after a command is still read.
 */
function typedCommandEnd(text: string, start: number): number {
  let at = start + 'csops'.length;
  for (;;) {
    const rest = text.slice(at);
    const option = /^ +--[a-z][a-z0-9-]*(?:=\S*)?/.exec(rest);
    if (option) {
      at += option[0].length;
      const value = OPTION_VALUE.exec(text.slice(at));
      if (value && !option[0].includes('=')) at += value[0].length;
      continue;
    }
    const word = /^ +([a-z][a-z_-]*)(?![\w/.-])/.exec(rest);
    if (word && COMMAND_WORDS.has(word[1]!)) {
      at += word[0].length;
      continue;
    }
    // ids (ACC-0023), numbers and dates, paths and file names, <placeholders> and a|b alternatives
    const argument = new RegExp(`^ +(?:[A-Z][A-Za-z]*-\\d[\\w-]*|\\d[\\w.:-]*|${TYPED}*[/.]${TYPED}*[A-Za-z0-9]|<[^>\\s]+>|[a-z_]+(?:\\|[a-z_]+)+)(?![\\w-])`).exec(rest);
    if (argument) {
      at += argument[0].length;
      continue;
    }
    return at;
  }
}

/** Every csops command in the text (not the csops of a path such as /tmp/csops-demo-1) blanked out. */
function withoutTypedCommands(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(/(?<![\w/.-])csops(?![\w-])/g)) {
    if (match.index < from) continue;
    out += `${text.slice(from, match.index)} `;
    from = typedCommandEnd(text, match.index);
  }
  return out + text.slice(from);
}

export interface EnglishWordsOptions {
  /** Values from the user's data (names, owners, plans, channels…): shown as they are. */
  allow?: Iterable<string>;
}

/**
 * The English words left in `text` (each once, in order of appearance) after taking out everything a
 * Chinese reader is expected to see as it is. Empty means the text passes.
 */
export function englishWords(text: string, options: EnglishWordsOptions = {}): string[] {
  let rest = text
    // ANSI colour sequences, should a test keep them
    .replace(/\u001b\[[0-9;]*m/g, ' ')
    // a line that is a shell command to type: `cd <folder>`
    .replace(/^[ \t]*(?:\$ )?cd [^\s]+[ \t]*$/gm, ' ')
    // paths and URLs: anything with a slash (CJK text and full-width punctuation end it), or a file extension csops reads or writes
    .replace(new RegExp(`${TYPED}*/${TYPED}*`, 'g'), ' ')
    .replace(new RegExp(`${TYPED}+\\.(?:csv|db|sqlite|json|ndjson|html|md|ya?ml|toml|xlsx?)\\b`, 'gi'), ' ');
  // Data values next, longest first (a name that contains another), as whole substrings.
  const allowed = [...new Set([...(options.allow ?? []), ...PRODUCT_NAMES])].filter((value) => value.trim() !== '').sort((a, b) => b.length - a.length);
  // A value counts where it stands whole: "login" (a metric) is not taken out of health.login_metric.
  for (const value of allowed) rest = rest.replace(new RegExp(`(?<![A-Za-z0-9_.])${escapeRegExp(value)}(?![A-Za-z0-9_])`, 'g'), ' ');
  rest = withoutTypedCommands(rest)
    // an option with its value where the value is one of csops's own words (--format json, --model learned, --columns help)
    .replace(/--[a-z][a-z0-9-]* (?:json|ndjson|csv|md|html|table|learned|rules|help)\b/g, ' ')
    // option names (--wide, --columns a,b,c)
    .replace(/--[a-z][a-z0-9-]*/g, ' ')
    // config keys: health.login_metric, exchange_rates, vocabularies.contract_status
    .replace(/\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b/g, ' ')
    // ids: ACC-0023, T-1042, INV-7
    .replace(/\b[A-Z][A-Za-z]*-\d[\w-]*\b/g, ' ')
    // ISO dates and times (2026-11-20T09:00:00Z)
    .replace(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g, ' ')
    // the forms a hint asks a date, week or time in: YYYY-MM-DD, YYYY-Www, DD/MM/YYYY, HH:MM
    .replace(/\b(?:YYYY|MM|DD|HH)(?:[-/:](?:YYYY|MM|DD|Www|SS))+\b/g, ' ');
  const kept = new Set(KEPT_WORDS);
  const found: string[] = [];
  for (const match of rest.matchAll(/[A-Za-z][A-Za-z0-9]*/g)) {
    const word = match[0];
    if (!/[A-Za-z]{2,}/.test(word) || kept.has(word) || ENCODINGS.has(word.toLowerCase()) || found.includes(word)) continue;
    found.push(word);
  }
  return found;
}

/** Encoding names as csops prints them in its notes (GB18030, GBK, Big5): codes. */
const ENCODINGS = new Set<string>(ENCODING_NAMES);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The data values a Chinese table shows as they are, read from the database csops wrote: account,
 * owner and contact names, titles, plans, channels, industries, regions, countries, key modules,
 * ticket channels. Statuses and other vocabularies are not among them: csops translates those.
 */
export function dataValues(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    const values = new Set<string>();
    const read = (sql: string) => {
      for (const value of db.prepare(sql).pluck().all() as unknown[]) if (typeof value === 'string') values.add(value);
    };
    read('SELECT account_id FROM accounts UNION SELECT name FROM accounts UNION SELECT owner FROM accounts UNION SELECT plan FROM accounts UNION SELECT channel FROM accounts UNION SELECT industry FROM accounts UNION SELECT region FROM accounts UNION SELECT country FROM accounts UNION SELECT tier_override FROM accounts');
    read('SELECT plan FROM contracts UNION SELECT status_raw FROM contracts');
    read('SELECT name FROM contacts UNION SELECT title FROM contacts UNION SELECT owner FROM touchpoints');
    return [...values];
  } finally {
    db.close();
  }
}
