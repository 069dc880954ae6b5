import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { loadSupportSignals, loadSurveySignals, loadUsageSignals, scoreEveryCustomer, scorePortfolio } from '../../src/commands/scoring.js';
import { tempDir } from '../helpers/cli.js';

/** The windows of the signal queries, at their edges, on a real SQLite file (zone: New York). */
const config = configSchema.parse({ time_zone: 'America/New_York' });
const AS_OF = '2026-11-20'; // ends at 2026-11-21T05:00:00.000Z
let db: Db;
let dbPath: string;

beforeEach(() => {
  dbPath = path.join(tempDir(), 'signals.db');
  db = openDatabase(dbPath, { busyTimeoutMs: 1000 });
  db.prepare("INSERT INTO accounts (account_id, name) VALUES ('A', 'Acme'), ('B', 'Beta'), ('Q', 'Quiet')").run();
});
afterEach(() => db.close());

let ticketNumber = 0;
function ticket(created: string, change: Record<string, string | number | null> = {}) {
  const row = { ticket_id: `T${++ticketNumber}`, account_id: 'A', created_at: created, first_response_at: null, resolved_at: null, status: null, priority: 'normal', type: 'question', first_response_minutes: null, ...change };
  db.prepare(
    'INSERT INTO tickets (ticket_id, account_id, created_at, first_response_at, resolved_at, status, priority, type, first_response_minutes) VALUES (@ticket_id, @account_id, @created_at, @first_response_at, @resolved_at, @status, @priority, @type, @first_response_minutes)',
  ).run(row);
  return row.ticket_id;
}

describe('support signals', () => {
  it('sees tickets created up to the end of the as-of day in the configured zone, not after', () => {
    ticket('2026-11-21T04:59:59.000Z', { type: 'bug', priority: 'urgent' });
    ticket('2026-11-21T05:00:00.000Z', { type: 'bug', priority: 'urgent' });
    const support = loadSupportSignals(db, AS_OF, config)('A');
    expect(support.openBugs).toHaveLength(1);
    expect(support.ticketsRecent).toBe(1);
  });

  it('counts a spike over the last 14 days against the 84 before', () => {
    ticket('2026-11-07T05:00:00.000Z'); // first instant of 7 Nov in New York: inside the 14 days
    ticket('2026-11-07T04:59:59.000Z'); // last instant of 6 Nov: baseline
    const support = loadSupportSignals(db, AS_OF, config)('A');
    expect(support).toMatchObject({ ticketsRecent: 1, ticketsBaseline: 1 });
  });

  it('treats a ticket closed without a resolution time as resolved, and one resolved after the day as open', () => {
    ticket('2026-11-18T15:00:00.000Z', { type: 'bug', priority: 'high', status: 'closed', first_response_at: '2026-11-18T16:00:00.000Z' });
    const later = ticket('2026-11-18T15:00:00.000Z', { type: 'bug', priority: 'high', resolved_at: '2026-11-22T15:00:00.000Z' });
    const support = loadSupportSignals(db, AS_OF, config)('A');
    expect(support.openBugs.map((bug) => bug.ticket_id)).toEqual([later]);
    expect(support.openBugs[0]!.pastSla).toBe(true);
  });

  it('counts breaches whose target fell due in the last 30 days', () => {
    // Urgent: 1 business hour to first response. Created Mon 19 Oct 10:00 New York, due 11:00: 32 days ago.
    ticket('2026-10-19T14:00:00.000Z', { priority: 'urgent', first_response_at: '2026-10-20T14:00:00.000Z', resolved_at: '2026-10-20T15:00:00.000Z' });
    // Created Thu 22 Oct 10:00, due 11:00 that day: 29 days ago.
    const inside = ticket('2026-10-22T14:00:00.000Z', { priority: 'urgent', first_response_at: '2026-10-23T14:00:00.000Z', resolved_at: '2026-10-23T15:00:00.000Z' });
    expect(loadSupportSignals(db, AS_OF, config)('A').breaches).toEqual([inside]);
  });

  // The window's tickets are read from each priority's longest target before the breach window: a
  // target set per ticket type, or a short business day, reaches further back than the defaults.
  it('counts a breach of a long per-type target, however long before the window the ticket was created', () => {
    const longQuestions = configSchema.parse({ time_zone: 'America/New_York', sla: { type_targets: { question: { normal: { resolution_hours: 400 } } } } });
    // 400 business hours of 9 a day: created Mon 24 Aug (88 days before), due Fri 23 Oct 14:00 New York (in the window).
    const inside = ticket('2026-08-24T14:00:00.000Z', { first_response_at: '2026-08-24T15:00:00.000Z' });
    // Created two weeks earlier, due 9 Oct: before the window.
    ticket('2026-08-10T14:00:00.000Z', { first_response_at: '2026-08-10T15:00:00.000Z' });
    expect(loadSupportSignals(db, AS_OF, longQuestions)('A').breaches).toEqual([inside]);
  });

  it('counts a breach on a two-hour business day, where the 80 hours of a low ticket take eight weeks', () => {
    const short = [['09:00', '11:00']] as Array<[string, string]>;
    const shortDays = configSchema.parse({ time_zone: 'America/New_York', sla: { business_hours: { mon: short, tue: short, wed: short, thu: short, fri: short } } });
    // Created Mon 31 Aug (81 days before), due Fri 23 Oct 11:00 New York (in the window); two weeks earlier, due 9 Oct.
    const inside = ticket('2026-08-31T13:00:00.000Z', { priority: 'low', first_response_at: '2026-08-31T14:00:00.000Z' });
    ticket('2026-08-17T13:00:00.000Z', { priority: 'low', first_response_at: '2026-08-17T14:00:00.000Z' });
    expect(loadSupportSignals(db, AS_OF, shortDays)('A').breaches).toEqual([inside]);
  });

  it('reports no tickets in the database as not covered, and an account without tickets as covered', () => {
    expect(loadSupportSignals(db, AS_OF, config)('B').covered).toBe(false);
    ticket('2026-11-01T15:00:00.000Z');
    expect(loadSupportSignals(db, AS_OF, config)('B')).toMatchObject({ covered: true, openBugs: [], breaches: [] });
  });
});

