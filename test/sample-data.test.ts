// The committed sample data must be exactly what its seeded generator produces, and must keep showing
// the situations the demo and the README promise (silent accounts, lapsed contracts, renewal windows...).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { generateSampleData, SAMPLE_AS_OF } from '../sample-data/generate.js';

type Row = Record<string, string>;
const COMMITTED_DIR = fileURLToPath(new URL('../sample-data/', import.meta.url));
const GENERATED_FILES = [
  'accounts.csv', 'contracts.csv', 'usage.csv', 'tickets.csv', 'surveys.csv', 'contacts.csv', 'touchpoints.csv', 'csops.config.json',
  'exports/salesforce-Account.csv', 'exports/zendesk-tickets.csv', 'exports/mixpanel-events.csv',
  'exports/wukong-customers-gb18030.csv', 'exports/wukong-contracts-gb18030.csv', 'exports/wukong-contacts.csv',
];
const DAY_MS = 86_400_000;
const dayNumber = (isoDateOrInstant: string): number => Math.floor(Date.parse(`${isoDateOrInstant.slice(0, 10)}T00:00:00Z`) / DAY_MS);
const ANCHOR_DAY = dayNumber(SAMPLE_AS_OF);
/** The exports were taken at noon New York time (EST) on the anchor day. */
const EXPORT_CUTOFF = `${SAMPLE_AS_OF}T17:00:00Z`;

let outDir = '';
let accounts: Row[] = [];
let contracts: Row[] = [];
let usage: Row[] = [];
let tickets: Row[] = [];
let surveys: Row[] = [];
let contacts: Row[] = [];
let touchpoints: Row[] = [];

const readCsv = (file: string): Row[] => parse(fs.readFileSync(path.join(outDir, file)), { columns: true }) as Row[];
const activeContractsOn = (accountId: string, day: number): Row[] =>
  contracts.filter((c) => c.account_id === accountId && dayNumber(c.start_date!) <= day && day <= dayNumber(c.end_date!));
