import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/core/money.js';
import { CONTRACT_STATUS, CONTRACT_TYPE, TICKET_PRIORITY, TICKET_STATUS, TICKET_TYPE, vocabularyKey, type EnumType } from '../../src/import/kinds.js';
import {
  NullSpellings,
  Problem,
  ValueTally,
  classifyValue,
  configuredVocabulary,
  emptySpelling,
  isPlaceholderDate,
  parseBoolean,
  parseCsat,
  parseInteger,
  tallyNotes,
} from '../../src/import/values.js';

describe('whole numbers written as floats (pandas)', () => {
  it.each([
    ['5', 5], ['5.0', 5], ['5.00', 5], ['-3.0', -3], ['+7.0', 7], ['1,200.0', 1200], ['0.0', 0],
  ])('%s is %d', (text, value) => expect(parseInteger(text)).toBe(value));

  it.each(['5.5', '5.01', '0.5', 'NaN', 'five', '5.0.0'])('%s is not a whole number', (text) => {
    expect(parseInteger(text)).toBeInstanceOf(Problem);
  });

  it('a decimal-comma file reads 5,0 as 5 and 5,5 as not whole', () => {
    expect(parseInteger('5,0', { decimalComma: true })).toBe(5);
    expect(parseInteger('5,5', { decimalComma: true })).toBeInstanceOf(Problem);
  });

  it.each([['5.0', 5], ['1.0', 1], ['3.0', 3]])('CSAT %s is %d', (text, value) => expect(parseCsat(text)).toBe(value));
  it.each(['4.5', '6.0', '0.0'])('CSAT %s is refused', (text) => expect(parseCsat(text)).toBeInstanceOf(Problem));

  it.each([['True', true], ['False', false], ['TRUE', true], ['1.0', true], ['0.0', false]])('boolean %s', (text, value) => expect(parseBoolean(text)).toBe(value));
});

describe('null spellings', () => {
  const nulls = new NullSpellings();
  it.each(['NaN', 'nan', 'None', 'NULL', 'null', 'N/A', 'n/a', '#N/A'])('%s is empty in text and non-text fields', (text) => {
    expect(nulls.isNull(text, true)).toBe(true);
    expect(nulls.isNull(text, false)).toBe(true);
  });
  it.each(['-', '—'])('%s is empty only outside text fields', (text) => {
    expect(nulls.isNull(text, false)).toBe(true);
    expect(nulls.isNull(text, true)).toBe(false);
  });
  it.each(['NA', 'none of it', 'Nan Chen', '0', 'n.a.', 'NONE'])('%s is a value', (text) => {
    expect(nulls.isNull(text, false)).toBe(false);
  });
  it('the list is configurable, and a dash stays text in text fields even when listed', () => {
    const custom = new NullSpellings(['?', '-', 'missing']);
    expect(custom.isNull('?', true)).toBe(true);
    expect(custom.isNull('NaN', false)).toBe(false);
    expect(custom.isNull('-', true)).toBe(false);
    expect(custom.isNull('-', false)).toBe(true);
  });
});

describe('placeholder dates', () => {
  it.each([
    '1900-01-01', '1899-12-30', '1899-12-31', '0', '00/01/1900', '1/0/1900', '01/00/1900', '1/1/1900', '1900-01-00',
    '12/30/1899', '30/12/1899', '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z', '1970-01-01 00:00:00',
    '1900-01-01 00:00', '1/1/1900 12:00:00 AM', '1970-01-01T00:00:00+00:00', '1/1/1970', '1900/01/01',
  ])('%s is a placeholder', (text) => expect(isPlaceholderDate(text)).toBe(true));

  it.each([
    '1970-01-01T09:30:00Z', '1970-01-02', '1900-01-02', '1899-12-29', '2026-01-01', '1901-01-01', '01/02/1970', '1', '00:00', '1900-01-01T08:00:00Z',
  ])('%s is a value', (text) => expect(isPlaceholderDate(text)).toBe(false));

  it('only date and instant fields read placeholders as empty; null spellings in every kind of field', () => {
    const nulls = new NullSpellings();
    expect(emptySpelling('1900-01-01', { kind: 'instant' }, nulls)).toBe('placeholder');
    expect(emptySpelling('0', { kind: 'date' }, nulls)).toBe('placeholder');
    expect(emptySpelling('0', { kind: 'integer' }, nulls)).toBeUndefined();
    expect(emptySpelling('1900-01-01', { kind: 'text' }, nulls)).toBeUndefined();
    expect(emptySpelling('NaN', { kind: 'text' }, nulls)).toBe('null');
    expect(emptySpelling('-', { kind: 'text' }, nulls)).toBeUndefined();
    expect(emptySpelling('-', { kind: 'money', min: 0 }, nulls)).toBe('null');
    expect(emptySpelling('—', TICKET_STATUS, nulls)).toBe('null');
  });
});

