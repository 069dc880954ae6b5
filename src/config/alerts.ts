import { z } from 'zod';
import { configTexts } from './texts.js';
import { ALERT_RULES, ALERT_SEVERITIES, WEBHOOK_KINDS } from './names.js';

/**
 * The alert rules of csops alerts (issue 20, DOMAIN §2 "an account crossing a threshold raises an
 * alert for its owner"): each on or off, its threshold and its severity; and how many days an owner has
 * to act, by severity and tier.
 */
const severity = (value: (typeof ALERT_SEVERITIES)[number]) => z.enum(ALERT_SEVERITIES).default(value).describe('severity of its alerts: critical, high, medium or low');
const enabled = z.boolean().default(true).describe('false turns the rule off (its open alerts close as resolved_by_data at the next sync)');

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
        champion_left: rule(
          { enabled, severity: severity('high') },
          'the champion left (issue 21, with contacts imported): a champion whose departure is dated within health.factors.relationship.champion_left_days, with no other champion there (one alert per departed champion); it stays open until a champion is there again',
        ),
      })
      .strict()
      .prefault({})
      .describe('the rules csops alerts sync evaluates'),
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
    export: z
      .object({
        salesforce_owner_ids: z
          .record(z.string().min(1), z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, configTexts['config.rule.salesforce_id']))
          .default({})
          .describe('account owner as csops has it → Salesforce User Id, for the OwnerId column of --for salesforce-tasks (Data Loader needs the id; an owner not listed leaves OwnerId empty and the task goes to the user who loads the file)'),
        hubspot_owners: z
          .record(z.string().min(1), z.string().min(1))
          .default({})
          .describe('account owner as csops has it → the HubSpot user (e-mail) for the "Assigned to" column of --for hubspot-tasks; an owner not listed is written as csops has it'),
      })
      .strict()
      .prefault({})
      .describe('csops alerts export: how owners are named in the CRM'),
    push: z
      .object({
        destinations: z
          .array(
            z
              .object({
                name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, configTexts['config.rule.destination_name']).describe('what --to calls it, e.g. "cs-team"'),
                url: z.string().url().optional().describe('the webhook URL (it holds the webhook\'s token: prefer url_env)'),
                url_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('the environment variable holding the webhook URL'),
                kind: z.enum(WEBHOOK_KINDS).optional().describe('slack, teams, feishu, dingtalk or wecom; default: from the URL\'s host'),
                secret: z.string().min(1).optional().describe('the signing secret of a Feishu/Lark or DingTalk bot (prefer secret_env)'),
                secret_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('the environment variable holding the signing secret'),
                digest: z.boolean().default(false).describe('one message listing the new alerts instead of one message per alert (as --digest)'),
                severities: z.array(z.enum(ALERT_SEVERITIES)).optional().describe('only alerts of these severities go here (default: all)'),
                rules: z.array(z.enum(ALERT_RULES)).optional().describe('only alerts of these rules go here (default: all)'),
              })
              .strict()
              .refine((destination) => (destination.url === undefined) !== (destination.url_env === undefined), { message: configTexts['config.rule.url_or_env'] })
              .refine((destination) => destination.secret === undefined || destination.secret_env === undefined, { message: configTexts['config.rule.secret_or_env'] }),
          )
          .default([])
          .refine((list) => new Set(list.map((destination) => destination.name.toLowerCase())).size === list.length, { message: configTexts['config.rule.same_name'] })
          .describe('the chat webhooks csops alerts push posts to when --to names none (CSOPS_ALERTS_WEBHOOK_URL, when set, is used instead)'),
        timeout_seconds: z.number().positive().max(300).default(10).describe('how long one request may take before it counts as failed (and is retried)'),
        retries: z.number().int().min(0).max(10).default(3).describe('how many times a failed request (a timeout, no connection, HTTP 429 or 5xx, a rate-limit answer) is tried again'),
        backoff_seconds: z.number().min(0).max(600).default(2).describe('the wait before the first retry; it doubles with each retry (a Retry-After header wins)'),
        max_wait_seconds: z.number().min(0).max(3600).default(60).describe('the longest wait csops honours: a Retry-After asking for more gives up on the message (it stays unsent for the next push)'),
      })
      .strict()
      .prefault({})
      .describe('csops alerts push: chat webhooks and how requests are retried'),
  })
  .strict();

export type AlertsConfig = z.infer<typeof alertsSchema>;
