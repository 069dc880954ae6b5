/**
 * `npm run bench -- startup [--runs 30]`
 *
 * How long `csops --version`, `csops --help` and `csops risk --help` take from the shell's point of
 * view: each run a fresh process of the built bin/csops, timed from spawn to exit. Target (issue 7):
 * under 150 ms. `node -e 0` is timed the same way, as the floor no change to csops can go below.
 */
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const csops = path.join(repoRoot, 'bin', 'csops');

interface StartupCase {
  label: string;
  argv: string[];
}

const CASES: StartupCase[] = [
  { label: 'node -e 0 (node alone)', argv: ['-e', '0'] },
  { label: 'csops --version', argv: [csops, '--version'] },
  { label: 'csops --help', argv: [csops, '--help'] },
  { label: 'csops risk --help', argv: [csops, 'risk', '--help'] },
];

function timeOnce(argv: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, argv, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${argv.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  return ms;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

export function benchStartup(options: { runs: number }): void {
  const runs = Math.max(20, options.runs);
  console.log(`csops start-up benchmark: ${os.cpus().length} cores, node ${process.version}, ${runs} runs each, taken in turns (after one warm-up run)\n`);
  const line = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(26) : cell.padStart(10))).join(' '));
  line(['command', 'min ms', 'median ms', 'p90 ms']);
  // Warm the file cache first: the figures are of a start, not of a disk read.
  for (const startupCase of CASES) timeOnce(startupCase.argv);
  // Round by round through the cases, so a busy moment on a shared machine slows all of them alike.
  const times = CASES.map((): number[] => []);
  for (let run = 0; run < runs; run++) CASES.forEach((startupCase, index) => times[index]!.push(timeOnce(startupCase.argv)));
  CASES.forEach((startupCase, index) => {
    const sorted = times[index]!.sort((a, b) => a - b);
    line([startupCase.label, sorted[0]!.toFixed(0), percentile(sorted, 0.5).toFixed(0), percentile(sorted, 0.9).toFixed(0)]);
  });
}
