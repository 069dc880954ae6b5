import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrations, SCHEMA_VERSION } from '../../src/db/schema.js';
import { configSchema } from '../../src/config/schema.js';
import { parseBand, parseExportTarget, parseTier } from '../../src/cli/options.js';
import { tempDir } from '../helpers/cli.js';

/**
 * Migration 11 (issue 23): enum values csops stored before in kebab-case (tiers, the tools an export
 * was for, how an alert closed) become snake_case, with every reference between the alert tables
 * kept; earlier spellings are still read wherever a person types one (config, flags).
 */
const BEFORE = 10;

function databaseAt(file: string, version: number): Database.Database {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  for (const migration of migrations.slice(0, version)) db.exec(migration);
  db.pragma(`user_version = ${version}`);
  return db;
}

describe('migration 11: enum values in snake_case', () => {
  it('rewrites tiers, export destinations and resolved-by-data, keeping the alert history and deliveries linked', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const old = databaseAt(file, BEFORE);
    old.prepare("INSERT INTO snapshot_runs (id, kind, as_of, saved_at, rules, csops_version) VALUES (1, 'tier', '2026-10-01', '2026-10-01T00:00:00Z', '{}', '0.1.0')").run();
    const tier = old.prepare("INSERT INTO tier_snapshots (run_id, account_id, tier, rule, reason) VALUES (1, ?, ?, 'arr', 'why')");
    tier.run('A', 'high-touch');
    tier.run('B', 'tech-touch');
    tier.run('C', 'low-touch');
    const alert = old.prepare(
      "INSERT INTO alerts (id, rule, account_id, owner, tier, severity, reason, evidence, opened_on, due_by, last_seen_on, changed_on, state, closed_on, closed_how) VALUES (?, 'no_login', ?, 'Ana', ?, 'high', 'quiet', '{}', '2026-10-01', '2026-10-03', '2026-10-02', '2026-10-02', ?, ?, ?)",
    );
    alert.run(1, 'A', 'high-touch', 'closed', '2026-10-02', 'resolved-by-data');
    alert.run(2, 'B', 'tech-touch', 'closed', '2026-10-02', 'done');
    alert.run(3, 'C', null, 'open', null, null);
    const event = old.prepare("INSERT INTO alert_events (alert_id, day, action, by, recorded_at) VALUES (?, '2026-10-02', ?, 'csops alerts sync', '2026-10-02T00:00:00Z')");
    event.run(1, 'opened');
    event.run(1, 'resolved-by-data');
    event.run(2, 'done');
    const delivery = old.prepare("INSERT INTO alert_deliveries (alert_id, destination, revision_sent, sent_at) VALUES (?, ?, 1, '2026-10-02T00:00:00Z')");
    delivery.run(1, 'export:salesforce-tasks');
    delivery.run(2, 'export:hubspot-tasks');
    delivery.run(3, 'push:hooks.slack.com#abc-def');
    old.close();

    const db = openDatabase(file, { busyTimeoutMs: 1000 });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT account_id, tier FROM tier_snapshots ORDER BY account_id').raw().all()).toEqual([['A', 'high_touch'], ['B', 'tech_touch'], ['C', 'low_touch']]);
      expect(db.prepare('SELECT id, tier, state, closed_how FROM alerts ORDER BY id').raw().all()).toEqual([
        [1, 'high_touch', 'closed', 'resolved_by_data'],
        [2, 'tech_touch', 'closed', 'done'],
        [3, null, 'open', null],
      ]);
      expect(db.prepare('SELECT alert_id, action FROM alert_events ORDER BY id').raw().all()).toEqual([[1, 'opened'], [1, 'resolved_by_data'], [2, 'done']]);
      // A push destination keeps its hash (a hyphen there is not an enum).
      expect(db.prepare('SELECT alert_id, destination FROM alert_deliveries ORDER BY alert_id').raw().all()).toEqual([[1, 'export:salesforce_tasks'], [2, 'export:hubspot_tasks'], [3, 'push:hooks.slack.com#abc-def']]);
      // The rebuilt tables take the new spelling only, and still refer to each other.
      expect(() => db.prepare("UPDATE alerts SET closed_how = 'resolved-by-data' WHERE id = 2").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO alert_events (alert_id, day, action, by, recorded_at) VALUES (99, '2026-10-03', 'acked', 'x', 'now')").run()).toThrow(/FOREIGN KEY/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(fs.existsSync(`${file}.bak-${BEFORE}`)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('creates a new database at the current version with the snake_case constraints', () => {
    const db = openDatabase(path.join(tempDir(), 'new.db'), { busyTimeoutMs: 1000 });
    try {
      const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('alerts', 'alert_events')").pluck().all().join('\n');
      expect(sql).toContain("'resolved_by_data'");
      expect(sql).not.toContain('resolved-by-data');
    } finally {
      db.close();
    }
  });
});

describe('earlier spellings are still read', () => {
  it.each([
    ['high-touch', 'high_touch'],
    ['high_touch', 'high_touch'],
    ['High Touch', 'high_touch'],
    ['tech', 'tech_touch'],
  ])('--tier %s', (typed, tier) => expect(parseTier(typed)).toBe(tier));

  it.each([
    ['at-risk', 'at_risk'],
    ['at_risk', 'at_risk'],
    ['At Risk', 'at_risk'],
  ])('--band %s', (typed, band) => expect(parseBand(typed)).toBe(band));

  it.each([
    ['salesforce-tasks', 'salesforce_tasks'],
    ['hubspot_tasks', 'hubspot_tasks'],
    ['generic', 'generic'],
  ])('--for %s', (typed, target) => expect(parseExportTarget(typed)).toBe(target));

  it('refuses what is no spelling of a value, naming the values', () => {
    expect(() => parseTier('medium')).toThrow(/high_touch, low_touch, tech_touch/);
    expect(() => parseExportTarget('zoho-tasks')).toThrow(/salesforce_tasks/);
  });

  it('a config written with the earlier spellings means what it meant', () => {
    const old = configSchema.parse({
      tiers: { overrides: { strategic: 'high-touch', 'self-serve': 'tech-touch' } },
      health: { factors: { relationship: { cadence_days: { 'high-touch': 14, 'low-touch': 60 } } } },
    });
    const now = configSchema.parse({
      tiers: { overrides: { strategic: 'high_touch', 'self-serve': 'tech_touch' } },
      health: { factors: { relationship: { cadence_days: { high_touch: 14, low_touch: 60 } } } },
    });
    expect(old.tiers.overrides).toEqual({ strategic: 'high_touch', 'self-serve': 'tech_touch' });
    expect(old.health.factors.relationship.cadence_days).toEqual({ high_touch: 14, low_touch: 60 });
    expect(old).toEqual(now);
    expect(configSchema.parse({}).health.factors.relationship.cadence_days).toEqual({ high_touch: 30, low_touch: 90 });
    expect(configSchema.safeParse({ tiers: { overrides: { x: 'medium-touch' } } }).success).toBe(false);
  });
});
