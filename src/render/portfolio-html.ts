import { addUpArr, bookByOwner, isAtRisk, type OwnerBook } from '../core/book-of-business.js';
import { addToCurrency, currencyTotals, type Money } from '../core/money.js';
import { moneyParts, whole } from './figures.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { SAID, type Phrase } from '../core/health/types.js';
import { sayIn } from '../i18n/messages/reasons.js';
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
  /** top_reason as a phrase (a symbol key), for pages in another language. */
  [SAID]?: Phrase | null;
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
  /** The reasons as phrases (a symbol key), for pages in another language. */
  [SAID]?: { reasons: readonly Phrase[] };
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
const ENGLISH = messagesFor('en');
/** A band on the pages: at-risk, or in the page's language; "no score" for unknown. */
const bandWords = (band: string, messages: Messages = ENGLISH) =>
  band === 'unknown' ? messages.t('html.no_score') : messages.language === 'en' || !BANDS.includes(band as (typeof BANDS)[number]) ? band.replace('_', '-') : messages.t(`band.${band as Exclude<(typeof BANDS)[number], 'unknown'>}`);
const tierWords = (tier: string | null, messages: Messages) =>
  tier === null ? '' : messages.language === 'en' || !['high_touch', 'low_touch', 'tech_touch'].includes(tier) ? tier.replace('_', '-') : messages.t(`tier.${tier as 'high_touch' | 'low_touch' | 'tech_touch'}`);
const money = (parts: readonly Money[]) => moneyParts(parts);
/** The one amount of a total in the reporting currency (what charts draw); null when it is split by currency. */
const single = (parts: readonly Money[], currency: string) => (parts.length === 0 ? 0 : parts.length === 1 && parts[0]!.currency === currency ? parts[0]!.amount : null);
const arrCell = (row: { arr: number | null; arr_by_currency: Money[] }) => (row.arr === null ? moneyParts(row.arr_by_currency) : whole.format(row.arr));

function sumMoney(parts: ReadonlyArray<readonly Money[]>): Money[] {
  const totals: Money[] = [];
  for (const list of parts) for (const part of list) addToCurrency(totals, part.currency, part.amount);
  return currencyTotals(totals);
}

function ownerTable(books: readonly OwnerBook[], key: string, messages: Messages): string {
  const t = messages.t;
  return htmlTable(
    [t('html.owner'), t('html.accounts'), t('html.arr'), t('html.at_risk_accounts'), t('html.at_risk_arr')],
    books.map((book, index): Cell[] => [
      book.owner ?? t('html.no_owner'),
      { text: whole.format(book.accounts), figure: `${key}.${index}.accounts` },
      { text: money(book.arr), figure: `${key}.${index}.arr` },
      { text: whole.format(book.at_risk_accounts), figure: `${key}.${index}.at_risk_accounts` },
      { text: money(book.at_risk_arr), figure: `${key}.${index}.at_risk_arr` },
    ]),
    [false, true, true, true, true],
  );
}

