import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrations, SCHEMA_VERSION } from '../../src/db/schema.js';
import { scorePortfolio } from '../../src/commands/scoring.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Migration 3 keeps the default login and active-users metrics in columns beside the JSON; health
 * reads those columns, or the JSON when the config names other metrics. Either way the scores are
 * the ones the JSON alone gives.
 */
const AS_OF = '2026-11-20';
const config = configSchema.parse({ time_zone: 'America/New_York', health: { key_modules: ['reports_created'] } });

/** Three customers: one active and busy, one whose logins fell, one silent since before the window. */
function fillCompany(db: Db | Database.Database, names: { logins: string; activeUsers: string } = { logins: 'logins', activeUsers: 'active_users' }): void {
  db.prepare("INSERT INTO accounts (account_id, name) VALUES ('A', 'Acme'), ('B', 'Beta'), ('Q', 'Quiet')").run();
  const contract = db.prepare("INSERT INTO contracts (contract_id, account_id, start_date, end_date, currency, arr_minor, seats) VALUES (?, ?, '2025-01-01', '2027-01-01', 'USD', 1000000, 20)");
  for (const id of ['A', 'B', 'Q']) contract.run(`C-${id}`, id);
  const usage = db.prepare('INSERT INTO usage_daily (account_id, day, metrics) VALUES (?, ?, ?)');
  const day = (back: number) => new Date(Date.UTC(2026, 10, 20 - back)).toISOString().slice(0, 10);
  for (let back = 0; back < 70; back++) {
    usage.run('A', day(back), JSON.stringify({ [names.logins]: 10 + (back % 7), [names.activeUsers]: 4 + (back % 5), reports_created: back % 3 }));
    usage.run('B', day(back), JSON.stringify({ [names.logins]: back > 27 ? 30 : 2, [names.activeUsers]: 3 }));
  }
  usage.run('Q', '2026-08-01', JSON.stringify({ [names.logins]: 2 }));
  usage.run('Q', '2026-09-01', JSON.stringify({ [names.activeUsers]: 1 }));
}

/** The schema version before the usage columns (migration 3). */
const BEFORE_COLUMNS = 2;

/** A database as csops wrote it at `version`. */
function databaseAtVersion(file: string, version: number): Database.Database {
  const db = new Database(file);
  for (const migration of migrations.slice(0, version)) db.exec(migration);
  db.pragma(`user_version = ${version}`);
  return db;
}

// The health as the output shows it (JSON): the phrases kept beside the sentences for other languages
// name the configured metric (sessions, logins), which is not a difference of score.
const scores = (db: Db, withConfig = config) => scorePortfolio(db, AS_OF, withConfig).map((entry) => [entry.account.account_id, JSON.parse(JSON.stringify(entry.health)) as unknown]);

describe('usage metrics in columns (migration 3)', () => {
  it('a database from before migration 3, migrated, scores as one created at the current version', () => {
    const dir = tempDir();
    const old = databaseAtVersion(path.join(dir, 'old.db'), BEFORE_COLUMNS);
    fillCompany(old);
    old.close();
    const migrated = openDatabase(path.join(dir, 'old.db'), { busyTimeoutMs: 1000 });
    const fresh = openDatabase(path.join(dir, 'fresh.db'), { busyTimeoutMs: 1000 });
    try {
      fillCompany(fresh);
      expect(migrated.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(fs.existsSync(path.join(dir, `old.db.bak-${BEFORE_COLUMNS}`))).toBe(true);
      const mismatched = migrated
        .prepare("SELECT count(*) FROM usage_daily WHERE logins IS NOT json_extract(metrics, '$.logins') OR active_users IS NOT json_extract(metrics, '$.active_users')")
        .pluck()
        .get();
      expect(mismatched).toBe(0);
      expect(migrated.prepare('SELECT count(*) FROM usage').pluck().get()).toBe(fresh.prepare('SELECT count(*) FROM usage').pluck().get());
      expect(scores(migrated)).toEqual(scores(fresh));
      expect(scores(fresh).map(([, health]) => (health as { score: number }).score)).toHaveLength(3);
    } finally {
      migrated.close();
      fresh.close();
    }
  });

  it('keeps the columns equal to the JSON whatever writes it, a merge included', () => {
    const db = openDatabase(path.join(tempDir(), 'merge.db'), { busyTimeoutMs: 1000 });
    try {
      db.prepare("INSERT INTO accounts (account_id, name) VALUES ('A', 'Acme')").run();
      db.prepare(`INSERT INTO usage_daily (account_id, day, metrics) VALUES ('A', '2026-11-01', '{"logins":3,"active_users":2}')`).run();
      db.prepare(`UPDATE usage_daily SET metrics = json_patch(metrics, '{"logins":9}') WHERE account_id = 'A'`).run();
      expect(db.prepare('SELECT metrics, logins, active_users FROM usage_daily').get()).toEqual({ metrics: '{"logins":9,"active_users":2}', logins: 9, active_users: 2 });
    } finally {
      db.close();
    }
  });

  it('reads the metrics from the JSON when the config names others, with the same scores', () => {
    const dir = tempDir();
    const defaults = openDatabase(path.join(dir, 'defaults.db'), { busyTimeoutMs: 1000 });
    const renamed = openDatabase(path.join(dir, 'renamed.db'), { busyTimeoutMs: 1000 });
    try {
      fillCompany(defaults);
      fillCompany(renamed, { logins: 'sessions', activeUsers: 'daily_users' });
      const renamedConfig = configSchema.parse({ time_zone: 'America/New_York', health: { key_modules: ['reports_created'], login_metric: 'sessions', active_users_metric: 'daily_users' } });
      expect(scores(renamed, renamedConfig)).toEqual(scores(defaults));
      // Swapped names: each metric is read from the column (or JSON) of the metric the config names.
      const swapped = configSchema.parse({ time_zone: 'America/New_York', health: { key_modules: ['reports_created'], login_metric: 'active_users', active_users_metric: 'logins' } });
      const swappedData = openDatabase(path.join(dir, 'swapped.db'), { busyTimeoutMs: 1000 });
      try {
        fillCompany(swappedData, { logins: 'active_users', activeUsers: 'logins' });
        expect(scores(swappedData, swapped)).toEqual(scores(defaults));
      } finally {
        swappedData.close();
      }
    } finally {
      defaults.close();
      renamed.close();
    }
  });
});
