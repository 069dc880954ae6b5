import type { FitResult } from '../commands/churn-model.js';
import type { FeatureEffect, FoldFigures } from '../core/churn-model.js';
import type { CalibrationBin } from '../core/classification.js';
import type { Messages } from '../i18n/messages.js';
import { notesIn } from '../i18n/notes.js';
import { SAID } from '../core/health/phrases.js';
import { aucIn, effectWords } from './score-words.js';
import { renderRows, type Column } from '../render/output.js';
import { percent, whole } from '../render/figures.js';
import { printDataForms, printDefinitions } from './metrics-output.js';
import type { CliRuntime } from './runtime.js';

const auc = (value: number | null) => (value === null ? '—' : value.toFixed(3));

export function printFit(runtime: CliRuntime, result: FitResult): void {
  // In every format: a model stored although it does not beat the health score is said on stderr.
  // The notes in the language in force, index for index with the English (the JSON's).
  const notes = notesIn(runtime.messages, result.notes, result[SAID]);
  const forced = notes.filter((_, index) => result.notes[index]!.startsWith('saved with --force'));
  for (const note of forced) runtime.warn(note);
  if (printDataForms(runtime, 'churn_model_fit', result, result.effects, EFFECT_COLUMNS)) return;
  const { format } = runtime.context;
  const tty = runtime.stdoutIsTty;
  const md = format === 'md';
  const messages = runtime.messages;
  const t = messages.t;
  const heading = (text: string) => runtime.out(`\n${md ? '### ' : ''}${text}\n\n`);
  runtime.out(`${md ? '## ' : ''}${t('churn.heading', { asOf: result.as_of, cases: whole.format(result.cases), from: result.from, to: result.to, churned: whole.format(result.churned), horizon: result.horizon_days })}\n\n`);
  runtime.out(`${t('churn.coin_toss')}\n${t('churn.cv_auc', { auc: aucIn({ auc: result.cv_auc, ci_low: result.auc_ci_low, ci_high: result.auc_ci_high }, messages) })}\n`);
  runtime.out(`${t('churn.rule_auc', { auc: aucIn({ auc: result.rule_auc, ci_low: result.rule_auc_ci_low, ci_high: result.rule_auc_ci_high }, messages) })}\n`);
  runtime.out(`${gainWords(result, messages)}${messages.language === 'en' ? '.' : '。'}\n`);
  heading(t('churn.folds'));
  runtime.out(renderRows(result.folds, foldColumns(messages), { format, tty, fit: runtime.fit }));
  const stable = result.effects.filter((effect) => effect.sign_stable);
  heading(t('churn.learned'));
  if (stable.length > 0) runtime.out(renderRows(stable, effectColumns(messages).filter((column) => column.key !== 'coefficient' || !tty), { format, tty, fit: runtime.fit }));
  else if (result.folds.length < 2) runtime.out(`${t('churn.none_one_fold', { folds: result.folds.length })}\n`);
  else runtime.out(`${t('churn.none_flips')}\n`);
  const unstable = result.effects.filter((effect) => !effect.sign_stable).map((effect) => effect.feature);
  if (unstable.length > 0 && result.folds.length >= 2) runtime.out(`\n${t('churn.flips', { features: unstable.join(', ') })}\n`);
  heading(t('churn.calibration'));
  runtime.out(renderRows(result.calibration, calibrationColumns(messages), { format, tty, fit: runtime.fit }));
  printDefinitions(runtime, result.definitions);
  for (const note of notes) if (!forced.includes(note)) runtime.info(note);
  if (!result.beats_rule && !result.saved) runtime.info(t('churn.refused'));
  if (result.saved) runtime.info(t('churn.saved', { id: result.saved.id }));
}

/** The AUCs and the strongest effects only, for csops demo. */
export function printFitSummary(runtime: CliRuntime, result: FitResult): void {
  const messages = runtime.messages;
  const t = messages.t;
  const strongest = result.effects.filter((effect) => effect.direction !== 'little_effect' && effect.sign_stable).slice(0, 3);
  runtime.out(
    t('demo.fit_summary', {
      cases: result.cases,
      cv: aucIn({ auc: result.cv_auc, ci_low: result.auc_ci_low, ci_high: result.auc_ci_high }, messages),
      rule: aucIn({ auc: result.rule_auc, ci_low: result.rule_auc_ci_low, ci_high: result.rule_auc_ci_high }, messages),
      gain: gainWords(result, messages),
    }) +
      (strongest.length > 0
        ? t('demo.fit_strongest', { effects: strongest.map((effect) => effectWords(effect, messages)).join(t('list.sep')) })
        : result.folds.length < 2
          ? t('demo.fit_too_few_folds')
          : t('demo.fit_no_stable')) +
      t('demo.fit_full'),
  );
}

