import { describe, expect, it } from 'vitest';
import { classifyDeal, classifySubscription, outcomeNotes } from '../../src/import/contract-sources.js';
import { detectPreset } from '../../src/import/presets.js';
import { mapHeader, parseMapFlags } from '../../src/import/header-map.js';

describe('classifyDeal', () => {
  it.each([
    // Salesforce: the flags decide, whatever the stage is called.
    ['Closed Won', 1, 1, 'won'],
    ['Contract Signed (custom)', 1, 1, 'won'],
    ['Closed Lost', 0, 1, 'lost'],
    ['Qualify', 0, 0, 'open'],
    ['Whatever', 0, 1, 'lost'],
    // HubSpot internal names and labels, Zoho, Maven.
    ['closedwon', null, null, 'won'],
    ['closedlost', null, null, 'lost'],
    ['contractsent', null, null, 'open'],
    ['Closed Lost to Competition', null, null, 'lost'],
    ['Proposal/Price Quote', null, null, 'open'],
    ['Won', null, null, 'won'],
    ['Lost', null, null, 'lost'],
    ['Engaging', null, null, 'open'],
    ['Prospecting', null, null, 'open'],
    // A stage with no word csops knows: not won, so not a contract; the import names it.
    ['Parked by legal', null, null, 'unknown'],
    [null, null, null, 'unknown'],
    // An open flag wins over an odd stage name.
    ['Parked by legal', null, 0, 'open'],
  ] as const)('%s (won %s, closed %s) is %s', (stage, won, closed, outcome) => {
    expect(classifyDeal(stage, won, closed)).toBe(outcome);
  });
});

/** A note's English: its text, or the English of the phrase it was built from (issue 24). */
const english = (note: string | { text: string }) => (typeof note === 'string' ? note : note.text);

describe('outcomeNotes', () => {
  it('says every outcome with its count, names unknown stages, and says when ends were guessed', () => {
    const tally = new Map([['deal:won', 120], ['deal:lost', 250], ['deal:open', 42], ['deal:end_guessed', 120]]);
    expect(outcomeNotes(tally).map(english)).toEqual([
      '412 deals: 120 won imported as contracts, 250 lost skipped, 42 open (pipeline, not ARR)',
      'end_date: no end or term column; 120 won deals read as 12-month contracts from the close date (a guess: map the real end with --map "<column>=end_date" or the term with --map "<column>=term_months")',
    ]);
    expect(english(outcomeNotes(new Map([['deal:won', 1], ['deal:unknown:On Hold', 2], ['deal:unknown:', 1]]))[0]!)).toBe(
      '4 deals: 1 won imported as contracts, 0 lost skipped, 0 open (pipeline, not ARR), 3 with a stage csops cannot place, not imported ("On Hold" 2, (empty) 1; only won deals become contracts: a stage containing "Won" or a won flag column such as IsWon)',
    );
    expect(outcomeNotes(new Map())).toEqual([]);
  });
});

describe('presets of billing and other CRM exports', () => {
  const STRIPE_SUBSCRIPTIONS = 'id,Customer ID,Customer Description,Customer Email,Plan,Quantity,Currency,Interval,Amount,Status,Created (UTC),Start Date (UTC),Current Period Start (UTC),Current Period End (UTC),Customer Name,plan_code (metadata)'.split(',');

  it('recognises Stripe subscriptions and customers, and prefers the first of two columns for a field', () => {
    const subscriptions = detectPreset(STRIPE_SUBSCRIPTIONS)!;
    expect(subscriptions).toMatchObject({ preset: 'stripe', kind: 'contracts', label: 'Stripe Subscriptions export' });
    const mapping = mapHeader('subs.csv', STRIPE_SUBSCRIPTIONS, 'contracts', new Map(), subscriptions);
    expect(Object.fromEntries(mapping.fieldIndex)).toMatchObject({
      contract_id: 0, account_id: 1, plan: 4, seats: 5, currency: 6, billing_interval: 7, unit_amount: 8, subscription_status: 9, start_date: 11, end_date: 13,
    });
    // Current Period Start stands in for an empty Start Date; metadata columns are among the ignored (the import hides them).
    expect(mapping.backup).toEqual(new Map([['start_date', 12]]));
    expect(mapping.ignored).toEqual(['Customer Description', 'Customer Email', 'Created (UTC)', 'Customer Name', 'plan_code (metadata)']);

    const customers = 'id,Description,Email,Name,Created (UTC),Card ID,Currency,Delinquent'.split(',');
    const preset = detectPreset(customers)!;
    expect(preset).toMatchObject({ preset: 'stripe', kind: 'accounts' });
    const accountMapping = mapHeader('customers.csv', customers, 'accounts', new Map(), preset);
    expect(accountMapping.fieldIndex.get('name')).toBe(3);
    expect(accountMapping.backup?.get('name')).toBe(1);
  });

  it('--map "Header=" ignores a column a preset maps, and a --map to a field takes it from the preset column', () => {
    const header = ['Record ID', 'Deal Name', 'Deal Stage', 'Close Date', 'Amount', 'Annual Amount', 'Associated Company IDs'];
    const preset = detectPreset(header)!;
    const mapping = mapHeader('deals.csv', header, 'contracts', parseMapFlags(['Deal Stage=', 'Annual Amount=arr']), preset);
    expect(mapping.fieldIndex.has('deal_stage')).toBe(false);
    expect(mapping.fieldIndex.get('arr')).toBe(5);
    expect(mapping.ignored).toEqual(['Deal Name', 'Deal Stage', 'Amount']);
    expect(() => parseMapFlags(['=arr'])).toThrow(/not of the form/);
  });
});

describe('classifySubscription', () => {
  it.each([
    ['active', 'active'], ['past_due', 'active'], ['canceled', 'cancelled'], ['unpaid', 'churned'],
    ['trialing', 'skip'], ['incomplete', 'skip'], ['incomplete_expired', 'skip'], ['Past Due', 'active'], ['on_vacation', undefined], [null, undefined],
  ] as const)('%s is %s', (status, outcome) => {
    expect(classifySubscription(status)).toBe(outcome);
  });

  it('is said in one note with each count', () => {
    expect(outcomeNotes(new Map([['subscription:contract', 3], ['subscription:trialing', 2], ['subscription:unknown:on_vacation', 1]]))).toEqual([
      '6 subscriptions: 4 imported as contracts; 2 trialing not imported (not contracts until they are paid for); status not known for "on_vacation" 1 (imported without a status)',
    ]);
  });
});
