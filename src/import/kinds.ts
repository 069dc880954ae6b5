/**
 * The field table of each import kind (SPEC §3): canonical names, types, which are required,
 * the database column each lands in, and the aliases a header may use. Header matching is case-,
 * space- and punctuation-insensitive (see normalizeHeader).
 */
import {
  CONTACT_ROLE, CONTACT_STATUS, CONTRACT_STATUS, CONTRACT_TYPE, KINDS, TOUCHPOINT_TYPE, SURVEY_KIND, TICKET_PRIORITY, TICKET_STATUS, TICKET_TYPE, type EnumType, type Kind,
} from '../config/vocabularies.js';

// The kinds and vocabularies are the config's words too (config/vocabularies.ts); the import reads by them.
export {
  CONTACT_ROLE, CONTACT_STATUS, CONTRACT_STATUS, CONTRACT_TYPE, KINDS, TOUCHPOINT_TYPE, SURVEY_KIND, TICKET_PRIORITY, TICKET_STATUS, TICKET_TYPE, VOCABULARY_FIELDS, vocabularyKey,
  type EnumType, type Kind, type VocabularyField,
} from '../config/vocabularies.js';

export type FieldType =
  | { kind: 'text' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'number'; min?: number }
  | { kind: 'money'; min?: number }
  | { kind: 'date' }
  | { kind: 'instant' }
  | { kind: 'boolean' }
  | { kind: 'currency' }
  | { kind: 'tags' }
  /** A time span in `unit`, or written as HH:MM or HH:MM:SS; stored in minutes. */
  | { kind: 'duration'; unit: 'minutes' | 'hours' }
  /** A 1–5 satisfaction score, or the words helpdesks export (Good/Bad, Happy/Unhappy, Offered). */
  | { kind: 'csat' }
  | EnumType;

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Required as a column in the header (and as a value in each row). */
  required?: boolean;
  aliases?: readonly string[];
}

export interface KindSpec {
  kind: Kind;
  table: string;
  /** Database key column(s); a re-import of the same key is an update. */
  key: readonly string[];
  fields: readonly FieldSpec[];
  /**
   * Read from its header alone (no kind given), a file is of this kind only when one of these fields
   * is mapped: the people kinds share their account and date columns with usage, accounts and tickets.
   */
  identifiedBy?: readonly string[];
}

const text = { kind: 'text' } as const;
const date = { kind: 'date' } as const;
const instant = { kind: 'instant' } as const;
const money = { kind: 'money', min: 0 } as const;
const count = { kind: 'integer', min: 0 } as const;

