import { describe, expect, it } from 'vitest';
import { standingOn } from '../../src/core/standing.js';
import { formatNumber, inReportingCurrency } from '../../src/core/money.js';
import { type ContractFacts } from '../../src/core/renewal-state.js';

const contract = (change: Partial<ContractFacts>): ContractFacts => ({
  contract_id: 'C1', start_date: '2025-12-01', end_date: '2026-11-30', currency: 'USD', arr: 12_000, status: null, seats: 20, auto_renew: false, plan: 'business', ...change,
});

describe('standingOn', () => {
  it('is active while a contract covers the day, renewing at its end', () => {
    expect(standingOn([contract({})], '2026-11-20', 30)).toMatchObject({ state: 'active', renewalDate: '2026-11-30', seats: 20, arr: [{ currency: 'USD', amount: 12_000 }], customerSince: '2025-12-01' });
  });

  it('adds a mid-term expansion and renews at the earliest end date', () => {
    const standing = standingOn([contract({}), contract({ contract_id: 'C2', start_date: '2026-06-01', end_date: '2026-11-30', arr: 3_000, seats: 5 })], '2026-11-20', 30);
    expect(standing).toMatchObject({ arr: [{ currency: 'USD', amount: 15_000 }], seats: 25, renewalDate: '2026-11-30' });
  });

  it('is lapsed within the grace period after the end date with no renewal recorded, then inactive', () => {
    expect(standingOn([contract({})], '2026-12-12', 30)).toMatchObject({ state: 'lapsed', renewalDate: '2026-11-30', arr: [{ currency: 'USD', amount: 12_000 }] });
    expect(standingOn([contract({})], '2026-12-30', 30).state).toBe('lapsed');
    expect(standingOn([contract({})], '2026-12-31', 30).state).toBe('inactive');
  });

  it('is inactive when an ended contract says churned or cancelled, and active when it says renewed', () => {
    expect(standingOn([contract({ status: 'churned' })], '2026-12-05', 30).state).toBe('inactive');
    expect(standingOn([contract({ status: 'cancelled' })], '2026-12-05', 30).state).toBe('inactive');
    expect(standingOn([contract({ status: 'renewed' })], '2026-12-05', 30)).toMatchObject({ state: 'active', renewalDate: null });
  });

  it('does not see a contract that starts after the day', () => {
    const renewal = contract({ contract_id: 'C2', start_date: '2026-12-01', end_date: '2027-11-30', arr: 15_000 });
    expect(standingOn([contract({}), renewal], '2026-11-20', 30).arr).toEqual([{ currency: 'USD', amount: 12_000 }]);
    expect(standingOn([contract({}), renewal], '2026-12-01', 30)).toMatchObject({ state: 'active', arr: [{ currency: 'USD', amount: 15_000 }], renewalDate: '2027-11-30' });
    expect(standingOn([renewal], '2026-11-20', 30).state).toBe('inactive');
  });

  it('keeps ARR per currency', () => {
    const standing = standingOn([contract({}), contract({ contract_id: 'C2', currency: 'EUR', arr: 1_000 })], '2026-11-20', 30);
    expect(standing.arr).toEqual([{ currency: 'EUR', amount: 1_000 }, { currency: 'USD', amount: 12_000 }]);
  });
});

describe('inReportingCurrency', () => {
  it('converts with the configured rates and never sums a currency it cannot convert', () => {
    expect(inReportingCurrency([{ currency: 'EUR', amount: 100 }, { currency: 'USD', amount: 1 }], 'USD', { EUR: 1.08 })).toEqual({ amount: 109, unconverted: [] });
    expect(inReportingCurrency([{ currency: 'CNY', amount: 100 }, { currency: 'USD', amount: 1 }], 'USD', {})).toEqual({ amount: undefined, unconverted: ['CNY'] });
  });
});

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1_000, '1,000'],
    [200_000, '200,000'],
    [1_234_567.5, '1,234,567.5'],
    [199_999.99, '199,999.99'],
    [0.125, '0.13'],
    [-2_500, '-2,500'],
    [-999, '-999'],
    [-1_000, '-1,000'],
    [7, '7'],
  ])('%d → %s, as Intl.NumberFormat en-US would', (value, text) => {
    expect(formatNumber(value)).toBe(text);
    expect(formatNumber(value)).toBe(new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value));
  });
});
