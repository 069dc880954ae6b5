import { importPhrase } from '../i18n/messages/import.js';
import { said } from './values.js';
import type { SqlValue } from '../db/upserts.js';
import type { CellProblem, CsvRecord } from './table-source.js';
import type { HeaderMapping } from './header-map.js';
import { KIND_SPECS, type Kind } from './kinds.js';
import { compileRowBuilder, type RowContext } from './rows.js';
import { UsageSums, checkFieldCount, readUsageRecord, usagePlan, type AccountResolver, type UsagePlan } from './usage-rows.js';
import { accountAtDomain } from '../core/account-match.js';
import { EventRollup, eventRollupPlan } from './event-rollup.js';

/**
 * Turns a CSV record into the values the database receives, or the problems that reject it.
 * The same reader runs in the import worker (large files) and in the main thread (small ones).
 * Valid rows are appended to `out`, `columns.length` values each (usage: account_id, day, metrics
 * JSON), so a chunk of rows is one flat array and no array is made per row.
 */
export interface RecordReader {
  /** Database columns of each row. */
  columns: string[];
  /** Appends the row's values to `out` and returns undefined, or returns the row's problems. */
  read(record: CsvRecord, out: SqlValue[]): CellProblem[] | undefined;
  /** Readers that aggregate (event files) hand over their rows when the file ends, `rowsPerChunk` rows a chunk. */
  finish?(rowsPerChunk: number): Iterable<SqlValue[]>;
  /** Event files, after finish: each user's active days per week (account_id, user_key, week, days). */
  userWeeks?(rowsPerChunk: number): Iterable<SqlValue[]>;
  /** What the kind's rules counted (deal outcomes …): see outcomeNotes. */
  outcomes?: Map<string, number>;
}

export function createRecordReader(kind: Kind, header: string[], mapping: HeaderMapping, context: RowContext): RecordReader {
  if (kind === 'usage' && mapping.usageShape === 'events') {
    const rollup = new EventRollup(eventRollupPlan(header, mapping, context.timeZone, context.dayOrder), context.knownAccounts, context.accountOfSubscription ?? new Map());
    return {
      columns: ['account_id', 'day', 'metrics'],
      read: (record) => rollup.add(record),
      finish: (rowsPerChunk) => rollup.finish(rowsPerChunk),
      userWeeks: (rowsPerChunk) => rollup.userWeeks(rowsPerChunk),
    };
  }
  if (kind === 'usage') {
    const plan = usagePlan(header, mapping, context.timeZone, context.dayOrder, context.decimalComma, { nullValues: context.nullValues, tally: context.tally });
    const resolve = usageAccountResolver(plan.keyKind, context);
    if (plan.keyKind !== 'account') {
      const sums = new UsageSums();
      return {
        columns: ['account_id', 'day', 'metrics'],
        read(record) {
          const row = readUsageRecord(plan, resolve, record);
          if (Array.isArray(row)) return row;
          sums.add(row);
          return undefined;
        },
        finish: (rowsPerChunk) => sums.finish(rowsPerChunk),
      };
    }
    return {
      columns: ['account_id', 'day', 'metrics'],
      read(record, out) {
        const row = readUsageRecord(plan, resolve, record);
        if (Array.isArray(row)) return row;
        out.push(row.accountId, row.day, row.metricsJson);
        return undefined;
      },
    };
  }
  const keyName = KIND_SPECS[kind].key[0]!;
  const builder = compileRowBuilder(kind, header, mapping, context);
  const firstLineOfKey = new Map<string, number>();
  const problems: CellProblem[] = [];
  return {
    columns: builder.columns,
    outcomes: builder.outcomes,
    read(record, out) {
      problems.length = 0;
      const fieldCount = checkFieldCount(record.cells, header.length);
      if (fieldCount) problems.push(fieldCount);
      const start = out.length;
      const key = builder.build(record.cells, problems, out);
      if (key !== undefined) {
        const earlier = firstLineOfKey.get(key);
        if (earlier === undefined) firstLineOfKey.set(key, record.line);
        else problems.push({ column: keyName, value: key, ...said(importPhrase('import.expected.unique', { column: keyName, line: String(earlier) })) });
      }
      if (problems.length === 0) return undefined;
      out.length = start;
      return [...problems];
    },
  };
}

/** Usage rows name an account directly, a subscription (through the contracts), or a user (by e-mail domain). */
function usageAccountResolver(keyKind: UsagePlan['keyKind'], context: RowContext): AccountResolver {
  if (keyKind === 'account') return (key) => (context.knownAccounts.has(key) ? key : undefined);
  if (keyKind === 'subscription') return (key) => context.accountOfSubscription?.get(key);
  return (key) => (key.includes('@') ? accountAtDomain(context.accountIndex, key) : undefined);
}
