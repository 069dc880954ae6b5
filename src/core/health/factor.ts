import type { FactorName, FactorResult, HealthInputs } from './types.js';
import { phrase, say, SAID, type Phrase } from './phrases.js';

export { plural } from './phrases.js';

/** What every factor builds its result with: points from a share of the weight, or missing with why. */
export const round1 = (value: number) => Math.round(value * 10) / 10;
/**
 * A scored factor. `detail` and `reasons` are phrases (phrases.ts): their English is the JSON's
 * strings; the phrases ride along under SAID for people reading another language. `detailText`: the
 * detail's English when the caller has it already (a reason that is also the detail).
 */
export function result(factor: FactorName, weight: number, share: number, inputs: FactorResult['inputs'], detail: Phrase, reasons: Phrase[], detailText = say(detail)): FactorResult {
  const clamped = Math.min(1, Math.max(0, share));
  const kept = clamped < 1 ? reasons : NONE;
  const reasonTexts = kept.length === 0 ? [] : kept.length === 1 && kept[0] === detail ? [detailText] : kept.map(say);
  return { factor, weight, points: round1(weight * clamped), missing: false, inputs, detail: detailText, reasons: reasonTexts, [SAID]: { detail, reasons: kept } };
}

export function missing(factor: FactorName, weight: number, inputs: FactorResult['inputs'], detail: Phrase): FactorResult {
  return { factor, weight, points: null, missing: true, inputs, detail: say(detail), reasons: [], [SAID]: { detail, reasons: NONE } };
}

const NONE: Phrase[] = [];

/** Bands in the order they are tried, sorted once per config (a config's lists never change). */
const sortedBandLists = new WeakMap<readonly object[], readonly object[]>();
export function sortedBands<Band extends object>(bands: readonly Band[], order: (band: Band) => number): readonly Band[] {
  let sorted = sortedBandLists.get(bands) as readonly Band[] | undefined;
  if (!sorted) sortedBandLists.set(bands, (sorted = [...bands].sort((a, b) => order(a) - order(b))));
  return sorted;
}

/** Why usage signals are missing for this account, or null when they are there. */
export function usageGap(inputs: HealthInputs): Phrase | null {
  if (!inputs.usage.covered) return USAGE_NO_DATA;
  if (!inputs.usage.accountTracked) return USAGE_UNTRACKED;
  return null;
}

const USAGE_NO_DATA = phrase('usage.no_data');
const USAGE_UNTRACKED = phrase('usage.account_untracked');
