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
import { SAID } from '../core/health.js';
import { CONTACT_ROLES } from '../core/relationship.js';
import { ALERT_SEVERITIES, TICKET_PRIORITIES } from '../config/names.js';
import { sentences } from './score-words.js';
import { tierReason } from './tier-output.js';

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
  const messages = runtime.messages;
  const t = messages.t;
  const english = messages.language === 'en';
  // An enum value for people: as it is in English, else the catalogue's word (a value csops does not know stays as it is).
  const word = <V extends string>(known: readonly V[], value: string | null, say: (value: V) => string) => (value === null || english || !known.includes(value as V) ? value : say(value as V));
  const bold = (text: string) => (md ? `**${text}**` : runtime.color.bold(text));
  const heading = (text: string) => runtime.out(md ? `\n### ${text}\n\n` : `\n${runtime.color.bold(text)}\n`);
  const bullet = (text: string) => (md ? `- ${text}` : `  ${text}`);
  const p = view.profile;
  // The reason's parts are read from the data as given (the terminal-safe copy has only its plain fields), then made safe.
  const tierReasonFor = (reason: string) => (english ? reason : terminalSafe(tierReason(reason, data.tier?.[SAID], messages)));
  runtime.out(`${md ? '## ' : ''}${bold(`${p.account_id} ${p.name}`)}${view.tier ? t('account.tier', { tier: tierLabel(view.tier.tier, messages), reason: tierReasonFor(view.tier.reason) }) : ''}${p.owner ? t('account.owner', { owner: String(p.owner) }) : ''}\n`);
  const details = [
    p.industry,
    [p.region, p.country].filter(Boolean).join(' / '),
    p.employees == null ? null : t('account.employees', { count: number.format(p.employees as number) }),
    p.plan ? t('account.plan', { plan: String(p.plan) }) : null,
    p.channel ? t('account.via', { channel: String(p.channel) }) : null,
    p.customer_since ? t('account.since', { day: String(p.customer_since) }) : null,
    p.domain,
    p.parent_account_id ? t('account.part_of', { parent: String(p.parent_account_id) }) : null,
  ]
    .filter((part) => part !== null && part !== undefined && part !== '')
    .join(' · ');
  if (details) runtime.out(`${md ? '\n' : ''}${details}\n`);
  runtime.out(`${md ? '\n' : ''}${t('account.standing', { state: view.state, arr: money(view.arr), date: view.renewal_date, days: view.days_to_renewal, asOf: view.as_of, zone: view.time_zone })}\n`);

  if (view.health) {
    // The phrases are read from the view as given (the terminal-safe copy has only its plain data).
    const said = data.health?.[SAID];
    heading(t('account.health', { score: view.health.score === null ? t('word.no_score') : `${view.health.score}/100`, band: bandLabel(view.health.band as HealthBand, messages), confidence: view.health.confidence }));
    for (const reason of sentences(view.health.reasons, said?.reasons, messages)) runtime.out(`${bullet(terminalSafe(reason))}\n`);
    for (const gap of sentences(view.health.missing, said?.missing, messages)) runtime.out(`${bullet(t('account.missing', { text: terminalSafe(gap) }))}\n`);
  }
  if (view.health_history.length > 0) {
    runtime.out(`${md ? '\n' : ''}${t('account.saved_health', { list: view.health_history.map((entry) => `${entry.as_of} ${entry.score ?? '–'} ${bandLabel(entry.band as HealthBand, messages)}`).join(' → ') })}\n`);
    const scores = view.health_history.map((entry) => entry.score);
    if (scores.length > 1) runtime.out(`${sparkline(scores)}\n`);
  }
  if (view.tier_history.length > 0) runtime.out(`${t('account.saved_tiers', { list: view.tier_history.map((entry) => `${entry.as_of} ${tierLabel(entry.tier, messages)}`).join(' → ') })}\n`);

  if (view.contacts.length > 0 || view.touchpoints.length > 0) {
    const gone = view.contacts.filter((contact) => contact.status === 'left').length;
    heading(t('account.people', { there: number.format(view.contacts.length - gone), left: gone > 0 ? number.format(gone) : null }));
    if (view.contacts.length === 0) runtime.out(`${bullet(t('account.no_contacts'))}
`);
    else {
      // A departed contact is struck through where colour works (a terminal), and always marked "left on DATE".
      const peopleColumns: Column<AccountContact>[] = [
        { key: 'name', title: t('col.name'), value: (row) => (row.status === 'left' && !md ? new Painted(row.name, runtime.color.strikethrough) : row.name), priority: 1, shrink: 12 },
        { key: 'roles', title: t('col.role'), value: (row) => (row.roles.length > 0 ? row.roles.map((role) => (english ? role.replace('_', ' ') : word(CONTACT_ROLES, role, (known) => t(`role.${known}`)))).join(english ? ', ' : '、') : row.role_raw), priority: 2 },
        { key: 'title', title: t('col.title'), value: (row) => row.title, priority: 4, shrink: 12 },
        { key: 'last_touchpoint', title: t('col.last_touchpoint'), value: (row) => row.last_touchpoint, priority: 3 },
        { key: 'last_active', title: t('col.last_active'), value: (row) => row.last_active, priority: 5 },
        { key: 'last_active_in_product', title: t('col.in_product'), value: (row) => row.last_active_in_product, priority: 6 },
        { key: 'status', title: t('col.status'), value: (row) => (row.status === 'active' ? t('account.contact_there') : row.left_on === null ? t('account.contact_left_unknown') : t('account.contact_left_on', { day: row.left_on })), priority: 2 },
        { key: 'email', title: t('col.email'), value: (row) => row.email, priority: 7, shrink: 16 },
      ];
      runtime.out(renderRows(view.contacts, peopleColumns, { format, tty, fit: runtime.fit }));
    }
    if (view.touchpoints.length > 0) {
      heading(t('account.touchpoints', { count: number.format(view.touchpoints.length) }));
      const touchpointColumns: Column<StoredTouchpoint>[] = [
        { key: 'date', title: t('col.date'), value: (row) => row.date, priority: 1 },
        { key: 'type', title: t('col.type'), value: (row) => (row.type === null ? row.type_raw : word(TOUCHPOINT_TYPES, row.type, (known) => t(`touchpoint.${known}`))), priority: 2 },
        { key: 'contact_name', title: t('col.with'), value: (row) => row.contact_name ?? row.contact_id, priority: 3, shrink: 12 },
        { key: 'subject', title: t('col.subject'), value: (row) => row.subject, priority: 2, shrink: 16 },
        { key: 'owner', title: t('col.owner'), value: (row) => row.owner, priority: 5 },
      ];
      runtime.out(renderRows(view.touchpoints, touchpointColumns, { format, tty, fit: runtime.fit }));
    }
  }

  if (view.usage_trend.length > 0) {
    heading(t('account.usage', { from: view.usage_trend[0]!.weeks[0]! }));
    const width = Math.max(...view.usage_trend.map((trend) => trend.metric.length));
    for (const trend of view.usage_trend) {
      const lastFour = trend.values.slice(-4).map((value) => value ?? 0);
      runtime.out(`${md ? '    ' : '  '}${trend.metric.padEnd(width)}  ${sparkline(trend.values)}  ${t('account.usage_last_four', { value: number.format(trend.metric.includes('active') ? Math.max(...lastFour) : lastFour.reduce((a, b) => a + b, 0)) })}\n`);
    }
  }

  if (view.alerts.length > 0) {
    heading(t('account.alerts', { count: number.format(view.alerts.filter((alert) => alert.state !== 'closed').length) }));
    for (const alert of view.alerts) {
      // The alert's reason is the alert rules' own sentence (src/core/alert-rules.ts), as csops alerts shows it.
      if (!english) {
        const severity = word(ALERT_SEVERITIES, alert.severity, (known) => t(`severity.${known}`));
        runtime.out(`${bullet(t('account.alert', { id: alert.id, severity: severity ?? '', rule: alert.rule, reason: alert.reason, opened: alert.opened_on, state: alert.state, closed: alert.closed_on, until: alert.snoozed_until, due: alert.due_by, overdue: alert.overdue === true }))}\n`);
        continue;
      }
      const state = alert.state === 'closed' ? `${alert.closed_how} ${alert.closed_on}` : alert.state === 'snoozed' ? `snoozed to ${alert.snoozed_until}` : `${alert.state}, due ${alert.due_by}${alert.overdue ? ' (overdue)' : ''}`;
      runtime.out(`${bullet(`#${alert.id} ${alert.severity} ${alert.rule}: ${alert.reason} — opened ${alert.opened_on}, ${state}`)}\n`);
      for (const event of alert.history ?? []) {
        if (event.action === 'opened') continue;
        runtime.out(`${md ? '    ' : '    '}${event.day} ${event.action} by ${event.by}${event.until ? ` until ${event.until}` : ''}${event.note ? `: ${event.note}` : ''}\n`);
      }
    }
  }

  heading(t('account.contracts'));
  const contractColumns: Column<AccountContract>[] = [
    { key: 'contract_id', title: t('col.contract'), value: (row) => row.contract_id, priority: 1 },
    { key: 'start_date', title: t('col.start'), value: (row) => row.start_date, priority: 3 },
    { key: 'end_date', title: t('col.end'), value: (row) => row.end_date, priority: 2 },
    { key: 'arr', title: 'ARR', value: (row) => `${number.format(row.arr)} ${row.currency}`, align: 'right', priority: 1 },
    { key: 'seats', title: t('col.seats'), value: (row) => row.seats, align: 'right', priority: 4 },
    { key: 'plan', title: t('col.plan'), value: (row) => row.plan, priority: 5, shrink: 10 },
    { key: 'state', title: t('col.state'), value: (row) => word(RENEWAL_STATES, row.state, (known) => t(`state.${known}`)), priority: 2 },
    // The rule is renewal-state.ts's English sentence: shown in English only (it names the data's own statuses).
    ...(english ? [{ key: 'rule', title: 'why', value: (row: AccountContract) => row.rule, priority: 6, shrink: 16 }] : []),
  ];
  runtime.out(renderRows(view.contracts, contractColumns, { format, tty, fit: runtime.fit }));

  heading(t('account.open_tickets', { count: number.format(view.open_tickets.length) }));
  if (view.open_tickets.length > 0) {
    const pastSla = t('account.past_sla');
    const ticketColumns: Column<OpenTicket>[] = [
      { key: 'ticket_id', title: t('col.ticket'), value: (row) => row.ticket_id, priority: 1 },
      { key: 'created_at', title: t('col.created'), value: (row) => formatLocalMinute(row.created_at, view.time_zone), priority: 3 },
      { key: 'priority', title: t('col.priority'), value: (row) => word(TICKET_PRIORITIES, row.priority, (known) => t(`priority.${known}`)), priority: 2 },
      { key: 'type', title: t('col.type'), value: (row) => word(TICKET_TYPES, row.type, (known) => t(`ticket_type.${known}`)), priority: 5 },
      // The team's own word for the state ("In Review"), which csops may not classify.
      { key: 'status', title: t('col.status'), value: (row) => row.status_raw ?? row.status, priority: 4 },
      { key: 'first_response', title: t('col.first_reply'), value: (row) => word(['done', 'due', 'breached'] as const, row.first_response, (known) => t(`first_response.${known}`)), priority: 6 },
      { key: 'resolution', title: t('col.resolution'), value: (row) => (row.resolution === 'breached' ? (md ? pastSla : new Painted(pastSla, runtime.color.red)) : t('account.due', { when: row.resolution_due ? formatLocalMinute(row.resolution_due, view.time_zone) : '' })), priority: 3 },
      { key: 'subject', title: t('col.subject'), value: (row) => row.subject, priority: 2, shrink: 16 },
    ];
    runtime.out(renderRows(view.open_tickets, ticketColumns, { format, tty, fit: runtime.fit }));
  }

  heading(t('account.surveys'));
  if (view.surveys.length === 0) runtime.out(`${bullet(t('account.none'))}\n`);
  for (const survey of view.surveys) {
    const unhappy = survey.kind === 'nps' ? survey.score <= 6 : survey.score <= 2;
    const followUp = survey.followed_up_at ? t('account.followed_up', { day: survey.followed_up_at.slice(0, 10) }) : unhappy ? t('account.not_followed_up') : '';
    const comment = survey.comment ? ` "${survey.comment.replace(/\s*\n\s*/g, ' ')}"` : '';
    runtime.out(`${bullet(`${survey.responded_at.slice(0, 10)} ${survey.kind.toUpperCase()} ${survey.score}${comment}${survey.respondent ? ` — ${survey.respondent}` : ''}${followUp ? (english ? ` (${followUp})` : `（${followUp}）`) : ''}`)}\n`);
  }

  if (view.value) {
    heading(t('account.value', { from: view.value.from, to: view.value.to }));
    const usage = Object.entries(view.value.usage_totals).filter(([, total]) => total !== 0).map(([metric, total]) => `${metric} ${number.format(total)}`);
    if (usage.length > 0) runtime.out(`${bullet(t('account.value_usage', { usage: usage.join(' · '), days: number.format(view.value.active_days) }))}\n`);
    if (view.value.peak_active_users !== null) runtime.out(`${bullet(t('account.value_peak', { count: number.format(view.value.peak_active_users) }))}\n`);
    runtime.out(`${bullet(t('account.value_tickets', { count: number.format(view.value.tickets_resolved), median: view.value.median_resolution_hours }))}\n`);
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

const RENEWAL_STATES = ['open', 'renewed', 'churned', 'lapsed'] as const;
/** The values csops gives a ticket's type and a touchpoint's type when it classifies them (import/values.ts). */
const TICKET_TYPES = ['bug', 'feature', 'question'] as const;
const TOUCHPOINT_TYPES = ['call', 'visit', 'meeting', 'email', 'qbr'] as const;
