/**
 * Seeded, deterministic generator of the sample exports of a small B2B SaaS company, in csops's
 * canonical CSV columns. Same code, same bytes: it never reads the clock and draws every random number
 * from its own seeded PRNG. Everything is anchored on SAMPLE_AS_OF (the demo runs with --as-of 2026-11-20).
 *
 * The accounts that demonstrate a rule (silent 3+ weeks, breached urgent bugs, lapsed contract, ...) are
 * listed explicitly in STORIES below, not left to chance; sample-data/README.md names them.
 *
 * Usage: node dist/sample-data/generate.js [outDir]   (default: the repo's sample-data folder)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom, type Rng } from '../src/core/seeded-random.js';
import { encodeGb18030 } from './gb18030.js';

export const SAMPLE_AS_OF = '2026-11-20';

/**
 * The sample company's config: its zone, currency, the EUR rate for its euro accounts, its key
 * modules, and the vendor's name and value drivers its value statements are priced with (csops value).
 */
const SAMPLE_CONFIG = {
  time_zone: 'America/New_York',
  currency: 'USD',
  exchange_rates: { EUR: 1.08, CNY: 0.14 },
  health: { key_modules: ['reports_created', 'dashboards_viewed', 'workflows_run'] },
  company_name: 'Brightline Analytics',
  value: {
    hourly_cost: 60,
    drivers: [
      { metric: 'reports_created', label: 'reports generated', minutes_saved: 30 },
      { metric: 'workflows_run', label: 'workflows automated', minutes_saved: 10 },
      { metric: 'dashboards_viewed', label: 'dashboards read instead of compiled', minutes_saved: 5 },
    ],
  },
};

// ---------------------------------------------------------------- seeded randomness
/** One independent stream per label, so editing one account's story leaves every other account's data as it was. */
function rngFor(label: string): Rng {
  return seededRandom(createHash('sha256').update(`csops-sample:${label}`).digest().readUInt32LE(0));
}
const between = (rng: Rng, low: number, high: number): number => low + (high - low) * rng();
const intBetween = (rng: Rng, low: number, high: number): number => Math.floor(between(rng, low, high + 1));
const chance = (rng: Rng, probability: number): boolean => rng() < probability;
/** Log-uniform: most values near `low`, a long tail up to `high` (company sizes, contract values). */
const logBetween = (rng: Rng, low: number, high: number): number => low * Math.exp(rng() * Math.log(high / low));

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick() from an empty list');
  return item;
}
function pickWeighted<T extends string>(rng: Rng, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let roll = rng() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of entries) if ((roll -= weight) < 0) return value;
  return entries[entries.length - 1]![0];
}
/** `{a|b|c}` picks one alternative: recurring subjects with small variations, as real helpdesks have. */
const expandAlternatives = (rng: Rng, template: string): string =>
  template.replace(/\{([^}]*)\}/g, (_, options: string) => pick(rng, options.split('|')));

// ---------------------------------------------------------------- dates (day numbers since 1970-01-01, UTC)
const DAY_MS = 86_400_000;
const dayOf = (isoDate: string): number => Math.round(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
const isoDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: number): number => new Date(day * DAY_MS).getUTCDay(); // 0 = Sunday
const isWeekend = (day: number): boolean => weekdayOf(day) === 0 || weekdayOf(day) === 6;
const isoInstant = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z';

function addMonths(day: number, months: number): number {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDayOfMonth)) / DAY_MS);
}

/** US daylight-saving rule (2nd Sunday of March to 1st Sunday of November, 02:00 local), so the
 *  generator needs no time-zone database: the company works in America/New_York. */
function newYorkUtcOffsetMinutes(day: number, minuteOfDay: number): number {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  const nthSunday = (monthIndex: number, n: number): number => {
    const first = Math.round(Date.UTC(year, monthIndex, 1) / DAY_MS);
    return first + ((7 - weekdayOf(first)) % 7) + 7 * (n - 1);
  };
  const dstStart = nthSunday(2, 2);
  const dstEnd = nthSunday(10, 1);
  const afterStart = day > dstStart || (day === dstStart && minuteOfDay >= 120);
  const beforeEnd = day < dstEnd || (day === dstEnd && minuteOfDay < 120);
  return afterStart && beforeEnd ? 240 : 300;
}
const newYorkToUtcMs = (day: number, minuteOfDay: number): number =>
  (day * 1440 + minuteOfDay + newYorkUtcOffsetMinutes(day, minuteOfDay)) * 60_000;

const ANCHOR = dayOf(SAMPLE_AS_OF);
const USAGE_WINDOW_START = ANCHOR - 364; // twelve months of activity: 2025-11-21 .. 2026-11-20
const CONTRACT_HISTORY_START = ANCHOR - 730; // the CRM export holds two years of contracts
/** The exports were taken at noon New York time on the anchor day: no instant is later than this. */
const EXPORT_CUTOFF_MS = newYorkToUtcMs(ANCHOR, 12 * 60);
const HOUR_MS = 3_600_000;

// ---------------------------------------------------------------- the company's vocabulary
type SizeClass = 'large' | 'mid' | 'small';
type Plan = 'starter' | 'growth' | 'business' | 'enterprise';
type UsagePattern = 'silent' | 'declining' | 'low-utilisation' | 'healthy';
type ContractStatus = 'active' | 'renewed' | 'churned' | 'cancelled' | '';

const ACCOUNT_COUNT = 300;
// 13 large by ARR, plus ACC-0029 (employees) and ACC-0005 (custom dev) makes ~15 high-touch before overrides.
const SIZE_COUNTS: Record<SizeClass, number> = { large: 13, mid: 90, small: 197 };
const PLANS: readonly Plan[] = ['starter', 'growth', 'business', 'enterprise'];
const ANNUAL_PRICE_PER_SEAT: Record<Plan, number> = { starter: 300, growth: 480, business: 720, enterprise: 960 };
const CSM_OWNERS = ['Maya Chen', 'Daniel Okafor', 'Sofia Marquez', 'Liam Novak', 'Priya Raman', 'Jonas Weber'];
const SUPPORT_AGENTS = ['Alex Kim', 'Rosa Díaz', 'Tom Becker', 'Hannah Lee', 'Omar Haddad'];
const INDUSTRY_WEIGHTS = {
  Software: 22, Retail: 14, Manufacturing: 14, Healthcare: 12, 'Financial Services': 12, Education: 9, Logistics: 10, Media: 7,
} as const;
type Industry = keyof typeof INDUSTRY_WEIGHTS;
const INDUSTRY_NAME_WORDS: Record<Industry, readonly string[]> = {
  Software: ['Software', 'Labs', 'Systems', 'Cloud'],
  Retail: ['Outfitters', 'Market', 'Stores', 'Goods'],
  Manufacturing: ['Industries', 'Manufacturing', 'Components', 'Works'],
  Healthcare: ['Health', 'Clinics', 'Medical', 'Care'],
  'Financial Services': ['Capital', 'Financial', 'Bank', 'Insurance'],
  Education: ['Academy', 'Learning', 'College', 'Schools'],
  Logistics: ['Logistics', 'Freight', 'Shipping', 'Transport'],
  Media: ['Media', 'Studios', 'Publishing', 'Broadcasting'],
};
const NAME_PREFIXES = [
  'Acme', 'Northwind', 'Bluepeak', 'Cedar', 'Harbor', 'Summit', 'Ironwood', 'Brightline', 'Redwood', 'Silverlake',
  'Granite', 'Evergreen', 'Lumen', 'Orbit', 'Pioneer', 'Crescent', 'Atlas', 'Beacon', 'Copper', 'Falcon', 'Juniper',
  'Keystone', 'Maple', 'Meridian', 'Nimbus', 'Oakridge', 'Pinnacle', 'Quarry', 'Riverstone', 'Sterling', 'Tidewater',
  'Vantage', 'Willow', 'Zenith', 'Aurora', 'Bramble', 'Cobalt', 'Driftwood', 'Ember', 'Foxglove', 'Highland',
  'Kestrel', 'Larkspur', 'Mosaic', 'Northstar', 'Osprey', 'Prairie', 'Sable', 'Trident', 'Blue Harbor',
];
// Chinese customers appear under their registered Chinese names (UTF-8 in the export); domains use pinyin.
const CHINESE_NAME_PARTS = [['云帆', 'yunfan'], ['华信', 'huaxin'], ['晨光', 'chenguang'], ['鼎盛', 'dingsheng'], ['蓝海', 'lanhai'], ['远航', 'yuanhang']] as const;
const CHINESE_CITIES = ['上海', '北京', '深圳', '杭州'];
const CHINESE_INDUSTRY: Record<Industry, string> = {
  Software: '软件', Retail: '零售', Manufacturing: '制造', Healthcare: '医疗', 'Financial Services': '金融', Education: '教育', Logistics: '物流', Media: '传媒',
};
const COUNTRY_LEGAL_SUFFIX: Record<string, readonly string[]> = {
  'United States': ['Inc.', ', Inc.', 'LLC', ''], Canada: ['Inc.', 'Ltd.'], 'United Kingdom': ['Ltd', 'plc'],
  Sweden: ['AB'], Switzerland: ['AG'], Germany: ['GmbH'], France: ['SAS'], Netherlands: ['B.V.'], Spain: ['S.L.'],
  Ireland: ['Ltd'], Australia: ['Pty Ltd'], Singapore: ['Pte. Ltd.'], Japan: ['K.K.'], China: [''],
};
const REGION_COUNTRIES = {
  NA: { 'United States': 85, Canada: 15 },
  EMEA: { 'United Kingdom': 70, Sweden: 15, Switzerland: 15 },
  APAC: { Australia: 40, Singapore: 25, Japan: 15, China: 20 },
} as const;
const EUROZONE_COUNTRIES = ['Germany', 'France', 'Netherlands', 'Spain', 'Ireland'];
const CHANNEL_WEIGHTS = { search_ad: 25, referral: 15, outbound: 20, partner: 12, event: 10, organic: 18 } as const;
const CHANNEL_COST_RANGE: Record<keyof typeof CHANNEL_WEIGHTS, [number, number]> = {
  search_ad: [80, 900], referral: [0, 300], outbound: [1500, 9000], partner: [800, 4000], event: [1000, 6000], organic: [0, 150],
};
const FIRST_NAMES = ['emma', 'liam', 'olivia', 'noah', 'ava', 'lucas', 'mia', 'ethan', 'sara', 'wei', 'li', 'yuki', 'anna', 'marco', 'fatima', 'jan'];
const LAST_NAMES = ['smith', 'garcia', 'mueller', 'dubois', 'zhang', 'wang', 'tanaka', 'brown', 'rossi', 'jansen', 'khan', 'oconnor'];

