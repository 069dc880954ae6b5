import type { Command } from 'commander';
import { completeWith } from './completion-values.js';
import { Option } from 'commander';
import { resolveRuntime, type Io } from './runtime.js';

export function registerDb(program: Command, io: Io): void {
  const db = program
    .command('db')
    .description('the database itself, on SQLite or PostgreSQL: what it holds (info), its schema (migrate), a copy into another (copy)')
    .addHelpText(
      'after',
      `
--db (or CSOPS_DB, or the config's database) names the database: a SQLite file (a path, sqlite:path or
file:///path), or a PostgreSQL server as postgres://user@host:5432/database (postgresql:// too). The
URL's libpq parameters apply (sslmode=require, host=/run/postgresql, application_name …), and what it
leaves out comes from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE and ~/.pgpass.
Passwords are never printed: csops shows such a URL as postgres://ana:***@db.example.com/cs.
On PostgreSQL only the db commands work so far; the others follow (until then, db copy to a SQLite file).

Examples:
  $ csops db info
  $ csops --db postgres://csops@db.internal/cs db migrate
  $ csops --db ./csops.db db copy --to postgres://csops@db.internal/cs
  $ csops --db postgres://csops@db.internal/cs db copy --to ./snapshot.db`,
    );

  db.command('info')
    .description('backend, schema version, rows per table and the last import of each kind')
    .addHelpText(
      'after',
      `
A table that does not exist yet shows no count (a PostgreSQL database csops db migrate has not set up).

Examples:
  $ csops db info
  $ csops --db postgres://csops@db.internal/cs db info --format json
  $ CSOPS_DB=postgresql:///cs?host=/run/postgresql csops db info --format md`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const { runDbInfo } = await import('../commands/db.js');
      const { printDbInfo } = await import('./db-output.js');
      printDbInfo(runtime, await runDbInfo(runtime.context));
    });

  db.command('migrate')
    .description('bring the database to the schema this csops uses (creating a SQLite file, or csops\'s tables on PostgreSQL)')
    .addHelpText(
      'after',
      `
Safe to run again (then it changes nothing) and from several machines at once: on PostgreSQL each
migration runs in a transaction of its own under an advisory lock, so it is applied once; on SQLite an
older database is kept as <db>.bak-<version> first. Every command migrates a SQLite database when it
opens it; on PostgreSQL run this once after each csops upgrade (from the cron box, say).

Examples:
  $ csops --db postgres://csops@db.internal/cs db migrate
  $ csops db migrate --format json`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const { runDbMigrate } = await import('../commands/db.js');
      const { printDbMigrate } = await import('./db-output.js');
      printDbMigrate(runtime, await runDbMigrate(runtime.context));
    });

  db.command('copy')
    .description('copy every csops table of the --db database into an empty one: SQLite to PostgreSQL, or back')
    .addOption(completeWith(new Option('--to <database>', 'the empty database to fill: a PostgreSQL URL or a SQLite file (created when missing)').makeOptionMandatory(), { files: true }))
    .addHelpText(
      'after',
      `
The target must hold no csops rows (a new SQLite file, an empty PostgreSQL database, or one csops db
migrate set up and nothing filled); it is migrated and filled in one transaction (rows go into
PostgreSQL with COPY), and the rows of every table are counted against the source before it commits:
a copy that does not add up, or fails half-way, keeps nothing. The source is read in one snapshot, so
an import running meanwhile is either wholly in the copy or not at all.

Examples:
  $ csops --db ./csops.db db copy --to postgres://csops@db.internal/cs
  $ csops --db postgres://csops@db.internal/cs db copy --to ./backup-$(date +%F).db
  $ csops db copy --to "postgresql://csops@db.internal/cs?sslmode=require" --format json`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { to: string };
      const { runDbCopy } = await import('../commands/db.js');
      const { printDbCopy } = await import('./db-output.js');
      printDbCopy(runtime, await runDbCopy(runtime.context, options));
    });
}
