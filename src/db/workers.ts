import { Worker } from 'node:worker_threads';
import type { Db } from './connection.js';

/**
 * Runs one of the compiled worker files of this folder; resolves to its one message, or to undefined
 * when it fails in any way (the caller then does the work itself, so a worker only ever saves time).
 */
export function inWorker<T>(file: string, workerData: unknown): Promise<T | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerUrl(file), { workerData });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (result: T) => resolve(result));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

/** A compiled worker: beside this file when running from dist/, in dist/ when tests run the sources. */
function workerUrl(file: string): URL {
  if (import.meta.url.endsWith('.js')) return new URL(`./${file}`, import.meta.url);
  return new URL(`../../dist/src/db/${file}`, import.meta.url);
}

/**
 * Whether scoring should read a database's usage and its tickets and surveys in worker threads. A
 * worker costs some 100 ms of CPU to start (it loads its modules and opens the file), more than those
 * reads take on a small database, where the main thread would then wait for it: below
 * CSOPS_SCORING_WORKER_MIN_BYTES of database (default 32 MiB; 0 always, as the tests choose a path) the
 * reads run in this thread. The result is the same either way (test/db/scoring-paths.test.ts).
 */
export function scoringWorkersPay(db: Db): boolean {
  const fromEnv = process.env.CSOPS_SCORING_WORKER_MIN_BYTES;
  const minBytes = fromEnv !== undefined && fromEnv !== '' && Number.isFinite(Number(fromEnv)) ? Number(fromEnv) : 32 * 1024 * 1024;
  if (minBytes <= 0) return true;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  return pages * pageSize >= minBytes;
}
