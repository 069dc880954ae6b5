import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../src/i18n/messages.js';
import { alertReason, healthReasons, type ReasonSource } from '../../src/core/alert-text.js';
import { phrase, say } from '../../src/core/health/phrases.js';
import { sayIn } from '../../src/i18n/messages/reasons.js';
import { buildMessages, type MessageAlert } from '../../src/core/webhook-messages.js';
import { ALERT_RULES, WEBHOOK_KINDS } from '../../src/config/names.js';
import { REPORT_DEFINITIONS } from '../../src/core/ticket-report.js';
import { reportNotes } from '../../src/core/report-result.js';
import { definitionEntries, escalationText, headlines, missedText, reportNoteText, ticketPriority, ticketType } from '../../src/render/report-figures.js';
import { htmlDocument, htmlTable, legend } from '../../src/render/html.js';
import { englishWords } from '../helpers/english-words-report.js';

/** Issue 24: the report's, the alerts' and the pushed messages' words in Chinese, and English unchanged. */
const en = messagesFor('en');
const zh = messagesFor('zh-CN');

/** One alert of each rule with the evidence alert-rules stores for it, and the English reason it stores. */
const REASONS: Record<string, ReasonSource & { zh: string }> = {
  health_drop: {
    rule: 'health_drop',
    reason: 'health 82 (healthy) on 2026-11-13 → 72 (healthy): logins down 46%',
    evidence: { score_before: 82, band_before: 'healthy', score: 72, band: 'at_risk', since: '2026-11-13', points_lost: 10, reasons: [] },
    zh: '健康分自 2026年11月13日 的 82（健康）降至 72（有风险）',
  },
  no_login: { rule: 'no_login', reason: 'no login for 24 days (last on 2026-10-27)', evidence: { days_since_last_login: 24, last_login: '2026-10-27', threshold_days: 21 }, zh: '已 24 天未登录（最后登录：2026年10月27日）' },
  low_licence_use: { rule: 'low_licence_use', reason: '9 of 40 seats in use (23%, under 30%)', evidence: { peak_active_users: 9, seats: 40, utilisation: 0.225, below: 0.3 }, zh: '40 个席位中 9 个在用（23%，低于 30%）' },
  lapsed: {
    rule: 'lapsed', reason: 'contract C-1 ended 2026-11-08, no renewal recorded yet (grace until 2026-12-08)',
    evidence: { contract_id: 'C-1', end_date: '2026-11-08', grace_until: '2026-12-08', arr: 100, currency: 'CNY' }, zh: '合同 C-1 已于 2026年11月8日 到期，尚无续约记录（宽限期至 2026年12月8日）',
  },
  renewal_window: {
    rule: 'renewal_window', reason: 'contract C-2 ends in 1 day (2026-11-21), inside the 30-day window, with no renewal recorded',
    evidence: { contract_id: 'C-2', end_date: '2026-11-21', days_left: 1, window_days: 30, auto_renew: false }, zh: '合同 C-2 将在 1 天后（2026年11月21日）到期，已进入 30 天续约窗口，尚无续约记录',
  },
  sla_breach: {
    rule: 'sla_breach', reason: '6 tickets past SLA (a run of 3 or more): T-1, T-2, T-3, T-4, T-5, …',
    evidence: { breached_tickets: ['T-1', 'T-2', 'T-3', 'T-4', 'T-5', 'T-6'], run: 3, tier: 'low_touch' }, zh: '6 张工单 SLA 超时（连续 3 张及以上）：T-1、T-2、T-3、T-4、T-5、……',
  },
  urgent_bug: { rule: 'urgent_bug', reason: 'urgent bug T-9 open past SLA (created 2026-11-17T15:12:00.000Z)', evidence: { ticket_id: 'T-9', created_at: '2026-11-17T15:12:00.000Z' }, zh: '紧急缺陷 T-9 超过 SLA 仍未解决（创建于 2026-11-17T15:12:00.000Z）' },
  detractor: { rule: 'detractor', reason: 'CSAT 2 on 2026-10-14 not followed up', evidence: { kind: 'csat', score: 2, responded_at: '2026-10-14T08:00:00Z', day: '2026-10-14' }, zh: 'CSAT 2 分（2026年10月14日）未跟进' },
  champion_left: {
    rule: 'champion_left', reason: 'champion 王芳 left on 2026-08-25; no other champion named',
    evidence: { contact_id: 'CT-1', name: '王芳', title: null, left_on: '2026-08-25', champions_there: 0 }, zh: '关键联系人 王芳 已于 2026年8月25日 离职；尚无其他关键联系人',
  },
};

