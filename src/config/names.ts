/**
 * Names the command line and the config share, kept free of the config's validation library so that
 * `csops --help` and option parsing load quickly.
 */
/**
 * Enum values are snake_case everywhere csops writes or reads them (JSON, CSV, flags, config; README
 * "Output contract"). Tables and Markdown show them with hyphens for reading (high-touch, at-risk).
 */
export const TIERS = ['high_touch', 'low_touch', 'tech_touch'] as const;
export type Tier = (typeof TIERS)[number];
/** The tiers as csops wrote them before 0.2 (README Changelog): still read in config files and flags. */
export const TIER_EARLIER_SPELLINGS = ['high-touch', 'low-touch', 'tech-touch'] as const;

/** An enum value as typed or written earlier (`at-risk`, `High Touch`) in the snake_case csops uses. */
export function enumSpelling(value: string): string {
  return value.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** A value's spelling for people: tables and Markdown show `at-risk`, `high-touch`. */
export function enumLabel(value: string): string {
  return value.replace(/_/g, '-');
}

export const HEALTH_BANDS = ['healthy', 'watch', 'at_risk', 'critical'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** What `csops metrics … --by` can break figures down by. */
export const GROUPINGS = ['tier', 'industry', 'channel', 'owner'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** Alert severities, worst first (issue 20). */
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** The alert rules csops alerts sync evaluates (issue 20); the champion rule waits for contacts. */
export const ALERT_RULES = ['health_drop', 'no_login', 'low_licence_use', 'renewal_window', 'lapsed', 'sla_breach', 'urgent_bug', 'detractor', 'champion_left'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** What csops alerts export writes for (issue 20): a CRM's task import, or every field. */
export const EXPORT_TARGETS = ['salesforce_tasks', 'hubspot_tasks', 'generic'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];
/** The targets as csops wrote them before 0.2: still accepted by --for. */
export const EXPORT_TARGET_EARLIER_SPELLINGS = ['salesforce-tasks', 'hubspot-tasks'] as const;

/** The chat webhooks csops alerts push posts to (issue 20). */
export const WEBHOOK_KINDS = ['slack', 'teams', 'feishu', 'dingtalk', 'wecom'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
