import { z } from 'zod';
import { configTexts } from './texts.js';

/**
 * The business rules a team tunes (SPEC §4, DOMAIN §1–2, §4): tier thresholds, the health score's
 * factors and bands, SLA targets and business hours. Every key has the SPEC's default.
 */

const amount = z.number().min(0);
/** A tier in the config: high_touch, or as csops spelled it before (high-touch). */
const tierName = z.enum([...TIERS, ...TIER_EARLIER_SPELLINGS]).transform((tier) => enumSpelling(tier) as Tier);
const share = z.number().min(0).max(1).describe("share of the factor's weight earned in this band (0–1)");

import { HEALTH_BANDS, TICKET_PRIORITIES, TIER_EARLIER_SPELLINGS, TIERS, enumSpelling, type HealthBand, type Tier, type TicketPriority } from './names.js';

export { HEALTH_BANDS, TICKET_PRIORITIES, TIERS, type HealthBand, type Tier, type TicketPriority };

export const tiersSchema = z
  .object({
    high_touch: z
      .object({
        min_arr: amount.default(200_000).describe('ARR (in the config currency) from which an account is high-touch'),
        min_employees: z.number().int().min(0).default(2_000).describe('company size from which an account is high-touch'),
        min_custom_dev: amount.default(100_000).describe('custom-development spend from which an account is high-touch'),
        plans: z.array(z.string()).default([]).describe('plans/editions that make an account high-touch, e.g. ["enterprise"]'),
      })
      .strict()
      .prefault({})
      .describe('an account meeting any of these is high-touch: a named CSM'),
    low_touch: z
      .object({
        min_arr: amount.default(20_000).describe('ARR from which an account is low-touch'),
        plans: z.array(z.string()).default([]).describe('plans/editions that make an account at least low-touch'),
      })
      .strict()
      .prefault({})
      .describe('an account meeting any of these (and not high-touch) is low-touch: pooled CSMs'),
    overrides: z
      .record(z.string(), tierName)
      .default({})
      .describe('tier_override values → tier, e.g. {"strategic": "high_touch", "self-serve": "tech_touch"} (high-touch and the other hyphenated spellings are read too); tier names themselves are always understood, and any other non-empty override makes an account high-touch'),
  })
  .strict();

const recencyBand = z.object({ max_days: z.number().int().min(0).describe('most days since the last login in this band'), share }).strict();
const ratioBand = z.object({ min_ratio: z.number().min(0).describe('lowest ratio of recent to previous logins in this band'), share }).strict();
const shareBand = z.object({ min_share: z.number().min(0).describe('lowest share (0–1) in this band'), share }).strict();
const scoreBand = z.object({ min_score: z.number().min(0).describe('lowest survey score in this band'), share }).strict();
const daysLeftBand = z.object({ min_days: z.number().int().describe('fewest days left until the renewal date in this band'), share }).strict();

const weight = z.number().min(0).max(100);
/** A factor's weight; its default is decided with the others' (see resolveWeights), so it is optional here. */
const weightOf = (factor: FactorKey) =>
  weight.optional().describe(`the factor's maximum points (default ${DEFAULT_WEIGHTS[factor]}); the weights of all factors add up to 100`);


const DEFAULT_FACTORS = {
  usage_recency: {
    bands: [
      { max_days: 2, share: 1 },
      { max_days: 7, share: 0.8 },
      { max_days: 13, share: 0.5 },
      { max_days: 20, share: 0.2 },
    ],
  },
  login_trend: {
    weeks: 4,
    bands: [
      { min_ratio: 0.9, share: 1 },
      { min_ratio: 0.7, share: 0.6 },
      { min_ratio: 0.5, share: 0.3 },
    ],
  },
  licence_utilisation: {
    bands: [
      { min_share: 0.7, share: 1 },
      { min_share: 0.5, share: 0.7 },
      { min_share: 0.3, share: 0.4 },
      { min_share: 0.15, share: 0.2 },
    ],
  },
  key_modules: {
    bands: [
      { min_share: 1, share: 1 },
      { min_share: 0.66, share: 0.6 },
      { min_share: 0.33, share: 0.3 },
    ],
  },
  support: { open_urgent_bug: 0.5, open_high_bug: 0.3, sla_breach: 0.2, ticket_spike: 0.3, breach_days: 30 },
  sentiment: {
    lookback_days: 180,
    follow_up_days: 3,
    unfollowed_days: 90,
    unfollowed_penalty: 0.5,
    nps_bands: [
      { min_score: 9, share: 1 },
      { min_score: 7, share: 0.7 },
      { min_score: 5, share: 0.3 },
    ],
    csat_bands: [
      { min_score: 5, share: 1 },
      { min_score: 4, share: 0.8 },
      { min_score: 3, share: 0.4 },
    ],
  },
  renewal_proximity: {
    auto_renew_share: 1,
    bands: [
      { min_days: 120, share: 1 },
      { min_days: 90, share: 0.8 },
      { min_days: 60, share: 0.6 },
      { min_days: 30, share: 0.4 },
      { min_days: 0, share: 0.2 },
    ],
  },
};

