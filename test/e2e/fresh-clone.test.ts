import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

/**
 * The first-run path of a new user, end to end: a fresh clone of this repository (its committed
 * state), the install from its lockfile and the build, then in an empty folder `csops init --yes`,
 * every sample-data export imported, and `csops risk`. What this shows is that the committed state is
 * whole (nothing works only because of a file left in this checkout). Compiling better-sqlite3 from
 * source (a minute and a half of one core, the same compile every time) is left to CI, whose
 * `.ci/run` is itself a fresh clone's `npm ci`: here the install runs with --ignore-scripts, takes
 * this checkout's compiled addon (same lockfile, same Node), and runs the build step (`prepare`).
 */
const isGitCheckout = fs.existsSync(path.join(REPO_ROOT, '.git')) && spawnSync('git', ['--version']).status === 0;

/** Runs a command without blocking the test worker (a blocked worker misses vitest's heartbeats). */
function run(command: string, args: string[], cwd: string, timeout = 60_000): Promise<{ code: number | null; stdout: string; stderr: string; output: string }> {
  // A clean environment: nothing of the test runner's npm or CI settings leaks into the newcomer's shell.
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'America/Los_Angeles', NO_COLOR: '1', CI: 'true' };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, timeout });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` }));
  });
}

function csvFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((entry) => (entry.isFile() && entry.name.endsWith('.csv') ? [path.join(entry.parentPath, entry.name)] : []));
}

describe.skipIf(!isGitCheckout)('a newcomer on a fresh clone', () => {
  it('npm install, csops init --yes, import every sample-data file, csops risk', { timeout: 600_000 }, async () => {
    const clone = path.join(tempDir('csops-clone-'), 'csops');
    const cloned = await run('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone], REPO_ROOT);
    expect(cloned.code, cloned.output).toBe(0);
    const installed = await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], clone, 300_000);
    expect(installed.code, installed.output).toBe(0);
    const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(path.join(clone, addon)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, addon), path.join(clone, addon));
    const built = await run('npm', ['run', 'prepare'], clone, 300_000);
    expect(built.code, built.output).toBe(0);

    const csops = path.join(clone, 'bin', 'csops');
    const work = tempDir('csops-newcomer-');
    const init = await run(process.execPath, [csops, 'init', '--yes'], work);
    expect(init.code, init.output).toBe(0);

    const files = csvFilesUnder(path.join(clone, 'sample-data'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    const imported = await run(process.execPath, [csops, 'import', ...files, '--format', 'json'], work, 300_000);
    expect(imported.code, imported.output).toBe(0);
    const summary = JSON.parse(imported.stdout) as { files: Array<{ file: string; status: string; inserted: number }> };
    expect(summary.files.map((file) => file.status)).toEqual(files.map(() => 'imported'));

    const risk = await run(process.execPath, [csops, 'risk', '--as-of', '2026-11-20', '--format', 'json'], work, 120_000);
    expect(risk.code, risk.output).toBe(0);
    const scored = JSON.parse(risk.stdout) as { accounts: Array<{ account_id: string; band: string; signals: Array<{ signal: string }> }> };
    expect(scored.accounts.length).toBeGreaterThan(100);
    // The accounts made to be at risk are (sample-data/README.md): ACC-0007 silent for 24 days, and with
    // the people imported, ACC-0229 whose champion left on 2026-11-10. (Since the sample company has
    // contacts, the relationship points lift every account out of critical.)
    const byId = new Map(scored.accounts.map((account) => [account.account_id, account]));
    expect(['at_risk', 'critical']).toContain(byId.get('ACC-0007')!.band);
    expect(byId.get('ACC-0229')!.signals.map((entry) => entry.signal)).toContain('champion_left');
  });
});
