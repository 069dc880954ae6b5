// --out for the commands that write a document (report, value, renewals and risk as HTML).
import path from 'node:path';
import { writeFileAtomically } from '../safe-files.js';
import type { CliRuntime } from './runtime.js';

/** reports/{week}.md → reports/2026-W47.md. Unknown placeholders are left as they are. */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A value made safe as part of a file name: path separators and control characters become "-". */
export function fileNamePart(text: string): string {
  return text.replace(/[/\\\x00-\x1f\x7f:*?"<>|]+/g, '-');
}

/**
 * Writes the document to stdout, or with --out to the file the template names (placeholders filled,
 * folders created, replaced whole: a FIFO, device or folder is refused with exit 73) and prints its path.
 */
export function writeDocument(runtime: CliRuntime, out: string | undefined, placeholders: Readonly<Record<string, string>>, produce: (write: (text: string) => void, tty: boolean) => void): void {
  if (out === undefined) {
    produce(runtime.out, runtime.stdoutIsTty);
    return;
  }
  const target = path.resolve(runtime.context.cwd, fillPlaceholders(out, placeholders));
  writeFileAtomically(target, (write) => produce(write, false));
  runtime.out(`${target}\n`);
}
