import { GLOSSARY } from '../glossary.js';

/**
 * csops demo's own narration (issue 24): its steps, headings and closing lines. The commands it
 * runs print in the language through their own catalogues.
 */
const zh = (name: keyof typeof GLOSSARY) => GLOSSARY[name]['zh-CN'];

export const demoEn = {
  'demo.step.importing': (p: { file: string }) => `importing sample-data/${p.file}`,
  'demo.step.exports': 'importing sample-data/exports/ (Salesforce, Zendesk, Mixpanel and WukongCRM shapes)',
  'demo.step.scoring': 'scoring tiers and health',
  'demo.step.renewals': 'working out renewals and retention',
  'demo.step.report': 'writing the weekly ticket report',
  'demo.step.alerts': 'opening the alert queue',
  'demo.step.backtest': 'checking the score against the last year of renewals and churns',
  'demo.step.pages': (p: { account: string }) => `writing ${p.account}'s value statement and the renewals page`,
  'demo.title': (p: { name: string; as_of: string; zone: string }) => `${p.name}: the sample company, as of ${p.as_of} (${p.zone})`,
  'demo.imported': 'Imported:',
  'demo.recognised': 'Recognised without being told:',
  'demo.heading.tiers': 'Tiers (csops tier --summary)',
  'demo.heading.risk': 'At risk (csops risk --band at_risk,critical)',
  'demo.explained': (p: { account: string }) => `Every point explained: csops risk --explain ${p.account}`,
  'demo.heading.renewals': 'Renewals: lapsed and the next 30 days (csops renewals)',
  'demo.heading.alerts': 'Alert queue: the worst and oldest open work orders (csops alerts sync, csops alerts)',
  'demo.heading.retention': 'Retention (csops metrics retention)',
  'demo.heading.report': 'Support last week (csops report weekly)',
  'demo.heading.backtest': 'Does the score foretell churn? (csops risk backtest, csops churn-model fit)',
  'demo.pages': (p: { folder: string; value_file: string; account: string; renewals_file: string }) =>
    `For the customer and the VP, written to ${p.folder}:\n  ${p.value_file}  the value statement of ${p.account} (csops value)\n  ${p.renewals_file}  the renewal forecast page (csops renewals --format html)`,
  'demo.pages_written': (p: { value: string; renewals: string }) => `pages written: ${p.value}, ${p.renewals}`,
  'demo.try': (p: { as_of: string }) => `Try it yourself (the folder keeps the database and its config; the sample data ends on ${p.as_of}):`,
  'demo.folder': (p: { folder: string; as_of: string }) => `the database and config are in ${p.folder}: cd there and run csops --as-of ${p.as_of} …`,
};

type DemoCatalogue = { [K in keyof typeof demoEn]: (typeof demoEn)[K] extends string ? string : (typeof demoEn)[K] };

export const demoZhCN: DemoCatalogue = {
  'demo.step.importing': (p) => `正在导入 sample-data/${p.file}`,
  'demo.step.exports': '正在导入 sample-data/exports/（Salesforce、Zendesk、Mixpanel 和 WukongCRM 格式）',
  'demo.step.scoring': `正在计算${zh('tier')}和${zh('health')}`,
  'demo.step.renewals': `正在整理${zh('renewal')}与留存`,
  'demo.step.report': `正在生成${zh('ticket')}周报`,
  'demo.step.alerts': `正在打开${zh('alert')}队列`,
  'demo.step.backtest': `正在用过去一年的${zh('renewal')}与${zh('churn')}检验${zh('health_score')}`,
  'demo.step.pages': (p) => `正在生成 ${p.account} 的价值报告和${zh('renewal')}页面`,
  'demo.title': (p) => `${p.name}：示例公司，${zh('as_of')} ${p.as_of}（${p.zone}）`,
  'demo.imported': '已导入：',
  'demo.recognised': '无需指定即可识别：',
  'demo.heading.tiers': `${zh('tier')}（csops tier --summary）`,
  'demo.heading.risk': `${zh('at_risk')}的${zh('account')}（csops risk --band at_risk,critical）`,
  'demo.explained': (p) => `每一分都有说明：csops risk --explain ${p.account}`,
  'demo.heading.renewals': `${zh('renewal')}：${zh('lapsed')}及未来 30 天到期（csops renewals）`,
  'demo.heading.alerts': `${zh('alert')}队列：最严重、最久的待处理${zh('alert')}（csops alerts sync，csops alerts）`,
  'demo.heading.retention': '留存（csops metrics retention）',
  'demo.heading.report': `上周${zh('support')}（csops report weekly）`,
  'demo.heading.backtest': `${zh('health_score')}能否预见${zh('churn')}？（csops risk backtest，csops churn-model fit）`,
  'demo.pages': (p) =>
    `给${zh('account')}和 VP 的页面，已写入 ${p.folder}：\n  ${p.value_file}  ${p.account} 的价值报告（csops value）\n  ${p.renewals_file}  ${zh('renewal')}预测页面（csops renewals --format html）`,
  'demo.pages_written': (p) => `已写入页面：${p.value}，${p.renewals}`,
  'demo.try': (p) => `自己试试（该文件夹保留数据库及其配置；示例数据截至 ${p.as_of}）：`,
  'demo.folder': (p) => `数据库和配置在 ${p.folder}：进入该目录后运行 csops --as-of ${p.as_of} …`,
};
