import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { scoreHealth, SAID, say, type HealthInputs, type Phrase } from '../../src/core/health.js';
import { PHRASES, phrase, type PhraseKey } from '../../src/core/health/phrases.js';
import { reasonsZhCN, sayIn } from '../../src/i18n/messages/reasons.js';
import { messagesFor } from '../../src/i18n/messages.js';
import { englishWords } from '../helpers/english-words.js';

/**
 * Issue 24: the health score's sentences are phrases (a key and its values). Their English is the
 * JSON's strings word for word, index for index; their Chinese has no English word left.
 */
const AS_OF = '2026-11-20';
const config = configSchema.parse({ health: { key_modules: ['reports', 'dashboards', 'workflows'] } }).health;
const zh = messagesFor('zh-CN');

function inputs(change: (inputs: HealthInputs) => void = () => {}): HealthInputs {
  const base: HealthInputs = {
    asOf: AS_OF,
    customerSince: '2025-01-01',
    usage: { covered: true, previousCovered: true, accountTracked: true, activeUsersTracked: true, lastLoginDay: AS_OF, loginsRecent: 400, loginsPrevious: 400, peakActiveUsers: 80, keyModulesUsed: ['reports', 'dashboards', 'workflows'] },
    seats: 100,
    support: { covered: true, openBugs: [], breaches: [], ticketsRecent: 1, ticketsBaseline: 6 },
    surveys: { latest: { kind: 'nps', score: 10, responded_at: '2026-10-02T15:00:00.000Z', day: '2026-10-02' }, unfollowed: [] },
    renewal: { state: 'active', renewalDate: '2027-06-30', autoRenew: false },
  };
  change(base);
  return base;
}

/** Accounts in trouble of every kind the factors know, and some without data. */
const CASES: Array<[string, HealthInputs]> = [
  ['healthy', inputs()],
  ['silent, logins falling, seats idle, modules unused', inputs((i) => Object.assign(i.usage, { lastLoginDay: '2026-10-20', loginsRecent: 10, loginsPrevious: 300, peakActiveUsers: 12, keyModulesUsed: ['reports'] }))],
  ['no login metric, stale usage', inputs((i) => Object.assign(i.usage, { loginMetricTracked: false, dataEnd: '2026-11-01', lastLoginDay: '2026-09-01' }))],
  ['no usage at all', inputs((i) => Object.assign(i.usage, { covered: false }))],
  ['untracked account, no seats', inputs((i) => { Object.assign(i.usage, { accountTracked: false }); i.seats = null; })],
  [
    'bugs past SLA, breaches, a spike, unclassified bugs',
    inputs((i) => {
      i.support = {
        covered: true,
        openBugs: [
          { ticket_id: 'T-1', priority: 'urgent', created_at: '2026-11-01T00:00:00Z', pastSla: true },
          { ticket_id: 'T-2', priority: 'high', created_at: '2026-11-10T00:00:00Z', pastSla: false },
          { ticket_id: 'T-3', priority: 'high', created_at: '2026-11-02T00:00:00Z', pastSla: true },
        ],
        breaches: ['T-1', 'T-9'],
        ticketsRecent: 30,
        ticketsBaseline: 12,
        openBugsUnknownPriority: 2,
      };
    }),
  ],
  [
    'unhappy customers nobody called back',
    inputs((i) => {
      i.surveys = {
        latest: { kind: 'csat', score: 2, responded_at: '2026-11-18T09:00:00Z', day: '2026-11-18' },
        unfollowed: [
          { kind: 'nps', score: 3, responded_at: '2026-11-02T09:00:00Z', day: '2026-11-02' },
          { kind: 'csat', score: 2, responded_at: '2026-11-18T09:00:00Z', day: '2026-11-18' },
        ],
      };
    }),
  ],
  ['no survey, lapsed contract', inputs((i) => { i.surveys = { latest: null, unfollowed: [] }; i.renewal = { state: 'lapsed', renewalDate: '2026-11-01', autoRenew: null }; })],
  ['cancelled, renewing soon', inputs((i) => { i.renewal = { state: 'active', renewalDate: '2026-12-01', autoRenew: false, notRenewing: 'cancelled on 2026-10-01' }; })],
  ['auto-renewing, new customer', inputs((i) => { i.customerSince = '2026-10-15'; i.renewal = { state: 'active', renewalDate: '2026-12-15', autoRenew: true }; })],
  [
    'champion left, decision maker not met',
    inputs((i) => {
      i.relationship = {
        tier: 'high_touch',
        people: [
          { name: 'Wang Fang', title: 'Project Lead', roles: ['champion'], left: { on: '2026-11-10' }, last_active: '2026-11-01', last_active_in_product: null, last_touchpoint: '2026-10-01' },
          { name: 'Li Na', title: null, roles: ['decision_maker'], left: null, last_active: null, last_active_in_product: null, last_touchpoint: '2026-05-01' },
        ],
        lastTouchpoint: '2026-10-01',
        cadenceCovered: true,
        championLeft: { name: 'Wang Fang', title: 'Project Lead', roles: ['champion'], left: { on: '2026-11-10' }, last_active: '2026-11-01', last_active_in_product: null, last_touchpoint: '2026-10-01' },
      } as unknown as HealthInputs['relationship'];
    }),
  ],
];

