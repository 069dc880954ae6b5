import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { phrase } from '../../src/core/health/phrases.js';
import { conditionKey, evaluateAlertRules, planSync, type AlertFacts, type DepartedChampion, type Condition, type StoredAlert } from '../../src/core/alert-rules.js';

/** The pure half of csops alerts: rule evaluation and the plan a sync applies (issue 20). */
const config = configSchema.parse({}).alerts;

function facts(overrides: Partial<AlertFacts> = {}): AlertFacts {
  return {
    account_id: 'A-1', name: 'Acme', owner: 'Ana', tier: 'low_touch',
    health: { score: 80, band: 'healthy', reasons: [] }, healthBefore: { as_of: '2026-11-13', score: 80, band: 'healthy' },
    login: { days_since: 2, last_login: '2026-11-18', detail: 'last login 2 days ago' }, licence: { users: 8, seats: 10, share: 0.8 },
    contracts: [], breaches: [], urgentBugsPastSla: [], unfollowed: [],
    ...overrides,
  };
}

const contract = (end: string, extra: Record<string, unknown> = {}) => ({
  contract: { contract_id: 'C-1', start_date: '2025-12-01', end_date: end, currency: 'USD', arr: 1000, status: null, seats: 10, auto_renew: false, plan: null, ...extra },
  state: 'open' as const, rule: `runs until ${end}`, successor: null,
});

function stored(condition: Condition, id: number, rest: Partial<StoredAlert> = {}): StoredAlert {
  return { id, rule: condition.rule, account_id: condition.account_id, subject: condition.subject, state: 'open', severity: condition.severity, reason: condition.reason, evidence: JSON.stringify(condition.evidence), snoozed_until: null, closed_how: null, cleared_on: null, ...rest };
}

const byKey = (...alerts: StoredAlert[]) => new Map(alerts.map((alert) => [conditionKey(alert), alert]));

