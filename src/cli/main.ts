import { Command, CommanderError, Option } from 'commander';
import type { Chalk } from 'chalk';
import type { CommandContext } from '../commands/context.js';
import type { LoadedConfig } from '../config/load.js';
import { ExitCode, InternalError, UsageError } from '../errors.js';
import { utcToZonedDate, isIsoDate } from '../core/dates.js';
import { FORMATS, HTML_COMMANDS, type Format } from '../render/formats.js';
import { registerImport } from './import.js';
import { registerDemo } from './demo.js';
import { registerRisk } from './risk.js';
import { registerTier } from './tier.js';
import { registerRenewals } from './renewals.js';
import { registerMetrics } from './metrics.js';
import { registerAccount } from './account.js';
import { registerReport } from './report.js';
import { registerInit } from './init.js';
import { registerConfig } from './config.js';
import { registerRiskBacktest } from './backtest.js';
import { registerChurnModel } from './churn-model.js';
import { registerCompletion } from './completion.js';
import { VERSION } from '../package-root.js';
import { completeWith } from './completion-values.js';

export { VERSION };

export interface GlobalFlags {
  db?: string;
  config?: string;
  asOf?: string;
  format?: string;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
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
  /** A line of status on stderr, unless --quiet. */
  info(message: string): void;
  warn(message: string): void;
  out(text: string): void;
}

export function buildProgram(io: Io): Command {
  const program = new Command('csops')
    .description('Renewal operations for B2B SaaS customer-success teams: import CRM, helpdesk and usage exports into one local SQLite file, then tier accounts, score health, work renewals and report SLA.')
    .version(VERSION, '-V, --version', 'print the csops version')
    .addOption(completeWith(new Option('--db <path>', 'SQLite database file').env('CSOPS_DB'), { files: true }))
    .addOption(completeWith(new Option('--config <path>', 'config file (default: csops.config.json in this folder or above)').env('CSOPS_CONFIG'), { files: true }))
    .option('--as-of <date>', 'compute every figure as of this day, YYYY-MM-DD (default: today in the configured time zone)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS as unknown as string[]).env('CSOPS_FORMAT'))
    .option('--color', 'force colour output')
    .option('--no-color', 'no colour output (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print only data: no progress or notes on stderr')
    .option('--verbose', 'print stack traces of errors, and every column an import ignores')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  $ csops demo                                   see the product on a sample company
  $ csops init                                   write a starter config (asks a few questions)
  $ csops import accounts crm/accounts.csv       load an export (re-running is safe)
  $ csops import usage usage-*.csv --dry-run     check files without writing
  $ csops risk --band at-risk,critical           who may churn, and why
  $ csops risk --changes                         what got worse this week
  $ csops risk backtest                          did the score foretell last year's churn?
  $ csops tier --summary                         high-, low- and tech-touch, 80/20 check
  $ csops renewals --within 120d                 what renews next, and what has lapsed
  $ csops report weekly --format html --out reports/{week}.html
  $ csops --db ~/cs/csops.db import tickets zendesk.csv --format json

Exit codes: 0 ok, 1 a --fail-on condition held, 2 usage error, 65 bad input data (nothing written),
66 input file missing or unreadable, 70 internal error, 73 cannot create an output file, 74 I/O error
(disk full, damaged database), 75 database busy (try again), 77 permission denied (read-only).`,
  );
  registerInit(program, io);
  registerImport(program, io);
  registerTier(program, io);
  registerRisk(program, io);
  registerRiskBacktest(program, io);
  registerChurnModel(program, io);
  registerRenewals(program, io);
  registerMetrics(program, io);
  registerAccount(program, io);
  registerReport(program, io);
  registerConfig(program, io);
  registerDemo(program, io);
  registerCompletion(program, io);
  return program;
}

/** Resolves flags, environment, config file and defaults into the runtime a command action uses. */
export async function resolveRuntime(command: Command, io: Io): Promise<CliRuntime> {
  const flags = command.optsWithGlobals() as GlobalFlags;
  // Loaded here, not at start-up: `csops --help` and `--version` need no config (nor chalk, below).
  const { loadConfig } = await import('../config/load.js');
  const loaded = loadConfig({ cwd: io.cwd, explicitPath: flags.config, env: io.env });
  const { config, source } = loaded;
  const asOf = flags.asOf ?? utcToZonedDate(io.now(), config.time_zone);
  if (flags.asOf !== undefined) validateAsOf(flags.asOf);
  if (flags.format === 'html' && !HTML_COMMANDS.has(command.name())) {
    throw new UsageError(`csops ${command.name()} does not write HTML`, 'use --format table, json, ndjson, csv or md; HTML is for csops report');
  }
  const stdoutIsTty = Boolean(io.stdout.isTTY);
  const stderrIsTty = Boolean(io.stderr.isTTY);
  const { Chalk } = await import('chalk');
  const color = new Chalk({ level: colorLevel(flags.color, io.env, stdoutIsTty) });
  const context: CommandContext = {
    cwd: io.cwd,
    config,
    configSource: source,
    // --db or CSOPS_DB, else the config's database (resolved against the config file's folder).
    dbPath: flags.db ?? config.database,
    asOf,
    format: (flags.format ?? 'table') as Format,
    now: io.now,
    version: VERSION,
  };
  const errColor = new Chalk({ level: colorLevel(flags.color, io.env, stderrIsTty) });
  return {
    context,
    loaded,
    flags,
    io,
    color,
    stdoutIsTty,
    info: (message) => {
      if (!flags.quiet) io.stderr.write(`${message}\n`);
    },
    warn: (message) => {
      if (!flags.quiet) io.stderr.write(`${errColor.yellow('warning:')} ${message}\n`);
    },
    out: (text) => {
      io.stdout.write(text);
    },
  };
}

function validateAsOf(text: string): void {
  if (!isIsoDate(text)) {
    throw new UsageError(`--as-of "${text}" is not a date`, 'give a calendar date as YYYY-MM-DD, e.g. --as-of 2026-11-20');
  }
}

/** --color / --no-color win; then NO_COLOR and FORCE_COLOR; then whether the stream is a terminal. */
export function colorLevel(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTty: boolean): 0 | 1 {
  if (flag !== undefined) return flag ? 1 : 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' ? 0 : 1;
  return isTty ? 1 : 0;
}

/** The one top-level catch (STYLE §3): prints `csops: …` and a hint, returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const verbose = argv.includes('--verbose');
    // A fault of the machine that reached here (a busy or damaged database, a full disk) is a documented exit, not a bug.
    const { environmentError } = await import('../environment-errors.js');
    const known = environmentError(error);
    const shown = known ?? new InternalError(error instanceof Error ? error.message : String(error));
    const colorFlag = argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined;
    const { Chalk } = await import('chalk');
    const color = new Chalk({ level: colorLevel(colorFlag, io.env, Boolean(io.stderr.isTTY)) });
    io.stderr.write(`${color.red('csops:')} ${shown.message}\n`);
    if (shown.hint) io.stderr.write(`${color.dim('hint:')} ${shown.hint}\n`);
    if ((verbose || !known) && error instanceof Error && error.stack) io.stderr.write(`${color.dim(error.stack)}\n`);
    return shown.exitCode;
  }
}
