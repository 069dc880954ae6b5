import type { Tier, TiersConfig } from '../config/rules.js';
import { TIERS } from '../config/names.js';
import { formatMoney, formatNumber, inReportingCurrency, roundMoney, type Money } from './money.js';
import { SAID } from './health/phrases.js';
import { messagesFor } from '../i18n/messages.js';
import { sayNote, type Said } from '../i18n/notes.js';

/**
 * Tiers (DOMAIN §1, SPEC §4): how much human attention an account gets. A CRM override wins; then
 * any high-touch criterion (ARR, company size, custom development, plan); then low-touch by ARR or
 * plan; everything else is tech-touch. Each assignment says which rule placed it.
 */
export interface TierInput {
  account_id: string;
  arr: Money[];
  employees: number | null;
  /** Custom-development spend, in the account's currency. */
  customDev: Money | null;
  plan: string | null;
  tierOverride: string | null;
}

export type TierRule = 'override' | 'arr' | 'employees' | 'custom_dev' | 'plan' | 'default';

export interface TierAssignment {
  account_id: string;
  tier: Tier;
  rule: TierRule;
  /** A sentence: why this tier ("ARR 465,900 USD ≥ 200,000"). */
  reason: string;
  /** ARR in the reporting currency; undefined when a currency has no exchange rate. */
  arr: number | undefined;
  /** The reason's parts as catalogue keys and values, in order (people's other languages; issue 24). */
  [SAID]?: TierReason[];
}

/** One part of a tier reason: its key (tier_reason.*) and values. */
export type TierReason = Extract<Said, { key: string }>;

const ENGLISH = messagesFor('en');
type ReasonKey = 'tier_reason.override' | 'tier_reason.plan' | 'tier_reason.employees' | 'tier_reason.custom_dev' | 'tier_reason.arr';

function reasonPart<K extends ReasonKey>(key: K, params: Parameters<typeof ENGLISH.t<K>>[1]): TierReason {
  return { key, params };
}

/** The reason in English (the JSON's and the snapshots' text), its parts joined by "; ". */
function reasonText(parts: readonly TierReason[]): string {
  return parts.map((part) => sayNote(ENGLISH, part)).join('; ');
}

/**
 * A tier assignment whose English `reason` is said from its parts when read (a getter on the class):
 * risk places the tier of every account and prints no reason, so 20,000 sentences were made for
 * nothing. toJSON keeps the keys and their order; a copy made by naming the fields reads it as any other.
 */
class Assignment implements TierAssignment {
  readonly [SAID]: TierReason[];

  constructor(
    readonly account_id: string,
    readonly tier: Tier,
    readonly rule: TierRule,
    readonly arr: number | undefined,
    parts: TierReason[],
  ) {
    this[SAID] = parts;
  }

  get reason(): string {
    return reasonText(this[SAID]);
  }

  toJSON() {
    return { account_id: this.account_id, arr: this.arr, tier: this.tier, rule: this.rule, reason: this.reason };
  }
}

export interface TierSettings {
  rules: TiersConfig;
  currency: string;
  exchangeRates: Readonly<Record<string, number>>;
}

const TIER_WORDS: Record<string, Tier> = {
  'high-touch': 'high_touch', high: 'high_touch', ka: 'high_touch', 'key account': 'high_touch', 重点客户: 'high_touch', 重点: 'high_touch', 大客户: 'high_touch',
  'low-touch': 'low_touch', low: 'low_touch', 普通客户: 'low_touch', 普通: 'low_touch',
  'tech-touch': 'tech_touch', tech: 'tech_touch', 'no-touch': 'tech_touch', digital: 'tech_touch', 非优先客户: 'tech_touch', 非优先: 'tech_touch', 小客户: 'tech_touch',
};

/** Values a CRM puts in an empty override column: no override at all. */
const NO_OVERRIDE = new Set(['-', '--', 'n/a', 'na', 'none', 'no', 'false', '0', 'null', '否', '无', '无分级']);

const normalizeWord = (text: string) =>
  text.normalize('NFKC').trim().toLowerCase().replace(/[\s_]+/g, ' ').replace(/ ?- ?/g, '-').replace(/(high|low|tech) touch/, '$1-touch');

/**
 * What a CRM override value means: a configured mapping, a tier's own name (also inside brackets, as
 * Chinese CRMs write levels: "B（普通客户）"), else high-touch (SPEC §4: an override marks a key account).
 */
export function overrideTier(value: string, overrides: Readonly<Record<string, Tier>>): Tier {
  const word = normalizeWord(value);
  for (const [key, tier] of Object.entries(overrides)) if (normalizeWord(key) === word) return tier;
  const parts = [word, ...word.split(/[()[\]【】]/).map((part) => part.trim()).filter((part) => part !== '')];
  for (const part of parts) if (TIER_WORDS[part]) return TIER_WORDS[part];
  return 'high_touch';
}

