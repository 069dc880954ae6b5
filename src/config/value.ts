import { z } from 'zod';
import { configTexts } from './texts.js';

/**
 * The customer-facing value statement of csops value (issue 22, DOMAIN §3: show the customer the value
 * they got, in numbers, before asking them to renew): which usage metrics stand for work the product
 * did for them, and what one unit of each is worth.
 */
const driverSchema = z
  .object({
    metric: z.string().min(1).describe('the usage metric counted, e.g. "reports_created"'),
    label: z.string().min(1).describe('what one unit is, in the customer\'s words, e.g. "reports generated"'),
    minutes_saved: z.number().positive().optional().describe('minutes of the customer\'s work one unit saves (becomes money through hourly_cost)'),
    amount: z.number().positive().optional().describe('money one unit is worth, in the config currency (instead of minutes_saved)'),
    hourly_cost: z.number().positive().optional().describe('what an hour of the people this driver saves time for costs, in the config currency (default: value.hourly_cost)'),
  })
  .strict()
  .refine((driver) => (driver.minutes_saved === undefined) !== (driver.amount === undefined), { message: configTexts['config.rule.driver_price'] });

export const valueSchema = z
  .object({
    hourly_cost: z.number().positive().optional().describe('what an hour of the customer\'s staff costs, in the config currency: turns minutes saved into money (without it, time saved is given in hours only)'),
    drivers: z
      .array(driverSchema)
      .default([])
      .describe('usage metrics that stand for value delivered, e.g. [{"metric": "reports_created", "label": "reports generated", "minutes_saved": 30}]: units × minutes saved (× hourly cost) or units × amount'),
  })
  .strict();

export type ValueConfig = z.infer<typeof valueSchema>;
export type ValueDriver = ValueConfig['drivers'][number];
