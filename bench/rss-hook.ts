// Loaded with `node --import` by the benchmark: reports the process's peak RSS when it exits.
import fs from 'node:fs';

process.on('exit', () => {
  fs.writeSync(2, `BENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
