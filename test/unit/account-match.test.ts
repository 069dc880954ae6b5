import { describe, expect, it } from 'vitest';
import { indexAccounts, looksLikeDomain, normalizeCompanyName, normalizeDomain, resolveOrganization } from '../../src/core/account-match.js';

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

  it('resolves a value as an account id, then a name, then a domain; a shared name is never guessed', () => {
    const accounts = [
      { account_id: 'A-1', name: 'Acme Inc', domain: 'acme.com' },
      { account_id: 'A-2', name: 'ACME Ltd', domain: null },
      { account_id: 'B-1', name: 'Beta', domain: 'https://beta.io' },
      { account_id: 'Beta Labs', name: 'Gamma', domain: null },
    ];
    const index = indexAccounts(accounts);
    const ids = new Set(accounts.map((account) => account.account_id));
    expect(resolveOrganization(index, ids, 'B-1')).toBe('B-1');
    expect(resolveOrganization(index, ids, 'BETA GmbH')).toBe('B-1');
    expect(resolveOrganization(index, ids, 'Beta Labs')).toBe('Beta Labs');
    expect(resolveOrganization(index, ids, 'www.beta.io')).toBe('B-1');
    expect(resolveOrganization(index, ids, 'acme.com')).toBe('A-1');
    expect(resolveOrganization(index, ids, 'Acme')).toBeNull();
    expect(resolveOrganization(index, ids, 'Initech')).toBeUndefined();
    expect(resolveOrganization(index, ids, 'initech.com')).toBeUndefined();
    expect(resolveOrganization(undefined, ids, 'Beta')).toBeUndefined();
  });

  it.each([
    ['example.com', true],
    ['https://www.example.co.uk/contact', true],
    ['ops@example.com', true],
    ['北京星辰科技.中国', true],
    ['Acme Inc', false],
    ['A-404', false],
    ['Acme Inc. (EU)', false],
    ['5.0', false],
  ])('%s looks like a domain: %s', (text, answer) => {
    expect(looksLikeDomain(text)).toBe(answer);
  });
});
