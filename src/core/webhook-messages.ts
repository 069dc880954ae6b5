import { createHash, createHmac } from 'node:crypto';
import type { AlertRule, AlertSeverity, WebhookKind } from '../config/names.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { alertPhrase } from '../i18n/messages/alerts.js';
import type { Phrase } from '../errors.js';

/**
 * csops alerts push (issue 20): alerts as chat messages, in the format each webhook takes, signed the
 * way Feishu/Lark and DingTalk bots check; which kind a URL is; and a URL shown without its token.
 * Pure: src/net posts what this builds.
 */

/** What a message says about one alert (its reason already in the message's language). */
export interface MessageAlert {
  id: number;
  rule: AlertRule;
  severity: AlertSeverity;
  account_id: string;
  account_name: string | null;
  owner: string | null;
  reason: string;
  opened_on: string;
  due_by: string;
}

/** One request: the alerts it carries and its JSON body (before signing). */
export interface WebhookMessage {
  alertIds: number[];
  body: Record<string, unknown>;
}

/** The kind a webhook URL's host says, or null when csops cannot tell (then --kind or the config's kind names it). */
export function kindFromUrl(url: URL): WebhookKind | null {
  const host = url.hostname.toLowerCase();
  const under = (domain: string) => host === domain || host.endsWith(`.${domain}`);
  if (under('hooks.slack.com')) return 'slack';
  // Teams: Office 365 connectors (<tenant>.webhook.office.com) and Power Automate workflows (*.logic.azure.com, *.powerplatform.com).
  if (under('webhook.office.com') || under('logic.azure.com') || under('powerplatform.com')) return 'teams';
  if (under('open.feishu.cn') || under('open.larksuite.com')) return 'feishu';
  if (under('oapi.dingtalk.com')) return 'dingtalk';
  if (under('qyapi.weixin.qq.com')) return 'wecom';
  return null;
}

/**
 * A webhook URL as csops shows it: scheme and host, then each path segment that could be a token (it
 * holds a digit, or is longer than 12 characters) as "***", and every query value as "***". Slack's
 * /services/T…/B…/x…, Feishu's /hook/<uuid>, DingTalk's ?access_token=… and Teams' signatures all go.
 */
export function maskUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '<not a URL>';
  }
  const path = url.pathname
    .split('/')
    .map((segment) => (segment === '' || (!/\d/.test(segment) && segment.length <= 12) ? segment : '***'))
    .join('/');
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=***`).join('&');
  return `${url.protocol}//${url.host}${path}${query ? `?${query}` : ''}`;
}

/**
 * How the database names a push destination: the host, and a hash of the whole URL that tells two
 * bots of one host apart without keeping their tokens (alert_deliveries.destination).
 */
export function pushDestinationKey(url: string): string {
  const parsed = new URL(url);
  return `push:${parsed.host}#${createHash('sha256').update(parsed.href).digest('hex').slice(0, 16)}`;
}

/** Control characters from the data never reach a chat (a line break stays). */
function plain(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' ');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const accountOf = (alert: MessageAlert) => plain(alert.account_name ?? alert.account_id);
const headline = (alert: MessageAlert, m: Messages) =>
  m.t('alerts.message.headline', { severity: m.t(`alerts.severity.${alert.severity}`), rule: m.t(`alerts.rule.${alert.rule}`), account: accountOf(alert), account_id: plain(alert.account_id) });
const reasonOf = (alert: MessageAlert) => clip(plain(alert.reason), 600);
const facts = (alert: MessageAlert, m: Messages) => m.t('alerts.message.facts', { owner: alert.owner === null ? null : plain(alert.owner), due: alert.due_by, id: alert.id, command: `csops alerts ack ${alert.id}` });

/** Slack's mrkdwn reads & < > as markup: escaped as Slack documents. */
const slackText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/**
 * DingTalk's, WeCom's and Teams' markdown subsets take no backslash escapes: text from the data keeps
 * its characters, except < and > (WeCom's <font> tags, HTML) and * and ` (bold and code spans), shown
 * as look-alikes so a name cannot restyle the message.
 */
