import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { scoreHealth, type HealthInputs } from '../../src/core/health.js';
import { decisionMakerContact, peopleByAccount, peopleOrder, relationshipSignalsFrom, rolesOf, type ContactEventRow, type ContactRow, type RelationshipRows } from '../../src/core/relationship.js';
import type { Tier } from '../../src/config/rules.js';

const AS_OF = '2026-11-20';
const config = configSchema.parse({}).health;

function contact(id: string, change: Partial<ContactRow> = {}): ContactRow {
  return { contact_id: id, account_id: 'A', name: id, title: null, email: null, role: null, role_raw: null, is_decision_maker: null, last_activity_at: null, known_from: '2025-01-01', ...change };
}

function rows(contacts: ContactRow[], change: Partial<RelationshipRows> = {}): RelationshipRows {
  return { contacts, events: [], dealRoles: new Map(), lastTouch: new Map(), touchpointsFrom: null, contactsKnown: contacts.length > 0, ...change };
}

/** Health inputs with nothing else wrong, and the relationship signals the rows give for the tier. */
function inputs(data: RelationshipRows, tier: Tier = 'high_touch'): HealthInputs {
  return {
    asOf: AS_OF,
    customerSince: '2025-01-01',
    usage: { covered: true, previousCovered: true, accountTracked: true, activeUsersTracked: true, lastLoginDay: AS_OF, loginsRecent: 400, loginsPrevious: 400, peakActiveUsers: 80, keyModulesUsed: [] },
    seats: 100,
    support: { covered: true, openBugs: [], breaches: [], ticketsRecent: 1, ticketsBaseline: 6 },
    surveys: { latest: null, unfollowed: [] },
    renewal: { state: 'active', renewalDate: '2027-06-30', autoRenew: false },
    relationship: relationshipSignalsFrom(data, AS_OF, config)?.('A', tier),
  };
}

const relationship = (data: RelationshipRows, tier?: Tier) => {
  const result = scoreHealth(inputs(data, tier), config);
  return { result, factor: result.factors.find((factor) => factor.factor === 'relationship')! };
};
const left = (contactId: string, day: string, how: ContactEventRow['how'] = 'status'): ContactEventRow => ({ contact_id: contactId, day, event: 'left', how });

