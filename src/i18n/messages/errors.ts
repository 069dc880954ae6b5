import { errorTexts, phrasesOf, type Entry } from '../../errors.js';
import { environmentTexts } from '../../environment-errors.js';
import { configTexts } from '../../config/texts.js';

/**
 * Errors and warnings a user commonly meets outside an import (issue 24): a file that cannot be read,
 * a busy, missing, damaged or read-only database, a full disk, a bad --as-of, --format or --lang.
 * The errors layer words its own errors in English (errors.ts, environment-errors.ts: it sits below
 * the catalogue); the rest of the English is here, and every language's words for all of them.
 */
export const errorsEn = {
  ...errorTexts,
  ...environmentTexts,
  ...configTexts,
  'error.label.warning': 'warning:',
  'error.label.hint': 'hint:',
  'error.as_of_not_date': (p: { text: string }) => `--as-of "${p.text}" is not a date`,
  'error.as_of_hint': 'give a calendar date as YYYY-MM-DD, e.g. --as-of 2026-11-20',
  'error.no_html': (p: { command: string }) => `csops ${p.command} does not write HTML`,
  'error.no_html_hint': 'use --format table, json, ndjson, csv or md; HTML is for csops report, value, renewals and risk',
  'error.bad_format': (p: { format: string; choices: string }) => `option '--format <format>' argument '${p.format}' is invalid. Allowed choices are ${p.choices}.`,
  'error.bad_format_env': (p: { format: string; choices: string }) => `option '--format <format>' value '${p.format}' from env 'CSOPS_FORMAT' is invalid. Allowed choices are ${p.choices}.`,
  'error.usage_hint': 'run the command with --help for its options and examples',
  'error.bad_language': (p: { where: string; value: string }) => `${p.where} "${p.value}" is not a language csops writes`,
  'error.bad_language_hint': (p: { languages: string }) => `use ${p.languages} (zh, zh_CN and zh-Hans mean zh-CN)`,
};

type ErrorsCatalogue = { [K in keyof typeof errorsEn]: (typeof errorsEn)[K] extends string ? string : (typeof errorsEn)[K] };

