/**
 * What csops says when a PostgreSQL server or the connection to it fails (issue 24, issue 25), as
 * src/db/pg/client.ts's translatePgError words it: a login refused, a database that does not exist,
 * a server down or busy, a value refused. `database` is the URL with its password masked; `detail` is
 * what the server or node-postgres said (their own words, masked), shown as it is in every language;
 * `doing` is one of the error.pg.doing.* phrases, or '' when the failure was not in a named step.
 * Spread into errors.ts's catalogue (errorPhrase).
 */
export const postgresErrorsEn = {
  'error.pg.login_refused': (p: { database: string; detail: string }) => `PostgreSQL at ${p.database} refused the login: ${p.detail}`,
  'error.pg.login_refused_hint': 'check the user and password: in the URL, PGUSER / PGPASSWORD, or ~/.pgpass (host:port:database:user:password)',
  'error.pg.no_database': (p: { database: string; detail: string }) => `PostgreSQL at ${p.database}: ${p.detail}`,
  'error.pg.no_database_hint': 'create it first (createdb, or CREATE DATABASE as a role that may), then csops db migrate',
  'error.pg.no_rights': (p: { database: string; doing: string; detail: string }) => `PostgreSQL at ${p.database}${during(p.doing)}: ${p.detail}`,
  'error.pg.no_rights_hint': 'the role needs rights on the database and its schema: GRANT CREATE, USAGE ON SCHEMA … TO the role (see the README, "A shared database for the team")',
  'error.pg.busy': (p: { database: string; doing: string; detail: string }) => `PostgreSQL at ${p.database} is busy${during(p.doing)}: ${p.detail}`,
  'error.pg.busy_hint': 'try again in a moment; what this command was writing was rolled back',
  'error.pg.unreachable': (p: { database: string; detail: string }) => `cannot reach PostgreSQL at ${p.database}: ${p.detail}`,
  'error.pg.unreachable_hint': 'check that the server runs and the host and port (in the URL, or PGHOST and PGPORT)',
  'error.pg.ssl': (p: { database: string; detail: string }) => `the secure connection to PostgreSQL at ${p.database} failed: ${p.detail}`,
  'error.pg.ssl_hint': 'check sslmode in the URL (disable, prefer, require, verify-ca, verify-full) and, for verify-*, sslrootcert',
  'error.pg.value_refused': (p: { database: string; doing: string; detail: string; code: string }) => `PostgreSQL at ${p.database}${during(p.doing)} refused a value: ${p.detail} (SQLSTATE ${p.code})`,
  'error.pg.value_refused_hint': 'nothing was written',
  'error.pg.server_error': (p: { database: string; doing: string; detail: string; code: string }) => `PostgreSQL at ${p.database}${during(p.doing)}: ${p.detail} (SQLSTATE ${p.code})`,
  'error.pg.server_error_hint': 'nothing was written; check the server log if it repeats',
  'error.pg.bad_url': (p: { database: string; detail: string }) => `cannot use PostgreSQL at ${p.database}: ${p.detail}`,
  'error.pg.bad_url_hint': 'write the URL as postgres://user@host:5432/database',
  'error.pg.failed': (p: { database: string; doing: string; detail: string }) => `PostgreSQL at ${p.database}${during(p.doing)}: ${p.detail}`,
  'error.pg.failed_hint': 'check that the server runs and accepts csops (the URL, PG* variables, ~/.pgpass)',
  // what csops was doing when it failed (`doing` above)
  'error.pg.doing.read_url': 'read the URL',
  'error.pg.doing.connect': 'connect',
  'error.pg.doing.migrate': 'migrate',
  'error.pg.doing.prepare_import': 'prepare the import',
  'error.pg.doing.copy_rows': 'copy the rows',
  'error.pg.doing.write_table': (p: { table: string }) => `write ${p.table}`,
  'error.pg.doing.prepare_copy': 'prepare the copy',
  'error.pg.doing.read_table': (p: { table: string }) => `read ${p.table}`,
  'error.pg.doing.copy_table': (p: { table: string }) => `copy ${p.table}`,
  // values csops reads exactly or not at all (client.ts's type parsers)
  'error.pg.integer_too_big': (p: { value: string; max: number }) => `PostgreSQL returned the integer ${p.value}, beyond what csops reads exactly (±${p.max})`,
  'error.pg.integer_too_big_hint': 'a csops column should never hold it: check what wrote that value',
  'error.pg.inexact_number': (p: { value: string }) => `PostgreSQL returned the number ${p.value}, which a JS number cannot hold exactly`,
  'error.pg.inexact_number_hint': 'csops keeps money as integer minor units; a numeric column of your own needs a cast in its query',
};