type FactorKey = keyof typeof DEFAULT_WEIGHTS;

/**
 * The default weights (SPEC §4, rebalanced for the relationship factor of issue 21): the seven
 * earlier factors keep their proportions at four fifths of their old weights (25 → 20, 15 → 12,
 * 10 → 8), so when relationship has no data (no contacts imported) the score, rescaled over the
 * factors that have data, is the one csops gave before the factor existed.
 */
const DEFAULT_WEIGHTS = {
  usage_recency: 20, login_trend: 12, licence_utilisation: 12, key_modules: 8, support: 12, sentiment: 8, renewal_proximity: 8, relationship: 20,
};
/** The weights before the relationship factor: a config that sets weights but none for relationship was written for them. */
const WEIGHTS_BEFORE_RELATIONSHIP = {
  usage_recency: 25, login_trend: 15, licence_utilisation: 15, key_modules: 10, support: 15, sentiment: 10, renewal_proximity: 10, relationship: 0,
};

const F = DEFAULT_FACTORS;
const R = {
  champion_quiet_days: 30,
  champion_left_days: 90,
  cadence_days: { high_touch: 30, low_touch: 90 },
  key_contact_share: 0.3,
  champion_share: 0.4,
  cadence_share: 0.3,
  quiet_champion_share: 0.5,
  title_roles: [
    { pattern: '\\b(VP|SVP|EVP|Vice President|Head of|Director|Chief|CEO|CFO|COO|CTO|CIO|CRO|President|Owner|Founder|Managing Director|General Manager)\\b|总监|经理|总裁|总经理|董事|副总|主管|负责人|CEO|CTO|CIO', role: 'decision_maker' as const },
  ],
};
const roleRule = z
  .object({
    pattern: z
      .string()
      .min(1)
      .refine(isRegExp, { message: configTexts['config.rule.regexp'] })
      .describe('a regular expression tried on the title, ignoring case, e.g. "\\bHead of\\b|总监"'),
    role: z.enum(['champion', 'decision_maker', 'economic_buyer', 'admin', 'user']).describe('the role a matching title gives'),
  })
  .strict();
