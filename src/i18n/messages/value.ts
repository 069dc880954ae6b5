import { phrasesOf, type Entry } from '../../errors.js';
import { GLOSSARY } from '../glossary.js';

/**
 * csops value's statement (issue 22) in the customer's language (issue 24): the page's words, and the
 * footnotes and missing-figure sentences core writes (their English is the JSON's `footnotes` and
 * `missing`, an API; core keeps their keys beside them). Counts and amounts come grouped (1,234: the
 * same in both languages).
 */
const zh = (name: keyof typeof GLOSSARY) => GLOSSARY[name]['zh-CN'];

/**
 * The value drivers' arithmetic in the value-delivered footnote, driver by driver (index for index):
 * units × minutes saved = hours (× the hourly cost = value), or units × an amount = value.
 */
export interface DriverSums {
  labels: string[];
  units: string[];
  /** Minutes saved per unit; null for a driver priced by an amount. */
  minutes: Array<string | null>;
  hours: Array<string | null>;
  /** The hourly cost; null when none is set (hours only) or the driver is priced by an amount. */
  hourly: Array<string | null>;
  amounts: Array<string | null>;
  values: Array<string | null>;
  currency: string;
}

const driverSums = (p: DriverSums, minutes: (i: number) => string, amount: (i: number) => string) => p.labels.map((_, i) => (p.minutes[i] !== null ? minutes(i) : amount(i)));
const driverSumsEn = (p: DriverSums) =>
  driverSums(
    p,
    (i) => `${p.units[i]} ${p.labels[i]} × ${p.minutes[i]} min saved = ${p.hours[i]} h${p.hourly[i] === null ? '' : `; ${p.hours[i]} h × ${p.hourly[i]} ${p.currency} an hour = ${p.values[i]} ${p.currency}`}`,
    (i) => `${p.units[i]} ${p.labels[i]} × ${p.amounts[i]} ${p.currency} = ${p.values[i]} ${p.currency}`,
  ).join('; ');
const driverSumsZh = (p: DriverSums) =>
  driverSums(
    p,
    (i) => `${p.units[i]} 次${p.labels[i]} × 每次节省 ${p.minutes[i]} 分钟 = ${p.hours[i]} 小时${p.hourly[i] === null ? '' : `；${p.hours[i]} 小时 × 每小时 ${p.hourly[i]} ${p.currency} = ${p.values[i]} ${p.currency}`}`,
    (i) => `${p.units[i]} 次${p.labels[i]} × ${p.amounts[i]} ${p.currency} = ${p.values[i]} ${p.currency}`,
  ).join('；');

type Period = { from: string; through: string };
/** `single`: one whole month against one; `middle`: the month left out between the halves. */
type Trend = { single: boolean; half: string; first: string; last: string; middle: string | null };

