import { createRequire } from 'node:module';
import type { stringify as StringifyType } from 'csv-stringify/sync';
import { formulaSafe } from './output.js';
import { documentJson, ndjsonLines } from './contract.js';

// csv-stringify loads on first use (csops --help stays fast).
const require = createRequire(import.meta.url);
const stringify: typeof StringifyType = (...args: Parameters<typeof StringifyType>) => (require('csv-stringify/sync') as { stringify: typeof StringifyType }).stringify(...args);

export type ExportFileFormat = 'csv' | 'json' | 'ndjson';

type Value = string | number | boolean | null | Record<string, unknown>;

/**
 * The file csops alerts export writes: CSV with the target's header row (every cell formula-safe, as
 * every CSV csops writes; an object cell as its JSON), JSON as one document
 * `{kind: "alerts_export", for, as_of, columns, records}`, or NDJSON with one record a line.
 */
export function exportFileText(table: { columns: readonly string[]; records: ReadonlyArray<Record<string, Value>> }, format: ExportFileFormat, meta: { for: string; as_of: string }): string {
  if (format === 'json') return documentJson('alerts_export', { for: meta.for, as_of: meta.as_of, columns: table.columns, records: table.records });
  if (format === 'ndjson') return ndjsonLines(table.records);
  const cell = (value: Value | undefined) => formulaSafe(value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
  return stringify([[...table.columns], ...table.records.map((record) => table.columns.map((column) => cell(record[column])))]);
}