/** csops renewals --format html: ARR up for renewal per window, the forecast, lapsed ARR, the renewals at risk and each owner's share. */
export function renewalsHtml(result: RenewalsPage, messages: Messages = ENGLISH, notes: readonly string[] = result.notes): string {
  const t = messages.t;
  const title = t('renewals_html.title', { asOf: result.as_of });
  const upcoming = result.windows.filter((window) => window.window !== 'lapsed');
  const lapsed = result.windows.find((window) => window.window === 'lapsed');
  const windowWords = (window: string) => (window === 'lapsed' && messages.language !== 'en' ? t('window.lapsed') : window);
  const parts: string[] = [heading(1, title)];
  const weights = Object.entries(result.forecast_weights)
    .map(([band, weight]) => t('html.weight', { band: messages.language !== 'en' && (band === 'renewed' || band === 'churned') ? t(`state.${band}`) : bandWords(band, messages), weight }))
    .join(t('html.list_sep'));
  parts.push(paragraph(t('renewals_html.meta', { within: result.within, currency: result.currency, weights }), 'meta'));
  for (const note of notes) parts.push(paragraph(note, 'note'));

  const lines: FigureLine[] = [
    { key: 'arr_up_for_renewal', label: t('renewals_html.arr_up_next', { within: result.within }), value: money(sumMoney(upcoming.map((window) => window.arr))) },
    { key: 'forecast', label: t('renewals_html.forecast_of_it'), value: money(sumMoney(upcoming.map((window) => window.forecast))) },
    { key: 'lapsed_arr', label: t('renewals_html.lapsed_arr', { count: lapsed?.accounts ?? 0 }), value: money(lapsed?.arr ?? []) },
    { key: 'renewals', label: t('renewals_html.listed'), value: whole.format(result.renewals.length) },
  ];
  parts.push(figureTable(lines));

  const charted = result.windows.map((window) => ({ window, arr: single(window.arr, result.currency), forecast: single(window.forecast, result.currency) }));
  if (charted.every((entry) => entry.arr !== null && entry.forecast !== null)) {
    parts.push(`<div class="chart keep">${heading(3, t('renewals_html.chart_title', { currency: result.currency }))}${barChart({
      categories: charted.map((entry) => windowWords(entry.window.window)),
      series: [
        { label: t('html.arr_up'), color: COLORS.primary, values: charted.map((entry) => entry.arr) },
        { label: t('html.forecast'), color: COLORS.secondary, values: charted.map((entry) => entry.forecast) },
      ],
      counts: false,
      format: shortAmount,
      label: t('renewals_html.chart_label'),
      noData: t('html.no_data'),
      box: { width: 520, height: 190, pad: { left: 44, right: 8, top: 10, bottom: 30 } },
    })}</div>\n`);
  }
  parts.push(heading(2, t('renewals_html.by_window')));
  parts.push(
    htmlTable(
      [t('html.window_days_left'), t('html.accounts'), t('html.contracts'), t('html.arr_up'), t('html.forecast')],
      result.windows.map((window): Cell[] => [
        windowWords(window.window),
        { text: whole.format(window.accounts), figure: `windows.${window.window}.accounts` },
        { text: whole.format(window.contracts), figure: `windows.${window.window}.contracts` },
        { text: money(window.arr), figure: `windows.${window.window}.arr` },
        { text: money(window.forecast), figure: `windows.${window.window}.forecast` },
      ]),
      [false, true, true, true, true],
    ),
  );

  const atRisk = result.renewals.filter((row) => isAtRisk(row.band) || row.state === 'lapsed');
  parts.push(heading(2, t('renewals_html.at_risk', { count: atRisk.length })));
  parts.push(renewalRows(atRisk, messages));

  parts.push(heading(2, t('renewals_html.by_owner')));
  const books = bookByOwner(result.renewals, result.currency);
  parts.push(
    htmlTable(
      [t('html.owner'), t('html.renewals'), t('html.arr_up'), t('html.at_risk_renewals'), t('html.at_risk_arr')],
      books.map((book, index): Cell[] => [
        book.owner ?? t('html.no_owner'),
        { text: whole.format(book.accounts), figure: `owners.${index}.renewals` },
        { text: money(book.arr), figure: `owners.${index}.arr` },
        { text: whole.format(book.at_risk_accounts), figure: `owners.${index}.at_risk_renewals` },
        { text: money(book.at_risk_arr), figure: `owners.${index}.at_risk_arr` },
      ]),
      [false, true, true, true, true],
    ),
  );

  parts.push(heading(2, t('renewals_html.every')));
  parts.push(renewalRows(result.renewals, messages));
  parts.push(heading(2, t('html.definitions')));
  parts.push(
    definitionList([
      [t('html.arr_up'), t('renewals_html.def_arr_up')],
      [t('html.forecast'), t('renewals_html.def_forecast', { weights })],
      [t('renewals_html.term_lapsed'), t('renewals_html.def_lapsed')],
      [t('renewals_html.term_at_risk'), t('renewals_html.def_at_risk')],
    ]),
  );
  return htmlDocument({ title, body: parts.join(''), lang: messages.language });
}

function renewalRows(rows: readonly RenewalsPageRow[], messages: Messages): string {
  const t = messages.t;
  const english = messages.language === 'en';
  const reason = (row: RenewalsPageRow) => (english || !row[SAID] ? (row.top_reason ?? '') : sayIn(messages, row[SAID]));
  return htmlTable(
    [t('renewals_html.window'), t('risk_html.account'), t('renewals_html.state'), t('renewals_html.ends'), t('renewals_html.days'), t('html.arr'), t('risk_html.health'), t('renewals_html.top_reason'), t('risk_html.tier'), t('html.owner')],
    rows.map((row) => [
      english || row.window !== 'lapsed' ? row.window : t('window.lapsed'),
      `${row.account_id} ${row.name}`,
      english || !['open', 'renewed', 'churned', 'lapsed'].includes(row.state) ? row.state : t(`state.${row.state as 'open' | 'renewed' | 'churned' | 'lapsed'}`),
      row.end_date,
      String(row.days_left),
      arrCell(row),
      `${bandWords(row.band, messages)}${row.score === null ? '' : ` ${row.score}`}`,
      reason(row),
      tierWords(row.tier, messages),
      row.owner ?? '',
    ]),
    [false, false, false, false, true, true, false, false, false, false],
  );
}

