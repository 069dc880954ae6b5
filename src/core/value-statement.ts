import type { ValueConfig } from '../config/value.js';
import { addDays, firstOfMonthAfter } from './dates.js';
import { formatNumber, inReportingCurrency, roundMoney, type Money } from './money.js';
import { isRevenue, type ContractFacts } from './renewal-state.js';
import { measureTicket, type SlaPolicy } from './sla-clock.js';
import { standingOn } from './standing.js';
import { quantile, withinTarget, type ReportTicket } from './ticket-report.js';
import { SAID } from './health/phrases.js';
import { Notes, type NoteParams, type Said } from '../i18n/notes.js';
import type { MessageKey } from '../i18n/messages.js';
import type { DriverSums } from '../i18n/messages/value.js';

/**
 * The customer-facing value statement (DOMAIN §3: before asking for the renewal, show the customer in
 * numbers what the product did for them). Pure: the account's usage rows, tickets and contracts in,
 * figures out, each with a sentence saying how it was computed. Written for the customer: nothing here
 * knows of health scores, bands, risk reasons, owners or other accounts.
 */

/** What `--period` asked for, before it is placed on the calendar. */
export type ValuePeriodSpec = { kind: 'contract' } | { kind: '12m' } | { kind: 'year'; year: number } | { kind: 'quarter'; year: number; quarter: number };

export interface ValuePeriod {
  kind: ValuePeriodSpec['kind'];
  label: string;
  from: string;
  to: string;
}

/** A ticket as the value statement measures it: the report's ticket, without what only the report reads. */
export type ValueTicket = Pick<ReportTicket, 'ticket_id' | 'createdMs' | 'firstResponseMs' | 'resolvedMs' | 'closedWithoutTime' | 'priority' | 'type' | 'csat' | 'firstResponseMinutes' | 'resolutionMinutes'>;

export interface ValueMonth {
  month: string;
  from: string;
  to: string;
  /** The whole calendar month lies in the period (and before the as-of day). */
  complete: boolean;
  days_with_data: number;
  logins: number | null;
  peak_active_users: number | null;
  /** Key module → uses in the month; null when the metric is not in the month's data. */
  modules: Record<string, number | null>;
}

export interface ValueModule {
  metric: string;
  label: string;
  uses: number | null;
  /** used; not_yet_used: tracked, never above 0 (an invitation); not_tracked: the usage data has no such metric. */
  status: 'used' | 'not_yet_used' | 'not_tracked';
}

export interface ValueDriverResult {
  metric: string;
  label: string;
  /** Units in the period; null when the usage data has no such metric. */
  units: number | null;
  minutes_per_unit: number | null;
  amount_per_unit: number | null;
  hourly_cost: number | null;
  hours_saved: number | null;
  value: number | null;
}

export interface ValueStatement {
  account: { account_id: string; name: string };
  vendor: string | null;
  period: ValuePeriod & { through: string; complete: boolean };
  as_of: string;
  time_zone: string;
  currency: string;
  adoption: {
    /** Days of the period with a usage row; 0: no usage data, and every adoption figure is null. */
    usage_days: number;
    seats: number | null;
    seats_on: string | null;
    peak_active_users: number | null;
    peak_day: string | null;
    average_active_users: number | null;
    peak_utilisation: number | null;
    average_utilisation: number | null;
    logins: number | null;
    months: ValueMonth[];
    /** Later half of the complete months against the earlier half, as a fraction (+0.12 = up 12%). */
    trend: { months_compared: number; logins: number | null; modules: Record<string, number | null> };
    modules: ValueModule[];
  };
  /** null: no ticket data has been imported at all (unknown, not "no tickets"). */
  support: {
    tickets_raised: number;
    tickets_resolved: number;
    still_open: number;
    median_first_response_hours: number | null;
    median_resolution_hours: number | null;
    first_response_within_sla: number | null;
    resolution_within_sla: number | null;
    clock: 'business' | 'calendar';
    rated: number;
    satisfaction: number | null;
  } | null;
  outcomes: {
    drivers: ValueDriverResult[];
    hours_saved: number | null;
    value_delivered: number | null;
    /** Contract ARR pro rata over the days of the period a contract was in force. */
    paid: number | null;
    paid_by_currency: Money[];
    days_covered: number;
    multiple: number | null;
  };
  /** How each figure was computed, keyed by the figure, in reading order. */
  footnotes: Record<string, string>;
  /** What the statement could not show, in the customer's words. */
  missing: string[];
  /** The footnotes and missing figures as keys and values (the customer's other languages; issue 24). */
  [SAID]?: { footnotes: Record<string, Said>; missing: Said[] };
}