const loginsBetween = (accountId: string, fromDaysAgo: number, toDaysAgo: number): number =>
  usage
    .filter((u) => u.account_id === accountId && dayNumber(u.date!) > ANCHOR_DAY - fromDaysAgo && dayNumber(u.date!) <= ANCHOR_DAY - toDaysAgo)
    .reduce((sum, u) => sum + Number(u.logins), 0);

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-sample-data-'));
  generateSampleData(outDir);
  accounts = readCsv('accounts.csv');
  contracts = readCsv('contracts.csv');
  usage = readCsv('usage.csv');
  tickets = readCsv('tickets.csv');
  surveys = readCsv('surveys.csv');
  contacts = readCsv('contacts.csv');
  touchpoints = readCsv('touchpoints.csv');
});
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('sample data generator', () => {
  it.each(GENERATED_FILES)('committed %s is byte-identical to the generator output', (file) => {
    const generated = fs.readFileSync(path.join(outDir, file));
    const committed = fs.readFileSync(path.join(COMMITTED_DIR, file));
    expect(generated.equals(committed), `sample-data/${file} is stale: run npm run sample-data`).toBe(true);
  });

  it('has about 300 accounts, 3,000 tickets and 600 survey responses, all with unique ids', () => {
    expect(accounts).toHaveLength(300);
    expect(new Set(accounts.map((a) => a.account_id)).size).toBe(300);
    expect(tickets.length).toBeGreaterThan(2700);
    expect(tickets.length).toBeLessThan(3300);
    expect(new Set(tickets.map((t) => t.ticket_id)).size).toBe(tickets.length);
    expect(surveys.length).toBeGreaterThanOrEqual(550);
    expect(fs.statSync(path.join(outDir, 'usage.csv')).size).toBeLessThan(6_000_000);
  });

  it('references only existing accounts; subsidiaries point at an earlier account', () => {
    const ids = new Set(accounts.map((a) => a.account_id));
    for (const row of [...contracts, ...usage, ...tickets, ...surveys]) expect(ids.has(row.account_id!), row.account_id).toBe(true);
    const subsidiaries = accounts.filter((a) => a.parent_account_id !== '');
    expect(subsidiaries.length).toBeGreaterThanOrEqual(3);
    for (const child of subsidiaries) expect(child.parent_account_id! < child.account_id!).toBe(true);
  });

  it('keeps contracts and tickets internally consistent and nothing later than the export', () => {
    const currencyOf = new Map(accounts.map((a) => [a.account_id, a.currency]));
    for (const c of contracts) {
      expect(c.end_date! >= c.start_date!, c.contract_id).toBe(true);
      expect(Number(c.arr)).toBeGreaterThanOrEqual(0);
      expect(c.currency).toBe(currencyOf.get(c.account_id!));
    }
    for (const t of tickets) {
      if (t.first_response_at) expect(t.first_response_at >= t.created_at!, t.ticket_id).toBe(true);
      if (t.resolved_at) expect(t.resolved_at >= t.created_at!, t.ticket_id).toBe(true);
      for (const instant of [t.created_at!, t.first_response_at!, t.resolved_at!]) expect(instant <= EXPORT_CUTOFF).toBe(true);
    }
    expect(usage.every((u) => u.date! <= SAMPLE_AS_OF)).toBe(true);
  });

  it('has accounts silent for 21+ days that still hold an active contract (ACC-0007: 24 days)', () => {
    const lastUsageDay = new Map<string, number>();
    for (const u of usage) lastUsageDay.set(u.account_id!, Math.max(lastUsageDay.get(u.account_id!) ?? -Infinity, dayNumber(u.date!)));
    expect(ANCHOR_DAY - (lastUsageDay.get('ACC-0007') ?? 0)).toBe(24);
    const silentWithContract = accounts.filter(
      (a) => ANCHOR_DAY - (lastUsageDay.get(a.account_id!) ?? -Infinity) >= 21 && activeContractsOn(a.account_id!, ANCHOR_DAY).length > 0,
    );
    expect(silentWithContract.map((a) => a.account_id)).toEqual(expect.arrayContaining(['ACC-0007', 'ACC-0012']));
  });

  it('has declining usage (last 4 weeks well below the 4 before) and low licence utilisation', () => {
    for (const id of ['ACC-0023', 'ACC-0031']) expect(loginsBetween(id, 28, 0)).toBeLessThan(0.6 * loginsBetween(id, 56, 28));
    const seats = activeContractsOn('ACC-0042', ANCHOR_DAY).reduce((sum, c) => sum + Number(c.seats), 0);
    const recentPeak = Math.max(...usage.filter((u) => u.account_id === 'ACC-0042' && dayNumber(u.date!) > ANCHOR_DAY - 30).map((u) => Number(u.active_users)));
    expect(recentPeak / seats).toBeLessThan(0.2);
  });

  it('has active contracts ending in each renewal window, and lapsed contracts with no successor', () => {
    for (const [from, to] of [[0, 30], [31, 60], [61, 90], [91, 120]] as const) {
      const inWindow = contracts.filter((c) => c.status === 'active' && dayNumber(c.end_date!) - ANCHOR_DAY >= from && dayNumber(c.end_date!) - ANCHOR_DAY <= to);
      expect(inWindow.length, `window ${from}-${to}`).toBeGreaterThan(0);
    }
    const lapsed = contracts.filter((c) => {
      const daysSinceEnd = ANCHOR_DAY - dayNumber(c.end_date!);
      const hasSuccessor = contracts.some((other) => other.account_id === c.account_id && other.start_date! > c.end_date!);
      return daysSinceEnd >= 1 && daysSinceEnd <= 30 && c.status === '' && !hasSuccessor;
    });
    expect(lapsed.map((c) => c.account_id).sort()).toEqual(['ACC-0091', 'ACC-0102', 'ACC-0115']);
    expect(contracts.some((c) => c.status === 'churned')).toBe(true);
  });

  it('has urgent bugs open past SLA and ticket spikes in the last two weeks', () => {
    // Created on a weekday at least a day before the anchor and still unresolved: past the 4-hour resolution target.
    const breachedUrgent = tickets.filter((t) => t.priority === 'urgent' && t.type === 'bug' && t.resolved_at === '' && dayNumber(t.created_at!) < ANCHOR_DAY);
    expect(breachedUrgent.map((t) => t.account_id)).toEqual(expect.arrayContaining(['ACC-0015', 'ACC-0015', 'ACC-0023']));
    expect(tickets.some((t) => t.account_id === 'ACC-0058' && t.priority === 'high' && t.first_response_at === '' && dayNumber(t.created_at!) <= ANCHOR_DAY - 4)).toBe(true);
    const recentCount = (id: string): number => tickets.filter((t) => t.account_id === id && dayNumber(t.created_at!) > ANCHOR_DAY - 14).length;
    expect(recentCount('ACC-0015')).toBeGreaterThanOrEqual(15);
    expect(recentCount('ACC-0058')).toBeGreaterThanOrEqual(15);
  });

  it('has recent detractors never followed up, followed-up ones, promoters, and comments that need CSV quoting', () => {
    const detractors = surveys.filter((s) => s.kind === 'nps' && Number(s.score) <= 6);
    expect(detractors.some((s) => s.account_id === 'ACC-0064' && s.followed_up_at === '' && ANCHOR_DAY - dayNumber(s.responded_at!) <= 30)).toBe(true);
    expect(detractors.some((s) => s.followed_up_at !== '')).toBe(true);
    expect(surveys.some((s) => s.kind === 'nps' && Number(s.score) >= 9)).toBe(true);
    expect(surveys.filter((s) => s.comment!.includes('\n')).length).toBeGreaterThanOrEqual(2);
    expect(surveys.some((s) => s.comment!.includes('"') && s.comment!.includes(','))).toBe(true);
  });

  it('mixes currencies and carries tier overrides', () => {
    expect(accounts.filter((a) => a.currency === 'EUR')).toHaveLength(10);
    expect(accounts.filter((a) => a.tier_override === 'strategic').map((a) => a.account_id)).toEqual(['ACC-0171', 'ACC-0188', 'ACC-0199']);
  });

  it('has people (issue 21): contacts of known accounts, touchpoints only with people there, nothing after the export', () => {
    const accountIds = new Set(accounts.map((a) => a.account_id));
    const byId = new Map(contacts.map((c) => [c.contact_id, c]));
    expect(byId.size).toBe(contacts.length);
    for (const contact of contacts) {
      expect(accountIds.has(contact.account_id!)).toBe(true);
      expect(dayNumber(contact.created_at!)).toBeLessThanOrEqual(ANCHOR_DAY);
      if (contact.left_at) expect(dayNumber(contact.left_at)).toBeGreaterThan(dayNumber(contact.created_at!));
      expect(contact.left_at === '').toBe(['Active', '在职'].includes(contact.status!));
    }
    for (const touchpoint of touchpoints) {
      const contact = byId.get(touchpoint.contact_id!)!;
      expect(contact.account_id).toBe(touchpoint.account_id);
      const day = dayNumber(touchpoint.date!);
      expect(day).toBeLessThanOrEqual(ANCHOR_DAY);
      expect(day).toBeGreaterThanOrEqual(dayNumber(contact.created_at!));
      if (contact.left_at) expect(day).toBeLessThan(dayNumber(contact.left_at));
    }
  });

  it('has accounts that lost their champion and churned later, accounts that never named one, and successors', () => {
    const champion = (c: Row) => ['Champion', '核心用户'].includes(c.role!);
    const lastEnd = new Map<string, number>();
    for (const c of contracts) if (c.type !== 'expansion') lastEnd.set(c.account_id!, Math.max(lastEnd.get(c.account_id!) ?? 0, dayNumber(c.end_date!)));
    const departures = contacts.filter((c) => champion(c) && c.left_at !== '');
    const lostThenEnded = departures.filter((c) => lastEnd.get(c.account_id!)! < ANCHOR_DAY && dayNumber(c.left_at!) < lastEnd.get(c.account_id!)!);
    expect(lostThenEnded.length).toBeGreaterThanOrEqual(5);
    const withChampion = new Set(contacts.filter(champion).map((c) => c.account_id));
    expect(accounts.filter((a) => !withChampion.has(a.account_id)).length).toBeGreaterThanOrEqual(30);
    // A successor: another champion of the account known from after the departure.
    const succeeded = departures.filter((gone) => contacts.some((c) => champion(c) && c.account_id === gone.account_id && c.left_at === '' && c.created_at! > gone.left_at!));
    expect(succeeded.length).toBeGreaterThanOrEqual(3);
  });
});
