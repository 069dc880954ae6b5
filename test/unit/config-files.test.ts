import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../../src/config/json-schema.js';
import { formatConfigJson } from '../../src/config/write.js';
import { configFromAnswers, defaultAnswers, parseBusinessHours } from '../../src/commands/init.js';
import { validateConfig } from '../../src/config/load.js';
import { configReferenceMarkdown, replaceBetweenMarkers } from '../../src/config/reference.js';

describe('the JSON Schema shipped for csops.config.json', () => {
  it('is the one generated from the zod schema that validates configs (run `npm run docs` after changing it)', () => {
    expect(fs.readFileSync(CONFIG_SCHEMA_FILE, 'utf8')).toBe(configJsonSchemaText());
  });

  it('documents every key', () => {
    const undocumented: string[] = [];
    const walk = (node: Record<string, any> | undefined, at: string) => {
      for (const [key, child] of Object.entries<Record<string, any>>(node?.properties ?? {})) {
        if (!child.description) undocumented.push(`${at}${key}`);
        walk(child, `${at}${key}.`);
        walk(child.items, `${at}${key}[].`);
        walk(child.additionalProperties, `${at}${key}.*.`);
      }
    };
    walk(JSON.parse(configJsonSchemaText()), '');
    expect(undocumented).toEqual([]);
  });
});

describe('parseBusinessHours', () => {
  it.each([
    ['mon-fri 09:00-18:00', { mon: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [], sun: [] }],
    ['Mon-Thu 8:30-12:00, 13:00-17:30; fri 08:30-14:00', { mon: [['08:30', '12:00'], ['13:00', '17:30']], thu: [['08:30', '12:00'], ['13:00', '17:30']], fri: [['08:30', '14:00']] }],
    ['sat 10:00-24:00', { sat: [['10:00', '24:00']], mon: [] }],
  ])('%s', (text, expected) => {
    expect(parseBusinessHours(text)).toMatchObject(expected);
  });

  it.each([
    ['', /empty/],
    ['weekdays 09:00-18:00', /cannot read "weekdays 09:00-18:00"/],
    ['fri-mon 09:00-18:00', /cannot read/],
    ['mon 18:00-09:00', /cannot read "18:00-09:00" as a time interval/],
    ['mon 9-17', /cannot read "9-17"/],
    ['mon 25:00-26:00', /cannot read/],
    ['mon-fri 09:00-12:00,11:00-13:00', /09:00-12:00 and 11:00-13:00 overlap/],
  ])('refuses %j', (text, message) => {
    expect(() => parseBusinessHours(text)).toThrow(message);
  });
});

describe('the config csops init writes', () => {
  it('validates, and reads back as the answers given', () => {
    const answers = { ...defaultAnswers('Asia/Shanghai'), currency: 'CNY', business_hours: 'mon-sat 09:00-12:00,14:00-18:00', key_modules: ['reports'] };
    const written = configFromAnswers(answers, '/tmp/x/csops.config.json');
    const config = validateConfig(JSON.parse(formatConfigJson(written)) as Record<string, unknown>, undefined);
    expect(config.time_zone).toBe('Asia/Shanghai');
    expect(config.sla.business_hours.sat).toEqual([['09:00', '12:00'], ['14:00', '18:00']]);
    expect(config.sla.business_hours.sun).toEqual([]);
    expect(config.health.key_modules).toEqual(['reports']);
  });

  it('refuses overlapping business hours in a config, which would count a minute twice', () => {
    expect(() => validateConfig({ sla: { business_hours: { mon: [['09:00', '12:00'], ['11:30', '13:00']] } } }, undefined)).toThrow(/sla\.business_hours\.mon: intervals of a day must not overlap/);
  });

  it('falls back to UTC when the machine zone is not an IANA name', () => {
    expect(defaultAnswers('Not/AZone').time_zone).toBe('UTC');
  });
});

describe('formatConfigJson', () => {
  it('keeps short arrays on one line and is valid JSON', () => {
    const value = { a: [['09:00', '18:00']], b: { c: [] as string[], d: 'x' }, e: {} };
    const text = formatConfigJson(value);
    expect(text).toBe('{\n  "a": [["09:00", "18:00"]],\n  "b": {\n    "c": [],\n    "d": "x"\n  },\n  "e": {}\n}');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("the README's configuration reference", () => {
  it('is the one generated from the schema (run `npm run docs` after changing the config)', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(replaceBetweenMarkers(readme, 'config', configReferenceMarkdown()));
  });
});
