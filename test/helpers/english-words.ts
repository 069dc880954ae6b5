/**
 * The no-English check of Chinese output (issue 24): what is left of a text once the things that stay
 * as they are in any language are taken out (names and other values from the user's data, ids, codes,
 * units, file paths, option and command names, config keys, numbers) must hold no English word. Shared
 * by the e2e tests of every command with Chinese output.
 */
import Database from 'better-sqlite3';

/** Acronyms, units and codes csops's Chinese output keeps as they are. */
export const KEPT_WORDS: readonly string[] = [
  'ARR', 'GRR', 'NRR', 'SLA', 'CSV', 'JSON', 'NDJSON', 'HTML', 'CRM', 'NPS', 'CSAT', 'AUC', 'ROC', 'UTC', 'ID', 'KPI', 'CSM', 'P1', 'P2', 'P3', 'P4',
  // currencies (ISO 4217 codes as csops prints them)
  'USD', 'CNY', 'EUR', 'GBP', 'JPY', 'HKD', 'SGD', 'AUD', 'CAD', 'CHF', 'INR',
  // the program itself and the documents its sentences cite (DOMAIN §5)
  'csops', 'DOMAIN', 'SPEC',
];

/** csops's commands and subcommands: named in hints ("csops import contacts"), never translated. */
const COMMAND_WORDS = new Set([
  'risk', 'renewals', 'tier', 'metrics', 'retention', 'acquisition', 'import', 'contacts', 'contact_roles', 'touchpoints', 'usage', 'tickets', 'surveys', 'contracts', 'accounts',
  'account', 'value', 'alerts', 'sync', 'export', 'report', 'weekly', 'monthly', 'demo', 'init', 'config', 'show', 'db', 'churn-model', 'fit', 'backtest', 'completion',
  'validate', 'schema', 'info', 'migrate', 'copy', 'ack', 'done', 'snooze', 'push',
]);

export interface EnglishWordsOptions {
  /** Values from the user's data (names, owners, plans, channels…): shown as they are. */
  allow?: Iterable<string>;
}

/**
 * The English words left in `text` (each once, in order of appearance) after taking out everything a
 * Chinese reader is expected to see as it is. Empty means the text passes.
 */
export function englishWords(text: string, options: EnglishWordsOptions = {}): string[] {
  let rest = text;
  // Data values first, longest first (a name that contains another), as whole substrings.
  const allowed = [...new Set(options.allow ?? [])].filter((value) => value.trim() !== '').sort((a, b) => b.length - a.length);
  // A value counts where it stands whole: "login" (a metric) is not taken out of health.login_metric.
  for (const value of allowed) rest = rest.replace(new RegExp(`(?<![A-Za-z0-9_.])${escapeRegExp(value)}(?![A-Za-z0-9_])`, 'g'), ' ');
  rest = rest
    // ANSI colour sequences, should a test keep them
    .replace(/\u001b\[[0-9;]*m/g, ' ')
    // csops and the commands after it: "csops import contacts", "csops risk --explain"
    .replace(/\bcsops((?: +[a-z][a-z_-]*)*)/g, (_all, words: string) => ` ${words.trim().split(/ +/).filter((word) => !COMMAND_WORDS.has(word)).join(' ')} `)
    // an option with its value where the value is one of csops's own words (--format json, --model learned, --columns help)
    .replace(/--[a-z][a-z0-9-]* (?:json|ndjson|csv|md|html|table|learned|rules|help)\b/g, ' ')
    // option names (--wide, --columns a,b,c)
    .replace(/--[a-z][a-z0-9-]*/g, ' ')
    // paths and URLs: anything with a slash or a file extension csops reads or writes
    .replace(/\S*\/\S*/g, ' ')
    .replace(/\S+\.(?:csv|db|sqlite|json|ndjson|html|md|ya?ml|toml|xlsx?)\b/gi, ' ')
    // config keys: health.login_metric, exchange_rates, vocabularies.contract_status
    .replace(/\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b/g, ' ')
    // ids: ACC-0023, T-1042, INV-7
    .replace(/\b[A-Z][A-Za-z]*-\d[\w-]*\b/g, ' ')
    // ISO dates and times (2026-11-20T09:00:00Z)
    .replace(/\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b/g, ' ');
  const kept = new Set(KEPT_WORDS);
  const found: string[] = [];
  for (const match of rest.matchAll(/[A-Za-z][A-Za-z0-9]*/g)) {
    const word = match[0];
    if (!/[A-Za-z]{2,}/.test(word) || kept.has(word) || found.includes(word)) continue;
    found.push(word);
  }
  return found;
}

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
