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
  'config.invalid': (p: { file: string; lines: string[] }) => `invalid configuration${p.file ? ` in ${p.file}` : ''}:\n${p.lines.join('\n')}`,
  // One line per bad key. `from`: the environment variable that set it; `found`: the value, as JSON.
  'config.line.unknown_key': (p: { key: string; allowed: string | null }) => `  ${p.key}: unknown key${p.allowed !== null ? `; allowed here: ${p.allowed}` : ''}`,
  'config.line.bad_key': (p: { at: string; key: string; reasons: string[] }) => `  ${p.at}: key ${p.key} ${p.reasons.join('; ')}`,
  'config.line.missing': (p: { key: string; from: string | null; expected: string }) => `  ${p.key}${p.from !== null ? ` (from ${p.from})` : ''}: missing; a ${p.expected} is required`,
  'config.line.invalid': (p: { key: string; from: string | null; problem: string; found: string | null }) => `  ${p.key}${p.from !== null ? ` (from ${p.from})` : ''}: ${p.problem}${p.found !== null ? `; found ${p.found}` : ''}`,
  'config.top_level': '(top level)',
  /**
   * What zod found wrong, in zod's English (`message`); other languages word it from the issue's code
   * and figures: `expected` (a type), `limit` and `inclusive` (a bound of a number, list or text, `origin`), `values` (the choices).
   */
  'config.problem': (p: { message: string; code: string; expected: string | null; limit: string | null; inclusive: boolean; origin: string | null; values: string | null }) => p.message,
  // The schema's own rules (src/config/*.ts give these as their messages).
  // A database setting (--db, CSOPS_DB, the config's database) csops cannot use (database-url.ts).
  'config.database_in': (p: { file: string }) => `database (in ${p.file})`,
  'config.db_url.no_file': (p: { setting: string; value: string }) => `${p.setting} ${p.value} names no file`,
  'config.db_url.no_file_hint': (p: { scheme: string }) => `write ${p.scheme}:path/to/csops.db, or the path alone`,
  'config.db_url.bad_file_url': (p: { setting: string; value: string }) => `${p.setting} ${p.value} is not a file URL csops can read`,
  'config.db_url.bad_file_url_hint': 'write file:///absolute/path/csops.db, or the path alone',
  'config.db_url.scheme': (p: { setting: string; value: string; scheme: string }) => `${p.setting} ${p.value} is a ${p.scheme}: URL, which csops cannot use`,
  'config.db_url.scheme_hint': 'csops stores its data in a SQLite file (a path, sqlite:… or file:…) or on PostgreSQL (postgres://user@host/database)',
  'config.rule.time_zone': 'is not an IANA time zone such as "Europe/Berlin" or "UTC"',
  'config.rule.currency': 'is not an ISO-4217 code such as "USD"',
  'config.rule.currency_key': 'is not an ISO-4217 code',
  'config.rule.windows_rise': 'windows must rise, e.g. [30, 60, 90, 120]',
  'config.rule.signature': 'is not a header signature (16 hex digits, as csops import writes them)',
  'config.rule.regexp': 'is not a regular expression',
  'config.rule.weights_sum': 'the factor weights must add up to 100',
  'config.rule.thresholds_fall': 'thresholds must fall: healthy > watch > at_risk',
  'config.rule.clock_time': 'is not a time such as "09:00"',
  'config.rule.interval': 'an interval must end after it starts',
  'config.rule.overlap': 'intervals of a day must not overlap (a shared minute would count twice)',
  'config.rule.date': 'is not a date YYYY-MM-DD',
  'config.rule.salesforce_id': "is not a Salesforce record id (15 or 18 letters and digits, a user's starts with 005)",
  'config.rule.destination_name': 'is not a name (letters, digits, - and _)',
  'config.rule.url_or_env': 'give exactly one of url and url_env',
  'config.rule.secret_or_env': 'give at most one of secret and secret_env',
  'config.rule.same_name': 'two destinations have the same name',
  'config.rule.driver_price': 'give one of minutes_saved or amount',
  'config.invalid_hint': 'fix the keys named above (`csops config validate` checks a file; `csops init` writes a valid starter config)',
};
