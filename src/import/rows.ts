import { importPhrase } from '../i18n/messages/import.js';
import type { Phrase } from '../errors.js';
import { DEFAULT_NO_END_YEAR } from '../config/vocabularies.js';
import { createHash } from 'node:crypto';
import { classifyDeal, classifySubscription, contractArr, termEnd } from './contract-sources.js';
import type { CellProblem } from './table-source.js';
import type { SqlValue } from '../db/upserts.js';
import { KIND_SPECS, type EnumType, type FieldSpec, type Kind } from './kinds.js';
import type { HeaderMapping } from './header-map.js';
import type { FileDayOrder } from './date-dialects.js';
import { isMangledId, type NumberStyle } from './number-dialects.js';
import { accountAtDomain, normalizeDomain, resolveOrganization, type AccountIndex } from '../core/account-match.js';
import { vocabularyKey } from '../config/vocabularies.js';
import {
  Problem,
  expectation,
  said,
  currencyNamedBy,
  parseCsat,
  parseDuration,
  parseBoolean,
  parseCurrency,
  parseDate,
  parseEnum,
  parseInstant,
  parseInteger,
  parseMoney,
  parseNumber,
  parseTags,
  classifyValue,
  configuredVocabulary,
  emptySpelling,
  isNoEndDate,
  NullSpellings,
  ValueTally,
  type Vocabularies,
} from './values.js';


export interface RowContext {
  timeZone: string;
  defaultCurrency: string;
  knownAccounts: ReadonlySet<string>;
  /** Account names and domains, for tickets that name an organisation or a requester instead of an id. */
  accountIndex?: AccountIndex;
  /** Contract id → account id, for usage events keyed by a subscription. */
  accountOfSubscription?: ReadonlyMap<string, string>;
  /** Surveys without a kind column: the scale decided for the whole file. */
  surveyKind?: 'nps' | 'csat';
  /** The day/month order of the file's day-month dates, decided once for the file. */
  dayOrder?: FileDayOrder;
  /** The file writes decimals with a comma (semicolon-separated European exports). */
  decimalComma?: boolean;
  /** The config's `vocabularies` maps (value as written → canonical value, per field). */
  vocabularies?: Vocabularies;
  /** The config's `import.null_values` (default DEFAULT_NULL_VALUES). */
  nullValues?: readonly string[];
  /** The config's `import.no_end_year` (default DEFAULT_NO_END_YEAR): contract end dates from then on are "no end". */
  noEndYear?: number;
  /** Surveys without a kind column: the derived response ids (R-…) already stored, with kind and score (see the surveys rule). */
  derivedSurveyIds?: ReadonlyMap<string, StoredSurvey>;
  /** Where the reader counts null spellings, placeholder dates and unknown vocabulary values. */
  tally?: ValueTally;
  /** Account id → the currency all its stored contracts share: money without a currency column takes it. */
  currencyOfAccount?: ReadonlyMap<string, string>;
  /** Contact id → its account (null when the contact landed unmatched): contact roles and touchpoints. */
  accountOfContact?: ReadonlyMap<string, string | null>;
}

type FieldValue = string | number | null;

/** A stored survey response's kind and score. */
export type StoredSurvey = readonly [kind: string, score: number];

export interface RowBuilder {
  columns: string[];
  /**
   * Appends a valid row's database values (in the order of `columns`) to `out` and returns its key.
   * A row the kind's rules set aside (a lost or open deal) appends nothing, has no problems, and
   * returns undefined: skipped, not rejected; `outcomes` counts why.
   */
  build(cells: readonly string[], problems: CellProblem[], out: SqlValue[]): string | undefined;
  /** Counts the rules keep while reading (deal outcomes, guessed end dates), for the import's notes. */
  outcomes: Map<string, number>;
}

/** What a kind's rules say of a row: SKIP_ROW sets it aside (not a contract), without a problem. */
const SKIP_ROW = true;
type RowRule = (values: FieldValue[], withText: boolean[], problems: CellProblem[]) => boolean | void;

