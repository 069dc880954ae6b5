import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { holidaysFromIcs } from '../core/holiday-calendar.js';
import { UsageError } from '../errors.js';
import type { Format } from '../render/output.js';
import type { Language } from '../i18n/languages.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/** Everything a command needs from the outside world, resolved once by the CLI (flags > env > file > defaults). */
export interface CommandContext {
  cwd: string;
  config: Config;
  configSource: string | undefined;
  dbPath: string;
  /** YYYY-MM-DD: every figure is computed from data dated on or before it. */
  asOf: string;
  format: Format;
  /** Wall-clock time, only for logs such as import_runs (never for figures). */
  now: () => Date;
  version: string;
  /** The language people's text is written in (--lang, CSOPS_LANG, config, locale); data output ignores it. Absent: English. */
  language?: Language;
}

/**
 * The config as commands use it: loadConfig's, with the holidays of `sla.holidays_ics` (a .ics file,
 * relative to the config file, so the config and its calendar can move together) merged into
 * `sla.holidays` in the config's zone.
 */
export function loadConfigWithHolidays(options: Parameters<typeof loadConfig>[0]): LoadedConfig {
  const loaded = loadConfig(options);
  const { config, source } = loaded;
  if (config.sla.holidays_ics === undefined) return loaded;
  const calendar = path.resolve(source ? path.dirname(source) : options.cwd, config.sla.holidays_ics);
  let text: string;
  try {
    text = fs.readFileSync(calendar, 'utf8');
  } catch (error) {
    throw new UsageError(errorPhrase('error.holidays.cannot_read_file', { file: calendar, code: (error as NodeJS.ErrnoException).code ?? String(error) }), errorPhrase('error.holidays.cannot_read_file_hint'));
  }
  config.sla.holidays = [...new Set([...config.sla.holidays, ...holidaysFromIcs(text, config.time_zone, errorPhrase('error.holidays.calendar', { file: calendar }))])].sort();
  return loaded;
}
