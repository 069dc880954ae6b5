import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, startCli, tempDir, writeFile, type CliResult } from '../helpers/cli.js';
import { dataStrings, englishWords, visibleHtmlText } from '../helpers/english-words-report.js';
import { say, type AnyPhrase } from '../../src/core/health/phrases.js';
import { messagesFor } from '../../src/i18n/messages.js';
import { sayIn } from '../../src/i18n/messages/reasons.js';

/**
 * Issue 24 in Chinese for csops report, alerts (and what alerts push posts) and the demo's own lines,
 * through the built binary on the sample company: real Chinese content, no English words but the
 * user's data, ids, codes, commands and paths; JSON, CSV and NDJSON the same in both languages.
 */
const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');
let dir: string;
let db: string;

function csops(args: string[], env: Record<string, string> = {}, config = SAMPLE_CONFIG): CliResult {
  return runCli(['--db', db, '--config', config, '--as-of', '2026-11-20', ...args], { cwd: dir, env });
}

function ok(args: string[], env: Record<string, string> = {}, config = SAMPLE_CONFIG): CliResult {
  const result = csops(args, env, config);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

/** The report's data: what the user's files say (names, subjects, tags, organisations), never csops's words. */
function reportData(args: string[]): string[] {
  const document = JSON.parse(ok([...args, '--format', 'json']).stdout) as unknown;
  return dataStrings(document, ['subject', 'name', 'owner', 'tag', 'organization', 'account_id', 'ticket_id', 'time_zone', 'examples']);
}

beforeAll(() => {
  dir = tempDir('csops-zh-');
  db = sampleDatabase(dir);
}, 180_000);

describe('csops report in Chinese', () => {
  it('writes the weekly report in Markdown with Chinese titles, sections, labels and prose dates, and no English words', () => {
    const { stdout, stderr } = ok(['--lang', 'zh-CN', 'report', 'weekly', '--format', 'md']);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('# 工单与 SLA 周报 2026-W46（2026-11-09 – 2026-11-15）');
    expect(lines[2]).toBe('对比上周（2026-W45）。时区 America/New_York；SLA 按工作时间计算；截至 2026年11月20日。');
    for (const section of ['## 按类型', '## 按优先级', '## 超时与升级（6 张），最早的在前', '## 工单最多的客户', '## 高频问题与主题（知识库候选）', '## 反馈给产品团队：缺陷', '## 反馈给产品团队：功能需求', '## 指标说明']) {
      expect(stdout).toContain(section);
    }
    expect(stdout).toContain('| 指标 | 本周 | 上周 | 变化 |');
    expect(stdout).toMatch(/\| 首次响应 SLA 达成率 \| \d+\.\d% \| \d+\.\d% \| [+−±][\d.]+ 个百分点 \|/);
    expect(stdout).toMatch(/\| 期末积压工单 \| \d+ \| \d+ \| [+−±]\d+ \|/);
    expect(stdout).toMatch(/\| 首次响应时长中位数 \| [\d.]+ 小时 \|/);
    // Enum values shown in the language (the JSON keeps them): types, priorities, tiers, bands, states.
    expect(stdout).toMatch(/\| 缺陷 \| \d+ \| \d+ \|/);
    expect(stdout).toMatch(/\| 普通 \| \d+ \| \d+ \|/);
    expect(stdout).toContain('| ACC-0015 Foxglove Outfitters | 15 | 高触达 | 有风险 76 | Daniel Okafor |');
    expect(stdout).toMatch(/\| T-102837 \| 2026-11-02 12:40 \| 普通 \| 解决 \| 2\.16× \| 客户成功负责人 \| 未解决 \|/);
    expect(stdout).toContain('- **首次响应 SLA 达成率**：');
    expect(englishWords(stdout, reportData(['report', 'weekly']))).toEqual([]);
    expect(englishWords(stderr)).toEqual([]);
  });

  it('writes the notes of a week not over in Chinese on stdout and stderr, while the JSON keeps its English notes', () => {
    const args = ['--as-of', '2026-11-18', 'report', 'weekly', '--week', '2026-W47'];
    const zh = ok(['--lang', 'zh-CN', ...args, '--format', 'md']);
    expect(zh.stdout).toContain('> 本周到 2026年11月18日 尚未结束：数据截至当天结束');
    expect(zh.stderr).toContain('本周到 2026年11月18日 尚未结束');
    expect(englishWords(zh.stdout, reportData(args))).toEqual([]);
    const json = JSON.parse(ok(['--lang', 'zh-CN', ...args, '--format', 'json']).stdout) as { notes: string[] };
    expect(json.notes).toEqual(['the week is not over on 2026-11-18: figures up to the end of that day']);
  });

  it('writes the HTML report with lang="zh-CN", Chinese sections, chart labels and axis text, and no English words a reader sees', () => {
    const { stdout } = ok(['--lang', 'zh-CN', 'report', 'weekly', '--format', 'html']);
    expect(stdout).toContain('<html lang="zh-CN">');
    expect(stdout).toContain('<title>工单与 SLA 周报 2026-W46</title>');
    for (const text of ['每日工单', '各优先级 SLA 达成率', '每日日终积压工单', 'aria-label="每日新建与已解决工单"', 'aria-label="各优先级在 SLA 内的工单占比"', '>首次响应</text>', '>解决</text>', '张未解决</title>']) {
      expect(stdout).toContain(text);
    }
    // The attainment chart labels each priority in Chinese.
    expect(stdout).toMatch(/text-anchor="end" fill="#1f2933">普通<\/text>/);
    expect(englishWords(visibleHtmlText(stdout), reportData(['report', 'weekly']))).toEqual([]);
  });

  it('writes the monthly report in the terminal in the config\'s language, with no English words', () => {
    const config = writeFile(dir, 'zh.config.json', JSON.stringify({ ...JSON.parse(fs.readFileSync(SAMPLE_CONFIG, 'utf8')), language: 'zh-CN' }));
    const { stdout } = ok(['report', 'monthly', '--wide'], {}, config);
    expect(stdout.split('\n')[0]).toBe('工单与 SLA 月报 2026-10（2026-10-01 – 2026-10-31）');
    expect(stdout).toContain('对比上月（2026-09）');
    expect(stdout).toMatch(/指标 +本月 +上月 +变化/);
    expect(englishWords(stdout, reportData(['report', 'monthly']))).toEqual([]);
  });

  it('gives the same JSON, CSV and NDJSON in both languages, and the same English with --lang en as without', () => {
    for (const format of ['json', 'csv', 'ndjson']) {
      expect(ok(['--lang', 'zh-CN', 'report', 'weekly', '--format', format]).stdout, format).toBe(ok(['report', 'weekly', '--format', format]).stdout);
    }
    expect(ok(['--lang', 'en', 'report', 'weekly', '--format', 'md']).stdout).toBe(ok(['report', 'weekly', '--format', 'md']).stdout);
    expect(ok(['report', 'weekly', '--format', 'md']).stdout.split('\n')[0]).toBe('# Tickets and SLA, week 2026-W46 (2026-11-09 – 2026-11-15)');
  });
});

/** The alerts' data: names, owners, the departed champion's name and title, as the files give them. */
function alertData(args: string[] = []): string[] {
  const document = JSON.parse(ok(['alerts', ...args, '--format', 'json']).stdout) as unknown;
  return dataStrings(document, ['account_id', 'account_name', 'owner', 'name', 'title', 'subject']);
}

/** Every rule but health_drop: its reasons come from core/health, Chinese once those are structured (helper i24s). */
const RULES_WITHOUT_HEALTH = 'no_login,low_licence_use,renewal_window,lapsed,sla_breach,urgent_bug,detractor,champion_left';

describe('csops alerts in Chinese', () => {
  it('lists the queue with Chinese headers, severities, rules, states and reasons written from the evidence (CSOPS_LANG)', () => {
    const args = ['--rule', RULES_WITHOUT_HEALTH, '--state', 'all'];
    const { stdout, stderr } = ok(['alerts', ...args], { CSOPS_LANG: 'zh-CN' });
    expect(stdout.split('\n')[0]).toMatch(/^ *编号 +严重程度 +规则 +客户 +名称 +负责人 +状态 +开启日期 +截止日期 +原因$/);
    expect(stdout).toMatch(/ 11 +严重 +紧急缺陷 +ACC-0015 .* 待处理 +2026-11-20 +2026-11-21 +紧急缺陷 T-102994 超过 SLA 仍未解决/);
    expect(stdout).toMatch(/ 50 +严重 +到期未续约 +ACC-0091 .*合同 C-00226 已于 2026年11月8日 到期，尚无续约记录（宽限期至 2026年12月8日）/);
    expect(stdout).toMatch(/已 24 天未登录（最后登录：2026年10月27日）/);
    expect(stdout).toMatch(/3 张工单 SLA 超时（高触达客户）：T-102837、T-102994、T-103019/);
    expect(stdout).toMatch(/关键联系人 王芳（项目专员） 已于 2026年8月25日 离职；尚无其他关键联系人/);
    expect(stdout).toMatch(/合同 C-00015 将在 51 天后（2027年1月10日）到期，已进入 60 天续约窗口，尚无续约记录/);
    expect(stdout).toMatch(/NPS 6 分（2026年11月17日）未跟进/);
    expect(stdout).toMatch(/34 个席位中 0 个在用（0%，低于 30%）/);
    expect(stderr).toMatch(/^截至 2026-11-20，显示 \d+ 条预警工单；队列：124 条待处理，0 条已确认，0 条已暂缓，0 条已逾期（上次同步：2026-11-20）$/m);
    expect(englishWords(stdout, alertData(args))).toEqual([]);
    expect(englishWords(stderr)).toEqual([]);
  });

  it('frames a health drop in Chinese from its evidence; the health reasons it quotes are those the evidence holds', () => {
    const { stdout } = ok(['--lang', 'zh-CN', 'alerts', '--rule', 'health_drop']);
    const alerts = (JSON.parse(ok(['alerts', '--rule', 'health_drop', '--format', 'json']).stdout) as { alerts: Array<{ id: number; evidence: { score_before: number; score: number; reasons: string[]; reason_phrases: AnyPhrase[] } }> }).alerts;
    expect(alerts.length).toBeGreaterThan(3);
    const first = alerts[0]!;
    expect(stdout).toContain(`健康分自 2026年11月13日 的 ${first.evidence.score_before}（`);
    expect(stdout).toContain(`降至 ${first.evidence.score}（`);
    // The reasons are written from the phrases stored beside the English ones (which JSON keeps, an API).
    expect(first.evidence.reason_phrases.map(say)).toEqual(first.evidence.reasons);
    expect(stdout).toContain(`：${sayIn(messagesFor('zh-CN'), first.evidence.reason_phrases[0]!)}；`);
    expect(stdout).not.toContain(first.evidence.reasons[0]);
  });

  it('writes Markdown with Chinese words, and CSV, NDJSON and JSON the same in both languages', () => {
    const md = ok(['--lang', 'zh-CN', 'alerts', '--rule', RULES_WITHOUT_HEALTH, '--format', 'md']).stdout;
    expect(md.split('\n')[0]).toBe('| 编号 | 严重程度 | 规则 | 客户 | 名称 | 负责人 | 状态 | 开启日期 | 截止日期 | 原因 | 对象 | 服务分级 | 已逾期 | 已开启（天） | 暂缓至 | 关闭日期 | 关闭方式 | 最近出现 | 依据 |');
    expect(md).toMatch(/\| 严重 \| 到期未续约 \| ACC-0091 \| Bluepeak Systems LLC \| Jonas Weber \| 待处理 \|.*\| C-00226 \| 低触达 \| 否 \|/);
    for (const format of ['csv', 'ndjson', 'json']) expect(ok(['--lang', 'zh-CN', 'alerts', '--format', format]).stdout, format).toBe(ok(['alerts', '--format', format]).stdout);
  });

  it('summarises a sync in Chinese, with its catch-up and stale-data notes written from the result', () => {
    const copy = path.join(dir, 'sync.db');
    fs.copyFileSync(db, copy);
    const sync = (language: string) => {
      fs.copyFileSync(db, copy);
      return runCli(['--db', copy, '--config', SAMPLE_CONFIG, '--as-of', '2027-01-31', '--lang', language, 'alerts', 'sync'], { cwd: dir });
    };
    const zhSync = sync('zh-CN');
    expect(zhSync.code, zhSync.stderr).toBe(0);
    expect(zhSync.stderr).toMatch(/^已同步 2027-01-01 … 2027-01-31（共 31 天，按日期顺序）：\d+ 项条件成立；新开 \d+ 条，重新开启 \d+ 条，因数据恢复关闭 \d+ 条，更新 [\d,]+ 条；队列 \d+ 条待处理，0 条已确认，0 条已暂缓$/m);
    expect(zhSync.stderr).toContain('上次同步是 2026-11-20，72 天前：已补算自 2027-01-01 起的 31 天，更早的 41 天未补算');
    expect(zhSync.stderr).toMatch(/项「健康分下降」条件未开启预警工单：/);
    const enSync = sync('en');
    expect(enSync.stderr).toContain('the last sync was 2026-11-20, 72 days ago: the 31 days from 2027-01-01 were replayed, the 41 before them were not');
    expect(enSync.stderr).toMatch(/\d+ health_drop conditions? not opened: the usage, tickets data is stale/);
  });

  it("shows an owner's action and its history in Chinese", () => {
    const copy = path.join(dir, 'work.db');
    fs.copyFileSync(db, copy);
    const result = runCli(['--db', copy, '--config', SAMPLE_CONFIG, '--as-of', '2026-11-20', '--lang', 'zh-CN', 'alerts', 'snooze', '2', '--until', '2026-11-27', '--by', 'ana', '--note', '已电话联系'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^预警工单 2（长期未登录，ACC-0007 Bramble Clinics Ltd\.）：暂缓至 2026-11-27\n已 24 天未登录（最后登录：2026年10月27日）\n/);
    expect(result.stdout).toMatch(/日期 +操作 +操作人 +截至 +备注/);
    expect(result.stdout).toMatch(/2026-11-20 +暂缓 +ana +2026-11-27 +已电话联系/);
  });

  it('exports CRM tasks with Chinese titles and notes; the columns and the values the CRM maps stay as documented', () => {
    const copy = path.join(dir, 'export.db');
    fs.copyFileSync(db, copy);
    const result = runCli(['--db', copy, '--config', SAMPLE_CONFIG, '--as-of', '2026-11-20', '--lang', 'zh-CN', 'alerts', 'export', '--for', 'hubspot_tasks', '--format', 'json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const records = (JSON.parse(result.stdout) as { records: Array<Record<string, string>> }).records;
    const lapsed = records.find((record) => record['Task Title']!.startsWith('[csops #50]'))!;
    expect(lapsed['Task Title']).toBe('[csops #50]【严重】到期未续约：Bluepeak Systems LLC');
    expect(lapsed.Priority).toBe('HIGH');
    expect(lapsed['Task Status']).toBe('NOT_STARTED');
    expect(lapsed.Notes!.split('\n').slice(0, 4)).toEqual([
      '合同 C-00226 已于 2026年11月8日 到期，尚无续约记录（宽限期至 2026年12月8日）',
      '',
      '客户：Bluepeak Systems LLC（ACC-0091）',
      '规则：到期未续约（C-00226）；严重程度：严重；开启于 2026-11-20，截止 2026-11-22；待处理',
    ]);
    expect(result.stderr).toMatch(/^已导出 124 条预警工单（hubspot_tasks，截至 2026-11-20；自上次导出新增 124 条、变更 0 条）$/m);
  });
});

/** A webhook that keeps what it receives and answers as DingTalk, Feishu and WeCom do when a message lands. */
class WebhookServer {
  readonly received: Array<{ path: string; body: Record<string, unknown> }> = [];
  private server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      this.received.push({ path: new URL(request.url!, 'http://localhost').pathname, body: JSON.parse(text) as Record<string, unknown> });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}');
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('csops alerts push in Chinese', () => {
  let server: WebhookServer;
  let origin: string;
  beforeAll(async () => {
    server = new WebhookServer();
    origin = await server.start();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** The built binary, awaited without blocking this process (the server answers meanwhile). */
  function push(database: string, args: string[]): Promise<CliResult> {
    const child = startCli(['--db', database, '--config', SAMPLE_CONFIG, '--as-of', '2026-11-20', '--lang', 'zh-CN', 'alerts', 'push', ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  }

  it('posts a DingTalk digest whose title, headlines, reasons and facts are Chinese', async () => {
    const copy = path.join(dir, 'push-dingtalk.db');
    fs.copyFileSync(db, copy);
    const result = await push(copy, ['--to', `${origin}/robot/send?access_token=T0KEN`, '--kind', 'dingtalk', '--digest', '--severity', 'critical']);
    expect(result.code, result.stderr).toBe(0);
    const bodies = server.received.filter((entry) => entry.path === '/robot/send').map((entry) => entry.body as { msgtype: string; markdown: { title: string; text: string } });
    expect(bodies).toHaveLength(1);
    const { title, text } = bodies[0]!.markdown;
    expect(title).toMatch(/^csops：截至 2026年11月20日 新增 \d+ 条预警工单$/);
    expect(text).toContain('#### 【严重】紧急缺陷：Foxglove Outfitters（ACC-0015）\n\n紧急缺陷 T-102994 超过 SLA 仍未解决');
    expect(text).toContain('#### 【严重】到期未续约：Bluepeak Systems LLC（ACC-0091）\n\n合同 C-00226 已于 2026年11月8日 到期，尚无续约记录（宽限期至 2026年12月8日）\n\n> 负责人：Jonas Weber · 截止：2026-11-22 · 预警工单 #50：csops alerts ack 50');
    expect(englishWords(`${title}\n${text}`, alertData())).toEqual([]);
    expect(result.stderr).toMatch(/（钉钉）：已发送 1 条消息（汇总），\d+ 条预警工单已送达，0 条未送达；此前已发送 0 条/);
  });

  it('posts one Feishu post per alert with a Chinese title and lines', async () => {
    const copy = path.join(dir, 'push-feishu.db');
    fs.copyFileSync(db, copy);
    server.received.length = 0;
    const result = await push(copy, ['--to', `${origin}/open-apis/bot/v2/hook/abc`, '--kind', 'feishu', '--rule', 'champion_left']);
    expect(result.code, result.stderr).toBe(0);
    const posts = server.received.map((entry) => (entry.body as { content: { post: { zh_cn: { title: string; content: Array<Array<{ text: string }>> } } } }).content.post.zh_cn);
    expect(posts.length).toBeGreaterThan(0);
    const wang = posts.find((post) => post.title.includes('上海鼎盛零售有限公司'))!;
    expect(wang.title).toBe('【高】关键联系人离职：上海鼎盛零售有限公司（ACC-0115）');
    expect(wang.content[0]![0]!.text).toBe('关键联系人 王芳（项目专员） 已于 2026年8月25日 离职；尚无其他关键联系人');
    for (const post of posts) expect(englishWords([post.title, ...post.content.flat().map((element) => element.text)].join('\n'), alertData())).toEqual([]);
  });
});
