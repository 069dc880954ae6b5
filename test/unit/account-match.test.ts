import { describe, expect, it } from 'vitest';
import { indexAccounts, normalizeCompanyName, normalizeDomain } from '../../src/core/account-match.js';

describe('account matching', () => {
  it.each([
    ['ACME Inc.', 'acme'],
    ['Acme, Incorporated', 'acme'],
    ['Acme Holdings Co., Ltd.', 'acmeholdings'],
    ['  acme   gmbh ', 'acme'],
    ['北京星辰科技有限公司', '北京星辰科技'],
    ['北京星辰科技股份有限公司', '北京星辰科技'],
    ['Ｂｅｔａ　Ｌｔｄ', 'beta'],
    ['Inc', 'inc'],
  ])('%s compares as %s', (name, key) => {
    expect(normalizeCompanyName(name)).toBe(key);
  });

  it.each([
    ['https://www.Acme.com/contact', 'acme.com'],
    ['support@ACME.com', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['www.beta.co.uk:8080', 'beta.co.uk'],
  ])('%s is the domain %s', (text, domain) => {
    expect(normalizeDomain(text)).toBe(domain);
  });

  it('never guesses between two accounts that share a name or a domain', () => {
    const index = indexAccounts([
      { account_id: 'A-1', name: 'Acme Inc', domain: 'acme.com' },
      { account_id: 'A-2', name: 'ACME Ltd', domain: null },
      { account_id: 'B-1', name: 'Beta', domain: 'https://beta.io' },
    ]);
    expect(index.byName.get('acme')).toBeNull();
    expect(index.byDomain.get('acme.com')).toBe('A-1');
    expect(index.byDomain.get('beta.io')).toBe('B-1');
  });
});
