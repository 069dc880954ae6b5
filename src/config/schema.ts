import { z } from 'zod';
import { healthSchema, slaSchema, tiersSchema } from './rules.js';

/** The field names a `--map` or a config mapping may point a header at, per import kind. */
const headerMapping = z.record(z.string(), z.string()).describe('Header in the file → canonical field, e.g. {"Org ID": "account_id"}');

/**
 * The config file, validated once at the boundary (STYLE §2). Keys are snake_case like the JSON output.
 * Later commands add their own sections (tiers, health, sla); every key has a default.
 */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    time_zone: z
      .string()
      .default('UTC')
      .refine(isTimeZone, { message: 'is not an IANA time zone such as "Europe/Berlin" or "UTC"' })
      .describe('IANA time zone used for "today", for instants without a zone and in every report'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'is not an ISO-4217 code such as "USD"')
      .default('USD')
      .describe('Currency for money columns that carry none'),
    busy_timeout_ms: z
      .number()
      .int()
      .min(0)
      .default(5000)
      .describe('How long a command waits for another csops writing the database before exiting 75'),
    exchange_rates: z
      .record(z.string().regex(/^[A-Z]{3}$/, 'is not an ISO-4217 code'), z.number().positive())
      .default({})
      .describe('units of the config currency one unit of another currency is worth, e.g. {"EUR": 1.08} when the currency is USD; used to compare and add ARR across currencies'),
    renewals: z
      .object({
        grace_days: z.number().int().min(0).default(30).describe('days after its end date a contract may still be renewed: within them an unrenewed contract is lapsed, after them churned'),
        windows: z
          .array(z.number().int().min(1))
          .min(1)
          .default([30, 60, 90, 120])
          .refine((windows) => windows.every((days, index) => index === 0 || days > windows[index - 1]!), { message: 'windows must rise, e.g. [30, 60, 90, 120]' })
          .describe('upper ends, in days before the end date, of the renewal windows'),
        forecast_weights: z
          .object({
            healthy: z.number().min(0).max(1).default(0.9),
            watch: z.number().min(0).max(1).default(0.7),
            at_risk: z.number().min(0).max(1).default(0.4),
            critical: z.number().min(0).max(1).default(0.15),
            unknown: z.number().min(0).max(1).default(0.5),
          })
          .strict()
          .prefault({})
          .describe('share of the ARR up for renewal expected to renew, by health band (renewed contracts count 1, churned 0)'),
      })
      .strict()
      .prefault({}),
    tiers: tiersSchema.prefault({}),
    health: healthSchema.prefault({}),
    sla: slaSchema.prefault({}),
    import: z
      .object({
        mappings: z
          .object({
            accounts: headerMapping.optional(),
            contracts: headerMapping.optional(),
            usage: headerMapping.optional(),
            tickets: headerMapping.optional(),
            surveys: headerMapping.optional(),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({ mappings: {} }),
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
