// Loaded with `node --import` by the benchmark: reports the process's peak RSS (and CPU time, all threads) when it exits.
// `--import` also runs in every worker thread: only the main thread reports (a worker's exit is not the process's).
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** CPU time of the calling thread alone (Linux: /proc/thread-self/stat, in clock ticks of 10 ms); null elsewhere. */
function threadCpuMs(): number | null {
  try {
    const fields = fs.readFileSync('/proc/thread-self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime and stime, fields 14 and 15 of stat(5)
  } catch {
    return null;
  }
}

if (isMainThread) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const main = threadCpuMs();
    // The main thread's CPU time is the critical path on an idle machine (workers run beside it).
    fs.writeSync(2, `BENCH_MAX_RSS_KB=${usage.maxRSS}\nBENCH_CPU_MS=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n${main === null ? '' : `BENCH_MAIN_CPU_MS=${main}\n`}`);
  });
}
