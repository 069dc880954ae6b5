import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { bandOf, scoreHealth, type HealthInputs } from '../../src/core/health.js';
import { addDays } from '../../src/core/dates.js';

const AS_OF = '2026-11-20';
const config = configSchema.parse({ health: { key_modules: ['reports', 'dashboards', 'workflows'] } }).health;

/** A customer with nothing wrong: every factor earns full points. */
function healthy(): HealthInputs {
  return {
    asOf: AS_OF,
    customerSince: '2025-01-01',
    usage: {
      covered: true,
      previousCovered: true,
      accountTracked: true,
      activeUsersTracked: true,
      lastLoginDay: AS_OF,
      loginsRecent: 400,
      loginsPrevious: 400,
      peakActiveUsers: 80,
      keyModulesUsed: ['reports', 'dashboards', 'workflows'],
    },
    seats: 100,
    support: { covered: true, openBugs: [], breaches: [], ticketsRecent: 1, ticketsBaseline: 6 },
    surveys: { latest: { kind: 'nps', score: 10, responded_at: '2026-10-02T15:00:00.000Z', day: '2026-10-02' }, unfollowed: [] },
    renewal: { state: 'active', renewalDate: '2027-06-30', autoRenew: false },
  };
}

function withUsage(change: Partial<HealthInputs['usage']>): HealthInputs {
  const inputs = healthy();
  return { ...inputs, usage: { ...inputs.usage, ...change } };
}

const factor = (inputs: HealthInputs, name: string) => scoreHealth(inputs, config).factors.find((f) => f.factor === name)!;

