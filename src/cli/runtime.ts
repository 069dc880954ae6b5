import type { Command } from 'commander';
import type { Chalk } from 'chalk';
import type { CommandContext } from '../commands/context.js';
import type { LoadedConfig } from '../config/load.js';
import { UsageError } from '../errors.js';
import { databaseLocation, databaseTarget } from '../config/database-url.js';
import { utcToZonedDate, isIsoDate } from '../core/dates.js';
import { HTML_COMMANDS, type Format } from '../render/formats.js';
import type { ColumnPick, FittedTable, TableFit } from '../render/output.js';
import { VERSION } from '../package-root.js';
import { terminalText } from '../render/terminal-text.js';
import { resolveLanguage, type Language, type LanguageSource } from '../i18n/languages.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/**
 * The runtime every command action gets: flags, environment, config file and defaults resolved into
 * a CommandContext, plus the ways to talk to the user. It imports no command, so every command and
 * output module may import it (the command tree is wired in program.ts, the process run in main.ts).
 */
export interface GlobalFlags {
  db?: string;
  config?: string;
  asOf?: string;
  format?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  lang?: string;
}

export interface Io {
  /** Where answers to prompts come from; csops asks only when it is a terminal (see canPrompt). */
  stdin?: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  now: () => Date;
}

/** What every command action gets: its resolved context plus the ways to talk to the user. */
export interface CliRuntime {
  context: CommandContext;
  /** The config as loaded: what the file and the environment set (for csops config show). */
  loaded: LoadedConfig;
  flags: GlobalFlags;
  io: Io;
  color: InstanceType<typeof Chalk>;
  /** stdout is a terminal (tables get box-drawing). */
  stdoutIsTty: boolean;
  /** Tables on a terminal fit its width, unless --wide (render/output.ts); every row table is given it. */
  fit: TableFit;
  /** --columns, for the command's main table: empty when the command takes it and it was not given. */
  pick?: ColumnPick;
  /** People's text in the language in force (context.language): t(key), prose dates, numbers, money. */
  messages: Messages;
  /** Where the language came from (--lang, CSOPS_LANG, config language, a locale variable, default). */
  languageSource: LanguageSource;
  /** A line of status on stderr, unless --quiet. */
  info(message: string): void;
  warn(message: string): void;
  out(text: string): void;
}

/** The language of the command being run, once its runtime is resolved: main.ts words an error in it. */
let spoken: Language | undefined;

/** The language the runtime resolved (undefined before it did, or when resolving failed: main.ts then reads flags and environment). */
export function languageSpoken(): Language | undefined {
  return spoken;
}

/** main.ts forgets the previous command's language as each command starts (tests run several in one process). */
export function forgetLanguageSpoken(): void {
  spoken = undefined;
}

/** "warning:" and "hint:" in the language in force, and what follows them (a space, none after a full-width colon). */
export function labels(messages: Messages): { warning: string; hint: string; gap: string } {
  const warning = messages.t('error.label.warning');
  return { warning, hint: messages.t('error.label.hint'), gap: warning.endsWith('：') ? '' : ' ' };
}

