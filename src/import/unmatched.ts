import type { SqlValue } from '../db/upserts.js';
import { looksLikeDomain, resolveOrganization, type AccountIndex } from '../core/account-match.js';

/** How many unmatched organisations the import note names; the rest are counted. */
const NAMED = 5;

/**
 * Counts, among the rows a tickets or surveys file writes, those that land unmatched (account_id
 * null) while naming an organisation, by what they name. It reads the rows as they are written, so
 * the counts are the same whether the file was parsed in this thread or in the import worker.
 */
export class UnmatchedTally {
  private readonly accountColumn: number;
  private readonly organizationColumn: number;
  private readonly counts = new Map<string, number>();
  private total = 0;

  constructor(columns: readonly string[]) {
    this.accountColumn = columns.indexOf('account_id');
    this.organizationColumn = columns.indexOf('organization');
  }

  add(values: readonly SqlValue[], offset: number): void {
    if (this.accountColumn < 0 || this.organizationColumn < 0 || values[offset + this.accountColumn] !== null) return;
    const organization = values[offset + this.organizationColumn];
    if (organization === null || organization === undefined) return;
    this.total++;
    const key = String(organization);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /**
   * The import notes: the organisations no account matches, most rows first, and apart those that
   * match more than one account (never guessed between). Nothing when every row found its account.
   */
  notes(noun: 'tickets' | 'surveys' | 'contacts', index: AccountIndex | undefined, accountIds: ReadonlySet<string>, rows: number): string[] {
    if (this.total === 0) return [];
    const unknown: Array<[string, number]> = [];
    const ambiguous: Array<[string, number]> = [];
    for (const entry of this.counts) (resolveOrganization(index, accountIds, entry[0]) === null ? ambiguous : unknown).push(entry);
    const list = (entries: Array<[string, number]>) => {
      const sorted = entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const named = sorted.slice(0, NAMED).map(([organization, count]) => `${looksLikeDomain(organization) ? organization : JSON.stringify(organization)} (${count})`);
      const rest = sorted.slice(NAMED).reduce((sum, [, count]) => sum + count, 0);
      return `${named.join(', ')}${rest > 0 ? `, and ${sorted.length - NAMED} more (${rest})` : ''}`;
    };
    const sum = (entries: Array<[string, number]>) => entries.reduce((total, [, count]) => total + count, 0);
    const notes: string[] = [];
    if (unknown.length > 0) {
      const count = sum(unknown);
      // Not one row of the file matched although accounts are imported: perhaps the wrong column.
      const noneMatched = count === rows && accountIds.size > 0 ? `; none of the file's ${noun} matched any of the ${accountIds.size} accounts: check the column mapped to the account (--map)` : '';
      notes.push(
        `${rowsName(count, noun)} an organisation csops does not know; ${count === 1 ? 'it imports' : 'they import'} unmatched: ${list(unknown)}; import ${unknown.length === 1 ? 'that account' : 'those accounts'} (or give ${unknown.length === 1 ? 'it' : 'them'} a domain) and ${count === 1 ? 'it is' : 'they are'} linked${noneMatched}`,
      );
    }
    if (ambiguous.length > 0) {
      notes.push(`${rowsName(sum(ambiguous), noun)} an organisation more than one account matches; ${sum(ambiguous) === 1 ? 'it imports' : 'they import'} unmatched: ${list(ambiguous)}; give those accounts distinct names or domains, or add an account_id column`);
    }
    return notes;
  }
}

/** "1 ticket names", "23 tickets name". */
function rowsName(count: number, noun: 'tickets' | 'surveys' | 'contacts'): string {
  return count === 1 ? `1 ${noun.slice(0, -1)} names` : `${count} ${noun} name`;
}
