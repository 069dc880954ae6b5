import type { AlertsConfig } from '../config/alerts.js';
import { ALERT_RULES, ALERT_SEVERITIES, HEALTH_BANDS, type AlertRule, type AlertSeverity, type HealthBand, type Tier } from '../config/names.js';
import { addDays, daysBetween } from './dates.js';
import type { SourceKind } from './freshness.js';
import type { ContractOutcome } from './renewal-state.js';
import type { Phrase } from './health/phrases.js';
import { championLeftSentence, type Person, type RelationshipSignals } from './relationship.js';

/**
 * Alert rules (issue 20, DOMAIN §2): what csops already computes about an account (health, usage,
 * renewals, support, surveys) turned into conditions an owner must act on; and the plan that turns a
 * day's conditions and the stored queue into the next queue. Pure: the store applies the plan.
 */

/** What the rules read about one customer on one day; commands/alerts.ts gathers it. */
export interface AlertFacts {
  account_id: string;
  name: string;
  owner: string | null;
  tier: Tier;
  /** `phrases`: the reasons as phrases, index for index (people's other languages; issue 24). */
  health: { score: number | null; band: HealthBand | 'unknown'; reasons: string[]; phrases?: readonly Phrase[] };
  /** The health recomputed alerts.rules.health_drop.days before; null when not a customer then. */
  healthBefore: { as_of: string; score: number | null; band: HealthBand | 'unknown' } | null;
  /** The figures of this account's open health-drop alert, when it has one (it stays open until the score recovers). */
  openDrop?: { score_before: number; band_before: HealthBand | 'unknown'; since: string } | null;
  /** From the usage-recency factor; null when it is missing (no usage data for the account). */
  login: { days_since: number; last_login: string | null; detail: string } | null;
  /** From the licence factor; null when it is missing. */
  licence: { users: number; seats: number; share: number } | null;
  /** The account's paying contracts and their states on the day. */
  contracts: ContractOutcome[];
  /** Tickets past an SLA target in the breach window. */
  breaches: string[];
  /** Open urgent bugs past their SLA. */
  urgentBugsPastSla: Array<{ ticket_id: string; created_at: string }>;
  /** Unhappy survey answers not followed up in time. */
  unfollowed: Array<{ kind: 'nps' | 'csat'; score: number; responded_at: string; day: string }>;
  /** The account's champions on the day (issue 21); null without contact data. */
  champions?: ChampionFacts | null;
  /** Departed champions (contact ids) this account has a live champion_left alert for. */
  openChampionLeft?: readonly string[];
}

/** A departed champion as the champion_left alert names it. */
export interface DepartedChampion {
  contact_id: string;
  name: string;
  title: string | null;
  left_on: string;
}

export interface ChampionFacts {
  /** Champions there on the day. */
  present: number;
  /** The champion_left signal of the day: the champion who left within champion_left_days with no other there. */
  left: DepartedChampion | null;
  /** Every champion whose departure is dated on or before the day, by contact id. */
  departed: ReadonlyMap<string, DepartedChampion>;
}

/** The champion facts of an account's relationship signals (undefined: no contact data). */
export function championFacts(signals: RelationshipSignals | undefined): ChampionFacts | null {
  if (signals === undefined) return null;
  const departedOf = (person: Person): DepartedChampion => ({ contact_id: person.contact_id, name: person.name, title: person.title, left_on: person.left!.on });
  const champions = signals.people.filter((person) => person.roles.includes('champion'));
  return {
    present: champions.filter((person) => person.left === null).length,
    left: signals.championLeft ? departedOf(signals.championLeft) : null,
    departed: new Map(champions.filter((person) => person.left?.dated).map((person) => [person.contact_id, departedOf(person)])),
  };
}

/** A condition that holds on the day: an alert is open for it, or opens. */
export interface Condition {
  rule: AlertRule;
  account_id: string;
  subject: string;
  owner: string | null;
  tier: Tier;
  severity: AlertSeverity;
  reason: string;
  evidence: Record<string, unknown>;
}

