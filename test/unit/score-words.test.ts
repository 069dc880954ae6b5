import { describe, expect, it } from 'vitest';
import { aucIn, driverWords, effectWords, factorLabel } from '../../src/cli/score-words.js';
import { aucWords } from '../../src/core/classification.js';
import type { Driver, FeatureEffect } from '../../src/core/churn-model.js';
import { messagesFor } from '../../src/i18n/messages.js';
import { englishWords } from '../helpers/english-words.js';

/** Issue 24: the scores' words for people; English is core's text as it was, Chinese has no English word. */
const en = messagesFor('en');
const zh = messagesFor('zh-CN');

const effect = (words: string, direction: FeatureEffect['direction'], feature = 'days_since_last_login'): FeatureEffect => ({
  feature, coefficient: 0.3, odds_ratio_per_sd: 1.4, odds_ratio_per_unit: 1.42, direction, words, sign_stable: true, fold_odds_ratios: [1.3, 1.5], fold_odds_ratio_low: 1.3, fold_odds_ratio_high: 1.5,
});

describe('score words', () => {
  it('AUC verdicts: English is aucWords; Chinese names the interval and the verdict', () => {
    for (const interval of [{ auc: 0.721, ci_low: 0.592, ci_high: 0.836 }, { auc: 0.62, ci_low: 0.45, ci_high: 0.7 }, { auc: 0.9, ci_low: 0.85, ci_high: 0.95 }, { auc: null, ci_low: null, ci_high: null }]) {
      expect(aucIn(interval, en)).toBe(aucWords(interval));
      expect(englishWords(aucIn(interval, zh))).toEqual([]);
    }
    expect(aucIn({ auc: 0.721, ci_low: 0.592, ci_high: 0.836 }, zh)).toBe('0.721（95% 置信区间 0.592–0.836）：好于随机，但较弱');
  });

  it('the churn model effects and drivers in Chinese, their figures read from core', () => {
    const raises = effect('7 more days since the last login: churn odds ×1.42', 'raises_churn');
    expect(effectWords(raises, en)).toBe(raises.words);
    expect(effectWords(raises, zh)).toBe('距最近一次登录多 7 天：流失几率 ×1.42');
    const spread = effect('days since the last login, per its usual spread (3.2): churn odds ×1.10', 'raises_churn');
    expect(effectWords(spread, zh)).toBe('距最近一次登录的天数，按其常见离散度（3.2）：流失几率 ×1.10');
    const little = effect('no sentiment data: little effect on churn', 'little_effect', 'sentiment_missing');
    expect(effectWords(little, zh)).toBe('没有满意度数据：对流失影响很小');
    const driver: Driver = { feature: 'open_urgent_high_bugs', value: 3, contribution: Math.log(2.4), words: 'open urgent or high-priority bugs 3 (typical 0.4): churn odds ×2.4' };
    expect(driverWords(driver, en)).toBe(driver.words);
    expect(driverWords(driver, zh)).toBe('未解决的紧急或高优先级缺陷 3（一般为 0.4）：流失几率 ×2.4');
    for (const text of [effectWords(raises, zh), effectWords(spread, zh), effectWords(little, zh), driverWords(driver, zh)]) expect(englishWords(text)).toEqual([]);
  });

  it('factor names: FACTOR_LABELS in English, the glossary in Chinese', () => {
    expect(factorLabel('key_modules', en)).toBe('key modules');
    expect(factorLabel('key_modules', zh)).toBe('核心功能使用');
    expect(factorLabel('licence_utilisation', zh)).toBe('席位使用率');
  });
});
