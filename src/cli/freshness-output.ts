// The freshness note (issue 16) every command that scores or reports prints on stderr, whatever the format.
import { staleNotes, type DataThrough } from '../core/freshness.js';
import type { CliRuntime } from './runtime.js';

export function printStaleness(runtime: CliRuntime, through: DataThrough, asOf: string): void {
  for (const note of staleNotes(through, asOf)) runtime.warn(note);
}