export function assignTier(input: TierInput, settings: TierSettings): TierAssignment {
  const { rules, currency, exchangeRates } = settings;
  const converted = inReportingCurrency(input.arr, currency, exchangeRates);
  // ARR in a currency without a rate cannot be compared with the thresholds: only the part that
  // converts is, and the reason says what was left out.
  const everyPart = converted.unconverted.length === 0;
  const comparable = everyPart ? input.arr : input.arr.filter((part) => !converted.unconverted.includes(part.currency));
  const arrForRules = (everyPart ? converted.amount : inReportingCurrency(comparable, currency, exchangeRates).amount) ?? 0;
  const notCompared = converted.unconverted.length > 0 ? formatMoney(input.arr.filter((part) => converted.unconverted.includes(part.currency))) : null;
  const arrReason = (above: boolean, min: number) => reasonPart('tier_reason.arr', { arr: `${formatMoney(comparable.length > 0 ? comparable : [])}${comparable.length > 0 ? '' : ` ${currency}`}`, not_compared: notCompared, above, min: formatNumber(min) });
  const assigned = (tier: Tier, rule: TierRule, parts: TierReason[]): TierAssignment => new Assignment(input.account_id, tier, rule, converted.amount, parts);
  const override = input.tierOverride?.trim();
  if (override && !NO_OVERRIDE.has(normalizeWord(override))) {
    return assigned(overrideTier(override, rules.overrides), 'override', [reasonPart('tier_reason.override', { value: override })]);
  }
  const plan = input.plan?.trim().toLowerCase();
  const high = rules.high_touch;
  const highReasons: Array<[TierRule, TierReason]> = [];
  if (arrForRules >= high.min_arr && comparable.length > 0) highReasons.push(['arr', arrReason(true, high.min_arr)]);
  if (input.employees !== null && input.employees >= high.min_employees) highReasons.push(['employees', reasonPart('tier_reason.employees', { employees: formatNumber(input.employees), min: formatNumber(high.min_employees) })]);
  if (input.customDev !== null) {
    const customDev = inReportingCurrency([input.customDev], currency, exchangeRates).amount ?? input.customDev.amount;
    if (customDev >= high.min_custom_dev) highReasons.push(['custom_dev', reasonPart('tier_reason.custom_dev', { amount: formatMoney([input.customDev]), min: formatNumber(high.min_custom_dev) })]);
  }
  if (plan && high.plans.some((name) => name.trim().toLowerCase() === plan)) highReasons.push(['plan', reasonPart('tier_reason.plan', { plan: input.plan!.trim() })]);
  if (highReasons.length > 0) {
    return assigned('high_touch', highReasons[0]![0], highReasons.map(([, reason]) => reason));
  }
  const low = rules.low_touch;
  if (arrForRules >= low.min_arr && comparable.length > 0) {
    return assigned('low_touch', 'arr', [arrReason(true, low.min_arr)]);
  }
  if (plan && low.plans.some((name) => name.trim().toLowerCase() === plan)) {
    return assigned('low_touch', 'plan', [reasonPart('tier_reason.plan', { plan: input.plan!.trim() })]);
  }
  return assigned('tech_touch', 'default', [arrReason(false, low.min_arr)]);
}

export interface TierSummaryRow {
  tier: Tier | 'all';
  accounts: number;
  account_share: number;
  arr: number;
  arr_share: number;
  /** Share of the group's ARR held by its top 20% of accounts by ARR (the 80/20 check, DOMAIN §1). */
  top_20_percent_arr_share: number;
  /** Accounts left out of the ARR figures: their ARR has no exchange rate. */
  unconverted_accounts: number;
}

export function summarizeTiers(assignments: readonly TierAssignment[]): TierSummaryRow[] {
  const total = assignments.length;
  const totalArr = sum(assignments.map((a) => a.arr ?? 0));
  const row = (tier: Tier | 'all', members: readonly TierAssignment[]): TierSummaryRow => {
    const arrs = members.filter((a) => a.arr !== undefined).map((a) => a.arr!);
    const arr = sum(arrs);
    return {
      tier,
      accounts: members.length,
      account_share: ratio(members.length, total),
      arr,
      arr_share: ratio(arr, totalArr),
      top_20_percent_arr_share: topShare(arrs, 0.2),
      unconverted_accounts: members.length - arrs.length,
    };
  };
  return [...TIERS.map((tier) => row(tier, assignments.filter((a) => a.tier === tier))), row('all', assignments)];
}

/** Share of the total held by the largest `fraction` of the values (at least one value when any). */
export function topShare(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => b - a);
  const top = Math.max(1, Math.ceil(sorted.length * fraction - 1e-9));
  return ratio(sum(sorted.slice(0, top)), sum(sorted));
}

const sum = (values: readonly number[]) => roundMoney(values.reduce((total, value) => total + value, 0));
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

export const TIER_ORDER: Record<Tier, number> = { 'high_touch': 0, 'low_touch': 1, 'tech_touch': 2 };
