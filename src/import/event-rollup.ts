import { importPhrase } from '../i18n/messages/import.js';
import { addDays, utcToZonedDate, weekdayOf } from '../core/dates.js';
import type { SqlValue } from '../db/upserts.js';
import type { CellProblem, CsvRecord } from './table-source.js';
import type { FileDayOrder } from './date-dialects.js';
import { metricName, type HeaderMapping } from './header-map.js';
import { Problem, expectation, said, isPlaceholderDate, parseDate, parseInstant } from './values.js';

/**
 * Product-analytics events (Mixpanel, Amplitude, PostHog: one row per event) rolled up per account
 * and day as they stream by: a count per event name, `events` in all, `logins`, and `active_users`
 * (distinct user ids). Memory grows with account-days and their users, not with events. Each user's
 * active days are kept too, a week at a time (issue 21: a contact whose e-mail is a user id is active in
 * the product on those days): read from the users each account-day already holds, once the file ends,
 * so counting an event costs nothing more.
 */
export interface EventRollupPlan {
  header: string[];
  accountIndex?: number;
  subscriptionIndex?: number;
  eventIndex: number;
  timestampIndex: number;
  userIndex?: number;
  timeZone: string;
  dayOrder?: FileDayOrder;
}

export function eventRollupPlan(header: string[], mapping: HeaderMapping, timeZone: string, dayOrder?: FileDayOrder): EventRollupPlan {
  return {
    header,
    accountIndex: mapping.fieldIndex.get('account_id'),
    subscriptionIndex: mapping.fieldIndex.get('subscription_id'),
    eventIndex: mapping.fieldIndex.get('event')!,
    timestampIndex: mapping.fieldIndex.get('timestamp')!,
    userIndex: mapping.fieldIndex.get('user_id'),
    timeZone,
    dayOrder,
  };
}

/** Event names that mean a login (DOMAIN §2: login frequency is the first health signal). */
const LOGIN_EVENTS = new Set(['login', 'log_in', 'logged_in', 'user_login', 'sign_in', 'signed_in', 'signin', 'session_start', 'app_open', 'application_opened']);

/** An account's days, and its users numbered in the order they first appear. */
interface AccountEvents {
  days: Map<string, AccountDay>;
  userNumbers: Map<string, number>;
}

/**
 * Counts per event-name number (see EventRollup.nameIds), and the users seen: bit n of the
 * 32-bit words in `users` stands for the account's user number n. Most account-days see a few of
 * the account's users, so a few bits each take far less memory than a Set of numbers.
 */
interface AccountDay {
  accountId: string;
  day: string;
  events: number;
  counts: number[];
  users: number[];
}

const WALL_TIME = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?$/;
const EPOCH = /^\d{9,10}(?:\.\d+)?$|^\d{12,13}$/;
const BUCKET_MS = 15 * 60_000;

export class EventRollup {
  /** account → day → counts: two small lookups instead of building a key string per event. */
  private readonly accounts = new Map<string, AccountEvents>();
  /** Event names are numbered once, so each account-day holds small numbers. */
  private readonly nameIds = new Map<string, number>();
  private readonly names: string[] = [];
  /** Zone day per 15-minute bucket of UTC time (offsets change on quarter hours at the finest). */
  private readonly dayOfBucket = new Map<number, string>();
  /** Users' weeks built while the usage rows go out: account_id, user_key, week, days, one row after another. */
  private userWeekValues: SqlValue[] = [];
  /** Day → its week's Monday and its bit in the week (1 Monday … 64 Sunday). */
  private readonly weekOfDay = new Map<string, { monday: string; bit: number }>();

  constructor(
    private readonly plan: EventRollupPlan,
    private readonly knownAccounts: ReadonlySet<string>,
    private readonly accountOfSubscription: ReadonlyMap<string, string>,
  ) {}

