import { describe, expect, it } from 'vitest';
import { guessColumns, headerSignature, moneyFieldFor, unreadColumnHints } from '../../src/import/guess-columns.js';
import { CATALOGUES } from '../../src/i18n/messages.js';
import { phraseIn, type Entry } from '../../src/errors.js';

describe('headerSignature', () => {
  it('is the same for the same columns however they are spelled, and differs when columns differ', () => {
    const signature = headerSignature(['Org Ref', 'Opened', 'Value']);
    expect(signature).toMatch(/^[0-9a-f]{16}$/);
    expect(headerSignature(['ORG_REF', 'opened', ' value '])).toBe(signature);
    expect(headerSignature(['Opened', 'Org Ref', 'Value'])).not.toBe(signature);
    expect(headerSignature(['Org Ref', 'Opened', 'Value', 'Seats'])).not.toBe(signature);
  });
});

describe('guessColumns', () => {
  const all = (header: string[]) => new Set(header.map((_, index) => index));

  it.each([
    {
      case: 'words of the header against names and aliases',
      kind: 'contracts' as const,
      missing: ['account_id', 'start_date', 'arr'],
      header: ['Customer Id', 'Start', 'Annual Value'],
      samples: [['C-1', '2026-01-01', '1,200']],
      expected: { account_id: 0, start_date: 1, arr: 2 },
    },
    {
      case: 'sample values when the names say nothing: dates for a date, amounts for an amount, digits for an id',
      kind: 'contracts' as const,
      missing: ['account_id', 'start_date', 'arr'],
      header: ['Col A', 'Col B', 'Col C'],
      samples: [
        ['2026-01-01', '$12,000', 'X-100'],
        ['2026-02-01', '$8,000', 'X-101'],
      ],
      expected: { start_date: 0, arr: 1, account_id: 2 },
    },
    {
      case: 'Chinese headers by containment',
      kind: 'tickets' as const,
      missing: ['created_at'],
      header: ['工单创建时间'],
      samples: [['2026/11/02 10:00']],
      expected: { created_at: 0 },
    },
  ])('$case', ({ kind, missing, header, samples, expected }) => {
    expect(Object.fromEntries(guessColumns(kind, missing, header, all(header), samples))).toEqual(expected);
  });

  it('proposes each column for one field at most, and nothing where no column is plausible', () => {
    const header = ['Notes'];
    const guesses = guessColumns('contracts', ['account_id', 'start_date'], header, all(header), [['called twice'], ['no answer']]);
    expect(guesses.size).toBe(0);
    const dates = ['Opened'];
    const one = guessColumns('contracts', ['start_date', 'end_date'], dates, all(dates), [['2026-01-01']]);
    expect([...one.values()]).toEqual([0]);
  });

  it('only proposes columns no field has claimed', () => {
    const header = ['Start', 'Begin'];
    const guesses = guessColumns('contracts', ['start_date'], header, new Set([1]), [['2026-01-01', '2026-01-02']]);
    expect(Object.fromEntries(guesses)).toEqual({ start_date: 1 });
  });
});

describe('guesses checked against the values', () => {
  const all = (header: string[]) => new Set(header.map((_, index) => index));

  it('a monthly amount answers the ARR question as mrr, an annual one as arr', () => {
    const header = ['Deal No', 'Account Name', 'Signed', 'MonthlyCharges'];
    const samples = [['1', 'Acme', '2026-01-01', '29.85'], ['2', 'Beta', '2026-02-01', '56.95']];
    const guesses = guessColumns('contracts', ['account_id', 'start_date', 'arr'], header, all(header), samples);
    expect(Object.fromEntries(guesses)).toEqual({ account_id: 1, start_date: 2, arr: 3 });
    expect(moneyFieldFor('arr', 'MonthlyCharges')).toBe('mrr');
    expect(moneyFieldFor('arr', 'MRR (EUR)')).toBe('mrr');
    expect(moneyFieldFor('arr', 'Annual Value')).toBe('arr');
    expect(moneyFieldFor('start_date', 'Monthly start')).toBe('start_date');
  });

  it('a numbered column (Deal No) is not an amount, nor the account id when another column names the account', () => {
    const header = ['Deal No', 'Customer', 'Value'];
    const samples = [['101', 'Acme', '1200'], ['102', 'Beta', '900']];
    expect(Object.fromEntries(guessColumns('contracts', ['account_id', 'arr'], header, all(header), samples))).toEqual({ account_id: 1, arr: 2 });
    // Even ids with letters (D-101) are not proposed as the account while "Customer" names it.
    const lettered = [['D-101', 'Acme', '1200'], ['D-102', 'Beta', '900']];
    expect(guessColumns('contracts', ['account_id'], header, all(header), lettered).get('account_id')).toBe(1);
  });

  it('a date years before the other dates of the row is not a creation time, and a column named for another field is not proposed', () => {
    const header = ['Ticket ID', 'Date of Purchase', 'First Response Time', 'Status'];
    const samples = [
      ['1', '2021-03-22', '2023-06-01 12:15:36', 'Open'],
      ['2', '2020-07-14', '2023-06-01 16:45:38', 'Closed'],
    ];
    expect(guessColumns('tickets', ['created_at'], header, all(header), samples).size).toBe(0);
    // The same purchase dates beside times of the same days are a fair guess.
    const sameDay = [['1', '2023-06-01', '2023-06-01 12:15:36', 'Open']];
    expect(guessColumns('tickets', ['created_at'], ['Ticket ID', 'Opened', 'Other Time', 'Status'], all(header), sameDay).get('created_at')).toBe(1);
  });
});