describe('alert rules', () => {
  it('gives nothing for a healthy account, and each rule its condition at its threshold', () => {
    expect(evaluateAlertRules(facts(), '2026-11-20', config, 30)).toEqual([]);
    expect(evaluateAlertRules(facts({ login: { days_since: 20, last_login: '2026-10-31', detail: '' } }), '2026-11-20', config, 30)).toEqual([]);
    const silent = evaluateAlertRules(facts({ login: { days_since: 21, last_login: '2026-10-30', detail: 'no login for 21 days' } }), '2026-11-20', config, 30);
    expect(silent.map((c) => [c.rule, c.severity, c.reason])).toEqual([['no_login', 'high', 'no login for 21 days']]);
    expect(evaluateAlertRules(facts({ licence: { users: 2, seats: 10, share: 0.2 } }), '2026-11-20', config, 30).map((c) => c.rule)).toEqual(['low_licence_use']);
    const drop = evaluateAlertRules(facts({ health: { score: 70, band: 'healthy', reasons: ['x'] } }), '2026-11-20', config, 30);
    expect(drop.map((c) => [c.rule, c.evidence.points_lost])).toEqual([['health_drop', 10]]);
    // The reasons' phrases are stored beside the English (issue 24), only when the scoring gave them.
    expect(drop[0]!.evidence).not.toHaveProperty('reason_phrases');
    const phrases = [phrase('relationship.no_champion')];
    const [withPhrases] = evaluateAlertRules(facts({ health: { score: 70, band: 'healthy', reasons: ['no champion named'], phrases } }), '2026-11-20', config, 30);
    expect(withPhrases!.evidence).toMatchObject({ score_before: 80, band_before: 'healthy', score: 70, band: 'healthy', since: '2026-11-13', points_lost: 10, reasons: ['no champion named'], reason_phrases: phrases });
    // One point across into watch is not a drop; into at risk it is.
    expect(evaluateAlertRules(facts({ health: { score: 69, band: 'watch', reasons: [] }, healthBefore: { as_of: '2026-11-13', score: 71, band: 'healthy' } }), '2026-11-20', config, 30)).toEqual([]);
    expect(evaluateAlertRules(facts({ health: { score: 76, band: 'at_risk', reasons: [] } }), '2026-11-20', config, 30).map((c) => c.rule)).toEqual(['health_drop']);
  });

  it('opens one renewal alert per contract and window, none once renewed or cancelled, and a lapsed one past the end', () => {
    const endingOn = (end: string) => evaluateAlertRules(facts({ contracts: [contract(end)] }), '2026-11-20', config, 30);
    expect(endingOn('2027-02-18').map((c) => c.subject)).toEqual(['C-1 90d']); // 90 days left
    expect(endingOn('2027-02-19')).toEqual([]); // 91
    expect(endingOn('2027-01-19').map((c) => c.subject)).toEqual(['C-1 60d']); // 60
    expect(evaluateAlertRules(facts({ contracts: [contract('2026-12-20')] }), '2026-11-20', config, 30).map((c) => c.subject)).toEqual(['C-1 30d']);
    expect(evaluateAlertRules(facts({ contracts: [contract('2026-12-20', { cancelled_on: '2026-11-01' })] }), '2026-11-20', config, 30)).toEqual([]);
    expect(evaluateAlertRules(facts({ contracts: [{ ...contract('2026-12-20'), state: 'renewed' }] }), '2026-11-20', config, 30)).toEqual([]);
    const lapsed = evaluateAlertRules(facts({ contracts: [{ ...contract('2026-11-10'), state: 'lapsed', rule: 'ended 2026-11-10, no renewal recorded yet' }] }), '2026-11-20', config, 30);
    expect(lapsed.map((c) => [c.rule, c.subject, c.severity, c.evidence.grace_until])).toEqual([['lapsed', 'C-1', 'critical', '2026-12-10']]);
  });

  it('raises an SLA breach on a high-touch account at once, elsewhere only for a run; a rule turned off gives nothing', () => {
    expect(evaluateAlertRules(facts({ breaches: ['T-1'] }), '2026-11-20', config, 30)).toEqual([]);
    expect(evaluateAlertRules(facts({ breaches: ['T-1', 'T-2', 'T-3'] }), '2026-11-20', config, 30).map((c) => c.rule)).toEqual(['sla_breach']);
    expect(evaluateAlertRules(facts({ breaches: ['T-1'], tier: 'high_touch' }), '2026-11-20', config, 30).map((c) => c.rule)).toEqual(['sla_breach']);
    const off = configSchema.parse({ alerts: { rules: { sla_breach: { enabled: false } } } }).alerts;
    expect(evaluateAlertRules(facts({ breaches: ['T-1'], tier: 'high_touch' }), '2026-11-20', off, 30)).toEqual([]);
  });
});

describe('the sync plan', () => {
  const silent = evaluateAlertRules(facts({ login: { days_since: 25, last_login: '2026-10-26', detail: 'no login for 25 days' } }), '2026-11-20', config, 30)[0]!;
  const none = new Set<never>();

  it('opens a new condition with its due day from severity and tier, and keeps a live one without a step', () => {
    expect(planSync(new Map(), [silent], '2026-11-20', none, config).steps).toEqual([{ kind: 'open', condition: silent, due_by: '2026-11-23' }]);
    expect(planSync(byKey(stored(silent, 1)), [silent], '2026-11-20', none, config).steps).toEqual([]);
    expect(planSync(byKey(stored(silent, 1, { state: 'acked' })), [], '2026-11-21', none, config).steps).toEqual([{ kind: 'resolve', id: 1 }]);
  });

  it('reopens a snooze on its day while the condition holds, not before', () => {
    const snoozed = byKey(stored(silent, 1, { state: 'snoozed', snoozed_until: '2026-11-22' }));
    expect(planSync(snoozed, [silent], '2026-11-21', none, config).steps).toEqual([]);
    expect(planSync(snoozed, [silent], '2026-11-22', none, config).steps).toEqual([{ kind: 'reopen', id: 1, condition: silent, changed: false }]);
    expect(planSync(snoozed, [], '2026-11-22', none, config).steps).toEqual([{ kind: 'resolve', id: 1 }]);
  });

  it('keeps a done alert closed while its condition holds, records when it clears, and opens a new one when it comes back', () => {
    const done = stored(silent, 1, { state: 'closed', closed_how: 'done' });
    expect(planSync(byKey(done), [silent], '2026-11-21', none, config).steps).toEqual([]);
    expect(planSync(byKey(done), [], '2026-11-22', none, config).steps).toEqual([{ kind: 'clear', id: 1 }]);
    const cleared = { ...done, cleared_on: '2026-11-22' };
    expect(planSync(byKey(cleared), [], '2026-11-23', none, config).steps).toEqual([]);
    expect(planSync(byKey(cleared), [silent], '2026-12-20', none, config).steps.map((step) => step.kind)).toEqual(['open']);
    const resolved = stored(silent, 1, { state: 'closed', closed_how: 'resolved_by_data' });
    expect(planSync(byKey(resolved), [silent], '2026-12-20', none, config).steps.map((step) => step.kind)).toEqual(['open']);
  });

  it('opens and closes nothing of a rule whose source is stale, and counts what it held', () => {
    const plan = planSync(new Map(), [silent], '2026-11-30', new Set(['usage'] as const), config);
    expect(plan).toEqual({ steps: [], held: [{ rule: 'no_login', sources: ['usage'], conditions: 1 }] });
    expect(planSync(byKey(stored(silent, 1)), [], '2026-11-30', new Set(['usage'] as const), config).steps).toEqual([]);
  });
});

