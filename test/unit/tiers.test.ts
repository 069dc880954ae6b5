import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { assignTier, overrideTier, summarizeTiers, topShare, type TierInput, type TierSettings } from '../../src/core/tiers.js';
import { SAID } from '../../src/core/health/phrases.js';
import { messagesFor } from '../../src/i18n/messages.js';
import { tierReason } from '../../src/cli/tier-output.js';
import { englishWords } from '../helpers/english-words.js';

const config = configSchema.parse({ currency: 'USD', exchange_rates: { EUR: 1.1 } });
const settings: TierSettings = { rules: config.tiers, currency: 'USD', exchangeRates: config.exchange_rates };

const account = (change: Partial<TierInput>): TierInput => ({
  account_id: 'A',
  arr: [{ currency: 'USD', amount: 10_000 }],
  employees: 50,
  customDev: null,
  plan: 'business',
  tierOverride: null,
  ...change,
});

describe('assignTier', () => {
  it.each<[string, Partial<TierInput>, string, string, string]>([
    ['ARR at the high-touch threshold', { arr: [{ currency: 'USD', amount: 200_000 }] }, 'high_touch', 'arr', 'ARR 200,000 USD ≥ 200,000'],
    ['ARR a cent below it', { arr: [{ currency: 'USD', amount: 199_999.99 }] }, 'low_touch', 'arr', 'ARR 199,999.99 USD ≥ 20,000'],
    ['a large company', { employees: 2_000 }, 'high_touch', 'employees', '2,000 employees ≥ 2,000'],
    ['custom development', { customDev: { currency: 'USD', amount: 150_000 } }, 'high_touch', 'custom_dev', 'custom development 150,000 USD ≥ 100,000'],
    ['ARR at the low-touch threshold', { arr: [{ currency: 'USD', amount: 20_000 }] }, 'low_touch', 'arr', 'ARR 20,000 USD ≥ 20,000'],
    ['a small account', {}, 'tech_touch', 'default', 'ARR 10,000 USD < 20,000'],
    ['no contract ARR', { arr: [] }, 'tech_touch', 'default', 'ARR 0 USD < 20,000'],
    ['an override', { tierOverride: 'strategic' }, 'high_touch', 'override', 'tier override "strategic"'],
    ['an override naming a lower tier', { tierOverride: 'Tech Touch', arr: [{ currency: 'USD', amount: 300_000 }] }, 'tech_touch', 'override', 'tier override "Tech Touch"'],
    ['EUR converted with the configured rate', { arr: [{ currency: 'EUR', amount: 190_000 }] }, 'high_touch', 'arr', 'ARR 190,000 EUR ≥ 200,000'],
    ['a currency without a rate is not compared', { arr: [{ currency: 'CNY', amount: 250_000 }] }, 'tech_touch', 'default', 'ARR 0 USD (250,000 CNY not compared: no exchange rate) < 20,000'],
    [
      'only the part with a rate is compared',
      { arr: [{ currency: 'CNY', amount: 900_000 }, { currency: 'USD', amount: 30_000 }] },
      'low_touch',
      'arr',
      'ARR 30,000 USD (900,000 CNY not compared: no exchange rate) ≥ 20,000',
    ],
    ['an override column left at "N/A"', { tierOverride: 'N/A' }, 'tech_touch', 'default', 'ARR 10,000 USD < 20,000'],
    ['an override column saying 否', { tierOverride: '否' }, 'tech_touch', 'default', 'ARR 10,000 USD < 20,000'],
  ])('%s', (_label, change, tier, rule, reason) => {
    expect(assignTier(account(change), settings)).toMatchObject({ tier, rule, reason });
  });

  it('lists every high-touch criterion that holds', () => {
    const result = assignTier(account({ arr: [{ currency: 'USD', amount: 500_000 }], employees: 4_500 }), settings);
    expect(result.reason).toBe('ARR 500,000 USD ≥ 200,000; 4,500 employees ≥ 2,000');
  });

  it('places configured plans', () => {
    const rules = configSchema.parse({ tiers: { high_touch: { plans: ['Enterprise'] }, low_touch: { plans: ['business'] } } }).tiers;
    expect(assignTier(account({ plan: 'enterprise' }), { ...settings, rules })).toMatchObject({ tier: 'high_touch', rule: 'plan' });
    expect(assignTier(account({ plan: 'Business' }), { ...settings, rules })).toMatchObject({ tier: 'low_touch', rule: 'plan' });
  });

  it('keeps each reason by key beside the English: Chinese from the catalogue, no English word left but the data and codes', () => {
    const zh = messagesFor('zh-CN');
    const cases: Array<[Partial<TierInput>, RegExp]> = [
      [{ arr: [{ currency: 'USD', amount: 500_000 }], employees: 4_500, customDev: { currency: 'USD', amount: 150_000 } }, /^ARR 500,000 USD ≥ 200,000；员工 4,500 人 ≥ 2,000；定制开发 150,000 USD ≥ 100,000$/],
      [{ arr: [{ currency: 'CNY', amount: 900_000 }, { currency: 'USD', amount: 30_000 }] }, /^ARR 30,000 USD（900,000 CNY 未比较：没有汇率） ≥ 20,000$/],
      [{ tierOverride: 'Key Account B' }, /^人工指定服务分级“Key Account B”$/],
    ];
    for (const [change, chinese] of cases) {
      const assigned = assignTier(account(change), settings);
      expect(assigned[SAID]!.map((part) => part.key).every((key) => key.startsWith('tier_reason.'))).toBe(true);
      const said = tierReason(assigned.reason, assigned[SAID], zh);
      expect(said).toMatch(chinese);
      expect(englishWords(said, { allow: ['Key Account B'] }), said).toEqual([]);
      expect(tierReason(assigned.reason, assigned[SAID], messagesFor('en'))).toBe(assigned.reason);
    }
    // A reason read back without its keys (an old snapshot's text) stays as it was written.
    expect(tierReason('ARR 1 USD < 20,000', undefined, zh)).toBe('ARR 1 USD < 20,000');
  });

  it('reports ARR in the reporting currency, or undefined when it cannot be converted', () => {
    expect(assignTier(account({ arr: [{ currency: 'EUR', amount: 1_000 }, { currency: 'USD', amount: 500 }] }), settings).arr).toBe(1_600);
    expect(assignTier(account({ arr: [{ currency: 'CNY', amount: 1_000 }] }), settings).arr).toBeUndefined();
  });
});

