/**
 * Computes the support and survey signals of every account (or of those given) on its own connection,
 * in a worker thread, while the usage worker sums usage and the main thread reads the accounts and
 * contracts and places the tiers. Read-only; WAL lets it read beside any writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { windowSignals } from './window-signals.js';
import type { Config } from '../config/schema.js';

const { dbPath, asOf, config, busyTimeoutMs, accountIds } = workerData as { dbPath: string; asOf: string; config: Config; busyTimeoutMs: number; accountIds?: string[] };
const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
try {
  parentPort!.postMessage(windowSignals(db, asOf, config, accountIds));
} finally {
  db.close();
}
