import { Argument, type Command } from 'commander';
import { completeWith } from './completion-values.js';
import type { ConfigEntry } from '../commands/config.js';
import { resolveRuntime, type GlobalFlags, type Io } from './runtime.js';
import { wideOption } from './options.js';

export function registerConfig(program: Command, io: Io): void {
  const config = program
    .command('config')
    .description('show the effective settings and where each came from, check a config file, or print its JSON Schema')
    .addHelpText(
      'after',
      `
Settings come from flags > environment (CSOPS_DB, CSOPS_CONFIG, CSOPS_TIME_ZONE, CSOPS_CURRENCY,
CSOPS_FORMAT, CSOPS_LANG) > the config file > built-in defaults. The language falls back to the
locale (LC_ALL, LC_MESSAGES, LANG) before the default, English.

Examples:
  $ csops config show
  $ csops config show --format json | jq '.settings[] | select(.source != "default")'
  $ csops config validate ops/csops.config.json
  $ csops config schema > csops.schema.json`,
    );

  config
    .command('show')
    .description('print every effective setting with its source: default, file, env or flag')
    .addOption(wideOption())
    .addHelpText(
      'after',
      `
Examples:
  $ csops config show
  $ csops --db other.db config show --format csv`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const { configEntries } = await import('../commands/config.js');
      const { renderRows } = await import('../render/output.js');
      const { loaded } = runtime;
      const dbSource = command.optsWithGlobals().db === undefined ? undefined : rootOf(command).getOptionValueSource('db');
      const database = runtime.flags.db !== undefined ? { source: dbSource === 'env' ? ('env' as const) : ('flag' as const), path: runtime.flags.db } : undefined;
      const entries = configEntries(loaded, database, { language: runtime.context.language ?? 'en', source: runtime.languageSource });
      const format = runtime.context.format;
      if (format === 'table') runtime.info(loaded.source ? runtime.messages.t('config.show.file', { file: loaded.source }) : runtime.messages.t('config.show.none'));
      runtime.out(
        renderRows<ConfigEntry>(
          entries,
          [
            { key: 'key', title: runtime.messages.t('config.column.key'), value: (entry) => entry.key },
            { key: 'value', title: runtime.messages.t('config.column.value'), value: (entry) => (format === 'json' || format === 'ndjson' ? (entry.value as string) : showValue(entry.value, format === 'table')) },
            { key: 'source', title: runtime.messages.t('config.column.source'), value: (entry) => entry.source },
            { key: 'origin', title: runtime.messages.t('config.column.from'), value: (entry) => entry.origin },
          ],
          { format, tty: runtime.stdoutIsTty, fit: runtime.fit, kind: 'config_show' },
          // JSON: an object like every other command's, the settings under "settings".
          { config_file: loaded.source ?? null, settings: entries },
        ),
      );
    });

  config
    .command('validate')
    .description('check a config file (default: the one csops would use); errors name the key, the bad value and what is allowed')
    .addArgument(completeWith(new Argument('[file]', 'the config file to check'), { files: true }))
    .addHelpText(
      'after',
      `
Exits 0 when the file is valid, 2 when it is not (each problem on its own line).

Examples:
  $ csops config validate
  $ csops config validate staging/csops.config.json`,
    )
    .action(async (file: string | undefined, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals() as GlobalFlags;
      const { loadConfigWithHolidays } = await import('../commands/context.js');
      const { UsageError } = await import('../errors.js');
      const { errorPhrase } = await import('../i18n/messages/errors.js');
      const loaded = loadConfigWithHolidays({ cwd: io.cwd, explicitPath: file ?? flags.config, env: {} });
      if (!loaded.source) throw new UsageError(errorPhrase('config.validate.none'), errorPhrase('config.validate.none_hint'));
      // No runtime here (it would read the config being checked): the language as the runtime resolves it.
      const { resolveLanguage } = await import('../i18n/languages.js');
      const { messagesFor } = await import('../i18n/messages.js');
      const { t } = messagesFor(resolveLanguage({ flag: flags.lang, env: io.env, configured: loaded.config.language }).language);
      if (!flags.quiet) io.stderr.write(`${t('config.validate.valid', { file: loaded.source })}\n`);
    });

  config
    .command('schema')
    .description('print the JSON Schema of the config file (csops init points "$schema" at the copy shipped with csops)')
    .addHelpText(
      'after',
      `
Examples:
  $ csops config schema > csops.schema.json`,
    )
    .action(async () => {
      const { configJsonSchemaText } = await import('../config/json-schema.js');
      io.stdout.write(configJsonSchemaText());
    });
}

/** Text as it is, anything else as JSON; long values are cut in tables only (json and csv carry them whole). */
function showValue(value: unknown, cut: boolean): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return cut && text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}