/** These accounts carry EUR contracts, so a mixed-currency total must be refused or split. */
const EUR_ACCOUNT_IDS = ['ACC-0019', 'ACC-0046', 'ACC-0073', 'ACC-0099', 'ACC-0127', 'ACC-0154', 'ACC-0181', 'ACC-0208', 'ACC-0235', 'ACC-0262'];

// ---------------------------------------------------------------- story accounts (README table mirrors this)
interface Story {
  shows: string;
  size?: SizeClass; employees?: number; tierOverride?: string; customDevAmount?: number; parentId?: string;
  renewsInDays?: number; // the active contract ends this many days after the anchor
  lapsedDaysAgo?: number; // last contract ended this many days before the anchor: no successor, empty status
  churnedDaysAgo?: number; churnStatus?: ContractStatus; currentTermMonths?: number; autoRenew?: boolean;
  lastRenewalArrFactor?: number; // ARR of the current contract ÷ ARR of the one it renewed
  addOnExpansion?: boolean; // a mid-term contract of type "expansion" co-terminating with the current one
  usage?: UsagePattern; silentDays?: number;
}
const STORIES: Record<string, Story> = {
  'ACC-0001': { shows: 'healthy: daily use, every ticket within SLA, promoter', size: 'large', renewsInDays: 200, usage: 'healthy' },
  'ACC-0003': { shows: 'healthy; expansion (+40% ARR at last renewal); renews in 110 days', size: 'large', renewsInDays: 110, usage: 'healthy', lastRenewalArrFactor: 1.4 },
  'ACC-0005': { shows: 'high-touch by custom development (150,000) with mid ARR', size: 'mid', customDevAmount: 150000, renewsInDays: 180 },
  'ACC-0007': { shows: 'no usage for 24 days, active contract renewing in 45 days', size: 'mid', renewsInDays: 45, usage: 'silent', silentDays: 24 },
  'ACC-0012': { shows: 'no usage for 30 days, active contract renewing in 100 days', size: 'small', renewsInDays: 100, usage: 'silent', silentDays: 30 },
  'ACC-0015': { shows: '2 urgent bugs open past SLA; ticket spike in the last 14 days', size: 'large', renewsInDays: 160 },
  'ACC-0023': { shows: 'declining usage; 1 urgent bug open past SLA; renews in 20 days', size: 'large', renewsInDays: 20, usage: 'declining' },
  'ACC-0029': { shows: 'high-touch by company size (4,500 employees) with mid ARR', size: 'mid', employees: 4500, renewsInDays: 230 },
  'ACC-0031': { shows: 'declining usage', size: 'mid', renewsInDays: 140, usage: 'declining' },
  'ACC-0035': { shows: '36-month contract', size: 'mid', currentTermMonths: 36, renewsInDays: 500 },
  'ACC-0042': { shows: 'low licence utilisation (about 10% of seats active); renews in 75 days', size: 'large', renewsInDays: 75, usage: 'low-utilisation' },
  'ACC-0050': { shows: 'renews in 8 days, auto-renew on', size: 'mid', renewsInDays: 8, autoRenew: true },
  'ACC-0058': { shows: 'high bug with no first response, past SLA; ticket spike in the last 14 days; renews in 64 days', size: 'mid', renewsInDays: 64 },
  'ACC-0064': { shows: 'NPS 3 nine days ago, never followed up; renews in 95 days', size: 'mid', renewsInDays: 95 },
  'ACC-0077': { shows: 'NPS 2 (40 days ago) and CSAT 2 (15 days ago), neither followed up', size: 'small', renewsInDays: 260 },
  'ACC-0088': { shows: 'NPS 4, followed up two days later', size: 'mid', renewsInDays: 300 },
  'ACC-0091': { shows: 'lapsed: contract ended 12 days ago, no renewal recorded', size: 'mid', lapsedDaysAgo: 12 },
  'ACC-0102': { shows: 'lapsed: contract ended 25 days ago, no renewal recorded', size: 'small', lapsedDaysAgo: 25 },
  'ACC-0115': { shows: 'lapsed: contract ended 5 days ago, no renewal recorded', size: 'small', lapsedDaysAgo: 5 },
  'ACC-0120': { shows: 'churned 250 days ago (status churned)', size: 'mid', churnedDaysAgo: 250, churnStatus: 'churned' },
  'ACC-0133': { shows: 'churned 150 days ago, status empty (churned by the grace-period rule)', size: 'small', churnedDaysAgo: 150, churnStatus: '' },
  'ACC-0140': { shows: 'contract cancelled 80 days ago', size: 'small', churnedDaysAgo: 80, churnStatus: 'cancelled' },
  'ACC-0150': { shows: 'mid-term expansion contract on top of the current one', size: 'mid', renewsInDays: 150, addOnExpansion: true },
  'ACC-0161': { shows: 'downgrade: -30% ARR and one plan lower at last renewal', size: 'mid', renewsInDays: 170, lastRenewalArrFactor: 0.7 },
  'ACC-0171': { shows: 'tier_override strategic (small ARR)', size: 'small', tierOverride: 'strategic', renewsInDays: 210 },
  'ACC-0188': { shows: 'tier_override strategic (small ARR)', size: 'small', tierOverride: 'strategic', renewsInDays: 120 },
  'ACC-0199': { shows: 'tier_override strategic (small ARR)', size: 'small', tierOverride: 'strategic', renewsInDays: 33 },
  'ACC-0211': { shows: 'subsidiary of ACC-0003', parentId: 'ACC-0003' },
  'ACC-0227': { shows: 'subsidiary of ACC-0003', parentId: 'ACC-0003' },
  'ACC-0244': { shows: 'subsidiary of ACC-0023', parentId: 'ACC-0023' },
  'ACC-0259': { shows: 'subsidiary of ACC-0042', parentId: 'ACC-0042' },
};

// ---------------------------------------------------------------- accounts and contracts
interface Contract {
  accountId: string; start: number; end: number; arr: number; setupFee: number | null; status: ContractStatus;
  plan: Plan; seats: number; autoRenew: boolean; type: 'new' | 'renewal' | 'expansion';
}
interface Account {
  id: string; name: string; industry: Industry; region: string; country: string; employees: number; owner: string;
  channel: keyof typeof CHANNEL_WEIGHTS; acquisitionCost: number; currency: 'USD' | 'EUR'; tierOverride: string;
  customDevAmount: number | null; referrals: number; parentId: string; domain: string;
  size: SizeClass; story: Story | undefined; customerSince: number; contracts: Contract[]; // contracts: exported ones only
}

const roundTo50 = (value: number): number => Math.max(50, Math.round(value / 50) * 50);
const seatsFor = (arr: number, plan: Plan): number => Math.max(3, Math.round(arr / ANNUAL_PRICE_PER_SEAT[plan]));
const accountIdOf = (index: number): string => `ACC-${String(index + 1).padStart(4, '0')}`;