describe('an alert\'s reason in the language', () => {
  it('is the stored reason in English, byte for byte', () => {
    for (const source of Object.values(REASONS)) expect(alertReason(en, source)).toBe(source.reason);
  });

  it('is written from the evidence in Chinese, for every rule csops has', () => {
    expect(Object.keys(REASONS).sort()).toEqual([...ALERT_RULES].sort());
    for (const source of Object.values(REASONS)) {
      expect(alertReason(zh, source), source.rule).toBe(source.zh);
      expect(englishWords(alertReason(zh, source), ['王芳']), source.rule).toEqual([]);
    }
  });

  it('never reads the English text: the evidence alone decides what it says', () => {
    const source = REASONS.no_login!;
    expect(alertReason(zh, { ...source, reason: 'anything at all' })).toBe(source.zh);
    expect(alertReason(zh, { ...source, evidence: { ...source.evidence, days_since_last_login: 40, last_login: null } })).toBe('已 40 天未登录');
    expect(alertReason(zh, { ...REASONS.sla_breach!, evidence: { breached_tickets: ['T-7'], run: 3, tier: 'high_touch' } })).toBe('1 张工单 SLA 超时（高触达客户）：T-7');
  });

  it('quotes a health drop\'s reasons from their phrases, and the stored English where an alert has none or an unknown one', () => {
    const phrases = [phrase('trend.change', { change: -46, recent: 78, previous: 144, weeks: 4, end: null }), phrase('licence.in_use', { users: 9, seats: 19, percent: 47 }), phrase('relationship.no_champion')];
    const evidence = { ...REASONS.health_drop!.evidence, reasons: phrases.map(say), reason_phrases: phrases };
    const drop = { ...REASONS.health_drop!, evidence };
    const said = alertReason(zh, drop);
    expect(said).toBe(`健康分自 2026年11月13日 的 82（健康）降至 72（有风险）：${sayIn(zh, phrases[0]!)}；${sayIn(zh, phrases[1]!)}`);
    expect(englishWords(said)).toEqual([]);
    // Synced before the phrases were stored: the English as it is; a phrase this version does not know, or a broken one: its English.
    expect(alertReason(zh, { ...drop, evidence: { ...evidence, reasons: ['a', 'b', 'c'], reason_phrases: undefined } })).toBe('健康分自 2026年11月13日 的 82（健康）降至 72（有风险）：a；b');
    const unknown = { key: 'no.such.phrase', params: {} };
    const nestedUnknown = { key: 'support.detail', params: { found: unknown, unclassified: 0 } };
    expect(healthReasons(zh, { reasons: ['x', 'y', 'z'], reason_phrases: [unknown, nestedUnknown, phrases[2]] })).toEqual(['x', 'y', sayIn(zh, phrases[2]!)]);
    expect(healthReasons(zh, { reasons: ['x'], reason_phrases: [{ key: 'modules.unused', params: {} }] })).toEqual(['x']);
    expect(healthReasons(en, evidence)).toEqual(phrases.map(say));
  });
});

const message = (id: number, over: Partial<MessageAlert> = {}): MessageAlert => ({
  id, rule: 'lapsed', severity: 'critical', account_id: `ACC-${id}`, account_name: `客户 ${id}`, owner: '李娜', reason: `合同 C-${id} 已到期`, opened_on: '2026-11-20', due_by: '2026-11-22', ...over,
});