const markdownText = (text: string) => text.replace(/</g, '‹').replace(/>/g, '›').replace(/\*/g, '∗').replace(/`/g, 'ʹ');

/** Per kind: one alert as the message's parts, the envelope, and the most one message may carry. */
interface KindFormat {
  /** Most alerts in one digest message. */
  maxAlerts: number;
  /** Most bytes of one request body (the webhook's documented limit, with room to spare). */
  maxBytes: number;
  build(alerts: readonly MessageAlert[], title: string, m: Messages): Record<string, unknown>;
}

const FORMATS: Record<WebhookKind, KindFormat> = {
  // Slack incoming webhooks: Block Kit blocks with a text fallback for notifications; at most 50
  // blocks a message and 3,000 characters a section.
  slack: {
    maxAlerts: 40,
    maxBytes: 40_000,
    build: (alerts, title, m) => ({
      text: slackText(alerts.length === 1 ? `${headline(alerts[0]!, m)}: ${reasonOf(alerts[0]!)}` : title),
      blocks: [
        ...(alerts.length > 1 ? [{ type: 'header', text: { type: 'plain_text', text: clip(title, 150) } }] : []),
        ...alerts.map((alert) => ({
          type: 'section',
          text: { type: 'mrkdwn', text: clip(`*${slackText(headline(alert, m))}*\n${slackText(reasonOf(alert))}\n_${slackText(facts(alert, m))}_`, 3000) },
        })),
      ],
    }),
  },
  // Teams: an Adaptive Card in a message envelope, which both Office 365 connector webhooks and
  // Power Automate "when a webhook request is received" workflows accept; 28 KB a message.
  teams: {
    maxAlerts: 25,
    maxBytes: 24_000,
    build: (alerts, title, m) => ({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              ...(alerts.length > 1 ? [{ type: 'TextBlock', text: markdownText(title), weight: 'Bolder', size: 'Large', wrap: true }] : []),
              ...alerts.flatMap((alert) => [
                { type: 'TextBlock', text: markdownText(headline(alert, m)), weight: 'Bolder', wrap: true, color: alert.severity === 'critical' || alert.severity === 'high' ? 'Attention' : 'Default' },
                { type: 'TextBlock', text: markdownText(reasonOf(alert)), wrap: true, spacing: 'None' },
                { type: 'TextBlock', text: markdownText(facts(alert, m)), wrap: true, isSubtle: true, size: 'Small', spacing: 'None' },
              ]),
            ],
          },
        },
      ],
    }),
  },
  // Feishu/Lark custom bots: msg_type "post" (rich text, a title and lines of text elements); the
  // request body may not exceed 20 KB.
  feishu: {
    maxAlerts: 30,
    maxBytes: 18_000,
    build: (alerts, title, m) => ({
      msg_type: 'post',
      content: {
        post: {
          zh_cn: {
            title: alerts.length === 1 ? headline(alerts[0]!, m) : title,
            content: alerts.flatMap((alert, index) => [
              ...(alerts.length > 1 ? [[{ tag: 'text', text: `${index > 0 ? '\n' : ''}${headline(alert, m)}` }]] : []),
              [{ tag: 'text', text: reasonOf(alert) }],
              [{ tag: 'text', text: facts(alert, m) }],
            ]),
          },
        },
      },
    }),
  },
  // DingTalk custom robots: msgtype "markdown" with a title (the notification) and the text; 20,000 bytes.
  dingtalk: {
    maxAlerts: 30,
    maxBytes: 18_000,
    build: (alerts, title, m) => ({
      msgtype: 'markdown',
      markdown: {
        title: alerts.length === 1 ? headline(alerts[0]!, m) : title,
        text: [...(alerts.length > 1 ? [`### ${markdownText(title)}`] : []), ...alerts.map((alert) => `#### ${markdownText(headline(alert, m))}\n\n${markdownText(reasonOf(alert))}\n\n> ${markdownText(facts(alert, m))}`)].join('\n\n'),
      },
    }),
  },
  // WeCom (企业微信) group robots: msgtype "markdown"; the content may not exceed 4,096 bytes.
  wecom: {
    maxAlerts: 10,
    maxBytes: 3_900,
    build: (alerts, title, m) => ({
      msgtype: 'markdown',
      markdown: {
        content: [
          ...(alerts.length > 1 ? [`**${markdownText(title)}**`] : []),
          ...alerts.map((alert) => `<font color="${alert.severity === 'critical' || alert.severity === 'high' ? 'warning' : 'comment'}">**${markdownText(headline(alert, m))}**</font>\n${markdownText(reasonOf(alert))}\n> ${markdownText(facts(alert, m))}`),
        ].join('\n\n'),
      },
    }),
  },
};

