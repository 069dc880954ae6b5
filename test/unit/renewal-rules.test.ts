import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { scoreHealth, type HealthInputs } from '../../src/core/health.js';
import { ACQUISITION_DEFINITIONS, billedToDate, computeAcquisition } from '../../src/core/acquisition.js';
import { arrOnDay, arrSpans, type ContractFacts, contractOutcomes, isRevenue } from '../../src/core/renewal-state.js';
import { standingOn } from '../../src/core/standing.js';

/**
 * Issue 16 part 3: accounts with many subscriptions. Each case gives the contracts, a day, the ARR on
 * that day and what the rule sentence of the first contract says happened.
 */
const contract = (id: string, start: string, end: string | null, arr: number, change: Partial<ContractFacts> = {}): ContractFacts => ({
  contract_id: id, start_date: start, end_date: end, currency: 'USD', arr, status: null, seats: null, auto_renew: null, plan: null, ...change,
});

const ENTERPRISE = contract('S-1', '2024-01-01', '2024-12-30', 207_756, { plan: 'Enterprise', type: 'new' });

interface Case {
  label: string;
  contracts: ContractFacts[];
  /** The day whose knowledge is used. */
  asOf: string;
  /** A day whose ARR is checked, and the ARR expected on it. */
  day: string;
  arr: number;
  /** State and rule of the first contract. */
  state: string;
  rule: string;
}

const cases: Case[] = [
  {
    label: 'a $0 trial starting mid-term does not replace a $207,756 Enterprise contract',
    contracts: [ENTERPRISE, contract('T-9', '2024-06-20', '2025-06-19', 0, { plan: 'Enterprise', status: 'trial' })],
    asOf: '2024-11-20', day: '2024-07-01', arr: 207_756, state: 'open', rule: 'runs until 2024-12-30',
  },
  {
    label: 'a trial priced at list does not add its ARR either, and the contract still churns with no paid renewal',
    contracts: [ENTERPRISE, contract('T-9', '2024-06-20', '2025-06-19', 90_000, { plan: 'Enterprise', status: 'trial' })],
    asOf: '2025-03-01', day: '2024-07-01', arr: 207_756, state: 'churned', rule: 'no renewal within 30 days of the end (2024-12-30)',
  },
  {
    label: 'a $0 contract typed renewal starting at the end renews nothing',
    contracts: [ENTERPRISE, contract('Z-1', '2024-12-31', '2025-12-30', 0, { type: 'renewal' })],
    asOf: '2025-03-01', day: '2025-02-15', arr: 0, state: 'churned', rule: 'no renewal within 30 days of the end (2024-12-30)',
  },
  {
    label: 'two products overlapping add up',
    contracts: [
      contract('A-1', '2024-01-01', '2024-12-31', 50_000, { plan: 'Analytics' }),
      contract('M-1', '2024-03-01', '2025-02-28', 20_000, { plan: 'Messaging' }),
    ],
    asOf: '2024-11-20', day: '2024-06-01', arr: 70_000, state: 'open', rule: 'runs until 2024-12-31',
  },
  {
    label: 'overlapping contracts with no plan and no type add up',
    contracts: [contract('A-1', '2024-01-01', '2024-12-31', 50_000), contract('B-1', '2024-03-01', '2025-02-28', 20_000)],
    asOf: '2024-11-20', day: '2024-06-01', arr: 70_000, state: 'open', rule: 'runs until 2024-12-31',
  },
  {
    label: 'a contract typed new on the same plan starting mid-term adds up',
    contracts: [ENTERPRISE, contract('S-2', '2024-06-20', '2025-06-19', 10_000, { plan: 'Enterprise', type: 'new' })],
    asOf: '2024-11-20', day: '2024-07-01', arr: 217_756, state: 'open', rule: 'runs until 2024-12-30',
  },
  {
    label: 'an upgrade replaces the contract from its start',
    contracts: [ENTERPRISE, contract('S-88', '2024-06-20', '2025-06-19', 250_000, { plan: 'Enterprise Plus', type: 'upgrade' })],
    asOf: '2024-11-20', day: '2024-07-01', arr: 250_000, state: 'renewed', rule: 'replaced on 2024-06-20 by S-88 (upgrade), 193 days before the end (2024-12-30)',
  },
  {
    label: 'a contract on the same plan with no type continues the subscription and replaces it',
    contracts: [ENTERPRISE, contract('S-5', '2024-06-20', '2025-06-19', 220_000, { plan: 'enterprise ' })],
    asOf: '2024-11-20', day: '2024-07-01', arr: 220_000, state: 'renewed', rule: 'replaced on 2024-06-20 by S-5 (same plan "enterprise "), 193 days before the end (2024-12-30)',
  },
  {
    label: 'an add-on (expansion) runs beside the contract',
    contracts: [ENTERPRISE, contract('X-1', '2024-06-20', '2025-06-19', 20_000, { plan: 'Enterprise', type: 'expansion' })],
    asOf: '2024-11-20', day: '2024-07-01', arr: 227_756, state: 'open', rule: 'runs until 2024-12-30',
  },
  {
    label: 'renewed by a contract starting 3 days after the end',
    contracts: [contract('S-11', '2025-07-01', '2026-06-30', 100), contract('S-12', '2026-07-03', '2027-07-02', 100)],
    asOf: '2026-11-20', day: '2026-07-02', arr: 100, state: 'renewed', rule: 'renewed by S-12 starting 3 days after the end (2026-06-30)',
  },
  {
    label: 'renewed by a contract starting the day after the end',
    contracts: [contract('S-11', '2025-07-01', '2026-06-30', 100), contract('S-12', '2026-07-01', '2027-06-30', 110, { type: 'renewal' })],
    asOf: '2026-11-20', day: '2026-07-01', arr: 110, state: 'renewed', rule: 'renewed by S-12 (renewal) starting the day after the end (2026-06-30)',
  },
  {
    label: 'renewed early, within the grace period before the end, with no type or plan',
    contracts: [contract('S-11', '2025-07-01', '2026-06-30', 100), contract('S-12', '2026-06-20', '2027-06-19', 120)],
    asOf: '2026-11-20', day: '2026-06-25', arr: 120, state: 'renewed', rule: 'renewed early by S-12 starting 2026-06-20, 10 days before the end (2026-06-30)',
  },
];