function assignSizes(): Map<string, SizeClass> {
  const rng = rngFor('sizes');
  const sizes = new Map<string, SizeClass>();
  const remaining = { ...SIZE_COUNTS };
  for (const [id, story] of Object.entries(STORIES)) if (story.size) { sizes.set(id, story.size); remaining[story.size] -= 1; }
  const unassigned = Array.from({ length: ACCOUNT_COUNT }, (_, i) => accountIdOf(i)).filter((id) => !sizes.has(id));
  // Fisher-Yates shuffle; EUR accounts go last so none of them is large (their ARR would distort a USD tier check).
  for (let i = unassigned.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [unassigned[i], unassigned[j]] = [unassigned[j]!, unassigned[i]!];
  }
  unassigned.sort((a, b) => Number(EUR_ACCOUNT_IDS.includes(a)) - Number(EUR_ACCOUNT_IDS.includes(b)));
  for (const id of unassigned) {
    const size: SizeClass = remaining.large > 0 ? 'large' : remaining.mid > 0 ? 'mid' : 'small';
    remaining[size] -= 1;
    sizes.set(id, size);
  }
  return sizes;
}

function companyName(rng: Rng, industry: Industry, country: string, taken: Set<string>): { name: string; domain: string } {
  for (;;) {
    let name: string;
    let domain: string;
    if (country === 'China') {
      const [chinese, pinyin] = pick(rng, CHINESE_NAME_PARTS);
      name = `${pick(rng, CHINESE_CITIES)}${chinese}${CHINESE_INDUSTRY[industry]}有限公司`;
      domain = `${pinyin}-${industry.toLowerCase().replace(/\s+/g, '')}.example`;
    } else {
      const base = `${pick(rng, NAME_PREFIXES)} ${pick(rng, INDUSTRY_NAME_WORDS[industry])}`;
      const suffix = pick(rng, COUNTRY_LEGAL_SUFFIX[country] ?? ['']);
      name = suffix === '' ? base : suffix.startsWith(',') ? `${base}${suffix}` : `${base} ${suffix}`;
      domain = `${base.toLowerCase().replace(/\s+/g, '-')}.example`;
    }
    if (!taken.has(domain)) { taken.add(domain); return { name, domain }; }
  }
}

/** Typical price change at a renewal: mostly a small uplift, sometimes an expansion or a downgrade. */
function randomRenewalFactor(rng: Rng): number {
  const roll = rng();
  if (roll < 0.12) return between(rng, 1.15, 1.6);
  if (roll < 0.2) return between(rng, 0.65, 0.9);
  return between(rng, 1.0, 1.07);
}
/** Annual terms mostly; larger customers sign multi-year deals more often. */
function randomTermMonths(rng: Rng, size: SizeClass): number {
  const multiYearShare = size === 'small' ? 0.04 : 0.18;
  const roll = rng();
  return roll >= multiYearShare ? 12 : roll < multiYearShare * 0.35 ? 36 : 24;
}

function buildContracts(account: Omit<Account, 'contracts' | 'customerSince'>, rng: Rng): { contracts: Contract[]; customerSince: number } {
  const { story, size } = account;
  const currentArr = roundTo50(size === 'large' ? logBetween(rng, 210_000, 700_000)
    : size === 'mid' ? logBetween(rng, 22_000, 150_000) : logBetween(rng, 2_400, 18_000));
  const planChoices: readonly Plan[] = size === 'large' ? ['business', 'enterprise', 'enterprise'] : size === 'mid' ? ['growth', 'business'] : ['starter', 'starter', 'growth'];
  let plan = pick(rng, planChoices);
  let termMonths = story?.currentTermMonths ?? randomTermMonths(rng, size);
  // Fate: active (contract covers the anchor), lapsed (ended ≤ 30 days ago) or churned (ended earlier, no successor).
  const churnsAtRandom = !story && chance(rng, size === 'small' ? 0.1 : size === 'mid' ? 0.04 : 0);
  const randomChurnDaysAgo = intBetween(rng, 31, 700);
  const randomDaysToEnd = intBetween(rng, 0, addMonths(ANCHOR, termMonths) - ANCHOR - 1);
  const lastEnd = story?.renewsInDays !== undefined ? ANCHOR + story.renewsInDays
    : story?.lapsedDaysAgo !== undefined ? ANCHOR - story.lapsedDaysAgo
    : story?.churnedDaysAgo !== undefined ? ANCHOR - story.churnedDaysAgo
    : churnsAtRandom ? ANCHOR - randomChurnDaysAgo : ANCHOR + randomDaysToEnd;
  let customerSinceTarget = ANCHOR - intBetween(rng, 0, 2600);
  if (story?.lastRenewalArrFactor) customerSinceTarget = Math.min(customerSinceTarget, ANCHOR - 800);

  // Walk backwards from the latest contract: each predecessor ends the day before its successor starts.
  const chain: { start: number; end: number; arr: number; plan: Plan }[] = [];
  let end = lastEnd;
  let arr = currentArr;
  for (;;) {
    const start = addMonths(end + 1, -termMonths);
    chain.unshift({ start, end, arr, plan });
    if (start <= customerSinceTarget) break;
    const storyFactor = chain.length === 1 ? story?.lastRenewalArrFactor : undefined;
    if (storyFactor !== undefined && storyFactor < 1) plan = PLANS[Math.min(PLANS.indexOf(plan) + 1, PLANS.length - 1)]!;
    arr = roundTo50(arr / (storyFactor ?? randomRenewalFactor(rng)));
    end = start - 1;
    termMonths = randomTermMonths(rng, size);
  }

  const autoRenew = story?.autoRenew ?? chance(rng, size === 'small' ? 0.6 : size === 'mid' ? 0.35 : 0.1);
  const contracts: Contract[] = [];
  chain.forEach((link, index) => {
    const isLast = index === chain.length - 1;
    const setupFee = index === 0 && chance(rng, 0.65) ? roundTo50(link.arr * between(rng, 0.08, 0.25)) : null;
    const explicitRenewedStatus = chance(rng, 0.9); // some CRMs leave the status empty: csops must infer it
    const randomChurnStatus: ContractStatus = chance(rng, 0.7) ? 'churned' : '';
    let status: ContractStatus;
    if (!isLast) status = explicitRenewedStatus ? 'renewed' : '';
    else if (link.end >= ANCHOR) status = 'active';
    else if (ANCHOR - link.end <= 30) status = ''; // lapsed: the renewal is simply not recorded (yet)
    else status = story?.churnStatus ?? randomChurnStatus;
    if (link.end < CONTRACT_HISTORY_START) return;
    contracts.push({
      accountId: account.id, start: link.start, end: link.end, arr: link.arr, setupFee, status, plan: link.plan,
      seats: seatsFor(link.arr, link.plan), autoRenew, type: index === 0 ? 'new' : 'renewal',
    });
  });

  // Mid-term upsell: an add-on contract that co-terminates with the current one (counts towards NRR).
  const current = contracts[contracts.length - 1]!;
  const addOnStart = current.start + intBetween(rng, 60, 200);
  const randomAddOn = !story && size !== 'small' && chance(rng, 0.08);
  if ((story?.addOnExpansion || randomAddOn) && current.status === 'active' && addOnStart <= ANCHOR - 10) {
    const addOnArr = roundTo50(current.arr * between(rng, 0.1, 0.25));
    contracts.push({ ...current, start: addOnStart, arr: addOnArr, setupFee: null, seats: seatsFor(addOnArr, current.plan), type: 'expansion' });
  }
  return { contracts, customerSince: chain[0]!.start };
}

function buildAccounts(): Account[] {
  const sizes = assignSizes();
  const takenDomains = new Set<string>();
  return Array.from({ length: ACCOUNT_COUNT }, (_, index) => {
    const id = accountIdOf(index);
    const rng = rngFor(`account:${id}`);
    const story = STORIES[id];
    const size = sizes.get(id) ?? 'small';
    const currency = EUR_ACCOUNT_IDS.includes(id) ? 'EUR' : 'USD';
    const region = currency === 'EUR' ? 'EMEA' : pickWeighted(rng, { NA: 60, EMEA: 25, APAC: 15 });
    const country = currency === 'EUR' ? pick(rng, EUROZONE_COUNTRIES) : pickWeighted<string>(rng, REGION_COUNTRIES[region as keyof typeof REGION_COUNTRIES]);
    const industry = pickWeighted(rng, INDUSTRY_WEIGHTS);
    const { name, domain } = companyName(rng, industry, country, takenDomains);
    // Heavy tail, but only large accounts (and one story) reach the 2,000-employee high-touch threshold.
    const randomEmployees = Math.round(size === 'large' ? logBetween(rng, 300, 25_000) : size === 'mid' ? logBetween(rng, 40, 1_900) : logBetween(rng, 5, 250));
    const channel = pickWeighted(rng, CHANNEL_WEIGHTS);
    const [costLow, costHigh] = CHANNEL_COST_RANGE[channel];
    const acquisitionCost = Math.round(between(rng, costLow, costHigh) * (size === 'large' ? 6 : size === 'mid' ? 2.5 : 1) * 100) / 100;
    const randomCustomDev = size !== 'small' && chance(rng, 0.04) ? roundTo50(between(rng, 8_000, 60_000)) : null;
    const base = {
      id, name, industry, region, country, employees: story?.employees ?? randomEmployees, owner: pick(rng, CSM_OWNERS),
      channel, acquisitionCost, currency, tierOverride: story?.tierOverride ?? '', customDevAmount: story?.customDevAmount ?? (story ? null : randomCustomDev),
      referrals: chance(rng, 0.15) ? intBetween(rng, 1, 4) : 0, parentId: story?.parentId ?? '', domain, size, story,
    } as const;
    return { ...base, ...buildContracts(base, rngFor(`contracts:${id}`)) };
  });
}

