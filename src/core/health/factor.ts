import type { FactorName, FactorResult, HealthInputs } from './types.js';
import { phrase, say, SAID, type Phrase } from './phrases.js';

export { plural } from './phrases.js';

/** What every factor builds its result with: points from a share of the weight, or missing with why. */
export const round1 = (value: number) => Math.round(value * 10) / 10;
/**
 * A scored factor. `detail` and `reasons` are phrases (phrases.ts): their English is the JSON's
 * strings; the phrases ride along under SAID for people reading another language. The reasons'
 * English is made here (every listing prints them); the detail's only when something reads it (JSON,
 * --explain, --changes, --save): a table of 20,000 accounts prints none, and making the eight
 * sentences of every account anyway was a third of the scoring's time, mostly the garbage collector's.
 */
export function result(factor: FactorName, weight: number, share: number, inputs: FactorResult['inputs'], detail: Phrase, reasons: Phrase[]): FactorResult {
  const clamped = Math.min(1, Math.max(0, share));
  const kept = clamped < 1 ? reasons : NONE;
  return new Factor(factor, weight, round1(weight * clamped), false, inputs, kept.map(say), { detail, reasons: kept });
}

export function missing(factor: FactorName, weight: number, inputs: FactorResult['inputs'], detail: Phrase): FactorResult {
  return new Factor(factor, weight, null, true, inputs, [], { detail, reasons: NONE });
}

/**
 * A factor's result whose `detail` is said from its phrase when read (a getter on the class, so no
 * function or string per account); toJSON writes the keys in the order JSON has always shown them.
 * A copy made by destructuring or by naming the fields reads the detail like any other field; an
 * object spread would leave it out, so no code spreads a factor.
 */
class Factor implements FactorResult {
  constructor(
    readonly factor: FactorName,
    readonly weight: number,
    readonly points: number | null,
    readonly missing: boolean,
    readonly inputs: FactorResult['inputs'],
    readonly reasons: string[],
    said: FactorResult[typeof SAID],
  ) {
    this[SAID] = said;
  }

  readonly [SAID]: FactorResult[typeof SAID];

  get detail(): string {
    return say(this[SAID].detail);
  }

  toJSON() {
    return { factor: this.factor, weight: this.weight, points: this.points, missing: this.missing, inputs: this.inputs, detail: this.detail, reasons: this.reasons };
  }
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
