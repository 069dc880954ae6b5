import { UsageError } from '../../errors.js';
import { SCHEMA_VERSION } from '../schema.js';
import { connectPostgres, type PgSession } from './client.js';
import { migratePostgres, pgSchemaVersion } from './schema.js';
import { errorPhrase } from '../../i18n/messages/errors.js';

/**
 * A PostgreSQL database for a command that reads it, as openDatabase opens a SQLite file with
 * mustExist: one csops never wrote to is an error naming what to do; one an older csops wrote to is
 * brought to this schema version first (each migration under the schema lock, so concurrent runs
 * migrate once).
 */
export async function openPostgresForReading(url: string, csopsVersion: string): Promise<PgSession> {
  const session = await connectPostgres(url);
  try {
    const version = await pgSchemaVersion(session);
    if (version === 0) {
      throw new UsageError(errorPhrase('error.pg.never_migrated', { database: session.shown }), errorPhrase('error.pg.never_migrated_hint'));
    }
    if (version < SCHEMA_VERSION) await migratePostgres(session, csopsVersion);
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}

/** `work` on a PostgreSQL database opened for reading (openPostgresForReading), closed whatever happens. */
export async function withPostgres<T>(url: string, csopsVersion: string, work: (session: PgSession) => Promise<T>): Promise<T> {
  const session = await openPostgresForReading(url, csopsVersion);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
