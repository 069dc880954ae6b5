import type { Command } from 'commander';
import type { ImportSummary } from '../commands/import.js';
import type { FileImportResult } from '../import/import-file.js';
import fs from 'node:fs';
import { KINDS, isKind } from '../import/kinds.js';
import { PRESET_NAMES } from '../import/presets.js';
import { renderRows, type Column } from '../render/output.js';
import { resolveRuntime, type CliRuntime, type Io } from './main.js';
import { progressBar } from './progress.js';
import { canPrompt } from './prompt.js';
import { mappingQuestions } from './mapping-prompt.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerImport(program: Command, io: Io): void {
  program
    .command('import')
    .description('load CSV exports into the database; re-importing the same rows changes nothing')
    .usage('[options] [kind] <file...>')
    .argument('<kind-and-files...>', `optionally what the files hold (${KINDS.join(', ')}; default: read from each file's header), then the CSV exports`)
    .option('--preset <tool>', `the tool the files come from, when detection is wrong: ${PRESET_NAMES.join(', ')}`)
    .option('--map <Header=field>', 'map a column of the file to a csops field (repeatable)', collect, [])
    .option('--dry-run', 'check and count everything, write nothing')
    .option('--skip-invalid', 'import the valid rows and set the invalid ones aside (default: reject the whole file)')
    .option('--rejects <file>', 'with --skip-invalid: where to write rejected rows, after their line and reason (default: <input>.rejects.csv)')
    .option('--force', 'import a file even if an identical one was imported before')
    .option('-y, --yes', 'never ask (as off a terminal or with CI set): a file missing a column fails, naming the --map flags to add')
    .option('--encoding <name>', 'text encoding when detection is wrong: utf-8, utf-16le, utf-16be, gb18030, windows-1252')
    .option('--delimiter <char>', 'field separator when detection is wrong: , ; | or tab')
    .option('--date-format <order>', 'day-month order of dates like 03/04/2026 when the file cannot settle it: DD/MM/YYYY or MM/DD/YYYY')
    .addHelpText(
      'after',
      `
Kinds and their columns (* required; headers match case-, space- and punctuation-insensitively,
and English and Chinese aliases are known):
  accounts   account_id*, name*, industry, region, country, employees, owner, plan, channel,
             acquisition_cost, currency, customer_since, tier_override, custom_dev_amount, referrals,
             parent_account_id, domain
  contracts  contract_id, account_id*, start_date*, end_date, arr* (or mrr, or amount over term_months
             or over start to end), setup_fee, currency, status, plan, seats, auto_renew, type
  usage      wide: account_id* (or subscription_id, or user_id as an e-mail), date*, one column per metric
             long: the same with metric + value
             events: event*, timestamp*, user_id, account_id or subscription_id (rolled up per day)
  tickets    ticket_id*, account_id (or organization, requester_email, requester_domain), created_at*,
             first_response_at, resolved_at, status, priority, type, subject, tags, assignee, channel,
             csat, first_response_minutes, resolution_minutes (or …_hours)
  surveys    response_id, account_id*, responded_at*, kind (nps|csat), score*, comment, respondent,
             followed_up_at

When a required column cannot be found, csops asks on a terminal which column holds it (best guess
preselected, sample values shown) and offers to save the answer in the config under the file's header
signature: next month's export with the same columns imports without a question. Off a terminal, with
CI set or with --yes it never asks: it exits 65 naming the missing fields and the --map flags to add.

Each file is one transaction: it lands whole or not at all. Strict by default: a file with bad rows
exits 65 listing up to 20 problems (file:line, column, value, what was expected).

Exports of Salesforce (Data Export and Data Loader), HubSpot, Zendesk, Freshdesk, Jira and WukongCRM are
recognised from their headers (or named with --preset), and so is the kind.

Examples:
  $ csops import accounts accounts.csv
  $ csops import Account.csv Case.csv zendesk-tickets.csv      kinds and tools detected
  $ csops import contracts contracts.csv --map "Subscription Value=arr"
  $ csops import usage usage-2026-10.csv usage-2026-11.csv
  $ csops import tickets tickets.csv --skip-invalid --rejects bad-tickets.csv
  $ csops import surveys nps.csv --dry-run --format json`,
    )
    .action(async (args: string[], _options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      // "csops import accounts a.csv" names the kind; "csops import a.csv b.csv" leaves it to the headers.
      const [first = '', ...rest] = args;
      // A first word that is no file and has no extension was meant as a kind (typos get "unknown kind").
      const namesKind = !fs.existsSync(first) && (isKind(first) || (rest.length > 0 && !/[./\\]/.test(first)));
      const kind = namesKind ? first : undefined;
      const files = namesKind ? rest : args;
      const options = command.opts() as { yes?: boolean; preset?: string; map: string[]; dryRun?: boolean; skipInvalid?: boolean; rejects?: string; force?: boolean; encoding?: string; delimiter?: string; dateFormat?: string };
      const bar = !runtime.flags.quiet && io.stderr.isTTY ? progressBar(io.stderr) : undefined;
      const { runImport } = await import('../commands/import.js');
      const summary = await runImport(runtime.context, {
        kind,
        preset: options.preset,
        files,
        map: options.map,
        dryRun: Boolean(options.dryRun),
        skipInvalid: Boolean(options.skipInvalid),
        rejects: options.rejects,
        force: Boolean(options.force),
        encoding: options.encoding,
        delimiter: options.delimiter,
        dateFormat: options.dateFormat,
        ask: canPrompt(io, options.yes) ? mappingQuestions(io) : undefined,
        onProgress: bar?.update,
        onFileDone: (result) => {
          bar?.clear();
          reportFileNotes(runtime, result);
          // With several files, say each one as it lands: a later file's failure must not hide it.
          if (files.length > 1) runtime.info(describeLanded(result));
        },
      }).finally(() => bar?.clear());
      printImportSummary(runtime, summary);
    });
}

