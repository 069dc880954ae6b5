/**
 * The one mapping from faults of the machine (a busy or damaged database, a full disk, a read-only
 * folder, a path that cannot be created) to the documented exit codes (SPEC §2, sysexits):
 * 75 busy, 74 I/O error or damaged database, 77 permission denied, 73 cannot create an output file,
 * 66 cannot open an input. What is left unmapped is a bug (70).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BusyError, CannotCreateError, CsopsError, InputError, IoError, PermissionError, phrasesOf, type Phrase } from './errors.js';

/** The English of these errors, by key (src/i18n/messages/errors.ts gives the other languages' words). */
export const environmentTexts = {
  'env.db_busy': (p: { file: string }) => `database ${p.file} is busy: another process is writing to it`,
  'env.db_busy_hint': 'try again when it has finished (csops waited busy_timeout_ms, in the config, before giving up); what this command was writing was rolled back',
  'env.io_error': (p: { file: string; detail: string }) => `I/O error on ${p.file}: ${p.detail}`,
  'env.io_error_hint_sqlite': (p: { folder: string }) => `check the disk holding ${p.folder} (free space: df -h; errors: dmesg) and run the command again; what it was writing was rolled back`,
  'env.io_error_hint': (p: { folder: string }) => `check the disk holding ${p.folder} (dmesg) and run the command again`,
  'env.not_a_database': (p: { file: string }) => `${p.file} is not a SQLite database, or its first page is damaged`,
  'env.not_a_database_hint': (p: { recovery: string }) => `point --db at your csops database; if this is it, ${p.recovery}`,
  'env.cannot_open_db': (p: { file: string; detail: string }) => `cannot open database ${p.file}: ${p.detail}`,
  'env.cannot_open_db_hint': 'check the path, and that the file and its folder can be read',
  'env.cannot_read': (p: { file: string; why: string }) => `cannot read ${p.file}: ${p.why}`,
  'env.cannot_read_hint_permissions': 'check the path and its permissions; nothing was imported',
  'env.cannot_read_hint': 'check the path; nothing was imported',
  'env.not_permitted': (p: { file: string; why: string }) => `${p.why}: ${p.file}`,
  'env.not_permitted_hint': 'check the permissions of the file and of its folder',
  'env.cannot_write': (p: { file: string; why: string }) => `cannot write ${p.file}: ${p.why}`,
  'env.cannot_write_hint': 'choose a path in a folder you can write to, or fix the permissions of the folder',
  'env.cannot_create': (p: { file: string; why: string }) => `cannot create ${p.file}: ${p.why}`,
  'env.cannot_create_hint': 'choose another path',
  'env.disk_full': (p: { file: string }) => `disk full writing ${p.file}`,
  'env.disk_full_hint': (p: { folder: string }) => `free some space on the file system holding ${p.folder} (df -h ${p.folder}) and run the command again; what it was writing was rolled back`,
  'env.db_read_only': (p: { file: string; why: string }) => `cannot write database ${p.file}: ${p.why}`,
  'env.db_read_only_hint': (p: { file: string; name: string; folder: string }) =>
    `csops writes the database and, beside it, ${p.name}-wal and ${p.name}-shm: give your user write access to the file and to ${p.folder}; commands that only read (risk and tier without --save, renewals, report, account, metrics) work on a read-only database`,
  'env.read_only_reason': 'the database is read-only',
  'env.db_damaged': (p: { file: string; detail: string; before: string }) => `database ${p.file} is damaged (${p.detail})${p.before}`,
  'env.recovery': (p: { quoted: string; recovered: string; name: string; restore: string }) =>
    `recover what SQLite can still read: sqlite3 ${p.quoted} ".recover" | sqlite3 ${p.recovered}, then check it and move it in place of ${p.name}; ${p.restore}`,
  'env.restore_backup': (p: { backup: string }) => `or go back to the latest backup, ${p.backup} (copied before a schema migration), and import the exports made since`,
  'env.no_backup': (p: { name: string }) => `no backup (${p.name}.bak-N, made before each schema migration) was found beside it`,
  'env.why.EACCES': 'permission denied',
  'env.why.EPERM': 'operation not permitted',
  'env.why.EROFS': 'read-only file system',
  'env.why.ENOENT': 'no such file or folder',
  'env.why.ENOTDIR': 'a part of the path is a file, not a folder',
  'env.why.EISDIR': 'it is a folder',
  'env.why.ELOOP': 'too many symbolic links, or a symbolic link where none is followed',
  'env.why.EEXIST': 'something else is already there',
  'env.why.ENAMETOOLONG': 'the name is too long',
  'env.why.ENXIO': 'no such device, or a FIFO with no reader',
};
const said = phrasesOf(environmentTexts);

/** What the path is to this run: a missing path is an unreadable input (66) or an uncreatable output (73). */
export type PathRole = 'database' | 'input' | 'output';

export interface FaultTarget {
  path?: string;
  role?: PathRole;
}

/** SQLite errors carry no path: a run opens one database, and this is it (set by openDatabase). */
let databaseInUse: string | undefined;

export function noteDatabaseInUse(file: string): void {
  databaseInUse = file;
}

/** SQLITE_IOERR_SHORT_READ → SQLITE_IOERR: an extended result code is classified by its primary code. */
export function primarySqliteCode(code: string): string {
  return /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code;
}

