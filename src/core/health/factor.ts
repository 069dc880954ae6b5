import type { FactorName, FactorResult, HealthInputs } from './types.js';
import { formatNumber } from '../money.js';

/** What every factor builds its result with: points from a share of the weight, or missing with why. */
export const round1 = (value: number) => Math.round(value * 10) / 10;
/** "1 day", "12 days", "1,204 tickets": counts in sentences are grouped by thousands. */
export const plural = (count: number, one: string, many = `${one}s`) => `${formatNumber(count)} ${count === 1 ? one : many}`;

export function result(factor: FactorName, weight: number, share: number, inputs: FactorResult['inputs'], detail: string, reasons: string[]): FactorResult {
  const clamped = Math.min(1, Math.max(0, share));
  return { factor, weight, points: round1(weight * clamped), missing: false, inputs, detail, reasons: clamped < 1 ? reasons : [] };
}

export function missing(factor: FactorName, weight: number, inputs: FactorResult['inputs'], detail: string): FactorResult {
  return { factor, weight, points: null, missing: true, inputs, detail, reasons: [] };
}

/** Bands in the order they are tried, sorted once per config (a config's lists never change). */
const sortedBandLists = new WeakMap<readonly object[], readonly object[]>();
export function sortedBands<Band extends object>(bands: readonly Band[], order: (band: Band) => number): readonly Band[] {
  let sorted = sortedBandLists.get(bands) as readonly Band[] | undefined;
  if (!sorted) sortedBandLists.set(bands, (sorted = [...bands].sort((a, b) => order(a) - order(b))));
  return sorted;
}

/** Why usage signals are missing for this account, or null when they are there. */
export function usageGap(inputs: HealthInputs): string | null {
  if (!inputs.usage.covered) return 'no usage data in the database for the weeks scored';
  if (!inputs.usage.accountTracked) return 'no usage recorded for this account at all (not in the usage export, or never used)';
  return null;
}
