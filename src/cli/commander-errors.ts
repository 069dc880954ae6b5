import { InvalidArgumentError } from 'commander';
import type { Phrase } from '../errors.js';
import { errorPhrase } from '../i18n/messages/errors.js';

/**
 * Commander's own refusals of a command line (an unknown option or command, a missing or bad value),
 * read back from the English it writes into phrases, so that main.ts prints them in the language in
 * force (issue 24). English output is Commander's text as it always was.
 */

/** The detail of the last value an option parser refused: Commander appends its English to its own words. */
let refused: Phrase | undefined;

/** A value an option or argument parser refuses (Commander exits 2 naming the option); `detail` says what was expected. */
export function invalidArgument(detail: Phrase): InvalidArgumentError {
  refused = detail;
  return new InvalidArgumentError(detail.text);
}

/** Commander's error text as its lines, without its `error: ` prefix and blank lines. */
export function commanderLines(text: string): string[] {
  return text.trim().replace(/^error: /, '').split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

/** Commander's error text (`error: unknown option '--x'` …) as a phrase, or undefined for a form csops does not know (it stays English). */
export function commanderPhrase(text: string): Phrase | undefined {
  const lines = commanderLines(text);
  const suggested = lines.length === 2 ? /^\(Did you mean (.*)\?\)$/.exec(lines[1]!)?.[1] : undefined;
  if (lines.length > 2 || (lines.length === 2 && suggested === undefined)) return undefined;
  const line = lines[0]!;
  if (refused !== undefined && line === refused.text) return refused;
  const suggestion = suggested ?? null;
  let match: RegExpExecArray | null;
  if ((match = /^option '(.+)' argument '(.*)' is invalid\. (.*)$/.exec(line))) return errorPhrase('error.cli.bad_option_value', { option: match[1]!, value: match[2]!, detail: detail(match[3]!) });
  if ((match = /^command-argument value '(.*)' is invalid for argument '(.+)'\. (.*)$/.exec(line))) return errorPhrase('error.cli.bad_argument', { value: match[1]!, argument: match[2]!, detail: detail(match[3]!) });
  if ((match = /^unknown option '(.+)'$/.exec(line))) return errorPhrase('error.cli.unknown_option', { option: match[1]!, suggestion });
  if ((match = /^unknown command '(.+)'$/.exec(line))) return errorPhrase('error.cli.unknown_command', { command: match[1]!, suggestion });
  if (suggestion !== null) return undefined;
  if ((match = /^too many arguments for '(.+)'\. Expected (\d+) arguments? but got (\d+)\.$/.exec(line))) return errorPhrase('error.cli.too_many_arguments', { command: match[1]!, expected: Number(match[2]), got: Number(match[3]) });
  if ((match = /^missing required argument '(.+)'$/.exec(line))) return errorPhrase('error.cli.missing_argument', { argument: match[1]! });
  if ((match = /^required option '(.+)' not specified$/.exec(line))) return errorPhrase('error.cli.missing_option', { option: match[1]! });
  if ((match = /^option '(.+)' argument missing$/.exec(line))) return errorPhrase('error.cli.option_without_value', { option: match[1]! });
  return undefined;
}

/** What Commander appended: csops's parser's phrase, Commander's list of choices, or English as it came. */
function detail(text: string): string | Phrase {
  if (refused !== undefined && refused.text === text) return refused;
  const choices = /^Allowed choices are (.*)\.$/.exec(text);
  return choices ? errorPhrase('error.cli.choices', { choices: choices[1]! }) : text;
}
