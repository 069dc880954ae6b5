/**
 * The words the config and the import share: the import kinds, the built-in vocabularies of the open
 * fields (ticket status, priority and type; contract status and type) and the null spellings. Here,
 * below both, so the config schema never imports the importer.
 */
// In dependency order: a file names only what an earlier kind holds (a touchpoint names a contact).
export const KINDS = ['accounts', 'contracts', 'usage', 'tickets', 'surveys', 'contacts', 'contact_roles', 'touchpoints'] as const;
export type Kind = (typeof KINDS)[number];

/** The fields whose values helpdesks and CRMs let admins extend (issue 15): raw kept, config maps them. */
export const VOCABULARY_FIELDS = ['ticket_status', 'ticket_priority', 'ticket_type', 'contract_status', 'contract_type', 'contact_role', 'contact_status', 'touchpoint_type'] as const;
export type VocabularyField = (typeof VOCABULARY_FIELDS)[number];

export interface EnumType {
  kind: 'enum';
  /** Matching key (see vocabularyKey) → canonical value. */
  synonyms: ReadonlyMap<string, string>;
  canonical: readonly string[];
  describe: string;
  /**
   * An open vocabulary: any text is a value. The text is kept in `<field>_raw`; the normalised value
   * is the synonym's, else the config's, else `other` where the field has one, else NULL. Closed
   * enumerations (the survey kind) still refuse an unknown value.
   */
  open?: { vocabulary: VocabularyField; other?: string };
}

/**
 * The key values are matched by: NFKC, lower case, every run of spaces and punctuation one space
 * ("Won't Do", "won't-do" and "WONT DO"… the first two match, "wont" is another word).
 */
export function vocabularyKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function synonyms(table: Record<string, readonly string[]>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [canonical, words] of Object.entries(table)) {
    map.set(vocabularyKey(canonical), canonical);
    for (const word of words) {
      const key = vocabularyKey(word);
      if (map.has(key) && map.get(key) !== canonical) throw new Error(`synonym "${word}" is both ${map.get(key)} and ${canonical}`);
      map.set(key, canonical);
    }
  }
  return map;
}

function enumOf(table: Record<string, readonly string[]>, open?: EnumType['open']): EnumType {
  const canonical = Object.keys(table);
  return { kind: 'enum', synonyms: synonyms(table), canonical, describe: `one of ${canonical.join(', ')}`, open };
}

// The built-in vocabularies: csops's own words, then the default values of the tools csops reads
// (Zendesk, Freshdesk, Jira, ServiceNow, Salesforce, HubSpot, Zoho) and common Chinese ones. A value
// none of them knows is not an error: the config's `vocabularies` classify it (see classifyValue).

export const CONTRACT_STATUS = enumOf({
  active: ['current', 'live', 'in force', 'activated', 'in effect', 'past due', '生效', '生效中', '执行中', '有效', '进行中'],
  renewed: ['已续约', '已续费'],
  churned: ['lost', 'closed lost', 'not renewed', 'churn', '已流失', '流失', '未续约'],
  cancelled: ['canceled', 'terminated', 'cancelled by customer', '已取消', '已终止', '终止', '取消'],
  expired: ['ended', '已到期', '已过期', '到期', '过期'],
  pending: ['draft', 'future', 'signed', 'in approval process', 'awaiting signature', 'not started', '待生效', '草稿', '未生效'],
  // A trial never renews, replaces or adds ARR (renewal-state.ts isRevenue).
  trial: ['trialing', 'trialling', 'in trial', 'free trial', 'evaluation', 'pilot', 'poc', 'proof of concept', '试用', '试用中', '试点'],
}, { vocabulary: 'contract_status' });

