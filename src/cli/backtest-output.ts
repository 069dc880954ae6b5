import type { BacktestResult, BandRow, CaseRow, FactorComparison } from '../commands/backtest.js';
import type { FactorName } from '../core/health.js';
import type { Messages } from '../i18n/messages.js';
import { aucIn, factorLabel } from './score-words.js';
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
  const messages = runtime.messages;
  const t = messages.t;
  runtime.out(`${md ? '## ' : ''}${t('backtest.heading', { asOf: result.as_of, from: result.from, to: result.to, horizon: result.horizon_days })}\n\n`);
  const lift = result.worst_decile.lift === null ? '—' : `×${number.format(result.worst_decile.lift)}`;
  const summary: Array<[string, string]> = [
    [t('backtest.outcomes'), t('backtest.outcomes_value', { outcomes: whole.format(result.outcomes), churned: whole.format(result.churned), renewed: whole.format(result.renewed) })],
    [t('backtest.base_rate'), percent(result.base_rate)],
    [t('backtest.auc'), aucIn(intervalOf(result), messages)],
    [t('backtest.flagged'), t('backtest.flagged_value', { flagged: whole.format(result.at_risk_flag.flagged), precision: percent(result.at_risk_flag.precision), recall: percent(result.at_risk_flag.recall) })],
    [t('backtest.worst_decile'), t('backtest.worst_decile_value', { accounts: whole.format(result.worst_decile.accounts), churn: percent(result.worst_decile.churn_rate), lift })],
    [t('backtest.bands_in_order'), bandsInOrder(result, messages)],
  ];
  if (result.unscored > 0) summary.push([t('backtest.unscored'), t('backtest.unscored_value', { count: whole.format(result.unscored) })]);
  runtime.out(renderRows(summary, [{ key: 'figure', title: t('backtest.col_figure'), value: (row) => row[0] }, { key: 'value', title: t('backtest.col_value'), value: (row) => row[1], shrink: 30 }], { format, tty, fit: runtime.fit }));
  runtime.out(`\n${md ? '### ' : ''}${t('backtest.by_band')}\n\n`);
  runtime.out(renderRows(result.bands.filter((row) => row.accounts > 0), bandColumns(messages), { format, tty, fit: runtime.fit }));
  runtime.out(`\n${md ? '### ' : ''}${t('backtest.by_factor')}\n\n`);
  runtime.out(renderRows(result.factors, factorColumns(messages), { format, tty, fit: runtime.fit }));
  printDefinitions(runtime, result.definitions);
  const { outcome_not_known: notKnown, renewed_before_cutoff: early, not_a_customer_at_cutoff: notCustomer } = result.left_out;
  if (early > 0) runtime.info(t('backtest.left_out_early', { count: whole.format(early) }));
  if (notKnown > 0) runtime.info(t('backtest.left_out_unknown', { count: whole.format(notKnown) }));
  if (notCustomer > 0) runtime.info(t('backtest.left_out_not_customer', { count: whole.format(notCustomer) }));
}


/** The headline figures only, for csops demo. */
export function printBacktestSummary(runtime: CliRuntime, result: BacktestResult): void {
  const flag = result.at_risk_flag;
  runtime.out(
    runtime.messages.t('demo.backtest_summary', {
      outcomes: whole.format(result.outcomes),
      from: result.from,
      to: result.to,
      churned: whole.format(result.churned),
      base: percent(result.base_rate),
      horizon: result.horizon_days,
      auc: aucIn(intervalOf(result), runtime.messages),
      recall: percent(flag.recall),
      precision: percent(flag.precision),
      lift: result.worst_decile.lift === null ? '—' : `×${number.format(result.worst_decile.lift)}`,
    }),
  );
}

const intervalOf = (result: BacktestResult) => ({ auc: result.auc, ci_low: result.auc_ci_low, ci_high: result.auc_ci_high });

/** The bands-in-order verdict, saying which bands it was judged over. */
function bandsInOrder(result: BacktestResult, messages: Messages): string {
  const t = messages.t;
  const names = (bands: readonly string[]) => bands.map((band) => bandLabel(band as BandRow['band'], messages)).join(t('html.list_sep'));
  const tooFew = result.bands_too_few.length > 0 ? t('backtest.too_few', { min: result.min_band_cases, bands: names(result.bands_too_few) }) : '';
  if (result.bands_judged.length < 2) return t('backtest.not_judged', { min: result.min_band_cases, tooFew });
  return t(result.bands_in_order ? 'backtest.in_order' : 'backtest.not_in_order', { count: result.bands_judged.length, min: result.min_band_cases, bands: names(result.bands_judged), tooFew });
}

const bandColumns = (messages: Messages): Column<BandRow>[] => [
  { key: 'band', title: messages.t('col.band'), value: (row) => bandLabel(row.band, messages) },
  { key: 'accounts', title: messages.t('col.accounts'), value: (row) => row.accounts, align: 'right' },
  { key: 'churned', title: messages.t('col.churned'), value: (row) => row.churned, align: 'right' },
  { key: 'churn_rate', title: messages.t('backtest.col_churn_rate'), value: (row) => (row.enough_cases ? percent(row.churn_rate) : messages.t('backtest.too_few_cases', { rate: percent(row.churn_rate) })), align: 'right' },
];

const share = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const factorColumns = (messages: Messages): Column<FactorComparison>[] => [
  { key: 'factor', title: messages.t('col.factor'), value: (row) => (row.factor in FACTOR_NAMES ? factorLabel(row.factor as FactorName, messages) : row.factor) },
  { key: 'weight', title: messages.t('col.weight'), value: (row) => row.weight, align: 'right' },
  { key: 'renewed_share', title: messages.t('backtest.col_renewed'), value: (row) => share(row.renewed_share), align: 'right' },
  { key: 'churned_share', title: messages.t('col.churned'), value: (row) => share(row.churned_share), align: 'right' },
  { key: 'difference', title: messages.t('backtest.col_difference'), value: (row) => (row.difference === null ? '—' : messages.t('backtest.points', { points: `${row.difference >= 0 ? '+' : ''}${Math.round(row.difference * 100)}` })), align: 'right' },
  { key: 'missing', title: messages.t('backtest.col_no_data'), value: (row) => row.missing, align: 'right' },
];

const FACTOR_NAMES: Record<FactorName, true> = { usage_recency: true, login_trend: true, licence_utilisation: true, key_modules: true, support: true, sentiment: true, renewal_proximity: true, relationship: true };

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