/**
 * The statement's sentences as they are written: English (the JSON's) and, beside it, the key and
 * values each language words it from.
 */
class Sentences {
  readonly footnotes: Record<string, string> = {};
  readonly footnotesSaid: Record<string, Said> = {};
  readonly missing = new Notes();

  foot<K extends MessageKey>(figure: string, key: K, ...params: NoteParams<K>): void {
    const note = new Notes();
    note.add(key, ...params);
    this.footnotes[figure] = note.english[0]!;
    this.footnotesSaid[figure] = note.said[0]!;
  }

  miss<K extends MessageKey>(key: K, ...params: NoteParams<K>): void {
    this.missing.add(key, ...params);
  }
}

export interface ValueInputs {
  account: { account_id: string; name: string };
  vendor: string | null;
  period: ValuePeriod;
  asOf: string;
  timeZone: string;
  currency: string;
  exchangeRates: Readonly<Record<string, number>>;
  contracts: readonly ContractFacts[];
  graceDays: number;
  /** The account's usage rows from the period's first day to its last known day. */
  usage: ReadonlyArray<{ day: string; metrics: Record<string, number> }>;
  /** The account's tickets created in the period up to the as-of day; null when no ticket data exists at all. */
  tickets: readonly ValueTicket[] | null;
  /** The first instant after the period's last known day (tickets are measured as of it). */
  untilMs: number;
  policy: SlaPolicy;
  loginMetric: string;
  activeUsersMetric: string;
  keyModules: readonly string[];
  value: ValueConfig;
}

/** "contract", "12m", "2025", "2026-Q3" → the period asked for; undefined when the text is none of them. */
export function parseValuePeriod(text: string): ValuePeriodSpec | undefined {
  const value = text.trim().toLowerCase();
  if (value === 'contract') return { kind: 'contract' };
  if (value === '12m') return { kind: '12m' };
  const year = /^(\d{4})$/.exec(value);
  if (year) return { kind: 'year', year: Number(year[1]) };
  const quarter = /^(\d{4})-?q([1-4])$/.exec(value);
  if (quarter) return { kind: 'quarter', year: Number(quarter[1]), quarter: Number(quarter[2]) };
  return undefined;
}

/**
 * The period on the calendar. `contract`: the contract year running on the as-of day (a multi-year
 * contract is taken a year at a time, from its start), or, with no contract in force, the last year of
 * the latest one; undefined when the account never had a paying contract.
 */
