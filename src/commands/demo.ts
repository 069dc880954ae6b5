import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { type CommandContext, loadConfigWithHolidays } from './context.js';
import { addToSummary, emptySummary, runImport, type ImportSummary } from './import.js';
import { runTier, type TierResult } from './tier.js';
import { runRisk, type RiskResult } from './risk.js';
import { runRenewals, type RenewalsResult } from './renewals.js';
import { runRetention, type RetentionResult } from './metrics.js';
import { runReport } from './report.js';
import type { ReportResult } from '../core/report-result.js';
import { backtestOf, caseWindow, historicalCases, type BacktestResult } from './backtest.js';
import { fitOf, type FitResult } from './churn-model.js';
import { openDatabase } from '../db/connection.js';
import { runAlertsList, runAlertsSync, type AlertsListResult } from './alerts.js';
import { runValue } from './value.js';
import { writeFileAtomically } from '../safe-files.js';
import { messagesFor } from '../i18n/messages.js';
import { valueHtml } from '../render/value-statement.js';
import { renewalsHtml } from '../render/portfolio-html.js';
import { notesIn } from '../i18n/notes.js';
import { SAID } from '../core/health/phrases.js';

/** The sample company's exports, shipped with csops; its data runs up to this day. */
export const SAMPLE_DATA_DIR = path.join(PACKAGE_ROOT, 'sample-data');
export const SAMPLE_AS_OF = '2026-11-20';
const DEMO_FILES = [
  ['accounts', 'accounts.csv'],
  ['contracts', 'contracts.csv'],
  ['usage', 'usage.csv'],
  ['tickets', 'tickets.csv'],
  ['surveys', 'surveys.csv'],
  ['contacts', 'contacts.csv'],
  ['touchpoints', 'touchpoints.csv'],
] as const;

/** The customer whose value statement the demo writes (priced with the sample config's value drivers). */
export const DEMO_VALUE_ACCOUNT = 'ACC-0003';

export interface DemoOptions {
  /** Accepted for scripts written before the folder kept its database (it always does now). */
  keep: boolean;
  onStep?: (message: string) => void;
}

export interface DemoResult {
  database: string;
  /** Always true: the folder keeps its database (kept for scripts that read it). */
  kept: boolean;
  as_of: string;
  time_zone: string;
  imported: ImportSummary;
  /** `csops tier --summary` on the sample company. */
  tiers: TierResult;
  /** `csops risk --band at-risk,critical --limit 12`. */
  risk: RiskResult;
  /** `csops renewals` (the next 90 days and lapsed contracts). */
  renewals: RenewalsResult;
  /** `csops metrics retention` for the last complete quarter. */
  retention: RetentionResult;
  /** `csops report weekly` for the last complete week. */
  report: ReportResult;
  /** `csops risk backtest`: the last twelve months' renewals and churns against the score 90 days before. */
  backtest: BacktestResult;
  /** `csops churn-model fit` on the same cases. */
  churn_model: FitResult;
  /** `csops alerts sync` then `csops alerts`: the open queue. */
  alerts: AlertsListResult;
  /** The folder the demo worked in: it keeps the database (csops.db), the sample config and the pages below. */
  folder: string;
  /** `csops value ACC-0003 --format html` and `csops renewals --format html`, written into the folder. */
  pages: { value_statement: string; renewals: string };
}

