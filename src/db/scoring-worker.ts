/**
 * One part of the scoring on its own read-only connection, in a worker thread, while the main thread
 * reads the accounts and contracts and places the tiers: `usage`, the usage sums of every account (or
 * of those given) and then their survey signals; `support`, their support signals (window-signals.ts).
 * Scoring starts the usage worker from two cores and the support worker too from three (workers.ts
 * scoringWorkers); what no worker reads, the main thread reads. WAL lets them read beside any writer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { usageAggregates } from './portfolio.js';
import { supportSignalsThrough, surveySignalsThrough } from './window-signals.js';
import type { Config } from '../config/schema.js';

export interface ScoringTask {
  task: 'usage' | 'support';
  dbPath: string;
  asOf: string;
  config: Config;
  busyTimeoutMs: number;
  accountIds?: readonly string[];
}

const { task, dbPath, asOf, config, busyTimeoutMs, accountIds } = workerData as ScoringTask;
const db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
try {
  parentPort!.postMessage(
    task === 'usage'
      ? { usage: usageAggregates(db, asOf, config, accountIds), surveys: surveySignalsThrough(db, asOf, config, accountIds) }
      : supportSignalsThrough(db, asOf, config, accountIds),
  );
} finally {
  db.close();
}
