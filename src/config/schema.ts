import { z } from 'zod';
import { configTexts } from './texts.js';
import { healthSchema, slaSchema, tiersSchema } from './rules.js';
import { alertsSchema } from './alerts.js';
import { CONTACT_ROLE, CONTACT_STATUS, CONTRACT_STATUS, CONTRACT_TYPE, DEFAULT_NO_END_YEAR, TOUCHPOINT_TYPE, DEFAULT_NULL_VALUES, KINDS, TICKET_PRIORITY, TICKET_STATUS, TICKET_TYPE, type EnumType } from './vocabularies.js';
import { valueSchema } from './value.js';

// A run parses one config once: zod's compiled parsers (built with new Function on a schema's first
// parse) cost more to build than they save. Without them loading the config takes ~20 ms less.
z.config({ jitless: true });

/** The field names a `--map` or a config mapping may point a header at, per import kind. */
const headerMapping = z.record(z.string(), z.string()).describe('Header in the file → canonical field, e.g. {"Org ID": "account_id"}; an empty field ("Notes": "") ignores the column');

/** One field's map: the value as an export writes it → one of the field's canonical values. */
function vocabulary(type: EnumType, example: string) {
  const [first, ...rest] = type.canonical;
  return z
    .record(z.string().min(1), z.enum([first!, ...rest]))
    .optional()
    .describe(`value as written → ${type.canonical.join(', ')}; e.g. ${example}`);
}

/**
 * The config file, validated once at the boundary (STYLE §2). Keys are snake_case like the JSON output.
 * Later commands add their own sections (tiers, health, sla); every key has a default.
 */
