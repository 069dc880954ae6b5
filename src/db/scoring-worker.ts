/**
 * Computes the usage sums of every account (or of those given) on its own connection, in a worker thread, while the main
 * thread reads accounts, tickets and surveys (csops risk over all accounts: the sums are a third of
 * its time). Read-only; WAL lets it read beside any writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { usageAggregates } from './portfolio.js';
import type { Config } from '../config/schema.js';

const { dbPath, asOf, config, busyTimeoutMs, accountIds } = workerData as { dbPath: string; asOf: string; config: Config; busyTimeoutMs: number; accountIds?: string[] };
const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
try {
  parentPort!.postMessage(usageAggregates(db, asOf, config, accountIds));
} finally {
  db.close();
}
