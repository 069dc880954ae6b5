import fs from 'node:fs';
import path from 'node:path';
import { databaseLocation, databaseTarget } from './database-url.js';
import { configSchema, type Config } from './schema.js';
import { InputError, PermissionError, UsageError, phrasesOf, type Phrase } from '../errors.js';
import type { z } from 'zod';
import { configTexts } from './texts.js';
import { configJsonSchema } from './json-schema.js';

export const CONFIG_FILE_NAME = 'csops.config.json';

const said = phrasesOf(configTexts);

/** Walks from `cwd` upward to the first csops.config.json; undefined when there is none. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or undefined for built-in defaults. */
  source: string | undefined;
  /** The values the file sets, as written (for `csops config show`: which keys are the file's). */
  fileValues: Record<string, unknown>;
  /** Config keys set by environment variables: key → variable. */
  envKeys: Map<string, string>;
}

/** Environment variables that set a config key (SPEC §2: flags > environment > file > defaults). */
export const CONFIG_ENV: ReadonlyArray<{ variable: string; key: 'time_zone' | 'currency' }> = [
  { variable: 'CSOPS_TIME_ZONE', key: 'time_zone' },
  { variable: 'CSOPS_CURRENCY', key: 'currency' },
];

/**
 * Precedence: defaults < config file < environment (SPEC §2). Flags are applied by the CLI on top.
 * `explicitPath` comes from --config or CSOPS_CONFIG and must exist.
 */
export function loadConfig(options: { cwd: string; explicitPath?: string; env: NodeJS.ProcessEnv }): LoadedConfig {
  const file = options.explicitPath ? path.resolve(options.cwd, options.explicitPath) : findConfigFile(options.cwd);
  const raw = file ? readConfigObject(file) : {};
  const fromEnv: Record<string, unknown> = {};
  const envKeys = new Map<string, string>();
  for (const { variable, key } of CONFIG_ENV) {
    if (!options.env[variable]) continue;
    fromEnv[key] = options.env[variable];
    envKeys.set(key, variable);
  }
  const config = validateConfig({ ...raw, ...fromEnv }, file, envKeys);
  // A SQLite path in the file is relative to the file; a PostgreSQL URL is kept as written.
  if (file && raw.database !== undefined) config.database = databaseLocation(databaseTarget(config.database, path.dirname(file), said('config.database_in', { file })));
  return { config, source: file, fileValues: raw, envKeys };
}

/** The JSON object a config file holds, as written (not validated); a UsageError names what is wrong with the file. */
export function readConfigObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(said('config.missing', { file }), said('config.missing_hint'));
    if (code === 'EISDIR') throw new InputError(said('config.folder', { file }), said('config.folder_hint'));
    if (code === 'EACCES' || code === 'EPERM') throw new PermissionError(said('config.permission', { file }), said('config.permission_hint'));
    throw new InputError(said('config.unreadable', { file, code: code ?? String(error) }), said('config.unreadable_hint'));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(said('config.not_json', { file, detail: (error as Error).message }));
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(said('config.not_object', { file }));
  return raw as Record<string, unknown>;
}

/**
 * Validates config values; an error names each bad key, the value found and what is allowed
 * (and the environment variable, when one set it).
 */
export function validateConfig(values: Record<string, unknown>, file: string | undefined, envKeys: ReadonlyMap<string, string> = new Map()): Config {
  const parsed = configSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.flatMap((issue): Phrase[] => {
    const at = (keys: readonly PropertyKey[]) => (keys.length > 0 ? keys.join('.') : said('config.top_level'));
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(issue.path);
      return issue.keys.map((key) => said('config.line.unknown_key', { key: at([...issue.path, key]), allowed: allowed.length > 0 ? allowed.join(', ') : null }));
    }
    if (issue.code === 'invalid_key') {
      // A bad key of a record (a currency code, a header signature): name the key and why.
      return [said('config.line.bad_key', { at: at(issue.path.slice(0, -1)), key: JSON.stringify(String(issue.path[issue.path.length - 1])), reasons: issue.issues.map(problemOf) })];
    }
    const key = issue.path.join('.');
    const from = envKeys.get(key) ?? null;
    const found = valueAt(values, issue.path);
    if (found === undefined && issue.code === 'invalid_type') return [said('config.line.missing', { key: at(issue.path), from, expected: issue.expected })];
    // A rule across several keys (thresholds must fall) is about the effective values, not the ones
    // written: an object is not shown. A single value (a time zone, a list of days) is.
    const single = found !== undefined && (typeof found !== 'object' || found === null || (Array.isArray(found) && found.every((item) => typeof item !== 'object')));
    // A webhook's URL holds its token and a secret is a secret: never echoed.
    const hidden = /\.(url|secret)$/.test(key);
    return [said('config.line.invalid', { key: at(issue.path), from, problem: problemOf(issue), found: single && !hidden ? JSON.stringify(found) : null })];
  });
  throw new UsageError(said('config.invalid', { file: file ?? '', lines }), said('config.invalid_hint'));
}

/** The schema's own rules by their English (the message each gives zod), to say them by key. */
const RULES = new Map(Object.entries(configTexts).flatMap(([key, text]) => (key.startsWith('config.rule.') && typeof text === 'string' ? [[text, key as keyof typeof configTexts] as const] : [])));

/** What is wrong with a value: one of the schema's rules by key, else zod's issue (its English, and the figures other languages word it from). */
function problemOf(issue: z.core.$ZodIssue): Phrase {
  const rule = RULES.get(issue.message);
  if (rule !== undefined) return said(rule as 'config.rule.time_zone');
  const bound = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : issue.code === 'not_multiple_of' ? issue.divisor : null;
  return said('config.problem', {
    message: issue.message,
    code: issue.code,
    expected: issue.code === 'invalid_type' ? issue.expected : null,
    limit: bound === null ? null : String(bound),
    inclusive: (issue.code === 'too_small' || issue.code === 'too_big') && issue.inclusive === true,
    origin: issue.code === 'too_small' || issue.code === 'too_big' ? issue.origin : null,
    values: issue.code === 'invalid_value' ? issue.values.map((value) => JSON.stringify(value)).join(', ') : null,
  });
}

/** The keys the config allows in the object at `keys`, read from its JSON Schema (only when reporting an error). */
function allowedKeysAt(keys: readonly PropertyKey[]): string[] {
  let node = configJsonSchema() as { properties?: Record<string, unknown> } | undefined;
  for (const key of keys) node = node?.properties?.[String(key)] as typeof node;
  return Object.keys(node?.properties ?? {}).filter((key) => key !== '$schema');
}

function valueAt(values: unknown, keys: readonly PropertyKey[]): unknown {
  let current = values;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