/** csops risk --format html: accounts and ARR by health band, the accounts at risk with their reasons, each owner's book of business. */
export function riskHtml(result: RiskPage, shown: { limit: number | undefined; filtered: boolean }, messages: Messages = ENGLISH): string {
  const t = messages.t;
  const title = t('risk_html.title', { asOf: result.as_of });
  const parts: string[] = [heading(1, title)];
  parts.push(paragraph(t('risk_html.meta', { scored: whole.format(result.scored), zone: result.time_zone, filtered: shown.filtered ? whole.format(result.accounts.length) : null, currency: result.currency }), 'meta'));
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
      { key: 'accounts', label: t('html.accounts'), value: whole.format(result.accounts.length) },
      { key: 'arr', label: t('risk_html.their_arr'), value: money(total) },
      { key: 'at_risk_accounts', label: t('risk_html.at_risk_accounts'), value: whole.format(atRisk.length) },
      { key: 'at_risk_arr', label: t('risk_html.at_risk_arr'), value: money(atRiskArr) },
    ]),
  );
  const shownBands = byBand.filter((entry) => entry.accounts > 0);
  const box = { width: 340, height: 180, pad: { left: 44, right: 8, top: 10, bottom: 28 } };
  const charts = [
    `<div class="chart keep">${heading(3, t('risk_html.chart_accounts'))}${barChart({ categories: shownBands.map((entry) => bandWords(entry.band, messages)), series: [{ label: t('html.accounts'), color: COLORS.primary, values: shownBands.map((entry) => entry.accounts) }], counts: true, label: t('risk_html.chart_accounts_label'), noData: t('html.no_data'), box })}</div>`,
  ];
  if (shownBands.every((entry) => single(entry.arr, result.currency) !== null)) {
    charts.push(`<div class="chart keep">${heading(3, t('risk_html.chart_arr', { currency: result.currency }))}${barChart({ categories: shownBands.map((entry) => bandWords(entry.band, messages)), series: [{ label: t('html.arr'), color: COLORS.secondary, values: shownBands.map((entry) => single(entry.arr, result.currency)) }], counts: false, format: shortAmount, label: t('risk_html.chart_arr_label'), noData: t('html.no_data'), box })}</div>`);
  }
  parts.push(`<div class="charts">\n${charts.join('\n')}\n</div>\n`);
  parts.push(
    htmlTable(
      [t('risk_html.band'), t('html.accounts'), t('html.arr')],
      byBand.map((entry): Cell[] => [{ text: bandWords(entry.band, messages), figure: `bands.${entry.band}.name` }, { text: whole.format(entry.accounts), figure: `bands.${entry.band}.accounts` }, { text: money(entry.arr), figure: `bands.${entry.band}.arr` }]),
      [false, true, true],
    ),
  );

  const listed = shown.limit === undefined ? atRisk : atRisk.slice(0, shown.limit);
  parts.push(heading(2, t('risk_html.at_risk_heading', { count: atRisk.length })));
  const english = messages.language === 'en';
  const reasons = (row: RiskPageRow) => (english || !row[SAID] ? row.reasons.slice(0, 3).join('; ') : row[SAID].reasons.slice(0, 3).map((reason) => sayIn(messages, reason)).join(t('list.sep')));
  parts.push(
    htmlTable(
      [t('risk_html.account'), t('risk_html.health'), t('risk_html.why'), t('html.arr'), t('risk_html.renews'), t('risk_html.tier'), t('html.owner')],
      listed.map((row) => [`${row.account_id} ${row.name}`, `${bandWords(row.band, messages)}${row.score === null ? '' : ` ${row.score}`}`, reasons(row), arrCell(row), row.renewal_date ? `${row.renewal_date}${row.lapsed ? t('word.lapsed_suffix') : ''}` : '', tierWords(row.tier, messages), row.owner ?? '']),
      [false, false, false, true, false, false, false],
    ),
  );
  if (listed.length < atRisk.length) parts.push(paragraph(t('risk_html.more', { count: whole.format(atRisk.length - listed.length), limit: shown.limit })));

  parts.push(heading(2, t('risk_html.book')));
  parts.push(ownerTable(bookByOwner(result.accounts, result.currency), 'owners', messages));
  parts.push(heading(2, t('html.definitions')));
  parts.push(
    definitionList([
      [t('risk_html.term_health'), t('risk_html.def_health')],
      [t('risk_html.term_bands'), t('risk_html.def_bands')],
      [t('risk_html.term_at_risk_arr'), t('risk_html.def_at_risk_arr')],
    ]),
  );
  return htmlDocument({ title, body: parts.join(''), lang: messages.language });
}
