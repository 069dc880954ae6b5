import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, sampleDatabase, tempDir } from '../helpers/cli.js';
import { dropDatabases, freshDatabase, noteSkippedWithoutPostgres, onDatabase, POSTGRES_URL, withDatabase } from '../helpers/postgres.js';

noteSkippedWithoutPostgres('csops db on PostgreSQL (copy, info, refused logins)');

const TABLES = ['import_runs', 'accounts', 'contracts', 'usage_daily', 'tickets', 'surveys', 'snapshot_runs', 'tier_snapshots', 'health_snapshots', 'churn_models', 'alerts', 'alert_events', 'alert_syncs', 'alert_deliveries', 'contacts', 'contact_events', 'contact_roles', 'touchpoints', 'product_user_weeks'];

/** Every row of every table, in a stable order (sorted by all columns), with SQLite's type of each value. */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const result: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((column) => `"${column.name}"`);
      const typed = columns.flatMap((column) => [column, `typeof(${column})`]).join(', ');
      result[table] = db.prepare(`SELECT ${typed} FROM "${table}" ORDER BY ${columns.join(', ')}`).raw().all();
    }
    return result;
  } finally {
    db.close();
  }
}

function json<T>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

describe('csops db on SQLite', () => {
  it('db info: backend, schema version, rows per table and the last import of each kind', () => {
    const dir = tempDir();
    const db = sampleDatabase(dir);
    const info = runCli(['--db', db, 'db', 'info', '--format', 'json'], { cwd: dir });
    expect(info.code, info.stderr).toBe(0);
    const result = json<{ kind: string; backend: string; schema_version: number; latest_schema_version: number; tables: Array<{ table: string; rows: number }>; last_imports: Array<{ kind: string }> }>(info.stdout);
    expect(result).toMatchObject({ kind: 'db_info', backend: 'sqlite', database: db });
    expect(result.schema_version).toBe(result.latest_schema_version);
    const sample = new Database(db, { readonly: true });
    for (const entry of result.tables) expect(entry.rows, entry.table).toBe(sample.prepare(`SELECT count(*) FROM "${entry.table}"`).pluck().get());
    expect(result.last_imports.map((entry) => entry.kind)).toEqual((sample.prepare('SELECT DISTINCT kind FROM import_runs ORDER BY kind').pluck().all() as string[]));
    sample.close();
    for (const format of ['table', 'md', 'csv', 'ndjson']) {
      const shown = runCli(['--db', db, 'db', 'info', '--format', format], { cwd: dir });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('usage_daily');
    }
    expect(runCli(['--db', db, 'db', 'info', '--format', 'csv'], { cwd: dir }).stdout.split('\n')[0]).toBe('table,rows');
  }, 60_000);

  it('db migrate creates a new database, and again changes nothing', () => {
    const dir = tempDir();
    const db = path.join(dir, 'sub', 'new.db');
    const first = runCli(['--db', `sqlite:${db}`, 'db', 'migrate', '--format', 'json'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const created = json<{ from_version: number; to_version: number; applied: number }>(first.stdout);
    expect(created.from_version).toBe(0);
    expect(created.applied).toBe(created.to_version);
    const again = json<{ applied: number; from_version: number }>(runCli(['--db', db, 'db', 'migrate', '--format', 'json'], { cwd: dir }).stdout);
    expect(again).toMatchObject({ applied: 0, from_version: created.to_version });
  });

  it('db copy into a SQLite file that already holds data is refused, and nothing changes', () => {
    const dir = tempDir();
    const db = sampleDatabase(dir);
    const other = path.join(dir, 'other.db');
    fs.copyFileSync(db, other);
    const before = dump(other);
    const copy = runCli(['--db', db, 'db', 'copy', '--to', other], { cwd: dir });
    expect(copy.code).toBe(2);
    expect(copy.stderr).toMatch(/already holds data \(import_runs: \d+ rows/);
    expect(dump(other)).toEqual(before);
  }, 60_000);
});

describe('a PostgreSQL URL without a server', () => {
  it('csops init refuses to write a URL holding a password into the config (exit 2, masked), and creates no file', () => {
    const dir = tempDir();
    const result = runCli(['--db', 'postgres://ana:Sw0rdfish@db.invalid:5432/cs', 'init', '--yes'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('postgres://ana:***@db.invalid:5432/cs');
    expect(result.stderr).toContain('~/.pgpass');
    expect(result.stderr).not.toContain('Sw0rdfish');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('CSOPS_DB and the config\'s database name PostgreSQL too (a server that cannot be reached, never a file); config show masks the password', () => {
    const dir = tempDir();
    const viaEnv = runCli(['alerts', 'export', '--for', 'generic'], { cwd: dir, env: { CSOPS_DB: 'postgresql://ana:Sw0rdfish@db.invalid/cs' } });
    expect(viaEnv.code, viaEnv.stderr).toBe(74);
    expect(viaEnv.stderr).toContain('cannot reach PostgreSQL at postgresql://ana:***@db.invalid/cs');
    expect(viaEnv.stderr).not.toContain('Sw0rdfish');
    fs.writeFileSync(path.join(dir, 'csops.config.json'), JSON.stringify({ database: 'postgres://ana:Sw0rdfish@db.invalid/cs' }));
    const viaConfig = runCli(['value', 'A-1'], { cwd: dir });
    expect(viaConfig.code, viaConfig.stderr).toBe(74);
    expect(viaConfig.stderr).toContain('cannot reach PostgreSQL at postgres://ana:***@db.invalid/cs');
    expect(viaConfig.stderr).not.toContain('Sw0rdfish');
    const shown = runCli(['config', 'show', '--format', 'json'], { cwd: dir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('postgres://ana:***@db.invalid/cs');
    expect(shown.stdout).not.toContain('Sw0rdfish');
    expect(fs.readdirSync(dir)).toEqual(['csops.config.json']);
  });

  it('a server that cannot be reached is exit 74, its password masked', () => {
    const dir = tempDir();
    const result = runCli(['--db', `postgres://ana:Sw0rdfish@/cs?host=${path.join(dir, 'no-socket-here')}`, 'db', 'info'], { cwd: dir });
    expect(result.code).toBe(74);
    expect(result.stderr).toContain('cannot reach PostgreSQL at postgres://ana:***@/cs');
    expect(result.stderr).not.toContain('Sw0rdfish');
  });
});

describe.skipIf(POSTGRES_URL === undefined)('csops db on PostgreSQL (issue 25)', () => {
  afterAll(dropDatabases);

  it('copies the sample database SQLite → PostgreSQL → SQLite with every row as it was', async () => {
    const dir = tempDir();
    const db = sampleDatabase(dir);
    const url = await freshDatabase();
    const there = runCli(['--db', db, 'db', 'copy', '--to', url, '--format', 'json'], { cwd: dir });
    expect(there.code, there.stderr).toBe(0);
    const copied = json<{ kind: string; rows: number; tables: Array<{ table: string; rows: number }>; to: { backend: string } }>(there.stdout);
    expect(copied).toMatchObject({ kind: 'db_copy', to: { backend: 'postgres' } });
    const original = dump(db);
    for (const entry of copied.tables) expect(entry.rows, entry.table).toBe(original[entry.table]!.length);
    expect(copied.rows).toBeGreaterThan(50_000);
    // usage_daily's logins and active_users are not copied: PostgreSQL computes them from the metrics (migration 13), as SQLite does.
    const columns = await onDatabase(url, (client) => client.query(`SELECT count(logins)::int AS logins, count(active_users)::int AS active_users,
      count(*) FILTER (WHERE logins IS DISTINCT FROM (metrics::jsonb ->> 'logins')::float8 OR active_users IS DISTINCT FROM (metrics::jsonb ->> 'active_users')::float8)::int AS astray FROM usage_daily`));
    const sqliteFile = new Database(db, { readonly: true });
    const sqliteColumns = sqliteFile.prepare('SELECT count(logins) AS logins, count(active_users) AS active_users, 0 AS astray FROM usage_daily').get();
    sqliteFile.close();
    expect(columns.rows[0]).toEqual(sqliteColumns);
    expect(columns.rows[0].logins).toBeGreaterThan(1000);

    const info = runCli(['--db', url, 'db', 'info', '--format', 'json'], { cwd: dir });
    expect(info.code, info.stderr).toBe(0);
    const onPostgres = json<{ backend: string; schema_version: number; latest_schema_version: number; tables: Array<{ table: string; rows: number }>; last_imports: unknown[] }>(info.stdout);
    expect(onPostgres.backend).toBe('postgres');
    expect(onPostgres.schema_version).toBe(onPostgres.latest_schema_version);
    expect(onPostgres.tables).toEqual(copied.tables);
    const onSqlite = json<{ last_imports: unknown[] }>(runCli(['--db', db, 'db', 'info', '--format', 'json'], { cwd: dir }).stdout);
    expect(onPostgres.last_imports).toEqual(onSqlite.last_imports);

    // The next id PostgreSQL numbers follows the copied ones.
    const next = await onDatabase(url, (client) => client.query("INSERT INTO import_runs (kind, file_name, file_path, size_bytes, sha256, settings, started_at, finished_at, rows_read, inserted, updated, unchanged, rejected, csops_version) VALUES ('accounts', 'x', 'x', 0, 'x', '{}', 't', 't', 0, 0, 0, 0, 0, 'x') RETURNING id"));
    expect(Number(next.rows[0].id)).toBe(original.import_runs!.length + 1);
    await onDatabase(url, (client) => client.query('DELETE FROM import_runs WHERE id = $1', [next.rows[0].id]));

    const back = path.join(dir, 'back', 'again.db');
    const home = runCli(['--db', url, 'db', 'copy', '--to', back], { cwd: dir });
    expect(home.code, home.stderr).toBe(0);
    expect(home.stderr).toContain("every table's count matches the source");
    expect(dump(back)).toEqual(original);
  }, 120_000);

  it('refuses a PostgreSQL target that holds data, and leaves it as it was', async () => {
    const dir = tempDir();
    const db = sampleDatabase(dir);
    const url = await freshDatabase();
    expect(runCli(['--db', db, 'db', 'copy', '--to', url], { cwd: dir }).code).toBe(0);
    const again = runCli(['--db', db, 'db', 'copy', '--to', url], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds data \(import_runs: \d+ rows, accounts: \d+ rows/);
    const accounts = await onDatabase(url, (client) => client.query('SELECT count(*)::int AS n FROM accounts'));
    expect(accounts.rows[0].n).toBe(dump(db).accounts!.length);
  }, 120_000);

  it('a copy whose counts do not add up keeps nothing (a trigger on the target drops rows)', async () => {
    const dir = tempDir();
    const db = sampleDatabase(dir);
    const url = await freshDatabase();
    expect(runCli(['--db', url, 'db', 'migrate'], { cwd: dir }).code).toBe(0);
    await onDatabase(url, async (client) => {
      await client.query("CREATE FUNCTION skip_some() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.day = '2026-11-02' THEN RETURN NULL; END IF; RETURN NEW; END $$");
      await client.query('CREATE TRIGGER skip_some BEFORE INSERT ON usage_daily FOR EACH ROW EXECUTE FUNCTION skip_some()');
    });
    const copy = runCli(['--db', db, 'db', 'copy', '--to', url], { cwd: dir });
    expect(copy.code).toBe(74);
    expect(copy.stderr).toMatch(/does not add up \(usage_daily: \d+ rows in the source, \d+ in the target\); nothing was kept/);
    const counts = await onDatabase(url, (client) => client.query('SELECT (SELECT count(*) FROM accounts)::int AS accounts, (SELECT count(*) FROM usage_daily)::int AS usage'));
    expect(counts.rows[0]).toEqual({ accounts: 0, usage: 0 });
  }, 120_000);

  it('csops init --db <url> sets up csops\'s tables there and writes the URL into the config; run again, it keeps them', async () => {
    const dir = tempDir();
    const url = await freshDatabase();
    const first = runCli(['--db', url, 'init', '--yes', '--format', 'json'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(json<{ database: string; database_created: boolean }>(first.stdout)).toMatchObject({ database: url, database_created: true });
    expect(json<{ database: string }>(fs.readFileSync(path.join(dir, 'csops.config.json'), 'utf8')).database).toBe(url);
    // The config's database is the one every command uses now: db info reads it, migrated.
    const info = runCli(['db', 'info', '--format', 'json'], { cwd: dir });
    expect(info.code, info.stderr).toBe(0);
    const shown = json<{ backend: string; schema_version: number; latest_schema_version: number }>(info.stdout);
    expect(shown.backend).toBe('postgres');
    expect(shown.schema_version).toBe(shown.latest_schema_version);
    const again = runCli(['--db', url, 'init', '--yes', '--force', '--format', 'json'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(json<{ database_created: boolean }>(again.stdout).database_created).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['csops.config.json', 'csops.config.json.bak']);
  });

  it('a failed copy into a new SQLite file leaves no file', async () => {
    const dir = tempDir();
    const url = await freshDatabase();
    // Not migrated: csops refuses to read a database at another schema version, before creating anything.
    const copy = runCli(['--db', url, 'db', 'copy', '--to', path.join(dir, 'out.db')], { cwd: dir });
    expect(copy.code).toBe(2);
    expect(copy.stderr).toContain('db migrate');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a refused login names the server with the password masked (77), a missing database is 66', async () => {
    const dir = tempDir();
    const role = `csops_pw_${process.pid}`;
    await onDatabase(POSTGRES_URL!, (client) => client.query(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} LOGIN PASSWORD 'Right-Pa55' IN ROLE csops_password_login`));
    try {
      const withUser = (password: string, database = 'csops_test') => withDatabase(POSTGRES_URL!, database).replace(/^(postgres(?:ql)?:\/\/)[^@/]*@?/, `$1${role}:${encodeURIComponent(password)}@`);
      const refused = runCli(['--db', withUser('Wr0ng:P@ss'), 'db', 'info', '--verbose'], { cwd: dir });
      expect(refused.code).toBe(77);
      expect(refused.stderr).toContain('refused the login: password authentication failed');
      expect(refused.stderr).toContain(`${role}:***@`);
      expect(refused.stderr).not.toMatch(/Wr0ng|P%40ss|P@ss/);
      // In Chinese: csops's words translated, the server's own words (and the masked URL) as they came.
      const viaEnv = runCli(['--db', withUser('Wr0ng:P@ss').replace(/:[^:@/]*@/, '@'), '--lang', 'zh-CN', 'db', 'info'], { cwd: dir, env: { PGPASSWORD: 'Also-Wr0ng' } });
      expect(viaEnv.code).toBe(77);
      expect(viaEnv.stderr).toMatch(/拒绝了登录：.*password authentication failed/);
      expect(viaEnv.stderr).toContain('请检查用户名和密码');
      expect(viaEnv.stderr).not.toContain('refused the login');
      expect(viaEnv.stderr).not.toContain('Also-Wr0ng');
      const allowed = runCli(['--db', withUser('Right-Pa55'), 'db', 'info', '--format', 'json'], { cwd: dir });
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stdout).not.toContain('Right-Pa55');
      expect(json<{ database: string }>(allowed.stdout).database).toContain(`${role}:***@`);
      // ~/.pgpass gives the password the URL leaves out (PGPASSFILE points at one here).
      const pgpass = path.join(dir, 'pgpass');
      fs.writeFileSync(pgpass, `*:*:*:${role}:Right-Pa55\n`, { mode: 0o600 });
      const fromFile = runCli(['--db', withUser('x').replace(/:[^:@/]*@/, '@'), 'db', 'info', '--format', 'json'], { cwd: dir, env: { PGPASSFILE: pgpass } });
      expect(fromFile.code, fromFile.stderr).toBe(0);
      expect(fromFile.stderr).not.toContain('Deprecation');
      const missing = runCli(['--db', withUser('Right-Pa55', 'no_such_database'), '--lang', 'zh-CN', 'db', 'info'], { cwd: dir });
      expect(missing.code).toBe(66);
      expect(missing.stderr).toContain('数据库不存在（');
      expect(missing.stderr).toContain('"no_such_database" does not exist');
      expect(missing.stderr).toContain('请先创建它');
    } finally {
      await onDatabase(POSTGRES_URL!, (client) => client.query(`DROP ROLE IF EXISTS ${role}`));
    }
  }, 60_000);
});
