import type { Command } from 'commander';
import { Option } from 'commander';
import { completeWith } from './completion-values.js';
import { resolveRuntime, type Io } from './runtime.js';

export function registerValue(program: Command, io: Io): void {
  program
    .command('value')
    .description('the value statement to show a customer before the renewal: adoption, support and the value delivered against what they paid, in their words (no internal view)')
    .argument('<account>', 'account id or name')
    .addOption(completeWith(new Option('--period <period>', 'contract (the contract year running on the as-of day), 12m (the 12 months to the as-of day), a year (2026) or a quarter (2026-Q3)').default('contract'), { words: ['contract', '12m'] }))
    .addOption(completeWith(new Option('--out <path>', 'write the statement to this file instead of stdout, e.g. value/{account}-{period}.html; placeholders {account} {period} {from} {to} {as_of}; folders are created, the file is replaced atomically'), { files: true }))
    .addHelpText(
      'after',
      `
Formats: --format md (mail and chat; also what the terminal shows), html (one self-contained page
with charts, A4-printable, for mail), json (every figure and how it was computed). The statement is
written for the customer: usage, seats, modules, tickets and response times, and the value delivered
from the config's value.drivers priced per unit (minutes saved × value.hourly_cost, or an amount),
against the contract ARR pro rata. It names your company from company_name, and never shows health
scores, risk reasons, owner notes or other accounts. What is missing is said, never shown as zero.

Examples:
  $ csops value ACC-0001 --format md
  $ csops value "Northstar Care" --period 12m --format html --out value/{account}-{period}.html
  $ csops value ACC-0003 --period 2026-Q3 --format json
  $ csops value ACC-0003 --period 2025 --as-of 2025-12-31 --format html --out statement.html`,
    )
    .action(async (account: string, _options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const options = command.opts() as { period: string; out?: string };
      const { runValue } = await import('../commands/value.js');
      const { checkValueFormat, printValueNotes, valuePlaceholders, writeValue } = await import('./value-output.js');
      const { writeDocument } = await import('./out-file.js');
      const format = checkValueFormat(runtime.context.format);
      const result = await runValue(runtime.context, { account, period: options.period });
      printValueNotes(runtime, result);
      writeDocument(runtime, options.out, valuePlaceholders(result.statement), (write) => writeValue(result.statement, format, write, runtime.messages));
    });
}
