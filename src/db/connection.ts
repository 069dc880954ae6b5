import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations, SCHEMA_VERSION } from './schema.js';
import { BusyError, CsopsError, InputError, UsageError } from '../errors.js';

export type Db = Database.Database;

export interface OpenOptions {
  busyTimeoutMs: number;
  /** Open an existing database only; never create or migrate (read-only commands). */
  mustExist?: boolean;
}

/**
 * Opens (creating when needed, readable by its owner only) and migrates the database.
 * WAL lets a report read while an import writes; the busy timeout lets a second writer wait.
 */
export function openDatabase(dbPath: string, options: OpenOptions): Db {
  const file = path.resolve(dbPath);
  const existed = fs.existsSync(file);
  if (!existed) {
    if (options.mustExist) {
      throw new InputError(`no database at ${file}`, 'import data first (`csops import …`), or point --db / CSOPS_DB at your database');
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Create the file ourselves so its mode is 0600 before SQLite writes anything; -wal and -shm inherit it.
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  }
  let db: Db;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs });
  } catch (error) {
    throw translateSqliteError(error, file);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -32768'); // 32 MiB: bulk upserts arrive sorted, so a modest cache does; keeps imports under 300 MB RSS
    db.pragma('temp_store = FILE');
    migrate(db, file);
  } catch (error) {
    db.close();
    throw translateSqliteError(error, file);
  }
  return db;
}

function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new UsageError(
      `${file} was written by a newer csops (schema version ${current}; this csops knows up to ${SCHEMA_VERSION})`,
      'upgrade csops (npm install -g csops@latest) before using this database',
    );
  }
  if (current === SCHEMA_VERSION) return;
  if (current > 0) backupBeforeMigrating(db, file, current);
  const write = db.transaction(() => {
    for (let version = current; version < SCHEMA_VERSION; version++) {
      db.exec(migrations[version]!);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  write.immediate();
}

function backupBeforeMigrating(db: Db, file: string, version: number): void {
  const backup = `${file}.bak-${version}`;
  if (fs.existsSync(backup)) fs.rmSync(backup);
  db.prepare('VACUUM INTO ?').run(backup);
  fs.chmodSync(backup, 0o600);
}

/** Turns SQLite's lock errors into exit 75 and unreadable files into exit 66; anything else passes through. */
export function translateSqliteError(error: unknown, file: string): unknown {
  if (error instanceof CsopsError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new BusyError(`database ${file} is busy: another process is writing to it`);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new InputError(`${file} is not a csops database (or it is damaged): ${(error as Error).message}`, 'point --db at a csops database, or at a new path to create one');
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new InputError(`cannot open database ${file}: ${(error as Error).message}`, 'check the path and its permissions');
  }
  return error;
}
