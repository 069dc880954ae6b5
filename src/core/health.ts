import type { HealthBand, HealthConfig } from '../config/rules.js';
import { HEALTH_BANDS } from '../config/names.js';
import { SAID, say, type AtRiskSignal, type FactorResult, type HealthInputs, type HealthResult, type Phrase } from './health/types.js';
import { championLeftPhrase, phrase } from './health/phrases.js';
import { keyModules, licenceUtilisation, loginTrend, usageRecency } from './health/usage.js';
import { support } from './health/support.js';
import { sentiment } from './health/sentiment.js';
import { renewalProximity } from './health/renewal.js';
import { relationship } from './health/relationship.js';

export * from './health/types.js';
export { daysSilent, usageEnd } from './health/usage.js';

/**
 * The health score (DOMAIN §2, SPEC §4): weighted factors whose maximum points add up to 100, each
 * scored through bands from the config. A factor without data is "missing": it is left out of the
 * score (which is rescaled over the factors that have data) and lowers the confidence, so it is
 * neither a silent zero nor a silent pass. Every point lost comes with a sentence a CSM can act on.
 */
export function scoreHealth(inputs: HealthInputs, givenConfig: HealthConfig): HealthResult {
  // Without contact data the relationship factor is not in use: its weight goes to the other factors
  // in proportion, before any point is rounded, so a team that imports no contacts gets exactly the
  // points, scores and confidence it had before the factor existed (the default weights were scaled by 4/5).
  const config = inputs.relationship === undefined ? withoutRelationship(givenConfig) : givenConfig;
  const recency = usageRecency(inputs, config);
  const trend = loginTrend(inputs, config);
  const supportFactor = support(inputs, config);
  const sentimentFactor = sentiment(inputs, config);
  const factors: FactorResult[] = [
    recency,
    trend,
    licenceUtilisation(inputs, config),
    keyModules(inputs, config),
    supportFactor,
    sentimentFactor,
    renewalProximity(inputs, config),
    relationship(inputs, config),
  ];
  // Plain indexed loops below, not filter/sort/spread chains nor for…of (which, until V8 optimises
  // the code, allocates an iterator result per step): scoring runs for every account (20,000 in one
  // `csops risk`), and the garbage collector was a quarter of its time.
  let availableWeight = 0;
  let earned = 0;
  for (let index = 0; index < factors.length; index++) {
    const factor = factors[index]!;
    if (factor.missing) continue;
    availableWeight += factor.weight;
    earned += factor.points ?? 0;
  }
  const confidence = Math.round((100 * availableWeight) / totalWeight(config));
  // Below the confidence floor the score would rest on too little of the weight: it is withheld
  // (band unknown) rather than shown as if it were as sure as the others. Signals still count.
  const withheld = availableWeight > 0 && confidence < (config.min_confidence ?? 0);
  const score = availableWeight > 0 && !withheld ? Math.round((100 * earned) / availableWeight) : null;
  const { signals, said: alertPhrases } = atRiskSignals(inputs, { recency, trend, support: supportFactor, sentiment: sentimentFactor }, config);
  const alerts = signals.map((entry) => entry.reason);
  let band: HealthBand | 'unknown' = score === null ? 'unknown' : bandOf(score, config);
  // A signal puts the account at risk whatever it scored: the band says so, and names the signals that did it.
  const bandForcedBy: AtRiskSignal[] = [];
  if (alerts.length > 0 && (band === 'unknown' || HEALTH_BANDS.indexOf(band) < HEALTH_BANDS.indexOf('at_risk'))) {
    band = 'at_risk';
    for (const entry of signals) if (!bandForcedBy.includes(entry.signal)) bandForcedBy.push(entry.signal);
  }
  // The reasons that force the band come first, then the others by points lost (most first; ties in
  // the order of FACTORS, which is the order of `factors`).
  // Each sentence twice, index for index: English (the JSON's) and the phrase (people's other languages).
  const reasons = alerts.slice();
  const reasonPhrases = alertPhrases.slice();
  const lost = factorsByPointsLost(factors);
  for (let index = 0; index < lost.length; index++) {
    const lostReasons = lost[index]!.reasons;
    const lostPhrases = lost[index]![SAID].reasons;
    for (let at = 0; at < lostReasons.length; at++) {
      if (alerts.includes(lostReasons[at]!)) continue;
      reasons.push(lostReasons[at]!);
      reasonPhrases.push(lostPhrases[at]!);
    }
  }
  const missing: string[] = [];
  const missingPhrases: Phrase[] = [];
  for (let index = 0; index < factors.length; index++) {
    const factor = factors[index]!;
    // Relationship without any contact data is not in use rather than missing for this account: it is
    // not listed (its factor entry says why), so such a team's output stays what it was.
    if (factor.missing && !(factor.factor === 'relationship' && inputs.relationship === undefined)) {
      const sentence = phrase('missing', { factor: factor.factor, detail: factor[SAID].detail });
      missing.push(say(sentence));
      missingPhrases.push(sentence);
    }
  }
  return { score, band, bandForcedBy, confidence, factors, reasons, missing, atRiskSignals: alerts, signals, withheld, [SAID]: { reasons: reasonPhrases, missing: missingPhrases, atRiskSignals: alertPhrases } };
}

