import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { slaPolicy } from '../../src/core/sla-clock.js';
import type { ContractFacts } from '../../src/core/renewal-state.js';
import { addYears, buildValueStatement, parseValuePeriod, resolveValuePeriod, type ValueInputs, type ValueTicket } from '../../src/core/value-statement.js';
import { addUpArr, bookByOwner } from '../../src/core/book-of-business.js';
import { axisTicks } from '../../src/render/html.js';
import { valueHtml, valueText } from '../../src/render/value-statement.js';

const contract = (change: Partial<ContractFacts>): ContractFacts => ({
  contract_id: 'C1', start_date: '2025-03-01', end_date: '2026-02-28', currency: 'USD', arr: 36_500, status: null, seats: 50, auto_renew: false, plan: 'business', ...change,
});

const config = configSchema.parse({ sla: { clock: 'calendar' }, health: { key_modules: ['reports', 'exports'] } });

function day(ymd: string, metrics: Record<string, number>) {
  return { day: ymd, metrics };
}

const ticket = (change: Partial<ValueTicket>): ValueTicket => ({
  ticket_id: 'T1', createdMs: Date.parse('2025-06-02T10:00:00Z'), firstResponseMs: Date.parse('2025-06-02T11:00:00Z'), resolvedMs: Date.parse('2025-06-02T14:00:00Z'), closedWithoutTime: false, priority: 'urgent', type: 'bug', csat: null,
  firstResponseMinutes: null, resolutionMinutes: null, ...change,
});

function inputs(change: Partial<ValueInputs>): ValueInputs {
  return {
    account: { account_id: 'A-1', name: 'Acme' },
    vendor: 'Vendorly',
    period: { kind: 'quarter', label: '2025-Q2', from: '2025-04-01', to: '2025-06-30' },
    asOf: '2025-12-31',
    timeZone: 'UTC',
    currency: 'USD',
    exchangeRates: { EUR: 1.1 },
    contracts: [contract({})],
    graceDays: 30,
    usage: [],
    tickets: [],
    untilMs: Date.parse('2025-07-01T00:00:00Z'),
    policy: slaPolicy(config.sla, 'UTC'),
    loginMetric: 'logins',
    activeUsersMetric: 'active_users',
    keyModules: ['reports', 'exports'],
    value: { drivers: [] },
    ...change,
  };
}

