import path from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import type { AccountFacts } from '../../src/db/portfolio.js';
import { closedWithoutTime } from '../../src/core/support-signals.js';
import { loadSupportSignals, scoreEveryCustomer, scorePortfolio } from '../../src/commands/scoring.js';
import { addDays, endOfDayUtc } from '../../src/core/dates.js';
import { measureTicket, slaPolicy, type SlaMeasure } from '../../src/core/sla-clock.js';
import { usageAggregates, usageAggregatesInBackground } from '../../src/db/portfolio.js';
import { supportSignalsInBackground, windowSignals } from '../../src/db/window-signals.js';
import { scoringWorkers } from '../../src/db/workers.js';
import { REPO_ROOT, sampleDatabase, tempDir } from '../helpers/cli.js';

/**
 * Scoring reads the database by more than one path: every customer (plain scans, the usage sums in a
 * worker) or a set of accounts (seeks through a temporary table), and the support read skips the
 * tickets that cannot matter on the day. On the sample company, for a year of as-of days (every 7th
 * day and days mid-week), every path must give the same health, and the support signals must equal
 * those computed from every ticket.
 */
const { config } = loadConfig({ cwd: REPO_ROOT, explicitPath: path.join(REPO_ROOT, 'sample-data', 'csops.config.json'), env: {} });
let dbPath: string;
let db: Db;

// The sample company is below the size at which scoring starts its workers (db/workers.ts): the
// background path is taken here by asking for it.
const savedWorkerBytes = process.env.CSOPS_SCORING_WORKER_MIN_BYTES;
beforeAll(() => {
  process.env.CSOPS_SCORING_WORKER_MIN_BYTES = '0';
  dbPath = sampleDatabase(tempDir());
  db = openDatabase(dbPath, { busyTimeoutMs: 1000, mustExist: true });
}, 120_000);
afterAll(() => {
  db.close();
  if (savedWorkerBytes === undefined) delete process.env.CSOPS_SCORING_WORKER_MIN_BYTES;
  else process.env.CSOPS_SCORING_WORKER_MIN_BYTES = savedWorkerBytes;
});

const DAYS: string[] = [];
for (let back = 0; back <= 371; back += 7) DAYS.push(addDays('2026-11-20', -back), addDays('2026-11-20', -back - 3));
DAYS.push('2026-12-06', '2027-01-15');

const byAccount = (entries: Array<{ account: AccountFacts; health: unknown; tier: unknown; standing: unknown }>) => new Map(entries.map((entry) => [entry.account.account_id, entry]));