export function unknownAccount(accountId: string): Phrase {
  return importPhrase('import.expected.unknown_account', { id: accountId });
}

/**
 * Compiles, once per file, how each mapped column is parsed and how a row's database values are
 * assembled, so the per-row work is a loop over arrays (files can have hundreds of thousands of rows).
 * Each canonical field has a slot; a database column reads a field's slot, or (for money and
 * derived keys) a slot the kind's rules fill.
 */
export function compileRowBuilder(kind: Exclude<Kind, 'usage'>, header: readonly string[], mapping: HeaderMapping, context: RowContext): RowBuilder {
  const fields = KIND_SPECS[kind].fields;
  const slots = new Map(fields.map((field, index) => [field.name, index]));
  for (const column of DERIVED_COLUMNS) if (!slots.has(column)) slots.set(column, slots.size);
  const slot = (name: string) => slots.get(name)!;
  const style = { decimalComma: context.decimalComma ?? false };
  const parsedColumns = [...mapping.fieldIndex]
    .filter(([name]) => name !== 'currency')
    .map(([name, column]) => {
      const field = fields[slot(name)]!;
      const open = field.type.kind === 'enum' ? field.type.open : undefined;
      return {
        column, more: mapping.repeated.get(name), backup: mapping.backup?.get(name), field, slot: slot(name), parse: fieldParser(field, context, style, header[column]),
        // An open vocabulary keeps the value as written beside the normalised one.
        rawSlot: open ? slot(`${field.name}_raw`) : undefined,
        vocabulary: open?.vocabulary,
      };
    });
  const nulls = new NullSpellings(context.nullValues);
  const noEndYear = context.noEndYear ?? DEFAULT_NO_END_YEAR;
  const tally = context.tally ?? new ValueTally();
  for (const { vocabulary, field } of parsedColumns) {
    if (vocabulary && field.type.kind === 'enum') tally.unmappedAs.set(vocabulary, field.type.open?.other ?? null);
  }
  // What a row read as empty or could not classify is counted once the row is known to be valid.
  const counted: Array<[Map<string, Map<string, number>>, string, string]> = [];
  const currencyColumn = mapping.fieldIndex.get('currency');
  const columns = columnsWritten(kind, new Set(mapping.fieldIndex.keys()));
  const columnSlots = columns.map((column) => slot(column));
  const keySlot = slot(KIND_SPECS[kind].key[0]!);
  const currencySlot = slot('currency');
  const outcomes = new Map<string, number>();
  const applyRules = rulesOf(kind, slot, context, new Set(mapping.fieldIndex.keys()), outcomes);
  const moneyColumns = parsedColumns.filter(({ field }) => field.type.kind === 'money').map(({ column }) => column);
  // No currency column: a row's money is in its account's contract currency when they share one, else
  // the config's; counted (currency:<source>) so the import says which, once per file.
  const accountColumn = mapping.fieldIndex.get('account_id');
  // Only a file without a currency column: an empty cell in one is the config's currency, as before.
  const countCurrency = currencyColumn === undefined && moneyColumns.length > 0;
  const currencyOfAccount = countCurrency ? context.currencyOfAccount : undefined;

  // One scratch row, reused: a row's values are copied to `out` before the next row starts.
  const values: FieldValue[] = new Array(slots.size).fill(null);
  const withText: boolean[] = new Array(slots.size).fill(false);
  return {
    columns,
    outcomes,
    build(cells, problems, out) {
      counted.length = 0;
      const problemsBefore = problems.length;
      values.fill(null);
      withText.fill(false);
      let currency = context.defaultCurrency;
      const currencyText = currencyColumn === undefined ? '' : cellText(cells[currencyColumn]);
      if (currencyText !== '') {
        const parsed = parseCurrency(currencyText);
        if (parsed instanceof Problem) problems.push({ column: header[currencyColumn!], value: currencyText, ...expectation(parsed) });
        else currency = parsed;
      } else {
        // No currency column: an amount written with its currency ("¥5,460,000") sets the row's.
        let named: string | undefined;
        for (const column of moneyColumns) {
          named = currencyNamedBy(cellText(cells[column]), currency, style);
          if (named) {
            currency = named;
            break;
          }
        }
        if (!named && countCurrency) {
          const ofAccount = currencyOfAccount && accountColumn !== undefined ? currencyOfAccount.get(cellText(cells[accountColumn])) : undefined;
          if (ofAccount) currency = ofAccount;
          const key = ofAccount ? `currency:contracts:${ofAccount}` : 'currency:config';
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      }
      values[currencySlot] = currency;
      for (const { column, more, backup, field, slot: target, parse, rawSlot, vocabulary } of parsedColumns) {
        // A repeated column (Jira's several "Labels") adds its values to the first one's.
        let text = more ? [column, ...more].map((index) => cellText(cells[index])).filter(Boolean).join(',') : cellText(cells[column]);
        // A preset's backup column stands in for an empty one (Stripe: Description for an empty Name).
        if (text === '' && backup !== undefined) text = cellText(cells[backup]);
        if (text !== '') {
          // NaN, None, N/A, Excel's zero date…: no value, counted for the import's notes.
          const empty = emptySpelling(text, field.type, nulls);
          if (empty !== undefined) {
            counted.push([empty === 'null' ? tally.nulls : tally.placeholders, field.name, text]);
            text = '';
          } else if (field.name === 'end_date' && isNoEndDate(text, noEndYear)) {
            counted.push([tally.noEnds, field.name, text]);
            text = '';
          }
        }
        if (text === '') {
          if (field.required) problems.push({ column: header[column], ...said(importPhrase('import.expected.required', { field: field.name })) });
          continue;
        }
        withText[target] = true;
        const parsed = parse(text, currency);
        if (rawSlot !== undefined) {
          values[rawSlot] = text;
          if (parsed === UNMAPPED) {
            counted.push([tally.unmapped, vocabulary!, text]);
            values[target] = (field.type as EnumType).open?.other ?? null;
            continue;
          }
        }
        if (parsed instanceof Problem) problems.push({ column: header[column], value: text, ...expectation(parsed) });
        else if (parsed !== null && parsed !== UNMAPPED) values[target] = parsed;
      }
      if (applyRules(values, withText, problems) === SKIP_ROW) {
        // A row set aside is not read further: its cells' problems do not matter (a malformed row does).
        problems.length = problemsBefore;
        return undefined;
      }
      if (problems.length > 0) return undefined;
      for (const [counts, column, text] of counted) ValueTally.add(counts, column, text);
      for (const index of columnSlots) out.push(values[index]!);
      return String(values[keySlot]);
    },
  };
}

/** Database columns computed from fields rather than read from one. */
// organization: surveys keep the account they name (tickets have it as a field).
const DERIVED_COLUMNS = ['acquisition_cost_minor', 'custom_dev_amount_minor', 'arr_minor', 'setup_fee_minor', 'status_raw', 'priority_raw', 'type_raw', 'role_raw', 'organization'];

/** Salesforce writes an empty lookup as this id of zeros. */
const SALESFORCE_EMPTY_ID = '000000000000000AAA';

function cellText(cell: string | undefined): string {
  const text = (cell ?? '').trim();
  return text === SALESFORCE_EMPTY_ID ? '' : text;
}

/** An open vocabulary's value that no map knows (kept raw, normalised to `other` or NULL). */
const UNMAPPED = Symbol('unmapped vocabulary value');

type FieldParser = (text: string, currency: string) => string | number | null | Problem | typeof UNMAPPED;

/** How one field's cell text is read, chosen once per file (the per-cell work is then one call). */
function fieldParser(field: FieldSpec, context: RowContext, style: NumberStyle, headerName = field.name): FieldParser {
  const type = field.type;
  switch (type.kind) {
    case 'text':
      if (!field.name.endsWith('_id')) return (text) => text;
      return (text) =>
        isMangledId(text)
          ? new Problem(importPhrase('import.expected.full_id'))
          : text;
    case 'integer':
      return (text) => {
        const value = parseInteger(text, style);
        return value instanceof Problem ? value : checkRange(value, type.min, type.max);
      };
    case 'number':
      return (text) => {
        const value = parseNumber(text, style);
        return value instanceof Problem ? value : checkRange(value, type.min, undefined);
      };
    case 'money':
      return (text, currency) => {
        const value = parseMoney(text, currency, style);
        if (value instanceof Problem) return value;
        return type.min !== undefined && value < type.min ? new Problem(importPhrase('import.expected.non_negative_amount', { field: field.name })) : value;
      };
    case 'date':
      return (text) => parseDate(text, context.timeZone, context.dayOrder);
    case 'instant':
      return (text) => parseInstant(text, context.timeZone, context.dayOrder);
    case 'boolean':
      return remembered((text) => {
        const value = parseBoolean(text);
        return value instanceof Problem ? value : value ? 1 : 0;
      });
    case 'currency':
      return remembered(parseCurrency);
    case 'tags':
      return remembered(parseTags);
    case 'enum': {
      const open = type.open;
      if (!open) return remembered((text) => parseEnum(text, type.synonyms, type.canonical));
      const configured = configuredVocabulary(context.vocabularies, open.vocabulary);
      return remembered((text) => classifyValue(text, type, configured) ?? UNMAPPED);
    }
    case 'duration': {
      // JSM and some exports name a column "Time to resolution" and fill it with the moment of
      // resolution: a date is not a span, and the message names the field it would be.
      const moment = field.name.startsWith('resolution') ? 'resolved_at' : 'first_response_at';
      return (text) => {
        const span = parseDuration(text, type.unit, style);
        if (!(span instanceof Problem) || !/\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(text) || parseInstant(text, context.timeZone, context.dayOrder) instanceof Problem) return span;
        return new Problem(importPhrase('import.expected.span_not_moment', { field: field.name, header: headerName, moment }));
      };
    }
    case 'csat':
      return remembered(parseCsat);
  }
}

/**
 * A parser that depends on the text alone, remembering its answers: enumerations, tags and flags
 * repeat a few spellings down a column, so most cells are one lookup. Bounded for columns that don't.
 */
function remembered(parse: (text: string) => string | number | null | Problem | typeof UNMAPPED): FieldParser {
  const answers = new Map<string, string | number | null | Problem | typeof UNMAPPED>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = parse(text);
      if (answers.size >= 10_000) answers.clear();
      answers.set(text, answer);
    }
    return answer;
  };
}

