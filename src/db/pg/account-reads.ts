import type { PgSession } from './client.js';
import type { AccountSurvey, AccountTicket } from '../portfolio.js';
import type { StoredContact, StoredTouchpoint } from '../contacts.js';
import type { ValueTicket } from '../../core/value-statement.js';
import { valueTicketOf, type StoredValueTicket } from '../value.js';
import { KNOWN_FROM } from './portfolio-reads.js';

/**
 * The reads of csops account and csops value on PostgreSQL (issue 25): one customer's row, tickets, surveys, usage,
 * saved history, contacts and touchpoints, the same rows in the same order as portfolio.ts,
 * snapshots.ts, contacts.ts and value.ts read them from SQLite. Text is ordered byte-wise (COLLATE "C"), as
 * SQLite does (see portfolio-reads.ts).
 */

const C = 'COLLATE "C"';

/** The imported row, every column (portfolio.ts loadAccountRow). */
export async function pgAccountRow(session: PgSession, accountId: string): Promise<Record<string, unknown> | undefined> {
  return (await session.query('SELECT * FROM accounts WHERE account_id = $1', [accountId]))[0];
}

/** The account's tickets created before the instant, oldest first (portfolio.ts loadAccountTickets). */
export async function pgAccountTickets(session: PgSession, accountId: string, before: string): Promise<AccountTicket[]> {
  return session.query<AccountTicket>(
    `SELECT ticket_id, created_at, first_response_at, resolved_at, status, status_raw, priority, type, subject, first_response_minutes, resolution_minutes
     FROM tickets WHERE account_id = $1 AND created_at ${C} < $2 ORDER BY created_at ${C}, ticket_id ${C}`,
    [accountId, before],
  );
}

/** The account's last survey answers before the instant, newest first (portfolio.ts loadAccountSurveys). */
export async function pgAccountSurveys(session: PgSession, accountId: string, before: string, limit: number): Promise<AccountSurvey[]> {
  return session.query<AccountSurvey>(
    `SELECT response_id, responded_at, kind, score, comment, respondent, followed_up_at
     FROM surveys WHERE account_id = $1 AND responded_at ${C} < $2 ORDER BY responded_at ${C} DESC, response_id ${C} LIMIT $3`,
    [accountId, before, limit],
  );
}

/** The account's daily metrics between two days (inclusive), oldest first (portfolio.ts loadAccountUsage). */
export async function pgAccountUsage(session: PgSession, accountId: string, from: string, to: string): Promise<Array<{ day: string; metrics: Record<string, number> }>> {
  const rows = await session.query<{ day: string; metrics: string }>('SELECT day, metrics FROM usage_daily WHERE account_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day', [accountId, from, to]);
  return rows.map((row) => ({ day: row.day, metrics: JSON.parse(row.metrics) as Record<string, number> }));
}

/** The account's saved health scores, oldest first (snapshots.ts healthHistory). */
export async function pgHealthHistory(session: PgSession, accountId: string): Promise<Array<{ as_of: string; score: number | null; band: string }>> {
  return session.query('SELECT r.as_of, h.score, h.band FROM health_snapshots h JOIN snapshot_runs r ON r.id = h.run_id WHERE h.account_id = $1 ORDER BY r.as_of', [accountId]);
}

/** The account's saved tiers up to the day, oldest first (snapshots.ts tierHistoryOf). */
export async function pgTierHistory(session: PgSession, accountId: string, asOf: string): Promise<Array<{ as_of: string; tier: string }>> {
  return session.query('SELECT r.as_of, t.tier FROM tier_snapshots t JOIN snapshot_runs r ON r.id = t.run_id WHERE t.account_id = $1 AND r.as_of <= $2::date ORDER BY r.as_of', [accountId, asOf]);
}

/** One account's contacts known as of the day (contacts.ts loadAccountContacts). */
export async function pgAccountContacts(session: PgSession, accountId: string, asOf: string): Promise<StoredContact[]> {
  return session.query<StoredContact>(
    `SELECT contact_id, name, email, title, phone, role, role_raw, is_primary, status_raw, ${KNOWN_FROM} AS known_from
     FROM contacts WHERE account_id = $1 AND ${KNOWN_FROM} <= $2::date
     ORDER BY contact_id ${C}`,
    [accountId, asOf],
  );
}

/** An account's last touchpoints on or before the day, newest first (contacts.ts loadAccountTouchpoints). */
export async function pgAccountTouchpoints(session: PgSession, accountId: string, asOf: string, limit: number): Promise<StoredTouchpoint[]> {
  return session.query<StoredTouchpoint>(
    `SELECT t.touchpoint_id, t.date, t.type, t.type_raw, t.contact_id, c.name AS contact_name, t.subject, t.owner
     FROM touchpoints t LEFT JOIN contacts c ON c.contact_id = t.contact_id
     WHERE t.account_id = $1 AND t.date <= $2::date ORDER BY t.date DESC, t.touchpoint_id ${C} LIMIT $3`,
    [accountId, asOf, limit],
  );
}

/** The account's tickets created in [since, until) (UTC instants), oldest first (value.ts loadValueTickets). */
export async function pgValueTickets(session: PgSession, accountId: string, since: string, until: string): Promise<ValueTicket[]> {
  const rows = await session.query<StoredValueTicket>(
    `SELECT ticket_id, created_at, first_response_at, resolved_at, status, priority, type, csat, first_response_minutes, resolution_minutes
     FROM tickets WHERE account_id = $1 AND created_at ${C} >= $2 AND created_at ${C} < $3 ORDER BY created_at ${C}, ticket_id ${C}`,
    [accountId, since, until],
  );
  return rows.map(valueTicketOf);
}

/** Whether any ticket (of any account) was created before the instant (value.ts ticketsImportedBefore). */
export async function pgTicketsImportedBefore(session: PgSession, until: string): Promise<boolean> {
  return (await session.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM tickets WHERE created_at ${C} < $1) AS found`, [until]))[0]!.found;
}
