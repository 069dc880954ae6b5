import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, sampleDatabase, tempDir, type CliResult } from '../helpers/cli.js';
import { dataValues, englishWords } from '../helpers/english-words.js';
import { HAS_TMUX, Terminal } from '../helpers/terminal.js';
import { displayWidth } from '../../src/render/table-layout.js';

/**
 * Issue 24 for the scores and portfolio tables: risk (table, --explain, --changes, md, html), renewals,
 * tier and metrics in Chinese through the built binary on the sample company, with no English word
 * left but names, ids, codes and units; their JSON the same in both languages; English as it was.
 */
const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');
const AS_OF = '2026-11-20';
let dir: string;
let db: string;
let allow: string[];

function csops(args: string[], env: Record<string, string> = {}): CliResult {
  const result = runCli(['--db', db, '--config', SAMPLE_CONFIG, '--as-of', AS_OF, ...args], { cwd: dir, env });
  expect(result.code, result.stderr).toBe(0);
  return result;
}

/** Chinese output with nothing English left: stdout and stderr (the warn prefix aside: another part of issue 24 translates it). */
function expectNoEnglish(result: CliResult): void {
  expect(englishWords(result.stdout, { allow }), result.stdout).toEqual([]);
  expect(englishWords(result.stderr.replace(/^warning: /gm, ''), { allow }), result.stderr).toEqual([]);
}

/** The text of an HTML page as a reader sees it: no style sheet, no tags, entities decoded. */
function pageText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

beforeAll(() => {
  dir = tempDir('csops-zh-scores-');
  db = sampleDatabase(dir);
  const keyModules = (JSON.parse(fs.readFileSync(SAMPLE_CONFIG, 'utf8')) as { health: { key_modules: string[] } }).health.key_modules;
  allow = [...dataValues(db), ...keyModules];
});

describe('csops risk in Chinese', () => {
  it('the table: Chinese headings, bands, tiers, reasons and footnotes, no English word left', () => {
    const result = csops(['--lang', 'zh-CN', 'risk']);
    expect(result.stdout.split('\n')[0]).toMatch(/^客户编号\s+名称\s+健康分\s+健康等级\s+趋势\s+置信度\s+原因\s+ARR USD\s+服务分级\s+负责人\s+续约日期$/);
    expect(result.stdout).toContain('有风险');
    expect(result.stdout).toContain('高触达');
    expect(result.stdout).toMatch(/已 \d+ 天没有登录（最近一次 \d{4}-\d{2}-\d{2}）/);
    expect(result.stdout).toContain('（到期未续约）');
    expect(result.stderr).toMatch(/^截至 2026-11-20（.+）共评估 \d+ 个客户：健康 \d+，需关注 \d+，有风险 \d+，高危 \d+；显示 \d+ 个$/m);
    expect(result.stderr).toContain('* 无论分数如何均为有风险');
    expectNoEnglish(result);
  });

  it('--explain: the factors, what each saw, why it lost points and the missing signals', () => {
    const worst = (JSON.parse(csops(['risk', '--format', 'json', '--band', 'at-risk,critical']).stdout) as { accounts: Array<{ account_id: string; missing: string[] }> }).accounts;
    for (const account of [worst[0]!, worst.find((row) => row.missing.length > 0) ?? worst[1]!]) {
      for (const format of ['table', 'md']) {
        const result = csops(['--lang', 'zh-CN', 'risk', '--explain', account.account_id, '--format', format]);
        expect(result.stdout).toContain('失分原因：');
        expect(result.stdout).toMatch(/因素\s*\|?\s*得分\s*\|?\s*依据/);
        expect(result.stdout).toMatch(/登录趋势|最近使用/);
        if (account.missing.length > 0) expect(result.stdout).toContain('缺失的信号（不计入分数，降低置信度）：');
        expectNoEnglish(result);
      }
    }
  });

  it('--changes: what changed, in Chinese, recomputed for both days', () => {
    const result = csops(['--lang', 'zh-CN', 'risk', '--changes', '--since', '14d']);
    expect(result.stdout).toMatch(/变差|变好/);
    expect(result.stdout).toContain('变化内容（分）');
    expect(result.stderr).toMatch(/之间有 \d+ 个客户的健康等级改变或分数变动超过/);
    expectNoEnglish(result);
  });

  it('Markdown and HTML: the page says lang="zh-CN", its headings, charts and definitions in Chinese', () => {
    const md = csops(['--lang', 'zh-CN', 'risk', '--format', 'md']);
    expect(md.stdout.split('\n')[0]).toContain('| 客户编号 | 名称 | 健康分 | 健康等级 |');
    expectNoEnglish(md);
    const html = csops(['--lang', 'zh-CN', 'risk', '--format', 'html', '--limit', '5']);
    expect(html.stdout).toContain('<html lang="zh-CN">');
    expect(html.stdout).toContain('客户健康度，截至 2026-11-20');
    expect(html.stdout).toContain('有风险的客户，最差的在前');
    expectNoEnglish({ ...html, stdout: pageText(html.stdout) });
    expect(csops(['risk', '--format', 'html']).stdout).toContain('<html lang="en">');
  });

  it('a piped table stays aligned with Chinese text: every column starts at the same display column on every line', () => {
    const result = csops(['--lang', 'zh-CN', 'risk', '--columns', 'account_id,name,band,tier,owner,reasons']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.some((line) => /[\u4e00-\u9fff]/.test(line.split('  ')[0]!))).toBe(true); // a Chinese name among the rows
    const header = lines[0]!;
    const startOf = (heading: string) => displayWidth(header.slice(0, header.indexOf(heading)));
    for (const [heading, filled] of [['健康等级', true], ['服务分级', true], ['负责人', false], ['原因', false]] as const) {
      const at = startOf(heading);
      for (const line of lines) {
        // Walk the line by display width: a double-width character never straddles the column's start.
        let width = 0;
        let index = 0;
        const chars = [...line];
        while (width < at && index < chars.length) width += displayWidth(chars[index++]!);
        if (index >= chars.length) {
          expect(filled, `${heading}: ${line}`).toBe(false);
          continue;
        }
        expect(width, `${heading}: ${line}`).toBe(at);
        expect(chars.slice(index - 2, index).join(''), `${heading}: ${line}`).toBe('  ');
        if (filled) expect(chars[index], `${heading}: ${line}`).not.toBe(' ');
      }
    }
  });

  it.skipIf(!HAS_TMUX)('on a 120-column terminal every line of the box-drawn Chinese table is one display width, none wider than the terminal', async () => {
    const stderr = path.join(dir, 'zh-terminal-stderr.txt');
    const term = new Terminal(['--db', db, '--config', SAMPLE_CONFIG, '--as-of', AS_OF, '--lang', 'zh-CN', 'risk', '--limit', '25'], { cwd: dir, width: 120, height: 50, stderr });
    try {
      expect(await term.exitCode()).toBe(0);
      const lines = term.screen().split('\n').map((line) => line.trimEnd()).filter((line) => /^[┌│├└]/.test(line));
      expect(lines.length).toBe(25 + 4);
      expect(lines.some((line) => line.includes('有风险'))).toBe(true);
      expect(new Set(lines.map(displayWidth)).size, lines.join('\n')).toBe(1);
      expect(displayWidth(lines[0]!)).toBeLessThanOrEqual(120);
      expect(fs.readFileSync(stderr, 'utf8')).toContain('提示：为适应 120 列宽');
    } finally {
      term.close();
    }
  });
});

