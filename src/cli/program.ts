import type { EventEmitter } from 'node:events';
import { Command, Option } from 'commander';
import { FORMATS } from '../render/formats.js';
import { terminalText } from '../render/terminal-text.js';
import { registerImport } from './import.js';
import { registerDemo } from './demo.js';
import { registerRisk } from './risk.js';
import { registerTier } from './tier.js';
import { registerRenewals } from './renewals.js';
import { registerMetrics } from './metrics.js';
import { registerAccount } from './account.js';
import { registerAlerts } from './alerts.js';
import { registerReport } from './report.js';
import { registerValue } from './value.js';
import { registerInit } from './init.js';
import { registerConfig } from './config.js';
import { registerRiskBacktest } from './backtest.js';
import { registerChurnModel } from './churn-model.js';
import { registerCompletion } from './completion.js';
import { registerDb } from './db.js';
import { VERSION } from '../package-root.js';
import { completeWith } from './completion-values.js';
import type { Io } from './runtime.js';
import { UsageError } from '../errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import { commanderLines } from './commander-errors.js';

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** "error: unknown option '--bogus'\n(Did you mean --band?)" → "csops: unknown option '--bogus' (did you mean --band?)" and a hint. */
export function usageErrorText(text: string, hint = 'run the command with --help for its options and examples'): string {
  const message = commanderLines(text).map((line) => line.replace(/^\(Did you mean (.*)\)$/, '(did you mean $1)')).join(' ');
  return `csops: ${message}\nhint: ${hint}\n`;
}

/**
 * --format (or CSOPS_FORMAT): the choices listed in --help, a value outside them refused as Commander
 * words it in English, and by key (src/i18n/messages/errors.ts) so main.ts prints it in the language in force.
 */
function formatOption(): { option: Option; listen(program: Command): void } {
  // Commander says which it was reading (the flag, or CSOPS_FORMAT when no flag was given) by the event it parses in.
  let fromEnv = false;
  const listen = (program: Command) => {
    // A Command is an EventEmitter (its typings leave that out): these run before Commander's own listeners.
    const events = program as unknown as EventEmitter;
    events.prependListener('option:format', () => (fromEnv = false));
    events.prependListener('optionEnv:format', () => (fromEnv = true));
  };
  const option = new Option('--format <format>', 'output format').choices(FORMATS as unknown as string[]).env('CSOPS_FORMAT');
  option.argParser((value: string) => {
    if ((FORMATS as readonly string[]).includes(value)) return value;
    const params = { format: value, choices: FORMATS.join(', ') };
    throw new UsageError(fromEnv ? errorPhrase('error.bad_format_env', params) : errorPhrase('error.bad_format', params), errorPhrase('error.usage_hint'));
  });
  return { option, listen };
}

/**
 * The command tree: the global options and every command, wired once. `commanderError`, when given,
 * takes Commander's own error text instead of stderr (main.ts words it in the language in force).
 */
