import { configJsonSchema } from './json-schema.js';
import { CONFIG_ENV } from './load.js';

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  prefixItems?: SchemaNode[];
  default?: unknown;
  description?: string;
  anyOf?: SchemaNode[];
}

/** Variables that set a key, besides the file (the database has CSOPS_DB beside --db). */
const ENV_OF: Record<string, string> = { database: 'CSOPS_DB', ...Object.fromEntries(CONFIG_ENV.map(({ variable, key }) => [key, variable])) };

/**
 * The README's configuration reference: one row per key with its type, default, environment
 * variable and description, generated from the JSON Schema (itself generated from the zod schema
 * that validates configs), so the reference cannot drift from what csops accepts.
 */
export function configReferenceMarkdown(): string {
  const rows: string[] = ['| key | type | default | env | meaning |', '|---|---|---|---|---|'];
  const visit = (node: SchemaNode, key: string, inheritedDefault: unknown) => {
    const fallback = node.default ?? inheritedDefault;
    if (node.properties && Object.keys(node.properties).length > 0) {
      for (const [name, child] of Object.entries(node.properties)) {
        if (name === '$schema') continue;
        const childDefault = fallback !== null && typeof fallback === 'object' ? (fallback as Record<string, unknown>)[name] : undefined;
        visit(child, key ? `${key}.${name}` : name, childDefault);
      }
      return;
    }
    const shownKey = typeof node.additionalProperties === 'object' ? `${key}.<name>` : key;
    rows.push(`| \`${shownKey}\` | ${cell(typeName(node))} | ${fallback === undefined ? '' : cell(`\`${JSON.stringify(fallback)}\``)} | ${ENV_OF[key] ? `\`${ENV_OF[key]}\`` : ''} | ${cell(node.description ?? '')} |`);
  };
  visit(configJsonSchema() as SchemaNode, '', undefined);
  return `${rows.join('\n')}\n`;
}

function typeName(node: SchemaNode): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' or ');
  if (node.anyOf) return node.anyOf.map(typeName).join(' or ');
  if (node.type === 'array') return node.items ? `list of ${typeName(node.items)}` : node.prefixItems ? `[${node.prefixItems.map(typeName).join(', ')}]` : 'list';
  if (node.type === 'object') return typeof node.additionalProperties === 'object' ? `map of ${typeName(node.additionalProperties)}` : 'object';
  return Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
}

/** A table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Replaces what lies between `<!-- name:begin -->` and `<!-- name:end -->`; throws when the markers are missing. */
export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${begin} … ${end}`);
  return `${text.slice(0, from + begin.length)}\n${content}${text.slice(to)}`;
}
