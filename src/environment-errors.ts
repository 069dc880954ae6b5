/**
 * The one mapping from faults of the machine (a busy or damaged database, a full disk, a read-only
 * folder, a path that cannot be created) to the documented exit codes (SPEC §2, sysexits):
 * 75 busy, 74 I/O error or damaged database, 77 permission denied, 73 cannot create an output file,
 * 66 cannot open an input. What is left unmapped is a bug (70).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BusyError, CannotCreateError, CsopsError, InputError, IoError, PermissionError } from './errors.js';

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
      return new BusyError(
        `database ${file} is busy: another process is writing to it`,
        'try again when it has finished (csops waited busy_timeout_ms, in the config, before giving up); what this command was writing was rolled back',
      );
    case 'SQLITE_FULL':
      return diskFull(file);
    case 'SQLITE_IOERR':
      // On a full disk SQLite often says only "disk I/O error" (the -shm cannot grow): say what it is.
      if (noSpaceLeft(path.dirname(file))) return diskFull(file);
      return new IoError(`I/O error on ${file}: ${message}`, `check the disk holding ${path.dirname(file)} (free space: df -h; errors: dmesg) and run the command again; what it was writing was rolled back`);
    case 'SQLITE_CORRUPT':
      return damagedDatabase(file, message);
    case 'SQLITE_NOTADB':
      return new IoError(`${file} is not a SQLite database, or its first page is damaged`, `point --db at your csops database; if this is it, ${recoverySteps(file)}`);
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return readOnlyDatabase(file, message.replace(/^attempt to write a readonly database$/, 'the database is read-only'));
    case 'SQLITE_CANTOPEN':
      return new InputError(`cannot open database ${file}: ${message}`, 'check the path, and that the file and its folder can be read');
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
      return new IoError(`I/O error on ${file}: ${code}`, `check the disk holding ${path.dirname(file)} (dmesg) and run the command again`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      if (role === 'input') return new InputError(`cannot read ${file}: ${reason(code)}`, 'check the path and its permissions; nothing was imported');
      if (role === 'database') return readOnlyDatabase(file, reason(code));
      if (role === undefined) return new PermissionError(`${reason(code)}: ${file}`, 'check the permissions of the file and of its folder');
      return new PermissionError(`cannot write ${file}: ${reason(code)}`, 'choose a path in a folder you can write to, or fix the permissions of the folder');
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EISDIR':
    case 'ELOOP':
    case 'EEXIST':
    case 'ENAMETOOLONG':
    case 'ENXIO':
      if (role === undefined) return undefined;
      if (role === 'input') return new InputError(`cannot read ${file}: ${reason(code)}`, 'check the path; nothing was imported');
      return new CannotCreateError(`cannot create ${file}: ${reason(code)}`, 'choose another path');
    default:
      return undefined;
  }
}

function reason(code: string): string {
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    ELOOP: 'too many symbolic links, or a symbolic link where none is followed',
    EEXIST: 'something else is already there',
    ENAMETOOLONG: 'the name is too long',
    ENXIO: 'no such device, or a FIFO with no reader',
  };
  return reasons[code] ?? code;
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
  return new IoError(`disk full writing ${file}`, `free some space on the file system holding ${folder} (df -h ${folder}) and run the command again; what it was writing was rolled back`);
}

export function readOnlyDatabase(file: string, why: string): PermissionError {
  return new PermissionError(
    `cannot write database ${file}: ${why}`,
    `csops writes the database and, beside it, ${path.basename(file)}-wal and ${path.basename(file)}-shm: give your user write access to the file and to ${path.dirname(file)}; commands that only read (risk and tier without --save, renewals, report, account, metrics) work on a read-only database`,
  );
}

export function damagedDatabase(file: string, detail: string, before = ''): IoError {
  return new IoError(`database ${file} is damaged (${detail})${before}`, recoverySteps(file));
}

/** The README's "When something goes wrong", in one line: SQLite's .recover, or the latest backup. */
export function recoverySteps(file: string): string {
  const backup = latestBackup(file);
  const restore = backup
    ? `or go back to the latest backup, ${backup} (copied before a schema migration), and import the exports made since`
    : `no backup (${path.basename(file)}.bak-N, made before each schema migration) was found beside it`;
  return `recover what SQLite can still read: sqlite3 ${shellQuote(file)} ".recover" | sqlite3 ${shellQuote(`${file}.recovered`)}, then check it and move it in place of ${path.basename(file)}; ${restore}`;
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
