import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, phrasesOf, type Phrase } from '../errors.js';
import { configTexts } from './texts.js';

const said = phrasesOf(configTexts);

/**
 * What `--db`, `CSOPS_DB` and the config's `database` name (issue 25), read in this one module: a
 * PostgreSQL server (`postgres://…` or `postgresql://…`, passed to node-postgres as written, so the
 * libpq URL parameters — `sslmode`, `host=/socket/dir`, `application_name`, … — and the `PG*`
 * variables and ~/.pgpass for what the URL leaves out all apply), or a SQLite file: a plain path,
 * `sqlite:<path>` or a `file:` URL.
 */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const POSTGRES = /^postgres(?:ql)?:\/\//i;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

export function isPostgresUrl(text: string): boolean {
  return POSTGRES.test(text.trim());
}

/**
 * Reads a database setting. A SQLite path is resolved against `baseDir` when one is given (the config
 * file's folder for the config's `database`), else kept as written; a URL of another scheme is refused
 * (exit 2) rather than taken for a file name.
 */
export function databaseTarget(text: string, baseDir?: string, setting: string | Phrase = '--db'): DatabaseTarget {
  const value = text.trim();
  // Checked by node-postgres when it connects (its parser takes forms WHATWG URLs refuse, such as
  // postgres://user@/db?host=/run/postgresql); its errors are shown masked.
  if (isPostgresUrl(value)) return { kind: 'postgres', url: value };
  const sqlitePath = sqlitePathOf(value, setting);
  return { kind: 'sqlite', path: baseDir === undefined ? sqlitePath : path.resolve(baseDir, sqlitePath) };
}

function sqlitePathOf(value: string, setting: string | Phrase): string {
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive (C:\data\csops.db), not a URL.
  if (scheme === undefined || scheme.length === 1) return value;
  if (scheme === 'sqlite') {
    // sqlite:csops.db, sqlite:/abs/csops.db, sqlite:///abs/csops.db (SQLAlchemy's spelling)
    const rest = value.slice('sqlite:'.length);
    const file = rest.startsWith('//') ? rest.slice(2) : rest;
    if (file === '') throw new UsageError(said('config.db_url.no_file', { setting, value }), said('config.db_url.no_file_hint', { scheme: 'sqlite' }));
    return file;
  }
  if (scheme === 'file') {
    if (value.startsWith('file://')) {
      try {
        return fileURLToPath(value);
      } catch {
        throw new UsageError(said('config.db_url.bad_file_url', { setting, value }), said('config.db_url.bad_file_url_hint'));
      }
    }
    const file = value.slice('file:'.length);
    if (file === '') throw new UsageError(said('config.db_url.no_file', { setting, value }), said('config.db_url.no_file_hint', { scheme: 'file' }));
    return file;
  }
  throw new UsageError(said('config.db_url.scheme', { setting, value: maskSecrets(value), scheme }), said('config.db_url.scheme_hint'));
}

/**
 * The one masking function: every password in a text (an error of the server or of node-postgres, a
 * URL shown in output or logs) becomes `***`. It masks the password part of any `scheme://user:password@`
 * URL, `password=…` parameters (in a URL's query or a key=value connection string), and any of the
 * given secrets wherever they appear (the password a URL or PGPASSWORD carried, as pg may echo it).
 */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let masked = text
    // user:password@ in a URL; the password may itself hold '@' or ':' when unencoded: up to the last '@' before the host
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)([^\s/?#]*)@/gi, (_all, head: string) => `${head}***@`)
    .replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&'"]+)/gi, (_all, head: string) => `${head}***`);
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 3) continue;
    masked = masked.split(secret).join('***');
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) masked = masked.split(encoded).join('***');
  }
  return masked;
}

/** The password a PostgreSQL URL carries (decoded), for maskSecrets; undefined when it has none. */
export function urlPassword(url: string): string | undefined {
  const inUserPart = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#]*)@/i.exec(url)?.[1];
  const inQuery = /[?&]password=([^&#]*)/i.exec(url)?.[1];
  const found = inUserPart || inQuery;
  if (found === undefined || found === '') return undefined;
  try {
    return decodeURIComponent(found);
  } catch {
    return found;
  }
}

/** A PostgreSQL URL as csops shows it: its password (in the user part or the query) masked. */
export function shownUrl(url: string): string {
  return maskSecrets(url, [urlPassword(url)]);
}

/** A target as csops names it in output and errors: the SQLite file's path, or the masked URL. */
export function shownTarget(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? target.path : shownUrl(target.url);
}

/** The setting as commands receive it (CommandContext.dbPath): the SQLite file's path, or the PostgreSQL URL. */
export function databaseLocation(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? target.path : target.url;
}
