// The freshness note (issue 16) every command that scores or reports prints on stderr, whatever the format,
// and the commands' other notes, in the language in force (issue 24).
import { SOURCES, staleNotes, type DataThrough } from '../core/freshness.js';
import { notesIn, type Said } from '../i18n/notes.js';
import type { CliRuntime } from './runtime.js';

export function printStaleness(runtime: CliRuntime, through: DataThrough, asOf: string): void {
  if (runtime.messages.language === 'en') {
    for (const note of staleNotes(through, asOf)) runtime.warn(note);
    return;
  }
  const t = runtime.messages.t;
  for (const kind of SOURCES) {
    const { stale, last_day: day, days_behind: behind, working_days_behind: working } = through[kind];
    if (!stale || day === null || behind === null) continue;
    runtime.warn(t('stale.note', { source: t(`stale.${kind}`), day, behind, working, asOf, consequence: t(`stale.consequence.${kind}`, { day }) }));
  }
}

/** A result's notes (warnings unless `how` says info), in the reader's language when the result kept them as keys. */
export function printNotes(runtime: CliRuntime, english: readonly string[], said: readonly Said[] | undefined, how: 'warn' | 'info' = 'warn'): void {
  for (const note of notesIn(runtime.messages, english, said)) runtime[how](note);
}
