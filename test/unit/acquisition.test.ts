import { describe, expect, it } from 'vitest';
import { billedToDate, computeAcquisition, describeSplit, type AcquisitionAccount } from '../../src/core/acquisition.js';
import type { ContractFacts } from '../../src/core/renewal-state.js';

let sequence = 0;
const contract = (start: string, end: string | null, arr: number, change: Partial<ContractFacts> = {}): ContractFacts => ({
  contract_id: `C${++sequence}`, start_date: start, end_date: end, currency: 'USD', arr, status: null, seats: null, auto_renew: null, plan: null, ...change,
});
const USD = { currency: 'USD', rates: {} };

describe('billedToDate', () => {
  it.each<[string, ContractFacts, string, number]>([
    ['a one-year contract, billed in advance', contract('2026-01-01', '2026-12-31', 1_200), '2026-01-01', 1_200],
    ['not started yet', contract('2026-12-01', '2027-11-30', 1_200), '2026-11-20', 0],
    ['a three-year contract in its second year', contract('2025-06-01', '2028-05-31', 1_000), '2026-07-01', 2_000],
    ['a setup fee on top', contract('2026-01-01', '2026-12-31', 1_000, { setup_fee: 500 }), '2026-06-01', 1_500],
    ['a six-month add-on, pro rata', contract('2026-07-01', '2026-12-31', 1_000), '2026-11-20', 1_000 * (184 / 365)],
  ])('%s', (_label, facts, asOf, billed) => {
    expect(billedToDate(facts, asOf)).toBeCloseTo(billed, 6);
  });
});

describe('computeAcquisition', () => {
  it('gives the worked example of DOMAIN §5: 8,000 + 5,000 + 5,000 over a cost of 105 is 171.4', () => {
    const account: AcquisitionAccount = {
      account_id: 'A',
      group: 'search_ad',
      cost: 105,
      costCurrency: 'USD',
      contracts: [
        contract('2022-01-01', '2022-12-31', 5_000, { setup_fee: 3_000 }),
        contract('2023-01-01', '2023-12-31', 5_000),
        contract('2024-01-01', '2024-12-31', 5_000, { status: 'churned' }),
      ],
    };
    const { figures } = computeAcquisition([account], '2026-11-20', 30, USD);
    expect(figures).toEqual([
      {
        group: 'search_ad', currency: 'USD', accounts_won: 1, accounts_with_cost: 1, acquisition_cost: 105, average_acquisition_cost: 105, lifetime_revenue: 18_000,
        return_on_acquisition: 171.4, accounts_won_12_months_ago: 1, retained_12_months: 1, logo_retention_12_months: 1,
      },
    ]);
  });

  it('averages costs, leaves accounts without a cost out of the return, and measures 12-month logo retention', () => {
    const accounts: AcquisitionAccount[] = [
      { account_id: 'stays', group: 'partner', cost: 1_000, costCurrency: 'USD', contracts: [contract('2024-01-01', '2024-12-31', 4_000), contract('2025-01-01', '2025-12-31', 4_000)] },
      { account_id: 'leaves', group: 'partner', cost: 3_000, costCurrency: 'USD', contracts: [contract('2025-03-01', '2025-08-31', 2_000, { status: 'cancelled' })] },
      { account_id: 'no cost', group: 'partner', cost: null, costCurrency: 'USD', contracts: [contract('2026-06-01', '2027-05-31', 10_000)] },
      { account_id: 'prospect', group: 'partner', cost: 50, costCurrency: 'USD', contracts: [] },
    ];
    const [partner] = computeAcquisition(accounts, '2026-11-20', 30, USD).figures;
    expect(partner).toMatchObject({
      accounts_won: 3,
      accounts_with_cost: 2,
      acquisition_cost: 4_000,
      average_acquisition_cost: 2_000,
      accounts_won_12_months_ago: 2,
      retained_12_months: 1,
      logo_retention_12_months: 0.5,
    });
    expect(partner!.lifetime_revenue).toBeCloseTo(8_000 + 2_000 * (184 / 365) + 10_000, 2);
    expect(partner!.return_on_acquisition).toBeCloseTo((8_000 + 2_000 * (184 / 365)) / 4_000, 1);
  });

  it('bills a contract renewed early only until its renewal takes over', () => {
    const first = contract('2024-01-01', '2026-12-31', 10_000);
    const early = contract('2025-06-01', '2028-05-31', 12_000, { type: 'renewal' });
    const [f] = computeAcquisition([{ account_id: 'A', group: 'x', cost: 1_000, costCurrency: 'USD', contracts: [first, early] }], '2026-11-20', 30, USD).figures;
    // first: 2024 in full, then 1 Jan–31 May 2025 pro rata; early: two contract years begun.
    expect(f!.lifetime_revenue).toBeCloseTo(10_000 + 10_000 * (151 / 365) + 24_000, 2);
  });

  it('gives no return when revenue is in another currency than the cost and there is no rate', () => {
    const accounts: AcquisitionAccount[] = [{ account_id: 'A', group: 'x', cost: 100, costCurrency: 'USD', contracts: [contract('2026-01-01', '2026-12-31', 1_000, { currency: 'EUR' })] }];
    const figures = computeAcquisition(accounts, '2026-11-20', 30, USD).figures;
    expect(figures.find((f) => f.currency === 'USD')!.return_on_acquisition).toBeNull();
  });

  it('keeps currencies apart without rates', () => {
    const accounts: AcquisitionAccount[] = [
      { account_id: 'A', group: 'x', cost: 100, costCurrency: 'USD', contracts: [contract('2026-01-01', '2026-12-31', 1_000)] },
      { account_id: 'B', group: 'x', cost: 100, costCurrency: 'EUR', contracts: [contract('2026-01-01', '2026-12-31', 1_000, { currency: 'EUR' })] },
    ];
    expect(computeAcquisition(accounts, '2026-11-20', 30, USD).figures.map((f) => [f.currency, f.lifetime_revenue, f.return_on_acquisition])).toEqual([['EUR', 1_000, 10], ['USD', 1_000, 10]]);
    expect(computeAcquisition(accounts, '2026-11-20', 30, { currency: 'USD', rates: { EUR: 2 } }).figures.map((f) => [f.currency, f.lifetime_revenue, f.acquisition_cost])).toEqual([['USD', 3_000, 300]]);
  });
});

describe('a group whose revenue and cost are in different currencies', () => {
  it('shows revenue per currency, no return, and says why and what to do', () => {
    const accounts: AcquisitionAccount[] = [
      { account_id: 'eu-1', group: 'search_ad', cost: 1_000, costCurrency: 'USD', contracts: [contract('2026-01-01', '2026-12-31', 12_000, { currency: 'EUR' })] },
      { account_id: 'eu-2', group: 'search_ad', cost: 500, costCurrency: 'USD', contracts: [contract('2026-02-01', '2027-01-31', 6_000, { currency: 'EUR' })] },
      { account_id: 'uk-1', group: 'search_ad', cost: 50, costCurrency: 'USD', contracts: [contract('2026-03-01', '2027-02-28', 100, { currency: 'GBP' })] },
      { account_id: 'us-1', group: 'referral', cost: 100, costCurrency: 'USD', contracts: [contract('2026-01-01', '2026-12-31', 1_000)] },
    ];
    const { figures, split } = computeAcquisition(accounts, '2026-11-20', 30, USD);
    expect(figures.filter((f) => f.group === 'search_ad').map((f) => [f.currency, f.return_on_acquisition, f.lifetime_revenue])).toEqual([
      ['EUR', null, 18_000],
      ['GBP', null, 100],
      ['USD', null, 0],
    ]);
    expect(split).toEqual([{ group: 'search_ad', cost_currency: 'USD', revenue_currencies: ['EUR', 'GBP'], accounts: 3 }]);
    expect(describeSplit(split[0]!)).toBe(
      'search_ad: no return on acquisition: 3 accounts paid in EUR, GBP but with an acquisition cost in USD, so its revenue is shown per currency; add exchange_rates for USD, EUR, GBP to the config, or import the accounts\' costs with a currency column if USD was a default',
    );
    // With rates, everything is in one currency: no split.
    expect(computeAcquisition(accounts, '2026-11-20', 30, { currency: 'USD', rates: { EUR: 1.1, GBP: 1.3 } }).split).toEqual([]);
  });
});
