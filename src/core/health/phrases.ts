import { formatNumber } from '../money.js';

/**
 * The health score's sentences as data (issue 24): a key and the values it shows, so a CSM reading
 * Chinese gets the same sentence in Chinese. English is written here, from the phrase, exactly as the
 * JSON's `reasons`, `detail` and `missing` strings have always read (they are an API and stay English);
 * other languages render the phrase from their catalogue (src/i18n/messages/reasons.ts).
 */

/** "1 day", "12 days", "1,204 tickets": counts in sentences are grouped by thousands. */
export const plural = (count: number, one: string, many = `${one}s`) => `${formatNumber(count)} ${count === 1 ? one : many}`;

const KIND = (kind: 'nps' | 'csat') => kind.toUpperCase();
const PRIORITY_WORD = { urgent: 'urgent', high: 'high-priority' } as const;

/** The usage period a trend is measured over: the last 4 weeks (of the usage data, to its last day when it ends before the as-of day). */
const period = (p: { weeks: number; end: string | null }) => `the last ${plural(p.weeks, 'week')}${p.end !== null ? ` of the usage data (to ${p.end})` : ''}`;

/** Every sentence, by key: its English text from its values. */
export const PHRASES = {
  'usage.no_data': () => 'no usage data in the database for the weeks scored',
  'usage.account_untracked': () => 'no usage recorded for this account at all (not in the usage export, or never used)',
  'recency.no_start': () => 'no login recorded and no contract start to count from',
  'recency.customer_after_data': (p: { since: string; end: string }) => `became a customer on ${p.since}, after the usage data ends on ${p.end}`,
  /** Days without a login (or, without the login metric, any usage), measured to the end of the usage data when it is stale. */
  recency: (p: { logins: boolean; metric: string; last: string | null; since: string | null; days: number; end: string; stale: boolean }) => {
    const what = p.logins ? 'login' : 'usage';
    const fallback = p.logins ? '' : ` (no "${p.metric}" metric in the usage data: any usage counts)`;
    if (p.last === null) return `no ${what} recorded since becoming a customer on ${p.since} (${plural(p.days, 'day')}${p.stale ? ` to the end of the usage data on ${p.end}` : ''})${fallback}`;
    if (p.days === 0) return `${p.logins ? 'logged in' : 'used the product'} ${p.stale ? `on the last day of the usage data (${p.end})` : 'today'}${fallback}`;
    return p.stale ? `no ${what} for ${plural(p.days, 'day')} before the usage data ends on ${p.end} (last on ${p.last})${fallback}` : `no ${what} for ${plural(p.days, 'day')} (last on ${p.last})${fallback}`;
  },
  'trend.no_metric': (p: { metric: string }) => `no "${p.metric}" metric in the usage data (set health.login_metric to the metric that counts logins)`,
  'trend.no_previous': (p: { weeks: number }) => `no usage data in the database for the ${plural(p.weeks, 'week')} before the last ${p.weeks}`,
  'trend.too_new': (p: { weeks: number; since: string | null }) => `less than ${p.weeks} weeks as a customer${p.since ? ` (since ${p.since})` : ''}`,
  /** `end`: the usage data's last day when it ends before the as-of day, else null. */
  'trend.no_logins': (p: { weeks: number; end: string | null }) => `no logins in ${period(p)} nor the ${p.weeks} before`,
  'trend.new_logins': (p: { recent: number; weeks: number; end: string | null }) => `${formatNumber(p.recent)} logins in ${period(p)}, none in the ${p.weeks} before`,
  'trend.change': (p: { change: number; recent: number; previous: number; weeks: number; end: string | null }) =>
    `logins ${p.change < 0 ? `down ${-p.change}%` : p.change > 0 ? `up ${p.change}%` : 'flat'} (${formatNumber(p.recent)} in ${period(p)} vs ${formatNumber(p.previous)} in the ${p.weeks} before)`,
  'licence.no_metric': (p: { metric: string }) => `no "${p.metric}" usage metric in the data`,
  'licence.no_seats': () => 'no seat count on the contract',
  'licence.zero_seats': () => 'the contract has 0 seats',
  'licence.in_use': (p: { users: number; seats: number; percent: number }) => `${formatNumber(p.users)} of ${formatNumber(p.seats)} seats in use (${p.percent}%, peak daily active users in the last 4 weeks)`,
  'modules.none_configured': () => 'no key modules configured (set health.key_modules in the config)',
  'modules.all_used': (p: { count: number }) => `all ${p.count} key modules used in the last 4 weeks`,
  'modules.unused': (p: { modules: string[] }) => `key modules not used in the last 4 weeks: ${p.modules.join(', ')}`,
  'support.no_tickets': () => 'no tickets in the database',
  /** Open bugs of one priority; `past_sla`: how many of them are past their SLA. */
  'support.bugs': (p: { count: number; priority: 'urgent' | 'high'; past_sla: number }) =>
    p.past_sla === p.count ? `${plural(p.count, `${PRIORITY_WORD[p.priority]} bug`)} open past SLA` : `${plural(p.count, `${PRIORITY_WORD[p.priority]} bug`)} open${p.past_sla > 0 ? ` (${p.past_sla} past SLA)` : ''}`,
  /** `other`: tickets besides the open bugs already named. */
  'support.breaches': (p: { count: number; other: boolean; days: number }) => `${plural(p.count, `${p.other ? 'other ' : ''}ticket`)} past SLA in the last ${p.days} days`,
  'support.spike': (p: { recent: number; days: number; usual: number }) => `ticket spike: ${p.recent} tickets in ${p.days} days (usually ${p.usual})`,
  'support.clear': (p: { days: number }) => `no open urgent or high bugs, no SLA breach in ${p.days} days, no ticket spike`,
  /** The support factor's detail: what it found, and the open bugs it could not classify. */
  'support.detail': (p: { found: AnyPhrase; unclassified: number }): string => `${say(p.found)}${p.unclassified > 0 ? ` (${plural(p.unclassified, 'open bug')} with a priority csops could not classify, not scored)` : ''}`,
  'sentiment.none': (p: { days: number }) => `no NPS or CSAT response in the last ${p.days} days`,
  'sentiment.unfollowed': (p: { kind: 'nps' | 'csat'; score: number; day: string }) => `${KIND(p.kind)} ${p.score} on ${p.day} not followed up`,
  'sentiment.latest': (p: { kind: 'nps' | 'csat'; score: number; day: string }) => `latest ${KIND(p.kind)} ${p.score} on ${p.day}`,
  'renewal.lapsed': (p: { days: number; date: string }) => `contract ended ${plural(p.days, 'day')} ago (${p.date}) with no renewal recorded`,
  'renewal.no_end': () => 'the current contract has no end date',
  /** `why`: standing.ts's notRenewingOn ("cancelled on 2026-10-01", "status says churned"). */
  'renewal.not_renewing': (p: { days: number; date: string; why: string }) => `contract ends ${p.days === 0 ? 'today' : `in ${plural(p.days, 'day')}`} (${p.date}) and will not renew: ${p.why}`,
  'renewal.auto': (p: { days: number; date: string }) => `renews automatically on ${p.date} (in ${plural(p.days, 'day')})`,
  'renewal.renews': (p: { days: number; date: string }) => `renews in ${plural(p.days, 'day')} (${p.date})`,
  'relationship.no_contacts': () => 'no contacts imported (csops import contacts)',
  'relationship.key_contacts': (p: { count: number }) => `${plural(p.count, 'key contact')} named`,
  'relationship.no_key_contact': (p: { tier: string }) => `no champion or decision maker named for a ${p.tier.replace(/_/g, '-')} account`,
  /** `last`: the champion's last activity; null when none is recorded. */
  'relationship.champion_there': (p: { names: string[]; last: string | null }) => `champion ${p.names.join(', ')} there${p.last === null ? ' (no activity recorded)' : ` (last active ${p.last})`}`,
  'relationship.champion_quiet': (p: { names: string[]; days: number; last: string }) => `champion ${p.names.join(', ')} last active ${plural(p.days, 'day')} ago (${p.last})`,
  'relationship.champion_left': (p: { name: string; title: string | null; on: string }) => `champion ${p.name}${p.title ? ` (${p.title})` : ''} left on ${p.on}; no other champion named`,
  'relationship.champion_gone': (p: { name: string }) => `no champion there since ${p.name} left`,
  'relationship.no_champion': () => 'no champion named',
  'relationship.decider_met': (p: { days: number; last: string }) => `decision maker met ${plural(p.days, 'day')} ago (${p.last})`,
  'relationship.no_decider_touch': (p: { cadence: number; tier: string }) => `no touchpoint with a decision maker recorded (cadence ${p.cadence} days for ${p.tier.replace(/_/g, '-')})`,
  'relationship.decider_overdue': (p: { days: number; last: string; cadence: number; tier: string }) => `no decision maker contacted for ${plural(p.days, 'day')} (last ${p.last}; cadence ${p.cadence} days for ${p.tier.replace(/_/g, '-')})`,
  'relationship.tech_touch': () => 'a tech-touch account with no champion named (contacts are not expected there)',
  /** Sentences of one factor, in order. */
  list: (p: { items: readonly AnyPhrase[] }): string => p.items.map(say).join('; '),
  /** A factor without data: "login trend: …". */
  missing: (p: { factor: PhraseFactor; detail: AnyPhrase }): string => `${FACTOR_WORDS[p.factor]}: ${say(p.detail)}`,
} satisfies Record<string, (params: never) => string>;

