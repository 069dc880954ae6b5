import { describe, expect, it } from 'vitest';
import { computeRetention, lastCompleteQuarter, parsePeriod, type RetentionAccount } from '../../src/core/retention.js';
import { arrOnDay, arrSpans, type ContractFacts, contractOutcomes } from '../../src/core/renewal-state.js';

let sequence = 0;
const contract = (start: string, end: string | null, arr: number, change: Partial<ContractFacts> = {}): ContractFacts => ({
  contract_id: `C${++sequence}`, start_date: start, end_date: end, currency: 'USD', arr, status: null, seats: null, auto_renew: null, plan: null, ...change,
});

const Q3 = parsePeriod('2026-Q3')!;
const retention = (accounts: RetentionAccount[], knownOn = '2026-11-20', rates: Record<string, number> = {}) =>
  computeRetention(accounts, Q3, knownOn, 30, { currency: 'USD', rates });
const one = (contracts: ContractFacts[]) => retention([{ account_id: 'A', group: '', contracts }]).figures[0]!;

describe('renewal states', () => {
  it.each<[string, ContractFacts[], string, string]>([
    ['renewed by a successor starting the day after', [contract('2025-07-01', '2026-06-30', 100), contract('2026-07-01', '2027-06-30', 100)], 'renewed', 'renewed by C'],
    ['renewed by its status', [contract('2025-07-01', '2026-06-30', 100, { status: 'renewed' })], 'renewed', 'status says renewed'],
    ['churned by its status', [contract('2025-07-01', '2027-06-30', 100, { status: 'cancelled' })], 'churned', 'status says cancelled'],
    ['churned when the grace period passed', [contract('2025-07-01', '2026-06-30', 100)], 'churned', 'no renewal within 30 days of the end (2026-06-30)'],
    ['lapsed within the grace period', [contract('2025-11-10', '2026-11-09', 100)], 'lapsed', 'ended 2026-11-09, no renewal recorded yet (grace until 2026-12-09)'],
    ['open while it runs', [contract('2026-07-01', '2027-06-30', 100)], 'open', 'runs until 2027-06-30'],
  ])('%s', (_label, contracts, state, rule) => {
    const [first] = contractOutcomes(contracts, '2026-11-20', 30);
    expect(first!.state).toBe(state);
    expect(first!.rule.startsWith(rule)).toBe(true);
  });

  it('does not know a contract that starts after the day', () => {
    const contracts = [contract('2025-11-01', '2026-10-31', 100), contract('2026-11-25', '2027-11-24', 100)];
    expect(contractOutcomes(contracts, '2026-11-20', 30).map((o) => o.state)).toEqual(['lapsed']);
    expect(contractOutcomes(contracts, '2026-11-25', 30).map((o) => o.state)).toEqual(['renewed', 'open']);
  });

  it('does not take a co-termed add-on for a renewal', () => {
    const main = contract('2026-01-01', '2026-12-31', 100);
    const addOn = contract('2026-06-01', '2026-12-31', 20);
    expect(contractOutcomes([main, addOn], '2026-11-20', 30).map((o) => o.state)).toEqual(['open', 'open']);
    expect(arrOnDay(arrSpans([main, addOn], '2026-11-20', 30), '2026-07-01')).toEqual([{ currency: 'USD', amount: 120 }]);
  });
});