describe('csops renewals, tier and metrics in Chinese', () => {
  it('renewals (language from CSOPS_LANG): windows, states, reasons and the forecast table', () => {
    const result = csops(['renewals'], { CSOPS_LANG: 'zh-CN' });
    expect(result.stdout.split('\n')[0]).toMatch(/^续约窗口\s+客户编号\s+名称\s+状态\s+到期日\s+剩余天数/);
    expect(result.stdout).toMatch(/^到期未续约\s+\S+/m);
    expect(result.stdout).toMatch(/^续约窗口\s+客户数\s+待续约 ARR\s+预测（按健康度加权）$/m);
    expect(result.stderr).toMatch(/^截至 2026-11-20 共 \d+ 个续约：90 天内到期的，以及到期未续约的$/m);
    expectNoEnglish(result);
    // Markdown: the cells under the Chinese headings (states, reasons, decision makers) are Chinese too.
    const md = csops(['--lang', 'zh-CN', 'renewals', '--format', 'md']);
    expect(md.stdout.split('\n')[0]).toMatch(/^\| 续约窗口 \| 客户编号 \|/);
    expect(md.stdout).toMatch(/^\| 到期未续约 \|/m);
    expectNoEnglish(md);
    const html = csops(['--lang', 'zh-CN', 'renewals', '--format', 'html']);
    expect(html.stdout).toContain('<html lang="zh-CN">');
    expectNoEnglish({ ...html, stdout: pageText(html.stdout) });
  });

  it('tier --summary (language from the config file) and the tier list', () => {
    const config = path.join(dir, 'zh.config.json');
    fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(SAMPLE_CONFIG, 'utf8')), language: 'zh-CN' }));
    const summary = runCli(['--db', db, '--config', config, '--as-of', AS_OF, 'tier', '--summary'], { cwd: dir });
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout.split('\n')[0]).toMatch(/^服务分级\s+客户数\s+占客户数\s+ARR USD\s+占 ARR/);
    expect(summary.stdout).toMatch(/^高触达\s/m);
    expect(summary.stdout).toMatch(/^全部\s/m);
    expect(summary.stderr).toMatch(/二八检验：前 20% 的客户占 ARR 的 [\d.]+%/);
    expectNoEnglish(summary);
    const list = csops(['--lang', 'zh-CN', 'tier']);
    expect(list.stdout).toMatch(/员工 [\d,]+ 人 ≥ [\d,]+|ARR [\d,]+ USD ≥ [\d,]+/);
    expectNoEnglish(list);
    expectNoEnglish(csops(['--lang', 'zh-CN', 'tier', '--changes']));
  });

  it('metrics retention, as a table and in Markdown: Chinese metric names and printed definitions', () => {
    for (const format of ['table', 'md']) {
      const result = csops(['--lang', 'zh-CN', 'metrics', 'retention', '--format', format]);
      expect(result.stdout).toMatch(/^留存 2026-Q3（2026-07-01 … 2026-09-30），截至 2026-11-20$/m);
      for (const term of ['总收入留存率（GRR）', '净收入留存率（NRR）', '客户流失率', '续约率', '期初 ARR']) expect(result.stdout).toContain(term);
      expect(result.stdout).toContain(format === 'md' ? '**定义**' : '定义：');
      expectNoEnglish(result);
    }
    const acquisition = csops(['--lang', 'zh-CN', 'metrics', 'acquisition']);
    expect(acquisition.stdout).toContain('收益度');
    expectNoEnglish(acquisition);
  });
});

