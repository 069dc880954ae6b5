import { addUpArr, bookByOwner, isAtRisk, type OwnerBook } from '../core/book-of-business.js';
import type { Money } from '../core/money.js';
import { moneyParts, whole } from './figures.js';
import type { Messages } from '../i18n/messages.js';
import { barChart, COLORS, definitionList, figureTable, heading, htmlDocument, htmlTable, paragraph, shortAmount, type Cell, type FigureLine } from './html.js';

/**
 * The VP's pages: the renewal forecast (csops renewals --format html) and the book of business by
 * health (csops risk --format html), each one self-contained HTML file like the ticket report. They
 * take the commands' results as they are (the same figures as --format json), described here by the
 * fields they read.
 */

export interface RenewalsPageRow {
  window: string;
  account_id: string;
  name: string;
  owner: string | null;
  tier: string | null;
  end_date: string;
  days_left: number;
  arr: number | null;
  arr_by_currency: Money[];
  state: string;
  score: number | null;
  band: string;
  top_reason: string | null;
}

export interface RenewalsPage {
  as_of: string;
  within: number;
  currency: string;
  renewals: RenewalsPageRow[];
  windows: Array<{ window: string; contracts: number; accounts: number; arr: Money[]; forecast: Money[] }>;
  forecast_weights: Record<string, number>;
  notes: string[];
}

export interface RiskPageRow {
  account_id: string;
  name: string;
  owner: string | null;
  tier: string;
  score: number | null;
  band: string;
  reasons: string[];
  arr: number | null;
  arr_by_currency: Money[];
  renewal_date: string | null;
  lapsed: boolean;
}

export interface RiskPage {
  as_of: string;
  time_zone: string;
  currency: string;
  accounts: RiskPageRow[];
  scored: number;
  counts: Record<string, number>;
  notes: string[];
}

const BANDS = ['healthy', 'watch', 'at_risk', 'critical', 'unknown'] as const;
const BAND_COLORS: Record<string, string> = { healthy: '#2e7d32', watch: COLORS.accent, at_risk: '#e65100', critical: COLORS.alarm, unknown: '#9aa5b1' };
const bandWords = (band: string) => (band === 'unknown' ? 'no score' : band.replace('_', '-'));
const money = (parts: readonly Money[]) => moneyParts(parts);
/** The one amount of a total in the reporting currency (what charts draw); null when it is split by currency. */
const single = (parts: readonly Money[], currency: string) => (parts.length === 0 ? 0 : parts.length === 1 && parts[0]!.currency === currency ? parts[0]!.amount : null);
const arrCell = (row: { arr: number | null; arr_by_currency: Money[] }) => (row.arr === null ? moneyParts(row.arr_by_currency) : whole.format(row.arr));

function sumMoney(parts: ReadonlyArray<readonly Money[]>): Money[] {
  const byCurrency = new Map<string, number>();
  for (const list of parts) for (const part of list) byCurrency.set(part.currency, (byCurrency.get(part.currency) ?? 0) + part.amount);
  return [...byCurrency].map(([currency, amount]) => ({ currency, amount: Math.round(amount * 10_000) / 10_000 })).sort((a, b) => a.currency.localeCompare(b.currency));
}

function ownerTable(books: readonly OwnerBook[], key: string): string {
  return htmlTable(
    ['owner', 'accounts', 'ARR', 'at-risk accounts', 'at-risk ARR'],
    books.map((book, index): Cell[] => [
      book.owner ?? '(no owner)',
      { text: whole.format(book.accounts), figure: `${key}.${index}.accounts` },
      { text: money(book.arr), figure: `${key}.${index}.arr` },
      { text: whole.format(book.at_risk_accounts), figure: `${key}.${index}.at_risk_accounts` },
      { text: money(book.at_risk_arr), figure: `${key}.${index}.at_risk_arr` },
    ]),
    [false, true, true, true, true],
  );
}

