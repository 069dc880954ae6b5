import { GLOSSARY } from '../glossary.js';
import { alertsEn } from './alerts.js';
import { demoEn } from './demo.js';
import { reportEn } from './report.js';
import { scoresEn } from './scores.js';
import { errorsEn } from './errors.js';
import { importEn } from './import.js';
import { valueEn } from './value.js';

/**
 * English, csops's first language and every other catalogue's fallback (issue 24). Keys name what a
 * string is for; a value is the text, or a function of the values it shows.
 */
export const en = {
  'band.healthy': GLOSSARY.healthy.en,
  'band.watch': GLOSSARY.watch.en,
  'band.at_risk': 'at-risk',
  'band.critical': GLOSSARY.critical.en,
  'band.unknown': 'unknown',
  'tier.high_touch': GLOSSARY.high_touch.en,
  'tier.low_touch': GLOSSARY.low_touch.en,
  'tier.tech_touch': GLOSSARY.tech_touch.en,
  'factor.usage_recency': GLOSSARY.usage_recency.en,
  'factor.login_trend': GLOSSARY.login_trend.en,
  'factor.licence_utilisation': GLOSSARY.licence_utilisation.en,
  'factor.key_module_adoption': GLOSSARY.key_module_adoption.en,
  'factor.support': GLOSSARY.support.en,
  'factor.sentiment': GLOSSARY.sentiment.en,
  'factor.renewal_proximity': GLOSSARY.renewal_proximity.en,
  'factor.relationship': GLOSSARY.relationship.en,
  'metric.grr': 'GRR (gross revenue retention)',
  'metric.nrr': 'NRR (net revenue retention)',
  'metric.logo_churn': GLOSSARY.logo_churn.en,
  'metric.renewal_rate': GLOSSARY.renewal_rate.en,
  'metric.return_on_acquisition': GLOSSARY.return_on_acquisition.en,
  'common.as_of': (p: { day: string; zone: string }) => `as of ${p.day} (${p.zone})`,
  'common.and_more': (p: { count: string }) => `… and ${p.count} more`,
  ...alertsEn,
  ...demoEn,
  ...reportEn,
  ...scoresEn,
  ...errorsEn,
  ...importEn,
  ...valueEn,
};

/** Every key, with its text or the function that writes it (any text: the literal words are English's own). */
export type Catalogue = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };
