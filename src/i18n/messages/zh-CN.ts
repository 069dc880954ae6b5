import { GLOSSARY } from '../glossary.js';
import type { Catalogue } from './en.js';
import { alertsZhCN } from './alerts.js';
import { demoZhCN } from './demo.js';
import { reportZhCN } from './report.js';
import { scoresZhCN } from './scores.js';
import { errorsZhCN } from './errors.js';
import { importZhCN } from './import.js';
import { valueZhCN } from './value.js';

/**
 * 简体中文 (issue 24). Terms come from the glossary (one word per idea); a key missing here falls
 * back to English at run time, and the catalogue test fails on it.
 */
export const zhCN: Partial<Catalogue> = {
  'band.healthy': GLOSSARY.healthy['zh-CN'],
  'band.watch': GLOSSARY.watch['zh-CN'],
  'band.at_risk': GLOSSARY.at_risk['zh-CN'],
  'band.critical': GLOSSARY.critical['zh-CN'],
  'band.unknown': '未知',
  'tier.high_touch': GLOSSARY.high_touch['zh-CN'],
  'tier.low_touch': GLOSSARY.low_touch['zh-CN'],
  'tier.tech_touch': GLOSSARY.tech_touch['zh-CN'],
  'factor.usage_recency': GLOSSARY.usage_recency['zh-CN'],
  'factor.login_trend': GLOSSARY.login_trend['zh-CN'],
  'factor.licence_utilisation': GLOSSARY.licence_utilisation['zh-CN'],
  'factor.key_module_adoption': GLOSSARY.key_module_adoption['zh-CN'],
  'factor.support': GLOSSARY.support['zh-CN'],
  'factor.sentiment': GLOSSARY.sentiment['zh-CN'],
  'factor.renewal_proximity': GLOSSARY.renewal_proximity['zh-CN'],
  'factor.relationship': GLOSSARY.relationship['zh-CN'],
  'metric.grr': `${GLOSSARY.grr['zh-CN']}（GRR）`,
  'metric.nrr': `${GLOSSARY.nrr['zh-CN']}（NRR）`,
  'metric.logo_churn': GLOSSARY.logo_churn['zh-CN'],
  'metric.renewal_rate': GLOSSARY.renewal_rate['zh-CN'],
  'metric.return_on_acquisition': GLOSSARY.return_on_acquisition['zh-CN'],
  'common.as_of': (p) => `${GLOSSARY.as_of['zh-CN']} ${p.day}（${p.zone}）`,
  'common.and_more': (p) => `……另有 ${p.count} 条`,
  ...alertsZhCN,
  ...demoZhCN,
  ...reportZhCN,
  ...scoresZhCN,
  ...errorsZhCN,
  ...importZhCN,
  ...valueZhCN,
};
