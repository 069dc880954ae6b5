import type { Command } from 'commander';
import { Argument } from 'commander';
import { Option } from 'commander';
import { completeWith } from './completion-values.js';
import { resolveRuntime, type Io } from './runtime.js';
import { wideOption } from './options.js';

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .description('ticket and SLA report of a week or a month, for the Monday mail: volumes, SLA attainment, breaches and escalations, top accounts, recurring subjects, bugs and feature requests')
    .addOption(wideOption())
    .addArgument(new Argument('<period>', 'weekly or monthly').choices(['weekly', 'monthly']))
    .option('--week <week>', 'the ISO week, e.g. 2026-W47 (default: the last complete week in the configured time zone)')
    .option('--month <month>', 'the month, e.g. 2026-11 (default: the last complete month)')
    .addOption(completeWith(new Option('--out <path>', 'write the report to this file instead of stdout, e.g. reports/{week}.md; placeholders {week} {month} {period} {from} {to} {as_of}; folders are created, the file is replaced atomically'), { files: true }))
    .addHelpText(
      'after',
      `
Formats: --format md (pastes into chat and mail), html (one self-contained file with charts, for mail
and print), table (the terminal), json (everything), csv and ndjson (the period's tickets with their SLA
fields). SLA targets, business hours, holidays (sla.holidays or an
.ics file in sla.holidays_ics) and escalation levels come from the config's "sla" section; times are
business hours unless sla.clock is "calendar". Weeks and months are those of the configured time zone.

Examples:
  $ csops report weekly --format md
  $ csops report weekly --week 2026-W47 --format md --out reports/{week}.md
  $ csops report weekly --format html --out reports/{week}.html
  $ csops report monthly --month 2026-10 --format json
  $ csops report weekly --format csv > tickets-this-week.csv`,
    )
    .action(async (kind: 'weekly' | 'monthly', _options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { week?: string; month?: string; out?: string };
      const { runReportOn } = await import('../commands/report.js');
      const { reportNoteLines, reportPlaceholders, writeReport } = await import('./report-output.js');
      const { writeDocument } = await import('./out-file.js');
      const { printStaleness } = await import('./freshness-output.js');
      const result = await runReportOn(runtime.context, { kind, week: options.week, month: options.month });
      printStaleness(runtime, result.data_through, result.as_of);
      for (const note of reportNoteLines(runtime, result)) runtime.info(note);
      const format = runtime.context.format;
      // Written to the file a symbolic link points to; a FIFO, device or folder is refused (exit 73).
      writeDocument(runtime, options.out, reportPlaceholders(result), (write, tty) => writeReport(result, format, tty, write, runtime));
    });
}
