import { describe, expect, it } from 'vitest';
import { guessColumns, headerSignature } from '../../src/import/guess-columns.js';

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