// ---------------------------------------------------------------- usage (wide daily aggregates)
const USAGE_HEADER = ['account_id', 'date', 'logins', 'active_users', 'reports_created', 'dashboards_viewed', 'workflows_run', 'api_calls'];

function buildUsageRows(accounts: Account[]): (string | number)[][] {
  const profiles = accounts.map((account) => {
    const rng = rngFor(`usage:${account.id}`);
    const pattern = account.story?.usage;
    const mainContracts = account.contracts.filter((c) => c.type !== 'expansion');
    return {
      account, rng, pattern,
      firstDay: Math.max(USAGE_WINDOW_START, mainContracts[0]?.start ?? Infinity),
      lastDay: Math.min(ANCHOR - (pattern === 'silent' ? account.story?.silentDays ?? 21 : 0), mainContracts[mainContracts.length - 1]?.end ?? -Infinity),
      contractEnded: (mainContracts[mainContracts.length - 1]?.end ?? ANCHOR) < ANCHOR,
      utilisation: pattern === 'low-utilisation' ? between(rng, 0.08, 0.11) : pattern === 'healthy' ? between(rng, 0.75, 0.9) : between(rng, 0.3, 0.8),
      // Small accounts log in on fewer days: that keeps the file small and is what tech-touch usage looks like.
      weekdayActivity: pattern === 'healthy' ? 1 : account.size === 'large' ? 0.97 : account.size === 'mid' ? 0.85 : 0.45,
      weekendActivity: account.size === 'large' ? 0.45 : account.size === 'mid' ? 0.15 : 0.05,
      usesReports: chance(rng, 0.7), usesDashboards: chance(rng, 0.8),
      usesWorkflows: pattern !== 'low-utilisation' && chance(rng, account.size === 'small' ? 0.25 : 0.55),
      apiCallsPerSeat: chance(rng, account.size === 'small' ? 0.15 : 0.4) ? between(rng, 5, 40) : 0,
    };
  });
  const rows: (string | number)[][] = [];
  for (let day = USAGE_WINDOW_START; day <= ANCHOR; day++) {
    for (const profile of profiles) {
      if (day < profile.firstDay || day > profile.lastDay) continue;
      const { rng, account } = profile;
      // A silent account's last active day is exact, so "no usage for N days" holds to the day.
      const lastLoginOfSilentAccount = profile.pattern === 'silent' && day === profile.lastDay;
      if (!chance(rng, isWeekend(day) ? profile.weekendActivity : profile.weekdayActivity) && !lastLoginOfSilentAccount) continue;
      const seats = account.contracts.filter((c) => c.start <= day && day <= c.end).reduce((sum, c) => sum + c.seats, 0);
      if (seats === 0) continue;
      let intensity = (isWeekend(day) ? 0.2 : 1) * between(rng, 0.8, 1.2);
      if (profile.pattern === 'declining' && day > ANCHOR - 28) intensity *= 0.35;
      // Churned and lapsed customers fade out over their last four months (fewer users, and fewer days
      // with a login): the signal csops risk backtest and csops churn-model look for 90 days ahead.
      const daysBeforeEnd = profile.lastDay - day;
      if (profile.contractEnded && daysBeforeEnd < FADE_DAYS) {
        if (!chance(rng, 0.35 + 0.65 * (daysBeforeEnd / FADE_DAYS))) continue;
        intensity *= 0.3 + 0.7 * (daysBeforeEnd / FADE_DAYS);
      }
      const activeUsers = Math.min(seats, Math.max(1, Math.round(seats * profile.utilisation * intensity)));
      const moduleCount = (used: boolean, low: number, high: number): number => (used ? Math.round(activeUsers * between(rng, low, high)) : 0);
      rows.push([
        account.id, isoDate(day), Math.max(activeUsers, Math.round(activeUsers * between(rng, 1.1, 2.2))), activeUsers,
        moduleCount(profile.usesReports, 0.05, 0.3), moduleCount(profile.usesDashboards, 0.4, 1.5),
        moduleCount(profile.usesWorkflows, 0.1, 0.6), Math.round(seats * profile.apiCallsPerSeat * intensity * between(rng, 0.7, 1.3)),
      ]);
    }
  }
  return rows;
}

/** How long before their contract ends churning customers start to fade. */
const FADE_DAYS = 120;

// ---------------------------------------------------------------- support tickets
type Priority = 'urgent' | 'high' | 'normal' | 'low';
type TicketType = 'bug' | 'feature' | 'question' | 'other';
interface Ticket {
  accountId: string; createdMs: number; firstResponseMs: number | null; resolvedMs: number | null; status: string;
  priority: Priority; type: TicketType; subject: string; tags: string; assignee: string; channel: string; csat: number | null;
}
/** SPEC §4 default SLA targets in hours: [first response, resolution]. Generated delays are measured in
 *  calendar hours, which are never fewer than business hours, so "within target" holds on either clock. */
const SLA_HOURS: Record<Priority, [number, number]> = { urgent: [1, 4], high: [4, 16], normal: [8, 40], low: [24, 80] };
const TICKET_TEMPLATES: Record<TicketType, readonly [string, string][]> = {
  bug: [
    ['Export to {CSV|Excel} times out', 'export performance'], ['Dashboard widgets show "No data" after refresh', 'dashboards'],
    ['SSO login fails with SAML error', 'sso login'], ['Scheduled report e-mail not delivered', 'reports email'],
    ['Workflow stuck in "running" state', 'workflows'], ['API returns 500 on /v2/records', 'api'],
    ['{Salesforce|HubSpot} sync duplicates contacts', 'integration sync'], ['Charts render blank in {Safari|Edge}', 'dashboards browser'],
  ],
  question: [
    ['How do I add users in bulk?', 'users how-to'], ["How do I reset a user's password?", 'login how-to'],
    ['How do I change the billing contact?', 'billing how-to'], ['Can we restrict dashboard access by team?', 'permissions how-to'],
    ['How do I schedule a weekly report?', 'reports how-to'], ['Where can I download our invoices?', 'billing how-to'],
    ['How do API rate limits work?', 'api how-to'],
  ],
  feature: [
    ['Feature request: export to Excel with formatting', 'export feature-request'], ['Feature request: dark mode', 'ui feature-request'],
    ['Feature request: custom fields on workflows', 'workflows feature-request'], ['Feature request: audit log export', 'security feature-request'],
    ['Feature request: Chinese-language UI', 'i18n feature-request'],
  ],
  other: [
    ['Invoice question', 'billing'], ['Please update our company address', 'account-admin'],
    ['Security questionnaire (SOC 2) request', 'security'], ['Remove {former employees|inactive users} from our workspace', 'users'],
  ],
};

/** A creation instant: mostly New York business hours (Mon–Fri 09:00–18:00), sometimes evenings and weekends. */
function ticketCreatedMs(rng: Rng, firstDay: number, lastDay: number): number {
  const inBusinessHours = chance(rng, 0.85);
  let day = intBetween(rng, firstDay, lastDay);
  for (let attempt = 0; inBusinessHours && isWeekend(day) && attempt < 10; attempt++) day = intBetween(rng, firstDay, lastDay);
  const minute = inBusinessHours ? intBetween(rng, 9 * 60, 17 * 60 + 59) : intBetween(rng, 0, 1439);
  const created = newYorkToUtcMs(day, minute);
  return created > EXPORT_CUTOFF_MS ? created - DAY_MS : created;
}

