import type { Config } from '../config/schema.js';
import type { Db } from '../db/connection.js';
import { loadRelationshipRows } from '../db/contacts.js';
import { relationshipSignalsFrom } from '../core/relationship.js';

/**
 * Relationship signals of the day (issue 21): the store reads contacts, departures, deal roles and
 * touchpoints as of the day; core turns them into each account's people. Undefined when no contact
 * was known on the day, so scoring leaves the factor out.
 */
export function loadRelationshipSignals(db: Db, asOf: string, config: Config, accountIds?: readonly string[]): ReturnType<typeof relationshipSignalsFrom> {
  return relationshipSignalsFrom(loadRelationshipRows(db, asOf, accountIds), asOf, config.health);
}
