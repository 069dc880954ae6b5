import { importPhrase } from '../i18n/messages/import.js';
import { DataError } from '../errors.js';
import { openCsv } from './csv-source.js';
import { AMBIGUOUS, dayOrderEvidence, type FileDayOrder } from './date-dialects.js';
import type { HeaderMapping } from './header-map.js';

/**
 * Decides once per file whether its day-month dates (03/04/2026) are day-first or month-first, from
 * the data (SPEC §3: never guessed row by row). A value with a part over 12 settles it; values that
 * disagree, or a file where no value settles it, are errors naming --date-format. A file whose first
 * records have no day-month date gets 'none': a day-month date further down is then an error.
 */
export async function decideDayOrder(
  file: string,
  options: { encoding?: string; delimiter?: string; sheet?: string },
  header: string[],
  mapping: HeaderMapping,
): Promise<FileDayOrder> {
  const dateColumns = mapping.targets.flatMap((target, index) =>
    target !== null && 'field' in target && (target.field.type.kind === 'date' || target.field.type.kind === 'instant') ? [index] : [],
  );
  if (dateColumns.length === 0) return 'none';
  const source = await openCsv(file, options);
  const seen: Partial<Record<'dmy' | 'mdy' | 'ambiguous', { line: number; column: string; value: string }>> = {};
  let firstBatch = true;
  try {
    for await (const batch of source.batches) {
      for (const record of batch) {
        for (const column of dateColumns) {
          const value = (record.cells[column] ?? '').trim();
          const evidence = value === '' ? undefined : dayOrderEvidence(value);
          if (evidence === undefined) continue;
          const key = evidence === AMBIGUOUS ? 'ambiguous' : evidence;
          seen[key] ??= { line: record.line, column: header[column] ?? '', value };
        }
      }
      // Files that start with ISO dates are not read twice: the rest must match.
      if (firstBatch && !seen.dmy && !seen.mdy && !seen.ambiguous) return 'none';
      firstBatch = false;
      if (seen.dmy && seen.mdy) break;
    }
  } finally {
    source.close();
  }
  if (seen.dmy && seen.mdy) {
    throw new DataError(
      importPhrase('import.day_order_disagree', { file, dmyLine: seen.dmy.line, dmyColumn: seen.dmy.column, dmyValue: seen.dmy.value, mdyLine: seen.mdy.line, mdyColumn: seen.mdy.column, mdyValue: seen.mdy.value }),
      importPhrase('import.day_order_disagree_hint'),
    );
  }
  if (seen.dmy) return 'dmy';
  if (seen.mdy) return 'mdy';
  // No record at all (a header-only file): nothing to decide.
  const example = seen.ambiguous;
  if (!example) return 'none';
  throw new DataError(
    importPhrase('import.day_order_ambiguous', { file, line: example.line, column: example.column, value: example.value }),
    importPhrase('import.day_order_ambiguous_hint'),
  );
}