  /** Adds one event, or returns why it cannot be counted. */
  add(record: CsvRecord): CellProblem[] | undefined {
    const { plan } = this;
    const cells = record.cells;
    const accountId = this.accountOf(cells);
    if (typeof accountId !== 'string') return [accountId];
    const timestamp = (cells[plan.timestampIndex] ?? '').trim();
    const day = this.dayOf(timestamp);
    if (day instanceof Problem) return [{ column: plan.header[plan.timestampIndex], value: timestamp, ...expectation(day) }];
    const rawName = (cells[plan.eventIndex] ?? '').trim();
    let nameId = this.nameIds.get(rawName);
    if (nameId === undefined) {
      const name = metricName(rawName.replace(/^\$/, ''));
      if (name === '') return [{ column: plan.header[plan.eventIndex], value: rawName, ...said(importPhrase('import.expected.event_name')) }];
      nameId = this.names.indexOf(name);
      if (nameId === -1) nameId = this.names.push(name) - 1;
      this.nameIds.set(rawName, nameId);
    }

    let account = this.accounts.get(accountId);
    if (!account) {
      account = { days: new Map(), userNumbers: new Map() };
      this.accounts.set(accountId, account);
    }
    let accountDay = account.days.get(day);
    if (!accountDay) {
      // Counts sized for the names known so far hold no spare room (an array grown index by index keeps some).
      accountDay = { accountId, day, events: 0, counts: new Array<number>(this.names.length).fill(0), users: [] };
      account.days.set(day, accountDay);
    }
    accountDay.events++;
    accountDay.counts[nameId] = (accountDay.counts[nameId] ?? 0) + 1;
    if (plan.userIndex !== undefined) {
      const user = cells[plan.userIndex] ?? '';
      if (user !== '') {
        let userNumber = account.userNumbers.get(user);
        if (userNumber === undefined) {
          userNumber = account.userNumbers.size;
          account.userNumbers.set(user, userNumber);
        }
        const word = userNumber >>> 5;
        while (accountDay.users.length <= word) accountDay.users.push(0);
        accountDay.users[word]! |= 1 << (userNumber & 31);
      }
    }
    return undefined;
  }

  /**
   * One usage row per account and day, [account_id, day, metrics JSON] one after another, in
   * chunks of `rowsPerChunk` rows. An account is forgotten once its rows are out, and the rows
   * are built a chunk at a time, so the totals of a large file are never all in memory at once.
   */
  *finish(rowsPerChunk: number): Generator<SqlValue[]> {
    const loginIds = this.names.flatMap((name, id) => (LOGIN_EVENTS.has(name) ? [id] : []));
    let chunk: SqlValue[] = [];
    for (const [accountId, { days }] of this.accounts) {
      for (const accountDay of days.values()) {
        const metrics: Record<string, number> = { events: accountDay.events, logins: loginIds.reduce((sum, id) => sum + (accountDay.counts[id] ?? 0), 0) };
        if (this.plan.userIndex !== undefined) metrics.active_users = accountDay.users.reduce((sum, word) => sum + bitCount(word), 0);
        accountDay.counts.forEach((count, id) => {
          if (count) metrics[this.names[id]!] = count;
        });
        chunk.push(accountDay.accountId, accountDay.day, JSON.stringify(metrics));
        if (chunk.length >= rowsPerChunk * 3) {
          yield chunk;
          chunk = [];
        }
      }
      if (this.plan.userIndex !== undefined) this.addUserWeeks(accountId, this.accounts.get(accountId)!);
      this.accounts.delete(accountId);
    }
    if (chunk.length > 0) yield chunk;
  }

  /**
   * Each user's active days per week, [account_id, user_key, week, days] one row after another,
   * `rowsPerChunk` rows a chunk; read once finish() has handed over the usage rows.
   */
  *userWeeks(rowsPerChunk: number): Generator<SqlValue[]> {
    const values = this.userWeekValues;
    this.userWeekValues = [];
    for (let start = 0; start < values.length; start += rowsPerChunk * 4) yield values.slice(start, start + rowsPerChunk * 4);
  }

