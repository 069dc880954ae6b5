import type { Db } from './connection.js';
import type { ContactEventRow, ContactRow, RelationshipRows } from '../core/relationship.js';
import { loadProductActivity } from './product-users.js';

/**
 * The people store (issue 21): contacts, their departures, their roles on deals and the touchpoints
 * with them. Scoring, the account view and renewals read it through these functions.
 */

/** Contact id → its account (null for a contact that landed unmatched): contact roles and touchpoints resolve through it. */
export function loadContactAccounts(db: Db): Map<string, string | null> {
  return new Map(db.prepare('SELECT contact_id, account_id FROM contacts').raw().all() as Array<[string, string | null]>);
}

export interface DepartureCounts {
  /** Contacts newly marked as left, dated; of them, those dated by the file's left_at. */
  left: number;
  fromLeftAt: number;
  /** First seen already gone, with no left_at: gone, no departure day. */
  alreadyLeft: number;
  /** --complete: stored contacts the file left out, marked as left on the import's day. */
  absent: number;
  /** Marked as left before, listed again as current. */
  returned: number;
}

/**
 * Records, after a contacts file landed (inside its transaction), who left and who came back, so
 * that --as-of replays who was there (issue 21):
 * - a listed contact marked gone (a status meaning left, or a left_at) and not gone before left on
 *   its left_at, else on this import's day; one seen for the first time already gone without a
 *   left_at is gone with no known day (`already_left`: never a champion_left signal);
 * - a stored left_at corrected by a later export moves its departure;
 * - a listed contact gone before and now neither marked gone nor given a left_at is back;
 * - with --complete (`complete`), a stored contact the file does not list and not gone left today.
 * A contact simply missing from a file not declared complete has not left: partial exports are common.
 */
export function recordContactDepartures(db: Db, options: DepartureOptions): DepartureCounts {
  const contacts = db.prepare(STORED_CONTACTS_SQL).all() as StoredContactState[];
  const plan = planDepartures(contacts, options);
  const insert = db.prepare('INSERT OR REPLACE INTO contact_events (contact_id, day, event, how, import_run_id) VALUES (?, ?, ?, ?, ?)');
  const move = db.prepare("UPDATE contact_events SET day = ?, import_run_id = ? WHERE contact_id = ? AND day = ? AND event = 'left'");
  const seen = db.prepare('UPDATE contacts SET first_seen_on = ? WHERE contact_id = ? AND (first_seen_on IS NULL OR first_seen_on > ?)');
  for (const event of plan.events) insert.run(event.contactId, event.day, event.event, event.how, options.runId);
  for (const moved of plan.moves) move.run(moved.to, options.runId, moved.contactId, moved.from);
  for (const contactId of plan.seen) seen.run(options.asOf, contactId, options.asOf);
  return plan.counts;
}

export interface DepartureOptions {
  asOf: string;
  runId: number;
  listed: ReadonlySet<string>;
  complete: boolean;
}

/** Each stored contact as recordContactDepartures reads it (the same SQL on SQLite and PostgreSQL). */
export interface StoredContactState {
  contact_id: string;
  status: string | null;
  left_at: string | null;
  first_seen_on: string | null;
  /** "event how day" of its latest departure or return, if any. */
  last_event: string | null;
}

export const STORED_CONTACTS_SQL = `SELECT c.contact_id, c.status, c.left_at, c.first_seen_on,
    (SELECT e.event || ' ' || e.how || ' ' || e.day FROM contact_events e WHERE e.contact_id = c.contact_id ORDER BY e.day DESC, e.event = 'left' ASC LIMIT 1) AS last_event
   FROM contacts c`;

/** What recordContactDepartures writes: departures and returns (replacing one of the same key), moved departures, contacts seen. */
export interface DeparturePlan {
  events: Array<{ contactId: string; day: string; event: 'left' | 'returned'; how: 'left_at' | 'status' | 'complete' | 'already_left' | 'listed' }>;
  moves: Array<{ contactId: string; from: string; to: string }>;
  /** Listed contacts: first_seen_on becomes the import's day where it is later or unknown. */
  seen: string[];
  counts: DepartureCounts;
}

/** The rules of recordContactDepartures, apart from the database that stores them (both backends use them). */
export function planDepartures(contacts: readonly StoredContactState[], options: DepartureOptions): DeparturePlan {
  const counts: DepartureCounts = { left: 0, fromLeftAt: 0, alreadyLeft: 0, absent: 0, returned: 0 };
  const plan: DeparturePlan = { events: [], moves: [], seen: [], counts };
  for (const contact of contacts) {
    const [event, how, day] = contact.last_event?.split(' ') ?? [];
    const goneBefore = event === 'left';
    if (!options.listed.has(contact.contact_id)) {
      if (options.complete && !goneBefore) {
        plan.events.push({ contactId: contact.contact_id, day: options.asOf, event: 'left', how: 'complete' });
        counts.absent++;
      }
      continue;
    }
    const gone = contact.status === 'left' || contact.left_at !== null;
    if (gone && !goneBefore) {
      if (contact.left_at !== null) {
        plan.events.push({ contactId: contact.contact_id, day: contact.left_at, event: 'left', how: 'left_at' });
        counts.left++;
        counts.fromLeftAt++;
      } else if (contact.first_seen_on === null) {
        plan.events.push({ contactId: contact.contact_id, day: options.asOf, event: 'left', how: 'already_left' });
        counts.alreadyLeft++;
      } else {
        plan.events.push({ contactId: contact.contact_id, day: options.asOf, event: 'left', how: 'status' });
        counts.left++;
      }
    } else if (gone && how === 'left_at' && contact.left_at !== null && contact.left_at !== day) {
      plan.moves.push({ contactId: contact.contact_id, from: day!, to: contact.left_at });
    } else if (!gone && goneBefore) {
      plan.events.push({ contactId: contact.contact_id, day: options.asOf, event: 'returned', how: 'listed' });
      counts.returned++;
    }
    plan.seen.push(contact.contact_id);
  }
  return plan;
}

