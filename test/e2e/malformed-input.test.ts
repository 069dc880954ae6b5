/**
 * The malformed-input corpus (SPEC §3 import guarantees, §5 reliability): every bad file exits with
 * the right code, says where the problem is (file:line, column, value, what was expected), and
 * leaves the database byte-for-byte as it was — import_runs included.
 * Each test runs the built binary in a fresh temp dir against a database that already holds data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNTS_CSV, queryAll, runCli, tableChecksums, tempDir, writeFile, type CliResult } from '../helpers/cli.js';

const EXIT_OK = 0;
const EXIT_DATA = 65;
const EXIT_NO_INPUT = 66;
const MAX_LISTED_PROBLEMS = 20;

type Kind = 'accounts' | 'contracts' | 'usage' | 'tickets' | 'surveys';
type SeedKind = 'contracts' | 'tickets' | 'surveys';

const CONTRACTS_HEADER = 'contract_id,account_id,start_date,end_date,arr,currency,auto_renew';

/** Valid files imported after the accounts, so a rollback of that kind's table has rows to protect. */
const SEED_FILES: Record<SeedKind, string> = {
  contracts: `${CONTRACTS_HEADER}\nC-1,A-1,2026-01-01,2026-12-31,12000,USD,yes\n`,
  tickets: 'ticket_id,account_id,created_at\nT-1,A-1,2026-10-01T09:00:00Z\n',
  surveys: 'account_id,responded_at,kind,score\nA-1,2026-10-01,nps,9\n',
};

interface Workspace {
  dir: string;
  db: string;
}

const createdDirs: string[] = [];

