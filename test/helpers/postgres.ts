import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPostgres } from '../../src/db/pg/client.js';
import { migratePostgres } from '../../src/db/pg/schema.js';

/**
 * The PostgreSQL server the tests use: CSOPS_TEST_POSTGRES_URL (.ci/run starts a throwaway cluster
 * with .ci/postgres.sh and sets it). Without it the PostgreSQL half of the suite is skipped, and each
 * file that skips says so in one line.
 */
export const POSTGRES_URL = process.env.CSOPS_TEST_POSTGRES_URL;

export function noteSkippedWithoutPostgres(what: string): void {
  if (POSTGRES_URL === undefined) console.log(`CSOPS_TEST_POSTGRES_URL is not set: skipping ${what} (start a server with .ci/postgres.sh start)`);
}

/** The server URL with another database name, keeping its host, user and parameters. */
export function withDatabase(url: string, database: string): string {
  const match = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/i.exec(url);
  if (!match) throw new Error(`not a PostgreSQL URL: ${url}`);
  return `${match[1]}/${database}${match[3] ?? ''}`;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new empty database of its own for one test (tests run in parallel); dropDatabases() removes them.
 * `migrated`: with csops's tables at the current schema version, copied from a database migrated once
 * per test file (a copy costs a tenth of the migrations).
 */
const created: string[] = [];
let template: Promise<string> | undefined;
export async function freshDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  if (POSTGRES_URL === undefined) throw new Error('CSOPS_TEST_POSTGRES_URL is not set');
  return withDatabase(POSTGRES_URL, await createDatabase(options.migrated ? await migratedTemplate() : undefined));
}

async function createDatabase(copyOf?: string): Promise<string> {
  const name = `csops_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}${copyOf === undefined ? '' : ` TEMPLATE ${copyOf}`}`));
  created.push(name);
  return name;
}

/** The name of this file's migrated database (copies are made of it, so nothing else connects to it). */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = await createDatabase();
    const session = await connectPostgres(withDatabase(POSTGRES_URL!, name));
    try {
      await migratePostgres(session, 'test');
    } finally {
      await session.close();
    }
    return name;
  })();
  return template;
}

export async function dropDatabases(): Promise<void> {
  if (POSTGRES_URL === undefined) return;
  template = undefined;
  const names = created.splice(0);
  await admin(async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** Runs SQL on one database (with node-postgres's own defaults: this is the test's view, not csops's). */
export async function onDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