describe('health sentences as phrases', () => {
  for (const [name, given] of CASES) {
    it(`${name}: every English string is its phrase's English, index for index; the Chinese has no English word`, () => {
      const result = scoreHealth(given, config);
      const said = result[SAID];
      expect(said.reasons.map(say)).toEqual(result.reasons);
      expect(said.missing.map(say)).toEqual(result.missing);
      expect(said.atRiskSignals.map(say)).toEqual(result.atRiskSignals);
      expect(result.signals.map((entry) => entry.reason)).toEqual(result.atRiskSignals);
      for (const factor of result.factors) {
        expect(say(factor[SAID].detail), factor.factor).toBe(factor.detail);
        expect(factor[SAID].reasons.map(say), factor.factor).toEqual(factor.reasons);
      }
      const sentences: Phrase[] = [...said.reasons, ...said.missing, ...said.atRiskSignals, ...result.factors.map((factor) => factor[SAID].detail)];
      for (const sentence of sentences) expect(englishWords(sayIn(zh, sentence), { allow: ['Wang Fang', 'Project Lead', 'Li Na', 'reports', 'dashboards', 'workflows', 'logins', 'active_users'] }), say(sentence)).toEqual([]);
      // The phrases are plain data: JSON leaves them out, a structured clone keeps them whole.
      expect(JSON.stringify(result)).not.toContain('"key"');
      expect(structuredClone(said)).toEqual(said);
    });
  }

  it('the at-risk signals are picked by key: the open bugs past SLA and the surveys nobody followed up', () => {
    const bugs = scoreHealth(CASES.find(([name]) => name.startsWith('bugs'))![1], config);
    expect(bugs.signals.filter((entry) => entry.signal === 'bugs_past_sla').map((entry) => entry.reason)).toEqual(['1 urgent bug open past SLA', '2 high-priority bugs open (1 past SLA)']);
    const surveys = scoreHealth(CASES.find(([name]) => name.startsWith('unhappy'))![1], config);
    expect(surveys.signals.filter((entry) => entry.signal === 'unfollowed_detractor').map((entry) => entry.reason)).toEqual(['CSAT 2 on 2026-11-18 not followed up', 'NPS 3 on 2026-11-02 not followed up']);
  });

  it('every phrase key has its Chinese, and English stays in English (sayIn with English messages is core\'s own text)', () => {
    expect(Object.keys(reasonsZhCN).sort()).toEqual(Object.keys(PHRASES).sort());
    const sample = phrase('support.spike', { recent: 1204, days: 14, usual: 2.2 });
    expect(sayIn(messagesFor('en'), sample)).toBe('ticket spike: 1204 tickets in 14 days (usually 2.2)');
    expect(sayIn(zh, sample)).toBe('工单激增：14 天内 1,204 个（通常 2.2 个）');
    expect(sayIn(zh, phrase('renewal.not_renewing', { days: 0, date: '2026-11-20', why: 'status says churned' }))).toBe('合同今天（2026-11-20）到期且不会续约：合同状态为 churned');
    expect(sayIn(zh, phrase('missing', { factor: 'key_modules', detail: phrase('modules.none_configured') }))).toBe('核心功能使用：未配置核心功能（请在配置中设置 health.key_modules）');
  });
});