export const valueEn = {
  // The figures' footnotes and the statement's missing figures (core/value-statement.ts; the JSON's English).
  'value.foot.seats': (p: { on: string }) => `Seats bought: the seats of the contracts in force on ${p.on}.`,
  'value.foot.active_users': (p: Period & { metric: string; peak_day: string; days: string }) =>
    `Active users: distinct users active on a day (${p.metric}); the peak is the busiest day (${p.peak_day}), the average is over the ${p.days} days with activity from ${p.from} to ${p.through}.`,
  'value.foot.utilisation': (p: { seats: string }) => `Seats in use: active users divided by the ${p.seats} seats bought.`,
  'value.foot.logins': (p: Period & { metric: string }) => `Logins: the ${p.metric} counted each day, added up over ${p.from} to ${p.through}, by calendar month.`,
  'value.foot.trend': (p: Trend) =>
    `Trend: ${p.single ? 'the last whole month against the first' : `the monthly average of the last ${p.half} whole months against that of the first ${p.half}`} (${p.first} to ${p.last}${p.middle !== null ? `, ${p.middle} in the middle left out` : ''}).`,
  'value.foot.modules': (p: Period) => `Modules: the uses of each module counted in the usage data, added up over ${p.from} to ${p.through}; a module with none is one your team has not tried yet.`,
  'value.foot.tickets': (p: Period) => `Tickets: the tickets your team raised from ${p.from} to ${p.through}, and how many of them were resolved by the end of ${p.through}.`,
  'value.foot.response_times': (p: { business: boolean }) =>
    `Response and resolution times: the median time from a ticket being raised to its first answer and to its resolution, in ${p.business ? "business hours (the support team's working hours)" : 'calendar hours'}, over the tickets answered or resolved.`,
  'value.foot.within_sla': 'Within the agreed time: of the tickets whose target time has come or that were answered (or resolved) before it, the share answered (or resolved) within the target for its priority.',
  'value.foot.satisfaction': (p: { ratings: string }) => `Satisfaction: the share of 4 and 5 among the ${p.ratings} ratings (1–5) your team gave these tickets.`,
  'value.foot.value_delivered': (p: Period & DriverSums) => `Value delivered, from the usage counted from ${p.from} to ${p.through}: ${driverSumsEn(p)}.`,
  'value.foot.paid': (p: Period & { days: string; converted: string | null }) =>
    `Paid for the period: the annual contract value pro rata, ARR ÷ 365 for each of the ${p.days} days from ${p.from} to ${p.through} a contract was in force${p.converted !== null ? ` (converted to ${p.converted} at the agreed rates)` : ''}.`,
  'value.foot.multiple': (p: { value: string; paid: string; currency: string }) => `Return: value delivered ÷ what was paid for the period (${p.value} ${p.currency} ÷ ${p.paid} ${p.currency}).`,
  'value.missing.seats': 'The contracts do not say how many seats were bought, so active users are not compared with seats.',
  'value.missing.usage': (p: Period) => `No usage data was recorded for ${p.from} to ${p.through}: adoption figures are not available.`,
  'value.missing.active_users': 'The usage data does not count active users.',
  'value.missing.logins': 'The usage data does not count logins.',
  'value.missing.trend': 'The period has fewer than two whole months of usage: no trend is shown.',
  'value.missing.modules': (p: { labels: string[] }) => `The usage data does not count ${p.labels.join(', ')}.`,
  'value.missing.tickets': 'No support tickets have been imported, so support figures are not available.',
  'value.missing.ratings': 'None of the tickets was rated, so support satisfaction is not shown.',
  'value.missing.driver': (p: { label: string }) => `The usage data does not count ${p.label}, so the value of ${p.label} is not shown.`,
  'value.missing.hourly_cost': 'Time saved is given in hours: no hourly cost was set to turn it into money.',
  'value.missing.paid': (p: Period) => `No contract was in force from ${p.from} to ${p.through}, so what was paid is not shown.`,
  'value.missing.currencies': (p: { currencies: string[] }) => `What was paid is in several currencies (${p.currencies.join(', ')}), so it is not compared with the value delivered.`,
  // csops value's usage errors (commands/value.ts).
  'value.error.period': (p: { period: string }) => `--period "${p.period}" is not a period`,
  'value.error.period_hint': 'give contract (the current contract year), 12m, a year (2026) or a quarter (2026-Q3)',
  'value.error.no_contract': (p: { account: string; name: string; asOf: string }) => `${p.account} ${p.name} has no paying contract on or before ${p.asOf}, so it has no contract year`,
  'value.error.no_contract_hint': 'give the period: --period 12m, a year (--period 2026) or a quarter (--period 2026-Q3)',
  'value.error.after_as_of': (p: { period: string; asOf: string }) => `the period ${p.period} starts after the as-of day ${p.asOf}`,
  'value.error.after_as_of_hint': 'pick an earlier period or a later --as-of',
  // The CSM's notes on stderr (commands/value.ts).
  'value.note.period_runs': (p: { to: string; asOf: string }) => `the period runs to ${p.to}: figures up to the as-of day ${p.asOf}`,
  'value.note.no_drivers': 'no value drivers are configured, so the statement shows no value delivered: add value.drivers to the config (see the README, "csops value")',
  'value.note.no_company': 'company_name is not set in the config: the statement does not name your company',
  'value.note.no_modules': 'health.key_modules is empty: the statement lists no modules',
  // The page (render/value-statement.ts).
  'value.title': (p: { name: string; vendor: string | null }) => `The value ${p.name} got${p.vendor ? ` from ${p.vendor}` : ''}`,
  'value.period.contract': 'Contract year',
  'value.period.12m': 'The last 12 months',
  'value.period.quarter': (p: { label: string }) => `Quarter ${p.label}`,
  'value.period.year': (p: { label: string }) => `Year ${p.label}`,
  'value.period_line': (p: { period: string; from: string; to: string; through: string; complete: boolean; asOf: string; vendor: string | null }) =>
    `${p.period}: ${p.complete ? `${p.from} to ${p.to}` : `${p.from} to ${p.through} (the period runs to ${p.to})`}. Prepared ${p.asOf}${p.vendor ? ` by ${p.vendor}` : ''}.`,
  'value.hours': (p: { hours: string }) => `${p.hours} h`,
  'value.minutes_saved': (p: { minutes: string }) => `${p.minutes} min saved`,
  'value.label.seats': 'seats bought',
  'value.label.peak_active_users': (p: { day: string | null }) => `active users on the busiest day (${p.day})`,
  'value.label.average_active_users': 'active users on an average day',
  'value.label.peak_utilisation': 'seats in use on the busiest day',
  'value.label.average_utilisation': 'seats in use on an average day',
  'value.label.logins': 'logins',
  'value.label.logins_trend': 'logins, trend',
  'value.label.usage_days': 'days with activity',
  'value.label.tickets_raised': 'tickets raised',
  'value.label.tickets_resolved': 'tickets resolved',
  'value.label.first_response': 'median time to the first answer',
  'value.label.resolution': 'median time to resolution',
  'value.label.first_response_within': 'answered within the agreed time',
  'value.label.resolution_within': 'resolved within the agreed time',
  'value.label.satisfaction': (p: { rated: number }) => `satisfied with the answer (${p.rated} ratings)`,
  'value.label.hours_saved': 'hours saved in all',
  'value.label.value_delivered': 'value delivered in all',
  'value.label.paid': 'paid for the period',
  'value.label.multiple': 'value delivered for each unit paid',
  'value.col.what': 'what your team did',
  'value.col.how_many': 'how many',
  'value.col.worth_each': 'worth each',
  'value.col.hours_saved': 'hours saved',
  'value.col.value': 'value',
  'value.col.month': 'month',
  'value.col.days': 'days with activity',
  'value.col.logins': 'logins',
  'value.col.peak_users': 'active users (busiest day)',
  'value.row.trend': 'trend',
  'value.summary.users': (p: { users: string; share: string | null; seats: string | null; logins: string | null }) =>
    `${p.users} people used it on the busiest day${p.share !== null ? `: ${p.share} of the ${p.seats} seats` : ''}${p.logins !== null ? `, with ${p.logins} logins over the period` : ''}.`,
  'value.summary.tickets': (p: { resolved: string; raised: string; within: string | null }) => `${p.resolved} of ${p.raised} support tickets resolved${p.within !== null ? `, ${p.within} answered within the agreed time` : ''}.`,
  'value.summary.no_tickets': 'No support tickets were needed in the period.',
  'value.summary.value': (p: { value: string; hours: string | null; multiple: string | null }) =>
    `${p.value} of value delivered${p.hours !== null ? ` (${p.hours} saved)` : ''}${p.multiple !== null ? `: ${p.multiple} what was paid for the period` : ''}.`,
  'value.summary.hours': (p: { hours: string }) => `${p.hours} of work saved.`,
  /** `uses`: each module's count, index for index with `labels`. */
  'value.modules.used': (p: { labels: string[]; uses: string[] }) => `Used: ${p.labels.map((label, index) => `${label} (${p.uses[index]})`).join(', ')}.`,
  'value.modules.invitation': (p: { labels: string[] }) => `Not tried yet: ${p.labels.join(', ')}. We would be glad to show your team what ${p.labels.length === 1 ? 'it does' : 'they do'}.`,
  'value.adoption': 'Adoption',
  'value.no_usage': 'No usage data was recorded for this period.',
  'value.month_by_month': 'Month by month',
  'value.support': 'Support',
  'value.no_support': 'No support data is available for this period.',
  'value.value_delivered': 'Value delivered',
  'value.not_shown': 'Not shown',
  'value.how_computed': 'How these figures were computed',
  'value.dates_in': (p: { zone: string }) => `Dates are days in ${p.zone}.`,
  'value.chart.logins': 'Logins per month',
  'value.chart.logins_series': 'logins',
  'value.chart.logins_label': 'logins per month',
  'value.chart.users': 'Active users on the busiest day of each month',
  'value.chart.users_series': 'active users',
  'value.chart.users_label': 'active users on the busiest day of each month, against the seats bought',
  'value.chart.seats': 'seats bought',
  'value.each_computed': (p: { note: string }) => `How each was computed: note ${p.note}.`,
};

