import { describe, expect, it } from 'vitest';
import { environmentError, primarySqliteCode } from '../../src/environment-errors.js';
import { DataError } from '../../src/errors.js';

/** An error as better-sqlite3 throws it: a message and SQLite's (extended) result code. */
function sqliteError(code: string, message = 'x'): Error {
  return Object.assign(new Error(message), { code });
}

function systemError(code: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code, path, syscall: 'open' });
}

describe('environmentError: one mapping from faults of the machine to documented exits', () => {
  it.each([
    ['SQLITE_BUSY', 75],
    ['SQLITE_BUSY_SNAPSHOT', 75],
    ['SQLITE_BUSY_TIMEOUT', 75],
    ['SQLITE_LOCKED_SHAREDCACHE', 75],
    ['SQLITE_PROTOCOL', 75],
    ['SQLITE_FULL', 74],
    ['SQLITE_CORRUPT', 74],
    ['SQLITE_CORRUPT_INDEX', 74],
    ['SQLITE_CORRUPT_SEQUENCE', 74],
    ['SQLITE_NOTADB', 74],
    ['SQLITE_READONLY', 77],
    ['SQLITE_READONLY_DBMOVED', 77],
    ['SQLITE_READONLY_DIRECTORY', 77],
    ['SQLITE_PERM', 77],
    ['SQLITE_CANTOPEN_ISDIR', 66],
  ])('%s → exit %i (classified by its primary code)', (code, exit) => {
    const error = environmentError(sqliteError(code), { path: '/srv/cs/csops.db', role: 'database' });
    expect(error?.exitCode).toBe(exit);
    expect(error?.message).toContain('/srv/cs/csops.db');
    expect(error?.hint).toBeTruthy();
  });

  it('SQLITE_IOERR and its extended codes are I/O errors (74)', () => {
    for (const code of ['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_SHORT_READ', 'SQLITE_IOERR_SHMSIZE']) {
      expect(environmentError(sqliteError(code), { path: '/srv/cs/csops.db' })?.exitCode).toBe(74);
    }
  });

  it('a damaged database names sqlite3 .recover', () => {
    expect(environmentError(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'), { path: '/srv/cs/csops.db' })?.hint).toContain('sqlite3 /srv/cs/csops.db ".recover"');
  });

  it.each([
    ['ENOSPC', 'output', 74],
    ['EDQUOT', 'output', 74],
    ['EIO', 'output', 74],
    ['EACCES', 'output', 77],
    ['EPERM', 'database', 77],
    ['EROFS', 'database', 77],
    ['EACCES', 'input', 66],
    ['ENOENT', 'input', 66],
    ['ENOENT', 'output', 73],
    ['ENOTDIR', 'output', 73],
    ['EISDIR', 'output', 73],
    ['ELOOP', 'output', 73],
  ] as const)('%s on an %s → exit %i, naming the path', (code, role, exit) => {
    const error = environmentError(systemError(code), { path: '/srv/cs/reports/w47.md', role });
    expect(error?.exitCode).toBe(exit);
    expect(error?.message).toContain('/srv/cs/reports/w47.md');
  });

  it('what is no fault of the environment stays unmapped (a bug: exit 70)', () => {
    expect(environmentError(new TypeError('x is undefined'))).toBeUndefined();
    expect(environmentError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'))).toBeUndefined();
    expect(environmentError(sqliteError('SQLITE_ERROR'))).toBeUndefined();
    expect(environmentError(sqliteError('SQLITE_SCHEMA'))).toBeUndefined();
    // A missing path with no role said is not known to be an input or an output.
    expect(environmentError(systemError('ENOENT', '/x'))).toBeUndefined();
    expect(environmentError('a string')).toBeUndefined();
  });

  it('an error csops already classified passes through as it is', () => {
    const error = new DataError('bad row');
    expect(environmentError(error)).toBe(error);
  });

  it('primarySqliteCode drops the extension', () => {
    expect(primarySqliteCode('SQLITE_IOERR_SHORT_READ')).toBe('SQLITE_IOERR');
    expect(primarySqliteCode('SQLITE_NOTADB')).toBe('SQLITE_NOTADB');
  });
});
