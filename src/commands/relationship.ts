import type { Config } from '../config/schema.js';
import type { Db } from '../db/connection.js';
import { loadAccountContacts, loadRelationshipRows, type StoredContact } from '../db/contacts.js';
import { peopleByAccount, peopleOrder, relationshipSignalsFrom, type ContactRole, type Person, type RelationshipRows } from '../core/relationship.js';

/**
 * Relationship signals of the day (issue 21): the store reads contacts, departures, deal roles and
 * touchpoints as of the day; core turns them into each account's people. Undefined when no contact
 * was known on the day, so scoring leaves the factor out.
 */
export function loadRelationshipSignals(db: Db, asOf: string, config: Config, accountIds?: readonly string[]): ReturnType<typeof relationshipSignalsFrom> {
  return relationshipSignalsFrom(loadRelationshipRows(db, asOf, accountIds), asOf, config.health);
}

/** One of an account's people as csops account shows them (JSON keys stable). */
export interface AccountContact {
  contact_id: string;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  /** csops's roles (champion, decision_maker, economic_buyer, admin, user), from the role column, deals, the decision-maker flag or a title rule. */
  roles: ContactRole[];
  role_source: Person['role_source'];
  /** The role as the export wrote it, when it maps to none of csops's roles. */
  role_raw: string | null;
  is_primary: boolean | null;
  /** Whether the contact was there on the as-of day. */
  status: 'active' | 'left';
  /** The departure day in force on the as-of day; null when there, or when the day is not known (first seen already gone). */
  left_on: string | null;
  /** The last touchpoint with this contact on or before the day. */
  last_touchpoint: string | null;
  /** The CRM's last activity, when dated on or before the day. */
  last_active: string | null;
  /** The last day on or before the as-of day the contact (its e-mail a user id of an event file) used the product. */
  last_active_in_product: string | null;
  /** The CRM's creation day, else the first import that listed the contact. */
  known_from: string | null;
}

/** An account's people as of the day, those there first (by role, then name), then those who left, latest first. */
export function loadAccountPeople(db: Db, asOf: string, config: Config, accountId: string): AccountContact[] {
  return accountPeople(loadRelationshipRows(db, asOf, [accountId]), loadAccountContacts(db, accountId, asOf), asOf, config, accountId);
}

/** The same from rows read by either backend: the account's relationship rows of the day and its stored contacts. */
export function accountPeople(rows: RelationshipRows, contacts: readonly StoredContact[], asOf: string, config: Config, accountId: string): AccountContact[] {
  const people = peopleByAccount(rows, asOf, config.health).get(accountId) ?? [];
  const stored = new Map(contacts.map((contact) => [contact.contact_id, contact]));
  return [...people].sort(peopleOrder).map((person) => {
    const contact = stored.get(person.contact_id);
    return {
      contact_id: person.contact_id,
      name: person.name,
      title: person.title,
      email: person.email,
      phone: contact?.phone ?? null,
      roles: person.roles,
      role_source: person.role_source,
      role_raw: person.role_raw,
      is_primary: contact?.is_primary == null ? null : contact.is_primary === 1,
      status: person.left === null ? 'active' : 'left',
      left_on: person.left?.dated ? person.left.on : null,
      last_touchpoint: person.last_touchpoint,
      last_active: person.last_active,
      last_active_in_product: person.last_active_in_product,
      known_from: contact?.known_from ?? null,
    };
  });
}