function randomTicket(rng: Rng, accountId: string, createdMs: number, alwaysWithinSla: boolean): Ticket {
  const type = pickWeighted<TicketType>(rng, { bug: 35, question: 40, feature: 15, other: 10 });
  const priority = pickWeighted<Priority>(rng, type === 'bug' ? { urgent: 6, high: 25, normal: 50, low: 19 }
    : type === 'feature' ? { urgent: 0, high: 0, normal: 40, low: 60 } : { urgent: 0, high: 8, normal: 62, low: 30 });
  const [subjectTemplate, tags] = pick(rng, TICKET_TEMPLATES[type]);
  const [responseTarget, resolutionTarget] = SLA_HOURS[priority];
  const responseHours = responseTarget * (alwaysWithinSla || chance(rng, 0.92) ? between(rng, 0.05, 0.9) : between(rng, 1.1, 3));
  const longRunning = !alwaysWithinSla && priority !== 'urgent' && chance(rng, 0.04); // waiting on the customer or on engineering
  const resolutionHours = Math.max(responseHours + 0.25, resolutionTarget * (longRunning ? between(rng, 5, 20)
    : alwaysWithinSla || chance(rng, 0.88) ? between(rng, 0.2, 0.95) : between(rng, 1.1, 4)));
  const ticket: Ticket = {
    accountId, createdMs, firstResponseMs: createdMs + Math.round(responseHours * 60) * 60_000,
    resolvedMs: createdMs + Math.round(resolutionHours * 60) * 60_000, status: 'closed', priority, type,
    subject: expandAlternatives(rng, subjectTemplate), tags: `${type} ${tags}`, assignee: pick(rng, SUPPORT_AGENTS),
    channel: pickWeighted(rng, priority === 'urgent' ? { phone: 50, chat: 30, email: 20, web: 0 } : { email: 45, web: 30, chat: 18, phone: 7 }),
    csat: chance(rng, 0.3) ? Number(pickWeighted(rng, { 1: 4, 2: 6, 3: 12, 4: 33, 5: 45 })) : null,
  };
  const pendingOrOpen = chance(rng, 0.35) ? 'pending' : 'open';
  return settleAtCutoff(ticket, pendingOrOpen);
}

/** Drops whatever had not happened yet when the export was taken, and derives the status from what did. */
function settleAtCutoff(ticket: Ticket, unresolvedStatus: string): Ticket {
  if (ticket.firstResponseMs !== null && ticket.firstResponseMs > EXPORT_CUTOFF_MS) {
    return { ...ticket, firstResponseMs: null, resolvedMs: null, status: 'new', csat: null };
  }
  if (ticket.resolvedMs === null || ticket.resolvedMs > EXPORT_CUTOFF_MS) return { ...ticket, resolvedMs: null, status: unresolvedStatus, csat: null };
  return { ...ticket, status: ticket.resolvedMs > EXPORT_CUTOFF_MS - 4 * DAY_MS ? 'solved' : 'closed' };
}

/** Open tickets that are past their SLA at the anchor, placed by hand (anchor = Friday 2026-11-20). */
const BREACHED_TICKETS: { accountId: string; daysBeforeAnchor: number; localTime: string; priority: Priority; respondedAfterMinutes: number | null; subject: string; tags: string }[] = [
  { accountId: 'ACC-0015', daysBeforeAnchor: 3, localTime: '10:12', priority: 'urgent', respondedAfterMinutes: 20, subject: 'Production outage: dashboards fail to load for all users', tags: 'bug dashboards outage' },
  { accountId: 'ACC-0015', daysBeforeAnchor: 2, localTime: '14:40', priority: 'urgent', respondedAfterMinutes: 35, subject: 'Data sync stopped since last night', tags: 'bug integration sync' },
  { accountId: 'ACC-0023', daysBeforeAnchor: 1, localTime: '09:30', priority: 'urgent', respondedAfterMinutes: 25, subject: 'Export to CSV times out', tags: 'bug export performance' },
  { accountId: 'ACC-0058', daysBeforeAnchor: 4, localTime: '11:00', priority: 'high', respondedAfterMinutes: null, subject: 'Workflow stuck in "running" state', tags: 'bug workflows' },
];
const TICKET_SPIKES: Record<string, number> = { 'ACC-0015': 22, 'ACC-0058': 18 }; // extra tickets in the last 14 days

function buildTickets(accounts: Account[]): Ticket[] {
  const tickets: Ticket[] = [];
  for (const account of accounts) {
    const rng = rngFor(`tickets:${account.id}`);
    const firstDay = Math.max(USAGE_WINDOW_START, account.contracts[0]?.start ?? Infinity);
    const lastDay = Math.min(ANCHOR, account.contracts.reduce((latest, c) => Math.max(latest, c.end), -Infinity));
    if (firstDay > lastDay) continue;
    const healthy = account.story?.usage === 'healthy'; // healthy showcase accounts: nothing late, nothing open
    const perYear = account.size === 'large' ? 48 : account.size === 'mid' ? 16 : 6;
    const count = Math.round(perYear * between(rng, 0.5, 1.5) * ((lastDay - firstDay + 1) / 365));
    for (let i = 0; i < count; i++) {
      tickets.push(randomTicket(rng, account.id, ticketCreatedMs(rng, firstDay, healthy ? Math.min(lastDay, ANCHOR - 5) : lastDay), healthy));
    }
    for (let i = 0; i < (TICKET_SPIKES[account.id] ?? 0); i++) tickets.push(randomTicket(rng, account.id, ticketCreatedMs(rng, ANCHOR - 13, ANCHOR), false));
  }
  for (const breach of BREACHED_TICKETS) {
    const [hours = 0, minutes = 0] = breach.localTime.split(':').map(Number);
    const createdMs = newYorkToUtcMs(ANCHOR - breach.daysBeforeAnchor, hours * 60 + minutes);
    const respondedMs = breach.respondedAfterMinutes === null ? null : createdMs + breach.respondedAfterMinutes * 60_000;
    tickets.push({
      accountId: breach.accountId, createdMs, firstResponseMs: respondedMs, resolvedMs: null, status: respondedMs === null ? 'new' : 'open',
      priority: breach.priority, type: 'bug', subject: breach.subject, tags: breach.tags, assignee: SUPPORT_AGENTS[0]!, channel: 'phone', csat: null,
    });
  }
  return tickets.sort((a, b) => a.createdMs - b.createdMs || a.accountId.localeCompare(b.accountId));
}

// ---------------------------------------------------------------- surveys (NPS and CSAT)
interface SurveyResponse { accountId: string; respondedMs: number; kind: 'nps' | 'csat'; score: number; comment: string; respondent: string; followedUpMs: number | null }
const COMMENTS = {
  detractor: [
    'Exports time out on anything over 10,000 rows.', 'Support took three days to answer an "urgent" ticket.',
    'Too expensive for what we use, honestly.', 'The new dashboard editor is confusing; the team went back to spreadsheets.',
    'Sync with our CRM breaks every week, and nobody can tell us why.', '报表导出太慢，经常超时。', '价格偏高，续费需要重新评估。',
  ],
  passive: [
    'Does the job. Reporting could be more flexible.', 'Good product, but onboarding new colleagues takes too long.',
    'Fine overall; the mobile app is "meh".', '功能够用，希望增加更多报表模板。', 'OK',
  ],
  promoter: [
    'Our CSM is fantastic, always one step ahead.', 'Workflows save us hours every week.',
    "Best reporting tool we've used, and the API is solid.", '"It just works" – our ops lead', '客服响应很快，非常满意！',
  ],
} as const;

/** Survey rows placed by hand; random responses skip these accounts so their story stays unambiguous. */
const STORY_SURVEYS: { accountId: string; daysBeforeAnchor: number; kind: 'nps' | 'csat'; score: number; comment: string; followedUpAfterDays: number | null }[] = [
  { accountId: 'ACC-0064', daysBeforeAnchor: 200, kind: 'nps', score: 8, comment: 'Solid, but exports are getting slower.', followedUpAfterDays: null },
  { accountId: 'ACC-0064', daysBeforeAnchor: 9, kind: 'nps', score: 3, comment: 'Two problems:\n1) exports time out, again\n2) nobody called us back after the last survey.', followedUpAfterDays: null },
  { accountId: 'ACC-0077', daysBeforeAnchor: 40, kind: 'nps', score: 2, comment: 'We barely use it; the "simple" setup took weeks.', followedUpAfterDays: null },
  { accountId: 'ACC-0077', daysBeforeAnchor: 15, kind: 'csat', score: 2, comment: '问题一直没有解决，客服回复太慢。', followedUpAfterDays: null },
  { accountId: 'ACC-0088', daysBeforeAnchor: 20, kind: 'nps', score: 4, comment: 'Billing errors two months in a row, and the invoice PDF is wrong.', followedUpAfterDays: 2 },
  { accountId: 'ACC-0001', daysBeforeAnchor: 120, kind: 'nps', score: 9, comment: 'Workflows save us hours every week.', followedUpAfterDays: null },
  { accountId: 'ACC-0001', daysBeforeAnchor: 30, kind: 'nps', score: 10, comment: '"It just works" – and support is quick, too.', followedUpAfterDays: 3 },
  { accountId: 'ACC-0003', daysBeforeAnchor: 12, kind: 'nps', score: 9, comment: 'Love the dashboards.\nPlease add SSO for contractors, though.', followedUpAfterDays: null },
];
const RANDOM_SURVEY_COUNT = 592;

function respondentEmail(rng: Rng, domain: string): string {
  return `${pick(rng, FIRST_NAMES)}.${pick(rng, LAST_NAMES)}@${domain}`;
}

