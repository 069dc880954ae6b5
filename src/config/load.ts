import fs from 'node:fs';
import path from 'node:path';
import { configSchema, type Config } from './schema.js';
import { UsageError } from '../errors.js';
import { holidaysFromIcs } from './ics.js';

export const CONFIG_FILE_NAME = 'csops.config.json';

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
}

/**
 * Precedence: defaults < config file < environment (SPEC §2). Flags are applied by the CLI on top.
 * `explicitPath` comes from --config or CSOPS_CONFIG and must exist.
 */
export function loadConfig(options: { cwd: string; explicitPath?: string; env: NodeJS.ProcessEnv }): LoadedConfig {
  const file = options.explicitPath ? path.resolve(options.cwd, options.explicitPath) : findConfigFile(options.cwd);
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'check the --config path or CSOPS_CONFIG');
    }
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`config file ${file} must hold a JSON object`);
  }
  const fromEnv: Record<string, unknown> = {};
  if (options.env.CSOPS_TIME_ZONE) fromEnv.time_zone = options.env.CSOPS_TIME_ZONE;
  if (options.env.CSOPS_CURRENCY) fromEnv.currency = options.env.CSOPS_CURRENCY;
  const parsed = configSchema.safeParse({ ...raw, ...fromEnv });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    throw new UsageError(`invalid configuration${file ? ` in ${file}` : ''}:\n${lines.join('\n')}`, 'fix the key named above; `csops init` writes a valid starter config');
  }
  const config = parsed.data;
  if (config.sla.holidays_ics !== undefined) {
    // Relative to the config file, so the config and its calendar can move together.
    const calendar = path.resolve(file ? path.dirname(file) : options.cwd, config.sla.holidays_ics);
    let text: string;
    try {
      text = fs.readFileSync(calendar, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the holiday calendar ${calendar} (sla.holidays_ics): ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'fix the path in the config; it is relative to the config file');
    }
    config.sla.holidays = [...new Set([...config.sla.holidays, ...holidaysFromIcs(text)])].sort();
  }
  return { config, source: file };
}