export function resolveValuePeriod(spec: ValuePeriodSpec, asOf: string, contracts: readonly ContractFacts[], graceDays: number): ValuePeriod | undefined {
  switch (spec.kind) {
    case '12m':
      return { kind: '12m', label: `the 12 months to ${asOf}`, from: addDays(addYears(asOf, -1), 1), to: asOf };
    case 'year':
      return { kind: 'year', label: String(spec.year), from: `${spec.year}-01-01`, to: `${spec.year}-12-31` };
    case 'quarter': {
      const from = `${spec.year}-${String((spec.quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
      return { kind: 'quarter', label: `${spec.year}-Q${spec.quarter}`, from, to: addDays(firstOfMonthAfter(from, 3), -1) };
    }
    case 'contract': {
      const standing = standingOn(contracts, asOf, graceDays);
      const known = contracts.filter((contract) => contract.start_date <= asOf && isRevenue(contract));
      const candidates = standing.contracts.length > 0 ? standing.contracts : known;
      if (candidates.length === 0) return undefined;
      // The main contract: the largest in force; without one, the one that ended last.
      const main = [...candidates].sort((a, b) => (standing.contracts.length > 0 ? b.arr - a.arr : (b.end_date ?? '9999').localeCompare(a.end_date ?? '9999')) || b.start_date.localeCompare(a.start_date))[0]!;
      const anchor = main.end_date !== null && main.end_date < asOf ? main.end_date : asOf;
      let years = Number(anchor.slice(0, 4)) - Number(main.start_date.slice(0, 4));
      while (years > 0 && addYears(main.start_date, years) > anchor) years--;
      const from = addYears(main.start_date, years);
      const yearEnd = addDays(addYears(main.start_date, years + 1), -1);
      const to = main.end_date !== null && main.end_date < yearEnd ? main.end_date : yearEnd;
      return { kind: 'contract', label: `contract year ${from} – ${to}`, from, to };
    }
  }
}

/** The same day `years` later (29 February becomes 28 February in a common year). */
export function addYears(ymd: string, years: number): string {
  const year = Number(ymd.slice(0, 4)) + years;
  const monthDay = ymd.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`;
}

/** Words for a metric name: reports_created → "reports created". */
export function metricLabel(metric: string): string {
  return metric.replace(/[_-]+/g, ' ').trim();
}

export function buildValueStatement(inputs: ValueInputs): ValueStatement {
  const { period, asOf } = inputs;
  const through = period.to < asOf ? period.to : asOf;
  const usage = inputs.usage.filter((row) => row.day >= period.from && row.day <= through);
  const sentences = new Sentences();
  const span = { from: period.from, through };

  const adoption = adoptionOf(inputs, usage, sentences, span);
  const support = supportOf(inputs, sentences, span);
  const outcomes = outcomesOf(inputs, usage, sentences, span);

  return {
    account: inputs.account,
    vendor: inputs.vendor,
    period: { ...period, through, complete: period.to <= asOf },
    as_of: asOf,
    time_zone: inputs.timeZone,
    currency: inputs.currency,
    adoption,
    support,
    outcomes,
    footnotes: sentences.footnotes,
    missing: sentences.missing.english,
    [SAID]: { footnotes: sentences.footnotesSaid, missing: sentences.missing.said },
  };
}

function sumOf(rows: ReadonlyArray<{ metrics: Record<string, number> }>, metric: string): number | null {
  let total: number | null = null;
  for (const row of rows) {
    const value = row.metrics[metric];
    if (typeof value === 'number') total = (total ?? 0) + value;
  }
  return total;
}

function maxOf(rows: ReadonlyArray<{ metrics: Record<string, number> }>, metric: string): number | null {
  let peak: number | null = null;
  for (const row of rows) {
    const value = row.metrics[metric];
    if (typeof value === 'number' && (peak === null || value > peak)) peak = value;
  }
  return peak;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The period's first and last known day, as the sentences name it. */
type Span = { from: string; through: string };

function adoptionOf(inputs: ValueInputs, usage: ValueInputs['usage'], sentences: Sentences, span: Span): ValueStatement['adoption'] {
  const { through } = span;
  const { period, activeUsersMetric, loginMetric, keyModules } = inputs;
  // Seats: of the contracts in force on the last day of the period that had one.
  let seats: number | null = null;
  let seatsOn: string | null = null;
  for (let day = through; day >= period.from; day = addDays(day, -1)) {
    const standing = standingOn(inputs.contracts, day, inputs.graceDays);
    if (standing.state === 'active') {
      seats = standing.seats;
      seatsOn = day;
      break;
    }
  }
  if (seats !== null) sentences.foot('seats', 'value.foot.seats', { on: seatsOn! });
  else sentences.miss('value.missing.seats');

  const months = monthsOf(period.from, through).map(({ month, from, to, complete }): ValueMonth => {
    const rows = usage.filter((row) => row.day >= from && row.day <= to);
    return {
      month, from, to, complete,
      days_with_data: rows.length,
      logins: rows.length === 0 ? null : sumOf(rows, loginMetric),
      peak_active_users: rows.length === 0 ? null : maxOf(rows, activeUsersMetric),
      modules: Object.fromEntries(keyModules.map((metric) => [metric, rows.length === 0 ? null : sumOf(rows, metric)])),
    };
  });

  const empty = {
    usage_days: 0, seats, seats_on: seatsOn, peak_active_users: null, peak_day: null, average_active_users: null, peak_utilisation: null, average_utilisation: null, logins: null,
    months, trend: { months_compared: 0, logins: null, modules: Object.fromEntries(keyModules.map((metric) => [metric, null])) },
    modules: keyModules.map((metric): ValueModule => ({ metric, label: labelOf(inputs, metric), uses: null, status: 'not_tracked' })),
  };
  if (usage.length === 0) {
    sentences.miss('value.missing.usage', span);
    return empty;
  }

  const activeDays = usage.filter((row) => typeof row.metrics[activeUsersMetric] === 'number');
  let peak: number | null = null;
  let peakDay: string | null = null;
  let totalActive = 0;
  for (const row of activeDays) {
    const value = row.metrics[activeUsersMetric]!;
    totalActive += value;
    if (peak === null || value > peak) {
      peak = value;
      peakDay = row.day;
    }
  }
  const average = activeDays.length === 0 ? null : round(totalActive / activeDays.length, 1);
  if (peak !== null) {
    sentences.foot('active_users', 'value.foot.active_users', { ...span, metric: activeUsersMetric, peak_day: peakDay!, days: formatNumber(activeDays.length) });
  } else {
    sentences.miss('value.missing.active_users');
  }
  const utilisation = (users: number | null) => (users === null || seats === null || seats === 0 ? null : round(users / seats, 4));
  if (peak !== null && seats !== null && seats > 0) sentences.foot('utilisation', 'value.foot.utilisation', { seats: formatNumber(seats) });

  const logins = sumOf(usage, loginMetric);
  if (logins !== null) sentences.foot('logins', 'value.foot.logins', { ...span, metric: loginMetric });
  else sentences.miss('value.missing.logins');

  // Trend over whole months only: a month cut short by the period would read as a drop.
  const complete = months.filter((month) => month.complete && month.days_with_data > 0);
  const half = Math.floor(complete.length / 2);
  const change = (pick: (month: ValueMonth) => number | null): number | null => {
    if (half === 0) return null;
    const values = complete.map(pick);
    if (values.some((value) => value === null)) return null;
    const earlier = (values.slice(0, half) as number[]).reduce((sum, value) => sum + value, 0) / half;
    const later = (values.slice(-half) as number[]).reduce((sum, value) => sum + value, 0) / half;
    return earlier === 0 ? null : round(later / earlier - 1, 4);
  };
  const trend = { months_compared: half === 0 ? 0 : half * 2, logins: change((month) => month.logins), modules: Object.fromEntries(keyModules.map((metric) => [metric, change((month) => month.modules[metric] ?? null)])) };
  if (half > 0) {
    sentences.foot('trend', 'value.foot.trend', { single: half === 1, half: formatNumber(half), first: complete[0]!.month, last: complete[complete.length - 1]!.month, middle: complete.length % 2 === 1 ? complete[half]!.month : null });
  } else {
    sentences.miss('value.missing.trend');
  }

  const modules = keyModules.map((metric): ValueModule => {
    const uses = sumOf(usage, metric);
    return { metric, label: labelOf(inputs, metric), uses, status: uses === null ? 'not_tracked' : uses > 0 ? 'used' : 'not_yet_used' };
  });
  if (modules.length > 0) sentences.foot('modules', 'value.foot.modules', span);
  const untracked = modules.filter((module) => module.status === 'not_tracked');
  if (untracked.length > 0) sentences.miss('value.missing.modules', { labels: untracked.map((module) => module.label) });

  return {
    ...empty,
    usage_days: usage.length,
    peak_active_users: peak,
    peak_day: peakDay,
    average_active_users: average,
    peak_utilisation: utilisation(peak),
    average_utilisation: utilisation(average),
    logins,
    trend,
    modules,
  };
}

/** A driver's label names a metric best; else the metric in words. */
function labelOf(inputs: ValueInputs, metric: string): string {
  return inputs.value.drivers.find((driver) => driver.metric === metric)?.label ?? metricLabel(metric);
}

/** The calendar months the period touches, each cut to the period. */
function monthsOf(from: string, through: string): Array<{ month: string; from: string; to: string; complete: boolean }> {
  const months: Array<{ month: string; from: string; to: string; complete: boolean }> = [];
  for (let first = `${from.slice(0, 7)}-01`; first <= through; first = firstOfMonthAfter(first, 1)) {
    const last = addDays(firstOfMonthAfter(first, 1), -1);
    months.push({ month: first.slice(0, 7), from: first < from ? from : first, to: last > through ? through : last, complete: first >= from && last <= through });
  }
  return months;
}

function supportOf(inputs: ValueInputs, sentences: Sentences, span: Span): ValueStatement['support'] {
  if (inputs.tickets === null) {
    sentences.miss('value.missing.tickets');
    return null;
  }
  const tickets = inputs.tickets;
  const { policy, untilMs } = inputs;
  const resolved = tickets.filter((ticket) => ticket.closedWithoutTime || (ticket.resolvedMs !== null && ticket.resolvedMs < untilMs));
  const measured = tickets.filter((ticket) => !ticket.closedWithoutTime).map((ticket) => measureTicket(ticket, untilMs, policy));
  const attainment = (pick: (entry: (typeof measured)[number]) => (typeof measured)[number]['firstResponse']) => withinTarget(measured.map(pick)).attainment;
  const median = (pick: (entry: (typeof measured)[number]) => (typeof measured)[number]['firstResponse']) =>
    quantile(
      measured.map(pick).filter((measure) => measure.done && measure.elapsedMinutes !== undefined).map((measure) => measure.elapsedMinutes! / 60).sort((a, b) => a - b),
      0.5,
    );
  const ratings = tickets.map((ticket) => ticket.csat).filter((score): score is number => score !== null);
  const clock = policy.clock;
  sentences.foot('tickets', 'value.foot.tickets', span);
  sentences.foot('response_times', 'value.foot.response_times', { business: clock === 'business' });
  sentences.foot('within_sla', 'value.foot.within_sla');
  if (ratings.length > 0) sentences.foot('satisfaction', 'value.foot.satisfaction', { ratings: formatNumber(ratings.length) });
  else if (tickets.length > 0) sentences.miss('value.missing.ratings');
  return {
    tickets_raised: tickets.length,
    tickets_resolved: resolved.length,
    still_open: tickets.length - resolved.length,
    median_first_response_hours: median((entry) => entry.firstResponse),
    median_resolution_hours: median((entry) => entry.resolution),
    first_response_within_sla: attainment((entry) => entry.firstResponse),
    resolution_within_sla: attainment((entry) => entry.resolution),
    clock,
    rated: ratings.length,
    satisfaction: ratings.length === 0 ? null : round(ratings.filter((score) => score >= 4).length / ratings.length, 4),
  };
}

function outcomesOf(inputs: ValueInputs, usage: ValueInputs['usage'], sentences: Sentences, span: Span): ValueStatement['outcomes'] {
  const { through } = span;
  const { currency } = inputs;
  const drivers = inputs.value.drivers.map((driver): ValueDriverResult => {
    const units = usage.length === 0 ? null : sumOf(usage, driver.metric);
    const hourlyCost = driver.minutes_saved === undefined ? null : (driver.hourly_cost ?? inputs.value.hourly_cost ?? null);
    const hours = units === null || driver.minutes_saved === undefined ? null : round((units * driver.minutes_saved) / 60, 1);
    const value = units === null ? null : driver.amount !== undefined ? roundMoney(units * driver.amount) : hours !== null && hourlyCost !== null ? roundMoney(((units * driver.minutes_saved!) / 60) * hourlyCost) : null;
    return { metric: driver.metric, label: driver.label, units, minutes_per_unit: driver.minutes_saved ?? null, amount_per_unit: driver.amount ?? null, hourly_cost: hourlyCost, hours_saved: hours, value };
  });
  const sums: DriverSums = { labels: [], units: [], minutes: [], hours: [], hourly: [], amounts: [], values: [], currency };
  const shown = (value: number | null) => (value === null ? null : formatNumber(value));
  for (const driver of drivers) {
    if (driver.units === null) {
      if (usage.length > 0) sentences.miss('value.missing.driver', { label: driver.label });
      continue;
    }
    sums.labels.push(driver.label);
    sums.units.push(formatNumber(driver.units));
    sums.minutes.push(shown(driver.minutes_per_unit));
    sums.hours.push(shown(driver.hours_saved));
    sums.hourly.push(driver.minutes_per_unit === null ? null : shown(driver.hourly_cost));
    // A per-unit amount as configured: 0.002, not 0.
    sums.amounts.push(driver.amount_per_unit === null ? null : String(Number(driver.amount_per_unit.toPrecision(6))));
    sums.values.push(shown(driver.value));
  }
  const counted = drivers.filter((driver) => driver.units !== null);
  const withHours = counted.filter((driver) => driver.hours_saved !== null);
  const withValue = counted.filter((driver) => driver.value !== null);
  const hoursSaved = withHours.length === 0 ? null : round(withHours.reduce((sum, driver) => sum + (driver.units! * driver.minutes_per_unit!) / 60, 0), 1);
  const valueDelivered = withValue.length === 0 ? null : roundMoney(withValue.reduce((sum, driver) => sum + driver.value!, 0));
  if (withHours.some((driver) => driver.value === null)) sentences.miss('value.missing.hourly_cost');
  if (sums.labels.length > 0) sentences.foot('value_delivered', 'value.foot.value_delivered', { ...span, ...sums });

  // What they paid: each day a contract was in force earns its ARR ÷ 365 (renewals, upgrades and add-ons as they applied that day).
  const paidByCurrency = new Map<string, number>();
  let daysCovered = 0;
  for (let day = inputs.period.from; day <= through; day = addDays(day, 1)) {
    const standing = standingOn(inputs.contracts, day, inputs.graceDays);
    if (standing.state !== 'active') continue;
    daysCovered++;
    for (const part of standing.arr) paidByCurrency.set(part.currency, (paidByCurrency.get(part.currency) ?? 0) + part.amount / 365);
  }
  const paidParts = [...paidByCurrency].map(([code, amount]) => ({ currency: code, amount: round(amount, 2) })).sort((a, b) => a.currency.localeCompare(b.currency));
  const paid = paidParts.length === 0 ? null : (inReportingCurrency(paidParts, currency, inputs.exchangeRates).amount ?? null);
  const paidRounded = paid === null ? null : round(paid, 2);
  if (paidParts.length > 0) {
    sentences.foot('paid', 'value.foot.paid', { ...span, days: formatNumber(daysCovered), converted: paidParts.some((part) => part.currency !== currency) ? currency : null });
  } else {
    sentences.miss('value.missing.paid', span);
  }
  if (paidParts.length > 0 && paid === null) sentences.miss('value.missing.currencies', { currencies: paidParts.map((part) => part.currency) });
  const multiple = valueDelivered === null || paidRounded === null || paidRounded === 0 ? null : round(valueDelivered / paidRounded, 2);
  if (multiple !== null) sentences.foot('multiple', 'value.foot.multiple', { value: formatNumber(valueDelivered!), paid: formatNumber(paidRounded!), currency });
  return { drivers, hours_saved: hoursSaved, value_delivered: valueDelivered, paid: paidRounded, paid_by_currency: paidParts, days_covered: daysCovered, multiple };
}
