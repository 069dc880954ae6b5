import { createHash } from 'node:crypto';
import { minorUnitDigits } from '../core/money.js';
import type { SqlValue } from '../db/upserts.js';
import type { FieldSpec, Kind } from './kinds.js';
import type { HeaderMapping } from './header-map.js';
import {
  Problem,
  parseBoolean,
  parseCurrency,
  parseDate,
  parseEnum,
  parseInstant,
  parseInteger,
  parseMoney,
  parseNumber,
  parseTags,
} from './values.js';

/** One thing wrong with one row: the column (canonical field or header) and what was expected. */
export interface CellProblem {
  column?: string;
  value?: string;
  expected: string;
}

export interface RowContext {
  timeZone: string;
  defaultCurrency: string;
  knownAccounts: ReadonlySet<string>;
  /** Surveys without a kind column: the scale decided for the whole file. */
  surveyKind?: 'nps' | 'csat';
}

/** A valid row: database column → value, and the key that identifies it within the file. */
export interface BuiltRow {
  key: string;
  values: Map<string, SqlValue>;
}

type FieldValues = Map<string, string | number | boolean | null>;

/** Parses every mapped cell by its field type. Money waits for the row's currency. */
export function parseFields(cells: readonly string[], header: readonly string[], mapping: HeaderMapping, context: RowContext, problems: CellProblem[]): FieldValues {
  const values: FieldValues = new Map();
  const currencyIndex = mapping.fieldIndex.get('currency');
  let currency = context.defaultCurrency;
  if (currencyIndex !== undefined) {
    const text = (cells[currencyIndex] ?? '').trim();
    if (text !== '') {
      const parsed = parseCurrency(text);
      if (parsed instanceof Problem) problems.push({ column: header[currencyIndex], value: text, expected: parsed.expected });
      else currency = parsed;
    }
  }
  values.set('currency', currency);
  mapping.targets.forEach((target, index) => {
    if (target === null || !('field' in target) || target.field.name === 'currency') return;
    const field = target.field;
    const text = (cells[index] ?? '').trim();
    if (text === '') {
      values.set(field.name, null);
      if (field.required) problems.push({ column: header[index], value: '', expected: `a value is required (${field.name})` });
      return;
    }
    const parsed = parseField(field, text, currency, context.timeZone);
    if (parsed instanceof Problem) {
      problems.push({ column: header[index], value: text, expected: parsed.expected });
      values.set(field.name, null);
    } else {
      values.set(field.name, parsed);
    }
  });
  return values;
}

function parseField(field: FieldSpec, text: string, currency: string, timeZone: string): string | number | boolean | Problem {
  const type = field.type;
  switch (type.kind) {
    case 'text':
      return text;
    case 'integer': {
      const value = parseInteger(text);
      return value instanceof Problem ? value : checkRange(value, type.min, type.max);
    }
    case 'number': {
      const value = parseNumber(text);
      return value instanceof Problem ? value : checkRange(value, type.min, undefined);
    }
    case 'money': {
      const value = parseMoney(text, currency);
      if (value instanceof Problem) return value;
      return type.min !== undefined && value < type.min ? new Problem(`expected an amount of 0 or more; ${field.name} cannot be negative`) : value;
    }
    case 'date':
      return parseDate(text, timeZone);
    case 'instant':
      return parseInstant(text, timeZone);
    case 'boolean':
      return parseBoolean(text);
    case 'currency':
      return parseCurrency(text);
    case 'tags':
      return parseTags(text);
    case 'enum':
      return parseEnum(text, type.synonyms, type.describe);
  }
}

function checkRange(value: number, min: number | undefined, max: number | undefined): number | Problem {
  if (min !== undefined && value < min) return new Problem(max === undefined ? `expected ${min} or more` : `expected a value from ${min} to ${max}`);
  if (max !== undefined && value > max) return new Problem(min === undefined ? `expected ${max} or less` : `expected a value from ${min} to ${max}`);
  return value;
}