export const CONTRACT_TYPE = enumOf({
  new: ['new business', 'new logo', 'initial', 'new customer', 'new subscription', '新签', '新购', '新客户'],
  renewal: ['renew', 'existing customer renewal', 'existing business renewal', '续约', '续费', '续签'],
  // An upgrade replaces the contract it upgrades; an expansion is an add-on that runs beside it (renewal-state.ts).
  upgrade: ['upgrade', 'existing customer upgrade', 'plan upgrade', '升级'],
  expansion: ['upsell', 'add on', 'addon', 'cross sell', 'existing business upsell', '增购', '扩容', '加购'],
  downgrade: ['contraction', 'existing customer downgrade', '降级', '减购', '缩容'],
}, { vocabulary: 'contract_type' });

export const TICKET_STATUS = enumOf({
  new: ['to do', 'todo', 'backlog', 'unassigned', 'submitted', 'received', 'untriaged', '新建', '待处理', '未处理', '待分配', '新工单'],
  // Salesforce Case "Working"/"Escalated", Jira "In Progress"/"In Review", ServiceNow "In Progress".
  open: ['in progress', 'assigned', 'reopened', 're opened', 'in review', 'under review', 'code review', 'working', 'escalated',
    'investigating', 'work in progress', 'wip', 'acknowledged', 'accepted', 'selected for development', 'customer responded',
    '处理中', '进行中', '已分配', '已受理', '重新打开', '打开', '已升级'],
  // Freshdesk "Waiting on Customer"/"Waiting on Third Party"; Zendesk "Pending"; Salesforce "Pending Customer Response".
  pending: ['waiting', 'waiting on customer', 'awaiting customer', 'waiting for customer', 'waiting on third party', 'waiting for third party',
    'pending customer response', 'pending customer', 'awaiting response', 'awaiting customer response', 'waiting for reply', 'awaiting info',
    'more info needed', 'need more info', '等待客户', '待客户确认', '待反馈', '待回复', '等待回复'],
  on_hold: ['hold', 'on hold', 'paused', 'suspended', 'deferred', 'blocked', '挂起', '暂停', '搁置'],
  // "Won't Fix"/"Won't Do" end the work with an answer: solved, not open (the rule).
  solved: ['resolved', 'fixed', "won't fix", "won't do", 'closed won t fix', 'answered', 'cannot reproduce', 'works as designed', 'duplicate',
    '已解决', '已处理', '已完成', '已修复'],
  closed: ['done', 'complete', 'completed', 'canceled', 'cancelled', 'rejected', 'declined', 'archived', 'closed resolved', '已关闭', '关闭', '已取消', '已结束'],
}, { vocabulary: 'ticket_status' });

// ServiceNow writes "1 - Critical" … "5 - Planning" (the key drops the dash); bare digits are never
// a priority (1 is the highest in some tools, the lowest in others).
export const TICKET_PRIORITY = enumOf({
  urgent: ['p0', 'p1', 'critical', 'highest', 'blocker', 'emergency', 'immediate', 'sev 0', 'sev 1', 'sev0', 'sev1', 's0', 's1', 'severity 1',
    '1 critical', 'priority 1', '紧急', '特急', '最高', '严重'],
  high: ['p2', 'major', 'sev 2', 'sev2', 's2', 'severity 2', '2 high', 'priority 2', 'important', '高'],
  normal: ['p3', 'medium', 'moderate', 'sev 3', 'sev3', 's3', 'severity 3', '3 moderate', '3 medium', 'priority 3', '中', '普通', '一般'],
  low: ['p4', 'p5', 'minor', 'lowest', 'trivial', 'sev 4', 'sev4', 's4', 'severity 4', 'sev 5', 'sev5', 's5', 'severity 5', '4 low', '5 planning',
    'planning', 'priority 4', 'priority 5', '低', '较低', '最低'],
}, { vocabulary: 'ticket_priority' });

