import { GLOSSARY } from '../glossary.js';

/**
 * csops demo's own narration (issue 24): its steps, headings and closing lines. The commands it
 * runs print in the language through their own catalogues.
 */
const zh = (name: keyof typeof GLOSSARY) => GLOSSARY[name]['zh-CN'];

export const demoEn = {
  'demo.step.importing': (p: { path: string }) => `importing ${p.path}`,
  'demo.step.exports': (p: { path: string; tools: string; last: string }) => `importing ${p.path} (${p.tools} and ${p.last} shapes)`,
  'demo.step.scoring': 'scoring tiers and health',
  'demo.step.renewals': 'working out renewals and retention',
  'demo.step.report': 'writing the weekly ticket report',
  'demo.step.alerts': 'opening the alert queue',
  'demo.step.backtest': 'checking the score against the last year of renewals and churns',
  'demo.step.pages': (p: { account: string }) => `writing ${p.account}'s value statement and the renewals page`,
  'demo.title': (p: { name: string; as_of: string; zone: string }) => `${p.name}: the sample company, as of ${p.as_of} (${p.zone})`,
  'demo.imported': 'Imported:',
  'demo.recognised': 'Recognised without being told:',
  'demo.heading.tiers': (p: { command: string }) => `Tiers (${p.command})`,
  'demo.heading.risk': (p: { command: string }) => `At risk (${p.command})`,
  'demo.explained': (p: { command: string }) => `Every point explained: ${p.command}`,
  'demo.heading.renewals': (p: { command: string }) => `Renewals: lapsed and the next 30 days (${p.command})`,
  'demo.heading.alerts': (p: { command: string }) => `Alert queue: the worst and oldest open work orders (${p.command})`,
  'demo.heading.retention': (p: { command: string }) => `Retention (${p.command})`,
  'demo.heading.report': (p: { command: string }) => `Support last week (${p.command})`,
  'demo.heading.backtest': (p: { command: string }) => `Does the score foretell churn? (${p.command})`,
  'demo.pages': (p: { folder: string; value_file: string; account: string; value_command: string; renewals_file: string; renewals_command: string }) =>
    `For the customer and the VP, written to ${p.folder}:\n  ${p.value_file}  the value statement of ${p.account} (${p.value_command})\n  ${p.renewals_file}  the renewal forecast page (${p.renewals_command})`,
  'demo.pages_written': (p: { value: string; renewals: string }) => `pages written: ${p.value}, ${p.renewals}`,
  'demo.try': (p: { as_of: string }) => `Try it yourself (the folder keeps the database and its config; the sample data ends on ${p.as_of}):`,
  'demo.folder': (p: { folder: string; command: string }) => `the database and config are in ${p.folder}: cd there and run ${p.command} …`,
};

type DemoCatalogue = { [K in keyof typeof demoEn]: (typeof demoEn)[K] extends string ? string : (typeof demoEn)[K] };

export const demoZhCN: DemoCatalogue = {
  'demo.step.importing': (p) => `正在导入 ${p.path}`,
  'demo.step.exports': (p) => `正在导入 ${p.path}（${p.tools} 和 ${p.last} 格式）`,
  'demo.step.scoring': `正在计算${zh('tier')}和${zh('health')}`,
  'demo.step.renewals': `正在整理${zh('renewal')}与留存`,
  'demo.step.report': `正在生成${zh('ticket')}周报`,
  'demo.step.alerts': `正在打开${zh('alert')}队列`,
  'demo.step.backtest': `正在用过去一年的${zh('renewal')}与${zh('churn')}检验${zh('health_score')}`,
  'demo.step.pages': (p) => `正在生成 ${p.account} 的价值报告和${zh('renewal')}页面`,
  'demo.title': (p) => `${p.name}：示例公司，${zh('as_of')} ${p.as_of}（${p.zone}）`,
  'demo.imported': '已导入：',
  'demo.recognised': '无需指定即可识别：',
  'demo.heading.tiers': (p) => `${zh('tier')}（${p.command}）`,
  'demo.heading.risk': (p) => `${zh('at_risk')}的${zh('account')}（${p.command}）`,
  'demo.explained': (p) => `每一分都有说明：${p.command}`,
  'demo.heading.renewals': (p) => `${zh('renewal')}：${zh('lapsed')}及未来 30 天到期（${p.command}）`,
  'demo.heading.alerts': (p) => `${zh('alert')}队列：最严重、最久的待处理${zh('alert')}（${p.command}）`,
  'demo.heading.retention': (p) => `留存（${p.command}）`,
  'demo.heading.report': (p) => `上周${zh('support')}（${p.command}）`,
  'demo.heading.backtest': (p) => `${zh('health_score')}能否预见${zh('churn')}？（${p.command}）`,
  'demo.pages': (p) =>
    `给${zh('account')}和管理层的页面，已写入 ${p.folder}：\n  ${p.value_file}  ${p.account} 的价值报告（${p.value_command}）\n  ${p.renewals_file}  ${zh('renewal')}预测页面（${p.renewals_command}）`,
  'demo.pages_written': (p) => `已写入页面：${p.value}，${p.renewals}`,
  'demo.try': (p) => `自己试试（该文件夹保留数据库及其配置；示例数据截至 ${p.as_of}）：`,
  'demo.folder': (p) => `数据库和配置在 ${p.folder}：进入该目录后运行 ${p.command} …`,
};
