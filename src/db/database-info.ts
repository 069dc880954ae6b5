import Database from 'better-sqlite3';
import type { Db } from './connection.js';
import { LAST_IMPORTS_SQL, quoted, TABLES, type LastImport, type TableCount } from './tables.js';

/** What csops db info shows of a SQLite database (store functions: the command holds no SQL). */
export function sqliteTableCounts(db: Db): TableCount[] {
  const present = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
  return TABLES.map((table) => ({ table, rows: present.has(table) ? (db.prepare(`SELECT count(*) FROM ${quoted(table)}`).pluck().get() as number) : null }));
}

export function sqliteLastImports(db: Db): LastImport[] {
  return db.prepare(LAST_IMPORTS_SQL).all() as LastImport[];
}

export function sqliteSchemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The schema version of a SQLite file before csops opens (and so migrates) it, or undefined when it
 * cannot be read that way (missing, not a database): openDatabase then says what is wrong.
 */
export function peekSqliteSchemaVersion(file: string): number | undefined {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return sqliteSchemaVersion(db);
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/** SQLite's library version, e.g. "3.50.4". */
export function sqliteVersion(db: Db): string {
  return db.prepare('SELECT sqlite_version()').pluck().get() as string;
}