export function buildProgram(io: Io, commanderError?: (text: string) => void): Command {
  const format = formatOption();
  const program = new Command('csops')
    .description('Renewal operations for B2B SaaS customer-success teams: import CRM, helpdesk and usage exports into one local SQLite file, then tier accounts, score health, work renewals and report SLA.')
    .version(VERSION, '-V, --version', 'print the csops version')
    .addOption(completeWith(new Option('--db <path>', 'the database: a SQLite file, or a PostgreSQL URL (postgres://user@host/database)').env('CSOPS_DB'), { files: true }))
    .addOption(completeWith(new Option('--config <path>', 'config file (default: csops.config.json in this folder or above)').env('CSOPS_CONFIG'), { files: true }))
    .option('--as-of <date>', 'compute every figure as of this day, YYYY-MM-DD (default: today in the configured time zone)')
    .addOption(format.option)
    .option('--lang <language>', 'the language of tables, reports, notes and errors: en or zh-CN (default: CSOPS_LANG, the config\'s language, then the locale); JSON, NDJSON and CSV stay English')
    .option('--color', 'force colour output')
    .option('--no-color', 'no colour output (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'print only data: no progress or notes on stderr')
    .option('--verbose', 'print stack traces of errors, and every column an import ignores')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(terminalText(text)),
      // Commander's own errors (an unknown option, a missing argument, a bad choice) in csops's one
      // style: `csops: what went wrong` and a hint line, as every other error (main.ts).
      outputError: (text, write) => (commanderError === undefined ? write(usageErrorText(text)) : commanderError(text)),
    })
    // Every command's --help lists the global options it takes too (--db, --format, --as-of …), as gh does.
    .configureHelp({
      showGlobalOptions: true,
      // Only the program's own options are global: a parent command's options are not its subcommands'.
      visibleGlobalOptions: (command) => (command.parent === null ? [] : rootOf(command).options.filter((option) => !option.hidden && option.long !== '--version')),
    })
    .exitOverride();
  format.listen(program);
  program.addHelpText(
    'after',
    `
Examples:
  $ csops demo                                   see the product on a sample company
  $ csops init                                   write a starter config (asks a few questions)
  $ csops import accounts crm/accounts.csv       load an export (re-running is safe)
  $ csops import usage usage-*.csv --dry-run     check files without writing
  $ csops risk --band at_risk,critical           who may churn, and why
  $ csops risk --changes                         what got worse this week
  $ csops alerts sync && csops alerts            open work orders, worst and oldest first
  $ csops risk backtest                          did the score foretell last year's churn?
  $ csops tier --summary                         high-, low- and tech-touch, 80/20 check
  $ csops renewals --within 120d                 what renews next, and what has lapsed
  $ csops report weekly --format html --out reports/{week}.html
  $ csops --db ~/cs/csops.db import tickets zendesk.csv --format json

Exit codes: 0 ok, 1 a --fail-on condition held, 2 usage error, 65 bad input data (nothing written),
66 input file missing or unreadable, 70 internal error, 73 cannot create an output file, 74 I/O error
(disk full, damaged database), 75 database busy or alerts not delivered (try again), 77 permission denied (read-only).`,
  );
  registerInit(program, io);
  registerImport(program, io);
  registerTier(program, io);
  registerRisk(program, io);
  registerRiskBacktest(program, io);
  registerChurnModel(program, io);
  registerRenewals(program, io);
  registerMetrics(program, io);
  registerAlerts(program, io);
  registerAccount(program, io);
  registerReport(program, io);
  registerValue(program, io);
  registerConfig(program, io);
  registerDb(program, io);
  registerDemo(program, io);
  registerCompletion(program, io);
  keepOptionsToTheirCommand(program);
  return program;
}

/**
 * A command's options belong to it alone: `csops risk backtest --band critical` is refused (exit 2,
 * naming the command that takes --band) instead of being read by `csops risk` and ignored. Commander
 * reads a parent command's options wherever they stand, so the check runs before the action: an option
 * of a command between the program and the one that runs, given on the command line, is an error unless
 * the running command declares the same option (it then reads it with optsWithGlobals). The global
 * options (--db, --format, --as-of …) are the program's, welcome anywhere.
 */
function keepOptionsToTheirCommand(program: Command): void {
  program.hook('preAction', (_program, action) => {
    const own = new Set(action.options.map((option) => option.long));
    for (let parent = action.parent; parent !== null && parent.parent !== null; parent = parent.parent) {
      for (const option of parent.options) {
        if (own.has(option.long) || parent.getOptionValueSource(option.attributeName()) !== 'cli') continue;
        const path = (command: Command): string => (command.parent === null ? 'csops' : `${path(command.parent)} ${command.name()}`);
        throw new UsageError(errorPhrase('error.option_of_parent', { option: String(option.long), parent: path(parent), command: path(action) }), errorPhrase('error.option_of_parent_hint', { command: path(action) }));
      }
    }
  });
}
