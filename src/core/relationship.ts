import type { HealthConfig, Tier } from '../config/rules.js';
import { championLeftPhrase, say } from './health/phrases.js';
import { daysBetween } from './dates.js';
import { enumLabel } from '../config/names.js';

/**
 * The people at a customer as of one day (DOMAIN §6, issue 21): who is there, in which role, who
 * left and when, when each was last active and last met. The store reads the rows; this turns them
 * into what the relationship factor, the account view and renewals read.
 */

export const CONTACT_ROLES = ['champion', 'decision_maker', 'economic_buyer', 'admin', 'user'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** A contact as stored, with the day it is known from (its CRM creation day, else the first import that listed it). */
export interface ContactRow {
  contact_id: string;
  account_id: string;
  name: string | null;
  title: string | null;
  email: string | null;
  role: string | null;
  role_raw: string | null;
  is_decision_maker: number | null;
  last_activity_at: string | null;
  known_from: string;
}

/** A departure or return, from contact_events. */
export interface ContactEventRow {
  contact_id: string;
  day: string;
  event: 'left' | 'returned';
  how: 'left_at' | 'status' | 'complete' | 'already_left' | 'listed';
}

/** What the store reads for the relationship signals of one day. */
export interface RelationshipRows {
  contacts: ContactRow[];
  /** Events dated on or before the day, in the order they happened. */
  events: ContactEventRow[];
  /** Roles on deals (Salesforce OpportunityContactRole), by contact. */
  dealRoles: ReadonlyMap<string, readonly string[]>;
  /** Last touchpoint on or before the day, per account and contact ('' for a touchpoint naming no contact). */
  lastTouch: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** The first touchpoint day of the whole book on or before the day; null when none. */
  touchpointsFrom: string | null;
  /** Some account of the book had a contact known on the day (the relationship factor is in use). */
  contactsKnown: boolean;
  /** The last day on or before the day each contact was active in the product (its e-mail a user id of an event file), by contact. */
  productActive?: ReadonlyMap<string, string>;
}

export interface Person {
  contact_id: string;
  name: string;
  title: string | null;
  email: string | null;
  roles: ContactRole[];
  /** The role as the export wrote it, when it maps to none of csops's roles ("Influencer"). */
  role_raw: string | null;
  /** Where the roles came from: the role column, a deal, the decision-maker flag, or a title rule. */
  role_source: 'role' | 'deal' | 'flag' | 'title' | null;
  /** The departure in force on the day: its day, and whether the day is known (not for one first seen already gone). */
  left: { on: string; dated: boolean } | null;
  /** Last activity the CRM recorded, if dated on or before the day (a later value says nothing of the day). */
  last_active: string | null;
  /** The last day on or before the day the contact was active in the product (issue 21 item 3), from event files' user ids. */
  last_active_in_product: string | null;
  last_touchpoint: string | null;
}

export interface RelationshipSignals {
  tier: Tier;
  people: Person[];
  /** The account's last touchpoint on or before the day (with anyone). */
  lastTouchpoint: string | null;
  /** Touchpoints reach back far enough to judge this tier's cadence. */
  cadenceCovered: boolean;
  /** The champion who left most recently within champion_left_days with no other champion there; null when none. */
  championLeft: Person | null;
}

/**
 * A contact's roles: its own role column, the roles of its deals, the decision-maker flag
 * (WukongCRM's 是否关键决策人); only when none of them says anything, the first title rule that matches.
 */
export function rolesOf(contact: Pick<ContactRow, 'role' | 'is_decision_maker' | 'title'>, dealRoles: readonly string[], titleRules: HealthConfig['factors']['relationship']['title_roles']): Pick<Person, 'roles' | 'role_source'> {
  const roles = new Set<ContactRole>();
  let source: Person['role_source'] = null;
  const add = (role: string | null, from: NonNullable<Person['role_source']>) => {
    if (role === null || !(CONTACT_ROLES as readonly string[]).includes(role)) return;
    roles.add(role as ContactRole);
    source ??= from;
  };
  add(contact.role, 'role');
  for (const role of dealRoles) add(role, 'deal');
  if (contact.is_decision_maker === 1) add('decision_maker', 'flag');
  if (roles.size === 0 && contact.title) {
    const rule = titleRules.find((candidate) => compiled(candidate.pattern).test(contact.title!));
    if (rule) add(rule.role, 'title');
  }
  return { roles: CONTACT_ROLES.filter((role) => roles.has(role)), role_source: source };
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (!regex) patterns.set(pattern, (regex = new RegExp(pattern, 'iu')));
  return regex;
}

/** The people of each account as of the day: those known by then, with the departure in force then. */
export function peopleByAccount(rows: RelationshipRows, asOf: string, config: HealthConfig): Map<string, Person[]> {
  const titleRules = config.factors.relationship.title_roles;
  // The event in force on the day: the last one dated on or before it.
  const lastEvent = new Map<string, ContactEventRow>();
  for (const event of rows.events) lastEvent.set(event.contact_id, event);
  const byAccount = new Map<string, Person[]>();
  for (const contact of rows.contacts) {
    const event = lastEvent.get(contact.contact_id);
    const touches = rows.lastTouch.get(contact.account_id);
    const person: Person = {
      contact_id: contact.contact_id,
      name: contact.name ?? contact.email ?? contact.contact_id,
      title: contact.title,
      email: contact.email,
      ...rolesOf(contact, rows.dealRoles.get(contact.contact_id) ?? [], titleRules),
      role_raw: contact.role === null ? contact.role_raw : null,
      left: event?.event === 'left' ? { on: event.day, dated: event.how !== 'already_left' } : null,
      last_active: contact.last_activity_at !== null && contact.last_activity_at <= asOf ? contact.last_activity_at : null,
      last_active_in_product: rows.productActive?.get(contact.contact_id) ?? null,
      last_touchpoint: touches?.get(contact.contact_id) ?? null,
    };
    const list = byAccount.get(contact.account_id);
    if (list) list.push(person);
    else byAccount.set(contact.account_id, [person]);
  }
  return byAccount;
}

/**
 * Relationship signals per account, or undefined for every account when no contact was known on the
 * day (a team without contact data: the factor is left out and today's scores stand).
 */
export function relationshipSignalsFrom(rows: RelationshipRows, asOf: string, config: HealthConfig): ((accountId: string, tier: Tier) => RelationshipSignals) | undefined {
  if (!rows.contactsKnown) return undefined;
  const people = peopleByAccount(rows, asOf, config);
  const settings = config.factors.relationship;
  return (accountId, tier) => {
    const list = people.get(accountId) ?? [];
    const touches = rows.lastTouch.get(accountId);
    let lastTouchpoint: string | null = null;
    for (const day of touches?.values() ?? []) if (lastTouchpoint === null || day > lastTouchpoint) lastTouchpoint = day;
    const cadence = tier === 'tech_touch' ? null : settings.cadence_days[tier];
    return {
      tier,
      people: list,
      lastTouchpoint,
      cadenceCovered: cadence !== null && rows.touchpointsFrom !== null && daysBetween(rows.touchpointsFrom, asOf) >= cadence,
      championLeft: championLeft(list, asOf, settings.champion_left_days),
    };
  };
}

/**
 * The champion_left signal (DOMAIN §2: "a champion who left"): a champion whose departure day is
 * within the last `days` days, while no other champion is there. A departure with no known day (first
 * seen already gone) never raises it: nobody can say it is news.
 */
export function championLeft(people: readonly Person[], asOf: string, days: number): Person | null {
  if (days <= 0) return null;
  if (people.some((person) => person.left === null && person.roles.includes('champion'))) return null;
  let latest: Person | null = null;
  for (const person of people) {
    if (!person.roles.includes('champion') || person.left === null || !person.left.dated) continue;
    const ago = daysBetween(person.left.on, asOf);
    if (ago < 0 || ago > days) continue;
    if (latest === null || person.left.on > latest.left!.on) latest = person;
  }
  return latest;
}

/** "champion Li Na (Head of Ops) left on 2026-10-02; no other champion named". */
export function championLeftSentence(person: Pick<Person, 'name' | 'title'> & { left: { on: string } | null }): string {
  return say(championLeftPhrase(person));
}

/** Whether a renewal's decision makers were met within the tier's cadence (issue 21: renewals flags the gap). */
export interface DecisionMakerContact {
  /** The last touchpoint with a decision maker or economic buyer still there; null when none is recorded. */
  last: string | null;
  /** The tier's cadence (health.factors.relationship.cadence_days); null for tech-touch accounts, which are exempt. */
  cadence_days: number | null;
  /**
   * True when no decision maker was contacted within the cadence (or none is named); false when one
   * was; null when it does not apply (no contact data, a tech-touch account) or cannot be told (the
   * touchpoint data does not reach back a cadence and shows no such contact).
   */
  overdue: boolean | null;
  /** Why it is flagged, as a sentence; null when it is not. */
  reason: string | null;
}

/**
 * The decision-maker gap of an account as of the day: DOMAIN §1 has high- and low-touch accounts'
 * decision chain managed; a renewal inside its window whose decision makers nobody met within the
 * cadence is one to work first. Undefined signals (no contact data) and tech-touch accounts are exempt.
 */
export function decisionMakerContact(signals: RelationshipSignals | undefined, asOf: string, config: HealthConfig): DecisionMakerContact {
  if (signals === undefined || signals.tier === 'tech_touch') return { last: null, cadence_days: null, overdue: null, reason: null };
  const cadence = config.factors.relationship.cadence_days[signals.tier];
  const deciders = signals.people.filter((person) => person.left === null && (person.roles.includes('decision_maker') || person.roles.includes('economic_buyer')));
  let last: string | null = null;
  for (const person of deciders) if (person.last_touchpoint !== null && (last === null || person.last_touchpoint > last)) last = person.last_touchpoint;
  const base = { last, cadence_days: cadence };
  if (deciders.length === 0) return { ...base, overdue: true, reason: `no decision maker named for a ${enumLabel(signals.tier)} account` };
  const since = last === null ? null : daysBetween(last, asOf);
  if (since !== null && since <= cadence) return { ...base, overdue: false, reason: null };
  if (!signals.cadenceCovered) return { ...base, overdue: null, reason: null };
  return {
    ...base,
    overdue: true,
    reason: since === null ? `no touchpoint with a decision maker recorded (cadence ${cadence} days for ${enumLabel(signals.tier)})` : `no decision maker contacted for ${since} days (last ${last}; cadence ${cadence} days for ${enumLabel(signals.tier)})`,
  };
}

/** The order the account view lists people in: those there first, by role, then by name; the departed after, latest first. */
export function peopleOrder(a: Person, b: Person): number {
  const rank = (person: Person) => (person.roles.length === 0 ? CONTACT_ROLES.length : CONTACT_ROLES.indexOf(person.roles[0]!));
  if ((a.left === null) !== (b.left === null)) return a.left === null ? -1 : 1;
  if (a.left !== null && b.left !== null && a.left.on !== b.left.on) return b.left.on.localeCompare(a.left.on);
  return rank(a) - rank(b) || a.name.localeCompare(b.name) || a.contact_id.localeCompare(b.contact_id);
}
