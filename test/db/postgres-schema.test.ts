import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { connectPostgres } from '../../src/db/pg/client.js';
import { migratePostgres, pgSchemaVersion, VERSION_TABLE } from '../../src/db/pg/schema.js';
import { pgMigrations } from '../../src/db/pg/migrations.js';
import { metricColumns } from '../../src/db/pg/import-store.js';
import { SCHEMA_VERSION } from '../../src/db/schema.js';
import { TABLES } from '../../src/db/tables.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { dropDatabases, freshDatabase, noteSkippedWithoutPostgres, onDatabase, POSTGRES_URL } from '../helpers/postgres.js';

noteSkippedWithoutPostgres('the PostgreSQL schema tests');

/** Every table and view with its columns, names only, sorted: what a team's own SQL can rely on. */
type Shape = Record<string, string[]>;

/** A database as an older csops left it: the first `version` migrations, each with its version row. */
async function leaveAtVersion(session: Awaited<ReturnType<typeof connectPostgres>>, version: number): Promise<void> {
  await session.query(`CREATE TABLE ${VERSION_TABLE} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), csops_version text NOT NULL)`);
  for (let applied = 0; applied < version; applied++) {
    await session.query(pgMigrations[applied]!);
    await session.query(`INSERT INTO ${VERSION_TABLE} (version, csops_version) VALUES ($1, 'old')`, [applied + 1]);
  }
}

function sqliteShape(): Shape {
  const db = openDatabase(path.join(tempDir(), 'shape.db'), { busyTimeoutMs: 1000 });
  try {
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    return Object.fromEntries(names.sort().map((name) => [name, (db.prepare(`PRAGMA table_xinfo("${name}")`).all() as Array<{ name: string }>).map((column) => column.name).sort()]));
  } finally {
    db.close();
  }
}

async function postgresShape(url: string): Promise<Shape> {
  return onDatabase(url, async (client) => {
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> $1 ORDER BY table_name, column_name',
      [VERSION_TABLE],
    );
    const shape: Shape = {};
    for (const row of rows) (shape[row.table_name] ??= []).push(row.column_name);
    return shape;
  });
}

