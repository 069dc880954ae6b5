import path from 'node:path';
import type { Command } from 'commander';
import { resolveRuntime, type Io } from './runtime.js';

export function registerDemo(program: Command, io: Io): void {
  program
    .command('demo')
    .description('import the bundled sample company into a throw-away database and show what csops makes of it')
    .option('--keep', 'keep the demo database and print its path (to try other commands on it with --db)')
    .addHelpText(
      'after',
      `
The sample company (sample-data/) has about 300 accounts, two years of contracts, a year of daily
usage, 3,000 tickets and NPS/CSAT responses. The demo runs as of ${'2026-11-20'} so it always shows the same:
what it imported, the tier summary, the accounts at risk, renewals, the open alert queue, last quarter's retention, last
week's ticket report, and how well the health score foretold the last year's churn (backtest and a
learned churn model). It writes a customer's value statement and the renewal forecast page as HTML
into its folder and says where.

Examples:
  $ csops demo
  $ csops demo --keep            then: csops --db <printed path> import …`,
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
        runtime.out(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      // Titles are for people: on stdout only in table form, so csv, ndjson and md stay pure data.
      const title = `${runtime.color.bold('csops demo')}: the sample company, as of ${result.as_of} (${result.time_zone})`;
      if (runtime.context.format === 'table') runtime.out(`${title}\n\nImported:\n`);
      else runtime.info(title);
      printImportSummary(runtime, result.imported);
      if (runtime.context.format === 'table') {
        const recognised = result.imported.files.flatMap((file) => file.notes.filter((note) => note.startsWith('read as')).map((note) => `  ${file.file.replace('sample-data/exports/', '')}: ${note}`));
        if (recognised.length > 0) runtime.out(`\nRecognised without being told:\n${recognised.join('\n')}\n`);
      }
      if (runtime.context.format === 'table' || runtime.context.format === 'md') {
        const heading = (text: string) => runtime.out(runtime.context.format === 'md' ? `\n### ${text}\n\n` : `\n${runtime.color.bold(text)}\n`);
        heading('Tiers (csops tier --summary)');
        printTier(runtime, result.tiers);
        heading('At risk (csops risk --band at-risk,critical)');
        printRisk(runtime, result.risk, false);
        runtime.out(`\nEvery point explained: csops risk --explain ${result.risk.accounts.find((row) => row.account_id.startsWith('ACC-'))?.account_id ?? 'ACC-0007'}\n`);
        heading('Renewals: lapsed and the next 30 days (csops renewals)');
        const urgent = result.renewals.renewals.filter((row) => row.window === 'lapsed' || row.window.startsWith('0–'));
        printRenewals(runtime, { ...result.renewals, renewals: urgent });
        heading('Alert queue: the worst and oldest open work orders (csops alerts sync, csops alerts)');
        printAlertsList(runtime, { ...result.alerts, alerts: result.alerts.alerts.slice(0, 12) });
        heading('Retention (csops metrics retention)');
        printRetention(runtime, result.retention);
        heading('Support last week (csops report weekly)');
        printReportHeadline(runtime, result.report);
        heading('Does the score foretell churn? (csops risk backtest, csops churn-model fit)');
        printBacktestSummary(runtime, result.backtest);
        printFitSummary(runtime, result.churn_model);
        runtime.out(`\nOne customer on one screen: csops account ACC-0023\n`);
      }
      if (runtime.context.format === 'table' || runtime.context.format === 'md') {
        runtime.out(`\nFor the customer and the VP, written to ${result.folder}:\n  ${path.basename(result.pages.value_statement)}  the value statement of ${path.basename(result.pages.value_statement, '.html').replace('value-', '')} (csops value)\n  ${path.basename(result.pages.renewals)}  the renewal forecast page (csops renewals --format html)\n`);
      } else runtime.info(`pages written: ${result.pages.value_statement}, ${result.pages.renewals}`);
      if (result.kept) runtime.out(`\nDatabase kept at ${result.database}; try: csops --db ${result.database} --as-of ${result.as_of} …\n`);
    });
}