describe('relationship factor (issue 21)', () => {
  it('is not in use without contacts: no signals at all', () => {
    expect(relationshipSignalsFrom(rows([]), AS_OF, config)).toBeUndefined();
  });

  it.each<[string, RelationshipRows, Tier, number | null, string[]]>([
    ['a champion active lately and a decision maker met within the cadence earn everything',
      rows([contact('C', { role: 'champion', last_activity_at: '2026-11-10' }), contact('D', { role: 'decision_maker' })], { lastTouch: new Map([['A', new Map([['D', '2026-11-01']])]]), touchpointsFrom: '2026-01-01' }), 'high_touch', 20, []],
    ['no champion or decision maker for a high-touch account earns nothing',
      rows([contact('U', { role: 'user' })]), 'high_touch', 0, ['no champion or decision maker named for a high-touch account', 'no champion named']],
    ['a quiet champion keeps half the champion part (0.3 + 0.2 of 0.7)',
      rows([contact('C', { role: 'champion', title: 'Head of Ops', last_activity_at: '2026-09-01' })]), 'high_touch', 14.3, ['champion C (Head of Ops) last active 80 days ago (2026-09-01)']],
    ['a decision maker not met within the low-touch cadence (90 days) loses the cadence part',
      rows([contact('C', { role: 'champion' }), contact('D', { title: 'VP Finance' })], { lastTouch: new Map([['A', new Map([['D', '2026-07-01']])]]), touchpointsFrom: '2025-06-01' }), 'low_touch', 14, ['no decision maker contacted for 142 days (last 2026-07-01; cadence 90 days for low-touch)']],
    ['touchpoints that do not reach back a cadence leave the cadence part out',
      rows([contact('C', { role: 'champion' }), contact('D', { role: 'economic_buyer' })], { touchpointsFrom: '2026-11-01' }), 'high_touch', 20, []],
    ['tech-touch: a champion is scored, nothing else is expected',
      rows([contact('C', { role: 'champion' })]), 'tech_touch', 20, []],
    ['tech-touch without a champion: missing, not zero',
      rows([contact('U', { role: 'user' })]), 'tech_touch', null, []],
  ])('%s', (_name, data, tier, points, reasons) => {
    const { factor } = relationship(data, tier);
    expect(factor.points).toBe(points);
    expect(factor.missing).toBe(points === null);
    for (const reason of reasons) expect(factor.detail).toContain(reason);
  });

  it('raises champion_left within champion_left_days of a dated departure, with the name, title and day, and puts the account at risk', () => {
    const data = rows([contact('LN', { name: 'Li Na', title: 'Head of Ops', role: 'champion' }), contact('D', { role: 'decision_maker' })], { events: [left('LN', '2026-10-02')] });
    const { result } = relationship(data);
    const sentence = 'champion Li Na (Head of Ops) left on 2026-10-02; no other champion named';
    expect(result.signals).toEqual([{ signal: 'champion_left', reason: sentence }]);
    expect(result.band).toBe('at_risk');
    expect(result.reasons[0]).toBe(sentence);
  });

  it.each<[string, ContactEventRow[], ContactRow[]]>([
    ['a departure more than 90 days ago', [left('LN', '2026-08-01')], []],
    ['a departure with no known day (first seen already gone)', [left('LN', '2026-11-01', 'already_left')], []],
    ['another champion still there', [left('LN', '2026-11-01')], [contact('NEW', { role: 'champion' })]],
    ['a champion who came back', [left('LN', '2026-10-01'), { contact_id: 'LN', day: '2026-10-15', event: 'returned', how: 'listed' }], []],
  ])('raises no champion_left for %s', (_name, events, others) => {
    const data = rows([contact('LN', { name: 'Li Na', role: 'champion' }), ...others], { events });
    expect(relationship(data).result.signals).toEqual([]);
  });

  it('turns the signal off with champion_left_days 0', () => {
    const quiet = configSchema.parse({ health: { factors: { relationship: { champion_left_days: 0 } } } }).health;
    const data = rows([contact('LN', { role: 'champion' })], { events: [left('LN', '2026-11-01')] });
    expect(relationshipSignalsFrom(data, AS_OF, quiet)!('A', 'high_touch').championLeft).toBeNull();
  });
});

describe('rolesOf', () => {
  const rules = config.factors.relationship.title_roles;
  it.each<[string, Parameters<typeof rolesOf>[0], string[], string[], string | null]>([
    ['the role column', { role: 'champion', is_decision_maker: null, title: 'CFO' }, [], ['champion'], 'role'],
    ['deal roles add to it', { role: 'champion', is_decision_maker: null, title: null }, ['economic_buyer', 'user'], ['champion', 'economic_buyer', 'user'], 'role'],
    ['the decision-maker flag (是否关键决策人)', { role: null, is_decision_maker: 1, title: '分析师' }, [], ['decision_maker'], 'flag'],
    ['a title rule only when nothing else says', { role: null, is_decision_maker: null, title: 'Head of Customer Operations' }, [], ['decision_maker'], 'title'],
    ['a Chinese title', { role: null, is_decision_maker: 0, title: '运营总监' }, [], ['decision_maker'], 'title'],
    ['no rule matches', { role: null, is_decision_maker: null, title: 'Analyst' }, [], [], null],
    ['a raw role csops does not know is no role', { role: null, is_decision_maker: null, title: 'Vice President, Sales' }, ['Influencer'], ['decision_maker'], 'title'],
  ])('%s', (_name, contactRow, dealRoles, roles, source) => {
    expect(rolesOf(contactRow, dealRoles, rules)).toEqual({ roles, role_source: source });
  });
});

