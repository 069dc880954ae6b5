import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/errors.js';
import { mapHeader, metricName, parseMapFlags } from '../../src/import/header-map.js';
import { normalizeHeader } from '../../src/import/kinds.js';

const fieldsOf = (header: string[], kind: Parameters<typeof mapHeader>[2], map = new Map<string, string>()) =>
  [...mapHeader('f.csv', header, kind, map).fieldIndex.entries()];

describe('header mapping', () => {
  it('matches headers case-, space- and punctuation-insensitively, and by alias', () => {
    expect(fieldsOf(['Account ID', 'ACCOUNT NAME', 'No. of Employees'], 'accounts')).toEqual([
      ['account_id', 0],
      ['name', 1],
    ]);
    expect(normalizeHeader('Ａｃｃｏｕｎｔ＿ＩＤ')).toBe('accountid');
  });

  it('applies --map before the built-in names', () => {
    expect(fieldsOf(['Org', 'Company'], 'accounts', parseMapFlags(['Org=account_id']))).toEqual([
      ['account_id', 0],
      ['name', 1],
    ]);
  });

  it('lists unmapped headers as ignored', () => {
    expect(mapHeader('f.csv', ['account_id', 'name', 'Favourite Colour'], 'accounts', new Map()).ignored).toEqual(['Favourite Colour']);
  });

  it('names each missing required column and the --map that adds it', () => {
    const error = (() => {
      try {
        mapHeader('tickets.csv', ['Org ID', 'created_at'], 'tickets', new Map());
      } catch (caught) {
        return caught as DataError;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect(error!.message).toContain('"ticket_id"');
    expect(error!.hint).toContain('--map "Org ID=ticket_id"');
  });

  it('refuses two columns that map to the same field', () => {
    expect(() => mapHeader('f.csv', ['account_id', 'name', 'Name'], 'accounts', new Map())).toThrow(/columns 2 \("name"\) and 3 \("Name"\) both map to name/);
  });

  it('needs an ARR source for contracts: arr, mrr, or amount with term', () => {
    expect(() => mapHeader('c.csv', ['account_id', 'start_date'], 'contracts', new Map())).toThrow(/arr \(or mrr, or amount with term_months or end_date\)/);
    expect(fieldsOf(['account_id', 'start_date', 'MRR'], 'contracts').map(([name]) => name)).toContain('mrr');
  });

  it('tells wide usage (metric columns) from long usage (metric and value)', () => {
    const wide = mapHeader('u.csv', ['account_id', 'date', 'Logins', 'Reports Created'], 'usage', new Map());
    expect(wide.usageShape).toBe('wide');
    expect(wide.targets.slice(2)).toEqual([{ metric: 'logins' }, { metric: 'reports_created' }]);
    expect(mapHeader('u.csv', ['account_id', 'date', 'metric', 'value'], 'usage', new Map()).usageShape).toBe('long');
    expect(() => mapHeader('u.csv', ['account_id', 'date', 'metric'], 'usage', new Map())).toThrow(/"value"/);
  });

  it('rejects malformed --map flags and unknown fields', () => {
    expect(() => parseMapFlags(['account_id'])).toThrow(UsageError);
    expect(() => mapHeader('f.csv', ['x'], 'accounts', parseMapFlags(['x=nonsense']))).toThrow(/accounts has no field "nonsense"/);
  });

  it('turns metric headers into snake_case names', () => {
    expect(['Logins', 'Reports Created', 'apiCalls', ' Active users (7d) '].map(metricName)).toEqual(['logins', 'reports_created', 'api_calls', 'active_users_7d']);
  });
});
