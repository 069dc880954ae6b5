import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { CSOPS_BIN, REPO_ROOT, sampleDatabase, tempDir, testEnv } from './cli.js';

/**
 * Every command of the tree run on the sample company, for the tests that check a property of all
 * output (test/e2e/output-contract.test.ts: the data formats; test/e2e/chinese-output.test.ts: the
 * Chinese of the human formats). The commands come from the commander tree, so a new command fails
 * those tests until it is listed below (with what to run it on) or excluded with a reason.
 */

export const AS_OF = '2026-11-20';
export const SAMPLE_CONFIG = path.join(REPO_ROOT, 'sample-data', 'csops.config.json');

export interface Invocation {
  /** The arguments after the command's words. */
  args: string[];
  /** It writes to the database: it gets a copy of its own (runs are parallel). */
  writes?: boolean;
  /** It runs in an empty folder with no database (csops init). */
  fresh?: boolean;
}

/** What each command runs with; several runs where a flag changes the shape (--summary, --changes, --explain). */
export const INVOCATIONS: Record<string, Invocation[]> = {
  init: [{ args: ['--yes'], fresh: true }],
  import: [{ args: ['accounts', path.join(REPO_ROOT, 'sample-data', 'accounts.csv'), '--dry-run'] }],
  tier: [{ args: [] }, { args: ['--summary'] }, { args: ['--changes'] }],
  risk: [{ args: [] }, { args: ['--explain', 'ACC-0007'] }, { args: ['--changes', '--since', '30d'] }],
  'risk backtest': [{ args: [] }],
  'churn-model fit': [{ args: [] }],
  renewals: [{ args: [] }],
  'metrics retention': [{ args: ['--period', '2026-Q3', '--by', 'tier'] }],
  'metrics acquisition': [{ args: [] }],
  alerts: [{ args: [] }],
  'alerts sync': [{ args: [], writes: true }],
  'alerts export': [{ args: ['--for', 'generic', '--all'], writes: true }],
  'alerts push': [{ args: ['--to', 'https://hooks.slack.com/services/T0/B0/x', '--dry-run'] }],
  'alerts ack': [{ args: ['1', '--note', 'called'], writes: true }],
  'alerts done': [{ args: ['2', '--note', 'renewed'], writes: true }],
  'alerts snooze': [{ args: ['3', '--until', '2026-12-01'], writes: true }],
  account: [{ args: ['ACC-0007'] }],
  report: [{ args: ['monthly'] }],
  value: [{ args: ['ACC-0003'] }],
  'config show': [{ args: [] }],
  'db info': [{ args: [] }],
  'db migrate': [{ args: [], writes: true }],
};

/** Commands not run by the all-commands tests, and why. */
export const EXCLUDED: Record<string, string> = {
  demo: 'imports the sample data again (seconds per format); every report it shows is checked above, and test/helpers reads its JSON',
  completion: 'prints a shell script, not data: it takes no --format',
  'config validate': 'answers with its exit code and stderr; it prints nothing on stdout',
  'config schema': 'prints the JSON Schema of the config file, a document with a format of its own',
  'db copy': 'needs an empty target of its own for every run; test/e2e/postgres-db.test.ts checks its JSON (kind db_copy) and its copies',
};

/** Every command with an action, by its words; groups without one (metrics, config) only hold subcommands. */
export function commandsWithActions(program: Command = buildProgram({ stdout: process.stdout, stderr: process.stderr, env: {}, cwd: process.cwd(), now: () => new Date() })): string[] {
  const names: string[] = [];
  const visit = (command: Command, words: string[]) => {
    for (const sub of command.commands) {
      const words2 = [...words, sub.name()];
      if ((sub as unknown as { _actionHandler: unknown })._actionHandler) names.push(words2.join(' '));
      visit(sub, words2);
    }
  };
  visit(program, []);
  return names;
}

export interface Run {
  name: string;
  args: string[];
  format: string;
  code: number;
  stdout: string;
  stderr: string;
}

function runAsync(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CSOPS_BIN, ...args], { cwd, env: testEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Runs every invocation in every format given, on a copy of the sample database (commands that write
 * get their own), four at a time (the machine running the suite has two cores and other test files).
 * `global`: options before the command (e.g. --lang zh-CN).
 */
export async function runEveryCommand(formats: readonly string[], options: { global?: string[]; env?: Record<string, string>; prefix?: string } = {}): Promise<Run[]> {
  const workDir = tempDir(options.prefix ?? 'csops-commands-');
  const sampleDb = sampleDatabase(workDir);
  const runs: Run[] = [];
  const jobs: Array<() => Promise<void>> = [];
  let copies = 0;
  for (const [name, invocations] of Object.entries(INVOCATIONS)) {
    for (const invocation of invocations) {
      for (const format of formats) {
        jobs.push(async () => {
          let cwd = workDir;
          let db = sampleDb;
          if (invocation.fresh || invocation.writes) {
            cwd = path.join(workDir, `run-${++copies}`);
            fs.mkdirSync(cwd);
            db = path.join(cwd, 'csops.db');
            if (invocation.writes) fs.copyFileSync(sampleDb, db);
          }
          const config = invocation.fresh ? [] : ['--config', SAMPLE_CONFIG];
          const result = await runAsync([...(options.global ?? []), '--db', db, ...config, '--as-of', AS_OF, '--format', format, ...name.split(' '), ...invocation.args], cwd, options.env ?? {});
          runs.push({ name, args: invocation.args, format, ...result });
        });
      }
    }
  }
  const queue = [...jobs];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  }));
  return runs;
}

export const runLabel = (run: Run) => `csops ${run.name} ${run.args.join(' ')} --format ${run.format}`.replace(/\s+/g, ' ');