describe('pushed messages in Chinese', () => {
  it('titles a message with severity and rule in Chinese, and its facts', () => {
    const [dingtalk] = buildMessages('dingtalk', [message(7)], { digest: false, asOf: '2026-11-20', messages: zh });
    const body = dingtalk!.body as { markdown: { title: string; text: string } };
    expect(body.markdown.title).toBe('【严重】到期未续约：客户 7（ACC-7）');
    expect(body.markdown.text).toBe('#### 【严重】到期未续约：客户 7（ACC-7）\n\n合同 C-7 已到期\n\n> 负责人：李娜 · 截止：2026-11-22 · 预警工单 #7：csops alerts ack 7');
    const [none] = buildMessages('wecom', [message(8, { owner: null })], { digest: false, asOf: '2026-11-20', messages: zh });
    expect((none!.body as { markdown: { content: string } }).markdown.content).toContain('负责人：无 · 截止：2026-11-22');
  });

  it('splits a digest into parts titled in Chinese, every alert once, for every chat', () => {
    const alerts = Array.from({ length: 45 }, (_, index) => message(index + 1));
    for (const kind of WEBHOOK_KINDS) {
      const digests = buildMessages(kind, alerts, { digest: true, asOf: '2026-11-20', messages: zh });
      expect(digests.flatMap((entry) => entry.alertIds), kind).toEqual(alerts.map((entry) => entry.id));
      const text = JSON.stringify(digests[0]!.body);
      if (digests.length > 1) expect(text, kind).toContain(`csops：截至 2026年11月20日 新增 ${digests[0]!.alertIds.length} 条预警工单（第 1/${digests.length} 部分）`);
      else expect(text, kind).toContain('csops：截至 2026年11月20日 新增 45 条预警工单');
    }
  });

  it('writes English as before when no language is given', () => {
    const [slack] = buildMessages('slack', [message(3, { account_name: 'Acme', owner: null, reason: 'why' })], { digest: false, asOf: '2026-11-20' });
    expect((slack!.body as { text: string }).text).toBe('CRITICAL lapsed: Acme (ACC-3): why');
    expect(buildMessages('slack', [message(1), message(2)], { digest: true, asOf: '2026-11-20', messages: en })[0]!.body).toMatchObject({ blocks: [{ text: { text: 'csops: 2 new alerts as of 2026-11-20' } }, {}, {}] });
  });
});

