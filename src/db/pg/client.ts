import { createRequire } from 'node:module';
import os from 'node:os';
import type { Client, ClientConfig, CustomTypesConfig } from 'pg';
import { maskSecrets, shownUrl, urlPassword } from '../../config/database-url.js';
import { BusyError, CsopsError, DataError, InputError, InternalError, IoError, isPhrase, PermissionError, type Phrase, type RowProblem } from '../../errors.js';
import { errorPhrase } from '../../i18n/messages/errors.js';

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
  fail(error: unknown, doing?: Phrase): CsopsError;
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
  if (!Number.isSafeInteger(value)) throw new IoError(errorPhrase('error.pg.integer_too_big', { value: text, max: Number.MAX_SAFE_INTEGER }), errorPhrase('error.pg.integer_too_big_hint'));
  return value;
}

/** numeric: a JS number when it reads back as the same decimal, else an error rather than a lossy float. */
export function parseExactNumeric(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || !sameDecimal(text, value)) throw new IoError(errorPhrase('error.pg.inexact_number', { value: text }), errorPhrase('error.pg.inexact_number_hint'));
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
  const fail = (error: unknown, doing?: Phrase) => translatePgError(error, { shown, secrets, doing });
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
    throw fail(error, errorPhrase('error.pg.doing.read_url'));
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
    throw fail(error, errorPhrase('error.pg.doing.connect'));
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
  /** What csops was doing: an error.pg.doing.* phrase ("connect", "copy accounts" …). */
  doing?: Phrase;
}

/**
 * A node-postgres or server error as the documented exit (SPEC §2), its text masked: a login refused
 * is 77, a database that does not exist 66, a server that cannot be reached 74, a lock or too many
 * connections 75, bad data 65, an error in csops's own SQL 70. An error that is already a csops error
 * keeps its class, exit code and wording; its text is masked too. Masking applies to the values a
 * message shows (the URL, what the server said, the step), never to a worded sentence, so every
 * language words the same masked values.
 */
export function translatePgError(error: unknown, context: FailureContext): CsopsError {
  const mask = (text: string) => maskSecrets(text, context.secrets);
  if (error instanceof CsopsError) return maskedError(error, mask);
  const raw = error instanceof Error ? error.message : String(error);
  const code = typeof (error as { code?: unknown })?.code === 'string' ? ((error as { code: string }).code) : undefined;
  const database = mask(context.shown);
  const doing = context.doing === undefined ? '' : maskedPhrase(context.doing, mask);
  const detail = mask(raw);
  switch (code) {
    case '28P01':
    case '28000':
      return new PermissionError(errorPhrase('error.pg.login_refused', { database, detail }), errorPhrase('error.pg.login_refused_hint'));
    case '3D000':
      return new InputError(errorPhrase('error.pg.no_database', { database, detail }), errorPhrase('error.pg.no_database_hint'));
    case '42501':
      return new PermissionError(errorPhrase('error.pg.no_rights', { database, doing, detail }), errorPhrase('error.pg.no_rights_hint'));
    case '55P03':
    case '40001':
    case '40P01':
    case '53300':
    case '57P03':
      return new BusyError(errorPhrase('error.pg.busy', { database, doing, detail }), errorPhrase('error.pg.busy_hint'));
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ENOENT':
      return new IoError(errorPhrase('error.pg.unreachable', { database, detail }), errorPhrase('error.pg.unreachable_hint'));
  }
  if (code === undefined && /timeout|terminated|Connection terminated/i.test(raw)) {
    return new IoError(errorPhrase('error.pg.unreachable', { database, detail }), errorPhrase('error.pg.unreachable_hint'));
  }
  if (/\bSSL\b|certificate|self[- ]signed/i.test(raw)) {
    return new IoError(errorPhrase('error.pg.ssl', { database, detail }), errorPhrase('error.pg.ssl_hint'));
  }
  if (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) {
    const serverDetail = (error as { detail?: string }).detail;
    const serverWhere = (error as { where?: string }).where;
    const said = mask([raw, serverDetail, serverWhere].filter((part) => part !== undefined && part !== '').join('; '));
    if (code.startsWith('22') || code.startsWith('23')) return new DataError(errorPhrase('error.pg.value_refused', { database, doing, detail: said, code }), errorPhrase('error.pg.value_refused_hint'));
    // An error in csops's own SQL is a bug: its English goes in the report.
    if (code.startsWith('42')) return new InternalError(errorPhrase('error.pg.server_error', { database, doing, detail: said, code }).text);
    return new IoError(errorPhrase('error.pg.server_error', { database, doing, detail: said, code }), errorPhrase('error.pg.server_error_hint'));
  }
  if (error instanceof TypeError || /invalid url|connection string|Invalid URL/i.test(raw)) {
    return new InputError(errorPhrase('error.pg.bad_url', { database, detail }), errorPhrase('error.pg.bad_url_hint'));
  }
  return new IoError(errorPhrase('error.pg.failed', { database, doing, detail }), errorPhrase('error.pg.failed_hint'));
}

/** A phrase with its values masked, nested phrases too; its English text masked alike. */
function maskedPhrase(phrase: Phrase, mask: (text: string) => string): Phrase {
  const maskValue = (value: unknown): unknown => (typeof value === 'string' ? mask(value) : isPhrase(value) ? maskedPhrase(value, mask) : Array.isArray(value) ? value.map(maskValue) : value);
  const params = phrase.params === undefined ? undefined : Object.fromEntries(Object.entries(phrase.params).map(([name, value]) => [name, maskValue(value)]));
  return params === undefined ? { key: phrase.key, text: mask(phrase.text) } : { key: phrase.key, params, text: mask(phrase.text) };
}

/**
 * A csops error with any secret in its words masked: the same class, exit code and fields (a
 * DataError keeps its problems, masked), the message and hint still by key when they were.
 */
function maskedError(error: CsopsError, mask: (text: string) => string): CsopsError {
  const phrase = error.phrase === undefined ? undefined : maskedPhrase(error.phrase, mask);
  const hintPhrase = error.hintPhrase === undefined ? undefined : maskedPhrase(error.hintPhrase, mask);
  const message = phrase?.text ?? mask(error.message);
  const hint = hintPhrase?.text ?? (error.hint === undefined ? undefined : mask(error.hint));
  if (message === error.message && hint === error.hint) return error;
  const masked = Object.create(Object.getPrototypeOf(error) as object) as CsopsError;
  const problems = (error as { problems?: unknown }).problems;
  Object.assign(masked, error, { phrase, hint, hintPhrase });
  if (Array.isArray(problems)) {
    Object.assign(masked, {
      problems: (problems as RowProblem[]).map((problem) => ({
        ...problem,
        ...(problem.value === undefined ? {} : { value: mask(problem.value) }),
        expected: mask(problem.expected),
        ...(problem.expectedPhrase === undefined ? {} : { expectedPhrase: maskedPhrase(problem.expectedPhrase, mask) }),
      })),
    });
  }
  Object.defineProperty(masked, 'message', { value: message, writable: true, configurable: true });
  Object.defineProperty(masked, 'stack', { value: error.stack === undefined ? undefined : mask(error.stack), writable: true, configurable: true });
  return masked;
}
