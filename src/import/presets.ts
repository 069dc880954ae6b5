import { UsageError } from '../errors.js';
import { importPhrase, listPhrase, type importEn } from '../i18n/messages/import.js';
import { normalizeHeader, type Kind } from './kinds.js';

/**
 * Presets name a whole export (SPEC §3): which csops kind a tool's file is, the headers that give it
 * away, and how its columns map to csops fields. Header names are written as the tools write them
 * (matching is case-, space- and punctuation-insensitive, so Data Loader's ALL-CAPS API names match
 * too). Columns a preset does not map fall back to the built-in names and aliases.
 */
export const PRESET_NAMES = ['salesforce', 'hubspot', 'zendesk', 'freshdesk', 'jira', 'wukong', 'stripe', 'zoho', 'servicenow', 'google'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface PresetShape {
  preset: PresetName;
  kind: Kind;
  /** What the export is, for messages: "Salesforce Case export". */
  label: string;
  /** Headers that, all present, identify the export. */
  signature: readonly string[];
  /** Header → field; when two headers feed one field, the one listed first wins. */
  map: Readonly<Record<string, string>>;
  /** Accounts keyed by name: with no id column, the name is the account id. */
  nameIsId?: boolean;
  /** An export csops recognises but does not read: why, and which export to use instead (catalogue keys: src/i18n/messages/import.ts). */
  refuse?: { why: CatalogueKey<'import.refuse.'>; instead: CatalogueKey<'import.refuse.'> };
  /** When a required column is missing: what to add to this tool's export (a catalogue key). */
  missingHint?: CatalogueKey<'import.preset_hint.'>;
  /** Columns ignored without being listed (Stripe's "… (metadata)" columns). */
  quietlyIgnored?: RegExp;
}

/** The import catalogue's keys that start so: a preset names only sentences that exist. */
type CatalogueKey<Prefix extends string> = Extract<keyof typeof importEn, `${Prefix}${string}`>;

export const PRESET_SHAPES = [
  {
    preset: 'salesforce', kind: 'accounts', label: 'Salesforce Account export',
    signature: ['Id', 'Name', 'IsDeleted', 'BillingCountry', 'NumberOfEmployees'],
    map: {
      Id: 'account_id', Name: 'name', Industry: 'industry', BillingCountry: 'country', BillingState: 'region', NumberOfEmployees: 'employees',
      OwnerId: 'owner', AccountSource: 'channel', ParentId: 'parent_account_id', Website: 'domain',
    },
  },
  {
    // A Data Loader extract has only the fields picked for it (often ALL-CAPS API names).
    preset: 'salesforce', kind: 'accounts', label: 'Salesforce Account extract',
    signature: ['Id', 'Name', 'NumberOfEmployees'],
    map: {
      Id: 'account_id', Name: 'name', Industry: 'industry', BillingCountry: 'country', BillingState: 'region', NumberOfEmployees: 'employees',
      OwnerId: 'owner', AccountSource: 'channel', ParentId: 'parent_account_id', Website: 'domain',
    },
  },
  {
    preset: 'salesforce', kind: 'tickets', label: 'Salesforce Case export',
    signature: ['CaseNumber', 'AccountId', 'IsClosed', 'Origin'],
    map: {
      CaseNumber: 'ticket_id', AccountId: 'account_id', SuppliedCompany: 'organization', SuppliedEmail: 'requester_email', CreatedDate: 'created_at', ClosedDate: 'resolved_at', Status: 'status', Priority: 'priority',
      Type: 'type', Subject: 'subject', OwnerId: 'assignee', Origin: 'channel',
    },
  },
  {
    // Opportunities: only won deals become contracts (IsWon, IsClosed and StageName decide; see classifyDeal).
    preset: 'salesforce', kind: 'contracts', label: 'Salesforce Opportunity export',
    signature: ['StageName', 'CloseDate', 'IsWon', 'AccountId'],
    map: {
      Id: 'contract_id', AccountId: 'account_id', CloseDate: 'start_date', Amount: 'arr', Type: 'type', CurrencyIsoCode: 'currency',
      StageName: 'deal_stage', IsWon: 'is_won', IsClosed: 'is_closed', TotalOpportunityQuantity: 'seats',
    },
  },
  {
    // The Contract object has dates, a term and a status but no amount: its ARR lives on the
    // opportunities (or a custom field the org added, mapped with --map).
    preset: 'salesforce', kind: 'contracts', label: 'Salesforce Contract export',
    signature: ['ContractNumber', 'AccountId', 'StartDate', 'ContractTerm'],
    map: { Id: 'contract_id', AccountId: 'account_id', StartDate: 'start_date', EndDate: 'end_date', ContractTerm: 'term_months', Status: 'status', CurrencyIsoCode: 'currency' },
    missingHint: 'import.preset_hint.salesforce_contract',
  },
  {
    // Contact (Data Export, every field). No standard field says a contact left or what part they
    // play: the common custom fields (Contact_Status__c, Role__c …) are read by their aliases.
    preset: 'salesforce', kind: 'contacts', label: 'Salesforce Contact export',
    signature: ['Id', 'AccountId', 'LastName', 'ReportsToId'],
    map: {
      Id: 'contact_id', AccountId: 'account_id', FirstName: 'first_name', LastName: 'last_name', Email: 'email', Title: 'title', Phone: 'phone', MobilePhone: 'phone',
      CreatedDate: 'created_at', LastActivityDate: 'last_activity_at',
    },
  },
  {
    preset: 'salesforce', kind: 'contacts', label: 'Salesforce Contact extract',
    signature: ['Id', 'AccountId', 'LastName', 'Email'],
    map: {
      Id: 'contact_id', AccountId: 'account_id', FirstName: 'first_name', LastName: 'last_name', Email: 'email', Title: 'title', Phone: 'phone', MobilePhone: 'phone',
      CreatedDate: 'created_at', LastActivityDate: 'last_activity_at',
    },
  },
  {
    // A contact's role on a deal (Decision Maker, Economic Buyer …): sets the contacts' roles.
    preset: 'salesforce', kind: 'contact_roles', label: 'Salesforce OpportunityContactRole export',
    signature: ['ContactId', 'OpportunityId', 'Role', 'IsPrimary'],
    map: { Id: 'role_id', ContactId: 'contact_id', OpportunityId: 'opportunity_id', Role: 'role', IsPrimary: 'is_primary' },
  },
  {
    // Tasks: calls, e-mails, to-dos. Only completed ones are touchpoints (Status); the account is
    // AccountId, else the WhatId's (an account or an opportunity), else the WhoId contact's.
    preset: 'salesforce', kind: 'touchpoints', label: 'Salesforce Task export',
    signature: ['WhoId', 'WhatId', 'ActivityDate', 'Status'],
    map: {
      Id: 'touchpoint_id', AccountId: 'account_id', WhatId: 'related_id', WhoId: 'contact_id', ActivityDate: 'date', CompletedDateTime: 'date',
      Type: 'type', TaskSubtype: 'type', Subject: 'subject', OwnerId: 'owner', Status: 'status',
    },
  },
  {
    // Events: meetings and visits (an all-day event has only ActivityDate; a timed one ActivityDateTime).
    preset: 'salesforce', kind: 'touchpoints', label: 'Salesforce Event export',
    signature: ['WhoId', 'WhatId', 'ActivityDateTime', 'DurationInMinutes'],
    map: {
      Id: 'touchpoint_id', AccountId: 'account_id', WhatId: 'related_id', WhoId: 'contact_id', ActivityDate: 'date', ActivityDateTime: 'date', StartDateTime: 'date',
      Type: 'type', EventSubtype: 'type', Subject: 'subject', OwnerId: 'owner',
    },
  },
  {
    // Contacts (an export of a contacts view): the company's record id is what the Companies export keys accounts by.
    preset: 'hubspot', kind: 'contacts', label: 'HubSpot Contacts export',
    signature: ['Record ID', 'First Name', 'Last Name', 'Email'],
    map: {
      'Record ID': 'contact_id', 'First Name': 'first_name', 'Last Name': 'last_name', Email: 'email', 'Phone Number': 'phone', 'Mobile Phone Number': 'phone',
      'Job Title': 'title', 'Buying Role': 'role', 'Associated Company IDs': 'account_id', 'Primary Associated Company ID': 'account_id', 'Associated Company': 'organization',
      'Company Name': 'organization', 'Create Date': 'created_at', 'Last Activity Date': 'last_activity_at',
    },
  },
  {
    preset: 'hubspot', kind: 'accounts', label: 'HubSpot Companies export',
    signature: ['Record ID', 'Company name'],
    map: { 'Record ID': 'account_id', 'Company name': 'name', 'Company owner': 'owner', 'Country/Region': 'country', Industry: 'industry', 'Create Date': 'customer_since', 'Company Domain Name': 'domain', 'Number of Employees': 'employees' },
  },
  {
    preset: 'hubspot', kind: 'contracts', label: 'HubSpot Deals export',
    signature: ['Record ID', 'Deal Name', 'Deal Stage'],
    map: {
      'Record ID': 'contract_id', 'Associated Company IDs': 'account_id', 'Associated Company': 'account_id', 'Close Date': 'start_date', Amount: 'arr',
      'Deal Stage': 'deal_stage', 'Is Closed Won': 'is_won', 'Is closed': 'is_closed', Currency: 'currency', 'Deal Type': 'type',
    },
  },
  {
    preset: 'zendesk', kind: 'tickets', label: 'Zendesk tickets export',
    signature: ['Id', 'Requester id', 'Created at', 'Via'],
    map: {
      Id: 'ticket_id', 'Created at': 'created_at', 'Solved at': 'resolved_at', Status: 'status', Priority: 'priority', 'Ticket type': 'type',
      Subject: 'subject', Tags: 'tags', Assignee: 'assignee', Via: 'channel', 'Satisfaction Score': 'csat',
      Organization: 'organization', 'Requester email': 'requester_email', 'Requester domain': 'requester_domain',
      'First reply time in minutes within business hours': 'first_response_minutes',
      'Full resolution time in minutes within business hours': 'resolution_minutes',
    },
  },
  {
    preset: 'freshdesk', kind: 'tickets', label: 'Freshdesk tickets export',
    signature: ['Ticket ID', 'Created time', 'Resolved time'],
    map: {
      'Ticket ID': 'ticket_id', Subject: 'subject', Status: 'status', Priority: 'priority', Source: 'channel', Type: 'type', Agent: 'assignee',
      'Created time': 'created_at', 'Resolved time': 'resolved_at', 'Closed time': 'resolved_at', Tags: 'tags', 'Survey results': 'csat',
      'Company Name': 'organization', Email: 'requester_email',
      'First response time (in hrs)': 'first_response_hours', 'Resolution time (in hrs)': 'resolution_hours',
    },
  },
  {
    preset: 'jira', kind: 'tickets', label: 'Jira issues export',
    signature: ['Issue key', 'Issue Type', 'Project key', 'Created'],
    map: {
      'Issue key': 'ticket_id', Summary: 'subject', 'Issue Type': 'type', Status: 'status', Priority: 'priority', Assignee: 'assignee',
      Created: 'created_at', Resolved: 'resolved_at', Labels: 'tags',
      // Jira Service Management names the customer's organisation in this custom field.
      'Custom field (Organizations)': 'organization',
    },
  },
  {
    preset: 'wukong', kind: 'accounts', label: 'WukongCRM 客户 export', nameIsId: true,
    signature: ['客户名称', '客户行业', '客户级别'],
    map: { 客户编号: 'account_id', 客户名称: 'name', 客户行业: 'industry', 客户来源: 'channel', 负责人: 'owner', 网址: 'domain', 客户级别: 'tier_override' },
  },
  {
    // 联系人 has no id column: a contact is its 客户名称 and 姓名; 是否关键决策人 (是/否) marks a decision maker.
    preset: 'wukong', kind: 'contacts', label: 'WukongCRM 联系人 export',
    signature: ['姓名', '客户名称', '是否关键决策人'],
    map: { 姓名: 'name', 客户名称: 'account_id', 手机: 'phone', 电话: 'phone', 邮箱: 'email', 职务: 'title', 是否关键决策人: 'is_decision_maker', 创建时间: 'created_at', 最后跟进时间: 'last_activity_at' },
  },
  {
    preset: 'wukong', kind: 'contracts', label: 'WukongCRM 合同 export',
    signature: ['合同编号', '合同金额', '合同开始时间'],
    map: { 合同编号: 'contract_id', 客户名称: 'account_id', 客户编号: 'account_id', 合同金额: 'amount', 合同开始时间: 'start_date', 合同结束时间: 'end_date', 合同类型: 'type' },
  },
  {
    preset: 'wukong', kind: 'surveys', label: 'WukongCRM 回访 export',
    signature: ['回访编号', '回访时间', '客户满意度'],
    map: { 回访编号: 'response_id', 回访时间: 'responded_at', 客户名称: 'account_id', 客户编号: 'account_id', 客户满意度: 'score', 客户反馈: 'comment', 回访人: 'respondent' },
  },
  {
    // Stripe Dashboard → Billing → Subscriptions → Export. ARR = Amount (a unit's price) × Quantity ×
    // charges a year (Interval). The subscription's start is the contract's start; the current
    // period's end is when it next renews. Status (see classifySubscription): active and past_due are
    // active, canceled cancelled, unpaid churned; trialing and incomplete ones are not contracts yet.
    preset: 'stripe', kind: 'contracts', label: 'Stripe Subscriptions export',
    signature: ['id', 'Customer ID', 'Plan', 'Interval', 'Amount', 'Status'],
    map: {
      id: 'contract_id', 'Customer ID': 'account_id', Plan: 'plan', Quantity: 'seats', Currency: 'currency', Interval: 'billing_interval',
      Amount: 'unit_amount', Status: 'subscription_status', 'Start Date (UTC)': 'start_date', 'Current Period Start (UTC)': 'start_date',
      'Current Period End (UTC)': 'end_date', 'Canceled At (UTC)': 'cancelled_on',
    },
    quietlyIgnored: /\(metadata\)$/i,
  },
  {
    // Stripe Dashboard → Customers → Export: the customer id (cus_…) is what subscriptions name.
    preset: 'stripe', kind: 'accounts', label: 'Stripe Customers export',
    signature: ['id', 'Email', 'Created (UTC)', 'Description'],
    map: { id: 'account_id', Name: 'name', Description: 'name', 'Created (UTC)': 'customer_since', Currency: 'currency', Plan: 'plan' },
    quietlyIgnored: /\(metadata\)$/i,
  },
  {
    preset: 'stripe', kind: 'contracts', label: 'Stripe Invoices export',
    signature: ['id', 'Amount Due', 'Customer', 'Subscription', 'Amount Paid'],
    map: {},
    refuse: { why: 'import.refuse.stripe_invoices.why', instead: 'import.refuse.stripe_invoices.instead' },
  },
  // Marketing reports sum over every visitor or campaign: nothing in them belongs to one account.
  {
    preset: 'google', kind: 'usage', label: 'Google Analytics 4 report',
    signature: ['Event name', 'Event count', 'Total users'],
    map: {},
    refuse: { why: 'import.refuse.ga4_report.why', instead: 'import.refuse.ga4_report.instead' },
  },
  {
    preset: 'google', kind: 'accounts', label: 'Google Ads campaign report',
    signature: ['Campaign', 'Budget', 'Cost', 'Conversions'],
    map: {},
    refuse: { why: 'import.refuse.google_ads.why', instead: 'import.refuse.google_ads.instead' },
  },
  {
    preset: 'zoho', kind: 'accounts', label: 'Zoho CRM Accounts export',
    signature: ['Account Name', 'Account Owner', 'Account Type'],
    map: {
      ACCOUNTID: 'account_id', 'Account Number': 'account_id', 'Account Name': 'name', 'Account Owner': 'owner', Industry: 'industry', Website: 'domain',
      Employees: 'employees', 'Billing Country': 'country', 'Billing State': 'region', 'Lead Source': 'channel', 'Parent Account ID': 'parent_account_id',
    },
    missingHint: 'import.preset_hint.zoho_accounts',
  },
  {
    // Potentials (Zoho's older name for Deals): only Closed Won ones become contracts.
    preset: 'zoho', kind: 'contracts', label: 'Zoho CRM Potentials (Deals) export',
    signature: ['Stage', 'Closing Date', 'Amount'],
    map: {
      POTENTIALID: 'contract_id', DEALID: 'contract_id', ACCOUNTID: 'account_id', 'Account Name': 'account_id', 'Closing Date': 'start_date',
      Amount: 'amount', Stage: 'deal_stage', Type: 'type', Currency: 'currency',
    },
    missingHint: 'import.preset_hint.zoho_deals',
  },
  {
    preset: 'zoho', kind: 'tickets', label: 'Zoho CRM Cases export',
    signature: ['Case Owner', 'Case Origin', 'Status'],
    map: {
      CASEID: 'ticket_id', 'Case Number': 'ticket_id', 'Created Time': 'created_at', Status: 'status', Priority: 'priority', Type: 'type',
      'Case Origin': 'channel', Subject: 'subject', 'Case Owner': 'assignee', 'Account Name': 'organization', Email: 'requester_email', 'Case Reason': 'type',
    },
    missingHint: 'import.preset_hint.zoho_cases',
  },
  {
    // ServiceNow: an incident list exported as CSV (List → Export → CSV), field names as columns.
    preset: 'servicenow', kind: 'tickets', label: 'ServiceNow incident export',
    signature: ['number', 'opened_at', 'short_description', 'state'],
    map: {
      number: 'ticket_id', opened_at: 'created_at', resolved_at: 'resolved_at', closed_at: 'resolved_at', state: 'status', incident_state: 'status',
      priority: 'priority', short_description: 'subject', assigned_to: 'assignee', company: 'organization', category: 'type', contact_type: 'channel',
    },
  },
] as const satisfies readonly PresetShape[];

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * The export a header comes from: the shape all of whose signature headers are present (the one
 * with the longest signature when several are). `preset` narrows the choice; `kind` too.
 */
export function detectPreset(header: readonly string[], options: { preset?: PresetName; kind?: Kind } = {}): PresetShape | undefined {
  const present = new Set(header.map(normalizeHeader));
  const matches = PRESET_SHAPES.filter(
    (shape) =>
      (!options.preset || shape.preset === options.preset) &&
      (!options.kind || shape.kind === options.kind) &&
      shape.signature.every((name) => present.has(normalizeHeader(name))),
  );
  return matches.sort((a, b) => b.signature.length - a.signature.length)[0];
}

/** With --preset: the shape for the kind (or the only one matching the header). */
export function requirePreset(name: string, header: readonly string[], kind: Kind | undefined, file: string): PresetShape {
  if (!isPresetName(name)) throw new UsageError(importPhrase('import.usage.unknown_preset', { preset: name }), importPhrase('import.usage.presets_hint', { presets: PRESET_NAMES.join(', ') }));
  const detected = detectPreset(header, { preset: name, kind });
  if (detected) return detected;
  const shapes = PRESET_SHAPES.filter((shape) => shape.preset === name && (!kind || shape.kind === kind));
  if (shapes.length === 1 && kind) return shapes[0]!;
  throw new UsageError(
    importPhrase('import.preset.not_this', { file, preset: name, kind: kind === undefined ? '' : importPhrase('import.kind_word', { kind }) }),
    importPhrase('import.preset.known', {
      preset: name,
      list: listPhrase(PRESET_SHAPES.filter((shape) => shape.preset === name).map((shape) => importPhrase('import.preset.known_one', { label: importPhrase('import.preset_label', { label: shape.label }), kind: shape.kind }))),
    }),
  );
}
