import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const CSOPS_BIN = path.join(REPO_ROOT, 'bin', 'csops');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for the built binary: no colour, no user config, CI set (never prompt), a non-UTC zone. */
export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', CI: 'true', TZ: 'Asia/Kolkata', ...extra };
  return env;
}

/** Runs the built csops binary (npm test builds it first) in `cwd`. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }): CliResult {
  const result = spawnSync(process.execPath, [CSOPS_BIN, ...args], {
    cwd: options.cwd,
    env: testEnv(options.env),
    encoding: 'utf8',
    input: options.input ?? '',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the binary without waiting (for kill and concurrency tests). */
export function startCli(args: string[], options: { cwd: string; env?: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, [CSOPS_BIN, ...args], { cwd: options.cwd, env: testEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix = 'csops-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFile(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** A checksum of every table's rows in key order: equal checksums mean nothing was written. */
export function tableChecksums(dbPath: string): Record<string, string> {
  if (!fs.existsSync(dbPath)) return {};
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    const sums: Record<string, string> = {};
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).raw().all();
      sums[table] = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
    }
    return sums;
  } finally {
    db.close();
  }
}

export function queryAll<T = Record<string, unknown>>(dbPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Minimal canonical files for tests. */
export const ACCOUNTS_CSV = [
  'account_id,name,industry,employees,owner,plan,channel,acquisition_cost,currency,customer_since',
  'A-1,Acme Corp,Software,120,ana@example.com,growth,search_ad,1200.50,USD,2024-01-15',
  'A-2,"Beta, Inc.",Retail,2500,bo@example.com,enterprise,referral,99,EUR,2023-06-01',
  'A-3,Gamma GmbH,Manufacturing,40,ana@example.com,starter,organic,,USD,2025-02-28',
].join('\n');

/**
 * The sample company imported by `csops demo --keep`, copied into `dir` as sample.db: what command
 * tests run against (each test gets its own copy). The demo's database is built once per build of
 * csops and per sample data — the cache key hashes dist/, bin/ and sample-data/ — and shared by every
 * test file (a rebuild or a changed sample file makes a new one), which saves a demo run (3 s and
 * more on a busy machine) for each of the dozen test files that ask.
 */
export function sampleDatabase(dir: string): string {
  const template = sampleTemplate();
  const db = path.join(dir, 'sample.db');
  fs.copyFileSync(template, db);
  return db;
}

function sampleTemplate(): string {
  const cacheDir = path.join(os.tmpdir(), 'csops-test-sample-cache');
  const cached = path.join(cacheDir, `${buildFingerprint()}.db`);
  if (fs.existsSync(cached)) return cached;
  const work = tempDir('csops-sample-');
  const demo = runCli(['demo', '--keep', '--format', 'json'], { cwd: work });
  if (demo.code !== 0) throw new Error(`csops demo failed (exit ${demo.code}):\n${demo.stderr}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  // Written under a name of its own, then renamed: another test worker building the same one at the same time is harmless.
  const partial = `${cached}.${process.pid}.partial`;
  fs.copyFileSync((JSON.parse(demo.stdout) as { database: string }).database, partial);
  fs.renameSync(partial, cached);
  return cached;
}

/** A hash of every file csops runs from (dist/, bin/) and of the sample data. */
function buildFingerprint(): string {
  const hash = createHash('sha256');
  for (const root of ['dist', 'bin', 'sample-data']) {
    const base = path.join(REPO_ROOT, root);
    if (!fs.existsSync(base)) continue;
    const files = fs.readdirSync(base, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
    for (const file of files) hash.update(path.relative(REPO_ROOT, file)).update('\0').update(fs.readFileSync(file));
  }
  return hash.digest('hex').slice(0, 24);
}