describe('value periods', () => {
  it.each([
    ['contract', { kind: 'contract' }],
    ['12M', { kind: '12m' }],
    [' 2026 ', { kind: 'year', year: 2026 }],
    ['2026-Q3', { kind: 'quarter', year: 2026, quarter: 3 }],
    ['2026q1', { kind: 'quarter', year: 2026, quarter: 1 }],
    ['2026-Q5', undefined],
    ['26', undefined],
    ['last year', undefined],
  ])('parses %j', (text, expected) => {
    expect(parseValuePeriod(text)).toEqual(expected);
  });

  it('places years, quarters and the last 12 months on the calendar', () => {
    expect(resolveValuePeriod({ kind: 'year', year: 2024 }, '2026-01-01', [], 30)).toMatchObject({ from: '2024-01-01', to: '2024-12-31', label: '2024' });
    expect(resolveValuePeriod({ kind: 'quarter', year: 2024, quarter: 1 }, '2026-01-01', [], 30)).toMatchObject({ from: '2024-01-01', to: '2024-03-31' });
    expect(resolveValuePeriod({ kind: 'quarter', year: 2024, quarter: 4 }, '2026-01-01', [], 30)).toMatchObject({ from: '2024-10-01', to: '2024-12-31' });
    expect(resolveValuePeriod({ kind: '12m' }, '2026-11-20', [], 30)).toMatchObject({ from: '2025-11-21', to: '2026-11-20' });
    expect(resolveValuePeriod({ kind: '12m' }, '2024-02-29', [], 30)).toMatchObject({ from: '2023-03-01', to: '2024-02-29' });
  });

  it.each([
    ['a one-year contract: the contract itself', [contract({})], '2025-09-10', { from: '2025-03-01', to: '2026-02-28' }],
    ['a 3-year contract: the contract year running', [contract({ end_date: '2028-02-29' })], '2026-09-10', { from: '2026-03-01', to: '2027-02-28' }],
    ['the last year of a 3-year contract ends with the contract', [contract({ end_date: '2028-02-20' })], '2027-12-01', { from: '2027-03-01', to: '2028-02-20' }],
    ['the renewal, once it has started', [contract({}), contract({ contract_id: 'C2', start_date: '2026-03-01', end_date: '2027-02-28', arr: 40_000 })], '2026-03-01', { from: '2026-03-01', to: '2027-02-28' }],
    ['lapsed: the year that just ended', [contract({})], '2026-03-10', { from: '2025-03-01', to: '2026-02-28' }],
    ['long gone: the last contract\'s last year', [contract({ status: 'churned' })], '2026-11-10', { from: '2025-03-01', to: '2026-02-28' }],
    ['no end date: yearly from its start', [contract({ end_date: null })], '2027-03-01', { from: '2027-03-01', to: '2028-02-29' }],
    ['a leap-day start falls back to 28 February', [contract({ start_date: '2024-02-29', end_date: null })], '2025-06-01', { from: '2025-02-28', to: '2026-02-27' }],
  ])('contract year: %s', (_name, contracts, asOf, expected) => {
    expect(resolveValuePeriod({ kind: 'contract' }, asOf, contracts, 30)).toMatchObject({ kind: 'contract', ...expected });
  });

  it('has no contract year without a paying contract (a trial is none)', () => {
    expect(resolveValuePeriod({ kind: 'contract' }, '2026-01-01', [], 30)).toBeUndefined();
    expect(resolveValuePeriod({ kind: 'contract' }, '2025-06-01', [contract({ status: 'trial' })], 30)).toBeUndefined();
    expect(resolveValuePeriod({ kind: 'contract' }, '2025-06-01', [contract({ arr: 0 })], 30)).toBeUndefined();
  });

  it('adds years keeping the day, 29 February excepted', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addYears('2025-12-31', -1)).toBe('2024-12-31');
  });
});

describe('buildValueStatement: adoption', () => {
  const usage = [
    day('2025-04-01', { logins: 10, active_users: 8, reports: 2, exports: 0 }),
    day('2025-04-15', { logins: 20, active_users: 12, reports: 4, exports: 0 }),
    day('2025-05-20', { logins: 30, active_users: 20, reports: 0, exports: 0 }),
    day('2025-06-10', { logins: 60, active_users: 25, reports: 6, exports: 0 }),
    day('2025-07-01', { logins: 999, active_users: 999, reports: 999, exports: 999 }), // after the period: not counted
  ];

  it('peak and average active users against the seats, logins and modules per month, the trend of whole months', () => {
    const statement = buildValueStatement(inputs({ usage }));
    expect(statement.adoption).toMatchObject({
      usage_days: 4, seats: 50, seats_on: '2025-06-30', peak_active_users: 25, peak_day: '2025-06-10', average_active_users: 16.3, peak_utilisation: 0.5, average_utilisation: 0.326, logins: 120,
    });
    expect(statement.adoption.months.map((month) => [month.month, month.days_with_data, month.logins, month.peak_active_users, month.modules.reports])).toEqual([
      ['2025-04', 2, 30, 12, 6],
      ['2025-05', 1, 30, 20, 0],
      ['2025-06', 1, 60, 25, 6],
    ]);
    // Three whole months: June against April (May in the middle left out).
    expect(statement.adoption.trend).toEqual({ months_compared: 2, logins: 1, modules: { reports: 0, exports: null } });
    expect(statement.adoption.modules).toEqual([
      { metric: 'reports', label: 'reports', uses: 12, status: 'used' },
      { metric: 'exports', label: 'exports', uses: 0, status: 'not_yet_used' },
    ]);
    expect(statement.footnotes.trend).toMatch(/the last whole month against the first \(2025-04 to 2025-06, 2025-05 in the middle left out\)/);
  });

  it('no usage rows: every adoption figure is missing, not zero, and says so', () => {
    const statement = buildValueStatement(inputs({ usage: [] }));
    expect(statement.adoption).toMatchObject({ usage_days: 0, peak_active_users: null, average_active_users: null, logins: null, peak_utilisation: null });
    expect(statement.adoption.modules.every((module) => module.status === 'not_tracked' && module.uses === null)).toBe(true);
    expect(statement.adoption.months.every((month) => month.logins === null && month.peak_active_users === null)).toBe(true);
    expect(statement.missing[0]).toBe('No usage data was recorded for 2025-04-01 to 2025-06-30: adoption figures are not available.');
    expect(valueText(statement, true)).not.toMatch(/\| 0 \|/);
  });

  it('a metric the data does not count is not tracked, not unused; no seats means no utilisation', () => {
    const statement = buildValueStatement(inputs({ usage: [day('2025-04-03', { logins: 5 })], contracts: [contract({ seats: null })] }));
    expect(statement.adoption).toMatchObject({ seats: null, peak_active_users: null, peak_utilisation: null, logins: 5 });
    expect(statement.adoption.modules.map((module) => module.status)).toEqual(['not_tracked', 'not_tracked']);
    expect(statement.missing).toEqual(expect.arrayContaining(['The usage data does not count active users.', 'The usage data does not count reports, exports.']));
  });

  it('a period not over stops at the as-of day, and a month cut short is no whole month', () => {
    const statement = buildValueStatement(inputs({ usage, asOf: '2025-05-25' }));
    expect(statement.period).toMatchObject({ through: '2025-05-25', complete: false });
    expect(statement.adoption.months.map((month) => [month.month, month.complete])).toEqual([['2025-04', true], ['2025-05', false]]);
    expect(statement.adoption.trend.months_compared).toBe(0);
    expect(statement.adoption.logins).toBe(60);
  });
});

