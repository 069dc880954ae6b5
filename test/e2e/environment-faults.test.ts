/**
 * Issue 17 items 1–3 with the built binary, on real files and real file systems: faults of the machine
 * exit with the documented codes (75 busy, 74 disk full or damaged, 77 read-only, 73 cannot create,
 * 66 cannot open), never 70; a damaged database is never written; files are created 0600 and never
 * through a planted symbolic link. Tests that need a small tmpfs (disk full, read-only file system)
 * or another user (permissions, when the tests run as root) are skipped, saying why, where the
 * machine does not allow them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { migrations } from '../../src/db/schema.js';
import { CSOPS_BIN, REPO_ROOT, runCli, sampleDatabase, startCli, tempDir, testEnv, writeFile, type CliResult } from '../helpers/cli.js';

// Each test runs the binary several times; on a shared, busy machine that takes longer than the default 5 s.
vi.setConfig({ testTimeout: 60_000 });

const AS_OF = '2026-11-20';
const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

let sample: string;
const mounted: string[] = [];
const holders: ChildProcess[] = [];

beforeAll(() => {
  sample = sampleDatabase(tempDir('csops-faults-sample-'));
}, 120_000);

afterAll(() => {
  for (const child of holders) child.kill('SIGKILL');
  for (const dir of mounted.reverse()) spawnSync('umount', ['-l', dir]);
});

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A copy of the sample company's database in a fresh folder. */
function sampleCopy(name = 'csops.db', dir = tempDir('csops-faults-')): { dir: string; db: string } {
  const db = path.join(dir, name);
  fs.copyFileSync(sample, db);
  return { dir, db };
}

function csops(args: string[], cwd: string, env?: Record<string, string>): CliResult {
  return runCli(['--as-of', AS_OF, ...args], { cwd, env });
}

/** A fault is never a bug: no "internal error", no stack trace without --verbose. */
function expectFault(result: CliResult, code: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/this is a bug|internal error/i);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

// ---------------------------------------------------------------------------------------------
// tmpfs: a small file system csops can fill, or that is read-only.

function tryMount(dir: string, options: string): boolean {
  if (process.platform !== 'linux') return false;
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  if (result.status !== 0) return false;
  mounted.push(dir);
  return true;
}

const canMount = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-mount-probe-'));
  const ok = tryMount(dir, 'size=64k');
  if (ok) {
    spawnSync('umount', [dir]);
    mounted.pop();
  }
  fs.rmdirSync(dir);
  return ok;
})();
const NO_MOUNT = 'mount is not permitted here (needs Linux and root or CAP_SYS_ADMIN): no tmpfs for disk-full and read-only file systems';

/** A tmpfs of `size` at a new folder, holding `files` (copied in), remounted read-only when asked. */
function smallFileSystem(size: string, files: Record<string, string> = {}, readOnly = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-tmpfs-'));
  if (!tryMount(dir, `size=${size},mode=0755`)) throw new Error('mount failed');
  for (const [name, source] of Object.entries(files)) fs.copyFileSync(source, path.join(dir, name));
  if (readOnly) expect(spawnSync('mount', ['-o', 'remount,ro', dir]).status).toBe(0);
  return dir;
}

/** Fills the file system holding `dir` to the last block. */
function fill(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 0x5a);
  try {
    for (;;) fs.writeSync(fd, block);
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
}

function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

// ---------------------------------------------------------------------------------------------

