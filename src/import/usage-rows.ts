import type { CellProblem, CsvRecord } from './table-source.js';
import { type HeaderMapping, metricName } from './header-map.js';
import type { FileDayOrder } from './date-dialects.js';
import { unknownAccount } from './rows.js';
import { importPhrase } from '../i18n/messages/import.js';
import type { Phrase } from '../errors.js';
import { NullSpellings, Problem, ValueTally, expectation, said, isPlaceholderDate, parseDate, parseNumber } from './values.js';

/**
 * Reading usage rows is the hottest loop of csops (millions of rows), so it works on plain
 * indexes and builds each row's metrics JSON as text. The same code runs in the import worker
 * (large files) and in the main thread (small ones).
 */
export interface UsagePlan {
  header: string[];
  /** The column naming whose usage a row is: an account, a subscription (contract) or a user. */
  keyIndex: number;
  keyKind: 'account' | 'subscription' | 'user';
  dateIndex: number;
  /** Long shape: the metric-name and value columns. */
  metricIndex?: number;
  valueIndex?: number;
  /** Wide shape: column index and its JSON key prefix, e.g. [2, '"logins":']. */
  metricColumns: Array<[number, string]>;
  timeZone: string;
  dayOrder?: FileDayOrder;
  decimalComma: boolean;
  /** Null spellings (NaN, None, N/A, -) read as empty, counted in `tally`. */
  nulls: NullSpellings;
  tally: ValueTally;
}

export function usagePlan(
  header: string[],
  mapping: HeaderMapping,
  timeZone: string,
  dayOrder?: FileDayOrder,
  decimalComma = false,
  empties: { nullValues?: readonly string[]; tally?: ValueTally } = {},
): UsagePlan {
  const metricColumns: Array<[number, string]> = [];
  mapping.targets.forEach((target, index) => {
    if (target !== null && 'metric' in target) metricColumns.push([index, `${JSON.stringify(target.metric)}:`]);
  });
  const keyKind = mapping.fieldIndex.has('account_id') ? 'account' : mapping.fieldIndex.has('subscription_id') ? 'subscription' : 'user';
  return {
    header,
    keyIndex: mapping.fieldIndex.get(keyKind === 'account' ? 'account_id' : keyKind === 'subscription' ? 'subscription_id' : 'user_id')!,
    keyKind,
    dateIndex: mapping.fieldIndex.get('date')!,
    metricIndex: mapping.usageShape === 'long' ? mapping.fieldIndex.get('metric') : undefined,
    valueIndex: mapping.usageShape === 'long' ? mapping.fieldIndex.get('value') : undefined,
    metricColumns,
    timeZone,
    dayOrder,
    decimalComma,
    nulls: new NullSpellings(empties.nullValues),
    tally: empties.tally ?? new ValueTally(),
  };
}

export interface UsageRow {
  accountId: string;
  day: string;
  metricsJson: string;
}

/** The account a row's key names, or undefined when none does. */
export type AccountResolver = (key: string) => string | undefined;

/** The null spellings of the row being read (reused: rows are read one at a time). */
const rowEmpties: Array<[string, string]> = [];

