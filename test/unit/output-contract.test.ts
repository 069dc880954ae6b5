import { describe, expect, it } from 'vitest';
import { documentJson, figureKind, ndjsonLines, roundFigure, withKind } from '../../src/render/contract.js';
import { renderRows } from '../../src/render/output.js';

describe('figures as written (README "Output contract")', () => {
  it.each([
    ['arr', 197054.3068, 'USD', 197054.31],
    ['acquisition_cost', 197054.3068, 'JPY', 197054],
    ['lifetime_revenue', 1.23456, 'KWD', 1.235],
    ['starting_arr', 12404540, 'EUR', 12404540],
    ['amount', -0.004, 'USD', 0],
    ['grr', 0.98644444, 'USD', 0.9864],
    ['arr_share', 0.0982222, 'USD', 0.0982],
    ['score', 53.456, 'USD', 53.456],
    ['odds_ratio_per_unit', 1.0000012, 'USD', 1.0000012],
  ])('%s %f in %s → %f', (key, value, currency, shown) => expect(roundFigure(key, value, currency)).toBe(shown));

  it('knows a share of ARR as a ratio, not money', () => {
    expect(figureKind('arr_share')).toBe('ratio');
    expect(figureKind('churned_arr')).toBe('money');
    expect(figureKind('days_left')).toBeUndefined();
  });

  it('rounds each record in its own currency, else the document currency; kind comes first', () => {
    const text = documentJson('renewals', { currency: 'USD', total: { arr: 10.129 }, parts: [{ currency: 'JPY', amount: 1500.6 }, { currency: 'KWD', amount: 2.00049 }] });
    expect(JSON.parse(text)).toEqual({ kind: 'renewals', currency: 'USD', total: { arr: 10.13 }, parts: [{ currency: 'JPY', amount: 1501 }, { currency: 'KWD', amount: 2 }] });
    expect(text.startsWith('{\n  "kind": "renewals"')).toBe(true);
  });

  it('refuses a document that brings its own kind (it would be overwritten)', () => {
    expect(() => withKind('report', { kind: 'weekly' })).toThrow(/own/);
  });

  it('ndjson keeps nested values and rounds them', () => {
    expect(ndjsonLines([{ account_id: 'A', factor_changes: [{ factor: 'support', points: 3 }], arr: 1.005001 }], 'USD')).toBe('{"account_id":"A","factor_changes":[{"factor":"support","points":3}],"arr":1.01}\n');
  });

  it('csv and ndjson rows round money in the row currency; json needs a kind', () => {
    const rows = [{ currency: 'JPY', arr: 100.4, share: 0.123456 }, { currency: 'USD', arr: 100.456, share: 0.5 }];
    const columns = [
      { key: 'currency', title: 'currency', value: (row: (typeof rows)[number]) => row.currency },
      { key: 'arr', title: 'ARR', value: (row: (typeof rows)[number]) => row.arr },
      { key: 'arr_share', title: 'share', value: (row: (typeof rows)[number]) => row.share },
    ];
    expect(renderRows(rows, columns, { format: 'csv', tty: false })).toBe('currency,arr,arr_share\nJPY,100,0.1235\nUSD,100.46,0.5\n');
    expect(renderRows(rows, columns, { format: 'ndjson', tty: false })).toBe('{"currency":"JPY","arr":100,"arr_share":0.1235}\n{"currency":"USD","arr":100.46,"arr_share":0.5}\n');
    expect(() => renderRows(rows, columns, { format: 'json', tty: false })).toThrow(/kind/);
  });
});
