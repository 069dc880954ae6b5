import { Worker } from 'node:worker_threads';

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
