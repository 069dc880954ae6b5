import { describe, expect, it } from 'vitest';
import { answerProblem, buildMessages, kindFromUrl, maskUrl, pushDestinationKey, signedRequest, type MessageAlert } from '../../src/core/webhook-messages.js';
import { postJson, retryAfterMs } from '../../src/net/webhook-post.js';
import { alertPhrase } from '../../src/i18n/messages/alerts.js';
import { CATALOGUES, messagesFor } from '../../src/i18n/messages.js';
import { phraseIn, type Entry, type Phrase } from '../../src/errors.js';
import { englishWords } from '../helpers/english-words.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportTable, HUBSPOT_TASK_COLUMNS, SALESFORCE_TASK_COLUMNS, type ExportableAlert } from '../../src/core/alert-export.js';
import { alertsSchema } from '../../src/config/alerts.js';

/** Chat messages, signatures, URL masking and CRM task rows of csops alerts push and export (issue 20). */
const alert = (id: number, over: Partial<MessageAlert> = {}): MessageAlert => ({
  id,
  rule: 'no_login',
  severity: 'high',
  account_id: `ACC-${id}`,
  account_name: `Account ${id}`,
  owner: 'Ana Li',
  reason: `no login for ${20 + id} days`,
  opened_on: '2026-11-20',
  due_by: '2026-11-23',
  ...over,
});

describe('which chat a webhook URL is', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXX', 'slack'],
    ['https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456', 'teams'],
    ['https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=x', 'teams'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c', 'feishu'],
    ['https://open.larksuite.com/open-apis/bot/v2/hook/0a1b2c', 'feishu'],
    ['https://oapi.dingtalk.com/robot/send?access_token=abc', 'dingtalk'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', 'wecom'],
    ['https://hooks.slack.com.evil.example/services/x', null],
    ['https://example.com/hook', null],
  ])('%s → %s', (url, kind) => {
    expect(kindFromUrl(new URL(url))).toBe(kind);
  });
});