export const TICKET_TYPE = enumOf({
  bug: ['defect', 'incident', 'problem', 'error', 'bug report', 'outage', '故障', '缺陷', '事件'],
  feature: ['feature request', 'enhancement', 'improvement', 'new feature', 'story', 'suggestion', 'idea', '需求', '建议'],
  question: ['how to', 'howto', 'usage question', 'support', 'service request', 'inquiry', 'enquiry', 'request', '咨询', '问题'],
  other: ['task', 'general', 'misc', 'sub task', 'subtask'],
}, { vocabulary: 'ticket_type', other: 'other' });

// A contact's part in the decision chain (DOMAIN §6). Salesforce's OpportunityContactRole picklist
// (Business User, Decision Maker, Economic Buyer, Economic Decision Maker, Evaluator, Executive
// Sponsor, Influencer, Technical Buyer, Other) and HubSpot's buying roles (Budget Holder, Champion,
// Decision Maker, End User, Executive Sponsor, Influencer, Blocker …) are known; Evaluator, Influencer
// and the like are kept as written (role_raw) with no canonical role.
export const CONTACT_ROLE = enumOf({
  champion: ['core user', 'key user', 'power user', 'internal champion', 'sponsor', '核心用户', '关键用户', '内部支持者', '项目负责人'],
  decision_maker: ['decision maker', 'key decision maker', 'executive sponsor', 'executive', 'approver', '决策人', '决策者', '关键决策人', '拍板人'],
  economic_buyer: ['economic buyer', 'economic decision maker', 'budget holder', 'buyer', 'purchaser', 'procurement', '采购', '采购负责人', '经济决策人', '预算负责人'],
  admin: ['administrator', 'system admin', 'system administrator', 'it admin', '管理员', '系统管理员'],
  user: ['end user', 'business user', 'member', '普通用户', '使用者', '用户'],
}, { vocabulary: 'contact_role' });

// Whether the person is still at the customer: CRMs mark departures in many words.
export const CONTACT_STATUS = enumOf({
  active: ['current', 'employed', 'in role', 'valid', '在职', '正常', '有效', '活跃'],
  left: ['inactive', 'left company', 'no longer with company', 'no longer at company', 'no longer employed', 'former', 'former employee',
    'departed', 'gone', 'moved on', 'resigned', 'invalid', '离职', '已离职', '无效', '停用', '已停用'],
}, { vocabulary: 'contact_status' });

// What a CSM's touchpoint with the customer was (Salesforce Task/Event Type and subtypes, CRM visit logs).
export const TOUCHPOINT_TYPE = enumOf({
  call: ['phone', 'phone call', 'call logged', 'outbound call', 'inbound call', '电话', '通话', '电话沟通', '电话回访'],
  meeting: ['video call', 'online meeting', 'web meeting', 'conference call', 'event', '会议', '会面', '线上会议', '视频会议'],
  visit: ['on site', 'onsite', 'on site visit', 'site visit', 'customer visit', 'in person', '拜访', '上门', '上门拜访', '现场拜访', '实地拜访'],
  email: ['e mail', 'mail', 'list email', 'email sent', '邮件', '电子邮件'],
  qbr: ['ebr', 'business review', 'quarterly business review', 'executive business review', '季度业务回顾', '业务回顾'],
  other: ['task', 'note', 'cadence', 'linkedin', 'chat', 'message', 'wechat', '微信', '其他'],
}, { vocabulary: 'touchpoint_type', other: 'other' });

export const SURVEY_KIND = enumOf({ nps: ['net promoter', 'net promoter score'], csat: ['satisfaction', 'customer satisfaction'] });


/** What pandas, R, SQL clients and Excel write for "no value" (the default of `import.null_values`). */
export const DEFAULT_NULL_VALUES: readonly string[] = ['NaN', 'nan', 'None', 'NULL', 'null', 'N/A', 'n/a', '#N/A', '-', '—'];

/** The default of `import.no_end_year`: CRMs write 9999-12-31 or 4000-12-31 for a contract with no end. */
export const DEFAULT_NO_END_YEAR = 4000;