/** The source kinds each rule reads: a rule whose source is stale opens nothing (freshness). */
export const RULE_SOURCES: Record<AlertRule, readonly SourceKind[]> = {
  health_drop: ['usage', 'tickets', 'surveys'],
  no_login: ['usage'],
  low_licence_use: ['usage'],
  renewal_window: ['contracts'],
  lapsed: ['contracts'],
  sla_breach: ['tickets'],
  urgent_bug: ['tickets'],
  detractor: ['surveys'],
  // Contacts arrive irregularly (a CRM export now and then): never stale, like contracts without a lag.
  champion_left: [],
};

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
const bandWord = (band: HealthBand | 'unknown') => band.replace('_', ' ');
const bandRank = (band: HealthBand | 'unknown') => (band === 'unknown' ? -1 : HEALTH_BANDS.indexOf(band));

/** Every condition that holds for the account on the day, rule by rule (rules turned off give none). */
export function evaluateAlertRules(facts: AlertFacts, asOf: string, config: AlertsConfig, graceDays: number): Condition[] {
  const rules = config.rules;
  const out: Condition[] = [];
  const add = (rule: AlertRule, subject: string, reason: string, evidence: Record<string, unknown>, severity: AlertSeverity = rules[rule].severity) => {
    if (rules[rule].enabled) out.push({ rule, account_id: facts.account_id, subject, owner: facts.owner, tier: facts.tier, severity, reason, evidence });
  };

  const before = facts.healthBefore;
  const now = facts.health;
  const drop = rules.health_drop;
  if (before !== null && now.score !== null && before.score !== null) {
    const lost = before.score - now.score;
    // A band crossed by a point or two into watch is not news; into at risk or critical it is.
    const worseBand = bandRank(before.band) >= 0 && bandRank(now.band) > bandRank(before.band) && bandRank(now.band) >= bandRank('at_risk');
    if (worseBand || lost >= drop.points) {
      const change = `health ${before.score} (${bandWord(before.band)}) on ${before.as_of} → ${now.score} (${bandWord(now.band)})`;
      add('health_drop', '', `${change}${now.reasons.length > 0 ? `: ${now.reasons.slice(0, 2).join('; ')}` : ''}`, {
        score_before: before.score, band_before: before.band, score: now.score, band: now.band, since: before.as_of, points_lost: lost, reasons: now.reasons, ...reasonPhrases(now),
      });
    } else if (facts.openDrop && recovering(facts.openDrop, now, drop.points) === false) {
      // An open drop stays open until the score wins back half the points, or the band the one before
      // it: a score that wobbles around the threshold does not open and close an alert every other day.
      const from = facts.openDrop;
      add('health_drop', '', `health still down: ${from.score_before} (${bandWord(from.band_before)}) on ${from.since} → ${now.score} (${bandWord(now.band)})${now.reasons.length > 0 ? `: ${now.reasons.slice(0, 2).join('; ')}` : ''}`, {
        score_before: from.score_before, band_before: from.band_before, score: now.score, band: now.band, since: from.since, points_lost: from.score_before - now.score, reasons: now.reasons, ...reasonPhrases(now),
      });
    }
  }

  if (facts.login !== null && facts.login.days_since >= rules.no_login.days) {
    add('no_login', '', facts.login.detail, { days_since_last_login: facts.login.days_since, last_login: facts.login.last_login, threshold_days: rules.no_login.days });
  }

  if (facts.licence !== null && facts.licence.share < rules.low_licence_use.below) {
    const { users, seats, share } = facts.licence;
    add('low_licence_use', '', `${users} of ${seats} seats in use (${Math.round(share * 100)}%, under ${Math.round(rules.low_licence_use.below * 100)}%)`, {
      peak_active_users: users, seats, utilisation: Math.round(share * 1000) / 1000, below: rules.low_licence_use.below,
    });
  }

  const windows = [...rules.renewal_window.windows].sort((a, b) => a - b);
  for (const outcome of facts.contracts) {
    const { contract } = outcome;
    const money = { arr: contract.arr, currency: contract.currency };
    if (outcome.state === 'lapsed') {
      add('lapsed', contract.contract_id, `contract ${contract.contract_id} ${outcome.rule}`, { contract_id: contract.contract_id, end_date: contract.end_date, grace_until: addDays(contract.end_date!, graceDays), ...money });
      continue;
    }
    if (outcome.state !== 'open' || contract.end_date === null || contract.type === 'expansion') continue;
    if (contract.cancelled_on != null && contract.cancelled_on <= asOf) continue; // will not renew: a churn, not a renewal to work
    const daysLeft = daysBetween(asOf, contract.end_date);
    const window = windows.find((days) => daysLeft <= days);
    if (window === undefined || daysLeft < 0) continue;
    add('renewal_window', `${contract.contract_id} ${window}d`, `contract ${contract.contract_id} ends in ${plural(daysLeft, 'day')} (${contract.end_date}), inside the ${window}-day window, with no renewal recorded`, {
      contract_id: contract.contract_id, end_date: contract.end_date, days_left: daysLeft, window_days: window, auto_renew: contract.auto_renew, ...money,
    });
  }

  const run = rules.sla_breach.run;
  if (facts.breaches.length > 0 && (facts.tier === 'high_touch' || facts.breaches.length >= run)) {
    const why = facts.tier === 'high_touch' ? 'on a high-touch account' : `a run of ${run} or more`;
    add('sla_breach', '', `${plural(facts.breaches.length, 'ticket')} past SLA (${why}): ${facts.breaches.slice(0, 5).join(', ')}${facts.breaches.length > 5 ? ', …' : ''}`, {
      breached_tickets: facts.breaches, run, tier: facts.tier,
    });
  }

  for (const bug of facts.urgentBugsPastSla) {
    add('urgent_bug', bug.ticket_id, `urgent bug ${bug.ticket_id} open past SLA (created ${bug.created_at})`, { ticket_id: bug.ticket_id, created_at: bug.created_at });
  }

  for (const answer of facts.unfollowed) {
    add('detractor', `${answer.kind} ${answer.responded_at}`, `${answer.kind.toUpperCase()} ${answer.score} on ${answer.day} not followed up`, { kind: answer.kind, score: answer.score, responded_at: answer.responded_at, day: answer.day });
  }

  // The champion left (DOMAIN §2 and §6): opens with the champion_left signal (a departure dated within
  // champion_left_days, no other champion there), subject the departed contact; stays open while no
  // champion is there, however long ago the departure, so an alert nobody worked never closes itself;
  // a new champion named (or the same one back) resolves it.
  const champions = facts.champions;
  if (champions && champions.present === 0) {
    const subjects = new Map<string, DepartedChampion>();
    if (champions.left) subjects.set(champions.left.contact_id, champions.left);
    for (const contactId of facts.openChampionLeft ?? []) {
      const departed = champions.departed.get(contactId);
      if (departed) subjects.set(contactId, departed);
    }
    for (const departed of subjects.values()) {
      add('champion_left', departed.contact_id, championLeftSentence({ name: departed.name, title: departed.title, left: { on: departed.left_on } }), { contact_id: departed.contact_id, name: departed.name, title: departed.title, left_on: departed.left_on, champions_there: 0 });
    }
  }
  return out;
}

