import { importPhrase, listPhrase } from '../i18n/messages/import.js';
import type { Phrase } from '../errors.js';
import { said } from './values.js';
/**
 * Contracts from what CRMs and billing systems export instead of an ARR column: a won deal (only won
 * deals are contracts; lost and open ones are counted), a billing subscription (trials and unpaid
 * first invoices are not contracts yet), ARR from MRR, an amount over a term, or a price per seat per
 * billing period; and the import notes saying what was counted.
 */
import { formatNumber, minorUnitDigits } from '../core/money.js';
import type { CellProblem } from './table-source.js';
import { quotedValue } from '../render/terminal-text.js';

/**
 * ARR from the arr column, else MRR × 12, else the contract amount × 12 ÷ its term in months — the
 * term column, or the months from start to end date (a 365-day contract is 12) — rounded to the
 * minor unit.
 */
function termMonths(start: string | null, end: string | null): number | null {
  if (start === null || end === null) return null;
  const days = (Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000 + 1;
  return days > 0 ? Math.max(1, Math.round(days / (365.25 / 12))) : null;
}

export function contractArr(
  values: Array<string | number | null>,
  from: { arr: number; mrr: number; amount: number; term: number; start: number; end: number; unit: number; seats: number; interval: number },
  currency: string,
  problems: CellProblem[] | undefined,
): number | null {
  const arr = values[from.arr] as number | null;
  if (arr !== null) return arr;
  const mrr = values[from.mrr] as number | null;
  if (mrr !== null) return mrr * 12;
  // A billing system's price per unit and interval (Stripe): price × quantity × charges a year.
  const unit = values[from.unit] as number | null;
  if (unit !== null) {
    const interval = values[from.interval] as string | null;
    const perYear = interval === null ? undefined : PERIODS_A_YEAR.get(interval.toLowerCase().replace(/[^a-z]/g, ''));
    if (perYear !== undefined) return Math.round(unit * ((values[from.seats] as number | null) ?? 1) * perYear);
    problems?.push({
      column: 'billing_interval',
      value: interval ?? '',
      ...said(importPhrase('import.expected.billing_interval', { values: ['month', 'year', 'week', 'day'] })),
    });
    return null;
  }
  const amount = values[from.amount] as number | null;
  const term = (values[from.term] as number | null) ?? termMonths(values[from.start] as string | null, values[from.end] as string | null);
  if (amount !== null && term) return Math.round((amount * 12) / term);
  problems?.push({ column: 'arr', ...said(importPhrase('import.expected.arr', { currency, digits: minorUnitDigits(currency) })) });
  return null;
}

/** Charges a year per billing interval, as billing systems write it (Stripe: day, week, month, year). */
const PERIODS_A_YEAR = new Map<string, number>([
  ['day', 365], ['daily', 365], ['week', 52], ['weekly', 52], ['month', 12], ['monthly', 12],
  ['quarter', 4], ['quarterly', 4], ['year', 1], ['yearly', 1], ['annual', 1], ['annually', 1],
]);

/**
 * A billing system's subscription status as a contract status, or 'skip' for subscriptions that are
 * not contracts yet (Stripe's trialing, incomplete, incomplete_expired: nothing paid). undefined: a
 * status csops does not know (the contract is imported without a status, and the import names it).
 */
export function classifySubscription(status: string | null): 'active' | 'cancelled' | 'churned' | 'expired' | 'skip' | undefined {
  switch ((status ?? '').toLowerCase().replace(/[\s-]+/g, '_')) {
    case 'active':
    case 'past_due':
      return 'active';
    case 'canceled':
    case 'cancelled':
      return 'cancelled';
    case 'unpaid':
      return 'churned';
    case 'ended':
    case 'expired':
      return 'expired';
    case 'trialing':
    case 'trial':
    case 'incomplete':
    case 'incomplete_expired':
    case 'paused':
      return 'skip';
    default:
      return undefined;
  }
}

export type DealOutcome = 'won' | 'lost' | 'open' | 'unknown';

/** Stage names that mean a deal still being worked (Salesforce, HubSpot internal and label forms, Zoho, Maven). */
const OPEN_STAGES = new Set(
  [
    'prospecting', 'prospect', 'qualification', 'qualify', 'qualified', 'needs analysis', 'value proposition', 'id decision makers',
    'identify decision makers', 'perception analysis', 'proposal price quote', 'proposal', 'propose', 'negotiation review',
    'negotiation', 'negotiate', 'meet present', 'develop', 'discovery', 'demo', 'engaging', 'engaged', 'initial offer', 'open',
    'new', 'pipeline', 'in progress', 'appointmentscheduled', 'appointment scheduled', 'qualifiedtobuy', 'qualified to buy',
    'presentationscheduled', 'presentation scheduled', 'decisionmakerboughtin', 'decision maker bought in', 'contractsent',
    'contract sent', 'commit', 'best case', 'verbal',
  ].map((stage) => stage.replace(/[^a-z]+/g, ' ').trim()),
);

/**
 * Whether a deal is won, lost, still open, or has a stage csops cannot place. The won/closed flags
 * (Salesforce IsWon/IsClosed) decide when present; else the stage name: "Closed Won", "closedwon" and
 * "Won" are won, "Closed Lost…" and "Lost" lost, the usual open stages open. An unknown stage is
 * not won, so never a contract; the import names it.
 */
export function classifyDeal(stage: string | null, isWon: number | null, isClosed: number | null): DealOutcome {
  if (isWon === 1) return 'won';
  const words = stage === null ? '' : stage.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  const compact = words.replace(/ /g, '');
  const saysWon = /\bwon\b/.test(words) || compact.startsWith('closedwon');
  const saysLost = /\b(lost|dead|disqualified|abandoned|cancell?ed|rejected)\b/.test(words) || compact.startsWith('closedlost');
  if (isWon === 0) return isClosed === 1 || saysLost ? 'lost' : 'open';
  if (isClosed === 0) return 'open';
  if (saysWon && !saysLost) return 'won';
  if (saysLost) return 'lost';
  if (OPEN_STAGES.has(words)) return 'open';
  return 'unknown';
}

/** The last day of a term of `months` months starting on `start` (2026-01-15 + 12 → 2027-01-14). */
export function termEnd(start: string, months: number): string {
  const [year, month, day] = start.split('-').map(Number) as [number, number, number];
  const totalMonths = month - 1 + months;
  const endYear = year + Math.floor(totalMonths / 12);
  const endMonth = (totalMonths % 12) + 1;
  const lastDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate();
  const sameDay = new Date(Date.UTC(endYear, endMonth - 1, Math.min(day, lastDay)));
  sameDay.setUTCDate(sameDay.getUTCDate() - 1);
  return sameDay.toISOString().slice(0, 10);
}

/** The import's notes from what the rules counted (deal outcomes, guessed end dates). */
export function outcomeNotes(outcomes: ReadonlyMap<string, number>): Array<string | Phrase> {
  const get = (key: string) => outcomes.get(key) ?? 0;
  const unknown = [...outcomes].filter(([key]) => key.startsWith('deal:unknown:')).map(([key, n]) => [key.slice('deal:unknown:'.length), n] as const).sort((a, b) => b[1] - a[1]);
  const unknownCount = unknown.reduce((sum, [, n]) => sum + n, 0);
  const deals = get('deal:won') + get('deal:lost') + get('deal:open') + unknownCount;
  const notes: Array<string | Phrase> = [];
  if (deals > 0) {
    const named = unknown.slice(0, 8).map(([stage, n]) => importPhrase('import.note.stage_count', { stage: stage === '' ? importPhrase('import.note.empty_stage') : quotedValue(stage), count: formatNumber(n) }));
    const unplaced = unknownCount > 0 ? importPhrase('import.note.deals_unplaced', { count: formatNumber(unknownCount), named: listPhrase(named), more: unknown.length > 8 }) : '';
    notes.push(importPhrase('import.note.deals', { count: formatNumber(deals), n: deals, won: formatNumber(get('deal:won')), lost: formatNumber(get('deal:lost')), open: formatNumber(get('deal:open')), unplaced }));
  }
  const subscriptions = [...outcomes].filter(([key]) => key.startsWith('subscription:'));
  if (subscriptions.length > 0) {
    const total = subscriptions.reduce((sum, [, n]) => sum + n, 0);
    const skipped = subscriptions.filter(([key]) => !key.startsWith('subscription:unknown:') && key !== 'subscription:contract').sort((a, b) => b[1] - a[1]);
    const unknown = subscriptions.filter(([key]) => key.startsWith('subscription:unknown:'));
    const parts = [`${formatNumber(get('subscription:contract') + unknown.reduce((sum, [, n]) => sum + n, 0))} imported as contracts`];
    if (skipped.length > 0) parts.push(`${skipped.map(([key, n]) => `${formatNumber(n)} ${key.slice('subscription:'.length)}`).join(', ')} not imported (not contracts until they are paid for)`);
    if (unknown.length > 0) parts.push(`status not known for ${unknown.map(([key, n]) => `${quotedValue(key.slice('subscription:unknown:'.length))} ${formatNumber(n)}`).join(', ')} (imported without a status)`);
    notes.push(`${formatNumber(total)} subscription${total === 1 ? '' : 's'}: ${parts.join('; ')}`);
  }
  const notDone = get('touchpoint:not_done');
  if (notDone > 0) notes.push(`${formatNumber(notDone)} task${notDone === 1 ? '' : 's'} not done yet (a status such as Not Started, In Progress or Deferred) set aside: a touchpoint is one that happened`);
  const guessed = get('deal:end_guessed');
  if (guessed > 0) {
    notes.push(importPhrase('import.note.end_guessed', { count: formatNumber(guessed), n: guessed }));
  }
  return notes;
}

