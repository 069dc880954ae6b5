import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { InitAnswers, InitResult } from '../commands/init.js';
import type { Language } from '../i18n/languages.js';
import { UsageError } from '../errors.js';
import { messagesFor, type Messages } from '../i18n/messages.js';
import { errorPhrase } from '../i18n/messages/errors.js';
import { TICKET_PRIORITIES } from '../config/names.js';
import { ask as askOne, canPrompt, promptContext } from './prompt.js';
import type { GlobalFlags, Io } from './runtime.js';

const CALENDAR = 'calendar';
const OTHER = 'other';
const BUSINESS_HOURS_CHOICES = [
  { value: 'mon-fri 09:00-18:00', name: 'Mon–Fri 09:00–18:00' },
  { value: 'mon-fri 08:00-17:00', name: 'Mon–Fri 08:00–17:00' },
  { value: 'mon-fri 09:00-12:00,13:00-18:00', name: 'Mon–Fri 09:00–12:00 and 13:00–18:00' },
  { value: CALENDAR, name: 'round the clock (SLA targets in calendar hours)' },
  { value: OTHER, name: 'other…' },
];

export function registerInit(program: Command, io: Io): void {
  program
    .command('init')
    .description('write a starter csops.config.json (asking on a terminal, or the defaults with --yes) and create the database')
    .option('-y, --yes', 'ask nothing: write the defaults (time zone: this machine\'s); needed off a terminal')
    .option('--force', 'replace an existing config (the old one is kept as <file>.bak, or .bak-2, … when that exists)')
    .addHelpText(
      'after',
      `
On a terminal it asks for the database location, time zone, currency, tier thresholds, business hours,
SLA targets and key modules, each with the default preselected. The file starts with a "$schema" line
pointing at the JSON Schema shipped with csops, so editors complete and check it. It is written to
--config, or csops.config.json in this folder. An existing config is never overwritten silently.

Examples:
  $ csops init                          answer a few questions
  $ csops init --yes                    the defaults, no questions (scripts, CI)
  $ csops --config ops/csops.config.json init --yes
  $ csops init --yes --force            start again (the old file is kept as csops.config.json.bak)`,
    )
    .action(async (_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals() as GlobalFlags & { yes?: boolean; force?: boolean };
      const configFile = path.resolve(io.cwd, flags.config ?? 'csops.config.json');
      const { defaultAnswers, configFromAnswers, writeInitConfig } = await import('../commands/init.js');
      const { isPostgresUrl } = await import('../config/database-url.js');
      // --db (or CSOPS_DB) is relative to where csops runs; the config's database is relative to the config. A PostgreSQL URL is written as given.
      const database = flags.db === undefined ? 'csops.db' : isPostgresUrl(flags.db) ? flags.db : path.relative(path.dirname(configFile), path.resolve(io.cwd, flags.db)) || flags.db;
      // The language proposed is the one in force (--lang, CSOPS_LANG, else the locale): a CSM in Shanghai gets zh-CN.
      const { resolveLanguage } = await import('../i18n/languages.js');
      const { language } = resolveLanguage({ flag: flags.lang, env: io.env });
      const defaults = defaultAnswers(Intl.DateTimeFormat().resolvedOptions().timeZone, database, language);
      let replace = Boolean(flags.force);
      let answers = defaults;
      if (!flags.yes && !canPrompt(io)) {
        throw new UsageError(errorPhrase('init.not_terminal'), errorPhrase('init.not_terminal_hint'));
      }
      if (!flags.yes) {
        if (fs.existsSync(configFile) && !replace) {
          const { confirm } = await import('@inquirer/prompts');
          replace = await ask(() => confirm({ message: `${configFile} exists. Replace it (the old file is kept as .bak)?`, default: false }, promptContext(io)));
          if (!replace) {
            if (!flags.quiet) io.stderr.write(`${messagesFor(language).t('init.kept_config', { file: configFile })}\n`);
            return;
          }
        }
        answers = await askAnswers(io, defaults, configFile);
      }
      const config = configFromAnswers(answers, configFile);
      const result = await writeInitConfig(configFile, config, { replace, busyTimeoutMs: 5000 });
      await printResult(io, flags, result, messagesFor(answers.language));
    });
}

async function printResult(io: Io, flags: GlobalFlags, result: InitResult, { t }: Messages): Promise<void> {
  if (flags.format === 'json') {
    io.stdout.write(`${JSON.stringify({ kind: 'init', ...result }, null, 2)}\n`);
    return;
  }
  if (flags.format === 'csv' || flags.format === 'ndjson' || flags.format === 'md') {
    // One record, like every command's rows: what was written where.
    const { renderRows } = await import('../render/output.js');
    io.stdout.write(
      renderRows([result], [
        { key: 'config_file', title: t('init.column.config_file'), value: (row) => row.config_file },
        { key: 'backup', title: t('init.column.backup'), value: (row) => row.backup },
        { key: 'database', title: t('init.column.database'), value: (row) => row.database },
        { key: 'database_created', title: t('init.column.database_created'), value: (row) => (flags.format === 'md' ? (row.database_created ? t('init.yes') : t('init.no')) : row.database_created) },
      ], { format: flags.format, tty: false }),
    );
  } else io.stdout.write(`${result.config_file}\n`);
  if (flags.quiet) return;
  if (result.backup) io.stderr.write(`${t('init.backup', { file: result.backup })}\n`);
  io.stderr.write(`${t('init.database', { created: result.database_created, database: result.database })}\n`);
  io.stderr.write(`${t('init.next')}\n`);
}