/** A temp dir removed after the test (the 10 MB case would otherwise pile up in /tmp). */
function freshDir(): string {
  const dir = tempDir('csops-malformed-');
  createdDirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir whose database holds ACCOUNTS_CSV (and the seed files asked for). */
function seededWorkspace(...seeds: SeedKind[]): Workspace {
  const dir = freshDir();
  const workspace = { dir, db: path.join(dir, 'csops.db') };
  importValid(workspace, 'accounts', 'accounts.csv', ACCOUNTS_CSV);
  for (const kind of seeds) importValid(workspace, kind, `${kind}.csv`, SEED_FILES[kind]);
  expect(Object.keys(tableChecksums(workspace.db))).toEqual(expect.arrayContaining(['accounts', 'import_runs', ...seeds]));
  return workspace;
}

function csops(workspace: Workspace, args: string[], env?: Record<string, string>): CliResult {
  return runCli(['--db', workspace.db, ...args], { cwd: workspace.dir, env });
}

function importValid(workspace: Workspace, kind: Kind, name: string, content: string): void {
  writeFile(workspace.dir, name, content);
  const result = csops(workspace, ['import', kind, name]);
  expect(result.code, result.stderr).toBe(EXIT_OK);
}

/** Runs `csops import …args`, expects `code`, and that no table (import_runs included) changed. */
function expectImportFails(workspace: Workspace, args: string[], code: number, env?: Record<string, string>): CliResult {
  const before = tableChecksums(workspace.db);
  const result = csops(workspace, ['import', ...args], env);
  expect(result.code, `stderr: ${result.stderr.slice(0, 2000)}`).toBe(code);
  expect(tableChecksums(workspace.db), 'every table is byte-for-byte as it was').toEqual(before);
  return result;
}

/** The `file:line: …` problem lines of a strict-mode report. */
function problemLines(stderr: string, file: string): string[] {
  const pattern = new RegExp(`^\\s*${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:`);
  return stderr.split('\n').filter((line) => pattern.test(line));
}

function lineNumbersOf(problems: string[]): number[] {
  return problems.map((line) => Number(/:(\d+):/.exec(line)![1]));
}

/** Deterministic "random" bytes (an LCG), with NULs placed so every binary check sees one early. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  bytes[0] = 0x9d; // not a UTF-16 byte-order mark or a zip signature: the NULs must be what gives it away
  bytes[7] = 0;
  bytes[500] = 0;
  return bytes;
}

const PNG_FILE = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 16, 0, 0, 0, 16, 8, 6, 0, 0, 0]),
  pseudoRandomBytes(200, 7),
]);
const ZIP_FILE = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00\x08\x00', 'latin1'), Buffer.from('[Content_Types].xml'), pseudoRandomBytes(300, 11)]);

describe('a bad cell or row: exit 65, file:line, column, value and what was expected, nothing written', () => {
  interface CellCase {
    name: string;
    kind: Kind;
    seeds?: SeedKind[];
    csv: string;
    line: number;
    column?: string;
    value?: string;
    expected: RegExp;
  }

  const cases: CellCase[] = [
    {
      name: 'a row with too few fields',
      kind: 'accounts',
      csv: 'account_id,name,industry\nA-4,Delta,Retail\nA-5,Epsilon\nA-6,Zeta,Retail\n',
      line: 3,
      expected: /3 fields.*found 2/,
    },
    {
      name: 'a row with extra non-empty fields',
      kind: 'accounts',
      csv: 'account_id,name,industry\nA-4,Delta,Retail\nA-5,Epsilon,Retail,surplus\nA-6,Zeta,Retail\n',
      line: 3,
      expected: /3 fields.*found 4/,
    },
    {
      name: 'an empty key (account_id)',
      kind: 'accounts',
      csv: 'account_id,name\nA-4,Delta\n,Nameless\n',
      line: 3,
      column: 'account_id',
      expected: /required/,
    },
    {
      name: 'a key repeated within the file (names both lines)',
      kind: 'accounts',
      csv: 'account_id,name\nA-4,Delta\nA-5,Epsilon\nA-4,Delta again\n',
      line: 4,
      column: 'account_id',
      value: 'A-4',
      expected: /line 2\b/,
    },
    {
      name: 'a start date that does not exist (2026-02-30)',
      kind: 'contracts',
      seeds: ['contracts'],
      csv: `${CONTRACTS_HEADER}\nC-2,A-2,2026-03-01,2027-02-28,5000,EUR,no\nC-3,A-1,2026-02-30,2026-12-31,1000,USD,yes\n`,
      line: 3,
      column: 'start_date',
      value: '2026-02-30',
      expected: /real calendar date|does not exist/,
    },
    {
      name: 'a negative ARR',
      kind: 'contracts',
      seeds: ['contracts'],
      csv: `${CONTRACTS_HEADER}\nC-2,A-2,2026-03-01,2027-02-28,5000,EUR,no\nC-3,A-1,2026-02-01,2026-12-31,-500,USD,yes\n`,
      line: 3,
      column: 'arr',
      value: '-500',
      expected: /0 or more|negative/,
    },
    {
      name: 'an end date before the start date',
      kind: 'contracts',
      seeds: ['contracts'],
      csv: `${CONTRACTS_HEADER}\nC-2,A-2,2026-03-01,2027-02-28,5000,EUR,no\nC-3,A-1,2026-02-01,2025-12-31,1000,USD,yes\n`,
      line: 3,
      column: 'end_date',
      value: '2025-12-31',
      expected: /on or after the start date 2026-02-01/,
    },
    {
      name: 'an invalid currency',
      kind: 'contracts',
      seeds: ['contracts'],
      csv: `${CONTRACTS_HEADER}\nC-2,A-2,2026-03-01,2027-02-28,5000,EUR,no\nC-3,A-1,2026-02-01,2026-12-31,1000,XYZ,yes\n`,
      line: 3,
      column: 'currency',
      value: 'XYZ',
      expected: /currency code/,
    },
    {
      name: 'an invalid boolean (auto_renew=maybe)',
      kind: 'contracts',
      seeds: ['contracts'],
      csv: `${CONTRACTS_HEADER}\nC-2,A-2,2026-03-01,2027-02-28,5000,EUR,no\nC-3,A-1,2026-02-01,2026-12-31,1000,USD,maybe\n`,
      line: 3,
      column: 'auto_renew',
      value: 'maybe',
      expected: /true\/false|yes\/no/,
    },
    {
      // A ticket or survey naming an unknown account lands unmatched instead (issue 15, test/import/unmatched.test.ts);
      // a contract's account stays a reference that must exist.
      name: 'a contract for an unknown account (names the account id)',
      kind: 'contracts',
      seeds: ['contracts'],
      csv: `${CONTRACTS_HEADER}\nC-2,A-2,2026-03-01,2027-02-28,5000,EUR,no\nC-3,A-404,2026-02-01,2026-12-31,1000,USD,yes\n`,
      line: 3,
      column: 'account_id',
      value: 'A-404',
      expected: /A-404.*unknown/,
    },
    {
      name: 'an NPS score out of range (11)',
      kind: 'surveys',
      seeds: ['surveys'],
      csv: 'account_id,responded_at,kind,score\nA-2,2026-10-02,nps,10\nA-3,2026-10-03,nps,11\n',
      line: 3,
      column: 'score',
      value: '11',
      expected: /0 to 10/,
    },
  ];

  for (const { name, kind, seeds = [], csv, line, column, value, expected } of cases) {
    it(name, () => {
      const workspace = seededWorkspace(...seeds);
      writeFile(workspace.dir, 'bad.csv', csv);

      const { stderr } = expectImportFails(workspace, [kind, 'bad.csv'], EXIT_DATA);

      // One bad cell gives exactly one problem, on its own line, and the good rows none.
      const problems = problemLines(stderr, 'bad.csv');
      expect(problems, stderr).toHaveLength(1);
      const [problem] = problems as [string];
      expect(problem).toContain(`bad.csv:${line}:`);
      if (column) expect(problem).toContain(`"${column}"`);
      if (value) expect(problem).toContain(JSON.stringify(value));
      expect(problem).toMatch(expected);
    });
  }
});

describe('a file that cannot be read as CSV rows: exit 65 naming the file, nothing written', () => {
  interface FileCase {
    name: string;
    content: string | Buffer;
    /** Phrases the message must hold besides the file name. */
    says: RegExp[];
  }

  const cases: FileCase[] = [
    { name: 'an empty file (0 bytes)', content: '', says: [/empty/] },
    { name: 'a file of only blank lines', content: '\n\r\n\n', says: [/no header row/] },
    { name: 'a file of only spaces and blank lines', content: '   \n \t \r\n\n', says: [/no header row/] },
    { name: 'duplicate headers (account_id,name,name)', content: 'account_id,name,name\nA-4,Delta,Delta\n', says: [/"name"/, /both|twice|duplicate|repeated/i] },
    { name: 'a missing required column (names it and suggests --map)', content: 'account_id,industry\nA-4,Retail\n', says: [/"name"/, /--map/] },
    { name: 'random bytes with NULs', content: pseudoRandomBytes(4096, 42), says: [/binary|not (a )?CSV/i] },
    { name: 'a PNG image', content: PNG_FILE, says: [/binary|not (a )?CSV/i] },
    { name: 'a zip (xlsx) file', content: ZIP_FILE, says: [/zip|Excel/i, /not (a )?CSV/i] },
  ];

  for (const { name, content, says } of cases) {
    it(name, () => {
      const workspace = seededWorkspace();
      writeFile(workspace.dir, 'bad.csv', content);

      const { stderr } = expectImportFails(workspace, ['accounts', 'bad.csv'], EXIT_DATA);

      expect(stderr).toContain('bad.csv');
      for (const phrase of says) expect(stderr).toMatch(phrase);
    });
  }
});