/**
 * A health drop's reasons as phrases, beside the English `reasons` of its evidence (which stay: the
 * evidence is an API): so the queue and pushed messages quote them in the language in force.
 */
function reasonPhrases(health: AlertFacts['health']): { reason_phrases?: readonly Phrase[] } {
  return health.phrases === undefined ? {} : { reason_phrases: health.phrases };
}

/** True once the score has won back half the points lost and the band is back to the one before the drop or better. */
function recovering(from: { score_before: number; band_before: HealthBand | 'unknown' }, now: { score: number | null; band: HealthBand | 'unknown' }, points: number): boolean {
  if (now.score === null) return true;
  return now.score > from.score_before - points / 2 && bandRank(now.band) <= bandRank(from.band_before);
}

export function dueBy(openedOn: string, severity: AlertSeverity, tier: Tier, config: AlertsConfig): string {
  const key = tier.replace('-', '_') as 'high_touch' | 'low_touch' | 'tech_touch';
  return addDays(openedOn, config.due_days[severity][key]);
}

/** critical 0 … low 3: smaller is worse. */
export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

export const conditionKey = (item: { account_id: string; rule: string; subject: string }) => `${item.account_id}\u0000${item.rule}\u0000${item.subject}`;

export type AlertState = 'open' | 'acked' | 'snoozed' | 'closed';
export type ClosedHow = 'done' | 'resolved_by_data';

