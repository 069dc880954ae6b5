import { Argument, Option, type Command } from 'commander';
import fs from 'node:fs';
import { KINDS, isKind } from '../import/kinds.js';
import { PRESET_NAMES } from '../import/presets.js';
import { ENCODING_NAMES } from '../import/encoding-names.js';
import { resolveRuntime, type Io } from './runtime.js';
import { completeWith } from './completion-values.js';
import { progressBar } from './progress.js';
import { canPrompt } from './prompt.js';
import { mappingQuestions } from './mapping-prompt.js';
import { wideOption } from './options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/** What --date-format offers (the parser also takes aliases such as dmy); --encoding offers ENCODING_NAMES. */
const DATE_FORMATS = ['DD/MM/YYYY', 'MM/DD/YYYY'] as const;

export function registerImport(program: Command, io: Io): void {
  program
    .command('import')
    .description('load CSV and .xlsx exports into the database; re-importing the same rows changes nothing')
    .addOption(wideOption())
    .usage('[options] [kind] <file...>')
    .addArgument(completeWith(new Argument('<kind-and-files...>', `optionally what the files hold (${KINDS.join(', ')}; default: read from each file's header), then the CSV exports`), { words: KINDS, files: true, then: { files: true } }))
    .addOption(completeWith(new Option('--preset <tool>', `the tool the files come from, when detection is wrong: ${PRESET_NAMES.join(', ')}`), { words: PRESET_NAMES }))
    .option('--map <Header=field>', 'map a column of the file to a csops field (repeatable); "Header=" ignores the column', collect, [])
    .option('--dry-run', 'check and count everything, write nothing')
    .option('--skip-invalid', 'import the valid rows and set the invalid ones aside (default: reject the whole file)')
    .addOption(completeWith(new Option('--rejects <file>', 'with --skip-invalid: where to write rejected rows, after their line and reason (default: <input>.rejects.csv)'), { files: true }))
    .option('--force', 'import a file even if an identical one was imported before')
    .option('--complete', 'contacts: the file lists every current contact, so a stored contact it leaves out has left (on the as-of day)')
    .option('-y, --yes', 'never ask (as off a terminal or with CI set): a file missing a column fails, naming the --map flags to add')
    .addOption(completeWith(new Option('--encoding <name>', `text encoding when detection is wrong: ${ENCODING_NAMES.join(', ')}`), { words: ENCODING_NAMES }))
    .option('--delimiter <char>', 'field separator when detection is wrong: , ; | or tab')
    .option('--sheet <name>', 'the worksheet of an .xlsx workbook to read (default: the first)')
    .addOption(completeWith(new Option('--date-format <order>', `day-month order of dates like 03/04/2026 when the file cannot settle it: ${DATE_FORMATS.join(' or ')}`), { words: DATE_FORMATS }))
    .addHelpText(
      'after',
      `
Kinds and their columns (* required; headers match case-, space- and punctuation-insensitively,
and English and Chinese aliases are known):
  accounts   account_id*, name*, industry, region, country, employees, owner, plan, channel,
             acquisition_cost, currency, customer_since, tier_override, custom_dev_amount, referrals,
             parent_account_id, domain
  contracts  contract_id, account_id*, start_date*, end_date, arr* (or mrr, or amount over term_months
             or over start to end, or unit_amount × seats per billing_interval), setup_fee, currency,
             status, plan, seats, auto_renew, type, cancelled_on; deal exports: deal_stage, is_won, is_closed
  usage      wide: account_id* (or subscription_id, or user_id as an e-mail), date*, one column per metric
             long: the same with metric + value
             events: event*, timestamp*, user_id, account_id or subscription_id (rolled up per day)
  tickets    ticket_id*, account_id (or organization, requester_email, requester_domain), created_at*,
             first_response_at, resolved_at, status, priority, type, subject, tags, assignee, channel,
             csat, first_response_minutes, resolution_minutes (or …_hours)
  surveys    response_id, account_id*, responded_at*, kind (nps|csat), score*, comment, respondent,
             followed_up_at
  contacts   contact_id (or name), account_id (or organization, or email), name (or first_name +
             last_name), email, title, phone, role, is_primary, is_decision_maker, status (active|left),
             left_at, last_activity_at, created_at
  contact_roles  role_id, contact_id*, opportunity_id, role*, is_primary (Salesforce OpportunityContactRole)
  touchpoints    touchpoint_id, account_id (or related_id, or contact_id), date*, type (call|meeting|
             visit|email|qbr|other), subject, owner, status (tasks not done are set aside)

Contacts: a later export that marks a contact as left (a status such as Inactive, Left company, 离职,
or a left_at date) records the departure on its left_at, else on the import's day (--as-of, default
today); the history is kept, so --as-of replays who was there. A contact missing from a later export
has not left, unless the file is declared complete with --complete.

When a required column cannot be found, csops asks on a terminal which column holds it (best guess
preselected, sample values shown), and which columns hold the optional fields the file seems to have
(end_date, currency, seats …), and offers to save the answers in the config under the file's header
signature: next month's export with the same columns imports without a question. Off a terminal, with
CI set or with --yes it never asks: it exits 65 naming the missing fields and the --map flags to add,
and an unread column that looks like dates, money or a currency code gets a warning with its --map.

Deal exports (Salesforce opportunities, HubSpot and Zoho deals, any file with a deal stage) become
contracts for won deals only: lost deals are skipped and open ones counted as pipeline, with counts in
the warnings; a won deal's contract starts at its close date and, without an end or term column, runs
12 months (said in a warning). Money without a currency column is in the currency of the account's
contracts when they share one, else the config's, and the import says which.

Each file is one transaction: it lands whole or not at all. Strict by default: a file with bad rows
exits 65 listing the first 20 problems (file:line, column, value, what was expected) and how many rows
fail in each column.

Excel workbooks (.xlsx) are read like CSV: the first sheet (or --sheet NAME), date cells as dates,
number cells as numbers, formulas as their saved results. Old .xls files are refused: save them as
.xlsx or CSV.

Exports of Salesforce (Data Export and Data Loader), HubSpot, Zendesk, Freshdesk, Jira, WukongCRM, Zoho
CRM, ServiceNow and Stripe (subscriptions as contracts, customers as accounts; invoices are refused) are
recognised from their headers (or named with --preset), and so is the kind.

Examples:
  $ csops import accounts accounts.csv
  $ csops import Account.csv Case.csv zendesk-tickets.csv      kinds and tools detected
  $ csops import contracts contracts.csv --map "Subscription Value=arr" --map "Notes="
  $ csops import usage usage-2026-10.csv usage-2026-11.csv
  $ csops import tickets helpdesk-export.xlsx --sheet Tickets
  $ csops import tickets tickets.csv --skip-invalid --rejects bad-tickets.csv
  $ csops import surveys nps.csv --dry-run --format json
  $ csops import Contact.csv OpportunityContactRole.csv Task.csv  Salesforce people and activities
  $ csops --as-of 2026-10-02 import contacts contacts.csv --complete`,
    )
    .action(async (args: string[], _options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      // "csops import accounts a.csv" names the kind; "csops import a.csv b.csv" leaves it to the headers.
      const [first = '', ...rest] = args;
      // A first word that is no file and has no extension was meant as a kind (typos get "unknown kind").
      const namesKind = !fs.existsSync(first) && (isKind(first) || (rest.length > 0 && !/[./\\]/.test(first)));
      const kind = namesKind ? first : undefined;
      const files = namesKind ? rest : args;
      const options = command.opts() as { yes?: boolean; preset?: string; map: string[]; dryRun?: boolean; skipInvalid?: boolean; rejects?: string; force?: boolean; complete?: boolean; encoding?: string; delimiter?: string; sheet?: string; dateFormat?: string };
      const bar = !runtime.flags.quiet && io.stderr.isTTY ? progressBar(io.stderr, undefined, runtime.messages) : undefined;
      const { runImport } = await import('../commands/import.js');
      const { describeLanded, printImportSummary, reportFileNotes } = await import('./import-output.js');
      const summary = await runImport(runtime.context, {
        kind,
        preset: options.preset,
        files,
        map: options.map,
        dryRun: Boolean(options.dryRun),
        skipInvalid: Boolean(options.skipInvalid),
        rejects: options.rejects,
        force: Boolean(options.force),
        complete: Boolean(options.complete),
        encoding: options.encoding,
        delimiter: options.delimiter,
        sheet: options.sheet,
        dateFormat: options.dateFormat,
        ask: canPrompt(io, options.yes) ? mappingQuestions(io, runtime.messages) : undefined,
        onProgress: bar?.update,
        onFileDone: (result) => {
          bar?.clear();
          reportFileNotes(runtime, result);
          // With several files, say each one as it lands: a later file's failure must not hide it.
          if (files.length > 1) runtime.info(describeLanded(result, runtime));
        },
      }).finally(() => bar?.clear());
      printImportSummary(runtime, summary);
    });
}
