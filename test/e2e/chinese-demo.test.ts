import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { dataStrings, englishWords as ownLineWords } from '../helpers/english-words-report.js';
import { englishWords } from '../helpers/english-words.js';
import { pageText } from '../helpers/html-page.js';

/**
 * `csops demo --lang zh-CN` (issue 24): its own narration in Chinese, and the language passed on to
 * every command it runs. The whole-output check ("no English words except names, ids, units and
 * codes") covers every command it runs: import summary, tier, risk, renewals, alerts, metrics, the
 * weekly report, backtest and churn model.
 */
let zh: CliResult;
let en: CliResult;
let data: string[];

beforeAll(() => {
  const dir = tempDir('csops-zh-demo-');
  zh = runCli(['--lang', 'zh-CN', 'demo'], { cwd: dir });
  en = runCli(['demo'], { cwd: dir });
  const json = runCli(['--lang', 'zh-CN', 'demo', '--format', 'json'], { cwd: dir });
  // The sample company's own words: account and contact names, owners, contacts' titles, files, the folder, the zone.
  data = dataStrings(JSON.parse(json.stdout), ['name', 'account_name', 'owner', 'title', 'file', 'folder', 'database', 'time_zone', 'account_id']);
}, 300_000);

describe('csops demo --lang zh-CN', () => {
  it('runs, and narrates its steps on stderr in Chinese', () => {
    expect(zh.code, zh.stderr).toBe(0);
    const steps = zh.stderr.split('\n').filter((line) => line.startsWith('正在'));
    expect(steps).toEqual([
      ...['accounts', 'contracts', 'usage', 'tickets', 'surveys', 'contacts', 'touchpoints'].map((kind) => `正在导入 sample-data/${kind}.csv`),
      '正在导入 sample-data/exports/（Salesforce、Zendesk、Mixpanel 和 WukongCRM 格式）',
      '正在计算服务分级和健康度',
      '正在整理续约与留存',
      '正在生成工单周报',
      '正在打开预警工单队列',
      '正在用过去一年的续约与流失检验健康分',
      '正在生成 ACC-0003 的价值报告和续约页面',
    ]);
    expect(zh.stderr).not.toMatch(/^importing |^scoring |^writing /m);
  });

  it('prints its own title, headings and closing lines in Chinese, with no English words', () => {
    const folder = /^  cd (.+)$/m.exec(zh.stdout)![1]!;
    const own = [
      'csops demo：示例公司，截至 2026年11月20日（America/New_York）',
      '已导入：',
      '无需指定即可识别：',
      '服务分级（csops tier --summary）',
      '有风险的客户（csops risk --band at_risk,critical）',
      '每一分都有说明：csops risk --explain ACC-0091',
      '续约：到期未续约及未来 30 天到期（csops renewals）',
      '预警工单队列：最严重、最久的待处理预警工单（csops alerts sync、csops alerts）',
      '留存（csops metrics retention）',
      '上周工单支持（csops report weekly）',
      '健康分能否预见流失？（csops risk backtest、csops churn-model fit）',
      `给客户和管理层的页面，已写入 ${folder}：`,
      '  value-ACC-0003.html  ACC-0003 的价值报告（csops value）',
      '  renewals.html  续约预测页面（csops renewals --format html）',
      '自己试试（该文件夹保留数据库及其配置；示例数据截至 2026年11月20日）：',
    ];
    const lines = zh.stdout.split('\n');
    for (const line of own) {
      expect(lines, line).toContain(line);
      expect(ownLineWords(line, [folder]), line).toEqual([]);
    }
    for (const english of ['Imported:', 'Try it yourself', 'Every point explained', 'For the customer and the VP', 'Alert queue:', 'Support last week']) expect(zh.stdout).not.toContain(english);
  });

  it('passes the language on to the commands it runs: the alert queue and the weekly headline are Chinese', () => {
    expect(zh.stdout).toMatch(/^ *编号 +严重程度 +规则 +客户/m);
    expect(zh.stdout).toContain('2026-W46 周（2026-11-09 – 2026-11-15），对比 2026-W45：');
    expect(zh.stdout).toMatch(/^指标 +本周 +上周 +变化$/m);
    expect(zh.stdout).toMatch(/^6 张工单 SLA 超时（3 张仍未解决）；完整报告：csops report weekly --format md$/m);
  });

  it('stays as it was in English', () => {
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/^csops demo: the sample company, as of 2026-11-20 \(America\/New_York\)\n\nImported:\n/);
    expect(en.stdout).toContain('\nTiers (csops tier --summary)\n');
    expect(en.stdout).toContain('\nAlert queue: the worst and oldest open work orders (csops alerts sync, csops alerts)\n');
    expect(en.stdout).toContain('Week 2026-W46 (2026-11-09 – 2026-11-15) against 2026-W45:\n');
    expect(en.stderr.split('\n')[0]).toBe('importing sample-data/accounts.csv');
  });

  // Issue 24's "done when": the whole demo in Chinese, stdout and stderr.
  it('shows no English words except names, ids, units and codes (whole demo)', () => {
    expect(englishWords(zh.stdout, { allow: data })).toEqual([]);
    expect(englishWords(zh.stderr, { allow: data })).toEqual([]);
  });

  it('writes its pages for the customer and the VP in Chinese: lang="zh-CN", no English words', () => {
    const folder = /^  cd (.+)$/m.exec(zh.stdout)![1]!;
    // The sample config's value drivers and metrics are the company's own words (csops.config.json), as names are.
    const config = JSON.parse(fs.readFileSync(path.join(folder, 'csops.config.json'), 'utf8')) as { company_name: string; value: { drivers: Array<{ label: string; metric: string }> }; health: { login_metric?: string; key_modules: string[] } };
    // The login metric, when the config does not name it, is csops's default, logins.
    const own = [...data, config.company_name, config.health.login_metric ?? 'logins', ...config.health.key_modules, ...config.value.drivers.flatMap((driver) => [driver.label, driver.metric])];
    for (const page of ['value-ACC-0003.html', 'renewals.html']) {
      const html = fs.readFileSync(path.join(folder, page), 'utf8');
      expect(html, page).toContain('<html lang="zh-CN">');
      expect(englishWords(pageText(html), { allow: own }), page).toEqual([]);
    }
    expect(fs.readFileSync(path.join(folder, 'value-ACC-0003.html'), 'utf8')).toContain('这些数字的计算方法');
  });
});