describe('open vocabularies', () => {
  const cases: Array<[EnumType, string, string | undefined]> = [
    // Jira
    [TICKET_STATUS, 'To Do', 'new'], [TICKET_STATUS, 'In Progress', 'open'], [TICKET_STATUS, 'In Review', 'open'], [TICKET_STATUS, 'Done', 'closed'], [TICKET_STATUS, "Won't Do", 'solved'],
    // Freshdesk
    [TICKET_STATUS, 'Waiting on Customer', 'pending'], [TICKET_STATUS, 'Waiting on Third Party', 'pending'], [TICKET_STATUS, 'Pending Customer Response', 'pending'],
    // ServiceNow
    [TICKET_STATUS, 'New', 'new'], [TICKET_STATUS, 'On Hold', 'on_hold'], [TICKET_STATUS, 'Resolved', 'solved'], [TICKET_STATUS, 'Closed', 'closed'], [TICKET_STATUS, 'Canceled', 'closed'],
    [TICKET_PRIORITY, '1 - Critical', 'urgent'], [TICKET_PRIORITY, '2 - High', 'high'], [TICKET_PRIORITY, '3 - Moderate', 'normal'], [TICKET_PRIORITY, '4 - Low', 'low'], [TICKET_PRIORITY, '5 - Planning', 'low'],
    // Zendesk
    [TICKET_PRIORITY, 'Urgent', 'urgent'], [TICKET_PRIORITY, 'High', 'high'], [TICKET_PRIORITY, 'Normal', 'normal'], [TICKET_PRIORITY, 'Low', 'low'],
    // Salesforce Case
    [TICKET_STATUS, 'Working', 'open'], [TICKET_STATUS, 'Escalated', 'open'],
    // The rules
    [TICKET_STATUS, "Closed - Won't Fix", 'solved'], [TICKET_PRIORITY, 'Critical', 'urgent'], [TICKET_PRIORITY, 'P0', 'urgent'], [TICKET_PRIORITY, 'Blocker', 'urgent'],
    [TICKET_PRIORITY, 'Sev 1', 'urgent'], [TICKET_PRIORITY, 'SEV-2', 'high'], [TICKET_PRIORITY, 'sev3', 'normal'], [TICKET_PRIORITY, 'Sev 4', 'low'],
    // Chinese
    [TICKET_STATUS, '待处理', 'new'], [TICKET_STATUS, '处理中', 'open'], [TICKET_STATUS, '已解决', 'solved'], [TICKET_STATUS, '已关闭', 'closed'], [TICKET_PRIORITY, '紧急', 'urgent'],
    // A leading part set off by punctuation
    [TICKET_STATUS, 'Resolved (auto)', 'solved'], [TICKET_STATUS, 'Pending - Customer', 'pending'], [TICKET_STATUS, 'In Progress: Dev', 'open'], [TICKET_PRIORITY, 'P1 - Critical', 'urgent'],
    // …but never a bare leading word
    [TICKET_STATUS, 'Waiting for support', undefined], [TICKET_STATUS, 'Not resolved', undefined], [TICKET_STATUS, 'New Feature Request', undefined], [TICKET_STATUS, 'Resolved by bot', undefined],
    [TICKET_PRIORITY, '1', undefined], [TICKET_PRIORITY, 'Sev A', undefined],
    // Case, spaces and punctuation
    [TICKET_STATUS, '  waiting-on-customer ', 'pending'], [TICKET_STATUS, 'WONT DO', undefined], [TICKET_STATUS, 'won’t do', 'solved'],
    [TICKET_TYPE, 'Feature Request', 'feature'], [TICKET_TYPE, 'Incident', 'bug'], [TICKET_TYPE, 'Service Request', 'question'], [TICKET_TYPE, 'Push Notifications', undefined],
    [CONTRACT_STATUS, 'Activated', 'active'], [CONTRACT_STATUS, 'Draft', 'pending'], [CONTRACT_STATUS, 'In Approval Process', 'pending'], [CONTRACT_STATUS, 'Evergreen', undefined],
    [CONTRACT_TYPE, 'New Business', 'new'], [CONTRACT_TYPE, 'Existing Customer - Upgrade', 'upgrade'], [CONTRACT_TYPE, 'Co-term', undefined],
  ];
  it.each(cases)('%#: %s', (type, text, expected) => {
    expect(classifyValue(text, type)).toBe(expected);
  });

  it('the config map wins over the built-in one, matched ignoring case, spaces and punctuation', () => {
    const configured = configuredVocabulary({ ticket_status: { 'To Do': 'open', 'In  review!': 'pending', Blocked: 'pending' } }, 'ticket_status');
    expect(classifyValue('TO-DO', TICKET_STATUS, configured)).toBe('open');
    expect(classifyValue('in review', TICKET_STATUS, configured)).toBe('pending');
    expect(classifyValue('Blocked - Vendor', TICKET_STATUS, configured)).toBe('pending');
    expect(classifyValue('Done', TICKET_STATUS, configured)).toBe('closed');
    expect(configuredVocabulary({ ticket_status: { a: 'open' } }, 'ticket_priority')).toBeUndefined();
  });

  it('every built-in synonym key is its own normal form', () => {
    for (const type of [TICKET_STATUS, TICKET_PRIORITY, TICKET_TYPE, CONTRACT_STATUS, CONTRACT_TYPE]) {
      for (const [key, canonical] of type.synonyms) {
        expect(vocabularyKey(key)).toBe(key);
        expect(type.canonical).toContain(canonical);
      }
    }
  });
});

