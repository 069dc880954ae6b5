import type { FitResult } from '../commands/churn-model.js';
import type { FeatureEffect, FoldFigures } from '../core/churn-model.js';
import { aucWords, type CalibrationBin } from '../core/classification.js';
import { renderRows, type Column } from '../render/output.js';
import { percent, whole } from '../render/figures.js';
import { printDataForms, printDefinitions } from './metrics-output.js';
import type { CliRuntime } from './runtime.js';

const auc = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export function printFit(runtime: CliRuntime, result: FitResult): void {
  // In every format: a model stored although it does not beat the health score is said on stderr.
  const forced = result.notes.filter((note) => note.startsWith('saved with --force'));
  for (const note of forced) runtime.warn(note);
  if (printDataForms(runtime, 'churn_model_fit', result, result.effects, EFFECT_COLUMNS)) return;
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const md = format === 'md';
  const heading = (text: string) => runtime.out(`\n${md ? '### ' : ''}${text}\n\n`);
  runtime.out(
    `${md ? '## ' : ''}Churn model as of ${result.as_of}: ${whole.format(result.cases)} contracts ending ${result.from} … ${result.to} (${whole.format(result.churned)} churned), features ${result.horizon_days} days before the end\n\n`,
  );
  runtime.out(`0.5 is a coin toss; each interval is a 95% bootstrap interval.\nCross-validated AUC ${aucWords({ auc: result.cv_auc, ci_low: result.auc_ci_low, ci_high: result.auc_ci_high })}\n`);
  runtime.out(`Health score on the same folds ${aucWords({ auc: result.rule_auc, ci_low: result.rule_auc_ci_low, ci_high: result.rule_auc_ci_high })}\n`);
  runtime.out(`${gainWords(result)}.\n`);
  heading('Folds (each predicted by a model trained on the folds before it)');
  runtime.out(renderRows(result.folds, FOLD_COLUMNS, { format, tty, fit: runtime.fit }));
  const stable = result.effects.filter((effect) => effect.sign_stable);
  heading('What the model learned: effects whose direction every fold agrees on (ordered by strength; odds ratios per step, range over the folds)');
  if (stable.length > 0) runtime.out(renderRows(stable, EFFECT_COLUMNS.filter((column) => column.key !== 'coefficient' || !tty), { format, tty, fit: runtime.fit }));
  else if (result.folds.length < 2) runtime.out(`none: only ${result.folds.length} fold was validated, so no direction could be checked across folds (all effects are in --format json)\n`);
  else runtime.out('none: every effect changes direction between folds\n');
  const unstable = result.effects.filter((effect) => !effect.sign_stable).map((effect) => effect.feature);
  if (unstable.length > 0 && result.folds.length >= 2) runtime.out(`\nNot listed, direction flips between folds: ${unstable.join(', ')} (all effects are in --format json)\n`);
  heading('Calibration (out-of-fold cases in five groups by predicted churn)');
  runtime.out(renderRows(result.calibration, CALIBRATION_COLUMNS, { format, tty, fit: runtime.fit }));
  printDefinitions(runtime, result.definitions);
  for (const note of result.notes) if (!forced.includes(note)) runtime.info(note);
  if (!result.beats_rule && !result.saved) runtime.info(`the model does not beat the health score on the same folds: --save refuses it (--force saves it anyway)`);
  if (result.saved) runtime.info(`saved as model ${result.saved.id}: csops risk --model learned scores with it`);
}