describe('unreadColumnHints', () => {
  it('names the --map that would read an unread column of dates, amounts or currency codes', () => {
    const header = ['Customer', 'Start', 'ARR', 'Closes', 'Currency Used', 'Seats Bought', 'Notes'];
    const samples = [['A-1', '2026-01-01', '12000', '2026-12-31', 'eur', '5', 'called'], ['A-2', '2026-02-01', '9000', '2027-01-31', 'usd', '3', '']];
    const hints = unreadColumnHints('contracts', header, new Set([3, 4, 5, 6]), new Set(['account_id', 'start_date', 'arr']), samples);
    expect(hints.map((hint) => hint.text)).toEqual([
      // "Closes" names no end: a guess from its values alone, said as one.
      'column "Closes" holds dates and is not read; if it is the contract end, --map "Closes=end_date" reads it',
      'column "Currency Used" looks like a currency code; --map "Currency Used=currency" would read it as the currency of the row\'s amounts',
    ]);
    // In Chinese (issue 24): the same hints from their phrases; the column and the --map stay as typed.
    const zh = CATALOGUES['zh-CN'] as Record<string, Entry | undefined>;
    expect(hints.map((hint) => phraseIn(hint, zh))).toEqual([
      '"Closes" 列是日期，未被读取；如果它是合同结束日期，--map "Closes=end_date" 会读取它',
      '"Currency Used" 列看起来是货币代码；--map "Currency Used=currency" 会把它读作该行金额的币种',
    ]);
  });

  it('says nothing when the values do not fit, or when values alone cannot tell which field', () => {
    const header = ['ticket_id', 'created_at', 'Some Time'];
    // Tickets have two unread time fields: a column named for neither gets no hint.
    expect(unreadColumnHints('tickets', header, new Set([2]), new Set(['ticket_id', 'created_at']), [['T-1', '2026-01-01 10:00', '2026-01-02 10:00']])).toEqual([]);
    // One unread time field left (first_response_at) still takes no column on its values alone:
    // helpdesk exports carry Updated, Due by, Last viewed…, none of them a first reply.
    const jira = ['Issue key', 'Created', 'Resolved', 'Updated'];
    expect(unreadColumnHints('tickets', jira, new Set([3]), new Set(['ticket_id', 'created_at', 'resolved_at']), [['SUP-1', '2026-01-01 10:00', '', '2026-01-02 10:00']])).toEqual([]);
    // "CreatedDate" shares only the generic "date" with end_date's aliases, and is the record's own bookkeeping.
    const opportunity = ['AccountId', 'CloseDate', 'Amount', 'CreatedDate'];
    expect(unreadColumnHints('contracts', opportunity, new Set([3]), new Set(['account_id', 'start_date', 'arr']), [['001', '2026-01-15', '48000', '2025-11-02 10:00:00']])).toEqual([]);
    expect(unreadColumnHints('accounts', ['Id', 'Name', 'CreatedDate'], new Set([2]), new Set(['account_id', 'name']), [['001', 'Acme', '2024-03-01 09:12:25']])).toEqual([]);
    const contracts = ['account_id', 'start_date', 'arr', 'Closes'];
    expect(unreadColumnHints('contracts', contracts, new Set([3]), new Set(['account_id', 'start_date', 'arr']), [['A-1', '2026-01-01', '1', 'soon']])).toEqual([]);
  });
});
