// How csops value writes the statement; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { ValueResult } from '../commands/value.js';
import type { ValueStatement } from '../core/value-statement.js';
import { UsageError } from '../errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import type { Format } from '../render/formats.js';
import { terminalSafe } from '../render/terminal-text.js';
import { valueHtml, valueText } from '../render/value-statement.js';
import { printNotes, printStaleness } from './freshness-output.js';
import { fileNamePart } from './out-file.js';
import type { CliRuntime } from './runtime.js';
import { documentJson } from '../render/contract.js';
import { SAID } from '../core/health/phrases.js';
import type { Messages } from '../i18n/messages.js';

/** md, html and json are documents; table is the Markdown form on the terminal; rows (csv, ndjson) do not fit a statement. */
export function checkValueFormat(format: Format): 'md' | 'html' | 'json' | 'table' {
  if (format === 'csv' || format === 'ndjson') throw new UsageError(errorPhrase('error.value_format', { format }), errorPhrase('error.value_format_hint'));
  return format;
}

export function valuePlaceholders(statement: ValueStatement): Record<string, string> {
  const { period } = statement;
  return { account: fileNamePart(statement.account.account_id), period: fileNamePart(period.kind === 'contract' ? `contract-${period.from}` : period.kind === '12m' ? `12m-${period.to}` : period.label), from: period.from, to: period.to, as_of: statement.as_of };
}

/** The CSM's notes (what to configure or import), on stderr: never part of the statement. */
export function printValueNotes(runtime: CliRuntime, result: ValueResult): void {
  printStaleness(runtime, result.data_through, result.statement.as_of);
  printNotes(runtime, result.notes, result[SAID], 'info');
}

/** The statement in `format`; md, table and html in the language in force (json keeps its English sentences: an API). */
export function writeValue(statement: ValueStatement, format: 'md' | 'html' | 'json' | 'table', write: (text: string) => void, messages?: Messages): void {
  if (format === 'json') write(documentJson('value', statement));
  else if (format === 'html') write(valueHtml(statement, messages));
  // terminalSafe copies the plain data, not the sentences' keys beside it: they are made safe and passed on their own.
  else write(valueText(terminalSafe(statement), format === 'md', messages, terminalSafe(statement[SAID])));
}