/**
 * The documented error for a fault of the environment, or undefined when the error is not one (then
 * it is a bug). An error that is already a CsopsError is returned as it is.
 */
export function environmentError(error: unknown, target: FaultTarget = {}): CsopsError | undefined {
  if (error instanceof CsopsError) return error;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_')) return sqliteFault(primarySqliteCode(code), error.message, target.path ?? databaseInUse ?? 'the database');
  const errno = error as NodeJS.ErrnoException;
  // An output is named by its target, not the temporary file behind it; otherwise the path the system names.
  const file = target.role === 'output' ? (target.path ?? errno.path) : (errno.path ?? target.path);
  return systemFault(code, file ?? '(unknown path)', target.role);
}

function sqliteFault(primary: string, message: string, file: string): CsopsError | undefined {
  switch (primary) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
    case 'SQLITE_PROTOCOL':
      return new BusyError(said('env.db_busy', { file }), said('env.db_busy_hint'));
    case 'SQLITE_FULL':
      return diskFull(file);
    case 'SQLITE_IOERR':
      // On a full disk SQLite often says only "disk I/O error" (the -shm cannot grow): say what it is.
      if (noSpaceLeft(path.dirname(file))) return diskFull(file);
      return new IoError(said('env.io_error', { file, detail: message }), said('env.io_error_hint_sqlite', { folder: path.dirname(file) }));
    case 'SQLITE_CORRUPT':
      return damagedDatabase(file, message);
    case 'SQLITE_NOTADB':
      return new IoError(said('env.not_a_database', { file }), said('env.not_a_database_hint', { recovery: recovery(file) }));
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return readOnlyDatabase(file, message === 'attempt to write a readonly database' ? said('env.read_only_reason') : message);
    case 'SQLITE_CANTOPEN':
      return new InputError(said('env.cannot_open_db', { file, detail: message }), said('env.cannot_open_db_hint'));
    default:
      return undefined;
  }
}

function systemFault(code: string, file: string, role: PathRole | undefined): CsopsError | undefined {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return diskFull(file);
    case 'EIO':
    case 'EFBIG':
      return new IoError(said('env.io_error', { file, detail: code }), said('env.io_error_hint', { folder: path.dirname(file) }));
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      if (role === 'input') return new InputError(said('env.cannot_read', { file, why: reason(code) }), said('env.cannot_read_hint_permissions'));
      if (role === 'database') return readOnlyDatabase(file, reason(code));
      if (role === undefined) return new PermissionError(said('env.not_permitted', { file, why: reason(code) }), said('env.not_permitted_hint'));
      return new PermissionError(said('env.cannot_write', { file, why: reason(code) }), said('env.cannot_write_hint'));
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
    case 'ELOOP':
    case 'EEXIST':
    case 'ENAMETOOLONG':
    case 'ENXIO':
      if (role === undefined) return undefined;
      if (role === 'input') return new InputError(said('env.cannot_read', { file, why: reason(code) }), said('env.cannot_read_hint'));
      return new CannotCreateError(said('env.cannot_create', { file, why: reason(code) }), said('env.cannot_create_hint'));
    default:
      return undefined;
  }
}

const REASONS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP', 'EEXIST', 'ENAMETOOLONG', 'ENXIO']);

/** The system's reason in words; an error code without words stays the code. */
function reason(code: string): Phrase | string {
  return REASONS.has(code) ? said(`env.why.${code}` as 'env.why.EACCES') : code;
}

function noSpaceLeft(folder: string): boolean {
  try {
    return fs.statfsSync(folder).bavail === 0;
  } catch {
    return false;
  }
}

export function diskFull(file: string): IoError {
  const folder = path.dirname(file);
  return new IoError(said('env.disk_full', { file }), said('env.disk_full_hint', { folder }));
}

export function readOnlyDatabase(file: string, why: string | Phrase): PermissionError {
  return new PermissionError(said('env.db_read_only', { file, why }), said('env.db_read_only_hint', { file, name: path.basename(file), folder: path.dirname(file) }));
}

export function damagedDatabase(file: string, detail: string, before = ''): IoError {
  return new IoError(said('env.db_damaged', { file, detail, before }), recovery(file));
}

/** The README's "When something goes wrong", in one line: SQLite's .recover, or the latest backup. */
export function recoveryPhrase(file: string): Phrase {
  return recovery(file);
}

function recovery(file: string): Phrase {
  const backup = latestBackup(file);
  const name = path.basename(file);
  const restore = backup ? said('env.restore_backup', { backup }) : said('env.no_backup', { name });
  return said('env.recovery', { quoted: shellQuote(file), recovered: shellQuote(`${file}.recovered`), name, restore });
}

/** `<db>.bak-<version>` with the highest version, if any. */
export function latestBackup(file: string): string | undefined {
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return undefined;
  }
  const versions = names.map((name) => (name.startsWith(`${base}.bak-`) ? /^\d+$/.exec(name.slice(base.length + 5))?.[0] : undefined)).filter((v): v is string => v !== undefined);
  if (versions.length === 0) return undefined;
  const latest = versions.map(Number).sort((a, b) => b - a)[0]!;
  return path.join(path.dirname(file), `${base}.bak-${latest}`);
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
