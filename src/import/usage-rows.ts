import type { CsvRecord } from './csv-source.js';
import type { HeaderMapping } from './header-map.js';
import type { FileDayOrder } from './date-dialects.js';
import { metricName } from './header-map.js';
import { unknownAccount, type CellProblem } from './rows.js';
import { Problem, parseDate, parseNumber } from './values.js';

/**
 * Reading usage rows is the hottest loop of csops (millions of rows), so it works on plain
 * indexes and builds each row's metrics JSON as text. The same code runs in the import worker
 * (large files) and in the main thread (small ones).
 */
export interface UsagePlan {
  header: string[];
  accountIndex: number;
  dateIndex: number;
  /** Long shape: the metric-name and value columns. */
  metricIndex?: number;
  valueIndex?: number;
  /** Wide shape: column index and its JSON key prefix, e.g. [2, '"logins":']. */
  metricColumns: Array<[number, string]>;
  timeZone: string;
  dayOrder?: FileDayOrder;
  decimalComma: boolean;
}

export function usagePlan(header: string[], mapping: HeaderMapping, timeZone: string, dayOrder?: FileDayOrder, decimalComma = false): UsagePlan {
  const metricColumns: Array<[number, string]> = [];
  mapping.targets.forEach((target, index) => {
    if (target !== null && 'metric' in target) metricColumns.push([index, `${JSON.stringify(target.metric)}:`]);
  });
  return {
    header,
    accountIndex: mapping.fieldIndex.get('account_id')!,
    dateIndex: mapping.fieldIndex.get('date')!,
    metricIndex: mapping.usageShape === 'long' ? mapping.fieldIndex.get('metric') : undefined,
    valueIndex: mapping.usageShape === 'long' ? mapping.fieldIndex.get('value') : undefined,
    metricColumns,
    timeZone,
    dayOrder,
    decimalComma,
  };
}

export interface UsageRow {
  accountId: string;
  day: string;
  metricsJson: string;
}

/** Returns the row, or the problems that make it invalid. */
export function readUsageRecord(plan: UsagePlan, knownAccounts: ReadonlySet<string>, record: CsvRecord): UsageRow | CellProblem[] {
  const { header } = plan;
  const cells = record.cells;
  let problems: CellProblem[] | undefined;
  const fail = (problem: CellProblem) => (problems ??= []).push(problem);
  if (cells.length !== header.length) {
    const fieldCount = checkFieldCount(cells, header.length);
    if (fieldCount) fail(fieldCount);
  }

  const accountId = (cells[plan.accountIndex] ?? '').trim();
  if (accountId === '') fail({ column: header[plan.accountIndex], expected: 'a value is required (account_id)' });
  else if (!knownAccounts.has(accountId)) fail({ column: header[plan.accountIndex], value: accountId, expected: unknownAccount(accountId) });

  const dayText = (cells[plan.dateIndex] ?? '').trim();
  const day = dayText === '' ? new Problem('a value is required (date)') : parseDate(dayText, plan.timeZone, plan.dayOrder);
  if (day instanceof Problem) fail({ column: header[plan.dateIndex], value: dayText, expected: day.expected });

  let metricsJson = '{';
  if (plan.metricIndex !== undefined && plan.valueIndex !== undefined) {
    const metric = metricName(cells[plan.metricIndex] ?? '');
    if (metric === '') fail({ column: header[plan.metricIndex], value: cells[plan.metricIndex] ?? '', expected: 'a metric name' });
    const value = parseMetricValue((cells[plan.valueIndex] ?? '').trim(), plan);
    if (value instanceof Problem) fail({ column: header[plan.valueIndex], value: cells[plan.valueIndex] ?? '', expected: value.expected });
    else if (value !== null) metricsJson += `${JSON.stringify(metric)}:${value}`;
  } else {
    for (const [index, key] of plan.metricColumns) {
      const value = parseMetricValue((cells[index] ?? '').trim(), plan);
      if (value instanceof Problem) fail({ column: header[index], value: cells[index] ?? '', expected: value.expected });
      else if (value !== null) metricsJson += metricsJson.length === 1 ? key + value : `,${key}${value}`;
    }
  }
  if (problems !== undefined) return problems;
  return { accountId, day: day as string, metricsJson: `${metricsJson}}` };
}

function parseMetricValue(text: string, plan: UsagePlan): number | null | Problem {
  if (text === '') return null;
  const value = parseNumber(text, plan);
  if (value instanceof Problem) return value;
  return value < 0 ? new Problem('expected a count of 0 or more') : value;
}

/** A row with fewer cells than the header, or extra non-empty cells, is malformed. */
export function checkFieldCount(cells: readonly string[], expected: number): CellProblem | undefined {
  const actual = cells.length;
  if (actual === expected) return undefined;
  if (actual > expected && cells.slice(expected).every((cell) => cell.trim() === '')) return undefined;
  return { expected: `expected ${expected} fields as in the header, found ${actual}` };
}
