// How csops db info, db migrate and db copy print their results; loaded by the action.
import type { DbCopyResult, DbInfoResult, DbMigrateResult } from '../commands/db.js';
import type { CopiedTable, } from '../db/copy.js';
import type { LastImport, TableCount } from '../db/tables.js';
import { renderRows, type Column } from '../render/output.js';
import { whole } from '../render/figures.js';
import type { CliRuntime } from './runtime.js';
import type { MessageKey } from '../i18n/messages.js';

type ColumnKey = { [K in MessageKey]: K extends `db.column.${infer C}` ? C : never }[MessageKey];


/** json prints the whole document (with its kind); table, md, csv and ndjson the rows per table. */
export function printDbInfo(runtime: CliRuntime, result: DbInfoResult): void {
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const human = format === 'table' || format === 'md';
  const { t } = runtime.messages;
  // Titles are for people (table, md): csv and ndjson write the keys.
  const title = (key: ColumnKey) => t(`db.column.${key}`);
  const columns: Column<TableCount>[] = [
    { key: 'table', title: title('table'), value: (row) => row.table },
    { key: 'rows', title: title('rows'), value: (row) => (row.rows === null ? (human ? t('db.missing') : null) : human ? whole.format(row.rows) : row.rows), align: 'right' },
  ];
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (human) {
    const heading = t('db.heading', { backend: result.backend === 'postgres' ? 'PostgreSQL' : 'SQLite', version: result.server_version, database: result.database, schema: result.schema_version, latest: result.latest_schema_version });
    runtime.out(format === 'md' ? `${heading}\n\n` : `${heading}\n`);
  }
  runtime.out(renderRows(result.tables, columns, { format, tty }));
  if (human) {
    const importColumns: Column<LastImport>[] = [
      { key: 'kind', title: title('last_import'), value: (row) => row.kind },
      { key: 'file_name', title: title('file'), value: (row) => row.file_name },
      { key: 'finished_at', title: title('finished'), value: (row) => row.finished_at },
      { key: 'rows_read', title: title('rows'), value: (row) => whole.format(row.rows_read), align: 'right' },
      { key: 'inserted', title: title('inserted'), value: (row) => whole.format(row.inserted), align: 'right' },
      { key: 'updated', title: title('updated'), value: (row) => whole.format(row.updated), align: 'right' },
      { key: 'rejected', title: title('rejected'), value: (row) => whole.format(row.rejected), align: 'right' },
    ];
    runtime.out('\n');
    if (result.last_imports.length > 0) runtime.out(renderRows(result.last_imports, importColumns, { format, tty }));
    else runtime.out(`${t('db.no_imports')}\n`);
  }
  if (result.schema_version < result.latest_schema_version) runtime.warn(t('db.behind', { schema: result.schema_version, latest: result.latest_schema_version }));
}

export function printDbMigrate(runtime: CliRuntime, result: DbMigrateResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const { t } = runtime.messages;
  const title = (key: ColumnKey) => t(`db.column.${key}`);
  const columns: Column<DbMigrateResult>[] = [
    { key: 'backend', title: title('backend'), value: (row) => row.backend },
    { key: 'database', title: title('database'), value: (row) => row.database },
    { key: 'from_version', title: title('from_version'), value: (row) => row.from_version, align: 'right' },
    { key: 'to_version', title: title('to_version'), value: (row) => row.to_version, align: 'right' },
    { key: 'applied', title: title('applied'), value: (row) => row.applied, align: 'right' },
  ];
  runtime.out(renderRows([result], columns, { format, tty: runtime.stdoutIsTty }));
  runtime.info(result.applied === 0 ? t('db.up_to_date', { database: result.database, version: result.to_version }) : t('db.migrated', { database: result.database, from: result.from_version, to: result.to_version }));
}

export function printDbCopy(runtime: CliRuntime, result: DbCopyResult): void {
  const { format } = runtime.context;
  if (format === 'json') {
    runtime.out(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const human = format === 'table' || format === 'md';
  const { t } = runtime.messages;
  const title = (key: ColumnKey) => t(`db.column.${key}`);
  const columns: Column<CopiedTable>[] = [
    { key: 'table', title: title('table'), value: (row) => row.table },
    { key: 'rows', title: title('rows_copied'), value: (row) => (human ? whole.format(row.rows) : row.rows), align: 'right' },
  ];
  runtime.out(renderRows(result.tables, columns, { format, tty: runtime.stdoutIsTty }));
  runtime.info(t('db.copied', { rows: whole.format(result.rows), from: result.from.database, to: result.to.database }));
}
