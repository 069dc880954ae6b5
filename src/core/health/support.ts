import type { HealthConfig } from '../../config/rules.js';
import { missing, result } from './factor.js';
import { phrase, type Phrase } from './phrases.js';
import type { FactorResult, HealthInputs, OpenBug } from './types.js';

/** The support factor: open urgent and high bugs, SLA breaches, a spike in tickets. */
export function support(inputs: HealthInputs, config: HealthConfig): FactorResult {
  const settings = config.factors.support;
  const { openBugs, breaches, ticketsRecent, ticketsBaseline, covered } = inputs.support;
  const spikeConfig = config.spike;
  const usualRate = (ticketsBaseline / spikeConfig.baseline_days) * spikeConfig.days;
  const spike = ticketsRecent >= spikeConfig.min_tickets && ticketsRecent >= spikeConfig.ratio * usualRate;
  // Most accounts have no open bug: no arrays or sets are made for them.
  const noBugs = openBugs.length === 0;
  const urgent = noBugs ? openBugs : openBugs.filter((bug) => bug.priority === 'urgent');
  const high = noBugs ? openBugs : openBugs.filter((bug) => bug.priority === 'high');
  const facts = {
    open_urgent_bugs: urgent.length,
    open_high_bugs: high.length,
    open_bugs_past_sla: noBugs ? 0 : openBugs.filter((bug) => bug.pastSla).length,
    sla_breaches: breaches.length,
    breached_tickets: breaches,
    tickets_recent: ticketsRecent,
    tickets_usual: Math.round(usualRate * 10) / 10,
    spike,
    open_bugs_unknown_priority: inputs.support.openBugsUnknownPriority ?? 0,
  };
  if (!covered) return missing('support', settings.weight, facts, phrase('support.no_tickets'));
  const reasons: Phrase[] = [];
  const bugReason = (priority: 'urgent' | 'high', bugs: readonly OpenBug[]) => {
    if (bugs.length > 0) reasons.push(phrase('support.bugs', { count: bugs.length, priority, past_sla: bugs.filter((bug) => bug.pastSla).length }));
  };
  if (!noBugs) {
    bugReason('urgent', urgent);
    bugReason('high', high);
  }
  let otherBreaches = breaches.length;
  if (!noBugs && otherBreaches > 0) {
    const openBugIds = new Set(openBugs.map((bug) => bug.ticket_id));
    otherBreaches = breaches.filter((id) => !openBugIds.has(id)).length;
  }
  if (otherBreaches > 0) reasons.push(phrase('support.breaches', { count: otherBreaches, other: openBugs.length > 0, days: settings.breach_days }));
  if (spike) reasons.push(phrase('support.spike', { recent: ticketsRecent, days: spikeConfig.days, usual: Math.round(usualRate * 10) / 10 }));
  // An open bug past SLA costs its open-bug share once; the breach share is for the other tickets.
  const lost = urgent.length * settings.open_urgent_bug + high.length * settings.open_high_bug + otherBreaches * settings.sla_breach + (spike ? settings.ticket_spike : 0);
  const found = reasons.length > 0 ? phrase('list', { items: reasons }) : phrase('support.clear', { days: settings.breach_days });
  const unclassified = inputs.support.openBugsUnknownPriority ?? 0;
  return result('support', settings.weight, 1 - lost, facts, unclassified > 0 ? phrase('support.detail', { found, unclassified }) : found, reasons);
}
