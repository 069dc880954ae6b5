import { createHash } from 'node:crypto';
import { KIND_SPECS, normalizeHeader, type FieldSpec, type Kind } from './kinds.js';
import { parseCurrency, parseDate, parseNumber, Problem } from './values.js';
import type { Phrase } from '../errors.js';
import { importPhrase } from '../i18n/messages/import.js';

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
    case 'integer': {
      const numeric = reads((value) => parseNumber(value));
      // A column holding one value all the way down (Qualtrics' Status 0, Finished 1) is a flag, not a
      // measure such as a score: half the weight.
      return present.length >= 3 && new Set(present).size === 1 ? numeric / 2 : numeric;
    }
    default: {
      // An IP address, an e-mail or a web address is not an account's or a record's id.
      if (field.name.endsWith('_id') && present.some((value) => NOT_AN_ID.test(value.trim()))) return 0;
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
 * plausible column gets none (the user is asked, or told to name one). Guesses are checked against
 * the values: a column whose name says it is another field of the kind ("First Response Time") is
 * not proposed; nor, as a creation time, a date years before the row's other dates ("Date of
 * Purchase"); nor, as an id, small whole numbers ("Deal No") when another column names the account.
 * `minScore` raises the bar (hints about optional columns want strong evidence).
 */
/**
 * Fields guessed only from a column's name, never from its values alone: a contract file's unnamed
 * dates are end dates far more often than cancellation days.
 */
const NAMED_ONLY: ReadonlySet<string> = new Set(['cancelled_on']);

export function guessColumns(
  kind: Kind,
  missing: readonly string[],
  header: readonly string[],
  unclaimed: ReadonlySet<number>,
  samples: readonly string[][],
  minScore = 0.6,
): Map<string, number> {
  const fields = KIND_SPECS[kind].fields;
  const candidates: Array<{ field: string; column: number; score: number }> = [];
  for (const fieldName of missing) {
    const field = fields.find((candidate) => candidate.name === fieldName);
    if (!field) continue;
    for (const column of unclaimed) {
      const values = samples.map((row) => row[column] ?? '');
      const name = header[column]!;
      // The ARR question takes an MRR or an amount too: "MonthlyCharges" answers it (as mrr, see moneyFieldFor).
      const own = field.name === 'arr' ? Math.max(...['arr', 'mrr', 'amount'].map((money) => nameLikeness(name, fields.find((f) => f.name === money)!))) : nameLikeness(name, field);
      // "Deal No", "Order ID": a number that names a thing is not an amount or a date.
      if (['money', 'number', 'date', 'instant'].includes(field.type.kind) && words(name).some((word) => IDENTIFIER_WORDS.has(word))) continue;
      // "Status", "Progress", "Finished": a state or a flag written as a number is not a score or an amount.
      if (['money', 'number', 'integer'].includes(field.type.kind) && own === 0 && words(name).some((word) => STATE_WORDS.has(word))) continue;
      // Named for another field of the kind, and not for this one.
      if (fields.some((other) => other !== field && !sameFamily(other.name, field.name) && nameLikeness(name, other) >= 0.5 && nameLikeness(name, other) > own)) continue;
      if (CREATION_TIMES.has(field.name) && datesYearsBeforeTheRow(column, header, unclaimed, samples)) continue;
      if (NAMED_ONLY.has(field.name) && own === 0) continue;
      if (field.name === 'account_id' && smallWholeNumbers(values) && header.some((other, index) => index !== column && namesAnAccount(other))) continue;
      const score = 2 * own + valueLikeness(values, field);
      if (score >= minScore) candidates.push({ field: fieldName, column, score });
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

const NOT_AN_ID = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[^@\s]+@[^@\s]+\.[^@\s]+|https?:\/\/\S+)$/i;

const STATE_WORDS = new Set(['status', 'state', 'stage', 'progress', 'finished', 'flag', 'type', 'version', 'duration', 'latitude', 'longitude']);

const IDENTIFIER_WORDS = new Set(['id', 'no', 'nr', 'num', 'number', 'code', 'key', 'ref', 'reference']);

/** arr, mrr and amount are one question ("arr (or mrr, …)"); so are the minute and hour spans. */
function sameFamily(a: string, b: string): boolean {
  const family = (name: string) => (['arr', 'mrr', 'amount'].includes(name) ? 'money' : name.replace(/_(minutes|hours)$/, ''));
  return family(a) === family(b);
}

/** Fields that record when the row's thing was created: never years before the row's other times. */
const CREATION_TIMES = new Set(['created_at', 'responded_at', 'timestamp']);

/** In most sample rows, the column's date is a year or more before the latest other date of the row. */
function datesYearsBeforeTheRow(column: number, header: readonly string[], unclaimed: ReadonlySet<number>, samples: readonly string[][]): boolean {
  let before = 0;
  let compared = 0;
  for (const row of samples) {
    const own = dayOf(row[column] ?? '');
    if (own === undefined) continue;
    let latest: string | undefined;
    header.forEach((_, index) => {
      if (index === column || !unclaimed.has(index)) return;
      const other = dayOf(row[index] ?? '');
      if (other !== undefined && (latest === undefined || other > latest)) latest = other;
    });
    if (latest === undefined) continue;
    compared++;
    if (Date.parse(latest) - Date.parse(own) >= 365 * 86_400_000) before++;
  }
  return compared > 0 && before * 2 > compared;
}

function dayOf(text: string): string | undefined {
  if (text.trim() === '' || /^\d+(\.\d+)?$/.test(text.trim())) return undefined;
  const day = parseDate(text, 'UTC', 'mdy');
  return day instanceof Problem ? undefined : day;
}

function smallWholeNumbers(values: readonly string[]): boolean {
  const present = values.map((value) => value.trim()).filter((value) => value !== '');
  return present.length > 0 && present.every((value) => /^\d{1,6}$/.test(value));
}

const ACCOUNT_WORDS = new Set(['account', 'customer', 'company', 'client', 'organization', 'organisation', 'org', '客户', '公司']);

function namesAnAccount(name: string): boolean {
  return words(name).some((word) => ACCOUNT_WORDS.has(word)) || /客户|公司/.test(name);
}

/**
 * The field a guessed money column should feed: the question asks for "arr (or mrr, …)", but a
 * column named for a month ("MonthlyCharges", "MRR") is monthly, and read as arr it would be a
 * twelfth of the truth.
 */
export function moneyFieldFor(field: string, headerName: string): string {
  if (field !== 'arr') return field;
  const named = words(headerName);
  if (named.some((word) => ['monthly', 'month', 'mrr', 'mo', 'per month', '月'].includes(word)) || /月/.test(headerName)) return 'mrr';
  return field;
}

/** How a hint names what an optional field is: "the contract end". */
/** What a column's values look like, for hints: dates, amounts or currency codes (else nothing). */
function looksLike(values: readonly string[], field: FieldSpec): 'dates' | 'money' | 'currency' | undefined {
  const present = values.map((value) => value.trim()).filter((value) => value !== '');
  if (present.length === 0) return undefined;
  const all = (test: (value: string) => boolean) => present.every(test);
  switch (field.type.kind) {
    case 'date':
    case 'instant':
      return all((value) => dayOf(value) !== undefined) ? 'dates' : undefined;
    case 'money':
      return all((value) => !(parseNumber(value.replace(/^[^\d-]+/, '')) instanceof Problem)) && present.some((value) => /[.,$€£¥]/.test(value) || Number(value) >= 100) ? 'money' : undefined;
    case 'currency':
      return all((value) => /^[A-Za-z]{3}$/.test(value) && !(parseCurrency(value) instanceof Problem)) ? 'currency' : undefined;
    default:
      return undefined;
  }
}

/**
 * Hints for columns an import leaves unread although their values look like an optional field's
 * (dates, money, a currency code): `column "Closes" looks like dates; --map "Closes=end_date" would
 * read it as the contract end`. Only strong guesses (name and values) are hinted.
 */
export function unreadColumnHints(kind: Kind, header: readonly string[], ignored: ReadonlySet<number>, mappedFields: ReadonlySet<string>, samples: readonly string[][]): Phrase[] {
  const fields = KIND_SPECS[kind].fields.filter((field) => !mappedFields.has(field.name) && ['date', 'instant', 'money', 'currency'].includes(field.type.kind));
  const guesses = guessColumns(kind, fields.map((field) => field.name), header, ignored, samples, 1);
  const hints: Phrase[] = [];
  for (const [fieldName, column] of [...guesses].sort((a, b) => a[1] - b[1])) {
    const field = fields.find((candidate) => candidate.name === fieldName)!;
    // Values alone say which field only when one unread field takes such values (contracts: end_date).
    const rivals = fields.filter((other) => sameValueKind(other, field) && !NAMED_ONLY.has(other.name)).length;
    const named = namedFor(header[column]!, field);
    if (!named && rivals > 1) continue;
    // Helpdesk exports carry many timestamps (Updated, Due by, Last viewed): one whose name does not
    // say what it is must not be proposed as a ticket's first reply on its values alone.
    if (!named && (kind === 'tickets' || kind === 'surveys')) continue;
    // A record's own bookkeeping (CreatedDate, LastModifiedDate, SystemModstamp) is no business date.
    if (!named && words(header[column]!).some((word) => BOOKKEEPING_WORDS.has(word))) continue;
    const kindOfValue = looksLike(samples.map((row) => row[column] ?? ''), field);
    if (!kindOfValue) continue;
    const target = moneyFieldFor(fieldName, header[column]!);
    const said = { column: header[column]!, looks: importPhrase('import.hint.looks', { what: kindOfValue }), target, meaning: importPhrase('import.hint.meaning', { field: target }) };
    // A guess from the values alone is said as a guess.
    hints.push(importPhrase(named ? 'import.hint.unread_named' : 'import.hint.unread_values', said));
  }
  return hints;
}

const BOOKKEEPING_WORDS = new Set(['created', 'create', 'modified', 'modstamp', 'updated', 'update', 'last', 'viewed', 'activity', 'system', 'deleted', 'due']);

/**
 * Whether a guessed column may be named in an off-terminal hint: an amount needs its name to say what
 * it is (values alone cannot tell ARR from a discount, a quantity or a profit); ids and dates may be
 * guessed from their values (the user checks the flag before running it).
 */
export function hintable(kind: Kind, fieldName: string, header: string): boolean {
  const fields = KIND_SPECS[kind].fields;
  const field = fields.find((candidate) => candidate.name === fieldName);
  if (!field || !['money', 'number'].includes(field.type.kind)) return true;
  const family = fieldName === 'arr' ? ['arr', 'mrr', 'amount'] : [fieldName];
  return family.some((name) => namedFor(header, fields.find((candidate) => candidate.name === name)!)) || /金额|年费|费/.test(header);
}

/** Words every date or time column shares: "CreatedDate" is not named for the contract end by its "date". */
const GENERIC_WORDS = new Set(['date', 'time', 'at', 'on', 'day', 'dt', 'utc', 'in', 'of', 'the']);

/** The header shares a word other than a generic one with the field's name or an alias (Chinese by containment). */
function namedFor(header: string, field: FieldSpec): boolean {
  const headerWords = new Set(words(header).filter((word) => !GENERIC_WORDS.has(word)));
  return [field.name, ...(field.aliases ?? [])].some(
    (name) => words(name).some((word) => !GENERIC_WORDS.has(word) && headerWords.has(word)) || (/\p{Script=Han}/u.test(name) && header.includes(name)),
  );
}

function sameValueKind(a: FieldSpec, b: FieldSpec): boolean {
  const group = (field: FieldSpec) => (field.type.kind === 'instant' ? 'date' : field.type.kind);
  return group(a) === group(b);
}
