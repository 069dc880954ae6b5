import type { Language } from './language-codes.js';

/**
 * The terms csops's Chinese output uses, one word per idea (issue 24): the words customer-success
 * teams in China use, so the weekly report pasted into a DingTalk group reads like their own. Every
 * catalogue string that names one of these ideas takes the word from here; `avoid` lists the other
 * translations in circulation, which the catalogue test refuses (one idea, one word).
 */
export interface Term {
  en: string;
  'zh-CN': string;
  /** Other Chinese words for the same idea, never used in csops's output. */
  avoid?: readonly string[];
}

export const GLOSSARY = {
  account: { en: 'account', 'zh-CN': '客户' },
  owner: { en: 'owner', 'zh-CN': '负责人' },
  csm: { en: 'CSM', 'zh-CN': '客户成功经理', avoid: ['客服经理'] },
  health: { en: 'health', 'zh-CN': '健康度' },
  health_score: { en: 'health score', 'zh-CN': '健康分', avoid: ['健康得分', '健康评分'] },
  band: { en: 'band', 'zh-CN': '健康等级' },
  healthy: { en: 'healthy', 'zh-CN': '健康' },
  watch: { en: 'watch', 'zh-CN': '需关注' },
  at_risk: { en: 'at risk', 'zh-CN': '有风险' },
  critical: { en: 'critical', 'zh-CN': '高危' },
  tier: { en: 'tier', 'zh-CN': '服务分级' },
  high_touch: { en: 'high-touch', 'zh-CN': '高触达', avoid: ['高接触'] },
  low_touch: { en: 'low-touch', 'zh-CN': '低触达', avoid: ['低接触'] },
  tech_touch: { en: 'tech-touch', 'zh-CN': '技术触达', avoid: ['技术接触', '科技触达'] },
  arr: { en: 'ARR', 'zh-CN': '年度经常性收入（ARR）' },
  renewal: { en: 'renewal', 'zh-CN': '续约', avoid: ['续费', '续签'] },
  renewal_window: { en: 'renewal window', 'zh-CN': '续约窗口' },
  lapsed: { en: 'lapsed', 'zh-CN': '到期未续约' },
  churn: { en: 'churn', 'zh-CN': '流失' },
  grr: { en: 'GRR', 'zh-CN': '总收入留存率', avoid: ['毛收入留存率', '总留存率'] },
  nrr: { en: 'NRR', 'zh-CN': '净收入留存率', avoid: ['净留存率', '净收入保留率'] },
  logo_churn: { en: 'logo churn', 'zh-CN': '客户流失率', avoid: ['客户数流失率', 'Logo流失率'] },
  renewal_rate: { en: 'renewal rate', 'zh-CN': '续约率', avoid: ['续费率'] },
  return_on_acquisition: { en: 'return on acquisition', 'zh-CN': '收益度' },
  ticket: { en: 'ticket', 'zh-CN': '工单' },
  backlog: { en: 'backlog', 'zh-CN': '积压工单' },
  first_response: { en: 'first response', 'zh-CN': '首次响应' },
  resolution: { en: 'resolution', 'zh-CN': '解决' },
  sla_attainment: { en: 'SLA attainment', 'zh-CN': 'SLA 达成率', avoid: ['SLA 达标率', 'SLA达标率'] },
  breach: { en: 'breach', 'zh-CN': '超时', avoid: ['违约'] },
  escalation: { en: 'escalation', 'zh-CN': '升级' },
  alert: { en: 'alert', 'zh-CN': '预警工单', avoid: ['告警'] },
  usage_recency: { en: 'usage recency', 'zh-CN': '最近使用' },
  login_trend: { en: 'login trend', 'zh-CN': '登录趋势' },
  licence_utilisation: { en: 'licence utilisation', 'zh-CN': '席位使用率', avoid: ['许可证使用率', '授权使用率'] },
  key_module_adoption: { en: 'key module adoption', 'zh-CN': '核心功能使用', avoid: ['关键模块采用'] },
  support: { en: 'support', 'zh-CN': '工单支持' },
  sentiment: { en: 'sentiment', 'zh-CN': '满意度' },
  renewal_proximity: { en: 'renewal proximity', 'zh-CN': '续约临近' },
  relationship: { en: 'relationship', 'zh-CN': '客户关系' },
  champion: { en: 'champion', 'zh-CN': '关键联系人', avoid: ['拥护者', '倡导者'] },
  as_of: { en: 'as of', 'zh-CN': '截至' },
  // i24r
  team_lead: { en: 'team lead', 'zh-CN': '组长' },
  head_of_cs: { en: 'head of CS', 'zh-CN': '客户成功负责人' },
  snoozed: { en: 'snoozed', 'zh-CN': '暂缓', avoid: ['稍后提醒'] },
  overdue: { en: 'overdue', 'zh-CN': '逾期', avoid: ['过期未处理'] },
  detractor: { en: 'detractor', 'zh-CN': '低分评价', avoid: ['贬损者'] },
  // i24s
  bug: { en: 'bug', 'zh-CN': '缺陷' },
  decision_maker: { en: 'decision maker', 'zh-CN': '决策人', avoid: ['决策者'] },
  key_modules: { en: 'key modules', 'zh-CN': '核心功能', avoid: ['关键模块'] },
  score: { en: 'score', 'zh-CN': '分数' },
  confidence: { en: 'confidence', 'zh-CN': '置信度' },
  trend: { en: 'trend', 'zh-CN': '趋势' },
  forecast: { en: 'forecast', 'zh-CN': '预测' },
  auto_renew: { en: 'auto-renew', 'zh-CN': '自动续约' },
  churn_probability: { en: 'churn probability', 'zh-CN': '流失概率' },
  expansion: { en: 'expansion', 'zh-CN': '增购' },
  contraction: { en: 'contraction', 'zh-CN': '降级' },
  // i24i: the import's words
  survey: { en: 'survey', 'zh-CN': '调研', avoid: ['问卷', '问卷调查', '调查问卷'] },
  contact: { en: 'contact', 'zh-CN': '联系人' },
  // i24z: the other kinds of file csops imports
  contract: { en: 'contract', 'zh-CN': '合同' },
  usage_data: { en: 'usage data', 'zh-CN': '使用数据' },
  contact_role: { en: 'contact role', 'zh-CN': '联系人角色' },
  touchpoint: { en: 'touchpoint', 'zh-CN': '触达记录' },
  deal: { en: 'deal', 'zh-CN': '商机', avoid: ['交易'] },
  dry_run: { en: 'dry run', 'zh-CN': '试运行', avoid: ['演练', '模拟运行'] },
  rejected_row: { en: 'rejected row', 'zh-CN': '被拒绝的行', avoid: ['拒收'] },
  ignored_column: { en: 'ignored column', 'zh-CN': '忽略的列' },
} as const satisfies Record<string, Term>;

export type TermName = keyof typeof GLOSSARY;

/** The word for an idea in a language. */
export function term(name: TermName, language: Language): string {
  return GLOSSARY[name][language];
}
