import { Option } from 'commander';
import { EXPORT_TARGETS, HEALTH_BANDS, TIERS, enumLabel, enumSpelling, type ExportTarget, type HealthBand, type Tier } from '../config/names.js';
import { addDays, isIsoDate } from '../core/dates.js';
import { completeWith } from './completion-values.js';
import type { Messages } from '../i18n/messages.js';
import { invalidArgument } from './commander-errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/** Parsers for option values shared by the reporting commands; a bad value names what is allowed. */
export function parseDaysOption(value: string): number {
  const match = /^(\d+)\s*d?$/i.exec(value.trim());
  if (!match) throw invalidArgument(errorPhrase('error.cli.expected_days', { value }));
  return Number(match[1]);
}

export function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw invalidArgument(errorPhrase('error.cli.expected_positive', { value }));
  return Number(value);
}

/** A band as typed: at_risk, or at-risk as tables show it and csops spelled it before. */
export function parseBand(value: string): HealthBand {
  const band = enumSpelling(value);
  if (!(HEALTH_BANDS as readonly string[]).includes(band)) throw invalidArgument(errorPhrase('error.cli.expected_one_of', { words: HEALTH_BANDS.map((band) => bandLabel(band)).join(', '), value }));
  return band as HealthBand;
}

/** "at-risk,critical" or repeated --band flags. */
export function collectBands(value: string, previous: HealthBand[] | undefined): HealthBand[] {
  return [...(previous ?? []), ...value.split(',').filter((part) => part.trim() !== '').map(parseBand)];
}

/** A tier as typed: high_touch, high-touch (as tables show it and csops spelled it before) or just high. */
export function parseTier(value: string): Tier {
  const tier = enumSpelling(value);
  const full = tier.endsWith('_touch') ? tier : `${tier}_touch`;
  if (!(TIERS as readonly string[]).includes(full)) throw invalidArgument(errorPhrase('error.cli.expected_one_of', { words: TIERS.join(', '), value }));
  return full as Tier;
}

/** --for of csops alerts export: salesforce_tasks, or salesforce-tasks as csops spelled it before. */
export function parseExportTarget(value: string): ExportTarget {
  const target = enumSpelling(value);
  if (!(EXPORT_TARGETS as readonly string[]).includes(target)) throw invalidArgument(errorPhrase('error.cli.expected_one_of', { words: EXPORT_TARGETS.join(', '), value }));
  return target as ExportTarget;
}

/** "7d" (days before the as-of day) or a date YYYY-MM-DD; resolved once the as-of day is known. */
export function parseSince(value: string): (asOf: string) => string {
  const text = value.trim();
  const relative = /^(\d+)\s*d$/i.exec(text);
  if (relative) return (asOf) => addDays(asOf, -Number(relative[1]));
  if (isIsoDate(text)) return () => text;
  throw invalidArgument(errorPhrase('error.cli.expected_since', { value }));
}

/** A band for people (tables, Markdown, sentences): at-risk; 有风险 in Chinese (given the messages in force). */
export function bandLabel(band: HealthBand | 'unknown', messages?: Messages): string {
  return messages === undefined || messages.language === 'en' ? enumLabel(band) : messages.t(`band.${band}`);
}

/** A tier for people (tables, Markdown, sentences): high-touch; 高触达 in Chinese (given the messages in force). */
export function tierLabel<T extends string | null>(tier: T, messages?: Messages): T {
  if (tier === null) return null as T;
  if (messages === undefined || messages.language === 'en' || !(TIERS as readonly string[]).includes(tier)) return enumLabel(tier) as T;
  return messages.t(`tier.${tier as Tier}`) as T;
}

/** The bands as users type them (at-risk is read too). */
export const BAND_LABELS: readonly string[] = HEALTH_BANDS;

/** --tier of the listing commands (`high` is enough, so not `.choices()`: completion offers the full names). */
export function tierOption(): Option {
  return completeWith(new Option('--tier <tier>', `only accounts of this tier: ${TIERS.join(', ')}`).argParser(parseTier), { words: TIERS });
}

/** --band: bands comma-separated or the flag repeated. */
export function bandsOption(description: string): Option {
  return completeWith(new Option('--band <band>', `${description}: ${BAND_LABELS.join(', ')}`).argParser(collectBands), { words: BAND_LABELS, commaSeparated: true });
}

/** --wide, for every command that prints row tables: on a terminal, every column whole (lines may wrap). */
export function wideOption(): Option {
  return new Option('--wide', 'on a terminal, show every column whole; lines wider than the terminal wrap (by default a table fits the terminal: long text is shortened with "…", then the least important columns are left out)');
}

/** --columns, for the commands with one main table: which columns, in which order (`help` lists them). */
export function columnsOption(): Option {
  return new Option('--columns <keys>', 'only these columns, in this order, comma-separated (table, csv, ndjson and md; json stays whole); --columns help lists them').argParser(parseColumns);
}

export function parseColumns(value: string): string[] {
  const keys = value.split(',').map((key) => key.trim()).filter((key) => key !== '');
  if (keys.length === 0) throw invalidArgument(errorPhrase('error.cli.expected_columns', { value }));
  return keys;
}