/** The latest stored alert of a key, as the plan needs it. */
/** An alert as the queue stores it, with its account's name, owner and tier (what every command shows). */
export interface AlertRow {
  id: number;
  rule: AlertRule;
  account_id: string;
  account_name: string | null;
  subject: string;
  owner: string | null;
  tier: string | null;
  severity: AlertSeverity;
  state: AlertState;
  reason: string;
  evidence: Record<string, unknown>;
  opened_on: string;
  due_by: string;
  last_seen_on: string;
  changed_on: string;
  /** Counts the changes of the alert (1 when opened). */
  revision: number;
  snoozed_until: string | null;
  closed_on: string | null;
  closed_how: ClosedHow | null;
  cleared_on: string | null;
}

export interface StoredAlert {
  id: number;
  rule: AlertRule;
  account_id: string;
  subject: string;
  state: AlertState;
  severity: AlertSeverity;
  reason: string;
  evidence: string;
  snoozed_until: string | null;
  closed_how: ClosedHow | null;
  cleared_on: string | null;
}

export type SyncStep =
  | { kind: 'open'; condition: Condition; due_by: string }
  | { kind: 'update'; id: number; condition: Condition; changed: boolean }
  | { kind: 'reopen'; id: number; condition: Condition; changed: boolean }
  | { kind: 'resolve'; id: number }
  | { kind: 'clear'; id: number };

export interface SyncPlan {
  steps: SyncStep[];
  /** Conditions not opened because a source their rule reads is stale, by rule. */
  held: Array<{ rule: AlertRule; sources: SourceKind[]; conditions: number }>;
}

/**
 * The next queue from the stored one and the day's conditions:
 * - a condition without a live alert opens one (a done alert whose condition never cleared stays closed);
 * - a condition with a live alert keeps it (reason and evidence follow the data); a snooze that has
 *   run out reopens it;
 * - a live alert whose condition is gone closes as resolved_by_data; a done one records that it cleared.
 * Rules whose sources are stale (`stale`) neither open nor close anything: the gap is not news.
 * Applying the plan twice for the same day changes nothing the second time.
 */
export function planSync(latest: ReadonlyMap<string, StoredAlert>, conditions: readonly Condition[], asOf: string, stale: ReadonlySet<SourceKind>, config: AlertsConfig): SyncPlan {
  const staleOf = (rule: AlertRule) => RULE_SOURCES[rule].filter((source) => stale.has(source));
  const frozen = (rule: AlertRule) => staleOf(rule).length > 0;
  const steps: SyncStep[] = [];
  const heldCount = new Map<AlertRule, number>();
  const holding = new Set<string>();
  for (const condition of conditions) {
    const key = conditionKey(condition);
    holding.add(key);
    const stored = latest.get(key);
    const changed = stored !== undefined && (stored.reason !== condition.reason || stored.evidence !== JSON.stringify(condition.evidence) || stored.severity !== condition.severity);
    const live = stored !== undefined && stored.state !== 'closed';
    if (live) {
      if (stored.state === 'snoozed' && stored.snoozed_until !== null && stored.snoozed_until <= asOf) steps.push({ kind: 'reopen', id: stored.id, condition, changed });
      else if (changed) steps.push({ kind: 'update', id: stored.id, condition, changed });
      continue;
    }
    // Done while the condition held: it stays closed until the condition clears and comes back.
    if (stored !== undefined && stored.closed_how === 'done' && stored.cleared_on === null) continue;
    if (frozen(condition.rule)) {
      heldCount.set(condition.rule, (heldCount.get(condition.rule) ?? 0) + 1);
      continue;
    }
    steps.push({ kind: 'open', condition, due_by: dueBy(asOf, condition.severity, condition.tier, config) });
  }
  for (const [key, stored] of latest) {
    if (holding.has(key) || frozen(stored.rule)) continue;
    if (stored.state !== 'closed') steps.push({ kind: 'resolve', id: stored.id });
    else if (stored.closed_how === 'done' && stored.cleared_on === null) steps.push({ kind: 'clear', id: stored.id });
  }
  const held = ALERT_RULES.filter((rule) => heldCount.has(rule)).map((rule) => ({ rule, sources: staleOf(rule), conditions: heldCount.get(rule)! }));
  return { steps, held };
}

/** Worst severity first, then the oldest, then by id. */
export function queueOrder(a: { severity: AlertSeverity; opened_on: string; id: number }, b: { severity: AlertSeverity; opened_on: string; id: number }): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.opened_on.localeCompare(b.opened_on) || a.id - b.id;
}
