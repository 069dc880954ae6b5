/**
 * The languages csops writes for people (issue 24): English, and Simplified Chinese for the teams
 * whose practices csops encodes. Data output (JSON, NDJSON, CSV keys and enum values), command and
 * option names stay English in every language: they are an API. A module of its own, importing
 * nothing, so the glossary and the catalogues can name a language without an import loop.
 */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