describe('scoreHealth', () => {
  it('gives a customer with nothing wrong 100, healthy, full confidence and no reasons', () => {
    const result = scoreHealth(healthy(), config);
    expect(result).toMatchObject({ score: 100, band: 'healthy', confidence: 100, reasons: [], missing: [], atRiskSignals: [] });
    expect(result.factors.reduce((sum, f) => sum + f.weight, 0)).toBe(100);
  });

  it.each([
    [0, 25],
    [2, 25],
    [3, 20],
    [7, 20],
    [8, 12.5],
    [13, 12.5],
    [14, 5],
    [20, 5],
    [21, 0],
    [60, 0],
  ])('usage recency: last login %i days ago earns %d of 25 points', (days, points) => {
    expect(factor(withUsage({ lastLoginDay: addDays(AS_OF, -days) }), 'usage_recency').points).toBe(points);
  });

  it('puts an account silent for 21 days at risk whatever it scores, and says why first', () => {
    const result = scoreHealth(withUsage({ lastLoginDay: addDays(AS_OF, -21) }), config);
    expect(result.score).toBe(75);
    expect(result.band).toBe('at_risk');
    expect(result.reasons[0]).toBe('no login for 21 days (last on 2026-10-30)');
    expect(result.atRiskSignals).toEqual([result.reasons[0]]);
  });

  it('does not override at 20 days of silence', () => {
    const result = scoreHealth(withUsage({ lastLoginDay: addDays(AS_OF, -20) }), config);
    expect(result).toMatchObject({ score: 80, band: 'healthy', atRiskSignals: [] });
  });

  it('counts silence from the first contract when no login was ever recorded', () => {
    const result = scoreHealth({ ...withUsage({ lastLoginDay: null, loginsRecent: 0, loginsPrevious: 0 }), customerSince: '2026-09-01' }, config);
    expect(result.reasons[0]).toBe('no login recorded since becoming a customer on 2026-09-01 (80 days)');
    expect(result).toMatchObject({ score: 60, band: 'at_risk' });
  });

  it('with no usage data at all, lists the usage signals as missing instead of scoring them zero', () => {
    const result = scoreHealth(withUsage({ covered: false, activeUsersTracked: false, lastLoginDay: null, loginsRecent: 0, loginsPrevious: 0, peakActiveUsers: null, keyModulesUsed: [] }), config);
    // relationship: not in use without contact data (no contacts in these inputs), so missing too.
    expect(result.factors.filter((f) => f.missing).map((f) => f.factor)).toEqual(['usage_recency', 'login_trend', 'licence_utilisation', 'key_modules', 'relationship']);
    expect(result.confidence).toBe(35);
    expect(result.score).toBe(100);
    expect(result.missing[0]).toBe('usage recency: no usage data in the database for the weeks scored');
    expect(result.atRiskSignals).toEqual([]);
  });

  it('treats an account absent from the usage data as missing usage, not as idle', () => {
    const result = scoreHealth(withUsage({ accountTracked: false, lastLoginDay: null, loginsRecent: 0, loginsPrevious: 0, peakActiveUsers: 0, keyModulesUsed: [] }), config);
    // relationship: not in use without contact data (no contacts in these inputs), so missing too.
    expect(result.factors.filter((f) => f.missing).map((f) => f.factor)).toEqual(['usage_recency', 'login_trend', 'licence_utilisation', 'key_modules', 'relationship']);
    expect(result.missing[0]).toBe('usage recency: no usage recorded for this account at all (not in the usage export, or never used)');
    expect(result).toMatchObject({ score: 100, confidence: 35, atRiskSignals: [] });
  });

  it('leaves the trend out when the database has no usage for the earlier weeks', () => {
    expect(factor(withUsage({ previousCovered: false, loginsPrevious: 0 }), 'login_trend')).toMatchObject({ missing: true, detail: 'no usage data in the database for the 4 weeks before the last 4' });
  });

  it('scores a brand-new account with two weeks of history without a trend, and without the silence rule', () => {
    const inputs = { ...withUsage({ lastLoginDay: null, loginsRecent: 0, loginsPrevious: 0, peakActiveUsers: 0 }), customerSince: addDays(AS_OF, -13) };
    const result = scoreHealth(inputs, config);
    const trend = result.factors.find((f) => f.factor === 'login_trend')!;
    expect(trend.missing).toBe(true);
    expect(trend.detail).toBe('less than 8 weeks as a customer (since 2026-11-07)');
    expect(result.factors[0]!.points).toBe(12.5);
    expect(result.atRiskSignals).toEqual([]);
  });

  it('treats seats = 0 and an unknown seat count as missing licence data', () => {
    expect(factor({ ...healthy(), seats: 0 }, 'licence_utilisation')).toMatchObject({ missing: true, detail: 'the contract has 0 seats' });
    expect(factor({ ...healthy(), seats: null }, 'licence_utilisation')).toMatchObject({ missing: true, detail: 'no seat count on the contract' });
  });

  it.each([
    [70, 15],
    [69, 10.5],
    [50, 10.5],
    [30, 6],
    [15, 3],
    [14, 0],
  ])('licence utilisation: %i of 100 seats earns %d of 15 points', (users, points) => {
    expect(factor(withUsage({ peakActiveUsers: users }), 'licence_utilisation').points).toBe(points);
  });

  it.each([
    [400, 400, 15],
    [360, 400, 15],
    [359, 400, 9],
    [280, 400, 9],
    [200, 400, 4.5],
    [199, 400, 0],
    [50, 0, 15],
    [0, 0, 0],
  ])('login trend: %i logins against %i before earns %d of 15 points', (recent, previous, points) => {
    expect(factor(withUsage({ loginsRecent: recent, loginsPrevious: previous }), 'login_trend').points).toBe(points);
  });

  it('puts an account whose logins fell by 60% or more at risk', () => {
    expect(scoreHealth(withUsage({ loginsRecent: 160, loginsPrevious: 400 }), config)).toMatchObject({ band: 'at_risk', reasons: ['logins down 60% (160 in the last 4 weeks vs 400 in the 4 before)'] });
    expect(scoreHealth(withUsage({ loginsRecent: 164, loginsPrevious: 400 }), config).band).toBe('healthy');
    // The band says when a signal set it: the score alone was healthy here.
    expect(scoreHealth(withUsage({ loginsRecent: 160, loginsPrevious: 400 }), config).bandForcedBy).toEqual(['login_drop']);
    expect(scoreHealth(withUsage({ loginsRecent: 164, loginsPrevious: 400 }), config).bandForcedBy).toEqual([]);
    // Numbers a person reads are grouped by thousands (issue 23).
    expect(scoreHealth(withUsage({ loginsRecent: 5316, loginsPrevious: 13990 }), config).reasons).toContain('logins down 62% (5,316 in the last 4 weeks vs 13,990 in the 4 before)');
  });

  it('names unused key modules, and treats an empty key-module list as missing', () => {
    expect(factor(withUsage({ keyModulesUsed: ['reports'] }), 'key_modules')).toMatchObject({ points: 3, reasons: ['key modules not used in the last 4 weeks: dashboards, workflows'] });
    const noModules = configSchema.parse({}).health;
    expect(scoreHealth(healthy(), noModules).factors.find((f) => f.factor === 'key_modules')).toMatchObject({ missing: true });
    expect(scoreHealth(healthy(), noModules).confidence).toBe(90);
  });

  it('says "2 urgent bugs past SLA" and puts the account at risk', () => {
    const inputs = healthy();
    inputs.support = {
      ...inputs.support,
      openBugs: [
        { ticket_id: 'T1', priority: 'urgent', created_at: '2026-11-17T15:00:00.000Z', pastSla: true },
        { ticket_id: 'T2', priority: 'urgent', created_at: '2026-11-18T15:00:00.000Z', pastSla: true },
      ],
      breaches: ['T1', 'T2'],
    };
    const result = scoreHealth(inputs, config);
    expect(result.factors.find((f) => f.factor === 'support')!.points).toBe(0);
    expect(result.reasons).toEqual(['2 urgent bugs open past SLA']);
    expect(result.band).toBe('at_risk');
    expect(result.score).toBe(85);
  });

  it('charges an open bug past SLA once, and other breached tickets apart', () => {
    const inputs = healthy();
    inputs.support = { ...inputs.support, openBugs: [{ ticket_id: 'T1', priority: 'high', created_at: '2026-11-16T15:00:00.000Z', pastSla: true }], breaches: ['T1', 'T7'] };
    expect(factor(inputs, 'support')).toMatchObject({ points: 7.5, reasons: ['1 high-priority bug open past SLA', '1 other ticket past SLA in the last 30 days'] });
  });

  it('detects a ticket spike against the usual rate', () => {
    const inputs = healthy();
    inputs.support = { ...inputs.support, ticketsRecent: 12, ticketsBaseline: 12 };
    expect(factor(inputs, 'support')).toMatchObject({ points: 10.5, reasons: ['ticket spike: 12 tickets in 14 days (usually 2)'] });
    inputs.support = { ...inputs.support, ticketsRecent: 4, ticketsBaseline: 0 };
    expect(factor(inputs, 'support').points).toBe(15);
  });

  it('says "NPS 3 on 2026-10-02 not followed up" and puts the account at risk', () => {
    const detractor = { kind: 'nps' as const, score: 3, responded_at: '2026-10-02T15:00:00.000Z', day: '2026-10-02' };
    const result = scoreHealth({ ...healthy(), surveys: { latest: detractor, unfollowed: [detractor] } }, config);
    expect(result.reasons).toEqual(['NPS 3 on 2026-10-02 not followed up']);
    expect(result.band).toBe('at_risk');
    expect(result.factors.find((f) => f.factor === 'sentiment')!.points).toBe(0);
  });

  it('lists a missing survey as missing, not as a pass', () => {
    const result = scoreHealth({ ...healthy(), surveys: { latest: null, unfollowed: [] } }, config);
    expect(result.missing).toEqual(['sentiment: no NPS or CSAT response in the last 180 days']);
    expect(result.confidence).toBe(90);
  });

  it.each([
    [150, 10],
    [120, 10],
    [119, 8],
    [90, 8],
    [60, 6],
    [30, 4],
    [0, 2],
  ])('renewal proximity: %i days left earns %d of 10 points', (days, points) => {
    expect(factor({ ...healthy(), renewal: { state: 'active', renewalDate: addDays(AS_OF, days), autoRenew: false } }, 'renewal_proximity').points).toBe(points);
  });

  it('scores a lapsed contract zero and an auto-renewing one in full', () => {
    expect(factor({ ...healthy(), renewal: { state: 'lapsed', renewalDate: addDays(AS_OF, -12), autoRenew: false } }, 'renewal_proximity')).toMatchObject({
      points: 0,
      reasons: ['contract ended 12 days ago (2026-11-08) with no renewal recorded'],
    });
    expect(factor({ ...healthy(), renewal: { state: 'active', renewalDate: addDays(AS_OF, 8), autoRenew: true } }, 'renewal_proximity').points).toBe(10);
  });

  it('scores an account with only tickets from its tickets and renewal, and says what is missing', () => {
    const inputs: HealthInputs = {
      ...withUsage({ covered: false, activeUsersTracked: false, lastLoginDay: null, loginsRecent: 0, loginsPrevious: 0, peakActiveUsers: null, keyModulesUsed: [] }),
      surveys: { latest: null, unfollowed: [] },
      renewal: { state: 'active', renewalDate: null, autoRenew: null },
    };
    const result = scoreHealth(inputs, config);
    expect(result.confidence).toBe(15);
    expect(result.score).toBe(100);
    expect(result.missing).toHaveLength(6);
  });

  it('has no score and an unknown band when nothing has data', () => {
    const inputs: HealthInputs = {
      ...withUsage({ covered: false, activeUsersTracked: false, lastLoginDay: null, peakActiveUsers: null, keyModulesUsed: [] }),
      support: { covered: false, openBugs: [], breaches: [], ticketsRecent: 0, ticketsBaseline: 0 },
      surveys: { latest: null, unfollowed: [] },
      renewal: { state: 'active', renewalDate: null, autoRenew: null },
    };
    expect(scoreHealth(inputs, config)).toMatchObject({ score: null, band: 'unknown', confidence: 0 });
  });
});