/** csops renewals --format html: ARR up for renewal per window, the forecast, lapsed ARR, the renewals at risk and each owner's share. */
export function renewalsHtml(result: RenewalsPage): string {
  const title = `Renewals and forecast, as of ${result.as_of}`;
  const upcoming = result.windows.filter((window) => window.window !== 'lapsed');
  const lapsed = result.windows.find((window) => window.window === 'lapsed');
  const parts: string[] = [heading(1, title)];
  const weights = Object.entries(result.forecast_weights).map(([band, weight]) => `${bandWords(band)} ${weight}`).join(', ');
  parts.push(paragraph(`Contracts ending in the next ${result.within} days, and lapsed ones (ended, renewal not recorded yet). Amounts in ${result.currency}. The forecast weights each renewal's ARR by its account's health: ${weights}.`, 'meta'));
  for (const note of result.notes) parts.push(paragraph(note, 'note'));

  const lines: FigureLine[] = [
    { key: 'arr_up_for_renewal', label: `ARR up for renewal in the next ${result.within} days`, value: money(sumMoney(upcoming.map((window) => window.arr))) },
    { key: 'forecast', label: 'health-weighted forecast of it', value: money(sumMoney(upcoming.map((window) => window.forecast))) },
    { key: 'lapsed_arr', label: `lapsed ARR (${lapsed?.accounts ?? 0} accounts)`, value: money(lapsed?.arr ?? []) },
    { key: 'renewals', label: 'renewals listed', value: whole.format(result.renewals.length) },
  ];
  parts.push(figureTable(lines));

  const charted = result.windows.map((window) => ({ window, arr: single(window.arr, result.currency), forecast: single(window.forecast, result.currency) }));
  if (charted.every((entry) => entry.arr !== null && entry.forecast !== null)) {
    parts.push(`<div class="chart keep">${heading(3, `ARR up for renewal and forecast by window (${result.currency})`)}${barChart({
      categories: charted.map((entry) => entry.window.window),
      series: [
        { label: 'ARR up for renewal', color: COLORS.primary, values: charted.map((entry) => entry.arr) },
        { label: 'forecast', color: COLORS.secondary, values: charted.map((entry) => entry.forecast) },
      ],
      counts: false,
      format: shortAmount,
      label: 'ARR up for renewal and its health-weighted forecast per renewal window',
      box: { width: 520, height: 190, pad: { left: 44, right: 8, top: 10, bottom: 30 } },
    })}</div>\n`);
  }
  parts.push(heading(2, 'By window'));
  parts.push(
    htmlTable(
      ['window (days left)', 'accounts', 'contracts', 'ARR up for renewal', 'forecast'],
      result.windows.map((window): Cell[] => [
        window.window,
        { text: whole.format(window.accounts), figure: `windows.${window.window}.accounts` },
        { text: whole.format(window.contracts), figure: `windows.${window.window}.contracts` },
        { text: money(window.arr), figure: `windows.${window.window}.arr` },
        { text: money(window.forecast), figure: `windows.${window.window}.forecast` },
      ]),
      [false, true, true, true, true],
    ),
  );

  const atRisk = result.renewals.filter((row) => isAtRisk(row.band) || row.state === 'lapsed');
  parts.push(heading(2, `Renewals at risk or lapsed (${atRisk.length})`));
  parts.push(renewalRows(atRisk));

  parts.push(heading(2, 'By owner'));
  const books = bookByOwner(result.renewals, result.currency);
  parts.push(
    htmlTable(
      ['owner', 'renewals', 'ARR up for renewal', 'at-risk renewals', 'at-risk ARR'],
      books.map((book, index): Cell[] => [
        book.owner ?? '(no owner)',
        { text: whole.format(book.accounts), figure: `owners.${index}.renewals` },
        { text: money(book.arr), figure: `owners.${index}.arr` },
        { text: whole.format(book.at_risk_accounts), figure: `owners.${index}.at_risk_renewals` },
        { text: money(book.at_risk_arr), figure: `owners.${index}.at_risk_arr` },
      ]),
      [false, true, true, true, true],
    ),
  );

  parts.push(heading(2, 'Every renewal, by window, worst health and largest ARR first'));
  parts.push(renewalRows(result.renewals));
  parts.push(heading(2, 'Definitions'));
  parts.push(
    definitionList([
      ['ARR up for renewal', 'the ARR of the contracts ending in the window (a main contract and its co-termed add-ons are one renewal)'],
      ['forecast', `each renewal's ARR × the weight of its account's health band (${weights}); renewed contracts count 1, churned 0`],
      ['lapsed', 'the contract ended within the grace period and no renewal is recorded: work these today'],
      ['at risk', 'an account whose health is at-risk or critical'],
    ]),
  );
  return htmlDocument({ title, body: parts.join('') });
}

function renewalRows(rows: readonly RenewalsPageRow[]): string {
  return htmlTable(
    ['window', 'account', 'state', 'ends', 'days', 'ARR', 'health', 'top reason', 'tier', 'owner'],
    rows.map((row) => [row.window, `${row.account_id} ${row.name}`, row.state, row.end_date, String(row.days_left), arrCell(row), `${bandWords(row.band)}${row.score === null ? '' : ` ${row.score}`}`, row.top_reason ?? '', row.tier?.replace('_', '-') ?? '', row.owner ?? '']),
    [false, false, false, false, true, true, false, false, false, false],
  );
}