describe('buildValueStatement: support', () => {
  it('counts tickets raised and resolved, medians on the SLA clock and the share within target', () => {
    const hour = 3_600_000;
    const created = Date.parse('2025-06-02T10:00:00Z');
    const tickets = [
      ticket({ csat: 5 }), // urgent: 1 h / 4 h targets, answered in 1 h, resolved in 4 h
      ticket({ ticket_id: 'T2', firstResponseMs: created + 3 * hour, resolvedMs: created + 10 * hour, csat: 2 }), // answered late, resolved late
      ticket({ ticket_id: 'T3', firstResponseMs: null, resolvedMs: null }), // open, long past its targets
      ticket({ ticket_id: 'T4', resolvedMs: null, closedWithoutTime: true, csat: 4 }), // closed without a time: resolved, not measured
    ];
    const support = buildValueStatement(inputs({ tickets })).support!;
    expect(support).toMatchObject({ tickets_raised: 4, tickets_resolved: 3, still_open: 1, rated: 3, satisfaction: 0.6667, clock: 'calendar' });
    expect(support.median_first_response_hours).toBe(1);
    expect(support.median_resolution_hours).toBe(4);
    expect(support.first_response_within_sla).toBe(0.3333);
    expect(support.resolution_within_sla).toBe(0.3333);
  });

  it('no ticket data at all is missing; no tickets in the period is a real zero', () => {
    const missing = buildValueStatement(inputs({ tickets: null }));
    expect(missing.support).toBeNull();
    expect(missing.missing).toContain('No support tickets have been imported, so support figures are not available.');
    const none = buildValueStatement(inputs({ tickets: [] })).support!;
    expect(none).toMatchObject({ tickets_raised: 0, tickets_resolved: 0, first_response_within_sla: null, median_first_response_hours: null, satisfaction: null });
  });
});

