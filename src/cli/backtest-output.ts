import type { BacktestResult, BandRow, CaseRow, FactorComparison } from '../commands/backtest.js';
import { aucWords } from '../core/classification.js';
import { FACTOR_LABELS, type FactorName } from '../core/health.js';
import { renderRows, type Column } from '../render/output.js';
import { number, percent, whole } from '../render/figures.js';
import { bandLabel } from './options.js';
import { printDataForms, printDefinitions } from './metrics-output.js';
import type { CliRuntime } from './runtime.js';

export function printBacktest(runtime: CliRuntime, result: BacktestResult): void {
  if (printDataForms(runtime, 'risk_backtest', result, result.cases, CASE_COLUMNS)) return;
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const md = format === 'md';
  runtime.out(`${md ? '## ' : ''}Backtest of the health score as of ${result.as_of}: contracts ending ${result.from} … ${result.to}, scored ${result.horizon_days} days before their end\n\n`);
  const summary: Array<[string, string]> = [
    ['outcomes', `${whole.format(result.outcomes)} (${whole.format(result.churned)} churned, ${whole.format(result.renewed)} renewed)`],
    ['churn base rate', percent(result.base_rate)],
    ['ROC AUC of the score', aucWords(intervalOf(result))],
    ['"at risk or worse" flagged', `${whole.format(result.at_risk_flag.flagged)}: precision ${percent(result.at_risk_flag.precision)}, recall ${percent(result.at_risk_flag.recall)}`],
    ['worst 10% by score', `${whole.format(result.worst_decile.accounts)} accounts, churn ${percent(result.worst_decile.churn_rate)}, lift ${result.worst_decile.lift === null ? '—' : `×${number.format(result.worst_decile.lift)}`}`],
    ['bands in order', bandsInOrder(result)],
  ];
  if (result.unscored > 0) summary.push(['unscored', `${whole.format(result.unscored)} cases had no data for any factor (not in the AUC)`]);
  runtime.out(renderRows(summary, [{ key: 'figure', title: 'figure', value: (row) => row[0] }, { key: 'value', title: 'value', value: (row) => row[1], shrink: 30 }], { format, tty, fit: runtime.fit }));
  runtime.out(`\n${md ? '### ' : ''}Churn by band at the cut-off\n\n`);
  runtime.out(renderRows(result.bands.filter((row) => row.accounts > 0), BAND_COLUMNS, { format, tty, fit: runtime.fit }));
  runtime.out(`\n${md ? '### ' : ''}Points each factor gave (share of its weight), renewed against churned\n\n`);
  runtime.out(renderRows(result.factors, FACTOR_COLUMNS, { format, tty, fit: runtime.fit }));
  printDefinitions(runtime, result.definitions);
  const { outcome_not_known: notKnown, renewed_before_cutoff: early, not_a_customer_at_cutoff: notCustomer } = result.left_out;
  if (early > 0) runtime.info(`${whole.format(early)} contracts are left out: their renewal (early, or an upgrade) had started by the cut-off, so there was nothing to foretell`);
  if (notKnown > 0) runtime.info(`${whole.format(notKnown)} contracts ending in the window are left out: their outcome is not known yet (open or lapsed within the grace period)`);
  if (notCustomer > 0) runtime.info(`${whole.format(notCustomer)} contracts are left out: the account was not a customer yet on the cut-off day`);
}

/** The headline figures only, for csops demo. */
export function printBacktestSummary(runtime: CliRuntime, result: BacktestResult): void {
  const flag = result.at_risk_flag;
  runtime.out(
    `${whole.format(result.outcomes)} contracts ended ${result.from} … ${result.to} (${whole.format(result.churned)} churned, ${percent(result.base_rate)}). Scored ${result.horizon_days} days before their end,\n` +
      `the health score ranks churned below renewed with an AUC of ${aucWords(intervalOf(result))}; "at risk or worse" caught ${percent(flag.recall)} of the churns\n` +
      `(precision ${percent(flag.precision)}); the worst 10% churned ${result.worst_decile.lift === null ? '—' : `×${number.format(result.worst_decile.lift)}`} as often as all. Full report: csops risk backtest\n`,
  );
}

const intervalOf = (result: BacktestResult) => ({ auc: result.auc, ci_low: result.auc_ci_low, ci_high: result.auc_ci_high });

/** The bands-in-order verdict, saying which bands it was judged over. */
function bandsInOrder(result: BacktestResult): string {
  const names = (bands: readonly string[]) => bands.map((band) => bandLabel(band as BandRow['band'])).join(', ');
  const tooFew = result.bands_too_few.length > 0 ? `; left out, too few cases (under ${result.min_band_cases}): ${names(result.bands_too_few)}` : '';
  if (result.bands_judged.length < 2) return `not judged: fewer than two bands have ${result.min_band_cases} cases or more${tooFew}`;
  const over = `over the ${result.bands_judged.length} bands with ${result.min_band_cases}+ cases (${names(result.bands_judged)})`;
  return result.bands_in_order ? `yes ${over}: each churns more than the one above${tooFew}` : `no ${over}: a band churns less than the one above it (see below)${tooFew}`;
}

const BAND_COLUMNS: Column<BandRow>[] = [
  { key: 'band', title: 'band', value: (row) => bandLabel(row.band) },
  { key: 'accounts', title: 'accounts', value: (row) => row.accounts, align: 'right' },
  { key: 'churned', title: 'churned', value: (row) => row.churned, align: 'right' },
  { key: 'churn_rate', title: 'churn rate', value: (row) => (row.enough_cases ? percent(row.churn_rate) : `${percent(row.churn_rate)} (too few cases)`), align: 'right' },
];

const share = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const FACTOR_COLUMNS: Column<FactorComparison>[] = [
  { key: 'factor', title: 'factor', value: (row) => FACTOR_LABELS[row.factor as FactorName] ?? row.factor },
  { key: 'weight', title: 'weight', value: (row) => row.weight, align: 'right' },
  { key: 'renewed_share', title: 'renewed', value: (row) => share(row.renewed_share), align: 'right' },
  { key: 'churned_share', title: 'churned', value: (row) => share(row.churned_share), align: 'right' },
  { key: 'difference', title: 'difference', value: (row) => (row.difference === null ? '—' : `${row.difference >= 0 ? '+' : ''}${Math.round(row.difference * 100)} pts`), align: 'right' },
  { key: 'missing', title: 'no data', value: (row) => row.missing, align: 'right' },
];

const CASE_COLUMNS: Column<CaseRow>[] = [
  { key: 'contract_id', title: 'contract_id', value: (row) => row.contract_id },
  { key: 'account_id', title: 'account_id', value: (row) => row.account_id },
  { key: 'name', title: 'name', value: (row) => row.name },
  { key: 'tier', title: 'tier', value: (row) => row.tier },
  { key: 'end_date', title: 'end_date', value: (row) => row.end_date },
  { key: 'cutoff', title: 'cutoff', value: (row) => row.cutoff },
  { key: 'score', title: 'score', value: (row) => row.score },
  { key: 'band', title: 'band', value: (row) => row.band },
  { key: 'churned', title: 'churned', value: (row) => row.churned },
];
