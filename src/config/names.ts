/**
 * Names the command line and the config share, kept free of the config's validation library so that
 * `csops --help` and option parsing load quickly.
 */
export const TIERS = ['high-touch', 'low-touch', 'tech-touch'] as const;
export type Tier = (typeof TIERS)[number];

export const HEALTH_BANDS = ['healthy', 'watch', 'at_risk', 'critical'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** What `csops metrics … --by` can break figures down by. */
export const GROUPINGS = ['tier', 'industry', 'channel', 'owner'] as const;
export type Grouping = (typeof GROUPINGS)[number];
