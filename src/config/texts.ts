/**
 * The English of a config file that cannot be read or is not valid (src/i18n/messages/errors.ts gives
 * the other languages' words). Apart from load.ts, so that the catalogue loads no zod at start-up.
 */
export const configTexts = {
  'config.missing': (p: { file: string }) => `no config file at ${p.file}`,
  'config.missing_hint': 'check the --config path or CSOPS_CONFIG; `csops init` writes a starter config',
  'config.folder': (p: { file: string }) => `the config path ${p.file} is a folder, not a file`,
  'config.folder_hint': 'give the path of the JSON file, e.g. --config cs/csops.config.json',
  'config.permission': (p: { file: string }) => `cannot read config file ${p.file}: permission denied`,
  'config.permission_hint': "check the file's permissions",
  'config.unreadable': (p: { file: string; code: string }) => `cannot read config file ${p.file}: ${p.code}`,
  'config.unreadable_hint': 'check the --config path or CSOPS_CONFIG',
  'config.not_json': (p: { file: string; detail: string }) => `config file ${p.file} is not valid JSON: ${p.detail}`,
  'config.not_object': (p: { file: string }) => `config file ${p.file} must hold a JSON object`,
  'config.invalid': (p: { file: string; lines: string }) => `invalid configuration${p.file ? ` in ${p.file}` : ''}:\n${p.lines}`,
  'config.invalid_hint': 'fix the keys named above (`csops config validate` checks a file; `csops init` writes a valid starter config)',
};
