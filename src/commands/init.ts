import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { TICKET_PRIORITIES, type TicketPriority } from '../config/names.js';
import { validateConfig } from '../config/load.js';
import { schemaReferenceFor } from '../config/json-schema.js';
import { isTimeZone, type Config } from '../config/schema.js';
import { recentMetricNames } from '../db/portfolio.js';
import { openDatabase } from '../db/connection.js';
import { isPostgresUrl, shownUrl, urlPassword } from '../config/database-url.js';
import { VERSION } from '../package-root.js';
import { writeConfigFile } from '../config/write.js';
import type { Language } from '../i18n/languages.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/** What `csops init` asks (or, with --yes, takes as the defaults). */
export interface InitAnswers {
  database: string;
  /** The language csops writes for people (config `language`). */
  language: Language;
  currency: string;
  time_zone: string;
  high_touch_min_arr: number;
  high_touch_min_employees: number;
  low_touch_min_arr: number;
  sla_clock: 'business' | 'calendar';
  /** "mon-fri 09:00-18:00" (see parseBusinessHours). */
  business_hours: string;
  sla_targets: Record<TicketPriority, { first_response_hours: number; resolution_hours: number }>;
  key_modules: string[];
}

export const DEFAULT_BUSINESS_HOURS = 'mon-fri 09:00-18:00';

/** The built-in defaults (SPEC §4), with the machine's time zone proposed (SPEC §4: `csops init` proposes it). */
export function defaultAnswers(machineTimeZone: string, database = 'csops.db', language: Language = 'en'): InitAnswers {
  const defaults = validateConfig({}, undefined);
  return {
    database,
    language,
    currency: defaults.currency,
    time_zone: isTimeZone(machineTimeZone) ? machineTimeZone : 'UTC',
    high_touch_min_arr: defaults.tiers.high_touch.min_arr,
    high_touch_min_employees: defaults.tiers.high_touch.min_employees,
    low_touch_min_arr: defaults.tiers.low_touch.min_arr,
    sla_clock: defaults.sla.clock,
    business_hours: DEFAULT_BUSINESS_HOURS,
    sla_targets: structuredClone(defaults.sla.targets),
    key_modules: [],
  };
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];
export type BusinessHours = Record<Weekday, Array<[string, string]>>;

/**
 * Business hours written the way people say them: "mon-fri 09:00-18:00", several groups separated by
 * ";" and several intervals by ",": "mon-thu 08:30-12:00,13:00-17:30; fri 08:30-14:00". Days not named
 * have no business hours. Throws a UsageError naming the part it could not read.
 */
export function parseBusinessHours(text: string): BusinessHours {
  const hours = Object.fromEntries(WEEKDAYS.map((day) => [day, [] as Array<[string, string]>])) as BusinessHours;
  const groups = text
    .toLowerCase()
    .split(';')
    .map((group) => group.trim())
    .filter((group) => group !== '');
  if (groups.length === 0) throw new UsageError(errorPhrase('error.init.hours_empty'), errorPhrase('error.init.hours_empty_hint', { example: DEFAULT_BUSINESS_HOURS }));
  for (const group of groups) {
    const match = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(.+)$/.exec(group);
    const first = match ? WEEKDAYS.indexOf(match[1] as Weekday) : -1;
    const last = match?.[2] === undefined ? first : WEEKDAYS.indexOf(match[2] as Weekday);
    if (!match || first < 0 || last < first) {
      throw new UsageError(errorPhrase('error.init.hours_unreadable', { text: group }), errorPhrase('error.init.hours_unreadable_hint', { example: DEFAULT_BUSINESS_HOURS }));
    }
    const intervals = match[3]!.split(',').map((part) => {
      const times = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(part);
      const from = times && `${times[1]!.padStart(2, '0')}:${times[2]}`;
      const to = times && `${times[3]!.padStart(2, '0')}:${times[4]}`;
      if (!from || !to || !validClock(from) || !validClock(to) || from >= to) {
        throw new UsageError(errorPhrase('error.init.interval_unreadable', { text: part.trim() }), errorPhrase('error.init.interval_unreadable_hint'));
      }
      return [from, to] as [string, string];
    });
    intervals.sort(([a], [b]) => a.localeCompare(b));
    const overlap = intervals.findIndex((interval, index) => index > 0 && interval[0] < intervals[index - 1]![1]);
    if (overlap > 0) {
      throw new UsageError(errorPhrase('error.init.overlap', { first: intervals[overlap - 1]!.join('-'), second: intervals[overlap]!.join('-') }), errorPhrase('error.init.overlap_hint'));
    }
    for (let day = first; day <= last; day++) hours[WEEKDAYS[day]!] = intervals;
  }
  return hours;
}

function validClock(time: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/.test(time);
}

