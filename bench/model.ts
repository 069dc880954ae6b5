/**
 * `npm run bench -- model [--accounts 20000]`
 *
 * Generates 20,000 accounts with 24 months of history (daily usage on active days, contracts renewed
 * or churned with planted drivers, survey answers; bench/churn-history.ts), imports it with the built
 * csops, then times `csops risk backtest` and `csops churn-model fit` over the last 22 months of
 * outcomes, three runs each, each in its own process, with peak RSS. Target (issue 8): each < 10 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateChurnHistory } from './churn-history.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const csops = path.join(repoRoot, 'bin', 'csops');
const rssHook = fileURLToPath(new URL('./rss-hook.js', import.meta.url));

function run(args: string[], outFile: string): { seconds: number; maxRssMb: number; stderr: string } {
  const out = fs.openSync(outFile, 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', rssHook, csops, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', out, 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.closeSync(out);
  if (result.status !== 0) throw new Error(`csops ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stderr: result.stderr };
}

export async function benchModel(options: { accounts: number; keep: boolean }): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-bench-model-'));
  console.log(`csops model benchmark: ${os.cpus().length} cores, node ${process.version}, data in ${dir}`);
  const history = await generateChurnHistory({ dir, accounts: options.accounts, months: 24, signal: true, usage: 'daily' });
  console.log(`generated: ${options.accounts.toLocaleString('en-US')} accounts, 24 months, ${history.usageRows.toLocaleString('en-US')} usage days, ${history.churned.toLocaleString('en-US')} churned`);
  const db = path.join(dir, 'model.db');
  const out = path.join(dir, 'out.txt');
  const setup = run(['--db', db, '--quiet', 'import', ...history.files], out);
  console.log(`imported in ${setup.seconds.toFixed(1)} s (database ${(fs.statSync(db).size / 1e6).toFixed(0)} MB)\n`);

  const global = ['--db', db, '--as-of', history.asOf, '--quiet'];
  const window = ['--from', '2025-01-01'];
  const rows: Array<[string, number, number, string]> = [];
  for (const [label, args] of [
    ['risk backtest', ['risk', 'backtest', ...window, '--format', 'json']],
    ['churn-model fit', ['churn-model', 'fit', ...window, '--format', 'json']],
  ] as const) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const timed = run([...global, ...args], out);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { outcomes?: number; cases?: number; auc?: number; cv_auc?: number; rule_auc?: number };
      const detail = label === 'risk backtest' ? `${result.outcomes} cases, AUC ${result.auc?.toFixed(3)}` : `${result.cases} cases, CV AUC ${result.cv_auc?.toFixed(3)} (score ${result.rule_auc?.toFixed(3)})`;
      rows.push([`${label} (run ${attempt})`, timed.seconds, timed.maxRssMb, detail]);
    }
  }
  console.log(`${'run'.padEnd(26)} ${'seconds'.padStart(8)} ${'peak RSS MB'.padStart(12)}  result`);
  for (const [label, seconds, rss, detail] of rows) console.log(`${label.padEnd(26)} ${seconds.toFixed(2).padStart(8)} ${rss.toFixed(0).padStart(12)}  ${detail}`);
  if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`\nkept ${dir}`);
}
