import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

/**
 * The order rows reach csops is not data: the same exports with their rows in another order give the
 * same scores and reports, byte for byte. (SQLite returns rows of a plain scan in the order they were
 * written and PostgreSQL in any order it likes; every list csops prints is put in an order of its own:
 * breached tickets and open bugs oldest first, report subject groups worded from their oldest ticket.)
 */
const SAMPLE = path.join(REPO_ROOT, 'sample-data');
const CONFIG = path.join(SAMPLE, 'csops.config.json');

/** The file with its records in reverse order, the header first (records, not lines: comments hold line breaks). */
function reversed(file: string, into: string): string {
  const [header, ...records] = parse(fs.readFileSync(file, 'utf8')) as string[][];
  const target = path.join(into, path.basename(file));
  fs.writeFileSync(target, stringify([header!, ...records.reverse()]));
  return target;
}

describe('rows in another order', () => {
  it('give the same risk, report and renewals output', () => {
    const dir = tempDir('csops-order-');
    fs.mkdirSync(path.join(dir, 'reversed'));
    const files = ['accounts', 'contracts', 'usage', 'tickets', 'surveys', 'contacts', 'touchpoints'];
    const load = (db: string, pick: (file: string) => string) => {
      for (const kind of files) {
        const result = runCli(['--db', db, '--config', CONFIG, 'import', kind, pick(path.join(SAMPLE, `${kind}.csv`))], { cwd: dir });
        expect(result.code, result.stderr).toBe(0);
      }
    };
    const asWritten = path.join(dir, 'as-written.db');
    const backwards = path.join(dir, 'reversed.db');
    load(asWritten, (file) => file);
    load(backwards, (file) => reversed(file, path.join(dir, 'reversed')));
    for (const [day, args] of [['2026-11-20', ['risk']], ['2026-06-30', ['risk']], ['2026-11-20', ['report', 'weekly']], ['2026-09-30', ['report', 'monthly']], ['2026-11-20', ['renewals']]] as const) {
      const on = (db: string) => runCli(['--db', db, '--config', CONFIG, '--as-of', day, ...args, '--format', 'json'], { cwd: dir });
      const expected = on(asWritten);
      expect(expected.code, expected.stderr).toBe(0);
      expect(on(backwards).stdout, `${day} ${args.join(' ')}`).toBe(expected.stdout);
    }
  }, 300_000);
});
