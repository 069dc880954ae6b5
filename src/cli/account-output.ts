// How csops account prints its result; loaded by the action, so that declaring the command (and --help) loads no renderer.
import type { AccountContract, AccountView, OpenTicket } from '../commands/account.js';
import type { AccountContact } from '../commands/relationship.js';
import type { StoredTouchpoint } from '../db/contacts.js';
import { printStaleness } from './freshness-output.js';
import { Painted, renderRows, type Column } from '../render/output.js';
import { wrapToWidth } from '../render/table-layout.js';
import { terminalSafe } from '../render/terminal-text.js';
import { formatLocalMinute } from '../core/dates.js';
import { sparkline } from '../render/sparkline.js';
import { bandLabel, tierLabel } from './options.js';
import { documentJson } from '../render/contract.js';
import type { CliRuntime } from './runtime.js';
import type { HealthBand } from '../config/rules.js';
import { moneyParts, number } from '../render/figures.js';

const money = (parts: ReadonlyArray<{ currency: string; amount: number }>) => moneyParts(parts, number);

export function printAccount(terminal: CliRuntime, data: AccountView): void {
  // On a terminal the free text (details, reasons, alerts) is wrapped at its width like the tables are fitted to it.
  const { width, wide } = terminal.fit;
  const runtime: CliRuntime = width === undefined || wide || !terminal.stdoutIsTty ? terminal : { ...terminal, out: (text) => terminal.out(wrapToWidth(text, width)) };
  // csv, json and ndjson keep the data exact; table and Markdown show it terminal-safe (names,
  // subjects and comments also go into headings and bullets, not only into cells).
  const exact = ['json', 'csv', 'ndjson'].includes(runtime.context.format);
  const view = exact ? data : terminalSafe(data);
  printStaleness(runtime, view.data_through, view.as_of);
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(documentJson('account', view));
    return;
  }
  if (format === 'csv' || format === 'ndjson') {
    runtime.out(renderRows(facts(view), FACT_COLUMNS, { format, tty: runtime.stdoutIsTty, fit: runtime.fit, currency: view.currency }));
    return;
  }
  const md = format === 'md';
  const tty = runtime.stdoutIsTty;
  const bold = (text: string) => (md ? `**${text}**` : runtime.color.bold(text));
  const heading = (text: string) => runtime.out(md ? `\n### ${text}\n\n` : `\n${runtime.color.bold(text)}\n`);
  const bullet = (text: string) => (md ? `- ${text}` : `  ${text}`);
  const p = view.profile;
  runtime.out(`${md ? '## ' : ''}${bold(`${p.account_id} ${p.name}`)}${view.tier ? ` — ${tierLabel(view.tier.tier)} (${view.tier.reason})` : ''}${p.owner ? `, owner ${p.owner}` : ''}\n`);
  const details = [p.industry, [p.region, p.country].filter(Boolean).join(' / '), p.employees == null ? null : `${number.format(p.employees as number)} employees`, p.plan ? `plan ${p.plan}` : null, p.channel ? `via ${p.channel}` : null, p.customer_since ? `customer since ${p.customer_since}` : null, p.domain, p.parent_account_id ? `part of ${p.parent_account_id}` : null]
    .filter((part) => part !== null && part !== undefined && part !== '')
    .join(' · ');
  if (details) runtime.out(`${md ? '\n' : ''}${details}\n`);
  const renews = view.renewal_date === null ? '' : view.state === 'lapsed' ? `, ended ${view.renewal_date} (lapsed ${-view.days_to_renewal!} days: no renewal recorded)` : `, renews ${view.renewal_date} (in ${view.days_to_renewal} days)`;
  runtime.out(`${md ? '\n' : ''}${view.state === 'inactive' ? 'Not a customer on' : `${view.state === 'active' ? 'Active' : 'Lapsed'}, ARR ${money(view.arr)}${renews}; as of`} ${view.as_of} (${view.time_zone})\n`);

  if (view.health) {
    heading(`Health: ${view.health.score === null ? 'no score' : `${view.health.score}/100`}, ${bandLabel(view.health.band as HealthBand)}, confidence ${view.health.confidence}%`);
    for (const reason of view.health.reasons) runtime.out(`${bullet(reason)}\n`);
    for (const gap of view.health.missing) runtime.out(`${bullet(`missing: ${gap}`)}\n`);
  }
  if (view.health_history.length > 0) {
    runtime.out(`${md ? '\n' : ''}Saved health: ${view.health_history.map((entry) => `${entry.as_of} ${entry.score ?? '–'} ${bandLabel(entry.band as HealthBand)}`).join(' → ')}\n`);
    const scores = view.health_history.map((entry) => entry.score);
    if (scores.length > 1) runtime.out(`${sparkline(scores)}\n`);
  }
  if (view.tier_history.length > 0) runtime.out(`Saved tiers: ${view.tier_history.map((entry) => `${entry.as_of} ${tierLabel(entry.tier)}`).join(' → ')}\n`);

  if (view.contacts.length > 0 || view.touchpoints.length > 0) {
    const gone = view.contacts.filter((contact) => contact.status === 'left').length;
    heading(`People (${number.format(view.contacts.length - gone)} there${gone > 0 ? `, ${number.format(gone)} left` : ''})`);
    if (view.contacts.length === 0) runtime.out(`${bullet('no contacts named')}
`);
    else {
      // A departed contact is struck through where colour works (a terminal), and always marked "left on DATE".
      const peopleColumns: Column<AccountContact>[] = [
        { key: 'name', title: 'name', value: (row) => (row.status === 'left' && !md ? new Painted(row.name, runtime.color.strikethrough) : row.name), priority: 1, shrink: 12 },
        { key: 'roles', title: 'role', value: (row) => (row.roles.length > 0 ? row.roles.map((role) => role.replace('_', ' ')).join(', ') : row.role_raw), priority: 2 },
        { key: 'title', title: 'title', value: (row) => row.title, priority: 4, shrink: 12 },
        { key: 'last_touchpoint', title: 'last touchpoint', value: (row) => row.last_touchpoint, priority: 3 },
        { key: 'last_active', title: 'last active', value: (row) => row.last_active, priority: 5 },
        { key: 'last_active_in_product', title: 'in product', value: (row) => row.last_active_in_product, priority: 6 },
        { key: 'status', title: 'status', value: (row) => (row.status === 'active' ? 'there' : row.left_on === null ? 'left (day not known)' : `left on ${row.left_on}`), priority: 2 },
        { key: 'email', title: 'e-mail', value: (row) => row.email, priority: 7, shrink: 16 },
      ];
      runtime.out(renderRows(view.contacts, peopleColumns, { format, tty, fit: runtime.fit }));
    }
    if (view.touchpoints.length > 0) {
      heading(`Last touchpoints (${number.format(view.touchpoints.length)})`);
      const touchpointColumns: Column<StoredTouchpoint>[] = [
        { key: 'date', title: 'date', value: (row) => row.date, priority: 1 },
        { key: 'type', title: 'type', value: (row) => row.type ?? row.type_raw, priority: 2 },
        { key: 'contact_name', title: 'with', value: (row) => row.contact_name ?? row.contact_id, priority: 3, shrink: 12 },
        { key: 'subject', title: 'subject', value: (row) => row.subject, priority: 2, shrink: 16 },
        { key: 'owner', title: 'owner', value: (row) => row.owner, priority: 5 },
      ];
      runtime.out(renderRows(view.touchpoints, touchpointColumns, { format, tty, fit: runtime.fit }));
    }
  }

  if (view.usage_trend.length > 0) {
    heading(`Usage, last 12 weeks (weekly totals; active users: busiest day), from ${view.usage_trend[0]!.weeks[0]}`);
    const width = Math.max(...view.usage_trend.map((trend) => trend.metric.length));
    for (const trend of view.usage_trend) {
      const lastFour = trend.values.slice(-4).map((value) => value ?? 0);
      runtime.out(`${md ? '    ' : '  '}${trend.metric.padEnd(width)}  ${sparkline(trend.values)}  last 4 of these weeks ${number.format(trend.metric.includes('active') ? Math.max(...lastFour) : lastFour.reduce((a, b) => a + b, 0))}\n`);
    }
  }

  if (view.alerts.length > 0) {
    heading(`Alerts (${number.format(view.alerts.filter((alert) => alert.state !== 'closed').length)} not closed; csops alerts)`);
    for (const alert of view.alerts) {
      const state = alert.state === 'closed' ? `${alert.closed_how} ${alert.closed_on}` : alert.state === 'snoozed' ? `snoozed to ${alert.snoozed_until}` : `${alert.state}, due ${alert.due_by}${alert.overdue ? ' (overdue)' : ''}`;
      runtime.out(`${bullet(`#${alert.id} ${alert.severity} ${alert.rule}: ${alert.reason} — opened ${alert.opened_on}, ${state}`)}\n`);
      for (const event of alert.history ?? []) {
        if (event.action === 'opened') continue;
        runtime.out(`${md ? '    ' : '    '}${event.day} ${event.action} by ${event.by}${event.until ? ` until ${event.until}` : ''}${event.note ? `: ${event.note}` : ''}\n`);
      }
    }
  }

  heading('Contracts');
  const contractColumns: Column<AccountContract>[] = [
    { key: 'contract_id', title: 'contract', value: (row) => row.contract_id, priority: 1 },
    { key: 'start_date', title: 'start', value: (row) => row.start_date, priority: 3 },
    { key: 'end_date', title: 'end', value: (row) => row.end_date, priority: 2 },
    { key: 'arr', title: 'ARR', value: (row) => `${number.format(row.arr)} ${row.currency}`, align: 'right', priority: 1 },
    { key: 'seats', title: 'seats', value: (row) => row.seats, align: 'right', priority: 4 },
    { key: 'plan', title: 'plan', value: (row) => row.plan, priority: 5, shrink: 10 },
    { key: 'state', title: 'state', value: (row) => row.state, priority: 2 },
    { key: 'rule', title: 'why', value: (row) => row.rule, priority: 6, shrink: 16 },
  ];
  runtime.out(renderRows(view.contracts, contractColumns, { format, tty, fit: runtime.fit }));

  heading(`Open tickets (${number.format(view.open_tickets.length)})`);
  if (view.open_tickets.length > 0) {
    const ticketColumns: Column<OpenTicket>[] = [
      { key: 'ticket_id', title: 'ticket', value: (row) => row.ticket_id, priority: 1 },
      { key: 'created_at', title: 'created', value: (row) => formatLocalMinute(row.created_at, view.time_zone), priority: 3 },
      { key: 'priority', title: 'priority', value: (row) => row.priority, priority: 2 },
      { key: 'type', title: 'type', value: (row) => row.type, priority: 5 },
      // The team's own word for the state ("In Review"), which csops may not classify.
      { key: 'status', title: 'status', value: (row) => row.status_raw ?? row.status, priority: 4 },
      { key: 'first_response', title: 'first reply', value: (row) => row.first_response, priority: 6 },
      { key: 'resolution', title: 'resolution', value: (row) => (row.resolution === 'breached' ? (md ? 'past SLA' : new Painted('past SLA', runtime.color.red)) : `due ${row.resolution_due ? formatLocalMinute(row.resolution_due, view.time_zone) : ''}`), priority: 3 },
      { key: 'subject', title: 'subject', value: (row) => row.subject, priority: 2, shrink: 16 },
    ];
    runtime.out(renderRows(view.open_tickets, ticketColumns, { format, tty, fit: runtime.fit }));
  }

  heading('Latest survey responses');
  if (view.surveys.length === 0) runtime.out(`${bullet('none')}\n`);
  for (const survey of view.surveys) {
    const unhappy = survey.kind === 'nps' ? survey.score <= 6 : survey.score <= 2;
    const followUp = survey.followed_up_at ? `followed up ${survey.followed_up_at.slice(0, 10)}` : unhappy ? 'NOT followed up' : '';
    const comment = survey.comment ? ` "${survey.comment.replace(/\s*\n\s*/g, ' ')}"` : '';
    runtime.out(`${bullet(`${survey.responded_at.slice(0, 10)} ${survey.kind.toUpperCase()} ${survey.score}${comment}${survey.respondent ? ` — ${survey.respondent}` : ''}${followUp ? ` (${followUp})` : ''}`)}\n`);
  }

  if (view.value) {
    heading(`Value delivered since ${view.value.from} (the current contract), to ${view.value.to}`);
    const usage = Object.entries(view.value.usage_totals).filter(([, total]) => total !== 0).map(([metric, total]) => `${metric} ${number.format(total)}`);
    if (usage.length > 0) runtime.out(`${bullet(`${usage.join(' · ')} over ${number.format(view.value.active_days)} active days`)}\n`);
    if (view.value.peak_active_users !== null) runtime.out(`${bullet(`up to ${number.format(view.value.peak_active_users)} people using it on one day`)}\n`);
    runtime.out(`${bullet(`${number.format(view.value.tickets_resolved)} tickets resolved${view.value.median_resolution_hours === null ? '' : `, median ${view.value.median_resolution_hours} h (calendar) to resolution`}`)}\n`);
  }
}