export const KIND_SPECS: Readonly<Record<Kind, KindSpec>> = {
  accounts: {
    kind: 'accounts',
    table: 'accounts',
    key: ['account_id'],
    fields: [
      { name: 'account_id', type: text, required: true, aliases: ['客户编号', '客户id', '客户代码', 'account', 'account_number', 'customer_id', 'company_id'] },
      { name: 'name', type: text, required: true, aliases: ['客户名称', '公司名称', '客户', '名称', 'account_name', 'company', 'company_name', 'customer_name'] },
      { name: 'industry', type: text, aliases: ['行业', '客户行业', '所属行业'] },
      { name: 'region', type: text, aliases: ['地区', '区域', '省份'] },
      { name: 'country', type: text, aliases: ['国家'] },
      { name: 'employees', type: count, aliases: ['员工数', '人员规模', '公司规模', 'number_of_employees', 'company_size', 'headcount'] },
      { name: 'owner', type: text, aliases: ['负责人', '客户成功经理', '客户经理', 'csm', 'account_owner', 'success_manager'] },
      { name: 'plan', type: text, aliases: ['版本', '产品版本', '套餐', 'edition'] },
      { name: 'channel', type: text, aliases: ['客户来源', '获客渠道', '来源', 'acquisition_channel', 'lead_source', 'source'] },
      { name: 'acquisition_cost', type: money, aliases: ['获客成本', 'cac'] },
      { name: 'currency', type: { kind: 'currency' }, aliases: ['币种', '货币', 'currency_iso_code', 'currency_code', 'curr', 'ccy'] },
      { name: 'customer_since', type: date, aliases: ['签约日期', '成为客户日期', 'since', 'first_purchase_date'] },
      { name: 'tier_override', type: text, aliases: ['客户分层', '客户级别', 'tier'] },
      { name: 'custom_dev_amount', type: money, aliases: ['定制开发金额', 'custom_development', 'custom_dev'] },
      { name: 'referrals', type: count, aliases: ['转介绍数'] },
      { name: 'parent_account_id', type: text, aliases: ['parent_id', 'parent_account'] },
      { name: 'domain', type: text, aliases: ['网址', '域名', 'website'] },
    ],
  },
  contracts: {
    kind: 'contracts',
    table: 'contracts',
    key: ['contract_id'],
    fields: [
      { name: 'contract_id', type: text, aliases: ['合同编号', '合同id', 'subscription_id', 'contract', 'opportunity_id', 'deal_id'] },
      { name: 'account_id', type: text, required: true, aliases: ['客户编号', '客户名称', 'account', 'customer_id'] },
      { name: 'start_date', type: date, required: true, aliases: ['开始日期', '合同开始时间', '合同开始日期', 'start', 'starts', 'term_start', 'close_date', 'closing_date', 'closed_won_date'] },
      { name: 'end_date', type: date, aliases: ['结束日期', '合同结束时间', '合同结束日期', '到期日', 'end', 'ends', 'term_end', 'renewal_date'] },
      { name: 'arr', type: money, aliases: ['年费', '年度合同金额', 'annual_recurring_revenue', 'annual_value'] },
      { name: 'amount', type: money, aliases: ['合同金额', 'total_amount', 'contract_value', 'close_value', 'deal_value', 'deal_amount'] },
      { name: 'term_months', type: { kind: 'integer', min: 1 }, aliases: ['term'] },
      { name: 'mrr', type: money, aliases: ['monthly_recurring_revenue'] },
      { name: 'setup_fee', type: money, aliases: ['实施费', '开通费', 'onboarding_fee', 'implementation_fee'] },
      { name: 'currency', type: { kind: 'currency' }, aliases: ['币种', '货币', 'currency_iso_code', 'currency_code', 'curr', 'ccy'] },
      { name: 'status', type: CONTRACT_STATUS, aliases: ['合同状态', '状态'] },
      { name: 'plan', type: text, aliases: ['edition', 'product'] },
      { name: 'seats', type: count, aliases: ['账号数', '席位数', '用户数', 'licenses', 'licences', 'users'] },
      { name: 'auto_renew', type: { kind: 'boolean' }, aliases: ['自动续费', '自动续约', 'autorenew', 'auto_renewal'] },
      { name: 'type', type: CONTRACT_TYPE, aliases: ['合同类型', 'contract_type'] },
      // The day the customer cancelled (a dated status): from it the contract will not renew.
      { name: 'cancelled_on', type: date, aliases: ['canceled_on', 'cancelled_at', 'canceled_at', 'cancellation_date', 'cancel_date', 'cancelled_date', 'canceled_date', 'churn_date', 'churned_at', 'churned_on', 'notice_date', '解约日期', '退订日期', '取消日期'] },
      // Deal exports (opportunities): only won deals become contracts (see rows.ts, classifyDeal).
      { name: 'deal_stage', type: text, aliases: ['stage', 'stage_name', 'dealstage', 'opportunity_stage', '商机阶段', '阶段'] },
      { name: 'is_won', type: { kind: 'boolean' }, aliases: ['won'] },
      { name: 'is_closed', type: { kind: 'boolean' }, aliases: ['closed'] },
      // Billing exports (Stripe): the price per unit and how often it is charged; ARR = price × seats × periods a year.
      { name: 'unit_amount', type: money, aliases: ['unit_price', 'price'] },
      { name: 'billing_interval', type: text, aliases: ['interval', 'billing_period', 'billing_frequency'] },
      // A billing system's subscription status (Stripe): trials and unpaid first invoices are not contracts yet.
      { name: 'subscription_status', type: text, aliases: ['subscription_state'] },
    ],
  },
  usage: {
    kind: 'usage',
    table: 'usage_daily',
    key: ['account_id', 'day'],
    fields: [
      // Which columns are required depends on the shape (see mapHeader): wide and long files need
      // account_id and date; event files need an event, a timestamp, and an account or subscription.
      { name: 'account_id', type: text, aliases: ['客户编号', 'account', 'customer_id', 'company_id', 'group_id', 'org_id', 'organization_id', 'group_company'] },
      { name: 'date', type: date, aliases: ['日期', 'day', 'activity_date', 'event_date', 'usage_date'] },
      { name: 'metric', type: text, aliases: ['metric_name'] },
      { name: 'value', type: { kind: 'number' }, aliases: ['count', 'amount'] },
      { name: 'event', type: text, aliases: ['event_name', 'event_type', 'action', '事件'] },
      { name: 'timestamp', type: instant, aliases: ['time', 'event_time', 'occurred_at', 'client_event_time', '时间'] },
      { name: 'user_id', type: text, aliases: ['distinct_id', 'user', 'person_id', 'userid', '用户id'] },
      { name: 'subscription_id', type: text, aliases: ['subscription', 'contract_id', 'contract'] },
    ],
  },
  tickets: {
    kind: 'tickets',
    table: 'tickets',
    key: ['ticket_id'],
    fields: [
      { name: 'ticket_id', type: text, required: true, aliases: ['工单编号', '工单号', 'id', 'ticket', 'case_id', 'issue_key'] },
      { name: 'account_id', type: text, aliases: ['客户编号', 'account', 'organization_id', 'customer_id'] },
      // Resolved to an account when account_id is absent (by name, then e-mail domain).
      { name: 'organization', type: text, aliases: ['客户名称', '公司', 'organisation', 'organization_name', 'company', 'company_name', 'customer'] },
      { name: 'requester_email', type: text, aliases: ['email', 'contact_email', 'customer_email'] },
      { name: 'requester_domain', type: text, aliases: ['domain', 'email_domain'] },
      { name: 'created_at', type: instant, required: true, aliases: ['创建时间', '提交时间', 'created', 'opened_at', 'created_date'] },
      { name: 'first_response_at', type: instant, aliases: ['首次响应时间', 'first_reply_at', 'first_responded_at'] },
      { name: 'resolved_at', type: instant, aliases: ['解决时间', '关闭时间', 'solved_at', 'closed_at', 'resolved'] },
      { name: 'status', type: TICKET_STATUS, aliases: ['工单状态', 'state'] },
      { name: 'priority', type: TICKET_PRIORITY, aliases: ['优先级', '紧急程度', 'severity'] },
      { name: 'type', type: TICKET_TYPE, aliases: ['工单类型', '问题类型', 'ticket_type', 'issue_type', 'category'] },
      { name: 'subject', type: text, aliases: ['标题', '主题', 'summary', 'title'] },
      { name: 'tags', type: { kind: 'tags' }, aliases: ['标签', 'labels'] },
      { name: 'assignee', type: text, aliases: ['处理人', '受理人', 'agent', 'assigned_to'] },
      { name: 'channel', type: text, aliases: ['via', 'source'] },
      { name: 'csat', type: { kind: 'csat' }, aliases: ['satisfaction', 'satisfaction_score'] },
      { name: 'first_response_minutes', type: { kind: 'duration', unit: 'minutes' }, aliases: ['first_reply_time_in_minutes', 'first_reply_minutes', 'time_to_first_response'] },
      { name: 'resolution_minutes', type: { kind: 'duration', unit: 'minutes' }, aliases: ['full_resolution_time_in_minutes', 'resolution_time_in_minutes', 'time_to_resolution'] },
      { name: 'first_response_hours', type: { kind: 'duration', unit: 'hours' }, aliases: ['first_response_time_in_hrs'] },
      { name: 'resolution_hours', type: { kind: 'duration', unit: 'hours' }, aliases: ['resolution_time_in_hrs'] },
    ],
  },
  surveys: {
    kind: 'surveys',
    table: 'surveys',
    key: ['response_id'],
    fields: [
      { name: 'response_id', type: text, aliases: ['回访编号', 'id', 'response'] },
      { name: 'account_id', type: text, required: true, aliases: ['客户编号', '客户名称', 'account', 'customer_id'] },
      { name: 'responded_at', type: instant, required: true, aliases: ['回访时间', '评价时间', 'date', 'submitted_at', 'response_date'] },
      { name: 'kind', type: SURVEY_KIND, aliases: ['survey', 'survey_kind', 'survey_type'] },
      { name: 'score', type: { kind: 'integer' }, required: true, aliases: ['客户满意度', '评分', '满意度', 'rating'] },
      { name: 'comment', type: text, aliases: ['客户反馈', '评价内容', '意见', 'comments', 'feedback', 'verbatim'] },
      { name: 'respondent', type: text, aliases: ['email', 'respondent_email', 'contact'] },
      { name: 'followed_up_at', type: instant, aliases: ['跟进时间', 'follow_up_at', 'followed_up'] },
    ],
  },
  contacts: {
    kind: 'contacts',
    table: 'contacts',
    key: ['contact_id'],
    identifiedBy: ['contact_id', 'first_name', 'last_name', 'email', 'title', 'phone', 'role', 'is_decision_maker', 'status', 'left_at'],
    fields: [
      // Without an id column (Chinese CRMs export none), a contact is known by its account and name (see rows.ts).
      { name: 'contact_id', type: text, aliases: ['联系人编号', '联系人id', 'contact', 'contact_record_id'] },
      // The account: an id or a name, else the organisation, else the e-mail's domain (as for tickets).
      { name: 'account_id', type: text, aliases: ['客户编号', '客户名称', '所属客户', 'account', 'customer_id', 'company_id', 'associated_company_ids', 'associated_company_id'] },
      { name: 'organization', type: text, aliases: ['公司', '公司名称', 'organisation', 'company', 'company_name', 'associated_company', 'account_name'] },
      { name: 'name', type: text, aliases: ['姓名', '联系人', '联系人姓名', 'full_name', 'contact_name'] },
      { name: 'first_name', type: text, aliases: ['名', 'firstname', 'given_name'] },
      { name: 'last_name', type: text, aliases: ['姓', 'lastname', 'surname', 'family_name'] },
      { name: 'email', type: text, aliases: ['邮箱', '电子邮件', '邮件', 'email_address', 'e_mail', 'mail'] },
      { name: 'title', type: text, aliases: ['职务', '职位', '头衔', 'job_title', 'position'] },
      { name: 'phone', type: text, aliases: ['电话', '手机', '手机号', 'mobile', 'mobile_phone', 'phone_number', 'mobile_phone_number', 'telephone'] },
      { name: 'role', type: CONTACT_ROLE, aliases: ['角色', '联系人角色', 'buying_role', 'contact_role', 'role__c', 'contact_role__c', 'buying_role__c'] },
      { name: 'is_primary', type: { kind: 'boolean' }, aliases: ['主要联系人', '首要联系人', 'primary', 'primary_contact'] },
      { name: 'is_decision_maker', type: { kind: 'boolean' }, aliases: ['是否关键决策人', '关键决策人', 'key_decision_maker', 'decision_maker'] },
      { name: 'status', type: CONTACT_STATUS, aliases: ['状态', '联系人状态', 'contact_status', 'employment_status', 'status__c', 'contact_status__c'] },
      { name: 'left_at', type: date, aliases: ['离职日期', '离职时间', 'left_on', 'left_date', 'left_company_on', 'departure_date', 'date_left', 'left_date__c', 'left_company_date__c'] },
      { name: 'last_activity_at', type: date, aliases: ['最后跟进时间', '最近跟进时间', 'last_activity', 'last_activity_date', 'last_contacted', 'last_engagement_date'] },
      // When the CRM first had the contact: from then on the contact is known (an --as-of replay before it does not see them).
      { name: 'created_at', type: date, aliases: ['创建时间', '创建日期', 'created', 'created_date', 'create_date'] },
    ],
  },
  contact_roles: {
    kind: 'contact_roles',
    table: 'contact_roles',
    key: ['role_id'],
    fields: [
      // Salesforce's OpportunityContactRole: a contact's role on one deal. Without an id, contact:opportunity.
      { name: 'role_id', type: text, aliases: ['contact_role_id'] },
      { name: 'contact_id', type: text, required: true, aliases: ['联系人编号', 'contact'] },
      { name: 'opportunity_id', type: text, aliases: ['opportunity', 'deal_id', 'contract_id'] },
      { name: 'role', type: CONTACT_ROLE, required: true, aliases: ['角色', 'contact_role', 'buying_role'] },
      { name: 'is_primary', type: { kind: 'boolean' }, aliases: ['primary'] },
    ],
  },
  touchpoints: {
    kind: 'touchpoints',
    table: 'touchpoints',
    key: ['touchpoint_id'],
    identifiedBy: ['touchpoint_id', 'related_id', 'contact_id', 'type', 'subject'],
    fields: [
      // Without an id: derived from the account, contact, date, type and subject (see rows.ts).
      { name: 'touchpoint_id', type: text, aliases: ['跟进编号', '拜访编号', 'activity_id', 'task_id', 'event_id'] },
      { name: 'account_id', type: text, aliases: ['客户编号', '客户名称', 'account', 'customer_id', 'company_id', 'associated_company_ids', 'associated_company'] },
      // Salesforce's WhatId: an account, or an opportunity/contract whose account it is.
      { name: 'related_id', type: text, aliases: ['what_id', 'related_to', 'related_to_id'] },
      { name: 'contact_id', type: text, aliases: ['联系人编号', 'who_id', 'contact', 'associated_contact_ids', 'associated_contact_id'] },
      { name: 'date', type: date, required: true, aliases: ['日期', '跟进时间', '拜访时间', '拜访日期', 'activity_date', 'activity_date_time', 'start_date_time', 'meeting_date', 'call_date', 'activity_timestamp', 'meeting_start_time'] },
      { name: 'type', type: TOUCHPOINT_TYPE, aliases: ['类型', '跟进方式', '拜访方式', '跟进类型', 'activity_type', 'task_subtype', 'event_subtype', 'activity_subtype'] },
      { name: 'subject', type: text, aliases: ['主题', '标题', '跟进内容', 'title', 'call_title', 'meeting_name', 'meeting_title'] },
      { name: 'owner', type: text, aliases: ['负责人', '跟进人', '拜访人', 'owner_id', 'assigned_to', 'activity_assigned_to', 'csm'] },
      // A task's status: one not done yet (Not Started, Deferred…) is no touchpoint and is set aside.
      { name: 'status', type: text, aliases: ['状态', 'task_status'] },
    ],
  },
};

export function isKind(value: string): value is Kind {
  return (KINDS as readonly string[]).includes(value);
}

/** "Account ID", "account_id" and "ACCOUNTID" all become "accountid". Full-width forms fold too. */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