/** "expected a value from 1 to 5": built only for a value out of range (no work per cell in range). */
function rangePhrase(min: number, max: number): Phrase {
  return importPhrase('import.expected.between', { min: String(min), max: String(max) });
}

function checkRange(value: number, min: number | undefined, max: number | undefined): number | Problem {
  if (min !== undefined && value < min) return new Problem(max === undefined ? importPhrase('import.expected.at_least', { min: String(min) }) : rangePhrase(min, max));
  if (max !== undefined && value > max) return new Problem(min === undefined ? importPhrase('import.expected.at_most', { max: String(max) }) : rangePhrase(min, max));
  return value;
}

/** The database columns a file writes, given the fields its header carries. */
export function columnsWritten(kind: Exclude<Kind, 'usage'>, present: ReadonlySet<string>): string[] {
  const ifPresent = (names: string[]) => names.filter((name) => present.has(name));
  switch (kind) {
    case 'accounts': {
      const hasMoney = present.has('acquisition_cost') || present.has('custom_dev_amount');
      return [
        'account_id', 'name',
        ...ifPresent(['industry', 'region', 'country', 'employees', 'owner', 'plan', 'channel', 'customer_since', 'tier_override', 'referrals', 'parent_account_id', 'domain']),
        ...(present.has('currency') || hasMoney ? ['currency'] : []),
        ...(present.has('acquisition_cost') ? ['acquisition_cost_minor'] : []),
        ...(present.has('custom_dev_amount') ? ['custom_dev_amount_minor'] : []),
      ];
    }
    case 'contracts':
      return [
        'contract_id', 'account_id', 'start_date', 'currency', 'arr_minor',
        // A won deal's end is read or guessed (12 months from its close), so deal files write it.
        ...(present.has('end_date') || present.has('deal_stage') || present.has('is_won') ? ['end_date'] : []),
        ...(present.has('status') || present.has('subscription_status') ? ['status'] : []),
        ...ifPresent(['plan', 'seats', 'auto_renew', 'type', 'cancelled_on']),
        ...ifPresent(['status', 'type']).map((name) => `${name}_raw`),
        ...(present.has('setup_fee') ? ['setup_fee_minor'] : []),
      ];
    case 'tickets':
      return [
        'ticket_id', 'created_at',
        ...(['account_id', 'organization', 'requester_email', 'requester_domain'].some((name) => present.has(name)) ? ['account_id', 'organization'] : []),
        ...ifPresent(['first_response_at', 'resolved_at', 'status', 'priority', 'type', 'subject', 'tags', 'assignee', 'channel', 'csat']),
        ...ifPresent(['status', 'priority', 'type']).map((name) => `${name}_raw`),
        ...(present.has('first_response_minutes') || present.has('first_response_hours') ? ['first_response_minutes'] : []),
        ...(present.has('resolution_minutes') || present.has('resolution_hours') ? ['resolution_minutes'] : []),
      ];
    case 'surveys':
      return ['response_id', 'account_id', 'organization', 'responded_at', 'kind', 'score', ...ifPresent(['comment', 'respondent', 'followed_up_at'])];
    case 'contacts':
      return [
        'contact_id',
        ...(['account_id', 'organization', 'email'].some((name) => present.has(name)) ? ['account_id', 'organization'] : []),
        ...(['name', 'first_name', 'last_name'].some((name) => present.has(name)) ? ['name'] : []),
        ...ifPresent(['email', 'title', 'phone', 'role', 'is_primary', 'is_decision_maker', 'status', 'left_at', 'last_activity_at', 'created_at']),
        ...ifPresent(['role', 'status']).map((name) => `${name}_raw`),
      ];
    case 'contact_roles':
      return ['role_id', 'contact_id', 'role', 'role_raw', ...ifPresent(['opportunity_id', 'is_primary'])];
    case 'touchpoints':
      return ['touchpoint_id', 'account_id', 'date', ...ifPresent(['contact_id', 'type', 'subject', 'owner']), ...ifPresent(['type']).map((name) => `${name}_raw`)];
  }
}