const factorsSchema = z
  .object({
    usage_recency: z
      .object({
        weight: weightOf('usage_recency'),
        bands: z.array(recencyBand).default(F.usage_recency.bands).describe('days since the last login → share; beyond the last band: 0'),
      })
      .strict()
      .prefault({})
      .describe('days since the last login (the configured login metric)'),
    login_trend: z
      .object({
        weight: weightOf('login_trend'),
        weeks: z.number().int().min(1).max(26).default(F.login_trend.weeks).describe('compare logins of the last N weeks with the N weeks before'),
        bands: z.array(ratioBand).default(F.login_trend.bands).describe('recent ÷ previous logins → share; below the last band: 0'),
      })
      .strict()
      .prefault({})
      .describe('logins of the last weeks against the weeks before'),
    licence_utilisation: z
      .object({
        weight: weightOf('licence_utilisation'),
        bands: z.array(shareBand).default(F.licence_utilisation.bands).describe('peak daily active users in the last 4 weeks ÷ seats → share'),
      })
      .strict()
      .prefault({})
      .describe('active users against seats'),
    key_modules: z
      .object({
        weight: weightOf('key_modules'),
        bands: z.array(shareBand).default(F.key_modules.bands).describe('share of the key modules used in the last 4 weeks → share'),
      })
      .strict()
      .prefault({})
      .describe('use of the key modules named in health.key_modules'),
    support: z
      .object({
        weight: weightOf('support'),
        open_urgent_bug: share.default(F.support.open_urgent_bug).describe('share lost per open urgent bug'),
        open_high_bug: share.default(F.support.open_high_bug).describe('share lost per open high-priority bug'),
        sla_breach: share.default(F.support.sla_breach).describe('share lost per ticket that breached its SLA in the last breach_days'),
        ticket_spike: share.default(F.support.ticket_spike).describe('share lost when tickets spike'),
        breach_days: z.number().int().min(1).default(F.support.breach_days).describe('how far back SLA breaches count'),
      })
      .strict()
      .prefault({})
      .describe('open urgent/high bugs, SLA breaches and ticket spikes; starts from the full weight and loses a share per problem'),
    sentiment: z
      .object({
        weight: weightOf('sentiment'),
        lookback_days: z.number().int().min(1).default(F.sentiment.lookback_days).describe('a survey response older than this is no signal'),
        follow_up_days: z.number().int().min(0).default(F.sentiment.follow_up_days).describe('days a detractor or unhappy CSAT may wait for a follow-up before it counts as not followed up'),
        unfollowed_days: z.number().int().min(1).default(F.sentiment.unfollowed_days).describe('how far back a detractor or unhappy CSAT without follow-up still counts'),
        unfollowed_penalty: share.default(F.sentiment.unfollowed_penalty).describe('share lost for each detractor or unhappy CSAT not followed up'),
        nps_bands: z.array(scoreBand).default(F.sentiment.nps_bands).describe('latest NPS (0–10) → share'),
        csat_bands: z.array(scoreBand).default(F.sentiment.csat_bands).describe('latest CSAT (1–5) → share'),
      })
      .strict()
      .prefault({})
      .describe('the latest NPS or CSAT answer, less a share per unhappy answer not followed up'),
    renewal_proximity: z
      .object({
        weight: weightOf('renewal_proximity'),
        auto_renew_share: share.default(F.renewal_proximity.auto_renew_share).describe('share for a contract that renews automatically'),
        bands: z.array(daysLeftBand).default(F.renewal_proximity.bands).describe('days until the renewal date → share; a lapsed contract earns 0'),
      })
      .strict()
      .prefault({})
      .describe('days until the renewal date'),
    relationship: z
      .object({
        weight: weightOf('relationship'),
        champion_quiet_days: z.number().int().min(1).default(R.champion_quiet_days).describe('a champion last active (in the product, or in the CRM) longer ago than this is quiet'),
        champion_left_days: z.number().int().min(0).default(R.champion_left_days).describe('a champion who left this many days ago or less, with no other champion named, puts the account at risk (the champion_left signal); 0 turns the signal off'),
        cadence_days: z
          .object({
            high_touch: z.number().int().min(1).optional().describe(`days within which a high-touch account's decision maker should have been met (default ${R.cadence_days.high_touch})`),
            low_touch: z.number().int().min(1).optional().describe(`days within which a low-touch account's decision maker should have been met (default ${R.cadence_days.low_touch})`),
            // The spellings of csops before the enum values became snake_case (README Changelog): still read.
            'high-touch': z.number().int().min(1).optional().describe('the earlier spelling of high_touch, still read'),
            'low-touch': z.number().int().min(1).optional().describe('the earlier spelling of low_touch, still read'),
          })
          .strict()
          .prefault({})
          .transform((days) => ({ high_touch: days.high_touch ?? days['high-touch'] ?? R.cadence_days.high_touch, low_touch: days.low_touch ?? days['low-touch'] ?? R.cadence_days.low_touch }))
          .describe('contact cadence per tier: the last touchpoint with a decision maker or economic buyer should be this recent (tech-touch accounts are exempt)'),
        key_contact_share: share.default(R.key_contact_share).describe('share for a champion or decision maker named and still there (high- and low-touch accounts)'),
        champion_share: share.default(R.champion_share).describe('share for a champion still there and active within champion_quiet_days'),
        cadence_share: share.default(R.cadence_share).describe('share for a decision maker met within the tier\'s cadence (high- and low-touch accounts)'),
        quiet_champion_share: share.default(R.quiet_champion_share).describe('the part of champion_share a champion who is still there but quiet keeps'),
        title_roles: z
          .array(roleRule)
          .default(R.title_roles)
          .describe('roles read from titles, for contacts whose export gives no role: the first pattern that matches the title gives its role'),
      })
      .strict()
      .prefault({})
      .describe('the people (issue 21): a champion or decision maker named, the champion still there and active, a decision maker met within the cadence; missing when no contacts were imported'),
  })
  .strict()
  .prefault({})
  .transform(resolveWeights)
  .refine((factors) => Math.abs(Object.values(factors).reduce((sum, factor) => sum + factor.weight, 0) - 100) < 1e-9, {
    message: configTexts['config.rule.weights_sum'],
  });

