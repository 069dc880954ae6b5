// Loaded with `node --import` by the benchmark: reports the process's peak RSS (and CPU time, all threads) when it exits.
// `--import` also runs in every worker thread: only the main thread reports (a worker's exit is not the process's).
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeSync(2, `BENCH_MAX_RSS_KB=${usage.maxRSS}\nBENCH_CPU_MS=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
  });
}
