import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../package-root.js';
import { configSchema } from './schema.js';

/** The JSON Schema shipped with the package, which `csops init` points a config's `$schema` at. */
export const CONFIG_SCHEMA_FILE = path.join(PACKAGE_ROOT, 'src', 'config', 'csops.config.schema.json');

/**
 * The config's JSON Schema, generated from the zod schema that validates it, so the two cannot
 * disagree (a test compares it with the shipped file). Input side: keys with defaults are optional.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'csops configuration', description: 'csops.config.json: the rules and settings of csops. Every key is optional; `csops config show` prints the effective values and where each came from.' };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** The `$schema` value for a config written to `configFile`: relative when the package sits below it (node_modules), else a file URL. */
export function schemaReferenceFor(configFile: string): string {
  const relative = path.relative(path.dirname(path.resolve(configFile)), CONFIG_SCHEMA_FILE).split(path.sep).join('/');
  return relative.startsWith('..') ? pathToFileURL(CONFIG_SCHEMA_FILE).href : `./${relative}`;
}

/** Run as a script (`npm run docs`): rewrites the shipped schema file. */
export function writeConfigJsonSchema(): void {
  fs.writeFileSync(CONFIG_SCHEMA_FILE, configJsonSchemaText());
}
