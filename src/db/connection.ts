import './sqlite-uri.js';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { migrations, SCHEMA_VERSION } from './schema.js';
import { CannotCreateError, InputError, IoError, PermissionError, UsageError } from '../errors.js';
import { damagedDatabase, environmentError, noteDatabaseInUse, readOnlyDatabase, recoveryPhrase } from '../environment-errors.js';
import { createNewFile } from '../safe-files.js';
import { refusePostgres } from './backend-support.js';
import { errorPhrase } from '../i18n/messages/errors.js';

export type Db = Database.Database;

export interface OpenOptions {
  busyTimeoutMs: number;
  /** Open an existing database only; never create it (read-only commands, --save). */
  mustExist?: boolean;
  /**
   * This run writes (import, init, --save; the default unless mustExist): the database must be
   * writable and pass PRAGMA quick_check first. A run that only reads opens a read-only database
   * read-only.
   */
  writes?: boolean;
}

/**
 * Opens (creating when needed, readable by its owner only) and migrates the database.
 * WAL lets a report read while an import writes; the busy timeout lets a second writer wait.
 * Every fault is a documented exit (see environment-errors.ts), and a database this call created is
 * removed again when it fails: no 0-byte file is left behind.
 */
export function openDatabase(dbPath: string, options: OpenOptions): Db {
  refusePostgres(dbPath);
  const file = path.resolve(dbPath);
  noteDatabaseInUse(file);
  const writes = options.writes ?? !options.mustExist;
  if (!databaseExists(file, options.mustExist === true)) return createDatabase(file, options);
  const notWritable = whyNotWritable(file);
  if (notWritable !== undefined) {
    if (writes) throw readOnlyDatabase(file, notWritable);
    return openReadOnly(file, options);
  }
  let db: Db;
  try {
    db = new Database(file, { timeout: options.busyTimeoutMs, fileMustExist: true });
  } catch (error) {
    throw translateSqliteError(error, file);
  }
  try {
    const version = schemaVersion(db, file);
    // Before the first write of the run (a migration is one): a damaged database is never written into.
    if (writes || version < SCHEMA_VERSION) checkBeforeWriting(db, file);
    configure(db);
    migrate(db, file, version);
  } catch (error) {
    db.close();
    throw translateSqliteError(error, file);
  }
  return db;
}

/** Whether the path holds a database; a path that can hold none (a folder, a dangling link) is refused. */
function databaseExists(file: string, mustExist: boolean): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !mustExist) return false;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const blocker = code === 'ENOTDIR' ? fileInPath(file) : undefined;
      const why = blocker ? errorPhrase('error.db.blocked_path', { blocker }) : '';
      if (mustExist) throw new InputError(errorPhrase('error.db.none_at', { file, why }), errorPhrase('error.db.none_at_hint'));
      throw new CannotCreateError(errorPhrase('error.db.cannot_create', { file, why }), errorPhrase('error.db.cannot_create_hint'));
    }
    if (code === 'EACCES') throw new PermissionError(errorPhrase('error.db.folder_denied', { file }), errorPhrase('error.db.folder_denied_hint'));
    throw translateSqliteError(error, file);
  }
  if (stat.isSymbolicLink()) {
    try {
      stat = fs.statSync(file);
    } catch {
      const target = fs.readlinkSync(file);
      if (mustExist) throw new InputError(errorPhrase('error.db.dangling_link', { file, target }), errorPhrase('error.db.dangling_link_hint'));
      throw new CannotCreateError(errorPhrase('error.db.no_create_through_link', { file, target }), errorPhrase('error.db.no_create_through_link_hint'));
    }
  }
  if (stat.isDirectory()) throw new InputError(errorPhrase('error.db.is_folder', { file }), errorPhrase('error.db.is_folder_hint', { example: path.join(file, 'csops.db') }));
  if (!stat.isFile()) throw new InputError(errorPhrase('error.db.not_regular', { file }), errorPhrase('error.db.not_regular_hint'));
  return true;
}

/** The nearest part of the path that is a file (`data.csv` in `data.csv/csops.db`). */
function fileInPath(file: string): string | undefined {
  for (let parent = path.dirname(file); parent !== path.dirname(parent); parent = path.dirname(parent)) {
    try {
      if (!fs.statSync(parent).isDirectory()) return parent;
    } catch {
      // not there: look further up
    }
  }
  return undefined;
}

/**
 * Why csops cannot write the database, or undefined when it can: the file itself, and its folder
 * unless the -wal and -shm it would create are there and writable already.
 */
function whyNotWritable(file: string): string | undefined {
  const denied = (target: string): string | undefined => {
    try {
      fs.accessSync(target, fs.constants.W_OK);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EROFS' ? 'it is on a read-only file system' : code === 'EACCES' || code === 'EPERM' ? `${target === file ? 'the file' : `its folder ${target}`} is read-only` : code === 'ENOENT' ? 'missing' : String(code);
    }
  };
  const fileDenied = denied(file);
  if (fileDenied !== undefined) return fileDenied;
  const folderDenied = denied(path.dirname(file));
  if (folderDenied === undefined) return undefined;
  return denied(`${file}-wal`) === undefined && denied(`${file}-shm`) === undefined ? undefined : folderDenied;
}

/**
 * A read-only database (file, folder or file system) for a run that only reads. When its -shm cannot
 * be created, it is opened immutable: nothing can change it while it is read-only anyway, as long as
 * no -wal holds changes not yet copied into it.
 */
