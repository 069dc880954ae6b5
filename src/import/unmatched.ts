import { importPhrase } from '../i18n/messages/import.js';
import type { Phrase } from '../errors.js';
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
  notes(kind: 'tickets' | 'surveys' | 'contacts', index: AccountIndex | undefined, accountIds: ReadonlySet<string>, rows: number): Phrase[] {
    const noun = importPhrase('import.kind_word', { kind });
    if (this.total === 0) return [];
    const unknown: Array<[string, number]> = [];
    const ambiguous: Array<[string, number]> = [];
    for (const entry of this.counts) (resolveOrganization(index, accountIds, entry[0]) === null ? ambiguous : unknown).push(entry);
    const list = (entries: Array<[string, number]>) => {
      const sorted = entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const named = sorted.slice(0, NAMED).map(([organization, count]) => importPhrase('import.note.org_count', { name: looksLikeDomain(organization) ? organization : JSON.stringify(organization), count }));
      const rest = sorted.slice(NAMED).reduce((sum, [, count]) => sum + count, 0);
      return importPhrase('import.note.org_list', { named, moreKinds: sorted.length - NAMED, moreRows: rest });
    };
    const sum = (entries: Array<[string, number]>) => entries.reduce((total, [, count]) => total + count, 0);
    const notes: Phrase[] = [];
    if (unknown.length > 0) {
      const count = sum(unknown);
      // Not one row of the file matched although accounts are imported: perhaps the wrong column.
      const noneMatched = count === rows && accountIds.size > 0;
      notes.push(importPhrase('import.note.unknown_orgs', { count, noun, list: list(unknown), accounts: accountIds.size, noneMatched, kinds: unknown.length }));
    }
    if (ambiguous.length > 0) notes.push(importPhrase('import.note.ambiguous_orgs', { count: sum(ambiguous), noun, list: list(ambiguous) }));
    return notes;
  }
}