/**
 * Fills in the weights the config leaves out. A config that sets some weights but none for
 * relationship was written before that factor: its other weights take their earlier defaults and
 * relationship 0, so its scores stay what they were (set relationship's weight to use it).
 */
function resolveWeights<Factors extends Record<FactorKey, { weight?: number | undefined }>>(factors: Factors): { [K in keyof Factors]: Factors[K] & { weight: number } } {
  const keys = Object.keys(DEFAULT_WEIGHTS) as FactorKey[];
  const legacy = factors.relationship.weight === undefined && keys.some((key) => factors[key].weight !== undefined);
  const defaults = legacy ? WEIGHTS_BEFORE_RELATIONSHIP : DEFAULT_WEIGHTS;
  const resolved = { ...factors } as Record<string, unknown>;
  for (const key of keys) resolved[key] = { ...factors[key], weight: factors[key].weight ?? defaults[key] };
  return resolved as { [K in keyof Factors]: Factors[K] & { weight: number } };
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}

export const healthSchema = z
  .object({
    thresholds: z
      .object({
        healthy: z.number().min(0).max(100).default(70).describe('lowest score that is healthy'),
        watch: z.number().min(0).max(100).default(50).describe('lowest score that is watch'),
        at_risk: z.number().min(0).max(100).default(30).describe('lowest score that is at risk; below it: critical'),
      })
      .strict()
      .prefault({})
      .refine((t) => t.healthy > t.watch && t.watch > t.at_risk, { message: configTexts['config.rule.thresholds_fall'] })
      .describe('lowest score of each band; below at_risk is critical'),
    login_metric: z.string().default('logins').describe('usage metric counting logins'),
    active_users_metric: z.string().default('active_users').describe('usage metric counting distinct active users per day'),
    key_modules: z.array(z.string()).default([]).describe('usage metrics of the modules that show real adoption, e.g. ["reports_created", "workflows_run"]'),
    at_risk_when: z
      .object({
        days_without_login: z.number().int().min(0).default(21).describe('no login for this many days (DOMAIN §2: three weeks of silence is high risk); 0 turns the rule off'),
        login_drop: z.number().min(0).max(1).default(0.6).describe('logins fell by this share or more against the previous period (0.6 = down 60%); 0 turns the rule off'),
        bugs_past_sla: z.number().int().min(0).default(1).describe('this many open urgent or high-priority bugs past their SLA; 0 turns the rule off'),
        unfollowed_detractors: z.number().int().min(0).default(1).describe('this many detractors or unhappy CSAT answers not followed up; 0 turns the rule off'),
      })
      .strict()
      .prefault({})
      .describe('signals that put an account at risk or worse whatever it scores'),
    spike: z
      .object({
        days: z.number().int().min(1).default(14).describe('the recent days whose tickets are counted'),
        baseline_days: z.number().int().min(1).default(84).describe('the days before them that set the usual rate'),
        min_tickets: z.number().int().min(1).default(5).describe('fewest recent tickets that can be a spike'),
        ratio: z.number().min(1).default(2).describe('recent rate ÷ usual rate from which it is a spike'),
      })
      .strict()
      .prefault({})
      .describe('a spike: at least min_tickets created in the last `days`, and ratio times the usual rate of the baseline_days before'),
    min_confidence: z
      .number()
      .min(0)
      .max(100)
      .default(0)
      .describe('confidence floor (share, 0–100, of the factor weight that has data): below it no score is given (band unknown, the missing factors listed, at-risk signals still apply); 0, the default, scores from whatever has data and shows the confidence beside it'),
    change_threshold: z.number().min(0).default(10).describe('`csops risk --changes` lists an account whose score moved by more than this'),
    factors: factorsSchema.describe('the weighted factors of the score: each earns up to its weight in points, by the share its value band gives'),
  })
  .strict();

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, configTexts['config.rule.clock_time']);
const interval = z.tuple([clockTime, clockTime]).refine(([from, to]) => from < to, { message: configTexts['config.rule.interval'] });
const dayHours = z
  .array(interval)
  .refine((intervals) => [...intervals].sort(([a], [b]) => a.localeCompare(b)).every((current, index, sorted) => index === 0 || current[0] >= sorted[index - 1]![1]), {
    message: configTexts['config.rule.overlap'],
  })
  .describe('intervals such as [["09:00", "12:00"], ["13:00", "18:00"]]');