const ask = <T>(question: () => Promise<T>) => askOne('csops init', question);

async function askAnswers(io: Io, defaults: InitAnswers, configFile: string): Promise<InitAnswers> {
  const { input, number, select, confirm, checkbox } = await import('@inquirer/prompts');
  const { isTimeZone } = await import('../config/schema.js');
  const { parseBusinessHours, knownMetrics } = await import('../commands/init.js');
  const { isPostgresUrl } = await import('../config/database-url.js');
  const context = promptContext(io);
  const amount = (message: string, value: number) =>
    ask(() => number({ message, default: value, required: true, validate: (n) => (n !== undefined && n >= 0) || 'a number of 0 or more' }, context)).then((n) => n ?? value);
  const hours = (message: string, value: number) =>
    ask(() => number({ message, default: value, step: 'any', required: true, validate: (n) => (n !== undefined && n > 0) || 'a number of hours above 0, e.g. 8 or 0.5' }, context)).then((n) => n ?? value);

  const language = await ask(() =>
    select<Language>({
      message: 'Language of tables, reports and messages (JSON and CSV stay English):',
      choices: [
        { value: 'en', name: 'English (en)' },
        { value: 'zh-CN', name: '简体中文 (zh-CN)' },
      ],
      default: defaults.language,
    }, context),
  );
  const database = await ask(() => input({ message: 'Database file (relative to the config file):', default: defaults.database, required: true }, context));
  const timeZone = await ask(() =>
    input({ message: 'Time zone (IANA name):', default: defaults.time_zone, validate: (zone) => isTimeZone(zone.trim()) || 'an IANA time zone such as Europe/Berlin, America/New_York or UTC' }, context),
  );
  const currency = await ask(() =>
    input({ message: 'Currency of amounts that name none:', default: defaults.currency, validate: (code) => /^[A-Za-z]{3}$/.test(code.trim()) || 'a three-letter ISO code such as USD, EUR or CNY' }, context),
  );
  const highArr = await amount('High-touch from an ARR of:', defaults.high_touch_min_arr);
  const highEmployees = await amount('…or from a company size (employees) of:', defaults.high_touch_min_employees);
  const lowArr = await amount('Low-touch from an ARR of:', defaults.low_touch_min_arr);

  let businessHours = await ask(() => select({ message: 'Business hours for SLA targets:', choices: BUSINESS_HOURS_CHOICES, default: defaults.business_hours }, context));
  const clock = businessHours === CALENDAR ? 'calendar' : 'business';
  if (businessHours === CALENDAR) businessHours = defaults.business_hours;
  if (businessHours === OTHER) {
    businessHours = await ask(() =>
      input(
        {
          message: 'Business hours (e.g. mon-thu 08:30-12:00,13:00-17:30; fri 08:30-14:00):',
          default: defaults.business_hours,
          validate: (text) => {
            try {
              parseBusinessHours(text);
              return true;
            } catch (error) {
              return error instanceof Error ? `${error.message}` : String(error);
            }
          },
        },
        context,
      ),
    );
  }

  const targets = structuredClone(defaults.sla_targets);
  const summary = TICKET_PRIORITIES.map((priority) => `${priority} ${targets[priority].first_response_hours}h/${targets[priority].resolution_hours}h`).join(', ');
  const keepTargets = await ask(() => confirm({ message: `Keep the default SLA targets (first response/resolution: ${summary})?`, default: true }, context));
  if (!keepTargets) {
    for (const priority of TICKET_PRIORITIES) {
      targets[priority] = {
        first_response_hours: await hours(`${priority}: hours to first response:`, targets[priority].first_response_hours),
        resolution_hours: await hours(`${priority}: hours to resolution:`, targets[priority].resolution_hours),
      };
    }
  }

  // Offer the metrics the database already holds; otherwise the names are typed.
  const { validateConfig } = await import('../config/load.js');
  const metrics = await knownMetrics(isPostgresUrl(database) ? database : path.resolve(path.dirname(configFile), database), validateConfig({}, undefined));
  const keyModules =
    metrics.length > 0
      ? await ask(() => checkbox({ message: 'Key modules (usage metrics that show real adoption):', choices: metrics.map((metric) => ({ value: metric })) }, context))
      : (await ask(() => input({ message: 'Key modules: usage metric names, comma-separated (blank for none):', default: '' }, context)))
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '');

  return {
    database: database.trim(),
    language,
    time_zone: timeZone.trim(),
    currency: currency.trim().toUpperCase(),
    high_touch_min_arr: highArr,
    high_touch_min_employees: highEmployees,
    low_touch_min_arr: lowArr,
    sla_clock: clock,
    business_hours: businessHours,
    sla_targets: targets,
    key_modules: keyModules,
  };
}