function buildSurveys(accounts: Account[]): SurveyResponse[] {
  const rng = rngFor('surveys');
  const storyAccounts = new Set(STORY_SURVEYS.map((s) => s.accountId));
  const candidates = accounts
    .map((account) => ({
      account,
      firstDay: Math.max(USAGE_WINDOW_START, account.contracts[0]?.start ?? Infinity),
      lastDay: Math.min(ANCHOR - 1, Math.max(...account.contracts.map((c) => c.end))),
    }))
    .filter((c) => c.firstDay <= c.lastDay && !storyAccounts.has(c.account.id));
  const weightOf = (size: SizeClass): number => (size === 'large' ? 6 : size === 'mid' ? 2.5 : 1);
  const totalWeight = candidates.reduce((sum, c) => sum + weightOf(c.account.size), 0);
  const responses: SurveyResponse[] = [];
  for (let i = 0; i < RANDOM_SURVEY_COUNT; i++) {
    let roll = rng() * totalWeight;
    const chosen = candidates.find((c) => (roll -= weightOf(c.account.size)) < 0) ?? candidates[candidates.length - 1]!;
    const kind = chance(rng, 0.65) ? 'nps' : 'csat';
    const bucketRoll = rng();
    const bucket = kind === 'nps' ? (bucketRoll < 0.2 ? 'detractor' : bucketRoll < 0.52 ? 'passive' : 'promoter') : bucketRoll < 0.1 ? 'detractor' : bucketRoll < 0.25 ? 'passive' : 'promoter';
    const score = kind === 'nps'
      ? bucket === 'detractor' ? pick(rng, [0, 2, 3, 4, 5, 5, 6, 6, 6]) : bucket === 'passive' ? intBetween(rng, 7, 8) : intBetween(rng, 9, 10)
      : bucket === 'detractor' ? intBetween(rng, 1, 2) : bucket === 'passive' ? 3 : intBetween(rng, 4, 5);
    const respondedMs = newYorkToUtcMs(intBetween(rng, chosen.firstDay, chosen.lastDay), intBetween(rng, 8 * 60, 19 * 60));
    // Every detractor should get a call back (DOMAIN §2); in practice only some do.
    const followUp = chance(rng, bucket === 'detractor' ? 0.6 : bucket === 'passive' ? 0.2 : 0.08);
    const followedUpMs = respondedMs + Math.round(between(rng, 2, 24 * 7)) * HOUR_MS;
    responses.push({
      accountId: chosen.account.id, respondedMs, kind, score, comment: chance(rng, 0.7) ? pick(rng, COMMENTS[bucket]) : '',
      respondent: respondentEmail(rng, chosen.account.domain), followedUpMs: followUp && followedUpMs <= EXPORT_CUTOFF_MS ? followedUpMs : null,
    });
  }
  for (const story of STORY_SURVEYS) {
    const account = accounts.find((a) => a.id === story.accountId)!;
    const respondedMs = newYorkToUtcMs(ANCHOR - story.daysBeforeAnchor, 10 * 60 + 20);
    responses.push({
      accountId: story.accountId, respondedMs, kind: story.kind, score: story.score, comment: story.comment,
      respondent: respondentEmail(rngFor(`respondent:${story.accountId}`), account.domain),
      followedUpMs: story.followedUpAfterDays === null ? null : respondedMs + story.followedUpAfterDays * DAY_MS + 4 * HOUR_MS,
    });
  }
  return responses.sort((a, b) => a.respondedMs - b.respondedMs || a.accountId.localeCompare(b.accountId));
}

// ---------------------------------------------------------------- people: contacts and touchpoints (issue 21)
// Drawn from their own streams (`people:<account>`), so adding them left every other file's bytes as
// they were. Who is named depends on the service model (DOMAIN §1): high-touch accounts nearly always
// name a champion and a decision maker, tech-touch ones often neither. Champions leave now and then;
// at customers that later churned or lapsed most lost theirs in the months before the end (the
// relationship signal issue 21 adds), and a CSM who lost the champion meets the decision maker less.
type Touch = 'high' | 'low' | 'tech';
interface Contact {
  id: string; accountId: string; name: string; email: string; title: string; role: string; primary: boolean;
  created: number; leftOn: number | null; chinese: boolean;
}
interface Touchpoint { accountId: string; contactId: string; day: number; type: string; subject: string; owner: string }

const CHAMPION_TITLES = ['Operations Manager', 'Team Lead, Analytics', 'Customer Operations Lead', 'Senior Analyst', 'Project Manager', 'Reporting Lead'];
const DECIDER_TITLES = ['VP Operations', 'Head of Customer Service', 'Chief Operating Officer', 'Director of IT', 'CFO', 'General Manager'];
const USER_TITLES: ReadonlyArray<[string, string]> = [['Analyst', 'User'], ['Coordinator', 'User'], ['IT Administrator', 'Admin'], ['Specialist', '']];
const CHINESE_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const CHINESE_GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '军', '杰'];
const CHINESE_TITLES = { champion: ['运营主管', '项目专员', '数据分析师'], decider: ['运营总监', '总经理', '副总裁', 'IT经理'], user: ['专员', '助理'] };
const DECIDER_SUBJECTS = ['Quarterly business review', 'Renewal planning', 'Executive check-in', 'Roadmap briefing', 'Success plan review'];
const CHAMPION_SUBJECTS = ['Adoption check-in', 'Training session', 'Feature walkthrough', 'Onboarding follow-up', 'Support escalation review'];

function touchOf(account: Account): Touch {
  const story = account.story;
  if (account.size === 'large' || story?.employees || story?.customDevAmount || story?.tierOverride) return 'high';
  return account.size === 'mid' ? 'low' : 'tech';
}

function buildPeople(accounts: Account[]): { contacts: Contact[]; touchpoints: Touchpoint[] } {
  const contacts: Contact[] = [];
  const touchpoints: Touchpoint[] = [];
  for (const account of accounts) {
    const rng = rngFor(`people:${account.id}`);
    const touch = touchOf(account);
    const chinese = account.country === 'China';
    const main = account.contracts.filter((contract) => contract.type !== 'expansion');
    const lastEnd = main[main.length - 1]!.end;
    const ended = lastEnd < ANCHOR; // churned, or lapsed within the grace period
    const from = Math.max(account.customerSince, CONTRACT_HISTORY_START);
    const to = Math.min(lastEnd, ANCHOR);
    const taken = new Set<string>();
    const person = (title: string, role: string, created: number, primary = false): Contact => {
      let name: string;
      let email: string;
      do {
        if (chinese) {
          name = `${pick(rng, CHINESE_SURNAMES)}${pick(rng, CHINESE_GIVEN)}`;
          email = `${name.codePointAt(0)!.toString(36)}${name.codePointAt(1)!.toString(36)}@${account.domain}`;
        } else {
          const first = pick(rng, FIRST_NAMES);
          const last = pick(rng, LAST_NAMES);
          name = `${capitalise(first)} ${last === 'oconnor' ? "O'Connor" : capitalise(last)}`;
          email = `${first}.${last}@${account.domain}`;
        }
      } while (taken.has(email));
      taken.add(email);
      const contact: Contact = { id: `CT-${String(contacts.length + 1).padStart(5, '0')}`, accountId: account.id, name, email, title, role, primary, created, leftOn: null, chinese };
      contacts.push(contact);
      return contact;
    };
    const knownFrom = Math.min(ANCHOR, account.customerSince + intBetween(rng, 0, 30));

    const decider = chance(rng, touch === 'high' ? 0.95 : touch === 'low' ? 0.8 : 0.35)
      ? person(chinese ? pick(rng, CHINESE_TITLES.decider) : pick(rng, DECIDER_TITLES), pickWeighted(rng, { 'Decision Maker': 60, '': 25, 'Economic Buyer': 10, 'Budget Holder': 5 }), knownFrom, true)
      : null;
    if (decider && chinese && decider.role === 'Decision Maker') decider.role = '决策人';
    const champion = chance(rng, touch === 'high' ? 0.92 : touch === 'low' ? 0.8 : 0.5)
      ? person(chinese ? pick(rng, CHINESE_TITLES.champion) : pick(rng, CHAMPION_TITLES), chinese ? '核心用户' : 'Champion', knownFrom)
      : null;
    const users = intBetween(rng, 0, touch === 'high' ? 3 : touch === 'low' ? 2 : 1);
    for (let index = 0; index < users; index++) {
      const [title, role] = pick(rng, USER_TITLES);
      const created = knownFrom + intBetween(rng, 0, 200);
      if (created <= ANCHOR) person(chinese ? pick(rng, CHINESE_TITLES.user) : title, chinese && role === 'User' ? '用户' : role, created);
    }

    // The champion leaves: at most customers that later ended, in the months before the end; now and
    // then anywhere else. Most leave a successor named some weeks later; at the churners, few do.
    const losesChampion = champion !== null && chance(rng, ended ? 0.6 : 0.12);
    const departure = ended ? lastEnd - intBetween(rng, 60, 240) : intBetween(rng, from + 60, ANCHOR - 1);
    let successor: Contact | null = null;
    if (champion && losesChampion && departure > champion.created && departure < ANCHOR) {
      champion.leftOn = departure;
      const successorOn = departure + intBetween(rng, 20, 120);
      if (chance(rng, ended ? 0.15 : 0.6) && successorOn <= ANCHOR) {
        successor = person(chinese ? pick(rng, CHINESE_TITLES.champion) : pick(rng, CHAMPION_TITLES), chinese ? '核心用户' : 'Champion', successorOn);
      }
    }
    // Without a champion to open doors, the decision maker is met less often.
    const coldFrom = champion?.leftOn ?? (ended && chance(rng, 0.35) ? lastEnd - intBetween(rng, 120, 240) : null);

    type TouchType = 'call' | 'meeting' | 'email' | 'qbr' | 'visit';
    const typeWord = (type: TouchType) =>
      chinese ? { call: '电话', meeting: '会议', email: '邮件', qbr: '季度业务回顾', visit: '拜访' }[type] : { call: 'Call', meeting: 'Meeting', email: 'Email', qbr: 'QBR', visit: 'Visit' }[type];
    const meet = (contact: Contact, start: number, end: number, gap: readonly [number, number], kinds: Partial<Record<TouchType, number>>, subjects: readonly string[], slower: number | null) => {
      for (let day = start + intBetween(rng, 0, gap[1]); day <= end; ) {
        if (day >= contact.created && (contact.leftOn === null || day < contact.leftOn)) {
          touchpoints.push({ accountId: account.id, contactId: contact.id, day, type: typeWord(pickWeighted(rng, kinds as Record<TouchType, number>)), subject: pick(rng, subjects), owner: account.owner });
        }
        // A CSM is busy now and then: one gap in ten is twice as long.
        const next = intBetween(rng, gap[0], gap[1]) * (chance(rng, 0.1) ? 2 : 1);
        day += slower !== null && day >= slower ? Math.round(next * 2.5) : next;
      }
    };
    const deciderGap: Record<Touch, [number, number]> = { high: [14, 34], low: [40, 100], tech: [90, 240] };
    const championGap: Record<Touch, [number, number]> = { high: [10, 25], low: [25, 60], tech: [60, 150] };
    if (decider) meet(decider, from, to, deciderGap[touch], touch === 'high' ? { meeting: 4, qbr: 2, visit: 1, call: 2 } : { call: 3, meeting: 2, email: 2 }, DECIDER_SUBJECTS, coldFrom);
    for (const contact of [champion, successor]) {
      if (contact) meet(contact, Math.max(from, contact.created), to, championGap[touch], { call: 3, email: 3, meeting: 2 }, CHAMPION_SUBJECTS, null);
    }
  }
  return { contacts, touchpoints };
}

