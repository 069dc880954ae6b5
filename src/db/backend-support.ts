import { isPostgresUrl, shownUrl } from '../config/database-url.js';
import { UsageError } from '../errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/**
 * The commands that work on PostgreSQL (issue 25): every command that reads or writes a database
 * (csops demo always works in a SQLite folder of its own). openDatabase still refuses a PostgreSQL URL
 * with this error instead of taking it for a file name (it would create a SQLite file called
 * "postgres:…"): a command added later that opens only SQLite says so rather than doing that.
 */
export const POSTGRES_COMMANDS: readonly string[] = ['db info', 'db migrate', 'db copy', 'import', 'risk', 'tier', 'renewals', 'report', 'metrics retention', 'metrics acquisition', 'alerts', 'alerts sync', 'alerts ack', 'alerts done', 'alerts snooze', 'account', 'risk backtest', 'churn-model fit', 'value', 'alerts export', 'alerts push', 'init'];

/** The command this run executes ("risk", "alerts sync"), noted by the CLI so the refusal can name it. */
let runningCommand: string | undefined;

export function noteRunningCommand(name: string): void {
  runningCommand = name;
}

/** Throws (exit 2) when `location` is a PostgreSQL URL: the caller can only use a SQLite file. */
export function refusePostgres(location: string): void {
  if (!isPostgresUrl(location)) return;
  const command = runningCommand === undefined ? errorPhrase('error.pg.this_command') : `csops ${runningCommand}`;
  throw new UsageError(
    errorPhrase('error.pg.not_yet', { command, url: shownUrl(location), commands: POSTGRES_COMMANDS.map((name) => `csops ${name}`).join(', ') }),
    errorPhrase('error.pg.not_yet_hint'),
  );
}
