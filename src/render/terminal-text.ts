/**
 * Text from the data, made safe to show on a terminal (issue 17): an account name or a ticket subject
 * holding ESC, CSI, OSC (OSC 8 links included) or any other control character would otherwise clear the
 * screen, move the cursor, recolour the output or plant a link. Every such character is shown as a
 * visible `\xNN` (its code point in hex: `\x1b` for ESC, `\x07` for BEL, `\x9b` for the one-character
 * CSI U+009B), which leaves what follows it as plain printable text. Line feeds are kept (the table and
 * Markdown renderers fold them into one line, free text keeps its lines), and so are tabs in free text;
 * a carriage return before a line feed is dropped, one alone is shown as `\x0d` (it would overwrite the line).
 * CSV, JSON and NDJSON keep the data exactly; HTML escapes its own way.
 */

// C0 controls except tab and line feed, DEL, and the C1 controls U+0080–U+009F.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const UNSAFE_ALL = /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const UNSAFE_IN_CELL = /\r\n|[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;
const UNSAFE_CELL_CHAR = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

function visible(char: string): string {
  if (char === '\r\n') return '\n';
  return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** Free text (a heading, a comment, an error message): tabs and line breaks kept. */
export function terminalText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, visible) : text;
}

/** A table or Markdown cell: a tab too is shown as `\x09` (it would break the columns). */
export function terminalCell(text: string): string {
  return UNSAFE_CELL_CHAR.test(text) ? text.replace(UNSAFE_IN_CELL, visible) : text;
}

/** A value quoted in a message: a JSON string, with its control characters written `\xNN` as everywhere else. */
export function quotedValue(text: string): string {
  return terminalText(JSON.stringify(text).replace(/\\u00([01][0-9a-f]|7f)/g, '\\x$1'));
}

/**
 * A result with every string in it made terminal-safe (a copy; the input is not changed), for the
 * printers that write data into free text (headings, bullets) as well as into tables.
 */
export function terminalSafe<T>(value: T): T {
  if (typeof value === 'string') return terminalText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => terminalSafe(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = terminalSafe(item);
    return copy as T;
  }
  return value;
}