describe('a second process holds the write lock: every writer exits 75 after the busy timeout, readers go on', () => {
  /** A child process (not csops) that takes SQLite's write lock and keeps it until killed. */
  async function holdWriteLock(db: string): Promise<ChildProcess> {
    const script = `const D = require(${JSON.stringify(BETTER_SQLITE3)}); const d = new D(${JSON.stringify(db)}); d.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    holders.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('locked')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
    });
    return child;
  }

  it('risk --save, tier --save, import and a migration exit 75 saying busy and try again; risk and tier without --save print as usual', async () => {
    const { dir, db } = sampleCopy();
    writeFile(dir, 'csops.config.json', JSON.stringify({ busy_timeout_ms: 100 }));
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    const unlocked = csops(['--db', db, 'risk', '--format', 'json'], dir);
    expect(unlocked.code).toBe(0);
    const holder = await holdWriteLock(db);
    try {
      const before = sha256(db);
      for (const args of [['risk', '--save'], ['tier', '--save'], ['import', 'accounts', 'accounts.csv']]) {
        const result = csops(['--db', db, ...args, '-q'], dir);
        expectFault(result, 75, /busy/);
        expect(result.stderr).toMatch(/try again/);
        expect(result.stderr).toContain(db);
      }
      expect(sha256(db)).toBe(before);
      const reading = csops(['--db', db, 'risk', '--format', 'json'], dir);
      expect(reading.code, reading.stderr).toBe(0);
      expect(reading.stdout).toBe(unlocked.stdout);
      expect(csops(['--db', db, 'tier', '-q'], dir).code).toBe(0);
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);

  it('a database that needs migrating waits for the lock, then exits 75 with nothing changed', async () => {
    const dir = tempDir('csops-faults-');
    const db = oldSchemaDatabase(dir);
    writeFile(dir, 'csops.config.json', JSON.stringify({ busy_timeout_ms: 100 }));
    const holder = await holdWriteLock(db);
    try {
      const result = csops(['--db', db, 'tier', '-q'], dir);
      expectFault(result, 75, /busy/);
    } finally {
      holder.kill('SIGKILL');
    }
    const check = new Database(db, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(migrations.length - 1);
    check.close();
  }, 60_000);
});

/** A database at the schema before the current one, with a few rows: opening it migrates (and backs it up). */
function oldSchemaDatabase(dir: string): string {
  const db = path.join(dir, 'old.db');
  const setup = new Database(db);
  for (const migration of migrations.slice(0, -1)) setup.exec(migration);
  setup.pragma(`user_version = ${migrations.length - 1}`);
  setup.prepare('INSERT INTO accounts (account_id, name) VALUES (?, ?)').run('A-1', 'Acme');
  setup.close();
  return db;
}

// ---------------------------------------------------------------------------------------------

describe('a damaged database: exit 74 naming the recovery, and not a byte written', () => {
  /** A seeded xorshift: the same "random" bytes on every run. */
  function noise(length: number, seed: number): Buffer {
    const bytes = Buffer.alloc(length);
    let state = seed >>> 0 || 1;
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      bytes[i] = state & 0xff;
    }
    return bytes;
  }

  type Shape = 'middle-noise' | 'zeroed-page' | 'last-pages' | 'orphan-pages';

  function damage(db: string, shape: Shape): void {
    const pageSize = 4096;
    const pages = fs.statSync(db).size / pageSize;
    const fd = fs.openSync(db, 'r+');
    try {
      if (shape === 'middle-noise') fs.writeSync(fd, noise(8 * pageSize, 17), 0, 8 * pageSize, Math.floor(pages / 2) * pageSize);
      if (shape === 'zeroed-page') fs.writeSync(fd, Buffer.alloc(pageSize), 0, pageSize, Math.floor(pages / 3) * pageSize);
      if (shape === 'last-pages') fs.writeSync(fd, noise(3 * pageSize, 99), 0, 3 * pageSize, (pages - 3) * pageSize);
      if (shape === 'orphan-pages') {
        // Three pages no b-tree uses, counted in the header's page count: SQLite reads on, quick_check finds them.
        fs.writeSync(fd, Buffer.alloc(3 * pageSize), 0, 3 * pageSize, pages * pageSize);
        const count = Buffer.alloc(4);
        count.writeUInt32BE(pages + 3);
        fs.writeSync(fd, count, 0, 4, 28);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  it.each(['middle-noise', 'zeroed-page', 'last-pages', 'orphan-pages'] as const)('%s: import exits 74 naming sqlite3 .recover and the latest backup; the file is byte-identical', (shape) => {
    const { dir, db } = sampleCopy();
    damage(db, shape);
    // Backups a migration left: the latest is named.
    fs.copyFileSync(sample, `${db}.bak-3`);
    fs.copyFileSync(sample, `${db}.bak-12`);
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    const before = sha256(db);
    const files = listing(dir);

    const result = csops(['--db', db, 'import', 'accounts', 'accounts.csv'], dir);
    expectFault(result, 74, /damaged/);
    expect(result.stderr).toContain(`sqlite3 ${db} ".recover"`);
    expect(result.stderr).toContain(`${db}.bak-12`);
    expect(result.stdout).toBe('');
    expect(sha256(db)).toBe(before);
    expect(listing(dir)).toEqual(files);

    for (const args of [['risk', '--save'], ['tier', '--save']]) {
      expectFault(csops(['--db', db, ...args, '-q'], dir), 74, /damaged/);
      expect(sha256(db)).toBe(before);
    }
  }, 60_000);

  it('pages quick_check finds unused: the reads go on, the writers stop before writing, naming what quick_check found', () => {
    const { dir, db } = sampleCopy();
    damage(db, 'orphan-pages');
    const before = sha256(db);
    expect(csops(['--db', db, 'tier', '-q'], dir).code).toBe(0);
    const result = csops(['--db', db, 'tier', '--save'], dir);
    expectFault(result, 74, /PRAGMA quick_check found 3 problems, the first: Page \d+: never used\); nothing was written/);
    expect(sha256(db)).toBe(before);
  });

  it('--verbose adds the stack to the same message and exit', () => {
    const { dir, db } = sampleCopy();
    damage(db, 'middle-noise');
    const result = csops(['--db', db, '--verbose', 'tier', '--save'], dir);
    expect(result.code).toBe(74);
    expect(result.stderr).toMatch(/damaged/);
    expect(result.stderr).toMatch(/^\s+at /m);
  });

  it('a read reaching a damaged page exits 74, not 70', () => {
    const { dir, db } = sampleCopy();
    damage(db, 'middle-noise');
    expectFault(csops(['--db', db, 'risk', '-q'], dir), 74, /damaged/);
  });

  it('a file that is not SQLite, or whose header is damaged, exits 74; schema version -1 exits 74; nothing written', () => {
    const dir = tempDir('csops-faults-');
    const text = writeFile(dir, 'notes.db', 'account_id,name\nA-1,Acme\n'.repeat(200));
    const { db: header } = sampleCopy('header.db', dir);
    const fd = fs.openSync(header, 'r+');
    fs.writeSync(fd, noise(16, 5), 0, 16, 0); // "SQLite format 3\0" gone
    fs.closeSync(fd);
    const { db: negative } = sampleCopy('negative.db', dir);
    const setter = new Database(negative);
    setter.pragma('user_version = -1');
    setter.close();
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    for (const [db, message] of [[text, /not a SQLite database/], [header, /not a SQLite database/], [negative, /schema version -1/]] as const) {
      const before = sha256(db);
      expectFault(csops(['--db', db, 'import', 'accounts', 'accounts.csv'], dir), 74, message);
      expectFault(csops(['--db', db, 'risk', '-q'], dir), 74, message);
      expect(sha256(db)).toBe(before);
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('--db paths that cannot hold a database', () => {
  it('a dangling symbolic link: 66 for a reader, 73 for import, and no file is created through the link', () => {
    const dir = tempDir('csops-faults-');
    fs.symlinkSync(path.join(dir, 'nowhere', 'real.db'), path.join(dir, 'link.db'));
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    expectFault(csops(['--db', 'link.db', 'risk'], dir), 66, /symbolic link to .*nowhere\/real\.db, which does not exist/);
    expectFault(csops(['--db', 'link.db', 'import', 'accounts', 'accounts.csv'], dir), 73, /cannot create database .*link\.db/);
    expect(fs.existsSync(path.join(dir, 'nowhere'))).toBe(false);
  });

  it('a path below a regular file: 66 for a reader, 73 for import', () => {
    const dir = tempDir('csops-faults-');
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    expectFault(csops(['--db', 'accounts.csv/sub/csops.db', 'tier'], dir), 66, /accounts\.csv is a file, not a folder/);
    expectFault(csops(['--db', 'accounts.csv/sub/csops.db', 'import', 'accounts', 'accounts.csv'], dir), 73, /accounts\.csv is a file, not a folder/);
  });

  it('a folder: 66 naming a file to use instead', () => {
    const dir = tempDir('csops-faults-');
    fs.mkdirSync(path.join(dir, 'data'));
    expectFault(csops(['--db', 'data', 'renewals'], dir), 66, /is a folder.*\n.*--db .*data\/csops\.db/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a read-only database: every read command works, every writer exits 77', () => {
  const READS = [['risk', '--format', 'json'], ['tier', '--summary', '--format', 'json'], ['renewals', '--format', 'json'], ['report', 'weekly', '--format', 'json'], ['metrics', 'retention', '--format', 'json'], ['risk', 'backtest', '--format', 'json']];
  const WRITES = [['risk', '--save'], ['tier', '--save'], ['import', 'accounts', 'accounts.csv']];
  let expected: Map<string, string>;

  beforeAll(() => {
    const { dir, db } = sampleCopy();
    expected = new Map(READS.map((args) => [args.join(' '), csops(['--db', db, ...args], dir).stdout]));
  }, 120_000);

  function checkReadOnly(db: string, run: (args: string[]) => CliResult): void {
    const before = sha256(db);
    for (const args of READS) {
      const result = run(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toBe(expected.get(args.join(' ')));
    }
    for (const args of WRITES) expectFault(run([...args, '-q']), 77, /cannot write database .*(read-only|permission)/);
    expect(sha256(db)).toBe(before);
  }

  it.skipIf(!canMount)(`on a read-only file system (opened immutable: no -shm can be made) ${canMount ? '' : `(skipped: ${NO_MOUNT})`}`, () => {
    const fsDir = smallFileSystem('32m', { 'csops.db': sample }, true);
    const work = tempDir('csops-faults-');
    writeFile(work, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    const db = path.join(fsDir, 'csops.db');
    checkReadOnly(db, (args) => csops(['--db', db, ...args], work));
    expect(listing(fsDir)).toEqual(['csops.db']);
  }, 120_000);

  it.skipIf(!canMount)(`a read-only database that needs migrating exits 77 saying so ${canMount ? '' : `(skipped: ${NO_MOUNT})`}`, () => {
    const old = oldSchemaDatabase(tempDir('csops-faults-'));
    const fsDir = smallFileSystem('4m', { 'old.db': old }, true);
    expectFault(csops(['--db', path.join(fsDir, 'old.db'), 'tier'], os.tmpdir()), 77, /needs migrating .* read-only/);
  });

  // Root passes every permission check: as root, the binary runs as user nobody (setpriv), else as the user.
  const isRoot = process.getuid?.() === 0;
  const canDropToNobody = isRoot && spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', 'true']).status === 0;
  const canTestPermissions = process.platform !== 'win32' && (!isRoot || canDropToNobody);
  const NO_PERMISSIONS = 'running as root without setpriv: chmod does not stop root';

  function asTheUser(args: string[], cwd: string): CliResult {
    if (!isRoot) return runCli(['--as-of', AS_OF, ...args], { cwd });
    const result = spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, CSOPS_BIN, '--as-of', AS_OF, ...args], { cwd, env: testEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  function ownedByTheUser(dir: string): void {
    if (!isRoot) return;
    for (const name of ['', ...fs.readdirSync(dir)]) fs.chownSync(path.join(dir, name), 65534, 65534);
  }

  it.skipIf(!canTestPermissions)(`a read-only file (mode 0444) in a writable folder ${canTestPermissions ? '' : `(skipped: ${NO_PERMISSIONS})`}`, () => {
    const { dir, db } = sampleCopy();
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    ownedByTheUser(dir);
    fs.chmodSync(db, 0o444);
    checkReadOnly(db, (args) => asTheUser(['--db', db, ...args], dir));
  }, 120_000);

  it.skipIf(!canTestPermissions)(`a writable file in a read-only folder (mode 0555), where no -wal or -shm can be made ${canTestPermissions ? '' : `(skipped: ${NO_PERMISSIONS})`}`, () => {
    const { dir, db } = sampleCopy();
    const work = tempDir('csops-faults-');
    writeFile(work, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    ownedByTheUser(dir);
    ownedByTheUser(work);
    fs.chmodSync(dir, 0o555);
    try {
      checkReadOnly(db, (args) => asTheUser(['--db', db, ...args], work));
      expect(listing(dir)).toEqual(['csops.db']);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  }, 120_000);

  it.skipIf(!canTestPermissions)(`a new database in a folder the user cannot write: 77, nothing created ${canTestPermissions ? '' : `(skipped: ${NO_PERMISSIONS})`}`, () => {
    const dir = tempDir('csops-faults-');
    writeFile(dir, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    fs.mkdirSync(path.join(dir, 'locked'));
    ownedByTheUser(dir);
    fs.chmodSync(path.join(dir, 'locked'), 0o555);
    expectFault(asTheUser(['--db', 'locked/csops.db', 'import', 'accounts', 'accounts.csv'], dir), 77, /permission denied/);
    expect(listing(path.join(dir, 'locked'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a full disk: exit 74, and nothing half-made is left', () => {
  const skipNote = canMount ? '' : `(skipped: ${NO_MOUNT})`;

  it.skipIf(!canMount)(`a new database: exit 74 and no 0-byte file ${skipNote}`, () => {
    const fsDir = smallFileSystem('256k');
    fill(fsDir);
    const work = tempDir('csops-faults-');
    writeFile(work, 'accounts.csv', 'account_id,name\nZ-1,Zeta\n');
    const result = csops(['--db', path.join(fsDir, 'data', 'csops.db'), 'import', 'accounts', 'accounts.csv'], work);
    expectFault(result, 74, /disk full/);
    expect(result.stderr).toContain(fsDir);
    expect(listing(fsDir)).toEqual(['filler']);
  });

  it.skipIf(!canMount)(`an import into an existing database: exit 74, the database byte-identical ${skipNote}`, () => {
    const fsDir = smallFileSystem('16m', { 'csops.db': sample });
    fill(fsDir);
    const work = tempDir('csops-faults-');
    const rows = ['account_id,date,logins,active_users'];
    for (let day = 1; day <= 28; day++) for (let a = 1; a <= 300; a++) rows.push(`ACC-${String(a).padStart(4, '0')},2026-02-${String(day).padStart(2, '0')},${(a * day) % 40},${a % 9}`);
    writeFile(work, 'usage.csv', `${rows.join('\n')}\n`);
    const db = path.join(fsDir, 'csops.db');
    const before = sha256(db);
    expectFault(csops(['--db', db, 'import', 'usage', 'usage.csv'], work), 74, /disk full/);
    expect(sha256(db)).toBe(before);
    expect(listing(fsDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it.skipIf(!canMount)(`a report (--out) and a rejects file (--rejects): exit 74, no temporary file, the old report kept ${skipNote}`, () => {
    const fsDir = smallFileSystem('1m');
    writeFile(fsDir, 'r.md', 'last week\n');
    fill(fsDir);
    const { dir, db } = sampleCopy();
    const report = csops(['--db', db, 'report', 'weekly', '--format', 'md', '--out', path.join(fsDir, 'r.md')], dir);
    expectFault(report, 74, /disk full writing .*r\.md/);
    expect(fs.readFileSync(path.join(fsDir, 'r.md'), 'utf8')).toBe('last week\n');

    writeFile(dir, 'bad.csv', `account_id,name\nZ-1,Zeta\n${',Nameless\n'.repeat(2000)}`);
    const before = sha256(db);
    // Rows read on the main thread, and in the import worker (used for large files).
    for (const env of [{}, { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' }] as Array<Record<string, string>>) {
      const rejects = csops(['--db', db, 'import', 'accounts', 'bad.csv', '--skip-invalid', '--rejects', path.join(fsDir, 'rejects.csv')], dir, env);
      expectFault(rejects, 74, /disk full writing .*rejects\.csv/);
      expect(sha256(db)).toBe(before);
      expect(listing(fsDir)).toEqual(['filler', 'r.md']);
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------

describe('--out: a regular file, replaced whole; a FIFO, device or folder is refused with 73', () => {
  it('refuses a FIFO (left as it is), /dev/null, a folder, a symbolic link to a folder and a dangling link', () => {
    const { dir, db } = sampleCopy();
    const fifo = path.join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    fs.mkdirSync(path.join(dir, 'reports'));
    fs.symlinkSync(path.join(dir, 'reports'), path.join(dir, 'to-folder'));
    fs.symlinkSync(path.join(dir, 'gone.md'), path.join(dir, 'dangling.md'));
    const cases: Array<[string, RegExp]> = [
      [fifo, /it is a FIFO/],
      ['/dev/null', /it is a device/],
      [path.join(dir, 'reports'), /it is a folder/],
      [path.join(dir, 'to-folder'), /symbolic link to .*reports\): it is a folder/],
      [path.join(dir, 'dangling.md'), /symbolic link to .*gone\.md, which does not exist/],
    ];
    const files = listing(dir);
    for (const [target, message] of cases) {
      const result = csops(['--db', db, 'report', 'weekly', '--format', 'md', '--out', target], dir);
      expectFault(result, 73, message);
      expect(result.stdout).toBe('');
    }
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(listing(dir)).toEqual(files);
    expect(listing(path.join(dir, 'reports'))).toEqual([]);
  });

  it('writes through a symbolic link to a regular file, keeping the link and the file\'s mode', () => {
    const { dir, db } = sampleCopy();
    const real = writeFile(dir, 'archive.md', 'old\n');
    fs.chmodSync(real, 0o640);
    fs.symlinkSync(real, path.join(dir, 'latest.md'));
    const result = csops(['--db', db, 'report', 'weekly', '--format', 'md', '--out', 'latest.md'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'latest.md')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toMatch(/^# Tickets and SLA/);
    expect(fs.statSync(real).mode & 0o777).toBe(0o640);
  });
});

// ---------------------------------------------------------------------------------------------

describe('files are created 0600, temporary files under unguessable names that no planted link redirects', () => {
  it('under umask 022: a new database, report, rejects file and config are 0600', () => {
    const dir = tempDir('csops-faults-');
    writeFile(dir, 'accounts.csv', `account_id,name\nA-1,Acme\n,Nameless\n`);
    const previous = process.umask(0o022);
    try {
      expect(runCli(['--db', 'new.db', 'import', 'accounts', 'accounts.csv', '--skip-invalid', '--rejects', 'out/rejects.csv', '-q'], { cwd: dir }).code).toBe(0);
      expect(runCli(['--db', 'new.db', '--as-of', AS_OF, 'report', 'weekly', '--format', 'md', '--out', 'reports/{week}.md', '-q'], { cwd: dir }).code).toBe(0);
      expect(runCli(['init', '--yes', '-q'], { cwd: dir }).code).toBe(0);
    } finally {
      process.umask(previous);
    }
    const modes = Object.fromEntries(['new.db', 'out/rejects.csv', 'reports/2026-W46.md', 'csops.config.json'].map((name) => [name, fs.statSync(path.join(dir, name)).mode & 0o777]));
    expect(modes).toEqual({ 'new.db': 0o600, 'out/rejects.csv': 0o600, 'reports/2026-W46.md': 0o600, 'csops.config.json': 0o600 });
    expect(listing(dir).filter((name) => name.endsWith('.tmp') || name.includes('.tmp-'))).toEqual([]);
  });

  it('the migration backup <db>.bak-N is 0600 from the moment it appears (watched while VACUUM INTO writes it)', async () => {
    const dir = tempDir('csops-faults-');
    const db = oldSchemaDatabase(dir);
    // Enough rows that VACUUM INTO takes a while to write the copy.
    const filler = new Database(db);
    const insert = filler.prepare('INSERT INTO accounts (account_id, name, industry) VALUES (?, ?, ?)');
    filler.transaction(() => {
      for (let i = 2; i <= 60_000; i++) insert.run(`A-${i}`, `Company ${i} ${'x'.repeat(200)}`, 'Software');
    })();
    filler.close();
    const backup = `${db}.bak-${migrations.length - 1}`;
    const previous = process.umask(0o022);
    let child: ChildProcess;
    try {
      child = startCli(['--db', db, 'tier', '-q'], { cwd: dir });
    } finally {
      process.umask(previous);
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let done = false;
    void exited.then(() => (done = true));
    const seen = new Set<number>();
    const deadline = Date.now() + 30_000;
    while (!done && Date.now() < deadline) {
      try {
        seen.add(fs.statSync(backup).mode & 0o777);
      } catch {
        // not there yet
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited).toBe(0);
    seen.add(fs.statSync(backup).mode & 0o777);
    expect([...seen]).toEqual([0o600]);
  }, 60_000);

  it('a symbolic link planted at the old predictable temporary names is never followed (the pid is known: sh execs csops)', () => {
    const dir = tempDir('csops-faults-');
    const { db } = sampleCopy('csops.db', dir);
    const victim = writeFile(dir, 'victim.txt', 'precious\n');
    writeFile(dir, 'accounts.csv', `account_id,name\nZ-1,Zeta\n,Nameless\n`);
    // $$ is the shell's pid, which csops keeps after exec: the names csops used to write through.
    const plant = ['rej.csv.tmp-$$', '.r.md.$$.tmp', 'csops.config.json.tmp-$$'].map((name) => `ln -s victim.txt "${name}"`).join('; ');
    const run = (command: string) => spawnSync('sh', ['-c', `${plant}; exec "${process.execPath}" "${CSOPS_BIN}" --as-of ${AS_OF} --db "${db}" ${command}`], { cwd: dir, env: testEnv(), encoding: 'utf8' });
    expect(run('import accounts accounts.csv --skip-invalid --rejects rej.csv -q').status).toBe(0);
    expect(run('report weekly --format md --out r.md').status).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(fs.readFileSync(path.join(dir, 'rej.csv'), 'utf8')).toMatch(/^line,reason,account_id,name\n/);
    expect(fs.readFileSync(path.join(dir, 'r.md'), 'utf8')).toMatch(/^# Tickets and SLA/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the exit codes in the README', () => {
  it('each code in the README\'s table is asserted as an exit code by some test', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Exit codes'));
    const codes = [...table.slice(0, table.indexOf('\n## ')).matchAll(/^\| (\d+) \|/gm)].map((match) => Number(match[1]));
    expect(codes).toEqual(expect.arrayContaining([0, 1, 2, 65, 66, 70, 73, 74, 75, 77, 130]));
    const tests = fs.readdirSync(path.join(REPO_ROOT, 'test'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.ts'));
    const source = tests.map((name) => fs.readFileSync(path.join(REPO_ROOT, 'test', name), 'utf8')).join('\n');
    for (const code of codes) {
      const asserted = [
        new RegExp(`(\\bcode|status|exitCode\\(\\))[^;\\n]*\\)\\.toBe\\(\\s*${code}\\s*\\)`),
        new RegExp(`expectFault\\([^;\\n]*, ${code}, `),
        new RegExp(`const EXIT_\\w+ = ${code};`),
      ];
      expect(asserted.some((pattern) => pattern.test(source)), `no test asserts exit code ${code}`).toBe(true);
    }
  });

  it('70 is kept for bugs: an error that is no fault of the environment exits 70 asking for a report', async () => {
    const { main } = await import('../../src/cli/main.js');
    const stderr: string[] = [];
    const sink = (into: string[]) => ({ write: (text: string) => into.push(text) !== 0, isTTY: false }) as unknown as NodeJS.WriteStream;
    const code = await main(['tier'], {
      stdout: sink([]),
      stderr: sink(stderr),
      env: { NO_COLOR: '1' },
      cwd: tempDir('csops-faults-'),
      now: () => {
        throw new TypeError('a clock that fails: stands in for a bug');
      },
    });
    expect(code).toBe(70);
    expect(stderr.join('')).toMatch(/this is a bug/);
  });
});
