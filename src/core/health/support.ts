import type { HealthConfig } from '../../config/rules.js';
import { missing, plural, result } from './factor.js';
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
  if (!covered) return missing('support', settings.weight, facts, 'no tickets in the database');
  const reasons: string[] = [];
  const bugReason = (priority: string, bugs: readonly OpenBug[]) => {
    if (bugs.length === 0) return;
    const pastSla = bugs.filter((bug) => bug.pastSla).length;
    reasons.push(
      pastSla === bugs.length
        ? `${plural(bugs.length, `${priority} bug`)} open past SLA`
        : `${plural(bugs.length, `${priority} bug`)} open${pastSla > 0 ? ` (${pastSla} past SLA)` : ''}`,
    );
  };
  if (!noBugs) {
    bugReason('urgent', urgent);
    bugReason('high-priority', high);
  }
  let otherBreaches = breaches.length;
  if (!noBugs && otherBreaches > 0) {
    const openBugIds = new Set(openBugs.map((bug) => bug.ticket_id));
    otherBreaches = breaches.filter((id) => !openBugIds.has(id)).length;
  }
  if (otherBreaches > 0) reasons.push(`${plural(otherBreaches, `${openBugs.length > 0 ? 'other ' : ''}ticket`)} past SLA in the last ${settings.breach_days} days`);
  if (spike) reasons.push(`ticket spike: ${ticketsRecent} tickets in ${spikeConfig.days} days (usually ${Math.round(usualRate * 10) / 10})`);
  // An open bug past SLA costs its open-bug share once; the breach share is for the other tickets.
  const lost = urgent.length * settings.open_urgent_bug + high.length * settings.open_high_bug + otherBreaches * settings.sla_breach + (spike ? settings.ticket_spike : 0);
  let detail = reasons.length > 0 ? reasons.join('; ') : `no open urgent or high bugs, no SLA breach in ${settings.breach_days} days, no ticket spike`;
  const unclassified = inputs.support.openBugsUnknownPriority ?? 0;
  if (unclassified > 0) detail += ` (${plural(unclassified, 'open bug')} with a priority csops could not classify, not scored)`;
  return result('support', settings.weight, 1 - lost, facts, detail, reasons);
}