describe('computeRetention (2026-Q3: 2026-07-01 … 2026-09-30)', () => {
  it('expansion: a renewal at a higher ARR', () => {
    const f = one([contract('2025-08-01', '2026-07-31', 100), contract('2026-08-01', '2027-07-31', 130)]);
    expect(f).toMatchObject({ starting_arr: 100, expansion: 30, contraction: 0, churned_arr: 0, ending_arr: 130, nrr: 1.3, grr: 1, logo_churn: 0, due_arr: 100, renewed_arr: 100, renewal_rate: 1 });
  });

  it('contraction: a renewal at a lower ARR', () => {
    expect(one([contract('2025-08-01', '2026-07-31', 100), contract('2026-08-01', '2027-07-31', 70)])).toMatchObject({ contraction: 30, nrr: 0.7, grr: 0.7, renewal_rate: 1 });
  });

  it('churn: no renewal within the grace period', () => {
    expect(one([contract('2025-08-01', '2026-07-31', 100)])).toMatchObject({ starting_arr: 100, churned_arr: 100, churned_accounts: 1, ending_arr: 0, nrr: 0, grr: 0, logo_churn: 1, renewal_rate: 0 });
  });

  it('a reactivated account counts as new ARR, outside NRR', () => {
    const f = one([contract('2024-01-01', '2024-12-31', 100), contract('2026-08-15', '2027-08-14', 80)]);
    expect(f).toMatchObject({ accounts_at_start: 0, starting_arr: 0, new_arr: 80, new_accounts: 1, ending_arr: 80, nrr: null, grr: null, logo_churn: null });
  });

  it('a multi-year contract keeps its annual ARR and is not due', () => {
    expect(one([contract('2025-01-01', '2027-12-31', 100)])).toMatchObject({ starting_arr: 100, ending_arr: 100, nrr: 1, due_arr: 0, renewal_rate: null });
  });

  it('a contract renewed early: the renewal replaces it from its start, ARR is not counted twice', () => {
    const f = one([contract('2025-09-01', '2026-08-31', 100), contract('2026-08-01', '2027-07-31', 110)]);
    expect(f).toMatchObject({ starting_arr: 100, expansion: 10, ending_arr: 110, renewed_arr: 100, renewal_rate: 1 });
  });

  it('a contract renewed late within grace is not churn, even when the period ends in the gap', () => {
    const f = one([contract('2025-09-21', '2026-09-20', 100), contract('2026-10-10', '2027-10-09', 100)]);
    expect(f).toMatchObject({ starting_arr: 100, churned_arr: 0, ending_arr: 100, nrr: 1, renewed_arr: 100 });
  });

  it('a lapsed contract whose outcome is not known yet is still ARR, and pending in the renewal rate', () => {
    const f = retention([{ account_id: 'A', group: '', contracts: [contract('2025-09-21', '2026-09-20', 100)] }], '2026-10-05').figures[0]!;
    expect(f).toMatchObject({ ending_arr: 100, churned_arr: 0, due_arr: 100, renewed_arr: 0, pending_arr: 100, renewal_rate: 0 });
  });

  it('a mid-term upgrade replaces the contract from its start', () => {
    const f = one([contract('2026-01-01', '2026-12-31', 100), contract('2026-08-01', '2027-07-31', 180, { type: 'upgrade' })]);
    expect(f).toMatchObject({ starting_arr: 100, expansion: 80, ending_arr: 180, due_arr: 0 });
  });

  it('an add-on that is not co-termed adds to the base contract and to its renewal, replacing neither', () => {
    const base = contract('2025-06-01', '2026-05-31', 100);
    const addOn = contract('2026-03-01', '2027-02-28', 20, { type: 'expansion' });
    const renewal = contract('2026-06-01', '2027-05-31', 100, { type: 'renewal' });
    const spans = arrSpans([base, addOn, renewal], '2026-11-20', 30);
    expect(arrOnDay(spans, '2026-04-01')).toEqual([{ currency: 'USD', amount: 120 }]);
    expect(arrOnDay(spans, '2026-07-01')).toEqual([{ currency: 'USD', amount: 120 }]);
    expect(contractOutcomes([base, addOn, renewal], '2026-11-20', 30).map((o) => o.state)).toEqual(['renewed', 'open', 'open']);
  });

  it('counts as due only the contracts whose end date has come by the as-of day', () => {
    const endsEarly = contract('2025-07-15', '2026-07-14', 100);
    const renewed = contract('2026-07-15', '2027-07-14', 100);
    const endsLater = contract('2025-09-21', '2026-09-20', 50);
    const [f] = computeRetention([{ account_id: 'A', group: '', contracts: [endsEarly, renewed] }, { account_id: 'B', group: '', contracts: [endsLater] }], Q3, '2026-08-15', 30, { currency: 'USD', rates: {} }).figures;
    expect(f).toMatchObject({ due_arr: 100, renewed_arr: 100, renewal_rate: 1 });
  });

  it('zero starting ARR gives no ratios rather than dividing by zero', () => {
    const f = one([contract('2026-08-01', '2027-07-31', 50)]);
    expect(f).toMatchObject({ starting_arr: 0, new_arr: 50, nrr: null, grr: null, logo_churn: null, renewal_rate: null });
  });

  it('mixed currencies: per currency without rates, converted with them', () => {
    const accounts: RetentionAccount[] = [
      { account_id: 'A', group: '', contracts: [contract('2026-01-01', '2026-12-31', 100)] },
      { account_id: 'B', group: '', contracts: [contract('2026-01-01', '2026-12-31', 200, { currency: 'EUR' })] },
    ];
    const separate = retention(accounts);
    expect(separate.converted).toBe(false);
    expect(separate.figures.map((f) => [f.currency, f.starting_arr])).toEqual([['EUR', 200], ['USD', 100]]);
    const converted = retention(accounts, '2026-11-20', { EUR: 1.1 });
    expect(converted.converted).toBe(true);
    expect(converted.figures.map((f) => [f.currency, f.starting_arr])).toEqual([['USD', 320]]);
  });

  it('adds up across accounts: NRR, GRR and logo churn of a small book', () => {
    const accounts: RetentionAccount[] = [
      { account_id: 'grows', group: 'x', contracts: [contract('2025-08-01', '2026-07-31', 100), contract('2026-08-01', '2027-07-31', 150)] },
      { account_id: 'shrinks', group: 'x', contracts: [contract('2025-08-01', '2026-07-31', 200), contract('2026-08-01', '2027-07-31', 150)] },
      { account_id: 'leaves', group: 'x', contracts: [contract('2025-08-01', '2026-07-31', 100)] },
      { account_id: 'steady', group: 'x', contracts: [contract('2025-01-01', '2027-12-31', 100)] },
    ];
    const [f] = retention(accounts).figures;
    // start 500; end 150 + 150 + 0 + 100 = 400; capped 100 + 150 + 0 + 100 = 350
    expect(f).toMatchObject({ starting_arr: 500, expansion: 50, contraction: 50, churned_arr: 100, ending_arr: 400, nrr: 0.8, grr: 0.7, logo_churn: 0.25, due_arr: 400, renewed_arr: 300, renewal_rate: 0.75 });
  });
});

describe('periods', () => {
  it.each([
    ['2026-10', '2026-10-01', '2026-10-31'],
    ['2026-Q3', '2026-07-01', '2026-09-30'],
    ['2026q4', '2026-10-01', '2026-12-31'],
    ['2024-02', '2024-02-01', '2024-02-29'],
    ['2026', '2026-01-01', '2026-12-31'],
  ])('%s is %s … %s', (text, from, to) => {
    expect(parsePeriod(text)).toMatchObject({ from, to });
  });

  it('refuses other shapes and defaults to the last complete quarter', () => {
    expect(parsePeriod('2026-13')).toBeUndefined();
    expect(parsePeriod('Q3')).toBeUndefined();
    expect(lastCompleteQuarter('2026-11-20').label).toBe('2026-Q3');
    expect(lastCompleteQuarter('2026-02-01').label).toBe('2025-Q4');
  });
});