describe('notes', () => {
  it('groups thousands', () => {
    expect([0, 999, 1000, 2067, 1234567].map(formatNumber)).toEqual(['0', '999', '1,000', '2,067', '1,234,567']);
  });

  it('one note per column and per field, with counts and config lines', () => {
    const tally = new ValueTally();
    for (let row = 0; row < 2000; row++) ValueTally.add(tally.placeholders, 'resolved_at', '1900-01-01');
    ValueTally.add(tally.placeholders, 'resolved_at', '0', 67);
    ValueTally.add(tally.nulls, 'csat', 'NaN', 3);
    ValueTally.add(tally.unmapped, 'ticket_status', 'In QA', 14);
    ValueTally.add(tally.unmapped, 'ticket_status', 'Parked', 3);
    ValueTally.add(tally.unmapped, 'ticket_status', 'Zzz', 1);
    tally.unmappedAs.set('ticket_status', null);
    const merged = new ValueTally();
    merged.merge(tally.toData());
    merged.unmappedAs.set('ticket_status', null);
    const notes = tallyNotes(merged, () => TICKET_STATUS.canonical, 'csops.config.json').map((note) => note.text);
    expect(notes).toEqual([
      'resolved_at: 2,067 placeholder dates read as empty ("1900-01-01" 2,000, "0" 67)',
      'csat: 3 null spellings read as empty ("NaN" 3); import.null_values in the config lists them',
      'ticket_status: 3 values csops does not know: "In QA" (14), "Parked" (3), "Zzz" (1); they import with no normalised status (the value is kept in status_raw). ' +
        'To classify them add to csops.config.json: "vocabularies": {"ticket_status": {"In QA": "open", "Parked": "on_hold", "Zzz": "<new|open|pending|on_hold|solved|closed>"}} (the targets are csops\'s guesses: check them)',
    ]);
  });
});

describe('the vocabularies and null_values config', () => {
  it('accepts a map onto the field\'s canonical values, and refuses any other target, naming the key', async () => {
    const { validateConfig } = await import('../../src/config/load.js');
    const config = validateConfig({ vocabularies: { ticket_status: { 'To Do': 'open', 'Waiting on Customer': 'pending' }, contract_type: { 'Co-term': 'expansion' } } }, 'csops.config.json');
    expect(config.vocabularies.ticket_status).toEqual({ 'To Do': 'open', 'Waiting on Customer': 'pending' });
    expect(config.import.null_values).toEqual(['NaN', 'nan', 'None', 'NULL', 'null', 'N/A', 'n/a', '#N/A', '-', '—']);
    expect(() => validateConfig({ vocabularies: { ticket_status: { 'To Do': 'finished' } } }, 'csops.config.json')).toThrow(/vocabularies\.ticket_status\.To Do/);
    expect(() => validateConfig({ vocabularies: { ticket_priority: { P5: 'pending' } } }, 'csops.config.json')).toThrow(/urgent/);
    expect(() => validateConfig({ vocabularies: { account_plan: {} } }, 'csops.config.json')).toThrow(/account_plan/);
    expect(validateConfig({ import: { null_values: ['?'] } }, 'csops.config.json').import.null_values).toEqual(['?']);
  });
});