export const configSchema = z
  .object({
    $schema: z.string().optional().describe('the JSON Schema of this file, so editors complete and check it (csops init writes it)'),
    database: z
      .string()
      .min(1)
      .default('csops.db')
      .describe('the SQLite database, relative to this file (--db and CSOPS_DB win)'),
    time_zone: z
      .string()
      .default('UTC')
      .refine(isTimeZone, { message: configTexts['config.rule.time_zone'] })
      .describe('IANA time zone used for "today", for instants without a zone and in every report'),
    language: z
      .enum(['en', 'zh-CN'])
      .optional()
      .describe('the language csops writes for people: en or zh-CN (简体中文). Tables, reports, notes and errors; JSON, NDJSON and CSV keys and values stay English. --lang and CSOPS_LANG win; unset, the locale (LC_ALL, LC_MESSAGES, LANG) decides'),
    money_in_wan: z
      .boolean()
      .default(false)
      .describe('in Chinese output, write large amounts in 万 (ten thousands): ¥46.59万 for 465,900 CNY'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, configTexts['config.rule.currency'])
      .default('USD')
      .describe('Currency for money columns that carry none'),
    busy_timeout_ms: z
      .number()
      .int()
      .min(0)
      .default(5000)
      .describe('How long a command waits for another csops writing the database before exiting 75'),
    exchange_rates: z
      .record(z.string().regex(/^[A-Z]{3}$/, configTexts['config.rule.currency_key']), z.number().positive())
      .default({})
      .describe('units of the config currency one unit of another currency is worth, e.g. {"EUR": 1.08} when the currency is USD; used to compare and add ARR across currencies'),
    renewals: z
      .object({
        grace_days: z.number().int().min(0).default(30).describe('days after its end date a contract may still be renewed: within them an unrenewed contract is lapsed, after them churned'),
        windows: z
          .array(z.number().int().min(1))
          .min(1)
          .default([30, 60, 90, 120])
          .refine((windows) => windows.every((days, index) => index === 0 || days > windows[index - 1]!), { message: configTexts['config.rule.windows_rise'] })
          .describe('upper ends, in days before the end date, of the renewal windows'),
        forecast_weights: z
          .object({
            healthy: z.number().min(0).max(1).default(0.9).describe('expected renewal share of a healthy account'),
            watch: z.number().min(0).max(1).default(0.7).describe('expected renewal share of an account on watch'),
            at_risk: z.number().min(0).max(1).default(0.4).describe('expected renewal share of an account at risk'),
            critical: z.number().min(0).max(1).default(0.15).describe('expected renewal share of a critical account'),
            unknown: z.number().min(0).max(1).default(0.5).describe('expected renewal share of an account without a health score'),
          })
          .strict()
          .prefault({})
          .describe('share of the ARR up for renewal expected to renew, by health band (renewed contracts count 1, churned 0)'),
      })
      .strict()
      .prefault({})
      .describe('how contracts are renewed, and the renewal windows and forecast of csops renewals'),
    vocabularies: z
      .object({
        ticket_status: vocabulary(TICKET_STATUS, '{"In Review": "open", "Waiting on Customer": "pending"}'),
        ticket_priority: vocabulary(TICKET_PRIORITY, '{"Sev A": "urgent"}'),
        ticket_type: vocabulary(TICKET_TYPE, '{"Push Notifications": "bug"}'),
        contract_status: vocabulary(CONTRACT_STATUS, '{"Evergreen": "active"}'),
        contract_type: vocabulary(CONTRACT_TYPE, '{"Co-term": "expansion"}'),
        contact_role: vocabulary(CONTACT_ROLE, '{"Project Owner": "champion"}'),
        contact_status: vocabulary(CONTACT_STATUS, '{"Alumni": "left"}'),
        touchpoint_type: vocabulary(TOUCHPOINT_TYPE, '{"Lunch": "meeting"}'),
      })
      .strict()
      .default({})
      .describe('statuses, priorities and types your tools use that csops does not know, mapped to its own (matched ignoring case, spaces and punctuation; these win over the built-in maps). csops import lists the values it could not classify, with the lines to add here'),
    tiers: tiersSchema.prefault({}).describe('the rules of csops tier (DOMAIN §1): high-touch, then low-touch, else tech-touch'),
    health: healthSchema.prefault({}).describe('the health score of csops risk (DOMAIN §2): factors, bands and the signals that force at risk'),
    freshness: z
      .object({
        lag_days: z
          .object({
            usage: z.number().int().min(0).nullable().default(3).describe('days usage data may end before the as-of day without a note (exports arrive late); null never notes'),
            tickets: z.number().int().min(0).nullable().default(2).describe('working days (the SLA calendar: business hours and holidays) the last ticket activity may be older than the as-of day before tickets are stale (a note, and SLA clocks measured to that day); null never notes'),
            surveys: z.number().int().min(0).nullable().default(null).describe('days the last survey answer may be older than the as-of day without a note; null (the default: answers come when customers answer) never notes'),
            contracts: z.number().int().min(0).nullable().default(null).describe('days the last contract start may be older than the as-of day without a note; null (the default: contracts start a few times a year) never notes'),
          })
          .strict()
          .prefault({})
          .describe('per source kind, how many days its data may end before the as-of day before commands say it is stale'),
      })
      .strict()
      .prefault({})
      .describe('when commands that score or report say a source\'s data ends before the as-of day (stderr, and data_through in JSON)'),
    sla: slaSchema.prefault({}).describe('SLA targets and the business-hours clock of csops report and the support factor'),
    alerts: alertsSchema.prefault({}).describe('the alert rules of csops alerts sync and the days an owner has to act'),
    company_name: z.string().min(1).optional().describe('your company\'s name, as customers know it: the sender of csops value statements'),
    value: valueSchema.prefault({}).describe('the value drivers of csops value: usage metrics that stand for work the product did for the customer, and what a unit is worth'),
    import: z
      .object({
        mappings: z
          .object({
            accounts: headerMapping.optional(),
            contracts: headerMapping.optional(),
            usage: headerMapping.optional(),
            tickets: headerMapping.optional(),
            surveys: headerMapping.optional(),
            contacts: headerMapping.optional(),
            contact_roles: headerMapping.optional(),
            touchpoints: headerMapping.optional(),
          })
          .strict()
          .default({})
          .describe('per kind, header → field mappings applied to every file of that kind (like --map)'),
        saved_mappings: z
          .record(
            z.string().regex(/^[0-9a-f]{16}$/, configTexts['config.rule.signature']),
            z
              .object({
                kind: z.enum(KINDS).describe('what files with this header hold'),
                columns: headerMapping,
                example: z.string().optional().describe('the file the mapping was first made for (for people reading the config)'),
              })
              .strict(),
          )
          .default({})
          .describe('mappings csops import saved when it asked which column is which, keyed by the signature of the file\'s header: the next file with the same header imports without a question'),
        null_values: z
          .array(z.string().min(1))
          .default([...DEFAULT_NULL_VALUES])
          .describe('cell values read as empty (matched exactly after trimming; each column\'s count is a note); "-" and "—" stay text in text columns such as names'),
        no_end_year: z
          .number()
          .int()
          .min(2100)
          .max(9999)
          .default(DEFAULT_NO_END_YEAR)
          .describe('a contract end date in this year or later means "no end date" (CRMs write 9999-12-31 or 4000-12-31 for an open-ended contract); the import counts them in a note'),
      })
      .strict()
      .prefault({})
      .describe('how csops import maps the columns of your exports'),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
