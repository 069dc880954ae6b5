import type { Argument, Option } from 'commander';

/** What shell completion offers for an option's value or for an argument. */
export interface CompletionValues {
  /** Fixed words, e.g. the tiers. */
  words?: readonly string[];
  /** File and folder names (alone, or beside the words). */
  files?: boolean;
  /** The value is a comma-separated list of the words (`--band at_risk,critical`). */
  commaSeparated?: boolean;
  /** For a variadic argument: what its later words complete to (`import`: a kind or a file first, then files). */
  then?: CompletionValues;
}

const recorded = new WeakMap<Option | Argument, CompletionValues>();

/**
 * Records, where an option or argument is declared, what `csops completion` offers for its value.
 * A value that must be one of a fixed list should use commander's `.choices()`, which completion reads
 * by itself; this is for values whose parser is more forgiving than a list (`--tier high`, bands
 * separated by commas, a kind that may be left out) and for paths.
 */
export function completeWith<T extends Option | Argument>(target: T, values: CompletionValues): T {
  recorded.set(target, values);
  return target;
}

/** What completion offers for `target`: what was recorded with completeWith, else its `.choices()`. */
export function completionValues(target: Option | Argument): CompletionValues | undefined {
  return recorded.get(target) ?? (target.argChoices ? { words: target.argChoices } : undefined);
}
