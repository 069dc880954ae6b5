// How csops db info, db migrate and db copy print their results; loaded by the action.
import type { DbCopyResult, DbInfoResult, DbMigrateResult } from '../commands/db.js';
import type { CopiedTable, } from '../db/copy.js';
import type { LastImport, TableCount } from '../db/tables.js';
import { renderRows, type Column } from '../render/output.js';
import { whole } from '../render/figures.js';
import type { CliRuntime } from './runtime.js';

/** json prints the whole document (with its kind); table, md, csv and ndjson the rows per table. */
export function printDbInfo(runtime: CliRuntime, result: DbInfoResult): void {
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const human = format === 'table' || format === 'md';
  const columns: Column<TableCount>[] = [
    { key: 'table', title: 'table', value: (row) => row.table },
    { key: 'rows', title: 'rows', value: (row) => (row.rows === null ? (human ? 'missing' : null) : human ? whole.format(row.rows) : row.rows), align: 'right' },
  ];
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (human) {
    const heading = `${result.backend === 'postgres' ? 'PostgreSQL' : 'SQLite'} ${result.server_version} · ${result.database} · schema version ${result.schema_version} of ${result.latest_schema_version}`;
    runtime.out(format === 'md' ? `${heading}\n\n` : `${heading}\n`);
  }
  runtime.out(renderRows(result.tables, columns, { format, tty }));
  if (human) {
    const importColumns: Column<LastImport>[] = [
      { key: 'kind', title: 'last import', value: (row) => row.kind },
      { key: 'file_name', title: 'file', value: (row) => row.file_name },
      { key: 'finished_at', title: 'finished', value: (row) => row.finished_at },
      { key: 'rows_read', title: 'rows', value: (row) => whole.format(row.rows_read), align: 'right' },
      { key: 'inserted', title: 'inserted', value: (row) => whole.format(row.inserted), align: 'right' },
      { key: 'updated', title: 'updated', value: (row) => whole.format(row.updated), align: 'right' },
      { key: 'rejected', title: 'rejected', value: (row) => whole.format(row.rejected), align: 'right' },
    ];
    runtime.out('\n');
    if (result.last_imports.length > 0) runtime.out(renderRows(result.last_imports, importColumns, { format, tty }));
    else runtime.out('no imports yet\n');
  }
  if (result.schema_version < result.latest_schema_version) runtime.warn(`the database is at schema version ${result.schema_version}; this csops uses ${result.latest_schema_version}: run csops db migrate`);
}

export function printDbMigrate(runtime: CliRuntime, result: DbMigrateResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const columns: Column<DbMigrateResult>[] = [
    { key: 'backend', title: 'backend', value: (row) => row.backend },
    { key: 'database', title: 'database', value: (row) => row.database },
    { key: 'from_version', title: 'from version', value: (row) => row.from_version, align: 'right' },
    { key: 'to_version', title: 'to version', value: (row) => row.to_version, align: 'right' },
    { key: 'applied', title: 'migrations applied', value: (row) => row.applied, align: 'right' },
  ];
  runtime.out(renderRows([result], columns, { format, tty: runtime.stdoutIsTty }));
  runtime.info(result.applied === 0 ? `${result.database} is up to date (schema version ${result.to_version})` : `migrated ${result.database} from schema version ${result.from_version} to ${result.to_version}`);
}

export function printDbCopy(runtime: CliRuntime, result: DbCopyResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const human = format === 'table' || format === 'md';
  const columns: Column<CopiedTable>[] = [
    { key: 'table', title: 'table', value: (row) => row.table },
    { key: 'rows', title: 'rows copied', value: (row) => (human ? whole.format(row.rows) : row.rows), align: 'right' },
  ];
  runtime.out(renderRows(result.tables, columns, { format, tty: runtime.stdoutIsTty }));
  runtime.info(`copied ${whole.format(result.rows)} rows from ${result.from.database} into ${result.to.database}; every table's count matches the source`);
}
