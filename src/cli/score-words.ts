// Words of the scores for people, shared by the printers of risk, account, backtest and churn-model (issue 24):
// factor names, health sentences, AUC verdicts and the churn model's effects, in English as csops always
// wrote them (the JSON's) or in the reader's language.
import { FACTOR_LABELS, type FactorName, type Phrase } from '../core/health.js';
import { aucLabel, aucWords, type AucInterval } from '../core/classification.js';
import type { Driver, FeatureEffect } from '../core/churn-model.js';
import type { PhraseFactor } from '../core/health/phrases.js';
import type { Messages } from '../i18n/messages.js';
import { FACTOR_WORDS_ZH_CN, sayIn } from '../i18n/messages/reasons.js';
import { featureWordsZhCN } from '../i18n/messages/scores.js';

/** A factor's name for people: its English label, or the language's word. */
export function factorLabel(factor: FactorName, messages: Messages): string {
  if (messages.language === 'en') return FACTOR_LABELS[factor];
  return factor === 'key_modules' ? messages.t('factor.key_modules') : messages.t(`factor.${factor}`);
}

/**
 * A row's sentences for people: the English strings as they are (the JSON's), or in another language
 * from their phrases. Only what is printed is rendered (the first `limit`).
 */
export function sentences(english: readonly string[], phrases: readonly Phrase[] | undefined, messages: Messages, limit = english.length): string[] {
  if (messages.language === 'en' || phrases === undefined) return english.length > limit ? english.slice(0, limit) : (english as string[]);
  const shown: string[] = [];
  for (let index = 0; index < phrases.length && index < limit; index++) shown.push(sayIn(messages, phrases[index]!));
  return shown;
}

/** An AUC with its interval and verdict: core's English words, or the same in the reader's language. */
export function aucIn(interval: AucInterval, messages: Messages): string {
  if (messages.language === 'en') return aucWords(interval);
  const t = messages.t;
  if (interval.auc === null) return t('auc.unknown');
  const range = interval.ci_low === null || interval.ci_high === null ? '' : t('auc.range', { low: interval.ci_low.toFixed(3), high: interval.ci_high.toFixed(3) });
  const label = AUC_LABELS.find((known) => known === aucLabel(interval));
  return `${interval.auc.toFixed(3)}${range}：${label === undefined ? aucLabel(interval) : t(`auc.${label}`)}`;
}

const AUC_LABELS = ['no interval', 'worse than chance', 'no better than chance', 'better than chance, but weak', 'modest', 'useful', 'strong'] as const;

/**
 * An effect in words: core's English (the JSON's), or the same sentence in the reader's language. The
 * English has a fixed grammar (churn-model.ts: "<step>: churn odds ×1.42", "<feature>, per its usual
 * spread (3.2): …", "…: little effect on churn"): its figures are read back from it.
 */
export function effectWords(effect: FeatureEffect, messages: Messages): string {
  if (messages.language === 'en') return effect.words;
  const t = messages.t;
  const spread = /, per its usual spread \(([^)]+)\)/.exec(effect.words)?.[1];
  const known = featureWordsZhCN[effect.feature];
  const what = known ? (spread === undefined ? known.step : known.words) : missingFeature(effect.feature, messages);
  const subject = spread === undefined ? what : t('churn.per_spread', { what, spread });
  const odds = /churn odds ×([\d.]+)$/.exec(effect.words)?.[1];
  return effect.direction === 'little_effect' || odds === undefined ? t('churn.effect_little', { subject }) : t('churn.effect_odds', { subject, odds });
}

/** A driver of one account's churn probability (risk --model learned): core's English, or the reader's language. */
export function driverWords(driver: Driver, messages: Messages): string {
  if (messages.language === 'en') return driver.words;
  const t = messages.t;
  const odds = Math.exp(driver.contribution).toFixed(1);
  const known = featureWordsZhCN[driver.feature];
  if (!known) return t('churn.driver_missing', { what: missingFeature(driver.feature, messages), odds });
  if (driver.value === null) return t('churn.driver_no_data', { what: known.words });
  const typical = /\(typical ([^)]+)\)/.exec(driver.words)?.[1] ?? '—';
  const value = Math.abs(driver.value) >= 10 ? Math.round(driver.value).toString() : (Math.round(driver.value * 100) / 100).toString();
  return t('churn.driver', { what: known.words, value, typical, odds });
}

/** "usage_recency_missing": no data for a health factor (churn-features.ts MISSING_INDICATORS). */
function missingFeature(feature: string, messages: Messages): string {
  const factor = feature.replace(/_missing$/, '') as PhraseFactor;
  return messages.t('churn.no_data_feature', { factor: FACTOR_WORDS_ZH_CN[factor] ?? factor });
}
