/**
 * Issue 24's check that Chinese output holds no English words (report, alerts and demo copy, helper
 * i24r; the lead merges it with the other helpers' copies into english-words.ts). What may stay
 * English is taken out first: the data given (names, subjects, owners, tags from the user's files),
 * commands and options, paths and URLs, config keys, ids and codes (anything with a digit, anything
 * in capitals: ACC-0023, T-102994, 2026-W46, P90, ARR, SLA, USD), then every word of two letters or
 * more that is left is English that should not be there.
 */

/** The formats and values an option may name (--format json). */
const OPTION_VALUES = /^(?:json|ndjson|csv|md|html|table)$/;

export function englishWords(text: string, data: Iterable<string> = []): string[] {
  let rest = text;
  // Data first, longest first (a name that holds another name goes whole).
  for (const value of [...new Set(data)].filter((entry) => entry.trim() !== '').sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  rest = rest
    // URLs, paths and file names.
    .replace(/\b[a-z]+:\/\/\S+/gi, ' ')
    .replace(/[\w.~-]*\/[\w./~*-]*/g, ' ')
    .replace(/\b[\w-]+\.(?:csv|html|json|md|db|ics)\b/gi, ' ')
    // A command line: csops and the words, options and values that follow it.
    .replace(/\bcsops(?: +[\w.,|=@*~:'-]+)*/g, ' ')
    // An option, with a format it names.
    .replace(/(?:^|\s)--[a-z][a-z-]*(?: +([a-z]+))?/g, (whole, value: string | undefined) => (value !== undefined && !OPTION_VALUES.test(value) ? ` ${value}` : ' '))
    // Config keys (sla.escalation, vocabularies.ticket_status) and snake_case values (at_risk, resolved_by_data).
    .replace(/\b[a-z]+(?:_[a-z0-9]+)*(?:\.[a-z0-9_]+)+\b/g, ' ')
    .replace(/\b[a-z0-9]+(?:_[a-z0-9]+)+\b/g, ' ')
    // Ids and codes: a token with a digit, or in capitals.
    .replace(/[A-Za-z0-9-]*\d[A-Za-z0-9-]*/g, ' ')
    .replace(/\b[A-Z]{2,}s?\b/g, ' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

/** The text a reader sees of an HTML page: element text and the charts' labels, entities decoded; no markup, no CSS. */
export function visibleHtmlText(html: string): string {
  const labels = [...html.matchAll(/aria-label="([^"]*)"/g)].map((match) => match[1]!);
  const body = html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ');
  return [body, ...labels].join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Every string under the named keys of a JSON document (the user's data: names, owners, subjects …). */
export function dataStrings(document: unknown, keys: readonly string[]): string[] {
  const wanted = new Set(keys);
  const found: string[] = [];
  const walk = (value: unknown, key: string | null): void => {
    if (Array.isArray(value)) for (const entry of value) walk(entry, key);
    else if (value !== null && typeof value === 'object') for (const [name, entry] of Object.entries(value)) walk(entry, name);
    else if (typeof value === 'string' && key !== null && wanted.has(key)) found.push(value);
  };
  walk(document, null);
  return found;
}
