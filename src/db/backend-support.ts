import { isPostgresUrl, shownUrl } from '../config/database-url.js';
import { UsageError } from '../errors.js';

/**
 * Which commands work on PostgreSQL so far (issue 25 is done in parts): the database commands. Every
 * other command opens its database through openDatabase, which refuses a PostgreSQL URL with this
 * error instead of taking it for a file name (it would create a SQLite file called "postgres:…").
 */
export const POSTGRES_COMMANDS: readonly string[] = ['db info', 'db migrate', 'db copy', 'import', 'risk', 'tier', 'renewals', 'report', 'metrics retention', 'metrics acquisition', 'alerts', 'alerts sync', 'alerts ack', 'alerts done', 'alerts snooze', 'account', 'risk backtest', 'churn-model fit', 'value', 'alerts export', 'alerts push'];

/** The command this run executes ("risk", "alerts sync"), noted by the CLI so the refusal can name it. */
let runningCommand: string | undefined;

export function noteRunningCommand(name: string): void {
  runningCommand = name;
}

/** Throws (exit 2) when `location` is a PostgreSQL URL: the caller can only use a SQLite file. */
export function refusePostgres(location: string): void {
  if (!isPostgresUrl(location)) return;
  const command = runningCommand === undefined ? 'this command' : `csops ${runningCommand}`;
  throw new UsageError(
    `${command} does not work on PostgreSQL yet (--db ${shownUrl(location)}); so far only ${POSTGRES_COMMANDS.map((name) => `csops ${name}`).join(', ')} do`,
    'PostgreSQL support for the other commands is coming; until then run them on a SQLite copy: csops --db <postgres-url> db copy --to ./csops.db, then csops --db ./csops.db …',
  );
}