// Issue 15 changes this: a header with no rows (an empty Salesforce object's export) was a failure
// (exit 65); it is a valid export of nothing, so it imports 0 rows with exit 0 and says so.
describe('a header and no rows', () => {
  for (const [name, env] of [['in this thread', {}], ['in the import worker', { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' }]] as const) {
    it(`imports 0 rows with exit 0 and a note, changing no row (${name})`, () => {
      const workspace = seededWorkspace();
      const before = tableChecksums(workspace.db);
      writeFile(workspace.dir, 'empty.csv', 'account_id,name,industry,customer_since\n');
      const result = csops(workspace, ['import', 'accounts', 'empty.csv', '--format', 'json'], env);
      expect(result.code, result.stderr).toBe(EXIT_OK);
      expect(result.stderr).toContain('empty.csv: the file has a header but no data rows: 0 rows imported');
      const after = tableChecksums(workspace.db);
      expect(after.accounts).toBe(before.accounts);
      expect(queryAll(workspace.db, "SELECT rows_read FROM import_runs WHERE file_name = 'empty.csv'")).toEqual([{ rows_read: 0 }]);
    });
  }
});

describe('a broken record: exit 65 with file:line, nothing written', () => {
  const TEN_MB = 10 * 1024 * 1024;

  const cases = [
    {
      name: 'an unclosed quote in the middle of a file, no quote after it',
      csv: 'account_id,name,industry\nA-4,Delta,Retail\nA-5,"Epsilon Ltd,Retail\nA-6,Zeta,Retail\nA-7,Eta,Retail\n',
      says: /quote/i,
    },
    {
      name: 'an unclosed quote in the middle of a file, a properly quoted field later on',
      csv: 'account_id,name,industry\nA-4,Delta,Retail\nA-5,"Epsilon Ltd,Retail\nA-6,Zeta,Retail\nA-7,"Eta, Inc.",Retail\nA-8,Theta,Retail\n',
      says: /quote/i,
    },
    {
      name: 'one quoted cell of 10 MB',
      csv: `account_id,name,industry\nA-4,Delta,Retail\nA-5,"${'x'.repeat(TEN_MB)}",Retail\nA-6,Zeta,Retail\n`,
      says: /too large|larger than|unclosed|never closed/i,
    },
  ];

  for (const { name, csv, says } of cases) {
    it(name, () => {
      const workspace = seededWorkspace();
      writeFile(workspace.dir, 'bad.csv', csv);

      const { stderr } = expectImportFails(workspace, ['accounts', 'bad.csv'], EXIT_DATA);

      expect(stderr).toContain('bad.csv:3');
      expect(stderr).toMatch(says);
      expect(stderr.length, 'the message stays short (never echoes a huge cell)').toBeLessThan(4000);
    });
  }
});

describe('strict mode', () => {
  it('lists at most 20 problems, the first ones in file order, for a file with 50 bad rows', () => {
    const workspace = seededWorkspace();
    const rows = Array.from({ length: 50 }, (_, index) => `B-${index},Name ${index},lots`);
    writeFile(workspace.dir, 'bad.csv', ['account_id,name,employees', ...rows].join('\n'));

    const { stderr } = expectImportFails(workspace, ['accounts', 'bad.csv'], EXIT_DATA);

    const problems = problemLines(stderr, 'bad.csv');
    expect(lineNumbersOf(problems)).toEqual(Array.from({ length: MAX_LISTED_PROBLEMS }, (_, index) => index + 2));
    for (const problem of problems) expect(problem).toMatch(/"employees".*whole number.*"lots"/);
    expect(stderr, 'says there are more than it lists').toMatch(/20\+|more|stopped/);
  });

  describe('when only the 3rd of 3 files is bad', () => {
    function importThreeFiles(): { workspace: Workspace; result: CliResult } {
      const workspace = seededWorkspace();
      writeFile(workspace.dir, 'good1.csv', 'account_id,name\nG-1,Good One\n');
      writeFile(workspace.dir, 'good2.csv', 'account_id,name\nG-2,Good Two\n');
      writeFile(workspace.dir, 'bad.csv', 'account_id,name\nG-3,Bad Three\n,Nameless\n');
      return { workspace, result: csops(workspace, ['import', 'accounts', 'good1.csv', 'good2.csv', 'bad.csv']) };
    }

    it('keeps the good files imported, writes nothing of the bad one and exits 65', () => {
      const { workspace, result } = importThreeFiles();

      expect(result.code, result.stderr).toBe(EXIT_DATA);
      expect(result.stderr).toContain('bad.csv:3');
      expect(queryAll(workspace.db, 'SELECT account_id FROM accounts ORDER BY account_id').map((row) => row.account_id)).toEqual(['A-1', 'A-2', 'A-3', 'G-1', 'G-2']);
      expect(queryAll(workspace.db, 'SELECT file_name FROM import_runs ORDER BY id').map((row) => row.file_name)).toEqual(['accounts.csv', 'good1.csv', 'good2.csv']);
    });

    it('tells the user that the earlier files landed', () => {
      const { result } = importThreeFiles();

      expect(result.code).toBe(EXIT_DATA);
      const output = result.stdout + result.stderr;
      expect(output).toMatch(/good1\.csv.*(imported|inserted|1 row)/);
      expect(output).toMatch(/good2\.csv.*(imported|inserted|1 row)/);
    });
  });
});

describe('an input that is missing or unreadable: exit 66 naming it, nothing written', () => {
  it('a missing file', () => {
    const workspace = seededWorkspace();

    const { stderr } = expectImportFails(workspace, ['accounts', 'missing.csv'], EXIT_NO_INPUT);

    expect(stderr).toContain('missing.csv');
  });

  it('a missing file named after a good one: the good one is not imported either', () => {
    const workspace = seededWorkspace();
    writeFile(workspace.dir, 'good.csv', 'account_id,name\nG-1,Good One\n');

    const { stderr } = expectImportFails(workspace, ['accounts', 'good.csv', 'missing.csv'], EXIT_NO_INPUT);

    expect(stderr).toContain('missing.csv');
  });

  it('a missing file does not even create the database', () => {
    const dir = freshDir();

    const result = runCli(['--db', 'new.db', 'import', 'accounts', 'missing.csv'], { cwd: dir });

    expect(result.code, result.stderr).toBe(EXIT_NO_INPUT);
    expect(result.stderr).toContain('missing.csv');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a directory given as a file', () => {
    const workspace = seededWorkspace();
    fs.mkdirSync(path.join(workspace.dir, 'exports.csv'));

    const { stderr } = expectImportFails(workspace, ['accounts', 'exports.csv'], EXIT_NO_INPUT);

    expect(stderr).toContain('exports.csv');
    expect(stderr).toMatch(/directory/);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission (skipped as root, who can read it)', () => {
    const workspace = seededWorkspace();
    const file = writeFile(workspace.dir, 'locked.csv', 'account_id,name\nL-1,Locked\n');
    fs.chmodSync(file, 0o000);

    const { stderr } = expectImportFails(workspace, ['accounts', 'locked.csv'], EXIT_NO_INPUT);

    expect(stderr).toContain('locked.csv');
    expect(stderr).toMatch(/permission/i);
  });
});

describe('--skip-invalid', () => {
  const HEADER = 'account_id,name,employees';
  /** Five rows, two bad: line 3 (employees not a number) and line 5 (no name). */
  const TWO_BAD_OF_FIVE = [HEADER, 'S-1,One,1', 'S-2,Two,lots', 'S-3,Three,3', 'S-4,,4', 'S-5,Five,5'].join('\n') + '\n';

  function readCsv(file: string): string[][] {
    return parse(fs.readFileSync(file, 'utf8')) as string[][];
  }

  function expectRejectsFile(file: string): void {
    expect(readCsv(file)).toEqual([
      ['line', 'reason', ...HEADER.split(',')],
      ['3', expect.stringMatching(/employees.*whole number/), 'S-2', 'Two', 'lots'],
      ['5', expect.stringMatching(/name.*required/), 'S-4', '', '4'],
    ]);
  }

  function newAccountIds(db: string): string[] {
    return queryAll<{ account_id: string }>(db, "SELECT account_id FROM accounts WHERE account_id LIKE 'S-%' ORDER BY account_id").map((row) => row.account_id);
  }

  it('lands the 3 valid rows of 5, exits 0 and writes the 2 bad ones with line and reason to --rejects', () => {
    const workspace = seededWorkspace();
    writeFile(workspace.dir, 'skip.csv', TWO_BAD_OF_FIVE);

    const result = csops(workspace, ['import', 'accounts', 'skip.csv', '--skip-invalid', '--rejects', 'rej.csv']);

    expect(result.code, result.stderr).toBe(EXIT_OK);
    expect(newAccountIds(workspace.db)).toEqual(['S-1', 'S-3', 'S-5']);
    expect(queryAll(workspace.db, "SELECT inserted, rejected FROM import_runs WHERE file_name = 'skip.csv'")).toEqual([{ inserted: 3, rejected: 2 }]);
    expectRejectsFile(path.join(workspace.dir, 'rej.csv'));
  });

  it('without --rejects writes <input stem>.rejects.csv in the working directory', () => {
    const workspace = seededWorkspace();
    fs.mkdirSync(path.join(workspace.dir, 'exports'));
    writeFile(workspace.dir, 'exports/accounts-nov.csv', TWO_BAD_OF_FIVE);

    const result = csops(workspace, ['import', 'accounts', 'exports/accounts-nov.csv', '--skip-invalid']);

    expect(result.code, result.stderr).toBe(EXIT_OK);
    expect(newAccountIds(workspace.db)).toEqual(['S-1', 'S-3', 'S-5']);
    expectRejectsFile(path.join(workspace.dir, 'accounts-nov.rejects.csv'));
    expect(fs.readdirSync(path.join(workspace.dir, 'exports'))).toEqual(['accounts-nov.csv']);
  });
});

describe('--dry-run', () => {
  function dryRunSummary(stdout: string) {
    return JSON.parse(stdout) as { dry_run: boolean; files: Array<Record<string, unknown>> };
  }

  it('prints the counts (inserted, updated, unchanged) and leaves the database unchanged', () => {
    const workspace = seededWorkspace();
    writeFile(workspace.dir, 'dry.csv', 'account_id,name,employees\nD-1,Delta,10\nA-1,Acme Corp,120\nA-2,"Beta, Inc.",2600\n');
    const before = tableChecksums(workspace.db);

    const result = csops(workspace, ['import', 'accounts', 'dry.csv', '--dry-run', '--format', 'json']);

    expect(result.code, result.stderr).toBe(EXIT_OK);
    const summary = dryRunSummary(result.stdout);
    expect(summary.dry_run).toBe(true);
    expect(summary.files).toEqual([expect.objectContaining({ file: 'dry.csv', status: 'dry_run', rows: 3, inserted: 1, updated: 1, unchanged: 1, rejected: 0 })]);
    expect(tableChecksums(workspace.db)).toEqual(before);
  });

  it('with --skip-invalid counts the rejected rows but writes neither rows nor a rejects file', () => {
    const workspace = seededWorkspace();
    writeFile(workspace.dir, 'dry.csv', 'account_id,name,employees\nD-1,Delta,10\nD-2,Epsilon,lots\n');
    const before = tableChecksums(workspace.db);

    const result = csops(workspace, ['import', 'accounts', 'dry.csv', '--dry-run', '--skip-invalid', '--format', 'json']);

    expect(result.code, result.stderr).toBe(EXIT_OK);
    expect(dryRunSummary(result.stdout).files).toEqual([expect.objectContaining({ status: 'dry_run', rows: 2, inserted: 1, rejected: 1 })]);
    expect(tableChecksums(workspace.db)).toEqual(before);
    expect(fs.readdirSync(workspace.dir).filter((name) => name.includes('rejects'))).toEqual([]);
  });
});

describe('the same malformed usage file gives the same message in the main thread and in the worker', () => {
  const FORCE_WORKER = { CSOPS_IMPORT_WORKER_MIN_BYTES: '0' };

  const cases = [
    {
      name: 'ragged rows',
      csv: 'account_id,date,logins,reports\nA-1,2026-10-01,3,1\nA-2,2026-10-01,4\nA-3,2026-10-01,5,2,9\n',
      lines: [3, 4],
      says: /4 fields.*found 3/,
    },
    {
      name: 'an unknown account',
      csv: 'account_id,date,logins\nA-1,2026-10-01,3\nA-404,2026-10-01,4\nA-2,2026-10-02,5\n',
      lines: [3],
      says: /A-404.*unknown/,
    },
  ];

  for (const { name, csv, lines, says } of cases) {
    it(name, () => {
      const workspace = seededWorkspace();
      writeFile(workspace.dir, 'usage.csv', csv);

      const mainThread = expectImportFails(workspace, ['usage', 'usage.csv'], EXIT_DATA);
      const worker = expectImportFails(workspace, ['usage', 'usage.csv'], EXIT_DATA, FORCE_WORKER);

      expect(lineNumbersOf(problemLines(mainThread.stderr, 'usage.csv'))).toEqual(lines);
      expect(mainThread.stderr).toMatch(says);
      expect(worker.stderr).toBe(mainThread.stderr);
    });
  }
});