/** The factors' names in English sentences (health/types.ts's FACTOR_LABELS; kept here so phrases.ts imports nothing of health). */
export const FACTOR_WORDS = {
  usage_recency: 'usage recency',
  login_trend: 'login trend',
  licence_utilisation: 'licence utilisation',
  key_modules: 'key modules',
  support: 'support',
  sentiment: 'sentiment',
  renewal_proximity: 'renewal proximity',
  relationship: 'relationship',
} as const;
export type PhraseFactor = keyof typeof FACTOR_WORDS;

export type PhraseKey = keyof typeof PHRASES;
export type PhraseParams<K extends PhraseKey> = Parameters<(typeof PHRASES)[K]> extends [infer P] ? P : Record<string, never>;

/** A phrase of any key: what a phrase inside a phrase is typed as (Phrase itself would define itself). */
export interface AnyPhrase {
  readonly key: string;
  readonly params: object;
}

/** One sentence: its key and the values it shows (plain data: it crosses worker threads and snapshots whole). */
export type Phrase = { [K in PhraseKey]: { key: K; params: PhraseParams<K> } }[PhraseKey];

/** A phrase, typed by its key. */
export function phrase<K extends PhraseKey>(key: K, ...params: PhraseParams<K> extends Record<string, never> ? [] : [PhraseParams<K>]): Phrase {
  return { key, params: (params as unknown[])[0] ?? {} } as Phrase;
}

/** A champion who left with nobody in their place: a part of the relationship factor and, word for word, the at-risk signal (health.ts). */
export function championLeftPhrase(person: { name: string; title: string | null; left: { on: string } | null }): Phrase {
  return phrase('relationship.champion_left', { name: person.name, title: person.title ?? null, on: person.left!.on });
}

/** The sentence in English, as the JSON output has it. */
export function say(sentence: AnyPhrase): string {
  return (PHRASES[sentence.key as PhraseKey] as (params: unknown) => string)(sentence.params);
}

/**
 * People's sentences beside the English strings of a result, under a symbol: JSON.stringify and the
 * JSON documents leave it out (the strings are the API), spreads and plain copies keep it.
 */
export const SAID: unique symbol = Symbol('said');