/** Task statuses that say the touchpoint has not happened (Salesforce Task Status, CRM plans): set aside. */
const NOT_DONE = new Set(['not started', 'in progress', 'waiting on someone else', 'waiting', 'deferred', 'open', 'planned', 'scheduled', '未开始', '进行中', '计划中', '待跟进', '未完成']);

/** "Li" + "Na" → "Li Na"; 姓 李 + 名 娜 → 李娜 (Han names are written family name first, without a space). */
function fullName(first: string | null, last: string | null): string | null {
  if (first === null || last === null) return first ?? last;
  return /\p{Script=Han}/u.test(first + last) ? `${last}${first}` : `${first} ${last}`;
}

/**
 * The rules that span fields (SPEC §3): derived keys, ARR from MRR or amount and term, dates in
 * order, the survey scale, and that the account exists. They fill the derived slots in place.
 */
function rulesOf(
  kind: Exclude<Kind, 'usage'>,
  slot: (name: string) => number,
  context: RowContext,
  present: ReadonlySet<string>,
  outcomes: Map<string, number>,
): RowRule {
  const account = slot('account_id');
  const checkAccount = (values: FieldValue[], problems: CellProblem[]) => {
    const accountId = values[account] as string | null;
    if (accountId !== null && !context.knownAccounts.has(accountId)) problems.push({ column: 'account_id', value: accountId, ...said(unknownAccount(accountId)) });
  };
  // Tickets and surveys: the account a value names (id, name, then domain); one that matches none, or
  // more than one, is undefined (the row lands unmatched). Remembered: a file repeats its organisations.
  const lookups = new Map<string, string | undefined>();
  const named = (value: string | null): string | undefined => {
    if (value === null) return undefined;
    let found = lookups.get(value);
    if (found === undefined && !lookups.has(value)) {
      found = resolveOrganization(context.accountIndex, context.knownAccounts, value) ?? undefined;
      if (lookups.size >= 10_000) lookups.clear();
      lookups.set(value, found);
    }
    return found;
  };
  switch (kind) {
    case 'accounts': {
      const [cost, costMinor, dev, devMinor] = [slot('acquisition_cost'), slot('acquisition_cost_minor'), slot('custom_dev_amount'), slot('custom_dev_amount_minor')];
      return (values) => {
        values[costMinor] = values[cost]!;
        values[devMinor] = values[dev]!;
      };
    }
    case 'contracts': {
      const [id, start, end, currency, arrMinor, fee, feeMinor] = ['contract_id', 'start_date', 'end_date', 'currency', 'arr_minor', 'setup_fee', 'setup_fee_minor'].map(slot) as [number, number, number, number, number, number, number];
      const arrSources = { arr: slot('arr'), mrr: slot('mrr'), amount: slot('amount'), term: slot('term_months'), start, end, unit: slot('unit_amount'), seats: slot('seats'), interval: slot('billing_interval') };
      // A deal export (opportunities): only won deals are contracts; lost and open ones are counted and set aside.
      const dealFile = present.has('deal_stage') || present.has('is_won');
      const [stage, won, closed, term] = [slot('deal_stage'), slot('is_won'), slot('is_closed'), slot('term_months')];
      // A won deal's contract runs from its close date; with no end or term column, for 12 months (said in a note).
      const guessEnd = dealFile && !present.has('end_date');
      const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      const [subscription, status] = [slot('subscription_status'), slot('status')];
      const billingFile = present.has('subscription_status');
      return (values, withText, problems) => {
        if (billingFile) {
          const raw = values[subscription] as string | null;
          const outcome = classifySubscription(raw);
          count(outcome === undefined ? `subscription:unknown:${raw ?? ''}` : `subscription:${outcome === 'skip' ? (raw ?? '').toLowerCase() : 'contract'}`);
          if (outcome === 'skip') return SKIP_ROW;
          values[status] ??= outcome ?? null;
        }
        if (dealFile) {
          const outcome = classifyDeal(values[stage] as string | null, values[won] as number | null, values[closed] as number | null);
          if (outcome !== 'won') {
            count(outcome === 'unknown' ? `deal:unknown:${(values[stage] as string | null) ?? ''}` : `deal:${outcome}`);
            return SKIP_ROW;
          }
          count('deal:won');
          const startDate = values[start] as string | null;
          if (guessEnd && startDate !== null && values[end] === null) {
            values[end] = termEnd(startDate, (values[term] as number | null) ?? 12);
            if (values[term] === null) count('deal:end_guessed');
          }
        }
        checkAccount(values, problems);
        const startDate = values[start] as string | null;
        const endDate = values[end] as string | null;
        if (startDate !== null && endDate !== null && endDate < startDate) problems.push({ column: 'end_date', value: endDate, ...said(importPhrase('import.expected.end_after_start', { start: startDate })) });
        // An ARR cell with text that failed to parse has its own problem on the list already.
        const arrCellFailed = Object.values(arrSources).some((source) => withText[source] && values[source] === null);
        values[arrMinor] = contractArr(values, arrSources, values[currency] as string, arrCellFailed ? undefined : problems);
        values[feeMinor] = values[fee]!;
        if (values[id] === null && values[account] !== null && startDate !== null) values[id] = `${values[account] as string}:${startDate}`;
      };
    }
    case 'tickets': {
      const [created, responded, resolved] = [slot('created_at'), slot('first_response_at'), slot('resolved_at')];
      const [organization, email, domain] = [slot('organization'), slot('requester_email'), slot('requester_domain')];
      // A ticket keeps what it names (the organisation, else the account column, else the e-mail
      // domain), matched or not, so a re-import after a later link changes nothing. Unresolved, it
      // lands unmatched (account_id null) and a later accounts import links it by that value.
      const resolveAccount = (values: FieldValue[]) => {
        const given = values[account] as string | null;
        const name = values[organization] as string | null;
        const mailDomain = (values[email] as string | null)?.includes('@') ? normalizeDomain(values[email] as string) : (values[domain] as string | null) && normalizeDomain(values[domain] as string);
        values[organization] = name ?? given ?? (mailDomain || null);
        if (given !== null && context.knownAccounts.has(given)) return;
        if (given === null && name === null && !mailDomain) return;
        values[account] = named(given) ?? named(name) ?? (mailDomain ? accountAtDomain(context.accountIndex, mailDomain) : undefined) ?? null;
      };
      const spans = [[slot('first_response_minutes'), slot('first_response_hours')], [slot('resolution_minutes'), slot('resolution_hours')]] as const;
      const laterTimes = [[responded, 'first_response_at'], [resolved, 'resolved_at']] as const;
      return (values, _withText, problems) => {
        resolveAccount(values);
        // Durations given in hours (Freshdesk) land in the minutes columns, already converted.
        for (const [minutes, hours] of spans) values[minutes] ??= values[hours] ?? null;
        const createdAt = values[created] as string | null;
        if (createdAt === null) return;
        for (const [later, name] of laterTimes) {
          const time = values[later] as string | null;
          if (time !== null && time < createdAt) problems.push({ column: name, value: time, ...said(importPhrase('import.expected.after_created', { created: createdAt })) });
        }
      };
    }
    case 'contacts': {
      const [id, name, first, last, email, organization] = ['contact_id', 'name', 'first_name', 'last_name', 'email', 'organization'].map(slot) as [number, number, number, number, number, number];
      const derivedId = (parts: readonly unknown[]) => `C-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;
      return (values, _withText, problems) => {
        values[name] ??= fullName(values[first] as string | null, values[last] as string | null);
        // As tickets: the account column (an id or a name), else the organisation, else the e-mail's
        // domain; what it names is kept, and a contact no account matches lands unmatched (linked later).
        const given = values[account] as string | null;
        const company = values[organization] as string | null;
        const mail = values[email] as string | null;
        const mailDomain = mail?.includes('@') ? normalizeDomain(mail) : '';
        values[organization] = company ?? given ?? (mailDomain || null);
        if (given === null || !context.knownAccounts.has(given)) {
          values[account] = named(given) ?? named(company) ?? (mailDomain ? accountAtDomain(context.accountIndex, mailDomain) : undefined) ?? null;
        }
        if (values[id] === null) {
          // No id column: a contact is its account (as written) and its name, which stay the same from one export to the next.
          if (values[name] === null) problems.push({ column: 'name', ...said(importPhrase('import.expected.contact_name')) });
          else values[id] = derivedId([values[organization] ?? '', values[name]]);
        }
      };
    }
    case 'contact_roles': {
      const [id, contact, opportunity] = ['role_id', 'contact_id', 'opportunity_id'].map(slot) as [number, number, number];
      return (values, _withText, problems) => {
        const contactId = values[contact] as string | null;
        if (contactId !== null && !context.accountOfContact?.has(contactId)) {
          problems.push({ column: 'contact_id', value: contactId, ...said(importPhrase('import.expected.unknown_contact', { id: contactId })) });
        }
        values[id] ??= `${contactId ?? ''}:${(values[opportunity] as string | null) ?? ''}`;
      };
    }
    case 'touchpoints': {
      const [id, related, contact, day, type, subject, status] = ['touchpoint_id', 'related_id', 'contact_id', 'date', 'type_raw', 'subject', 'status'].map(slot) as [number, number, number, number, number, number, number];
      const derivedId = (parts: readonly unknown[]) => `T-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;
      const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      return (values, _withText, problems) => {
        const state = values[status] as string | null;
        if (state !== null && NOT_DONE.has(vocabularyKey(state))) {
          count('touchpoint:not_done');
          return SKIP_ROW;
        }
        // The account: the account column (an id or a name), else what the activity relates to (an
        // account, or a deal whose account it is: Salesforce's WhatId), else the contact's account.
        const given = values[account] as string | null;
        const relatedTo = values[related] as string | null;
        const contactId = values[contact] as string | null;
        const found =
          (given !== null && context.knownAccounts.has(given) ? given : named(given)) ??
          (relatedTo === null ? undefined : context.knownAccounts.has(relatedTo) ? relatedTo : context.accountOfSubscription?.get(relatedTo)) ??
          (contactId === null ? undefined : context.accountOfContact?.get(contactId) ?? undefined);
        if (found === undefined || found === null) {
          const what = [given && `account "${given}"`, relatedTo && `related record "${relatedTo}"`, contactId && `contact "${contactId}"`].filter(Boolean).join(', ');
          problems.push({
            column: given !== null ? 'account_id' : relatedTo !== null ? 'related_id' : 'contact_id',
            value: given ?? relatedTo ?? contactId ?? undefined,
            expected: what === '' ? 'an account, a related deal or a contact (every cell naming one is empty)' : `an imported account; ${what} names none (import accounts, contracts and contacts first)`,
          });
          return;
        }
        values[account] = found;
        values[id] ??= derivedId([found, contactId ?? '', values[day], values[type] ?? '', values[subject] ?? '']);
      };
    }
    case 'surveys': {
      const [id, kindSlot, score, respondedAt, respondent, organization] = ['response_id', 'kind', 'score', 'responded_at', 'respondent', 'organization'].map(slot) as [number, number, number, number, number, number];
      const kindInFile = present.has('kind');
      const derivedId = (parts: readonly unknown[]) => `R-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;
      return (values, _withText, problems) => {
        // The account column may hold an id or a name, kept as written; unresolved (nor by the
        // respondent's e-mail domain), the response lands unmatched and a later accounts import links it.
        const given = values[account] as string | null;
        values[organization] = given;
        if (given !== null && !context.knownAccounts.has(given)) {
          const mail = values[respondent] as string | null;
          values[account] = named(given) ?? (mail?.includes('@') ? accountAtDomain(context.accountIndex, mail) : undefined) ?? null;
        }
        const surveyKind = (values[kindSlot] as 'nps' | 'csat' | null) ?? context.surveyKind ?? null;
        const value = values[score] as number | null;
        if (surveyKind === null) {
          problems.push({ column: 'kind', ...said(importPhrase('import.expected.survey_kind')) });
        } else if (value !== null) {
          const [low, high] = surveyKind === 'nps' ? [0, 10] : [1, 5];
          if (value < low || value > high) problems.push({ column: 'score', value: String(value), ...said(importPhrase('import.expected.score_range', { kind: surveyKind.toUpperCase(), low, high })) });
        }
        values[kindSlot] = surveyKind;
        if (values[id] === null) {
          // A response without an id is identified by who answered which survey when: the account as
          // written (so it keeps its id once a later accounts import links it), responded_at, the kind
          // and the respondent. Score, comment and follow-up are not part of it: a later export that
          // changes them updates the response. The kind keeps an NPS and a CSAT answered the same day
          // apart; but one inferred from the scores can change with the next export of the same survey
          // (a first 9 turns "CSAT" into NPS). So, without a kind column, a stored response of the
          // other kind with the same account, time, respondent and score is this one, inferred
          // differently then: it keeps its id and takes the new kind (issue 17).
          values[id] = derivedId([given, values[respondedAt], surveyKind, values[respondent] ?? '']);
          const stored = context.derivedSurveyIds;
          if (!kindInFile && stored && !stored.has(values[id] as string)) {
            const otherId = derivedId([given, values[respondedAt], surveyKind === 'nps' ? 'csat' : 'nps', values[respondent] ?? '']);
            if (stored.get(otherId)?.[1] === value) values[id] = otherId;
          }
        }
      };
    }
  }
}
