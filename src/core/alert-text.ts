import type { AlertRule, AlertSeverity } from '../config/names.js';
import type { Messages } from '../i18n/messages.js';
import { sayIn } from '../i18n/messages/reasons.js';
import { PHRASES, type AnyPhrase } from './health/phrases.js';

/**
 * An alert's words in the language in force (issue 24): its severity, rule and state, and why it is
 * open. English shows the stored reason as it is; another language writes the reason from the alert's
 * evidence (structured, stored with it), never from the English text.
 */

export const severityWord = (messages: Messages, severity: AlertSeverity): string => messages.t(`alerts.severity.${severity}`);
export const ruleWord = (messages: Messages, rule: AlertRule): string => messages.t(`alerts.rule.${rule}`);

/** What a reason is written from: the rule, the stored English reason and the evidence. */
export interface ReasonSource {
  rule: AlertRule;
  reason: string;
  evidence: Record<string, unknown>;
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const count = (value: unknown): number => (typeof value === 'number' ? value : Number(value));

/**
 * The health reasons a health_drop alert carries, in the language: each from its phrase (evidence.
 * reason_phrases, stored beside the English since issue 24), else as the English stored in
 * evidence.reasons (alerts synced before, or a phrase this version no longer knows).
 */
export function healthReasons(messages: Messages, evidence: Record<string, unknown>): string[] {
  const english = Array.isArray(evidence.reasons) ? evidence.reasons : [];
  const phrases = Array.isArray(evidence.reason_phrases) ? evidence.reason_phrases : [];
  return english.flatMap((reason: unknown, index) => {
    if (typeof reason !== 'string') return [];
    const said = messages.language === 'en' ? undefined : storedPhraseIn(messages, phrases[index]);
    return [said ?? reason];
  });
}

/** A phrase as the evidence stored it, in the language; undefined when it is not one this version can write. */
function storedPhraseIn(messages: Messages, stored: unknown): string | undefined {
  if (!isKnownPhrase(stored)) return undefined;
  try {
    return sayIn(messages, stored);
  } catch {
    return undefined;
  }
}

/** A stored phrase whose key this version writes, as are those of the phrases inside it (support.detail's, list's). */
function isKnownPhrase(value: unknown): value is AnyPhrase {
  if (!isPhraseShaped(value)) return false;
  const { key, params } = value as { key: unknown; params?: unknown };
  if (typeof key !== 'string' || !Object.hasOwn(PHRASES, key) || params === null || typeof params !== 'object') return false;
  return Object.values(params).flat().every((param: unknown) => !isPhraseShaped(param) || isKnownPhrase(param));
}

const isPhraseShaped = (value: unknown): boolean => value !== null && typeof value === 'object' && !Array.isArray(value) && 'key' in value;

function bandWord(messages: Messages, band: unknown): string {
  const value = text(band);
  return ['healthy', 'watch', 'at_risk', 'critical', 'unknown'].includes(value) ? messages.t(`band.${value}` as 'band.healthy') : value;
}

/** Why the alert is open, in the language: the stored reason in English; written from the evidence otherwise. */
export function alertReason(messages: Messages, alert: ReasonSource): string {
  if (messages.language === 'en') return alert.reason;
  const { t } = messages;
  const e = alert.evidence;
  const date = (value: unknown) => messages.proseDate(text(value));
  switch (alert.rule) {
    case 'health_drop': {
      const reasons = healthReasons(messages, e).slice(0, 2);
      return t('alerts.reason.health_drop', {
        before: count(e.score_before), band_before: bandWord(messages, e.band_before), since: date(e.since), score: count(e.score), band: bandWord(messages, e.band),
        reasons: reasons.join(t('alerts.reason.list_separator')),
      });
    }
    case 'no_login':
      return t('alerts.reason.no_login', { days: count(e.days_since_last_login), last: e.last_login ? date(e.last_login) : null });
    case 'low_licence_use':
      return t('alerts.reason.low_licence_use', { users: count(e.peak_active_users), seats: count(e.seats), share: Math.round(count(e.utilisation) * 100), below: Math.round(count(e.below) * 100) });
    case 'lapsed':
      return t('alerts.reason.lapsed', { contract: text(e.contract_id), end: date(e.end_date), grace: date(e.grace_until) });
    case 'renewal_window':
      return t('alerts.reason.renewal_window', { contract: text(e.contract_id), days: count(e.days_left), end: date(e.end_date), window: count(e.window_days) });
    case 'sla_breach': {
      const tickets = Array.isArray(e.breached_tickets) ? e.breached_tickets.map(text) : [];
      return t('alerts.reason.sla_breach', { count: tickets.length, high_touch: e.tier === 'high_touch', run: count(e.run), tickets: tickets.slice(0, 5).join('、'), more: tickets.length > 5 });
    }
    case 'urgent_bug':
      return t('alerts.reason.urgent_bug', { ticket: text(e.ticket_id), created: text(e.created_at) });
    case 'detractor':
      return t('alerts.reason.detractor', { kind: text(e.kind).toUpperCase(), score: count(e.score), day: date(e.day) });
    case 'champion_left':
      return t('alerts.reason.champion_left', { name: text(e.name), title: e.title ? text(e.title) : null, left_on: date(e.left_on) });
  }
}
