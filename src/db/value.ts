import type { Db } from './connection.js';
import { closedWithoutTime } from '../core/support-signals.js';
import type { ValueTicket } from '../core/value-statement.js';

/**
 * What a customer's value statement (csops value) reads beyond the usage rows and contracts the other
 * commands read (portfolio.ts): the account's tickets of the period, with the CSAT the customer gave them.
 */

/** The account's tickets created in [since, until) (UTC instants), oldest first. */
export function loadValueTickets(db: Db, accountId: string, since: string, until: string): ValueTicket[] {
  const rows = db
    .prepare(
      `SELECT ticket_id, created_at, first_response_at, resolved_at, status, priority, type, csat, first_response_minutes, resolution_minutes
       FROM tickets WHERE account_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, ticket_id`,
    )
    .all(accountId, since, until) as StoredValueTicket[];
  return rows.map(valueTicketOf);
}

/** A ticket row as both backends read it for the value statement. */
export interface StoredValueTicket {
  ticket_id: string;
  created_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  status: string | null;
  priority: string | null;
  type: string | null;
  csat: number | null;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
}

export function valueTicketOf(row: StoredValueTicket): ValueTicket {
  return {
    ticket_id: row.ticket_id,
    createdMs: Date.parse(row.created_at),
    firstResponseMs: row.first_response_at === null ? null : Date.parse(row.first_response_at),
    resolvedMs: row.resolved_at === null ? null : Date.parse(row.resolved_at),
    closedWithoutTime: closedWithoutTime(row.resolved_at, row.status),
    priority: row.priority,
    type: row.type,
    csat: row.csat,
    firstResponseMinutes: row.first_response_minutes,
    resolutionMinutes: row.resolution_minutes,
  };
}

/** Whether the database holds any ticket (of any account) created before the instant: without one, support is missing, not zero. */
export function ticketsImportedBefore(db: Db, until: string): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM tickets WHERE created_at < ?)').pluck().get(until) === 1;
}
