import type { SubjectGroup } from './report-result.js';

/** What grouping reads of a ticket. */
export interface SubjectTicket {
  ticket_id: string;
  account_id: string | null;
  subject: string | null;
}

/**
 * Tickets grouped by their subject with case, numbers, ids and punctuation ignored ("Export to CSV
 * times out (#4411)" and "export to csv times out" are one group), most tickets first.
 */
export function groupSubjects(tickets: readonly SubjectTicket[]): SubjectGroup[] {
  const groups = new Map<string, { subject: string; tickets: SubjectTicket[] }>();
  for (const ticket of tickets) {
    if (!ticket.subject) continue;
    const key = subjectKey(ticket.subject);
    if (key === '') continue;
    const group = groups.get(key) ?? { subject: ticket.subject.trim(), tickets: [] };
    group.tickets.push(ticket);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({
      subject: group.subject,
      tickets: group.tickets.length,
      accounts: new Set(group.tickets.map((ticket) => ticket.account_id).filter(Boolean)).size,
      examples: group.tickets.slice(0, 3).map((ticket) => ticket.ticket_id),
    }))
    .sort((a, b) => b.tickets - a.tickets || a.subject.localeCompare(b.subject));
}

export function subjectKey(subject: string): string {
  return subject
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\b(re|fw|fwd)\s*:\s*/g, '')
    .replace(/[#(]?\b[a-z]*-?\d[\w-]*\)?/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