/** When a contact is known from: the CRM's creation day or the first import that listed it, whichever is earlier. */
const KNOWN_FROM = `CASE WHEN created_at IS NOT NULL AND (first_seen_on IS NULL OR created_at < first_seen_on) THEN created_at ELSE first_seen_on END`;

/**
 * What the relationship signals read as of the day: the contacts of accounts known by then, the
 * departures and returns dated on or before it, roles on deals, and each account's last touchpoint
 * per contact. `accountIds` narrows to some accounts.
 */
export function loadRelationshipRows(db: Db, asOf: string, accountIds?: readonly string[]): RelationshipRows {
  // Over the whole book, whatever `accountIds` says: an account without contacts in a book that has
  // some has none named; a book without any has no contact data, and nothing more is read (a team
  // without contact data pays one query for the factor it does not use).
  const contactsKnown = db.prepare(`SELECT EXISTS (SELECT 1 FROM contacts WHERE account_id IS NOT NULL AND ${KNOWN_FROM} <= ?)`).pluck().get(asOf) === 1;
  if (!contactsKnown) return { contacts: [], events: [], dealRoles: new Map(), lastTouch: new Map(), touchpointsFrom: null, contactsKnown, productActive: new Map() };
  const only = accountIds === undefined ? undefined : new Set(accountIds);
  const keep = <Row extends { account_id: string }>(rows: Row[]) => (only === undefined ? rows : rows.filter((row) => only.has(row.account_id)));
  const contacts = keep(
    db
      .prepare(
        `SELECT contact_id, account_id, name, title, email, role, role_raw, is_decision_maker, last_activity_at, ${KNOWN_FROM} AS known_from
         FROM contacts WHERE account_id IS NOT NULL AND ${KNOWN_FROM} <= ? ORDER BY account_id, contact_id`,
      )
      .all(asOf) as ContactRow[],
  );
  const events = db
    .prepare("SELECT contact_id, day, event, how FROM contact_events WHERE day <= ? ORDER BY contact_id, day, event = 'left' DESC")
    .all(asOf) as ContactEventRow[];
  const dealRoles = new Map<string, string[]>();
  for (const [contactId, role] of db.prepare('SELECT contact_id, role FROM contact_roles WHERE role IS NOT NULL ORDER BY contact_id, role').raw().all() as Array<[string, string]>) {
    const roles = dealRoles.get(contactId);
    if (roles) roles.push(role);
    else dealRoles.set(contactId, [role]);
  }
  const lastTouch = new Map<string, Map<string, string>>();
  const touches = db
    .prepare("SELECT account_id, coalesce(contact_id, '') AS contact_id, max(date) AS day FROM touchpoints WHERE date <= ? GROUP BY account_id, coalesce(contact_id, '')")
    .all(asOf) as Array<{ account_id: string; contact_id: string; day: string }>;
  for (const touch of keep(touches)) {
    let byContact = lastTouch.get(touch.account_id);
    if (!byContact) lastTouch.set(touch.account_id, (byContact = new Map()));
    byContact.set(touch.contact_id, touch.day);
  }
  const touchpointsFrom = (db.prepare('SELECT min(date) FROM touchpoints WHERE date <= ?').pluck().get(asOf) as string | null) ?? null;
  const productActive = contacts.length > 0 ? loadProductActivity(db, asOf) : new Map<string, string>();
  return { contacts, events, dealRoles, lastTouch, touchpointsFrom, contactsKnown, productActive };
}

export interface StoredContact {
  contact_id: string;
  name: string | null;
  email: string | null;
  title: string | null;
  phone: string | null;
  role: string | null;
  role_raw: string | null;
  is_primary: number | null;
  status_raw: string | null;
  known_from: string | null;
}

/** One account's contacts known as of the day (for the account view; the people come from loadRelationshipRows). */
export function loadAccountContacts(db: Db, accountId: string, asOf: string): StoredContact[] {
  return db
    .prepare(
      `SELECT contact_id, name, email, title, phone, role, role_raw, is_primary, status_raw, ${KNOWN_FROM} AS known_from
       FROM contacts WHERE account_id = ? AND ${KNOWN_FROM} <= ? ORDER BY contact_id`,
    )
    .all(accountId, asOf) as StoredContact[];
}

export interface StoredTouchpoint {
  touchpoint_id: string;
  date: string;
  type: string | null;
  type_raw: string | null;
  contact_id: string | null;
  contact_name: string | null;
  subject: string | null;
  owner: string | null;
}

/** An account's last touchpoints on or before the day, newest first. */
export function loadAccountTouchpoints(db: Db, accountId: string, asOf: string, limit: number): StoredTouchpoint[] {
  return db
    .prepare(
      `SELECT t.touchpoint_id, t.date, t.type, t.type_raw, t.contact_id, c.name AS contact_name, t.subject, t.owner
       FROM touchpoints t LEFT JOIN contacts c ON c.contact_id = t.contact_id
       WHERE t.account_id = ? AND t.date <= ? ORDER BY t.date DESC, t.touchpoint_id LIMIT ?`,
    )
    .all(accountId, asOf, limit) as StoredTouchpoint[];
}