describe('the PostgreSQL schema (issue 25)', () => {
  afterAll(dropDatabases);

  it('has a twin for every SQLite migration', () => {
    expect(pgMigrations).toHaveLength(SCHEMA_VERSION);
  });

  it.skipIf(POSTGRES_URL === undefined)('has the same tables, views and columns as SQLite after every migration', async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    try {
      expect(await migratePostgres(session, 'test')).toEqual({ from: 0, to: SCHEMA_VERSION, applied: SCHEMA_VERSION });
    } finally {
      await session.close();
    }
    const sqlite = sqliteShape();
    const postgres = await postgresShape(url);
    expect(postgres).toEqual(sqlite);
    // db copy and db info walk TABLES: it names every table of both (the views aside).
    expect([...TABLES].sort()).toEqual(Object.keys(sqlite).filter((name) => name !== 'usage').sort());
  });

  it.skipIf(POSTGRES_URL === undefined)('migrating again changes nothing', async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    try {
      await migratePostgres(session, 'test');
      const before = await postgresShape(url);
      expect(await migratePostgres(session, 'test')).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, applied: 0 });
      expect(await postgresShape(url)).toEqual(before);
      expect(await pgSchemaVersion(session)).toBe(SCHEMA_VERSION);
      const versions = await session.query<{ version: number }>(`SELECT version FROM ${VERSION_TABLE} ORDER BY version`);
      expect(versions.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1));
    } finally {
      await session.close();
    }
  });

  it.skipIf(POSTGRES_URL === undefined)('two csops migrating at once both succeed, and each migration is applied once', async () => {
    const url = await freshDatabase();
    const dir = tempDir();
    const { spawn } = await import('node:child_process');
    const { CSOPS_BIN, testEnv } = await import('../helpers/cli.js');
    const run = () =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CSOPS_BIN, '--db', url, 'db', 'migrate', '--format', 'json'], { cwd: dir, env: testEnv() });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const results = await Promise.all([run(), run(), run()]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const applied = results.map((result) => (JSON.parse(result.stdout) as { applied: number; to_version: number }));
    expect(applied.reduce((sum, entry) => sum + entry.applied, 0)).toBe(SCHEMA_VERSION);
    for (const entry of applied) expect(entry.to_version).toBe(SCHEMA_VERSION);
    const rows = await onDatabase(url, (client) => client.query(`SELECT version FROM ${VERSION_TABLE}`));
    expect(rows.rowCount).toBe(SCHEMA_VERSION);
  }, 60_000);

  it.skipIf(POSTGRES_URL === undefined)('reads bigint money exactly and dates as YYYY-MM-DD text, never a Date', async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    try {
      await migratePostgres(session, 'test');
      await session.query("INSERT INTO accounts (account_id, name, acquisition_cost_minor, customer_since) VALUES ('A-1', 'Acme', 9007199254740991, '2024-02-29')");
      const [row] = await session.query<{ acquisition_cost_minor: unknown; customer_since: unknown; total: unknown }>('SELECT acquisition_cost_minor, customer_since, sum(acquisition_cost_minor) OVER () - 1 AS total FROM accounts');
      expect(row).toEqual({ acquisition_cost_minor: 9007199254740991, customer_since: '2024-02-29', total: 9007199254740990 });
      // Beyond 2^53 csops refuses to read the figure rather than round it.
      await session.query("UPDATE accounts SET acquisition_cost_minor = 9007199254740993");
      await expect(session.query('SELECT acquisition_cost_minor FROM accounts')).rejects.toThrow(/beyond what csops reads exactly/);
      // The server's DateStyle does not change the text (csops sets ISO on its connection).
      await session.query("SET DateStyle = 'SQL, DMY'");
      await session.query("SET DateStyle = 'ISO, YMD'");
      const [day] = await session.query<{ day: unknown }>("SELECT date '2026-11-20' AS day");
      expect(day!.day).toBe('2026-11-20');
    } finally {
      await session.close();
    }
  });

  it.skipIf(POSTGRES_URL === undefined)('computes the logins and active-users columns from metrics on every write, as SQLite does (any writer; an import that sends them says so)', async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    const columns = () => session.query('SELECT day, logins, active_users FROM usage_daily ORDER BY day');
    try {
      await migratePostgres(session, 'test');
      await session.query("INSERT INTO accounts (account_id, name) VALUES ('A-1', 'Acme')");
      // A team's own SQL names metrics only, or gives other values: the columns follow the JSON.
      await session.query(`INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A-1', '2026-11-02', '{"logins": 3, "active_users": 2.5, "reports": 7}')`);
      await session.query(`INSERT INTO usage_daily (account_id, day, metrics, logins, active_users) VALUES ('A-1', '2026-11-03', '{"active_users": 1e2, "logins": null}', 99, 99)`);
      expect(await columns()).toEqual([{ day: '2026-11-02', logins: 3, active_users: 2.5 }, { day: '2026-11-03', logins: null, active_users: 100 }]);
      const usage = await session.query("SELECT metric, value::text AS value FROM usage WHERE day = '2026-11-02' ORDER BY metric");
      expect(usage).toEqual([{ metric: 'active_users', value: '2.5' }, { metric: 'logins', value: '3' }, { metric: 'reports', value: '7' }]);
      // An update of the metrics recomputes them; one of a column alone is put back as the JSON says.
      await session.query(`UPDATE usage_daily SET metrics = '{"logins": 4}' WHERE day = '2026-11-02'`);
      await session.query("UPDATE usage_daily SET logins = 50 WHERE day = '2026-11-03'");
      expect(await columns()).toEqual([{ day: '2026-11-02', logins: 4, active_users: null }, { day: '2026-11-03', logins: null, active_users: 100 }]);
      // The import's statement sends the values it read and says so: they are kept as sent, for that transaction only.
      await session.query('BEGIN');
      await session.query("SELECT set_config('csops.usage_metric_columns', 'filled', true)");
      await session.query(`INSERT INTO usage_daily (account_id, day, metrics, logins, active_users) VALUES ('A-1', '2026-11-04', '{"logins": 5}', 5, NULL)`);
      await session.query('COMMIT');
      await session.query(`INSERT INTO usage_daily (account_id, day, metrics, logins) VALUES ('A-1', '2026-11-05', '{"logins": 6}', 60)`);
      expect((await columns()).slice(2)).toEqual([{ day: '2026-11-04', logins: 5, active_users: null }, { day: '2026-11-05', logins: 6, active_users: null }]);
    } finally {
      await session.close();
    }
  });

  it.skipIf(POSTGRES_URL === undefined)("the import's own reading of logins and active_users gives the values the server computes, or leaves them to it", async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    try {
      const read = [
        '{"logins":35,"active_users":17,"api_calls":405}', '{"api_calls":1}', '{}', '{"logins":0.1,"active_users":-2.5e-7}', '{"logins":-0.5}',
        '{"logins":1e+21,"active_users":123456789012345680000}', '{"logins":5e-324}', '{"logins":1,"logins":2}', '{"logins":12,"x":3,"active_users":0}',
        '{"logins":0.30000000000000004,"active_users":1.7976931348623157e+308}', '{"a}":1,"logins":1E2,"名":2,"active_users":7e-3}',
      ];
      const columns = read.map((text) => metricColumns(text)?.split('\t'));
      expect(columns.filter((pair) => pair === undefined)).toEqual([]);
      // Each value as the server reads the COPY text, against the trigger's expression; as text, so -0 and 0 differ.
      const compared = await session.query<{ mine: string | null; server: string | null }>(
        `SELECT nullif(mine, '\\N')::double precision::text AS mine, (m::jsonb ->> key)::double precision::text AS server
           FROM unnest($1::text[], $2::text[], $3::text[]) AS t (m, logins, active_users), LATERAL (VALUES ('logins', logins), ('active_users', active_users)) AS v (key, mine)`,
        [read, columns.map((pair) => pair?.[0]), columns.map((pair) => pair?.[1])],
      );
      expect(compared.map((row) => row.mine)).toEqual(compared.map((row) => row.server));
      expect(compared.filter((row) => row.server !== null)).toHaveLength(15);
      // Left to the server (the trigger computes, and checks the JSON): any text csops does not write itself.
      const left = ['{"logins":"7"}', '{"logins":true}', '{"logins":null}', '{"log\\u0069ns":3}', '[1]', '{"logins":[1]}', '{ "logins": 12 }', '{"logins":-0}',
        '{"a":1,}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":+1}', '{"a\tb":1}', '{"a":1', 'logins=3', ''];
      for (const text of left) expect(metricColumns(text), text).toBeUndefined();
    } finally {
      await session.close();
    }
  });

  it.skipIf(POSTGRES_URL === undefined)('migration 13 keeps the values of a version-12 database, and its columns then follow every write', async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    try {
      await leaveAtVersion(session, 12);
      await session.query("INSERT INTO accounts (account_id, name) VALUES ('A-1', 'Acme'), ('A-2', 'Bluepeak')");
      await session.query(`INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A-1', '2026-11-02', '{"logins": 3, "active_users": 2}'), ('A-2', '2026-11-02', '{"reports": 1}'), ('A-2', '2026-11-03', '{"active_users": 0.5}')`);
      const before = await session.query('SELECT account_id, day, metrics, logins, active_users FROM usage_daily ORDER BY 1, 2');
      expect(before.map((row) => row.logins)).toEqual([3, null, null]);

      expect(await migratePostgres(session, 'test')).toEqual({ from: 12, to: SCHEMA_VERSION, applied: SCHEMA_VERSION - 12 });
      expect(await session.query('SELECT account_id, day, metrics, logins, active_users FROM usage_daily ORDER BY 1, 2')).toEqual(before);
      const generated = await session.query("SELECT column_name, is_generated FROM information_schema.columns WHERE table_name = 'usage_daily' AND column_name IN ('logins', 'active_users') ORDER BY 1");
      expect(generated).toEqual([{ column_name: 'active_users', is_generated: 'NEVER' }, { column_name: 'logins', is_generated: 'NEVER' }]);
      await session.query(`UPDATE usage_daily SET metrics = '{"logins": 8}' WHERE account_id = 'A-2' AND day = '2026-11-02'`);
      expect(await session.query("SELECT logins, active_users FROM usage_daily WHERE account_id = 'A-2' ORDER BY day")).toEqual([{ logins: 8, active_users: null }, { logins: null, active_users: 0.5 }]);
      // The foreign key's check, rewritten in migration 13, refuses as before.
      await expect(session.client.query(`INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A-1', '2026-11-04', '{}'), ('NOPE', '2026-11-04', '{}')`)).rejects.toMatchObject({ code: '23503', constraint: 'usage_daily_account_id_fkey' });
    } finally {
      await session.close();
    }
  });

  it.skipIf(POSTGRES_URL === undefined)("keeps usage_daily's rows naming accounts, as a foreign key would, for any writer (checked once per statement)", async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    // The server's error as it comes (session.query words it for people).
    const codeOf = (work: Promise<unknown>) => work.then(() => 'ok', (error: { code?: string; constraint?: string }) => `${error.code} ${error.constraint ?? ''}`.trim());
    try {
      await migratePostgres(session, 'test');
      await session.query("INSERT INTO accounts (account_id, name) VALUES ('A-1', 'Acme'), ('A-2', 'Bluepeak')");
      expect(await codeOf(session.client.query(`INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A-1', '2026-11-02', '{"logins": 3}'), ('A-2', '2026-11-02', '{}')`))).toBe('ok');
      // A row naming no account: the key's error (SQLSTATE 23503, its constraint), on insert and on update; nothing is written.
      expect(await codeOf(session.client.query(`INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A-1', '2026-11-03', '{}'), ('NOPE', '2026-11-03', '{}')`))).toBe('23503 usage_daily_account_id_fkey');
      expect(await codeOf(session.client.query("UPDATE usage_daily SET account_id = 'NOPE' WHERE account_id = 'A-2'"))).toBe('23503 usage_daily_account_id_fkey');
      // An account its usage names cannot be deleted or renamed; one without usage can.
      expect(await codeOf(session.client.query("DELETE FROM accounts WHERE account_id = 'A-1'"))).toBe('23503 usage_daily_account_id_fkey');
      expect(await codeOf(session.client.query("UPDATE accounts SET account_id = 'A-9' WHERE account_id = 'A-2'"))).toBe('23503 usage_daily_account_id_fkey');
      expect(await codeOf(session.client.query("UPDATE accounts SET name = 'Acme Inc.' WHERE account_id = 'A-1'"))).toBe('ok');
      await session.query("DELETE FROM usage_daily WHERE account_id = 'A-2'");
      expect(await codeOf(session.client.query("DELETE FROM accounts WHERE account_id = 'A-2'"))).toBe('ok');
      // Metrics that are not JSON are refused (by the generated columns' cast).
      expect(await codeOf(session.client.query("INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A-1', '2026-11-04', 'logins=3')"))).toBe('22P02');
      const rows = await session.query('SELECT account_id, day FROM usage_daily ORDER BY 1, 2');
      expect(rows).toEqual([{ account_id: 'A-1', day: '2026-11-02' }]);
    } finally {
      await session.close();
    }
  });

  it.skipIf(POSTGRES_URL === undefined)('an account an import is writing usage for cannot be deleted until the import ends (the accounts are locked as a key would lock them)', async () => {
    const url = await freshDatabase();
    const writer = await connectPostgres(url);
    const other = await connectPostgres(url);
    try {
      await migratePostgres(writer, 'test');
      await writer.query("INSERT INTO accounts (account_id, name) VALUES ('A-1', 'Acme')");
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A-1', '2026-11-02', '{}')`);
      await other.client.query("SET lock_timeout = '200ms'");
      // While the import's transaction is open the delete waits for its lock (here: gives up after 200 ms).
      await expect(other.client.query("DELETE FROM accounts WHERE account_id = 'A-1'")).rejects.toMatchObject({ code: '55P03' });
      await writer.query('COMMIT');
      // Once it committed, the delete sees the usage and is refused.
      await expect(other.client.query("DELETE FROM accounts WHERE account_id = 'A-1'")).rejects.toMatchObject({ code: '23503' });
    } finally {
      await writer.close();
      await other.close();
    }
  });

  it.skipIf(POSTGRES_URL === undefined)('migration 11 rewrites the old spellings of a database at version 10 (tiers, how an alert closed, export targets, effect words)', async () => {
    const url = await freshDatabase();
    const session = await connectPostgres(url);
    try {
      // A database as csops left it at schema version 10: the first ten migrations, each with its version row.
      await leaveAtVersion(session, 10);
      await session.query("INSERT INTO snapshot_runs (id, kind, as_of, saved_at, rules, csops_version) VALUES (1, 'tier', '2026-11-01', 'x', '{}', 'old')");
      await session.query("INSERT INTO tier_snapshots (run_id, account_id, tier, rule, reason) VALUES (1, 'A-1', 'high-touch', 'arr', 'r'), (1, 'A-2', 'tech-touch', 'arr', 'r')");
      await session.query(`INSERT INTO alerts (id, rule, account_id, tier, severity, reason, evidence, opened_on, due_by, last_seen_on, changed_on, state, closed_on, closed_how)
        VALUES (1, 'health_drop', 'A-1', 'low-touch', 'high', 'r', '{}', '2026-11-01', '2026-11-03', '2026-11-02', '2026-11-02', 'closed', '2026-11-02', 'resolved-by-data'),
               (2, 'renewal_due', 'A-2', 'high-touch', 'medium', 'r', '{}', '2026-11-01', '2026-11-03', '2026-11-02', '2026-11-02', 'open', NULL, NULL)`);
      await session.query("INSERT INTO alert_events (alert_id, day, action, by, recorded_at) VALUES (1, '2026-11-01', 'opened', 'csops', 'x'), (1, '2026-11-02', 'resolved-by-data', 'csops', 'x')");
      await session.query("INSERT INTO alert_deliveries (alert_id, destination, revision_sent, sent_at) VALUES (1, 'export:salesforce-tasks', 1, 'x'), (2, 'export:hubspot-tasks', 1, 'x'), (2, 'webhook:slack', 1, 'x')");
      await session.query(`INSERT INTO churn_models (saved_at, as_of, trained_from, trained_to, horizon_days, cases, churned, model, figures, csops_version)
        VALUES ('x', '2026-11-01', '2025-11-01', '2026-10-01', 90, 100, 10, '{}', '{"drivers":[{"effect":"raises churn"},{"effect":"lowers churn"},{"effect":"little effect"}]}', 'old')`);

      expect(await migratePostgres(session, 'test')).toEqual({ from: 10, to: SCHEMA_VERSION, applied: SCHEMA_VERSION - 10 });
      expect(await session.query('SELECT account_id, tier FROM tier_snapshots ORDER BY 1')).toEqual([{ account_id: 'A-1', tier: 'high_touch' }, { account_id: 'A-2', tier: 'tech_touch' }]);
      expect(await session.query('SELECT id, tier, closed_how FROM alerts ORDER BY id')).toEqual([{ id: 1, tier: 'low_touch', closed_how: 'resolved_by_data' }, { id: 2, tier: 'high_touch', closed_how: null }]);
      expect(await session.query('SELECT action FROM alert_events ORDER BY id')).toEqual([{ action: 'opened' }, { action: 'resolved_by_data' }]);
      expect(await session.query('SELECT destination FROM alert_deliveries ORDER BY 1')).toEqual([{ destination: 'export:hubspot_tasks' }, { destination: 'export:salesforce_tasks' }, { destination: 'webhook:slack' }]);
      expect(await session.query('SELECT figures FROM churn_models')).toEqual([{ figures: '{"drivers":[{"effect":"raises_churn"},{"effect":"lowers_churn"},{"effect":"little_effect"}]}' }]);
      // The old spellings are refused from now on.
      await expect(session.client.query("UPDATE alerts SET closed_how = 'resolved-by-data' WHERE id = 1")).rejects.toMatchObject({ code: '23514' });
    } finally {
      await session.close();
    }
  });
});