describe('renewals with many subscriptions', () => {
  it.each(cases)('$label', ({ contracts, asOf, day, arr, state, rule }) => {
    const [first] = contractOutcomes(contracts, asOf, 30);
    expect(first!.contract).toBe(contracts[0]);
    expect(first!.state).toBe(state);
    expect(first!.rule).toBe(rule);
    const expected = arr === 0 ? [] : [{ currency: 'USD', amount: arr }];
    expect(arrOnDay(arrSpans(contracts, asOf, 30), day)).toEqual(expected);
    // The standing of the account on that day agrees with the ARR timeline.
    expect(standingOn(contracts, day, 30).arr).toEqual(expected);
  });

  it('gives trials and $0 contracts no renewal state of their own', () => {
    const trial = contract('T-1', '2026-01-01', '2026-01-31', 0, { status: 'trial' });
    expect(isRevenue(trial)).toBe(false);
    expect(isRevenue(contract('Z', '2026-01-01', null, 0))).toBe(false);
    expect(isRevenue(contract('P', '2026-01-01', null, 1))).toBe(true);
    expect(contractOutcomes([trial], '2026-11-20', 30)).toEqual([]);
    expect(standingOn([trial], '2026-01-15', 30).state).toBe('inactive');
  });

  it('never says "within 30 days of the end" for a replacement months before it', () => {
    for (const { contracts, asOf } of cases) for (const { rule } of contractOutcomes(contracts, asOf, 30)) expect(rule).not.toMatch(/within 30 days of the end.*starts|starts.*within/);
  });
});

describe('a contract whose status says it churned', () => {
  const config = configSchema.parse({}).health;
  const inputs = (renewal: HealthInputs['renewal']): HealthInputs => ({
    asOf: '2026-11-20',
    customerSince: '2025-11-21',
    usage: { covered: true, previousCovered: true, accountTracked: true, activeUsersTracked: true, lastLoginDay: '2026-11-20', loginsRecent: 10, loginsPrevious: 10, peakActiveUsers: 5, keyModulesUsed: [] },
    seats: 10,
    support: { covered: true, openBugs: [], breaches: [], ticketsRecent: 0, ticketsBaseline: 0 },
    surveys: { latest: null, unfollowed: [] },
    renewal,
  });

  it('earns no renewal points and never "renews automatically" on its end day', () => {
    const churned = contract('C-1', '2025-11-21', '2026-11-20', 12_000, { status: 'churned', auto_renew: true });
    const standing = standingOn([churned], '2026-11-20', 30);
    expect(standing).toMatchObject({ state: 'active', renewalDate: '2026-11-20', notRenewing: 'status says churned' });
    const result = scoreHealth(inputs({ state: 'active', renewalDate: standing.renewalDate, autoRenew: standing.autoRenew, notRenewing: standing.notRenewing }), config);
    const factor = result.factors.find((f) => f.factor === 'renewal_proximity')!;
    expect(factor.points).toBe(0);
    expect(factor.reasons).toEqual(['contract ends today (2026-11-20) and will not renew: status says churned']);
    expect(JSON.stringify(result)).not.toMatch(/renews automatically/);
    // The same contract without the status renews automatically and earns full points.
    const live = standingOn([{ ...churned, status: 'active' }], '2026-11-20', 30);
    expect(live.notRenewing).toBeNull();
    expect(scoreHealth(inputs({ state: 'active', renewalDate: live.renewalDate, autoRenew: live.autoRenew, notRenewing: live.notRenewing }), config).factors.find((f) => f.factor === 'renewal_proximity')!.points).toBe(10);
  });

  it('is not read before its end day: the status is not dated, so a score as of an earlier day (and the backtest) cannot know it', () => {
    const churned = contract('C-1', '2025-11-21', '2026-12-30', 12_000, { status: 'churned', auto_renew: true });
    expect(standingOn([churned], '2026-11-20', 30).notRenewing).toBeNull();
    expect(standingOn([churned], '2026-12-30', 30).notRenewing).toBe('status says churned');
    // After its end day the account is no customer at all (status says churned, no grace period).
    expect(standingOn([churned], '2026-12-31', 30).state).toBe('inactive');
  });
});

describe('lifetime revenue follows its printed definition', () => {
  const USD = { currency: 'USD', rates: {} };

  it('says what the code does: every contract year begun counts in full, also without an end date', () => {
    expect(ACQUISITION_DEFINITIONS.lifetime_revenue).toContain('each contract year that has begun counts in full, also for a contract with no end date');
    // Begun 2025-03-01 and 2026-03-01: two years in full by 2026-11-20, not 1 + 264/365 of a year.
    expect(billedToDate(contract('O', '2025-03-01', null, 12_000), '2026-11-20')).toBe(24_000);
    expect(billedToDate(contract('O', '2025-03-01', null, 12_000, { setup_fee: 500 }), '2025-03-01')).toBe(12_500);
    expect(billedToDate(contract('T', '2025-03-01', '2026-02-28', 12_000, { status: 'trial' }), '2026-11-20')).toBe(0);
  });

  it.each<[string, ContractFacts[]]>([
    [
      'three yearly contracts, the last churned',
      [
        contract('Y1', '2021-01-01', '2021-12-31', 5_000, { setup_fee: 3_000 }),
        contract('Y2', '2022-01-01', '2022-12-31', 5_000, { type: 'renewal' }),
        contract('Y3', '2023-01-01', '2023-12-31', 5_000, { type: 'renewal', status: 'churned' }),
      ],
    ],
    [
      'one contract with no end date, as of the last day of its third year, after a trial',
      [contract('Y1', '2021-01-01', null, 5_000, { setup_fee: 3_000 }), contract('T', '2020-12-01', '2020-12-31', 0, { status: 'trial' })],
    ],
  ])('DOMAIN §5 by hand: paid 8,000 in year 1, 5,000 in years 2 and 3, acquired for 105: 18,000 and 171.4 (%s)', (_label, contracts) => {
    // As of 2023-12-31 three years have begun (2021, 2022, 2023): 8,000 + 5,000 + 5,000.
    const { figures } = computeAcquisition([{ account_id: 'A', group: 'search_ad', cost: 105, costCurrency: 'USD', contracts }], '2023-12-31', 30, USD);
    expect(figures).toHaveLength(1);
    expect(figures[0]).toMatchObject({ lifetime_revenue: 18_000, acquisition_cost: 105, return_on_acquisition: 171.4, accounts_won: 1 });
  });
});