// ---------------------------------------------------------------- CSV output
/** RFC 4180: quote a field containing a comma, a quote or a line break; double the quotes inside. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
function writeCsv(file: string, header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): void {
  writeFileSync(file, [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n');
}
const money = (amount: number | null): string => (amount === null ? '' : amount.toFixed(2));
const instantOrEmpty = (ms: number | null): string => (ms === null ? '' : isoInstant(ms));

export function generateSampleData(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const accounts = buildAccounts();
  const currencyOf = new Map(accounts.map((a) => [a.id, a.currency]));
  const planOf = (a: Account): string => a.contracts.filter((c) => c.type !== 'expansion').at(-1)?.plan ?? '';

  writeCsv(path.join(outDir, 'accounts.csv'),
    ['account_id', 'name', 'industry', 'region', 'country', 'employees', 'owner', 'plan', 'channel', 'acquisition_cost', 'currency', 'customer_since', 'tier_override', 'custom_dev_amount', 'referrals', 'parent_account_id', 'domain'],
    accounts.map((a) => [a.id, a.name, a.industry, a.region, a.country, a.employees, a.owner, planOf(a), a.channel, money(a.acquisitionCost), a.currency,
      isoDate(a.customerSince), a.tierOverride, money(a.customDevAmount), a.referrals, a.parentId, a.domain]));

  const contracts = accounts.flatMap((a) => a.contracts).sort((x, y) => x.accountId.localeCompare(y.accountId) || x.start - y.start);
  writeCsv(path.join(outDir, 'contracts.csv'),
    ['contract_id', 'account_id', 'start_date', 'end_date', 'arr', 'currency', 'setup_fee', 'status', 'plan', 'seats', 'auto_renew', 'type'],
    contracts.map((c, i) => [`C-${String(i + 1).padStart(5, '0')}`, c.accountId, isoDate(c.start), isoDate(c.end), money(c.arr), currencyOf.get(c.accountId) ?? 'USD',
      money(c.setupFee), c.status, c.plan, c.seats, String(c.autoRenew), c.type]));

  const usageRows = buildUsageRows(accounts);
  writeCsv(path.join(outDir, 'usage.csv'), USAGE_HEADER, usageRows);

  const tickets = buildTickets(accounts);
  writeCsv(path.join(outDir, 'tickets.csv'),
    ['ticket_id', 'account_id', 'created_at', 'first_response_at', 'resolved_at', 'status', 'priority', 'type', 'subject', 'tags', 'assignee', 'channel', 'csat'],
    tickets.map((t, i) => [`T-${100001 + i}`, t.accountId, isoInstant(t.createdMs), instantOrEmpty(t.firstResponseMs), instantOrEmpty(t.resolvedMs),
      t.status, t.priority, t.type, t.subject, t.tags, t.assignee, t.channel, t.csat]));

  writeCsv(path.join(outDir, 'surveys.csv'),
    ['response_id', 'account_id', 'responded_at', 'kind', 'score', 'comment', 'respondent', 'followed_up_at'],
    buildSurveys(accounts).map((s, i) => [`R-${String(i + 1).padStart(5, '0')}`, s.accountId, isoInstant(s.respondedMs), s.kind, s.score, s.comment, s.respondent, instantOrEmpty(s.followedUpMs)]));

  const people = buildPeople(accounts);
  writeCsv(path.join(outDir, 'contacts.csv'),
    ['contact_id', 'account_id', 'name', 'email', 'title', 'role', 'is_primary', 'status', 'left_at', 'created_at'],
    people.contacts.map((c) => [c.id, c.accountId, c.name, c.email, c.title, c.role, String(c.primary), c.leftOn === null ? (c.chinese ? '在职' : 'Active') : c.chinese ? '离职' : 'Left company',
      c.leftOn === null ? '' : isoDate(c.leftOn), isoDate(c.created)]));
  const touchpoints = people.touchpoints.sort((x, y) => x.day - y.day || x.accountId.localeCompare(y.accountId) || x.contactId.localeCompare(y.contactId));
  writeCsv(path.join(outDir, 'touchpoints.csv'),
    ['touchpoint_id', 'account_id', 'contact_id', 'date', 'type', 'subject', 'owner'],
    touchpoints.map((t, i) => [`TP-${String(i + 1).padStart(6, '0')}`, t.accountId, t.contactId, isoDate(t.day), t.type, t.subject, t.owner]));

  writeFileSync(path.join(outDir, 'csops.config.json'), JSON.stringify(SAMPLE_CONFIG, null, 2) + '\n');
  generateExports(path.join(outDir, 'exports'), accounts, tickets, usageRows);
}

/** The repo's sample-data folder, whether this runs as dist/sample-data/generate.js or from source. */
function defaultOutDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const repoRoot = path.basename(path.dirname(here)) === 'dist' ? path.resolve(here, '../..') : path.resolve(here, '..');
  return path.join(repoRoot, 'sample-data');
}

// ------------------------------------------------------------------ the same company, as real tools export it
// Besides the canonical files, sample-data/exports/ holds files in the shapes real tools write, so the
// demo shows csops recognising them (see sample-data/README.md).

function csvText(header: readonly string[], rows: readonly (readonly (string | number | null)[])[], quoteAll = false, newline = '\n'): string {
  const field = (value: string | number | null) => (quoteAll ? `"${String(value ?? '').replace(/"/g, '""')}"` : csvField(value));
  return [header, ...rows].map((row) => row.map(field).join(',')).join(newline) + newline;
}

