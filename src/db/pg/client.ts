import { createRequire } from 'node:module';
import os from 'node:os';
import type { Client, ClientConfig, CustomTypesConfig } from 'pg';
import { maskSecrets, shownUrl, urlPassword } from '../../config/database-url.js';
import { BusyError, CsopsError, DataError, InputError, InternalError, IoError, PermissionError } from '../../errors.js';

/**
 * One connection to a PostgreSQL server (issue 25). node-postgres is imported here, on first use, so
 * a run on SQLite never loads it. The URL goes to node-postgres as written: the libpq parameters it
 * carries (sslmode, host=/socket/dir, application_name, options, connect_timeout …) apply, and what it
 * leaves out comes from the PG* variables (PGHOST, PGUSER, PGPASSWORD, PGSSLMODE …), then ~/.pgpass
 * (or PGPASSFILE) for the password — read here with the pgpass module node-postgres itself uses (its
 * own lookup is deprecated and prints a warning).
 */
export interface PgSession {
  readonly client: Client;
  /** The URL with its password masked: how output and errors name this database. */
  readonly shown: string;
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Any error of this connection as a csops error, its text masked (see translatePgError). */
  fail(error: unknown, doing?: string): CsopsError;
  close(): Promise<void>;
}

/** One transaction: `work` run, committed (or rolled back and its error passed on as it came). */
export async function inTransaction<T>(session: PgSession, work: () => Promise<T>): Promise<T> {
  await session.query('BEGIN');
  try {
    const result = await work();
    await session.query('COMMIT');
    return result;
  } catch (error) {
    await session.client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** OIDs of the types whose node-postgres parsing surprises: they come back exact, and dates as text. */
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/** bigint (money in minor units, counts): a JS number when exactly one, else an error, never a rounded value. */
export function parseExactInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new IoError(`PostgreSQL returned the integer ${text}, beyond what csops reads exactly (±${Number.MAX_SAFE_INTEGER})`, 'a csops column should never hold it: check what wrote that value');
  return value;
}

/** numeric: a JS number when it reads back as the same decimal, else an error rather than a lossy float. */
export function parseExactNumeric(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || !sameDecimal(text, value)) throw new IoError(`PostgreSQL returned the number ${text}, which a JS number cannot hold exactly`, 'csops keeps money as integer minor units; a numeric column of your own needs a cast in its query');
  return value === 0 ? 0 : value;
}

function sameDecimal(text: string, value: number): boolean {
  const normal = (decimal: string) => {
    const [whole = '', fraction = ''] = decimal.replace(/^\+/, '').split('.');
    const trimmedFraction = fraction.replace(/0+$/, '');
    const sign = whole.startsWith('-') ? '-' : '';
    const digits = whole.replace(/^-/, '').replace(/^0+(?=\d)/, '');
    const result = trimmedFraction === '' ? `${sign}${digits}` : `${sign}${digits}.${trimmedFraction}`;
    return result === '-0' ? '0' : result;
  };
  // toFixed keeps up to 100 fraction digits without an exponent; Number(text) of a decimal text has no more than it gives.
  const places = (text.split('.')[1] ?? '').length;
  return normal(text) === normal(value.toFixed(Math.min(places, 100)));
}

/** Opens a connection; every failure is a documented exit with the password masked (translatePgError). */
export async function connectPostgres(url: string): Promise<PgSession> {
  const shown = shownUrl(url);
  const secrets = [urlPassword(url), process.env.PGPASSWORD];
  const fail = (error: unknown, doing?: string) => translatePgError(error, { shown, secrets, doing });
  let pg: (typeof import('pg'))['default'];
  try {
    pg = (await import('pg')).default;
  } catch (error) {
    throw new InternalError(`cannot load node-postgres (the pg package): ${(error as Error).message}`);
  }
  const types: CustomTypesConfig = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8) return parseExactInteger;
      if (oid === NUMERIC) return parseExactNumeric;
      if (oid === DATE || oid === TIMESTAMP || oid === TIMESTAMPTZ) return (text: string) => text;
      return pg.types.getTypeParser(oid, format);
    }) as CustomTypesConfig['getTypeParser'],
  };
  let client: Client;
  const config: ClientConfig = {
    connectionString: url,
    types,
    application_name: 'csops',
    // libpq's default user is the operating system's; node-postgres reads only USER, which cron and
    // service environments often lack. The URL's user, then PGUSER, win over this.
    user: process.env.PGUSER ?? process.env.USER ?? systemUser(),
    connectionTimeoutMillis: 30_000,
  };
  try {
    client = new pg.Client(config);
  } catch (error) {
    throw fail(error, 'read the URL');
  }
  // No password in the URL or PGPASSWORD: asked only when the server wants one, from ~/.pgpass (or
  // PGPASSFILE) as libpq does. (node-postgres's own lookup does the same but is deprecated, with a warning.)
  const withPassword = client as unknown as { password: unknown };
  if (withPassword.password == null || withPassword.password === '') {
    withPassword.password = async (parameters: Record<string, unknown>) => {
      const found = await pgpassPassword(parameters);
      if (found !== undefined) secrets.push(found);
      return found ?? '';
    };
  }
  // A connection that drops while idle must not crash the process: the next query fails and says so.
  client.on('error', () => {});
  try {
    await client.connect();
    // Dates come back as YYYY-MM-DD (the DATE parser above keeps the text), whatever the server's default.
    await client.query("SET DateStyle = 'ISO, YMD'");
  } catch (error) {
    await client.end().catch(() => {});
    throw fail(error, 'connect');
  }
  const session: PgSession = {
    client,
    shown,
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      try {
        return (await client.query(sql, params as unknown[])).rows as Row[];
      } catch (error) {
        throw fail(error);
      }
    },
    fail,
    async close() {
      await client.end().catch(() => {});
    },
  };
  return session;
}

function systemUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/** The password ~/.pgpass (or PGPASSFILE) holds for this host, port, database and user, if any. */
function pgpassPassword(connection: Record<string, unknown>): Promise<string | undefined> {
  // Resolved from node-postgres's own folder: the pgpass it depends on, whatever the install layout.
  const requireFromPg = createRequire(createRequire(import.meta.url).resolve('pg'));
  const pgpass = requireFromPg('pgpass') as (connInfo: Record<string, unknown>, callback: (password: string | undefined) => void) => void;
  return new Promise((resolve) => pgpass(connection, resolve));
}

interface FailureContext {
  shown: string;
  secrets: readonly (string | undefined)[];
  /** What csops was doing: "connect", "copy table accounts" … */
  doing?: string;
}

/**
 * A node-postgres or server error as the documented exit (SPEC §2), its text masked: a login refused
 * is 77, a database that does not exist 66, a server that cannot be reached 74, a lock or too many
 * connections 75, bad data 65, an error in csops's own SQL 70. An error that is already a csops error
 * keeps its exit code; its text is masked too.
 */
export function translatePgError(error: unknown, context: FailureContext): CsopsError {
  const mask = (text: string) => maskSecrets(text, context.secrets);
  if (error instanceof CsopsError) {
    const masked = mask(error.message);
    const hint = error.hint === undefined ? undefined : mask(error.hint);
    if (masked === error.message && hint === error.hint) return error;
    return new (class extends CsopsError {})(masked, error.exitCode, hint);
  }
  const raw = error instanceof Error ? error.message : String(error);
  const code = typeof (error as { code?: unknown })?.code === 'string' ? ((error as { code: string }).code) : undefined;
  const where = `PostgreSQL at ${context.shown}`;
  const doing = context.doing === undefined ? '' : ` (${context.doing})`;
  const message = (text: string) => mask(text);
  switch (code) {
    case '28P01':
    case '28000':
      return new PermissionError(message(`${where} refused the login: ${raw}`), 'check the user and password: in the URL, PGUSER / PGPASSWORD, or ~/.pgpass (host:port:database:user:password)');
    case '3D000':
      return new InputError(message(`${where}: ${raw}`), 'create it first (createdb, or CREATE DATABASE as a role that may), then csops db migrate');
    case '42501':
      return new PermissionError(message(`${where}${doing}: ${raw}`), 'the role needs rights on the database and its schema: GRANT CREATE, USAGE ON SCHEMA … TO the role (see the README, "A shared database for the team")');
    case '55P03':
    case '40001':
    case '40P01':
    case '53300':
    case '57P03':
      return new BusyError(message(`${where} is busy${doing}: ${raw}`), 'try again in a moment; what this command was writing was rolled back');
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOENT':
      return new IoError(message(`cannot reach ${where}: ${raw}`), 'check that the server runs and the host and port (in the URL, or PGHOST and PGPORT)');
  }
  if (code === undefined && /timeout|terminated|Connection terminated/i.test(raw)) {
    return new IoError(message(`cannot reach ${where}: ${raw}`), 'check that the server runs and the host and port (in the URL, or PGHOST and PGPORT)');
  }
  if (/\bSSL\b|certificate|self[- ]signed/i.test(raw)) {
    return new IoError(message(`the secure connection to ${where} failed: ${raw}`), 'check sslmode in the URL (disable, prefer, require, verify-ca, verify-full) and, for verify-*, sslrootcert');
  }
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    const detail = (error as { detail?: string }).detail;
    const where2 = (error as { where?: string }).where;
    const text = [raw, detail, where2].filter((part) => part !== undefined && part !== '').join('; ');
    if (code.startsWith('22') || code.startsWith('23')) return new DataError(message(`${where}${doing} refused a value: ${text} (SQLSTATE ${code})`), 'nothing was written');
    if (code.startsWith('42')) return new InternalError(message(`${where}${doing}: ${text} (SQLSTATE ${code})`));
    return new IoError(message(`${where}${doing}: ${text} (SQLSTATE ${code})`), 'nothing was written; check the server log if it repeats');
  }
  if (error instanceof TypeError || /invalid url|connection string|Invalid URL/i.test(raw)) {
    return new InputError(message(`cannot use ${where}: ${raw}`), 'write the URL as postgres://user@host:5432/database');
  }
  return new IoError(message(`${where}${doing}: ${raw}`), 'check that the server runs and accepts csops (the URL, PG* variables, ~/.pgpass)');
}