/** csops risk --format html: accounts and ARR by health band, the accounts at risk with their reasons, each owner's book of business. */
export function riskHtml(result: RiskPage, shown: { limit: number | undefined; filtered: boolean }, messages?: Messages): string {
  const title = `Customer health, as of ${result.as_of}`;
  const parts: string[] = [heading(1, title)];
  parts.push(paragraph(`${whole.format(result.scored)} customers scored on the as-of day (${result.time_zone}); ${shown.filtered ? `${whole.format(result.accounts.length)} match the filters, and every figure below is of those` : 'every figure below is of all of them'}. Amounts in ${result.currency}.`, 'meta'));
  for (const note of result.notes) parts.push(paragraph(note, 'note'));

  const byBand = BANDS.map((band) => {
    const members = result.accounts.filter((row) => row.band === band);
    return { band, accounts: members.length, arr: members.length === 0 ? [] : addUpArr(members, result.currency) };
  });
  const atRisk = result.accounts.filter((row) => isAtRisk(row.band));
  const total = sumMoney(byBand.map((entry) => entry.arr));
  const atRiskArr = sumMoney(byBand.filter((entry) => isAtRisk(entry.band)).map((entry) => entry.arr));
  parts.push(
    figureTable([
      { key: 'accounts', label: 'accounts', value: whole.format(result.accounts.length) },
      { key: 'arr', label: 'their ARR', value: money(total) },
      { key: 'at_risk_accounts', label: 'accounts at risk or critical', value: whole.format(atRisk.length) },
      { key: 'at_risk_arr', label: 'ARR at risk or critical', value: money(atRiskArr) },
    ]),
  );
  const shownBands = byBand.filter((entry) => entry.accounts > 0);
  const box = { width: 340, height: 180, pad: { left: 44, right: 8, top: 10, bottom: 28 } };
  const charts = [
    `<div class="chart keep">${heading(3, 'Accounts by health band')}${barChart({ categories: shownBands.map((entry) => bandWords(entry.band)), series: [{ label: 'accounts', color: COLORS.primary, values: shownBands.map((entry) => entry.accounts) }], counts: true, label: 'accounts per health band', box })}</div>`,
  ];
  if (shownBands.every((entry) => single(entry.arr, result.currency) !== null)) {
    charts.push(`<div class="chart keep">${heading(3, `ARR by health band (${result.currency})`)}${barChart({ categories: shownBands.map((entry) => bandWords(entry.band)), series: [{ label: 'ARR', color: COLORS.secondary, values: shownBands.map((entry) => single(entry.arr, result.currency)) }], counts: false, format: shortAmount, label: 'ARR per health band', box })}</div>`);
  }
  parts.push(`<div class="charts">\n${charts.join('\n')}\n</div>\n`);
  parts.push(
    htmlTable(
      ['band', 'accounts', 'ARR'],
      byBand.map((entry): Cell[] => [{ text: bandWords(entry.band), figure: `bands.${entry.band}.name` }, { text: whole.format(entry.accounts), figure: `bands.${entry.band}.accounts` }, { text: money(entry.arr), figure: `bands.${entry.band}.arr` }]),
      [false, true, true],
    ),
  );

  const listed = shown.limit === undefined ? atRisk : atRisk.slice(0, shown.limit);
  parts.push(heading(2, `Accounts at risk, worst first (${atRisk.length})`));
  parts.push(
    htmlTable(
      ['account', 'health', 'why (top reasons)', 'ARR', 'renews', 'tier', 'owner'],
      listed.map((row) => [`${row.account_id} ${row.name}`, `${bandWords(row.band)}${row.score === null ? '' : ` ${row.score}`}`, row.reasons.slice(0, 3).join('; '), arrCell(row), row.renewal_date ? `${row.renewal_date}${row.lapsed ? ' (lapsed)' : ''}` : '', row.tier.replace('_', '-'), row.owner ?? '']),
      [false, false, false, true, false, false, false],
    ),
  );
  if (listed.length < atRisk.length) parts.push(paragraph(`… and ${whole.format(atRisk.length - listed.length)} more (--limit ${shown.limit}); the JSON form lists every one.`));

  parts.push(heading(2, 'Book of business by owner'));
  parts.push(ownerTable(bookByOwner(result.accounts, result.currency), 'owners'));
  parts.push(heading(2, 'Definitions'));
  parts.push(
    definitionList([
      ['health', 'a score of 0–100 from usage recency, login trend, licence use, key modules, support, sentiment and renewal proximity (csops risk --explain shows every point)'],
      ['bands', 'healthy, watch, at-risk and critical, by the score (config health.thresholds); no login for three weeks makes an account at least at-risk'],
      ['at-risk ARR', 'the ARR of the accounts whose health is at-risk or critical'],
    ]),
  );
  return htmlDocument({ title, body: parts.join('') });
}