describe('decisionMakerContact (renewals: no decision maker contacted within the cadence)', () => {
  const touched = (day: string) => ({ lastTouch: new Map([['A', new Map([['D', day]])]]) });
  const signals = (data: RelationshipRows, tier: Tier) => relationshipSignalsFrom(data, AS_OF, config)?.('A', tier);
  it.each<[string, RelationshipRows, Tier, { last: string | null; cadence_days: number | null; overdue: boolean | null }, string | null]>([
    ['met within the high-touch cadence (30 days)', rows([contact('D', { role: 'decision_maker' })], { ...touched('2026-10-25'), touchpointsFrom: '2025-01-01' }), 'high_touch', { last: '2026-10-25', cadence_days: 30, overdue: false }, null],
    ['met 31 days ago: past the high-touch cadence', rows([contact('D', { role: 'decision_maker' })], { ...touched('2026-10-20'), touchpointsFrom: '2025-01-01' }), 'high_touch', { last: '2026-10-20', cadence_days: 30, overdue: true }, 'no decision maker contacted for 31 days (last 2026-10-20; cadence 30 days for high-touch)'],
    ['the same day is within the low-touch cadence (90 days)', rows([contact('D', { role: 'economic_buyer' })], { ...touched('2026-10-20'), touchpointsFrom: '2025-01-01' }), 'low_touch', { last: '2026-10-20', cadence_days: 90, overdue: false }, null],
    ['never met, with touchpoints reaching back a cadence', rows([contact('D', { title: 'CFO' })], { touchpointsFrom: '2026-06-01' }), 'low_touch', { last: null, cadence_days: 90, overdue: true }, 'no touchpoint with a decision maker recorded (cadence 90 days for low-touch)'],
    ['never met, touchpoints too recent to tell', rows([contact('D', { role: 'decision_maker' })], { touchpointsFrom: '2026-11-01' }), 'high_touch', { last: null, cadence_days: 30, overdue: null }, null],
    ['no decision maker named', rows([contact('U', { role: 'user' })]), 'high_touch', { last: null, cadence_days: 30, overdue: true }, 'no decision maker named for a high-touch account'],
    ['a decision maker who left does not count', rows([contact('D', { role: 'decision_maker' })], { ...touched('2026-11-15'), touchpointsFrom: '2025-01-01', events: [left('D', '2026-11-16')] }), 'high_touch', { last: null, cadence_days: 30, overdue: true }, 'no decision maker named for a high-touch account'],
    ['tech-touch accounts are exempt', rows([contact('U', { role: 'user' })]), 'tech_touch', { last: null, cadence_days: null, overdue: null }, null],
  ])('%s', (_name, data, tier, expected, reason) => {
    expect(decisionMakerContact(signals(data, tier), AS_OF, config)).toEqual({ ...expected, reason });
  });

  it('does not apply without contact data', () => {
    expect(decisionMakerContact(signals(rows([]), 'high_touch'), AS_OF, config)).toEqual({ last: null, cadence_days: null, overdue: null, reason: null });
  });

  it('takes the cadence from the config', () => {
    const weekly = configSchema.parse({ health: { factors: { relationship: { cadence_days: { 'high_touch': 7 } } } } }).health;
    const data = rows([contact('D', { role: 'decision_maker' })], { ...touched('2026-11-10'), touchpointsFrom: '2025-01-01' });
    expect(decisionMakerContact(relationshipSignalsFrom(data, AS_OF, weekly)!('A', 'high_touch'), AS_OF, weekly).overdue).toBe(true);
  });
});

describe('peopleOrder (the account view)', () => {
  it('lists those there by role then name, then those who left, latest departure first', () => {
    const data = rows(
      [contact('u', { name: 'Ann', role: 'user' }), contact('d', { name: 'Bo', role: 'decision_maker' }), contact('c', { name: 'Cy', role: 'champion' }), contact('x', { name: 'Al' }), contact('o1', { name: 'Old', role: 'champion' }), contact('o2', { name: 'Older', role: 'champion' })],
      { events: [left('o2', '2026-05-01'), left('o1', '2026-09-01')] },
    );
    const people = peopleByAccount(data, AS_OF, config).get('A')!;
    expect([...people].sort(peopleOrder).map((person) => person.name)).toEqual(['Cy', 'Bo', 'Ann', 'Al', 'Old', 'Older']);
  });
});