describe('a webhook URL as shown', () => {
  it.each([
    ['https://hooks.slack.com/services/T0AB12/B0CD34/abcdefghijklmnopqrstuvwx', 'https://hooks.slack.com/services/***/***/***', 'abcdefghijklmnopqrstuvwx'],
    ['https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c', 'https://oapi.dingtalk.com/robot/send?access_token=***', '9f8e7d6c'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/0a1b2c3d-aaaa-bbbb', 'https://open.feishu.cn/open-apis/bot/***/hook/***', '0a1b2c3d'],
    ['https://prod-01.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SIGNATURE', 'https://prod-01.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=***&sig=***', 'SIGNATURE'],
  ])('%s', (url, shown, token) => {
    expect(maskUrl(url)).toBe(shown);
    expect(maskUrl(url)).not.toContain(token);
    expect(pushDestinationKey(url)).not.toContain(token);
  });

  it('tells two bots of one host apart without keeping their tokens', () => {
    const a = pushDestinationKey('https://oapi.dingtalk.com/robot/send?access_token=one');
    const b = pushDestinationKey('https://oapi.dingtalk.com/robot/send?access_token=two');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^push:oapi\.dingtalk\.com#[0-9a-f]{16}$/);
    expect(maskUrl('not a url')).toBe('<not a URL>');
  });
});

describe('messages', () => {
  it('one per alert, or digests within each chat\'s limits, every alert once and in order', () => {
    const alerts = Array.from({ length: 57 }, (_, index) => alert(index + 1, { reason: `${'x'.repeat(200)} ${index}` }));
    for (const kind of ['slack', 'teams', 'feishu', 'dingtalk', 'wecom'] as const) {
      expect(buildMessages(kind, alerts, { digest: false, asOf: '2026-11-20' }).map((message) => message.alertIds)).toEqual(alerts.map((entry) => [entry.id]));
      const digests = buildMessages(kind, alerts, { digest: true, asOf: '2026-11-20' });
      expect(digests.flatMap((message) => message.alertIds)).toEqual(alerts.map((entry) => entry.id));
      expect(digests.length).toBeGreaterThan(1);
      for (const message of digests) expect(JSON.stringify(message.body)).toContain(`of ${digests.length})`);
    }
    for (const message of buildMessages('wecom', alerts, { digest: true, asOf: '2026-11-20' })) {
      expect(Buffer.byteLength((message.body.markdown as { content: string }).content)).toBeLessThanOrEqual(4096);
    }
    for (const message of buildMessages('slack', alerts, { digest: true, asOf: '2026-11-20' })) expect((message.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
  });

  it('keeps text from the data from restyling a message or driving a terminal', () => {
    const hostile = alert(1, { account_name: '<!channel> *Acme* `x` & Co\u001b[2J' });
    const [slack] = buildMessages('slack', [hostile], { digest: false, asOf: '2026-11-20' });
    const text = JSON.stringify(slack!.body);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('\\u001b');
    const [wecom] = buildMessages('wecom', [hostile], { digest: false, asOf: '2026-11-20' });
    const content = (wecom!.body.markdown as { content: string }).content;
    expect(content).toContain('‹!channel› ∗Acme∗ ʹxʹ & Co');
  });

  it('signs DingTalk in the query and Feishu in the body; other kinds are left as they are', () => {
    const dingtalk = signedRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', { msgtype: 'markdown' }, 'SECxyz', 1_700_000_000_123);
    const query = new URL(dingtalk.url).searchParams;
    expect(query.get('access_token')).toBe('abc');
    expect(query.get('timestamp')).toBe('1700000000123');
    // The value is URL-encoded base64 of a 32-byte HMAC.
    expect(Buffer.from(query.get('sign')!, 'base64')).toHaveLength(32);
    expect(dingtalk.url).not.toMatch(/sign=[^&]*[+/=]/);
    const feishu = JSON.parse(signedRequest('feishu', 'https://open.feishu.cn/x', { msg_type: 'post' }, 'sec', 1_700_000_000_999).body) as Record<string, string>;
    expect(feishu).toMatchObject({ timestamp: '1700000000', msg_type: 'post' });
    expect(Buffer.from(feishu.sign!, 'base64')).toHaveLength(32);
    expect(signedRequest('feishu', 'https://open.feishu.cn/x', { msg_type: 'post' }, 'other', 1_700_000_000_999).body).not.toContain(feishu.sign!);
    expect(signedRequest('slack', 'https://hooks.slack.com/services/a', { text: 'x' }, 'sec', 1)).toEqual({ url: 'https://hooks.slack.com/services/a', body: '{"text":"x"}' });
    expect(signedRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=abc', {}, null, 1).url).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc');
  });

  it('reads the errors Feishu, DingTalk and WeCom return with HTTP 200', () => {
    expect(answerProblem('feishu', '{"code":0,"msg":"success"}')).toBeNull();
    expect(answerProblem('feishu', '{"StatusCode":0,"StatusMessage":"success"}')).toBeNull();
    expect(answerProblem('feishu', '{"code":19021,"msg":"sign match fail"}')).toMatchObject({ problem: { key: 'alerts.problem.webhook_code', text: 'the feishu webhook answered code 19021: sign match fail' }, retry: false });
    expect(answerProblem('feishu', '{"code":11232,"msg":"frequency limited"}')!.retry).toBe(true);
    expect(answerProblem('dingtalk', '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(answerProblem('dingtalk', '{"errcode":310000,"errmsg":"keywords not in content"}')).toMatchObject({ retry: false });
    expect(answerProblem('dingtalk', '{"errcode":130101,"errmsg":"send too fast"}')!.retry).toBe(true);
    expect(answerProblem('wecom', '{"errcode":45009,"errmsg":"api freq out of limit"}')!.retry).toBe(true);
    expect(answerProblem('wecom', 'not json')).toBeNull();
    expect(answerProblem('slack', 'invalid_payload')).toBeNull();
  });

  it('words what went wrong by key: the English byte for byte (the JSON\'s), Chinese from the catalogue, what the server said as it came', async () => {
    const zh = (phrase: Phrase) => phraseIn(phrase, CATALOGUES['zh-CN'] as Record<string, Entry | undefined>);
    // A port nothing listens on: refused at once, retried once.
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await postJson(() => ({ url: `http://127.0.0.1:${port}/hook`, body: '{}' }), { timeoutMs: 2000, retries: 1, backoffMs: 1, maxWaitMs: 10 }, () => null);
    expect(refused).toMatchObject({ ok: false, attempts: 2, status: null, transient: true });
    expect(refused.problem!.text).toBe('connection refused (ECONNREFUSED) (2 attempts)');
    expect(zh(refused.problem!)).toBe('连接被拒绝（ECONNREFUSED）（共尝试 2 次）');

    const busy = alertPhrase('alerts.problem.wait_too_long', { problem: alertPhrase('alerts.problem.http', { status: 429, status_text: 'Too Many Requests' }), wait: 120, max: 2 });
    const stopped = alertPhrase('alerts.problem.not_tried', { url: 'https://oapi.dingtalk.com/robot/send?access_token=***', problem: busy });
    expect(stopped.text).toBe('not tried: an earlier message to https://oapi.dingtalk.com/robot/send?access_token=*** failed (HTTP 429 Too Many Requests, asked to wait 120 s (Retry-After), more than alerts.push.max_wait_seconds (2 s))');
    expect(zh(stopped)).toBe('未尝试：此前发往 https://oapi.dingtalk.com/robot/send?access_token=*** 的消息发送失败（HTTP 429 Too Many Requests，服务器要求等待 120 秒（Retry-After），超过 alerts.push.max_wait_seconds（2 秒））');
    const bot = answerProblem('dingtalk', '{"errcode":310000,"errmsg":"keywords not in content"}')!.problem;
    expect(bot.text).toBe('the dingtalk webhook answered code 310000: keywords not in content');
    expect(zh(bot)).toBe('钉钉机器人返回错误码 310000：keywords not in content');
    expect(zh(alertPhrase('alerts.problem.attempts', { problem: alertPhrase('alerts.problem.http', { status: 503, status_text: '' }), attempts: 1 }))).toBe('HTTP 503（共尝试 1 次）');
    expect(alertPhrase('alerts.problem.attempts', { problem: alertPhrase('alerts.problem.no_answer', { seconds: 10 }), attempts: 1 }).text).toBe('no answer within 10 s (1 attempt)');

    // Every problem and the unused-secret note, in Chinese, keep only codes, values and the server's words.
    const said = [
      ...['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'EPROTO', null].map((code) => zh(alertPhrase('alerts.problem.network', { code }))),
      ...(['feishu', 'dingtalk', 'wecom'] as const).map((kind) => zh(alertPhrase('alerts.problem.webhook_code', { kind, code: '1', message: null }))),
      zh(alertPhrase('alerts.problem.no_answer', { seconds: 10 })),
      zh(alertPhrase('alerts.problem.not_sent')),
      zh(stopped),
      messagesFor('zh-CN').t('alerts.note.secret_unused', { url: 'https://chat.example.com/hook', kind: 'wecom' }),
    ];
    const codes = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'EPROTO', 'Too Many Requests', 'Retry-After'];
    for (const text of said) expect(englishWords(text, { allow: codes }), text).toEqual([]);
    expect(messagesFor('en').t('alerts.note.secret_unused', { url: 'https://chat.example.com/hook', kind: 'wecom' })).toBe('https://chat.example.com/hook: a signing secret is given, but wecom webhooks are not signed; it is not used');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Fri, 20 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('CRM task rows', () => {
  const row = (id: number, over: Partial<ExportableAlert> = {}): ExportableAlert => ({
    ...alert(id),
    subject: '',
    tier: 'low_touch',
    state: 'open',
    evidence: { days_since_last_login: 23 },
    last_seen_on: '2026-11-20',
    changed_on: '2026-11-20',
    revision: 1,
    snoozed_until: null,
    closed_on: null,
    closed_how: null,
    overdue: false,
    age_days: 0,
    ...over,
  });
  const config = alertsSchema.parse({ export: { salesforce_owner_ids: { 'Ana Li': '005000000000001AAA' }, hubspot_owners: { 'Bo Chen': 'bo@example.com' } } }).export;

  it('maps severity, state and owner to Salesforce\'s values, and names owners without an id', () => {
    const rows = [row(1, { severity: 'critical' }), row(2, { severity: 'medium', state: 'acked', owner: 'Bo Chen' }), row(3, { severity: 'low', state: 'snoozed', snoozed_until: '2026-12-01', owner: '005000000000002' }), row(4, { state: 'closed', closed_on: '2026-11-21', closed_how: 'done', owner: null })];
    const table = exportTable('salesforce_tasks', rows, config);
    expect(table.columns).toEqual(SALESFORCE_TASK_COLUMNS);
    expect(table.records.map((record) => [record.Priority, record.Status, record.OwnerId])).toEqual([
      ['High', 'Not Started', '005000000000001AAA'],
      ['Normal', 'In Progress', null],
      ['Low', 'Deferred', '005000000000002'],
      ['High', 'Completed', null],
    ]);
    expect(table.notes).toEqual([expect.stringContaining('OwnerId left empty for 1 owner without a Salesforce User Id ("Bo Chen")')]);
    expect(table.records[0]!.Subject).toBe('[csops #1] critical no login: Account 1');
    expect(table.records[3]!.Description).toContain('closed (done on 2026-11-21)');
  });

  it('writes HubSpot\'s values and the company\'s identifiers', () => {
    const table = exportTable('hubspot_tasks', [row(1, { severity: 'critical', owner: 'Bo Chen' }), row(2, { severity: 'low', state: 'closed', closed_on: '2026-11-21', closed_how: 'resolved_by_data' })], config, new Map([['ACC-1', 'one.example']]));
    expect(table.columns).toEqual(HUBSPOT_TASK_COLUMNS);
    expect(table.records.map((record) => [record.Priority, record['Task Status'], record['Assigned to'], record['Company Domain Name']])).toEqual([
      ['HIGH', 'NOT_STARTED', 'bo@example.com', 'one.example'],
      ['LOW', 'COMPLETED', 'Ana Li', null],
    ]);
    expect(alertsSchema.safeParse({ export: { salesforce_owner_ids: { Ana: 'ana@example.com' } } }).success).toBe(false);
  });
});
