/** The output formats, apart from the renderers so that declaring --format loads none of them. */
export const FORMATS = ['table', 'json', 'ndjson', 'csv', 'md', 'html'] as const;
/** Commands that can write --format html (the others refuse it). */
export const HTML_COMMANDS = new Set(['report', 'value', 'renewals', 'risk']);
export type Format = (typeof FORMATS)[number];