type ValueCatalogue = { [K in keyof typeof valueEn]: (typeof valueEn)[K] extends string ? string : (typeof valueEn)[K] };

const TICKET = zh('ticket');
const WITHIN = '在约定时间内';

export const valueZhCN: ValueCatalogue = {
  'value.foot.seats': (p) => `购买席位数：${p.on} 生效合同的席位数。`,
  'value.foot.active_users': (p) => `活跃用户：一天内活跃的不同用户数（${p.metric}）；峰值为最繁忙的一天（${p.peak_day}），平均值按 ${p.from} 至 ${p.through} 期间有活动的 ${p.days} 天计算。`,
  'value.foot.utilisation': (p) => `${zh('licence_utilisation')}：活跃用户数除以购买的 ${p.seats} 个席位。`,
  'value.foot.logins': (p) => `登录次数：每天统计的 ${p.metric}，${p.from} 至 ${p.through} 期间按自然月累加。`,
  'value.foot.trend': (p) =>
    `${zh('trend')}：${p.single ? '最后一个完整月与第一个完整月相比' : `最后 ${p.half} 个完整月的月均值与最初 ${p.half} 个完整月的月均值相比`}（${p.first} 至 ${p.last}${p.middle !== null ? `，不计中间的 ${p.middle}` : ''}）。`,
  'value.foot.modules': (p) => `功能：使用数据中统计的每个功能的使用次数，${p.from} 至 ${p.through} 期间累加；使用次数为零的功能即贵团队尚未试用的功能。`,
  'value.foot.tickets': (p) => `${TICKET}：贵团队在 ${p.from} 至 ${p.through} 期间提交的${TICKET}，以及其中截至 ${p.through} 已解决的数量。`,
  'value.foot.response_times': (p) =>
    `响应和解决时间：从${TICKET}提交到首次答复、到解决的时间中位数，按${p.business ? '工作时间（支持团队的工作时间）' : '自然时间'}计算，只计已答复或已解决的${TICKET}。`,
  'value.foot.within_sla': `${WITHIN}：在目标时间已到、或在目标时间之前已答复（或已解决）的${TICKET}中，按其优先级的目标时间内答复（或解决）的比例。`,
  'value.foot.satisfaction': (p) => `满意度：贵团队对这些${TICKET}给出的 ${p.ratings} 个评分（1–5 分）中 4 分和 5 分所占的比例。`,
  'value.foot.value_delivered': (p) => `交付的价值，按 ${p.from} 至 ${p.through} 期间统计的使用量计算：${driverSumsZh(p)}。`,
  'value.foot.paid': (p) =>
    `本期支付金额：年度合同金额按天折算，${p.from} 至 ${p.through} 期间合同生效的 ${p.days} 天，每天计 ARR ÷ 365${p.converted !== null ? `（按约定汇率换算为 ${p.converted}）` : ''}。`,
  'value.foot.multiple': (p) => `回报：交付的价值 ÷ 本期支付金额（${p.value} ${p.currency} ÷ ${p.paid} ${p.currency}）。`,
  'value.missing.seats': '合同中没有购买席位数，因此未将活跃用户与席位比较。',
  'value.missing.usage': (p) => `${p.from} 至 ${p.through} 期间没有${zh('usage_data')}记录：无法提供使用情况数字。`,
  'value.missing.active_users': `${zh('usage_data')}中没有统计活跃用户。`,
  'value.missing.logins': `${zh('usage_data')}中没有统计登录次数。`,
  'value.missing.trend': `本期${zh('usage_data')}不足两个完整月：不显示趋势。`,
  'value.missing.modules': (p) => `${zh('usage_data')}中没有统计${p.labels.join('、')}。`,
  'value.missing.tickets': `尚未导入支持${TICKET}，因此无法提供支持服务数字。`,
  'value.missing.ratings': `没有${TICKET}被评分，因此不显示支持服务满意度。`,
  'value.missing.driver': (p) => `${zh('usage_data')}中没有统计${p.label}，因此不显示${p.label}的价值。`,
  'value.missing.hourly_cost': '节省的时间以小时计：未设置每小时成本，无法换算为金额。',
  'value.missing.paid': (p) => `${p.from} 至 ${p.through} 期间没有生效的${zh('contract')}，因此不显示支付金额。`,
  'value.missing.currencies': (p) => `支付金额涉及多种币种（${p.currencies.join('、')}），因此未与交付的价值比较。`,
  'value.error.period': (p) => `--period "${p.period}" 不是统计期`,
  'value.error.period_hint': '请给出 "contract"（当前合同年度）、"12m"、年份（"2026"）或季度（"2026-Q3"）',
  'value.error.no_contract': (p) => `${p.account} ${p.name} 在 ${p.asOf} 或之前没有付费合同，因此没有合同年度`,
  'value.error.no_contract_hint': '请指定统计期：--period 12m、年份（--period 2026）或季度（--period 2026-Q3）',
  'value.error.after_as_of': (p) => `统计期 ${p.period} 开始于截至日 ${p.asOf} 之后`,
  'value.error.after_as_of_hint': '请选择更早的统计期或更晚的 --as-of',
  'value.note.period_runs': (p) => `统计期至 ${p.to}：数字截至 ${p.asOf}`,
  'value.note.no_drivers': '未配置价值驱动因素，因此价值报告不显示交付的价值：请在配置中添加 value.drivers（见 README.md 中的 "csops value" 一节）',
  'value.note.no_company': '配置中未设置 company_name：价值报告不署贵公司名称',
  'value.note.no_modules': 'health.key_modules 为空：价值报告不列出功能',
  'value.title': (p) => `${p.vendor ? `${p.vendor} 为` : ''}${p.name} 带来的价值`,
  'value.period.contract': '合同年度',
  'value.period.12m': '最近 12 个月',
  'value.period.quarter': (p) => `${p.label} 季度`,
  'value.period.year': (p) => `${p.label} 年度`,
  'value.period_line': (p) => `${p.period}：${p.complete ? `${p.from} 至 ${p.to}` : `${p.from} 至 ${p.through}（统计期至 ${p.to}）`}。${p.vendor ? `${p.vendor} 于 ` : ''}${p.asOf} 编制。`,
  'value.hours': (p) => `${p.hours} 小时`,
  'value.minutes_saved': (p) => `节省 ${p.minutes} 分钟`,
  'value.label.seats': '购买席位数',
  'value.label.peak_active_users': (p) => `最繁忙一天（${p.day}）的活跃用户`,
  'value.label.average_active_users': '平均每天的活跃用户',
  'value.label.peak_utilisation': `最繁忙一天的${zh('licence_utilisation')}`,
  'value.label.average_utilisation': `平均每天的${zh('licence_utilisation')}`,
  'value.label.logins': '登录次数',
  'value.label.logins_trend': `登录次数${zh('trend')}`,
  'value.label.usage_days': '有活动的天数',
  'value.label.tickets_raised': `提交的${TICKET}`,
  'value.label.tickets_resolved': `已解决的${TICKET}`,
  'value.label.first_response': `${zh('first_response')}时间中位数`,
  'value.label.resolution': '解决时间中位数',
  'value.label.first_response_within': `${WITHIN}答复`,
  'value.label.resolution_within': `${WITHIN}解决`,
  'value.label.satisfaction': (p) => `对答复满意（${p.rated} 个评分）`,
  'value.label.hours_saved': '共节省小时数',
  'value.label.value_delivered': '共交付的价值',
  'value.label.paid': '本期支付金额',
  'value.label.multiple': '交付的价值与支付金额之比',
  'value.col.what': '贵团队完成的工作',
  'value.col.how_many': '数量',
  'value.col.worth_each': '每次价值',
  'value.col.hours_saved': '节省的小时数',
  'value.col.value': '价值',
  'value.col.month': '月份',
  'value.col.days': '有活动的天数',
  'value.col.logins': '登录次数',
  'value.col.peak_users': '活跃用户（最繁忙一天）',
  'value.row.trend': zh('trend'),
  'value.summary.users': (p) => `最繁忙的一天有 ${p.users} 人使用${p.share !== null ? `，占 ${p.seats} 个席位的 ${p.share}` : ''}${p.logins !== null ? `，本期共登录 ${p.logins} 次` : ''}。`,
  'value.summary.tickets': (p) => `${p.raised} 个支持${TICKET}中已解决 ${p.resolved} 个${p.within !== null ? `，${p.within} ${WITHIN}得到答复` : ''}。`,
  'value.summary.no_tickets': `本期无需提交支持${TICKET}。`,
  'value.summary.value': (p) => `共交付价值 ${p.value}${p.hours !== null ? `（节省 ${p.hours}）` : ''}${p.multiple !== null ? `，为本期支付金额的 ${p.multiple}` : ''}。`,
  'value.summary.hours': (p) => `共节省 ${p.hours} 的工作时间。`,
  'value.modules.used': (p) => `已使用：${p.labels.map((label, index) => `${label}（${p.uses[index]}）`).join('、')}。`,
  'value.modules.invitation': (p) => `尚未试用：${p.labels.join('、')}。我们很乐意向贵团队演示${p.labels.length === 1 ? '它的' : '它们的'}用途。`,
  'value.adoption': '使用情况',
  'value.no_usage': `本期没有${zh('usage_data')}记录。`,
  'value.month_by_month': '按月明细',
  'value.support': '支持服务',
  'value.no_support': '本期没有支持服务数据。',
  'value.value_delivered': '交付的价值',
  'value.not_shown': '未显示的数字',
  'value.how_computed': '这些数字的计算方法',
  'value.dates_in': (p) => `日期按 ${p.zone} 时区计。`,
  'value.chart.logins': '每月登录次数',
  'value.chart.logins_series': '登录次数',
  'value.chart.logins_label': '每月登录次数',
  'value.chart.users': '每月最繁忙一天的活跃用户',
  'value.chart.users_series': '活跃用户',
  'value.chart.users_label': '每月最繁忙一天的活跃用户，与购买的席位数对比',
  'value.chart.seats': '购买席位数',
  'value.each_computed': (p) => `各项的计算方法见注 ${p.note}。`,
};

/** Phrases of this catalogue, for csops value's errors. */
export const valuePhrase = phrasesOf(valueEn as typeof valueEn & Record<string, Entry>);