/** "+0.041 against the health score (95% CI −0.012–0.090: not clearly better)" */
function gainWords(result: FitResult, messages: Messages): string {
  const t = messages.t;
  if (result.auc_gain === null) return t('churn.gain_none');
  const sign = result.auc_gain >= 0 ? '+' : '';
  const range = result.auc_gain_ci_low === null || result.auc_gain_ci_high === null ? '' : t('churn.gain_range', { low: result.auc_gain_ci_low.toFixed(3), high: result.auc_gain_ci_high.toFixed(3) });
  const verdict = !result.beats_rule ? t('churn.verdict_no') : result.auc_gain_ci_low !== null && result.auc_gain_ci_low > 0 ? t('churn.verdict_yes') : t('churn.verdict_noise');
  return t('churn.gain', { gain: `${sign}${result.auc_gain.toFixed(3)}`, range, verdict });
}


const interval = (low: number | null, high: number | null) => (low === null || high === null ? '' : ` (${low.toFixed(2)}–${high.toFixed(2)})`);

const foldColumns = (messages: Messages): Column<FoldFigures>[] => [
  { key: 'fold', title: messages.t('churn.col_fold'), value: (row) => row.fold, align: 'right' },
  { key: 'cutoffs', title: messages.t('churn.col_cutoffs'), value: (row) => `${row.from} … ${row.to}` },
  { key: 'trained_on', title: messages.t('churn.col_trained_on'), value: (row) => row.trained_on, align: 'right' },
  { key: 'tested_on', title: messages.t('churn.col_tested_on'), value: (row) => row.tested_on, align: 'right' },
  { key: 'model_auc', title: messages.t('churn.col_model_auc'), value: (row) => `${auc(row.model_auc)}${interval(row.model_auc_ci_low, row.model_auc_ci_high)}`, align: 'right' },
  { key: 'rule_auc', title: messages.t('churn.col_rule_auc'), value: (row) => `${auc(row.rule_auc)}${interval(row.rule_auc_ci_low, row.rule_auc_ci_high)}`, align: 'right' },
];

/** The effects' columns; csv and ndjson (printDataForms) keep the English: `people` is for tables and Markdown. */
const effectColumns = (messages?: Messages): Column<FeatureEffect>[] => [
  { key: 'feature', title: messages?.t('churn.col_feature') ?? 'feature', value: (row) => row.feature },
  { key: 'direction', title: messages?.t('churn.col_direction') ?? 'direction', value: (row) => (messages ? messages.t(`direction.${row.direction}`) : row.direction) },
  { key: 'words', title: messages?.t('churn.col_words') ?? 'in words', value: (row) => (messages ? effectWords(row, messages) : row.words) },
  { key: 'fold_range', title: messages?.t('churn.col_fold_range') ?? 'over the folds', value: (row) => (row.fold_odds_ratio_low === null || row.fold_odds_ratio_high === null ? '—' : `×${row.fold_odds_ratio_low.toFixed(2)} – ×${row.fold_odds_ratio_high.toFixed(2)}`) },
  { key: 'coefficient', title: messages?.t('churn.col_coefficient') ?? 'coefficient', value: (row) => Number(row.coefficient.toFixed(4)), align: 'right' },
  { key: 'odds_ratio_per_sd', title: messages?.t('churn.col_odds_sd') ?? 'odds ratio per SD', value: (row) => Number(row.odds_ratio_per_sd.toFixed(3)), align: 'right' },
];
const EFFECT_COLUMNS = effectColumns();

const calibrationColumns = (messages: Messages): Column<CalibrationBin>[] => [
  { key: 'range', title: messages.t('churn.col_predicted'), value: (row) => `${percent(row.from)} – ${percent(row.to)}` },
  { key: 'accounts', title: messages.t('churn.col_cases'), value: (row) => row.accounts, align: 'right' },
  { key: 'mean_predicted', title: messages.t('churn.col_mean_predicted'), value: (row) => percent(row.mean_predicted), align: 'right' },
  { key: 'observed_rate', title: messages.t('col.churned'), value: (row) => percent(row.observed_rate), align: 'right' },
];