/** DD-MM-YYYY HH:MM in New York time, as Excel re-saves a Zendesk export. */
function excelLocal(ms: number): string {
  const wall = new Date(ms + newYorkOffsetMs(ms));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(wall.getUTCDate())}-${pad(wall.getUTCMonth() + 1)}-${wall.getUTCFullYear()} ${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/** America/New_York's offset: EDT from the second Sunday of March to the first Sunday of November. */
function newYorkOffsetMs(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const secondSundayMarch = Date.UTC(year, 2, 8 + ((7 - new Date(Date.UTC(year, 2, 8)).getUTCDay()) % 7), 7);
  const firstSundayNovember = Date.UTC(year, 10, 1 + ((7 - new Date(Date.UTC(year, 10, 1)).getUTCDay()) % 7), 6);
  return (ms >= secondSundayMarch && ms < firstSundayNovember ? -4 : -5) * 3_600_000;
}

const WUKONG_CUSTOMERS: ReadonlyArray<{ name: string; industry: string; level: string; source: string; owner: string; amount: number; start: string; end: string }> = [
  { name: '杭州云栖数据科技有限公司', industry: 'IT', level: 'A（重点客户）', source: '转介绍', owner: '王伟', amount: 560000, start: '2026/1/1', end: '2026/12/31' },
  { name: '深圳前海物流有限公司', industry: '运输/物流', level: 'B（普通客户）', source: '搜索引擎', owner: '李娜', amount: 86000, start: '2026/3/15', end: '2027/3/14' },
  { name: '成都天府教育咨询有限公司', industry: '商业服务', level: 'C（非优先客户）', source: '线上注册', owner: '王伟', amount: 12800, start: '2025/12/20', end: '2026/12/19' },
  { name: '苏州工业园精密制造股份有限公司', industry: '生产', level: 'A（重点客户）', source: '广告', owner: '张敏', amount: 1280000, start: '2026/2/1', end: '2027/1/31' },
  { name: '广州南方传媒集团', industry: '文化传媒', level: 'B（普通客户）', source: '电话咨询', owner: '李娜', amount: 240000, start: '2025/11/1', end: '2026/10/31' },
];

function generateExports(outDir: string, accounts: Account[], tickets: Ticket[], usageRows: (string | number)[][]): void {
  mkdirSync(outDir, { recursive: true });
  const byId = new Map(accounts.map((account) => [account.id, account]));

  // Salesforce Data Export: every field quoted, CRLF, API names; the first 40 accounts again, unchanged.
  writeFileSync(path.join(outDir, 'salesforce-Account.csv'), csvText(
    ['Id', 'IsDeleted', 'MasterRecordId', 'Name', 'Type', 'ParentId', 'BillingCountry', 'Industry', 'NumberOfEmployees', 'OwnerId', 'AccountSource', 'Website', 'CreatedDate'],
    accounts.slice(0, 40).map((a) => [a.id, '0', '', a.name, 'Customer - Direct', a.parentId || '000000000000000AAA', a.country, a.industry, a.employees, a.owner, a.channel, a.domain, `${isoDate(a.customerSince)} 09:00:00`]),
    true, '\r\n'));

  // Zendesk, re-saved by Excel: DD-MM-YYYY dates, accounts named by organisation, Good/Bad satisfaction.
  // The helpdesk's older history: 150 solved tickets from the year before the canonical file starts.
  const earlier = 400 * DAY_MS;
  const history = tickets.filter((t) => t.resolvedMs !== null).slice(-150).map((t) => ({
    ...t, createdMs: t.createdMs - earlier, resolvedMs: t.resolvedMs! - earlier, firstResponseMs: t.firstResponseMs === null ? null : t.firstResponseMs - earlier,
  }));
  const zendesk = history.map((t, i) => {
    const account = byId.get(t.accountId)!;
    const solved = excelLocal(t.resolvedMs);
    const firstReply = t.firstResponseMs === null ? '' : String(Math.round((t.firstResponseMs - t.createdMs) / 60_000));
    const satisfaction = t.csat === null ? (t.resolvedMs === null ? 'Unoffered' : 'Offered') : t.csat >= 4 ? 'Good' : 'Bad';
    return [`${900001 + i}`, `${361000000000 + Number(account.id.slice(4)) * 1000}`, account.name, `${t.assignee.toLowerCase().replace(/\s+/g, '.')}@${account.domain}`, t.channel === 'email' ? 'Mail' : 'Web', t.subject, t.tags, capitalise(t.status), capitalise(t.priority),
      { bug: 'Incident', feature: 'Task', question: 'Question', other: 'Problem' }[t.type] ?? 'Question', excelLocal(t.createdMs), solved, satisfaction, firstReply];
  });
  writeFileSync(path.join(outDir, 'zendesk-tickets.csv'), csvText(
    ['Id', 'Requester id', 'Organization', 'Requester email', 'Via', 'Subject', 'Tags', 'Status', 'Priority', 'Ticket type', 'Created at', 'Solved at', 'Satisfaction Score', 'First reply time in minutes within business hours'],
    zendesk));

  // Mixpanel events for 20 small accounts' last 7 days: the raw form of the same usage, so rolling
  // them up gives back the same logins and active users (and adds event counts).
  const events: Array<[string, string, number, string]> = [];
  const lastWeek = new Set(Array.from({ length: 7 }, (_, back) => isoDate(ANCHOR - back)));
  const chosen = new Set(accounts.slice(279, 299).map((account) => account.id));
  for (const row of usageRows) {
    const [accountId, date, logins, activeUsers, reports] = row as [string, string, number, number, number];
    if (!chosen.has(accountId) || !lastWeek.has(date)) continue;
    const dayStart = Date.parse(`${date}T13:00:00Z`) / 1000;
    for (let login = 0; login < logins; login++) events.push(['Login', `${accountId}-u${login % Math.max(activeUsers, 1)}`, dayStart + login * 97, accountId]);
    for (let user = logins; user < activeUsers; user++) events.push(['Page View', `${accountId}-u${user}`, dayStart + 5000 + user, accountId]);
    for (let report = 0; report < reports; report++) events.push(['Report Created', `${accountId}-u${report % Math.max(activeUsers, 1)}`, dayStart + 9000 + report * 61, accountId]);
  }
  events.sort((x, y) => x[2] - y[2] || x[3].localeCompare(y[3]));
  writeFileSync(path.join(outDir, 'mixpanel-events.csv'), csvText(['event', 'distinct_id', 'time', 'company_id'], events));

  // WukongCRM, a Chinese CRM: GB18030, Chinese headers, customers keyed by name, ￥ amounts, YYYY/M/D dates.
  writeFileSync(path.join(outDir, 'wukong-customers-gb18030.csv'), encodeGb18030(csvText(
    ['客户名称', '客户行业', '客户级别', '客户来源', '负责人'],
    WUKONG_CUSTOMERS.map((c) => [c.name, c.industry, c.level, c.source, c.owner]), false, '\r\n')));
  writeFileSync(path.join(outDir, 'wukong-contracts-gb18030.csv'), encodeGb18030(csvText(
    ['合同编号', '客户名称', '合同金额', '合同开始时间', '合同结束时间'],
    WUKONG_CUSTOMERS.map((c, i) => [`HT-2026-${String(i + 1).padStart(3, '0')}`, c.name, `￥${c.amount.toLocaleString('en-US')}`, c.start, c.end]), false, '\r\n')));
  // Their contacts, as WukongCRM exports 联系人 in UTF-8 with a BOM (issue 21).
  const ownerOf = new Map(WUKONG_CUSTOMERS.map((c) => [c.name, c.owner]));
  writeFileSync(path.join(outDir, 'wukong-contacts.csv'), '\ufeff' + csvText(
    ['姓名', '客户名称', '手机', '电话', '邮箱', '职务', '是否关键决策人', '地址', '下次联系时间', '备注', '性别', '负责人', '创建时间'],
    WUKONG_CONTACTS.map(([name, customer, mobile, title, decides, created]) => [name, customer, mobile, '', '', title, decides, '', '', '', '', ownerOf.get(customer) ?? '', created]), false, '\r\n'));
}

/** The WukongCRM customers' 联系人 (contacts): decision makers flagged 是否关键决策人, titles in Chinese. */
const WUKONG_CONTACTS: ReadonlyArray<[name: string, customer: string, mobile: string, title: string, decides: '是' | '否', created: string]> = [
  ['陈静', '杭州云栖数据科技有限公司', '13800138001', '运营总监', '是', '2025-12-20 10:00:00'],
  ['刘洋', '杭州云栖数据科技有限公司', '13800138002', '数据分析师', '否', '2025-12-20 10:05:00'],
  ['黄磊', '深圳前海物流有限公司', '13900139001', '总经理', '是', '2026-03-01 09:30:00'],
  ['赵敏', '成都天府教育咨询有限公司', '13700137001', '教务专员', '否', '2025-12-10 14:00:00'],
  ['杨军', '苏州工业园精密制造股份有限公司', '13600136001', 'IT经理', '是', '2026-01-15 11:00:00'],
  ['王芳', '苏州工业园精密制造股份有限公司', '13600136002', '生产计划专员', '否', '2026-01-15 11:10:00'],
  ['李艳', '广州南方传媒集团', '13500135001', '市场总监', '是', '2025-10-20 16:00:00'],
];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? defaultOutDir());
  generateSampleData(outDir);
  process.stderr.write(`sample data for ${SAMPLE_AS_OF} written to ${outDir}\n`);
}