const bytes = (body: unknown) => Buffer.byteLength(JSON.stringify(body), 'utf8');

/**
 * The messages for the alerts: one per alert, or with `digest` as few as fit the webhook's limits,
 * each titled with how many alerts it carries (and its part, when there are several), in the language
 * of `messages` (English when none is given).
 */
export function buildMessages(kind: WebhookKind, alerts: readonly MessageAlert[], options: { digest: boolean; asOf: string; messages?: Messages }): WebhookMessage[] {
  const format = FORMATS[kind];
  const m = options.messages ?? messagesFor('en');
  if (!options.digest) return alerts.map((alert) => ({ alertIds: [alert.id], body: format.build([alert], headline(alert, m), m) }));
  const title = (count: number) => m.t('alerts.message.title', { app: 'csops', count, as_of: m.proseDate(options.asOf) });
  const groups: MessageAlert[][] = [];
  let current: MessageAlert[] = [];
  for (const alert of alerts) {
    const candidate = [...current, alert];
    if (current.length > 0 && (candidate.length > format.maxAlerts || bytes(format.build(candidate, title(candidate.length), m)) > format.maxBytes)) {
      groups.push(current);
      current = [alert];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, index) => {
    const part = groups.length > 1 ? m.t('alerts.message.part', { index: index + 1, total: groups.length }) : '';
    return { alertIds: group.map((alert) => alert.id), body: format.build(group, `${title(group.length)}${part}`, m) };
  });
}

/** DingTalk's signature: base64(HMAC-SHA256(key = secret, timestamp + "\n" + secret)), timestamp in milliseconds. */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** Feishu/Lark's signature: base64(HMAC-SHA256(key = timestamp + "\n" + secret, empty message)), timestamp in seconds. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/**
 * The request to send: DingTalk takes `timestamp` and `sign` as query parameters, Feishu/Lark
 * `timestamp` and `sign` in the body; the other kinds are not signed (their URL is the secret).
 */
export function signedRequest(kind: WebhookKind, url: string, body: Record<string, unknown>, secret: string | null, nowMs: number): { url: string; body: string } {
  if (secret !== null && kind === 'dingtalk') {
    const signed = new URL(url);
    signed.searchParams.set('timestamp', String(nowMs));
    signed.searchParams.set('sign', dingtalkSign(secret, nowMs));
    return { url: signed.href, body: JSON.stringify(body) };
  }
  if (secret !== null && kind === 'feishu') {
    const seconds = Math.floor(nowMs / 1000);
    return { url, body: JSON.stringify({ timestamp: String(seconds), sign: feishuSign(secret, seconds), ...body }) };
  }
  return { url, body: JSON.stringify(body) };
}

/**
 * Error codes in a 200 answer that mean "too many messages, try later": Feishu's 11232 (a bot's
 * 100 a minute / 5 a second), DingTalk's 130101 (20 a minute) and 410100, WeCom's 45009.
 */
const RATE_LIMIT_CODES: Partial<Record<WebhookKind, readonly number[]>> = { feishu: [11232], dingtalk: [130101, 410100], wecom: [45009] };

/**
 * What a 2xx answer says: Feishu, DingTalk and WeCom answer HTTP 200 with an error code in the body
 * (a bad signature, a keyword the bot requires, too many messages). null when the message landed.
 */
export function answerProblem(kind: WebhookKind, text: string): { problem: Phrase; retry: boolean } | null {
  if (kind === 'slack' || kind === 'teams') return null;
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (answer === null || typeof answer !== 'object') return null;
  const code = kind === 'feishu' ? (answer.code ?? answer.StatusCode) : answer.errcode;
  if (code === undefined || code === 0 || code === '0') return null;
  const message = kind === 'feishu' ? (answer.msg ?? answer.StatusMessage) : answer.errmsg;
  const retry = typeof code === 'number' && (RATE_LIMIT_CODES[kind] ?? []).includes(code);
  // The bot's own message is what the server said: a value, shown as it came.
  return { problem: alertPhrase('alerts.problem.webhook_code', { kind, code: String(code), message: typeof message === 'string' ? clip(plain(message), 200) : null }), retry };
}