interface Fact {
  section: string;
  field: string;
  /** A contract, ticket or alert is an object: kept whole in ndjson, its JSON text in a csv cell. */
  value: unknown;
}

const FACT_COLUMNS: Column<Fact>[] = [
  { key: 'section', title: 'section', value: (row) => row.section },
  { key: 'field', title: 'field', value: (row) => row.field },
  { key: 'value', title: 'value', value: (row) => (typeof row.value === 'object' && row.value !== null ? JSON.stringify(row.value) : (row.value as string | number | boolean | null)), data: (row) => row.value },
];

/** The view flattened to section/field/value rows, for csv and ndjson. */
function facts(view: AccountView): Fact[] {
  const rows: Fact[] = [];
  const add = (section: string, field: string, value: unknown) => rows.push({ section, field, value: value === undefined ? null : value });
  for (const [field, value] of Object.entries(view.profile)) add('profile', field, value);
  add('standing', 'state', view.state);
  add('standing', 'arr', view.arr);
  add('standing', 'renewal_date', view.renewal_date);
  if (view.tier) for (const [field, value] of Object.entries(view.tier)) add('tier', field, value);
  if (view.health) {
    add('health', 'score', view.health.score);
    add('health', 'band', view.health.band);
    add('health', 'confidence', view.health.confidence);
    view.health.reasons.forEach((reason, index) => add('health', `reason_${index + 1}`, reason));
  }
  for (const contract of view.contracts) add('contract', contract.contract_id, contract);
  for (const ticket of view.open_tickets) add('open_ticket', ticket.ticket_id, ticket);
  for (const survey of view.surveys) add('survey', survey.response_id, survey);
  if (view.value) for (const [field, value] of Object.entries(view.value)) add('value', field, value);
  for (const alert of view.alerts) add('alert', String(alert.id), alert);
  for (const contact of view.contacts) add('contact', contact.contact_id, contact);
  for (const touchpoint of view.touchpoints) add('touchpoint', touchpoint.touchpoint_id, touchpoint);
  return rows;
}
