import { shownUrl } from '../src/config/database-url.js';

/**
 * A bench writes into the PostgreSQL database it is given, so that database must be a scratch one:
 * empty, or holding only imports of files `isBenchFile` says are the bench's own (from an earlier run).
 */
export async function refuseForeignImports(url: string, isBenchFile: (fileName: string) => boolean, scratchName: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const present = await client.query("SELECT to_regclass('import_runs') AS runs");
    if (present.rows[0].runs === null) return;
    const imported = await client.query('SELECT DISTINCT file_name FROM import_runs');
    if (imported.rows.some((row: { file_name: string }) => !isBenchFile(row.file_name))) {
      throw new Error(`${shownUrl(url)} holds imports other than the bench's own: name a scratch database (createdb ${scratchName})`);
    }
  } finally {
    await client.end();
  }
}
