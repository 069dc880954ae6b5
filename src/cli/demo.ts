import path from 'node:path';
import type { Command } from 'commander';
import { resolveRuntime, type Io } from './runtime.js';

export function registerDemo(program: Command, io: Io): void {
  program
    .command('demo')
    .description('import the bundled sample company into a folder of its own and show what csops makes of it; the folder keeps the database and config for you to try commands in')
    .option('--keep', 'accepted for older scripts: the folder always keeps its database now')
    .addHelpText(
      'after',
      `
The sample company (sample-data/) has about 300 accounts, two years of contracts, a year of daily
usage, 3,000 tickets and NPS/CSAT responses. The demo runs as of ${'2026-11-20'} so it always shows the same:
what it imported, the tier summary, the accounts at risk, renewals, the open alert queue, last quarter's retention, last
week's ticket report, and how well the health score foretold the last year's churn (backtest and a
learned churn model). It writes a customer's value statement and the renewal forecast page as HTML
into its folder and says where.

The folder it prints holds the database (csops.db) and the sample config (csops.config.json), so
commands run there work as they would in a team's own folder; it ends with a few to try, as printed.

Examples:
  $ csops demo
  $ csops demo --format json | jq .folder`,
    )
    .action(async (_options: unknown, command: Command) => {
      const runtime = await resolveRuntime(command, io);
      const { runDemo } = await import('../commands/demo.js');
      const [{ printImportSummary }, { printRisk }, { printTier }, { printRenewals }, { printRetention }, { printReportHeadline }, { printBacktestSummary }, { printFitSummary }] = await Promise.all([
        import('./import-output.js'),
        import('./risk-output.js'),
        import('./tier-output.js'),
        import('./renewals-output.js'),
        import('./metrics-output.js'),
        import('./report-output.js'),
        import('./backtest-output.js'),
        import('./churn-model-output.js'),
      ]);
      const { printAlertsList } = await import('./alerts-output.js');
      const keep = Boolean((command.opts() as { keep?: boolean }).keep);
      const result = await runDemo(runtime.context, { keep, onStep: (step) => runtime.info(step) });
      if (runtime.context.format === 'json') {
        const { documentJson } = await import('../render/contract.js');
        runtime.out(documentJson('demo', result));
        return;
      }
      const { t } = runtime.messages;
      // Titles are for people: on stdout only in table form, so csv, ndjson and md stay pure data.
      const title = t('demo.title', { name: runtime.color.bold('csops demo'), as_of: runtime.messages.proseDate(result.as_of), zone: result.time_zone });
      if (runtime.context.format === 'table') runtime.out(`${title}\n\n${t('demo.imported')}\n`);
      else runtime.info(title);
      printImportSummary(runtime, result.imported);
      if (runtime.context.format === 'table') {
        // The notes that say how a file was read (chosen by their English, shown in the language in force).
        const { noteText } = await import('./import-output.js');
        const colon = runtime.messages.language === 'zh-CN' ? '：' : ': ';
        const recognised = result.imported.files.flatMap((file) => file.notes.filter((note) => note.startsWith('read as')).map((note) => `  ${file.file.replace('sample-data/exports/', '')}${colon}${noteText(runtime, file, note)}`));
        if (recognised.length > 0) runtime.out(`\n${t('demo.recognised')}\n${recognised.join('\n')}\n`);
      }
      if (runtime.context.format === 'table' || runtime.context.format === 'md') {
        const heading = (text: string) => runtime.out(runtime.context.format === 'md' ? `\n### ${text}\n\n` : `\n${runtime.color.bold(text)}\n`);
        heading(t('demo.heading.tiers', { command: 'csops tier --summary' }));
        printTier(runtime, result.tiers);
        heading(t('demo.heading.risk', { command: 'csops risk --band at_risk,critical' }));
        printRisk(runtime, result.risk, false);
        runtime.out(`\n${t('demo.explained', { command: `csops risk --explain ${explained(result)}` })}\n`);
        heading(t('demo.heading.renewals', { command: 'csops renewals' }));
        const urgent = result.renewals.renewals.filter((row) => row.window === 'lapsed' || row.window.startsWith('0–'));
        printRenewals(runtime, { ...result.renewals, renewals: urgent });
        heading(t('demo.heading.alerts', { command: `csops alerts sync${t('report.list_separator')}csops alerts` }));
        printAlertsList(runtime, { ...result.alerts, alerts: result.alerts.alerts.slice(0, 12) });
        heading(t('demo.heading.retention', { command: 'csops metrics retention' }));
        printRetention(runtime, result.retention);
        heading(t('demo.heading.report', { command: 'csops report weekly' }));
        printReportHeadline(runtime, result.report);
        heading(t('demo.heading.backtest', { command: `csops risk backtest${t('report.list_separator')}csops churn-model fit` }));
        printBacktestSummary(runtime, result.backtest);
        printFitSummary(runtime, result.churn_model);
      }
      if (runtime.context.format === 'table' || runtime.context.format === 'md') {
        runtime.out(
          `\n${t('demo.pages', { folder: result.folder, value_file: path.basename(result.pages.value_statement), account: path.basename(result.pages.value_statement, '.html').replace('value-', ''), value_command: 'csops value', renewals_file: path.basename(result.pages.renewals), renewals_command: 'csops renewals --format html' })}\n`,
        );
      } else runtime.info(t('demo.pages_written', { value: result.pages.value_statement, renewals: result.pages.renewals }));
      if (runtime.context.format === 'table' || runtime.context.format === 'md') {
        const tryThese = [
          `account ACC-0023`,
          `risk --explain ${explained(result)}`,
          `renewals --within 120d`,
          `report weekly --format md`,
          `value ACC-0003 --format md`,
        ];
        runtime.out(
          `\n${t('demo.try', { as_of: runtime.messages.proseDate(result.as_of) })}\n  cd ${result.folder}\n${tryThese.map((command) => `  csops --as-of ${result.as_of} ${command}`).join('\n')}\n`,
        );
      } else runtime.info(t('demo.folder', { folder: result.folder, command: `csops --as-of ${result.as_of}` }));
    });
}

/** The account the demo's "every point explained" line names: the first at-risk sample account. */
function explained(result: { risk: { accounts: Array<{ account_id: string }> } }): string {
  return result.risk.accounts.find((row) => row.account_id.startsWith('ACC-'))?.account_id ?? 'ACC-0007';
}