describe('bandOf', () => {
  it.each([
    [100, 'healthy'],
    [70, 'healthy'],
    [69, 'watch'],
    [50, 'watch'],
    [49, 'at_risk'],
    [30, 'at_risk'],
    [29, 'critical'],
    [0, 'critical'],
  ])('score %i is %s', (score, band) => {
    expect(bandOf(score, config)).toBe(band);
  });
});

describe('health config', () => {
  it('rejects weights that do not add up to 100, naming the key', () => {
    const parsed = configSchema.safeParse({ health: { factors: { usage_recency: { weight: 30 } } } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['health', 'factors'], message: 'the factor weights must add up to 100' });
  });

  it('accepts re-weighted factors that add up to 100', () => {
    const parsed = configSchema.parse({ health: { factors: { usage_recency: { weight: 35 }, renewal_proximity: { weight: 0 } } } });
    expect(parsed.health.factors.usage_recency.bands).toHaveLength(4);
  });
});

describe('support with priorities csops could not classify (issue 15)', () => {
  it('counts open bugs of an unknown priority without scoring them; known data scores as before', () => {
    const known = healthy();
    const unknown: HealthInputs = { ...known, support: { ...known.support, openBugsUnknownPriority: 2 } };
    const before = factor(known, 'support');
    const after = factor(unknown, 'support');
    expect(after.points).toBe(before.points);
    expect(scoreHealth(unknown, config).score).toBe(scoreHealth(known, config).score);
    expect(before.inputs).toMatchObject({ open_bugs_unknown_priority: 0 });
    expect(after.inputs).toMatchObject({ open_bugs_unknown_priority: 2 });
    expect(after.detail).toBe(`${before.detail} (2 open bugs with a priority csops could not classify, not scored)`);
  });
});

