/**
 * Generates a company's renewal history with churn drivers planted (or none): the data behind
 * `npm run bench -- model` and the churn-model tests.
 *
 * Every account holds a one-year contract that ends within the last `months` − 12 months, and is
 * renewed or churned. Ninety days before the end (the backtest's default cut-off) each account has
 * a planted state: days of silence, licence utilisation and unhappy survey answers not followed up.
 * With `signal`, churn odds rise with silence and unfollowed answers and fall with utilisation; without
 * it every account churns with the same chance, whatever its state.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/core/seeded-random.js';
import { writeLines } from './write-lines.js';

export interface ChurnHistoryOptions {
  dir: string;
  accounts: number;
  /** History in months up to the as-of day (at least 13). */
  months: number;
  signal: boolean;
  /** 'daily': usage on every active day of the history; 'window': only the 70 days before each cut-off (small files for tests). */
  usage: 'daily' | 'window';
  seed?: number;
}

export interface ChurnHistory {
  asOf: string;
  files: string[];
  churned: number;
  usageRows: number;
}

const DAY_MS = 86_400_000;
export const HISTORY_AS_OF = '2026-10-31';
const asOfMs = Date.parse(`${HISTORY_AS_OF}T00:00:00Z`);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const accountId = (index: number) => `H-${String(index).padStart(6, '0')}`;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export async function generateChurnHistory(options: ChurnHistoryOptions): Promise<ChurnHistory> {
  const next = seededRandom(options.seed ?? 42);
  const { accounts, dir } = options;
  const seats = 20;
  // Contracts end between (months − 12) months ago and 45 days ago, so every outcome is known by the
  // as-of day (past the 30-day grace period).
  const latestEnd = asOfMs - 45 * DAY_MS;
  const earliestEnd = asOfMs - (options.months - 12) * 30 * DAY_MS;
  const plan = Array.from({ length: accounts }, () => {
    const endMs = earliestEnd + Math.floor(next() * ((latestEnd - earliestEnd) / DAY_MS)) * DAY_MS;
    const silence = next() < 0.3 ? Math.floor(next() * 45) : Math.floor(next() * 4);
    const utilisation = 0.1 + next() * 0.9;
    const unfollowed = next() < 0.25 ? 1 + Math.floor(next() * 2) : 0;
    const odds = options.signal ? -2.2 + 0.06 * silence + 0.9 * unfollowed - 2.5 * (utilisation - 0.55) : -1.5;
    return { endMs, cutoffMs: endMs - 90 * DAY_MS, silence, utilisation, unfollowed, churned: next() < sigmoid(odds) };
  });

  const files = ['accounts', 'contracts', 'usage', 'surveys'].map((name) => path.join(dir, `${name}.csv`));
  await writeLines(files[0]!, 'account_id,name,industry,employees,owner', accounts, (index) => `${accountId(index)},History ${index},Software,${50 + (index % 400)},csm${index % 12}`);
  // The first contract, and for the renewed a successor starting the day after it ends.
  const renewed = plan.flatMap((entry, index) => (entry.churned ? [] : [index]));
  await writeLines(files[1]!, 'contract_id,account_id,start_date,end_date,arr,currency,seats,status', accounts + renewed.length, (line) => {
    if (line < accounts) {
      const entry = plan[line]!;
      return [`HC-${line}-1`, accountId(line), day(entry.endMs - 364 * DAY_MS), day(entry.endMs), 12_000 + (line % 50) * 1_000, 'USD', seats, entry.churned ? 'churned' : ''].join(',');
    }
    const index = renewed[line - accounts]!;
    const entry = plan[index]!;
    return [`HC-${index}-2`, accountId(index), day(entry.endMs + DAY_MS), day(entry.endMs + 365 * DAY_MS), 12_000 + (index % 50) * 1_000, 'USD', seats, ''].join(',');
  });

  // Usage: logins on active days up to the planted silence before the cut-off; active users follow utilisation.
  let usageRows = 0;
  const usageFile = files[2]!;
  fs.writeFileSync(usageFile, 'account_id,date,logins,active_users\n');
  const pending: string[] = [];
  plan.forEach((entry, index) => {
    const startMs = options.usage === 'daily' ? Math.max(entry.endMs - 364 * DAY_MS, asOfMs - options.months * 30 * DAY_MS) : entry.cutoffMs - 69 * DAY_MS;
    const stopMs = options.usage === 'daily' ? Math.min(entry.churned ? entry.endMs : asOfMs, asOfMs) : entry.cutoffMs;
    const quietFromMs = entry.cutoffMs - entry.silence * DAY_MS;
    for (let ms = startMs; ms <= stopMs; ms += DAY_MS) {
      // Silent from the planted day until the cut-off (after it, the account may come back).
      if (ms > quietFromMs && ms <= entry.cutoffMs) continue;
      const weekday = new Date(ms).getUTCDay();
      if ((weekday === 0 || weekday === 6) && next() < 0.7) continue;
      const users = Math.max(1, Math.round(entry.utilisation * seats * (0.85 + next() * 0.15)));
      pending.push(`${accountId(index)},${day(ms)},${users * 2},${users}`);
      usageRows++;
    }
    if (pending.length > 50_000) fs.appendFileSync(usageFile, `${pending.splice(0).join('\n')}\n`);
  });
  fs.appendFileSync(usageFile, pending.length > 0 ? `${pending.join('\n')}\n` : '');

  // Surveys: a promoter's answer some months back, then the planted detractors nobody followed up.
  const answers = plan.flatMap((entry, index) => [
    { index, at: entry.cutoffMs - 75 * DAY_MS, score: 9, followed: true },
    ...Array.from({ length: entry.unfollowed }, (_, n) => ({ index, at: entry.cutoffMs - (20 + 10 * n) * DAY_MS, score: 3, followed: false })),
  ]);
  await writeLines(files[3]!, 'response_id,account_id,responded_at,kind,score,followed_up_at', answers.length, (line) => {
    const answer = answers[line]!;
    return [`HR-${line}`, accountId(answer.index), day(answer.at), 'nps', answer.score, answer.followed ? day(answer.at + DAY_MS) : ''].join(',');
  });
  return { asOf: HISTORY_AS_OF, files, churned: plan.filter((entry) => entry.churned).length, usageRows };
}
