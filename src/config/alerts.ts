import { z } from 'zod';
import { ALERT_SEVERITIES } from './names.js';

/**
 * The alert rules of csops alerts (issue 20, DOMAIN §2 "an account crossing a threshold raises an
 * alert for its owner"): each on or off, its threshold and its severity; and how many days an owner has
 * to act, by severity and tier.
 */
const severity = (value: (typeof ALERT_SEVERITIES)[number]) => z.enum(ALERT_SEVERITIES).default(value).describe('severity of its alerts: critical, high, medium or low');
const enabled = z.boolean().default(true).describe('false turns the rule off (its open alerts close as resolved-by-data at the next sync)');

const rule = <T extends z.ZodRawShape>(shape: T, description: string) => z.object(shape).strict().prefault({} as never).describe(description);

const byTier = (highTouch: number, lowTouch: number, techTouch: number) =>
  z
    .object({
      high_touch: z.number().int().min(0).default(highTouch).describe('days after opening, for a high-touch account'),
      low_touch: z.number().int().min(0).default(lowTouch).describe('days after opening, for a low-touch account'),
      tech_touch: z.number().int().min(0).default(techTouch).describe('days after opening, for a tech-touch account'),
    })
    .strict()
    .prefault({});

export const alertsSchema = z
  .object({
    rules: z
      .object({
        health_drop: rule(
          {
            enabled,
            points: z.number().min(1).default(10).describe('score fell by at least this many points (as health.change_threshold)'),
            days: z.number().int().min(1).default(7).describe('…against the score recomputed this many days before'),
            severity: severity('high'),
          },
          'the score fell by `points` or more, or the band worsened into at risk or critical, against `days` days before; an open alert stays open until the score wins back half the points and the band the one before',
        ),
        no_login: rule({ enabled, days: z.number().int().min(1).default(21).describe('days without a login (DOMAIN §2: three weeks of silence)'), severity: severity('high') }, 'no login for `days` days'),
        low_licence_use: rule(
          { enabled, below: z.number().min(0).max(1).default(0.3).describe('peak daily active users ÷ seats under this share'), severity: severity('medium') },
          'licence use (peak daily active users of the last 4 weeks ÷ seats) under `below`',
        ),
        renewal_window: rule(
          {
            enabled,
            windows: z
              .array(z.number().int().min(0))
              .min(1)
              .default([90, 60, 30])
              .describe('days before the end date: a contract entering each window without a renewal recorded opens one alert'),
            severity: severity('medium'),
          },
          'a contract entering the 90-, 60- and 30-day windows before its end with no renewal recorded (one alert per contract and window)',
        ),
        lapsed: rule({ enabled, severity: severity('critical') }, 'a contract past its end date with no renewal recorded (within the grace period, renewals.grace_days)'),
        sla_breach: rule(
          {
            enabled,
            run: z.number().int().min(1).default(3).describe('tickets past SLA in health.factors.support.breach_days that make a run on any account'),
            severity: severity('high'),
          },
          'an SLA breach on a high-touch account, or a run of `run` breaches on any account (in the last health.factors.support.breach_days)',
        ),
        urgent_bug: rule({ enabled, severity: severity('critical') }, 'an urgent bug open past its SLA (one alert per ticket)'),
        detractor: rule(
          { enabled, severity: severity('high') },
          'an NPS 0–6 or CSAT 1–2 answer not followed up within health.factors.sentiment.follow_up_days (one alert per answer)',
        ),
      })
      .strict()
      .prefault({})
      .describe('the rules csops alerts sync evaluates; the champion-left rule waits for contact data'),
    due_days: z
      .object({
        critical: byTier(1, 2, 3).describe('days to act on a critical alert, by tier'),
        high: byTier(2, 3, 5).describe('days to act on a high alert, by tier'),
        medium: byTier(5, 7, 10).describe('days to act on a medium alert, by tier'),
        low: byTier(10, 14, 21).describe('days to act on a low alert, by tier'),
      })
      .strict()
      .prefault({})
      .describe('days from opening to the due date, by severity and tier'),
  })
  .strict();

export type AlertsConfig = z.infer<typeof alertsSchema>;