function during(doing: string): string {
  return doing === '' ? '' : ` (${doing})`;
}

type PostgresErrorsCatalogue = { [K in keyof typeof postgresErrorsEn]: (typeof postgresErrorsEn)[K] extends string ? string : (typeof postgresErrorsEn)[K] };

/** "在迁移时", "在写入 accounts 时": the step in a Chinese sentence, or nothing. */
function duringZhCN(doing: string): string {
  if (doing === '') return '';
  return /[!-~]$/.test(doing) ? `在${doing} 时` : `在${doing}时`;
}

export const postgresErrorsZhCN: PostgresErrorsCatalogue = {
  'error.pg.login_refused': (p) => `PostgreSQL ${p.database} 拒绝了登录：${p.detail}`,
  'error.pg.login_refused_hint': '请检查用户名和密码：写在 URL、PGUSER / PGPASSWORD 或 ~/.pgpass 中（~/.pgpass 每行为 host:port:database:user:password）',
  'error.pg.no_database': (p) => `PostgreSQL ${p.database}：数据库不存在（${p.detail}）`,
  'error.pg.no_database_hint': '请先创建它（createdb，或以有权限的角色执行 CREATE DATABASE），然后运行 csops db migrate',
  'error.pg.no_rights': (p) => `PostgreSQL ${p.database} ${duringZhCN(p.doing)}权限不足：${p.detail}`,
  'error.pg.no_rights_hint': '该角色需要数据库及其模式（schema）上的权限：GRANT CREATE, USAGE ON SCHEMA … TO 该角色（见 README.md 中的 "A shared database for the team" 一节）',
  'error.pg.busy': (p) => `PostgreSQL ${p.database} ${duringZhCN(p.doing)}正忙：${p.detail}`,
  'error.pg.busy_hint': '请稍后再试；本命令正在写入的内容已回滚',
  'error.pg.unreachable': (p) => `无法连接 PostgreSQL ${p.database}：${p.detail}`,
  'error.pg.unreachable_hint': '请检查服务器是否在运行，以及主机和端口是否正确（在 URL 中，或 PGHOST 和 PGPORT）',
  'error.pg.ssl': (p) => `与 PostgreSQL ${p.database} 的加密连接失败：${p.detail}`,
  'error.pg.ssl_hint': '请检查 URL 中的 sslmode（disable、prefer、require、verify-ca、verify-full），用 verify-* 时还要检查 sslrootcert',
  'error.pg.value_refused': (p) => `PostgreSQL ${p.database} ${duringZhCN(p.doing)}拒绝了一个值：${p.detail}（SQLSTATE ${p.code}）`,
  'error.pg.value_refused_hint': '未写入任何内容',
  'error.pg.server_error': (p) => `PostgreSQL ${p.database} ${duringZhCN(p.doing)}出错：${p.detail}（SQLSTATE ${p.code}）`,
  'error.pg.server_error_hint': '未写入任何内容；如果反复出现，请查看服务器日志',
  'error.pg.bad_url': (p) => `无法使用 PostgreSQL ${p.database}：${p.detail}`,
  'error.pg.bad_url_hint': '请把 URL 写成 postgres://user@host:5432/database',
  'error.pg.failed': (p) => `PostgreSQL ${p.database} ${duringZhCN(p.doing)}出错：${p.detail}`,
  'error.pg.failed_hint': '请检查服务器是否在运行、是否接受 csops 的连接（URL、PG* 环境变量、~/.pgpass）',
  'error.pg.doing.read_url': '读取 URL',
  'error.pg.doing.connect': '连接',
  'error.pg.doing.migrate': '迁移',
  'error.pg.doing.prepare_import': '准备导入',
  'error.pg.doing.copy_rows': '复制数据行',
  'error.pg.doing.write_table': (p) => `写入 ${p.table}`,
  'error.pg.doing.prepare_copy': '准备复制',
  'error.pg.doing.read_table': (p) => `读取 ${p.table}`,
  'error.pg.doing.copy_table': (p) => `复制 ${p.table}`,
  'error.pg.integer_too_big': (p) => `PostgreSQL 返回的整数 ${p.value} 超出了 csops 能精确读取的范围（±${p.max}）`,
  'error.pg.integer_too_big_hint': 'csops 的列不应存有这样的值：请检查是什么写入了它',
  'error.pg.inexact_number': (p) => `PostgreSQL 返回的数 ${p.value} 无法用 JavaScript 的数字（双精度浮点数）精确表示`,
  'error.pg.inexact_number_hint': 'csops 以整数的最小货币单位保存金额；你自己的 numeric 列需要在查询中做类型转换',
};
