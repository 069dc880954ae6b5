import { say, type AnyPhrase, type PhraseFactor, type PhraseKey, type PhraseParams } from '../../core/health/phrases.js';
import { GLOSSARY } from '../glossary.js';
import type { Messages } from '../messages.js';

/**
 * The health score's sentences (core/health/phrases.ts) in Simplified Chinese (issue 24). English is
 * core's own text (the JSON's strings); every key is here, so a sentence added to core without its
 * Chinese fails the typecheck. `n` groups a count, `inner` renders a phrase inside the phrase.
 */
type Writer<K extends PhraseKey> = (p: PhraseParams<K>, n: (value: number) => string, inner: (sentence: AnyPhrase) => string) => string;

const KIND = (kind: 'nps' | 'csat') => kind.toUpperCase();
const TIER: Record<string, string> = { high_touch: GLOSSARY.high_touch['zh-CN'], low_touch: GLOSSARY.low_touch['zh-CN'], tech_touch: GLOSSARY.tech_touch['zh-CN'] };
const tierWord = (tier: string) => TIER[tier] ?? tier;
const BUG = GLOSSARY.bug['zh-CN'];
const CHAMPION = GLOSSARY.champion['zh-CN'];
const DECIDER = GLOSSARY.decision_maker['zh-CN'];
const period = (p: { weeks: number; end: string | null }, n: (value: number) => string) => `最近 ${n(p.weeks)} 周${p.end !== null ? `（使用数据截至 ${p.end}）` : ''}`;

/** The factors' names for people: the glossary's words. */
export const FACTOR_WORDS_ZH_CN: Record<PhraseFactor, string> = {
  usage_recency: GLOSSARY.usage_recency['zh-CN'],
  login_trend: GLOSSARY.login_trend['zh-CN'],
  licence_utilisation: GLOSSARY.licence_utilisation['zh-CN'],
  key_modules: GLOSSARY.key_module_adoption['zh-CN'],
  support: GLOSSARY.support['zh-CN'],
  sentiment: GLOSSARY.sentiment['zh-CN'],
  renewal_proximity: GLOSSARY.renewal_proximity['zh-CN'],
  relationship: GLOSSARY.relationship['zh-CN'],
};

/** standing.ts's reasons a contract will not renew ("cancelled on 2026-10-01", "status says churned"). */
function notRenewingWhy(why: string): string {
  const cancelled = /^cancelled on (\d{4}-\d{2}-\d{2})$/.exec(why);
  if (cancelled) return `已于 ${cancelled[1]} 取消`;
  const status = /^status says (.+)$/.exec(why);
  return status ? `合同状态为 ${status[1]}` : why;
}