describe('scoreHealth: per-signal presence and freshness (issue 16)', () => {
  it('without the login metric in the usage data, measures recency on any usage, says so, and lists the login trend as missing', () => {
    const result = scoreHealth(withUsage({ loginMetricTracked: false, lastLoginDay: addDays(AS_OF, -5), loginsRecent: 0, loginsPrevious: 0 }), config);
    const recency = result.factors.find((f) => f.factor === 'usage_recency')!;
    expect(recency.missing).toBe(false);
    expect(recency.points).toBe(20);
    expect(recency.detail).toBe('no usage for 5 days (last on 2026-11-15) (no "logins" metric in the usage data: any usage counts)');
    expect(recency.inputs.measured_on).toBe('any usage');
    const trend = result.factors.find((f) => f.factor === 'login_trend')!;
    expect(trend.missing).toBe(true);
    expect(result.missing).toContain('login trend: no "logins" metric in the usage data (set health.login_metric to the metric that counts logins)');
    expect(result.reasons.filter((reason) => /^no login|^logins /.test(reason))).toEqual([]);
    expect(result.atRiskSignals).toEqual([]);
    // The trend's 15 points of weight are spread over the rest: 80 of the 85 present points → 94.
    expect(result.confidence).toBe(85);
    expect(result.score).toBe(94);
  });

  it('an account used today with no login metric is not "no login recorded"', () => {
    const result = scoreHealth(withUsage({ loginMetricTracked: false, lastLoginDay: AS_OF, loginsRecent: 0, loginsPrevious: 0 }), config);
    expect(result.band).toBe('healthy');
    expect(result.reasons.join(' ')).not.toMatch(/no login/);
    expect(result.factors.find((f) => f.factor === 'usage_recency')!.detail).toBe('used the product today (no "logins" metric in the usage data: any usage counts)');
  });

  it('measures recency to the end of the usage data, not to the as-of day', () => {
    const end = addDays(AS_OF, -20);
    const fresh = scoreHealth(withUsage({ dataEnd: end, lastLoginDay: end }), config);
    expect(fresh.atRiskSignals).toEqual([]);
    expect(fresh.factors.find((f) => f.factor === 'usage_recency')!.points).toBe(25);
    expect(fresh.factors.find((f) => f.factor === 'usage_recency')!.detail).toBe(`logged in on the last day of the usage data (${end})`);
    const quiet = scoreHealth(withUsage({ dataEnd: end, lastLoginDay: addDays(end, -4) }), config);
    expect(quiet.reasons).toContain(`no login for 4 days before the usage data ends on ${end} (last on ${addDays(end, -4)})`);
    expect(quiet.atRiskSignals).toEqual([]);
    // Real silence before the data ends still counts.
    const silent = scoreHealth(withUsage({ dataEnd: end, lastLoginDay: addDays(end, -30) }), config);
    expect(silent.band).toBe('at_risk');
    expect(silent.atRiskSignals[0]).toMatch(/^no login for 30 days before the usage data ends on/);
  });

  it('a customer since after the usage data ends has usage recency missing, not silent', () => {
    const end = addDays(AS_OF, -20);
    const result = scoreHealth({ ...withUsage({ dataEnd: end, lastLoginDay: null }), customerSince: addDays(AS_OF, -5) }, config);
    expect(result.factors.find((f) => f.factor === 'usage_recency')!.missing).toBe(true);
    expect(result.atRiskSignals).toEqual([]);
  });

  it('withholds the score below health.min_confidence, and only then', () => {
    const floor = configSchema.parse({ health: { key_modules: ['reports', 'dashboards', 'workflows'], min_confidence: 50 } }).health;
    const noUsage = withUsage({ covered: false });
    const low = scoreHealth(noUsage, floor);
    expect(low.confidence).toBe(35);
    expect(low).toMatchObject({ score: null, band: 'unknown', withheld: true });
    expect(scoreHealth(noUsage, config)).toMatchObject({ score: 100, withheld: false });
    expect(scoreHealth(healthy(), floor)).toMatchObject({ score: 100, withheld: false });
  });
});

