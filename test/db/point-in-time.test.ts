import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openDatabase } from '../../src/db/connection.js';
import { loadBook } from '../../src/db/portfolio.js';
import { scorePortfolio } from '../../src/commands/scoring.js';
import { historicalCases } from '../../src/commands/backtest.js';
import { featuresOf } from '../../src/core/churn-features.js';
import { addDays } from '../../src/core/dates.js';
import { REPO_ROOT, sampleDatabase, tempDir } from '../helpers/cli.js';

/**
 * Leakage by construction: the churn model's features come from the health computed as of a cut-off,
 * so rows dated after the cut-off must not move a single feature. Checked on the sample company by
 * adding, for every account, usage, tickets, survey answers and a contract dated after the cut-off.
 */
const { config } = loadConfig({ cwd: REPO_ROOT, explicitPath: path.join(REPO_ROOT, 'sample-data', 'csops.config.json'), env: {} });
const CUTOFF = '2026-06-01';
let dbPath: string;

beforeAll(() => {
  const dir = tempDir();
  dbPath = path.join(dir, 'leak.db');
  fs.copyFileSync(sampleDatabase(dir), dbPath);
}, 120_000);

function featuresAt(day: string): Map<string, Array<number | null>> {
  const db = openDatabase(dbPath, { busyTimeoutMs: 1000, mustExist: true });
  try {
    return new Map(scorePortfolio(db, day, config).map((entry) => [entry.account.account_id, featuresOf(entry.health)]));
  } finally {
    db.close();
  }
}

/** For every account: heavy usage, urgent bugs, unhappy answers and a bigger contract, all after `day`. */
function addRowsAfter(day: string): void {
  const db = openDatabase(dbPath, { busyTimeoutMs: 1000 });
  try {
    const accounts = db.prepare('SELECT account_id FROM accounts').pluck().all() as string[];
    const usage = db.prepare(
      `INSERT INTO usage_daily (account_id, day, metrics) VALUES (?, ?, ?)
       ON CONFLICT (account_id, day) DO UPDATE SET metrics = excluded.metrics`,
    );
    const ticket = db.prepare(`INSERT INTO tickets (ticket_id, account_id, created_at, status, priority, type) VALUES (?, ?, ?, 'open', 'urgent', 'bug')`);
    const survey = db.prepare(`INSERT INTO surveys (response_id, account_id, responded_at, kind, score) VALUES (?, ?, ?, 'nps', 0)`);
    const contract = db.prepare(`INSERT INTO contracts (contract_id, account_id, start_date, end_date, currency, arr_minor, seats, status) VALUES (?, ?, ?, ?, 'USD', 99999900, 500, 'active')`);
    db.transaction(() => {
      for (const id of accounts) {
        for (let offset = 1; offset <= 20; offset++) {
          usage.run(id, addDays(day, offset), JSON.stringify({ logins: 999, active_users: 400, reports_created: 50, dashboards_viewed: 50, workflows_run: 50 }));
        }
        ticket.run(`LEAK-T-${id}`, id, `${addDays(day, 2)}T12:00:00.000Z`);
        survey.run(`LEAK-S-${id}`, id, `${addDays(day, 3)}T12:00:00.000Z`);
        contract.run(`LEAK-C-${id}`, id, addDays(day, 1), addDays(day, 366));
      }
    })();
  } finally {
    db.close();
  }
}

describe('point-in-time features', () => {
  it('adding rows dated after a cut-off changes no feature computed at that cut-off', () => {
    const before = featuresAt(CUTOFF);
    expect(before.size).toBeGreaterThan(200);
    // The features are not all missing: the check has something to compare.
    expect([...before.values()].filter((features) => features[0] !== null).length).toBeGreaterThan(150);
    addRowsAfter(CUTOFF);
    expect(featuresAt(CUTOFF)).toEqual(before);
    // …while the day after the cut-off does see them (the rows are not ignored altogether).
    const after = featuresAt(addDays(CUTOFF, 3));
    expect([...after.values()].some((features, index) => JSON.stringify(features) !== JSON.stringify([...before.values()][index]))).toBe(true);
  });

  it("the backtest's cases are scored at their cut-off: each equals csops risk --as-of that day", () => {
    const db = openDatabase(dbPath, { busyTimeoutMs: 1000, mustExist: true });
    try {
      const book = loadBook(db);
      const { cases } = historicalCases(db, config, '2026-11-20', { from: '2026-03-01', to: '2026-05-31', horizon: 90 }, book);
      expect(cases.length).toBeGreaterThan(20);
      for (const entry of cases.slice(0, 25)) {
        expect(entry.cutoff).toBe(addDays(entry.end_date, -90));
        const direct = scorePortfolio(db, entry.cutoff, config, undefined, book).find((scored) => scored.account.account_id === entry.account_id)!;
        expect(entry.health).toEqual(direct.health);
      }
    } finally {
      db.close();
    }
  });
});
