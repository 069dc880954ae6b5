import type { Config } from '../config/schema.js';
import type { PgSession } from '../db/pg/client.js';
import type { Book } from '../db/portfolio.js';
import { pgRelationshipSignals, pgUsageSignals, pgWindowSignals } from '../db/pg/scoring-reads.js';
import { finishScoring, tierPortfolio, withSignals, type ScoredAccount } from './scoring.js';

/**
 * Every customer's health on the day (or of those in `only`), read from PostgreSQL (issue 25): the
 * steps of scoring.ts's startScoring, the reads through one connection, the same core. Loaded only
 * for a PostgreSQL URL, so a run on SQLite parses none of it.
 */
export async function scoreOnPostgres<T = ScoredAccount>(session: PgSession, asOf: string, config: Config, book: Book, only?: ReadonlySet<string>, each?: (entry: ScoredAccount) => T): Promise<T[]> {
  const tiered = tierPortfolio(book, asOf, config, only);
  const ids = tiered.map((entry) => entry.account.account_id);
  const some = only === undefined ? undefined : ids;
  const relationship = await pgRelationshipSignals(session, asOf, config, some);
  const signals = await pgWindowSignals(session, asOf, config, some);
  const usage = await pgUsageSignals(session, asOf, config, ids, some !== undefined);
  return finishScoring(withSignals({ tiered, ids, some, relationship }, signals), usage, asOf, config, each);
}
