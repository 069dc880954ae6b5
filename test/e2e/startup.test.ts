import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSOPS_BIN, REPO_ROOT, sampleDatabase, tempDir, testEnv, writeFile } from '../helpers/cli.js';

const LOGGER = path.join(REPO_ROOT, 'test', 'helpers', 'loaded-modules.mjs');

/** The modules `csops <args>` loads, as paths relative to the repository. */
function loadedModules(args: string[], status = 0): string[] {
  const result = spawnSync(process.execPath, ['--import', LOGGER, CSOPS_BIN, ...args], { cwd: REPO_ROOT, env: testEnv(), encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(status);
  return [...result.stderr.matchAll(/^LOADED (.+)$/gm)].map((match) => match[1]!.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, ''));
}

// What --help and --version must not load (issue 7: start in under 150 ms; `npm run bench -- startup`).
const HEAVY = [/node_modules\/chalk\//, /node_modules\/chardet\//, /node_modules\/iconv-lite\//, /node_modules\/zod\//, /node_modules\/better-sqlite3\//, /node_modules\/string-width\//, /node_modules\/csv-stringify\//, /dist\/src\/render\/output\.js$/, /dist\/src\/config\/load\.js$/, /dist\/src\/commands\//, /dist\/src\/db\//];

describe('start-up loads only what declaring the commands needs', () => {
  it.each([['--version'], ['--help'], ['risk --help'], ['report --help'], ['completion bash'], ['completion zsh']])('csops %s', (args) => {
    const loaded = loadedModules(args.split(' '));
    expect(loaded).toContain('dist/src/cli/main.js');
    expect(loaded.filter((file) => HEAVY.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it('the logger sees what a command does load (so the test above can fail)', () => {
    // No database there: csops loads its config and chalk, then exits 66 naming the file.
    const loaded = loadedModules(['risk', '--db', path.join(REPO_ROOT, 'no-such-dir', 'x.db')], 66);
    expect(loaded.filter((file) => HEAVY.some((pattern) => pattern.test(file))).length).toBeGreaterThan(0);
  });

  // Scoring and reporting read the database only: the encoding detection and decoding an import needs
  // (chardet, iconv-lite) are no part of their start-up.
  const IMPORT_READERS = [/node_modules\/chardet\//, /node_modules\/iconv-lite\//];
  let sample: string | undefined;
  it.each([['risk'], ['report weekly']])('csops %s loads no import reader', (command) => {
    const db = (sample ??= sampleDatabase(tempDir()));
    const loaded = loadedModules([...command.split(' '), '--db', db, '--as-of', '2026-11-20']);
    expect(loaded.filter((file) => /node_modules\/better-sqlite3\//.test(file)).length).toBeGreaterThan(0);
    expect(loaded.filter((file) => IMPORT_READERS.some((pattern) => pattern.test(file)))).toEqual([]);
  }, 60_000);

  // node-postgres loads only when --db names a PostgreSQL server (issue 25).
  const POSTGRES_MODULES = [/node_modules\/pg\//, /node_modules\/pg-copy-streams\//, /dist\/src\/db\/pg\//];
  it.each([['risk'], ['db info']])('csops %s on SQLite loads no PostgreSQL module', (command) => {
    const db = (sample ??= sampleDatabase(tempDir()));
    const loaded = loadedModules([...command.split(' '), '--db', db, '--as-of', '2026-11-20']);
    expect(loaded.filter((file) => POSTGRES_MODULES.some((pattern) => pattern.test(file)))).toEqual([]);
  }, 60_000);

  it('the logger sees db info on a PostgreSQL URL load node-postgres (so the test above can fail)', () => {
    // No server at that socket: exit 74, after loading the client.
    const loaded = loadedModules(['db', 'info', '--db', `postgres://csops@/cs?host=${path.join(tempDir(), 'none')}`], 74);
    expect(loaded.filter((file) => POSTGRES_MODULES.some((pattern) => pattern.test(file))).length).toBeGreaterThan(0);
  });

  it('the logger sees an import load its readers (so the test above can fail)', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'accounts.csv', 'account_id,name\nACC-1,Acme\n');
    const loaded = loadedModules(['import', 'accounts', file, '--db', path.join(dir, 'x.db')]);
    expect(loaded.filter((file) => IMPORT_READERS.some((pattern) => pattern.test(file))).length).toBeGreaterThan(0);
  }, 30_000);
});