  private addUserWeeks(accountId: string, account: AccountEvents): void {
    const keys: string[] = [];
    for (const [user, number] of account.userNumbers) keys[number] = user.trim().toLowerCase();
    // Week → each user number's days in it.
    const weeks = new Map<string, number[]>();
    for (const accountDay of account.days.values()) {
      let week = this.weekOfDay.get(accountDay.day);
      if (week === undefined) {
        const offset = (weekdayOf(accountDay.day) + 6) % 7; // Monday 0 … Sunday 6
        week = { monday: addDays(accountDay.day, -offset), bit: 1 << offset };
        this.weekOfDay.set(accountDay.day, week);
      }
      let days = weeks.get(week.monday);
      if (days === undefined) weeks.set(week.monday, (days = []));
      accountDay.users.forEach((word, index) => {
        for (let rest = word; rest !== 0; rest &= rest - 1) {
          const user = index * 32 + (31 - Math.clz32(rest & -rest));
          days[user] = (days[user] ?? 0) | week.bit;
        }
      });
    }
    for (const [monday, days] of weeks) {
      days.forEach((bits, user) => {
        if (bits && keys[user]) this.userWeekValues.push(accountId, keys[user]!, monday, bits);
      });
    }
  }

  private accountOf(cells: readonly string[]): string | CellProblem {
    const { plan } = this;
    if (plan.accountIndex !== undefined) {
      const accountId = (cells[plan.accountIndex] ?? '').trim();
      if (accountId !== '') {
        // An account already counted was checked when first seen (and its entry is looked up next anyway).
        if (this.accounts.has(accountId) || this.knownAccounts.has(accountId)) return accountId;
        return { column: plan.header[plan.accountIndex], value: accountId, ...said(importPhrase('import.expected.unknown_account_event', { id: accountId })) };
      }
    }
    if (plan.subscriptionIndex !== undefined) {
      const subscription = (cells[plan.subscriptionIndex] ?? '').trim();
      const accountId = this.accountOfSubscription.get(subscription);
      if (accountId) return accountId;
      if (subscription !== '') {
        return { column: plan.header[plan.subscriptionIndex], value: subscription, ...said(importPhrase('import.expected.subscription')) };
      }
    }
    return said(importPhrase('import.expected.account_or_subscription'));
  }

  /** The event's day in the configured zone; a wall time without a zone is already in it. */
  private dayOf(text: string): string | Problem {
    const day = this.zoneDayOf(text);
    // An event at Excel's zero date or the epoch's first moment was never placed in time: counting it
    // on 1970-01-01 would be a silent misread. Every placeholder lands on or before that day in any
    // zone, so the pattern test runs only for those (not on every event of a large file).
    if ((day instanceof Problem || day <= '1970-01-01') && isPlaceholderDate(text)) {
      return new Problem(importPhrase('import.expected.real_event_time', { text }));
    }
    return day;
  }

  private zoneDayOf(text: string): string | Problem {
    const wall = WALL_TIME.exec(text);
    if (wall) return parseDate(wall[1]!, this.plan.timeZone);
    let epochMs: number;
    if (EPOCH.test(text)) {
      epochMs = text.length >= 12 ? Number(text) : Math.round(Number(text) * 1000);
    } else {
      const instant = parseInstant(text, this.plan.timeZone, this.plan.dayOrder);
      if (instant instanceof Problem) return instant;
      epochMs = Date.parse(instant);
    }
    const bucket = Math.floor(epochMs / BUCKET_MS);
    let day = this.dayOfBucket.get(bucket);
    if (day === undefined) {
      day = utcToZonedDate(new Date(bucket * BUCKET_MS), this.plan.timeZone);
      this.dayOfBucket.set(bucket, day);
    }
    return day;
  }
}

/** The number of bits set in a 32-bit word. */
function bitCount(word: number): number {
  let count = 0;
  for (let rest = word; rest !== 0; rest &= rest - 1) count++;
  return count;
}