describe('csops value in Chinese', () => {
  it("the customer's statement: headings, figures' labels, sentences and footnotes in Chinese, the page lang=\"zh-CN\"; the CSM's notes too; JSON as in English", () => {
    // The config's own words (the company, its value drivers' labels, the metrics) stay as written, as names do.
    const config = JSON.parse(fs.readFileSync(SAMPLE_CONFIG, 'utf8')) as { company_name: string; value: { drivers: Array<{ label: string }> } };
    const own = [...allow, config.company_name, 'logins', 'active_users', ...config.value.drivers.map((driver) => driver.label)];
    const text = csops(['--lang', 'zh-CN', 'value', 'ACC-0023', '--period', '2026-Q4']);
    for (const heading of ['使用情况', '支持服务', '交付的价值', '这些数字的计算方法']) expect(text.stdout.split('\n')).toContain(heading);
    expect(text.stdout).toMatch(/^2026-Q4 季度：2026-10-01 至 2026-11-20（统计期至 2026-12-31）。/m);
    expect(text.stdout).toMatch(/^\d+\. 工单：贵团队在 2026-10-01 至 2026-11-20 期间提交的工单/m);
    expect(text.stderr).toContain('统计期至 2026-12-31：数字截至 2026-11-20');
    expect(englishWords(text.stdout, { allow: own }), text.stdout).toEqual([]);
    expect(englishWords(text.stderr, { allow: own }), text.stderr).toEqual([]);
    const html = csops(['--lang', 'zh-CN', 'value', 'ACC-0023', '--format', 'html']);
    expect(html.stdout).toContain('<html lang="zh-CN">');
    expect(englishWords(pageText(html.stdout), { allow: own })).toEqual([]);
    expect(csops(['--lang', 'zh-CN', 'value', 'ACC-0023', '--format', 'json']).stdout).toBe(csops(['value', 'ACC-0023', '--format', 'json']).stdout);
    // Its usage errors too (exit 2, as in English).
    const late = runCli(['--db', db, '--config', SAMPLE_CONFIG, '--as-of', AS_OF, '--lang', 'zh-CN', 'value', 'ACC-0023', '--period', '2027'], { cwd: dir });
    expect(late.code).toBe(2);
    expect(late.stderr).toBe('csops: 统计期 2027 开始于截至日 2026-11-20 之后\n提示：请选择更早的统计期或更晚的 --as-of\n');
  });
});