/** Resolves flags, environment, config file and defaults into the runtime a command action uses. */
export async function resolveRuntime(command: Command, io: Io): Promise<CliRuntime> {
  const flags = command.optsWithGlobals() as GlobalFlags;
  // Loaded here, not at start-up: `csops --help` and `--version` need no config (nor chalk, below).
  const { loadConfigWithHolidays } = await import('../commands/context.js');
  const { noteRunningCommand } = await import('../db/backend-support.js');
  noteRunningCommand(commandPath(command));
  const loaded = loadConfigWithHolidays({ cwd: io.cwd, explicitPath: flags.config, env: io.env });
  const { config, source } = loaded;
  // First, so that the errors below (a bad --as-of) are worded in the config's language too.
  const { language, source: languageSource } = resolveLanguage({ flag: flags.lang, env: io.env, configured: config.language });
  spoken = language;
  const messages = messagesFor(language);
  const label = labels(messages);
  const asOf = flags.asOf ?? utcToZonedDate(io.now(), config.time_zone);
  if (flags.asOf !== undefined) validateAsOf(flags.asOf);
  if (flags.format === 'html' && !HTML_COMMANDS.has(command.name())) {
    throw new UsageError(errorPhrase('error.no_html', { command: command.name() }), errorPhrase('error.no_html_hint'));
  }
  const stdoutIsTty = Boolean(io.stdout.isTTY);
  const stderrIsTty = Boolean(io.stderr.isTTY);
  const { Chalk } = await import('chalk');
  const color = new Chalk({ level: colorLevel(flags.color, io.env, stdoutIsTty) });
  const context: CommandContext = {
    cwd: io.cwd,
    config,
    configSource: source,
    // --db or CSOPS_DB, else the config's database (resolved against the config file's folder):
    // a SQLite path (sqlite: and file: taken off) or a PostgreSQL URL (database-url.ts).
    // An error names the setting the user wrote: --db, CSOPS_DB, or the config's database.
    dbPath: databaseLocation(databaseTarget(flags.db ?? config.database, undefined, flags.db === undefined ? 'database' : command.getOptionValueSourceWithGlobals('db') === 'env' ? 'CSOPS_DB' : '--db')),
    asOf,
    format: (flags.format ?? 'table') as Format,
    now: io.now,
    version: VERSION,
    language,
  };
  const errColor = new Chalk({ level: colorLevel(flags.color, io.env, stderrIsTty) });
  const own = command.opts() as { wide?: boolean; columns?: string[] };
  const takesColumns = command.options.some((option) => option.long === '--columns');
  const notes = new Set<string>();
  const fit: TableFit = {
    width: stdoutIsTty ? terminalWidth(io) : undefined,
    wide: own.wide === true,
    fitted: (table) => {
      const note = fittedNote(table, messages);
      if (!flags.quiet && !notes.has(note)) io.stderr.write(`${note}\n`);
      notes.add(note);
    },
  };
  // JSON is the whole document whatever --columns says: said, not silently ignored.
  if (own.columns !== undefined && context.format === 'json' && !flags.quiet) io.stderr.write(`${errColor.yellow(label.warning)}${label.gap}${messages.t('error.columns_json')}\n`);
  return {
    context,
    loaded,
    flags,
    io,
    color,
    stdoutIsTty,
    fit,
    pick: own.columns ?? (takesColumns ? [] : undefined),
    messages,
    languageSource,
    info: (message) => {
      if (!flags.quiet) io.stderr.write(`${terminalText(message)}\n`);
    },
    warn: (message) => {
      if (!flags.quiet) io.stderr.write(`${errColor.yellow(label.warning)}${label.gap}${terminalText(message)}\n`);
    },
    out: (text) => {
      io.stdout.write(text);
    },
  };
}

/** The terminal's width: what the terminal says, else COLUMNS; undefined when neither does. */
function terminalWidth(io: Io): number | undefined {
  if (io.stdout.columns > 0) return io.stdout.columns;
  const columns = Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/**
 * One line on stderr when a table was fitted to the terminal: what is missing, and the options that
 * show it. English names the columns by key; another language by their headings (--columns takes either).
 */
export function fittedNote(table: FittedTable, messages: Messages = messagesFor('en')): string {
  const english = messages.language === 'en';
  const names = english ? table : table.headings;
  const join = (list: readonly string[]) => (list.length === 0 ? null : list.join(english ? ', ' : '、'));
  return messages.t('note.fitted', { width: table.width, hidden: join(names.hidden), shortened: join(names.shortened), choosable: table.choosable });
}

/** "risk", "alerts sync": the command's words after csops. */
function commandPath(command: Command): string {
  const words: string[] = [];
  for (let at: Command | null = command; at !== null && at.parent !== null; at = at.parent) words.unshift(at.name());
  return words.join(' ');
}

function validateAsOf(text: string): void {
  if (!isIsoDate(text)) {
    throw new UsageError(errorPhrase('error.as_of_not_date', { text }), errorPhrase('error.as_of_hint'));
  }
}

/** --color / --no-color win; then NO_COLOR and FORCE_COLOR; then whether the stream is a terminal. */
export function colorLevel(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTty: boolean): 0 | 1 {
  if (flag !== undefined) return flag ? 1 : 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' ? 0 : 1;
  return isTty ? 1 : 0;
}