describe('the report\'s words', () => {
  const period = (from: string, to: string) => ({ label: 'x', from, to });
  it('notes a period not over exactly when the as-of day is before its last day, and every count csops could not classify', () => {
    const base = { kind: 'weekly' as const, unknown_status_open: 0, unknown_priority: 0, from_durations: 0 };
    expect(reportNotes({ ...base, as_of: '2026-11-22', period: period('2026-11-16', '2026-11-22') }, 'normal')).toEqual([]);
    expect(reportNotes({ ...base, as_of: '2026-11-21', period: period('2026-11-16', '2026-11-22') }, 'normal')).toEqual([{ key: 'period_open', kind: 'weekly', as_of: '2026-11-21' }]);
    const all = reportNotes({ ...base, kind: 'monthly', as_of: '2026-12-01', period: period('2026-11-01', '2026-11-30'), unknown_status_open: 2, unknown_priority: 3, from_durations: 4 }, 'high');
    expect(all.map((note) => reportNoteText(en, note))).toEqual([
      '2 open tickets have a status csops could not classify: counted as open (classify them with vocabularies.ticket_status in the config)',
      '3 tickets created in the period have a priority csops could not classify: measured against the high targets (sla.default_priority; classify them with vocabularies.ticket_priority)',
      '4 tickets had no reply or resolution time: the export\'s durations were used instead',
    ]);
    expect(all.map((note) => reportNoteText(zh, note))).toEqual([
      '2 张未关闭工单的状态无法识别：按未解决计（可在配置的 vocabularies.ticket_status 中归类）',
      '本期新建的 3 张工单优先级无法识别：按「高」的目标时长衡量（sla.default_priority；可在 vocabularies.ticket_priority 中归类）',
      '4 张工单没有回复或解决时间：改用导出文件中的时长',
    ]);
  });

  it('defines each figure in English exactly as the JSON does, and in Chinese by name', () => {
    expect(definitionEntries(en, REPORT_DEFINITIONS)).toEqual(Object.entries(REPORT_DEFINITIONS));
    const chinese = definitionEntries(zh, REPORT_DEFINITIONS);
    expect(chinese.map(([name]) => name)).toEqual(['新建', '已解决', '积压工单', '首次响应 SLA 达成率', '解决 SLA 达成率', '首次响应时长', '解决时长', 'CSAT', '未匹配的组织', '升级']);
    for (const [name, text] of chinese) expect(englishWords(`${name} ${text}`), name).toEqual([]);
    // A definition csops does not know is shown as given.
    expect(definitionEntries(zh, { later: 'a later figure' })).toEqual([['later', 'a later figure']]);
  });

  it('shows types, priorities, missed targets and the default escalation levels in the language; a team\'s own levels as written', () => {
    expect([ticketType(zh, 'bug'), ticketType(zh, 'feature'), ticketType(zh, 'custom'), ticketPriority(zh, 'urgent'), ticketPriority(en, 'urgent')]).toEqual(['缺陷', '功能需求', 'custom', '紧急', 'urgent']);
    expect([missedText(zh, 'first response + resolution'), missedText(en, 'first response + resolution')]).toEqual(['首次响应 + 解决', 'first response + resolution']);
    expect([escalationText(zh, 'head of CS'), escalationText(zh, 'team lead'), escalationText(zh, '值班经理'), escalationText(en, 'head of CS')]).toEqual(['客户成功负责人', '组长', '值班经理', 'head of CS']);
  });

  it('labels the headline figures with units in the language', () => {
    const figures = { created: 10, resolved: 8, backlog: 4, first_response_met: 9, first_response_breached: 1, first_response_attainment: 0.9, resolution_met: 8, resolution_breached: 0, resolution_attainment: 1, median_first_response_hours: 2.5, p90_first_response_hours: 6, median_resolution_hours: 7, p90_resolution_hours: 12, csat: 0.75, csat_responses: 8 };
    const before = { ...figures, created: 12, first_response_attainment: 0.95, median_first_response_hours: 2 };
    expect(headlines(figures, before, zh).map((row) => [row.figure, row.now, row.change])).toEqual([
      ['新建工单', '10', '−2'], ['已解决工单', '8', '±0'], ['期末积压工单', '4', '±0'], ['首次响应 SLA 达成率', '90.0%', '−5 个百分点'], ['解决 SLA 达成率', '100.0%', '±0 个百分点'],
      ['首次响应时长中位数', '2.5 小时', '+0.5 小时'], ['首次响应时长 P90', '6 小时', '±0 小时'], ['解决时长中位数', '7 小时', '±0 小时'], ['解决时长 P90', '12 小时', '±0 小时'], ['CSAT（8 份评价）', '75.0%', '±0 个百分点'],
    ]);
    expect(headlines(figures, before, en)[5]).toEqual({ figure: 'median first response', now: '2.5 h', before: '2 h', change: '+0.5 h' });
  });
});

describe('HTML pieces in the language', () => {
  it('writes the page\'s lang attribute (English by default) and an empty table\'s word', () => {
    expect(htmlDocument({ title: 't', body: '' })).toContain('<html lang="en">');
    expect(htmlDocument({ title: 't', body: '', lang: 'zh-CN' })).toContain('<html lang="zh-CN">');
    expect(htmlTable(['a'], [], [false])).toBe('<p><em>none</em></p>\n');
    expect(htmlTable(['a'], [], [false], '无')).toBe('<p><em>无</em></p>\n');
  });

  it('spaces a legend by how wide its labels are drawn: a Chinese character takes two narrow ones\' room', () => {
    const secondX = (svg: string) => Number([...svg.matchAll(/<rect x="([\d.]+)"/g)][1]![1]);
    expect(secondX(legend([['created', '#000'], ['x', '#111']]))).toBeCloseTo(34 + 16 + 7 * 5.5);
    expect(secondX(legend([['新建工单', '#000'], ['x', '#111']]))).toBeCloseTo(34 + 16 + 4 * 10);
  });
});
