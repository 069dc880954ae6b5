import type { Db } from './connection.js';
import type { SqlValue } from './upserts.js';
import { addDays, weekdayOf } from '../core/dates.js';

/**
 * Product users' active days (issue 21 item 3): from event files, each user's days per ISO week as
 * bits (1 Monday … 64 Sunday) in product_user_weeks; read back as the last day a contact (by e-mail)
 * was active in the product on or before a day.
 */

/** Rows per INSERT: one statement for many rows costs far less than a statement per row. */
const ROWS_PER_STATEMENT = 128;

/** Adds an event file's user-weeks inside the file's transaction: a file adds days (OR), never removes them. */
export class UserWeeksUpserter {
  /** Prepared with the first rows: every import makes an upserter, and only event files give it rows. */
  private full: ReturnType<Db['prepare']> | undefined;
  /** Rows that added a day not stored before (a new user-week, or a new day in one). */
  written = 0;
  /** Rows read. */
  rows = 0;

  constructor(
    private readonly db: Db,
    private readonly runId: number,
  ) {}

  /** `values`: account_id, user_key, week, days, one row after another. */
  add(values: readonly SqlValue[]): void {
    const width = 4;
    const rows = values.length / width;
    let row = 0;
    for (; row + ROWS_PER_STATEMENT <= rows; row += ROWS_PER_STATEMENT) this.run((this.full ??= this.db.prepare(statement(ROWS_PER_STATEMENT))), values, row, ROWS_PER_STATEMENT);
    if (row < rows) this.run(this.db.prepare(statement(rows - row)), values, row, rows - row);
    this.rows += rows;
  }

  private run(insert: ReturnType<Db['prepare']>, values: readonly SqlValue[], from: number, count: number): void {
    const parameters: SqlValue[] = [];
    for (let row = from; row < from + count; row++) parameters.push(values[row * 4]!, values[row * 4 + 1]!, values[row * 4 + 2]!, values[row * 4 + 3]!, this.runId);
    this.written += insert.run(parameters).changes;
  }
}

function statement(rows: number): string {
  return `INSERT INTO product_user_weeks (account_id, user_key, week, days, import_run_id) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ')}
    ON CONFLICT (account_id, user_key, week) DO UPDATE SET days = days | excluded.days, import_run_id = excluded.import_run_id
    WHERE (days | excluded.days) <> days`;
}

/**
 * The last day each contact with an e-mail was active in the product on or before the day: the
 * contact's account and e-mail (trimmed, lower-cased) against the users of event files. The week of
 * the day counts only its days up to the day; else the latest earlier week with activity.
 */
export function loadProductActivity(db: Db, asOf: string): Map<string, string> {
  const offset = (weekdayOf(asOf) + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(asOf, -offset);
  const rows = db
    .prepare(
      `SELECT c.contact_id, w.week, w.days
       FROM contacts c JOIN product_user_weeks w ON w.account_id = c.account_id AND w.user_key = lower(trim(c.email))
       WHERE c.account_id IS NOT NULL AND c.email IS NOT NULL AND (w.week = :monday OR w.week = (
         SELECT max(e.week) FROM product_user_weeks e WHERE e.account_id = c.account_id AND e.user_key = lower(trim(c.email)) AND e.week < :monday))
       ORDER BY c.contact_id, w.week DESC`,
    )
    .all({ monday }) as Array<{ contact_id: string; week: string; days: number }>;
  return lastActiveDays(rows, asOf);
}

/**
 * Each contact's last active day on or before the day, from its user-weeks newest first (this week's
 * and the latest before it): the highest day bit set, this week's counted only up to the day.
 */
export function lastActiveDays(rows: ReadonlyArray<{ contact_id: string; week: string; days: number }>, asOf: string): Map<string, string> {
  const offset = (weekdayOf(asOf) + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(asOf, -offset);
  const lastActive = new Map<string, string>();
  for (const row of rows) {
    if (lastActive.has(row.contact_id)) continue;
    // This week: only the days up to the as-of day (bits 0 … offset).
    const days = row.week === monday ? row.days & ((1 << (offset + 1)) - 1) : row.days;
    if (days === 0) continue;
    lastActive.set(row.contact_id, addDays(row.week, 31 - Math.clz32(days)));
  }
  return lastActive;
}
