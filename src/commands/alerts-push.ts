import type { CommandContext } from './context.js';
import { openDeliveriesStore } from './alert-deliveries-store.js';
import { queueOrder } from '../core/alert-rules.js';
import { answerProblem, buildMessages, kindFromUrl, maskUrl, pushDestinationKey, signedRequest } from '../core/webhook-messages.js';
import { postJson } from '../net/webhook-post.js';
import { WEBHOOK_KINDS, type AlertRule, type AlertSeverity, type WebhookKind } from '../config/names.js';
import { UsageError, type Phrase, type Wording } from '../errors.js';
import { messagesFor } from '../i18n/messages.js';
import { alertReason } from '../core/alert-text.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import { alertPhrase } from '../i18n/messages/alerts.js';
import { Notes, type Said } from '../i18n/notes.js';
import { SAID } from '../core/health/phrases.js';

/** Environment variables csops alerts push reads (flags > environment > config). */
export const WEBHOOK_URL_ENV = 'CSOPS_ALERTS_WEBHOOK_URL';
export const WEBHOOK_SECRET_ENV = 'CSOPS_ALERTS_WEBHOOK_SECRET';

export interface AlertsPushOptions {
  /** A webhook URL, or the name of a destination in the config. */
  to?: string;
  kind?: WebhookKind;
  digest?: boolean;
  severities?: AlertSeverity[];
  rules?: AlertRule[];
  dryRun?: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** One alert's fate at one destination (JSON keys stable). */
export interface PushDelivery {
  alert_id: number;
  rule: AlertRule;
  severity: AlertSeverity;
  account_id: string;
  account_name: string | null;
  owner: string | null;
  destination: string;
  /** sent; unsent (it failed, or its destination failed before it); dry-run (--dry-run: not sent). */
  result: 'sent' | 'unsent' | 'dry_run';
  problem: string | null;
  /** `problem` by key, for people reading another language (not in JSON). */
  [SAID]?: Phrase | null;
}

export interface PushDestinationResult {
  /** The config's name for it, or null for --to URL and CSOPS_ALERTS_WEBHOOK_URL. */
  name: string | null;
  /** The URL without its token. */
  url: string;
  kind: WebhookKind;
  digest: boolean;
  signed: boolean;
  /** Messages posted (or, with --dry-run, that would be). */
  messages: number;
  /** Requests made, retries included. */
  requests: number;
  sent: number;
  unsent: number;
  /** New alerts of this destination's selection already sent to it before (not sent again). */
  already_sent: number;
}

export interface AlertsPushResult {
  as_of: string;
  dry_run: boolean;
  destinations: PushDestinationResult[];
  deliveries: PushDelivery[];
  sent: number;
  unsent: number;
  /** With --dry-run: the request bodies that would be posted, per destination (unsigned). */
  payloads?: Array<{ destination: string; body: Record<string, unknown> }>;
  notes: string[];
  /** `notes` by key, index for index (not in JSON). */
  [SAID]?: Said[];
}

/** A delivery's problem as an error shows it: by key where the push kept it, so each language words it. */
export function problemWording(delivery: PushDelivery): Wording {
  return delivery[SAID] ?? String(delivery.problem);
}

interface Destination {
  name: string | null;
  url: string;
  kind: WebhookKind;
  secret: string | null;
  digest: boolean;
  severities?: AlertSeverity[];
  rules?: AlertRule[];
}

function parseWebhookUrl(text: string, where: Wording): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(errorPhrase('error.push.not_url', { where, url: maskUrl(text) }), errorPhrase('error.push.not_url_hint'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(errorPhrase('error.push.not_http', { where, url: maskUrl(text) }), errorPhrase('error.push.not_http_hint'));
  return url;
}

function kindOf(url: URL, kind: WebhookKind | undefined, where: Wording): WebhookKind {
  const found = kind ?? kindFromUrl(url);
  if (found === null) {
    throw new UsageError(errorPhrase('error.push.unknown_chat', { where, url: maskUrl(url.href) }), errorPhrase('error.push.unknown_chat_hint', { kinds: WEBHOOK_KINDS.join('|') }));
  }
  return found;
}

/** --to, then CSOPS_ALERTS_WEBHOOK_URL, then the config's destinations. */
export function resolveDestinations(context: CommandContext, options: AlertsPushOptions): Destination[] {
  const configured = context.config.alerts.push.destinations;
  const envSecret = options.env[WEBHOOK_SECRET_ENV] || null;
  const fromConfig = (entry: (typeof configured)[number]): Destination => {
    const text = entry.url ?? options.env[entry.url_env!];
    if (!text) throw new UsageError(errorPhrase('error.push.url_env_unset', { name: entry.name, env: String(entry.url_env) }), errorPhrase('error.push.url_env_unset_hint', { env: String(entry.url_env) }));
    const url = parseWebhookUrl(text, errorPhrase('error.push.where_url', { name: entry.name }));
    const secret = entry.secret ?? (entry.secret_env ? options.env[entry.secret_env] : undefined);
    if (entry.secret_env && !secret) throw new UsageError(errorPhrase('error.push.secret_env_unset', { name: entry.name, env: entry.secret_env }), errorPhrase('error.push.secret_env_unset_hint', { env: entry.secret_env }));
    return { name: entry.name, url: url.href, kind: kindOf(url, options.kind ?? entry.kind, errorPhrase('error.push.where_webhook', { name: entry.name })), secret: secret ?? null, digest: options.digest ?? entry.digest, severities: entry.severities, rules: entry.rules };
  };
  const adHoc = (text: string, where: string): Destination => {
    const url = parseWebhookUrl(text, where);
    // A URL that is also in the config takes that destination's secret and settings.
    const known = configured.find((entry) => entry.url !== undefined && new URL(entry.url).href === url.href);
    if (known) return { ...fromConfig(known), secret: envSecret ?? fromConfig(known).secret };
    return { name: null, url: url.href, kind: kindOf(url, options.kind, where), secret: envSecret, digest: options.digest ?? false };
  };
  if (options.to !== undefined) {
    if (/^https?:\/\//i.test(options.to.trim())) return [adHoc(options.to.trim(), '--to')];
    const named = configured.find((entry) => entry.name.toLowerCase() === options.to!.trim().toLowerCase());
    if (!named) {
      throw new UsageError(
        errorPhrase('error.push.unknown_destination', { to: options.to }),
        configured.length > 0 ? errorPhrase('error.push.config_names_hint', { names: configured.map((entry) => entry.name).join(', ') }) : errorPhrase('error.push.no_destinations_hint'),
      );
    }
    return [fromConfig(named)];
  }
  const fromEnv = options.env[WEBHOOK_URL_ENV];
  if (fromEnv) return [adHoc(fromEnv, WEBHOOK_URL_ENV)];
  if (configured.length === 0) {
    throw new UsageError(errorPhrase('error.push.no_webhook'), errorPhrase('error.push.no_webhook_hint', { urlEnv: WEBHOOK_URL_ENV, secretEnv: WEBHOOK_SECRET_ENV }));
  }
  if (options.kind !== undefined) throw new UsageError(errorPhrase('error.push.kind_one'), errorPhrase('error.push.kind_one_hint'));
  return configured.map(fromConfig);
}

/**
 * csops alerts push: each open alert not yet sent to a destination, as one message per alert or as a
 * digest, posted in queue order (worst and oldest first). An alert is recorded as sent to the
 * destination as soon as its message lands, so a failure later (or a killed process) never sends it
 * twice; one that fails stays unsent for the next push. After a failure that may pass (the server
 * down or busy) the destination's remaining messages wait for the next push as well.
 */
export async function runAlertsPush(context: CommandContext, options: AlertsPushOptions): Promise<AlertsPushResult> {
  const destinations = resolveDestinations(context, options);
  const { asOf, config } = context;
  const policy = {
    timeoutMs: config.alerts.push.timeout_seconds * 1000,
    retries: config.alerts.push.retries,
    backoffMs: config.alerts.push.backoff_seconds * 1000,
    maxWaitMs: config.alerts.push.max_wait_seconds * 1000,
  };
  const store = await openDeliveriesStore(context);
  const notes = new Notes();
  const result: AlertsPushResult = { as_of: asOf, dry_run: Boolean(options.dryRun), destinations: [], deliveries: [], sent: 0, unsent: 0, notes: notes.english, [SAID]: notes.said };
  if (options.dryRun) result.payloads = [];
  const words = messagesFor(context.language ?? 'en');
  try {
    const open = (await store.alerts({ states: ['open'] }))
      .filter((row) => row.opened_on <= asOf)
      .sort(queueOrder);
    for (const destination of destinations) {
      const key = pushDestinationKey(destination.url);
      const shownUrl = maskUrl(destination.url);
      const severities = options.severities ?? destination.severities;
      const rules = options.rules ?? destination.rules;
      const selected = open.filter((alert) => (severities === undefined || severities.includes(alert.severity)) && (rules === undefined || rules.includes(alert.rule)));
      const already = await store.deliveredRevisions(key);
      const toSend = selected.filter((alert) => !already.has(alert.id));
      const byId = new Map(toSend.map((alert) => [alert.id, alert]));
      // A message's words in the language in force; the reason written from the alert's evidence (English: the stored reason).
      const inLanguage = words.language === 'en' ? toSend : toSend.map((alert) => ({ ...alert, reason: alertReason(words, alert) }));
      const messages = buildMessages(destination.kind, inLanguage, { digest: destination.digest, asOf, messages: words });
      const summary: PushDestinationResult = {
        name: destination.name,
        url: shownUrl,
        kind: destination.kind,
        digest: destination.digest,
        signed: destination.secret !== null && (destination.kind === 'feishu' || destination.kind === 'dingtalk'),
        messages: 0,
        requests: 0,
        sent: 0,
        unsent: 0,
        already_sent: selected.length - toSend.length,
      };
      if (destination.secret !== null && !summary.signed) notes.add('alerts.note.secret_unused', { url: shownUrl, kind: destination.kind });
      const deliver = (ids: number[], outcome: PushDelivery['result'], problem: Phrase | null) => {
        for (const id of ids) {
          const alert = byId.get(id)!;
          result.deliveries.push({
            alert_id: id, rule: alert.rule, severity: alert.severity, account_id: alert.account_id, account_name: alert.account_name, owner: alert.owner, destination: shownUrl, result: outcome,
            problem: problem?.text ?? null, [SAID]: problem,
          });
        }
      };
      // Why the rest of this destination's messages wait for the next push: the failure that stopped them.
      let stopped: Phrase | null = null;
      for (const message of messages) {
        if (options.dryRun) {
          summary.messages++;
          result.payloads!.push({ destination: shownUrl, body: message.body });
          deliver(message.alertIds, 'dry_run', null);
          continue;
        }
        if (stopped !== null) {
          deliver(message.alertIds, 'unsent', stopped);
          summary.unsent += message.alertIds.length;
          continue;
        }
        // Another push may have sent some of them meanwhile: never twice.
        const now = await store.deliveredRevisions(key);
        const ids = message.alertIds.filter((id) => !now.has(id));
        if (ids.length === 0) continue;
        // Signed again for each attempt: a signature's timestamp must be fresh.
        const outcome = await postJson(() => signedRequest(destination.kind, destination.url, message.body, destination.secret, context.now().getTime()), policy, (text) => answerProblem(destination.kind, text));
        summary.requests += outcome.attempts;
        if (outcome.ok) {
          await store.recordDeliveries(key, ids.map((id) => ({ id, revision: byId.get(id)!.revision })), context.now().toISOString());
          summary.messages++;
          summary.sent += ids.length;
          deliver(ids, 'sent', null);
        } else {
          summary.unsent += ids.length;
          deliver(ids, 'unsent', outcome.problem);
          // The server down or busy, or the URL wrong: the next messages would fare no better.
          if (outcome.transient || (outcome.status !== null && [401, 403, 404, 410].includes(outcome.status))) stopped = alertPhrase('alerts.problem.not_tried', { url: shownUrl, problem: outcome.problem! });
        }
      }
      result.sent += summary.sent;
      result.unsent += summary.unsent;
      result.destinations.push(summary);
    }
    return result;
  } finally {
    await store.close();
  }
}
