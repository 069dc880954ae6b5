import type { LoadedConfig } from '../config/load.js';
import { maskUrl } from '../core/webhook-messages.js';
import { isPostgresUrl, shownUrl } from '../config/database-url.js';
import type { Language, LanguageSource } from '../i18n/languages.js';

export type ValueSource = 'default' | 'file' | 'env' | 'flag';

export interface ConfigEntry {
  /** Dotted path, e.g. sla.targets.urgent.resolution_hours. */
  key: string;
  value: unknown;
  source: ValueSource;
  /** The file, variable or flag it came from. */
  origin: string | null;
}

/** Where the database path came from: the --db flag, or CSOPS_DB (commander tells them apart). */
export interface DatabaseOverride {
  source: 'flag' | 'env';
  path: string;
}

/**
 * Every effective setting as one row per key (arrays and empty objects are one value), with where
 * it came from: flags > environment > config file > defaults (SPEC §2).
 */
export function configEntries(loaded: LoadedConfig, database?: DatabaseOverride, language?: { language: Language; source: LanguageSource }): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const visit = (value: unknown, keys: string[]) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, item] of Object.entries(value)) visit(item, [...keys, key]);
      return;
    }
    const key = keys.join('.');
    if (key === 'alerts.push.destinations') value = maskedDestinations(value);
    // A PostgreSQL URL may carry a password: shown masked, as everywhere.
    if (key === 'database' && typeof value === 'string' && isPostgresUrl(value)) value = shownUrl(value);
    const variable = loaded.envKeys.get(key);
    if (variable) entries.push({ key, value, source: 'env', origin: variable });
    else if (setInFile(loaded.fileValues, keys) || (key === 'sla.holidays' && setInFile(loaded.fileValues, ['sla', 'holidays_ics']))) {
      // Holidays from sla.holidays_ics are merged into sla.holidays: they too are the file's.
      entries.push({ key, value, source: 'file', origin: loaded.source ?? null });
    }
    else entries.push({ key, value, source: 'default', origin: null });
  };
  const { $schema: _schema, ...config } = loaded.config;
  visit(config, []);
  if (database) {
    const entry = entries.find((candidate) => candidate.key === 'database')!;
    Object.assign(entry, { value: isPostgresUrl(database.path) ? shownUrl(database.path) : database.path, source: database.source, origin: database.source === 'flag' ? '--db' : 'CSOPS_DB' });
  }
  if (language) {
    // The language in force, and what chose it: --lang, CSOPS_LANG or a locale variable, the file, else the default.
    const entry: ConfigEntry = { key: 'language', value: language.language, ...languageOrigin(language.source, loaded.source ?? null) };
    const at = entries.findIndex((candidate) => candidate.key === 'language');
    if (at >= 0) entries[at] = entry;
    else entries.splice(entries.findIndex((candidate) => candidate.key === 'database') + 1, 0, entry);
  }
  return entries;
}

function languageOrigin(source: LanguageSource, file: string | null): Pick<ConfigEntry, 'source' | 'origin'> {
  switch (source) {
    case '--lang':
      return { source: 'flag', origin: '--lang' };
    case 'config language':
      return { source: 'file', origin: file };
    case 'default':
      return { source: 'default', origin: null };
    default:
      return { source: 'env', origin: source };
  }
}

/** Webhook URLs hold their token and secrets are secrets: config show prints neither. */
function maskedDestinations(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((entry: Record<string, unknown>) => ({
    ...entry,
    ...(typeof entry.url === 'string' ? { url: maskUrl(entry.url) } : {}),
    ...(entry.secret !== undefined ? { secret: '***' } : {}),
  }));
}

/** A key is the file's when the file sets it, or sets a whole array or record above it. */
function setInFile(fileValues: Record<string, unknown>, keys: readonly string[]): boolean {
  let current: unknown = fileValues;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return false;
    if (Array.isArray(current)) return true;
    if (!(key in current)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}