describe('overrideTier', () => {
  it.each([
    ['strategic', 'high_touch'],
    ['KA', 'high_touch'],
    ['high touch', 'high_touch'],
    ['low_touch', 'low_touch'],
    ['tech_touch', 'tech_touch'],
    ['self-serve', 'tech_touch'],
    ['A（重点客户）', 'high_touch'],
    ['B（普通客户）', 'low_touch'],
    ['C（非优先客户）', 'tech_touch'],
  ])('%s → %s', (value, tier) => {
    expect(overrideTier(value, { 'Self-Serve': 'tech_touch' })).toBe(tier);
  });
});

describe('summarizeTiers and the 80/20 check', () => {
  it('takes the top 20% of accounts by ARR, rounding the count up', () => {
    expect(topShare([100, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0.2)).toBeCloseTo(101 / 109, 4);
    expect(topShare([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0.2)).toBeCloseTo(12 / 25, 4); // 15 accounts → top 3
    expect(topShare([7], 0.2)).toBe(1);
    expect(topShare([], 0.2)).toBe(0);
  });

  it('gives per tier the accounts, ARR, shares and the top-20% share', () => {
    const assignments = [
      { account_id: 'A', tier: 'high_touch' as const, rule: 'arr' as const, reason: '', arr: 800 },
      { account_id: 'B', tier: 'low_touch' as const, rule: 'arr' as const, reason: '', arr: 150 },
      { account_id: 'C', tier: 'tech_touch' as const, rule: 'default' as const, reason: '', arr: 30 },
      { account_id: 'D', tier: 'tech_touch' as const, rule: 'default' as const, reason: '', arr: 20 },
      { account_id: 'E', tier: 'tech_touch' as const, rule: 'default' as const, reason: '', arr: undefined },
    ];
    const summary = summarizeTiers(assignments);
    expect(summary.find((row) => row.tier === 'tech_touch')).toEqual({
      tier: 'tech_touch', accounts: 3, account_share: 0.6, arr: 50, arr_share: 0.05, top_20_percent_arr_share: 0.6, unconverted_accounts: 1,
    });
    expect(summary.find((row) => row.tier === 'all')).toMatchObject({ accounts: 5, arr: 1_000, arr_share: 1, top_20_percent_arr_share: 0.8 });
  });
});