function openReadOnly(file: string, options: OpenOptions): Db {
  let db: Db | undefined;
  let version: number;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: options.busyTimeoutMs });
    version = schemaVersion(db, file);
  } catch (error) {
    db?.close();
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !(code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'))) throw translateSqliteError(error, file);
    if (sizeOf(`${file}-wal`) > 0) {
      throw new PermissionError(errorPhrase('error.db.read_only_wal', { file, name: path.basename(file) }), errorPhrase('error.db.read_only_wal_hint', { name: path.basename(file) }));
    }
    try {
      db = new Database(`${pathToFileURL(file).href}?immutable=1`, { readonly: true, timeout: options.busyTimeoutMs });
      version = schemaVersion(db, file);
    } catch (immutableError) {
      db?.close();
      throw translateSqliteError(immutableError, file);
    }
  }
  if (version < SCHEMA_VERSION) {
    db.close();
    throw new PermissionError(errorPhrase('error.db.read_only_behind', { file, version, latest: SCHEMA_VERSION }), errorPhrase('error.db.read_only_behind_hint'));
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -32768');
  } catch (error) {
    db.close();
    throw translateSqliteError(error, file);
  }
  return db;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A new database: created 0600 (its -wal and -shm take its mode), removed again if anything fails. */
function createDatabase(file: string, options: OpenOptions): Db {
  let createdFolder: string | undefined;
  let db: Db | undefined;
  let created = false;
  try {
    createdFolder = fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.closeSync(createNewFile(file));
    created = true;
    db = new Database(file, { timeout: options.busyTimeoutMs, fileMustExist: true });
    configure(db);
    migrate(db, file, 0);
    return db;
  } catch (error) {
    db?.close();
    if (created) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
    if (createdFolder !== undefined) removeEmptyFolders(path.dirname(file), createdFolder);
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new CannotCreateError(errorPhrase('error.db.create_raced', { file, why: errorPhrase(code === 'EEXIST' ? 'error.db.appeared' : 'error.db.path_part_file') }), errorPhrase('error.db.create_raced_hint'));
    }
    throw environmentError(error, { path: file, role: 'database' }) ?? error;
  }
}

/** Removes the folders mkdir created for a database that failed, deepest first, while they are empty. */
function removeEmptyFolders(deepest: string, first: string): void {
  for (let folder = deepest; folder.length >= first.length; folder = path.dirname(folder)) {
    try {
      fs.rmdirSync(folder);
    } catch {
      return;
    }
  }
}

function configure(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -32768'); // 32 MiB: bulk upserts arrive sorted, so a modest cache does; keeps imports under 300 MB RSS
  db.pragma('temp_store = FILE');
}

/** PRAGMA user_version: the schema version csops wrote, checked against what this csops knows. */
function schemaVersion(db: Db, file: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version < 0) {
    throw new IoError(errorPhrase('error.db.odd_version', { file, version }), errorPhrase('env.not_a_database_hint', { recovery: recoveryPhrase(file) }));
  }
  if (version > SCHEMA_VERSION) {
    throw new UsageError(errorPhrase('error.db.newer_schema', { file, version, latest: SCHEMA_VERSION }), errorPhrase('error.db.upgrade_hint'));
  }
  return version;
}

/** PRAGMA quick_check (the b-tree structure, without the index contents): exit 74 when the database is damaged. */
function checkBeforeWriting(db: Db, file: string): void {
  const rows = (db.pragma('quick_check(10)') as Array<{ quick_check: string }>).map((row) => row.quick_check);
  if (rows.length === 1 && rows[0] === 'ok') return;
  // A row may hold several lines, under a "*** in database main ***" heading.
  const problems = rows.flatMap((row) => row.split('\n')).filter((line) => line.trim() !== '' && !line.startsWith('***'));
  const found = problems.length >= 10 ? '10 or more problems' : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  throw damagedDatabase(file, `PRAGMA quick_check found ${found}, the first: ${problems[0] ?? rows[0]}`, '; nothing was written');
}

function migrate(db: Db, file: string, current: number): void {
  if (current === SCHEMA_VERSION) return;
  if (current > 0) backupBeforeMigrating(db, file, current);
  const write = db.transaction(() => {
    for (let version = current; version < SCHEMA_VERSION; version++) {
      db.exec(migrations[version]!);
    }
    // Foreign keys are off while migrating (a migration may rebuild a table others refer to, SQLite's
    // documented way to change a constraint); every reference must hold again before it commits.
    const broken = db.pragma('foreign_key_check') as Array<{ table: string; parent: string }>;
    if (broken.length > 0) throw new Error(`migrating ${file} to schema version ${SCHEMA_VERSION} left ${broken.length} rows of ${broken[0]!.table} without their ${broken[0]!.parent} row`);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  db.pragma('foreign_keys = OFF');
  try {
    write.immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
}

/** `<db>.bak-<version>`: created empty and 0600 first, so VACUUM INTO never makes it readable by others. */
function backupBeforeMigrating(db: Db, file: string, version: number): void {
  const backup = `${file}.bak-${version}`;
  fs.rmSync(backup, { force: true });
  try {
    fs.closeSync(createNewFile(backup));
    db.prepare('VACUUM INTO ?').run(backup);
  } catch (error) {
    fs.rmSync(backup, { force: true });
    throw environmentError(error, { path: backup, role: 'output' }) ?? error;
  }
}

/** Turns SQLite's (and the file system's) faults on the database into documented exits; anything else passes through. */
export function translateSqliteError(error: unknown, file: string): unknown {
  return environmentError(error, { path: path.resolve(file), role: 'database' }) ?? error;
}