/** Imports the sample company into a throw-away database and returns what the main commands show. */
export async function runDemo(context: CommandContext, options: DemoOptions): Promise<DemoResult> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'csops-demo-'));
  // The folder is a workspace a newcomer can cd into: csops.db and csops.config.json are what csops
  // looks for there, so the follow-up commands the demo prints work as printed.
  const database = path.join(directory, 'csops.db');
  fs.copyFileSync(path.join(SAMPLE_DATA_DIR, 'csops.config.json'), path.join(directory, 'csops.config.json'));
  const { config, source } = loadConfigWithHolidays({ cwd: SAMPLE_DATA_DIR, explicitPath: path.join(SAMPLE_DATA_DIR, 'csops.config.json'), env: {} });
  // The sample config names no language: the steps run in the one in force (context.language, kept here).
  const demoContext: CommandContext = { ...context, config, configSource: source, dbPath: database, asOf: SAMPLE_AS_OF };
  const { t } = messagesFor(context.language ?? 'en');
  try {
    const imported = emptySummary(false);
    for (const [kind, file] of DEMO_FILES) {
      options.onStep?.(t('demo.step.importing', { path: `sample-data/${file}` }));
      const summary = await runImport(demoContext, {
        kind, files: [path.join(SAMPLE_DATA_DIR, file)], map: [], dryRun: false, skipInvalid: false, force: false,
      });
      for (const result of summary.files) addToSummary(imported, { ...result, file: `sample-data/${file}` });
    }
    // The same company as its tools export it: kinds, tools and encodings are recognised.
    options.onStep?.(t('demo.step.exports', { path: 'sample-data/exports/', tools: ['Salesforce', 'Zendesk', 'Mixpanel'].join(t('report.list_separator')), last: 'WukongCRM' }));
    const exportsDir = path.join(SAMPLE_DATA_DIR, 'exports');
    const exportFiles = fs.readdirSync(exportsDir).filter((name) => name.endsWith('.csv')).sort().map((name) => path.join(exportsDir, name));
    const recognised = await runImport(demoContext, { files: exportFiles, map: [], dryRun: false, skipInvalid: false, force: false });
    for (const result of recognised.files) addToSummary(imported, { ...result, file: `sample-data/exports/${path.basename(result.file)}` });
    options.onStep?.(t('demo.step.scoring'));
    const tiers = runTier(demoContext, { summary: true, save: false, changes: false });
    const risk = await runRisk(demoContext, { bands: ['critical', 'at_risk'], limit: 12, save: false });
    options.onStep?.(t('demo.step.renewals'));
    const renewals = await runRenewals(demoContext, { within: 90 });
    const retention = runRetention(demoContext, {});
    options.onStep?.(t('demo.step.report'));
    const report = runReport(demoContext, { kind: 'weekly' });
    options.onStep?.(t('demo.step.alerts'));
    await runAlertsSync(demoContext);
    const alerts = await runAlertsList(demoContext, {});
    options.onStep?.(t('demo.step.backtest'));
    // One set of cases, scored at their cut-offs once, for both.
    const window = caseWindow(SAMPLE_AS_OF, { horizon: 90 }, config.renewals.grace_days);
    const db = openDatabase(database, { busyTimeoutMs: config.busy_timeout_ms, mustExist: true });
    let backtest: BacktestResult;
    let churnModel: FitResult;
    try {
      const historical = historicalCases(db, config, SAMPLE_AS_OF, window);
      backtest = backtestOf(SAMPLE_AS_OF, window, historical);
      churnModel = fitOf(demoContext, window, historical.cases, { horizon: 90, l2: 10, folds: 5, save: false });
    } finally {
      db.close();
    }
    options.onStep?.(t('demo.step.pages', { account: DEMO_VALUE_ACCOUNT }));
    const value = await runValue(demoContext, { account: DEMO_VALUE_ACCOUNT, period: 'contract' });
    const pages = { value_statement: path.join(directory, `value-${DEMO_VALUE_ACCOUNT}.html`), renewals: path.join(directory, 'renewals.html') };
    // The pages in the language in force, as the commands that make them write them.
    const pageMessages = messagesFor(context.language ?? 'en');
    writeFileAtomically(pages.value_statement, (write) => write(valueHtml(value.statement, pageMessages)));
    writeFileAtomically(pages.renewals, (write) => write(renewalsHtml(renewals, pageMessages, notesIn(pageMessages, renewals.notes, renewals[SAID]))));
    return { database, kept: true, as_of: SAMPLE_AS_OF, time_zone: config.time_zone, imported, tiers, risk, renewals, retention, report, backtest, churn_model: churnModel, alerts, folder: directory, pages };
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}
