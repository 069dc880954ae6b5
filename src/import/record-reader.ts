import type { SqlValue } from '../db/upserts.js';
import type { CsvRecord } from './csv-source.js';
import type { HeaderMapping } from './header-map.js';
import { KIND_SPECS, type Kind } from './kinds.js';
import { compileRowBuilder, type CellProblem, type RowContext } from './rows.js';
import { checkFieldCount, readUsageRecord, usagePlan } from './usage-rows.js';

/**
 * Turns a CSV record into the values the database receives, or the problems that reject it.
 * The same reader runs in the import worker (large files) and in the main thread (small ones).
 * Usage rows are [account_id, day, metrics JSON]; other kinds are `columns` in order.
 */
export interface RecordReader {
  /** Database columns of each row (not for usage, whose shape is fixed). */
  columns: string[];
  read(record: CsvRecord): SqlValue[] | CellProblem[];
}

export function isProblemList(result: SqlValue[] | CellProblem[]): result is CellProblem[] {
  return result.length > 0 && typeof result[0] === 'object' && result[0] !== null;
}

export function createRecordReader(kind: Kind, header: string[], mapping: HeaderMapping, context: RowContext): RecordReader {
  if (kind === 'usage') {
    const plan = usagePlan(header, mapping, context.timeZone);
    return {
      columns: ['account_id', 'day', 'metrics'],
      read(record) {
        const row = readUsageRecord(plan, context.knownAccounts, record);
        return Array.isArray(row) ? row : [row.accountId, row.day, row.metricsJson];
      },
    };
  }
  const keyName = KIND_SPECS[kind].key[0]!;
  const builder = compileRowBuilder(kind, header, mapping, context);
  const firstLineOfKey = new Map<string, number>();
  return {
    columns: builder.columns,
    read(record) {
      const problems: CellProblem[] = [];
      const fieldCount = checkFieldCount(record.cells, header.length);
      if (fieldCount) problems.push(fieldCount);
      const row = builder.build(record.cells, problems);
      if (row) {
        const earlier = firstLineOfKey.get(row.key);
        if (earlier === undefined) firstLineOfKey.set(row.key, record.line);
        else problems.push({ column: keyName, value: row.key, expected: `a unique ${keyName}; it already appeared on line ${earlier}` });
      }
      return problems.length > 0 || !row ? problems : row.values;
    },
  };
}
