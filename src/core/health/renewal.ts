import type { HealthConfig } from '../../config/rules.js';
import { daysBetween } from '../dates.js';
import { missing, plural, result, sortedBands } from './factor.js';
import type { FactorResult, HealthInputs } from './types.js';

/** The renewal factor: days to the renewal date, an automatic renewal, a lapsed or cancelled contract. */
export function renewalProximity(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands, auto_renew_share } = config.factors.renewal_proximity;
  const { state, renewalDate, autoRenew } = inputs.renewal;
  const daysLeft = renewalDate === null ? null : daysBetween(inputs.asOf, renewalDate);
  const facts = { renewal_date: renewalDate, days_left: daysLeft, auto_renew: autoRenew, lapsed: state === 'lapsed' };
  if (state === 'lapsed' && daysLeft !== null) {
    const sentence = `contract ended ${plural(-daysLeft, 'day')} ago (${renewalDate}) with no renewal recorded`;
    return result('renewal_proximity', weight, 0, facts, sentence, [sentence]);
  }
  if (daysLeft === null) return missing('renewal_proximity', weight, facts, 'the current contract has no end date');
  if (inputs.renewal.notRenewing) {
    const sentence = `contract ends ${daysLeft === 0 ? 'today' : `in ${plural(daysLeft, 'day')}`} (${renewalDate}) and will not renew: ${inputs.renewal.notRenewing}`;
    return result('renewal_proximity', weight, 0, facts, sentence, [sentence]);
  }
  if (autoRenew === true) {
    const sentence = `renews automatically on ${renewalDate} (in ${plural(daysLeft, 'day')})`;
    return result('renewal_proximity', weight, auto_renew_share, facts, sentence, [sentence]);
  }
  const share = sortedBands(bands, (band) => -band.min_days).find((band) => daysLeft >= band.min_days)?.share ?? 0;
  const sentence = `renews in ${plural(daysLeft, 'day')} (${renewalDate})`;
  return result('renewal_proximity', weight, share, facts, sentence, [sentence]);
}