/** Every key English has (tsc fails on a missing or mistyped one). */
export const errorsZhCN: ErrorsCatalogue = {
  'error.cannot_read': (p) => `无法读取 ${p.file}：${p.why}`,
  'error.why.no_such_file': '文件不存在',
  'error.why.permission_denied': '没有权限',
  'error.why.is_directory': '这是一个文件夹',
  'error.hint.check_path': '请检查路径；未导入任何数据',
  'error.busy_hint': '另一个 csops 正在写入该数据库，请等它完成后再试',
  'error.cancelled': (p) => `已取消 ${p.what}，未写入任何内容`,
  'error.internal_hint': '这是 csops 的缺陷，请附上所运行的命令及 --verbose 的输出报告给我们',
  'env.db_busy': (p) => `数据库 ${p.file} 正忙：另一个进程正在写入`,
  'env.db_busy_hint': '请等它完成后再试（csops 已按配置中的 busy_timeout_ms 等待后放弃）；本命令正在写入的内容已回滚',
  'env.io_error': (p) => `读写 ${p.file} 时出现 I/O 错误：${p.detail}`,
  'env.io_error_hint_sqlite': (p) => `请检查 ${p.folder} 所在的磁盘（剩余空间：df -h；错误日志：dmesg）后重新运行命令；正在写入的内容已回滚`,
  'env.io_error_hint': (p) => `请检查 ${p.folder} 所在的磁盘（dmesg）后重新运行命令`,
  'env.not_a_database': (p) => `${p.file} 不是 SQLite 数据库，或其首页已损坏`,
  'env.not_a_database_hint': (p) => `请用 --db 指向你的 csops 数据库；如果就是它：${p.recovery}`,
  'env.cannot_open_db': (p) => `无法打开数据库 ${p.file}：${p.detail}`,
  'env.cannot_open_db_hint': '请检查路径，以及该文件和所在文件夹是否可读',
  'env.cannot_read': (p) => `无法读取 ${p.file}：${p.why}`,
  'env.cannot_read_hint_permissions': '请检查路径及其权限；未导入任何数据',
  'env.cannot_read_hint': '请检查路径；未导入任何数据',
  'env.not_permitted': (p) => `${p.why}：${p.file}`,
  'env.not_permitted_hint': '请检查该文件及其所在文件夹的权限',
  'env.cannot_write': (p) => `无法写入 ${p.file}：${p.why}`,
  'env.cannot_write_hint': '请选择一个你有写权限的文件夹中的路径，或修正该文件夹的权限',
  'env.cannot_create': (p) => `无法创建 ${p.file}：${p.why}`,
  'env.cannot_create_hint': '请换一个路径',
  'env.disk_full': (p) => `写入 ${p.file} 时磁盘已满`,
  'env.disk_full_hint': (p) => `请在 ${p.folder} 所在的文件系统上腾出空间（df -h ${p.folder}）后重新运行命令；正在写入的内容已回滚`,
  'env.db_read_only': (p) => `无法写入数据库 ${p.file}：${p.why}`,
  'env.db_read_only_hint': (p) =>
    `csops 会写入数据库及其旁边的 ${p.name}-wal 和 ${p.name}-shm：请给当前用户该文件及 ${p.folder} 的写权限；只读的命令（不带 --save 的 risk 和 tier、renewals、report、account、metrics）可以在只读数据库上运行`,
  'env.read_only_reason': '数据库是只读的',
  'env.db_damaged': (p) => `数据库 ${p.file} 已损坏（${p.detail}）${p.before}`,
  'env.recovery': (p) => `恢复 SQLite 仍能读出的内容：sqlite3 ${p.quoted} ".recover" | sqlite3 ${p.recovered}，检查后用它替换 ${p.name}；${p.restore}`,
  'env.restore_backup': (p) => `或者回到最近的备份 ${p.backup}（在结构迁移前复制），再导入此后的导出文件`,
  'env.no_backup': (p) => `旁边没有找到备份（${p.name}.bak-N，每次结构迁移前生成）`,
  'env.why.EACCES': '没有权限',
  'env.why.EPERM': '不允许该操作',
  'env.why.EROFS': '只读文件系统',
  'env.why.ENOENT': '文件或文件夹不存在',
  'env.why.ENOTDIR': '路径中的某一段是文件而不是文件夹',
  'env.why.EISDIR': '这是一个文件夹',
  'env.why.ELOOP': '符号链接过多，或在不跟随符号链接的位置遇到了符号链接',
  'env.why.EEXIST': '该位置已有其他内容',
  'env.why.ENAMETOOLONG': '名称过长',
  'env.why.ENXIO': '设备不存在，或是没有读取方的管道（FIFO）',
  'config.missing': (p) => `${p.file} 处没有配置文件`,
  'config.missing_hint': '请检查 --config 路径或 CSOPS_CONFIG；`csops init` 可生成一份初始配置',
  'config.folder': (p) => `配置路径 ${p.file} 是文件夹，不是文件`,
  'config.folder_hint': '请给出 JSON 文件的路径，例如 --config cs/csops.config.json',
  'config.permission': (p) => `无法读取配置文件 ${p.file}：没有权限`,
  'config.permission_hint': '请检查该文件的权限',
  'config.unreadable': (p) => `无法读取配置文件 ${p.file}：${p.code}`,
  'config.unreadable_hint': '请检查 --config 路径或 CSOPS_CONFIG',
  'config.not_json': (p) => `配置文件 ${p.file} 不是有效的 JSON：${p.detail}`,
  'config.not_object': (p) => `配置文件 ${p.file} 必须是一个 JSON 对象`,
  'config.invalid': (p) => `配置${p.file ? `（${p.file}）` : ''}无效：\n${p.lines}`,
  'config.invalid_hint': '请修正上面列出的键（`csops config validate` 可检查配置文件；`csops init` 可生成一份有效的初始配置）',
  'error.label.warning': '警告：',
  'error.label.hint': '提示：',
  'error.as_of_not_date': (p) => `--as-of "${p.text}" 不是日期`,
  'error.as_of_hint': '请给出 YYYY-MM-DD 格式的日历日期，例如 --as-of 2026-11-20',
  'error.no_html': (p) => `csops ${p.command} 不输出 HTML`,
  'error.no_html_hint': '请用 --format table、json、ndjson、csv 或 md；HTML 只用于 csops report、value、renewals 和 risk',
  'error.bad_format': (p) => `--format 不接受 "${p.format}"，可选值为 ${p.choices}`,
  'error.bad_format_env': (p) => `环境变量 CSOPS_FORMAT 的值 "${p.format}" 不可用作 --format，可选值为 ${p.choices}`,
  'error.usage_hint': '用 --help 运行该命令可查看其选项和示例',
  'error.bad_language': (p) => `${p.where} "${p.value}" 不是 csops 支持的语言`,
  'error.bad_language_hint': (p) => `请用 ${p.languages}（zh、zh_CN 和 zh-Hans 都表示 zh-CN）`,
};

/** Phrases of this catalogue, for the layers above the errors (i18n, commands, cli). */
export const errorPhrase = phrasesOf(errorsEn as typeof errorsEn & Record<string, Entry>);