/** The database columns a file writes, given the fields its header carries. */
export function columnsWritten(kind: Exclude<Kind, 'usage'>, present: ReadonlySet<string>): string[] {
  switch (kind) {
    case 'accounts': {
      const columns = ['account_id', 'name'];
      for (const name of ['industry', 'region', 'country', 'employees', 'owner', 'plan', 'channel', 'customer_since', 'tier_override', 'referrals', 'parent_account_id', 'domain']) {
        if (present.has(name)) columns.push(name);
      }
      const hasMoney = present.has('acquisition_cost') || present.has('custom_dev_amount');
      if (present.has('currency') || hasMoney) columns.push('currency');
      if (present.has('acquisition_cost')) columns.push('acquisition_cost_minor');
      if (present.has('custom_dev_amount')) columns.push('custom_dev_amount_minor');
      return columns;
    }
    case 'contracts': {
      const columns = ['contract_id', 'account_id', 'start_date', 'currency', 'arr_minor'];
      for (const name of ['end_date', 'status', 'plan', 'seats', 'auto_renew', 'type']) if (present.has(name)) columns.push(name);
      if (present.has('setup_fee')) columns.push('setup_fee_minor');
      return columns;
    }
    case 'tickets':
      return ['ticket_id', 'created_at', ...[
        'account_id', 'first_response_at', 'resolved_at', 'status', 'priority', 'type', 'subject', 'tags', 'assignee', 'channel', 'csat', 'first_response_minutes', 'resolution_minutes',
      ].filter((name) => present.has(name))];
    case 'surveys':
      return ['response_id', 'account_id', 'responded_at', 'kind', 'score', ...['comment', 'respondent', 'followed_up_at'].filter((name) => present.has(name))];
  }
}

/**
 * Applies the rules that span fields (SPEC §3): derived keys, ARR from MRR or amount and term,
 * dates in order, the survey scale, and that the account exists.
 */
export function finishRow(kind: Exclude<Kind, 'usage'>, fields: FieldValues, context: RowContext, problems: CellProblem[]): BuiltRow | undefined {
  const values = new Map<string, SqlValue>();
  for (const [name, value] of fields) values.set(name, typeof value === 'boolean' ? (value ? 1 : 0) : value);
  const text = (name: string) => (fields.get(name) ?? null) as string | null;
  const number = (name: string) => (fields.get(name) ?? null) as number | null;

  const accountId = text('account_id');
  if (kind !== 'accounts' && accountId !== null && !context.knownAccounts.has(accountId)) {
    problems.push({ column: 'account_id', value: accountId, expected: `an imported account; account "${accountId}" is unknown (import accounts first: csops import accounts <file>)` });
  }

  switch (kind) {
    case 'accounts': {
      values.set('acquisition_cost_minor', number('acquisition_cost'));
      values.set('custom_dev_amount_minor', number('custom_dev_amount'));
      break;
    }
    case 'contracts': {
      const start = text('start_date');
      const end = text('end_date');
      if (start !== null && end !== null && end < start) {
        problems.push({ column: 'end_date', value: end, expected: `an end date on or after the start date ${start}` });
      }
      const arr = contractArr(fields, text('currency')!, problems);
      values.set('arr_minor', arr);
      values.set('setup_fee_minor', number('setup_fee'));
      if (text('contract_id') === null && accountId !== null && start !== null) values.set('contract_id', `${accountId}:${start}`);
      break;
    }
    case 'tickets': {
      const created = text('created_at');
      for (const later of ['first_response_at', 'resolved_at']) {
        const at = text(later);
        if (created !== null && at !== null && at < created) problems.push({ column: later, value: at, expected: `a time on or after created_at ${created}` });
      }
      break;
    }
    case 'surveys': {
      const kindOfSurvey = (text('kind') as 'nps' | 'csat' | null) ?? context.surveyKind ?? null;
      const score = number('score');
      if (kindOfSurvey === null) {
        problems.push({ column: 'kind', expected: 'a survey kind (nps or csat)' });
      } else if (score !== null) {
        const [low, high] = kindOfSurvey === 'nps' ? [0, 10] : [1, 5];
        if (score < low || score > high) problems.push({ column: 'score', value: String(score), expected: `a ${kindOfSurvey.toUpperCase()} score from ${low} to ${high}` });
      }
      values.set('kind', kindOfSurvey);
      if (text('response_id') === null) {
        const identity = [accountId, text('responded_at'), kindOfSurvey, text('respondent') ?? ''].join('\u0000');
        values.set('response_id', `R-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`);
      }
      break;
    }
  }
  if (problems.length > 0) return undefined;
  const keyColumn = { accounts: 'account_id', contracts: 'contract_id', tickets: 'ticket_id', surveys: 'response_id' }[kind];
  return { key: String(values.get(keyColumn)), values };
}

/** ARR from the arr column, else MRR × 12, else amount × 12 ÷ term in months (rounded to the minor unit). */
function contractArr(fields: FieldValues, currency: string, problems: CellProblem[]): number | null {
  const arr = fields.get('arr') as number | null | undefined;
  if (arr !== null && arr !== undefined) return arr;
  const mrr = fields.get('mrr') as number | null | undefined;
  if (mrr !== null && mrr !== undefined) return mrr * 12;
  const amount = fields.get('amount') as number | null | undefined;
  const term = fields.get('term_months') as number | null | undefined;
  if (amount !== null && amount !== undefined && term) return Math.round((amount * 12) / term);
  problems.push({ column: 'arr', expected: `an ARR (or MRR, or amount with term_months) in ${currency} with at most ${minorUnitDigits(currency)} decimals` });
  return null;
}
