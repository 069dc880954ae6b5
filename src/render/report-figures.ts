import type { PeriodFigures, ReportNote } from '../core/report-result.js';
import type { MessageKey, Messages } from '../i18n/messages.js';
import { hours, number, percent } from './figures.js';

export { number, percent, hours };

/** The report's headline figures as text, shared by the Markdown, terminal and HTML forms. */
export interface Headline {
  figure: string;
  now: string;
  before: string;
  change: string;
}

export function headlines(now: PeriodFigures, before: PeriodFigures, messages: Messages): Headline[] {
  const { t } = messages;
  const hoursText = (value: number | null) => (value === null ? '—' : `${number.format(value)}${t('report.unit.hours')}`);
  const count = (label: string, a: number, b: number): Headline => ({ figure: label, now: number.format(a), before: number.format(b), change: signed(a - b, '') });
  const share = (label: string, a: number | null, b: number | null): Headline => ({
    figure: label,
    now: percent(a),
    before: percent(b),
    change: a === null || b === null ? '—' : signed(Math.round((a - b) * 1000) / 10, t('report.unit.points')),
  });
  const time = (label: string, a: number | null, b: number | null): Headline => ({ figure: label, now: hoursText(a), before: hoursText(b), change: a === null || b === null ? '—' : signed(Math.round((a - b) * 10) / 10, t('report.unit.hours')) });
  return [
    count(t('report.figure.created'), now.created, before.created),
    count(t('report.figure.resolved'), now.resolved, before.resolved),
    count(t('report.figure.backlog'), now.backlog, before.backlog),
    share(t('report.figure.first_response_attainment'), now.first_response_attainment, before.first_response_attainment),
    share(t('report.figure.resolution_attainment'), now.resolution_attainment, before.resolution_attainment),
    time(t('report.figure.median_first_response'), now.median_first_response_hours, before.median_first_response_hours),
    time(t('report.figure.p90_first_response'), now.p90_first_response_hours, before.p90_first_response_hours),
    time(t('report.figure.median_resolution'), now.median_resolution_hours, before.median_resolution_hours),
    time(t('report.figure.p90_resolution'), now.p90_resolution_hours, before.p90_resolution_hours),
    share(t('report.figure.csat', { answers: now.csat_responses }), now.csat, before.csat),
  ];
}

function signed(value: number, unit: string): string {
  if (value === 0) return `±0${unit}`;
  return `${value > 0 ? '+' : '−'}${number.format(Math.abs(value))}${unit}`;
}

/** A value csops classifies (a ticket type or priority) in the language: its catalogue word, else as it is. */
function classified(messages: Messages, group: 'type' | 'priority', value: string): string {
  const key = `report.${group}.${value}`;
  return key in KNOWN ? messages.t(key as KnownKey) : value;
}
const KNOWN = Object.fromEntries(
  ['bug', 'feature', 'question', 'other', 'unknown'].map((value) => [`report.type.${value}`, true]).concat(['urgent', 'high', 'normal', 'low'].map((value) => [`report.priority.${value}`, true])),
) as Record<string, true>;
type KnownKey = Extract<MessageKey, `report.type.${string}` | `report.priority.${string}`>;

export const ticketType = (messages: Messages, type: string) => classified(messages, 'type', type);
export const ticketPriority = (messages: Messages, priority: string) => classified(messages, 'priority', priority);

const DEFAULT_LEVELS: Record<string, MessageKey> = { owner: 'report.escalation.owner', 'team lead': 'report.escalation.team_lead', 'head of CS': 'report.escalation.head_of_cs' };

/** An escalation level: the default config's levels in the language; a team's own level names as written. */
export function escalationText(messages: Messages, level: string): string {
  const key = DEFAULT_LEVELS[level];
  return key === undefined ? level : (messages.t as (key: MessageKey) => string)(key);
}

/** Which target a breached ticket missed ("first response", "resolution" or both, as the JSON says) in the language. */
export function missedText(messages: Messages, breached: string): string {
  if (messages.language === 'en') return breached;
  return breached
    .split(' + ')
    .map((part) => (part === 'first response' ? messages.t('report.breach.first_response') : part === 'resolution' ? messages.t('report.breach.resolution') : part))
    .join(' + ');
}

export function reportNoteText(messages: Messages, note: ReportNote): string {
  switch (note.key) {
    case 'period_open':
      return messages.t('report.note.period_open', { kind: note.kind, as_of: messages.proseDate(note.as_of) });
    case 'unknown_status':
      return messages.t('report.note.unknown_status', { count: note.count, setting: 'vocabularies.ticket_status' });
    case 'unknown_priority':
      return messages.t('report.note.unknown_priority', { count: note.count, priority: ticketPriority(messages, note.priority), default_setting: 'sla.default_priority', setting: 'vocabularies.ticket_priority' });
    case 'from_durations':
      return messages.t('report.note.from_durations', { count: note.count });
  }
}

/** What a definition names as it is (settings, commands): the values its message is written with. */
const DEFINITION_VALUES: Record<string, Record<string, string>> = {
  median_first_response_hours: { setting: 'sla.clock', value: 'calendar' },
  unmatched: { command: 'csops import accounts' },
  escalation: { setting: 'sla.escalation' },
};

const DEFINITION_KEYS: Record<string, readonly [MessageKey, MessageKey]> = {
  created: ['report.term.created', 'report.definition.created'],
  resolved: ['report.term.resolved', 'report.definition.resolved'],
  backlog: ['report.term.backlog', 'report.definition.backlog'],
  first_response_attainment: ['report.term.first_response_attainment', 'report.definition.first_response_attainment'],
  resolution_attainment: ['report.term.resolution_attainment', 'report.definition.resolution_attainment'],
  median_first_response_hours: ['report.term.median_first_response_hours', 'report.definition.median_first_response_hours'],
  median_resolution_hours: ['report.term.median_resolution_hours', 'report.definition.median_resolution_hours'],
  csat: ['report.term.csat', 'report.definition.csat'],
  unmatched: ['report.term.unmatched', 'report.definition.unmatched'],
  escalation: ['report.term.escalation', 'report.definition.escalation'],
};

/** The definitions section: each figure's name and meaning in the language (English: the JSON's key and text). */
export function definitionEntries(messages: Messages, definitions: Record<string, string>): Array<readonly [string, string]> {
  return Object.entries(definitions).map(([key, text]) => {
    const keys = DEFINITION_KEYS[key];
    if (keys === undefined) return [key, text] as const;
    const t = messages.t as (key: MessageKey, params?: Record<string, string>) => string;
    return [t(keys[0]), t(keys[1], DEFINITION_VALUES[key])] as const;
  });
}
