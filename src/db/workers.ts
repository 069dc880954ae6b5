import { availableParallelism } from 'node:os';
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
 * How many worker threads scoring starts, to read a database's usage and its tickets and surveys while
 * this thread reads the book and places the tiers. None on a small database: a worker costs some 100 ms
 * of CPU to start (it loads its modules and opens the file), more than those reads take below
 * CSOPS_SCORING_WORKER_MIN_BYTES of database (default 32 MiB; 0 always, as the tests choose a path), and
 * none on one core. Else one thread per core, at most three: on two cores one worker sums the usage (then
 * the surveys) while this thread measures the tickets after the tiers; a second worker there only took
 * turns with the other two threads, and cost its start, its copy of the results and its memory. From
 * three cores the tickets have a worker of their own. The result is the same either way
 * (test/db/scoring-paths.test.ts).
 */
export function scoringWorkers(db: Db, cores = availableParallelism()): 0 | 1 | 2 {
  const minBytes = bytesFromEnv('CSOPS_SCORING_WORKER_MIN_BYTES', 32 * 1024 * 1024);
  if (minBytes > 0) {
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    if (pages * pageSize < minBytes) return 0;
  }
  return cores >= 3 ? 2 : cores === 2 ? 1 : 0;
}

/** A size in bytes from the environment variable `name` (a number), else `fallback`: how tests choose a worker's path. */
export function bytesFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  const bytes = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(bytes) ? bytes : fallback;
}
