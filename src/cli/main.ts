import { CommanderError } from 'commander';
import { ColumnsListing, ExitCode, InternalError } from '../errors.js';
import { buildProgram } from './program.js';
import { colorLevel, type Io } from './runtime.js';
import { terminalText } from '../render/terminal-text.js';

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
    if (error instanceof ColumnsListing) {
      io.stdout.write(error.listing);
      return ExitCode.ok;
    }
    const verbose = argv.includes('--verbose');
    // A fault of the machine that reached here (a busy or damaged database, a full disk) is a documented exit, not a bug.
    const { environmentError } = await import('../environment-errors.js');
    const known = environmentError(error);
    const shown = known ?? new InternalError(error instanceof Error ? error.message : String(error));
    const colorFlag = argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined;
    const { Chalk } = await import('chalk');
    const color = new Chalk({ level: colorLevel(colorFlag, io.env, Boolean(io.stderr.isTTY)) });
    // A message quoting a bad value shows its control characters as escapes, never raw (terminal-text.ts).
    // A password in a database URL never reaches the terminal, whatever error carried it (database-url.ts).
    const { maskSecrets } = await import('../config/database-url.js');
    io.stderr.write(`${color.red('csops:')} ${terminalText(maskSecrets(shown.message))}\n`);
    if (shown.hint) io.stderr.write(`${color.dim('hint:')} ${terminalText(maskSecrets(shown.hint))}\n`);
    if ((verbose || !known) && error instanceof Error && error.stack) io.stderr.write(`${color.dim(maskSecrets(error.stack))}\n`);
    return shown.exitCode;
  }
}