/** Returns the row, or the problems that make it invalid. */
export function readUsageRecord(plan: UsagePlan, resolveAccount: AccountResolver, record: CsvRecord): UsageRow | CellProblem[] {
  const { header } = plan;
  const cells = record.cells;
  let problems: CellProblem[] | undefined;
  const empties = rowEmpties;
  empties.length = 0;
  const fail = (problem: CellProblem) => (problems ??= []).push(problem);
  if (cells.length !== header.length) {
    const fieldCount = checkFieldCount(cells, header.length);
    if (fieldCount) fail(fieldCount);
  }

  const key = (cells[plan.keyIndex] ?? '').trim();
  const accountId = key === '' ? undefined : resolveAccount(key);
  if (key === '') fail({ column: header[plan.keyIndex], ...said(importPhrase('import.expected.required', { field: plan.keyKind === 'account' ? 'account_id' : plan.keyKind === 'subscription' ? 'subscription_id' : 'user_id' })) });
  else if (accountId === undefined) {
    const why = unresolved(plan.keyKind, key);
    fail({ column: header[plan.keyIndex], value: key, ...(typeof why === 'string' ? { expected: why } : said(why)) });
  }

  let dayText = (cells[plan.dateIndex] ?? '').trim();
  // Usage dates are 20xx: only text starting otherwise can be a null spelling or a placeholder date.
  if (dayText !== '' && dayText[0] !== '2' && (plan.nulls.isNull(dayText, false) || isPlaceholderDate(dayText))) dayText = '';
  const day = dayText === '' ? new Problem(importPhrase('import.expected.required', { field: 'date' })) : parseDate(dayText, plan.timeZone, plan.dayOrder);
  if (day instanceof Problem) fail({ column: header[plan.dateIndex], value: dayText, ...expectation(day) });

  let metricsJson = '{';
  if (plan.metricIndex !== undefined && plan.valueIndex !== undefined) {
    const metric = metricName(cells[plan.metricIndex] ?? '');
    if (metric === '') fail({ column: header[plan.metricIndex], value: cells[plan.metricIndex] ?? '', ...said(importPhrase('import.expected.metric_name')) });
    const value = parseMetricValue((cells[plan.valueIndex] ?? '').trim(), plan, header[plan.valueIndex]!, empties);
    if (value instanceof Problem) fail({ column: header[plan.valueIndex], value: cells[plan.valueIndex] ?? '', ...expectation(value) });
    else if (value !== null) metricsJson += `${JSON.stringify(metric)}:${value}`;
  } else {
    for (const [index, key] of plan.metricColumns) {
      const value = parseMetricValue((cells[index] ?? '').trim(), plan, header[index]!, empties);
      if (value instanceof Problem) fail({ column: header[index], value: cells[index] ?? '', ...expectation(value) });
      else if (value !== null) metricsJson += metricsJson.length === 1 ? key + value : `,${key}${value}`;
    }
  }
  if (problems !== undefined) return problems;
  if (empties.length > 0) for (const [column, text] of empties) ValueTally.add(plan.tally.nulls, column, text);
  return { accountId: accountId!, day: day as string, metricsJson: `${metricsJson}}` };
}

function unresolved(keyKind: UsagePlan['keyKind'], key: string): string | Phrase {
  if (keyKind === 'account') return unknownAccount(key);
  if (keyKind === 'subscription') return 'an imported contract or subscription id (import contracts first)';
  return "a user whose e-mail domain is an account's domain (give the accounts their domain, or add an account_id column)";
}

/**
 * Usage keyed by subscription or user: several rows land on one account and day (two subscriptions,
 * many users), and they add up. The whole file is summed in memory (it grows with account-days, not
 * rows) and written at the end, so rows far apart in the file still add up.
 */
export class UsageSums {
  private readonly sums = new Map<string, { accountId: string; day: string; metrics: Record<string, number> }>();

  add(row: UsageRow): void {
    const key = `${row.accountId}\u0000${row.day}`;
    let entry = this.sums.get(key);
    if (!entry) {
      entry = { accountId: row.accountId, day: row.day, metrics: {} };
      this.sums.set(key, entry);
    }
    for (const [metric, value] of Object.entries(JSON.parse(row.metricsJson) as Record<string, number>)) {
      entry.metrics[metric] = (entry.metrics[metric] ?? 0) + value;
    }
  }

  /** The summed rows, [account_id, day, metrics JSON] one after another, `rowsPerChunk` rows a chunk. */
  *finish(rowsPerChunk: number): Generator<Array<string | number | null>> {
    let chunk: Array<string | number | null> = [];
    for (const [key, entry] of this.sums) {
      chunk.push(entry.accountId, entry.day, JSON.stringify(entry.metrics));
      this.sums.delete(key);
      if (chunk.length >= rowsPerChunk * 3) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  }
}

function parseMetricValue(text: string, plan: UsagePlan, column: string, empties: Array<[string, string]>): number | null | Problem {
  if (text === '') return null;
  const value = parseNumber(text, plan);
  if (value instanceof Problem) {
    // Asked only when the text is no number, so the hot loop pays nothing for it.
    if (!plan.nulls.isNull(text, false)) return value;
    empties.push([column, text]);
    return null;
  }
  return value < 0 ? new Problem(importPhrase('import.expected.count')) : value;
}

/** A row with fewer cells than the header, or extra non-empty cells, is malformed. */
export function checkFieldCount(cells: readonly string[], expected: number): CellProblem | undefined {
  const actual = cells.length;
  if (actual === expected) return undefined;
  if (actual > expected && cells.slice(expected).every((cell) => cell.trim() === '')) return undefined;
  return said(importPhrase('import.expected.field_count', { expected, actual }));
}
