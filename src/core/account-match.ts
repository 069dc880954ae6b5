/**
 * Matching a helpdesk's organisation name or a requester's e-mail to an account (DOMAIN §4: every
 * ticket belongs to a customer). Names compare without case, spacing, punctuation, full-width forms
 * or legal suffixes, so "ACME Inc." and "Acme" match, and so do 北京星辰科技有限公司 and 北京星辰科技.
 */
const LEGAL_SUFFIXES = [
  'incorporated', 'corporation', 'company', 'limited', 'gmbh', 'inc', 'ltd', 'llc', 'llp', 'corp', 'co', 'plc', 'ag', 'sa', 'sas', 'bv', 'nv', 'pty', 'srl', 'spa', 'kk',
  '股份有限公司', '有限责任公司', '有限公司', '集团', '公司',
];

export function normalizeCompanyName(name: string): string {
  let key = name.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  // Strip legal suffixes from the end, repeatedly ("Acme Holdings Co., Ltd." → "acme holdings").
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of LEGAL_SUFFIXES) {
      const spaced = ` ${suffix}`;
      if (key.endsWith(spaced)) key = key.slice(0, -spaced.length).trim();
      else if (/\p{Script=Han}$/u.test(suffix) && key.endsWith(suffix) && key.length > suffix.length) key = key.slice(0, -suffix.length).trim();
      else continue;
      changed = true;
    }
  }
  return key.replace(/ /g, '');
}

/** "https://www.Acme.com/contact" and "support@acme.com" both give "acme.com". */
export function normalizeDomain(text: string): string {
  const host = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text.replace(/^[a-z]+:\/\//i, '').split(/[/?#:]/)[0]!;
  return host.trim().toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
}

export interface AccountIndex {
  byName: Map<string, string | null>;
  byDomain: Map<string, string | null>;
}

/** Builds the lookup; a name or domain shared by two accounts maps to null (ambiguous, never guessed). */
export function indexAccounts(accounts: Iterable<{ account_id: string; name: string; domain: string | null }>): AccountIndex {
  const byName = new Map<string, string | null>();
  const byDomain = new Map<string, string | null>();
  const add = (map: Map<string, string | null>, key: string, accountId: string) => {
    if (key === '') return;
    map.set(key, map.has(key) && map.get(key) !== accountId ? null : accountId);
  };
  for (const account of accounts) {
    add(byName, normalizeCompanyName(account.name), account.account_id);
    if (account.domain) add(byDomain, normalizeDomain(account.domain), account.account_id);
  }
  return { byName, byDomain };
}

/** The account at an e-mail address's (or a bare domain's) domain; undefined when none, or several, are. */
export function accountAtDomain(index: AccountIndex | undefined, addressOrDomain: string): string | undefined {
  return index?.byDomain.get(normalizeDomain(addressOrDomain)) ?? undefined;
}

/**
 * The account a value names, tried as an account id, then a company name, then a domain: the one
 * rule for the account column of tickets and surveys, a ticket's organisation, and the re-linking
 * of unmatched rows when accounts are imported later. An account id (undefined when none matches),
 * or null when the value matches more than one account (never guessed).
 */
export function resolveOrganization(index: AccountIndex | undefined, accountIds: ReadonlySet<string>, value: string): string | null | undefined {
  if (accountIds.has(value)) return value;
  if (!index) return undefined;
  const byName = index.byName.get(normalizeCompanyName(value));
  if (byName !== undefined) return byName;
  return looksLikeDomain(value) ? index.byDomain.get(normalizeDomain(value)) : undefined;
}

/** "acme.com", "www.acme.com", "https://acme.com/x" or "ops@acme.com": a value that can only be a domain or an address. */
export function looksLikeDomain(value: string): boolean {
  return /^(?:[a-z]+:\/\/)?(?:[^\s@/]+@)?(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?:[/?#:].*)?$/iu.test(value.trim());
}