/** The factors with data that lost points, most points lost first, ties in their order (an insertion sort: eight at most). */
function factorsByPointsLost(factors: readonly FactorResult[]): FactorResult[] {
  const lost: FactorResult[] = [];
  for (let index = 0; index < factors.length; index++) {
    const factor = factors[index]!;
    if (factor.missing || factor.reasons.length === 0) continue;
    const points = factor.weight - (factor.points ?? 0);
    let at = lost.length;
    while (at > 0 && lost[at - 1]!.weight - (lost[at - 1]!.points ?? 0) < points) at--;
    lost.splice(at, 0, factor);
  }
  return lost;
}

/**
 * Signals that make an account at risk whatever it scores (config health.at_risk_when): three weeks
 * without a login (DOMAIN §2), a steep fall in logins, urgent or high bugs left past SLA, and unhappy
 * customers nobody called back. Returned as the factors' own sentences (`said`: their phrases, index for index).
 */
function atRiskSignals(
  inputs: HealthInputs,
  { recency, trend, support, sentiment }: Record<'recency' | 'trend' | 'support' | 'sentiment', FactorResult>,
  config: HealthConfig,
): { signals: Array<{ signal: AtRiskSignal; reason: string }>; said: Phrase[] } {
  const rules = config.at_risk_when;
  const signals: Array<{ signal: AtRiskSignal; reason: string }> = [];
  const said: Phrase[] = [];
  // Indexed loops, not filter and find: this runs for every account, mostly before V8 has optimised it.
  const add = (signal: AtRiskSignal, sentence: Phrase) => {
    signals.push({ signal, reason: say(sentence) });
    said.push(sentence);
  };
  const days = recency.inputs.days_since_last_login as number | null;
  if (!recency.missing && rules.days_without_login > 0 && days !== null && days >= rules.days_without_login) add('no_login', recency[SAID].detail);
  const ratio = trend.inputs.ratio as number | null | undefined;
  if (!trend.missing && rules.login_drop > 0 && ratio !== null && ratio !== undefined && 1 - ratio >= rules.login_drop - 1e-9) add('login_drop', trend[SAID].detail);
  if (!support.missing && rules.bugs_past_sla > 0) {
    let pastSla = 0;
    for (let index = 0; index < inputs.support.openBugs.length; index++) if (inputs.support.openBugs[index]!.pastSla) pastSla++;
    if (pastSla >= rules.bugs_past_sla) {
      const reasons = support[SAID].reasons;
      for (let index = 0; index < reasons.length; index++) if (reasons[index]!.key === 'support.bugs') add('bugs_past_sla', reasons[index]!);
    }
  }
  if (!sentiment.missing && rules.unfollowed_detractors > 0 && inputs.surveys.unfollowed.length >= rules.unfollowed_detractors) {
    const reasons = sentiment[SAID].reasons;
    for (let index = 0; index < reasons.length; index++) if (reasons[index]!.key === 'sentiment.unfollowed') add('unfollowed_detractor', reasons[index]!);
  }
  // A champion who left lately with nobody in their place (DOMAIN §2 "a champion who left"; §6).
  const left = inputs.relationship?.championLeft;
  if (left) add('champion_left', championLeftPhrase(left));
  return { signals, said };
}

export function bandOf(score: number, config: HealthConfig): HealthBand {
  const t = config.thresholds;
  if (score >= t.healthy) return 'healthy';
  if (score >= t.watch) return 'watch';
  if (score >= t.at_risk) return 'at_risk';
  return 'critical';
}

/** healthy 0 … critical 3: larger is worse. */
export function bandSeverity(band: HealthBand | 'unknown'): number {
  return band === 'unknown' ? -1 : HEALTH_BANDS.indexOf(band);
}

/** The config with relationship's weight shared out over the other factors in proportion (built once per config). */
const scaledConfigs = new WeakMap<HealthConfig, HealthConfig>();
function withoutRelationship(config: HealthConfig): HealthConfig {
  let scaled = scaledConfigs.get(config);
  if (scaled) return scaled;
  const others = totalWeight(config) - config.factors.relationship.weight;
  const scale = others > 0 ? totalWeight(config) / others : 1;
  const factors = Object.fromEntries(
    Object.entries(config.factors).map(([name, factor]) => [name, { ...factor, weight: name === 'relationship' ? 0 : factor.weight * scale }]),
  ) as HealthConfig['factors'];
  scaled = { ...config, factors };
  scaledConfigs.set(config, scaled);
  return scaled;
}

/** The factors' weights added up, once per config (scoreHealth asks for every account). */
const totalWeights = new WeakMap<HealthConfig, number>();
function totalWeight(config: HealthConfig): number {
  let total = totalWeights.get(config);
  if (total === undefined) totalWeights.set(config, (total = Object.values(config.factors).reduce((sum, factor) => sum + factor.weight, 0)));
  return total;
}