describe('csops account and csops risk backtest in Chinese', () => {
  it("account: headings, standing, health reasons and the tables in Chinese; the data (subjects, comments, the alerts' sentences) as it is", () => {
    const result = csops(['--lang', 'zh-CN', 'account', 'ACC-0023']);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ACC-0023 \S.* — 高触达（ARR [\d,]+ USD ≥ [\d,]+），负责人 /);
    expect(result.stdout).toMatch(/^合同有效，ARR [\d,]+ USD，2026-12-10 续约（20 天后）；截至 2026-11-20（.+）$/m);
    for (const heading of ['合同', '最近的调研反馈']) expect(lines).toContain(heading);
    expect(result.stdout).toMatch(/^未解决工单（\d+）$/m);
    expect(result.stdout).toMatch(/^合同编号\s+开始\s+结束\s+ARR\s+席位\s+套餐\s+状态$/m);
    // The health section: every line the score's own words.
    const from = lines.findIndex((line) => line.startsWith('健康度：'));
    expect(from).toBeGreaterThan(0);
    const section = lines.slice(from, lines.indexOf('', from)).join('\n');
    expect(section).toMatch(/^健康度：\d+\/100，有风险，置信度 \d+%/);
    expect(section.split('\n').length).toBeGreaterThan(2);
    expect(englishWords(section, { allow: [...allow, 'reports_created', 'dashboards_viewed', 'workflows_run'] }), section).toEqual([]);
  });

  it('risk backtest: the summary, the bands, the factors and the definitions', () => {
    const result = csops(['--lang', 'zh-CN', 'risk', 'backtest']);
    expect(result.stdout).toMatch(/^健康分回测，截至 2026-11-20：.* 到期的合同，在到期前 90 天评分$/m);
    expect(result.stdout).toMatch(/^分数的 ROC AUC\s+0\.\d{3}（95% 置信区间 0\.\d{3}–0\.\d{3}）：\S+$/m);
    expect(result.stdout).toContain('召回率');
    expectNoEnglish(result);
    expect(csops(['--lang', 'zh-CN', 'risk', 'backtest', '--format', 'json']).stdout).toBe(csops(['risk', 'backtest', '--format', 'json']).stdout);
  });
});

describe('refusals in Chinese', () => {
  it('a bad --week, --from or --since, an unknown account or alert, an alert id that is no number: the message and its hint in Chinese, exit 2, the values as typed', () => {
    const refusals: Array<{ args: string[]; said: string }> = [
      { args: ['report', 'weekly', '--week', '2026-13'], said: '--week "2026-13" 不是' },
      { args: ['metrics', 'retention', '--from', 'bad', '--to', '2026-01-01'], said: '--from "bad" 不是日期' },
      { args: ['risk', '--changes', '--since', '2027-01-01'], said: '--since 2027-01-01 不早于' },
      { args: ['risk', '--explain', 'NOPE'], said: '"NOPE"' },
      { args: ['alerts', 'ack', '99999'], said: '99999' },
      // Commander's own refusal (the id is not a number), with csops's parser's detail
      { args: ['alerts', 'ack', 'NOPE'], said: "'NOPE'" },
    ];
    for (const { args, said } of refusals) {
      const result = runCli(['--db', db, '--config', SAMPLE_CONFIG, '--as-of', AS_OF, '--lang', 'zh-CN', ...args], { cwd: dir });
      expect(result.code, result.stderr).toBe(2);
      const [message, hint] = result.stderr.trimEnd().split('\n');
      expect(message, args.join(' ')).toMatch(/^csops: .*[\u4e00-\u9fff]/);
      expect(message).toContain(said);
      expect(hint, args.join(' ')).toMatch(/^提示：.*[\u4e00-\u9fff]/);
      // the values typed, and the argument's name as the usage line shows it (ack <id>)
      expect(englishWords(result.stderr, { allow: ['NOPE', 'bad', 'id'] }), result.stderr).toEqual([]);
    }
  });
});

describe('what stays the same in every language', () => {
  const commands: string[][] = [['risk'], ['risk', '--explain', 'ACC-0023'], ['risk', '--changes', '--since', '14d'], ['renewals'], ['tier', '--summary'], ['metrics', 'retention'], ['metrics', 'acquisition']];

  it('JSON is the same document byte for byte with --lang en and --lang zh-CN (reasons, notes and definitions stay English)', () => {
    for (const args of commands) {
      const en = csops(['--lang', 'en', ...args, '--format', 'json']).stdout;
      const zh = csops(['--lang', 'zh-CN', ...args, '--format', 'json']).stdout;
      expect(zh, args.join(' ')).toBe(en);
      expect(en).not.toContain('有风险');
    }
  });

  it('csv and ndjson keep the JSON values in every language', () => {
    for (const format of ['csv', 'ndjson']) {
      expect(csops(['--lang', 'zh-CN', 'risk', '--format', format]).stdout).toBe(csops(['--lang', 'en', 'risk', '--format', format]).stdout);
      expect(csops(['--lang', 'zh-CN', 'renewals', '--format', format]).stdout).toBe(csops(['--lang', 'en', 'renewals', '--format', format]).stdout);
    }
  });

  it('English is the default and reads as it always did', () => {
    for (const args of commands) {
      const plain = csops(args);
      expect(csops(['--lang', 'en', ...args]).stdout).toBe(plain.stdout);
      expect(englishWords(plain.stdout, { allow }).length, args.join(' ')).toBeGreaterThan(0);
    }
    expect(csops(['risk']).stdout.split('\n')[0]).toMatch(/^account\s+name\s+score\s+band\s+trend\s+conf\s+why\s+ARR USD\s+tier\s+owner\s+renews$/);
  });
});