describe('buildValueStatement: value delivered and what was paid', () => {
  const usage = [day('2025-04-10', { reports: 30, exports: 7, logins: 1 }), day('2025-05-10', { reports: 10, exports: 3, logins: 1 })];

  it('prices minutes saved at the hourly cost (per driver or the default) and amounts per unit, against ARR pro rata', () => {
    const value = {
      hourly_cost: 60,
      drivers: [
        { metric: 'reports', label: 'reports generated', minutes_saved: 30 },
        { metric: 'exports', label: 'exports', minutes_saved: 12, hourly_cost: 100 },
        { metric: 'invoices', label: 'invoices sent', amount: 2.5 },
      ],
    };
    const statement = buildValueStatement(inputs({ usage, value }));
    expect(statement.outcomes.drivers).toEqual([
      { metric: 'reports', label: 'reports generated', units: 40, minutes_per_unit: 30, amount_per_unit: null, hourly_cost: 60, hours_saved: 20, value: 1200 },
      { metric: 'exports', label: 'exports', units: 10, minutes_per_unit: 12, amount_per_unit: null, hourly_cost: 100, hours_saved: 2, value: 200 },
      { metric: 'invoices', label: 'invoices sent', units: null, minutes_per_unit: null, amount_per_unit: 2.5, hourly_cost: null, hours_saved: null, value: null },
    ]);
    // 36,500 a year is 100 a day; the quarter has 91 days.
    expect(statement.outcomes).toMatchObject({ hours_saved: 22, value_delivered: 1400, paid: 9100, days_covered: 91, multiple: 0.15 });
    expect(statement.missing).toContain('The usage data does not count invoices sent, so the value of invoices sent is not shown.');
    expect(statement.footnotes.value_delivered).toContain('40 reports generated × 30 min saved = 20 h; 20 h × 60 USD an hour = 1,200 USD');
    expect(statement.adoption.modules[0]!.label).toBe('reports generated');
  });

  it('without an hourly cost, time saved stays in hours and there is no multiple', () => {
    const statement = buildValueStatement(inputs({ usage, value: { drivers: [{ metric: 'reports', label: 'reports', minutes_saved: 6 }] } }));
    expect(statement.outcomes).toMatchObject({ hours_saved: 4, value_delivered: null, multiple: null });
    expect(statement.missing).toContain('Time saved is given in hours: no hourly cost was set to turn it into money.');
  });

  it('pays each day the ARR in force that day: a renewal mid-period, a gap, and an add-on', () => {
    const contracts = [
      contract({ start_date: '2024-05-16', end_date: '2025-05-15', arr: 36_500 }),
      contract({ contract_id: 'C2', start_date: '2025-05-16', end_date: '2026-05-15', arr: 73_000, type: 'renewal' }),
      contract({ contract_id: 'C3', start_date: '2025-06-21', end_date: '2026-05-15', arr: 3_650, type: 'expansion' }),
    ];
    // 45 days at 100, 46 at 200, plus 10 days of the add-on at 10.
    expect(buildValueStatement(inputs({ contracts })).outcomes).toMatchObject({ paid: 4500 + 9200 + 100, days_covered: 91 });
    const gap = [contract({ start_date: '2024-04-01', end_date: '2025-04-30' })];
    expect(buildValueStatement(inputs({ contracts: gap })).outcomes).toMatchObject({ paid: 3000, days_covered: 30 });
    expect(buildValueStatement(inputs({ contracts: [] })).outcomes).toMatchObject({ paid: null, days_covered: 0 });
  });

  it('converts other currencies at the configured rates, and never adds one it cannot convert', () => {
    const eur = [contract({ currency: 'EUR' })];
    expect(buildValueStatement(inputs({ contracts: eur })).outcomes.paid).toBeCloseTo(9100 * 1.1, 2);
    const gbp = buildValueStatement(inputs({ contracts: [contract({ currency: 'GBP' })], usage, value: { hourly_cost: 60, drivers: [{ metric: 'reports', label: 'reports', minutes_saved: 30 }] } }));
    expect(gbp.outcomes).toMatchObject({ paid: null, paid_by_currency: [{ currency: 'GBP', amount: 9100 }], multiple: null });
    expect(gbp.missing.join(' ')).toMatch(/several currencies \(GBP\)/);
  });
});