describe('health.factors weights with the relationship factor (issue 21)', () => {
  it('defaults to the earlier weights scaled by 4/5, and relationship 20', () => {
    const weights = Object.fromEntries(Object.entries(configSchema.parse({}).health.factors).map(([name, factor]) => [name, factor.weight]));
    expect(weights).toEqual({ usage_recency: 20, login_trend: 12, licence_utilisation: 12, key_modules: 8, support: 12, sentiment: 8, renewal_proximity: 8, relationship: 20 });
  });
  it('reads a config written before the factor (weights set, none for relationship) with the earlier defaults and relationship 0', () => {
    const factors = configSchema.parse({ health: { factors: { usage_recency: { weight: 35 }, renewal_proximity: { weight: 0 } } } }).health.factors;
    expect(Object.fromEntries(Object.entries(factors).map(([name, factor]) => [name, factor.weight]))).toEqual({
      usage_recency: 35, login_trend: 15, licence_utilisation: 15, key_modules: 10, support: 15, sentiment: 10, renewal_proximity: 0, relationship: 0,
    });
  });
  it('takes the new defaults for the factors a config leaves out once it weighs relationship', () => {
    const parsed = configSchema.safeParse({ health: { factors: { relationship: { weight: 28 }, usage_recency: { weight: 12 } } } });
    expect(parsed.success).toBe(true);
    expect(configSchema.safeParse({ health: { factors: { relationship: { weight: 30 } } } }).success).toBe(false);
  });
});