describe('scoring paths agree on the sample company', () => {
  it('every customer, the same accounts named one by one, and the usage worker give the same health', async () => {
    let scoredDays = 0;
    // Half the days (every other week, a Friday and a Tuesday in turn): three scorings a day are the costly part.
    for (const [index, day] of DAYS.filter((_, at) => at % 4 === 0 || at % 4 === 3).entries()) {
      const all = scorePortfolio(db, day, config);
      const ids = new Set(all.map((entry) => entry.account.account_id));
      const named = byAccount(scorePortfolio(db, day, config, ids));
      // A worker thread per day is slow to start: every fourth day takes that path too.
      const background = index % 4 === 0 ? byAccount(await scoreEveryCustomer(db, dbPath, day, config)) : undefined;
      expect(named.size, day).toBe(all.length);
      if (background) expect(background.size, day).toBe(all.length);
      for (const entry of all) {
        expect(named.get(entry.account.account_id), `${day} ${entry.account.account_id}`).toEqual(entry);
        if (background) expect(background.get(entry.account.account_id), `${day} ${entry.account.account_id}`).toEqual(entry);
      }
      if (all.some((entry) => entry.health.score !== null)) scoredDays++;
    }
    expect(scoredDays).toBeGreaterThan(20);
  }, 300_000);

  it('starts a worker per core beyond this thread, at most two, and none on a small database', () => {
    expect([1, 2, 3, 8].map((cores) => scoringWorkers(db, cores))).toEqual([0, 1, 2, 2]);
    process.env.CSOPS_SCORING_WORKER_MIN_BYTES = String(2 ** 40);
    try {
      expect(scoringWorkers(db, 8)).toBe(0);
    } finally {
      process.env.CSOPS_SCORING_WORKER_MIN_BYTES = '0';
    }
  });

  it('each worker answers (not the fallback) with what this thread computes', async () => {
    for (const day of ['2026-11-20', '2026-06-03']) {
      const [usageAndSurveys, support] = await Promise.all([usageAggregatesInBackground(dbPath, day, config), supportSignalsInBackground(dbPath, day, config)]);
      expect(usageAndSurveys, day).toBeDefined();
      expect(support, day).toBeDefined();
      expect(usageAndSurveys!.usage).toEqual(usageAggregates(db, day, config));
      const signals = windowSignals(db, day, config);
      expect(support).toEqual({ support: signals.support, supportCovered: signals.supportCovered });
      expect(usageAndSurveys!.surveys).toEqual(signals.surveys);
      expect(signals.support.size, day).toBeGreaterThan(10);
      expect(signals.surveys.size, day).toBeGreaterThan(10);
    }
  }, 60_000);

  it('the support signals equal those computed from every ticket created before the day ends', () => {
    type Row = { ticket_id: string; account_id: string; created_at: string; first_response_at: string | null; resolved_at: string | null; status: string | null; priority: string | null; type: string | null; first_response_minutes: number | null; resolution_minutes: number | null; priority_raw: string | null };
    const tickets = db.prepare('SELECT * FROM tickets WHERE account_id IS NOT NULL').all() as Row[];
    const accounts = [...new Set(tickets.map((t) => t.account_id))];
    const zone = config.time_zone;
    const policy = slaPolicy(config.sla, zone);
    let openBugsSeen = 0;
    let breachesSeen = 0;
    for (const day of DAYS) {
      const signals = loadSupportSignals(db, day, config);
      const asOfEnd = endOfDayUtc(day, zone);
      const asOfMs = Date.parse(asOfEnd);
      const breachStartMs = Date.parse(endOfDayUtc(addDays(day, -config.health.factors.support.breach_days), zone));
      const spikeStart = endOfDayUtc(addDays(day, -config.health.spike.days), zone);
      const baselineStart = endOfDayUtc(addDays(day, -config.health.spike.days - config.health.spike.baseline_days), zone);
      const expected = new Map(accounts.map((id) => [id, { openBugs: [] as string[], breaches: [] as string[], recent: 0, baseline: 0 }]));
      for (const t of tickets) {
        if (t.created_at >= asOfEnd) continue;
        const entry = expected.get(t.account_id)!;
        if (t.created_at >= spikeStart) entry.recent++;
        else if (t.created_at >= baselineStart) entry.baseline++;
        const resolvedUnknown = closedWithoutTime(t.resolved_at, t.status);
        if (resolvedUnknown && t.first_response_at === null && t.first_response_minutes === null) continue;
        const sla = measureTicket(
          { createdMs: Date.parse(t.created_at), firstResponseMs: t.first_response_at === null ? null : Date.parse(t.first_response_at), resolvedMs: t.resolved_at === null ? null : Date.parse(t.resolved_at), priority: t.priority, type: t.type, firstResponseMinutes: t.first_response_minutes, resolutionMinutes: t.resolution_minutes },
          asOfMs,
          policy,
          { elapsed: false },
        );
        const inWindow = (measure: SlaMeasure) => measure.breached && (measure.dueMs ?? Date.parse(t.created_at)) >= breachStartMs;
        if (inWindow(sla.firstResponse) || (!resolvedUnknown && inWindow(sla.resolution))) entry.breaches.push(t.ticket_id);
        if (!resolvedUnknown && !sla.resolution.done && t.type === 'bug' && (t.priority === 'urgent' || t.priority === 'high')) entry.openBugs.push(t.ticket_id);
      }
      for (const [id, want] of expected) {
        const got = signals(id);
        expect([got.openBugs.map((bug) => bug.ticket_id).sort(), [...got.breaches].sort(), got.ticketsRecent, got.ticketsBaseline], `${day} ${id}`).toEqual([
          want.openBugs.sort(),
          want.breaches.sort(),
          want.recent,
          want.baseline,
        ]);
        openBugsSeen += want.openBugs.length;
        breachesSeen += want.breaches.length;
      }
    }
    // The comparison covers both kinds of signal (it would pass on a company without any).
    expect(openBugsSeen).toBeGreaterThan(10);
    expect(breachesSeen).toBeGreaterThan(10);
  }, 300_000);
});
