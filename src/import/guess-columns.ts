import { createHash } from 'node:crypto';
import { KIND_SPECS, normalizeHeader, type FieldSpec, type Kind } from './kinds.js';
import { parseDate, parseNumber, Problem } from './values.js';

/**
 * The signature of a file's header: the same columns, whatever their case, spacing or punctuation,
 * give the same signature, so a mapping saved for one month's export serves the next.
 */
export function headerSignature(header: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify(header.map(normalizeHeader)))
    .digest('hex')
    .slice(0, 16);
}

/** A column's name split into words: "OrgRef" and "org_ref" both give org, ref. */
function words(name: string): string[] {
  return name
    .normalize('NFKC')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** 0–1: how much the header's words look like the field's name or one of its aliases. */
function nameLikeness(header: string, field: FieldSpec): number {
  const headerWords = new Set(words(header));
  if (headerWords.size === 0) return 0;
  let best = 0;
  for (const name of [field.name, ...(field.aliases ?? [])]) {
    const nameWords = words(name);
    const shared = nameWords.filter((word) => headerWords.has(word)).length;
    const union = new Set([...nameWords, ...headerWords]).size;
    best = Math.max(best, shared / union);
    // Chinese headers have no spaces: containment is the useful test.
    if (nameWords.length === 1 && /\p{Script=Han}/u.test(name) && header.includes(name)) best = Math.max(best, 0.8);
  }
  return best;
}

/** 0–1: the share of the sample values that read as the field's type (dates as dates, amounts as numbers). */
function valueLikeness(samples: readonly string[], field: FieldSpec): number {
  const present = samples.filter((value) => value.trim() !== '');
  if (present.length === 0) return 0;
  const reads = (parse: (value: string) => unknown) => present.filter((value) => !(parse(value) instanceof Problem)).length / present.length;
  switch (field.type.kind) {
    case 'date':
    case 'instant':
      return reads((value) => parseDate(value, 'UTC'));
    case 'money':
    case 'number':
    case 'integer':
      return reads((value) => parseNumber(value));
    default: {
      // Identifiers carry digits (ACC-0042, 0013x00000AbC), names seldom do; dates and amounts are neither.
      const notDateOrAmount = 1 - Math.max(reads((value) => parseDate(value, 'UTC')), reads((value) => parseNumber(value)) * 0.5);
      const withDigits = present.filter((value) => /\d/.test(value)).length / present.length;
      return field.name.endsWith('_id') ? 0.6 * withDigits * notDateOrAmount : 0.4 * notDateOrAmount;
    }
  }
}

/**
 * The best column for each missing field among the columns no field has claimed: header words
 * first, sample values second; each column is proposed for one field at most. A field with no
 * plausible column gets none (the user is asked, or told to name one).
 */
export function guessColumns(kind: Kind, missing: readonly string[], header: readonly string[], unclaimed: ReadonlySet<number>, samples: readonly string[][]): Map<string, number> {
  const candidates: Array<{ field: string; column: number; score: number }> = [];
  for (const fieldName of missing) {
    const field = KIND_SPECS[kind].fields.find((candidate) => candidate.name === fieldName);
    if (!field) continue;
    for (const column of unclaimed) {
      const values = samples.map((row) => row[column] ?? '');
      const score = 2 * nameLikeness(header[column]!, field) + valueLikeness(values, field);
      if (score >= 0.6) candidates.push({ field: fieldName, column, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const guesses = new Map<string, number>();
  const used = new Set<number>();
  for (const { field, column } of candidates) {
    if (guesses.has(field) || used.has(column)) continue;
    guesses.set(field, column);
    used.add(column);
  }
  return guesses;
}
