import type { HealthConfig } from '../../config/rules.js';
import { daysBetween } from '../dates.js';
import { missing, result, sortedBands } from './factor.js';
import { phrase } from './phrases.js';
import type { FactorResult, HealthInputs } from './types.js';

/** The renewal factor: days to the renewal date, an automatic renewal, a lapsed or cancelled contract. */
export function renewalProximity(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const { weight, bands, auto_renew_share } = config.factors.renewal_proximity;
  const { state, renewalDate, autoRenew } = inputs.renewal;
  const daysLeft = renewalDate === null ? null : daysBetween(inputs.asOf, renewalDate);
  const facts = { renewal_date: renewalDate, days_left: daysLeft, auto_renew: autoRenew, lapsed: state === 'lapsed' };
  if (state === 'lapsed' && daysLeft !== null) {
    const sentence = phrase('renewal.lapsed', { days: -daysLeft, date: renewalDate! });
    return result('renewal_proximity', weight, 0, facts, sentence, [sentence]);
  }
  if (daysLeft === null) return missing('renewal_proximity', weight, facts, phrase('renewal.no_end'));
  if (inputs.renewal.notRenewing) {
    const sentence = phrase('renewal.not_renewing', { days: daysLeft, date: renewalDate!, why: inputs.renewal.notRenewing });
    return result('renewal_proximity', weight, 0, facts, sentence, [sentence]);
  }
  if (autoRenew === true) {
    const sentence = phrase('renewal.auto', { days: daysLeft, date: renewalDate! });
    return result('renewal_proximity', weight, auto_renew_share, facts, sentence, [sentence]);
  }
  const share = sortedBands(bands, (band) => -band.min_days).find((band) => daysLeft >= band.min_days)?.share ?? 0;
  const sentence = phrase('renewal.renews', { days: daysLeft, date: renewalDate! });
  return result('renewal_proximity', weight, share, facts, sentence, [sentence]);
}