describe('survey signals', () => {
  function survey(id: string, responded: string, score: number, followedUp: string | null = null) {
    db.prepare("INSERT INTO surveys (response_id, account_id, responded_at, kind, score, followed_up_at) VALUES (?, 'A', ?, 'nps', ?, ?)").run(id, responded, score, followedUp);
  }

  it('gives a detractor three days for a follow-up, then counts it for 90 days', () => {
    survey('on-17-nov', '2026-11-17T15:00:00.000Z', 3); // three days before: now overdue
    survey('on-18-nov', '2026-11-18T15:00:00.000Z', 4); // two days: still in time
    survey('too-old', '2026-08-21T15:00:00.000Z', 2); // 91 days: no longer counted as unfollowed
    survey('followed', '2026-11-01T15:00:00.000Z', 5, '2026-11-02T15:00:00.000Z');
    survey('followed-later', '2026-11-02T15:00:00.000Z', 6, '2026-11-23T15:00:00.000Z'); // follow-up after the day: not yet
    const signals = loadSurveySignals(db, AS_OF, config).get('A')!;
    expect(signals.latest).toMatchObject({ score: 4, day: '2026-11-18' });
    expect(signals.unfollowed.map((fact) => fact.day)).toEqual(['2026-11-02', '2026-11-17']);
  });
});

describe('usage signals', () => {
  function usage(account: string, day: string, metrics: Record<string, number>) {
    db.prepare('INSERT INTO usage_daily (account_id, day, metrics) VALUES (?, ?, ?)').run(account, day, JSON.stringify(metrics));
  }

  it('splits logins into the last 4 weeks and the 4 before, and finds a login older than both', () => {
    usage('A', '2026-10-24', { logins: 5 }); // 27 days before: the first day of the last 4 weeks
    usage('A', '2026-10-23', { logins: 7 }); // 28 days before: the earlier 4 weeks
    usage('A', '2026-09-26', { logins: 1 }); // 55 days before: the first day of the window
    usage('A', '2026-11-21', { logins: 100 }); // after the day: invisible
    usage('Q', '2026-08-01', { logins: 2 }); // silent since August
    usage('Q', '2026-09-01', { active_users: 1 });
    usage('Q', AS_OF, { active_users: 0 }); // the usage data runs to the day: windows end on it (issue 16)
    const signals = loadUsageSignals(db, ['A', 'B', 'Q'], AS_OF, config);
    expect(signals.get('A')).toMatchObject({ loginsRecent: 5, loginsPrevious: 8, lastLoginDay: '2026-10-24', accountTracked: true, previousCovered: true });
    expect(signals.get('Q')).toMatchObject({ loginsRecent: 0, loginsPrevious: 0, lastLoginDay: '2026-08-01', accountTracked: true });
    expect(signals.get('B')).toMatchObject({ accountTracked: false, lastLoginDay: null });
  });
});

describe('scoring every customer with the usage sums from a worker thread', () => {
  it('gives exactly what scoring in one thread gives', async () => {
    const contract = db.prepare("INSERT INTO contracts (contract_id, account_id, start_date, end_date, currency, arr_minor, seats) VALUES (?, ?, '2025-01-01', '2027-01-01', 'USD', 1000000, 10)");
    for (const id of ['A', 'B', 'Q']) contract.run(`C-${id}`, id);
    const usage = db.prepare('INSERT INTO usage_daily (account_id, day, metrics) VALUES (?, ?, ?)');
    for (let back = 0; back < 70; back += 3) usage.run('A', new Date(Date.UTC(2026, 10, 20 - back)).toISOString().slice(0, 10), JSON.stringify({ logins: back, active_users: 4 }));
    usage.run('Q', '2026-08-01', JSON.stringify({ logins: 2 }));
    ticket('2026-11-19T15:00:00.000Z', { type: 'bug', priority: 'urgent' });
    const inThread = scorePortfolio(db, AS_OF, config);
    const withWorker = await scoreEveryCustomer(db, dbPath, AS_OF, config);
    expect(withWorker.map((entry) => entry.health)).toEqual(inThread.map((entry) => entry.health));
    expect(inThread.map((entry) => entry.health.score)).toHaveLength(3);
  });
});
