import { writeFileAtomically } from '../safe-files.js';

/**
 * JSON for people: two-space indents, but an array that fits on one line (business hours
 * [["09:00", "18:00"]], a list of modules) stays on it.
 */
export function formatConfigJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    const inline = `[${value.map((item) => formatConfigJson(item, '')).join(', ')}]`;
    if (!inline.includes('\n') && inline.length + indent.length <= 100) return inline;
    const inner = `${indent}  `;
    return `[\n${value.map((item) => `${inner}${formatConfigJson(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${formatConfigJson(item, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Replaces a config file atomically (a crash leaves the old file or the new one, never half of one). */
export function writeConfigFile(file: string, config: Record<string, unknown>): void {
  writeFileAtomically(file, (write) => write(`${formatConfigJson(config)}\n`), 'the config file');
}
