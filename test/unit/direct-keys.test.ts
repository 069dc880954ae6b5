import { describe, expect, it } from 'vitest';
import { DirectKeys, dayNumber } from '../../src/db/upserts.js';

describe('DirectKeys: the account-days a usage import wrote as they came', () => {
  it('numbers every day of four centuries as the calendar does (leap years, month ends)', () => {
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2300, 0, 1); ms += 86_400_000) {
      const day = new Date(ms).toISOString().slice(0, 10);
      if (dayNumber(day) !== ms / 86_400_000) expect.fail(`${day}: ${dayNumber(day)}, not ${ms / 86_400_000}`);
    }
  });

  it('gives runs of consecutive days per account, across month and year ends, split by gaps and by whether the day was stored unchanged', () => {
    const keys = new DirectKeys();
    const added: Array<[string, string, boolean]> = [
      ['A', '2025-12-30', false],
      ['A', '2025-12-31', false],
      ['A', '2026-01-01', false],
      ['A', '2026-01-02', true],
      ['A', '2026-01-03', true],
      ['A', '2026-01-05', true],
      ['A', '2026-03-01', false],
      ['B', '2024-02-28', false],
      ['B', '2024-02-29', false],
      ['B', '2024-03-01', false],
      // far later than the first day: the account's bits grow
      ['B', '2029-07-04', true],
    ];
    for (const [account, day, unchanged] of added) keys.add(account, day, unchanged);
    expect(keys.runs()).toEqual([
      { accountId: 'A', firstDay: '2025-12-30', lastDay: '2026-01-01', unchanged: false },
      { accountId: 'A', firstDay: '2026-01-02', lastDay: '2026-01-03', unchanged: true },
      { accountId: 'A', firstDay: '2026-01-05', lastDay: '2026-01-05', unchanged: true },
      { accountId: 'A', firstDay: '2026-03-01', lastDay: '2026-03-01', unchanged: false },
      { accountId: 'B', firstDay: '2024-02-28', lastDay: '2024-03-01', unchanged: false },
      { accountId: 'B', firstDay: '2029-07-04', lastDay: '2029-07-04', unchanged: true },
    ]);
  });

  it('holds nothing before the first row', () => {
    expect(new DirectKeys().runs()).toEqual([]);
  });
});