export const reasonsZhCN: { [K in PhraseKey]: Writer<K> } = {
  'usage.no_data': () => '数据库中没有所评估几周的使用数据',
  'usage.account_untracked': () => '该客户没有任何使用记录（不在使用数据导出中，或从未使用）',
  'recency.no_start': () => '没有登录记录，也没有可作起点的合同开始日期',
  'recency.customer_after_data': (p) => `${p.since} 成为客户，晚于使用数据的最后一天 ${p.end}`,
  recency: (p, n) => {
    const what = p.logins ? '登录' : '使用';
    const fallback = p.logins ? '' : `（使用数据中没有“${p.metric}”指标：任何使用都计入）`;
    if (p.last === null) return `自 ${p.since} 成为客户以来没有${what}记录（${n(p.days)} 天${p.stale ? `，截至使用数据最后一天 ${p.end}` : ''}）${fallback}`;
    if (p.days === 0) return `${p.stale ? `使用数据最后一天（${p.end}）` : '今天'}有${what}${fallback}`;
    return p.stale ? `使用数据于 ${p.end} 结束前已 ${n(p.days)} 天没有${what}（最近一次 ${p.last}）${fallback}` : `已 ${n(p.days)} 天没有${what}（最近一次 ${p.last}）${fallback}`;
  },
  'trend.no_metric': (p) => `使用数据中没有“${p.metric}”指标（请将 health.login_metric 设为统计登录的指标）`,
  'trend.no_previous': (p, n) => `数据库中没有最近 ${n(p.weeks)} 周之前 ${n(p.weeks)} 周的使用数据`,
  'trend.too_new': (p, n) => `成为客户不足 ${n(p.weeks)} 周${p.since ? `（自 ${p.since} 起）` : ''}`,
  'trend.no_logins': (p, n) => `${period(p, n)}及之前 ${n(p.weeks)} 周均没有登录`,
  'trend.new_logins': (p, n) => `${period(p, n)}登录 ${n(p.recent)} 次，之前 ${n(p.weeks)} 周没有登录`,
  'trend.change': (p, n) =>
    `登录${p.change < 0 ? `下降 ${-p.change}%` : p.change > 0 ? `上升 ${p.change}%` : '持平'}（${period(p, n)} ${n(p.recent)} 次，之前 ${n(p.weeks)} 周 ${n(p.previous)} 次）`,
  'licence.no_metric': (p) => `数据中没有“${p.metric}”使用指标`,
  'licence.no_seats': () => '合同上没有席位数',
  'licence.zero_seats': () => '合同席位数为 0',
  'licence.in_use': (p, n) => `${n(p.seats)} 个席位中 ${n(p.users)} 个在用（${p.percent}%，最近 4 周日活跃用户峰值）`,
  'modules.none_configured': () => '未配置核心功能（请在配置中设置 health.key_modules）',
  'modules.all_used': (p, n) => `最近 4 周 ${n(p.count)} 个核心功能全部在用`,
  'modules.unused': (p) => `最近 4 周未使用的核心功能：${p.modules.join('、')}`,
  'support.no_tickets': () => `数据库中没有${GLOSSARY.ticket['zh-CN']}`,
  'support.bugs': (p, n) => {
    const open = `${n(p.count)} 个${p.priority === 'urgent' ? '紧急' : '高优先级'}${BUG}未解决`;
    return p.past_sla === p.count ? `${open}，均已${GLOSSARY.breach['zh-CN']}` : `${open}${p.past_sla > 0 ? `（其中 ${n(p.past_sla)} 个已${GLOSSARY.breach['zh-CN']}）` : ''}`;
  },
  'support.breaches': (p, n) => `最近 ${n(p.days)} 天有 ${n(p.count)} 个${p.other ? '其他' : ''}${GLOSSARY.ticket['zh-CN']}${GLOSSARY.breach['zh-CN']}`,
  'support.spike': (p, n) => `${GLOSSARY.ticket['zh-CN']}激增：${n(p.days)} 天内 ${n(p.recent)} 个（通常 ${p.usual} 个）`,
  'support.clear': (p, n) => `没有未解决的紧急或高优先级${BUG}，${n(p.days)} 天内没有${GLOSSARY.breach['zh-CN']}，没有${GLOSSARY.ticket['zh-CN']}激增`,
  'support.detail': (p, n, inner) => `${inner(p.found)}${p.unclassified > 0 ? `（${n(p.unclassified)} 个未解决${BUG}的优先级无法识别，未计分）` : ''}`,
  'sentiment.none': (p, n) => `最近 ${n(p.days)} 天没有 NPS 或 CSAT 反馈`,
  'sentiment.unfollowed': (p) => `${p.day} 的 ${KIND(p.kind)} ${p.score} 分未跟进`,
  'sentiment.latest': (p) => `最近一次 ${KIND(p.kind)} ${p.score} 分（${p.day}）`,
  'renewal.lapsed': (p, n) => `合同已于 ${n(p.days)} 天前（${p.date}）到期，没有${GLOSSARY.renewal['zh-CN']}记录`,
  'renewal.no_end': () => '当前合同没有结束日期',
  'renewal.not_renewing': (p, n) => `合同${p.days === 0 ? '今天' : ` ${n(p.days)} 天后`}（${p.date}）到期且不会${GLOSSARY.renewal['zh-CN']}：${notRenewingWhy(p.why)}`,
  'renewal.auto': (p, n) => `将于 ${p.date} 自动${GLOSSARY.renewal['zh-CN']}（${n(p.days)} 天后）`,
  'renewal.renews': (p, n) => `${n(p.days)} 天后${GLOSSARY.renewal['zh-CN']}（${p.date}）`,
  'relationship.no_contacts': () => '未导入联系人（csops import contacts）',
  'relationship.key_contacts': (p, n) => `已指定 ${n(p.count)} 位${CHAMPION}或${DECIDER}`,
  'relationship.no_key_contact': (p) => `${tierWord(p.tier)}客户未指定${CHAMPION}或${DECIDER}`,
  'relationship.champion_there': (p) => `${CHAMPION} ${p.names.join('、')} 仍在${p.last === null ? '（没有活动记录）' : `（最近活跃 ${p.last}）`}`,
  'relationship.champion_quiet': (p, n) => `${CHAMPION} ${p.names.join('、')} 已 ${n(p.days)} 天不活跃（最近活跃 ${p.last}）`,
  'relationship.champion_left': (p) => `${CHAMPION} ${p.name}${p.title ? `（${p.title}）` : ''} 已于 ${p.on} 离开，没有其他${CHAMPION}`,
  'relationship.champion_gone': (p) => `${p.name} 离开后没有${CHAMPION}`,
  'relationship.no_champion': () => `未指定${CHAMPION}`,
  'relationship.decider_met': (p, n) => `${n(p.days)} 天前与${DECIDER}会面（${p.last}）`,
  'relationship.no_decider_touch': (p, n) => `没有与${DECIDER}的触达记录（${tierWord(p.tier)}客户的节奏为 ${n(p.cadence)} 天）`,
  'relationship.decider_overdue': (p, n) => `已 ${n(p.days)} 天未联系${DECIDER}（最近一次 ${p.last}；${tierWord(p.tier)}客户的节奏为 ${n(p.cadence)} 天）`,
  'relationship.tech_touch': () => `${GLOSSARY.tech_touch['zh-CN']}客户未指定${CHAMPION}（此类客户不要求联系人）`,
  list: (p, _n, inner) => p.items.map(inner).join('；'),
  missing: (p, _n, inner) => `${FACTOR_WORDS_ZH_CN[p.factor]}：${inner(p.detail)}`,
};

/** A health sentence in the language in force: English is core's (the JSON's), Chinese from the table above. */
export function sayIn(messages: Messages, sentence: AnyPhrase): string {
  if (messages.language !== 'zh-CN') return say(sentence);
  const inner = (nested: AnyPhrase) => sayIn(messages, nested);
  return (reasonsZhCN[sentence.key as PhraseKey] as (p: unknown, n: (value: number) => string, inner: (nested: AnyPhrase) => string) => string)(sentence.params, messages.number, inner);
}
