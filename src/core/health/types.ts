import type { HealthBand } from '../../config/rules.js';
import type { RelationshipSignals } from '../relationship.js';
import { FACTOR_WORDS, SAID, type Phrase } from './phrases.js';

export { SAID, say, type Phrase, type PhraseKey, type PhraseParams } from './phrases.js';

/** What the health score reads and what it gives (DOMAIN §2, SPEC §4); the factors and the scorer share these. */
export const FACTORS = ['usage_recency', 'login_trend', 'licence_utilisation', 'key_modules', 'support', 'sentiment', 'renewal_proximity', 'relationship'] as const;
export type FactorName = (typeof FACTORS)[number];

export const FACTOR_LABELS: Record<FactorName, string> = FACTOR_WORDS;

/** The at-risk signals by name (JSON `signals`), beside their sentences. */
export const AT_RISK_SIGNALS = ['no_login', 'login_drop', 'bugs_past_sla', 'unfollowed_detractor', 'champion_left'] as const;
export type AtRiskSignal = (typeof AT_RISK_SIGNALS)[number];

export interface OpenBug {
  ticket_id: string;
  priority: 'urgent' | 'high';
  created_at: string;
  pastSla: boolean;
}

export interface SurveyFact {
  kind: 'nps' | 'csat';
  score: number;
  responded_at: string;
  /** The day, in the configured zone, it was answered. */
  day: string;
}

/** What the data says about one account as of one day; the database layer computes it. */
export interface HealthInputs {
  asOf: string;
  /** Start of the account's first contract. */
  customerSince: string | null;
  usage: {
    /** The database holds usage for the weeks scored (for any account); without it usage signals are missing. */
    covered: boolean;
    /** The database holds usage for the earlier half of the trend window (for any account). */
    previousCovered: boolean;
    /** This account has usage rows up to the day; an account absent from the usage data is missing, not idle. */
    accountTracked: boolean;
    /** Some account recorded the active-users metric in the last weeks. */
    activeUsersTracked: boolean;
    /**
     * Some account recorded the configured login metric (health.login_metric) in the trend window.
     * Without it lastLoginDay is the last day with any usage (any metric above 0) and the login trend
     * is missing. Absent means true (the metric is there).
     */
    loginMetricTracked?: boolean;
    /**
     * The last day of usage data on or before the as-of day (for any account). Recency is measured
     * to it, never past it: stale data is not silence. Absent means the as-of day.
     */
    dataEnd?: string | null;
    lastLoginDay: string | null;
    loginsRecent: number;
    loginsPrevious: number;
    peakActiveUsers: number | null;
    keyModulesUsed: string[];
  };
  seats: number | null;
  support: {
    /** The database holds tickets up to the day (for any account). */
    covered: boolean;
    openBugs: OpenBug[];
    /** Tickets that breached an SLA target in the last breach_days, by id. */
    breaches: string[];
    ticketsRecent: number;
    ticketsBaseline: number;
    /**
     * Open bugs whose priority csops could not classify (the export's value is kept in priority_raw).
     * Decided: they cost no points (only urgent and high bugs do) and are counted, so a reader sees them.
     */
    openBugsUnknownPriority?: number;
  };
  surveys: {
    latest: SurveyFact | null;
    unfollowed: SurveyFact[];
  };
  renewal: {
    state: 'active' | 'lapsed';
    renewalDate: string | null;
    autoRenew: boolean | null;
    /** Why the contract at renewalDate will not renew ("status says churned"): no renewal points. */
    notRenewing?: string | null;
  };
  /**
   * The people (issue 21): contacts, champions and touchpoints as of the day. Undefined when no
   * contact was known on the day: the relationship factor is missing and, not being in use, is left
   * out of the confidence too, so a team without contact data keeps the scores it had.
   */
  relationship?: RelationshipSignals;
}

export interface FactorResult {
  factor: FactorName;
  weight: number;
  /** Points earned, 0…weight; null when the factor is missing. */
  points: number | null;
  missing: boolean;
  /** What the factor saw (numbers and dates), for --explain and JSON. */
  inputs: Record<string, string | number | boolean | null | string[]>;
  /** A sentence: what it found, or why it is missing. */
  detail: string;
  /** Sentences a CSM can act on, when the factor lost points. */
  reasons: string[];
  /** The same sentences as phrases, for people reading another language (not in JSON: a symbol key). */
  [SAID]: { detail: Phrase; reasons: readonly Phrase[] };
}

export interface HealthResult {
  /** 0–100, rounded; null when no factor had data. */
  score: number | null;
  band: HealthBand | 'unknown';
  /**
   * The signals (by name) that made the band at risk when the score alone gave a better band (or
   * none); empty when the score set the band.
   */
  bandForcedBy: AtRiskSignal[];
  /** Share (0–100) of the weight whose factors had data. */
  confidence: number;
  factors: FactorResult[];
  /** Reasons that cost points, most points first. */
  reasons: string[];
  /** Factors without data, as "login trend: …" sentences. */
  missing: string[];
  /** Signals that put the account at risk or worse whatever it scored (config health.at_risk_when). */
  atRiskSignals: string[];
  /** The same signals by name, each with its sentence. */
  signals: Array<{ signal: AtRiskSignal; reason: string }>;
  /** True when the factors with data carry less than health.min_confidence of the weight: no score is given. */
  withheld: boolean;
  /** reasons, missing and atRiskSignals as phrases, index for index (not in JSON: a symbol key). */
  [SAID]: HealthPhrases;
}

/** A result's sentences as phrases, index for index with its English strings. */
export interface HealthPhrases {
  reasons: Phrase[];
  missing: Phrase[];
  atRiskSignals: Phrase[];
}