export function reportFileNotes(runtime: CliRuntime, result: FileImportResult): void {
  if (result.ignored_columns.length > 0) {
    runtime.info(`${result.file}: ignored column${result.ignored_columns.length > 1 ? 's' : ''} ${result.ignored_columns.map((c) => `"${c}"`).join(', ')} (no matching field; map one with --map "Header=field")`);
  }
  for (const note of result.notes) runtime.warn(`${result.file}: ${note}`);
  if (result.rejects_file) runtime.warn(`${result.file}: ${result.rejected} rejected rows written to ${result.rejects_file}`);
  else if (result.rejected > 0 && result.status !== 'dry-run') runtime.warn(`${result.file}: ${result.rejected} rows rejected`);
}

function describeLanded(result: FileImportResult): string {
  if (result.status === 'skipped') return `${result.file}: skipped (identical file already imported)`;
  const verb = result.status === 'dry-run' ? 'checked' : 'imported';
  return `${result.file}: ${verb} ${result.rows} row${result.rows === 1 ? '' : 's'} (${result.inserted} inserted, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected)`;
}

const summaryColumns: Column<FileImportResult>[] = [
  { key: 'file', title: 'file', value: (r) => r.file },
  { key: 'kind', title: 'kind', value: (r) => r.kind },
  { key: 'status', title: 'status', value: (r) => r.status },
  { key: 'rows', title: 'rows', value: (r) => r.rows, align: 'right' },
  { key: 'inserted', title: 'inserted', value: (r) => r.inserted, align: 'right' },
  { key: 'updated', title: 'updated', value: (r) => r.updated, align: 'right' },
  { key: 'unchanged', title: 'unchanged', value: (r) => r.unchanged, align: 'right' },
  { key: 'rejected', title: 'rejected', value: (r) => r.rejected, align: 'right' },
];

export function printImportSummary(runtime: CliRuntime, summary: ImportSummary): void {
  const format = runtime.context.format;
  runtime.out(renderRows(summary.files, summaryColumns, { format, tty: runtime.stdoutIsTty }, summary));
  if (format === 'table' && summary.dry_run) runtime.info('dry run: nothing was written');
  if (format === 'table' && summary.files.some((f) => f.kind === 'usage')) runtime.info('usage counts are account-days (one stored row per account and day)');
}
