/**
 * What --encoding offers in help and shell completion (any name iconv-lite knows is accepted). A module
 * of its own, with no imports, so declaring the import command loads neither chardet nor iconv-lite.
 */
export const ENCODING_NAMES = [
  'utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'gbk', 'big5', 'shift_jis', 'euc-jp', 'euc-kr', 'windows-1250', 'windows-1251', 'windows-1252',
] as const;
