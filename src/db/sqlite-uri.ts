// Imported before better-sqlite3, which reads this once when it loads: SQLite then accepts `file:` URIs,
// which is how a database on a read-only file system is opened (`?immutable=1`, see connection.ts).
// Every path csops opens is absolute, so no other name is read as a URI.
process.env.SQLITE_USE_URI = '1';
export {};