describe('champion_left rule (issue 20 item 1, with issue 21 contacts)', () => {
  const linA: DepartedChampion = { contact_id: 'C-LN', name: 'Li Na', title: 'Head of Ops', left_on: '2026-10-02' };
  const old: DepartedChampion = { contact_id: 'C-OLD', name: 'Bo Wu', title: null, left_on: '2026-03-01' };
  const champions = (present: number, left: DepartedChampion | null, departed: DepartedChampion[]) => ({ present, left, departed: new Map(departed.map((person) => [person.contact_id, person])) });
  const rules = (extra: Partial<AlertFacts>, alerts = config) => evaluateAlertRules(facts(extra), '2026-11-20', alerts, 30).filter((condition) => condition.rule === 'champion_left');

  it('opens for the departed champion of the signal, subject the contact, reason with name, title and day', () => {
    const [condition, ...more] = rules({ champions: champions(0, linA, [linA, old]) });
    expect(more).toEqual([]);
    expect(condition).toMatchObject({
      rule: 'champion_left', subject: 'C-LN', severity: 'high', owner: 'Ana',
      reason: 'champion Li Na (Head of Ops) left on 2026-10-02; no other champion named',
      evidence: { contact_id: 'C-LN', name: 'Li Na', title: 'Head of Ops', left_on: '2026-10-02', champions_there: 0 },
    });
  });

  it.each<[string, Partial<AlertFacts>]>([
    ['no contact data', { champions: null }],
    ['another champion there', { champions: champions(1, null, [linA]) }],
    ['a departure outside champion_left_days and no alert open for it', { champions: champions(0, null, [old]) }],
    ['a new champion named while an alert is open', { champions: champions(1, null, [linA]), openChampionLeft: ['C-LN'] }],
  ])('holds for nobody with %s', (_name, extra) => {
    expect(rules(extra)).toEqual([]);
  });

  it('stays open past champion_left_days while no champion is there', () => {
    expect(rules({ champions: champions(0, null, [old]), openChampionLeft: ['C-OLD'] }).map((condition) => condition.subject)).toEqual(['C-OLD']);
    // An open alert for someone no longer recorded as gone (back, or the contact deleted) does not hold.
    expect(rules({ champions: champions(0, null, []), openChampionLeft: ['C-OLD'] })).toEqual([]);
  });

  it('is turned off and its severity set in alerts.rules.champion_left', () => {
    expect(rules({ champions: champions(0, linA, [linA]) }, configSchema.parse({ alerts: { rules: { champion_left: { enabled: false } } } }).alerts)).toEqual([]);
    expect(rules({ champions: champions(0, linA, [linA]) }, configSchema.parse({ alerts: { rules: { champion_left: { severity: 'critical' } } } }).alerts)[0]!.severity).toBe('critical');
  });
});