/** The config file `csops init` writes: the answers, spelled out, under a `$schema` reference. */
export function configFromAnswers(answers: InitAnswers, configFile: string): Record<string, unknown> {
  const config = {
    $schema: schemaReferenceFor(configFile),
    database: answers.database,
    language: answers.language,
    time_zone: answers.time_zone,
    currency: answers.currency,
    tiers: {
      high_touch: { min_arr: answers.high_touch_min_arr, min_employees: answers.high_touch_min_employees },
      low_touch: { min_arr: answers.low_touch_min_arr },
    },
    health: { key_modules: answers.key_modules },
    sla: {
      clock: answers.sla_clock,
      business_hours: parseBusinessHours(answers.business_hours),
      targets: Object.fromEntries(TICKET_PRIORITIES.map((priority) => [priority, answers.sla_targets[priority]])),
    },
  };
  // The answers were checked one by one; this checks them together, before anything is written.
  validateConfig(config, configFile);
  return config;
}

export interface InitResult {
  config_file: string;
  /** Where the config it replaced was kept (--force), if there was one. */
  backup: string | null;
  database: string;
  database_created: boolean;
}

/**
 * Writes the config (never over an existing one unless `replace`, and then the old one is kept as
 * `.bak`) and creates the database it names, migrated to the current schema: a SQLite file, or on a
 * PostgreSQL server (issue 25) csops's tables in the database the URL names (csops db migrate).
 */
export async function writeInitConfig(configFile: string, config: Record<string, unknown>, options: { replace: boolean; busyTimeoutMs: number }): Promise<InitResult> {
  const file = path.resolve(configFile);
  const exists = fs.existsSync(file);
  if (exists && !options.replace) throw new UsageError(errorPhrase('error.init.config_exists', { file }), errorPhrase('error.init.config_exists_hint'));
  // The database first: one csops cannot open (a newer schema, not SQLite, a server that refuses) leaves the config as it was.
  const named = String(config.database);
  let database: string;
  let created: boolean;
  if (isPostgresUrl(named)) {
    ({ database, created } = await migrateSharedDatabase(named));
  } else {
    database = path.resolve(path.dirname(file), named);
    created = !fs.existsSync(database);
    openDatabase(database, { busyTimeoutMs: options.busyTimeoutMs }).close();
  }
  let backup: string | null = null;
  if (exists) {
    backup = freeBackupName(file);
    fs.copyFileSync(file, backup);
  }
  writeConfigFile(file, config);
  return { config_file: file, backup, database, database_created: created };
}

/**
 * A PostgreSQL database for the config: csops's tables set up or brought to this version (as csops
 * db migrate), `created` when csops had never set it up. The URL goes into the config as given, so
 * one with a password is refused: the password belongs in ~/.pgpass or PGPASSWORD, not in a file
 * people share and commit.
 */
async function migrateSharedDatabase(url: string): Promise<{ database: string; created: boolean }> {
  if (urlPassword(url) !== undefined) {
    throw new UsageError(errorPhrase('error.init.url_password', { url: shownUrl(url) }), errorPhrase('error.init.url_password_hint'));
  }
  const { connectPostgres } = await import('../db/pg/client.js');
  const { migratePostgres } = await import('../db/pg/schema.js');
  const session = await connectPostgres(url);
  try {
    const { from } = await migratePostgres(session, VERSION);
    return { database: session.shown, created: from === 0 };
  } finally {
    await session.close();
  }
}

/** `<file>.bak`, or `.bak-2`, `.bak-3`… when it exists: an earlier backup is never overwritten. */
function freeBackupName(file: string): string {
  let candidate = `${file}.bak`;
  for (let number = 2; fs.existsSync(candidate); number++) candidate = `${file}.bak-${number}`;
  return candidate;
}

/** Usage metrics already in a database (for proposing key modules): every metric except logins and active users. */
export async function knownMetrics(database: string, config: Pick<Config, 'health'>): Promise<string[]> {
  const metrics = isPostgresUrl(database) ? await postgresMetricNames(database) : sqliteMetricNames(database);
  return metrics.filter((metric) => metric !== config.health.login_metric && metric !== config.health.active_users_metric);
}

function sqliteMetricNames(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const db = openDatabase(file, { busyTimeoutMs: 1000, mustExist: true });
  try {
    return recentMetricNames(db);
  } finally {
    db.close();
  }
}

/**
 * A server that cannot be reached is an error here as it would be when init writes the config (a
 * database csops never set up holds no metrics: init sets it up once the answers are in).
 */
async function postgresMetricNames(url: string): Promise<string[]> {
  const { connectPostgres } = await import('../db/pg/client.js');
  const { pgSchemaVersion } = await import('../db/pg/schema.js');
  const { pgRecentMetricNames } = await import('../db/pg/portfolio-reads.js');
  const session = await connectPostgres(url);
  try {
    if ((await pgSchemaVersion(session)) === 0) return [];
    return await pgRecentMetricNames(session);
  } finally {
    await session.close();
  }
}