/** The AUCs and the strongest effects only, for csops demo. */
export function printFitSummary(runtime: CliRuntime, result: FitResult): void {
  const strongest = result.effects.filter((effect) => effect.direction !== 'little_effect' && effect.sign_stable).slice(0, 3);
  runtime.out(
    `A churn model learned from the same ${result.cases} contracts: cross-validated AUC ${aucWords({ auc: result.cv_auc, ci_low: result.auc_ci_low, ci_high: result.auc_ci_high })},\n` +
      `against the health score's ${aucWords({ auc: result.rule_auc, ci_low: result.rule_auc_ci_low, ci_high: result.rule_auc_ci_high })} on the same folds. ${gainWords(result)}.\n` +
      (strongest.length > 0 ? `Strongest (direction the same in every fold): ${strongest.map((effect) => effect.words).join('; ')}.\n` : (result.folds.length < 2 ? 'Too few folds validated to name drivers whose direction holds.\n' : 'No effect keeps its direction in every fold.\n')) +
      `Full output: csops churn-model fit\n`,
  );
}

/** "+0.041 against the health score (95% CI −0.012–0.090: not clearly better)" */
function gainWords(result: FitResult): string {
  if (result.auc_gain === null) return 'No comparison with the health score (a fold lacks an outcome)';
  const sign = result.auc_gain >= 0 ? '+' : '';
  const range = result.auc_gain_ci_low === null || result.auc_gain_ci_high === null ? '' : ` (95% CI ${result.auc_gain_ci_low.toFixed(3)} to ${result.auc_gain_ci_high.toFixed(3)})`;
  const verdict = !result.beats_rule
    ? 'the model does not beat the health score'
    : result.auc_gain_ci_low !== null && result.auc_gain_ci_low > 0
      ? 'the model beats the health score'
      : 'the model is ahead, but within the noise';
  return `Model minus health score: ${sign}${result.auc_gain.toFixed(3)}${range}: ${verdict}`;
}

const interval = (low: number | null, high: number | null) => (low === null || high === null ? '' : ` (${low.toFixed(2)}–${high.toFixed(2)})`);

const FOLD_COLUMNS: Column<FoldFigures>[] = [
  { key: 'fold', title: 'fold', value: (row) => row.fold, align: 'right' },
  { key: 'cutoffs', title: 'cut-offs', value: (row) => `${row.from} … ${row.to}` },
  { key: 'trained_on', title: 'trained on', value: (row) => row.trained_on, align: 'right' },
  { key: 'tested_on', title: 'tested on', value: (row) => row.tested_on, align: 'right' },
  { key: 'model_auc', title: 'model AUC (95% CI)', value: (row) => `${auc(row.model_auc)}${interval(row.model_auc_ci_low, row.model_auc_ci_high)}`, align: 'right' },
  { key: 'rule_auc', title: 'health score AUC (95% CI)', value: (row) => `${auc(row.rule_auc)}${interval(row.rule_auc_ci_low, row.rule_auc_ci_high)}`, align: 'right' },
];

const EFFECT_COLUMNS: Column<FeatureEffect>[] = [
  { key: 'feature', title: 'feature', value: (row) => row.feature },
  { key: 'direction', title: 'direction', value: (row) => row.direction },
  { key: 'words', title: 'in words', value: (row) => row.words },
  { key: 'fold_range', title: 'over the folds', value: (row) => (row.fold_odds_ratio_low === null || row.fold_odds_ratio_high === null ? '—' : `×${row.fold_odds_ratio_low.toFixed(2)} – ×${row.fold_odds_ratio_high.toFixed(2)}`) },
  { key: 'coefficient', title: 'coefficient', value: (row) => Number(row.coefficient.toFixed(4)), align: 'right' },
  { key: 'odds_ratio_per_sd', title: 'odds ratio per SD', value: (row) => Number(row.odds_ratio_per_sd.toFixed(3)), align: 'right' },
];

const CALIBRATION_COLUMNS: Column<CalibrationBin>[] = [
  { key: 'range', title: 'predicted', value: (row) => `${percent(row.from)} – ${percent(row.to)}` },
  { key: 'accounts', title: 'cases', value: (row) => row.accounts, align: 'right' },
  { key: 'mean_predicted', title: 'mean predicted', value: (row) => percent(row.mean_predicted), align: 'right' },
  { key: 'observed_rate', title: 'churned', value: (row) => percent(row.observed_rate), align: 'right' },
];
