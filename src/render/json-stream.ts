/**
 * Writes a JSON document whose one large array is written element by element, so a report on
 * 20,000 accounts never becomes one giant string (STYLE §4: JSON streams row by row). The text is
 * the same as JSON.stringify(document, replacer, 2).
 */
export function writeJsonDocument(write: (text: string) => void, document: Record<string, unknown>, arrayKey: string, batch = 500, replacer?: (this: unknown, key: string, value: unknown) => unknown): void {
  const keys = Object.keys(document).filter((key) => document[key] !== undefined);
  write('{\n');
  keys.forEach((key, index) => {
    const comma = index < keys.length - 1 ? ',' : '';
    const value = document[key];
    if (key === arrayKey && Array.isArray(value) && value.length > 0) {
      write(`  ${JSON.stringify(key)}: [\n`);
      // Stringifying {key: chunk} nests the elements exactly as in the whole document; the wrapper
      // lines are cut off again.
      const head = `{\n  ${JSON.stringify(key)}: [\n`.length;
      const tail = '\n  ]\n}'.length;
      for (let start = 0; start < value.length; start += batch) {
        const text = JSON.stringify({ [key]: value.slice(start, start + batch) }, replacer, 2);
        write(text.slice(head, text.length - tail) + (start + batch < value.length ? ',\n' : '\n'));
      }
      write(`  ]${comma}\n`);
    } else {
      const shown = replacer ? replacer.call(document, key, value) : value;
      write(`  ${JSON.stringify(key)}: ${indent(JSON.stringify(shown, replacer, 2), 2)}${comma}\n`);
    }
  });
  write('}\n');
}

function indent(text: string, spaces: number): string {
  return text.replace(/\n/g, `\n${' '.repeat(spaces)}`);
}