const NINE_TO_SIX: Array<[string, string]> = [['09:00', '18:00']];

const target = z
  .object({
    first_response_hours: z.number().positive().describe('hours (on the SLA clock) from creation to the first response'),
    resolution_hours: z.number().positive().describe('hours (on the SLA clock) from creation to resolution'),
  })
  .strict();


export const slaSchema = z
  .object({
    clock: z.enum(['business', 'calendar']).default('business').describe('measure SLA targets in business hours or calendar hours'),
    business_hours: z
      .object({
        mon: dayHours.default(NINE_TO_SIX),
        tue: dayHours.default(NINE_TO_SIX),
        wed: dayHours.default(NINE_TO_SIX),
        thu: dayHours.default(NINE_TO_SIX),
        fri: dayHours.default(NINE_TO_SIX),
        sat: dayHours.default([]),
        sun: dayHours.default([]),
      })
      .strict()
      .prefault({})
      .describe('working intervals per weekday in the config time zone'),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, configTexts['config.rule.date'])).default([]).describe('days without business hours'),
    default_priority: z.enum(TICKET_PRIORITIES).default('normal').describe('priority assumed for a ticket that has none'),
    type_targets: z
      .record(z.string(), z.partialRecord(z.enum(TICKET_PRIORITIES), target.partial()))
      .default({})
      .describe('targets for one ticket type that differ from `targets`, e.g. {"question": {"normal": {"resolution_hours": 16}}}'),
    holidays_ics: z.string().optional().describe('a local .ics calendar (a Google, Outlook or Apple export) whose events are holidays, added to `holidays`: all-day events their dates, timed ones the days they cover in time_zone, recurring ones (RRULE, EXDATE, moved days) from 2000 to 2049; relative to the config file'),
    escalation: z
      .array(z.object({ at: z.number().positive().describe('multiple of the target, e.g. 1.5'), level: z.string().min(1).describe('who is told, e.g. "team lead"') }).strict())
      .min(1)
      .default([
        { at: 1, level: 'owner' },
        { at: 1.5, level: 'team lead' },
        { at: 2, level: 'head of CS' },
      ])
      .describe('a breached ticket escalates to `level` once its elapsed time reaches `at` times the target'),
    targets: z
      .object({
        urgent: target.default({ first_response_hours: 1, resolution_hours: 4 }).describe('targets for urgent tickets (P1, 紧急)'),
        high: target.default({ first_response_hours: 4, resolution_hours: 16 }).describe('targets for high-priority tickets (P2, 高)'),
        normal: target.default({ first_response_hours: 8, resolution_hours: 40 }).describe('targets for normal tickets (P3, medium, 中)'),
        low: target.default({ first_response_hours: 24, resolution_hours: 80 }).describe('targets for low-priority tickets (P4, 低)'),
      })
      .strict()
      .prefault({})
      .describe('hours to first response and to resolution per priority'),
  })
  .strict();

export type TiersConfig = z.infer<typeof tiersSchema>;
export type HealthConfig = z.infer<typeof healthSchema>;
export type SlaConfig = z.infer<typeof slaSchema>;