describe('value statement text', () => {
  it('numbers a footnote for every figure shown, and says who sends it', () => {
    const statement = buildValueStatement(inputs({ usage: [day('2025-04-10', { logins: 3, active_users: 2, reports: 1 })], tickets: [ticket({})], value: { hourly_cost: 50, drivers: [{ metric: 'reports', label: 'reports', minutes_saved: 60 }] } }));
    const md = valueText(statement, true);
    expect(md.split('\n')[0]).toBe('# The value Acme got from Vendorly');
    const marks = new Set([...md.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])));
    const notes = [...md.matchAll(/^(\d+)\. /gm)].map((match) => Number(match[1]));
    expect(notes).toEqual(Object.keys(statement.footnotes).map((_, index) => index + 1));
    for (const mark of marks) expect(notes).toContain(mark);
    const html = valueHtml(statement);
    expect(html).toContain('<title>The value Acme got from Vendorly</title>');
    expect(html).not.toMatch(/<script|https?:/);
  });

  it('escapes names from the data in HTML', () => {
    const html = valueHtml(buildValueStatement(inputs({ account: { account_id: 'A-1', name: '<b>Acme & "Sons"</b>' } })));
    expect(html).toContain('&lt;b&gt;Acme &amp; &quot;Sons&quot;&lt;/b&gt;');
    expect(html).not.toContain('<b>Acme');
  });
});

describe('chart axes', () => {
  it.each([[0], [1], [3], [7], [10], [23], [99], [1234], [55_555]])('counts up to %d get whole-number ticks reaching the maximum', (max) => {
    const ticks = axisTicks(max, true);
    expect(ticks[0]).toBe(0);
    expect(ticks.every((tick) => Number.isInteger(tick))).toBe(true);
    expect(ticks[ticks.length - 1]!).toBeGreaterThanOrEqual(max);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(new Set(ticks.slice(1).map((tick, index) => tick - ticks[index]!)).size).toBe(1);
  });

  it('amounts may take round fractional steps', () => {
    expect(axisTicks(1, false)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(axisTicks(1_177_992, false).at(-1)).toBeGreaterThanOrEqual(1_177_992);
  });
});

describe('book of business', () => {
  const rows = [
    { owner: 'Ana', arr: 100, arr_by_currency: [{ currency: 'USD', amount: 100 }], band: 'healthy' },
    { owner: 'Ana', arr: 50, arr_by_currency: [{ currency: 'USD', amount: 50 }], band: 'critical' },
    { owner: 'Bo', arr: 300, arr_by_currency: [{ currency: 'USD', amount: 300 }], band: 'watch' },
    { owner: null, arr: 10, arr_by_currency: [{ currency: 'USD', amount: 10 }], band: 'at_risk' },
  ];

  it('sums accounts, ARR and at-risk ARR per owner, largest at-risk ARR first', () => {
    expect(bookByOwner(rows, 'USD')).toEqual([
      { owner: 'Ana', accounts: 2, arr: [{ currency: 'USD', amount: 150 }], at_risk_accounts: 1, at_risk_arr: [{ currency: 'USD', amount: 50 }] },
      { owner: null, accounts: 1, arr: [{ currency: 'USD', amount: 10 }], at_risk_accounts: 1, at_risk_arr: [{ currency: 'USD', amount: 10 }] },
      { owner: 'Bo', accounts: 1, arr: [{ currency: 'USD', amount: 300 }], at_risk_accounts: 0, at_risk_arr: [{ currency: 'USD', amount: 0 }] },
    ]);
  });

  it('keeps currencies apart when one row cannot be converted', () => {
    const mixed = [...rows, { owner: 'Bo', arr: null, arr_by_currency: [{ currency: 'GBP', amount: 7 }], band: 'healthy' }];
    expect(addUpArr(mixed, 'USD')).toEqual([{ currency: 'GBP', amount: 7 }, { currency: 'USD', amount: 460 }]);
    expect(addUpArr(rows, 'USD', (row) => (row.band === 'healthy' ? 0.5 : 1))).toEqual([{ currency: 'USD', amount: 410 }]);
  });
});
